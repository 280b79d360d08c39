//! The scorekeeper's actions on one game. Each one checks the version the scorekeeper saw
//! (two scorekeepers never silently overwrite each other), checks the sport's rules against
//! the whole log, writes, bumps the version and records the change in the audit trail — in
//! one transaction, or not at all.

use crate::db::Conn;
use diesel::prelude::*;

use super::board::{self, event as load_event};
use super::{Game, GameState, Score};
use crate::auth::AccountId;
use crate::db::tenant::{OrgScope, games, score_changes, score_entries};
use crate::i18n::Text;
use crate::sports::{Entry, RuleError, Side};
use crate::validation::ActionError;

/// What a scorekeeper (or an admin) does to a game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// scheduled → live; `first` has the hammer in end 1 (curling) or serves first.
    Start {
        first: Side,
    },
    /// The next end or rally.
    Enter(Entry),
    /// Removes the last entry (or a concession).
    Undo,
    /// Replaces end or rally `number` (1-based).
    Edit {
        number: usize,
        entry: Entry,
    },
    Concede(Side),
    /// Marks a decided game final (after a reopening).
    Finish,
    /// final → live, so an admin can correct it. `force`: reset the bracket games that
    /// follow from it, if they have started, rather than refuse.
    Reopen {
        force: bool,
    },
}

impl Action {
    /// The name recorded in the audit trail.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Start { .. } => "start",
            Action::Enter(_) => "enter",
            Action::Undo => "undo",
            Action::Edit { .. } => "edit",
            Action::Concede(_) => "concede",
            Action::Finish => "finish",
            Action::Reopen { .. } => "reopen",
        }
    }

    /// Only admins reopen a final game.
    pub fn needs_admin(&self) -> bool {
        matches!(self, Action::Reopen { .. })
    }
}

/// How long after a game ends the scorekeeper may still undo its last end or rally.
pub const UNDO_GRACE_SECS: i64 = 15 * 60;

/// What changed, for the live update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub game: i64,
    pub event: i64,
    pub version: i64,
}

fn rule_text(e: RuleError) -> Text {
    match e {
        RuleError::GameOver => Text::ScoreGameOver,
        RuleError::TooManyPoints { .. } => Text::ScoreTooManyPoints,
        RuleError::NoTeam => Text::ScoreNoTeam,
        RuleError::NoRallyWinner => Text::ScoreNoTeam,
        RuleError::NothingToUndo => Text::ScoreNothingToUndo,
        RuleError::NoSuchEnd => Text::ScoreNoSuchEnd,
    }
}

fn refuse(text: Text) -> ActionError {
    ActionError::Refused(text)
}

/// Applies `action` to game `id` if its version is still `seen_version`.
pub fn apply(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    seen_version: i64,
    action: Action,
    by: AccountId,
    now: i64,
) -> Result<Change, ActionError> {
    let game = board::game(conn, club, id)?.ok_or(ActionError::NotFound)?;
    let event = load_event(conn, club, game.event_id)?.ok_or(ActionError::NotFound)?;
    if game.version != seen_version {
        return Err(refuse(Text::ScoreConflict));
    }
    let before = game.score(&event.rules);
    let mut next = game.clone();
    match action {
        Action::Start { first } => {
            match game.state {
                GameState::Scheduled => {}
                GameState::Cancelled => return Err(refuse(Text::GameCallNotNow)),
                GameState::Live | GameState::Final => {
                    return Err(refuse(Text::ScoreAlreadyStarted));
                }
            }
            next.first_side = first;
            next.state = GameState::Live;
        }
        Action::Reopen { .. } => {
            if game.state != GameState::Final {
                return Err(refuse(Text::ScoreNotFinal));
            }
            // A forfeit was never played: it is taken back on the game's own page.
            if game.forfeited_by.is_some() {
                return Err(refuse(Text::GameCallNotNow));
            }
            next.state = GameState::Live;
        }
        Action::Finish => {
            require_live(&game)?;
            if before.outcome().is_none() {
                return Err(refuse(Text::ScoreNotDecided));
            }
            next.state = GameState::Final;
        }
        Action::Enter(entry) => {
            require_live(&game)?;
            next.entries.push(entry);
        }
        Action::Edit { number, entry } => {
            require_live(&game)?;
            let slot = number
                .checked_sub(1)
                .and_then(|i| next.entries.get_mut(i))
                .ok_or(refuse(rule_text(RuleError::NoSuchEnd)))?;
            *slot = entry;
        }
        Action::Undo => {
            // The end (or rally) that decided the game can still be taken back from the
            // scorekeeper's screen for a while; after that, reopening is a manager's call.
            let just_ended = game.state == GameState::Final
                && game.forfeited_by.is_none()
                && now - game.updated_at <= UNDO_GRACE_SECS;
            if just_ended {
                next.state = GameState::Live;
            } else {
                require_live(&game)?;
            }
            if next.conceded_by.take().is_none() && next.entries.pop().is_none() {
                return Err(refuse(rule_text(RuleError::NothingToUndo)));
            }
        }
        Action::Concede(side) => {
            require_live(&game)?;
            next.conceded_by = Some(side);
        }
    }
    let after = Score::check(
        &event.rules,
        next.first_side,
        &next.entries,
        next.conceded_by,
    )
    .map_err(|(_, e)| refuse(rule_text(e)))?;
    // Entering the deciding end or rally ends the game; a correction that undoes the
    // decision puts it back in play. A reopened game stays live until marked final.
    if matches!(action, Action::Enter(_) | Action::Concede(_)) && after.outcome().is_some() {
        next.state = GameState::Final;
    }
    if after.outcome().is_none() && next.state == GameState::Final {
        next.state = GameState::Live;
    }
    save(conn, club, &game, &next)?;
    score_changes::insert(
        club,
        (
            score_changes::game_id.eq(id),
            score_changes::account_id.eq(by.get()),
            score_changes::at.eq(now),
            score_changes::action.eq(action.name()),
            score_changes::before.eq(format!("{} · {}", game.state, before.summary())),
            score_changes::after.eq(format!("{} · {}", next.state, after.summary())),
        ),
    )
    .execute(conn)?;
    diesel::update(games::of(club).filter(games::id.eq(id)))
        .set((
            games::first_side.eq(next.first_side.number()),
            games::state.eq(next.state.as_str()),
            games::conceded_by.eq(next.conceded_by.map(Side::number)),
            games::version.eq(game.version + 1),
            games::updated_at.eq(now),
        ))
        .execute(conn)?;
    // A result made or taken back moves teams in the event's brackets, in this same write.
    let result_changed = (game.state == GameState::Final) != (next.state == GameState::Final);
    let mut moved = Vec::new();
    if result_changed {
        let force = matches!(action, Action::Reopen { force: true });
        let how = super::bracket::store::Follow {
            force,
            by: Some(by),
            now,
        };
        moved = super::bracket::store::follow(conn, club, game.event_id, how)?;
    }
    tell_webhooks(conn, club, &game, &next, result_changed, &moved, now)?;
    Ok(Change {
        game: id,
        event: game.event_id,
        version: game.version + 1,
    })
}

/// The change's news for the club's webhooks, in the same transaction.
fn tell_webhooks(
    conn: &mut Conn,
    club: &OrgScope,
    game: &Game,
    next: &Game,
    result_changed: bool,
    moved: &[i64],
    now: i64,
) -> Result<(), ActionError> {
    use crate::webhooks::{EventType, emit};
    let data = serde_json::json!({
        "event_id": game.event_id,
        "game_id": game.id,
        "version": game.version + 1,
        "state": next.state.as_str(),
    });
    if game.state == GameState::Scheduled && next.state == GameState::Live {
        emit(conn, club, EventType::GameStarted, data.clone(), now)?;
    } else {
        emit(conn, club, EventType::ScoreChanged, data.clone(), now)?;
    }
    if result_changed {
        if next.state == GameState::Final {
            emit(conn, club, EventType::GameFinished, data, now)?;
        }
        let event = serde_json::json!({ "event_id": game.event_id });
        emit(conn, club, EventType::StandingsChanged, event, now)?;
    }
    if !moved.is_empty() {
        let data = serde_json::json!({ "event_id": game.event_id, "game_ids": moved });
        emit(conn, club, EventType::BracketAdvanced, data, now)?;
    }
    Ok(())
}

fn require_live(game: &Game) -> Result<(), ActionError> {
    match game.state {
        GameState::Live => Ok(()),
        GameState::Scheduled => Err(refuse(Text::ScoreNotStarted)),
        GameState::Final => Err(refuse(Text::ScoreGameOver)),
        GameState::Cancelled => Err(refuse(Text::GameCallNotNow)),
    }
}

/// Writes the entries that differ between `old` and `new` (the log only changes at its end
/// or in place).
fn save(conn: &mut Conn, club: &OrgScope, old: &Game, new: &Game) -> QueryResult<()> {
    let id = old.id;
    let keep = old.entries.len().min(new.entries.len());
    diesel::delete(
        score_entries::of(club)
            .filter(score_entries::game_id.eq(id))
            .filter(score_entries::seq.gt(keep as i64)),
    )
    .execute(conn)?;
    for (i, (was, is)) in old.entries.iter().zip(&new.entries).enumerate() {
        if was != is {
            diesel::update(
                score_entries::of(club)
                    .filter(score_entries::game_id.eq(id))
                    .filter(score_entries::seq.eq(i as i64 + 1)),
            )
            .set((
                score_entries::side.eq(is.side.map(Side::number)),
                score_entries::points.eq(i64::from(is.points)),
            ))
            .execute(conn)?;
        }
    }
    for (i, entry) in new.entries.iter().enumerate().skip(keep) {
        score_entries::insert(
            club,
            (
                score_entries::game_id.eq(id),
                score_entries::seq.eq(i as i64 + 1),
                score_entries::side.eq(entry.side.map(Side::number)),
                score_entries::points.eq(i64::from(entry.points)),
            ),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ChangeRecord {
    pub id: i64,
    pub account_id: Option<i64>,
    pub at: i64,
    pub action: String,
    pub before: String,
    pub after: String,
}

/// Every change to a game, newest first.
pub fn history(conn: &mut Conn, club: &OrgScope, game: i64) -> QueryResult<Vec<ChangeRecord>> {
    score_changes::of(club)
        .filter(score_changes::game_id.eq(game))
        .select((
            score_changes::id,
            score_changes::account_id,
            score_changes::at,
            score_changes::action,
            score_changes::before,
            score_changes::after,
        ))
        .order(score_changes::id.desc())
        .load(conn)
}
