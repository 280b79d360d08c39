//! Standings: the table of an event, from its final games, ranked by the sport's own rules.
//!
//! Teams are grouped by their record (wins, a points table, or win percentage); each group
//! of teams still equal is broken by the event's chain of criteria — for curling head to
//! head among the tied, then the Draw Shot Challenge, then the best single last-stone draw;
//! for pickleball head to head, point differential among the tied, overall, then points
//! scored. When a criterion splits a group, each smaller group starts the chain again
//! (COMPETITIONS.md 1.2: "restart on split"). A tie that survives every criterion shares
//! its rank and needs a decision, which the event's managers store.
//!
//! [`rank`] is a pure function of results, stones and decisions; [`of`] feeds it a board.

pub mod dsc;
pub mod settings;

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::GameState;
use super::board::Board;
use crate::sports::{Outcome, Rules, Side, Sport};
pub use dsc::{Dsc, DscSettings};

/// What teams are first ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Primary {
    /// Wins (a tie is half a win).
    Wins,
    /// Points from the points table.
    Points,
    /// Wins per game played (for uneven schedules).
    WinPercentage,
}

/// Points for each result (curling extra-end results may differ, e.g. 3-2-1-0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsTable {
    pub win: u32,
    pub extra_end_win: u32,
    pub tie: u32,
    pub extra_end_loss: u32,
    pub loss: u32,
}

impl PointsTable {
    /// 1-0-0: a championship's.
    pub const ONE: PointsTable = PointsTable {
        win: 1,
        extra_end_win: 1,
        tie: 0,
        extra_end_loss: 0,
        loss: 0,
    };
    /// 3-1-0: a club league's.
    pub const THREE: PointsTable = PointsTable {
        win: 3,
        extra_end_win: 3,
        tie: 1,
        extra_end_loss: 0,
        loss: 0,
    };
}

/// One step of the tiebreak chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// The record in the games among the tied teams.
    HeadToHead,
    /// Point differential in the games among the tied teams.
    PointDiffAmongTied,
    /// Point differential over every game.
    PointDiff,
    /// Points scored over every game.
    PointsFor,
    /// The Draw Shot Challenge (lower is better).
    Dsc,
    /// The best single last-stone draw, then the next best, and so on.
    BestLsd,
}

impl Criterion {
    pub const ALL: [Criterion; 6] = [
        Criterion::HeadToHead,
        Criterion::PointDiffAmongTied,
        Criterion::PointDiff,
        Criterion::PointsFor,
        Criterion::Dsc,
        Criterion::BestLsd,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Criterion::HeadToHead => "head_to_head",
            Criterion::PointDiffAmongTied => "point_diff_among_tied",
            Criterion::PointDiff => "point_diff",
            Criterion::PointsFor => "points_for",
            Criterion::Dsc => "dsc",
            Criterion::BestLsd => "best_lsd",
        }
    }

    pub fn parse(s: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// When a criterion splits a group: start the chain again on each part (the WCF's way), or
/// go on to the next criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    Restart,
    Continue,
}

/// Head to head when not every tied pair has played each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Incomplete {
    /// Use the games they did play, per game.
    UseAvailable,
    /// Go straight to the next criterion.
    Skip,
}

/// How an event ranks its standings (stored as JSON on the event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking {
    pub primary: Primary,
    pub points: PointsTable,
    pub chain: Vec<Criterion>,
    pub split: Split,
    pub head_to_head_incomplete: Incomplete,
    pub dsc: DscSettings,
}

impl Ranking {
    /// The sport's default: curling by record, head to head, DSC and best LSD (no point
    /// differential: it would reward running up scores); pickleball by wins, head to head,
    /// point differential among the tied, overall, and points scored.
    pub fn default_for(sport: Sport) -> Ranking {
        let chain = match sport {
            Sport::Curling => vec![Criterion::HeadToHead, Criterion::Dsc, Criterion::BestLsd],
            Sport::Pickleball => vec![
                Criterion::HeadToHead,
                Criterion::PointDiffAmongTied,
                Criterion::PointDiff,
                Criterion::PointsFor,
            ],
        };
        Ranking {
            primary: Primary::Wins,
            points: PointsTable::THREE,
            chain,
            split: Split::Restart,
            head_to_head_incomplete: Incomplete::UseAvailable,
            dsc: DscSettings::default(),
        }
    }

    /// The stored JSON, or the sport's default for '' (and for anything unreadable).
    pub fn parse_stored(json: &str, sport: Sport) -> Ranking {
        serde_json::from_str(json).unwrap_or_else(|_| Ranking::default_for(sport))
    }
}

/// A final game as the standings see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Played {
    pub teams: [i64; 2],
    pub outcome: Outcome,
    pub points: [u32; 2],
    /// Decided in an extra end (for a points table that says so).
    pub extra_end: bool,
}

/// A decision stored for a tie no criterion broke: the order of exactly these teams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub ranked: Vec<i64>,
}

impl Decision {
    fn covers(&self, group: &[i64]) -> bool {
        let (mut a, mut b) = (self.ranked.clone(), group.to_vec());
        a.sort_unstable();
        b.sort_unstable();
        a == b
    }
}

/// The key a decision is stored under: the tied teams' ids, sorted.
pub fn tie_key(teams: &[i64]) -> String {
    let mut ids = teams.to_vec();
    ids.sort_unstable();
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// What placed a team above the next one in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Record,
    Criterion(Criterion),
    Decision,
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub team: i64,
    pub name: String,
    /// Competition ranking: 1, 2, 2, 4.
    pub rank: usize,
    pub played: u32,
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
    pub points: u32,
    pub points_for: u32,
    pub points_against: u32,
    pub dsc: Option<Dsc>,
    /// Shares its rank with others no criterion separates, and no decision is stored.
    pub unresolved: bool,
    /// Why it ranks above the next row (`None` for the last, or an unresolved tie).
    pub why: Option<Why>,
    pub withdrawn: bool,
}

impl Row {
    pub fn differential(&self) -> i64 {
        i64::from(self.points_for) - i64::from(self.points_against)
    }
}

/// A team to rank.
#[derive(Debug, Clone)]
pub struct Entrant {
    pub id: i64,
    pub name: String,
    pub withdrawn: bool,
    /// Its last-stone draws over the event.
    pub stones: Vec<dsc::Stone>,
}

/// A group of teams sharing a place, in order; `unresolved` when nothing separated them.
struct Tier {
    teams: Vec<i64>,
    unresolved: bool,
    why: Option<Why>,
}

/// The table: every entrant, ranked.
pub fn rank(
    ranking: &Ranking,
    entrants: &[Entrant],
    games: &[Played],
    decisions: &[Decision],
) -> Vec<Row> {
    let totals = Totals::of(ranking, entrants, games);
    let ctx = Ctx {
        ranking,
        games,
        totals: &totals,
        stones: entrants
            .iter()
            .map(|e| (e.id, e.stones.as_slice()))
            .collect(),
        decisions,
    };
    // Groups by record, best first; ids break nothing, they only make the order stable.
    let mut ids: Vec<i64> = entrants.iter().map(|e| e.id).collect();
    ids.sort_by(|a, b| ctx.cmp_record(*a, *b).then(a.cmp(b)));
    let mut tiers: Vec<Tier> = Vec::new();
    for group in split_by(&ids, |a, b| ctx.cmp_record(a, b)) {
        let mut broken = ctx.break_tie(&group, 0);
        if let Some(last) = broken.last_mut()
            && last.why.is_none()
            && !last.unresolved
        {
            last.why = Some(Why::Record);
        }
        tiers.extend(broken);
    }
    if let Some(last) = tiers.last_mut() {
        last.why = None;
    }
    let mut rows = Vec::with_capacity(entrants.len());
    let mut place = 1;
    for tier in &tiers {
        for team in &tier.teams {
            let entrant = entrants.iter().find(|e| e.id == *team);
            let t = totals.get(*team);
            rows.push(Row {
                team: *team,
                name: entrant.map(|e| e.name.clone()).unwrap_or_default(),
                rank: place,
                played: t.played,
                wins: t.wins,
                losses: t.losses,
                ties: t.ties,
                points: t.points,
                points_for: t.points_for,
                points_against: t.points_against,
                dsc: ranking
                    .dsc
                    .dsc(ctx.stones.get(team).copied().unwrap_or(&[])),
                unresolved: tier.unresolved,
                why: tier.why,
                withdrawn: entrant.is_some_and(|e| e.withdrawn),
            });
        }
        place += tier.teams.len();
    }
    rows
}

/// Teams that ended on the same place in different groups (pools), ordered by DSC
/// (COMPETITIONS.md 1.1: "teams in the same place in different groups are ranked by DSC").
pub fn across_groups(settings: &DscSettings, teams: &[(i64, Vec<dsc::Stone>)]) -> Vec<i64> {
    let mut ranked: Vec<(i64, Option<Dsc>)> = teams
        .iter()
        .map(|(id, stones)| (*id, settings.dsc(stones)))
        .collect();
    ranked.sort_by(|a, b| dsc::cmp_dsc(a.1, b.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(id, _)| id).collect()
}

/// Splits a sorted list into runs of equal items.
fn split_by(ids: &[i64], cmp: impl Fn(i64, i64) -> Ordering) -> Vec<Vec<i64>> {
    let mut groups: Vec<Vec<i64>> = Vec::new();
    for id in ids {
        match groups.last_mut() {
            Some(group) if cmp(group[0], *id) == Ordering::Equal => group.push(*id),
            _ => groups.push(vec![*id]),
        }
    }
    groups
}

#[derive(Debug, Clone, Copy, Default)]
struct Total {
    played: u32,
    wins: u32,
    losses: u32,
    ties: u32,
    points: u32,
    points_for: u32,
    points_against: u32,
}

struct Totals(HashMap<i64, Total>);

impl Totals {
    fn of(ranking: &Ranking, entrants: &[Entrant], games: &[Played]) -> Totals {
        let mut map: HashMap<i64, Total> =
            entrants.iter().map(|e| (e.id, Total::default())).collect();
        for game in games {
            for side in Side::BOTH {
                let Some(t) = map.get_mut(&game.teams[side.index()]) else {
                    continue;
                };
                t.played += 1;
                t.points_for += game.points[side.index()];
                t.points_against += game.points[side.other().index()];
                t.points += game_points(ranking, game, side);
                match game.outcome {
                    Outcome::Won(w) if w == side => t.wins += 1,
                    Outcome::Won(_) => t.losses += 1,
                    Outcome::Tied => t.ties += 1,
                }
            }
        }
        Totals(map)
    }

    fn get(&self, team: i64) -> Total {
        self.0.get(&team).copied().unwrap_or_default()
    }
}

/// The points `side` earned in `game` under the event's table.
fn game_points(ranking: &Ranking, game: &Played, side: Side) -> u32 {
    let table = &ranking.points;
    match game.outcome {
        Outcome::Tied => table.tie,
        Outcome::Won(w) if w == side && game.extra_end => table.extra_end_win,
        Outcome::Won(w) if w == side => table.win,
        Outcome::Won(_) if game.extra_end => table.extra_end_loss,
        Outcome::Won(_) => table.loss,
    }
}

/// A fraction `num / den`, compared exactly (`den` > 0).
#[derive(Debug, Clone, Copy)]
struct Fraction {
    num: i64,
    den: i64,
}

impl Fraction {
    fn new(num: i64, den: i64) -> Fraction {
        if den == 0 {
            Fraction { num: 0, den: 1 }
        } else {
            Fraction { num, den }
        }
    }

    /// Higher first.
    fn cmp_desc(&self, other: &Fraction) -> Ordering {
        (i128::from(other.num) * i128::from(self.den))
            .cmp(&(i128::from(self.num) * i128::from(other.den)))
    }
}

struct Ctx<'a> {
    ranking: &'a Ranking,
    games: &'a [Played],
    totals: &'a Totals,
    stones: HashMap<i64, &'a [dsc::Stone]>,
    decisions: &'a [Decision],
}

impl Ctx<'_> {
    /// Better record first.
    fn cmp_record(&self, a: i64, b: i64) -> Ordering {
        let (ta, tb) = (self.totals.get(a), self.totals.get(b));
        let halves = |t: &Total| i64::from(2 * t.wins + t.ties);
        match self.ranking.primary {
            Primary::Wins => halves(&tb).cmp(&halves(&ta)),
            Primary::Points => tb.points.cmp(&ta.points),
            Primary::WinPercentage => Fraction::new(halves(&ta), i64::from(ta.played))
                .cmp_desc(&Fraction::new(halves(&tb), i64::from(tb.played))),
        }
    }

    /// The games between two teams of `group`.
    fn among<'g>(&'g self, group: &'g [i64]) -> impl Iterator<Item = &'g Played> + 'g {
        self.games
            .iter()
            .filter(move |g| group.contains(&g.teams[0]) && group.contains(&g.teams[1]))
    }

    fn every_pair_played(&self, group: &[i64]) -> bool {
        group.iter().enumerate().all(|(i, a)| {
            group[i + 1..].iter().all(|b| {
                self.among(group)
                    .any(|g| g.teams.contains(a) && g.teams.contains(b))
            })
        })
    }

    /// `team`'s record in the games among `group`, per game (a win is 2, a tie 1; the
    /// points table's points when the event ranks by points). No game: neutral.
    fn head_to_head(&self, group: &[i64], team: i64) -> Fraction {
        let (mut score, mut games) = (0i64, 0i64);
        for game in self.among(group) {
            let Some(side) = Side::BOTH
                .into_iter()
                .find(|s| game.teams[s.index()] == team)
            else {
                continue;
            };
            games += 1;
            score += match self.ranking.primary {
                Primary::Points => i64::from(game_points(self.ranking, game, side)) * 2,
                Primary::Wins | Primary::WinPercentage => match game.outcome {
                    Outcome::Won(w) if w == side => 2,
                    Outcome::Won(_) => 0,
                    Outcome::Tied => 1,
                },
            };
        }
        if games == 0 {
            Fraction::new(1, 1)
        } else {
            Fraction::new(score, games)
        }
    }

    fn diff_among(&self, group: &[i64], team: i64) -> i64 {
        self.among(group)
            .map(|g| {
                let for_ = |i: usize| i64::from(g.points[i]) - i64::from(g.points[1 - i]);
                if g.teams[0] == team {
                    for_(0)
                } else if g.teams[1] == team {
                    for_(1)
                } else {
                    0
                }
            })
            .sum()
    }

    /// `a` before `b` under `criterion`, the "among the tied" ones counted over `group`.
    fn cmp_by(&self, criterion: Criterion, group: &[i64], a: i64, b: i64) -> Ordering {
        match criterion {
            Criterion::HeadToHead => self
                .head_to_head(group, a)
                .cmp_desc(&self.head_to_head(group, b)),
            Criterion::PointDiffAmongTied => {
                self.diff_among(group, b).cmp(&self.diff_among(group, a))
            }
            Criterion::PointDiff => {
                let d = |t: i64| {
                    let t = self.totals.get(t);
                    i64::from(t.points_for) - i64::from(t.points_against)
                };
                d(b).cmp(&d(a))
            }
            Criterion::PointsFor => self
                .totals
                .get(b)
                .points_for
                .cmp(&self.totals.get(a).points_for),
            Criterion::Dsc => {
                let d = |t: i64| {
                    self.ranking
                        .dsc
                        .dsc(self.stones.get(&t).copied().unwrap_or(&[]))
                };
                dsc::cmp_dsc(d(a), d(b))
            }
            Criterion::BestLsd => {
                let s = |t: i64| {
                    self.ranking
                        .dsc
                        .sorted(self.stones.get(&t).copied().unwrap_or(&[]))
                };
                let (sa, sb) = (s(a), s(b));
                match (sa.is_empty(), sb.is_empty()) {
                    (false, true) => Ordering::Less,
                    (true, false) => Ordering::Greater,
                    _ => sa
                        .iter()
                        .zip(&sb)
                        .map(|(x, y)| x.cmp(y))
                        .find(|o| o.is_ne())
                        .unwrap_or(Ordering::Equal),
                }
            }
        }
    }

    /// Breaks `group` (teams equal so far) with the chain from step `from`.
    fn break_tie(&self, group: &[i64], from: usize) -> Vec<Tier> {
        self.break_within(group, from, group)
    }

    /// The same, with the "among the tied" criteria counted over `context`: the group
    /// itself when a split restarts the chain, the group before the split when it goes on
    /// to the next criterion.
    fn break_within(&self, group: &[i64], from: usize, context: &[i64]) -> Vec<Tier> {
        if group.len() == 1 {
            return vec![Tier {
                teams: group.to_vec(),
                unresolved: false,
                why: None,
            }];
        }
        for (step, criterion) in self.ranking.chain.iter().enumerate().skip(from) {
            if *criterion == Criterion::HeadToHead
                && self.ranking.head_to_head_incomplete == Incomplete::Skip
                && !self.every_pair_played(context)
            {
                continue;
            }
            let mut sorted = group.to_vec();
            sorted.sort_by(|a, b| self.cmp_by(*criterion, context, *a, *b).then(a.cmp(b)));
            let parts = split_by(&sorted, |a, b| self.cmp_by(*criterion, context, a, b));
            if parts.len() > 1 {
                let last = parts.len() - 1;
                let mut tiers = Vec::new();
                for (i, part) in parts.into_iter().enumerate() {
                    let mut broken = match self.ranking.split {
                        Split::Restart => self.break_within(&part, 0, &part),
                        Split::Continue => self.break_within(&part, step + 1, context),
                    };
                    // The last team of each part was placed above the next part by this
                    // criterion.
                    if i < last
                        && let Some(tail) = broken.last_mut()
                        && !tail.unresolved
                    {
                        tail.why = Some(Why::Criterion(*criterion));
                    }
                    tiers.extend(broken);
                }
                return tiers;
            }
        }
        // Nothing separates them: a stored decision, or a shared place.
        match self.decisions.iter().find(|d| d.covers(group)) {
            Some(decision) => {
                let n = decision.ranked.len();
                decision
                    .ranked
                    .iter()
                    .enumerate()
                    .map(|(i, team)| Tier {
                        teams: vec![*team],
                        unresolved: false,
                        why: (i + 1 < n).then_some(Why::Decision),
                    })
                    .collect()
            }
            None => vec![Tier {
                teams: group.to_vec(),
                unresolved: true,
                why: None,
            }],
        }
    }
}

/// The event's table from its board: final games of the round robin (a forfeit is a win
/// for the other side, with no points; bracket games are not the round robin), last-stone
/// draws of every game, and the stored decisions.
pub fn of(board: &Board) -> Vec<Row> {
    of_pool(board, None)
}

/// One pool's table (`None`: every team of the event).
pub fn of_pool(board: &Board, pool: Option<&str>) -> Vec<Row> {
    let rules = &board.event.rules;
    let in_pool = |team: i64| board.in_pool(team, pool);
    let round_robin: Vec<&super::Game> = board
        .round_robin_games()
        .filter(|g| g.teams.iter().all(|t| in_pool(*t)))
        .collect();
    let games: Vec<Played> = round_robin
        .iter()
        .filter(|g| g.state == GameState::Final)
        .filter_map(|g| {
            let outcome = g.result(rules)?;
            let (points, extra_end) = if g.forfeited_by.is_some() {
                ([0, 0], false)
            } else {
                let score = g.score(rules);
                let extra = match (&score, rules) {
                    (super::Score::Curling(s), Rules::Curling(r)) => {
                        s.ends.len() > usize::from(r.ends)
                    }
                    _ => false,
                };
                ([score.points(Side::One), score.points(Side::Two)], extra)
            };
            Some(Played {
                teams: g.teams,
                outcome,
                points,
                extra_end,
            })
        })
        .collect();
    let entrants: Vec<Entrant> = board
        .teams
        .iter()
        .filter(|t| in_pool(t.id))
        .map(|t| Entrant {
            id: t.id,
            name: t.name.clone(),
            withdrawn: t.withdrawn,
            // The round robin's draws: a playoff's stones do not move the table it seeded.
            stones: round_robin
                .iter()
                .flat_map(|g| {
                    let side = g.side_of(t.id);
                    g.lsd
                        .iter()
                        .filter(move |s| Some(s.side) == side)
                        .map(|s| s.distance)
                })
                .collect(),
        })
        .collect();
    let mut rows = rank(&board.event.ranking, &entrants, &games, &board.decisions);
    // A tie needs a decision only once its teams have played and have nothing left to
    // play; until then it is a shared place that the games to come may still break.
    let to_play = |team: i64| {
        round_robin.iter().any(|g| {
            g.teams.contains(&team) && matches!(g.state, GameState::Scheduled | GameState::Live)
        })
    };
    let open: Vec<usize> = rows
        .iter()
        .filter(|r| r.unresolved && (r.played == 0 || to_play(r.team)))
        .map(|r| r.rank)
        .collect();
    for row in rows.iter_mut().filter(|r| open.contains(&r.rank)) {
        row.unresolved = false;
    }
    rows
}

#[cfg(test)]
mod tests;
