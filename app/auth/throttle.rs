//! Sign-in throttling, per account email and per client address, with exponential back-off.
//!
//! A few failures are free; reaching the limit imposes a 30-second wait, and each further
//! failure doubles it, capped at 15 minutes.
//! There is no permanent lock-out: the wait always ends, and a key's count resets a day after
//! its last failure. A successful sign-in clears the email's count.

use diesel::prelude::*;

use crate::db::schema::shared::sign_in_throttles as t;

/// Failures allowed before a wait is imposed.
pub const FREE_FAILURES_PER_EMAIL: i64 = 5;
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;
const FIRST_WAIT_SECS: i64 = 30;
const MAX_WAIT_SECS: i64 = 15 * 60;
const FORGET_AFTER_SECS: i64 = 24 * 60 * 60;

pub fn email_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

/// Password-reset requests per email (each one sends an email: bounded so nobody can flood
/// an inbox through the form).
pub fn reset_key(email: &str) -> String {
    format!("reset:{}", email.trim().to_lowercase())
}

pub const FREE_RESETS_PER_EMAIL: i64 = 3;

pub fn address_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// Seconds to wait before another attempt is allowed for any of `keys` (0 = go ahead).
pub fn wait_secs(conn: &mut SqliteConnection, keys: &[String], now: i64) -> QueryResult<i64> {
    let blocked_until: Option<i64> = t::table
        .filter(t::key.eq_any(keys))
        .select(diesel::dsl::max(t::blocked_until))
        .first(conn)?;
    Ok(blocked_until.map_or(0, |until| (until - now).max(0)))
}

/// Records one failure against `key`, which allows `free` failures before waits begin.
pub fn record_failure(
    conn: &mut SqliteConnection,
    key: &str,
    free: i64,
    now: i64,
) -> QueryResult<()> {
    let previous: Option<(i64, i64)> = t::table
        .find(key)
        .select((t::failures, t::last_failure_at))
        .first(conn)
        .optional()?;
    let failures = match previous {
        Some((n, last)) if now - last < FORGET_AFTER_SECS => n + 1,
        _ => 1,
    };
    let blocked_until = if failures >= free {
        let doublings = (failures - free).min(10) as u32;
        now + (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS)
    } else {
        0
    };
    diesel::replace_into(t::table)
        .values((
            t::key.eq(key),
            t::failures.eq(failures),
            t::last_failure_at.eq(now),
            t::blocked_until.eq(blocked_until),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn clear(conn: &mut SqliteConnection, key: &str) -> QueryResult<()> {
    diesel::delete(t::table.find(key)).execute(conn)?;
    Ok(())
}
