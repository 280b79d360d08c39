//! One event with everything on it — teams, draws, games and their logs — loaded in one read,
//! so a page or a live fragment renders from values and never queries.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{Draw, Event, Game, GameState, Player, Position, Team};
use crate::db::tenant::{OrgScope, draws, events, games, players, score_entries, sheets, teams};
use crate::sports::{Entry, Rules, Side};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub event: Event,
    pub teams: Vec<Team>,
    /// In time order.
    pub draws: Vec<Draw>,
    /// In draw order, then by sheet.
    pub games: Vec<Game>,
}

impl Board {
    pub fn team(&self, id: i64) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub fn team_name(&self, id: i64) -> &str {
        self.team(id).map_or("?", |t| t.name.as_str())
    }

    pub fn game(&self, id: i64) -> Option<&Game> {
        self.games.iter().find(|g| g.id == id)
    }

    pub fn games_in(&self, draw: i64) -> impl Iterator<Item = &Game> {
        self.games.iter().filter(move |g| g.draw_id == draw)
    }

    pub fn draw(&self, id: i64) -> Option<&Draw> {
        self.draws.iter().find(|d| d.id == id)
    }

    /// The draw the club is watching: the latest one with a game in play; otherwise the first
    /// with a game still to play; otherwise the last one.
    pub fn current_draw(&self) -> Option<&Draw> {
        let with =
            |state: GameState| move |d: &&Draw| self.games_in(d.id).any(|g| g.state == state);
        self.draws
            .iter()
            .rev()
            .find(with(GameState::Live))
            .or_else(|| self.draws.iter().find(with(GameState::Scheduled)))
            .or_else(|| self.draws.last())
    }

    /// Draws before the current one, most recent first.
    pub fn past_draws(&self) -> Vec<&Draw> {
        let Some(current) = self.current_draw() else {
            return Vec::new();
        };
        let mut past: Vec<&Draw> = self
            .draws
            .iter()
            .filter(|d| (d.starts_at, d.id) < (current.starts_at, current.id))
            .collect();
        past.reverse();
        past
    }
}

/// Every column of `events`, `org_id` second.
type EventRow = (i64, i64, String, String, i64, String, i64);

fn event_from_row(
    (id, _org, name, kind, public, rules, created_at): EventRow,
) -> QueryResult<Event> {
    let bad = |what: String| diesel::result::Error::DeserializationError(what.into());
    Ok(Event {
        id,
        name,
        kind: kind
            .parse()
            .map_err(|_| bad(format!("event {id}: unknown kind {kind:?}")))?,
        public: public == 1,
        rules: serde_json::from_str::<Rules>(&rules)
            .map_err(|e| bad(format!("event {id}: rules: {e}")))?,
        created_at,
    })
}

/// The club's events, newest first.
pub fn events(conn: &mut SqliteConnection, club: &OrgScope) -> QueryResult<Vec<Event>> {
    events::of(club)
        .select(events::all_columns)
        .order(events::id.desc())
        .load::<EventRow>(conn)?
        .into_iter()
        .map(event_from_row)
        .collect()
}

pub fn event(conn: &mut SqliteConnection, club: &OrgScope, id: i64) -> QueryResult<Option<Event>> {
    events::of(club)
        .filter(events::id.eq(id))
        .select(events::all_columns)
        .first::<EventRow>(conn)
        .optional()?
        .map(event_from_row)
        .transpose()
}

/// The event a game belongs to.
pub fn event_of_game(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    game: i64,
) -> QueryResult<Option<i64>> {
    games::of(club)
        .filter(games::id.eq(game))
        .select(games::event_id)
        .first(conn)
        .optional()
}

/// Every column of `games`, `org_id` second.
type GameRow = (
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    i64,
    i64,
);

fn game_from_row(row: GameRow, sheet_names: &HashMap<i64, String>) -> QueryResult<Game> {
    let (
        id,
        _org,
        event_id,
        draw_id,
        sheet,
        team1,
        team2,
        first,
        state,
        conceded,
        version,
        updated,
    ) = row;
    let bad = |what: String| diesel::result::Error::DeserializationError(what.into());
    Ok(Game {
        id,
        event_id,
        draw_id,
        sheet: sheet.and_then(|s| sheet_names.get(&s).cloned()),
        teams: [team1, team2],
        first_side: Side::from_number(first)
            .ok_or_else(|| bad(format!("game {id}: first side {first}")))?,
        state: state
            .parse()
            .map_err(|_| bad(format!("game {id}: state {state:?}")))?,
        conceded_by: conceded.and_then(Side::from_number),
        version,
        updated_at: updated,
        entries: Vec::new(),
    })
}

fn sheet_names(conn: &mut SqliteConnection, club: &OrgScope) -> QueryResult<HashMap<i64, String>> {
    Ok(sheets::of(club)
        .select((sheets::id, sheets::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

fn entries_of(
    conn: &mut SqliteConnection,
    club: &OrgScope,
    game_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<Entry>>> {
    let rows: Vec<(i64, Option<i64>, i64)> = score_entries::of(club)
        .filter(score_entries::game_id.eq_any(game_ids))
        .select((
            score_entries::game_id,
            score_entries::side,
            score_entries::points,
        ))
        .order((score_entries::game_id, score_entries::seq))
        .load(conn)?;
    let mut by_game: HashMap<i64, Vec<Entry>> = HashMap::new();
    for (game, side, points) in rows {
        by_game.entry(game).or_default().push(Entry {
            side: side.and_then(Side::from_number),
            points: u8::try_from(points).unwrap_or(u8::MAX),
        });
    }
    Ok(by_game)
}

/// One game with its log (for the scorekeeper's actions).
pub fn game(conn: &mut SqliteConnection, club: &OrgScope, id: i64) -> QueryResult<Option<Game>> {
    let Some(row) = games::of(club)
        .filter(games::id.eq(id))
        .select(games::all_columns)
        .first::<GameRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let mut game = game_from_row(row, &sheet_names(conn, club)?)?;
    game.entries = entries_of(conn, club, &[id])?
        .remove(&id)
        .unwrap_or_default();
    Ok(Some(game))
}

/// Everything about one event; `None` if the club has no such event.
pub fn load(conn: &mut SqliteConnection, club: &OrgScope, id: i64) -> QueryResult<Option<Board>> {
    let Some(event) = event(conn, club, id)? else {
        return Ok(None);
    };
    let team_rows: Vec<(i64, String)> = teams::of(club)
        .filter(teams::event_id.eq(id))
        .select((teams::id, teams::name))
        .order(teams::name)
        .load(conn)?;
    let team_ids: Vec<i64> = team_rows.iter().map(|(id, _)| *id).collect();
    let player_rows: Vec<(i64, String, String)> = players::of(club)
        .filter(players::team_id.eq_any(&team_ids))
        .select((players::team_id, players::name, players::position))
        .order((players::team_id, players::ordinal))
        .load(conn)?;
    let teams = team_rows
        .into_iter()
        .map(|(team_id, name)| Team {
            id: team_id,
            name,
            players: player_rows
                .iter()
                .filter(|(t, _, _)| *t == team_id)
                .map(|(_, name, position)| Player {
                    name: name.clone(),
                    position: position.parse().unwrap_or(Position::Player),
                })
                .collect(),
        })
        .collect();
    let draws = draws::of(club)
        .filter(draws::event_id.eq(id))
        .select((draws::id, draws::starts_at))
        .order((draws::starts_at, draws::id))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .map(|(id, starts_at)| Draw { id, starts_at })
        .collect::<Vec<_>>();
    let names = sheet_names(conn, club)?;
    let mut games = games::of(club)
        .filter(games::event_id.eq(id))
        .select(games::all_columns)
        .load::<GameRow>(conn)?
        .into_iter()
        .map(|row| game_from_row(row, &names))
        .collect::<QueryResult<Vec<Game>>>()?;
    let ids: Vec<i64> = games.iter().map(|g| g.id).collect();
    let mut entries = entries_of(conn, club, &ids)?;
    let draw_order: HashMap<i64, usize> =
        draws.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    for game in &mut games {
        game.entries = entries.remove(&game.id).unwrap_or_default();
    }
    games.sort_by(|a, b| {
        (draw_order.get(&a.draw_id), &a.sheet, a.id).cmp(&(
            draw_order.get(&b.draw_id),
            &b.sheet,
            b.id,
        ))
    });
    Ok(Some(Board {
        event,
        teams,
        draws,
        games,
    }))
}
