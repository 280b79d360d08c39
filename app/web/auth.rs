//! Sign up, confirm the address, sign in, sign out.
//!
//! Sign-up answers the same way whether or not the address already has an account ("check
//! your email"); the new account's owner confirms it with the emailed link, which signs them
//! in, and the owner of an existing account is told someone tried. Both sign-up and sign-in
//! take their throttle attempt before any password is hashed, and hash through the bounded
//! hashers (`auth::hashing`).

use poem::http::StatusCode;
use poem::web::{Data, Form, Path, Query};
use poem::{IntoResponse, Request, Response, handler};

use super::client::Client;
use super::context::{self, FormPage, PageContext, SignedIn, session};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, paths};
use crate::auth::accounts::{self, SignedUp};
use crate::auth::hashing::HashingError;
use crate::auth::throttle::{self, Budget};
use crate::auth::verification::Resent;
use crate::auth::{self, passwords, verification};
use crate::db::DbError;
use crate::i18n::{Lang, Text};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::auth::{SignInForm, SignUpForm};

/// What the page after a sign-up shows (kept in the session for one view).
const SIGN_UP_KEY: &str = "signed_up";
/// The account this browser signed up, until its address is confirmed: only then does the
/// confirmation link sign this browser in.
const CONFIRMING_KEY: &str = "confirming";

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Next {
    next: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SignUpNote {
    email: String,
    /// The confirmation link, when no email leaves this server and the account is new.
    link: Option<String>,
}

/// Where to go after signing in or up: `next` if it is a path on this site, else the clubs
/// page, in the person's own language.
fn after_sign_in(next: &str, lang: Lang) -> String {
    paths::local_next(next, lang).unwrap_or_else(|| paths::clubs(lang))
}

impl From<HashingError> for AppError {
    fn from(e: HashingError) -> Self {
        match e {
            HashingError::Busy(_) => AppError::Busy,
            HashingError::Stopped => AppError::internal(e.to_string()),
        }
    }
}

/// Hashes a new password through the bounded hashers.
pub(super) async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    state
        .hashing
        .run(move |memory| passwords::hash_with(memory, &password))
        .await?
        .map_err(|e| AppError::internal(e.to_string()))
}

/// A page refused for waiting, with `Retry-After`.
fn throttled(page: maud::Markup, wait: i64) -> Response {
    page.with_status(StatusCode::TOO_MANY_REQUESTS)
        .with_header("retry-after", wait.to_string())
        .into_response()
}

fn minutes(wait: i64) -> String {
    ((wait + 59) / 60).max(1).to_string()
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
    let now = auth::now();
    let budget = Budget::new(
        throttle::sign_up_key(&Client::of(req).bucket().to_string()),
        state.config.sign_ups_per_address,
    );
    let counted = budget.clone();
    let taken = state
        .dbs
        .shared
        .write(move |conn| throttle::take_attempt(conn, &[counted], now).map_err(DbError::from))
        .await?;
    if let Err(wait) = taken {
        let errors = FieldErrors::one("", Text::SignUpThrottled);
        return Ok(throttled(views::auth::sign_up(&ctx, &form, &errors), wait));
    }
    // Hashed whether or not the address is taken: both answers take as long. A busy server
    // hashed nothing, so the attempt does not count.
    let hash = match hash_password(state, form.password.clone()).await {
        Ok(hash) => hash,
        Err(AppError::Busy) => {
            state
                .dbs
                .shared
                .write(move |conn| throttle::give_back(conn, &budget).map_err(DbError::from))
                .await?;
            return Err(AppError::Busy);
        }
        Err(e) => return Err(e),
    };
    let token = verification::new_token();
    let next = paths::local_next(&form.next, ctx.lang);
    let base = state.public_base(req);
    let link = verification::Link {
        url: format!(
            "{base}{}",
            paths::verify_email(ctx.lang, &token, next.as_deref())
        ),
        token,
    };
    let sign_in_url = format!("{base}{}", paths::sign_in(ctx.lang));
    let shown = link.url.clone();
    let outcome = state
        .dbs
        .shared
        .write(move |conn| accounts::sign_up(conn, &checked, &hash, &link, &sign_in_url, now))
        .await;
    let session = session(req)?;
    let note = match outcome {
        Ok(SignedUp::New(account)) => {
            session
                .insert(CONFIRMING_KEY, account.id.get())
                .await
                .map_err(|e| AppError::internal(format!("session: {e}")))?;
            SignUpNote {
                email: account.email,
                link: state.config.smtp_url.is_none().then_some(shown),
            }
        }
        Ok(SignedUp::Existing) => SignUpNote {
            email: form.email.trim().to_lowercase(),
            link: None,
        },
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(views::auth::sign_up(&ctx, &form, &errors)));
        }
        Err(e) => return Err(e.into()),
    };
    session
        .insert(SIGN_UP_KEY, note)
        .await
        .map_err(|e| AppError::internal(format!("session: {e}")))?;
    Ok(see_other(&paths::sign_up_sent(ctx.lang)))
}

#[handler]
pub async fn sign_up_sent(req: &Request, ctx: PageContext) -> Result<Response, AppError> {
    let note: Option<SignUpNote> = session(req)?
        .remove(SIGN_UP_KEY)
        .await
        .map_err(|e| AppError::internal(format!("session: {e}")))?;
    match note {
        Some(note) => {
            Ok(views::auth::sign_up_sent(&ctx, &note.email, note.link.as_deref()).into_response())
        }
        // Opened again later: nothing to say but where to go.
        None => Ok(see_other(&paths::sign_in(ctx.lang))),
    }
}

#[handler]
pub async fn verify_page(
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Path(token): Path<String>,
    req: &Request,
) -> Result<Response, AppError> {
    let now = auth::now();
    let lookup = token.clone();
    let found = state
        .dbs
        .shared
        .read(move |conn| verification::pending(conn, &lookup, now))
        .await;
    match found {
        Ok(account) => {
            let action = match req.uri().query() {
                Some(query) => format!("{}?{query}", req.uri().path()),
                None => req.uri().path().to_string(),
            };
            Ok(views::auth::verify(&ctx, &action, &account.name, &account.email).into_response())
        }
        Err(ActionError::NotFound) => Ok(link_gone(&ctx)),
        Err(e) => Err(e.into()),
    }
}

/// A confirmation link that is used, expired or for another address.
fn link_gone(ctx: &PageContext) -> Response {
    views::auth::verify_gone(ctx)
        .with_status(StatusCode::NOT_FOUND)
        .into_response()
}

#[handler]
pub async fn verify(
    req: &Request,
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Path(token): Path<String>,
    Query(next): Query<Next>,
) -> Result<Response, AppError> {
    let now = auth::now();
    let session = session(req)?;
    let lookup = token.clone();
    let account = match state
        .dbs
        .shared
        .read(move |conn| verification::pending(conn, &lookup, now))
        .await
    {
        Ok(account) => account,
        Err(ActionError::NotFound) => return Ok(link_gone(&ctx)),
        Err(e) => return Err(e.into()),
    };
    // The browser that signed the account up (or is signed in to it) is signed in by the
    // link. Anyone else — the address's owner reading an email about an account someone
    // else made in their name — confirms the address, ends the account's sessions, and
    // signs in with the password (or resets it).
    let signed_up_here: Option<i64> = session
        .get(CONFIRMING_KEY)
        .await
        .map_err(|e| AppError::internal(format!("session: {e}")))?;
    let ours = signed_up_here == Some(account.id.get())
        || ctx.viewer.as_ref().is_some_and(|v| v.account == account.id);
    let confirmed = state
        .dbs
        .shared
        .write(move |conn| verification::confirm(conn, &token, !ours, now))
        .await;
    let account = match confirmed {
        Ok(account) => account,
        Err(ActionError::NotFound) => return Ok(link_gone(&ctx)),
        Err(e) => return Err(e.into()),
    };
    let lang = account.lang();
    if !ours {
        context::flash(&session, Flash::notice(lang.t(Text::VerifyDoneSignIn))).await?;
        return Ok(see_other(&paths::sign_in(lang)));
    }
    let _ = session.remove::<i64>(CONFIRMING_KEY).await;
    context::sign_in(&session, account.id).await?;
    context::flash(&session, Flash::notice(lang.t(Text::VerifyDone))).await?;
    Ok(see_other(&after_sign_in(&next.next, lang)))
}

#[handler]
pub async fn resend_verification(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let now = auth::now();
    let token = verification::new_token();
    let link = verification::Link {
        url: format!(
            "{}{}",
            state.public_base(req),
            paths::verify_email(ctx.lang, &token, None)
        ),
        token,
    };
    let shown = link.url.clone();
    let sent = state
        .dbs
        .shared
        .write(move |conn| verification::resend(conn, account, &link, now))
        .await?;
    let email = ctx
        .viewer
        .as_ref()
        .map(|v| v.email.clone())
        .unwrap_or_default();
    let flash = match sent {
        Resent::Sent if state.config.smtp_url.is_none() => Flash {
            alert: false,
            text: ctx.lang.t(Text::VerifyResentHere).to_string(),
            link: Some(shown),
        },
        Resent::Sent => Flash::notice(ctx.lang.format(Text::VerifyResent, &[("email", &email)])),
        Resent::AlreadyConfirmed => Flash::notice(ctx.lang.t(Text::VerifyAlready)),
        Resent::Wait(wait) => Flash::alert(
            ctx.lang
                .format(Text::VerifyResendWait, &[("minutes", &minutes(wait))]),
        ),
    };
    context::flash(&session(req)?, flash).await?;
    Ok(see_other(&back_to(req, ctx.lang)))
}

/// The page the form was on (a same-site Referer), else the account page.
fn back_to(req: &Request, lang: Lang) -> String {
    req.headers()
        .get("referer")
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .and_then(|path| paths::local_next(&path, lang))
        .unwrap_or_else(|| paths::account(lang))
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
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let now = auth::now();
    let budgets = [
        Budget::new(
            throttle::email_key(&form.email),
            throttle::FREE_FAILURES_PER_EMAIL,
        ),
        Budget::new(
            throttle::address_key(&Client::of(req).bucket().to_string()),
            throttle::FREE_FAILURES_PER_ADDRESS,
        ),
    ];
    // The attempt is counted before the password is looked at, in one write: concurrent
    // guesses meet the same budget as guesses in a row.
    let counted = budgets.clone();
    let email = form.email.clone();
    let (taken, account) = state
        .dbs
        .shared
        .write(move |conn| -> Result<_, DbError> {
            let taken = throttle::take_attempt(conn, &counted, now)?;
            let account = match taken {
                Ok(()) => accounts::find_by_email(conn, &email)?,
                Err(_) => None,
            };
            Ok((taken, account))
        })
        .await?;
    if let Err(wait) = taken {
        let page = views::auth::sign_in(&ctx, &form, &FieldErrors::one("", Text::SignInThrottled));
        return Ok(throttled(page, wait));
    }

    let password = form.password.clone();
    let stored = account.as_ref().map(|a| a.password_hash().to_string());
    let verified = state
        .hashing
        .run(move |memory| match stored {
            Some(stored) => passwords::verify_with(memory, &password, &stored),
            None => {
                passwords::verify_nothing(memory, &password);
                false
            }
        })
        .await;
    let valid = match verified {
        Ok(valid) => valid,
        Err(e) => {
            // Busy: the password was never checked, so the attempt does not count.
            let returned = budgets.clone();
            state
                .dbs
                .shared
                .write(move |conn| -> Result<(), DbError> {
                    for budget in &returned {
                        throttle::give_back(conn, budget)?;
                    }
                    Ok(())
                })
                .await?;
            return Err(e.into());
        }
    };

    let account = match account {
        Some(account) if valid => account,
        // The same answer whether the email is unknown or the password wrong.
        _ => {
            let errors = FieldErrors::one("", Text::SignInFailed);
            return Ok(rejected(views::auth::sign_in(&ctx, &form, &errors)));
        }
    };
    let [email_budget, address_budget] = budgets;
    state
        .dbs
        .shared
        .write(move |conn| -> Result<(), DbError> {
            throttle::clear(conn, &email_budget.key)?;
            throttle::give_back(conn, &address_budget)?;
            Ok(())
        })
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
