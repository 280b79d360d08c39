//! The sheets (curling) or courts (pickleball) of a club, in its sport's file.

use crate::db::Conn;
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
pub fn add(conn: &mut Conn, club: &OrgScope, name: &str, now: i64) -> QueryResult<Sheet> {
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
pub fn list(conn: &mut Conn, club: &OrgScope) -> QueryResult<Vec<Sheet>> {
    sheets::of(club)
        .select(sheets::all_columns)
        .order(sheets::position)
        .load(conn)
}

/// Renames one of the club's sheets; another club's sheet id matches nothing.
pub fn rename(conn: &mut Conn, club: &OrgScope, id: i64, name: &str) -> QueryResult<usize> {
    diesel::update(sheets::of(club).filter(sheets::id.eq(id)))
        .set(sheets::name.eq(name))
        .execute(conn)
}

/// Renames a sheet, checked like a new one: a blank or taken name is a field error.
pub fn rename_checked(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    name: &str,
) -> Result<(), ActionError> {
    let mut errors = FieldErrors::new();
    let name = crate::validation::text_field(&mut errors, "name", name, NAME_MAX_CHARS);
    errors.or(())?;
    match rename(conn, club, id, &name) {
        Ok(0) => Err(ActionError::NotFound),
        Ok(_) => Ok(()),
        Err(e) => Err(added(e)),
    }
}

/// Moves a sheet one place earlier (`up`) or later in the club's list.
pub fn shift(conn: &mut Conn, club: &OrgScope, id: i64, up: bool) -> Result<(), ActionError> {
    let all = list(conn, club)?;
    let at = all
        .iter()
        .position(|s| s.id == id)
        .ok_or(ActionError::NotFound)?;
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    let Some(other) = other.and_then(|o| all.get(o)) else {
        return Ok(()); // already first (or last)
    };
    let mine = &all[at];
    for (sheet, position) in [(mine.id, other.position), (other.id, mine.position)] {
        diesel::update(sheets::of(club).filter(sheets::id.eq(sheet)))
            .set(sheets::position.eq(position))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes a sheet no game uses; one that a game uses is refused with the reason.
pub fn remove(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<(), ActionError> {
    use crate::db::tenant::games;
    let used: i64 = games::of(club)
        .filter(games::sheet_id.eq(id))
        .count()
        .get_result(conn)?;
    if used > 0 {
        return Err(ActionError::Refused(Text::SheetInUse));
    }
    let removed = diesel::delete(sheets::of(club).filter(sheets::id.eq(id))).execute(conn)?;
    if removed == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}
