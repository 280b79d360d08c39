//! Curling's line score, end by end: who scored how many, who had the hammer, extra ends,
//! concession. Everything is derived from the list of ends; nothing is stored twice.

use serde::{Deserialize, Serialize};

use super::{Entry, Outcome, RuleError, Side};

/// Stones per team in an end, so the most one end can score.
const MAX_POINTS: u8 = 8;
/// Mixed doubles: five stones each, one pre-placed stone of each colour can count as well.
const MAX_POINTS_MIXED_DOUBLES: u8 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Ends in regulation: 8 or 10.
    pub ends: u8,
    pub mixed_doubles: bool,
    /// Play extra ends while tied after regulation (otherwise the game may end tied).
    pub extra_ends: bool,
}

impl Rules {
    pub const END_CHOICES: [u8; 2] = [8, 10];

    pub fn max_points(&self) -> u8 {
        if self.mixed_doubles {
            MAX_POINTS_MIXED_DOUBLES
        } else {
            MAX_POINTS
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            ends: 8,
            mixed_doubles: false,
            extra_ends: true,
        }
    }
}

/// One played end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct End {
    /// 1-based.
    pub number: usize,
    /// Who threw last stone in this end.
    pub hammer: Side,
    /// `None` for a blank end.
    pub scored_by: Option<Side>,
    pub points: u8,
}

/// A game's line score, replayed from its ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineScore {
    pub rules: Rules,
    pub ends: Vec<End>,
    /// Who has the hammer in the next end.
    pub hammer: Side,
    pub totals: [u32; 2],
    pub conceded_by: Option<Side>,
}

impl LineScore {
    /// A game not yet started, `first_hammer` having last stone in the first end.
    pub fn new(rules: Rules, first_hammer: Side) -> Self {
        LineScore {
            rules,
            ends: Vec::new(),
            hammer: first_hammer,
            totals: [0, 0],
            conceded_by: None,
        }
    }

    /// Replays stored entries; an entry that breaks the rules is an error naming it.
    pub fn replay(
        rules: Rules,
        first_hammer: Side,
        entries: &[Entry],
        conceded_by: Option<Side>,
    ) -> Result<Self, (usize, RuleError)> {
        let mut score = LineScore::new(rules, first_hammer);
        for (i, entry) in entries.iter().enumerate() {
            score.play(*entry).map_err(|e| (i + 1, e))?;
        }
        if let Some(side) = conceded_by {
            score.concede(side).map_err(|e| (entries.len().max(1), e))?;
        }
        Ok(score)
    }

    /// Records the next end: `points` to `scored_by`, or a blank end (0 points).
    pub fn play(&mut self, entry: Entry) -> Result<End, RuleError> {
        if self.outcome().is_some() {
            return Err(RuleError::GameOver);
        }
        if entry.points > self.rules.max_points() {
            return Err(RuleError::TooManyPoints {
                max: self.rules.max_points(),
            });
        }
        let scored_by = match (entry.side, entry.points) {
            (_, 0) => None,
            (Some(side), _) => Some(side),
            (None, _) => return Err(RuleError::NoTeam),
        };
        let end = End {
            number: self.ends.len() + 1,
            hammer: self.hammer,
            scored_by,
            points: entry.points,
        };
        self.hammer = match scored_by {
            // The team that scored gives up the hammer.
            Some(side) => side.other(),
            // A blank end keeps it, except in mixed doubles, where it passes.
            None if self.rules.mixed_doubles => self.hammer.other(),
            None => self.hammer,
        };
        if let Some(side) = scored_by {
            self.totals[side.index()] += u32::from(entry.points);
        }
        self.ends.push(end);
        Ok(end)
    }

    /// `side` concedes: the other team wins now.
    pub fn concede(&mut self, side: Side) -> Result<(), RuleError> {
        if self.outcome().is_some() {
            return Err(RuleError::GameOver);
        }
        self.conceded_by = Some(side);
        Ok(())
    }

    pub fn total(&self, side: Side) -> u32 {
        self.totals[side.index()]
    }

    /// Ends played after regulation.
    pub fn extra_ends(&self) -> usize {
        self.ends.len().saturating_sub(usize::from(self.rules.ends))
    }

    /// The result, once the game is decided.
    pub fn outcome(&self) -> Option<Outcome> {
        if let Some(side) = self.conceded_by {
            return Some(Outcome::Won(side.other()));
        }
        if self.ends.len() < usize::from(self.rules.ends) {
            return None;
        }
        let [one, two] = self.totals;
        match one.cmp(&two) {
            std::cmp::Ordering::Greater => Some(Outcome::Won(Side::One)),
            std::cmp::Ordering::Less => Some(Outcome::Won(Side::Two)),
            std::cmp::Ordering::Equal if self.rules.extra_ends => None,
            std::cmp::Ordering::Equal => Some(Outcome::Tied),
        }
    }

    /// Columns to show: every end of regulation, plus extra ends played.
    pub fn columns(&self) -> usize {
        self.ends.len().max(usize::from(self.rules.ends))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Side::{One, Two};

    fn scored(side: Side, points: u8) -> Entry {
        Entry {
            side: Some(side),
            points,
        }
    }

    const BLANK: Entry = Entry {
        side: None,
        points: 0,
    };

    fn fours(ends: u8) -> Rules {
        Rules {
            ends,
            ..Rules::default()
        }
    }

    #[test]
    fn the_team_that_scores_gives_up_the_hammer() {
        let mut game = LineScore::new(fours(8), One);
        game.play(scored(Two, 1)).unwrap();
        assert_eq!(game.hammer, One, "stolen point: the hammer stays");
        game.play(scored(One, 2)).unwrap();
        assert_eq!(game.hammer, Two);
        assert_eq!(game.ends[0].hammer, One);
        assert_eq!(game.ends[1].hammer, One);
        assert_eq!(game.ends[2 - 1].scored_by, Some(One));
        assert_eq!(game.totals, [2, 1]);
    }

    #[test]
    fn a_blank_end_keeps_the_hammer() {
        let mut game = LineScore::new(fours(8), Two);
        game.play(BLANK).unwrap();
        game.play(BLANK).unwrap();
        assert_eq!(game.hammer, Two);
        assert_eq!(game.ends[1].scored_by, None);
        assert_eq!(game.totals, [0, 0]);
    }

    #[test]
    fn in_mixed_doubles_a_blank_end_passes_the_hammer() {
        let rules = Rules {
            mixed_doubles: true,
            ..Rules::default()
        };
        let mut game = LineScore::new(rules, One);
        game.play(BLANK).unwrap();
        assert_eq!(game.hammer, Two);
        game.play(BLANK).unwrap();
        assert_eq!(game.hammer, One);
        assert_eq!(
            game.play(scored(One, 7)),
            Err(RuleError::TooManyPoints { max: 6 })
        );
    }

    #[test]
    fn points_outside_the_rules_are_refused_and_change_nothing() {
        let mut game = LineScore::new(fours(8), One);
        assert_eq!(
            game.play(scored(One, 9)),
            Err(RuleError::TooManyPoints { max: 8 })
        );
        assert_eq!(
            game.play(Entry {
                side: None,
                points: 2
            }),
            Err(RuleError::NoTeam)
        );
        assert!(game.ends.is_empty());
        game.play(scored(One, 8)).unwrap();
        assert_eq!(game.total(One), 8);
    }

    #[test]
    fn tied_after_regulation_means_extra_ends_until_someone_scores() {
        let mut game = LineScore::new(fours(8), One);
        for _ in 0..4 {
            game.play(scored(One, 1)).unwrap();
            game.play(scored(Two, 1)).unwrap();
        }
        assert_eq!(game.outcome(), None, "tied after 8: an extra end");
        game.play(BLANK).unwrap();
        assert_eq!(game.outcome(), None, "a blank extra end settles nothing");
        assert_eq!(game.extra_ends(), 1);
        game.play(scored(Two, 1)).unwrap();
        assert_eq!(game.outcome(), Some(Outcome::Won(Two)));
        assert_eq!(game.columns(), 10);
        assert_eq!(game.play(BLANK), Err(RuleError::GameOver));
    }

    #[test]
    fn no_end_beyond_the_last_when_not_tied() {
        let mut game = LineScore::new(fours(8), One);
        game.play(scored(One, 3)).unwrap();
        for _ in 1..8 {
            game.play(BLANK).unwrap();
        }
        assert_eq!(game.outcome(), Some(Outcome::Won(One)));
        assert_eq!(game.play(scored(Two, 1)), Err(RuleError::GameOver));
        assert_eq!(game.ends.len(), 8);
    }

    #[test]
    fn without_extra_ends_a_level_game_ends_tied() {
        let rules = Rules {
            extra_ends: false,
            ..fours(8)
        };
        let mut game = LineScore::new(rules, One);
        for _ in 0..8 {
            game.play(BLANK).unwrap();
        }
        assert_eq!(game.outcome(), Some(Outcome::Tied));
    }

    #[test]
    fn concession_ends_the_game_for_the_other_team() {
        let mut game = LineScore::new(fours(10), One);
        game.play(scored(Two, 5)).unwrap();
        game.concede(One).unwrap();
        assert_eq!(game.outcome(), Some(Outcome::Won(Two)));
        assert_eq!(game.columns(), 10, "unplayed ends still have columns");
        assert_eq!(game.play(BLANK), Err(RuleError::GameOver));
        assert_eq!(game.concede(Two), Err(RuleError::GameOver));
    }

    #[test]
    fn replay_names_the_first_bad_entry() {
        let entries = [scored(One, 2), scored(Two, 9)];
        assert_eq!(
            LineScore::replay(fours(8), One, &entries, None),
            Err((2, RuleError::TooManyPoints { max: 8 }))
        );
    }
}
