//! An event's spare requests through the API (`read`), as the key's maker sees them on the
//! event's spares page: ids and states, never who asked or who took one.

use poem::web::Data;
use poem::{Request, Response, handler};
use serde::Serialize;
use utoipa::ToSchema;

use super::model::time;
use super::problem::{ApiError, Problem};
use super::reads::{self, Keyed, cached_json};
use crate::clubs::api_keys::Scope;
use crate::db::tenant::OrgScope;
use crate::spares::store;
use crate::web::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct SpareList {
    pub items: Vec<SpareOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpareOut {
    pub id: i64,
    pub game_id: i64,
    /// The team the spare would play for.
    pub team_id: i64,
    /// Curling: `skip`, `vice`, `second`, `lead`; pickleball: `player`.
    pub position: String,
    /// `public` (the club's spare list) or `private` (for the members named).
    pub kind: String,
    /// `open`, `filled`, `cancelled` or `expired`.
    pub status: String,
    pub message: String,
    /// The key's maker may take it now.
    pub can_fill: bool,
    pub asked_at: String,
    pub filled_at: Option<String>,
    /// Goes up with each change.
    pub version: i64,
}

#[utoipa::path(get, path = "/api/v1/clubs/{club}/events/{event}/spares", tag = "events", operation_id = "listSpares", summary = "An event's spare requests", description = "Requests for games still to come, as the key's maker sees them on the spares page (a private request only when they are one of its people), in game order.", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("event" = i64, Path, minimum = 1, description = "The event's id.")), responses((status = 200, description = "The requests.", body = SpareList, headers(("etag" = String, description = "Send it back in If-None-Match."), ("cache-control" = String))), (status = 304, description = "Not modified: the `If-None-Match` ETag is current."), (status = 403, description = "The key lacks `read`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such club or event for this key.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["read"])))]
#[handler]
pub async fn list(req: &Request, Data(state): Data<&AppState>) -> Result<Response, ApiError> {
    let Keyed {
        access,
        account,
        club,
    } = reads::keyed(state, req, Scope::Read).await?;
    let (_, board) = reads::event_in_path(state, req, &club, &access).await?;
    let viewer = account.0;
    let members = crate::web::spares::member_ids(state, club.id).await?;
    let (scope, now, zone) = (OrgScope::new(club.id), crate::auth::now(), board.zone);
    let for_board = board.clone();
    let spares = state
        .sport_db(club.sport)?
        .read(move |conn| store::board_for(conn, &scope, &for_board, viewer, &members, now))
        .await?;
    let items = spares
        .requests
        .iter()
        .map(|r| SpareOut {
            id: r.id,
            game_id: r.game_id,
            team_id: r.team_id,
            position: r.position.as_str().into(),
            kind: r.kind.as_str().into(),
            status: r.status.as_str().into(),
            message: r.message.clone(),
            can_fill: spares.can_fill.contains(&r.id),
            asked_at: time(zone, r.created_at),
            filled_at: r.filled_at.map(|at| time(zone, at)),
            version: r.version,
        })
        .collect();
    Ok(cached_json(req, &SpareList { items }, false, None))
}
