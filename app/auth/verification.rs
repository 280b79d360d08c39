//! Confirming an account's email address: a single-use link, valid 24 hours, emailed at
//! sign-up and whenever the address changes. Only the token's SHA-256 is stored, with the
//! address it was sent to, so a link for an old address never confirms a new one.
//!
//! Until its address is confirmed an account may sign in and look around, but not register
//! for a program, accept an invitation or receive club email.

use crate::db::Conn;
use diesel::prelude::*;

use super::{Account, AccountId, accounts, throttle, tokens};
use crate::db::DbError;
use crate::db::schema::shared::{accounts as accounts_table, email_verifications as v};
use crate::jobs::{Job, relay};
use crate::mail::{Email, Message};
use crate::validation::ActionError;

pub const VALID_SECS: i64 = 24 * 60 * 60;
/// Links sent again on request per account before waits begin.
pub const FREE_RESENDS: i64 = 3;

/// 256 random bits.
pub fn new_token() -> String {
    tokens::random_hex(32)
}

/// The link a new token goes into: the caller knows the site's address and paths.
pub struct Link {
    pub token: String,
    pub url: String,
}

/// Records a link for the account's current address and queues its email, in the caller's
/// transaction.
pub fn send(conn: &mut Conn, account: &Account, link: &Link, now: i64) -> Result<(), DbError> {
    diesel::insert_into(v::table)
        .values((
            v::token_hash.eq(tokens::digest(&link.token)),
            v::account_id.eq(account.id),
            v::email.eq(&account.email),
            v::created_at.eq(now),
            v::expires_at.eq(now + VALID_SECS),
        ))
        .execute(conn)?;
    relay::push(
        conn,
        &Job::SendEmail(Email {
            to: account.email.clone(),
            lang: account.lang.clone(),
            message: Message::VerifyEmail {
                name: account.name.clone(),
                link: link.url.clone(),
            },
        }),
    )
}

/// What asking for the link again did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resent {
    Sent,
    /// Nothing to confirm: the address is confirmed already.
    AlreadyConfirmed,
    /// Asked too often: try again in this many seconds.
    Wait(i64),
}

/// Sends a fresh link on request, a few times, then only after a growing wait.
pub fn resend(
    conn: &mut Conn,
    account: AccountId,
    link: &Link,
    now: i64,
) -> Result<Resent, ActionError> {
    let account = accounts::find(conn, account)?.ok_or(ActionError::NotFound)?;
    if account.verified() {
        return Ok(Resent::AlreadyConfirmed);
    }
    let budget = throttle::Budget::new(format!("verify:{}", account.id.get()), FREE_RESENDS);
    if let Err(wait) = throttle::take_attempt(conn, &[budget], now)? {
        return Ok(Resent::Wait(wait));
    }
    send(conn, &account, link, now)?;
    Ok(Resent::Sent)
}

/// The account a live link confirms: unused, unexpired, and sent to the account's current
/// address. Anything else is "not found".
pub fn pending(conn: &mut Conn, token: &str, now: i64) -> Result<Account, ActionError> {
    let (account, email): (AccountId, String) = v::table
        .find(tokens::digest(token))
        .filter(v::used_at.is_null())
        .filter(v::expires_at.gt(now))
        .select((v::account_id, v::email))
        .first(conn)?;
    let account = accounts::find(conn, account)?.ok_or(ActionError::NotFound)?;
    if account.email != email {
        return Err(ActionError::NotFound);
    }
    Ok(account)
}

/// Uses the link: the address is confirmed, and every link of the account is spent. With
/// `end_sessions`, every session of the account ends too: the link was opened by someone
/// other than whoever signed the account up, so whoever is signed in to it has not shown
/// that the address is theirs (an account made in someone else's name, waiting for its
/// owner to confirm it).
pub fn confirm(
    conn: &mut Conn,
    token: &str,
    end_sessions: bool,
    now: i64,
) -> Result<Account, ActionError> {
    let account = pending(conn, token, now)?;
    if end_sessions {
        use crate::db::schema::shared::sessions;
        diesel::delete(sessions::table.filter(sessions::account_id.eq(account.id)))
            .execute(conn)?;
    }
    diesel::update(accounts_table::table.find(account.id))
        .set(accounts_table::email_verified_at.eq(now))
        .execute(conn)?;
    diesel::update(
        v::table
            .filter(v::account_id.eq(account.id))
            .filter(v::used_at.is_null()),
    )
    .set(v::used_at.eq(now))
    .execute(conn)?;
    accounts::find(conn, account.id)?.ok_or(ActionError::NotFound)
}

/// Removes links that are used or expired; returns how many.
pub fn sweep(conn: &mut Conn, now: i64) -> QueryResult<usize> {
    diesel::delete(v::table.filter(v::expires_at.le(now).or(v::used_at.is_not_null())))
        .execute(conn)
}
