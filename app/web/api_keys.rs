//! A club's API keys page (owners and admins): make a key (shown once), see each key's use,
//! revoke one at once.

use chrono::NaiveDate;
use poem::web::Data;
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, Flash, session};
use super::events::id_param;
use super::input::FormBody;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::auth;
use crate::clubs::api_keys::{self, NewKey};
use crate::clubs::clock;
use crate::db::DbError;
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::api_keys::{KeyForm, KeysPage};

/// Days of use the page shows.
const USAGE_DAYS: i64 = 14;

async fn page(
    state: &AppState,
    m: &ClubMember,
    form: &KeyForm,
    errors: &FieldErrors,
    new_key: Option<&str>,
) -> Result<maud::Markup, AppError> {
    // Counts still in memory are added first, so the page shows every request.
    state.api.flush(&state.dbs).await;
    let org = m.club.id;
    let since = (chrono::Utc::now() - chrono::Duration::days(USAGE_DAYS - 1))
        .format("%Y-%m-%d")
        .to_string();
    let (keys, usage) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                api_keys::list(conn, org)?,
                api_keys::usage(conn, org, &since)?,
            ))
        })
        .await?;
    Ok(views::api_keys::page(
        &m.ctx,
        &KeysPage {
            club: &m.club,
            keys: &keys,
            usage: &usage,
            form,
            errors,
            new_key,
            now: auth::now(),
        },
    ))
}

#[handler]
pub async fn index(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    page(state, &m, &KeyForm::default(), &FieldErrors::new(), None).await
}

/// The end of `date` on the club's clock (a key made to expire on a day works all that day).
fn expiry(zone: chrono_tz::Tz, text: &str) -> Result<Option<i64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| ())?;
    let next = date.succ_opt().ok_or(())?;
    clock::on(zone, next, chrono::NaiveTime::MIN)
        .first()
        .map(Some)
        .ok_or(())
}

#[handler]
pub async fn create(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let form: KeyForm = body.parse(m.ctx.lang)?;
    let now = auth::now();
    let zone = clock::zone(&m.club);
    let checked = NewKey::check(&form.name, &form.scopes, expiry(zone, &form.expires), now);
    let key = match checked {
        Ok(key) => key,
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(page(state, &m, &form, &errors, None).await?));
        }
        Err(e) => return Err(e.into()),
    };
    let (org, by) = (m.club.id, m.account);
    let (_, secret) = state
        .dbs
        .shared
        .write(move |conn| api_keys::create(conn, org, by, &key, now).map_err(DbError::from))
        .await?;
    tracing::info!(club = %m.club.slug, "api key created");
    // Shown this once, on this answer; nothing keeps it.
    let markup = page(
        state,
        &m,
        &KeyForm::default(),
        &FieldErrors::new(),
        Some(&secret),
    )
    .await?;
    Ok(poem::IntoResponse::into_response(markup))
}

#[handler]
pub async fn revoke(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "key")?;
    let (org, now) = (m.club.id, auth::now());
    state
        .dbs
        .shared
        .write(move |conn| api_keys::revoke(conn, org, id, now))
        .await?;
    context::flash(
        &session(req)?,
        Flash::notice(m.ctx.lang.t(Text::ApiKeyRevoked)),
    )
    .await?;
    Ok(see_other(&paths::api_keys(m.ctx.lang, &m.club.slug)))
}
