//! One event with everything on it — teams, draws, games and their logs — loaded in one read,
//! so a page or a live fragment renders from values and never queries.

use crate::db::Conn;
use std::collections::HashMap;

use diesel::prelude::*;

use super::bracket::Slot;
use super::bracket::store::Bracket;
use super::standings::{Decision, Ranking};
use super::{Draw, Event, Game, GameState, Player, Position, Team, lsd};
use crate::db::tenant::{
    OrgScope, draws, events, games, lsd_stones, players, score_entries, sheets, standing_decisions,
    teams,
};
use crate::sports::{Entry, Rules, Side};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub event: Event,
    /// The club's clock, which the board's times are shown on.
    pub zone: chrono_tz::Tz,
    pub teams: Vec<Team>,
    /// In time order.
    pub draws: Vec<Draw>,
    /// In draw order, then by sheet.
    pub games: Vec<Game>,
    /// Ties the event's managers decided.
    pub decisions: Vec<Decision>,
    /// Its playoffs and knockouts, oldest first.
    pub brackets: Vec<Bracket>,
}

impl Board {
    pub fn team(&self, id: i64) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub fn team_name(&self, id: i64) -> &str {
        self.team(id).map_or("?", |t| t.name.as_str())
    }

    /// The bracket game a real game is, with its bracket.
    pub fn bracket_slot(&self, game: i64) -> Option<(&Bracket, &Slot)> {
        self.brackets
            .iter()
            .find_map(|b| b.slot_of_game(game).map(|s| (b, s)))
    }

    /// Games of the round robin: every game not made by a bracket.
    pub fn round_robin_games(&self) -> impl Iterator<Item = &Game> {
        self.games
            .iter()
            .filter(|g| self.bracket_slot(g.id).is_none())
    }

    /// The pools teams play their round robin in, by name.
    pub fn pools(&self) -> Vec<&str> {
        let mut pools: Vec<&str> = self
            .teams
            .iter()
            .filter_map(|t| t.pool.as_deref())
            .collect();
        pools.sort_unstable();
        pools.dedup();
        pools
    }

    /// Whether `team` plays in `pool` (`None`: the whole event, every team).
    pub fn in_pool(&self, team: i64, pool: Option<&str>) -> bool {
        pool.is_none_or(|p| self.team(team).and_then(|t| t.pool.as_deref()) == Some(p))
    }

    /// The standings tables the event has: one per pool, or (without pools) the whole event.
    pub fn tables(&self) -> Vec<Option<&str>> {
        match self.pools().as_slice() {
            [] => vec![None],
            named => named.iter().map(|p| Some(*p)).collect(),
        }
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

    /// Draws after the current one, soonest first.
    pub fn upcoming_draws(&self) -> Vec<&Draw> {
        let Some(current) = self.current_draw() else {
            return Vec::new();
        };
        self.draws
            .iter()
            .filter(|d| (d.starts_at, d.id) > (current.starts_at, current.id))
            .collect()
    }

    /// The games `team` plays, in draw order.
    pub fn games_of(&self, team: i64) -> impl Iterator<Item = &Game> {
        self.games.iter().filter(move |g| g.teams.contains(&team))
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
type EventRow = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    i64,
    Option<i64>,
    String,
);

fn event_from_row(
    (id, _org, name, kind, public, rules, created_at, archived_at, ranking): EventRow,
) -> QueryResult<Event> {
    let bad = |what: String| diesel::result::Error::DeserializationError(what.into());
    let rules = serde_json::from_str::<Rules>(&rules)
        .map_err(|e| bad(format!("event {id}: rules: {e}")))?;
    Ok(Event {
        id,
        name,
        kind: kind
            .parse()
            .map_err(|_| bad(format!("event {id}: unknown kind {kind:?}")))?,
        public: public == 1,
        ranking: Ranking::parse_stored(&ranking, rules.sport()),
        rules,
        created_at,
        archived_at,
    })
}

/// The club's events, newest first.
pub fn events(conn: &mut Conn, club: &OrgScope) -> QueryResult<Vec<Event>> {
    events::of(club)
        .select(events::all_columns)
        .order(events::id.desc())
        .load::<EventRow>(conn)?
        .into_iter()
        .map(event_from_row)
        .collect()
}

pub fn event(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<Event>> {
    events::of(club)
        .filter(events::id.eq(id))
        .select(events::all_columns)
        .first::<EventRow>(conn)
        .optional()?
        .map(event_from_row)
        .transpose()
}

/// The event a game belongs to.
pub fn event_of_game(conn: &mut Conn, club: &OrgScope, game: i64) -> QueryResult<Option<i64>> {
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
    Option<i64>,
    i64,
    i64,
);

fn game_from_row(row: GameRow, sheets: &Sheets) -> QueryResult<Game> {
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
        forfeited,
        version,
        updated,
    ) = row;
    let bad = |what: String| diesel::result::Error::DeserializationError(what.into());
    Ok(Game {
        id,
        event_id,
        draw_id,
        sheet_id: sheet,
        sheet: sheet.and_then(|s| sheets.get(&s).map(|(name, _)| name.clone())),
        teams: [team1, team2],
        first_side: Side::from_number(first)
            .ok_or_else(|| bad(format!("game {id}: first side {first}")))?,
        state: state
            .parse()
            .map_err(|_| bad(format!("game {id}: state {state:?}")))?,
        conceded_by: conceded.and_then(Side::from_number),
        forfeited_by: forfeited.and_then(Side::from_number),
        version,
        updated_at: updated,
        entries: Vec::new(),
        lsd: Vec::new(),
    })
}

/// The club's sheets: name and place in its list, by id.
type Sheets = HashMap<i64, (String, i64)>;

fn sheets_of(conn: &mut Conn, club: &OrgScope) -> QueryResult<Sheets> {
    Ok(sheets::of(club)
        .select((sheets::id, sheets::name, sheets::position))
        .load::<(i64, String, i64)>(conn)?
        .into_iter()
        .map(|(id, name, position)| (id, (name, position)))
        .collect())
}

fn stones_of(
    conn: &mut Conn,
    club: &OrgScope,
    game_ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<lsd::Stone>>> {
    let rows: Vec<(i64, i64, i64, Option<i64>)> = lsd_stones::of(club)
        .filter(lsd_stones::game_id.eq_any(game_ids))
        .select((
            lsd_stones::game_id,
            lsd_stones::side,
            lsd_stones::ordinal,
            lsd_stones::distance,
        ))
        .order((lsd_stones::game_id, lsd_stones::side, lsd_stones::ordinal))
        .load(conn)?;
    let mut by_game: HashMap<i64, Vec<lsd::Stone>> = HashMap::new();
    for (game, side, ordinal, distance) in rows {
        let Some(side) = Side::from_number(side) else {
            continue;
        };
        by_game.entry(game).or_default().push(lsd::Stone {
            side,
            ordinal: u8::try_from(ordinal).unwrap_or(u8::MAX),
            distance: distance.and_then(|d| u16::try_from(d).ok()),
        });
    }
    Ok(by_game)
}

fn entries_of(
    conn: &mut Conn,
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
pub fn game(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<Game>> {
    let Some(row) = games::of(club)
        .filter(games::id.eq(id))
        .select(games::all_columns)
        .first::<GameRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let mut game = game_from_row(row, &sheets_of(conn, club)?)?;
    game.entries = entries_of(conn, club, &[id])?
        .remove(&id)
        .unwrap_or_default();
    game.lsd = stones_of(conn, club, &[id])?
        .remove(&id)
        .unwrap_or_default();
    Ok(Some(game))
}

/// Everything about one event, its times on the club's clock `zone`; `None` if the club has
/// no such event.
pub fn load(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    zone: chrono_tz::Tz,
) -> QueryResult<Option<Board>> {
    let Some(event) = event(conn, club, id)? else {
        return Ok(None);
    };
    let team_rows: Vec<(i64, String, Option<i64>, Option<String>)> = teams::of(club)
        .filter(teams::event_id.eq(id))
        .select((teams::id, teams::name, teams::withdrawn_at, teams::pool))
        .order(teams::name)
        .load(conn)?;
    let team_ids: Vec<i64> = team_rows.iter().map(|(id, _, _, _)| *id).collect();
    let player_rows: Vec<(i64, String, String)> = players::of(club)
        .filter(players::team_id.eq_any(&team_ids))
        .select((players::team_id, players::name, players::position))
        .order((players::team_id, players::ordinal))
        .load(conn)?;
    let teams = team_rows
        .into_iter()
        .map(|(team_id, name, withdrawn_at, pool)| Team {
            id: team_id,
            name,
            withdrawn: withdrawn_at.is_some(),
            pool,
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
        .map(|(id, starts_at)| Draw {
            id,
            starts_at,
            local: crate::clubs::clock::wall(zone, starts_at).unwrap_or_default(),
        })
        .collect::<Vec<_>>();
    let sheets = sheets_of(conn, club)?;
    let mut games = games::of(club)
        .filter(games::event_id.eq(id))
        .select(games::all_columns)
        .load::<GameRow>(conn)?
        .into_iter()
        .map(|row| game_from_row(row, &sheets))
        .collect::<QueryResult<Vec<Game>>>()?;
    let ids: Vec<i64> = games.iter().map(|g| g.id).collect();
    let mut entries = entries_of(conn, club, &ids)?;
    let mut stones = stones_of(conn, club, &ids)?;
    let draw_order: HashMap<i64, usize> =
        draws.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    for game in &mut games {
        game.entries = entries.remove(&game.id).unwrap_or_default();
        game.lsd = stones.remove(&game.id).unwrap_or_default();
    }
    let place = |g: &Game| g.sheet_id.and_then(|s| sheets.get(&s)).map(|(_, p)| *p);
    games.sort_by_key(|g| (draw_order.get(&g.draw_id).copied(), place(g), g.id));
    let decisions = standing_decisions::of(club)
        .filter(standing_decisions::event_id.eq(id))
        .select(standing_decisions::ranked)
        .load::<String>(conn)?
        .into_iter()
        .map(|ranked| Decision {
            ranked: ranked.split(',').filter_map(|t| t.parse().ok()).collect(),
        })
        .collect();
    Ok(Some(Board {
        event,
        zone,
        teams,
        draws,
        games,
        decisions,
        brackets: super::bracket::store::load(conn, club, id)?,
    }))
}

/// An event as a club's page lists it: whether a game is in play, its next and last draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    pub event: Event,
    pub live: bool,
    /// The next draw's start (at or after `now`).
    pub next: Option<i64>,
    /// The latest draw's start before `now`.
    pub last: Option<i64>,
}

/// Every event of the club, summarised as of `now` (archived ones too; callers filter).
pub fn summaries(conn: &mut Conn, club: &OrgScope, now: i64) -> QueryResult<Vec<EventSummary>> {
    let all = events(conn, club)?;
    let live: Vec<i64> = games::of(club)
        .filter(games::state.eq(GameState::Live.as_str()))
        .select(games::event_id)
        .distinct()
        .load(conn)?;
    let times: Vec<(i64, i64)> = draws::of(club)
        .select((draws::event_id, draws::starts_at))
        .load(conn)?;
    Ok(all
        .into_iter()
        .map(|event| {
            let of = || {
                times
                    .iter()
                    .filter(|(e, _)| *e == event.id)
                    .map(|(_, at)| *at)
            };
            EventSummary {
                live: live.contains(&event.id),
                next: of().filter(|at| *at >= now).min(),
                last: of().filter(|at| *at < now).max(),
                event,
            }
        })
        .collect())
}
