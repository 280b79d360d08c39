//! A game's score changes read back as what happened ("end 3: Team Roy scored 2, 4–3"),
//! from the audit trail's own language-neutral records (`live · ends [A1 0 B2] · 3-2`,
//! `live · games [11-7, 3-2]`).

use super::keeping::ChangeRecord;
use crate::sports::Side;

/// A score as the trail records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Each end: who scored (none: blank) and how many.
    Ends(Vec<(Option<Side>, u32)>),
    /// Each game's points, side one then side two.
    Games(Vec<(u32, u32)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub state: String,
    pub score: Recorded,
    pub conceded: Option<Side>,
}

impl Snapshot {
    /// Side one's and side two's total (curling), or games won (pickleball).
    pub fn totals(&self) -> (u32, u32) {
        match &self.score {
            Recorded::Ends(ends) => ends.iter().fold((0, 0), |(a, b), e| match e.0 {
                Some(Side::One) => (a + e.1, b),
                Some(Side::Two) => (a, b + e.1),
                None => (a, b),
            }),
            Recorded::Games(games) => (
                games.iter().filter(|g| g.0 > g.1).count() as u32,
                games.iter().filter(|g| g.1 > g.0).count() as u32,
            ),
        }
    }
}

fn side(letter: &str) -> Option<Side> {
    match letter {
        "A" => Some(Side::One),
        "B" => Some(Side::Two),
        _ => None,
    }
}

/// Reads a record; `None` for one this module does not know (an older or foreign format).
pub fn parse(record: &str) -> Option<Snapshot> {
    let (state, rest) = record.split_once(" · ")?;
    let conceded = rest
        .rsplit_once(" · ")
        .and_then(|(_, tail)| tail.strip_suffix(" conceded"))
        .and_then(side);
    let open = rest.find('[')?;
    let close = rest.find(']')?;
    let inside = &rest[open + 1..close];
    let score = if rest.starts_with("ends") {
        let mut ends = Vec::new();
        for end in inside.split_whitespace() {
            if end == "0" {
                ends.push((None, 0));
            } else {
                let (letter, points) = end.split_at(1);
                ends.push((Some(side(letter)?), points.parse().ok()?));
            }
        }
        Recorded::Ends(ends)
    } else if rest.starts_with("games") {
        let mut games = Vec::new();
        for game in inside.split(", ").filter(|g| !g.is_empty()) {
            let (a, b) = game.split_once('-')?;
            games.push((a.parse().ok()?, b.parse().ok()?));
        }
        Recorded::Games(games)
    } else {
        return None;
    };
    Some(Snapshot {
        state: state.to_string(),
        score,
        conceded,
    })
}

/// What one change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    Started,
    /// End `end` (1-based): `by` scored `points` (none: a blank end).
    End {
        end: usize,
        by: Option<Side>,
        points: u32,
        after: Snapshot,
    },
    /// A rally of game `game` (1-based): `by` won a point, or the serve changed hands.
    Rally {
        game: usize,
        by: Option<Side>,
        after: Snapshot,
    },
    Undone {
        after: Snapshot,
    },
    /// End or rally `number` corrected.
    Corrected {
        number: usize,
        after: Snapshot,
    },
    Conceded(Side),
    Finished,
    Reopened,
    /// A bracket put the game back to scheduled (a result before it changed).
    Reset,
    /// A record this module cannot read: shown as it is.
    Unknown,
}

/// Reads one change of the trail.
pub fn happened(change: &ChangeRecord) -> Happened {
    match change.action.as_str() {
        "start" => return Happened::Started,
        "finish" => return Happened::Finished,
        "reopen" => return Happened::Reopened,
        "reset" => return Happened::Reset,
        _ => {}
    }
    let (Some(before), Some(after)) = (parse(&change.before), parse(&change.after)) else {
        return Happened::Unknown;
    };
    match change.action.as_str() {
        "undo" => Happened::Undone { after },
        "concede" => after.conceded.map_or(Happened::Unknown, Happened::Conceded),
        "edit" => match (&before.score, &after.score) {
            (Recorded::Ends(was), Recorded::Ends(is)) => {
                let number = was
                    .iter()
                    .zip(is)
                    .position(|(w, i)| w != i)
                    .map_or(0, |i| i + 1);
                Happened::Corrected { number, after }
            }
            _ => Happened::Corrected { number: 0, after },
        },
        "enter" => match (&before.score, &after.score) {
            (Recorded::Ends(_), Recorded::Ends(is)) => match is.last() {
                Some((by, points)) => Happened::End {
                    end: is.len(),
                    by: *by,
                    points: *points,
                    after,
                },
                None => Happened::Unknown,
            },
            (Recorded::Games(was), Recorded::Games(is)) => {
                let game = is.len().max(1);
                let now = is.last().copied().unwrap_or((0, 0));
                // A new game starts at 0-0 or with its first point.
                let then = if is.len() > was.len() {
                    (0, 0)
                } else {
                    was.last().copied().unwrap_or((0, 0))
                };
                let by = if now.0 > then.0 {
                    Some(Side::One)
                } else if now.1 > then.1 {
                    Some(Side::Two)
                } else {
                    None
                };
                Happened::Rally { game, by, after }
            }
            _ => Happened::Unknown,
        },
        _ => Happened::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(action: &str, before: &str, after: &str) -> ChangeRecord {
        ChangeRecord {
            id: 1,
            account_id: None,
            at: 0,
            action: action.into(),
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn an_end_reads_as_who_scored_how_many_and_the_score() {
        let h = happened(&change(
            "enter",
            "live · ends [A1 0] · 1-0",
            "live · ends [A1 0 B2] · 1-2",
        ));
        let Happened::End {
            end,
            by,
            points,
            after,
        } = h
        else {
            panic!("{h:?}")
        };
        assert_eq!((end, by, points), (3, Some(Side::Two), 2));
        assert_eq!(after.totals(), (1, 2));
        let blank = happened(&change(
            "enter",
            "live · ends [] · 0-0",
            "live · ends [0] · 0-0",
        ));
        assert!(matches!(
            blank,
            Happened::End {
                end: 1,
                by: None,
                ..
            }
        ));
    }

    #[test]
    fn rallies_side_outs_undos_and_concessions_are_read() {
        let point = happened(&change(
            "enter",
            "live · games [11-7, 3-2]",
            "live · games [11-7, 3-3]",
        ));
        assert!(matches!(
            point,
            Happened::Rally {
                game: 2,
                by: Some(Side::Two),
                ..
            }
        ));
        let side_out = happened(&change("enter", "live · games [3-2]", "live · games [3-2]"));
        assert!(matches!(side_out, Happened::Rally { by: None, .. }));
        let new_game = happened(&change(
            "enter",
            "live · games [11-9]",
            "live · games [11-9, 1-0]",
        ));
        assert!(matches!(
            new_game,
            Happened::Rally {
                game: 2,
                by: Some(Side::One),
                ..
            }
        ));
        let conceded = happened(&change(
            "concede",
            "live · ends [A1] · 1-0",
            "final · ends [A1] · 1-0 · B conceded",
        ));
        assert_eq!(conceded, Happened::Conceded(Side::Two));
        assert!(matches!(
            happened(&change(
                "undo",
                "final · ends [A1] · 1-0",
                "live · ends [] · 0-0"
            )),
            Happened::Undone { .. }
        ));
        assert!(matches!(
            happened(&change(
                "edit",
                "live · ends [A1 B2] · 1-2",
                "live · ends [A1 B3] · 1-3"
            )),
            Happened::Corrected { number: 2, .. }
        ));
        assert_eq!(
            happened(&change("enter", "nonsense", "x")),
            Happened::Unknown
        );
        assert_eq!(happened(&change("start", "", "")), Happened::Started);
    }
}
