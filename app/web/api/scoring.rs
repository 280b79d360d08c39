//! Scorekeeping through the API: one action per request, on the game's version as read.
//! `If-Match` carries the game's ETag (or just its version in quotes): missing is 428, stale
//! is 412 with the game as it is now, so two scorekeepers never overwrite each other.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Request, Response, handler};

use super::model::{GameOut, ScoreAction};
use super::problem::{ApiError, Problem};
use super::reads::{self, Keyed, path_id};
use crate::clubs::api_keys::Scope;
use crate::i18n::Text;
use crate::live::scoreboards;
use crate::scoring::Game;
use crate::scoring::keeping::{self, Action};
use crate::sports::{Entry, Side, Sport};
use crate::validation::ActionError;
use crate::web::AppState;

/// The version an `If-Match` names: `"12-…"` or `"12"`; `*` matches any.
enum Precondition {
    Any,
    Version(i64),
}

fn precondition(req: &Request) -> Result<Precondition, ApiError> {
    // An empty header is no precondition at all.
    let text = req
        .headers()
        .get("if-match")
        .map(|v| v.to_str().unwrap_or("?").trim())
        .unwrap_or("");
    if text.is_empty() {
        return Err(ApiError::PreconditionRequired);
    }
    if text == "*" {
        return Ok(Precondition::Any);
    }
    let tag = text.trim_start_matches("W/").trim_matches('"');
    let version = tag.split('-').next().unwrap_or("");
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::BadRequest(
            "If-Match must be the game's ETag, as read.".into(),
        ));
    }
    // A version too big to be one is simply not the game's: stale.
    Ok(Precondition::Version(version.parse().unwrap_or(-1)))
}

/// The side a team plays on in `game`.
fn side(game: &Game, team: i64, field: &str) -> Result<Side, ApiError> {
    game.side_of(team)
        .ok_or_else(|| ApiError::invalid(field, "That team does not play in this game."))
}

fn action_of(game: &Game, sport: Sport, action: &ScoreAction) -> Result<Action, ApiError> {
    let entry = |team: Option<i64>, points: u8| -> Result<Entry, ApiError> {
        let side = team.map(|t| side(game, t, "team_id")).transpose()?;
        // A rally is worth one point whatever was sent.
        let points = if sport == Sport::Pickleball {
            1
        } else {
            points
        };
        Ok(Entry { side, points })
    };
    Ok(match action {
        ScoreAction::Start { first_team_id } => Action::Start {
            first: side(game, *first_team_id, "first_team_id")?,
        },
        ScoreAction::Enter { team_id, points } => Action::Enter(entry(*team_id, *points)?),
        ScoreAction::Correct {
            number,
            team_id,
            points,
        } => Action::Edit {
            number: *number as usize,
            entry: entry(*team_id, *points)?,
        },
        ScoreAction::Undo => Action::Undo,
        ScoreAction::Concede { team_id } => Action::Concede(side(game, *team_id, "team_id")?),
        ScoreAction::Finish => Action::Finish,
    })
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/games/{game}/actions", tag = "scoring", operation_id = "scoreGame", summary = "Keep score: start, enter an end or rally, correct, undo, concede, finish", params(("club" = String, Path, description = "The club's short name, as in its page's address."), ("game" = i64, Path, minimum = 1, description = "The game's id."), ("if-match" = Option<String>, Header, nullable = false, description = "The game's ETag as read (or its version in quotes). Needed: without it the answer is 428.", pattern = "^(\\*|(W/)?\"[0-9]+(-[0-9a-f]+)?\")$")), request_body(content = ScoreAction, content_type = "application/json"), responses((status = 200, description = "Done: the game now, with its new ETag.", body = GameOut, headers(("etag" = String))), (status = 403, description = "The key lacks `score`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such game for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not possible in the game's state (e.g. an end after the game ended).", body = Problem, content_type = "application/problem+json"), (status = 412, description = "The game changed since it was read: `current` holds it now.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "A body that is not an action, or a team not in the game.", body = Problem, content_type = "application/problem+json"), (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["score"])))]
#[handler]
pub async fn act(
    req: &Request,
    Data(state): Data<&AppState>,
    body: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed {
        access,
        account: by,
        club,
    } = reads::keyed(state, req, Scope::Score).await?;
    let id = path_id(req, "game")?;
    let body = body
        .into_bytes()
        .await
        .map_err(|_| ApiError::BadRequest("The body could not be read.".into()))?;
    let action: ScoreAction = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid("body", format!("Not a scorekeeping action: {e}")))?;
    let board = reads::game_board(state, &club, &access, id).await?;
    let game = board.game(id).ok_or(ApiError::NotFound)?;
    let seen = match precondition(req)? {
        Precondition::Any => game.version,
        Precondition::Version(v) => v,
    };
    if seen != game.version {
        return Err(stale(&board, game));
    }
    let action = action_of(game, club.sport, &action)?;
    let db = state.sport_db(club.sport)?;
    let (scope, now) = (
        crate::db::tenant::OrgScope::new(club.id),
        crate::auth::now(),
    );
    let outcome = db
        .write(move |conn| keeping::apply(conn, &scope, id, seen, action, by, now))
        .await;
    match outcome {
        Ok(change) => {
            // The score is saved; a failed live update only delays what screens show.
            if let Err(e) =
                scoreboards::publish_game(&state.hub, &state.cache, db, &club, change.game).await
            {
                tracing::warn!(error = %e, game = change.game, "live update not published");
            }
            let board = reads::game_board(state, &club, &access, id).await?;
            let game = board.game(id).ok_or(ApiError::NotFound)?;
            Ok(game_answer(&GameOut::of(&board, game), game.version))
        }
        Err(ActionError::Refused(Text::ScoreConflict)) => {
            // Changed between the read above and the write: answer with the game as it is.
            let board = reads::game_board(state, &club, &access, id).await?;
            let game = board.game(id).ok_or(ApiError::NotFound)?;
            Err(stale(&board, game))
        }
        Err(e) => Err(e.into()),
    }
}

/// The game after a change, with its new ETag.
fn game_answer(game: &GameOut, version: i64) -> Response {
    match serde_json::to_vec(game) {
        Ok(body) => Response::builder()
            .status(StatusCode::OK)
            .header("etag", reads::etag(&body, Some(version)))
            .header("cache-control", "no-store")
            .content_type("application/json")
            .body(body),
        Err(e) => ApiError::Internal(format!("serialising: {e}")).into_response_now(),
    }
}

fn stale(board: &crate::scoring::board::Board, game: &Game) -> ApiError {
    ApiError::PreconditionFailed(serde_json::to_value(GameOut::of(board, game)).unwrap_or_default())
}
