//! COMPETITIONS.md 2.7's playoff tests (B1–B5, B7's rule at this level) and the graph's
//! checks. B6 and B7 against the database are in `tests/brackets.rs`.

use std::collections::HashMap;

use super::formats::{FinalHammer, Format, record_qualifiers};
use super::*;
use crate::i18n::Lang;

fn slots(format: Format) -> Vec<Slot> {
    format.slots(Lang::En).expect("format fits")
}

fn plan(format: Format) -> Plan {
    Plan {
        seeds: (1..=format.teams())
            .map(|n| SeedFrom::Team(i64::from(n)))
            .collect(),
        slots: slots(format),
    }
}

/// Teams are their seed numbers; every seed known.
fn all_seeds(n: u32) -> Known {
    Known {
        seeds: (1..=n).map(|n| Some(i64::from(n))).collect(),
        ..Known::default()
    }
}

/// Plays every ready game to the end, the winner chosen by `pick`, until nothing is left;
/// returns how many real games were played.
fn play_out(plan: &Plan, known: &mut Known, pick: impl Fn(u32, [i64; 2]) -> i64) -> usize {
    let mut played = 0;
    loop {
        let res = resolve(plan, known);
        let next = plan.slots.iter().find_map(|s| match res.status(s.number) {
            Status::Ready(teams) if !known.won.contains_key(&s.number) => Some((s.number, teams)),
            _ => None,
        });
        let Some((n, teams)) = next else {
            return played;
        };
        let winner = pick(n, teams);
        let loser = if winner == teams[0] {
            teams[1]
        } else {
            teams[0]
        };
        known.won.insert(n, (winner, loser));
        played += 1;
    }
}

fn label_of(plan: &Plan, label: &str) -> u32 {
    plan.slots
        .iter()
        .find(|s| s.label == label)
        .map(|s| s.number)
        .unwrap_or_else(|| panic!("no game {label}"))
}

#[test]
fn b1_seed_order_of_eight() {
    assert_eq!(seed_order(8), vec![(1, 8), (4, 5), (2, 7), (3, 6)]);
    assert_eq!(seed_order(4), vec![(1, 4), (2, 3)]);
    assert_eq!(
        seed_order(16),
        vec![
            (1, 16),
            (8, 9),
            (4, 13),
            (5, 12),
            (2, 15),
            (7, 10),
            (3, 14),
            (6, 11)
        ]
    );
}

#[test]
fn b2_six_teams_give_the_top_two_seeds_byes() {
    let plan = plan(Format::Single {
        teams: 6,
        third_place: false,
    });
    plan.validate().expect("valid");
    let first: Vec<[Source; 2]> = plan
        .slots
        .iter()
        .filter(|s| s.round == 1 && !s.has_bye())
        .map(|s| s.sides)
        .collect();
    assert_eq!(
        first,
        vec![
            [Source::Seed(4), Source::Seed(5)],
            [Source::Seed(3), Source::Seed(6)]
        ]
    );
    let byes: Vec<Source> = plan
        .slots
        .iter()
        .filter(|s| s.has_bye())
        .map(|s| s.sides[0])
        .collect();
    assert_eq!(byes, vec![Source::Seed(1), Source::Seed(2)]);
    // The byes go through without a game: seed 1 is waiting in the semifinal at once.
    let res = resolve(&plan, &all_seeds(6));
    let semi = label_of(&plan, "Semifinal · 1");
    assert_eq!(res.sides(semi)[0], Occupant::Team(1));
    assert_eq!(res.sides(semi)[1], Occupant::Open);
    // Five real games for six teams.
    let mut known = all_seeds(6);
    assert_eq!(play_out(&plan, &mut known, |_, t| t[0].min(t[1])), 5);
}

#[test]
fn twelve_teams_in_sixteen_seat_the_first_round_as_the_table_says() {
    let plan = plan(Format::Single {
        teams: 12,
        third_place: true,
    });
    let first: Vec<(u32, u32)> = plan
        .slots
        .iter()
        .filter(|s| s.round == 1 && !s.has_bye())
        .map(|s| match s.sides {
            [Source::Seed(a), Source::Seed(b)] => (a, b),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(first, vec![(8, 9), (5, 12), (7, 10), (6, 11)]);
    let mut known = all_seeds(12);
    // 11 games to a champion, and the third-place game.
    assert_eq!(play_out(&plan, &mut known, |_, t| t[0].min(t[1])), 12);
    let res = resolve(&plan, &known);
    assert_eq!(res.winner(label_of(&plan, "Final")), Some(1));
    assert_eq!(res.winner(label_of(&plan, "Third place")), Some(3));
}

fn page_plan(final_hammer: FinalHammer) -> Plan {
    // Standings A, B, C, D are seeds 1–4 (teams 1–4).
    plan(Format::Page {
        bronze: true,
        final_hammer,
    })
}

#[test]
fn b3_page_playoff_routes_and_hammer() {
    for (rule, final_first) in [
        (FinalHammer::WinnerOf1v2, Side::One),
        (FinalHammer::BetterSeed, Side::Two),
    ] {
        let plan = page_plan(rule);
        plan.validate().expect("valid");
        let (a, b, c, d) = (1, 2, 3, 4);
        let mut known = all_seeds(4);
        let one_two = label_of(&plan, "1 v 2");
        let three_four = label_of(&plan, "3 v 4");
        let semi = label_of(&plan, "Semifinal");
        let fin = label_of(&plan, "Final");
        let bronze = label_of(&plan, "Bronze");
        let seeds = store::seed_of(&known);
        // P1: seed 1 has the hammer; P2: seed 3.
        let res = resolve(&plan, &known);
        let hammer = |n: u32, res: &Resolution| {
            let slot = plan.slot(n).expect("slot");
            match res.status(n) {
                Status::Ready(teams) => (teams, first_side(slot.hammer, teams, &seeds, res)),
                other => panic!("{n}: {other:?}"),
            }
        };
        assert_eq!(hammer(one_two, &res), ([a, b], Side::One));
        assert_eq!(hammer(three_four, &res), ([c, d], Side::One));
        // B beats A, C beats D.
        known.won.insert(one_two, (b, a));
        known.won.insert(three_four, (c, d));
        let res = resolve(&plan, &known);
        // SF is A v C, A with the hammer.
        assert_eq!(hammer(semi, &res), ([a, c], Side::One));
        known.won.insert(semi, (a, c));
        let res = resolve(&plan, &known);
        // The final is B v A: B's hammer as winner of 1 v 2, A's as the better seed.
        assert_eq!(hammer(fin, &res), ([b, a], final_first));
        // Bronze: loser of 3 v 4 against the loser of the semifinal.
        assert_eq!(res.status(bronze), Status::Ready([d, c]));
        assert_eq!(plan.slots.len(), 5);
    }
}

#[test]
fn b4_triple_knockout_of_sixteen() {
    let format = Format::Record {
        teams: 16,
        wins: 3,
        losses: 3,
    };
    let plan = plan(format);
    plan.validate().expect("valid");
    assert_eq!(plan.slots.len(), 33);
    let qualifiers = record_qualifiers(16, 3, 3);
    let counts: Vec<usize> = qualifiers.iter().map(Vec::len).collect();
    assert_eq!(counts, vec![2, 3, 3]);
    // Whatever the results, every game pairs two teams with the same record.
    for rule in 0..3u32 {
        let mut known = all_seeds(16);
        let record: std::cell::RefCell<HashMap<i64, (u32, u32)>> = Default::default();
        let played = play_out(&plan, &mut known, |n, t| {
            let mut r = record.borrow_mut();
            let (x, y) = (r.get(&t[0]).copied(), r.get(&t[1]).copied());
            assert_eq!(x.unwrap_or((0, 0)), y.unwrap_or((0, 0)), "game {n}: {t:?}");
            let winner = match rule {
                0 => t[0].min(t[1]),
                1 => t[0].max(t[1]),
                _ => {
                    if (n + t[0] as u32).is_multiple_of(2) {
                        t[0]
                    } else {
                        t[1]
                    }
                }
            };
            let loser = if winner == t[0] { t[1] } else { t[0] };
            r.entry(winner).or_default().0 += 1;
            r.entry(loser).or_default().1 += 1;
            winner
        });
        assert_eq!(played, 33);
        let r = record.borrow();
        let qualified: Vec<u32> = (0..3)
            .map(|l| r.values().filter(|(w, ls)| *w == 3 && *ls == l).count() as u32)
            .collect();
        assert_eq!(qualified, vec![2, 3, 3], "rule {rule}");
    }
}

#[test]
fn the_record_table_of_counts_holds() {
    for (n, w, l, games, by_losses) in [
        (8, 2, 2, 10, vec![2, 2]),
        (32, 3, 3, 66, vec![4, 6, 6]),
        (32, 4, 3, 77, vec![2, 4, 5]),
    ] {
        let slots = slots(Format::Record {
            teams: n,
            wins: w,
            losses: l,
        });
        assert_eq!(slots.len(), games, "{n} teams, {w} wins, {l} losses");
        let counts: Vec<usize> = record_qualifiers(n, w, l).iter().map(Vec::len).collect();
        assert_eq!(counts, by_losses);
    }
}

#[test]
fn b5_double_elimination_of_eight() {
    let format = |reset, crossover| Format::Double {
        teams: 8,
        reset,
        crossover,
    };
    // The winners' champion (seed 1, who wins everything) takes the grand final: 14 games.
    let plan14 = plan(format(true, true));
    plan14.validate().expect("valid");
    let mut known = all_seeds(8);
    assert_eq!(play_out(&plan14, &mut known, |_, t| t[0].min(t[1])), 14);
    let res = resolve(&plan14, &known);
    let reset = label_of(&plan14, "Grand final, second game");
    assert_eq!(res.status(reset), Status::NotNeeded);
    // The losers' champion wins the grand final: the reset is played, 15 games.
    let mut known = all_seeds(8);
    let grand = label_of(&plan14, "Grand final");
    let played = play_out(&plan14, &mut known, |n, t| {
        if n == grand { t[1] } else { t[0].min(t[1]) }
    });
    assert_eq!(played, 15);
    // Without crossover ("prevent"): no grand final, the losers' champion takes bronze.
    let prevent = plan(format(false, false));
    assert!(prevent.slots.iter().all(|s| s.label != "Grand final"));
    let mut known = all_seeds(8);
    assert_eq!(play_out(&prevent, &mut known, |_, t| t[0].min(t[1])), 12);
    let res = resolve(&prevent, &known);
    // Seed 1 wins the winners' bracket; seed 2 lost its final to it and is second; the
    // losers' final is won by seed 3.
    assert_eq!(res.winner(label_of(&prevent, "Winners’ final")), Some(1));
    assert_eq!(res.winner(label_of(&prevent, "Losers’ final")), Some(3));
    // Each team loses at most twice before it is out.
    let mut known = all_seeds(8);
    let losses: std::cell::RefCell<HashMap<i64, u32>> = Default::default();
    play_out(&plan14, &mut known, |_, t| {
        let mut l = losses.borrow_mut();
        for team in t {
            assert!(
                l.get(&team).copied().unwrap_or(0) < 2,
                "{team} plays after two losses"
            );
        }
        let winner = t[0].max(t[1]);
        *l.entry(if winner == t[0] { t[1] } else { t[0] })
            .or_default() += 1;
        winner
    });
}

#[test]
fn double_elimination_with_byes_walks_them_over() {
    for teams in [3u32, 5, 6, 7, 12] {
        let plan = plan(Format::Double {
            teams,
            reset: false,
            crossover: true,
        });
        plan.validate().expect("valid");
        let mut known = all_seeds(teams);
        let played = play_out(&plan, &mut known, |_, t| t[0].min(t[1]));
        // 2n − 2 real games when the winners' champion wins the grand final.
        assert_eq!(played as u32, 2 * teams - 2, "{teams} teams");
    }
}

#[test]
fn club_events_feed_first_round_losers_down() {
    let plan = plan(Format::Events {
        teams: 16,
        events: 3,
    });
    plan.validate().expect("valid");
    let sections: Vec<&str> = plan.slots.iter().map(|s| s.section.as_str()).collect();
    let count = |name: &str| sections.iter().filter(|s| **s == name).count();
    assert_eq!(
        (count("A event"), count("B event"), count("C event")),
        (15, 7, 3)
    );
    let mut known = all_seeds(16);
    assert_eq!(play_out(&plan, &mut known, |_, t| t[0].min(t[1])), 25);
}

#[test]
fn a_cycle_a_reused_winner_and_a_dangling_source_are_refused() {
    let mut p = page_plan(FinalHammer::BetterSeed);
    p.validate().expect("the template is valid");
    let mut cyclic = p.clone();
    // 1 v 2 would take a side from the final it feeds.
    cyclic.slots[0].sides[1] = Source::Loser(4);
    assert!(matches!(cyclic.validate(), Err(Invalid::Cycle(_))));
    let mut twice = p.clone();
    twice.slots[4].sides[0] = Source::Winner(2);
    assert_eq!(twice.validate(), Err(Invalid::UsedTwice(2)));
    let mut dangling = p.clone();
    dangling.slots[2].sides[0] = Source::Loser(9);
    assert_eq!(dangling.validate(), Err(Invalid::Dangling(3)));
    p.slots[1].sides[1] = Source::Seed(9);
    assert_eq!(p.validate(), Err(Invalid::Dangling(2)));
}

#[test]
fn b7_unknown_seeds_leave_the_games_waiting_and_name_nothing() {
    let plan = page_plan(FinalHammer::WinnerOf1v2);
    let known = Known {
        seeds: vec![None, None, None, None],
        ..Known::default()
    };
    let res = resolve(&plan, &known);
    for slot in &plan.slots {
        assert_eq!(res.status(slot.number), Status::Waiting);
    }
}

#[test]
fn a_stale_result_decides_nothing() {
    let plan = page_plan(FinalHammer::WinnerOf1v2);
    let mut known = all_seeds(4);
    // The semifinal's result was between teams no longer on its sides.
    known.won.insert(1, (2, 1));
    known.won.insert(2, (3, 4));
    known.won.insert(3, (4, 2));
    let res = resolve(&plan, &known);
    assert_eq!(res.status(3), Status::Ready([1, 3]));
    assert_eq!(res.winner(3), None);
    assert_eq!(res.status(4), Status::Waiting);
}

#[test]
fn sources_and_hammer_rules_read_back_what_they_write() {
    for s in [
        Source::Seed(3),
        Source::Winner(12),
        Source::Loser(1),
        Source::Bye,
    ] {
        assert_eq!(s.to_string().parse::<Source>(), Ok(s));
    }
    for h in [
        Hammer::HigherSeed,
        Hammer::WinnerOf(4),
        Hammer::Lsd,
        Hammer::Manual,
    ] {
        assert_eq!(h.to_string().parse::<Hammer>(), Ok(h));
    }
    assert!("seed:0".parse::<Source>().is_err());
    assert!("winner:x".parse::<Source>().is_err());
}

#[test]
fn four_teams_get_their_third_place_game() {
    let plan = plan(Format::Single {
        teams: 4,
        third_place: true,
    });
    assert_eq!(plan.slots.len(), 4);
    let mut known = all_seeds(4);
    assert_eq!(play_out(&plan, &mut known, |_, t| t[0].min(t[1])), 4);
    let res = resolve(&plan, &known);
    assert_eq!(res.winner(label_of(&plan, "Third place")), Some(3));
}

#[test]
fn club_events_that_would_be_empty_are_refused() {
    // Five teams in two events: A's only full first-round game sends one loser down.
    for (teams, events) in [(5, 2), (9, 3)] {
        assert_eq!(
            Format::Events { teams, events }.slots(Lang::En),
            Err(super::formats::Unfit::BadEvents),
            "{teams} teams, {events} events"
        );
    }
    assert!(
        Format::Events {
            teams: 10,
            events: 2
        }
        .slots(Lang::En)
        .is_ok()
    );
}

#[test]
fn playable_games_leave_out_byes_and_keep_the_reset() {
    let eight = plan(Format::Double {
        teams: 8,
        reset: true,
        crossover: true,
    });
    assert_eq!(playable(&eight).len(), 15);
    let six = plan(Format::Single {
        teams: 6,
        third_place: false,
    });
    // Two byes: five real games.
    assert_eq!(playable(&six).len(), 5);
    let five = plan(Format::Double {
        teams: 5,
        reset: false,
        crossover: true,
    });
    assert_eq!(playable(&five).len(), 8, "2n − 2");
}

#[test]
fn a_withdrawn_team_gives_a_walkover_but_keeps_its_results() {
    let plan = page_plan(FinalHammer::WinnerOf1v2);
    let mut known = all_seeds(4);
    known.won.insert(1, (1, 2));
    known.out.insert(4);
    let res = resolve(&plan, &known);
    // 3 v 4 is not played: Team 3 meets Team 2 in the semifinal.
    assert_eq!(res.status(2), Status::Walkover);
    assert_eq!(res.status(3), Status::Ready([2, 3]));
    // Team 1 withdrawing after winning 1 v 2 keeps that result; the final is a walkover.
    known.won.insert(3, (2, 3));
    known.out.insert(1);
    let res = resolve(&plan, &known);
    assert_eq!(res.winner(1), Some(1));
    assert_eq!(res.status(4), Status::Walkover);
    assert_eq!(res.winner(4), Some(2));
}

#[test]
fn a_game_of_two_byes_is_refused() {
    let mut p = page_plan(FinalHammer::BetterSeed);
    p.slots.push(Slot {
        number: 6,
        section: String::new(),
        label: "Nothing".into(),
        round: 1,
        sides: [Source::Bye, Source::Bye],
        hammer: Hammer::Manual,
        only_if_upset: None,
    });
    assert_eq!(p.validate(), Err(Invalid::SameSource(6)));
}
