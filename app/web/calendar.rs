//! Calendar feeds of public events (no account or token needed): the event's games, or one
//! team's, as iCalendar, byte-stable with a strong ETag (304 on `If-None-Match`).

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Request, Response, handler};
use sha2::{Digest, Sha256};

use super::context::ClubVisitor;
use super::events::{id_param, load_board};
use super::{AppError, AppState};
use crate::calendar;
use crate::db::DbError;
use crate::scoring::calendar::{self as feeds, Site};

#[handler]
pub async fn event_feed(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    feed(req, &visitor, state, None).await
}

#[handler]
pub async fn team_feed(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let team = id_param(req, "team")?;
    feed(req, &visitor, state, Some(team)).await
}

async fn feed(
    req: &Request,
    visitor: &ClubVisitor,
    state: &AppState,
    team: Option<i64>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let board = load_board(state, &visitor.club, event).await?;
    // Feeds carry no sign-in: only public events have them.
    if !board.event.public || team.is_some_and(|t| board.team(t).is_none()) {
        return Err(AppError::NotFound);
    }
    let current: Vec<(i64, String)> = board
        .games
        .iter()
        .map(|g| (g.id, feeds::fingerprint(&board, g)))
        .collect();
    let (db, scope, now) = (
        state.sport_db(visitor.club.sport)?,
        visitor.scope(),
        crate::auth::now(),
    );
    let seen = current.clone();
    let mut entries = db
        .read(move |conn| feeds::stored(conn, &scope, event).map_err(DbError::from))
        .await?;
    if !feeds::up_to_date(&entries, &seen) {
        entries = db
            .write(move |conn| {
                feeds::record(conn, &scope, event, &current, now).map_err(DbError::from)
            })
            .await?;
    }
    let base = state.public_base(req);
    let host = base.split("://").nth(1).unwrap_or(&base).to_string();
    let (lang, slug) = (visitor.ctx.lang, visitor.club.slug.clone());
    let game_url = |game: i64| format!("{base}{}", super::paths::game(lang, &slug, game));
    let site = Site {
        host: &host,
        game_url: &game_url,
    };
    let body = calendar::render(&feeds::feed(
        &visitor.club,
        &board,
        team,
        &entries,
        &site,
        now,
    ));
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!(
        "\"{}\"",
        digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let matches = req
        .headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let response = if matches {
        Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .finish()
    } else {
        Response::builder()
            .content_type("text/calendar; charset=utf-8")
            .body(body)
    };
    let mut response = response.into_response();
    for (name, value) in [
        ("etag", etag.as_str()),
        ("cache-control", "public, max-age=300"),
    ] {
        if let Ok(value) = poem::http::HeaderValue::from_str(value) {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}
