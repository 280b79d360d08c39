//! The API's reads: a club's public facts, its events with their teams and draws, games with
//! line scores, standings, brackets, programs with spots left and, for keys allowed to,
//! registrations. Public events need no key; members-only ones need a key with `read`,
//! `score` or `manage`.

use poem::http::{HeaderValue, StatusCode};
use poem::web::Data;
use poem::{Request, Response, handler};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::access::Access;
use super::model::*;
use super::problem::{ApiError, Problem};
use crate::clubs::api_keys::Scope;
use crate::clubs::{self, Club, clock};
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::registration;
use crate::scoring::board::{self, Board};
use crate::scoring::standings;
use crate::web::AppState;

/// Items per page unless `limit` says otherwise, and the most `limit` may ask for.
const PAGE: usize = 50;
const PAGE_MAX: usize = 200;

pub fn access(req: &Request) -> Access {
    req.extensions()
        .get::<Access>()
        .cloned()
        .unwrap_or(Access::Anonymous)
}

/// A request only a key with one scope may make: the key's maker and the club in the path.
pub struct Keyed {
    pub access: Access,
    /// The account the key acts as.
    pub account: crate::auth::AccountId,
    pub club: Club,
}

/// The caller, refused unless their key has `scope` (401 without a key, 403 without the
/// scope), and the key's club, which must be the path's (404 otherwise).
pub async fn keyed(state: &AppState, req: &Request, scope: Scope) -> Result<Keyed, ApiError> {
    let access = access(req);
    let account = match access.caller() {
        None => return Err(ApiError::Unauthorized(needs_key(scope))),
        Some(c) if !c.may(scope) => return Err(ApiError::Forbidden(scope.as_str())),
        Some(c) => c.account,
    };
    let club = club(state, req, &access).await?;
    Ok(Keyed {
        access,
        account,
        club,
    })
}

/// The event in the path (`:event`) and its board, if the caller may see it.
pub async fn event_in_path(
    state: &AppState,
    req: &Request,
    club: &Club,
    access: &Access,
) -> Result<(i64, Board), ApiError> {
    let event = path_id(req, "event")?;
    Ok((event, event_board(state, club, access, event).await?))
}

fn needs_key(scope: Scope) -> &'static str {
    match scope {
        Scope::Read => "This needs a key with the `read` scope.",
        Scope::Score => "Scorekeeping needs a key with the `score` scope.",
        Scope::Manage => "Season setup needs a key with the `manage` scope.",
        Scope::RegistrationsRead => "Registrations need a key with `registrations:read`.",
        Scope::RegistrationsWrite => "Registering needs a key with `registrations:write`.",
    }
}

/// Whether the caller sees what the club's members see.
pub fn sees_members_only(access: &Access) -> bool {
    access
        .caller()
        .is_some_and(|c| c.may(Scope::Read) || c.may(Scope::Score) || c.may(Scope::Manage))
}

fn path_text<'a>(req: &'a Request, name: &str) -> Result<&'a str, ApiError> {
    req.raw_path_param(name).ok_or(ApiError::NotFound)
}

pub fn path_id(req: &Request, name: &str) -> Result<i64, ApiError> {
    path_text(req, name)?
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(ApiError::NotFound)
}

/// The club in the path. A key's club is the only one it knows: any other is not found.
pub async fn club(state: &AppState, req: &Request, access: &Access) -> Result<Club, ApiError> {
    let slug = path_text(req, "club")?.to_string();
    if let Some(caller) = access.caller() {
        return if caller.club.slug == slug {
            Ok(caller.club.clone())
        } else {
            Err(ApiError::NotFound)
        };
    }
    state
        .dbs
        .shared
        .read(move |conn| clubs::by_slug(conn, &slug).map_err(DbError::from))
        .await?
        .ok_or(ApiError::NotFound)
}

/// An event's board, if the caller may see it.
pub async fn event_board(
    state: &AppState,
    club: &Club,
    access: &Access,
    event: i64,
) -> Result<Board, ApiError> {
    let (scope, zone) = (OrgScope::new(club.id), clock::zone(club));
    let db = state.sport_db(club.sport)?;
    let board = db
        .read(move |conn| board::load(conn, &scope, event, zone).map_err(DbError::from))
        .await?
        .ok_or(ApiError::NotFound)?;
    visible(access, board.event.public)?;
    Ok(board)
}

/// A game's event board, if the caller may see it.
pub async fn game_board(
    state: &AppState,
    club: &Club,
    access: &Access,
    game: i64,
) -> Result<Board, ApiError> {
    let scope = OrgScope::new(club.id);
    let db = state.sport_db(club.sport)?;
    let event = db
        .read(move |conn| board::event_of_game(conn, &scope, game).map_err(DbError::from))
        .await?
        .ok_or(ApiError::NotFound)?;
    event_board(state, club, access, event).await
}

/// Members-only data does not exist for those who may not see it.
fn visible(access: &Access, public: bool) -> Result<(), ApiError> {
    if public || sees_members_only(access) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// A strong validator of a body: 16 hex digits of its SHA-256.
fn body_tag(body: &[u8]) -> String {
    let hash = Sha256::digest(body);
    hash[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The ETag of a body; a game's starts with its version, which `If-Match` compares.
pub fn etag(body: &[u8], version: Option<i64>) -> String {
    match version {
        Some(v) => format!("\"{v}-{}\"", body_tag(body)),
        None => format!("\"{}\"", body_tag(body)),
    }
}

/// Whether `If-None-Match` names `etag` (or is `*`).
fn not_modified(req: &Request, etag: &str) -> bool {
    req.headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|list| {
            list.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
        })
}

/// A JSON answer with its ETag: 304 when the client has it already. Anonymous answers about
/// public data may be cached by anyone for a few seconds; the rest only by the caller.
pub fn cached_json<T: Serialize>(
    req: &Request,
    value: &T,
    shared_cache: bool,
    version: Option<i64>,
) -> Response {
    let body = match serde_json::to_vec(value) {
        Ok(body) => body,
        Err(e) => return ApiError::Internal(format!("serialising: {e}")).into_response_now(),
    };
    let etag = etag(&body, version);
    let cache = if shared_cache {
        "public, max-age=5"
    } else {
        "private, no-cache"
    };
    let builder = Response::builder()
        .header("etag", etag.as_str())
        .header("cache-control", cache)
        .header("vary", "authorization");
    if not_modified(req, &etag) {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder.content_type("application/json").body(body)
}

/// A write's answer: JSON with `status`, never cached, no conditional logic.
pub fn written_json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => Response::builder()
            .status(status)
            .header("cache-control", "no-store")
            .content_type("application/json")
            .body(body),
        Err(e) => ApiError::Internal(format!("serialising: {e}")).into_response_now(),
    }
}

/// Where what was just written can be read: its `Location`.
pub fn locate(resp: &mut Response, path: &str) {
    if let Ok(location) = poem::http::HeaderValue::from_str(path) {
        resp.headers_mut().insert("location", location);
    }
}

impl ApiError {
    pub fn into_response_now(self) -> Response {
        poem::IntoResponse::into_response(self)
    }
}

fn shared(access: &Access, public: bool) -> bool {
    public && matches!(access, Access::Anonymous)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageQuery {
    cursor: Option<String>,
    limit: Option<String>,
}

/// `(after, limit)` from `?cursor=&limit=`.
fn page_of(req: &Request) -> Result<(i64, usize), ApiError> {
    let query: PageQuery = serde_urlencoded::from_str(req.uri().query().unwrap_or(""))
        .map_err(|_| ApiError::BadRequest("The query string is malformed.".into()))?;
    // Present but empty is a mistake, as it is for the filters.
    let after = match query.cursor.as_deref() {
        None => 0,
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| ApiError::invalid("cursor", "Use the `next` link as given."))?,
    };
    let limit = match query.limit.as_deref() {
        None => PAGE,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=PAGE_MAX).contains(n))
            .ok_or_else(|| ApiError::invalid("limit", format!("A number from 1 to {PAGE_MAX}.")))?,
    };
    Ok((after, limit))
}

/// The next page: the same query (filters included) from after `last`.
fn next_link(req: &Request, last: i64, limit: usize) -> String {
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    pairs.retain(|(k, _)| k != "cursor" && k != "limit");
    pairs.push(("cursor".into(), last.to_string()));
    pairs.push(("limit".into(), limit.to_string()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{}?{query}", req.original_uri().path())
}

fn with_link(mut resp: Response, next: Option<&str>) -> Response {
    if let Some(next) = next
        && let Ok(value) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\""))
    {
        resp.headers_mut().insert("link", value);
    }
    resp
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}", tag = "clubs", operation_id = "getClub", summary = "A club's public facts", params(("club" = String, Path, description = "The club's short name, as in its page's address.")), responses((status = 200, description = "The club.", body = ClubOut, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn show_club(req: &Request, Data(state): Data<&AppState>) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    Ok(cached_json(
        req,
        &ClubOut::of(&club),
        shared(&access, true),
        None,
    ))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/events", tag = "events", operation_id = "listEvents", summary = "The club's events", description = "Oldest first. Without a key, public events only.", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("cursor" = Option<i64>, Query, minimum = 0, description = "Where the page starts: use the `next` link as given."), ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Items per page (50 unless set).")), responses((status = 200, description = "A page of events.", body = EventPage, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "A `cursor` or `limit` out of range.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn list_events(
    req: &Request,
    Data(state): Data<&AppState>,
) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let (after, limit) = page_of(req)?;
    let scope = OrgScope::new(club.id);
    let mut events = state
        .sport_db(club.sport)?
        .read(move |conn| board::events(conn, &scope).map_err(DbError::from))
        .await?;
    let members = sees_members_only(&access);
    events.retain(|e| e.id > after && (e.public || members));
    events.sort_by_key(|e| e.id);
    let more = events.len() > limit;
    events.truncate(limit);
    let zone = clock::zone(&club);
    let next = more
        .then(|| events.last().map(|e| next_link(req, e.id, limit)))
        .flatten();
    let page = EventPage {
        items: events.iter().map(|e| EventOut::of(e, zone)).collect(),
        next: next.clone(),
    };
    let resp = cached_json(req, &page, shared(&access, !members), None);
    Ok(with_link(resp, next.as_deref()))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/events/{event}", tag = "events", operation_id = "getEvent", summary = "An event with its rules, teams and draws", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("event" = i64, Path, minimum = 1, description = "The event's id.")), responses((status = 200, description = "The event.", body = EventDetail, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn show_event(req: &Request, Data(state): Data<&AppState>) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let board = event_board(state, &club, &access, path_id(req, "event")?).await?;
    let public = board.event.public;
    Ok(cached_json(
        req,
        &EventDetail::of(&board),
        shared(&access, public),
        None,
    ))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/events/{event}/games", tag = "events", operation_id = "listGames", summary = "An event's games with their line scores and states", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("event" = i64, Path, minimum = 1, description = "The event's id.")), responses((status = 200, description = "Every game of the event.", body = GameList, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn list_games(req: &Request, Data(state): Data<&AppState>) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let board = event_board(state, &club, &access, path_id(req, "event")?).await?;
    let list = GameList {
        items: board.games.iter().map(|g| GameOut::of(&board, g)).collect(),
    };
    Ok(cached_json(
        req,
        &list,
        shared(&access, board.event.public),
        None,
    ))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/games/{game}", tag = "events", operation_id = "getGame", summary = "A game, its score and state", description = "Its ETag starts with the game's version: send it in If-Match to keep score.", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("game" = i64, Path, minimum = 1, description = "The game's id.")), responses((status = 200, description = "The game.", body = GameOut, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such game (or not visible to this caller).", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn show_game(req: &Request, Data(state): Data<&AppState>) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let id = path_id(req, "game")?;
    let board = game_board(state, &club, &access, id).await?;
    let game = board.game(id).ok_or(ApiError::NotFound)?;
    Ok(cached_json(
        req,
        &GameOut::of(&board, game),
        shared(&access, board.event.public),
        Some(game.version),
    ))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/events/{event}/standings", tag = "events", operation_id = "getStandings", summary = "The standings, with the tiebreakers applied and why", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("event" = i64, Path, minimum = 1, description = "The event's id.")), responses((status = 200, description = "One table per pool (one in all without pools).", body = StandingsOut, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn show_standings(
    req: &Request,
    Data(state): Data<&AppState>,
) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let board = event_board(state, &club, &access, path_id(req, "event")?).await?;
    let tables = board
        .tables()
        .into_iter()
        .map(|pool| TableOut {
            pool: pool.map(str::to_string),
            rows: standings::of_pool(&board, pool)
                .iter()
                .map(StandingOut::of)
                .collect(),
        })
        .collect();
    Ok(cached_json(
        req,
        &StandingsOut { tables },
        shared(&access, board.event.public),
        None,
    ))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/events/{event}/brackets", tag = "events", operation_id = "listBrackets", summary = "An event's playoff brackets", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("event" = i64, Path, minimum = 1, description = "The event's id.")), responses((status = 200, description = "The brackets and where each game's sides come from.", body = BracketList, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn list_brackets(
    req: &Request,
    Data(state): Data<&AppState>,
) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let board = event_board(state, &club, &access, path_id(req, "event")?).await?;
    let items = board.brackets.iter().map(BracketOut::of).collect();
    Ok(cached_json(
        req,
        &BracketList { items },
        shared(&access, board.event.public),
        None,
    ))
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/programs", tag = "registration", operation_id = "listPrograms", summary = "Programs with their fees and spots left", description = "Without a key, programs open to everyone only.", params(("club" = String, Path, description = "The club's short name, as in its page's address.")), responses((status = 200, description = "The programs.", body = ProgramList, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json")), security((), ("bearer" = [])))]
#[handler]
pub async fn list_programs(
    req: &Request,
    Data(state): Data<&AppState>,
) -> Result<Response, ApiError> {
    let access = access(req);
    let club = club(state, req, &access).await?;
    let scope = OrgScope::new(club.id);
    let mut list = state
        .sport_db(club.sport)?
        .read(move |conn| registration::list(conn, &scope).map_err(DbError::from))
        .await?;
    let members = sees_members_only(&access);
    list.retain(|p| members || !p.program.members_only);
    let (zone, currency) = (clock::zone(&club), crate::money::currency(&club.region));
    let items = list
        .iter()
        .map(|s| {
            let p = &s.program;
            ProgramOut {
                id: p.id,
                name: p.name.clone(),
                description: p.description.clone(),
                season: p.season.clone(),
                kind: p.kind.as_str().into(),
                fee: Money {
                    cents: p.fee,
                    currency: currency.into(),
                },
                capacity: p.capacity,
                spots_left: s.spots_left(),
                waitlisted: s.waitlisted,
                opens_at: time(zone, p.opens_at),
                closes_at: time(zone, p.closes_at),
                members_only: p.members_only,
            }
        })
        .collect();
    Ok(cached_json(
        req,
        &ProgramList { items },
        shared(&access, !members),
        None,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RegistrationQuery {
    program: Option<String>,
    status: Option<String>,
    paid: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/registrations", tag = "registration", operation_id = "listRegistrations", summary = "Registrations, filtered like the admin list", description = "In order of their ids; each waitlisted registration has its place in line.", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("program" = Option<i64>, Query, minimum = 1, description = "One program's."), ("status" = Option<String>, Query, description = "`confirmed`, `waitlisted` or `cancelled`.", pattern = "^(confirmed|waitlisted|cancelled)$"), ("paid" = Option<String>, Query, description = "`unpaid`, `paid` or `refunded`.", pattern = "^(unpaid|paid|refunded)$"), ("cursor" = Option<i64>, Query, minimum = 0, description = "Where the page starts: use the `next` link as given."), ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Items per page (50 unless set).")), responses((status = 200, description = "A page of registrations.", body = RegistrationPage, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 403, description = "The key lacks `registrations:read`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such club or event, or a members-only one without a key that may read it, or another club's with a key.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "A filter that is not one of the values listed, or a `cursor` or `limit` out of range.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["registrations:read"])))]
#[handler]
pub async fn list_registrations(
    req: &Request,
    Data(state): Data<&AppState>,
) -> Result<Response, ApiError> {
    let Keyed { club, .. } = keyed(state, req, Scope::RegistrationsRead).await?;
    let query: RegistrationQuery = serde_urlencoded::from_str(req.uri().query().unwrap_or(""))
        .map_err(|_| ApiError::BadRequest("The query string is malformed.".into()))?;
    // A filter that is present must be one of its values (the page's empty "all" is not).
    let filter = registration::Filter {
        program: query.program.clone().unwrap_or_default(),
        status: query.status.clone().unwrap_or_default(),
        paid: query.paid.clone().unwrap_or_default(),
    };
    if query.program.is_some() && filter.program_id().is_none_or(|id| id < 1) {
        return Err(ApiError::invalid("program", "A program id."));
    }
    if query.status.is_some() && filter.status().is_none() {
        return Err(ApiError::invalid(
            "status",
            "One of confirmed, waitlisted, cancelled.",
        ));
    }
    if query.paid.is_some() && filter.payment().is_none() {
        return Err(ApiError::invalid("paid", "One of unpaid, paid, refunded."));
    }
    let (after, limit) = page_of(req)?;
    let scope = OrgScope::new(club.id);
    let mut rows = state
        .sport_db(club.sport)?
        .read(move |conn| registration::filtered(conn, &scope, &filter).map_err(DbError::from))
        .await?;
    // Pages follow ids, so a page boundary holds whatever arrives meanwhile.
    rows.retain(|l| l.registration.id > after);
    rows.sort_by_key(|l| l.registration.id);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let (zone, currency) = (clock::zone(&club), crate::money::currency(&club.region));
    let money = |cents| Money {
        cents,
        currency: currency.into(),
    };
    let next = more
        .then(|| {
            rows.last()
                .map(|l| next_link(req, l.registration.id, limit))
        })
        .flatten();
    let items = rows
        .iter()
        .map(|l| {
            let r = &l.registration;
            RegistrationOut {
                id: r.id,
                program_id: r.program_id,
                program: l.program.clone(),
                player_name: r.player_name.clone(),
                contact_email: r.contact_email.clone(),
                status: r.status.as_str().into(),
                waitlist_position: l.waitlist_position,
                total: money(r.total),
                payment: r.payment.as_str().into(),
                paid: money(r.paid_amount),
                created_at: time(zone, r.created_at / 1000),
            }
        })
        .collect();
    let page = RegistrationPage {
        items,
        next: next.clone(),
    };
    Ok(with_link(
        cached_json(req, &page, false, None),
        next.as_deref(),
    ))
}
