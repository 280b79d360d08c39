//! Clubs: creating one, finding one, who belongs with which role, invitations, and the
//! club's facilities. Domain code: synchronous functions on a connection, no HTTP.
//!
//! The club registry and memberships live in `shared.db`; a club's own data lives in its
//! sport's file, reached through an [`OrgScope`](crate::db::tenant::OrgScope).

pub mod api_keys;
pub mod clock;
pub mod deletion;
pub mod export;
pub mod invitations;
pub mod members;
pub mod receipts;
pub mod regions;
pub mod sheets;

use crate::db::Conn;
use diesel::prelude::*;

use crate::auth::AccountId;
use crate::db::OrgId;
use crate::db::schema::shared::{memberships, orgs};
use crate::i18n::Text;
use crate::sports::Sport;
use crate::validation::{ActionError, FieldErrors, text_field};

pub use members::Role;

pub const NAME_MAX_CHARS: usize = 100;
pub const SLUG_MAX_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Club {
    pub id: OrgId,
    pub slug: String,
    pub sport: Sport,
    pub name: String,
    /// ISO 3166-2 code of the province or state, e.g. `CA-ON`.
    pub region: String,
    pub created_at: i64,
    /// The owners' choice of time zone; `None`: the region's (see [`clock::zone`]).
    pub time_zone: Option<String>,
    /// In the server's directory (the home page); owners may hide it.
    pub listed: bool,
}

type ClubRow = (
    OrgId,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
);
/// Every column of `orgs`, in the order of `ClubRow`.
const CLUB_COLUMNS: <orgs::table as diesel::Table>::AllColumns = orgs::all_columns;

impl Club {
    /// `None` for a club of a sport this build does not know (its row is kept, not shown).
    fn from_row(
        (id, slug, sport, name, region, created_at, time_zone, listed): ClubRow,
    ) -> Option<Self> {
        Some(Club {
            id,
            slug,
            sport: sport.parse().ok()?,
            name,
            region,
            created_at,
            time_zone,
            listed: listed == 1,
        })
    }
}

/// The create-a-club form, checked against the sports this server runs.
#[derive(Debug, Clone)]
pub struct NewClub {
    pub name: String,
    pub slug: String,
    pub sport: Sport,
    pub region: String,
}

impl NewClub {
    pub fn check(
        name: &str,
        slug: &str,
        sport: &str,
        region: &str,
        sports: &[Sport],
    ) -> Result<Self, ActionError> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
        let slug = slug.trim().to_lowercase();
        if !valid_slug(&slug) {
            errors.add("slug", Text::SlugInvalid);
        }
        let sport = sport.parse::<Sport>().ok().filter(|s| sports.contains(s));
        if sport.is_none() {
            errors.add("sport", Text::FieldInvalidChoice);
        }
        if regions::find(region).is_none() {
            errors.add("region", Text::FieldInvalidChoice);
        }
        match sport {
            Some(sport) if errors.is_empty() => Ok(NewClub {
                name,
                slug,
                sport,
                region: region.to_string(),
            }),
            _ => Err(ActionError::Invalid(errors)),
        }
    }
}

/// A club's settings form, checked: its name, region and time zone (`None`: the region's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClubSettings {
    pub name: String,
    pub region: String,
    pub time_zone: Option<String>,
}

impl ClubSettings {
    pub fn check(name: &str, region: &str, time_zone: &str) -> Result<Self, ActionError> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
        if regions::find(region).is_none() {
            errors.add("region", Text::FieldInvalidChoice);
        }
        let time_zone = match time_zone.trim() {
            "" => None,
            zone if clock::known_zone(zone) => Some(zone.to_string()),
            _ => {
                errors.add("time_zone", Text::ClubTimeZoneUnknown);
                None
            }
        };
        errors.or(ClubSettings {
            name,
            region: region.to_string(),
            time_zone,
        })
    }
}

/// Saves a club's settings.
pub fn update(conn: &mut Conn, club: OrgId, settings: &ClubSettings) -> Result<(), ActionError> {
    let changed = diesel::update(orgs::table.filter(orgs::id.eq(club)))
        .set((
            orgs::name.eq(&settings.name),
            orgs::region.eq(&settings.region),
            orgs::time_zone.eq(&settings.time_zone),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// 3–40 characters: lowercase letters, digits and single hyphens inside.
pub fn valid_slug(slug: &str) -> bool {
    (3..=SLUG_MAX_CHARS).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// Creates the club with `owner` as its owner.
pub fn create(
    conn: &mut Conn,
    owner: AccountId,
    form: &NewClub,
    now: i64,
) -> Result<Club, ActionError> {
    let taken: i64 = orgs::table
        .filter(orgs::slug.eq(&form.slug))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(ActionError::Invalid(FieldErrors::one(
            "slug",
            Text::SlugTaken,
        )));
    }
    let row: ClubRow = diesel::insert_into(orgs::table)
        .values((
            orgs::id.eq(next_org_id(conn)?),
            orgs::slug.eq(&form.slug),
            orgs::sport.eq(form.sport.as_str()),
            orgs::name.eq(&form.name),
            orgs::region.eq(&form.region),
            orgs::created_at.eq(now),
        ))
        .returning(CLUB_COLUMNS)
        .get_result(conn)?;
    diesel::insert_into(memberships::table)
        .values((
            memberships::org_id.eq(row.0),
            memberships::account_id.eq(owner),
            memberships::role.eq(Role::Owner.as_str()),
            memberships::created_at.eq(now),
        ))
        .execute(conn)?;
    Club::from_row(row).ok_or(ActionError::NotFound)
}

/// How far a club job (export, deletion) is, for its progress bar.
fn percent_done(state: &str, done: i64, total: i64) -> i64 {
    match (state, total) {
        ("done", _) => 100,
        (_, 0) => 0,
        (_, total) => (done * 100 / total).clamp(0, 100),
    }
}

/// A new club's id: never one a deleted club had, so an id in an audit record or an old
/// export names one club only. (SQLite alone would hand out a deleted highest id again.)
fn next_org_id(conn: &mut Conn) -> QueryResult<i64> {
    use crate::db::schema::shared::club_deletions;
    let live: Option<i64> = orgs::table.select(diesel::dsl::max(orgs::id)).first(conn)?;
    let deleted: Option<i64> = club_deletions::table
        .select(diesel::dsl::max(club_deletions::club_id))
        .first(conn)?;
    Ok(live.max(deleted).unwrap_or(0) + 1)
}

pub fn by_slug(conn: &mut Conn, slug: &str) -> QueryResult<Option<Club>> {
    let row: Option<ClubRow> = orgs::table
        .filter(orgs::slug.eq(slug))
        .select(CLUB_COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.and_then(Club::from_row))
}

pub fn by_id(conn: &mut Conn, id: OrgId) -> QueryResult<Option<Club>> {
    let row: Option<ClubRow> = orgs::table
        .filter(orgs::id.eq(id))
        .select(CLUB_COLUMNS)
        .first(conn)
        .optional()?;
    Ok(row.and_then(Club::from_row))
}

/// The clubs `account` belongs to, with its role in each, by name.
pub fn of_account(conn: &mut Conn, account: AccountId) -> QueryResult<Vec<(Club, Role)>> {
    let rows: Vec<(ClubRow, String)> = orgs::table
        .inner_join(memberships::table)
        .filter(memberships::account_id.eq(account))
        .order(orgs::name)
        .select((CLUB_COLUMNS, memberships::role))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(row, role)| Some((Club::from_row(row)?, role.parse().ok()?)))
        .collect())
}

/// The club at `slug` and the role of `account` in it — `None` unless they belong to it, so
/// a non-member cannot tell a club they don't belong to from one that doesn't exist.
pub fn membership(
    conn: &mut Conn,
    slug: &str,
    account: AccountId,
) -> QueryResult<Option<(Club, Role)>> {
    let row: Option<(ClubRow, String)> = orgs::table
        .inner_join(memberships::table)
        .filter(orgs::slug.eq(slug))
        .filter(memberships::account_id.eq(account))
        .select((CLUB_COLUMNS, memberships::role))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(row, role)| Some((Club::from_row(row)?, role.parse().ok()?))))
}

diesel::define_sql_function! {
    /// `lower(text)`, which both backends have.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The clubs in the server's directory, by name; `search` (if not blank) must be in the
/// name or the address (case-insensitive for ASCII letters).
pub fn directory(conn: &mut Conn, search: &str) -> QueryResult<Vec<Club>> {
    let mut query = orgs::table
        .filter(orgs::listed.eq(1))
        .select(CLUB_COLUMNS)
        .order(orgs::name)
        .limit(200)
        .into_boxed();
    let search = search.trim();
    if !search.is_empty() {
        // LIKE's own characters are taken literally.
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        // Both sides lowered: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        let pattern = format!("%{}%", escaped.to_lowercase());
        query = query.filter(
            lower(orgs::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(orgs::slug).like(pattern).escape('\\')),
        );
    }
    Ok(query
        .load::<ClubRow>(conn)?
        .into_iter()
        .filter_map(Club::from_row)
        .collect())
}

/// Shows the club in the directory, or hides it.
pub fn set_listed(conn: &mut Conn, club: OrgId, listed: bool) -> QueryResult<usize> {
    diesel::update(orgs::table.filter(orgs::id.eq(club)))
        .set(orgs::listed.eq(i64::from(listed)))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_lowercase_and_hyphenated() {
        for ok in ["ottawa-curling", "rcc", "club-2026"] {
            assert!(valid_slug(ok), "{ok}");
        }
        for bad in [
            "ab",
            "Ottawa",
            "-rcc",
            "rcc-",
            "a--b",
            "club_1",
            "café",
            &"a".repeat(41),
        ] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }
}
