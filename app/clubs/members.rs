//! Roles and memberships: who belongs to a club and what they may do there.

use crate::db::Conn;
use std::fmt;
use std::str::FromStr;

use diesel::prelude::*;

use crate::auth::AccountId;
use crate::db::OrgId;
use crate::db::schema::shared::{accounts, memberships};
use crate::i18n::Text;
use crate::validation::ActionError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Owner,
    Admin,
    Scorekeeper,
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Scorekeeper, Role::Member];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Scorekeeper => "scorekeeper",
            Role::Member => "member",
        }
    }

    /// Owners and admins invite, change roles and remove members.
    pub fn manages_members(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    /// Scorekeepers, admins and owners enter scores.
    pub fn keeps_score(self) -> bool {
        !matches!(self, Role::Member)
    }

    /// Only an owner makes or unmakes owners.
    pub fn may_grant(self, role: Role) -> bool {
        match role {
            Role::Owner => self == Role::Owner,
            _ => self.manages_members(),
        }
    }

    pub fn label(self) -> Text {
        match self {
            Role::Owner => Text::RoleOwner,
            Role::Admin => Text::RoleAdmin,
            Role::Scorekeeper => Text::RoleScorekeeper,
            Role::Member => Text::RoleMember,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

/// One row of a club's member list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub joined_at: i64,
}

pub fn list(conn: &mut Conn, org: OrgId) -> QueryResult<Vec<Member>> {
    let rows: Vec<(AccountId, String, String, String, i64)> = memberships::table
        .inner_join(accounts::table)
        .filter(memberships::org_id.eq(org))
        .order((accounts::name, accounts::id))
        .select((
            accounts::id,
            accounts::name,
            accounts::email,
            memberships::role,
            memberships::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(account_id, name, email, role, joined_at)| {
            Some(Member {
                account_id,
                name,
                email,
                role: role.parse().ok()?,
                joined_at,
            })
        })
        .collect())
}

fn role_of(conn: &mut Conn, org: OrgId, account: AccountId) -> Result<Role, ActionError> {
    let role: String = memberships::table
        .find((org, account))
        .select(memberships::role)
        .first(conn)?;
    role.parse().map_err(|_| ActionError::NotFound)
}

fn owners(conn: &mut Conn, org: OrgId) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::org_id.eq(org))
        .filter(memberships::role.eq(Role::Owner.as_str()))
        .count()
        .get_result(conn)
}

/// `actor` (with role `actor_role`) gives `account` the role `role`.
pub fn change_role(
    conn: &mut Conn,
    org: OrgId,
    actor_role: Role,
    account: AccountId,
    role: Role,
) -> Result<(), ActionError> {
    let current = role_of(conn, org, account)?;
    if !actor_role.may_grant(role) || !actor_role.may_grant(current) {
        return Err(ActionError::Refused(Text::RoleNotAllowed));
    }
    if current == Role::Owner && role != Role::Owner && owners(conn, org)? <= 1 {
        return Err(ActionError::Refused(Text::LastOwner));
    }
    diesel::update(memberships::table.find((org, account)))
        .set(memberships::role.eq(role.as_str()))
        .execute(conn)?;
    Ok(())
}

/// Removes `account` from the club. The last owner stays.
pub fn remove(
    conn: &mut Conn,
    org: OrgId,
    actor_role: Role,
    account: AccountId,
) -> Result<(), ActionError> {
    let current = role_of(conn, org, account)?;
    if !actor_role.may_grant(current) {
        return Err(ActionError::Refused(Text::RoleNotAllowed));
    }
    if current == Role::Owner && owners(conn, org)? <= 1 {
        return Err(ActionError::Refused(Text::LastOwner));
    }
    diesel::delete(memberships::table.find((org, account))).execute(conn)?;
    Ok(())
}

/// Adds `account` with `role`, or leaves an existing membership as it is.
pub fn join(
    conn: &mut Conn,
    org: OrgId,
    account: AccountId,
    role: Role,
    now: i64,
) -> QueryResult<()> {
    crate::per_backend!(conn => diesel::insert_into(memberships::table)
        .values((
            memberships::org_id.eq(org),
            memberships::account_id.eq(account),
            memberships::role.eq(role.as_str()),
            memberships::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn))?;
    Ok(())
}
