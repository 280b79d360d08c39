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
