//! The account page: details, password, and the player profiles the account manages.

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use super::context::{self, SignedIn, session};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, PageContext, paths};
use crate::auth::profiles::{self, ProfileForm, ProfileId};
use crate::auth::{self, AccountId, accounts, passwords, verification};
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
    let (account, profiles) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                accounts::find(conn, account)?,
                profiles::list(conn, account)?,
            ))
        })
        .await?;
    let account = account.ok_or(AppError::NotFound)?;
    Ok(views::account::page(
        ctx,
        &account,
        &profiles,
        rejected_form,
    ))
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
        let given = form.password.clone();
        let checked = stored.clone();
        let right = state
            .hashing
            .run(move |memory| {
                !given.is_empty() && passwords::verify_with(memory, &given, &checked)
            })
            .await?;
        if !right {
            let text = if form.password.is_empty() {
                Text::PasswordNeededForEmail
            } else {
                Text::PasswordWrong
            };
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
    let stored = state
        .dbs
        .shared
        .read(move |conn| accounts::find(conn, account).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)?
        .password_hash()
        .to_string();
    let mut errors = FieldErrors::new();
    if let Err(text) = passwords::check(&form.new_password) {
        errors.add("new_password", text);
    }
    let (current, new, expected) = (
        form.current_password.clone(),
        form.new_password.clone(),
        stored.clone(),
    );
    let valid_new = errors.is_empty();
    let new_hash = state
        .hashing
        .run(move |memory| {
            if passwords::verify_with(memory, &current, &expected) {
                // A new password that is refused anyway is not worth a second hash.
                Some(if valid_new {
                    passwords::hash_with(memory, &new).ok()
                } else {
                    None
                })
            } else {
                None
            }
        })
        .await?;
    let new_hash = match new_hash {
        None => {
            errors.add("current_password", Text::PasswordWrong);
            return Ok(rejected(
                page(state, &ctx, account, Rejected::Password(&errors)).await?,
            ));
        }
        Some(_) if !errors.is_empty() => {
            return Ok(rejected(
                page(state, &ctx, account, Rejected::Password(&errors)).await?,
            ));
        }
        Some(None) => return Err(AppError::internal("the new password could not be hashed")),
        Some(Some(hash)) => hash,
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
