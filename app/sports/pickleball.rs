//! Pickleball from a rally-by-rally log: the score, who serves (and which server, in
//! side-out doubles), side-outs, games and the match are all derived from who won each rally.

use serde::{Deserialize, Serialize};

use super::{Entry, Outcome, RuleError, Side};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// Only the serving team scores; doubles teams have two servers per turn.
    SideOut,
    /// Every rally scores a point; the rally's winner serves next.
    Rally,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// 11, 15 or 21.
    pub points_to_win: u8,
    pub win_by_two: bool,
    /// Games in the match: 1, 3 or 5.
    pub best_of: u8,
    pub scoring: Scoring,
    pub doubles: bool,
}

impl Rules {
    pub const POINT_CHOICES: [u8; 3] = [11, 15, 21];
    pub const BEST_OF_CHOICES: [u8; 3] = [1, 3, 5];

    fn games_to_win(&self) -> usize {
        usize::from(self.best_of / 2 + 1)
    }

    /// Whether this rule set numbers its servers (side-out doubles).
    pub fn two_servers(&self) -> bool {
        self.doubles && self.scoring == Scoring::SideOut
    }
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            points_to_win: 11,
            win_by_two: true,
            best_of: 3,
            scoring: Scoring::SideOut,
            doubles: true,
        }
    }
}

/// One game of the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Game {
    pub points: [u32; 2],
    /// Who served the first rally of this game.
    pub first_server: Side,
    pub serving: Side,
    /// 1 or 2 in side-out doubles; always 1 otherwise.
    pub server: u8,
    pub side_outs: u32,
    pub rallies: u32,
    pub winner: Option<Side>,
}

impl Game {
    fn new(rules: &Rules, first_server: Side) -> Self {
        Game {
            points: [0, 0],
            first_server,
            serving: first_server,
            // The first serving team of a doubles game starts with its second server, so it
            // gets one turn before the first side-out ("0-0-2").
            server: if rules.two_servers() { 2 } else { 1 },
            side_outs: 0,
            rallies: 0,
            winner: None,
        }
    }

    pub fn score(&self, side: Side) -> u32 {
        self.points[side.index()]
    }

    /// The score as called before a serve: server's score, receiver's score, and (in
    /// side-out doubles) the server number, e.g. `4-2-1`.
    pub fn call(&self, rules: &Rules) -> String {
        let (s, r) = (self.score(self.serving), self.score(self.serving.other()));
        if rules.two_servers() {
            format!("{s}-{r}-{}", self.server)
        } else {
            format!("{s}-{r}")
        }
    }

    fn side_out(&mut self) {
        self.serving = self.serving.other();
        self.server = 1;
        self.side_outs += 1;
    }

    fn rally(&mut self, rules: &Rules, winner: Side) {
        self.rallies += 1;
        match rules.scoring {
            Scoring::SideOut if winner == self.serving => self.points[winner.index()] += 1,
            Scoring::SideOut if rules.doubles && self.server == 1 => self.server = 2,
            Scoring::SideOut => self.side_out(),
            Scoring::Rally => {
                self.points[winner.index()] += 1;
                if winner != self.serving {
                    self.side_out();
                }
            }
        }
        let (mine, theirs) = (self.score(winner), self.score(winner.other()));
        let lead_needed = if rules.win_by_two { 2 } else { 1 };
        if mine >= u32::from(rules.points_to_win) && mine >= theirs + lead_needed {
            self.winner = Some(winner);
        }
    }
}

/// A match replayed from its rallies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub rules: Rules,
    pub games: Vec<Game>,
    pub conceded_by: Option<Side>,
}

impl Match {
    pub fn new(rules: Rules, first_server: Side) -> Self {
        Match {
            rules,
            games: vec![Game::new(&rules, first_server)],
            conceded_by: None,
        }
    }

    pub fn replay(
        rules: Rules,
        first_server: Side,
        entries: &[Entry],
        conceded_by: Option<Side>,
    ) -> Result<Self, (usize, RuleError)> {
        let mut game = Match::new(rules, first_server);
        for (i, entry) in entries.iter().enumerate() {
            game.rally(*entry).map_err(|e| (i + 1, e))?;
        }
        if let Some(side) = conceded_by {
            game.concede(side).map_err(|e| (entries.len().max(1), e))?;
        }
        Ok(game)
    }

    /// The game being played (or the last one, once the match is over).
    pub fn current(&self) -> &Game {
        // `new` starts with one game and games are only ever added.
        &self.games[self.games.len() - 1]
    }

    /// Records one rally won by `entry.side`.
    pub fn rally(&mut self, entry: Entry) -> Result<(), RuleError> {
        if self.outcome().is_some() {
            return Err(RuleError::GameOver);
        }
        let winner = entry.side.ok_or(RuleError::NoRallyWinner)?;
        let rules = self.rules;
        let index = self.games.len() - 1;
        let game = &mut self.games[index];
        game.rally(&rules, winner);
        let finished_first_server = game.winner.map(|_| game.first_server);
        if let Some(first) = finished_first_server
            && self.outcome().is_none()
        {
            // Teams take turns serving first in each new game.
            self.games.push(Game::new(&rules, first.other()));
        }
        Ok(())
    }

    pub fn concede(&mut self, side: Side) -> Result<(), RuleError> {
        if self.outcome().is_some() {
            return Err(RuleError::GameOver);
        }
        self.conceded_by = Some(side);
        Ok(())
    }

    pub fn games_won(&self, side: Side) -> usize {
        self.games.iter().filter(|g| g.winner == Some(side)).count()
    }

    /// Points over every game, for standings.
    pub fn points(&self, side: Side) -> u32 {
        self.games.iter().map(|g| g.score(side)).sum()
    }

    pub fn outcome(&self) -> Option<Outcome> {
        if let Some(side) = self.conceded_by {
            return Some(Outcome::Won(side.other()));
        }
        Side::BOTH
            .into_iter()
            .find(|side| self.games_won(*side) >= self.rules.games_to_win())
            .map(Outcome::Won)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Side::{One, Two};

    fn won(side: Side) -> Entry {
        Entry {
            side: Some(side),
            points: 1,
        }
    }

    fn play(game: &mut Match, rallies: &[Side]) {
        for side in rallies {
            game.rally(won(*side)).unwrap();
        }
    }

    #[test]
    fn side_out_doubles_rotates_servers_starting_at_the_second() {
        let mut game = Match::new(Rules::default(), One);
        assert_eq!(game.current().call(&game.rules), "0-0-2");
        play(&mut game, &[One]);
        assert_eq!(game.current().call(&game.rules), "1-0-2");
        play(&mut game, &[Two]);
        // One's only server this turn lost the rally: side out.
        assert_eq!(game.current().serving, Two);
        assert_eq!(game.current().call(&game.rules), "0-1-1");
        play(&mut game, &[One]);
        assert_eq!(
            game.current().serving,
            Two,
            "first server lost: partner serves"
        );
        assert_eq!(game.current().call(&game.rules), "0-1-2");
        play(&mut game, &[Two]);
        assert_eq!(game.current().call(&game.rules), "1-1-2");
        play(&mut game, &[One]);
        assert_eq!(game.current().serving, One);
        assert_eq!(game.current().call(&game.rules), "1-1-1");
        assert_eq!(game.current().side_outs, 2);
        assert_eq!(game.current().rallies, 5);
    }

    #[test]
    fn only_the_serving_team_scores_in_side_out_scoring() {
        let mut game = Match::new(
            Rules {
                doubles: false,
                ..Rules::default()
            },
            One,
        );
        play(&mut game, &[Two, Two, Two]);
        // Two won three rallies: the first was a side-out, the next two scored.
        assert_eq!(game.current().points, [0, 2]);
        assert_eq!(game.current().call(&game.rules), "2-0");
    }

    #[test]
    fn rally_scoring_gives_every_rally_a_point_and_the_serve_to_its_winner() {
        let rules = Rules {
            scoring: Scoring::Rally,
            ..Rules::default()
        };
        let mut game = Match::new(rules, One);
        play(&mut game, &[Two, Two, One]);
        assert_eq!(game.current().points, [1, 2]);
        assert_eq!(game.current().serving, One);
        assert_eq!(game.current().call(&rules), "1-2");
    }

    #[test]
    fn a_game_needs_a_two_point_lead() {
        let rules = Rules {
            scoring: Scoring::Rally,
            best_of: 1,
            ..Rules::default()
        };
        let mut game = Match::new(rules, One);
        for _ in 0..10 {
            play(&mut game, &[One, Two]);
        }
        play(&mut game, &[One]);
        assert_eq!(game.current().points, [11, 10]);
        assert_eq!(game.outcome(), None, "11-10 is not a win");
        play(&mut game, &[Two, One, One]);
        assert_eq!(game.current().points, [13, 11]);
        assert_eq!(game.outcome(), Some(Outcome::Won(One)));
        assert_eq!(game.rally(won(Two)), Err(RuleError::GameOver));
    }

    #[test]
    fn without_win_by_two_the_first_to_the_target_wins() {
        let rules = Rules {
            scoring: Scoring::Rally,
            best_of: 1,
            win_by_two: false,
            points_to_win: 15,
            ..Rules::default()
        };
        let mut game = Match::new(rules, Two);
        for _ in 0..14 {
            play(&mut game, &[One, Two]);
        }
        play(&mut game, &[Two]);
        assert_eq!(game.outcome(), Some(Outcome::Won(Two)));
    }

    #[test]
    fn best_of_three_plays_until_two_games_are_won_and_alternates_first_serve() {
        let rules = Rules {
            scoring: Scoring::Rally,
            ..Rules::default()
        };
        let mut game = Match::new(rules, One);
        play(&mut game, &[One; 11]);
        assert_eq!(game.games.len(), 2);
        assert_eq!(game.current().first_server, Two);
        assert_eq!(game.outcome(), None);
        play(&mut game, &[Two; 11]);
        assert_eq!(game.current().first_server, One);
        play(&mut game, &[One; 11]);
        assert_eq!(game.outcome(), Some(Outcome::Won(One)));
        assert_eq!(game.games_won(One), 2);
        assert_eq!(game.points(Two), 11);
        assert_eq!(
            game.rally(won(Two)),
            Err(RuleError::GameOver),
            "no rally after match point"
        );
    }

    #[test]
    fn a_rally_needs_a_winner_and_concession_ends_the_match() {
        let mut game = Match::new(Rules::default(), One);
        assert_eq!(
            game.rally(Entry {
                side: None,
                points: 1
            }),
            Err(RuleError::NoRallyWinner)
        );
        game.concede(Two).unwrap();
        assert_eq!(game.outcome(), Some(Outcome::Won(One)));
    }
}
