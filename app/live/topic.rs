//! Topic names. A topic names what changes and the language its fragments are written in,
//! so each fragment is rendered once per language, never once per viewer.

use std::fmt;
use std::str::FromStr;

use crate::db::OrgId;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Everything on an event's pages: the current draw, standings, results.
    Event { org: OrgId, event: i64, lang: Lang },
    /// One game's line score.
    Game { org: OrgId, game: i64, lang: Lang },
    /// A program's spots left.
    Program {
        org: OrgId,
        program: i64,
        lang: Lang,
    },
    /// A club's registrations changed (for its admins' lists).
    Registrations { org: OrgId, lang: Lang },
    /// Progress of a club's data exports (for its owners and admins).
    Exports { org: OrgId, lang: Lang },
    /// An event's spare requests changed (each member's page fetches what it may see).
    Spares { org: OrgId, event: i64, lang: Lang },
    /// A club's court bookings changed (each grid fetches its day again).
    Courts { org: OrgId, lang: Lang },
}

impl Topic {
    pub fn org(&self) -> OrgId {
        match self {
            Topic::Event { org, .. }
            | Topic::Game { org, .. }
            | Topic::Program { org, .. }
            | Topic::Registrations { org, .. }
            | Topic::Exports { org, .. }
            | Topic::Spares { org, .. }
            | Topic::Courts { org, .. } => *org,
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Topic::Event { org, event, lang } => write!(f, "{}:event:{org}:{event}", lang.tag()),
            Topic::Game { org, game, lang } => write!(f, "{}:game:{org}:{game}", lang.tag()),
            Topic::Program { org, program, lang } => {
                write!(f, "{}:program:{org}:{program}", lang.tag())
            }
            Topic::Registrations { org, lang } => write!(f, "{}:registrations:{org}", lang.tag()),
            Topic::Exports { org, lang } => write!(f, "{}:exports:{org}", lang.tag()),
            Topic::Spares { org, event, lang } => write!(f, "{}:spares:{org}:{event}", lang.tag()),
            Topic::Courts { org, lang } => write!(f, "{}:courts:{org}", lang.tag()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown topic {0:?}")]
pub struct UnknownTopic(pub String);

impl FromStr for Topic {
    type Err = UnknownTopic;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownTopic(s.chars().take(100).collect());
        let parts: Vec<&str> = s.split(':').collect();
        let number = |v: &str| v.parse::<i64>().ok().filter(|n| *n > 0);
        if let [
            "en" | "fr",
            kind @ ("registrations" | "exports" | "courts"),
            org,
        ] = parts.as_slice()
        {
            let org = OrgId(number(org).ok_or_else(unknown)?);
            let lang = Lang::from_tag(parts[0]).ok_or_else(unknown)?;
            return Ok(match *kind {
                "registrations" => Topic::Registrations { org, lang },
                "courts" => Topic::Courts { org, lang },
                _ => Topic::Exports { org, lang },
            });
        }
        let [lang, kind, org, id] = parts.as_slice() else {
            return Err(unknown());
        };
        let lang = Lang::from_tag(lang).ok_or_else(unknown)?;
        let org = OrgId(number(org).ok_or_else(unknown)?);
        let id = number(id).ok_or_else(unknown)?;
        match *kind {
            "event" => Ok(Topic::Event {
                org,
                event: id,
                lang,
            }),
            "game" => Ok(Topic::Game {
                org,
                game: id,
                lang,
            }),
            "program" => Ok(Topic::Program {
                org,
                program: id,
                lang,
            }),
            "spares" => Ok(Topic::Spares {
                org,
                event: id,
                lang,
            }),
            _ => Err(unknown()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_round_trip_and_nonsense_is_refused() {
        let t = Topic::Game {
            org: OrgId(3),
            game: 7,
            lang: Lang::Fr,
        };
        assert_eq!(t.to_string(), "fr:game:3:7");
        assert_eq!("fr:game:3:7".parse::<Topic>(), Ok(t));
        for text in [
            "en:program:3:9",
            "fr:registrations:3",
            "en:event:2:4",
            "fr:exports:5",
            "en:spares:3:4",
            "fr:courts:2",
        ] {
            let topic: Topic = text.parse().expect(text);
            assert_eq!(topic.to_string(), text);
        }
        for bad in [
            "",
            "en:event:3",
            "de:event:1:2",
            "en:team:1:2",
            "en:event:x:2",
            "en:event:1:-2",
            "en:event:1:2:3",
            "en:registrations:0",
            "de:registrations:1",
            "en:registrations:1:2",
        ] {
            assert!(bad.parse::<Topic>().is_err(), "{bad}");
        }
    }
}
