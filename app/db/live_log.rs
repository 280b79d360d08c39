//! The pub/sub log in `live.db`: published fragments, in commit order. An id is never
//! reused (AUTOINCREMENT), so a browser's `Last-Event-ID` always names the same row.

use crate::db::Conn;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::live::live_events;

/// One published fragment.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Row {
    pub id: i64,
    pub topic: String,
    pub event: String,
    pub payload: String,
}

const COLUMNS: (
    live_events::id,
    live_events::topic,
    live_events::event,
    live_events::payload,
) = (
    live_events::id,
    live_events::topic,
    live_events::event,
    live_events::payload,
);

/// Appends rows; returns their ids in order.
pub fn append(conn: &mut Conn, rows: &[(&str, &str, &str)], now: i64) -> QueryResult<Vec<i64>> {
    let ids: Vec<i64> = rows
        .iter()
        .map(|(topic, event, payload)| {
            diesel::insert_into(live_events::table)
                .values((
                    live_events::topic.eq(topic),
                    live_events::event.eq(event),
                    live_events::payload.eq(payload),
                    live_events::created_at.eq(now),
                ))
                .returning(live_events::id)
                .get_result(conn)
        })
        .collect::<QueryResult<_>>()?;
    // On PostgreSQL a trigger wakes the other nodes' tails when this commits.
    Ok(ids)
}

/// The newest id ever given (0 for none), trimmed rows included.
pub fn head(conn: &mut Conn) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Seq {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let query = match conn {
        Conn::Sqlite(_) => {
            "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'live_events'), 0) AS seq"
        }
        Conn::Pg(_) => {
            "SELECT coalesce((SELECT last_value FROM pg_sequences \
             WHERE schemaname = current_schema() AND sequencename = 'live_events_id_seq'), 0) AS seq"
        }
    };
    let seq = diesel::sql_query(query).get_result::<Seq>(conn)?;
    Ok(seq.seq)
}

/// The oldest id still kept, if any.
pub fn oldest(conn: &mut Conn) -> QueryResult<Option<i64>> {
    live_events::table
        .select(diesel::dsl::min(live_events::id))
        .first(conn)
}

/// Every row after `after`, up to `limit`, for every topic (the tail of each process).
pub fn after(conn: &mut Conn, after: i64, limit: i64) -> QueryResult<Vec<Row>> {
    live_events::table
        .filter(live_events::id.gt(after))
        .order(live_events::id)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)
}

/// Rows of `topics` after `after`, up to `limit` (a reconnecting browser's replay).
pub fn replay(conn: &mut Conn, topics: &[String], after: i64, limit: i64) -> QueryResult<Vec<Row>> {
    live_events::table
        .filter(live_events::topic.eq_any(topics))
        .filter(live_events::id.gt(after))
        .order(live_events::id)
        .limit(limit)
        .select(COLUMNS)
        .load(conn)
}

/// Deletes rows older than `before` (unix seconds).
pub fn trim(conn: &mut Conn, before: i64) -> QueryResult<usize> {
    diesel::delete(live_events::table.filter(live_events::created_at.lt(before))).execute(conn)
}
