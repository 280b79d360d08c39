//! COMPETITIONS.md's worked examples (S1–S7, P1) as tests of [`rank`].

use super::dsc::{Drop, Stone};
use super::*;

/// Teams named by letters (or short names), ids in order.
struct Season {
    names: Vec<&'static str>,
    games: Vec<Played>,
    stones: HashMap<i64, Vec<Stone>>,
}

impl Season {
    fn new(names: &[&'static str]) -> Season {
        Season {
            names: names.to_vec(),
            games: Vec::new(),
            stones: HashMap::new(),
        }
    }

    fn id(&self, name: &str) -> i64 {
        self.names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("no team {name}")) as i64
            + 1
    }

    /// `winner` beat `loser` (scores don't matter to curling).
    fn beat(&mut self, winner: &str, loser: &str) -> &mut Self {
        self.score(winner, 6, loser, 4)
    }

    fn score(&mut self, a: &str, pa: u32, b: &str, pb: u32) -> &mut Self {
        let outcome = match pa.cmp(&pb) {
            Ordering::Greater => Outcome::Won(Side::One),
            Ordering::Less => Outcome::Won(Side::Two),
            Ordering::Equal => Outcome::Tied,
        };
        let game = Played {
            teams: [self.id(a), self.id(b)],
            outcome,
            points: [pa, pb],
            extra_end: false,
        };
        self.games.push(game);
        self
    }

    /// `team` won `w` and lost `l` against an outside team (they count for the record only).
    fn record_against_others(&mut self, team: &str, w: usize, l: usize) -> &mut Self {
        for _ in 0..w {
            self.beat(team, "other");
        }
        for _ in 0..l {
            self.beat("other", team);
        }
        self
    }

    /// Stones in centimetres; `None` is a miss.
    fn stones(&mut self, team: &str, cm: &[Option<f64>]) -> &mut Self {
        let id = self.id(team);
        self.stones.insert(
            id,
            cm.iter()
                .map(|c| c.map(|c| (c * 10.0).round() as u16))
                .collect(),
        );
        self
    }

    fn entrants(&self) -> Vec<Entrant> {
        self.names
            .iter()
            .filter(|n| **n != "other")
            .map(|n| Entrant {
                id: self.id(n),
                name: n.to_string(),
                withdrawn: false,
                stones: self.stones.get(&self.id(n)).cloned().unwrap_or_default(),
            })
            .collect()
    }

    fn table(&self, ranking: &Ranking, decisions: &[Decision]) -> Vec<Row> {
        rank(ranking, &self.entrants(), &self.games, decisions)
    }

    fn order(&self, ranking: &Ranking) -> Vec<String> {
        self.table(ranking, &[])
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }
}

fn curling() -> Ranking {
    Ranking::default_for(Sport::Curling)
}

#[test]
fn s1_beijing_2022_three_way_cycle_goes_to_dsc() {
    let mut s = Season::new(&["SUI", "SWE", "GBR", "JPN", "CAN", "other"]);
    s.record_against_others("SUI", 8, 1)
        .record_against_others("SWE", 7, 2);
    // Among the three 5-4 teams each won once (a cycle).
    s.beat("GBR", "JPN").beat("JPN", "CAN").beat("CAN", "GBR");
    for t in ["GBR", "JPN", "CAN"] {
        s.record_against_others(t, 4, 3);
    }
    // One stone each, so the DSC is the published figure's order (Drop::None below).
    s.stones("GBR", &[Some(35.3)])
        .stones("JPN", &[Some(36.0)])
        .stones("CAN", &[Some(45.4)]);
    let table = s.table(&curling(), &[]);
    let order: Vec<&str> = table.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(order, ["SUI", "SWE", "GBR", "JPN", "CAN"]);
    let ranks: Vec<usize> = table.iter().map(|r| r.rank).collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5]);
    assert_eq!(table[2].why, Some(Why::Criterion(Criterion::Dsc)));
    assert!(table.iter().all(|r| !r.unresolved));
}

#[test]
fn s2_a_sweep_of_the_tied_group_beats_a_better_dsc() {
    let mut s = Season::new(&["USA", "SUI", "GBR", "CAN", "other"]);
    s.beat("USA", "SUI").beat("USA", "GBR").beat("USA", "CAN");
    s.beat("SUI", "GBR").beat("GBR", "CAN").beat("CAN", "SUI");
    s.record_against_others("USA", 2, 4);
    for t in ["SUI", "GBR", "CAN"] {
        s.record_against_others(t, 4, 2);
    }
    s.stones("USA", &[Some(40.0), Some(50.0), Some(60.0)])
        .stones("SUI", &[Some(20.0), Some(25.0), None])
        .stones("GBR", &[Some(30.0), Some(31.0), Some(32.0)])
        .stones("CAN", &[Some(10.0), Some(80.0), Some(90.0)]);
    assert_eq!(s.order(&curling()), ["USA", "SUI", "GBR", "CAN"]);
}

#[test]
fn s3_a_split_restarts_head_to_head_on_each_smaller_group() {
    let mut s = Season::new(&["A", "B", "C", "D", "other"]);
    s.beat("A", "B").beat("A", "C").beat("D", "A");
    s.beat("B", "C").beat("B", "D").beat("C", "D");
    s.record_against_others("A", 1, 1)
        .record_against_others("B", 1, 1)
        .record_against_others("C", 2, 0)
        .record_against_others("D", 2, 0);
    s.stones("A", &[Some(90.0)])
        .stones("B", &[Some(10.0)])
        .stones("C", &[Some(80.0)])
        .stones("D", &[Some(5.0)]);
    assert_eq!(s.order(&curling()), ["A", "B", "C", "D"]);
    // Going on to the next criterion instead of restarting gives the wrong answer the test
    // exists to catch: DSC decides each pair.
    let continuing = Ranking {
        split: Split::Continue,
        ..curling()
    };
    assert_eq!(s.order(&continuing), ["B", "A", "D", "C"]);
}

#[test]
fn s4_a_tie_nothing_breaks_shares_its_rank_until_a_decision_is_stored() {
    let mut s = Season::new(&["Roy", "Lee", "Kim", "other"]);
    s.record_against_others("Roy", 3, 0);
    s.beat("Lee", "Kim").beat("Kim", "Lee");
    s.record_against_others("Lee", 1, 1)
        .record_against_others("Kim", 1, 1);
    s.stones("Lee", &[Some(30.0), Some(40.0)])
        .stones("Kim", &[Some(40.0), Some(30.0)]);
    let table = s.table(&curling(), &[]);
    let ranks: Vec<(String, usize, bool)> = table
        .iter()
        .map(|r| (r.name.clone(), r.rank, r.unresolved))
        .collect();
    assert_eq!(
        ranks,
        [
            ("Roy".into(), 1, false),
            ("Lee".into(), 2, true),
            ("Kim".into(), 2, true)
        ]
    );
    let decided = Decision {
        ranked: vec![s.id("Kim"), s.id("Lee")],
    };
    let table = s.table(&curling(), &[decided]);
    let order: Vec<(&str, usize, bool)> = table
        .iter()
        .map(|r| (r.name.as_str(), r.rank, r.unresolved))
        .collect();
    assert_eq!(
        order,
        [("Roy", 1, false), ("Kim", 2, false), ("Lee", 3, false)]
    );
    assert_eq!(table[1].why, Some(Why::Decision));
}

#[test]
fn s5_points_with_ties_and_teams_that_never_met_go_straight_to_dsc() {
    let mut s = Season::new(&["A", "B", "C", "other"]);
    // A: W T L = 4 points; B: W T L = 4 points; A and B never met. C beat A.
    s.score("A", 5, "other", 3).score("A", 4, "other", 4);
    s.score("B", 7, "other", 2)
        .score("B", 3, "other", 3)
        .score("other", 6, "B", 1);
    s.score("C", 6, "A", 2);
    s.stones("A", &[Some(50.0)]).stones("B", &[Some(20.0)]);
    let ranking = Ranking {
        primary: Primary::Points,
        points: PointsTable::THREE,
        head_to_head_incomplete: Incomplete::Skip,
        ..curling()
    };
    let table = s.table(&ranking, &[]);
    let a = table.iter().find(|r| r.name == "A").expect("A");
    assert_eq!((a.wins, a.ties, a.losses, a.points), (1, 1, 1, 4));
    // B (never met A) is ahead on DSC; with head to head used anyway, A and B are level on
    // it (no game between them) and DSC decides all the same.
    let order: Vec<&str> = table.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(&order[..2], ["B", "A"]);
    assert_eq!(table[0].why, Some(Why::Criterion(Criterion::Dsc)));
}

#[test]
fn s6_the_same_place_in_different_pools_is_ordered_by_dsc() {
    let settings = DscSettings {
        drop: Drop::None,
        ..DscSettings::default()
    };
    let order = across_groups(
        &settings,
        &[
            (1, vec![Some(400), Some(300)]),
            (2, vec![Some(200), Some(250)]),
        ],
    );
    assert_eq!(order, [2, 1]);
}

#[test]
fn s7_point_differential_stays_available_as_a_club_choice() {
    let mut s = Season::new(&["A", "B", "other"]);
    s.score("A", 9, "other", 2).score("B", 5, "other", 4);
    let ranking = Ranking {
        chain: vec![Criterion::PointDiff],
        ..curling()
    };
    assert_eq!(s.order(&ranking), ["A", "B"]);
    assert_eq!(
        s.table(&ranking, &[])[0].why,
        Some(Why::Criterion(Criterion::PointDiff))
    );
}

#[test]
fn p1_pickleball_pool_restart_and_continue_differ() {
    let mut s = Season::new(&["A", "B", "C", "D"]);
    s.score("A", 11, "B", 9)
        .score("B", 11, "C", 5)
        .score("C", 11, "A", 8)
        .score("A", 11, "D", 2)
        .score("B", 11, "D", 7)
        .score("C", 11, "D", 9);
    // USA Pickleball's order as published: head to head, point differential overall, then
    // head-to-head point differential.
    let usap = Ranking {
        chain: vec![
            Criterion::HeadToHead,
            Criterion::PointDiff,
            Criterion::PointDiffAmongTied,
        ],
        ..Ranking::default_for(Sport::Pickleball)
    };
    assert_eq!(s.order(&usap), ["A", "B", "C", "D"]);
    let continuing = Ranking {
        split: Split::Continue,
        ..usap
    };
    assert_eq!(s.order(&continuing), ["B", "A", "C", "D"]);
    // Clubhouse's pickleball default looks at the tied teams' own games first.
    assert_eq!(
        s.order(&Ranking::default_for(Sport::Pickleball)),
        ["B", "A", "C", "D"]
    );
}

#[test]
fn records_count_ties_as_half_and_rank_competition_style() {
    let mut s = Season::new(&["A", "B", "C", "other"]);
    s.score("A", 5, "other", 5).score("A", 5, "other", 5);
    s.beat("B", "other");
    s.beat("other", "C");
    let table = s.table(
        &Ranking {
            chain: vec![],
            ..curling()
        },
        &[],
    );
    // A (two ties) and B (one win) both have "one win"; C none.
    let ranks: Vec<(String, usize)> = table.iter().map(|r| (r.name.clone(), r.rank)).collect();
    assert_eq!(ranks[2], ("C".into(), 3));
    assert_eq!(ranks[0].1, 1);
    assert_eq!(ranks[1].1, 1);
}
