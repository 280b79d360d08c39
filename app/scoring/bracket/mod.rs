//! Brackets: playoffs, knockouts and pools feeding a final round, all as one graph of games
//! (COMPETITIONS.md 2.5). Each side of a bracket game comes from a seed, the winner or the
//! loser of another bracket game, or a bye; a seed comes from a team named at generation or
//! from a place in the event's standings (or one pool's). A bracket game gets a real game
//! (a row of `games`, scored like any other) once both its teams are known.
//!
//! - [`formats`]: the templates — Page playoff, single and double elimination, the record
//!   bracket of a triple knockout, club A/B/C events — each a pure [`Plan`].
//! - [`resolve`] (here): who is on each side, from the seeds and the results so far. Pure.
//! - [`store`]: writing a plan, editing it, deleting it.
//! - [`follow`]: after every change of a result, in the same write, creates, re-teams or
//!   removes the real games.

pub mod follow;
pub mod formats;
pub mod generate;
pub mod store;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use crate::sports::Side;

/// Where one side of a bracket game comes from. Games are referred to by their number in
/// the bracket (1, 2, …), which the plan and its edits keep stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The bracket's seed `n` (1 is the top seed).
    Seed(u32),
    Winner(u32),
    Loser(u32),
    Bye,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Seed(n) => write!(f, "seed:{n}"),
            Source::Winner(n) => write!(f, "winner:{n}"),
            Source::Loser(n) => write!(f, "loser:{n}"),
            Source::Bye => f.write_str("bye"),
        }
    }
}

impl FromStr for Source {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        if s == "bye" {
            return Ok(Source::Bye);
        }
        let (kind, n) = s.split_once(':').ok_or(())?;
        let n: u32 = n.parse().map_err(|_| ())?;
        if n == 0 {
            return Err(());
        }
        match kind {
            "seed" => Ok(Source::Seed(n)),
            "winner" => Ok(Source::Winner(n)),
            "loser" => Ok(Source::Loser(n)),
            _ => Err(()),
        }
    }
}

/// Who has the hammer in the first end (or serves first) of a bracket game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hammer {
    /// The team with the better seed.
    HigherSeed,
    /// The winner of bracket game `n` (the Page final's usual rule: the winner of 1 v 2).
    WinnerOf(u32),
    /// Last-stone draws before the game decide it.
    Lsd,
    /// The scorekeeper chooses when the game starts.
    Manual,
}

impl fmt::Display for Hammer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hammer::HigherSeed => f.write_str("higher_seed"),
            Hammer::WinnerOf(n) => write!(f, "winner_of:{n}"),
            Hammer::Lsd => f.write_str("lsd"),
            Hammer::Manual => f.write_str("manual"),
        }
    }
}

impl FromStr for Hammer {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "higher_seed" => Ok(Hammer::HigherSeed),
            "lsd" => Ok(Hammer::Lsd),
            "manual" => Ok(Hammer::Manual),
            other => {
                let n = other.strip_prefix("winner_of:").ok_or(())?;
                Ok(Hammer::WinnerOf(n.parse().map_err(|_| ())?))
            }
        }
    }
}

/// Where a seed's team comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeedFrom {
    /// Named when the bracket was made (a bonspiel's draw, or the organiser's order).
    Team(i64),
    /// A place in the event's round-robin standings, or in one pool's.
    Place { rank: u32, pool: Option<String> },
}

/// One game of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub number: u32,
    /// The part of the bracket it belongs to: "Winners", "Losers", "A event", "2–1".
    pub section: String,
    /// What people call it: "Semifinal", "1 v 2", "Round of 16 · 3".
    pub label: String,
    /// Its column: the order games are played in.
    pub round: u32,
    pub sides: [Source; 2],
    pub hammer: Hammer,
    /// Played only if game `n`'s side two won it (a double elimination's reset game).
    pub only_if_upset: Option<u32>,
}

impl Slot {
    pub fn has_bye(&self) -> bool {
        self.sides.contains(&Source::Bye)
    }
}

/// A bracket's seeds and games, before or after it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Seed `n` is `seeds[n - 1]`.
    pub seeds: Vec<SeedFrom>,
    pub slots: Vec<Slot>,
}

/// What the plan says is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// A side names a game or seed that is not in the bracket.
    Dangling(u32),
    /// A game's winner (or loser) goes to two places.
    UsedTwice(u32),
    /// A game depends on itself, through its sources.
    Cycle(u32),
    /// Both sides of a game come from the same place.
    SameSource(u32),
    /// The same seed feeds two sides.
    SeedTwice(u32),
    /// A hammer rule or condition names a game that does not feed this one.
    BadRule(u32),
}

impl Plan {
    pub fn slot(&self, number: u32) -> Option<&Slot> {
        self.slots.iter().find(|s| s.number == number)
    }

    /// Checks the graph: every source exists, no winner or loser is used twice, no cycle.
    pub fn validate(&self) -> Result<(), Invalid> {
        let numbers: HashSet<u32> = self.slots.iter().map(|s| s.number).collect();
        let mut used: HashSet<Source> = HashSet::new();
        for slot in &self.slots {
            if slot.sides[0] == slot.sides[1] {
                return Err(Invalid::SameSource(slot.number));
            }
            for source in slot.sides {
                match source {
                    Source::Seed(n) if n as usize > self.seeds.len() => {
                        return Err(Invalid::Dangling(slot.number));
                    }
                    Source::Winner(n) | Source::Loser(n) if !numbers.contains(&n) => {
                        return Err(Invalid::Dangling(slot.number));
                    }
                    Source::Bye => continue,
                    _ => {}
                }
                if !used.insert(source) {
                    return Err(match source {
                        Source::Seed(n) => Invalid::SeedTwice(n),
                        Source::Winner(n) | Source::Loser(n) => Invalid::UsedTwice(n),
                        Source::Bye => unreachable!("byes are skipped above"),
                    });
                }
            }
            if let Hammer::WinnerOf(n) = slot.hammer
                && !slot.sides.contains(&Source::Winner(n))
            {
                return Err(Invalid::BadRule(slot.number));
            }
            if let Some(n) = slot.only_if_upset
                && !slot
                    .sides
                    .iter()
                    .any(|s| matches!(s, Source::Winner(m) | Source::Loser(m) if *m == n))
            {
                return Err(Invalid::BadRule(slot.number));
            }
        }
        self.order().map(|_| ())
    }

    /// The games in an order where every game comes after those that feed it.
    pub fn order(&self) -> Result<Vec<&Slot>, Invalid> {
        let by_number: HashMap<u32, &Slot> = self.slots.iter().map(|s| (s.number, s)).collect();
        let mut done: HashSet<u32> = HashSet::new();
        let mut out = Vec::with_capacity(self.slots.len());
        // Depth-first, iteratively: `visiting` catches a cycle.
        let mut visiting: HashSet<u32> = HashSet::new();
        for start in &self.slots {
            let mut stack = vec![(start.number, false)];
            while let Some((n, expanded)) = stack.pop() {
                if done.contains(&n) {
                    continue;
                }
                let slot = by_number.get(&n).ok_or(Invalid::Dangling(n))?;
                if expanded {
                    visiting.remove(&n);
                    done.insert(n);
                    out.push(*slot);
                    continue;
                }
                if !visiting.insert(n) {
                    return Err(Invalid::Cycle(n));
                }
                stack.push((n, true));
                for source in slot.sides {
                    if let Source::Winner(m) | Source::Loser(m) = source
                        && !done.contains(&m)
                    {
                        if visiting.contains(&m) {
                            return Err(Invalid::Cycle(m));
                        }
                        stack.push((m, false));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Games that take a side from game `n`, directly or further down.
    pub fn downstream(&self, n: u32) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        let mut frontier = vec![n];
        while let Some(m) = frontier.pop() {
            for slot in &self.slots {
                let fed = slot
                    .sides
                    .iter()
                    .any(|s| matches!(s, Source::Winner(k) | Source::Loser(k) if *k == m));
                if fed && !found.contains(&slot.number) {
                    found.push(slot.number);
                    frontier.push(slot.number);
                }
            }
        }
        found
    }
}

/// Who is on one side of a bracket game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occupant {
    Team(i64),
    /// Nobody: the other side goes through without playing.
    Bye,
    /// Not known yet.
    Open,
}

/// What has been decided so far: each seed's team (once its stage is complete) and the
/// result of each bracket game that was played.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Seed `n`'s team is `seeds[n - 1]`.
    pub seeds: Vec<Option<i64>>,
    /// Bracket game number → the winner and the loser of its real game.
    pub won: HashMap<u32, (i64, i64)>,
    /// Teams that withdrew: their games still to play are walkovers for the other side.
    pub out: HashSet<i64>,
}

/// Where a bracket game stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Both teams known: it is (or is to be) played.
    Ready([i64; 2]),
    /// One side or both still to be decided.
    Waiting,
    /// A bye: the team on the other side (if any) goes through.
    Walkover,
    /// Its condition failed (no reset game needed): never played.
    NotNeeded,
}

/// Each bracket game's sides and status, from what is known.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub sides: HashMap<u32, [Occupant; 2]>,
    pub status: HashMap<u32, Status>,
    /// Bracket game number → (winner, loser), for games decided (played or by a bye).
    pub outcome: HashMap<u32, (Occupant, Occupant)>,
}

impl Resolution {
    pub fn status(&self, n: u32) -> Status {
        self.status.get(&n).copied().unwrap_or(Status::Waiting)
    }

    pub fn sides(&self, n: u32) -> [Occupant; 2] {
        self.sides
            .get(&n)
            .copied()
            .unwrap_or([Occupant::Open, Occupant::Open])
    }

    /// The team that won bracket game `n`, once it is decided.
    pub fn winner(&self, n: u32) -> Option<i64> {
        match self.outcome.get(&n)?.0 {
            Occupant::Team(t) => Some(t),
            _ => None,
        }
    }
}

/// Fills the bracket in from the seeds and results in `known`. A plan that does not
/// validate resolves to nothing.
pub fn resolve(plan: &Plan, known: &Known) -> Resolution {
    let mut out = Resolution::default();
    let Ok(order) = plan.order() else {
        return out;
    };
    for slot in order {
        let occupant = |source: Source, out: &Resolution| match source {
            Source::Bye => Occupant::Bye,
            Source::Seed(n) => known
                .seeds
                .get(n as usize - 1)
                .copied()
                .flatten()
                .map_or(Occupant::Open, Occupant::Team),
            Source::Winner(m) => out.outcome.get(&m).map_or(Occupant::Open, |o| o.0),
            Source::Loser(m) => out.outcome.get(&m).map_or(Occupant::Open, |o| o.1),
        };
        let sides = [occupant(slot.sides[0], &out), occupant(slot.sides[1], &out)];
        out.sides.insert(slot.number, sides);
        let needed = match slot.only_if_upset {
            None => Some(true),
            Some(m) => {
                let second = out.sides(m)[1];
                out.outcome.get(&m).map(|(winner, _)| second == *winner)
            }
        };
        let (status, outcome) = match (needed, sides) {
            (Some(false), _) => {
                // Not played: the condition's game decided it, and its winner stands.
                let carried = slot.sides.iter().find_map(|s| match s {
                    Source::Winner(m) => out.outcome.get(m).map(|o| o.0),
                    _ => None,
                });
                (
                    Status::NotNeeded,
                    Some((carried.unwrap_or(Occupant::Open), Occupant::Bye)),
                )
            }
            (_, [Occupant::Bye, other]) | (_, [other, Occupant::Bye]) => {
                let decided = other != Occupant::Open;
                (Status::Walkover, decided.then_some((other, Occupant::Bye)))
            }
            (None, _) => (Status::Waiting, None),
            (Some(true), [Occupant::Team(a), Occupant::Team(b)]) => {
                // A result counts only for the teams now on the game's sides; a stale
                // one (an upstream correction) decides nothing.
                let result = known
                    .won
                    .get(&slot.number)
                    .filter(|(w, l)| [*w, *l] == [a, b] || [*w, *l] == [b, a])
                    .map(|(w, l)| (Occupant::Team(*w), Occupant::Team(*l)));
                // Not played yet and a team withdrew: the other goes through.
                let walkover = match (known.out.contains(&a), known.out.contains(&b)) {
                    (true, true) => Some((Occupant::Bye, Occupant::Bye)),
                    (true, false) => Some((Occupant::Team(b), Occupant::Bye)),
                    (false, true) => Some((Occupant::Team(a), Occupant::Bye)),
                    (false, false) => None,
                };
                match (result, walkover) {
                    (None, Some(through)) => (Status::Walkover, Some(through)),
                    (result, _) => (Status::Ready([a, b]), result),
                }
            }
            (Some(true), _) => (Status::Waiting, None),
        };
        out.status.insert(slot.number, status);
        if let Some(o) = outcome {
            out.outcome.insert(slot.number, o);
        }
    }
    out
}

/// The side that starts with the hammer (or serve) under `rule`, given each side's team and
/// the seed each team entered the bracket with.
pub fn first_side(
    rule: Hammer,
    teams: [i64; 2],
    seed_of: &HashMap<i64, u32>,
    resolution: &Resolution,
) -> Side {
    let seed = |t: i64| seed_of.get(&t).copied().unwrap_or(u32::MAX);
    let higher = if seed(teams[1]) < seed(teams[0]) {
        Side::Two
    } else {
        Side::One
    };
    match rule {
        Hammer::HigherSeed => higher,
        Hammer::WinnerOf(n) => match resolution.winner(n) {
            Some(t) if t == teams[1] => Side::Two,
            Some(t) if t == teams[0] => Side::One,
            _ => higher,
        },
        Hammer::Lsd | Hammer::Manual => Side::One,
    }
}

/// Seed order for a bracket of `size` (a power of two): the first-round pairs, top to
/// bottom (COMPETITIONS.md 2.2). `seed_order(8)` is 1-8, 4-5, 2-7, 3-6.
pub fn seed_order(size: u32) -> Vec<(u32, u32)> {
    let mut order = vec![1u32];
    let mut m = 1;
    while m < size {
        m *= 2;
        order = order.iter().flat_map(|s| [*s, m + 1 - s]).collect();
    }
    order.chunks(2).map(|p| (p[0], p[1])).collect()
}

/// The bracket games that can be real games once every seed is known: not byes (which
/// depend only on the seeds, never on who wins), and the reset games that an upset would
/// bring. Found by playing the bracket out with stand-in teams.
pub fn playable(plan: &Plan) -> HashSet<u32> {
    let mut known = Known {
        seeds: (1..=plan.seeds.len() as i64).map(|n| Some(-n)).collect(),
        ..Known::default()
    };
    let mut found: HashSet<u32> = plan
        .slots
        .iter()
        .filter(|s| s.only_if_upset.is_some())
        .map(|s| s.number)
        .collect();
    loop {
        let res = resolve(plan, &known);
        let next = plan.slots.iter().find_map(|s| match res.status(s.number) {
            Status::Ready(teams) if !known.won.contains_key(&s.number) => Some((s.number, teams)),
            _ => None,
        });
        let Some((n, [a, b])) = next else {
            return found;
        };
        found.insert(n);
        known.won.insert(n, (a, b));
    }
}
