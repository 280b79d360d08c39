//! Putting a round robin's games on nights, draw times and sheets.
//!
//! Games are packed into nights in round order (never a team twice a night when the event
//! says so), filling each night's draws in time order so the draws used are as few as the
//! sheets allow. Then each game gets a draw time and a sheet of its night by a
//! branch-and-bound search that balances, per team, the sheets it plays on and the draw
//! times it plays at: the cost is how far each count is outside the ideal
//! ⌊games ÷ sheets⌋..⌈games ÷ sheets⌉ (and the same for draw times), and 0 is perfect.
//! The search is bounded by a number of steps, not by the clock, so the same inputs always
//! give the same schedule.

use std::collections::HashMap;

/// A seeded generator (SplitMix64): the search's tie-breaks, reproducible.
#[derive(Debug, Clone)]
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Seeded(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// One night's room: which (draw time, sheet) slots are free, which teams already play.
#[derive(Debug, Clone, Default)]
pub struct Night {
    /// `free[time][sheet]`.
    pub free: Vec<Vec<bool>>,
    /// Teams (indexes) already playing this night (hand-placed games).
    pub busy: Vec<usize>,
}

/// A game to place: its teams (listed first first) and its night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed {
    pub teams: [usize; 2],
    pub night: usize,
}

/// Packs `queue` (pairings in round order) into as few nights as it can, as evenly as it
/// can: for the fewest nights that could hold every game, each night gets its share (the
/// larger shares spread out), and takes, in order, that many games whose teams are free
/// that night. If some are left over, it tries one night more. Returns the games with their
/// nights and how many slots each night's draw times get, or `None` when `nights` run out.
pub fn pack(
    queue: &[[usize; 2]],
    nights: &[Night],
    once_per_night: bool,
) -> Option<(Vec<Packed>, Vec<Vec<usize>>)> {
    let capacity = |night: &Night| -> usize {
        night
            .free
            .iter()
            .map(|t| t.iter().filter(|f| **f).count())
            .sum()
    };
    let mut room = 0;
    let mut fewest = 0;
    for night in nights {
        if room >= queue.len() {
            break;
        }
        room += capacity(night);
        fewest += 1;
    }
    for count in fewest.max(1)..=nights.len() {
        let caps: Vec<usize> = nights[..count].iter().map(capacity).collect();
        let shares = spread(queue.len(), &caps);
        if let Some(done) = pack_into(queue, &nights[..count], &shares, once_per_night) {
            return Some(done);
        }
    }
    None
}

/// `total` games over nights of capacities `caps`: each its even share, the larger shares
/// spread out, none over its capacity (what one cannot hold goes to the others).
fn spread(total: usize, caps: &[usize]) -> Vec<usize> {
    let n = caps.len().max(1);
    let mut shares: Vec<usize> = (0..n)
        .map(|k| ((k + 1) * total / n - k * total / n).min(caps.get(k).copied().unwrap_or(0)))
        .collect();
    let mut missing = total.saturating_sub(shares.iter().sum());
    while missing > 0 {
        let Some(k) = (0..shares.len())
            .filter(|k| shares[*k] < caps[*k])
            .min_by_key(|k| shares[*k])
        else {
            break;
        };
        shares[k] += 1;
        missing -= 1;
    }
    shares
}

/// One packing attempt with a share per night; `None` if games are left over.
fn pack_into(
    queue: &[[usize; 2]],
    nights: &[Night],
    shares: &[usize],
    once_per_night: bool,
) -> Option<(Vec<Packed>, Vec<Vec<usize>>)> {
    let mut left: Vec<[usize; 2]> = queue.to_vec();
    let mut packed = Vec::with_capacity(queue.len());
    let mut per_time: Vec<Vec<usize>> = Vec::new();
    for (index, night) in nights.iter().enumerate() {
        if left.is_empty() {
            break;
        }
        let capacity = shares[index];
        let mut playing: Vec<usize> = night.busy.clone();
        let mut taken = 0;
        left.retain(|g| {
            let clash = playing.contains(&g[0]) || playing.contains(&g[1]);
            if taken < capacity && (!once_per_night || !clash) && g[0] != g[1] {
                if once_per_night {
                    playing.extend_from_slice(g);
                }
                packed.push(Packed {
                    teams: *g,
                    night: index,
                });
                taken += 1;
                false
            } else {
                true
            }
        });
        // Fill the night's draws in time order.
        let mut remaining = taken;
        per_time.push(
            night
                .free
                .iter()
                .map(|sheets| {
                    let here = sheets.iter().filter(|f| **f).count().min(remaining);
                    remaining -= here;
                    here
                })
                .collect(),
        );
    }
    left.is_empty().then_some((packed, per_time))
}

/// A game's place: draw time and sheet within its night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub time: usize,
    pub sheet: usize,
}

/// The result of the search.
#[derive(Debug, Clone)]
pub struct Placed {
    pub slots: Vec<Slot>,
    /// 0: every team's sheets and draw times as even as they can be.
    pub cost: u32,
    /// The search finished: no placement has a lower cost.
    pub proven: bool,
    /// Search steps taken.
    pub steps: u64,
}

/// What the search works with.
pub struct Problem<'a> {
    pub teams: usize,
    pub sheets: usize,
    pub times: usize,
    pub games: &'a [Packed],
    pub nights: &'a [Night],
    /// Slots per draw time of each night (from [`pack`]).
    pub per_time: &'a [Vec<usize>],
    pub once_per_night: bool,
    /// Search steps allowed.
    pub budget: u64,
    pub seed: u64,
}

struct State<'p> {
    p: &'p Problem<'p>,
    /// Per team: games on each sheet, games at each draw time, games still to place.
    on_sheet: Vec<Vec<u8>>,
    at_time: Vec<Vec<u8>>,
    left: Vec<u32>,
    /// Ideal bounds per team.
    sheet_lo: Vec<u8>,
    sheet_hi: Vec<u8>,
    time_lo: Vec<u8>,
    time_hi: Vec<u8>,
    /// Per night: slot taken, games per draw time so far, teams per draw time.
    used: Vec<Vec<Vec<bool>>>,
    fill: Vec<Vec<usize>>,
    over: u32,
    slots: Vec<Option<Slot>>,
    best: Option<(u32, Vec<Slot>)>,
    steps: u64,
    limit: u64,
    rng: Seeded,
    /// The games of each night.
    by_night: Vec<Vec<usize>>,
}

impl<'p> State<'p> {
    fn new(p: &'p Problem<'p>) -> Self {
        let mut games_of = vec![0u32; p.teams];
        for g in p.games {
            games_of[g.teams[0]] += 1;
            games_of[g.teams[1]] += 1;
        }
        let bounds = |n: u32, parts: usize| {
            let parts = parts.max(1) as u32;
            ((n / parts) as u8, n.div_ceil(parts) as u8)
        };
        let (sheet_lo, sheet_hi): (Vec<u8>, Vec<u8>) =
            games_of.iter().map(|n| bounds(*n, p.sheets)).unzip();
        let (time_lo, time_hi): (Vec<u8>, Vec<u8>) =
            games_of.iter().map(|n| bounds(*n, p.times)).unzip();
        State {
            p,
            on_sheet: vec![vec![0; p.sheets]; p.teams],
            at_time: vec![vec![0; p.times]; p.teams],
            left: games_of,
            sheet_lo,
            sheet_hi,
            time_lo,
            time_hi,
            used: p
                .nights
                .iter()
                .map(|n| {
                    n.free
                        .iter()
                        .map(|t| t.iter().map(|f| !f).collect())
                        .collect()
                })
                .collect(),
            fill: p.nights.iter().map(|n| vec![0; n.free.len()]).collect(),
            over: 0,
            slots: vec![None; p.games.len()],
            best: None,
            steps: 0,
            limit: 0,
            rng: Seeded::new(p.seed),
            by_night: {
                let mut by_night = vec![Vec::new(); p.nights.len()];
                for (i, g) in p.games.iter().enumerate() {
                    by_night[g.night].push(i);
                }
                by_night
            },
        }
    }

    /// What placing `team` on (`time`, `sheet`) adds to the cost now.
    fn over_if(&self, team: usize, slot: Slot) -> u32 {
        let s = self.on_sheet[team][slot.sheet];
        let t = self.at_time[team][slot.time];
        u32::from(s >= self.sheet_hi[team]) + u32::from(self.p.times > 1 && t >= self.time_hi[team])
    }

    /// A lower bound of what is still to come: a team short on some sheet (or time) needs
    /// games there it may not have left.
    fn under_bound(&self) -> u32 {
        (0..self.p.teams)
            .map(|team| {
                let short = |counts: &[u8], lo: u8| -> u32 {
                    counts
                        .iter()
                        .map(|c| u32::from(lo.saturating_sub(*c)))
                        .sum()
                };
                let mut need = short(&self.on_sheet[team], self.sheet_lo[team])
                    .saturating_sub(self.left[team]);
                if self.p.times > 1 {
                    need += short(&self.at_time[team], self.time_lo[team])
                        .saturating_sub(self.left[team]);
                }
                need
            })
            .sum()
    }

    fn final_cost(&self) -> u32 {
        let mut cost = self.over;
        for team in 0..self.p.teams {
            cost += self.on_sheet[team]
                .iter()
                .map(|c| u32::from(self.sheet_lo[team].saturating_sub(*c)))
                .sum::<u32>();
            if self.p.times > 1 {
                cost += self.at_time[team]
                    .iter()
                    .map(|c| u32::from(self.time_lo[team].saturating_sub(*c)))
                    .sum::<u32>();
            }
        }
        cost
    }

    fn fits(&self, game: usize, slot: Slot) -> bool {
        let g = &self.p.games[game];
        if self.used[g.night][slot.time][slot.sheet]
            || self.fill[g.night][slot.time] >= self.p.per_time[g.night][slot.time]
        {
            return false;
        }
        if !self.p.once_per_night {
            // Two games of one draw never share a team.
            let clash = self.p.games.iter().enumerate().any(|(other, o)| {
                o.night == g.night
                    && self.slots[other].is_some_and(|s| s.time == slot.time)
                    && (o.teams.contains(&g.teams[0]) || o.teams.contains(&g.teams[1]))
            });
            if clash {
                return false;
            }
        }
        true
    }

    fn place(&mut self, game: usize, slot: Slot) {
        let g = self.p.games[game];
        for team in g.teams {
            self.over += self.over_if(team, slot);
            self.on_sheet[team][slot.sheet] += 1;
            self.at_time[team][slot.time] += 1;
            self.left[team] -= 1;
        }
        self.used[g.night][slot.time][slot.sheet] = true;
        self.fill[g.night][slot.time] += 1;
        self.slots[game] = Some(slot);
    }

    fn unplace(&mut self, game: usize, slot: Slot) {
        let g = self.p.games[game];
        for team in g.teams {
            self.left[team] += 1;
            self.at_time[team][slot.time] -= 1;
            self.on_sheet[team][slot.sheet] -= 1;
            self.over -= self.over_if(team, slot);
        }
        self.used[g.night][slot.time][slot.sheet] = false;
        self.fill[g.night][slot.time] -= 1;
        self.slots[game] = None;
    }

    /// The slots `game` may take now, cheapest first (ties in seeded order).
    fn options(&mut self, game: usize) -> Vec<(u32, Slot)> {
        let night = &self.p.nights[self.p.games[game].night];
        let mut out = Vec::new();
        for time in 0..night.free.len() {
            for sheet in 0..self.p.sheets {
                let slot = Slot { time, sheet };
                if self.fits(game, slot) {
                    let g = self.p.games[game];
                    let added = self.over_if(g.teams[0], slot) + self.over_if(g.teams[1], slot);
                    out.push((added, slot));
                }
            }
        }
        self.rng.shuffle(&mut out);
        out.sort_by_key(|(added, _)| *added);
        out
    }

    /// Depth-first, most constrained game first, within `limit` steps. `true` once a
    /// placement of cost 0 is found (nothing can beat it).
    fn search(&mut self, placed: usize) -> bool {
        self.steps += 1;
        if self.steps > self.limit {
            return false;
        }
        if placed == self.p.games.len() {
            let cost = self.final_cost();
            if self.best.as_ref().is_none_or(|(b, _)| cost < *b) {
                let slots = self
                    .slots
                    .iter()
                    .map(|s| s.unwrap_or(Slot { time: 0, sheet: 0 }))
                    .collect();
                self.best = Some((cost, slots));
            }
            return cost == 0;
        }
        // Night by night; within the night, the unplaced game with the fewest options.
        let Some(night) = self
            .by_night
            .iter()
            .position(|games| games.iter().any(|g| self.slots[*g].is_none()))
        else {
            return false;
        };
        let mut pick: Option<(usize, Vec<(u32, Slot)>)> = None;
        for index in 0..self.by_night[night].len() {
            let game = self.by_night[night][index];
            if self.slots[game].is_some() {
                continue;
            }
            let options = self.options(game);
            let better = pick
                .as_ref()
                .is_none_or(|(_, best)| options.len() < best.len());
            if better {
                let empty = options.is_empty();
                pick = Some((game, options));
                if empty {
                    break;
                }
            }
        }
        let Some((game, options)) = pick else {
            return false;
        };
        for (_, slot) in options {
            self.place(game, slot);
            let bound = self.over + self.under_bound();
            if self.best.as_ref().is_none_or(|(b, _)| bound < *b) && self.search(placed + 1) {
                self.unplace(game, slot);
                return true;
            }
            self.unplace(game, slot);
            if self.steps > self.limit {
                return false;
            }
        }
        false
    }
}

/// Places every game of `p` (each night already chosen): first an exact search (depth
/// first, bounded, restarted with growing limits and reshuffled tie-breaks), which settles
/// small leagues and proves when nothing better exists; then, if the best so far is not
/// perfect, simulated annealing from it, which finds perfect balance for the larger ones.
/// Both are bounded by steps from `p.budget`.
pub fn place(p: &Problem<'_>) -> Placed {
    let mut state = State::new(p);
    let exact_budget = p.budget / 4;
    let mut limit = 2_000u64;
    let mut proven = false;
    let mut restart = 0u64;
    loop {
        state.limit = state.steps + limit;
        state.rng = Seeded::new(p.seed.wrapping_add(restart));
        let before = state.steps;
        if state.search(0) {
            break;
        }
        // A run that ended before its limit explored everything: nothing better exists.
        if state.steps - before < limit {
            proven = true;
            break;
        }
        if state.steps >= exact_budget {
            break;
        }
        restart += 1;
        limit = (limit * 2).min(exact_budget.saturating_sub(state.steps).max(1));
    }
    let mut steps = state.steps;
    let Some((mut cost, mut slots)) = state.best.take() else {
        // No complete placement: the nights have too few slots of the right kind.
        return Placed {
            cost: u32::MAX,
            slots: Vec::new(),
            proven,
            steps,
        };
    };
    if cost > 0 && !proven {
        let remaining = p.budget.saturating_sub(steps) * ANNEALING_MOVES_PER_STEP;
        let (better, moves) = anneal(p, &slots, remaining);
        steps += moves / ANNEALING_MOVES_PER_STEP;
        if better.0 < cost {
            (cost, slots) = better;
        }
    }
    Placed {
        proven: proven || cost == 0,
        cost,
        slots,
        steps,
    }
}

/// An annealing move is far cheaper than a search step: this many make one step of the
/// budget.
const ANNEALING_MOVES_PER_STEP: u64 = 20;

/// Simulated annealing over the slots: a move swaps two games of one night (or moves a game
/// to a free slot of its night, within its draw time's share), and is kept when it lowers
/// the cost — or, less and less often as it cools, when it raises it.
fn anneal(p: &Problem<'_>, start: &[Slot], moves: u64) -> ((u32, Vec<Slot>), u64) {
    let mut state = State::new(p);
    for (game, slot) in start.iter().enumerate() {
        state.place(game, *slot);
    }
    let mut cost = state.final_cost();
    let mut best = (cost, start.to_vec());
    let mut rng = Seeded::new(p.seed ^ 0xA11E_A1ED);
    let games = p.games.len();
    if games < 2 || moves == 0 {
        return (best, 0);
    }
    let by_night = state.by_night.clone();
    let hot = 2.0f64;
    let mut done = 0u64;
    while done < moves && best.0 > 0 {
        done += 1;
        let temperature = hot * (1.0 - done as f64 / moves as f64) + 0.05;
        let a = (rng.next_u64() % games as u64) as usize;
        let night = &by_night[p.games[a].night];
        let Some(slot_a) = state.slots[a] else {
            continue;
        };
        // The partner: another game of the same night, or an empty slot there.
        let pick = (rng.next_u64() % (night.len() as u64 + 1)) as usize;
        let (b, slot_b) = if pick < night.len() && night[pick] != a {
            let b = night[pick];
            match state.slots[b] {
                Some(s) => (Some(b), s),
                None => continue,
            }
        } else {
            let times = p.nights[p.games[a].night].free.len();
            let slot = Slot {
                time: (rng.next_u64() % times as u64) as usize,
                sheet: (rng.next_u64() % p.sheets as u64) as usize,
            };
            if slot == slot_a || slot.time != slot_a.time {
                continue;
            }
            (None, slot)
        };
        if b.is_none() && (state.used[p.games[a].night][slot_b.time][slot_b.sheet]) {
            continue;
        }
        // Try the move.
        state.unplace(a, slot_a);
        if let Some(b) = b {
            state.unplace(b, slot_b);
        }
        let fits = state.fits(a, slot_b) && {
            state.place(a, slot_b);
            match b {
                Some(b) if state.fits(b, slot_a) => {
                    state.place(b, slot_a);
                    true
                }
                Some(_) => {
                    state.unplace(a, slot_b);
                    false
                }
                None => true,
            }
        };
        if !fits {
            state.place(a, slot_a);
            if let Some(b) = b {
                state.place(b, slot_b);
            }
            continue;
        }
        let next = state.final_cost();
        let worse = f64::from(next) - f64::from(cost);
        let keep = worse <= 0.0
            || (rng.next_u64() as f64 / u64::MAX as f64) < (-worse / temperature).exp();
        if keep {
            cost = next;
            if cost < best.0 {
                best = (
                    cost,
                    state
                        .slots
                        .iter()
                        .map(|s| s.unwrap_or(Slot { time: 0, sheet: 0 }))
                        .collect(),
                );
            }
        } else {
            state.unplace(a, slot_b);
            if let Some(b) = b {
                state.unplace(b, slot_a);
            }
            state.place(a, slot_a);
            if let Some(b) = b {
                state.place(b, slot_b);
            }
        }
    }
    (best, done)
}

/// How often each pair of players (smaller index first) is together.
pub type PairCounts = HashMap<(usize, usize), u32>;

/// Counts per team of how often it partners and opposes every other player, for rotating
/// partner formats (COMPETITIONS.md 3.6). `rounds` are games of `[[a, b], [c, d]]`.
pub fn partners_and_opponents(rounds: &[Vec<[[usize; 2]; 2]>]) -> (PairCounts, PairCounts) {
    let key = |a: usize, b: usize| (a.min(b), a.max(b));
    let mut partners = HashMap::new();
    let mut opponents = HashMap::new();
    for round in rounds {
        for [one, two] in round {
            *partners.entry(key(one[0], one[1])).or_insert(0) += 1;
            *partners.entry(key(two[0], two[1])).or_insert(0) += 1;
            for a in one {
                for b in two {
                    *opponents.entry(key(*a, *b)).or_insert(0) += 1;
                }
            }
        }
    }
    (partners, opponents)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R8: the published 8-player whist schedule: each pair partners once, opposes twice.
    #[test]
    fn r8_the_eight_player_whist_schedule_partners_once_and_opposes_twice() {
        let text = "12v34 56v78 | 13v57 24v68 | 14v58 23v67 | 15v26 37v48 | 16v38 25v47 | 17v46 28v35 | 18v27 36v45";
        let digit = |c: u8| usize::from(c - b'1');
        let rounds: Vec<Vec<[[usize; 2]; 2]>> = text
            .split('|')
            .map(|round| {
                round
                    .split_whitespace()
                    .map(|game| {
                        let b = game.as_bytes();
                        [[digit(b[0]), digit(b[1])], [digit(b[3]), digit(b[4])]]
                    })
                    .collect()
            })
            .collect();
        let (partners, opponents) = partners_and_opponents(&rounds);
        for a in 0..8 {
            for b in a + 1..8 {
                assert_eq!(partners.get(&(a, b)), Some(&1), "{a} and {b} partner");
                assert_eq!(opponents.get(&(a, b)), Some(&2), "{a} and {b} oppose");
            }
        }
    }

    #[test]
    fn packing_never_puts_a_team_in_two_games_of_a_night() {
        let nights: Vec<Night> = (0..10)
            .map(|_| Night {
                free: vec![vec![true; 2]; 2],
                busy: Vec::new(),
            })
            .collect();
        let queue: Vec<[usize; 2]> = super::super::circle::rounds(6, 1)
            .into_iter()
            .flatten()
            .collect();
        let (packed, per_time) = pack(&queue, &nights, true).expect("fits");
        assert_eq!(packed.len(), 15);
        for night in 0..per_time.len() {
            let mut teams: Vec<usize> = packed
                .iter()
                .filter(|g| g.night == night)
                .flat_map(|g| g.teams)
                .collect();
            let n = teams.len();
            teams.sort_unstable();
            teams.dedup();
            assert_eq!(teams.len(), n, "night {night}");
        }
        // Too few nights: refused, not truncated.
        assert!(pack(&queue, &nights[..2], true).is_none());
    }
}
