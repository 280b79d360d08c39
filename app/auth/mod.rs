//! Accounts, passwords, sessions, CSRF tokens, sign-in throttling and player profiles.
//! Domain code: synchronous functions on a connection to `shared.db`, no HTTP.

pub mod accounts;
pub mod csrf;
pub mod feeds;
pub mod hashing;
pub mod operators;
pub mod password_resets;
pub mod passwords;
pub mod profiles;
pub mod session_store;
pub mod throttle;
pub mod tokens;
pub mod verification;

pub use accounts::{Account, AccountId};

/// The session key holding the signed-in account's id.
pub const SESSION_ACCOUNT_KEY: &str = "account";

/// Seconds since the Unix epoch, UTC: how every time is stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Removes expired sessions, and reset and confirmation links that are used or expired;
/// returns how many rows.
pub fn sweep_expired(conn: &mut crate::db::Conn, now: i64) -> diesel::QueryResult<usize> {
    use diesel::prelude::*;

    use crate::db::schema::shared::{password_resets, sessions};
    let sessions =
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?;
    let resets = diesel::delete(
        password_resets::table.filter(
            password_resets::expires_at
                .le(now)
                .or(password_resets::used_at.is_not_null()),
        ),
    )
    .execute(conn)?;
    let confirmations = verification::sweep(conn, now)?;
    Ok(sessions + resets + confirmations)
}
