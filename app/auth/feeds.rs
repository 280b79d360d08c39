//! A member's secret calendar address: one per account, 128 random bits, stored only as its
//! SHA-256. Creating it again replaces the old one, which then answers "not found".

use crate::db::Conn;
use diesel::prelude::*;

use super::AccountId;
use super::tokens::{digest, random_hex};
use crate::db::schema::shared::calendar_tokens;

/// Makes a new token for the account (replacing any old one) and returns it.
pub fn rotate(conn: &mut Conn, account: AccountId, now: i64) -> QueryResult<String> {
    let token = random_hex(16);
    diesel::delete(calendar_tokens::table.filter(calendar_tokens::account_id.eq(account.0)))
        .execute(conn)?;
    diesel::insert_into(calendar_tokens::table)
        .values((
            calendar_tokens::account_id.eq(account.0),
            calendar_tokens::token_hash.eq(digest(&token)),
            calendar_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// When the account's current address was made, if it has one.
pub fn created_at(conn: &mut Conn, account: AccountId) -> QueryResult<Option<i64>> {
    calendar_tokens::table
        .filter(calendar_tokens::account_id.eq(account.0))
        .select(calendar_tokens::created_at)
        .first(conn)
        .optional()
}

/// The account a token belongs to. Anything that is not 32 hex digits is refused before
/// the lookup.
pub fn account_of(conn: &mut Conn, token: &str) -> QueryResult<Option<AccountId>> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(calendar_tokens::table
        .filter(calendar_tokens::token_hash.eq(digest(&token.to_ascii_lowercase())))
        .select(calendar_tokens::account_id)
        .first::<i64>(conn)
        .optional()?
        .map(AccountId))
}
