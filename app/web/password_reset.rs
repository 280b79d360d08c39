//! Forgotten passwords: ask for a link by email, then set a new password with it. The answer
//! to the request is the same whether or not the address has an account.

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use super::context::{self, FormPage, session};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, paths};
use crate::auth::{self, accounts, password_resets, passwords, throttle};
use crate::db::DbError;
use crate::i18n::Text;
use crate::jobs::relay;
use crate::mail::{Email, Message};
use crate::validation::{ActionError, FieldErrors, email_field};
use crate::views;
use crate::views::auth::{NewPasswordForm, ResetRequestForm};

#[handler]
pub fn request_page(FormPage(ctx): FormPage) -> maud::Markup {
    views::auth::reset_request(
        &ctx,
        &ResetRequestForm::default(),
        &FieldErrors::new(),
        false,
    )
}

#[handler]
pub async fn request(
    req: &Request,
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Form(form): Form<ResetRequestForm>,
) -> Result<maud::Markup, AppError> {
    let mut errors = FieldErrors::new();
    let email = email_field(&mut errors, "email", &form.email);
    if !errors.is_empty() {
        return Ok(views::auth::reset_request(&ctx, &form, &errors, false));
    }
    let token = password_resets::new_token();
    let link = format!(
        "{}{}",
        state.public_base(req),
        paths::password_reset(ctx.lang, &token)
    );
    let now = auth::now();
    // The link and its email are written together: both happen, or neither.
    state
        .dbs
        .shared
        .write(move |conn| -> Result<(), DbError> {
            let Some(account) = accounts::find_by_email(conn, &email)? else {
                return Ok(());
            };
            // A few requests per address, then a growing wait; the answer stays the same.
            let budget =
                throttle::Budget::new(throttle::reset_key(&email), throttle::FREE_RESETS_PER_EMAIL);
            if throttle::take_attempt(conn, &[budget], now)?.is_err() {
                return Ok(());
            }
            password_resets::create(conn, account.id, &token, now)?;
            let message = Message::PasswordReset {
                name: account.name.clone(),
                link,
            };
            relay::push(
                conn,
                &crate::jobs::Job::SendEmail(Email {
                    to: account.email.clone(),
                    lang: account.lang,
                    message,
                }),
            )
        })
        .await?;
    Ok(views::auth::reset_request(
        &ctx,
        &form,
        &FieldErrors::new(),
        true,
    ))
}

#[handler]
pub async fn reset_page(
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Path(token): Path<String>,
) -> Result<maud::Markup, AppError> {
    let now = auth::now();
    let lookup = token.clone();
    state
        .dbs
        .shared
        .read(move |conn| password_resets::account_for(conn, &lookup, now))
        .await?;
    Ok(views::auth::new_password(&ctx, &token, &FieldErrors::new()))
}

#[handler]
pub async fn reset(
    req: &Request,
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Path(token): Path<String>,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    if let Err(text) = passwords::check(&form.password) {
        return Ok(rejected(views::auth::new_password(
            &ctx,
            &token,
            &FieldErrors::one("password", text),
        )));
    }
    // A dead link costs no hash: look it up first.
    let now = auth::now();
    let lookup = token.clone();
    state
        .dbs
        .shared
        .read(move |conn| password_resets::account_for(conn, &lookup, now))
        .await?;
    let hash = super::auth::hash_password(state, form.password.clone()).await?;
    let used = token.clone();
    match state
        .dbs
        .shared
        .write(move |conn| password_resets::complete(conn, &used, &hash, now))
        .await
    {
        Ok(_) => {
            let text = ctx.lang.t(Text::PasswordResetDone).to_string();
            context::flash(&session(req)?, Flash::notice(text)).await?;
            Ok(see_other(&paths::sign_in(ctx.lang)))
        }
        Err(ActionError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}
