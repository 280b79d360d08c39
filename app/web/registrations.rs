//! Registrations: the admin's list (live, filtered, as CSV), the member's own list, the
//! receipt, and the actions on one registration (cancel, payment, waitlist order, promote).

use poem::web::{Data, Form, Query};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{self, ClubManager, ClubVisitor, Flash, session};
use super::events::id_param;
use super::programs::{club_mail, publish_later, zone};
use super::respond::see_other;
use super::{AppError, AppState, Redirect, paths};
use crate::db::DbError;
use crate::i18n::Text;
use crate::live::Topic;
use crate::registration::places::{self, Canceller, PaymentForm};
use crate::registration::{self, Filter, export};
use crate::validation::ActionError;
use crate::views;
use crate::views::registrations::{ReceiptPage, RegistrationsPage};

#[handler]
pub async fn index(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Query(filter): Query<Filter>,
) -> Result<Response, AppError> {
    let after = state.hub.head();
    let scope = m.scope();
    let query = filter.clone();
    let (programs, rows) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                registration::list(conn, &scope)?,
                registration::filtered(conn, &scope, &query)?,
            ))
        })
        .await?;
    let topic = Topic::Registrations {
        org: m.club.id,
        lang: m.ctx.lang,
    };
    let page = RegistrationsPage {
        club: &m.club,
        programs: &programs,
        filter: &filter,
        rows: &rows,
        live_url: paths::live(&[topic.to_string()], after),
        zone: zone(&m.club),
    };
    // The live list asks for itself again: answer with the list alone.
    Ok(if m.ctx.htmx {
        views::registrations::registrations_table(&m.ctx, &page).into_response()
    } else {
        views::registrations::registrations(&m.ctx, &page).into_response()
    })
}

#[handler]
pub async fn csv(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Query(filter): Query<Filter>,
) -> Result<Response, AppError> {
    let scope = m.scope();
    let rows = state
        .sport_db(m.club.sport)?
        .read(move |conn| registration::filtered(conn, &scope, &filter).map_err(DbError::from))
        .await?;
    let (lang, zone) = (m.ctx.lang, zone(&m.club));
    let bytes = tokio::task::spawn_blocking(move || export::csv(&rows, lang, zone))
        .await
        .map_err(|e| AppError::internal(format!("CSV export task: {e}")))?
        .map_err(|e| AppError::internal(format!("writing CSV: {e}")))?;
    let name = format!("{}-registrations.csv", m.club.slug);
    Ok(Response::builder()
        .content_type("text/csv; charset=utf-8")
        .header(
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        )
        .header("cache-control", "no-store")
        .body(bytes))
}

/// The signed-in visitor of a club page; the signed-out are sent to sign in.
fn signed_in(visitor: &ClubVisitor) -> poem::Result<crate::auth::AccountId> {
    match &visitor.ctx.viewer {
        Some(viewer) => Ok(viewer.account),
        None => Err(Redirect::to_sign_in(&visitor.ctx).into()),
    }
}

#[handler]
pub async fn mine(
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let account = signed_in(&visitor)?;
    let scope = visitor.scope();
    let rows = state
        .sport_db(visitor.club.sport)?
        .read(move |conn| registration::of_account(conn, &scope, account).map_err(DbError::from))
        .await
        .map_err(AppError::from)?;
    Ok(views::registrations::my_registrations(
        &visitor.ctx,
        &visitor.club,
        &rows,
    ))
}

#[handler]
pub async fn receipt(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let account = signed_in(&visitor)?;
    let id = id_param(req, "registration")?;
    let scope = visitor.scope();
    let found = state
        .sport_db(visitor.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            let Some(r) = registration::registration(conn, &scope, id)? else {
                return Ok(None);
            };
            Ok(registration::program(conn, &scope, r.program_id)?.map(|p| (r, p)))
        })
        .await
        .map_err(AppError::from)?;
    // Someone else's receipt does not exist, unless you run the club.
    let (registration, program) = found
        .filter(|(r, _)| r.account_id == account || visitor.can_manage())
        .ok_or(AppError::NotFound)?;
    let org = visitor.club.id;
    let details = state
        .dbs
        .shared
        .read(move |conn| crate::clubs::receipts::get(conn, org).map_err(DbError::from))
        .await
        .map_err(AppError::from)?;
    Ok(views::registrations::receipt(
        &visitor.ctx,
        &ReceiptPage {
            club: &visitor.club,
            details: &details,
            program: &program,
            registration: &registration,
            zone: zone(&visitor.club),
        },
    ))
}

/// `POST …/registrations/:registration/:action`. The registrant may cancel their own; the
/// rest is for the club's admins.
#[handler]
pub async fn act(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
    Form(payment): Form<PaymentForm>,
) -> poem::Result<Response> {
    let account = signed_in(&visitor)?;
    let id = id_param(req, "registration")?;
    let action = req.raw_path_param("action").unwrap_or_default().to_string();
    let admin = visitor.can_manage();
    // Members may see that the actions exist (403); for anyone else they do not (404).
    if !admin && action != "cancel" {
        return Err(if visitor.role.is_some() {
            AppError::Forbidden
        } else {
            AppError::NotFound
        }
        .into());
    }
    let scope = visitor.scope();
    let mail = club_mail(state, req, &visitor.club);
    let now_ms = crate::jobs::queue::now_ms();
    let done = match action.as_str() {
        "cancel" => Text::RegistrationCancelled,
        "payment" => Text::PaymentSaved,
        "promote" => Text::WaitlistPromoted,
        "up" | "down" => Text::WaitlistMoved,
        _ => return Err(AppError::NotFound.into()),
    };
    let program = state
        .sport_db(visitor.club.sport)?
        .write(move |conn| -> Result<i64, ActionError> {
            match action.as_str() {
                "cancel" => {
                    let by = if admin {
                        Canceller::Admin
                    } else {
                        Canceller::Registrant(account)
                    };
                    places::cancel(conn, &scope, &mail, id, by, now_ms)
                }
                "payment" => places::record_payment(conn, &scope, id, &payment),
                "promote" => places::promote(conn, &scope, &mail, id, now_ms),
                "up" => places::move_in_line(conn, &scope, id, true),
                _ => places::move_in_line(conn, &scope, id, false),
            }
        })
        .await
        .map_err(|e| match e {
            ActionError::Invalid(errors) => {
                AppError::Refused(errors.first().unwrap_or(Text::ErrorInvalidBody))
            }
            other => AppError::from(other),
        })?;
    publish_later(state, &visitor.club, program);
    let lang = visitor.ctx.lang;
    context::flash(&session(req)?, Flash::notice(lang.t(done))).await?;
    let back = req
        .headers()
        .get("referer")
        .and_then(|v| v.to_str().ok())
        .and_then(|r| same_site_path(r, &state.public_base(req)))
        .unwrap_or_else(|| {
            if admin {
                paths::registrations(lang, &visitor.club.slug)
            } else {
                paths::my_registrations(lang, &visitor.club.slug)
            }
        });
    Ok(see_other(&back))
}

/// The path of a same-site referrer (never an open redirect to another host).
fn same_site_path(referer: &str, base: &str) -> Option<String> {
    let path = referer.strip_prefix(base)?;
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}
