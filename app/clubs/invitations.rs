//! One-time invitation links. The link carries a random token; only its SHA-256 is stored,
//! so a leaked database does not leak usable links.

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

/// Records an invitation to join `org` as `role`; returns the token for the link.
pub fn create(
    conn: &mut SqliteConnection,
    org: OrgId,
    by: AccountId,
    by_role: Role,
    role: Role,
    token: &str,
    now: i64,
) -> Result<(), ActionError> {
    if !by_role.may_grant(role) {
        return Err(ActionError::Refused(Text::RoleNotAllowed));
    }
    diesel::insert_into(invitations::table)
        .values((
            invitations::org_id.eq(org),
            invitations::token_hash.eq(hash(token)),
            invitations::role.eq(role.as_str()),
            invitations::created_by.eq(by),
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
}

/// The invitation for `token`, if it exists, is unused and has not expired.
pub fn pending(conn: &mut SqliteConnection, token: &str, now: i64) -> Result<Pending, ActionError> {
    let (id, org, role, expires_at): (i64, OrgId, String, i64) = invitations::table
        .filter(invitations::token_hash.eq(hash(token)))
        .filter(invitations::accepted_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select((
            invitations::id,
            invitations::org_id,
            invitations::role,
            invitations::expires_at,
        ))
        .first(conn)?;
    let slug: String = orgs::table.find(org).select(orgs::slug).first(conn)?;
    let club = super::by_slug(conn, &slug)?.ok_or(ActionError::NotFound)?;
    let role = role.parse().map_err(|_| ActionError::NotFound)?;
    Ok(Pending {
        id,
        club,
        role,
        expires_at,
    })
}

/// Uses the link: `account` joins the club (an existing member keeps their role). The link
/// cannot be used again.
pub fn accept(
    conn: &mut SqliteConnection,
    token: &str,
    account: AccountId,
    now: i64,
) -> Result<Club, ActionError> {
    let invitation = pending(conn, token, now)?;
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
