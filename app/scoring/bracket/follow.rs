//! Following results: after every change that can move a result or a standing, in the same
//! write, [`follow`] fills every side it can, makes the real game of each bracket game whose
//! teams are known, re-teams or removes the ones whose teams changed, and refuses — unless
//! told to reset them — when that would touch a game already started.

use crate::db::Conn;
use std::collections::HashMap;

use diesel::prelude::*;

use super::store::{Bracket, Placement, delete_game, unlink};
use super::{Known, Resolution, SeedFrom, Status, first_side, resolve};
use crate::auth::AccountId;
use crate::db::tenant::{
    OrgScope, bracket_changes, bracket_games, brackets, games, lsd_stones, score_changes,
    score_entries,
};
use crate::i18n::Text;
use crate::scoring::board::{self, Board};
use crate::scoring::{GameState, standings};
use crate::sports::Outcome;
use crate::validation::ActionError;

/// How [`follow`] treats started games whose teams would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follow {
    /// Reset them (their scores go; the change is recorded) instead of refusing.
    pub force: bool,
    pub by: Option<AccountId>,
    pub now: i64,
}

impl Follow {
    pub fn quiet(now: i64) -> Self {
        Follow {
            force: false,
            by: None,
            now,
        }
    }
}

/// What the standings and results say so far, for one bracket: the known seeds and the
/// winner and loser of every real game played to a result.
pub fn known(board: &Board, bracket: &Bracket) -> Known {
    let mut tables: HashMap<Option<String>, Option<Vec<standings::Row>>> = HashMap::new();
    // The deepest place each table is asked for: a tie below it blocks nothing.
    let mut deepest: HashMap<Option<String>, u32> = HashMap::new();
    for seed in &bracket.plan.seeds {
        if let SeedFrom::Place { rank, pool } = seed {
            let d = deepest.entry(pool.clone()).or_default();
            *d = (*d).max(*rank);
        }
    }
    let mut seeds = Vec::with_capacity(bracket.plan.seeds.len());
    for seed in &bracket.plan.seeds {
        seeds.push(match seed {
            SeedFrom::Team(t) => board.team(*t).map(|t| t.id),
            SeedFrom::Place { rank, pool } => {
                let rows = tables.entry(pool.clone()).or_insert_with(|| {
                    let depth = deepest.get(pool).copied().unwrap_or(0);
                    settled_table(board, pool.as_deref(), depth)
                });
                rows.as_ref().and_then(|rows| {
                    let at: Vec<&standings::Row> =
                        rows.iter().filter(|r| r.rank == *rank as usize).collect();
                    match at.as_slice() {
                        [one] => Some(one.team),
                        _ => None,
                    }
                })
            }
        });
    }
    let mut won = HashMap::new();
    for (number, place) in &bracket.placements {
        let Some(game) = place.game.and_then(|g| board.game(g)) else {
            continue;
        };
        if let Some(Outcome::Won(side)) = game.result(&board.event.rules) {
            won.insert(*number, (game.team(side), game.team(side.other())));
        }
    }
    let out = board
        .teams
        .iter()
        .filter(|t| t.withdrawn)
        .map(|t| t.id)
        .collect();
    Known { seeds, won, out }
}

/// A stage's table once it can seed: every round-robin game of its teams played (or
/// cancelled), at least one played, and no unresolved tie down to `depth`.
fn settled_table(board: &Board, pool: Option<&str>, depth: u32) -> Option<Vec<standings::Row>> {
    let stage: Vec<&crate::scoring::Game> = board
        .round_robin_games()
        .filter(|g| g.teams.iter().all(|t| board.in_pool(*t, pool)))
        .collect();
    let played = stage.iter().any(|g| g.state == GameState::Final);
    let open = stage
        .iter()
        .any(|g| matches!(g.state, GameState::Scheduled | GameState::Live));
    if !played || open {
        return None;
    }
    let rows = standings::of_pool(board, pool);
    if rows
        .iter()
        .any(|r| r.unresolved && r.rank <= depth as usize)
    {
        return None;
    }
    Some(rows)
}

/// The seed each known team entered the bracket with.
pub fn seed_of(known: &Known) -> HashMap<i64, u32> {
    known
        .seeds
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|t| (t, i as u32 + 1)))
        .collect()
}

/// What one pass of [`follow`] would do to a bracket game's real game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Make { teams: [i64; 2] },
    Reteam { game: i64, teams: [i64; 2] },
    Remove { game: i64 },
}

/// A step for one bracket game (bracket, number), with what it was worked out from.
type Planned = (i64, u32, Step, Resolution, HashMap<i64, u32>);

/// Brings every bracket of `event` in line with its results: see the module's comment.
/// Returns the real games it made, changed or removed.
pub fn follow(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    how: Follow,
) -> Result<Vec<i64>, ActionError> {
    let has: bool = diesel::select(diesel::dsl::exists(
        brackets::of(club).filter(brackets::event_id.eq(event)),
    ))
    .get_result(conn)?;
    if !has {
        return Ok(Vec::new());
    }
    let mut touched = Vec::new();
    // Each pass settles at least one game; a bracket has at most a few hundred.
    for _ in 0..1024 {
        let board = board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)?;
        let mut steps: Vec<Planned> = Vec::new();
        for bracket in &board.brackets {
            let known = known(&board, bracket);
            let res = resolve(&bracket.plan, &known);
            let seeds = seed_of(&known);
            for slot in &bracket.plan.slots {
                let place = bracket.placement(slot.number);
                let wanted = match (res.status(slot.number), place.draw) {
                    (Status::Ready(teams), Some(_)) => Some(teams),
                    _ => None,
                };
                let existing = place.game.and_then(|g| board.game(g));
                let step = match (existing, wanted) {
                    (None, None) => None,
                    (None, Some(teams)) => Some(Step::Make { teams }),
                    (Some(g), Some(teams)) if same_pair(g.teams, teams) => None,
                    (Some(g), Some(teams)) => Some(Step::Reteam { game: g.id, teams }),
                    (Some(g), None) => Some(Step::Remove { game: g.id }),
                };
                if let Some(step) = step {
                    steps.push((bracket.id, slot.number, step, res.clone(), seeds.clone()));
                }
            }
        }
        // Making a game that cannot be placed (a team already plays in that draw) is not a
        // change: the bracket game waits for the organiser to move it.
        let started: Vec<(i64, u32, i64)> = steps
            .iter()
            .filter_map(|(b, n, step, _, _)| match step {
                Step::Reteam { game, .. } | Step::Remove { game } => board
                    .game(*game)
                    .filter(|g| g.started())
                    .map(|g| (*b, *n, g.id)),
                Step::Make { .. } => None,
            })
            .collect();
        if !started.is_empty() && !how.force {
            return Err(ActionError::Refused(Text::BracketDownstreamPlayed));
        }
        for (bracket, number, game) in &started {
            reset(conn, club, &board, *bracket, *number, *game, how)?;
        }
        let mut changed = !started.is_empty();
        for (bracket, number, step, res, seeds) in steps {
            let slot = board
                .brackets
                .iter()
                .find(|b| b.id == bracket)
                .and_then(|b| Some((b.plan.slot(number)?.clone(), b.placement(number))));
            let Some((slot, place)) = slot else { continue };
            match step {
                Step::Make { teams } => {
                    let first = first_side(slot.hammer, teams, &seeds, &res);
                    if let Some(game) = make(conn, club, event, place, teams, first, how.now)? {
                        diesel::update(
                            bracket_games::of(club)
                                .filter(bracket_games::bracket_id.eq(bracket))
                                .filter(bracket_games::number.eq(i64::from(number))),
                        )
                        .set(bracket_games::game_id.eq(game))
                        .execute(conn)?;
                        touched.push(game);
                        changed = true;
                    }
                }
                Step::Reteam { game, teams } => {
                    let draw = board.game(game).map(|g| g.draw_id);
                    let sheet = board.game(game).and_then(|g| g.sheet_id);
                    let fits = draw.is_some_and(|draw| {
                        crate::scoring::setup::check_placement(
                            conn,
                            club,
                            event,
                            draw,
                            sheet,
                            teams,
                            Some(game),
                        )
                        .is_ok()
                    });
                    if !fits {
                        // It cannot stay where it is with its new teams: it goes, and is
                        // made again where it fits (or waits for the organiser).
                        unlink(conn, club, bracket, number)?;
                        delete_game(conn, club, game)?;
                        touched.push(game);
                        changed = true;
                        continue;
                    }
                    // Last-stone draws were the old teams' throws.
                    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq(game)))
                        .execute(conn)?;
                    let first = first_side(slot.hammer, teams, &seeds, &res);
                    diesel::update(games::of(club).filter(games::id.eq(game)))
                        .set((
                            games::team1_id.eq(teams[0]),
                            games::team2_id.eq(teams[1]),
                            games::first_side.eq(first.number()),
                            games::version.eq(games::version + 1),
                            games::updated_at.eq(how.now),
                        ))
                        .execute(conn)?;
                    touched.push(game);
                    changed = true;
                }
                Step::Remove { game } => {
                    unlink(conn, club, bracket, number)?;
                    delete_game(conn, club, game)?;
                    touched.push(game);
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(touched);
        }
    }
    Ok(touched)
}

fn same_pair(a: [i64; 2], b: [i64; 2]) -> bool {
    a == b || a == [b[1], b[0]]
}

/// Makes the real game at the bracket game's place: on its sheet if free, else on no sheet;
/// `None` when a team already plays in that draw.
fn make(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    place: Placement,
    teams: [i64; 2],
    first: crate::sports::Side,
    now: i64,
) -> Result<Option<i64>, ActionError> {
    let Some(draw) = place.draw else {
        return Ok(None);
    };
    use crate::scoring::setup::{check_placement, insert_game};
    let sheet = match place.sheet {
        Some(sheet)
            if check_placement(conn, club, event, draw, Some(sheet), teams, None).is_ok() =>
        {
            Some(sheet)
        }
        _ => None,
    };
    if sheet.is_none() && check_placement(conn, club, event, draw, None, teams, None).is_err() {
        return Ok(None);
    }
    Ok(Some(insert_game(
        conn, club, event, draw, sheet, teams, first, now,
    )?))
}

/// Puts a started game back to the start and records what it was, in the bracket's log
/// (the game's own log may go with it, if its teams are no longer known).
fn reset(
    conn: &mut Conn,
    club: &OrgScope,
    board: &Board,
    bracket: i64,
    number: u32,
    game: i64,
    how: Follow,
) -> Result<(), ActionError> {
    let Some(g) = board.game(game) else {
        return Ok(());
    };
    let label = board
        .brackets
        .iter()
        .find(|b| b.id == bracket)
        .and_then(|b| b.plan.slot(number))
        .map_or(String::new(), |s| s.label.clone());
    let detail = format!(
        "reset {label}: {} v {} · {} · {}",
        board.team_name(g.team(crate::sports::Side::One)),
        board.team_name(g.team(crate::sports::Side::Two)),
        g.state,
        g.score(&board.event.rules).summary()
    );
    bracket_changes::insert(
        club,
        (
            bracket_changes::bracket_id.eq(bracket),
            bracket_changes::account_id.eq(how.by.map(|a| a.get())),
            bracket_changes::at.eq(how.now),
            bracket_changes::detail.eq(&detail),
        ),
    )
    .execute(conn)?;
    score_changes::insert(
        club,
        (
            score_changes::game_id.eq(game),
            score_changes::account_id.eq(how.by.map(|a| a.get())),
            score_changes::at.eq(how.now),
            score_changes::action.eq("reset"),
            score_changes::before.eq(&detail),
            score_changes::after.eq("scheduled"),
        ),
    )
    .execute(conn)?;
    diesel::delete(score_entries::of(club).filter(score_entries::game_id.eq(game)))
        .execute(conn)?;
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq(game))).execute(conn)?;
    diesel::update(games::of(club).filter(games::id.eq(game)))
        .set((
            games::state.eq(GameState::Scheduled.as_str()),
            games::conceded_by.eq(None::<i64>),
            games::forfeited_by.eq(None::<i64>),
            games::version.eq(games::version + 1),
            games::updated_at.eq(how.now),
        ))
        .execute(conn)?;
    Ok(())
}
