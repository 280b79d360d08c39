//! Events: the list, creating one, the public event page and TV display, and the setup
//! page with its teams, draws and games (added, and draws moved or deleted).

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, ClubVisitor};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, Redirect, paths};
use crate::auth;
use crate::clubs::clock::{self, Instant};
use crate::clubs::{Club, sheets};
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::i18n::Text;
use crate::live::{Topic, scoreboards};
use crate::scoring::board::{self, Board};
use crate::scoring::setup::{self, EventForm, NewEvent};
use crate::scoring::{Event, edit};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::scoreboard::{EventPage, EventSections};
use crate::views::setup::{DrawForm, GameForm, ManagePage, SetupForm, TeamForm};

/// A numeric id from the path; anything else is "no such page".
pub fn id_param(req: &Request, name: &str) -> Result<i64, AppError> {
    req.raw_path_param(name)
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// Whether the visitor may watch `event`; a members-only event is sent to sign-in for the
/// signed-out and does not exist for others.
pub fn check_visible(visitor: &ClubVisitor, event: &Event) -> poem::Result<()> {
    check_audience(visitor, event.public)
}

fn check_audience(visitor: &ClubVisitor, public: bool) -> poem::Result<()> {
    if public || visitor.role.is_some() {
        Ok(())
    } else if visitor.ctx.viewer.is_none() {
        Err(Redirect::to_sign_in(&visitor.ctx).into())
    } else {
        Err(AppError::NotFound.into())
    }
}

#[handler]
pub async fn index(
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let scope = visitor.scope();
    let mut events = state
        .sport_db(visitor.club.sport)?
        .read(move |conn| board::events(conn, &scope).map_err(DbError::from))
        .await?;
    if visitor.role.is_none() {
        events.retain(|e| e.public);
    }
    Ok(views::setup::events(
        &visitor.ctx,
        &visitor.club,
        &events,
        visitor.can_manage(),
        &EventForm::defaults(),
        &FieldErrors::new(),
    ))
}

#[handler]
pub async fn create(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<EventForm>,
) -> Result<Response, AppError> {
    let db = state.sport_db(m.club.sport)?;
    let scope = m.scope();
    let outcome = match NewEvent::check(&form, m.club.sport) {
        Ok(event) => {
            let now = auth::now();
            db.write(move |conn| setup::create_event(conn, &scope, &event, now))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(id) => Ok(see_other(&paths::event_part(
            m.ctx.lang,
            &m.club.slug,
            id,
            "manage",
        ))),
        Err(ActionError::Invalid(errors)) => {
            let events = db
                .read(move |conn| board::events(conn, &scope).map_err(DbError::from))
                .await?;
            Ok(rejected(views::setup::events(
                &m.ctx, &m.club, &events, true, &form, &errors,
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// The sections of the event on the path, in the visitor's language, if they may see it:
/// from the cache when a score change (or an earlier view) put them there, otherwise from
/// the board, and then into the cache. Also the live feed's URL, from the log position read
/// before the sections, so the feed replays whatever they may lack.
pub(super) async fn watched(
    req: &Request,
    state: &AppState,
    visitor: &ClubVisitor,
) -> poem::Result<(EventSections, String)> {
    let event = id_param(req, "event")?;
    let lang = visitor.ctx.lang;
    let after = state.hub.head();
    let sections =
        match scoreboards::cached_sections(&state.cache, &visitor.club, event, lang).await {
            Some(sections) => sections,
            None => {
                let (scope, zone) = (visitor.scope(), crate::clubs::clock::zone(&visitor.club));
                let board = state
                    .sport_db(visitor.club.sport)?
                    .read(move |conn| board::load(conn, &scope, event, zone).map_err(DbError::from))
                    .await
                    .map_err(AppError::from)?
                    .ok_or(AppError::NotFound)?;
                let sections = views::scoreboard::event_sections(lang, &visitor.club.slug, &board);
                let (cache, club, stored) =
                    (state.cache.clone(), visitor.club.clone(), sections.clone());
                // The page does not wait for the cache.
                tokio::spawn(async move {
                    scoreboards::store_viewed_sections(&cache, &club, &stored, lang).await;
                });
                sections
            }
        };
    check_audience(visitor, sections.public)?;
    let topic = Topic::Event {
        org: visitor.club.id,
        event,
        lang,
    };
    Ok((sections, paths::live(&[topic.to_string()], after)))
}

#[handler]
pub async fn show(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let (sections, live_url) = watched(req, state, &visitor).await?;
    Ok(views::scoreboard::event_page(
        &visitor.ctx,
        &EventPage {
            club: &visitor.club,
            sections: &sections,
            calendar: sections.public.then(|| {
                format!(
                    "{}{}",
                    state.public_base(req),
                    paths::event_part(
                        visitor.ctx.lang,
                        &visitor.club.slug,
                        sections.event,
                        "calendar.ics"
                    )
                )
            }),
            live_url,
            can_manage: visitor.can_manage(),
            is_member: visitor.role.is_some(),
        },
    ))
}

#[handler]
pub async fn tv(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let (sections, live_url) = watched(req, state, &visitor).await?;
    Ok(views::scoreboard::tv(
        &visitor.ctx,
        &visitor.club,
        &sections,
        &live_url,
    ))
}

/// The board of `event`, on the club's clock, or 404.
pub async fn load_board(state: &AppState, club: &Club, event: i64) -> Result<Board, AppError> {
    let (scope, zone) = (OrgScope::new(club.id), clock::zone(club));
    state
        .sport_db(club.sport)?
        .read(move |conn| board::load(conn, &scope, event, zone).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)
}

/// The club's sheets, in order.
pub async fn club_sheets(state: &AppState, club: &Club) -> Result<Vec<sheets::Sheet>, AppError> {
    let scope = OrgScope::new(club.id);
    Ok(state
        .sport_db(club.sport)?
        .read(move |conn| sheets::list(conn, &scope).map_err(DbError::from))
        .await?)
}

/// After a write to an event: its cached page is rendered again and open pages follow.
pub async fn changed(state: &AppState, club: &Club, event: i64) -> Result<(), AppError> {
    let db = state.sport_db(club.sport)?;
    scoreboards::refresh_event(&state.hub, &state.cache, db, club, event).await;
    Ok(())
}

/// After a write to an event's setup: its pages follow, the setup page is next, with
/// `notice` if there is one.
pub async fn back_to_setup(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    event: i64,
    notice: Option<String>,
) -> Result<Response, AppError> {
    changed(state, &m.club, event).await?;
    if let Some(notice) = notice {
        context::flash(&context::session(req)?, Flash::notice(notice)).await?;
    }
    Ok(see_other(&paths::event_part(
        m.ctx.lang,
        &m.club.slug,
        event,
        "manage",
    )))
}

/// A refusal said on the form (field `""`); messages stay on their fields.
pub fn form_errors(e: ActionError) -> Result<FieldErrors, AppError> {
    match e {
        ActionError::Invalid(errors) => Ok(errors),
        ActionError::Refused(text) => Ok(FieldErrors::one("", text)),
        other => Err(other.into()),
    }
}

async fn manage_page(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    event: i64,
    failed: Option<(SetupForm, &FieldErrors)>,
) -> Result<maud::Markup, AppError> {
    let board = load_board(state, &m.club, event).await?;
    let sheets = club_sheets(state, &m.club).await?;
    Ok(views::setup::manage(
        &m.ctx,
        &ManagePage {
            club: &m.club,
            board: &board,
            sheets: &sheets,
            failed,
            base: state.public_base(req),
        },
    ))
}

#[handler]
pub async fn manage(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let event = id_param(req, "event")?;
    manage_page(req, state, &m, event, None).await
}

/// Runs a setup write; on success the event's pages follow and the setup page shows
/// `notice`, if any; on refusal the setup page shows the form again with its messages.
async fn setup_write<F>(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    event: i64,
    form: SetupForm,
    notice: Option<String>,
    write: F,
) -> Result<Response, AppError>
where
    F: FnOnce(&mut crate::db::Conn, &OrgScope) -> Result<(), ActionError> + Send + 'static,
{
    let scope = m.scope();
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| write(conn, &scope))
        .await;
    match outcome {
        Ok(()) => back_to_setup(req, state, m, event, notice).await,
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(
                manage_page(req, state, m, event, Some((form, &errors))).await?,
            ))
        }
    }
}

#[handler]
pub async fn add_team(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<TeamForm>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let (name, roster) = (form.name.clone(), form.roster(m.club.sport));
    let now = auth::now();
    setup_write(
        req,
        state,
        &m,
        event,
        SetupForm::Team(form),
        None,
        move |conn, scope| setup::add_team(conn, scope, event, &name, &roster, now).map(drop),
    )
    .await
}

/// A draw time typed on the club's clock, as an instant: a time the clocks skip is
/// refused; one they pass twice is the first, and `notice` says so.
pub fn draw_instant(
    club: &Club,
    lang: crate::i18n::Lang,
    text: &str,
) -> Result<(i64, Option<String>), ActionError> {
    let field = |t| ActionError::Invalid(FieldErrors::one("starts_at", t));
    let naive = clock::parse_input(text).ok_or_else(|| field(Text::FieldRequired))?;
    match clock::instant(clock::zone(club), naive) {
        Instant::Exact(at) => Ok((at, None)),
        Instant::Ambiguous { first, .. } => Ok((
            first,
            Some(lang.format(
                Text::DrawTimeAmbiguous,
                &[("time", &naive.format("%Y-%m-%d %H:%M").to_string())],
            )),
        )),
        Instant::Missing => Err(field(Text::DrawTimeMissing)),
    }
}

#[handler]
pub async fn add_draw(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<DrawForm>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let parsed = draw_instant(&m.club, m.ctx.lang, &form.starts_at);
    let notice = parsed.as_ref().ok().and_then(|(_, n)| n.clone());
    setup_write(
        req,
        state,
        &m,
        event,
        SetupForm::Draw(form),
        notice,
        move |conn, scope| {
            let (at, _) = parsed?;
            setup::add_draw(conn, scope, event, at).map(drop)
        },
    )
    .await
}

/// A number from a form; anything else is 0, which matches nothing and is reported on
/// its field.
pub fn form_id(value: &str) -> i64 {
    value.trim().parse::<i64>().unwrap_or(0)
}

#[handler]
pub async fn add_game(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<GameForm>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let sheet = Some(form_id(&form.sheet)).filter(|_| !form.sheet.trim().is_empty());
    let (draw, sides) = (
        form_id(&form.draw),
        [form_id(&form.team1), form_id(&form.team2)],
    );
    let now = auth::now();
    setup_write(
        req,
        state,
        &m,
        event,
        SetupForm::Game(form),
        None,
        move |conn, scope| setup::add_game(conn, scope, event, draw, sheet, sides, now).map(drop),
    )
    .await
}

/// `move` (to the posted time) or `delete` (when none of its games has started).
#[handler]
pub async fn draw_action(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<DrawForm>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let draw = id_param(req, "draw")?;
    let failed = SetupForm::MoveDraw(draw, form.clone());
    match req.raw_path_param("action") {
        Some("move") => {
            let parsed = draw_instant(&m.club, m.ctx.lang, &form.starts_at);
            let notice = parsed.as_ref().ok().and_then(|(_, n)| n.clone());
            setup_write(req, state, &m, event, failed, notice, move |conn, scope| {
                let (at, _) = parsed?;
                edit::move_draw(conn, scope, event, draw, at)
            })
            .await
        }
        Some("delete") => {
            setup_write(req, state, &m, event, failed, None, move |conn, scope| {
                edit::delete_draw(conn, scope, event, draw)
            })
            .await
        }
        _ => Err(AppError::NotFound),
    }
}
