//! Throttling with exponential back-off: sign-in per account email and per client address,
//! sign-up per client address, password-reset emails per address.
//!
//! A few attempts are free; reaching the limit imposes a 30-second wait, and each further
//! attempt doubles it, capped at 15 minutes. There is no permanent lock-out: the wait always
//! ends, and a key's count resets a day after its last attempt.
//!
//! An attempt is counted *before* its password is checked, in the same write that checks the
//! wait ([`take_attempt`]): the file's single writer runs those one after another, so twelve
//! simultaneous guesses meet the same budget as twelve in a row. A sign-in that turns out to
//! be right gives its attempt back ([`give_back`]) and clears the email's count.

use crate::db::Conn;
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

/// Sign-ups from one client address (each one hashes a password and may send an email).
pub fn sign_up_key(addr: &str) -> String {
    format!("signup:{addr}")
}

/// A key and the attempts it allows before waits begin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub key: String,
    pub free: i64,
}

impl Budget {
    pub fn new(key: String, free: i64) -> Self {
        Budget { key, free }
    }
}

/// Checks every budget and, if none is waiting, counts one attempt against each — in one
/// transaction, before any password is looked at. `Err(seconds)` when a wait is on.
pub fn take_attempt(conn: &mut Conn, budgets: &[Budget], now: i64) -> QueryResult<Result<(), i64>> {
    let keys: Vec<String> = budgets.iter().map(|b| b.key.clone()).collect();
    let wait = wait_secs(conn, &keys, now)?;
    if wait > 0 {
        return Ok(Err(wait));
    }
    for budget in budgets {
        record_failure(conn, &budget.key, budget.free, now)?;
    }
    Ok(Ok(()))
}

/// Gives back one attempt taken from `budget` (a sign-in that was right), recomputing its
/// wait from what remains.
pub fn give_back(conn: &mut Conn, budget: &Budget) -> QueryResult<()> {
    let previous: Option<(i64, i64)> = t::table
        .find(&budget.key)
        .select((t::failures, t::last_failure_at))
        .first(conn)
        .optional()?;
    let Some((failures, last)) = previous else {
        return Ok(());
    };
    let failures = failures - 1;
    if failures <= 0 {
        return clear(conn, &budget.key);
    }
    diesel::update(t::table.find(&budget.key))
        .set((
            t::failures.eq(failures),
            t::blocked_until.eq(blocked_until(failures, budget.free, last)),
        ))
        .execute(conn)?;
    Ok(())
}

fn blocked_until(failures: i64, free: i64, last: i64) -> i64 {
    if failures >= free {
        let doublings = (failures - free).min(10) as u32;
        last + (FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS)
    } else {
        0
    }
}

/// Seconds to wait before another attempt is allowed for any of `keys` (0 = go ahead).
pub fn wait_secs(conn: &mut Conn, keys: &[String], now: i64) -> QueryResult<i64> {
    let blocked_until: Option<i64> = t::table
        .filter(t::key.eq_any(keys))
        .select(diesel::dsl::max(t::blocked_until))
        .first(conn)?;
    Ok(blocked_until.map_or(0, |until| (until - now).max(0)))
}

/// Records one failure against `key`, which allows `free` failures before waits begin.
pub fn record_failure(conn: &mut Conn, key: &str, free: i64, now: i64) -> QueryResult<()> {
    let previous: Option<(i64, i64)> = t::table
        .find(key)
        .select((t::failures, t::last_failure_at))
        .first(conn)
        .optional()?;
    let failures = match previous {
        Some((n, last)) if now - last < FORGET_AFTER_SECS => n + 1,
        _ => 1,
    };
    let until = blocked_until(failures, free, now);
    crate::per_backend!(conn => diesel::insert_into(t::table)
        .values((
            t::key.eq(key),
            t::failures.eq(failures),
            t::last_failure_at.eq(now),
            t::blocked_until.eq(until),
        ))
        .on_conflict(t::key)
        .do_update()
        .set((
            t::failures.eq(failures),
            t::last_failure_at.eq(now),
            t::blocked_until.eq(until),
        ))
        .execute(conn))?;
    Ok(())
}

pub fn clear(conn: &mut Conn, key: &str) -> QueryResult<()> {
    diesel::delete(t::table.find(key)).execute(conn)?;
    Ok(())
}
