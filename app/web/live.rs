//! `GET /live?topic=…&after=…`: the SSE stream behind every live page.
//!
//! Each topic must name something this visitor may watch: an event (or a game of an event)
//! that is public or of a club they belong to, a club's program, or (for its admins) a
//! club's registrations. Anything else is refused before streaming.

use poem::http::StatusCode;
use poem::{Body, IntoResponse, Request, Response, handler};

use super::client::Client;
use super::context::PageContext;
use super::{AppError, AppState};
use crate::clubs;
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::i18n::Text;
use crate::live::Topic;
use crate::scoring::board;

/// Topics one stream may carry.
const MAX_TOPICS: usize = 8;

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, message.to_string()).into_response()
}

#[handler]
pub async fn stream(req: &Request, ctx: PageContext) -> Result<Response, AppError> {
    let state = req
        .data::<AppState>()
        .ok_or_else(|| AppError::internal("app state missing"))?;
    let lang = ctx.lang;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    let names: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "topic")
        .map(|(_, v)| v.as_str())
        .collect();
    let unknown = || refuse(StatusCode::NOT_FOUND, lang.t(Text::LiveUnknownTopic));
    if names.is_empty() || names.len() > MAX_TOPICS {
        return Ok(unknown());
    }
    let mut topics = Vec::with_capacity(names.len());
    for name in names {
        let Ok(topic) = name.parse::<Topic>() else {
            return Ok(unknown());
        };
        if !may_watch(state, &ctx, topic).await? {
            return Ok(unknown());
        }
        topics.push(topic.to_string());
    }
    // The browser's own reconnect sends Last-Event-ID; a fresh page sends `after`.
    let header = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    let param = pairs
        .iter()
        .find(|(k, _)| k == "after")
        .and_then(|(_, v)| v.parse::<i64>().ok());
    let after = header.or(param).filter(|n| *n >= 0);
    // Behind a trusted proxy, each client has its own cap, not the proxy's one.
    let address = Some(Client::of(req).bucket());
    match state.hub.subscribe(topics, after, address).await {
        Ok(events) => Ok(Response::builder()
            .content_type("text/event-stream")
            .header("cache-control", "no-store")
            .header("x-accel-buffering", "no")
            .body(Body::from_bytes_stream(events))),
        Err(refusal) => {
            tracing::debug!(%refusal, "live stream refused");
            let mut response = refuse(StatusCode::SERVICE_UNAVAILABLE, lang.t(Text::LiveFull));
            response
                .headers_mut()
                .insert("retry-after", poem::http::HeaderValue::from_static("10"));
            Ok(response)
        }
    }
}

/// Whether the visitor may watch `topic`: its event is public, or they are in its club.
async fn may_watch(state: &AppState, ctx: &PageContext, topic: Topic) -> Result<bool, AppError> {
    let org = topic.org();
    let member = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.clubs.iter().any(|(c, _)| c.id == org));
    let Some(club) = state
        .dbs
        .shared
        .read(move |conn| clubs::by_id(conn, org).map_err(DbError::from))
        .await?
    else {
        return Ok(false);
    };
    let Some(db) = state.dbs.sport(club.sport) else {
        return Ok(false);
    };
    let scope = OrgScope::new(org);
    match topic {
        // Programs are listed publicly; only who registered is private.
        Topic::Program { program, .. } => {
            return Ok(db
                .read(move |conn| {
                    crate::registration::program(conn, &scope, program).map_err(DbError::from)
                })
                .await?
                .is_some());
        }
        // Only a signal goes out; each member's page fetches what it may see.
        Topic::Spares { .. } | Topic::Courts { .. } => return Ok(member),
        Topic::Registrations { .. } | Topic::Exports { .. } => {
            return Ok(ctx.viewer.as_ref().is_some_and(|v| {
                v.clubs
                    .iter()
                    .any(|(c, role)| c.id == org && role.manages_members())
            }));
        }
        Topic::Event { .. } | Topic::Game { .. } => {}
    }
    let event = db
        .read(move |conn| -> Result<_, DbError> {
            let event = match topic {
                Topic::Event { event, .. } => Some(event),
                Topic::Game { game, .. } => board::event_of_game(conn, &scope, game)?,
                Topic::Program { .. }
                | Topic::Registrations { .. }
                | Topic::Exports { .. }
                | Topic::Spares { .. }
                | Topic::Courts { .. } => None,
            };
            Ok(match event {
                Some(id) => board::event(conn, &scope, id)?,
                None => None,
            })
        })
        .await?;
    Ok(event.is_some_and(|e| e.public || member))
}
