//! The account page: details, password, and the player profiles the account manages.

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use super::context::{self, SignedIn, session};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, PageContext, paths};
use crate::auth::profiles::{self, ProfileForm, ProfileId};
use crate::auth::{self, AccountId, accounts, passwords, throttle, verification};
use crate::db::DbError;
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::account::{DetailsForm, PasswordForm, ProfileFormInput, Rejected};

fn this_year() -> i64 {
    1970 + auth::now() / 31_556_952
}

/// Renders the account page, with one of its forms rejected (or none).
async fn page(
    state: &AppState,
    ctx: &PageContext,
    account: AccountId,
    rejected_form: Rejected<'_>,
) -> Result<maud::Markup, AppError> {
    let (account, profiles, calendar) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                accounts::find(conn, account)?,
                profiles::list(conn, account)?,
                crate::auth::feeds::created_at(conn, account)?,
            ))
        })
        .await?;
    let account = account.ok_or(AppError::NotFound)?;
    let since = calendar.and_then(|at| {
        chrono::DateTime::from_timestamp(at, 0).map(|t| t.format("%Y-%m-%d").to_string())
    });
    Ok(views::account::page(
        ctx,
        &account,
        &profiles,
        since.as_deref(),
        rejected_form,
    ))
}

/// Makes the member's calendar address (or replaces it: the old one stops answering) and
/// shows it once.
#[handler]
pub async fn rotate_calendar(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let now = crate::auth::now();
    let token = state
        .dbs
        .shared
        .write(move |conn| crate::auth::feeds::rotate(conn, account, now).map_err(DbError::from))
        .await?;
    let url = format!(
        "{}{}",
        state.public_base(req),
        paths::member_calendar(&token)
    );
    page(state, &ctx, account, Rejected::NewCalendar(&url)).await
}

/// What checking the current password found.
enum Checked<T> {
    Right(T),
    Wrong,
    /// Too many wrong ones: wait.
    Waiting,
}

/// Checks the account's current password as sign-in does: counted against the address's
/// budget before it is looked at (someone holding a stolen session must not guess freely),
/// given back when right. `then` runs on the hasher after a right password (to hash a new
/// one).
async fn current_password<T: Send + 'static>(
    state: &AppState,
    email: &str,
    given: String,
    stored: String,
    then: impl FnOnce(&mut passwords::Memory) -> T + Send + 'static,
) -> Result<Checked<T>, AppError> {
    let budget = throttle::Budget::new(
        throttle::email_key(email),
        throttle::FREE_FAILURES_PER_EMAIL,
    );
    let now = auth::now();
    let counted = budget.clone();
    let taken = state
        .dbs
        .shared
        .write(move |conn| throttle::take_attempt(conn, &[counted], now).map_err(DbError::from))
        .await?;
    if taken.is_err() {
        return Ok(Checked::Waiting);
    }
    let outcome = state
        .hashing
        .run(move |memory| {
            (!given.is_empty() && passwords::verify_with(memory, &given, &stored))
                .then(|| then(memory))
        })
        .await?;
    match outcome {
        Some(value) => {
            state
                .dbs
                .shared
                .write(move |conn| throttle::give_back(conn, &budget).map_err(DbError::from))
                .await?;
            Ok(Checked::Right(value))
        }
        None => Ok(Checked::Wrong),
    }
}

async fn notice(req: &Request, ctx: &PageContext, text: Text) -> Result<(), AppError> {
    context::flash(&session(req)?, Flash::notice(ctx.lang.t(text).to_string())).await
}

#[handler]
pub async fn show(
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    page(state, &ctx, account, Rejected::None).await
}

#[handler]
pub async fn update(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Form(form): Form<DetailsForm>,
) -> Result<Response, AppError> {
    let details = match accounts::Details::check(&form.email, &form.name, &form.lang) {
        Ok(details) => details,
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(
                page(state, &ctx, account, Rejected::Details(&form, &errors)).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let current = state
        .dbs
        .shared
        .read(move |conn| accounts::find(conn, account).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    // A new address needs the current password, checked here; the write makes sure the
    // hash it was checked against is still the account's.
    let mut email_change = None;
    if current.email != details.email {
        let stored = current.password_hash().to_string();
        let text = if form.password.is_empty() {
            Some(Text::PasswordNeededForEmail)
        } else {
            let given = form.password.clone();
            match current_password(state, &current.email, given, stored.clone(), |_| ()).await? {
                Checked::Right(()) => None,
                Checked::Wrong => Some(Text::PasswordWrong),
                Checked::Waiting => Some(Text::SignInThrottled),
            }
        };
        if let Some(text) = text {
            let errors = FieldErrors::one("password", text);
            return Ok(rejected(
                page(state, &ctx, account, Rejected::Details(&form, &errors)).await?,
            ));
        }
        let token = verification::new_token();
        let url = format!(
            "{}{}",
            state.public_base(req),
            paths::verify_email(details.lang, &token, None)
        );
        email_change = Some((stored, verification::Link { token, url }));
    }
    let now = auth::now();
    let lang = details.lang;
    let email = details.email.clone();
    let shown = email_change.as_ref().map(|(_, link)| link.url.clone());
    let outcome = state
        .dbs
        .shared
        .write(move |conn| {
            let change = email_change
                .as_ref()
                .map(|(hash, link)| (hash.as_str(), link));
            accounts::update_details(conn, account, &details, change, now)
        })
        .await;
    match outcome {
        Ok(changed) => {
            let ctx = PageContext { lang, ..ctx };
            let flash = match (changed, shown) {
                (accounts::DetailsChanged::EmailChanged, Some(link))
                    if state.config.smtp_url.is_none() =>
                {
                    Flash {
                        alert: false,
                        text: lang.t(Text::VerifyResentHere).to_string(),
                        link: Some(link),
                    }
                }
                (accounts::DetailsChanged::EmailChanged, _) => {
                    Flash::notice(lang.format(Text::EmailChangedCheck, &[("email", &email)]))
                }
                (accounts::DetailsChanged::Saved, _) => Flash::notice(lang.t(Text::Saved)),
            };
            context::flash(&session(req)?, flash).await?;
            Ok(see_other(&paths::account(ctx.lang)))
        }
        Err(ActionError::Invalid(errors)) => Ok(rejected(
            page(state, &ctx, account, Rejected::Details(&form, &errors)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn change_password(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let current = state
        .dbs
        .shared
        .read(move |conn| accounts::find(conn, account).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = current.password_hash().to_string();
    let mut errors = FieldErrors::new();
    if let Err(text) = passwords::check(&form.new_password) {
        errors.add("new_password", text);
    }
    let new = form.new_password.clone();
    let valid_new = errors.is_empty();
    // A new password that is refused anyway is not worth a second hash.
    let checked = current_password(
        state,
        &current.email,
        form.current_password.clone(),
        stored.clone(),
        move |memory| valid_new.then(|| passwords::hash_with(memory, &new).ok()),
    )
    .await?;
    let new_hash = match checked {
        Checked::Wrong | Checked::Waiting => {
            let text = match checked {
                Checked::Waiting => Text::SignInThrottled,
                _ => Text::PasswordWrong,
            };
            errors.add("current_password", text);
            return Ok(rejected(
                page(state, &ctx, account, Rejected::Password(&errors)).await?,
            ));
        }
        Checked::Right(None) => {
            return Ok(rejected(
                page(state, &ctx, account, Rejected::Password(&errors)).await?,
            ));
        }
        Checked::Right(Some(None)) => {
            return Err(AppError::internal("the new password could not be hashed"));
        }
        Checked::Right(Some(Some(hash))) => hash,
    };
    let now = auth::now();
    let session = session(req)?;
    // Every other session of the account ends; this one stays signed in.
    let keep = session.id().map(|id| id.to_string()).unwrap_or_default();
    match state
        .dbs
        .shared
        .write(move |conn| {
            accounts::set_password_hash(conn, account, &stored, &new_hash, &keep, now)
        })
        .await
    {
        Ok(()) => {
            notice(req, &ctx, Text::PasswordChanged).await?;
            Ok(see_other(&paths::account(ctx.lang)))
        }
        Err(ActionError::Invalid(errors)) => Ok(rejected(
            page(state, &ctx, account, Rejected::Password(&errors)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn add_profile(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Form(form): Form<ProfileFormInput>,
) -> Result<Response, AppError> {
    let outcome = match ProfileForm::check(&form.name, &form.birth_year, this_year()) {
        Ok(checked) => {
            let now = auth::now();
            state
                .dbs
                .shared
                .write(move |conn| profiles::add(conn, account, &checked, now))
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            notice(req, &ctx, Text::ProfileAdded).await?;
            Ok(see_other(&paths::account(ctx.lang)))
        }
        Err(ActionError::Invalid(errors)) => Ok(rejected(
            page(state, &ctx, account, Rejected::NewProfile(&form, &errors)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn edit_profile(
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Path(id): Path<i64>,
) -> Result<maud::Markup, AppError> {
    let profile = state
        .dbs
        .shared
        .read(move |conn| profiles::find(conn, account, ProfileId(id)))
        .await?;
    let form = ProfileFormInput {
        name: profile.name,
        birth_year: profile
            .birth_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
    };
    Ok(views::account::edit_profile(
        &ctx,
        id,
        &form,
        &FieldErrors::new(),
    ))
}

#[handler]
pub async fn update_profile(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Path(id): Path<i64>,
    Form(form): Form<ProfileFormInput>,
) -> Result<Response, AppError> {
    let outcome = match ProfileForm::check(&form.name, &form.birth_year, this_year()) {
        Ok(checked) => {
            state
                .dbs
                .shared
                .write(move |conn| profiles::update(conn, account, ProfileId(id), &checked))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            notice(req, &ctx, Text::Saved).await?;
            Ok(see_other(&paths::account(ctx.lang)))
        }
        Err(ActionError::Invalid(errors)) => Ok(rejected(views::account::edit_profile(
            &ctx, id, &form, &errors,
        ))),
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn remove_profile(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state
        .dbs
        .shared
        .write(move |conn| profiles::remove(conn, account, ProfileId(id)))
        .await?;
    notice(req, &ctx, Text::ProfileRemoved).await?;
    Ok(see_other(&paths::account(ctx.lang)))
}
