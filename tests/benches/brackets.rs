//! Brackets: generating a 64-team triple knockout (the plan alone, and stored in a real
//! sport file with its draws), and what a result costs when it moves teams on. On a real
//! SQLite file through the app's writer: a 64-team single elimination (six levels) is played
//! to its final; then the write that ends a game and makes the next one (the result and the
//! bracket's follow in one transaction) is timed against the same scorekeeping write on a
//! round-robin game of the same event, and a forced correction of a first-round result,
//! which resets and removes a game on each of the five levels after it, is timed too.
//!
//! Run: `cargo bench --bench brackets` (ten runs of each). Without `--bench` (as `cargo test`
//! runs it), two runs.

use std::time::Instant;

use clubhouse::auth::AccountId;
use clubhouse::clubs::sheets;
use clubhouse::db::tenant::OrgScope;
use clubhouse::db::{Databases, OrgId};
use clubhouse::i18n::Lang;
use clubhouse::scoring::board;
use clubhouse::scoring::bracket::SeedFrom;
use clubhouse::scoring::bracket::formats::Format;
use clubhouse::scoring::bracket::generate::{self, Generate};
use clubhouse::scoring::keeping::{self, Action};
use clubhouse::scoring::setup::{self, EventForm, NewEvent};
use clubhouse::sports::{Entry, Side, Sport};
use clubhouse::validation::ActionError;

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// An event of `teams` teams on 8 sheets, in its own club.
fn new_event(
    conn: &mut clubhouse::db::Conn,
    club: &OrgScope,
    teams: usize,
) -> Result<(i64, Vec<i64>, Vec<i64>), ActionError> {
    let now = 1_800_000_000;
    let mut sheet_ids = Vec::new();
    for n in 0..8 {
        sheet_ids.push(sheets::add(conn, club, &format!("Sheet {n}"), now)?.id);
    }
    let form = EventForm {
        name: "Spiel".into(),
        kind: "bonspiel".into(),
        ..EventForm::defaults()
    };
    let event = setup::create_event(conn, club, &NewEvent::check(&form, Sport::Curling)?, now)?;
    let mut ids = Vec::new();
    for n in 0..teams {
        ids.push(setup::add_team(
            conn,
            club,
            event,
            &format!("Team {n}"),
            &[],
            now,
        )?);
    }
    Ok((event, ids, sheet_ids))
}

/// Plays a scheduled game to a win for side one (three points, then a concession).
fn win(
    conn: &mut clubhouse::db::Conn,
    club: &OrgScope,
    game: i64,
    by: AccountId,
) -> Result<(), ActionError> {
    let found = board::game(conn, club, game)?.ok_or(ActionError::NotFound)?;
    let mut v = found.version;
    for action in [
        Action::Start { first: Side::One },
        Action::Enter(Entry {
            side: Some(Side::One),
            points: 3,
        }),
        Action::Concede(Side::Two),
    ] {
        v = keeping::apply(conn, club, game, v, action, by, 0)?.version;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 2 } else { 10 };
    let fail = |e: ActionError| anyhow::anyhow!("{e}");

    // The plan of a 64-team triple knockout.
    let mut plan_ms = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let slots = Format::Record {
            teams: 64,
            wins: 3,
            losses: 3,
        }
        .slots(Lang::En)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        plan_ms.push(ms(started));
        assert!(slots.len() > 100);
    }

    let dir = tempfile::tempdir()?;
    let dbs = Databases::open(dir.path(), &[Sport::Curling], 2)?;
    let db = dbs.sport(Sport::Curling).expect("curling is open");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let by = AccountId(1);

    // Stored with its draws and the first round's games.
    let mut stored_ms = Vec::new();
    let mut tko_games = 0;
    for run in 0..runs {
        let club = OrgScope::new(OrgId(1000 + run as i64));
        let started = Instant::now();
        tko_games = rt
            .block_on(db.write(move |conn| {
                let (event, teams, sheets) = new_event(conn, &club, 64)?;
                let made = Generate {
                    name: "TKO".into(),
                    format: Format::Record {
                        teams: 64,
                        wins: 3,
                        losses: 3,
                    },
                    seeds: teams.iter().map(|t| SeedFrom::Team(*t)).collect(),
                    schedule: Some((1_800_000_000, 150)),
                };
                let (_, games) = generate::create(conn, &club, event, &made, &sheets, Lang::En, 0)?;
                Ok::<_, ActionError>(games)
            }))
            .map_err(fail)?;
        stored_ms.push(ms(started));
    }

    // A 64-team single elimination, and a round-robin game beside it for the comparison.
    let club = OrgScope::new(OrgId(1));
    let event = rt
        .block_on(db.write(move |conn| {
            let (event, teams, sheets) = new_event(conn, &club, 64)?;
            let made = Generate {
                name: "Knockout".into(),
                format: Format::Single {
                    teams: 64,
                    third_place: false,
                },
                seeds: teams[..64].iter().map(|t| SeedFrom::Team(*t)).collect(),
                schedule: Some((1_800_000_000, 150)),
            };
            generate::create(conn, &club, event, &made, &sheets, Lang::En, 0)?;
            Ok::<_, ActionError>(event)
        }))
        .map_err(fail)?;
    // Play every level but the final, level by level (each result makes the next games).
    let real_games =
        |rt: &tokio::runtime::Runtime| -> anyhow::Result<Vec<(u32, u32, Option<i64>)>> {
            let b = rt
                .block_on(db.read(move |conn| {
                    board::load(conn, &club, event, chrono_tz::UTC)
                        .map_err(clubhouse::db::DbError::from)
                }))?
                .expect("the event");
            let bracket = &b.brackets[0];
            Ok(bracket
                .plan
                .slots
                .iter()
                .map(|s| (s.number, s.round, bracket.placement(s.number).game))
                .collect())
        };
    for round in 1..=5 {
        for (_, r, game) in real_games(&rt)? {
            if r == round
                && let Some(game) = game
            {
                rt.block_on(db.write(move |conn| win(conn, &club, game, by)))
                    .map_err(fail)?;
            }
        }
    }
    let games = real_games(&rt)?;
    assert!(
        games.iter().any(|(_, r, g)| *r == 6 && g.is_some()),
        "the final is made"
    );
    let first_round: Vec<i64> = games
        .iter()
        .filter(|(_, r, _)| *r == 1)
        .filter_map(|(_, _, g)| *g)
        .collect();

    // The comparison: the same write on a game of an event with no bracket.
    let rr_club = OrgScope::new(OrgId(2));
    let (rr_event, rr_pair) = rt
        .block_on(db.write(move |conn| {
            let (rr_event, teams, _) = new_event(conn, &rr_club, 2)?;
            Ok::<_, ActionError>((rr_event, [teams[0], teams[1]]))
        }))
        .map_err(fail)?;
    let mut plain_ms = Vec::new();
    let mut advance_ms = Vec::new();
    let mut correct_ms = Vec::new();
    for run in 0..runs as i64 {
        // A round-robin game: start, an end, then the concession that ends it.
        let game = rt
            .block_on(db.write(move |conn| {
                let draw = setup::add_draw(conn, &rr_club, rr_event, 1_700_000_000 + run * 3600)?;
                setup::add_game(conn, &rr_club, rr_event, draw, None, rr_pair, 0)
            }))
            .map_err(fail)?;
        rt.block_on(db.write(move |conn| {
            let v = keeping::apply(
                conn,
                &rr_club,
                game,
                0,
                Action::Start { first: Side::One },
                by,
                0,
            )?
            .version;
            keeping::apply(
                conn,
                &rr_club,
                game,
                v,
                Action::Enter(Entry {
                    side: Some(Side::One),
                    points: 3,
                }),
                by,
                0,
            )
        }))
        .map_err(fail)?;
        let started = Instant::now();
        rt.block_on(db.write(move |conn| {
            keeping::apply(conn, &rr_club, game, 2, Action::Concede(Side::Two), by, 0)
        }))
        .map_err(fail)?;
        plain_ms.push(ms(started));

        // A forced correction of the first first-round game resets a game on each of the
        // five levels after it (they were all played), then playing it again re-makes them.
        let upstream = first_round[0];
        let version = rt
            .block_on(db.read(move |conn| {
                board::game(conn, &club, upstream).map_err(clubhouse::db::DbError::from)
            }))?
            .expect("the game")
            .version;
        let started = Instant::now();
        rt.block_on(db.write(move |conn| {
            keeping::apply(
                conn,
                &club,
                upstream,
                version,
                Action::Reopen { force: true },
                by,
                0,
            )
        }))
        .map_err(fail)?;
        correct_ms.push(ms(started));
        let started = Instant::now();
        rt.block_on(db.write(move |conn| {
            keeping::apply(conn, &club, upstream, version + 1, Action::Finish, by, 0)
        }))
        .map_err(fail)?;
        advance_ms.push(ms(started));
        // Play the levels after it again, so the next run corrects a full path.
        for round in 2..=5 {
            for (_, r, game) in real_games(&rt)? {
                if r == round
                    && let Some(game) = game
                {
                    let state = rt
                        .block_on(db.read(move |conn| {
                            board::game(conn, &club, game).map_err(clubhouse::db::DbError::from)
                        }))?
                        .expect("the game")
                        .state;
                    if state == clubhouse::scoring::GameState::Scheduled {
                        rt.block_on(db.write(move |conn| win(conn, &club, game, by)))
                            .map_err(fail)?;
                    }
                }
            }
        }
    }
    println!("64-team triple knockout: {tko_games} games");
    println!(
        "  plan                          median {:>8.2} ms",
        median(plan_ms)
    );
    println!(
        "  stored, with draws and round 1 median {:>8.2} ms",
        median(stored_ms)
    );
    let (plain, advance, correct) = (median(plain_ms), median(advance_ms), median(correct_ms));
    println!("64-team single elimination (6 levels), one write each:");
    println!("  round-robin game ends          median {plain:>8.2} ms");
    println!(
        "  bracket game ends, next made   median {advance:>8.2} ms  ({:.1}x)",
        advance / plain
    );
    println!(
        "  forced correction, 5 levels    median {correct:>8.2} ms  ({:.1}x)",
        correct / plain
    );
    Ok(())
}
