//! An event's spares: the page (and its live board), asking, availability, and accepting,
//! withdrawing or cancelling a request. Members of the club only.

use std::collections::{HashMap, HashSet};

use poem::http::StatusCode;
use poem::web::{Data, Form};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{self, ClubMember, Flash};
use super::events::{id_param, load_board};
use super::input::FormBody;
use super::respond::see_other;
use super::{AppError, AppState, paths};
use crate::db::{DbError, OrgId};
use crate::i18n::{Lang, Text};
use crate::live::{Message, Topic};
use crate::scoring::board::Board;
use crate::spares::notices::{self, Contact};
use crate::spares::store::{self, Ask, Place};
use crate::spares::{self as domain, Availability, SpareBoard};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::spares::{AskForm, AvailabilityForm, SPARES_CHANGED, SparesPage};

/// What every spares page reads: the event, what the viewer may see of its requests, the
/// people named on it, and the club's members.
struct Loaded {
    board: Board,
    spares: SpareBoard,
    people: HashMap<i64, Contact>,
    members: Vec<(i64, String)>,
}

/// The club's members now: (account, name), by name.
pub(super) async fn club_members(
    state: &AppState,
    org: OrgId,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state
        .dbs
        .shared
        .read(move |conn| crate::clubs::members::list(conn, org).map_err(DbError::from))
        .await?
        .into_iter()
        .map(|m| (m.account_id.0, m.name))
        .collect())
}

/// The account ids of the club's members now.
pub(super) async fn member_ids(state: &AppState, org: OrgId) -> Result<HashSet<i64>, AppError> {
    Ok(club_members(state, org)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

async fn load(state: &AppState, m: &ClubMember, event: i64) -> Result<Loaded, AppError> {
    let board = load_board(state, &m.club, event).await?;
    let members = club_members(state, m.club.id).await?;
    let ids: HashSet<i64> = members.iter().map(|(id, _)| *id).collect();
    let (scope, viewer, now) = (m.scope(), m.account.0, crate::auth::now());
    let for_board = board.clone();
    let spares = state
        .sport_db(m.club.sport)?
        .read(move |conn| store::board_for(conn, &scope, &for_board, viewer, &ids, now))
        .await?;
    let mut named: Vec<i64> = spares.requests.iter().map(|r| r.requester).collect();
    named.extend(spares.requests.iter().filter_map(|r| r.filled_by));
    let org = m.club.id;
    let people = state
        .dbs
        .shared
        .read(move |conn| notices::contacts(conn, org, &named).map_err(DbError::from))
        .await?;
    Ok(Loaded {
        board,
        spares,
        people,
        members,
    })
}

fn live_url(state: &AppState, m: &ClubMember, event: i64) -> String {
    let topic = Topic::Spares {
        org: m.club.id,
        event,
        lang: m.ctx.lang,
    };
    paths::live(&[topic.to_string()], state.hub.head())
}

fn render(
    state: &AppState,
    m: &ClubMember,
    loaded: &Loaded,
    ask: Option<(&AskForm, &FieldErrors)>,
    offer: Option<(&AvailabilityForm, &FieldErrors)>,
    alert: Option<Text>,
) -> maud::Markup {
    let page = SparesPage {
        club: &m.club,
        board: &loaded.board,
        spares: &loaded.spares,
        people: &loaded.people,
        members: &loaded.members,
        viewer: m.account.0,
        live_url: live_url(state, m, loaded.board.event.id),
        now: crate::auth::now(),
        ask,
        offer,
        alert,
    };
    if m.ctx.htmx {
        views::spares::board_fragment(&m.ctx, &page)
    } else {
        views::spares::page(&m.ctx, &page)
    }
}

#[handler]
pub async fn show(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let event = id_param(req, "event")?;
    let loaded = load(state, &m, event).await?;
    Ok(render(state, &m, &loaded, None, None, None))
}

/// Tells every open spares page of the event to fetch its board again.
async fn publish(state: &AppState, org: OrgId, event: i64) {
    let messages = Lang::ALL
        .into_iter()
        .map(|lang| Message {
            topic: Topic::Spares { org, event, lang }.to_string(),
            event: SPARES_CHANGED.to_string(),
            html: String::new(),
        })
        .collect();
    if let Err(e) = state.hub.publish(messages).await {
        tracing::warn!(error = %e, event, "publishing a spares change failed");
    }
}

fn place(state: &AppState, req: &Request, m: &ClubMember) -> Place {
    Place {
        sport: m.club.sport,
        org: m.club.id.0,
        base: state.public_base(req),
    }
}

async fn done(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    event: i64,
    notice: &str,
) -> Result<Response, AppError> {
    publish(state, m.club.id, event).await;
    state.jobs.wake_workers();
    context::flash(&context::session(req)?, Flash::notice(notice)).await?;
    Ok(see_other(&paths::event_spares(
        m.ctx.lang,
        &m.club.slug,
        event,
    )))
}

/// The page again with the refusal on it: 422 for a form to correct, 409 for a state that
/// changed under the member (someone else took the spare first).
async fn refused(
    state: &AppState,
    m: &ClubMember,
    event: i64,
    e: ActionError,
    asked: Option<&AskForm>,
    offered: Option<&AvailabilityForm>,
) -> Result<Response, AppError> {
    let status = match &e {
        ActionError::Refused(_) => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = super::events::form_errors(e)?;
    let loaded = load(state, m, event).await?;
    let (ask, offer, alert) = match (asked, offered) {
        (Some(a), _) => (Some((a, &errors)), None, None),
        (None, Some(o)) => (None, Some((o, &errors)), None),
        // A refused accept, withdrawal or cancellation: said at the top of the board.
        (None, None) => (None, None, errors.first()),
    };
    Ok(render(state, m, &loaded, ask, offer, alert)
        .with_status(status)
        .into_response())
}

#[handler]
pub async fn post_ask(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let form: AskForm = body.parse(m.ctx.lang)?;
    if !m.ctx.viewer.as_ref().is_some_and(|v| v.verified) {
        return Err(AppError::Refused(Text::VerifyNeeded));
    }
    let ask = Ask {
        game: form.game.parse().unwrap_or(0),
        position: form.position.clone(),
        message: form.message.clone(),
        kind: form.kind.clone(),
        invitees: form
            .invitees
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect(),
        allow_duplicate: form.allow_duplicate == "on",
    };
    let board = load_board(state, &m.club, event).await?;
    let members = member_ids(state, m.club.id).await?;
    let (scope, place, who, timing, now) = (
        m.scope(),
        place(state, req, &m),
        m.account.0,
        state.config.spare_timing,
        crate::auth::now(),
    );
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| {
            store::ask(
                conn, &scope, &place, &board, who, &ask, &members, timing, now,
            )
        })
        .await;
    match outcome {
        Ok(_) => done(req, state, &m, event, m.ctx.lang.t(Text::SpareAsked)).await,
        Err(e) => refused(state, &m, event, e, Some(&form), None).await,
    }
}

#[handler]
pub async fn availability(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let form: AvailabilityForm = body.parse(m.ctx.lang)?;
    let mut bad = FieldErrors::new();
    let positions: Vec<_> = form
        .positions
        .iter()
        .map(|p| {
            let read = domain::position(p);
            if read.is_none() {
                bad.add("positions", Text::FieldInvalidChoice);
            }
            read
        })
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    let max_up = form.max_up.parse().unwrap_or(-1);
    if !bad.is_empty() {
        return refused(
            state,
            &m,
            event,
            ActionError::Invalid(bad),
            None,
            Some(&form),
        )
        .await;
    }
    let offer = Availability {
        account: m.account.0,
        positions,
        max_up,
        notes: form.notes.clone(),
        active: form.active == "on",
    };
    let (scope, sport, who, now) = (m.scope(), m.club.sport, m.account.0, crate::auth::now());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| store::set_availability(conn, &scope, sport, event, who, &offer, now))
        .await;
    match outcome {
        Ok(()) => done(req, state, &m, event, m.ctx.lang.t(Text::AvailabilitySaved)).await,
        Err(e) => refused(state, &m, event, e, None, Some(&form)).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ActForm {
    comment: String,
}

/// `accept`, `withdraw`, `cancel`.
#[handler]
pub async fn act(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<ActForm>,
) -> Result<Response, AppError> {
    let (event, request) = (id_param(req, "event")?, id_param(req, "request")?);
    let action = req.raw_path_param("action").unwrap_or_default().to_string();
    if !matches!(action.as_str(), "accept" | "withdraw" | "cancel") {
        return Err(AppError::NotFound);
    }
    if action == "accept" && !m.ctx.viewer.as_ref().is_some_and(|v| v.verified) {
        return Err(AppError::Refused(Text::VerifyNeeded));
    }
    let board = load_board(state, &m.club, event).await?;
    let members = member_ids(state, m.club.id).await?;
    let (scope, place, who, timing, now) = (
        m.scope(),
        place(state, req, &m),
        m.account.0,
        state.config.spare_timing,
        crate::auth::now(),
    );
    let manages = m.role.manages_members();
    let comment = form.comment;
    let verb = action.clone();
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| -> Result<Text, ActionError> {
            let found = store::request(conn, &scope, request)?.ok_or(ActionError::NotFound)?;
            if found.event_id != board.event.id {
                return Err(ActionError::NotFound);
            }
            match verb.as_str() {
                "accept" => {
                    store::accept(conn, &scope, &place, &board, request, who, &members, now)?;
                    Ok(Text::SpareAccepted)
                }
                "withdraw" => {
                    store::withdraw(
                        conn, &scope, &place, &board, request, who, &comment, &members, timing, now,
                    )?;
                    Ok(Text::SpareWithdrawnNotice)
                }
                _ => {
                    store::cancel(conn, &scope, &place, &board, request, who, manages, now)?;
                    Ok(Text::SpareCancelledNotice)
                }
            }
        })
        .await;
    match outcome {
        Ok(text) => done(req, state, &m, event, m.ctx.lang.t(text)).await,
        Err(ActionError::NotFound) => Err(AppError::NotFound),
        Err(e) => refused(state, &m, event, e, None, None).await,
    }
}
