//! One-time upgrades of a sport file's data, done by the app after its migrations (when a
//! change needs what the schema cannot know, like each club's time zone). Each is named
//! and recorded once done, in the same transaction as its work.

use crate::db::Conn;
use diesel::prelude::*;

use super::schema::sport::upgrades;

/// Whether `name` was done on this file.
pub fn done(conn: &mut Conn, name: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(upgrades::table.find(name))).get_result(conn)
}

/// Records `name` as done.
pub fn mark(conn: &mut Conn, name: &str, now: i64) -> QueryResult<()> {
    crate::per_backend!(conn => diesel::insert_into(upgrades::table)
        .values((upgrades::name.eq(name), upgrades::done_at.eq(now)))
        .on_conflict_do_nothing()
        .execute(conn))?;
    Ok(())
}
