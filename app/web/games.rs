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
use crate::scoring::lsd::{self, StoneInput};
use crate::sports::Rules;
use crate::sports::{Entry, Side};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::scoreboard::GamePage;
use crate::views::scorekeeping::ScorekeeperPage;

/// The game and its event's board, or 404.
pub(super) async fn load(
    state: &AppState,
    club: &Club,
    game: i64,
) -> Result<(Board, Game), AppError> {
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

pub(super) fn game_feed(club: &Club, lang: crate::i18n::Lang, game: i64, after: i64) -> String {
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
    scorekeeper_page_with(state, member, id, message, &FieldErrors::new()).await
}

async fn scorekeeper_page_with(
    state: &AppState,
    member: &ClubMember,
    id: i64,
    message: Option<Text>,
    lsd_errors: &FieldErrors,
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
            lsd_errors,
            now: crate::auth::now(),
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
    /// `on`: reset the bracket games that follow (a reopening that would touch them).
    force: Option<String>,
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
            "reopen" => Action::Reopen {
                force: self.force.is_some(),
            },
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

/// A game's last-stone draws as typed: `d<side><n>` a distance in cm, `m<side><n>` the
/// "missed the house" box.
#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub struct LsdForm {
    version: String,
    d10: String,
    d11: String,
    d20: String,
    d21: String,
    m10: Option<String>,
    m11: Option<String>,
    m20: Option<String>,
    m21: Option<String>,
}

impl LsdForm {
    fn stone(&self, side: Side, n: usize) -> StoneInput {
        let (distance, missed) = match (side, n) {
            (Side::One, 0) => (&self.d10, &self.m10),
            (Side::One, _) => (&self.d11, &self.m11),
            (Side::Two, 0) => (&self.d20, &self.m20),
            (Side::Two, _) => (&self.d21, &self.m21),
        };
        StoneInput {
            distance: distance.clone(),
            missed: missed.is_some(),
        }
    }
}

/// Records a curling game's last-stone draws (before it starts); they set its first hammer.
#[handler]
pub async fn record_lsd(
    req: &Request,
    member: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<LsdForm>,
) -> Result<Response, AppError> {
    require_scorekeeper(&member)?;
    let id = id_param(req, "game")?;
    let (board, _) = load(state, &member.club, id).await?;
    let Rules::Curling(rules) = &board.event.rules else {
        return Err(AppError::NotFound);
    };
    let settings = board.event.ranking.dsc;
    let per_team = lsd::stones_per_team(rules.mixed_doubles);
    let mut errors = FieldErrors::new();
    let mut stones: [Vec<Option<u16>>; 2] = [Vec::new(), Vec::new()];
    for side in Side::BOTH {
        for n in 0..per_team {
            match lsd::parse_distance(&form.stone(side, n), &settings) {
                Ok(stone) => stones[side.index()].push(stone),
                Err(text) => errors.add("", text),
            }
        }
    }
    let Some(version) = form.version.trim().parse::<i64>().ok() else {
        return Err(AppError::Invalid(
            member.ctx.lang.t(Text::ErrorInvalidBody).into(),
        ));
    };
    let outcome = match errors.or(()) {
        Ok(()) => {
            let (scope, by, now) = (member.scope(), member.account.get(), auth::now());
            state
                .sport_db(member.club.sport)?
                .write(move |conn| {
                    let draws = lsd::Draws {
                        version,
                        stones,
                        by: Some(by),
                        now,
                    };
                    lsd::record(conn, &scope, id, &draws, &settings)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => {
            let db = state.sport_db(member.club.sport)?;
            if let Err(e) =
                scoreboards::publish_game(&state.hub, &state.cache, db, &member.club, id).await
            {
                tracing::warn!(error = %e, game = id, "live update not published");
            }
            Ok(see_other(&paths::game_score(
                member.ctx.lang,
                &member.club.slug,
                id,
            )))
        }
        Err(ActionError::Refused(text)) => {
            let page = scorekeeper_page(state, &member, id, Some(text)).await?;
            Ok(page.with_status(StatusCode::CONFLICT).into_response())
        }
        Err(ActionError::Invalid(errors)) => {
            let page = scorekeeper_page_with(state, &member, id, None, &errors).await?;
            Ok(page
                .with_status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response())
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
