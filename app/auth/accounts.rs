//! Accounts: sign-up, lookup, and changes to name, email, language and password.

use crate::db::Conn;
use diesel::prelude::*;

use crate::db::schema::shared::{accounts, profiles, sessions};
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
    /// When the owner confirmed the current address (`None`: not yet).
    pub email_verified_at: Option<i64>,
}

impl Account {
    pub fn lang(&self) -> Lang {
        Lang::from_tag(&self.lang).unwrap_or_default()
    }

    /// Whether the owner has confirmed the current address.
    pub fn verified(&self) -> bool {
        self.email_verified_at.is_some()
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

/// What a sign-up did. The page answers both the same way, so sign-up never tells a stranger
/// whether an address has an account.
#[derive(Debug)]
pub enum SignedUp {
    /// A new account, not yet confirmed; its link is on its way.
    New(Account),
    /// The address already had an account; its owner was told (a few times a day at most).
    Existing,
}

/// Notices "someone tried to sign up with your address" per address before waits begin.
const FREE_NOTICES: i64 = 3;

/// Signs up: a new account (unconfirmed) with its own profile and a confirmation link by
/// email; or, when the address is taken, a notice to its owner with links to sign in or
/// reset the password. `sign_in` is the sign-in page's full address, for that notice.
pub fn sign_up(
    conn: &mut Conn,
    form: &SignUp,
    password_hash: &str,
    link: &super::verification::Link,
    sign_in: &str,
    now: i64,
) -> Result<SignedUp, ActionError> {
    if let Some(existing) = find_by_email(conn, &form.email)? {
        let budget =
            super::throttle::Budget::new(format!("notice:{}", existing.email), FREE_NOTICES);
        if super::throttle::take_attempt(conn, &[budget], now)?.is_ok() {
            crate::jobs::relay::push(
                conn,
                &crate::jobs::Job::SendEmail(crate::mail::Email {
                    to: existing.email.clone(),
                    lang: existing.lang.clone(),
                    message: crate::mail::Message::AccountExists {
                        name: existing.name.clone(),
                        sign_in: sign_in.to_string(),
                    },
                }),
            )?;
        }
        return Ok(SignedUp::Existing);
    }
    let account = create(conn, form, password_hash, None, now)?;
    super::verification::send(conn, &account, link, now)?;
    Ok(SignedUp::New(account))
}

/// Creates the account and its own player profile, confirmed at `verified_at` if given (the
/// demo's accounts). An email already in use is a field error.
pub fn create(
    conn: &mut Conn,
    form: &SignUp,
    password_hash: &str,
    verified_at: Option<i64>,
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
            accounts::email_verified_at.eq(verified_at),
        ))
        .returning(crate::db::columns_of::<Account>())
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

fn email_taken(conn: &mut Conn, email: &str, except: Option<AccountId>) -> QueryResult<bool> {
    let owner: Option<AccountId> = accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(conn)
        .optional()?;
    Ok(owner.is_some() && owner != except)
}

pub fn find(conn: &mut Conn, id: AccountId) -> QueryResult<Option<Account>> {
    accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::email.eq(email.trim().to_lowercase()))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// Accounts the demo creates live under this domain (reserved, never deliverable).
pub const DEMO_DOMAIN: &str = "demo.invalid";

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

/// What changing the details did.
#[derive(Debug, PartialEq, Eq)]
pub enum DetailsChanged {
    Saved,
    /// The address changed: it is unconfirmed until the link sent to it is followed.
    EmailChanged,
}

/// Saves name, email and language. A new address needs the current password (the caller
/// checked it against `checked_hash`, which must still be the account's) and becomes
/// unconfirmed: a link goes to it, and a notice to the old one.
pub fn update_details(
    conn: &mut Conn,
    id: AccountId,
    details: &Details,
    email_change: Option<(&str, &super::verification::Link)>,
    now: i64,
) -> Result<DetailsChanged, ActionError> {
    let account = find(conn, id)?.ok_or(ActionError::NotFound)?;
    let new_email = account.email != details.email;
    if new_email {
        let Some((checked_hash, _)) = email_change else {
            return Err(ActionError::Invalid(FieldErrors::one(
                "password",
                Text::PasswordNeededForEmail,
            )));
        };
        if checked_hash != account.password_hash {
            return Err(ActionError::Invalid(FieldErrors::one(
                "password",
                Text::PasswordWrong,
            )));
        }
        // One answer for "taken" whether or not the owner could know: this person is
        // signed in and proved their password, so the field error reveals nothing new.
        if email_taken(conn, &details.email, Some(id))? {
            return Err(ActionError::Invalid(FieldErrors::one(
                "email",
                Text::EmailTaken,
            )));
        }
    }
    diesel::update(accounts::table.find(id))
        .set((
            accounts::email.eq(&details.email),
            accounts::name.eq(&details.name),
            accounts::lang.eq(details.lang.tag()),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    if new_email {
        diesel::update(accounts::table.find(id))
            .set(accounts::email_verified_at.eq(None::<i64>))
            .execute(conn)?;
        // Reset links went to the old address; following one now would confirm the new
        // address without anyone reading its mail.
        use crate::db::schema::shared::password_resets;
        diesel::delete(password_resets::table.filter(password_resets::account_id.eq(id)))
            .execute(conn)?;
        let updated = find(conn, id)?.ok_or(ActionError::NotFound)?;
        if let Some((_, link)) = email_change {
            super::verification::send(conn, &updated, link, now)?;
        }
        crate::jobs::relay::push(
            conn,
            &crate::jobs::Job::SendEmail(crate::mail::Email {
                to: account.email.clone(),
                lang: updated.lang.clone(),
                message: crate::mail::Message::EmailChanged {
                    name: updated.name.clone(),
                    new_email: updated.email.clone(),
                },
            }),
        )?;
    }
    // The person's own profile carries their name.
    diesel::update(
        profiles::table
            .filter(profiles::account_id.eq(id))
            .filter(profiles::is_self.eq(1)),
    )
    .set(profiles::name.eq(&details.name))
    .execute(conn)?;
    Ok(if new_email {
        DetailsChanged::EmailChanged
    } else {
        DetailsChanged::Saved
    })
}

/// Replaces the hash, but only if it is still `expected` (the one the current password was
/// checked against), so two concurrent changes cannot both win silently. Every other session
/// signed in as the account ends (whoever knew the old password is out); `keep` is the
/// session that made the change.
pub fn set_password_hash(
    conn: &mut Conn,
    id: AccountId,
    expected: &str,
    new_hash: &str,
    keep: &str,
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
    diesel::delete(
        sessions::table
            .filter(sessions::account_id.eq(id))
            .filter(sessions::id.ne(keep)),
    )
    .execute(conn)?;
    Ok(())
}
