//! The round-robin generator: how long it takes to reach a schedule whose sheets (and draw
//! times) are as even as they can be, for the sizes of COMPETITIONS.md 3.5 (n teams on n/2
//! sheets, one draw a night, n−1 draws), and what it finds for 16 and 20 teams within its
//! step budget. Figures: wall time, search steps, whether optimal, the widest sheet spread
//! of a team (1 is the known optimum when n−1 is not a multiple of the sheets), and the
//! hammer imbalance.
//!
//! Run: `cargo bench --bench schedule` (every size, three runs each). Without `--bench` (as
//! `cargo test` runs it) it does one run of 8 and 10 teams.

use std::time::Instant;

use chrono::NaiveDate;
use clubhouse::scoring::schedule::{self, ScheduleForm, Setup};

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if quick {
        &[8, 10]
    } else {
        &[8, 10, 12, 16, 20]
    };
    let runs = if quick { 1 } else { 3 };
    // BUDGET=… tries another step budget than the app's.
    let budget = std::env::var("BUDGET")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(schedule::DEFAULT_BUDGET);
    let today = NaiveDate::from_ymd_opt(2027, 1, 1).expect("a date");
    println!("teams sheets draws | best ms  worst ms | steps    | optimal | sheet spread | hammer");
    for &teams in sizes {
        let sheets: Vec<i64> = (1..=(teams / 2) as i64).collect();
        let form = ScheduleForm {
            sheet: sheets.iter().map(i64::to_string).collect(),
            first_date: "2027-01-05".into(),
            weekday: vec!["tue".into()],
            draws_per_night: "1".into(),
            times: "19:00".into(),
            cycles: "1".into(),
            once_per_night: Some("on".into()),
            ..ScheduleForm::default()
        };
        let setup = Setup::check(&form, &sheets, today).map_err(|e| anyhow::anyhow!("{e}"))?;
        let ids: Vec<i64> = (100..100 + teams as i64).collect();
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let started = Instant::now();
            let proposal =
                schedule::propose(&setup, &ids, &[], &[], chrono_tz::America::Toronto, budget)
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            last = Some(proposal);
        }
        let p = last.expect("at least one run");
        let games: usize = p.draws.iter().map(|d| d.games.len()).sum();
        assert_eq!(games, teams * (teams - 1) / 2, "every pair once");
        assert_eq!(p.fairness.double_booked, 0);
        assert_eq!(p.fairness.pairs_off, 0);
        if teams <= 12 {
            assert!(p.optimal, "{teams} teams: the known optimum is reachable");
            assert!(p.fairness.sheet_spread <= 1);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{teams:>5} {:>6} {:>5} | {:>7.1} {:>9.1} | {:>8} | {:>7} | {:>12} | {:>6}",
            sheets.len(),
            p.draws.len(),
            times[0],
            times[times.len() - 1],
            p.steps,
            p.optimal,
            p.fairness.sheet_spread,
            p.fairness.hammer_imbalance,
        );
    }
    Ok(())
}
