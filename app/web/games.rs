//! A game: its public page, the scorekeeper's screen and actions, and the audit trail.

use poem::http::StatusCode;
use poem::web::{Data, Form};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{ClubManager, ClubMember, ClubVisitor};
use super::events::{check_visible, id_param};
use super::respond::see_other;
use super::{AppError, AppState, paths};
use crate::auth;
use crate::clubs::{Club, members};
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::i18n::Text;
use crate::live::{Topic, scoreboards};
use crate::scoring::Game;
use crate::scoring::board::{self, Board};
use crate::scoring::keeping::{self, Action};
use crate::sports::{Entry, Side};
use crate::validation::ActionError;
use crate::views;
use crate::views::scoreboard::GamePage;
use crate::views::scorekeeping::ScorekeeperPage;

/// The game and its event's board, or 404.
async fn load(state: &AppState, club: &Club, game: i64) -> Result<(Board, Game), AppError> {
    let (scope, zone) = (OrgScope::new(club.id), crate::clubs::clock::zone(club));
    let board = state
        .sport_db(club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            match board::event_of_game(conn, &scope, game)? {
                Some(event) => Ok(board::load(conn, &scope, event, zone)?),
                None => Ok(None),
            }
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let game = board.game(game).cloned().ok_or(AppError::NotFound)?;
    Ok((board, game))
}

fn game_feed(club: &Club, lang: crate::i18n::Lang, game: i64, after: i64) -> String {
    let topic = Topic::Game {
        org: club.id,
        game,
        lang,
    };
    paths::live(&[topic.to_string()], after)
}

#[handler]
pub async fn show(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let id = id_param(req, "game")?;
    let after = state.hub.head();
    let (board, game) = load(state, &visitor.club, id).await?;
    check_visible(&visitor, &board.event)?;
    Ok(views::scoreboard::game_page(
        &visitor.ctx,
        &GamePage {
            club: &visitor.club,
            board: &board,
            game: &game,
            live_url: game_feed(&visitor.club, visitor.ctx.lang, id, after),
            can_keep_score: visitor.can_keep_score(),
            can_manage: visitor.can_manage(),
        },
    ))
}

/// The club's scorekeepers, admins and owners; other members get 403.
fn require_scorekeeper(member: &ClubMember) -> Result<(), AppError> {
    if member.role.keeps_score() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn scorekeeper_page(
    state: &AppState,
    member: &ClubMember,
    id: i64,
    message: Option<Text>,
) -> Result<maud::Markup, AppError> {
    let after = state.hub.head();
    let (board, game) = load(state, &member.club, id).await?;
    Ok(views::scorekeeping::scorekeeper(
        &member.ctx,
        &ScorekeeperPage {
            club: &member.club,
            board: &board,
            game: &game,
            live_url: game_feed(&member.club, member.ctx.lang, id, after),
            can_manage: member.role.manages_members(),
            message,
        },
    ))
}

#[handler]
pub async fn score_page(
    req: &Request,
    member: ClubMember,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    require_scorekeeper(&member)?;
    let id = id_param(req, "game")?;
    scorekeeper_page(state, &member, id, None).await
}

/// One tap of the scorekeeper's screen.
#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub struct ScoreForm {
    version: String,
    action: String,
    side: String,
    points: String,
    number: String,
}

impl ScoreForm {
    /// The version seen and the action, or `None` for a form no screen sends.
    fn parse(&self) -> Option<(i64, Action)> {
        let version = self.version.trim().parse().ok()?;
        let side = self.side.trim().parse().ok().and_then(Side::from_number);
        // Out-of-range points become 255, which every rule refuses with its own message.
        let points = || match self.points.trim() {
            "" => Some(0),
            p => p
                .parse::<i64>()
                .ok()
                .map(|p| u8::try_from(p).unwrap_or(u8::MAX)),
        };
        let action = match self.action.as_str() {
            "start" => Action::Start { first: side? },
            "enter" => Action::Enter(Entry {
                side,
                points: points()?,
            }),
            "edit" => Action::Edit {
                number: self.number.trim().parse().ok()?,
                entry: Entry {
                    side,
                    points: points()?,
                },
            },
            "undo" => Action::Undo,
            "concede" => Action::Concede(side?),
            "finish" => Action::Finish,
            "reopen" => Action::Reopen,
            _ => return None,
        };
        Some((version, action))
    }
}

#[handler]
pub async fn score(
    req: &Request,
    member: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<ScoreForm>,
) -> Result<Response, AppError> {
    require_scorekeeper(&member)?;
    let id = id_param(req, "game")?;
    let (version, action) = form
        .parse()
        .ok_or_else(|| AppError::Invalid(member.ctx.lang.t(Text::ErrorInvalidBody).into()))?;
    if action.needs_admin() && !member.role.manages_members() {
        return Err(AppError::Forbidden);
    }
    let db = state.sport_db(member.club.sport)?;
    let (scope, by, now) = (member.scope(), member.account, auth::now());
    let outcome = db
        .write(move |conn| keeping::apply(conn, &scope, id, version, action, by, now))
        .await;
    match outcome {
        Ok(change) => {
            // The score is saved; a failed live update only delays what screens show.
            if let Err(e) =
                scoreboards::publish_game(&state.hub, &state.cache, db, &member.club, change.game)
                    .await
            {
                tracing::warn!(error = %e, game = change.game, "live update not published");
            }
            Ok(see_other(&paths::game_score(
                member.ctx.lang,
                &member.club.slug,
                id,
            )))
        }
        Err(ActionError::Refused(text)) => {
            let status = if text == Text::ScoreConflict {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = scorekeeper_page(state, &member, id, Some(text)).await?;
            Ok(page.with_status(status).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn history(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let id = id_param(req, "game")?;
    let (board, game) = load(state, &m.club, id).await?;
    let scope = m.scope();
    let changes = state
        .sport_db(m.club.sport)?
        .read(move |conn| keeping::history(conn, &scope, id).map_err(DbError::from))
        .await?;
    let org = m.club.id;
    let people = state
        .dbs
        .shared
        .read(move |conn| members::list(conn, org).map_err(DbError::from))
        .await?;
    let named = changes
        .into_iter()
        .map(|c| {
            let who = people
                .iter()
                .find(|p| Some(p.account_id.get()) == c.account_id)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| c.account_id.map(|a| format!("#{a}")).unwrap_or_default());
            (c, who)
        })
        .collect::<Vec<_>>();
    Ok(views::scorekeeping::history(
        &m.ctx, &m.club, &board, &game, &named,
    ))
}
