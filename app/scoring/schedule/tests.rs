//! The generator's properties (COMPETITIONS.md 3.7, R2–R7), asserted on its output rather
//! than against one fixed table.

use super::*;

fn weekly(first: &str, days: &[Weekday], times: &[&str], sheets: usize, cycles: usize) -> Setup {
    Setup {
        sheets: (1..=sheets as i64).collect(),
        first: parse_date(first).expect("date"),
        weekdays: days.to_vec(),
        times: times
            .iter()
            .map(|t| NaiveTime::parse_from_str(t, "%H:%M").expect("time"))
            .collect(),
        excluded: Vec::new(),
        cycles,
        once_per_night: true,
        taken: Vec::new(),
    }
}

fn teams(n: i64) -> Vec<i64> {
    (101..101 + n).collect()
}

fn run(setup: &Setup, n: i64) -> Proposal {
    propose(setup, &teams(n), &[], &[], chrono_tz::UTC, DEFAULT_BUDGET).expect("a schedule")
}

fn sorted_counts(p: &Proposal) -> Vec<Vec<u32>> {
    p.fairness
        .sheet_counts
        .iter()
        .map(|(_, c)| {
            let mut c = c.clone();
            c.sort_unstable();
            c
        })
        .collect()
}

#[test]
fn r2_eight_teams_on_four_sheets_play_each_sheet_two_two_two_one() {
    let p = run(&weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 4, 1), 8);
    assert_eq!(p.draws.len(), 7);
    assert_eq!(p.fairness.pairs_off, 0);
    assert_eq!(p.fairness.double_booked, 0);
    assert_eq!(p.fairness.sheet_spread, 1);
    assert!(
        sorted_counts(&p).iter().all(|c| c == &[1, 2, 2, 2]),
        "{:?}",
        p.fairness.sheet_counts
    );
    assert!(p.fairness.hammer_imbalance <= 1);
    assert_eq!(p.fairness.breaks, 6, "the circle's n − 2");
    assert!(p.optimal && p.cost == 0);
    // Each team once a week, on Tuesdays, every draw at 19:00.
    assert!(
        p.draws
            .iter()
            .all(|d| d.local.weekday() == Weekday::Tue && d.games.len() == 4)
    );
}

#[test]
fn r3_seven_teams_on_three_sheets_are_perfectly_even() {
    let p = run(&weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 3, 1), 7);
    assert_eq!(p.fairness.sheet_spread, 0);
    assert!(sorted_counts(&p).iter().all(|c| c == &[2, 2, 2]));
    assert_eq!(p.fairness.byes, (1, 1), "one bye each");
    assert_eq!(p.fairness.pairs_off, 0);
}

#[test]
fn r4_four_teams_on_two_sheets_report_the_best_there_is_and_stop() {
    let p = run(&weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 2, 1), 4);
    // Some team must play all three games on one sheet: the search proves nothing better.
    assert_eq!(p.fairness.sheet_spread, 3);
    assert!(p.optimal, "proven optimal in {} steps", p.steps);
    assert!(p.steps < DEFAULT_BUDGET);
}

#[test]
fn r5_ten_teams_on_four_sheets_weekly() {
    let p = run(&weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 4, 1), 10);
    assert_eq!(p.fairness.pairs_off, 0);
    assert_eq!(p.draws.len(), 12, "⌈45 ÷ 4⌉ draws");
    assert!(p.fairness.most_empty <= 1);
    assert_eq!(p.fairness.byes, (3, 3));
    assert!(p.fairness.sheet_spread <= 1);
}

#[test]
fn r6_the_same_inputs_give_the_same_schedule_and_hand_placed_games_stay() {
    let setup = weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 4, 1);
    assert_eq!(run(&setup, 8), run(&setup, 8));
    // A game placed by hand on the first night, sheet 2: its pair is not scheduled again,
    // and nothing else is put on its sheet that night, nor its teams.
    let first_night = chrono::TimeZone::with_ymd_and_hms(&chrono_tz::UTC, 2027, 1, 5, 19, 0, 0)
        .single()
        .expect("time")
        .timestamp();
    let by_hand = Existing {
        starts_at: first_night,
        sheet: Some(2),
        teams: [101, 108],
    };
    let p = propose(
        &setup,
        &teams(8),
        &[by_hand],
        &[],
        chrono_tz::UTC,
        DEFAULT_BUDGET,
    )
    .expect("a schedule");
    let pairs: Vec<[i64; 2]> = p
        .draws
        .iter()
        .flat_map(|d| d.games.iter().map(|g| g.teams))
        .collect();
    assert_eq!(pairs.len(), 27);
    assert!(!pairs.iter().any(|t| t.contains(&101) && t.contains(&108)));
    let night = &p.draws[0];
    assert_eq!(night.starts_at, first_night);
    assert!(
        night
            .games
            .iter()
            .all(|g| g.sheet != 2 && !g.teams.contains(&101) && !g.teams.contains(&108))
    );
    assert_eq!(
        p.fairness.pairs_off, 0,
        "with the hand-placed game, every pair meets once"
    );
}

#[test]
fn r7_a_bye_request_is_honoured_when_the_nights_allow() {
    let setup = weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 4, 1);
    let wanted = ByeRequest {
        team: 103,
        date: parse_date("2027-01-19").expect("date"),
    };
    let p = propose(
        &setup,
        &teams(10),
        &[],
        &[wanted],
        chrono_tz::UTC,
        DEFAULT_BUDGET,
    )
    .expect("a schedule");
    let that_night = p
        .draws
        .iter()
        .find(|d| d.local.date() == wanted.date)
        .expect("a draw that night");
    assert!(that_night.byes.contains(&103));
    assert_eq!(p.fairness.pairs_off, 0);
}

#[test]
fn a_double_round_robin_and_two_draws_a_night_stay_even() {
    let p = run(&weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 4, 2), 8);
    assert_eq!(p.fairness.pairs_off, 0);
    assert!(
        sorted_counts(&p).iter().all(|c| c == &[3, 3, 4, 4]),
        "{:?}",
        p.fairness.sheet_counts
    );
    assert_eq!(p.fairness.hammer_imbalance, 0);
    // 8 teams on 2 sheets, two draws a night: once a night each, early/late {3,4}.
    let p = run(
        &weekly("2027-01-05", &[Weekday::Tue], &["19:00", "21:00"], 2, 1),
        8,
    );
    assert_eq!(p.fairness.double_booked, 0);
    assert_eq!(p.fairness.pairs_off, 0);
    assert_eq!(p.fairness.time_spread, Some(1));
    assert!(p.fairness.sheet_spread <= 1);
}

#[test]
fn twelve_teams_on_six_sheets_reach_the_optimum() {
    let p = run(&weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 6, 1), 12);
    assert_eq!(p.fairness.sheet_spread, 1);
    assert!(
        p.optimal && p.cost == 0,
        "cost {} after {} steps",
        p.cost,
        p.steps
    );
}

#[test]
fn impossible_inputs_are_refused() {
    let setup = weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 4, 1);
    assert_eq!(
        propose(&setup, &teams(1), &[], &[], chrono_tz::UTC, DEFAULT_BUDGET),
        Err(Refusal::TooFewTeams)
    );
    // 02:30 on the night the clocks go forward in Toronto does not exist.
    let spring = weekly("2027-03-14", &[Weekday::Sun], &["02:30"], 4, 1);
    assert!(matches!(
        propose(
            &spring,
            &teams(4),
            &[],
            &[],
            chrono_tz::America::Toronto,
            DEFAULT_BUDGET
        ),
        Err(Refusal::MissingTime(_))
    ));
}

#[test]
fn the_form_is_checked() {
    let today = parse_date("2027-01-01").expect("date");
    let sheets = [10, 11, 12];
    let good = ScheduleForm {
        sheet: vec!["11".into(), "10".into()],
        first_date: "2027-01-05".into(),
        weekday: vec!["tue".into(), "thu".into()],
        draws_per_night: "2".into(),
        times: "21:15, 19:00".into(),
        cycles: "2".into(),
        excluded: "2027-02-16\n2027-02-18".into(),
        once_per_night: Some("on".into()),
        byes: String::new(),
    };
    let setup = Setup::check(&good, &sheets, today).expect("valid");
    assert_eq!(setup.sheets, [10, 11], "in the club's order");
    assert_eq!(setup.times.len(), 2);
    assert!(setup.times[0] < setup.times[1]);
    assert_eq!(setup.excluded.len(), 2);
    let refused = |change: &dyn Fn(&mut ScheduleForm), field: &str| {
        let mut form = good.clone();
        change(&mut form);
        match Setup::check(&form, &sheets, today) {
            Err(ActionError::Invalid(errors)) => {
                assert!(errors.get(field).is_some(), "{field}: {errors:?}")
            }
            other => panic!("{field}: {other:?}"),
        }
    };
    refused(&|f| f.sheet.clear(), "sheet");
    refused(&|f| f.sheet = vec!["99".into()], "sheet");
    refused(&|f| f.first_date = "2026-12-31".into(), "first_date");
    refused(&|f| f.weekday.clear(), "weekday");
    refused(&|f| f.draws_per_night = "3".into(), "times");
    refused(&|f| f.times = "7pm".into(), "times");
    refused(&|f| f.excluded = "someday".into(), "excluded");
    refused(&|f| f.cycles = "3".into(), "cycles");
}

#[test]
fn sheets_another_event_uses_are_left_alone() {
    let mut setup = weekly("2027-01-05", &[Weekday::Tue], &["19:00"], 2, 1);
    let first = clock::on(chrono_tz::UTC, setup.first, setup.times[0])
        .first()
        .expect("an instant");
    setup.taken = vec![(first, 1)];
    let p = run(&setup, 4);
    for draw in p.draws.iter().filter(|d| d.starts_at == first) {
        assert!(draw.games.iter().all(|g| g.sheet != 1), "{draw:?}");
    }
    assert_eq!(p.fairness.pairs_off, 0);
}
