//! The bracket templates (COMPETITIONS.md 2.1–2.4). Each one is a pure function from the
//! format's options to the games over seeds 1…n; where the seeds come from is chosen apart.
//! Labels and section names are written in the organiser's language: they are the
//! bracket's own text from then on, and can be renamed.

use super::{Hammer, Slot, Source, seed_order};
use crate::i18n::{Lang, Text};

/// Who has the hammer in a Page playoff's final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinalHammer {
    /// The winner of 1 v 2 (the usual reading of the rule).
    WinnerOf1v2,
    /// The better-seeded finalist.
    BetterSeed,
}

/// A template and its options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "format")]
pub enum Format {
    /// Four teams, four games (five with the bronze game).
    Page {
        bronze: bool,
        final_hammer: FinalHammer,
    },
    /// Any number of teams; byes go to the top seeds.
    Single { teams: u32, third_place: bool },
    /// A second loss eliminates. `crossover`: the losers' champion plays the winners'
    /// champion for the title (PickleballBrackets' "allow"); otherwise it takes bronze.
    Double {
        teams: u32,
        reset: bool,
        crossover: bool,
    },
    /// Win `wins` games before losing `losses` (a triple knockout is 3 and 3): teams only
    /// ever meet a team with the same record.
    Record { teams: u32, wins: u32, losses: u32 },
    /// Club A/B/C events: the first-round losers of each event play the next one, and each
    /// event has its own champion.
    Events { teams: u32, events: u32 },
}

/// The most teams one bracket takes.
pub const MAX_TEAMS: u32 = 256;

/// Why a format cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unfit {
    TooFewTeams,
    TooManyTeams,
    BadRecord,
    BadEvents,
}

impl Format {
    /// How many seeds it takes.
    pub fn teams(&self) -> u32 {
        match *self {
            Format::Page { .. } => 4,
            Format::Single { teams, .. }
            | Format::Double { teams, .. }
            | Format::Record { teams, .. }
            | Format::Events { teams, .. } => teams,
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Format::Page { .. } => Text::FormatPage,
            Format::Single { .. } => Text::FormatSingle,
            Format::Double { .. } => Text::FormatDouble,
            Format::Record { .. } => Text::FormatRecord,
            Format::Events { .. } => Text::FormatEvents,
        }
    }

    /// The games, over seeds 1…[`Format::teams`].
    pub fn slots(&self, lang: Lang) -> Result<Vec<Slot>, Unfit> {
        let n = self.teams();
        let least = match self {
            Format::Double { .. } => 3,
            _ => 2,
        };
        if n < least {
            return Err(Unfit::TooFewTeams);
        }
        if n > MAX_TEAMS {
            return Err(Unfit::TooManyTeams);
        }
        let mut b = Builder::new(lang);
        match *self {
            Format::Page {
                bronze,
                final_hammer,
            } => page(&mut b, bronze, final_hammer),
            Format::Single { teams, third_place } => {
                let section = lang.t(Text::SectionChampionship).to_string();
                let seeds: Vec<Source> = (1..=teams).map(Source::Seed).collect();
                let last = single(&mut b, &section, &seeds, 1, true);
                if third_place && let Some((a, b2)) = last.semis {
                    b.add(
                        &section,
                        lang.t(Text::BracketThirdPlace).to_string(),
                        last.final_round,
                        [Source::Loser(a), Source::Loser(b2)],
                        Hammer::HigherSeed,
                    );
                }
            }
            Format::Double {
                teams,
                reset,
                crossover,
            } => double(&mut b, teams, reset, crossover),
            Format::Record {
                teams,
                wins,
                losses,
            } => {
                if wins == 0 || losses == 0 || wins > 8 || losses > 8 {
                    return Err(Unfit::BadRecord);
                }
                record(&mut b, teams, wins, losses);
            }
            Format::Events { teams, events } => {
                if !(2..=4).contains(&events) || teams < 2u32.pow(events) {
                    return Err(Unfit::BadEvents);
                }
                if club_events(&mut b, teams, events) < events {
                    return Err(Unfit::BadEvents);
                }
            }
        }
        Ok(b.slots)
    }
}

/// Numbers the games as they are added.
struct Builder {
    lang: Lang,
    slots: Vec<Slot>,
}

impl Builder {
    fn new(lang: Lang) -> Self {
        Builder {
            lang,
            slots: Vec::new(),
        }
    }

    fn add(
        &mut self,
        section: &str,
        label: String,
        round: u32,
        sides: [Source; 2],
        hammer: Hammer,
    ) -> u32 {
        let number = self.slots.len() as u32 + 1;
        self.slots.push(Slot {
            number,
            section: section.to_string(),
            label,
            round,
            sides,
            hammer,
            only_if_upset: None,
        });
        number
    }

    fn text(&self, text: Text) -> String {
        self.lang.t(text).to_string()
    }

    fn format(&self, text: Text, args: &[(&str, &str)]) -> String {
        self.lang.format(text, args)
    }
}

/// COMPETITIONS.md 2.1: 1 v 2 (winner to the final, loser to the semifinal), 3 v 4 (winner
/// to the semifinal), the semifinal, the final, and the optional bronze game.
fn page(b: &mut Builder, bronze: bool, final_hammer: FinalHammer) {
    let section = b.text(Text::SectionPage);
    let one_two = b.add(
        &section,
        b.text(Text::Page1v2),
        1,
        [Source::Seed(1), Source::Seed(2)],
        Hammer::HigherSeed,
    );
    let three_four = b.add(
        &section,
        b.text(Text::Page3v4),
        1,
        [Source::Seed(3), Source::Seed(4)],
        Hammer::HigherSeed,
    );
    let semi = b.add(
        &section,
        b.text(Text::BracketSemifinal),
        2,
        [Source::Loser(one_two), Source::Winner(three_four)],
        Hammer::HigherSeed,
    );
    let hammer = match final_hammer {
        FinalHammer::WinnerOf1v2 => Hammer::WinnerOf(one_two),
        FinalHammer::BetterSeed => Hammer::HigherSeed,
    };
    b.add(
        &section,
        b.text(Text::BracketFinal),
        3,
        [Source::Winner(one_two), Source::Winner(semi)],
        hammer,
    );
    if bronze {
        b.add(
            &section,
            b.text(Text::BracketBronze),
            3,
            [Source::Loser(three_four), Source::Loser(semi)],
            Hammer::HigherSeed,
        );
    }
}

/// What a single-elimination tree left: its final, its semifinals, the round after its last.
struct Tree {
    final_game: Option<u32>,
    semis: Option<(u32, u32)>,
    final_round: u32,
    /// Games of its first round with two real sides, top to bottom.
    first_round: Vec<u32>,
}

/// The round's name by how many games it has left: Final, Semifinal, Quarterfinal, Round of 16.
fn round_name(games: usize, named: bool) -> Text {
    match (named, games) {
        (true, 1) => Text::BracketFinal,
        (true, 2) => Text::BracketSemifinal,
        (true, 4) => Text::BracketQuarterfinal,
        _ => Text::BracketRoundOf,
    }
}

/// A single-elimination tree over `entrants` (in seed order: the first is the best), from
/// round `first_round`. Entrants are padded to a power of two with byes for the best.
fn single(
    b: &mut Builder,
    section: &str,
    entrants: &[Source],
    first_round: u32,
    named: bool,
) -> Tree {
    let size = entrants.len().next_power_of_two().max(2) as u32;
    let at = |seed: u32| {
        entrants
            .get(seed as usize - 1)
            .copied()
            .unwrap_or(Source::Bye)
    };
    let mut current: Vec<Source> = Vec::new();
    let mut tree = Tree {
        final_game: None,
        semis: None,
        final_round: first_round,
        first_round: Vec::new(),
    };
    let pairs = seed_order(size);
    let mut round = first_round;
    let mut games = pairs.len();
    let label = |b: &Builder, games: usize, i: usize, round: u32| {
        let text = round_name(games, named);
        let base = match text {
            Text::BracketRoundOf if named => b.format(text, &[("n", &(games * 2).to_string())]),
            Text::BracketRoundOf => b.format(Text::BracketRound, &[("n", &round.to_string())]),
            other => b.text(other),
        };
        if games > 1 {
            format!("{base} · {}", i + 1)
        } else {
            base
        }
    };
    let mut opening = Vec::with_capacity(games);
    for (i, (a, z)) in pairs.into_iter().enumerate() {
        let sides = [at(a), at(z)];
        let l = label(b, games, i, round);
        let n = b.add(section, l, round, sides, Hammer::HigherSeed);
        if !sides.contains(&Source::Bye) {
            tree.first_round.push(n);
        }
        opening.push(n);
        current.push(Source::Winner(n));
    }
    // Four places: the first round is the semifinals.
    if let [one, two] = opening[..] {
        tree.semis = Some((one, two));
    }
    while current.len() > 1 {
        round += 1;
        games = current.len() / 2;
        let mut next = Vec::with_capacity(games);
        let mut numbers = Vec::with_capacity(games);
        for (i, pair) in current.chunks(2).enumerate() {
            let l = label(b, games, i, round);
            let n = b.add(section, l, round, [pair[0], pair[1]], Hammer::HigherSeed);
            next.push(Source::Winner(n));
            numbers.push(n);
        }
        if numbers.len() == 2 {
            tree.semis = Some((numbers[0], numbers[1]));
        }
        if numbers.len() == 1 {
            tree.final_game = Some(numbers[0]);
        }
        current = next;
    }
    if size == 2 {
        tree.final_game = tree.first_round.first().copied();
    }
    tree.final_round = round;
    tree
}

/// COMPETITIONS.md 2.3, for `teams` padded to 2^k: the winners' bracket; the losers'
/// bracket, whose odd rounds pair its survivors and whose even rounds meet the next
/// winners' round's losers (fed in reverse, against early rematches); then the grand final
/// and its reset, or (without crossover) the losers' champion takes bronze.
fn double(b: &mut Builder, teams: u32, reset: bool, crossover: bool) {
    let winners = b.text(Text::SectionWinners);
    let losers = b.text(Text::SectionLosers);
    let size = teams.next_power_of_two();
    let k = size.trailing_zeros();
    // Winners' bracket, round by round: the games of each round, top to bottom.
    let mut wb: Vec<Vec<u32>> = Vec::new();
    let mut current: Vec<Source> = Vec::new();
    for (a, z) in seed_order(size) {
        let side = |s: u32| {
            if s <= teams {
                Source::Seed(s)
            } else {
                Source::Bye
            }
        };
        current.push(Source::Seed(a));
        current.push(side(z));
    }
    for r in 1..=k {
        let games = current.len() / 2;
        let mut numbers = Vec::new();
        let mut next = Vec::new();
        for (i, pair) in current.chunks(2).enumerate() {
            let label = b.format(
                Text::BracketWinnersRound,
                &[("n", &r.to_string()), ("i", &(i + 1).to_string())],
            );
            let label = if games == 1 {
                b.text(Text::BracketWinnersFinal)
            } else {
                label
            };
            // Round r of the winners is played in the same turn as the losers' round that
            // takes its losers (2r − 2), so each side has a game in every turn.
            let turn = if r == 1 { 1 } else { 2 * r - 2 };
            let n = b.add(
                &winners,
                label,
                turn,
                [pair[0], pair[1]],
                Hammer::HigherSeed,
            );
            numbers.push(n);
            next.push(Source::Winner(n));
        }
        wb.push(numbers);
        current = next;
    }
    let wb_final = wb.last().and_then(|r| r.first()).copied().unwrap_or(1);
    // Losers' bracket.
    let mut survivors: Vec<Source> = Vec::new();
    let mut lb_round = 0;
    let last_drop = if crossover { k } else { k - 1 };
    for j in 1..k {
        // Odd round: pair the survivors (round 1: the winners' first-round losers).
        lb_round += 1;
        let entrants: Vec<Source> = if j == 1 {
            wb[0].iter().map(|n| Source::Loser(*n)).collect()
        } else {
            survivors.clone()
        };
        survivors = pair_round(b, &losers, lb_round, &entrants);
        // Even round: the survivors meet the next winners' round's losers, reversed.
        if j + 1 > last_drop {
            break;
        }
        lb_round += 1;
        let mut dropped: Vec<Source> = wb[j as usize].iter().map(|n| Source::Loser(*n)).collect();
        if j % 2 == 1 {
            dropped.reverse();
        }
        let mut next = Vec::new();
        for (i, (s, d)) in survivors.iter().zip(&dropped).enumerate() {
            let label = b.format(
                Text::BracketLosersRound,
                &[("n", &lb_round.to_string()), ("i", &(i + 1).to_string())],
            );
            let n = b.add(&losers, label, lb_round + 1, [*d, *s], Hammer::HigherSeed);
            next.push(Source::Winner(n));
        }
        survivors = next;
    }
    // Name the losers' bracket's last game.
    if let Some(Source::Winner(n)) = survivors.first().copied()
        && let Some(slot) = b.slots.iter_mut().find(|s| s.number == n)
    {
        slot.label = b.lang.t(Text::BracketLosersFinal).to_string();
    }
    let lb_champion = survivors.first().copied().unwrap_or(Source::Bye);
    if !crossover || k < 2 {
        return;
    }
    let section = b.text(Text::SectionChampionship);
    let last_turn = b.slots.iter().map(|s| s.round).max().unwrap_or(1);
    let grand = b.add(
        &section,
        b.text(Text::BracketGrandFinal),
        last_turn + 1,
        [Source::Winner(wb_final), lb_champion],
        Hammer::HigherSeed,
    );
    if reset {
        let n = b.add(
            &section,
            b.text(Text::BracketResetGame),
            last_turn + 2,
            [Source::Loser(grand), Source::Winner(grand)],
            Hammer::HigherSeed,
        );
        if let Some(slot) = b.slots.iter_mut().find(|s| s.number == n) {
            slot.only_if_upset = Some(grand);
        }
    }
}

/// Pairs `entrants` in order (first with second, …) as one round of `section`.
fn pair_round(b: &mut Builder, section: &str, round: u32, entrants: &[Source]) -> Vec<Source> {
    let mut out = Vec::new();
    for (i, pair) in entrants.chunks(2).enumerate() {
        match pair {
            [a, z] => {
                let label = b.format(
                    Text::BracketLosersRound,
                    &[("n", &round.to_string()), ("i", &(i + 1).to_string())],
                );
                let n = b.add(section, label, round + 1, [*a, *z], Hammer::HigherSeed);
                out.push(Source::Winner(n));
            }
            [a] => out.push(*a),
            _ => {}
        }
    }
    out
}

/// COMPETITIONS.md 2.4: groups by record (wins, losses); teams in a group play each other,
/// winners move to (w + 1, l) and losers to (w, l + 1), until `wins` qualifies and `losses`
/// eliminates. An odd group's last team goes through without playing.
fn record(b: &mut Builder, teams: u32, wins: u32, losses: u32) -> Vec<Vec<Source>> {
    use std::collections::BTreeMap;
    // Incoming sources per record; each list keeps winners first, then losers reversed.
    let mut groups: BTreeMap<(u32, u32), (Vec<Source>, Vec<Source>)> = BTreeMap::new();
    let size = teams.next_power_of_two();
    let first: Vec<Source> = seed_order(size)
        .into_iter()
        .flat_map(|(a, z)| [a, z])
        .filter(|s| *s <= teams)
        .map(Source::Seed)
        .collect();
    groups.insert((0, 0), (first, Vec::new()));
    for level in 0..(wins + losses - 1) {
        // Within a level, the better records first.
        for w in (0..=level).rev() {
            let l = level - w;
            if w >= wins || l >= losses {
                continue;
            }
            let Some((mut entrants, mut dropped)) = groups.remove(&(w, l)) else {
                continue;
            };
            dropped.reverse();
            entrants.append(&mut dropped);
            let section = b.format(
                Text::RecordSection,
                &[("w", &w.to_string()), ("l", &l.to_string())],
            );
            for (i, pair) in entrants.chunks(2).enumerate() {
                match *pair {
                    [a, z] => {
                        let label = format!("{section} · {}", i + 1);
                        let n = b.add(&section, label, level + 1, [a, z], Hammer::HigherSeed);
                        groups
                            .entry((w + 1, l))
                            .or_default()
                            .0
                            .push(Source::Winner(n));
                        groups
                            .entry((w, l + 1))
                            .or_default()
                            .1
                            .push(Source::Loser(n));
                    }
                    [a] => groups.entry((w + 1, l)).or_default().0.push(a),
                    _ => {}
                }
            }
        }
    }
    (0..losses)
        .map(|l| {
            let (mut through, mut dropped) = groups.remove(&(wins, l)).unwrap_or_default();
            dropped.reverse();
            through.append(&mut dropped);
            through
        })
        .collect()
}

/// Who qualifies from a record bracket, by losses: entry `l` lists the sources that reach
/// the winning record with `l` losses (the A, B and C qualifiers of a triple knockout).
pub fn record_qualifiers(teams: u32, wins: u32, losses: u32) -> Vec<Vec<Source>> {
    record(&mut Builder::new(Lang::En), teams, wins, losses)
}

/// Club A/B/C events: each event a single-elimination tree; the first-round losers of one
/// event are the next event's entrants, in the order they lost.
fn club_events(b: &mut Builder, teams: u32, events: u32) -> u32 {
    let mut made = 0;
    let mut entrants: Vec<Source> = (1..=teams).map(Source::Seed).collect();
    for (round, e) in (1..).zip(0..events) {
        let letter = ((b'A' + e as u8) as char).to_string();
        let section = b.format(Text::SectionEvent, &[("letter", &letter)]);
        if entrants.len() < 2 {
            break;
        }
        let tree = single(b, &section, &entrants, round, false);
        made += 1;
        entrants = tree.first_round.iter().map(|n| Source::Loser(*n)).collect();
    }
    made
}
