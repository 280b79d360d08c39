//! Spares: a member who cannot play a game asks for someone to take their place, the
//! members who could are told in turn, and the first to accept fills it (COMPETITIONS.md
//! section 5.4).
//!
//! - [`plan`] decides who is told when (pure, unit-tested).
//! - [`store`] keeps requests, availability and team members, and answers who may fill what.
//! - [`mine`] is a member's own games (their teams', and those they spare).
//! - [`notices`] is the jobs: the staggered notifications, the emails that follow a change,
//!   and requests expiring at game start.

pub mod mine;
pub mod notices;
pub mod plan;
pub mod store;

use crate::i18n::Text;
use crate::scoring::Position;

pub use plan::{Candidate, Notice, Plan, Timing};
pub use store::{Availability, Request, SpareBoard};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Filled,
    Cancelled,
    /// Its game started with nobody found.
    Expired,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Filled => "filled",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [
            Status::Open,
            Status::Filled,
            Status::Cancelled,
            Status::Expired,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    pub fn text(self) -> Text {
        match self {
            Status::Open => Text::SpareStatusOpen,
            Status::Filled => Text::SpareStatusFilled,
            Status::Cancelled => Text::SpareStatusCancelled,
            Status::Expired => Text::SpareStatusExpired,
        }
    }
}

/// Who sees a request: the club's spare list, or only the members named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Public,
    Private,
}

impl Kind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Public => "public",
            Kind::Private => "private",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "public" => Some(Kind::Public),
            "private" => Some(Kind::Private),
            _ => None,
        }
    }
}

/// The positions a spare can be asked for, in the sport's vocabulary (pickleball has one).
pub fn positions(sport: crate::sports::Sport) -> &'static [Position] {
    match sport {
        crate::sports::Sport::Curling => &[
            Position::Lead,
            Position::Second,
            Position::Vice,
            Position::Skip,
        ],
        crate::sports::Sport::Pickleball => &[Position::Player],
    }
}

/// Reads a stored or submitted position; an alternate spares as a lead.
pub fn position(text: &str) -> Option<Position> {
    match text {
        "lead" | "alternate" => Some(Position::Lead),
        "second" => Some(Position::Second),
        "vice" | "third" => Some(Position::Vice),
        "skip" | "fourth" => Some(Position::Skip),
        "player" => Some(Position::Player),
        _ => None,
    }
}

/// Lead 1 … skip 4; pickleball's one position is 0.
fn rank(position: Position) -> i64 {
    match position {
        Position::Lead | Position::Alternate => 1,
        Position::Second => 2,
        Position::Vice => 3,
        Position::Skip => 4,
        Position::Player => 0,
    }
}

/// Whether someone who plays `declared` (and accepts up to `max_up` positions above them)
/// can fill `wanted`. Playing down is not implied: a member ticks every position they play.
pub fn can_fill(declared: &[Position], max_up: i64, wanted: Position) -> bool {
    declared.iter().any(|p| {
        let up = rank(wanted) - rank(*p);
        *p == wanted || (rank(*p) > 0 && (0..=max_up).contains(&up))
    })
}

/// The positions stored as text (`lead,skip`), unknown words left out.
pub fn parse_positions(text: &str) -> Vec<Position> {
    let mut out: Vec<Position> = text.split(',').filter_map(position).collect();
    out.dedup();
    out
}

pub fn join_positions(positions: &[Position]) -> String {
    positions
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp9_a_lead_who_declared_only_lead_cannot_fill_a_skip_request_without_max_up() {
        assert!(!can_fill(&[Position::Lead], 0, Position::Skip));
        assert!(can_fill(&[Position::Lead], 0, Position::Lead));
        // One position up: a lead may play second, not vice.
        assert!(can_fill(&[Position::Lead], 1, Position::Second));
        assert!(!can_fill(&[Position::Lead], 1, Position::Vice));
        assert!(can_fill(&[Position::Lead], 3, Position::Skip));
        // Down is not implied.
        assert!(!can_fill(&[Position::Skip], 3, Position::Lead));
        assert!(can_fill(
            &[Position::Skip, Position::Lead],
            0,
            Position::Lead
        ));
        assert!(can_fill(&[Position::Player], 0, Position::Player));
        assert!(!can_fill(&[], 3, Position::Lead));
    }

    #[test]
    fn positions_read_the_clubs_words() {
        assert_eq!(
            parse_positions("lead,third,fourth,bogus"),
            vec![Position::Lead, Position::Vice, Position::Skip]
        );
        assert_eq!(join_positions(&parse_positions("skip,lead")), "skip,lead");
        assert_eq!(Status::parse("filled"), Some(Status::Filled));
        assert_eq!(Status::parse("nope"), None);
        assert_eq!(Kind::parse("private"), Some(Kind::Private));
    }
}
