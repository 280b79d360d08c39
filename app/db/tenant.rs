//! Club (org) scoping of the sport files.
//!
//! Every row of club data in a sport file carries its club's `org_id`. The sport tables are
//! private to `db`; domain code reaches them only through the modules below, whose entry
//! points take an [`OrgScope`] and add the club's condition themselves:
//!
//! ```
//! use clubhouse::db::{Conn, OrgId};
//! use clubhouse::db::tenant::{OrgScope, sheets};
//! use diesel::prelude::*;
//!
//! fn rename_first(conn: &mut Conn, club: &OrgScope) -> QueryResult<usize> {
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
    lsd_stones,
    standing_decisions,
    club_clocks,
    brackets,
    bracket_games,
    bracket_changes,
    calendar_entries,
    team_members,
    spare_availability,
    spare_requests,
    spare_invites,
    spare_notifications,
    booking_rules,
    opening_hours,
    court_bookings,
    court_blocks,
    court_waitlist,
    open_play_sessions,
    open_play_courts,
    open_play_signups,
    open_play_days,
    open_play_places,
    programs,
    registrations,
    webhook_endpoints,
    webhook_messages,
    webhook_deliveries,
);

/// Whole-club operations (export, deletion) that work on every table carrying `org_id`,
/// found from the schema itself so that a table added later is never forgotten.
pub mod whole_club {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use crate::db::Conn;

    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = Text)]
        name: String,
    }

    #[derive(QueryableByName)]
    struct Reference {
        #[diesel(sql_type = Text)]
        from_table: String,
        #[diesel(sql_type = Text)]
        to_table: String,
    }

    /// The tables of `schema` (`main`, or an attached name) with an `org_id` column, each
    /// after every table whose rows point at it: the order to delete in (reverse it to
    /// insert). `schema` is one of the app's own names, never user input.
    pub fn tables(conn: &mut Conn, schema: &str) -> QueryResult<Vec<String>> {
        let names: Vec<String> = match conn {
            Conn::Sqlite(_) => diesel::sql_query(format!(
                "SELECT m.name AS name FROM {schema}.sqlite_master m \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND EXISTS (SELECT 1 FROM pragma_table_info(m.name, '{schema}') WHERE name = 'org_id') \
                 ORDER BY m.name"
            )),
            // PostgreSQL: the schema the connection works in (its `search_path`).
            Conn::Pg(_) => diesel::sql_query(
                "SELECT table_name::text AS name FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND column_name = 'org_id' \
                 ORDER BY table_name",
            ),
        }
        .load::<Name>(conn)?
        .into_iter()
        .map(|n| n.name)
        .collect();
        let references = references(conn, schema)?;
        Ok(children_first(names, &references))
    }

    /// Which table points at which (foreign keys between two tables of `schema`).
    fn references(conn: &mut Conn, schema: &str) -> QueryResult<Vec<Reference>> {
        match conn {
            Conn::Sqlite(_) => diesel::sql_query(format!(
                "SELECT m.name AS from_table, f.\"table\" AS to_table FROM {schema}.sqlite_master m \
                 JOIN pragma_foreign_key_list(m.name, '{schema}') f \
                 WHERE m.type = 'table' AND m.name <> f.\"table\""
            )),
            Conn::Pg(_) => diesel::sql_query(
                "SELECT DISTINCT tc.table_name::text AS from_table, ccu.table_name::text AS to_table \
                 FROM information_schema.table_constraints tc \
                 JOIN information_schema.constraint_column_usage ccu \
                   ON ccu.constraint_name = tc.constraint_name \
                  AND ccu.constraint_schema = tc.constraint_schema \
                 WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() \
                   AND tc.table_name <> ccu.table_name",
            ),
        }
        .load(conn)
    }

    /// `names` (tables of the connection's `main` schema), each after every table whose rows
    /// point at it: the order to empty them in (reverse it to fill them).
    pub fn in_delete_order(conn: &mut Conn, names: Vec<String>) -> QueryResult<Vec<String>> {
        let references = references(conn, "main")?;
        Ok(children_first(names, &references))
    }

    /// Orders `names` so that a table comes before every table it references.
    fn children_first(mut pending: Vec<String>, references: &[Reference]) -> Vec<String> {
        let mut ordered = Vec::with_capacity(pending.len());
        while !pending.is_empty() {
            // A table is next when no other pending table still points at it.
            let next = pending
                .iter()
                .position(|t| {
                    !references
                        .iter()
                        .any(|r| &r.to_table == t && pending.contains(&r.from_table))
                })
                .unwrap_or(0);
            ordered.push(pending.remove(next));
        }
        ordered
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn children_come_before_their_parents() {
            let reference = |from: &str, to: &str| Reference {
                from_table: from.into(),
                to_table: to.into(),
            };
            let refs = [
                reference("games", "events"),
                reference("games", "teams"),
                reference("teams", "events"),
                reference("score_entries", "games"),
            ];
            let names = ["events", "games", "score_entries", "sheets", "teams"]
                .map(String::from)
                .to_vec();
            let order = children_first(names, &refs);
            let at = |t: &str| order.iter().position(|n| n == t).expect("listed");
            assert!(at("score_entries") < at("games"));
            assert!(at("games") < at("teams") && at("teams") < at("events"));
            assert_eq!(order.len(), 5);
        }
    }
}

/// The only reads across clubs: what anyone may see of public events, for the server's
/// home page. Archived and members-only events never appear.
pub mod public {
    use diesel::prelude::*;

    use crate::db::schema::sport::{draws, events, games};
    use crate::db::{Conn, OrgId};

    /// Games in play in public events: (club, event, game), at most `limit`.
    pub fn live_games(conn: &mut Conn, limit: i64) -> QueryResult<Vec<(OrgId, i64, i64)>> {
        games::table
            .inner_join(events::table)
            .filter(games::state.eq("live"))
            .filter(events::public.eq(1))
            .filter(events::archived_at.is_null())
            .filter(games::org_id.eq(events::org_id))
            .select((games::org_id, games::event_id, games::id))
            .order((games::org_id, games::event_id, games::id))
            .limit(limit)
            .load::<(i64, i64, i64)>(conn)
            .map(|rows| rows.into_iter().map(|(o, e, g)| (OrgId(o), e, g)).collect())
    }

    /// Draws of public events starting in `[from, to)`: (club, event, event name, start),
    /// soonest first, at most `limit`.
    pub fn draws_between(
        conn: &mut Conn,
        from: i64,
        to: i64,
        limit: i64,
    ) -> QueryResult<Vec<(OrgId, i64, String, i64)>> {
        draws::table
            .inner_join(events::table)
            .filter(draws::starts_at.ge(from).and(draws::starts_at.lt(to)))
            .filter(events::public.eq(1))
            .filter(events::archived_at.is_null())
            .filter(draws::org_id.eq(events::org_id))
            .select((
                draws::org_id,
                draws::event_id,
                events::name,
                draws::starts_at,
            ))
            .order((draws::starts_at, draws::id))
            .limit(limit)
            .load::<(i64, i64, String, i64)>(conn)
            .map(|rows| {
                rows.into_iter()
                    .map(|(o, e, n, at)| (OrgId(o), e, n, at))
                    .collect()
            })
    }
}
