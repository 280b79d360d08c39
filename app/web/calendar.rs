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
use std::collections::HashMap;

use crate::db::DbError;
use crate::db::tenant::OrgScope;
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
    let now = crate::auth::now();
    let entries = recorded(state, &visitor.club, &board, now).await?;
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
    Ok(respond(req, body, "public, max-age=300"))
}

/// Each of the board's games' calendar entry (sequence, changed at), brought up to date
/// first if a game changed since the last fetch.
async fn recorded(
    state: &AppState,
    club: &crate::clubs::Club,
    board: &crate::scoring::board::Board,
    now: i64,
) -> Result<HashMap<i64, (String, i64, i64)>, AppError> {
    let current: Vec<(i64, String)> = board
        .games
        .iter()
        .map(|g| (g.id, feeds::fingerprint(board, g)))
        .collect();
    let (db, scope, event) = (
        state.sport_db(club.sport)?,
        OrgScope::new(club.id),
        board.event.id,
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
    Ok(entries)
}

/// A member's own feed at their secret address: every game of their teams in every club
/// they belong to, and the games they spare. An unknown or replaced token is not found.
#[handler]
pub async fn member_feed(
    req: &Request,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let token = req
        .raw_path_param("token")
        .and_then(|t| t.strip_suffix(".ics"))
        .unwrap_or_default()
        .to_string();
    let found = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            let Some(account) = crate::auth::feeds::account_of(conn, &token)? else {
                return Ok(None);
            };
            let Some(who) = crate::auth::accounts::find(conn, account)? else {
                return Ok(None);
            };
            let clubs: Vec<crate::clubs::Club> = crate::clubs::of_account(conn, account)?
                .into_iter()
                .map(|(club, _)| club)
                .collect();
            Ok(Some((who, clubs)))
        })
        .await?;
    let Some((who, clubs)) = found else {
        return Err(AppError::NotFound);
    };
    let now = crate::auth::now();
    let base = state.public_base(req);
    let host = base.split("://").nth(1).unwrap_or(&base).to_string();
    let lang = crate::i18n::Lang::from_tag(&who.lang).unwrap_or_default();
    let mut all = Vec::new();
    let mut zone = None;
    for club in &clubs {
        let Ok(db) = state.sport_db(club.sport) else {
            continue;
        };
        let (scope, tz, account) = (
            OrgScope::new(club.id),
            crate::clubs::clock::zone(club),
            who.id.0,
        );
        let events = db
            .read(move |conn| {
                crate::spares::mine::events_of(conn, &scope, account, tz).map_err(DbError::from)
            })
            .await?;
        if !events.is_empty() {
            zone.get_or_insert(tz);
        }
        // Their court bookings, a month back to a year ahead.
        let (scope, account) = (OrgScope::new(club.id), who.id.0);
        let (booked, sheets) = db
            .read(move |conn| -> Result<_, DbError> {
                Ok((
                    crate::courts::store::booked_between(
                        conn,
                        &scope,
                        now - 30 * 86_400,
                        now + 365 * 86_400,
                    )?,
                    crate::clubs::sheets::list(conn, &scope)?,
                ))
            })
            .await?;
        for b in booked.into_iter().filter(|b| b.account == account) {
            zone.get_or_insert(tz);
            let sheet = sheets
                .iter()
                .find(|s| s.id == b.sheet)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let url = format!("{base}{}", super::paths::courts(lang, &club.slug));
            all.push(calendar::Entry {
                uid: format!("booking-{}@{host}", b.id),
                // When it was made: the same on every fetch.
                changed_at: b.created_at,
                start: b.starts_at,
                end: b.ends_at,
                summary: format!("{} · {sheet}", lang.t(crate::i18n::Text::BookingTitle)),
                location: format!("{} — {sheet}", club.name),
                description: url.clone(),
                url,
                category: club.name.clone(),
                cancelled: false,
                sequence: 0,
            });
        }
        for mine in events {
            let entries = recorded(state, club, &mine.board, now).await?;
            let slug = club.slug.clone();
            let game_url = |game: i64| format!("{base}{}", super::paths::game(lang, &slug, game));
            let site = Site {
                host: &host,
                game_url: &game_url,
            };
            let pick = |g: &crate::scoring::Game| mine.games.contains(&g.id);
            all.extend(feeds::entries(
                club,
                &mine.board,
                &pick,
                &entries,
                &site,
                now,
            ));
        }
    }
    all.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
    let body = calendar::render(&calendar::Feed {
        club: "member".into(),
        name: format!("{} — {}", who.name, lang.t(crate::i18n::Text::MyGamesTitle)),
        zone: zone.map_or("UTC".to_string(), |z| z.name().to_string()),
        entries: all,
    });
    Ok(respond(req, body, "private, max-age=300"))
}

/// The feed with a strong ETag of its bytes; 304 when the client has them already.
fn respond(req: &Request, body: String, cache: &str) -> Response {
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
    for (name, value) in [("etag", etag.as_str()), ("cache-control", cache)] {
        if let Ok(value) = poem::http::HeaderValue::from_str(value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}
