//! Accounts: sign-up, lookup, and changes to name, email, language and password.

use diesel::prelude::*;

use crate::db::schema::shared::{accounts, profiles};
use crate::i18n::{Lang, Text};
use crate::validation::{ActionError, FieldErrors, email_field, text_field};

crate::db::id_type!(
    /// A person's account, in `shared.db`.
    AccountId
);

pub const NAME_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    #[diesel(deserialize_as = String)]
    password_hash: String,
    pub lang: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Account {
    pub fn lang(&self) -> Lang {
        Lang::from_tag(&self.lang).unwrap_or_default()
    }

    pub fn password_hash(&self) -> &str {
        &self.password_hash
    }
}

/// A sign-up form, checked. The password is hashed by the caller (off the async runtime)
/// between `check` and `create`.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

impl SignUp {
    pub fn check(email: &str, name: &str, password: &str, lang: Lang) -> Result<Self, ActionError> {
        let mut errors = FieldErrors::new();
        let email = email_field(&mut errors, "email", email);
        let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
        if let Err(text) = super::passwords::check(password) {
            errors.add("password", text);
        }
        errors.or(SignUp { email, name, lang })
    }
}

/// Creates the account and its own player profile. An email already in use is a field error.
pub fn create(
    conn: &mut SqliteConnection,
    form: &SignUp,
    password_hash: &str,
    now: i64,
) -> Result<Account, ActionError> {
    if email_taken(conn, &form.email, None)? {
        return Err(ActionError::Invalid(FieldErrors::one(
            "email",
            Text::EmailTaken,
        )));
    }
    let account: Account = diesel::insert_into(accounts::table)
        .values((
            accounts::email.eq(&form.email),
            accounts::name.eq(&form.name),
            accounts::password_hash.eq(password_hash),
            accounts::lang.eq(form.lang.tag()),
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .returning(Account::as_returning())
        .get_result(conn)?;
    diesel::insert_into(profiles::table)
        .values((
            profiles::account_id.eq(account.id),
            profiles::name.eq(&form.name),
            profiles::is_self.eq(1),
            profiles::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(account)
}

fn email_taken(
    conn: &mut SqliteConnection,
    email: &str,
    except: Option<AccountId>,
) -> QueryResult<bool> {
    let owner: Option<AccountId> = accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(conn)
        .optional()?;
    Ok(owner.is_some() && owner != except)
}

pub fn find(conn: &mut SqliteConnection, id: AccountId) -> QueryResult<Option<Account>> {
    accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut SqliteConnection, email: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::email.eq(email.trim().to_lowercase()))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// Accounts the demo creates live under this domain (reserved, never deliverable).
pub const DEMO_DOMAIN: &str = "demo.invalid";

/// The first account ever created (not counting the demo's): the operator of a fresh install.
pub fn first_id(conn: &mut SqliteConnection) -> QueryResult<Option<AccountId>> {
    accounts::table
        .filter(accounts::email.not_like(format!("%@{DEMO_DOMAIN}")))
        .select(diesel::dsl::min(accounts::id))
        .first(conn)
}

/// Name, email and language from the account page, checked.
#[derive(Debug, Clone)]
pub struct Details {
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

impl Details {
    pub fn check(email: &str, name: &str, lang: &str) -> Result<Self, ActionError> {
        let mut errors = FieldErrors::new();
        let email = email_field(&mut errors, "email", email);
        let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
        let lang = Lang::from_tag(lang).unwrap_or_else(|| {
            errors.add("lang", Text::FieldInvalidChoice);
            Lang::En
        });
        errors.or(Details { email, name, lang })
    }
}

pub fn update_details(
    conn: &mut SqliteConnection,
    id: AccountId,
    details: &Details,
    now: i64,
) -> Result<(), ActionError> {
    if email_taken(conn, &details.email, Some(id))? {
        return Err(ActionError::Invalid(FieldErrors::one(
            "email",
            Text::EmailTaken,
        )));
    }
    let changed = diesel::update(accounts::table.find(id))
        .set((
            accounts::email.eq(&details.email),
            accounts::name.eq(&details.name),
            accounts::lang.eq(details.lang.tag()),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(ActionError::NotFound);
    }
    // The person's own profile carries their name.
    diesel::update(
        profiles::table
            .filter(profiles::account_id.eq(id))
            .filter(profiles::is_self.eq(1)),
    )
    .set(profiles::name.eq(&details.name))
    .execute(conn)?;
    Ok(())
}

/// Replaces the hash, but only if it is still `expected` (the one the current password was
/// checked against), so two concurrent changes cannot both win silently.
pub fn set_password_hash(
    conn: &mut SqliteConnection,
    id: AccountId,
    expected: &str,
    new_hash: &str,
    now: i64,
) -> Result<(), ActionError> {
    let changed = diesel::update(
        accounts::table
            .find(id)
            .filter(accounts::password_hash.eq(expected)),
    )
    .set((
        accounts::password_hash.eq(new_hash),
        accounts::updated_at.eq(now),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(ActionError::Invalid(FieldErrors::one(
            "current_password",
            Text::PasswordWrong,
        )));
    }
    Ok(())
}
