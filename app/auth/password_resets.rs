//! Password-reset links: single use, valid for an hour. The link carries a random token;
//! only its SHA-256 is stored.

use super::{Account, AccountId, accounts, tokens};
use crate::db::Conn;
use crate::db::schema::shared::{accounts as accounts_table, password_resets, sessions};
use crate::validation::ActionError;
use diesel::prelude::*;

pub const VALID_SECS: i64 = 60 * 60;

/// 256 random bits.
pub fn new_token() -> String {
    tokens::random_hex(32)
}

fn hash(token: &str) -> String {
    tokens::digest(token)
}

/// Records a reset link for `account`.
pub fn create(conn: &mut Conn, account: AccountId, token: &str, now: i64) -> QueryResult<()> {
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(hash(token)),
            password_resets::account_id.eq(account),
            password_resets::created_at.eq(now),
            password_resets::expires_at.eq(now + VALID_SECS),
        ))
        .execute(conn)?;
    Ok(())
}

/// The account a live (unused, unexpired) link belongs to.
pub fn account_for(conn: &mut Conn, token: &str, now: i64) -> Result<Account, ActionError> {
    let account: AccountId = password_resets::table
        .find(hash(token))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(password_resets::account_id)
        .first(conn)?;
    accounts::find(conn, account)?.ok_or(ActionError::NotFound)
}

/// Uses the link: sets the new password hash, spends this link and every other one of the
/// account, and ends every session signed in as it (whoever knew the old password is out).
/// A used or expired link is "not found".
pub fn complete(
    conn: &mut Conn,
    token: &str,
    new_hash: &str,
    now: i64,
) -> Result<Account, ActionError> {
    let account = account_for(conn, token, now)?;
    diesel::update(accounts_table::table.find(account.id))
        .set((
            accounts_table::password_hash.eq(new_hash),
            accounts_table::updated_at.eq(now),
        ))
        .execute(conn)?;
    // The link went to the account's address: following it proves the address is theirs.
    diesel::update(
        accounts_table::table
            .find(account.id)
            .filter(accounts_table::email_verified_at.is_null()),
    )
    .set(accounts_table::email_verified_at.eq(now))
    .execute(conn)?;
    diesel::update(
        password_resets::table
            .filter(password_resets::account_id.eq(account.id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::account_id.eq(account.id))).execute(conn)?;
    Ok(account)
}
