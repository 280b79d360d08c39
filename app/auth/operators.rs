//! Who operates this server: the addresses in `CLUBHOUSE_OPERATORS` and those added with
//! `clubhouse operator add EMAIL`. Never "whoever signed up first": the operator pages show
//! every email the server sent, so a stranger must not get them by being early.
//!
//! An address counts only once its account has confirmed it, so listing an address before
//! its account exists gives nothing to someone else who signs up with it — on a server that
//! sends email. Without `SMTP_URL` the page after sign-up shows the confirmation link to
//! whoever signed up, so there an address should be made an operator only after its owner
//! has signed up (`clubhouse operator add` warns).

use crate::db::Conn;
use diesel::prelude::*;

use super::Account;
use crate::db::schema::shared::operators as o;

/// Whether `account` may see the operator pages: its confirmed address is configured or
/// added. Demo accounts never are.
pub fn is_operator(conn: &mut Conn, account: &Account, configured: &[String]) -> QueryResult<bool> {
    if !account.verified()
        || account
            .email
            .ends_with(&format!("@{}", super::accounts::DEMO_DOMAIN))
    {
        return Ok(false);
    }
    if configured.contains(&account.email) {
        return Ok(true);
    }
    let added: i64 = o::table
        .filter(o::email.eq(&account.email))
        .count()
        .get_result(conn)?;
    Ok(added > 0)
}

/// Adds an address; `false` if it was there already.
pub fn add(conn: &mut Conn, email: &str, now: i64) -> QueryResult<bool> {
    let added = crate::per_backend!(conn => diesel::insert_into(o::table)
        .values((o::email.eq(email), o::added_at.eq(now)))
        .on_conflict_do_nothing()
        .execute(conn))?;
    Ok(added == 1)
}

/// Removes an address; `false` if it was not there.
pub fn remove(conn: &mut Conn, email: &str) -> QueryResult<bool> {
    Ok(diesel::delete(o::table.find(email)).execute(conn)? == 1)
}

/// One added address, with whether an account has confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub email: String,
    pub added_at: i64,
    /// `None`: no account has this address yet; `Some(false)`: not confirmed yet.
    pub confirmed: Option<bool>,
}

/// The added addresses, oldest first.
pub fn list(conn: &mut Conn) -> QueryResult<Vec<Listed>> {
    use crate::db::schema::shared::accounts as a;
    let rows: Vec<(String, i64, Option<i64>, Option<i64>)> = o::table
        .left_join(a::table.on(a::email.eq(o::email)))
        .order((o::added_at, o::email))
        .select((
            o::email,
            o::added_at,
            a::id.nullable(),
            a::email_verified_at.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(email, added_at, account, verified)| Listed {
            email,
            added_at,
            confirmed: account.map(|_| verified.is_some()),
        })
        .collect())
}

/// Whether the server has any operator at all (to tell a fresh server how to make one).
pub fn any(conn: &mut Conn, configured: &[String]) -> QueryResult<bool> {
    if !configured.is_empty() {
        return Ok(true);
    }
    let added: i64 = o::table.count().get_result(conn)?;
    Ok(added > 0)
}
