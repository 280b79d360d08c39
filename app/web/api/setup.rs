//! Season setup through the API (`manage`): an event, its teams, draws and games — the same
//! domain calls, checks and refusals as the event's setup page, answered as JSON.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Request, Response, handler};
use serde::Deserialize;
use utoipa::ToSchema;

use super::access::Access;
use super::model::EventDetail;
use super::problem::{ApiError, Problem};
use super::reads::{self, Keyed};
use crate::clubs::Club;
use crate::clubs::api_keys::Scope;
use crate::clubs::clock;
use crate::db::tenant::OrgScope;
use crate::scoring::Position;
use crate::scoring::setup::{self, EventForm, NewEvent};
use crate::sports::{curling, pickleball};
use crate::validation::ActionError;
use crate::web::AppState;

/// A new event. Curling uses `ends`, `mixed_doubles` and `extra_ends`; pickleball the rest.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewEventIn {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(pattern = "^(league|bonspiel|championship)$")]
    pub kind: String,
    /// Anyone may watch (otherwise members only).
    #[serde(default = "yes")]
    pub public: bool,
    /// Curling: 8 or 10.
    #[serde(default)]
    #[schema(minimum = 8, maximum = 10, multiple_of = 2)]
    pub ends: Option<u8>,
    #[serde(default)]
    pub mixed_doubles: bool,
    #[serde(default)]
    pub extra_ends: bool,
    /// Pickleball: 11, 15 or 21.
    #[serde(default)]
    #[schema(minimum = 11, maximum = 21)]
    pub points_to_win: Option<u8>,
    #[serde(default)]
    pub win_by_two: bool,
    /// Pickleball: 1, 3 or 5.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    pub best_of: Option<u8>,
    #[serde(default)]
    #[schema(pattern = "^(side_out|rally)$")]
    pub scoring: Option<String>,
    #[serde(default)]
    #[schema(pattern = "^(singles|doubles)$")]
    pub format: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTeamIn {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Curling: `skip`, `vice`, `second`, `lead`, `alternate`; pickleball: `player`.
    #[serde(default)]
    pub players: Vec<PlayerIn>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PlayerIn {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(pattern = "^(skip|vice|second|lead|alternate|player)$")]
    pub position: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewDrawIn {
    /// On the club's clock, `2026-11-22T19:00`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$")]
    pub starts_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewGameIn {
    #[schema(minimum = 1)]
    pub draw_id: i64,
    #[schema(minimum = 1)]
    pub sheet_id: Option<i64>,
    /// The two teams, side one first.
    #[schema(min_items = 2, max_items = 2)]
    pub team_ids: Vec<i64>,
}

pub(super) async fn json_body<T: serde::de::DeserializeOwned>(
    body: poem::Body,
) -> Result<T, ApiError> {
    let bytes = body
        .into_bytes()
        .await
        .map_err(|_| ApiError::BadRequest("The body could not be read.".into()))?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::invalid("body", e.to_string()))
}

/// The event as it is now, with `status` and its address.
async fn event_answer(
    state: &AppState,
    club: &Club,
    access: &Access,
    event: i64,
    location: String,
) -> Result<Response, ApiError> {
    // The event's pages and live screens follow, as after the setup page's writes.
    if let Err(e) = crate::web::events::changed(state, club, event).await {
        tracing::warn!(error = %e, event, "event pages not refreshed");
    }
    let board = reads::event_board(state, club, access, event).await?;
    let mut resp = reads::written_json(StatusCode::CREATED, &EventDetail::of(&board));
    reads::locate(&mut resp, &location);
    Ok(resp)
}

async fn write<F>(state: &AppState, club: &Club, work: F) -> Result<i64, ApiError>
where
    F: FnOnce(&mut crate::db::Conn, &OrgScope) -> Result<i64, ActionError> + Send + 'static,
{
    let scope = OrgScope::new(club.id);
    Ok(state
        .sport_db(club.sport)?
        .write(move |conn| work(conn, &scope))
        .await?)
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/events", tag = "setup", operation_id = "createEvent", summary = "Create an event", params(("club" = String, Path)), request_body(content = NewEventIn, content_type = "application/json"), responses((status = 201, description = "Created: the event, and its address in Location.", body = EventDetail), (status = 403, description = "The key lacks `manage`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such club for this key.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Fields that cannot be accepted.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["manage"])))]
#[handler]
pub async fn create_event(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { access, club, .. } = reads::keyed(state, req, Scope::Manage).await?;
    let input: NewEventIn = json_body(raw).await?;
    // Fields of the other sport are ignored, but must still be what they may be.
    if input
        .scoring
        .as_deref()
        .is_some_and(|s| !matches!(s, "side_out" | "rally"))
    {
        return Err(ApiError::invalid("scoring", "`side_out` or `rally`."));
    }
    if input
        .format
        .as_deref()
        .is_some_and(|s| !matches!(s, "singles" | "doubles"))
    {
        return Err(ApiError::invalid("format", "`singles` or `doubles`."));
    }
    for (field, value, choices) in [
        ("ends", input.ends, &curling::Rules::END_CHOICES[..]),
        (
            "points_to_win",
            input.points_to_win,
            &pickleball::Rules::POINT_CHOICES[..],
        ),
        (
            "best_of",
            input.best_of,
            &pickleball::Rules::BEST_OF_CHOICES[..],
        ),
    ] {
        if value.is_some_and(|v| !choices.contains(&v)) {
            return Err(ApiError::invalid(field, format!("One of {choices:?}.")));
        }
    }
    let number = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_default();
    let on = |b: bool| b.then(|| "on".to_string());
    let mut form = EventForm::defaults();
    form.name = input.name;
    form.kind = input.kind;
    form.audience = if input.public { "public" } else { "members" }.into();
    if input.ends.is_some() {
        form.ends = number(input.ends);
    }
    form.mixed_doubles = on(input.mixed_doubles);
    form.extra_ends = on(input.extra_ends);
    if input.points_to_win.is_some() {
        form.points_to_win = number(input.points_to_win);
    }
    form.win_by_two = on(input.win_by_two);
    if input.best_of.is_some() {
        form.best_of = number(input.best_of);
    }
    if let Some(scoring) = input.scoring {
        form.scoring = scoring;
    }
    if let Some(format) = input.format {
        form.format = format;
    }
    let event = NewEvent::check(&form, club.sport)?;
    let now = crate::auth::now();
    let id = write(state, &club, move |conn, scope| {
        setup::create_event(conn, scope, &event, now)
    })
    .await?;
    let location = format!("/api/v1/clubs/{}/events/{id}", club.slug);
    event_answer(state, &club, &access, id, location).await
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/events/{event}/teams", tag = "setup", operation_id = "addTeam", summary = "Add a team to an event", params(("club" = String, Path), ("event" = i64, Path, minimum = 1)), request_body(content = NewTeamIn, content_type = "application/json"), responses((status = 201, description = "Added: the event now.", body = EventDetail), (status = 403, description = "The key lacks `manage`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such event for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not possible now.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Fields that cannot be accepted.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["manage"])))]
#[handler]
pub async fn add_team(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { access, club, .. } = reads::keyed(state, req, Scope::Manage).await?;
    let (event, _) = reads::event_in_path(state, req, &club, &access).await?;
    let input: NewTeamIn = json_body(raw).await?;
    let mut roster = Vec::new();
    for p in &input.players {
        let position: Position = p
            .position
            .parse()
            .map_err(|_| ApiError::invalid("players", "An unknown position."))?;
        roster.push((position, p.name.clone()));
    }
    let now = crate::auth::now();
    let name = input.name;
    write(state, &club, move |conn, scope| {
        setup::add_team(conn, scope, event, &name, &roster, now)
    })
    .await?;
    let location = format!("/api/v1/clubs/{}/events/{event}", club.slug);
    event_answer(state, &club, &access, event, location).await
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/events/{event}/draws", tag = "setup", operation_id = "addDraw", summary = "Add a draw (a time games are played at)", params(("club" = String, Path), ("event" = i64, Path, minimum = 1)), request_body(content = NewDrawIn, content_type = "application/json"), responses((status = 201, description = "Added: the event now.", body = EventDetail), (status = 403, description = "The key lacks `manage`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such event for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not possible now.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "A time that is not one, or that the clocks skip.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["manage"])))]
#[handler]
pub async fn add_draw(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { access, club, .. } = reads::keyed(state, req, Scope::Manage).await?;
    let (event, _) = reads::event_in_path(state, req, &club, &access).await?;
    let input: NewDrawIn = json_body(raw).await?;
    let naive = clock::parse_input(&input.starts_at).ok_or_else(|| {
        ApiError::invalid("starts_at", "A time on the club's clock, 2026-11-22T19:00.")
    })?;
    let at = clock::instant(clock::zone(&club), naive)
        .first()
        .ok_or_else(|| ApiError::invalid("starts_at", "The clocks skip that time."))?;
    write(state, &club, move |conn, scope| {
        setup::add_draw(conn, scope, event, at)
    })
    .await?;
    let location = format!("/api/v1/clubs/{}/events/{event}", club.slug);
    event_answer(state, &club, &access, event, location).await
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/events/{event}/games", tag = "setup", operation_id = "addGame", summary = "Add a game: two teams, a draw and a sheet", params(("club" = String, Path), ("event" = i64, Path, minimum = 1)), request_body(content = NewGameIn, content_type = "application/json"), responses((status = 201, description = "Added: the event now.", body = EventDetail), (status = 403, description = "The key lacks `manage`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such event for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not possible now (a team already plays in that draw, the sheet is taken).", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Teams, draw or sheet that are not the event's.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["manage"])))]
#[handler]
pub async fn add_game(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { access, club, .. } = reads::keyed(state, req, Scope::Manage).await?;
    let (event, _) = reads::event_in_path(state, req, &club, &access).await?;
    let input: NewGameIn = json_body(raw).await?;
    let [a, b] = input.team_ids[..] else {
        return Err(ApiError::invalid("team_ids", "Two team ids."));
    };
    let now = crate::auth::now();
    let (draw, sheet) = (input.draw_id, input.sheet_id);
    let game = write(state, &club, move |conn, scope| {
        setup::add_game(conn, scope, event, draw, sheet, [a, b], now)
    })
    .await?;
    // The new game's own address (its id is not in the event's answer).
    let location = format!("/api/v1/clubs/{}/games/{game}", club.slug);
    event_answer(state, &club, &access, event, location).await
}
