//! Competitions and live scoring: events, teams, draws, games, and the score of each game
//! derived from its log of ends or rallies. Domain code: synchronous functions on a
//! connection to the club's sport file, always through an [`OrgScope`].
//!
//! - [`setup`]: creating events, teams, draws and games.
//! - [`keeping`]: the scorekeeper's actions, with version checks and the audit trail.
//! - [`board`]: everything about one event, loaded at once, for pages and live fragments.
//! - [`edit`]: correcting and removing what setup made, with the same checks.
//! - [`lsd`]: last-stone draws, which set the first hammer and rank ties.
//! - [`schedule`]: the round-robin generator and its fairness figures.
//! - [`standings`]: the table, with the sport's tiebreakers, from final games.
//! - [`bracket`]: playoffs and knockouts that fill themselves from standings and results.
//! - [`calendar`]: an event's or a team's games as a calendar feed.

pub mod board;
pub mod bracket;
pub mod calendar;
pub mod edit;
pub mod history;
pub mod keeping;
pub mod lsd;
pub mod schedule;
pub mod setup;
pub mod standings;

use std::fmt;
use std::str::FromStr;

use crate::i18n::Text;
use crate::sports::curling::LineScore;
use crate::sports::pickleball::Match;
use crate::sports::{Entry, Outcome, Rules, Side};

/// What kind of competition an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    League,
    Bonspiel,
    Championship,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [
        EventKind::League,
        EventKind::Bonspiel,
        EventKind::Championship,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EventKind::League => "league",
            EventKind::Bonspiel => "bonspiel",
            EventKind::Championship => "championship",
        }
    }

    pub fn label(self) -> Text {
        match self {
            EventKind::League => Text::EventKindLeague,
            EventKind::Bonspiel => Text::EventKindBonspiel,
            EventKind::Championship => Text::EventKindChampionship,
        }
    }
}

impl FromStr for EventKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

/// scheduled → live → final; an admin may reopen a final game. A scheduled game may be
/// cancelled (and restored), or forfeited (it is then final without being played).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GameState {
    Scheduled,
    Live,
    Final,
    Cancelled,
}

impl GameState {
    pub const ALL: [GameState; 4] = [
        GameState::Scheduled,
        GameState::Live,
        GameState::Final,
        GameState::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            GameState::Scheduled => "scheduled",
            GameState::Live => "live",
            GameState::Final => "final",
            GameState::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> Text {
        match self {
            GameState::Scheduled => Text::GameScheduled,
            GameState::Live => Text::GameLive,
            GameState::Final => Text::GameFinal,
            GameState::Cancelled => Text::GameCancelled,
        }
    }
}

impl FromStr for GameState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        GameState::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

impl fmt::Display for GameState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub name: String,
    pub kind: EventKind,
    /// Anyone may watch (otherwise the club's members only).
    pub public: bool,
    pub rules: Rules,
    pub created_at: i64,
    /// Kept for the record, listed apart (an event with scores is archived, not deleted).
    pub archived_at: Option<i64>,
    /// How its standings are ranked.
    pub ranking: standings::Ranking,
}

/// A player's place on a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Skip,
    Vice,
    Second,
    Lead,
    Alternate,
    /// Pickleball has no positions.
    Player,
}

impl Position {
    pub const CURLING: [Position; 5] = [
        Position::Skip,
        Position::Vice,
        Position::Second,
        Position::Lead,
        Position::Alternate,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Position::Skip => "skip",
            Position::Vice => "vice",
            Position::Second => "second",
            Position::Lead => "lead",
            Position::Alternate => "alternate",
            Position::Player => "player",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Position::Skip => Text::PositionSkip,
            Position::Vice => Text::PositionVice,
            Position::Second => Text::PositionSecond,
            Position::Lead => Text::PositionLead,
            Position::Alternate => Text::PositionAlternate,
            Position::Player => Text::PositionPlayer,
        }
    }
}

impl FromStr for Position {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Position::CURLING
            .into_iter()
            .chain([Position::Player])
            .find(|p| p.as_str() == s)
            .ok_or(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub position: Position,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub players: Vec<Player>,
    /// Withdrew from the event: its played games stand, it plays no more.
    pub withdrawn: bool,
    /// The pool it plays its round robin in, if the event has pools.
    pub pool: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    pub id: i64,
    /// Unix seconds.
    pub starts_at: i64,
    /// The same moment on the club's clock.
    pub local: chrono::NaiveDateTime,
}

/// A game with its log, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Game {
    pub id: i64,
    pub event_id: i64,
    pub draw_id: i64,
    pub sheet_id: Option<i64>,
    pub sheet: Option<String>,
    /// Team ids of side one and side two.
    pub teams: [i64; 2],
    /// Hammer in the first end (curling) or first serve (pickleball).
    pub first_side: Side,
    pub state: GameState,
    pub conceded_by: Option<Side>,
    /// The side that forfeited (the game is final, never played).
    pub forfeited_by: Option<Side>,
    pub version: i64,
    pub updated_at: i64,
    pub entries: Vec<Entry>,
    /// The last-stone draws thrown before it.
    pub lsd: Vec<lsd::Stone>,
}

impl Game {
    pub fn team(&self, side: Side) -> i64 {
        self.teams[side.index()]
    }

    /// The side `team` plays on, if it plays in this game.
    pub fn side_of(&self, team: i64) -> Option<Side> {
        Side::BOTH.into_iter().find(|s| self.team(*s) == team)
    }

    /// The result of a final game (a forfeit counts as a loss for the side that forfeited);
    /// `None` for any other.
    pub fn result(&self, rules: &Rules) -> Option<Outcome> {
        if self.state != GameState::Final {
            return None;
        }
        match self.forfeited_by {
            Some(side) => Some(Outcome::Won(side.other())),
            None => self.score(rules).outcome(),
        }
    }

    /// Its state as people say it: a forfeit is not an ordinary final.
    pub fn label(&self) -> Text {
        match self.forfeited_by {
            Some(_) if self.state == GameState::Final => Text::GameForfeit,
            _ => self.state.label(),
        }
    }

    /// Whether anything was ever scored in it.
    pub fn started(&self) -> bool {
        self.state != GameState::Scheduled && self.state != GameState::Cancelled
            || !self.entries.is_empty()
    }

    /// The score, replayed from the log under the event's rules.
    pub fn score(&self, rules: &Rules) -> Score {
        Score::replay(rules, self.first_side, &self.entries, self.conceded_by)
    }
}

/// A game's score under its sport's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Score {
    Curling(LineScore),
    Pickleball(Match),
}

impl Score {
    /// Replays a stored log. Stored logs were checked entry by entry when written; should one
    /// not replay (rules edited by hand in the file), the score stops at the first bad entry.
    pub fn replay(
        rules: &Rules,
        first: Side,
        entries: &[Entry],
        conceded_by: Option<Side>,
    ) -> Score {
        match rules {
            Rules::Curling(r) => {
                let mut s = LineScore::new(*r, first);
                for e in entries {
                    if s.play(*e).is_err() {
                        break;
                    }
                }
                if let Some(side) = conceded_by {
                    let _ = s.concede(side);
                }
                Score::Curling(s)
            }
            Rules::Pickleball(r) => {
                let mut m = Match::new(*r, first);
                for e in entries {
                    if m.rally(*e).is_err() {
                        break;
                    }
                }
                if let Some(side) = conceded_by {
                    let _ = m.concede(side);
                }
                Score::Pickleball(m)
            }
        }
    }

    /// Replays strictly: the first entry that breaks the rules is an error.
    pub fn check(
        rules: &Rules,
        first: Side,
        entries: &[Entry],
        conceded_by: Option<Side>,
    ) -> Result<Score, (usize, crate::sports::RuleError)> {
        Ok(match rules {
            Rules::Curling(r) => {
                Score::Curling(LineScore::replay(*r, first, entries, conceded_by)?)
            }
            Rules::Pickleball(r) => {
                Score::Pickleball(Match::replay(*r, first, entries, conceded_by)?)
            }
        })
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Score::Curling(s) => s.outcome(),
            Score::Pickleball(m) => m.outcome(),
        }
    }

    /// The headline number for a side: curling points, pickleball games won.
    pub fn headline(&self, side: Side) -> u32 {
        match self {
            Score::Curling(s) => s.total(side),
            Score::Pickleball(m) => m.games_won(side) as u32,
        }
    }

    /// Points scored, for standings.
    pub fn points(&self, side: Side) -> u32 {
        match self {
            Score::Curling(s) => s.total(side),
            Score::Pickleball(m) => m.points(side),
        }
    }

    /// A compact, language-neutral record for the audit trail, e.g. `ends 1 0 2 · 3-2`.
    pub fn summary(&self) -> String {
        match self {
            Score::Curling(s) => {
                let ends: Vec<String> = s
                    .ends
                    .iter()
                    .map(|e| match e.scored_by {
                        Some(Side::One) => format!("A{}", e.points),
                        Some(Side::Two) => format!("B{}", e.points),
                        None => "0".to_string(),
                    })
                    .collect();
                let conceded = match s.conceded_by {
                    Some(Side::One) => " · A conceded",
                    Some(Side::Two) => " · B conceded",
                    None => "",
                };
                format!(
                    "ends [{}] · {}-{}{}",
                    ends.join(" "),
                    s.total(Side::One),
                    s.total(Side::Two),
                    conceded
                )
            }
            Score::Pickleball(m) => {
                let games: Vec<String> = m
                    .games
                    .iter()
                    .map(|g| format!("{}-{}", g.score(Side::One), g.score(Side::Two)))
                    .collect();
                let conceded = match m.conceded_by {
                    Some(Side::One) => " · A conceded",
                    Some(Side::Two) => " · B conceded",
                    None => "",
                };
                format!("games [{}]{}", games.join(", "), conceded)
            }
        }
    }
}
