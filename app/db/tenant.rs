//! Club (org) scoping of the sport files.
//!
//! Every row of club data in a sport file carries its club's `org_id`. The sport tables are
//! private to `db`; domain code reaches them only through the modules below, whose entry
//! points take an [`OrgScope`] and add the club's condition themselves:
//!
//! ```
//! use clubhouse::db::OrgId;
//! use clubhouse::db::tenant::{OrgScope, sheets};
//! use diesel::prelude::*;
//!
//! fn rename_first(conn: &mut SqliteConnection, club: &OrgScope) -> QueryResult<usize> {
//!     let ids: Vec<i64> = sheets::of(club).select(sheets::id).order(sheets::position).load(conn)?;
//!     sheets::insert(club, (sheets::name.eq("A"), sheets::position.eq(1), sheets::created_at.eq(0)))
//!         .execute(conn)?;
//!     diesel::update(sheets::of(club).filter(sheets::id.eq(ids[0])))
//!         .set(sheets::name.eq("B"))
//!         .execute(conn)
//! }
//! ```
//!
//! So a query that forgets the club cannot be written — the bare table does not compile:
//!
//! ```compile_fail,E0603
//! use clubhouse::db::schema::sport::sheets;
//! ```
//!
//! ```compile_fail
//! // The tenant modules re-export columns, never the bare table.
//! let everyone = clubhouse::db::tenant::sheets::table;
//! ```

use super::OrgId;

/// Proof of which club a piece of code works for. Every query on club data takes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgScope {
    org: OrgId,
}

impl OrgScope {
    /// Scopes to `org`. Web code builds this only after checking that the person belongs
    /// to the club; a scope is about *which* club, never about permission.
    pub fn new(org: OrgId) -> Self {
        Self { org }
    }

    pub fn org_id(&self) -> OrgId {
        self.org
    }
}

/// For each tenant table: its columns, `of(scope)` (the table filtered to one club, for
/// select, update and delete) and `insert(scope, values)` (which sets `org_id` itself).
macro_rules! tenant_tables {
    ($($table:ident),* $(,)?) => {$(
        pub mod $table {
            use diesel::prelude::*;
            use diesel::dsl::{Eq, Filter, Values};
            use diesel::query_builder::IncompleteInsertStatement;

            use super::OrgScope;
            use crate::db::OrgId;
            use crate::db::schema::sport::$table as t;

            pub use t::columns::*;
            pub use t::all_columns;

            /// The table, limited to one club's rows.
            pub type Scoped = Filter<t::table, Eq<t::org_id, OrgId>>;

            pub fn of(scope: &OrgScope) -> Scoped {
                t::table.filter(t::org_id.eq(scope.org_id()))
            }

            pub fn insert<V>(
                scope: &OrgScope,
                values: V,
            ) -> Values<IncompleteInsertStatement<t::table>, (Eq<t::org_id, OrgId>, V)>
            where
                (Eq<t::org_id, OrgId>, V): Insertable<t::table>,
            {
                diesel::insert_into(t::table).values((t::org_id.eq(scope.org_id()), values))
            }
        }
    )*};
}

tenant_tables!(
    sheets,
    events,
    teams,
    players,
    draws,
    games,
    score_entries,
    score_changes,
    programs,
    registrations,
);
