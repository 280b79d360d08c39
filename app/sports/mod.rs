//! The sports Clubhouse knows. Each configured sport gets its own database file
//! (`db/<sport>.db`) with the same schema; per-sport rules will live here behind one trait.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sport {
    Curling,
    Pickleball,
}

impl Sport {
    pub const ALL: [Sport; 2] = [Sport::Curling, Sport::Pickleball];

    /// The name used in settings, URLs and the database file name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Sport::Curling => "curling",
            Sport::Pickleball => "pickleball",
        }
    }
}

impl fmt::Display for Sport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown sport {0:?}")]
pub struct UnknownSport(pub String);

impl FromStr for Sport {
    type Err = UnknownSport;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sport::ALL
            .into_iter()
            .find(|sport| sport.as_str() == s)
            .ok_or_else(|| UnknownSport(s.to_string()))
    }
}

pub mod curling;
pub mod pickleball;

use serde::{Deserialize, Serialize};

/// One of the two teams of a game: the first listed or the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    One,
    Two,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::One, Side::Two];

    pub fn other(self) -> Side {
        match self {
            Side::One => Side::Two,
            Side::Two => Side::One,
        }
    }

    /// 0 or 1, for `[T; 2]` per-side arrays.
    pub fn index(self) -> usize {
        match self {
            Side::One => 0,
            Side::Two => 1,
        }
    }

    /// 1 or 2, as stored.
    pub fn number(self) -> i64 {
        self.index() as i64 + 1
    }

    pub fn from_number(n: i64) -> Option<Side> {
        match n {
            1 => Some(Side::One),
            2 => Some(Side::Two),
            _ => None,
        }
    }
}

/// The rules an event plays by, chosen when the event is created. Stored as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "sport", rename_all = "snake_case")]
pub enum Rules {
    Curling(curling::Rules),
    Pickleball(pickleball::Rules),
}

impl Rules {
    pub fn sport(&self) -> Sport {
        match self {
            Rules::Curling(_) => Sport::Curling,
            Rules::Pickleball(_) => Sport::Pickleball,
        }
    }
}

/// One entry of a game's log as stored: a curling end (`points` to `side`, or a blank end
/// with no side and 0 points) or a pickleball rally (won by `side`, `points` = 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub side: Option<Side>,
    pub points: u8,
}

/// How a game ended (or not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Won(Side),
    /// Curling without extra ends: level after the last end.
    Tied,
}

/// Why an entry breaks the rules. The text for people is in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the game is over")]
    GameOver,
    #[error("an end scores at most {max} points")]
    TooManyPoints { max: u8 },
    #[error("a scored end needs the team that scored")]
    NoTeam,
    #[error("a rally needs the team that won it")]
    NoRallyWinner,
    #[error("there is nothing to undo")]
    NothingToUndo,
    #[error("no such end")]
    NoSuchEnd,
}
