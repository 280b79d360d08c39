//! A club's webhook endpoints (owners and admins): add one, change its address or events,
//! rotate its secret, read its delivery log, send a message again, remove it.

use poem::web::Data;
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, Flash, session};
use super::events::id_param;
use super::input::FormBody;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::auth;
use crate::db::DbError;
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::club_webhooks::{EndpointPage, HookForm};
use crate::webhooks::{self, EndpointForm, delivery};

/// Attempts the endpoint's page lists.
const LOG_LENGTH: i64 = 50;

async fn list_page(
    state: &AppState,
    m: &ClubMember,
    form: &HookForm,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let scope = m.scope();
    let endpoints = state
        .sport_db(m.club.sport)?
        .read(move |conn| webhooks::endpoints(conn, &scope).map_err(DbError::from))
        .await?;
    Ok(views::club_webhooks::list(
        &m.ctx, &m.club, &endpoints, form, errors,
    ))
}

#[handler]
pub async fn index(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    list_page(state, &m, &HookForm::default(), &FieldErrors::new()).await
}

#[handler]
pub async fn create(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let form: HookForm = body.parse(m.ctx.lang)?;
    let allow = state.config.webhook_allow_private;
    let checked = match EndpointForm::check(&form.url, &form.types, allow) {
        Ok(checked) => checked,
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(list_page(state, &m, &form, &errors).await?));
        }
        Err(e) => return Err(e.into()),
    };
    let (scope, by, now) = (m.scope(), m.account.0, auth::now());
    let created = state
        .sport_db(m.club.sport)?
        .write(move |conn| webhooks::create(conn, &scope, &checked, by, now))
        .await;
    let id = match created {
        Ok(id) => id,
        Err(ActionError::Refused(text)) => {
            let errors = FieldErrors::one("", text);
            return Ok(rejected(list_page(state, &m, &form, &errors).await?));
        }
        Err(e) => return Err(e.into()),
    };
    context::flash(
        &session(req)?,
        Flash::notice(m.ctx.lang.t(Text::WebhookAdded)),
    )
    .await?;
    Ok(see_other(&paths::webhook(m.ctx.lang, &m.club.slug, id)))
}

async fn endpoint_page(
    state: &AppState,
    m: &ClubMember,
    id: i64,
    form: Option<&HookForm>,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let scope = m.scope();
    let (endpoint, deliveries) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                webhooks::endpoint(conn, &scope, id)?,
                webhooks::deliveries(conn, &scope, id, LOG_LENGTH)?,
            ))
        })
        .await?;
    let endpoint = endpoint.ok_or(AppError::NotFound)?;
    let shown = form.cloned().unwrap_or_else(|| HookForm::of(&endpoint));
    Ok(views::club_webhooks::endpoint(
        &m.ctx,
        &EndpointPage {
            club: &m.club,
            endpoint: &endpoint,
            deliveries: &deliveries,
            form: &shown,
            errors,
            now: auth::now(),
        },
    ))
}

#[handler]
pub async fn show(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let id = id_param(req, "endpoint")?;
    endpoint_page(state, &m, id, None, &FieldErrors::new()).await
}

#[handler]
pub async fn update(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let id = id_param(req, "endpoint")?;
    let form: HookForm = body.parse(m.ctx.lang)?;
    let allow = state.config.webhook_allow_private;
    let checked = match EndpointForm::check(&form.url, &form.types, allow) {
        Ok(checked) => checked,
        Err(ActionError::Invalid(errors)) => {
            return Ok(rejected(
                endpoint_page(state, &m, id, Some(&form), &errors).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let scope = m.scope();
    state
        .sport_db(m.club.sport)?
        .write(move |conn| webhooks::update(conn, &scope, id, &checked))
        .await?;
    context::flash(
        &session(req)?,
        Flash::notice(m.ctx.lang.t(Text::WebhookSaved)),
    )
    .await?;
    Ok(see_other(&paths::webhook(m.ctx.lang, &m.club.slug, id)))
}

#[handler]
pub async fn act(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "endpoint")?;
    let (scope, now) = (m.scope(), auth::now());
    let db = state.sport_db(m.club.sport)?;
    let lang = m.ctx.lang;
    let (done, back) = match req.raw_path_param("action") {
        Some("rotate") => {
            db.write(move |conn| webhooks::rotate(conn, &scope, id, now))
                .await?;
            (Text::WebhookRotated, paths::webhook(lang, &m.club.slug, id))
        }
        Some("remove") => {
            db.write(move |conn| webhooks::remove(conn, &scope, id))
                .await?;
            (Text::WebhookRemoved, paths::webhooks(lang, &m.club.slug))
        }
        _ => return Err(AppError::NotFound),
    };
    context::flash(&session(req)?, Flash::notice(lang.t(done))).await?;
    Ok(see_other(&back))
}

#[handler]
pub async fn redeliver(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "endpoint")?;
    let message = id_param(req, "message")?;
    let scope = m.scope();
    let known = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<bool, DbError> {
            Ok(webhooks::endpoint(conn, &scope, id)?.is_some()
                && webhooks::message_exists(conn, &scope, message)?)
        })
        .await?;
    if !known {
        return Err(AppError::NotFound);
    }
    delivery::redeliver(&state.jobs, m.club.id, id, message).await?;
    context::flash(
        &session(req)?,
        Flash::notice(m.ctx.lang.t(Text::WebhookRedelivering)),
    )
    .await?;
    Ok(see_other(&paths::webhook(m.ctx.lang, &m.club.slug, id)))
}
