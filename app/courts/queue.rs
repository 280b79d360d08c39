//! The paddle queue of an open-play session: who waits, who plays on which court, and who
//! goes on when a court's game ends. Pure: `open_play` stores the floor between taps.

use std::collections::VecDeque;

/// Doubles puts two a side on a court; singles one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Doubles,
    Singles,
}

impl Format {
    pub fn per_side(self) -> usize {
        match self {
            Format::Doubles => 2,
            Format::Singles => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Doubles => "doubles",
            Format::Singles => "singles",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "doubles" => Some(Format::Doubles),
            "singles" => Some(Format::Singles),
            _ => None,
        }
    }
}

/// Who comes off a court when its game ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// The losers come off and the winners stay, split up, each partnered by one from the
    /// queue — until they have won [`MAX_STREAK`] in a row, then everyone comes off.
    WinnersStay,
    /// Everyone comes off; the next from the queue go on.
    AllOff,
    /// "Four on, four off": everyone comes off when a whole game is waiting, otherwise the
    /// winners stay as in [`Rotation::WinnersStay`].
    FourOff,
}

impl Rotation {
    pub const ALL: [Rotation; 3] = [Rotation::WinnersStay, Rotation::AllOff, Rotation::FourOff];

    pub fn as_str(self) -> &'static str {
        match self {
            Rotation::WinnersStay => "winners_stay",
            Rotation::AllOff => "all_off",
            Rotation::FourOff => "four_off",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Rotation::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// Winners stay on at most this many games in a row, so nobody holds a court all morning.
pub const MAX_STREAK: i64 = 2;

/// One court of the session: its two sides (empty places are missing players) and how many
/// games in a row the players on it have won.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Court {
    pub sheet: i64,
    pub sides: [Vec<i64>; 2],
    pub streak: i64,
}

impl Court {
    pub fn empty(sheet: i64) -> Self {
        Self {
            sheet,
            sides: [Vec::new(), Vec::new()],
            streak: 0,
        }
    }

    /// Both sides are full: a game is on.
    pub fn playing(&self, format: Format) -> bool {
        self.sides.iter().all(|s| s.len() == format.per_side())
    }

    fn missing(&self, format: Format) -> usize {
        self.sides
            .iter()
            .map(|s| format.per_side().saturating_sub(s.len()))
            .sum()
    }

    fn players(&self) -> impl Iterator<Item = &i64> {
        self.sides.iter().flatten()
    }
}

/// The whole floor: the queue, front first, and the courts in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Floor {
    pub format: Format,
    pub rotation: Rotation,
    pub queue: VecDeque<i64>,
    pub courts: Vec<Court>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    /// The court is not part of the session.
    NoSuchCourt,
    /// No game is on there (someone already ended it, or it is waiting for players).
    NotPlaying,
    /// The player is not on the floor.
    NotHere,
}

impl Floor {
    pub fn new(format: Format, rotation: Rotation, sheets: &[i64]) -> Self {
        Self {
            format,
            rotation,
            queue: VecDeque::new(),
            courts: sheets.iter().map(|s| Court::empty(*s)).collect(),
        }
    }

    /// Whether the player is in the queue or on a court.
    pub fn has(&self, player: i64) -> bool {
        self.queue.contains(&player)
            || self
                .courts
                .iter()
                .any(|c| c.players().any(|p| *p == player))
    }

    /// A checked-in player joins the back of the queue (once), and courts fill.
    pub fn join(&mut self, player: i64) {
        if !self.has(player) {
            self.queue.push_back(player);
        }
        self.fill();
    }

    /// A player leaves the floor (rest, home). A court they leave waits for one from the
    /// queue.
    pub fn leave(&mut self, player: i64) -> Result<(), QueueError> {
        if !self.has(player) {
            return Err(QueueError::NotHere);
        }
        self.queue.retain(|p| *p != player);
        for court in &mut self.courts {
            for side in &mut court.sides {
                side.retain(|p| *p != player);
            }
        }
        self.fill();
        Ok(())
    }

    /// Completes every court that the front of the queue can complete, first court first. A
    /// court is filled only when a whole game can start, so nobody stands on a court alone.
    pub fn fill(&mut self) {
        for court in &mut self.courts {
            let missing = court.missing(self.format);
            if missing == 0 || missing > self.queue.len() {
                continue;
            }
            if court.players().next().is_none() {
                court.streak = 0;
            }
            for side in 0..2 {
                while court.sides[side].len() < self.format.per_side() {
                    if let Some(next) = self.queue.pop_front() {
                        court.sides[side].push(next);
                    }
                }
            }
        }
    }

    /// The game on `sheet` ended and side `winner` (0 or 1) won: the rotation decides who
    /// comes off (to the back of the queue, losers first), and the courts fill again.
    pub fn finish(&mut self, sheet: i64, winner: usize) -> Result<(), QueueError> {
        let format = self.format;
        let rotation = self.rotation;
        let waiting = self.queue.len();
        let court = self
            .courts
            .iter_mut()
            .find(|c| c.sheet == sheet)
            .ok_or(QueueError::NoSuchCourt)?;
        if !court.playing(format) || winner > 1 {
            return Err(QueueError::NotPlaying);
        }
        let winners = std::mem::take(&mut court.sides[winner]);
        let losers = std::mem::take(&mut court.sides[1 - winner]);
        let streak = court.streak + 1;
        let winners_stay = match rotation {
            Rotation::WinnersStay => streak < MAX_STREAK,
            Rotation::AllOff => false,
            // Everyone off when the queue holds a whole game.
            Rotation::FourOff => waiting < 2 * format.per_side() && streak < MAX_STREAK,
        };
        self.queue.extend(losers);
        if winners_stay {
            // Split the winners so each plays beside someone new.
            let mut split = winners.into_iter();
            court.sides = [split.next().into_iter().collect(), split.collect()];
            court.streak = streak;
        } else {
            court.streak = 0;
            self.queue.extend(winners);
        }
        self.fill();
        Ok(())
    }

    /// The next players to go on: the front of the queue, as many as one game needs.
    pub fn next_up(&self) -> Vec<i64> {
        self.queue
            .iter()
            .take(2 * self.format.per_side())
            .copied()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor(rotation: Rotation, courts: &[i64], players: std::ops::Range<i64>) -> Floor {
        let mut floor = Floor::new(Format::Doubles, rotation, courts);
        for p in players {
            floor.join(p);
        }
        floor
    }

    #[test]
    fn checked_in_players_fill_courts_four_at_a_time_and_the_rest_wait() {
        let f = floor(Rotation::WinnersStay, &[10, 11], 1..8);
        assert_eq!(f.courts[0].sides, [vec![1, 2], vec![3, 4]]);
        // Three are left: not a whole game, so court 11 waits.
        assert!(!f.courts[1].playing(Format::Doubles));
        assert!(f.courts[1].sides.iter().all(Vec::is_empty));
        assert_eq!(f.queue, [5, 6, 7]);
        let mut f = f;
        f.join(8);
        assert_eq!(f.courts[1].sides, [vec![5, 6], vec![7, 8]]);
        assert!(f.queue.is_empty());
        f.join(8); // twice is once
        assert!(f.queue.is_empty());
    }

    #[test]
    fn winners_stay_split_up_the_losers_go_to_the_back_and_two_come_on() {
        let mut f = floor(Rotation::WinnersStay, &[10], 1..9);
        assert_eq!(f.queue, [5, 6, 7, 8]);
        f.finish(10, 1).expect("a game is on"); // 3 and 4 won
        assert_eq!(f.courts[0].sides, [vec![3, 5], vec![4, 6]]);
        assert_eq!(f.courts[0].streak, 1);
        assert_eq!(f.queue, [7, 8, 1, 2]);
        // 3 and 5 win: 3 has won twice in a row — everyone off, losers first.
        f.finish(10, 0).expect("a game is on");
        assert_eq!(f.courts[0].sides, [vec![7, 8], vec![1, 2]]);
        assert_eq!(f.courts[0].streak, 0);
        assert_eq!(f.queue, [4, 6, 3, 5]);
        // With nobody else waiting, the losers go straight back on beside the winners.
        let mut g = floor(Rotation::WinnersStay, &[10], 1..5);
        g.finish(10, 0).expect("a game is on");
        assert_eq!(g.courts[0].sides, [vec![1, 3], vec![2, 4]]);
        assert!(g.queue.is_empty());
        // A court short of players has no game to end.
        let mut short = floor(Rotation::WinnersStay, &[10], 1..4);
        assert_eq!(short.finish(10, 0), Err(QueueError::NotPlaying));
        assert_eq!(g.finish(99, 0), Err(QueueError::NoSuchCourt));
    }

    #[test]
    fn everyone_off_sends_all_four_to_the_back() {
        let mut f = floor(Rotation::AllOff, &[10], 1..9);
        f.finish(10, 0).expect("a game is on");
        assert_eq!(f.courts[0].sides, [vec![5, 6], vec![7, 8]]);
        assert_eq!(f.queue, [3, 4, 1, 2]);
    }

    #[test]
    fn four_on_four_off_only_when_a_whole_game_waits() {
        // Four waiting: all four off.
        let mut f = floor(Rotation::FourOff, &[10], 1..9);
        f.finish(10, 0).expect("a game is on");
        assert_eq!(f.courts[0].sides, [vec![5, 6], vec![7, 8]]);
        // Two waiting: the winners stay and the two come on.
        let mut g = floor(Rotation::FourOff, &[10], 1..7);
        assert_eq!(g.queue, [5, 6]);
        g.finish(10, 0).expect("a game is on");
        assert_eq!(g.courts[0].sides, [vec![1, 5], vec![2, 6]]);
        assert_eq!(g.queue, [3, 4]);
    }

    #[test]
    fn singles_put_one_a_side_and_a_leaver_is_replaced_from_the_queue() {
        let mut f = Floor::new(Format::Singles, Rotation::WinnersStay, &[10]);
        for p in 1..5 {
            f.join(p);
        }
        assert_eq!(f.courts[0].sides, [vec![1], vec![2]]);
        assert_eq!(f.next_up(), [3, 4]);
        f.finish(10, 0).expect("a game is on");
        assert_eq!(f.courts[0].sides, [vec![1], vec![3]]);
        assert_eq!(f.queue, [4, 2]);
        f.leave(3).expect("on court");
        assert_eq!(f.courts[0].sides, [vec![1], vec![4]]);
        assert_eq!(f.queue, [2]);
        assert_eq!(f.leave(3), Err(QueueError::NotHere));
    }
}
