//! Accounts, passwords, sessions, CSRF tokens, sign-in throttling and player profiles.
//! Domain code: synchronous functions on a connection to `shared.db`, no HTTP.

pub mod accounts;
pub mod csrf;
pub mod passwords;
pub mod profiles;
pub mod session_store;
pub mod throttle;

pub use accounts::{Account, AccountId};

/// Seconds since the Unix epoch, UTC: how every time is stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
