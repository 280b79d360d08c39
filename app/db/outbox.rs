//! The transactional outbox, present in every file that holds accepted data (`shared.db` and
//! each sport file). Domain code writes a row with [`push`] inside the same write closure as
//! the change that causes the work, so both commit or neither does; the relay in
//! `crate::jobs::relay` moves rows into the queue.

use crate::db::Conn;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

/// One row waiting to be relayed.
#[derive(Debug, Clone, QueryableByName)]
pub struct OutboxRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub args: String,
}

/// Records work to do once this transaction commits. `args` is the job's JSON.
pub fn push(conn: &mut Conn, kind: &str, args: &str, now_ms: i64) -> QueryResult<()> {
    crate::db::sql(
        conn,
        "INSERT INTO outbox (kind, args, created_at) VALUES (?, ?, ?)",
    )
    .bind::<Text, _>(kind)
    .bind::<Text, _>(args)
    .bind::<BigInt, _>(now_ms)
    .execute(conn)?;
    Ok(())
}

/// The oldest rows, up to `limit`.
pub fn oldest(conn: &mut Conn, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    crate::db::sql(
        conn,
        "SELECT id, kind, args FROM outbox ORDER BY id LIMIT ?",
    )
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// Deletes rows that are safely in the queue.
pub fn delete_through(conn: &mut Conn, last_id: i64) -> QueryResult<usize> {
    crate::db::sql(conn, "DELETE FROM outbox WHERE id <= ?")
        .bind::<BigInt, _>(last_id)
        .execute(conn)
}
