//! Brackets in the sport file: made from a plan, edited, and followed. [`follow`] runs in
//! the write that changed a result (or a standing, or the bracket): it fills every side it
//! can, makes the real game of each bracket game whose teams are known, re-teams or removes
//! the ones whose teams changed, and refuses — unless told to reset them — when that would
//! touch a game already started.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{Hammer, Known, Plan, Resolution, SeedFrom, Slot, Source, Status, first_side, resolve};
use crate::auth::AccountId;
use crate::db::tenant::{
    OrgScope, bracket_changes, bracket_games, brackets, draws, games, lsd_stones, score_changes,
    score_entries, sheets,
};
use crate::i18n::Text;
use crate::scoring::board::{self, Board};
use crate::scoring::{GameState, standings};
use crate::sports::Outcome;
use crate::validation::ActionError;

/// Where a bracket game is to be played, and its real game once made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Placement {
    pub draw: Option<i64>,
    pub sheet: Option<i64>,
    pub game: Option<i64>,
}

/// A stored bracket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bracket {
    pub id: i64,
    pub event_id: i64,
    pub name: String,
    /// The template it came from, as stored (JSON); shown for the record.
    pub format: String,
    pub plan: Plan,
    /// By bracket game number.
    pub placements: HashMap<u32, Placement>,
}

impl Bracket {
    pub fn placement(&self, number: u32) -> Placement {
        self.placements.get(&number).copied().unwrap_or_default()
    }

    /// The bracket game a real game is, if any.
    pub fn slot_of_game(&self, game: i64) -> Option<&Slot> {
        let (number, _) = self.placements.iter().find(|(_, p)| p.game == Some(game))?;
        self.plan.slot(*number)
    }
}

type GameRow = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// The event's brackets, oldest first.
pub fn load(conn: &mut SqliteConnection, club: &OrgScope, event: i64) -> QueryResult<Vec<Bracket>> {
    let rows: Vec<(i64, String, String, String)> = brackets::of(club)
        .filter(brackets::event_id.eq(event))
        .select((
            brackets::id,
            brackets::name,
            brackets::format,
            brackets::seeds,
        ))
        .order(brackets::id)
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let game_rows: Vec<GameRow> = bracket_games::of(club)
        .filter(bracket_games::bracket_id.eq_any(&ids))
        .select((
            bracket_games::bracket_id,
            bracket_games::number,
            bracket_games::section,
            bracket_games::label,
            bracket_games::round,
            bracket_games::side1,
            bracket_games::side2,
            bracket_games::hammer,
            bracket_games::only_if_upset,
            bracket_games::draw_id,
            bracket_games::sheet_id,
            bracket_games::game_id,
        ))
        .order((bracket_games::bracket_id, bracket_games::number))
        .load(conn)?;
    let bad = |what: String| diesel::result::Error::DeserializationError(what.into());
    let mut out = Vec::with_capacity(rows.len());
    for (id, name, format, seeds) in rows {
        let seeds: Vec<SeedFrom> =
            serde_json::from_str(&seeds).map_err(|e| bad(format!("bracket {id}: seeds: {e}")))?;
        let mut plan = Plan {
            seeds,
            slots: Vec::new(),
        };
        let mut placements = HashMap::new();
        for row in game_rows.iter().filter(|r| r.0 == id) {
            let (_, number, section, label, round, side1, side2, hammer, upset, draw, sheet, game) =
                row.clone();
            let source = |s: &str| {
                s.parse::<Source>()
                    .map_err(|_| bad(format!("bracket {id} game {number}: source {s:?}")))
            };
            let number = u32::try_from(number).map_err(|_| bad(format!("bracket {id}: number")))?;
            plan.slots.push(Slot {
                number,
                section,
                label,
                round: u32::try_from(round).unwrap_or(1),
                sides: [source(&side1)?, source(&side2)?],
                hammer: hammer.parse().unwrap_or(Hammer::Manual),
                only_if_upset: upset.and_then(|n| u32::try_from(n).ok()),
            });
            placements.insert(number, Placement { draw, sheet, game });
        }
        out.push(Bracket {
            id,
            event_id: event,
            name,
            format,
            plan,
            placements,
        });
    }
    Ok(out)
}

/// Stores a new bracket (its plan checked), then follows the event.
#[allow(clippy::too_many_arguments)]
pub fn create(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    event: i64,
    name: &str,
    format: &str,
    plan: &Plan,
    places: &HashMap<u32, Placement>,
    now: i64,
) -> Result<i64, ActionError> {
    if plan.validate().is_err() {
        return Err(ActionError::Refused(Text::BracketInvalid));
    }
    let seeds = serde_json::to_string(&plan.seeds)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let id: i64 = brackets::insert(
        club,
        (
            brackets::event_id.eq(event),
            brackets::name.eq(name),
            brackets::format.eq(format),
            brackets::seeds.eq(seeds),
            brackets::created_at.eq(now),
        ),
    )
    .returning(brackets::id)
    .get_result(conn)?;
    for slot in &plan.slots {
        let place = places.get(&slot.number).copied().unwrap_or_default();
        insert_slot(conn, club, id, slot, place)?;
    }
    follow(conn, club, event, Follow::quiet(now))?;
    Ok(id)
}

fn insert_slot(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
    slot: &Slot,
    place: Placement,
) -> QueryResult<usize> {
    bracket_games::insert(
        club,
        (
            bracket_games::bracket_id.eq(bracket),
            bracket_games::number.eq(i64::from(slot.number)),
            bracket_games::section.eq(&slot.section),
            bracket_games::label.eq(&slot.label),
            bracket_games::round.eq(i64::from(slot.round)),
            bracket_games::side1.eq(slot.sides[0].to_string()),
            bracket_games::side2.eq(slot.sides[1].to_string()),
            bracket_games::hammer.eq(slot.hammer.to_string()),
            bracket_games::only_if_upset.eq(slot.only_if_upset.map(i64::from)),
            bracket_games::draw_id.eq(place.draw),
            bracket_games::sheet_id.eq(place.sheet),
        ),
    )
    .execute(conn)
}

/// A bracket game's editable parts, as the organiser sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotEdit {
    pub label: String,
    pub sides: [Source; 2],
    pub hammer: Hammer,
    pub draw: Option<i64>,
    pub sheet: Option<i64>,
}

/// Changes one bracket game (rewires a side, renames, places it), or adds it when `number`
/// is new; refused if the graph would not validate or if its real game has started and its
/// sides change.
pub fn save_slot(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
    number: Option<u32>,
    edit: &SlotEdit,
    by: AccountId,
    now: i64,
) -> Result<u32, ActionError> {
    let event = event_of(conn, club, bracket)?;
    let board = board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)?;
    let current = board
        .brackets
        .iter()
        .find(|b| b.id == bracket)
        .ok_or(ActionError::NotFound)?;
    check_place(conn, club, event, edit)?;
    let mut plan = current.plan.clone();
    let number = match number {
        Some(n) => {
            let slot = plan
                .slots
                .iter_mut()
                .find(|s| s.number == n)
                .ok_or(ActionError::NotFound)?;
            if slot.sides != edit.sides
                && let Some(g) = current.placement(n).game.and_then(|g| board.game(g))
                && g.started()
            {
                return Err(ActionError::Refused(Text::BracketGameStarted));
            }
            slot.label = edit.label.clone();
            slot.sides = edit.sides;
            slot.hammer = edit.hammer;
            n
        }
        None => {
            let n = plan.slots.iter().map(|s| s.number).max().unwrap_or(0) + 1;
            let round = edit
                .sides
                .iter()
                .filter_map(|s| match s {
                    Source::Winner(m) | Source::Loser(m) => plan.slot(*m).map(|s| s.round + 1),
                    _ => None,
                })
                .max()
                .unwrap_or(1);
            let section = plan
                .slots
                .last()
                .map(|s| s.section.clone())
                .unwrap_or_default();
            plan.slots.push(Slot {
                number: n,
                section,
                label: edit.label.clone(),
                round,
                sides: edit.sides,
                hammer: edit.hammer,
                only_if_upset: None,
            });
            n
        }
    };
    if plan.validate().is_err() {
        return Err(ActionError::Refused(Text::BracketInvalid));
    }
    let slot = plan.slot(number).ok_or(ActionError::NotFound)?.clone();
    let place = Placement {
        draw: edit.draw,
        sheet: edit.sheet,
        game: None,
    };
    if current.placements.contains_key(&number) {
        diesel::update(
            bracket_games::of(club)
                .filter(bracket_games::bracket_id.eq(bracket))
                .filter(bracket_games::number.eq(i64::from(number))),
        )
        .set((
            bracket_games::label.eq(&slot.label),
            bracket_games::side1.eq(slot.sides[0].to_string()),
            bracket_games::side2.eq(slot.sides[1].to_string()),
            bracket_games::hammer.eq(slot.hammer.to_string()),
            bracket_games::draw_id.eq(edit.draw),
            bracket_games::sheet_id.eq(edit.sheet),
        ))
        .execute(conn)?;
        // The real game follows the bracket game's place while it has not started, with
        // the checks of any move (the sheet free at that moment, in every event).
        if let Some(game) = current.placement(number).game
            && let Some(draw) = edit.draw
            && let Some(real) = board.game(game).filter(|g| !g.started())
        {
            crate::scoring::setup::check_placement(
                conn,
                club,
                event,
                draw,
                edit.sheet,
                real.teams,
                Some(game),
            )?;
            if let Some(sheet) = edit.sheet
                && let Some(at) = board.draw(draw).map(|d| d.starts_at)
                && crate::scoring::setup::sheet_taken_elsewhere(conn, club, event, at, sheet)?
            {
                return Err(ActionError::Refused(Text::DrawSheetsTaken));
            }
            diesel::update(games::of(club).filter(games::id.eq(game)))
                .set((
                    games::draw_id.eq(draw),
                    games::sheet_id.eq(edit.sheet),
                    games::version.eq(games::version + 1),
                    games::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    } else {
        insert_slot(conn, club, bracket, &slot, place)?;
    }
    follow(
        conn,
        club,
        event,
        Follow {
            force: false,
            by: Some(by),
            now,
        },
    )?;
    Ok(number)
}

/// The draw must be the event's own and the sheet the club's.
fn check_place(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    event: i64,
    edit: &SlotEdit,
) -> Result<(), ActionError> {
    if let Some(draw) = edit.draw {
        let ok: bool = diesel::select(diesel::dsl::exists(
            draws::of(club).filter(draws::id.eq(draw).and(draws::event_id.eq(event))),
        ))
        .get_result(conn)?;
        if !ok {
            return Err(ActionError::Refused(Text::FieldInvalidChoice));
        }
    }
    if let Some(sheet) = edit.sheet {
        let ok: bool = diesel::select(diesel::dsl::exists(
            sheets::of(club).filter(sheets::id.eq(sheet)),
        ))
        .get_result(conn)?;
        if !ok {
            return Err(ActionError::Refused(Text::FieldInvalidChoice));
        }
    }
    Ok(())
}

/// Removes a bracket game no other game takes a side from, and its real game if unstarted.
pub fn remove_slot(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
    number: u32,
    now: i64,
) -> Result<(), ActionError> {
    let event = event_of(conn, club, bracket)?;
    let board = board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)?;
    let current = board
        .brackets
        .iter()
        .find(|b| b.id == bracket)
        .ok_or(ActionError::NotFound)?;
    current.plan.slot(number).ok_or(ActionError::NotFound)?;
    if !current.plan.downstream(number).is_empty() {
        return Err(ActionError::Refused(Text::BracketGameFeeds));
    }
    if let Some(game) = current.placement(number).game {
        if board.game(game).is_some_and(|g| g.started()) {
            return Err(ActionError::Refused(Text::BracketGameStarted));
        }
        unlink(conn, club, bracket, number)?;
        delete_game(conn, club, game)?;
    }
    diesel::delete(
        bracket_games::of(club)
            .filter(bracket_games::bracket_id.eq(bracket))
            .filter(bracket_games::number.eq(i64::from(number))),
    )
    .execute(conn)?;
    follow(conn, club, event, Follow::quiet(now))?;
    Ok(())
}

/// Deletes a bracket none of whose games has started, with its unplayed games.
pub fn delete(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
) -> Result<i64, ActionError> {
    let event = event_of(conn, club, bracket)?;
    let board = board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)?;
    let current = board
        .brackets
        .iter()
        .find(|b| b.id == bracket)
        .ok_or(ActionError::NotFound)?;
    let real: Vec<i64> = current.placements.values().filter_map(|p| p.game).collect();
    if real
        .iter()
        .any(|g| board.game(*g).is_some_and(|g| g.started()))
    {
        return Err(ActionError::Refused(Text::BracketStarted));
    }
    diesel::delete(bracket_games::of(club).filter(bracket_games::bracket_id.eq(bracket)))
        .execute(conn)?;
    for game in real {
        delete_game(conn, club, game)?;
    }
    diesel::delete(bracket_changes::of(club).filter(bracket_changes::bracket_id.eq(bracket)))
        .execute(conn)?;
    diesel::delete(brackets::of(club).filter(brackets::id.eq(bracket))).execute(conn)?;
    Ok(event)
}

fn event_of(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
) -> Result<i64, ActionError> {
    brackets::of(club)
        .filter(brackets::id.eq(bracket))
        .select(brackets::event_id)
        .first(conn)
        .optional()?
        .ok_or(ActionError::NotFound)
}

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
    let in_stage = |team: i64| {
        pool.is_none_or(|p| board.team(team).and_then(|t| t.pool.as_deref()) == Some(p))
    };
    let stage: Vec<&crate::scoring::Game> = board
        .round_robin_games()
        .filter(|g| g.teams.iter().all(|t| in_stage(*t)))
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
    conn: &mut SqliteConnection,
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
    conn: &mut SqliteConnection,
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

fn unlink(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
    number: u32,
) -> QueryResult<usize> {
    diesel::update(
        bracket_games::of(club)
            .filter(bracket_games::bracket_id.eq(bracket))
            .filter(bracket_games::number.eq(i64::from(number))),
    )
    .set(bracket_games::game_id.eq(None::<i64>))
    .execute(conn)
}

/// Deletes a real game with its log (the caller made sure it is unstarted, or recorded it).
fn delete_game(conn: &mut SqliteConnection, club: &OrgScope, game: i64) -> QueryResult<()> {
    diesel::delete(score_entries::of(club).filter(score_entries::game_id.eq(game)))
        .execute(conn)?;
    diesel::delete(score_changes::of(club).filter(score_changes::game_id.eq(game)))
        .execute(conn)?;
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq(game))).execute(conn)?;
    diesel::delete(games::of(club).filter(games::id.eq(game))).execute(conn)?;
    Ok(())
}

/// Puts a started game back to the start and records what it was, in the bracket's log
/// (the game's own log may go with it, if its teams are no longer known).
fn reset(
    conn: &mut SqliteConnection,
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

/// One entry of a bracket's log of corrections.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ChangeRecord {
    pub at: i64,
    pub account_id: Option<i64>,
    pub detail: String,
}

pub fn changes(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    bracket: i64,
) -> QueryResult<Vec<ChangeRecord>> {
    bracket_changes::of(club)
        .filter(bracket_changes::bracket_id.eq(bracket))
        .select((
            bracket_changes::at,
            bracket_changes::account_id,
            bracket_changes::detail,
        ))
        .order(bracket_changes::id.desc())
        .load(conn)
}

/// Whether real game `game` was made by a bracket.
pub fn is_bracket_game(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    game: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        bracket_games::of(club).filter(bracket_games::game_id.eq(game)),
    ))
    .get_result(conn)
}

/// A bracket's real game was moved on its own page: the bracket game keeps the new place
/// (a game made again later goes there too).
pub fn moved(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    game: i64,
    draw: i64,
    sheet: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(bracket_games::of(club).filter(bracket_games::game_id.eq(game)))
        .set((
            bracket_games::draw_id.eq(draw),
            bracket_games::sheet_id.eq(sheet),
        ))
        .execute(conn)
}

/// Whether a bracket game is to be played in `draw`.
pub fn uses_draw(conn: &mut SqliteConnection, club: &OrgScope, draw: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        bracket_games::of(club).filter(bracket_games::draw_id.eq(Some(draw))),
    ))
    .get_result(conn)
}

/// Whether `team` is named as a seed of one of the event's brackets.
pub fn seeds_team(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    event: i64,
    team: i64,
) -> QueryResult<bool> {
    Ok(load(conn, club, event)?
        .iter()
        .any(|b| b.plan.seeds.contains(&SeedFrom::Team(team))))
}

/// Removes every bracket of an event being deleted (none of its games started).
pub fn delete_all(conn: &mut SqliteConnection, club: &OrgScope, event: i64) -> QueryResult<()> {
    let ids: Vec<i64> = brackets::of(club)
        .filter(brackets::event_id.eq(event))
        .select(brackets::id)
        .load(conn)?;
    diesel::delete(bracket_games::of(club).filter(bracket_games::bracket_id.eq_any(&ids)))
        .execute(conn)?;
    diesel::delete(bracket_changes::of(club).filter(bracket_changes::bracket_id.eq_any(&ids)))
        .execute(conn)?;
    diesel::delete(brackets::of(club).filter(brackets::id.eq_any(&ids))).execute(conn)?;
    Ok(())
}
