//! One-time invitation links. The link carries a random token; only its SHA-256 is stored,
//! so a leaked database does not leak usable links.
//!
//! A link emailed to an address is for that address: only an account that has confirmed it
//! may accept. A link made to be handed over by other means (no address) is for whoever
//! holds it, once. Either way the accepting account must have confirmed its own address.

use crate::db::Conn;
use diesel::prelude::*;

use super::{Club, Role, members};
use crate::auth::{AccountId, tokens};
use crate::db::OrgId;
use crate::db::schema::shared::{invitations, orgs};
use crate::i18n::Text;
use crate::validation::ActionError;

/// How long a link stays valid.
pub const VALID_SECS: i64 = 14 * 24 * 60 * 60;

/// 192 random bits.
pub fn new_token() -> String {
    tokens::random_hex(24)
}

fn hash(token: &str) -> String {
    tokens::digest(token)
}

/// An invitation about to be made: to `org` as `role`, by someone who is `by_role` there,
/// emailed to `email` (and then for that address only) or handed over by other means.
pub struct NewInvitation<'a> {
    pub org: OrgId,
    pub by: AccountId,
    pub by_role: Role,
    pub role: Role,
    pub email: Option<&'a str>,
}

/// Records an invitation whose link carries `token`.
pub fn create(
    conn: &mut Conn,
    new: &NewInvitation<'_>,
    token: &str,
    now: i64,
) -> Result<(), ActionError> {
    if !new.by_role.may_grant(new.role) {
        return Err(ActionError::Refused(Text::RoleNotAllowed));
    }
    diesel::insert_into(invitations::table)
        .values((
            invitations::org_id.eq(new.org),
            invitations::token_hash.eq(hash(token)),
            invitations::role.eq(new.role.as_str()),
            invitations::email.eq(new.email),
            invitations::created_by.eq(new.by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(now + VALID_SECS),
        ))
        .execute(conn)?;
    Ok(())
}

/// A pending invitation as the invited person sees it.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub club: Club,
    pub role: Role,
    pub expires_at: i64,
    /// The address it was emailed to, which alone may accept it.
    pub email: Option<String>,
}

/// The invitation for `token`, if it exists, is unused and has not expired. A link that
/// was used, or has expired or was withdrawn, is refused with a message saying which.
pub fn pending(conn: &mut Conn, token: &str, now: i64) -> Result<Pending, ActionError> {
    type Row = (i64, OrgId, String, i64, Option<String>, Option<i64>);
    let (id, org, role, expires_at, email, accepted_at): Row = invitations::table
        .filter(invitations::token_hash.eq(hash(token)))
        .select((
            invitations::id,
            invitations::org_id,
            invitations::role,
            invitations::expires_at,
            invitations::email,
            invitations::accepted_at,
        ))
        .first(conn)?;
    if accepted_at.is_some() {
        return Err(ActionError::Refused(Text::InvitationUsed));
    }
    if expires_at <= now {
        return Err(ActionError::Refused(Text::InvitationExpired));
    }
    let slug: String = orgs::table.find(org).select(orgs::slug).first(conn)?;
    let club = super::by_slug(conn, &slug)?.ok_or(ActionError::NotFound)?;
    let role = role.parse().map_err(|_| ActionError::NotFound)?;
    Ok(Pending {
        id,
        club,
        role,
        expires_at,
        email,
    })
}

/// An invitation not yet used or expired, as the club's managers see it.
#[derive(Debug, Clone)]
pub struct Outstanding {
    pub id: i64,
    pub role: Role,
    /// Emailed to; `None` for a link handed over by other means.
    pub email: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The club's invitations still waiting to be used, newest first.
pub fn outstanding(conn: &mut Conn, org: OrgId, now: i64) -> QueryResult<Vec<Outstanding>> {
    let rows: Vec<(i64, String, Option<String>, i64, i64)> = invitations::table
        .filter(invitations::org_id.eq(org))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .order(invitations::id.desc())
        .select((
            invitations::id,
            invitations::role,
            invitations::email,
            invitations::created_at,
            invitations::expires_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, role, email, created_at, expires_at)| {
            Some(Outstanding {
                id,
                role: role.parse().ok()?,
                email,
                created_at,
                expires_at,
            })
        })
        .collect())
}

/// Withdraws an unused invitation of `org` (it then says it is no longer valid). Only
/// someone who could have made it may withdraw it.
pub fn revoke(
    conn: &mut Conn,
    org: OrgId,
    by_role: Role,
    id: i64,
    now: i64,
) -> Result<(), ActionError> {
    let role: String = invitations::table
        .filter(invitations::org_id.eq(org))
        .filter(invitations::id.eq(id))
        .filter(invitations::accepted_at.is_null())
        .select(invitations::role)
        .first(conn)?;
    let role: Role = role.parse().map_err(|_| ActionError::NotFound)?;
    if !by_role.may_grant(role) {
        return Err(ActionError::Refused(Text::RoleNotAllowed));
    }
    diesel::update(invitations::table.find(id))
        .set(invitations::expires_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Why the account at `email` (confirmed or not) may not accept `invitation`, if it may not.
pub fn refusal(invitation: &Pending, email: &str, confirmed: bool) -> Option<Text> {
    if !confirmed {
        return Some(Text::VerifyNeeded);
    }
    match &invitation.email {
        Some(invited) if invited != email => Some(Text::InvitationOtherAddress),
        _ => None,
    }
}

/// Uses the link: `account` joins the club (an existing member keeps their role). The link
/// cannot be used again.
pub fn accept(
    conn: &mut Conn,
    token: &str,
    account: AccountId,
    now: i64,
) -> Result<Club, ActionError> {
    let invitation = pending(conn, token, now)?;
    let person = crate::auth::accounts::find(conn, account)?.ok_or(ActionError::NotFound)?;
    if let Some(text) = refusal(&invitation, &person.email, person.verified()) {
        return Err(ActionError::Refused(text));
    }
    let used = diesel::update(
        invitations::table
            .find(invitation.id)
            .filter(invitations::accepted_at.is_null()),
    )
    .set((
        invitations::accepted_by.eq(account),
        invitations::accepted_at.eq(now),
    ))
    .execute(conn)?;
    if used == 0 {
        return Err(ActionError::NotFound);
    }
    members::join(conn, invitation.club.id, account, invitation.role, now)?;
    Ok(invitation.club)
}
