//! A member's own games in one club: their teams' games, plus the games they fill as a
//! spare, minus the games a spare has taken from them. The club page lists the next ones;
//! the member's calendar feed carries them all.

use crate::db::Conn;
use std::collections::{BTreeMap, HashSet};

use diesel::prelude::*;

use super::Status;
use super::store;
use crate::db::tenant::{OrgScope, spare_requests};
use crate::scoring::board::{self, Board};

/// One event's board and which of its games are the member's.
pub struct MyEvent {
    pub board: Board,
    pub games: HashSet<i64>,
    /// Of those, the games they play as a spare.
    pub spares: HashSet<i64>,
}

pub fn events_of(
    conn: &mut Conn,
    club: &OrgScope,
    account: i64,
    zone: chrono_tz::Tz,
) -> QueryResult<Vec<MyEvent>> {
    let mut wanted: BTreeMap<i64, (HashSet<i64>, HashSet<i64>)> = BTreeMap::new();
    let teams = store::teams_of(conn, club, account)?;
    for (event, _) in &teams {
        wanted.entry(*event).or_default();
    }
    for (event, game) in store::spared_by(conn, club, account)? {
        wanted.entry(event).or_default().1.insert(game);
    }
    // Games where a spare plays in their place.
    let replaced: HashSet<i64> = spare_requests::of(club)
        .filter(spare_requests::requester_id.eq(account))
        .filter(spare_requests::status.eq(Status::Filled.as_str()))
        .select(spare_requests::game_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for (event, (_, spares)) in wanted {
        let Some(board) = board::load(conn, club, event, zone)? else {
            continue;
        };
        let mine: HashSet<i64> = teams
            .iter()
            .filter(|(e, _)| *e == event)
            .map(|(_, t)| *t)
            .collect();
        let games: HashSet<i64> = board
            .games
            .iter()
            .filter(|g| {
                spares.contains(&g.id)
                    || (g.teams.iter().any(|t| mine.contains(t)) && !replaced.contains(&g.id))
            })
            .map(|g| g.id)
            .collect();
        out.push(MyEvent {
            board,
            games,
            spares,
        });
    }
    Ok(out)
}

/// One line of "my games".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyGame {
    pub event: i64,
    pub event_name: String,
    pub game: i64,
    pub starts_at: i64,
    pub local: chrono::NaiveDateTime,
    pub sheet: Option<String>,
    pub teams: String,
    pub spare: bool,
}

/// The member's games still to come, soonest first, at most `limit`.
pub fn upcoming(events: &[MyEvent], now: i64, limit: usize) -> Vec<MyGame> {
    let mut out: Vec<MyGame> = events
        .iter()
        .flat_map(|e| {
            e.board
                .games
                .iter()
                .filter(|g| e.games.contains(&g.id))
                .filter(|g| g.state != crate::scoring::GameState::Cancelled)
                .filter_map(move |g| {
                    let draw = e.board.draw(g.draw_id)?;
                    (draw.starts_at + 3 * 3600 > now).then(|| MyGame {
                        event: e.board.event.id,
                        event_name: e.board.event.name.clone(),
                        game: g.id,
                        starts_at: draw.starts_at,
                        local: draw.local,
                        sheet: g.sheet.clone(),
                        teams: format!(
                            "{} – {}",
                            e.board.team_name(g.teams[0]),
                            e.board.team_name(g.teams[1])
                        ),
                        spare: e.spares.contains(&g.id),
                    })
                })
        })
        .collect();
    out.sort_by_key(|g| (g.starts_at, g.game));
    out.truncate(limit);
    out
}
