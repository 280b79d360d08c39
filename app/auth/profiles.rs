//! Player profiles: the people an account registers — themself, and for example their
//! children — so a family never ends up with duplicate identities.

use crate::db::Conn;
use diesel::prelude::*;

use super::AccountId;
use crate::db::schema::shared::profiles;
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors, text_field};

crate::db::id_type!(
    /// A player profile, in `shared.db`.
    ProfileId
);

pub const NAME_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = profiles)]
pub struct Profile {
    pub id: ProfileId,
    pub account_id: AccountId,
    pub name: String,
    pub birth_year: Option<i64>,
    pub is_self: i64,
    pub created_at: i64,
}

impl Profile {
    pub fn is_self(&self) -> bool {
        self.is_self == 1
    }
}

/// A profile form, checked.
#[derive(Debug, Clone)]
pub struct ProfileForm {
    pub name: String,
    pub birth_year: Option<i64>,
}

impl ProfileForm {
    /// `this_year` bounds the birth year; it is optional.
    pub fn check(name: &str, birth_year: &str, this_year: i64) -> Result<Self, ActionError> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
        let birth_year = match birth_year.trim() {
            "" => None,
            year => match year.parse::<i64>() {
                Ok(y) if (1900..=this_year).contains(&y) => Some(y),
                _ => {
                    errors.add("birth_year", Text::BirthYearInvalid);
                    None
                }
            },
        };
        errors.or(ProfileForm { name, birth_year })
    }
}

pub fn list(conn: &mut Conn, account: AccountId) -> QueryResult<Vec<Profile>> {
    profiles::table
        .filter(profiles::account_id.eq(account))
        .order((profiles::is_self.desc(), profiles::id))
        .select(Profile::as_select())
        .load(conn)
}

/// One of the account's own profiles; another account's profile is "not found".
pub fn find(conn: &mut Conn, account: AccountId, id: ProfileId) -> Result<Profile, ActionError> {
    Ok(profiles::table
        .filter(profiles::account_id.eq(account))
        .filter(profiles::id.eq(id))
        .select(Profile::as_select())
        .first(conn)?)
}

pub fn add(
    conn: &mut Conn,
    account: AccountId,
    form: &ProfileForm,
    now: i64,
) -> Result<Profile, ActionError> {
    Ok(diesel::insert_into(profiles::table)
        .values((
            profiles::account_id.eq(account),
            profiles::name.eq(&form.name),
            profiles::birth_year.eq(form.birth_year),
            profiles::is_self.eq(0),
            profiles::created_at.eq(now),
        ))
        .returning(crate::db::columns_of::<Profile>())
        .get_result(conn)?)
}

pub fn update(
    conn: &mut Conn,
    account: AccountId,
    id: ProfileId,
    form: &ProfileForm,
) -> Result<(), ActionError> {
    let changed = diesel::update(
        profiles::table
            .filter(profiles::account_id.eq(account))
            .filter(profiles::id.eq(id)),
    )
    .set((
        profiles::name.eq(&form.name),
        profiles::birth_year.eq(form.birth_year),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// Removes a profile the account manages. The account's own profile stays.
pub fn remove(conn: &mut Conn, account: AccountId, id: ProfileId) -> Result<(), ActionError> {
    let profile = find(conn, account, id)?;
    if profile.is_self() {
        return Err(ActionError::Refused(Text::ProfileSelfCannotBeRemoved));
    }
    diesel::delete(profiles::table.filter(profiles::id.eq(profile.id))).execute(conn)?;
    Ok(())
}
