//! Brackets in the sport file: made from a plan, edited, deleted; each change then follows
//! the event (see [`super::follow`]).

use crate::db::Conn;
use std::collections::HashMap;

use diesel::prelude::*;

use super::{Hammer, Plan, SeedFrom, Slot, Source};
use crate::auth::AccountId;
use crate::db::tenant::{
    OrgScope, bracket_changes, bracket_games, brackets, draws, games, lsd_stones, score_changes,
    score_entries, sheets,
};
use crate::i18n::Text;
use crate::scoring::board::{self};
use crate::validation::ActionError;

pub use super::follow::{Follow, follow, known, seed_of};

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
pub fn load(conn: &mut Conn, club: &OrgScope, event: i64) -> QueryResult<Vec<Bracket>> {
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
    conn: &mut Conn,
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
    conn: &mut Conn,
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
    conn: &mut Conn,
    club: &OrgScope,
    bracket: i64,
    number: Option<u32>,
    edit: &SlotEdit,
    by: AccountId,
    now: i64,
) -> Result<u32, ActionError> {
    let (event, board) = board_of(conn, club, bracket)?;
    let current = bracket_in(&board, bracket)?;
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
    conn: &mut Conn,
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
    conn: &mut Conn,
    club: &OrgScope,
    bracket: i64,
    number: u32,
    now: i64,
) -> Result<(), ActionError> {
    let (event, board) = board_of(conn, club, bracket)?;
    let current = bracket_in(&board, bracket)?;
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
pub fn delete(conn: &mut Conn, club: &OrgScope, bracket: i64) -> Result<i64, ActionError> {
    let (event, board) = board_of(conn, club, bracket)?;
    let current = bracket_in(&board, bracket)?;
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

/// The event of `bracket` and its board, as committed (its zone does not matter here).
fn board_of(
    conn: &mut Conn,
    club: &OrgScope,
    bracket: i64,
) -> Result<(i64, board::Board), ActionError> {
    let event = event_of(conn, club, bracket)?;
    let board = board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)?;
    Ok((event, board))
}

fn bracket_in(board: &board::Board, bracket: i64) -> Result<&Bracket, ActionError> {
    board
        .brackets
        .iter()
        .find(|b| b.id == bracket)
        .ok_or(ActionError::NotFound)
}

fn event_of(conn: &mut Conn, club: &OrgScope, bracket: i64) -> Result<i64, ActionError> {
    brackets::of(club)
        .filter(brackets::id.eq(bracket))
        .select(brackets::event_id)
        .first(conn)
        .optional()?
        .ok_or(ActionError::NotFound)
}

pub(super) fn unlink(
    conn: &mut Conn,
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
pub(super) fn delete_game(conn: &mut Conn, club: &OrgScope, game: i64) -> QueryResult<()> {
    diesel::delete(score_entries::of(club).filter(score_entries::game_id.eq(game)))
        .execute(conn)?;
    diesel::delete(score_changes::of(club).filter(score_changes::game_id.eq(game)))
        .execute(conn)?;
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq(game))).execute(conn)?;
    diesel::delete(games::of(club).filter(games::id.eq(game))).execute(conn)?;
    Ok(())
}

/// One entry of a bracket's log of corrections.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct ChangeRecord {
    pub at: i64,
    pub account_id: Option<i64>,
    pub detail: String,
}

pub fn changes(conn: &mut Conn, club: &OrgScope, bracket: i64) -> QueryResult<Vec<ChangeRecord>> {
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
pub fn is_bracket_game(conn: &mut Conn, club: &OrgScope, game: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        bracket_games::of(club).filter(bracket_games::game_id.eq(game)),
    ))
    .get_result(conn)
}

/// A bracket's real game was moved on its own page: the bracket game keeps the new place
/// (a game made again later goes there too).
pub fn moved(
    conn: &mut Conn,
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
pub fn uses_draw(conn: &mut Conn, club: &OrgScope, draw: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        bracket_games::of(club).filter(bracket_games::draw_id.eq(Some(draw))),
    ))
    .get_result(conn)
}

/// Whether `team` is named as a seed of one of the event's brackets.
pub fn seeds_team(conn: &mut Conn, club: &OrgScope, event: i64, team: i64) -> QueryResult<bool> {
    Ok(load(conn, club, event)?
        .iter()
        .any(|b| b.plan.seeds.contains(&SeedFrom::Team(team))))
}

/// Removes every bracket of an event being deleted (none of its games started).
pub fn delete_all(conn: &mut Conn, club: &OrgScope, event: i64) -> QueryResult<()> {
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
