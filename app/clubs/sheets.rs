//! The sheets (curling) or courts (pickleball) of a club, in its sport's file.

use diesel::prelude::*;

use crate::db::tenant::{OrgScope, sheets};
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};

pub const NAME_MAX_CHARS: usize = 40;

/// Maps a failed insert to what the person should hear: a duplicate name is a field error.
pub fn added(e: diesel::result::Error) -> ActionError {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            ActionError::Invalid(FieldErrors::one("name", Text::SheetNameTaken))
        }
        other => other.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Sheet {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub position: i64,
    pub created_at: i64,
}

/// Adds a sheet at the end of the club's list.
pub fn add(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    name: &str,
    now: i64,
) -> QueryResult<Sheet> {
    let position = sheets::of(club)
        .select(diesel::dsl::max(sheets::position))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0)
        + 1;
    sheets::insert(
        club,
        (
            sheets::name.eq(name),
            sheets::position.eq(position),
            sheets::created_at.eq(now),
        ),
    )
    .returning(sheets::all_columns)
    .get_result(conn)
}

/// The club's sheets in order.
pub fn list(conn: &mut SqliteConnection, club: &OrgScope) -> QueryResult<Vec<Sheet>> {
    sheets::of(club)
        .select(sheets::all_columns)
        .order(sheets::position)
        .load(conn)
}

/// Renames one of the club's sheets; another club's sheet id matches nothing.
pub fn rename(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    id: i64,
    name: &str,
) -> QueryResult<usize> {
    diesel::update(sheets::of(club).filter(sheets::id.eq(id)))
        .set(sheets::name.eq(name))
        .execute(conn)
}
