//! Events: the list, creating one, the public event page and TV display, and setting up
//! teams, draws and games.

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{ClubManager, ClubVisitor};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Redirect, paths};
use crate::auth;
use crate::clubs::sheets;
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::live::{Topic, scoreboards};
use crate::scoring::board;
use crate::scoring::setup::{self, EventForm, NewEvent};
use crate::scoring::{Event, Position};
use crate::sports::Sport;
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::scoreboard::{EventPage, EventSections};
use crate::views::scorekeeping::SetupForm;

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
    Ok(views::scorekeeping::events(
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
            Ok(rejected(views::scorekeeping::events(
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
async fn watched(
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
            live_url,
            can_manage: visitor.can_manage(),
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

async fn manage_page(
    state: &AppState,
    m: &super::context::ClubMember,
    event: i64,
    failed: Option<(SetupForm, &FieldErrors)>,
) -> Result<maud::Markup, AppError> {
    let (scope, zone) = (m.scope(), crate::clubs::clock::zone(&m.club));
    let (board, sheets) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                board::load(conn, &scope, event, zone)?,
                sheets::list(conn, &scope)?,
            ))
        })
        .await?;
    let board = board.ok_or(AppError::NotFound)?;
    Ok(views::scorekeeping::manage(
        &m.ctx, &m.club, &board, &sheets, failed,
    ))
}

#[handler]
pub async fn manage(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let event = id_param(req, "event")?;
    manage_page(state, &m, event, None).await
}

/// Runs a setup write; on refusal shows the setup page again with the form's messages.
async fn setup_write<F>(
    state: &AppState,
    m: &super::context::ClubMember,
    event: i64,
    form: SetupForm,
    write: F,
) -> Result<Response, AppError>
where
    F: FnOnce(&mut diesel::SqliteConnection, &OrgScope) -> Result<i64, ActionError>
        + Send
        + 'static,
{
    let scope = m.scope();
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| write(conn, &scope))
        .await;
    match outcome {
        Ok(_) => {
            let db = state.sport_db(m.club.sport)?;
            scoreboards::refresh_event(&state.cache, db, &m.club, event).await;
            Ok(see_other(&paths::event_part(
                m.ctx.lang,
                &m.club.slug,
                event,
                "manage",
            )))
        }
        Err(ActionError::Invalid(errors)) => Ok(rejected(
            manage_page(state, m, event, Some((form, &errors))).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TeamForm {
    name: String,
    skip: String,
    vice: String,
    second: String,
    lead: String,
    alternate: String,
    player1: String,
    player2: String,
}

impl TeamForm {
    fn roster(self, sport: Sport) -> Vec<(Position, String)> {
        match sport {
            Sport::Curling => vec![
                (Position::Skip, self.skip),
                (Position::Vice, self.vice),
                (Position::Second, self.second),
                (Position::Lead, self.lead),
                (Position::Alternate, self.alternate),
            ],
            Sport::Pickleball => vec![
                (Position::Player, self.player1),
                (Position::Player, self.player2),
            ],
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
    let name = form.name.clone();
    let roster = form.roster(m.club.sport);
    let now = auth::now();
    setup_write(state, &m, event, SetupForm::Team, move |conn, scope| {
        setup::add_team(conn, scope, event, &name, &roster, now)
    })
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DrawForm {
    starts_at: String,
}

/// `2026-11-22T19:00` (what a datetime-local input sends) as the club's wall clock.
fn parse_wall_clock(value: &str) -> Option<i64> {
    let value = value.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(value, f).ok())
        .map(|t| t.and_utc().timestamp())
}

#[handler]
pub async fn add_draw(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<DrawForm>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let starts_at = parse_wall_clock(&form.starts_at);
    setup_write(state, &m, event, SetupForm::Draw, move |conn, scope| {
        let Some(starts_at) = starts_at else {
            return Err(ActionError::Invalid(FieldErrors::one(
                "starts_at",
                crate::i18n::Text::FieldRequired,
            )));
        };
        setup::add_draw(conn, scope, event, starts_at)
    })
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct GameForm {
    draw: String,
    sheet: String,
    team1: String,
    team2: String,
}

#[handler]
pub async fn add_game(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<GameForm>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    // Unparseable ids become 0, which matches nothing and is reported on its field.
    let id = |v: &str| v.trim().parse::<i64>().unwrap_or(0);
    let sheet = Some(id(&form.sheet)).filter(|_| !form.sheet.trim().is_empty());
    let (draw, sides) = (id(&form.draw), [id(&form.team1), id(&form.team2)]);
    let now = auth::now();
    setup_write(state, &m, event, SetupForm::Game, move |conn, scope| {
        setup::add_game(conn, scope, event, draw, sheet, sides, now)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::parse_wall_clock;

    #[test]
    fn draw_times_are_read_as_the_club_clock() {
        assert_eq!(parse_wall_clock("1970-01-01T01:00"), Some(3600));
        assert_eq!(parse_wall_clock("2026-11-22 19:30"), Some(1_795_375_800));
        assert_eq!(parse_wall_clock("tomorrow"), None);
        assert_eq!(parse_wall_clock("2026-02-30T10:00"), None);
    }
}
