//! An event's games, or one team's, as a calendar feed: the window (30 days back, a year
//! ahead), cancelled games kept 30 days, and each game's SEQUENCE, which goes up only when
//! its time, sheet, teams or state change (scoring an end changes nothing here).

use crate::db::Conn;
use std::collections::HashMap;

use diesel::prelude::*;

use super::GameState;
use super::board::Board;
use crate::calendar::{Entry, Feed};
use crate::clubs::Club;
use crate::db::tenant::{OrgScope, calendar_entries};
use crate::sports::{Rules, Side};

const DAY: i64 = 24 * 3600;

/// What a game's calendar entry depends on.
pub fn fingerprint(board: &Board, game: &super::Game) -> String {
    let at = board.draw(game.draw_id).map_or(0, |d| d.starts_at);
    format!(
        "{at}|{}|{}|{}|{}",
        game.sheet_id.unwrap_or(0),
        game.teams[0],
        game.teams[1],
        game.state == GameState::Cancelled
    )
}

/// Each game's (sequence, changed at) as stored.
pub fn stored(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
) -> QueryResult<HashMap<i64, (String, i64, i64)>> {
    Ok(calendar_entries::of(club)
        .filter(calendar_entries::event_id.eq(event))
        .select((
            calendar_entries::game_id,
            calendar_entries::fingerprint,
            calendar_entries::sequence,
            calendar_entries::changed_at,
        ))
        .load::<(i64, String, i64, i64)>(conn)?
        .into_iter()
        .map(|(g, f, s, c)| (g, (f, s, c)))
        .collect())
}

/// Whether `stored` already says what `current` (game, fingerprint) says.
pub fn up_to_date(stored: &HashMap<i64, (String, i64, i64)>, current: &[(i64, String)]) -> bool {
    stored.len() == current.len()
        && current
            .iter()
            .all(|(g, f)| stored.get(g).is_some_and(|(s, _, _)| s == f))
}

/// Brings the stored entries in line with `current`: a new game starts at sequence 0, a
/// changed one goes up by one (changed at `now`), a game gone is forgotten.
pub fn record(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    current: &[(i64, String)],
    now: i64,
) -> QueryResult<HashMap<i64, (String, i64, i64)>> {
    let before = stored(conn, club, event)?;
    for (game, print) in current {
        match before.get(game) {
            Some((old, _, _)) if old == print => {}
            Some((_, sequence, _)) => {
                diesel::update(
                    calendar_entries::of(club).filter(calendar_entries::game_id.eq(game)),
                )
                .set((
                    calendar_entries::fingerprint.eq(print),
                    calendar_entries::sequence.eq(sequence + 1),
                    calendar_entries::changed_at.eq(now),
                ))
                .execute(conn)?;
            }
            None => {
                calendar_entries::insert(
                    club,
                    (
                        calendar_entries::game_id.eq(game),
                        calendar_entries::event_id.eq(event),
                        calendar_entries::fingerprint.eq(print),
                        calendar_entries::sequence.eq(0),
                        calendar_entries::changed_at.eq(now),
                    ),
                )
                .execute(conn)?;
            }
        }
    }
    let gone: Vec<i64> = before
        .keys()
        .filter(|g| !current.iter().any(|(c, _)| c == *g))
        .copied()
        .collect();
    diesel::delete(calendar_entries::of(club).filter(calendar_entries::game_id.eq_any(&gone)))
        .execute(conn)?;
    stored(conn, club, event)
}

/// Where the feed's links and ids point: the host in its ids, and each game's page.
pub struct Site<'a> {
    pub host: &'a str,
    pub game_url: &'a dyn Fn(i64) -> String,
}

/// The feed of the event's games (`team`: only that team's).
pub fn feed(
    club: &Club,
    board: &Board,
    team: Option<i64>,
    entries_stored: &HashMap<i64, (String, i64, i64)>,
    site: &Site,
    now: i64,
) -> Feed {
    let name = match team.and_then(|t| board.team(t)) {
        Some(t) => format!("{} — {} · {}", t.name, board.event.name, club.name),
        None => format!("{} · {}", board.event.name, club.name),
    };
    let pick = |g: &super::Game| team.is_none_or(|t| g.teams.contains(&t));
    Feed {
        club: club.slug.clone(),
        name,
        zone: crate::clubs::clock::zone(club).name().to_string(),
        entries: entries(club, board, &pick, entries_stored, site, now),
    }
}

/// The entries of the board's games that `pick` chooses, in the feed's window.
pub fn entries(
    club: &Club,
    board: &Board,
    pick: &dyn Fn(&super::Game) -> bool,
    entries: &HashMap<i64, (String, i64, i64)>,
    site: &Site,
    now: i64,
) -> Vec<Entry> {
    let minutes = match board.event.rules {
        Rules::Curling(_) => 120,
        Rules::Pickleball(_) => 90,
    };
    let mut out = Vec::new();
    for game in &board.games {
        if !pick(game) {
            continue;
        }
        let (Some(draw), Some((_, sequence, changed_at))) =
            (board.draw(game.draw_id), entries.get(&game.id))
        else {
            continue;
        };
        let cancelled = game.state == GameState::Cancelled;
        if draw.starts_at < now - 30 * DAY
            || draw.starts_at > now + 365 * DAY
            || (cancelled && *changed_at < now - 30 * DAY)
        {
            continue;
        }
        let sheet = game.sheet.as_deref().unwrap_or("");
        let teams = format!(
            "{} v {}",
            board.team_name(game.team(Side::One)),
            board.team_name(game.team(Side::Two))
        );
        let url = (site.game_url)(game.id);
        out.push(Entry {
            uid: format!("game-{}@{}", game.id, site.host),
            changed_at: *changed_at,
            start: draw.starts_at,
            end: draw.starts_at + minutes * 60,
            summary: if sheet.is_empty() {
                teams
            } else {
                format!("{teams} · {sheet}")
            },
            location: if sheet.is_empty() {
                club.name.clone()
            } else {
                format!("{} — {sheet}", club.name)
            },
            description: format!("{}\n{url}", board.event.name),
            url,
            category: board.event.name.clone(),
            cancelled,
            sequence: *sequence,
        });
    }
    out
}
