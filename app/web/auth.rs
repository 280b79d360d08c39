//! Sign up, sign in, sign out.

use poem::http::StatusCode;
use poem::web::{Data, Form, Query, RemoteAddr};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{self, FormPage, PageContext, session};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, paths};
use crate::auth::{self, accounts, passwords, throttle};
use crate::db::DbError;
use crate::i18n::{Lang, Text};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::auth::{SignInForm, SignUpForm};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Next {
    next: String,
}

/// Where to go after signing in or up: `next` if it is a local path, else the clubs page,
/// in the person's own language.
fn after_sign_in(next: &str, lang: Lang) -> String {
    match paths::safe_next(Some(next)) {
        Some(next) => lang.path(Lang::strip(next)),
        None => paths::clubs(lang),
    }
}

/// Hashes a new password on the blocking pool (argon2 is deliberately slow).
pub(super) async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| AppError::internal(format!("hashing thread: {e}")))?
        .map_err(|e| AppError::internal(e.to_string()))
}

#[handler]
pub fn sign_up_page(FormPage(ctx): FormPage, Query(next): Query<Next>) -> maud::Markup {
    let form = SignUpForm {
        next: next.next,
        ..SignUpForm::default()
    };
    views::auth::sign_up(&ctx, &form, &FieldErrors::new())
}

#[handler]
pub async fn sign_up(
    req: &Request,
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Form(form): Form<SignUpForm>,
) -> Result<Response, AppError> {
    let checked = match accounts::SignUp::check(&form.email, &form.name, &form.password, ctx.lang) {
        Ok(checked) => checked,
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(views::auth::sign_up(&ctx, &form, &errors)));
        }
        Err(e) => return Err(e.into()),
    };
    let hash = hash_password(form.password.clone()).await?;
    let now = auth::now();
    let created = state
        .dbs
        .shared
        .write(move |conn| accounts::create(conn, &checked, &hash, now))
        .await;
    let account = match created {
        Ok(account) => account,
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(views::auth::sign_up(&ctx, &form, &errors)));
        }
        Err(e) => return Err(e.into()),
    };
    let session = session(req)?;
    context::sign_in(&session, account.id).await?;
    let lang = account.lang();
    context::flash(
        &session,
        Flash {
            alert: false,
            text: lang.format(Text::WelcomeNew, &[("name", &account.name)]),
            link: None,
        },
    )
    .await?;
    Ok(see_other(&after_sign_in(&form.next, lang)))
}

#[handler]
pub fn sign_in_page(FormPage(ctx): FormPage, Query(next): Query<Next>) -> maud::Markup {
    let form = SignInForm {
        next: next.next,
        ..SignInForm::default()
    };
    views::auth::sign_in(&ctx, &form, &FieldErrors::new())
}

#[handler]
pub async fn sign_in(
    req: &Request,
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    addr: &RemoteAddr,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let now = auth::now();
    let address = addr
        .as_socket_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| addr.to_string());
    let keys = [
        throttle::email_key(&form.email),
        throttle::address_key(&address),
    ];
    let lookup_keys = keys.clone();
    let email = form.email.clone();
    let (wait, account) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                throttle::wait_secs(conn, &lookup_keys, now)?,
                accounts::find_by_email(conn, &email)?,
            ))
        })
        .await?;
    if wait > 0 {
        let page = views::auth::sign_in(&ctx, &form, &FieldErrors::one("", Text::SignInThrottled));
        return Ok(page
            .with_status(StatusCode::TOO_MANY_REQUESTS)
            .with_header("retry-after", wait.to_string())
            .into_response());
    }

    let password = form.password.clone();
    let stored = account.as_ref().map(|a| a.password_hash().to_string());
    let valid = tokio::task::spawn_blocking(move || match stored {
        Some(stored) => passwords::verify(&password, &stored),
        None => {
            passwords::verify_nothing(&password);
            false
        }
    })
    .await
    .map_err(|e| AppError::internal(format!("hashing thread: {e}")))?;

    let account = match account {
        Some(account) if valid => account,
        // The same answer whether the email is unknown or the password wrong.
        _ => {
            let [email_key, address_key] = keys;
            state
                .dbs
                .shared
                .write(move |conn| -> Result<(), DbError> {
                    throttle::record_failure(
                        conn,
                        &email_key,
                        throttle::FREE_FAILURES_PER_EMAIL,
                        now,
                    )?;
                    throttle::record_failure(
                        conn,
                        &address_key,
                        throttle::FREE_FAILURES_PER_ADDRESS,
                        now,
                    )?;
                    Ok(())
                })
                .await?;
            let errors = FieldErrors::one("", Text::SignInFailed);
            return Ok(rejected(views::auth::sign_in(&ctx, &form, &errors)));
        }
    };
    let [email_key, _] = keys;
    state
        .dbs
        .shared
        .write(move |conn| throttle::clear(conn, &email_key).map_err(DbError::from))
        .await?;
    let session = session(req)?;
    context::sign_in(&session, account.id).await?;
    Ok(see_other(&after_sign_in(&form.next, account.lang())))
}

#[handler]
pub async fn sign_out(req: &Request, ctx: PageContext) -> Result<Response, AppError> {
    context::sign_out(&session(req)?).await?;
    Ok(see_other(&paths::home(ctx.lang)))
}
