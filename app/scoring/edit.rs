//! Correcting and removing what setup made: events, teams, draws and games. Every change is
//! checked like creation (a team once per draw, a sheet once per draw, two draws never at
//! the same moment), refuses what would rewrite the record (a played game's result, a
//! started game's teams), and writes nothing when it refuses.
//!
//! A started game changes only through scorekeeping corrections (`keeping`), which keep
//! the audit trail; here a game may be moved or re-teamed only while it is scheduled.

use crate::db::Conn;
use diesel::prelude::*;

use super::bracket::{self, store::Follow};
use super::setup::{self, NewEvent};
use super::standings::Ranking;
use super::{GameState, Position, Score, board};
use crate::db::tenant::{
    OrgScope, draws, events, games, lsd_stones, players, score_changes, score_entries,
    standing_decisions, teams,
};
use crate::i18n::Text;
use crate::sports::Side;
use crate::validation::{ActionError, FieldErrors};
use crate::webhooks::EventType;

fn json<T: serde::Serialize>(value: &T) -> Result<String, ActionError> {
    serde_json::to_string(value).map_err(|e| {
        ActionError::Db(crate::db::DbError::Diesel(
            diesel::result::Error::SerializationError(Box::new(e)),
        ))
    })
}

/// Brings the event's brackets in line after a change (see [`bracket::store::follow`]):
/// refused when that would touch a bracket game already started.
/// Brings the event's brackets in line; the club's webhooks hear of games that moved.
fn follow(conn: &mut Conn, club: &OrgScope, event: i64, now: i64) -> Result<(), ActionError> {
    let moved = bracket::store::follow(conn, club, event, Follow::quiet(now))?;
    if !moved.is_empty() {
        let data = serde_json::json!({ "event_id": event, "game_ids": moved });
        crate::webhooks::emit(conn, club, EventType::BracketAdvanced, data, now)?;
    }
    Ok(())
}

/// The standings may read differently (a withdrawal, a tie decided): webhooks hear of it.
pub fn standings_changed(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    now: i64,
) -> Result<(), ActionError> {
    let data = serde_json::json!({ "event_id": event });
    crate::webhooks::emit(conn, club, EventType::StandingsChanged, data, now)?;
    Ok(())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The board of `event` (its zone does not matter here).
fn board_of(conn: &mut Conn, club: &OrgScope, event: i64) -> Result<board::Board, ActionError> {
    board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)
}

/// Saves an event's name, kind, audience, rules and ranking. New rules are refused while
/// they would change the result of a game already played (or the log of one in play).
pub fn update_event(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    changed: &NewEvent,
    ranking: &Ranking,
) -> Result<(), ActionError> {
    let board = board_of(conn, club, id)?;
    if changed.rules.sport() != board.event.rules.sport() {
        return Err(ActionError::Refused(Text::FieldInvalidChoice));
    }
    // A bracket's games must end with a winner.
    if let crate::sports::Rules::Curling(rules) = &changed.rules
        && !rules.extra_ends
        && !board.brackets.is_empty()
    {
        return Err(ActionError::Refused(Text::BracketNeedsExtraEnds));
    }
    if changed.rules != board.event.rules {
        for game in board.games.iter().filter(|g| g.started()) {
            let before = game.result(&board.event.rules);
            let replayed = Score::check(
                &changed.rules,
                game.first_side,
                &game.entries,
                game.conceded_by,
            );
            let after = match (&replayed, game.forfeited_by) {
                (_, Some(side)) => Some(crate::sports::Outcome::Won(side.other())),
                (Ok(score), None) if game.state == GameState::Final => score.outcome(),
                (Ok(_), None) => None,
                (Err(_), None) => return Err(ActionError::Refused(Text::EventRulesLocked)),
            };
            if before != after {
                return Err(ActionError::Refused(Text::EventRulesLocked));
            }
        }
    }
    diesel::update(events::of(club).filter(events::id.eq(id)))
        .set((
            events::name.eq(&changed.name),
            events::kind.eq(changed.kind.as_str()),
            events::public.eq(i64::from(changed.public)),
            events::rules.eq(json(&changed.rules)?),
            events::ranking.eq(json(ranking)?),
        ))
        .execute(conn)?;
    follow(conn, club, id, unix_now())
}

/// Deletes an event with no game started (a mistake); one with scores is archived instead.
pub fn delete_event(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<(), ActionError> {
    let board = board_of(conn, club, id)?;
    if board.games.iter().any(|g| g.started()) {
        return Err(ActionError::Refused(Text::EventHasScores));
    }
    bracket::store::delete_all(conn, club, id)?;
    let game_ids: Vec<i64> = board.games.iter().map(|g| g.id).collect();
    let team_ids: Vec<i64> = board.teams.iter().map(|t| t.id).collect();
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq_any(&game_ids)))
        .execute(conn)?;
    diesel::delete(score_changes::of(club).filter(score_changes::game_id.eq_any(&game_ids)))
        .execute(conn)?;
    diesel::delete(games::of(club).filter(games::event_id.eq(id))).execute(conn)?;
    diesel::delete(draws::of(club).filter(draws::event_id.eq(id))).execute(conn)?;
    diesel::delete(players::of(club).filter(players::team_id.eq_any(&team_ids))).execute(conn)?;
    diesel::delete(teams::of(club).filter(teams::event_id.eq(id))).execute(conn)?;
    diesel::delete(standing_decisions::of(club).filter(standing_decisions::event_id.eq(id)))
        .execute(conn)?;
    diesel::delete(events::of(club).filter(events::id.eq(id))).execute(conn)?;
    Ok(())
}

/// Archives an event (kept, listed apart) or brings it back.
pub fn set_archived(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    archived: bool,
    now: i64,
) -> Result<(), ActionError> {
    let changed = diesel::update(events::of(club).filter(events::id.eq(id)))
        .set(events::archived_at.eq(archived.then_some(now)))
        .execute(conn)?;
    if changed == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

fn team_of_event(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
) -> Result<(), ActionError> {
    let found: i64 = teams::of(club)
        .filter(teams::id.eq(team).and(teams::event_id.eq(event)))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// Renames a team, replaces its roster (position and name per player; blanks skipped) and
/// sets its pool (blank: none).
pub fn update_team(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
    name: &str,
    roster: &[(Position, String)],
    pool: &str,
) -> Result<(), ActionError> {
    let (name, players_in) = setup::checked_team(name, roster)?;
    let pool = pool.trim();
    if pool.chars().count() > 20 {
        return Err(ActionError::Invalid(FieldErrors::one(
            "pool",
            Text::FieldTooLong,
        )));
    }
    let pool = (!pool.is_empty()).then(|| pool.to_string());
    team_of_event(conn, club, event, team)?;
    diesel::update(teams::of(club).filter(teams::id.eq(team)))
        .set((teams::name.eq(&name), teams::pool.eq(&pool)))
        .execute(conn)
        .map_err(setup::team_name_taken)?;
    diesel::delete(players::of(club).filter(players::team_id.eq(team))).execute(conn)?;
    setup::insert_players(conn, club, team, &players_in)?;
    follow(conn, club, event, unix_now())
}

/// Puts a team in a pool (or none), as the team form does.
pub fn set_pool(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
    pool: &str,
) -> Result<(), ActionError> {
    team_of_event(conn, club, event, team)?;
    let pool = (!pool.trim().is_empty()).then(|| pool.trim().to_string());
    diesel::update(teams::of(club).filter(teams::id.eq(team)))
        .set(teams::pool.eq(pool))
        .execute(conn)?;
    follow(conn, club, event, unix_now())
}

/// What becomes of a withdrawing team's games still to play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    /// Kept, cancelled: its opponents have a bye there.
    Byes,
    /// Removed from the schedule.
    Remove,
}

/// Withdraws a team: its played games stand; its scheduled ones become byes or go.
pub fn withdraw_team(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
    how: Withdrawal,
    now: i64,
) -> Result<usize, ActionError> {
    team_of_event(conn, club, event, team)?;
    let future = games::of(club)
        .filter(games::event_id.eq(event))
        .filter(games::team1_id.eq(team).or(games::team2_id.eq(team)))
        .filter(games::state.eq(GameState::Scheduled.as_str()));
    let ids: Vec<i64> = future.select(games::id).load(conn)?;
    // A scheduled game with entries would be an inconsistency; it is left alone.
    let logged: Vec<i64> = score_entries::of(club)
        .filter(score_entries::game_id.eq_any(&ids))
        .select(score_entries::game_id)
        .load(conn)?;
    // A bracket's games are the bracket's: the withdrawn team's become walkovers there.
    let mut kept = Vec::with_capacity(ids.len());
    for game in ids.into_iter().filter(|g| !logged.contains(g)) {
        if !bracket::store::is_bracket_game(conn, club, game)? {
            kept.push(game);
        }
    }
    let ids = kept;
    match how {
        Withdrawal::Byes => {
            diesel::update(games::of(club).filter(games::id.eq_any(&ids)))
                .set((
                    games::state.eq(GameState::Cancelled.as_str()),
                    games::version.eq(games::version + 1),
                    games::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Withdrawal::Remove => {
            diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq_any(&ids)))
                .execute(conn)?;
            diesel::delete(games::of(club).filter(games::id.eq_any(&ids))).execute(conn)?;
        }
    }
    diesel::update(teams::of(club).filter(teams::id.eq(team)))
        .set(teams::withdrawn_at.eq(now))
        .execute(conn)?;
    follow(conn, club, event, now)?;
    standings_changed(conn, club, event, now)?;
    Ok(ids.len())
}

/// Takes a withdrawal back (its cancelled games can then be restored one by one).
pub fn reinstate_team(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
) -> Result<(), ActionError> {
    team_of_event(conn, club, event, team)?;
    diesel::update(teams::of(club).filter(teams::id.eq(team)))
        .set(teams::withdrawn_at.eq(None::<i64>))
        .execute(conn)?;
    let now = unix_now();
    follow(conn, club, event, now)?;
    standings_changed(conn, club, event, now)
}

/// Deletes a team that has no games at all (added by mistake).
pub fn delete_team(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
) -> Result<(), ActionError> {
    team_of_event(conn, club, event, team)?;
    let games_of: i64 = games::of(club)
        .filter(games::team1_id.eq(team).or(games::team2_id.eq(team)))
        .count()
        .get_result(conn)?;
    if games_of > 0 {
        return Err(ActionError::Refused(Text::TeamHasGames));
    }
    if bracket::store::seeds_team(conn, club, event, team)? {
        return Err(ActionError::Refused(Text::BracketTeamUsed));
    }
    diesel::delete(players::of(club).filter(players::team_id.eq(team))).execute(conn)?;
    diesel::delete(teams::of(club).filter(teams::id.eq(team))).execute(conn)?;
    Ok(())
}

/// Moves a draw to another moment (not one another draw of the event already has).
pub fn move_draw(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    draw: i64,
    starts_at: i64,
) -> Result<(), ActionError> {
    let found: i64 = draws::of(club)
        .filter(draws::id.eq(draw).and(draws::event_id.eq(event)))
        .count()
        .get_result(conn)?;
    if found == 0 {
        return Err(ActionError::NotFound);
    }
    setup::check_draw_time(conn, club, event, starts_at, Some(draw))?;
    let sheets: Vec<Option<i64>> = games::of(club)
        .filter(games::draw_id.eq(draw))
        .filter(games::state.ne(GameState::Cancelled.as_str()))
        .select(games::sheet_id)
        .load(conn)?;
    for sheet in sheets.into_iter().flatten() {
        if setup::sheet_taken_elsewhere(conn, club, event, starts_at, sheet)? {
            return Err(ActionError::Invalid(FieldErrors::one(
                "starts_at",
                Text::DrawSheetsTaken,
            )));
        }
    }
    diesel::update(draws::of(club).filter(draws::id.eq(draw)))
        .set(draws::starts_at.eq(starts_at))
        .execute(conn)?;
    Ok(())
}

/// Deletes a draw none of whose games has started, with its games.
pub fn delete_draw(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    draw: i64,
) -> Result<(), ActionError> {
    let board = board_of(conn, club, event)?;
    if board.draw(draw).is_none() {
        return Err(ActionError::NotFound);
    }
    if board.games_in(draw).any(|g| g.started()) {
        return Err(ActionError::Refused(Text::DrawHasScores));
    }
    if bracket::store::uses_draw(conn, club, draw)? {
        return Err(ActionError::Refused(Text::BracketDrawUsed));
    }
    let ids: Vec<i64> = board.games_in(draw).map(|g| g.id).collect();
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq_any(&ids))).execute(conn)?;
    diesel::delete(games::of(club).filter(games::id.eq_any(&ids))).execute(conn)?;
    diesel::delete(draws::of(club).filter(draws::id.eq(draw))).execute(conn)?;
    follow(conn, club, event, unix_now())
}

/// Where a game is and who plays it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub draw: i64,
    pub sheet: Option<i64>,
    pub teams: [i64; 2],
    /// First hammer (curling) or first serve.
    pub first_side: Side,
}

/// A game with its state, for the checks below.
fn scheduled_game(
    conn: &mut Conn,
    club: &OrgScope,
    game: i64,
) -> Result<(i64, GameState, bool), ActionError> {
    let (event, state): (i64, String) = games::of(club)
        .filter(games::id.eq(game))
        .select((games::event_id, games::state))
        .first(conn)?;
    let state: GameState = state.parse().map_err(|_| ActionError::NotFound)?;
    let logged: i64 = score_entries::of(club)
        .filter(score_entries::game_id.eq(game))
        .count()
        .get_result(conn)?;
    Ok((event, state, logged > 0))
}

/// Moves a scheduled game (another draw or sheet), changes its teams or its first hammer,
/// with the checks of a new game. A started game is refused: it changes only through
/// scorekeeping corrections.
pub fn update_game(
    conn: &mut Conn,
    club: &OrgScope,
    game: i64,
    to: &Placement,
    now: i64,
) -> Result<(), ActionError> {
    let (event, state, logged) = scheduled_game(conn, club, game)?;
    if state != GameState::Scheduled || logged {
        return Err(ActionError::Refused(Text::GameStartedLocked));
    }
    setup::check_placement(conn, club, event, to.draw, to.sheet, to.teams, Some(game))?;
    if bracket::store::is_bracket_game(conn, club, game)? {
        // Its teams come from the bracket; only its place and hammer change here.
        let (one, two): (i64, i64) = games::of(club)
            .filter(games::id.eq(game))
            .select((games::team1_id, games::team2_id))
            .first(conn)?;
        if to.teams != [one, two] && to.teams != [two, one] {
            return Err(ActionError::Refused(Text::BracketGameDelete));
        }
        bracket::store::moved(conn, club, game, to.draw, to.sheet)?;
    }
    // Last-stone draws are kept per side: they follow their teams when the sides swap, and
    // go when a team changes (they were someone else's stones).
    let (one, two): (i64, i64) = games::of(club)
        .filter(games::id.eq(game))
        .select((games::team1_id, games::team2_id))
        .first(conn)?;
    let stones = lsd_stones::of(club).filter(lsd_stones::game_id.eq(game));
    if to.teams == [two, one] {
        // Written again with the sides swapped (each row must stay unique, and a side is 1 or
        // 2, on the way).
        type Row = (i64, i64, Option<i64>, Option<i64>, i64);
        let rows: Vec<Row> = stones
            .select((
                lsd_stones::side,
                lsd_stones::ordinal,
                lsd_stones::distance,
                lsd_stones::recorded_by,
                lsd_stones::recorded_at,
            ))
            .load(conn)?;
        diesel::delete(stones).execute(conn)?;
        for (side, ordinal, distance, by, at) in rows {
            lsd_stones::insert(
                club,
                (
                    lsd_stones::game_id.eq(game),
                    lsd_stones::side.eq(3 - side),
                    lsd_stones::ordinal.eq(ordinal),
                    lsd_stones::distance.eq(distance),
                    lsd_stones::recorded_by.eq(by),
                    lsd_stones::recorded_at.eq(at),
                ),
            )
            .execute(conn)?;
        }
    } else if to.teams != [one, two] {
        diesel::delete(stones).execute(conn)?;
    }
    diesel::update(games::of(club).filter(games::id.eq(game)))
        .set((
            games::draw_id.eq(to.draw),
            games::sheet_id.eq(to.sheet),
            games::team1_id.eq(to.teams[0]),
            games::team2_id.eq(to.teams[1]),
            games::first_side.eq(to.first_side.number()),
            games::version.eq(games::version + 1),
            games::updated_at.eq(now),
        ))
        .execute(conn)?;
    follow(conn, club, event, now)
}

/// What can be done to a game that has not been played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Cancel,
    /// A cancelled game is back on the schedule.
    Restore,
    /// The side forfeits: the game is final, a win for the other side.
    Forfeit(Side),
    /// A forfeit taken back: the game is scheduled again.
    Unforfeit,
}

/// A game goes back on the schedule only if its draw still has room for it and its teams
/// are still in the event.
fn back_on_schedule(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    game: i64,
) -> Result<(), ActionError> {
    let (draw, sheet, one, two): (i64, Option<i64>, i64, i64) = games::of(club)
        .filter(games::id.eq(game))
        .select((
            games::draw_id,
            games::sheet_id,
            games::team1_id,
            games::team2_id,
        ))
        .first(conn)?;
    setup::check_placement(conn, club, event, draw, sheet, [one, two], Some(game))
}

/// Cancels, restores, forfeits or un-forfeits a game that has not been played.
pub fn call_game(
    conn: &mut Conn,
    club: &OrgScope,
    game: i64,
    call: Call,
    now: i64,
) -> Result<(), ActionError> {
    let (event, state, logged) = scheduled_game(conn, club, game)?;
    let forfeited: Option<i64> = games::of(club)
        .filter(games::id.eq(game))
        .select(games::forfeited_by)
        .first(conn)?;
    let (state, forfeit) = match (call, state, logged) {
        (_, _, true) => return Err(ActionError::Refused(Text::GameStartedLocked)),
        (Call::Cancel, GameState::Scheduled, _) => (GameState::Cancelled, None),
        (Call::Forfeit(side), GameState::Scheduled, _) => (GameState::Final, Some(side)),
        (Call::Unforfeit, GameState::Final, _) if forfeited.is_some() => {
            back_on_schedule(conn, club, event, game)?;
            (GameState::Scheduled, None)
        }
        (Call::Restore, GameState::Cancelled, _) => {
            back_on_schedule(conn, club, event, game)?;
            (GameState::Scheduled, None)
        }
        _ => return Err(ActionError::Refused(Text::GameCallNotNow)),
    };
    diesel::update(games::of(club).filter(games::id.eq(game)))
        .set((
            games::state.eq(state.as_str()),
            games::forfeited_by.eq(forfeit.map(Side::number)),
            games::version.eq(games::version + 1),
            games::updated_at.eq(now),
        ))
        .execute(conn)?;
    // A forfeit made or taken back is a result: the club's webhooks hear of it (and then of
    // the bracket games it moves).
    if state == GameState::Final || forfeited.is_some() {
        if state == GameState::Final {
            let version: i64 = games::of(club)
                .filter(games::id.eq(game))
                .select(games::version)
                .first(conn)?;
            let data = serde_json::json!({
                "event_id": event, "game_id": game, "version": version, "state": state.as_str(),
            });
            crate::webhooks::emit(conn, club, EventType::GameFinished, data, now)?;
        }
        standings_changed(conn, club, event, now)?;
    }
    follow(conn, club, event, now)
}

/// Deletes a game that was never played (scheduled or cancelled).
pub fn delete_game(conn: &mut Conn, club: &OrgScope, game: i64) -> Result<i64, ActionError> {
    let (event, state, logged) = scheduled_game(conn, club, game)?;
    if logged || !matches!(state, GameState::Scheduled | GameState::Cancelled) {
        return Err(ActionError::Refused(Text::GameStartedLocked));
    }
    if bracket::store::is_bracket_game(conn, club, game)? {
        return Err(ActionError::Refused(Text::BracketGameDelete));
    }
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq(game))).execute(conn)?;
    diesel::delete(games::of(club).filter(games::id.eq(game))).execute(conn)?;
    // The last game of a round robin gone may complete its stage.
    follow(conn, club, event, unix_now())?;
    Ok(event)
}

/// Stores the order of a tie no criterion breaks (replacing an earlier decision for the
/// same teams). `ranked` must be exactly the tied teams.
pub fn decide_tie(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    tied: &[i64],
    ranked: &[i64],
    by: i64,
    now: i64,
) -> Result<(), ActionError> {
    let key = super::standings::tie_key(tied);
    if super::standings::tie_key(ranked) != key || ranked.len() < 2 {
        return Err(ActionError::Invalid(FieldErrors::one(
            "",
            Text::TieOrderInvalid,
        )));
    }
    // Only a tie the table shows as waiting for a decision (or one decided before).
    let board = board_of(conn, club, event)?;
    // Each pool's table has its own ties (the whole event's, without pools).
    let waiting = board.tables().into_iter().any(|pool| {
        let mut groups: std::collections::BTreeMap<usize, Vec<i64>> = Default::default();
        for row in super::standings::of_pool(&board, pool)
            .iter()
            .filter(|r| r.unresolved)
        {
            groups.entry(row.rank).or_default().push(row.team);
        }
        groups
            .values()
            .any(|group| super::standings::tie_key(group) == key)
    });
    let decided = board
        .decisions
        .iter()
        .any(|d| super::standings::tie_key(&d.ranked) == key);
    if !waiting && !decided {
        return Err(ActionError::Refused(Text::TieNotWaiting));
    }
    let ranked_text = ranked
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    diesel::delete(
        standing_decisions::of(club)
            .filter(standing_decisions::event_id.eq(event))
            .filter(standing_decisions::tied.eq(&key)),
    )
    .execute(conn)?;
    standing_decisions::insert(
        club,
        (
            standing_decisions::event_id.eq(event),
            standing_decisions::tied.eq(&key),
            standing_decisions::ranked.eq(ranked_text),
            standing_decisions::decided_by.eq(by),
            standing_decisions::decided_at.eq(now),
        ),
    )
    .execute(conn)?;
    follow(conn, club, event, now)?;
    standings_changed(conn, club, event, now)
}

/// Removes a stored tie decision (the tie is then shown as needing one again).
pub fn undecide_tie(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    tied: &[i64],
) -> Result<(), ActionError> {
    diesel::delete(
        standing_decisions::of(club)
            .filter(standing_decisions::event_id.eq(event))
            .filter(standing_decisions::tied.eq(super::standings::tie_key(tied))),
    )
    .execute(conn)?;
    let now = unix_now();
    follow(conn, club, event, now)?;
    standings_changed(conn, club, event, now)
}
