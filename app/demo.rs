//! `clubhouse serve --demo`: a demo curling club and a demo pickleball club, each with a
//! championship in progress, a simulated scorekeeper entering ends and rallies at a human
//! pace so the event pages change live, and a league season made by the schedule generator
//! with its first weeks played. Loading it again finds the clubs already there.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use rand::Rng;
use rand::seq::IndexedRandom;

use crate::auth::accounts::{self, DEMO_DOMAIN, SignUp};
use crate::auth::{AccountId, passwords};
use crate::cache::Cache;
use crate::clubs::{self, Club, NewClub, sheets};
use crate::db::tenant::OrgScope;
use crate::db::{Databases, DbError};
use crate::i18n::{Lang, Text};
use crate::live::{Hub, scoreboards};
use crate::registration::places::ClubMail;
use crate::registration::{self, NewProgram, ProgramKind, programs};
use crate::scoring::board::{self, Board};
use crate::scoring::keeping::{self, Action};
use crate::scoring::setup::{self, EventForm, NewEvent};
use crate::scoring::{GameState, Position, Score};
use crate::sports::{Entry, Side, Sport};
use crate::validation::ActionError;

/// The demo's scorekeeper, who owns both demo clubs. Its password is in the README.
pub const EMAIL: &str = "scorekeeper@demo.invalid";
pub const PASSWORD: &str = "hammer-and-serve-demo";

struct Spec {
    sport: Sport,
    slug: &'static str,
    name: &'static str,
    region: &'static str,
    event: &'static str,
    /// The league season: generated, started three weeks ago.
    league: &'static str,
    /// A program open for registration now, and one that opens a few minutes after start.
    programs: [&'static str; 2],
    sheets: [&'static str; 4],
    teams: [&'static str; 8],
    /// Time between two entries of the simulated scorekeeper.
    pace: Duration,
}

const SPECS: [Spec; 2] = [
    Spec {
        sport: Sport::Curling,
        slug: "demo-curling",
        name: "Demo Curling Club",
        region: "CA-ON",
        event: "Demo Championship",
        league: "Demo League",
        programs: ["Learn to Curl", "Winter Mixed League"],
        sheets: ["A", "B", "C", "D"],
        teams: [
            "Team Tremblay",
            "Team Morrison",
            "Team Gagnon",
            "Team MacLeod",
            "Team Roy",
            "Team Campbell",
            "Team Côté",
            "Team Fraser",
        ],
        pace: Duration::from_secs(4),
    },
    Spec {
        sport: Sport::Pickleball,
        slug: "demo-pickleball",
        name: "Demo Pickleball Club",
        region: "CA-BC",
        event: "Demo Open",
        league: "Doubles League",
        programs: ["Beginner Clinic", "Evening Ladder"],
        sheets: ["Court 1", "Court 2", "Court 3", "Court 4"],
        teams: [
            "Dinks & Drops",
            "Kitchen Crew",
            "Third Shot",
            "Lob City",
            "Net Rushers",
            "Erne Express",
            "Side Out",
            "Paddle Pals",
        ],
        pace: Duration::from_millis(1500),
    },
];

/// A demo club and its championship.
#[derive(Debug, Clone)]
pub struct DemoClub {
    pub club: Club,
    pub event: i64,
    pace: Duration,
}

/// Creates what is missing of the demo and returns its clubs. Safe to run on every start.
pub async fn load(dbs: &Databases) -> anyhow::Result<(AccountId, Vec<DemoClub>)> {
    let account = demo_account(dbs).await?;
    let mut clubs = Vec::new();
    for spec in SPECS.iter().filter(|s| dbs.sport(s.sport).is_some()) {
        clubs.push(demo_club(dbs, account, spec).await?);
    }
    Ok((account, clubs))
}

async fn demo_account(dbs: &Databases) -> anyhow::Result<AccountId> {
    let existing = dbs
        .shared
        .read(|conn| accounts::find_by_email(conn, EMAIL).map_err(DbError::from))
        .await?;
    if let Some(account) = existing {
        return Ok(account.id);
    }
    let hash = tokio::task::spawn_blocking(|| passwords::hash(PASSWORD))
        .await
        .context("demo: the hashing thread stopped")?
        .map_err(|e| anyhow::anyhow!("demo: cannot hash the password: {e}"))?;
    debug_assert!(EMAIL.ends_with(DEMO_DOMAIN));
    let form = SignUp::check(EMAIL, "Demo Scorekeeper", PASSWORD, Lang::En)
        .map_err(|e| anyhow::anyhow!("demo: account: {e}"))?;
    let now = crate::auth::now();
    let account = dbs
        .shared
        .write(move |conn| accounts::create(conn, &form, &hash, Some(now), now))
        .await
        .map_err(|e| anyhow::anyhow!("demo: account: {e}"))?;
    Ok(account.id)
}

async fn demo_club(
    dbs: &Databases,
    owner: AccountId,
    spec: &'static Spec,
) -> anyhow::Result<DemoClub> {
    let fail = |what: &str, e: ActionError| anyhow::anyhow!("demo: {}: {what}: {e}", spec.slug);
    let found = dbs
        .shared
        .read(move |conn| clubs::by_slug(conn, spec.slug).map_err(DbError::from))
        .await?;
    let club = match found {
        Some(club) => club,
        None => {
            let form = NewClub::check(
                spec.name,
                spec.slug,
                spec.sport.as_str(),
                spec.region,
                &[spec.sport],
            )
            .map_err(|e| fail("club", e))?;
            let now = crate::auth::now();
            dbs.shared
                .write(move |conn| clubs::create(conn, owner, &form, now))
                .await
                .map_err(|e| fail("club", e))?
        }
    };
    let db = dbs
        .sport(spec.sport)
        .context("demo: the sport is not configured")?;
    let scope = OrgScope::new(club.id);
    let zone = crate::clubs::clock::zone(&club);
    let events = db
        .read(move |conn| board::events(conn, &scope).map_err(DbError::from))
        .await?;
    let event = match events.iter().find(|e| e.name == spec.event) {
        Some(event) => event.id,
        None => db
            .write(move |conn| championship(conn, &scope, spec, owner, zone))
            .await
            .map_err(|e| fail("championship", e))?,
    };
    if !events.iter().any(|e| e.name == spec.league) {
        db.write(move |conn| league(conn, &scope, spec, owner, zone))
            .await
            .map_err(|e| fail("league", e))?;
    }
    db.write(move |conn| demo_programs(conn, &scope, spec))
        .await
        .map_err(|e| fail("programs", e))?;
    db.write(move |conn| demo_courts(conn, &scope, spec, zone))
        .await
        .map_err(|e| fail("courts", e))?;
    Ok(DemoClub {
        club,
        event,
        pace: spec.pace,
    })
}

/// Booking rules (the defaults) and one open-play session on tomorrow's weekday, on the
/// first two courts, unless the club already has them.
fn demo_courts(
    conn: &mut crate::db::Conn,
    scope: &OrgScope,
    spec: &Spec,
    zone: chrono_tz::Tz,
) -> Result<(), ActionError> {
    use crate::courts::{open_play, queue, store};
    let now = crate::auth::now();
    if store::rules(conn, scope)?.is_none() {
        store::save_rules(conn, scope, &crate::courts::Rules::default(), now)?;
    }
    if open_play::sessions(conn, scope)?.is_empty() {
        let tomorrow = crate::clubs::clock::date(zone, now)
            .and_then(|d| d.succ_opt())
            .unwrap_or_default();
        let courts: Vec<i64> = crate::clubs::sheets::list(conn, scope)?
            .iter()
            .take(2)
            .map(|s| s.id)
            .collect();
        let (name, format) = match spec.sport {
            Sport::Curling => ("Practice ice", queue::Format::Doubles),
            Sport::Pickleball => ("Drop-in 3.0–3.5", queue::Format::Doubles),
        };
        let draft = open_play::Draft {
            name: name.into(),
            weekday: chrono::Datelike::weekday(&tomorrow).num_days_from_monday() as i64,
            starts_minute: 18 * 60,
            ends_minute: 20 * 60,
            level: String::new(),
            capacity: 16,
            format,
            rotation: queue::Rotation::FourOff,
            courts,
        };
        open_play::create(conn, scope, &draft, zone, now)?;
    }
    Ok(())
}

/// The first program is open for a year with six spots, so the flow can be tried at once.
/// The second opens three minutes after each start while nobody has registered, to show
/// the countdown.
fn demo_programs(
    conn: &mut crate::db::Conn,
    scope: &OrgScope,
    spec: &'static Spec,
) -> Result<(), ActionError> {
    let now = crate::auth::now();
    let existing = registration::list(conn, scope)?;
    let [open, soon] = spec.programs;
    let program = |name: &str,
                   kind: ProgramKind,
                   capacity: i64,
                   fee: i64,
                   opens_at: i64,
                   closes_at: i64| {
        NewProgram {
            name: name.to_string(),
            description: "A demo program: register a profile and watch the spots-left counter change in another browser.".into(),
            season: "2026–27".into(),
            kind,
            capacity: Some(capacity),
            fee,
            opens_at,
            closes_at,
            members_only: false,
        }
    };
    if !existing.iter().any(|s| s.program.name == open) {
        programs::create(
            conn,
            scope,
            &program(
                open,
                ProgramKind::Clinic,
                6,
                12_000,
                now - 3600,
                now + 365 * 86_400,
            ),
            now,
        )?;
    }
    let upcoming = program(
        soon,
        ProgramKind::League,
        12,
        18_500,
        now + 180,
        now + 30 * 86_400,
    );
    match existing.iter().find(|s| s.program.name == soon) {
        None => {
            programs::create(conn, scope, &upcoming, now)?;
        }
        Some(s) if s.confirmed + s.waitlisted == 0 => {
            // Nobody is registered, so nobody is promoted and no email is written.
            let mail = ClubMail {
                club: spec.name.to_string(),
                slug: spec.slug.to_string(),
                base_url: String::new(),
            };
            programs::update(conn, scope, &mail, s.program.id, &upcoming, now * 1000)?;
        }
        Some(_) => {}
    }
    Ok(())
}

/// Teams, two draws: the first played to the end, the second about to start.
fn championship(
    conn: &mut crate::db::Conn,
    club: &OrgScope,
    spec: &Spec,
    scorekeeper: AccountId,
    zone: chrono_tz::Tz,
) -> Result<i64, ActionError> {
    let now = crate::auth::now();
    let mut sheet_ids = Vec::new();
    for name in spec.sheets {
        sheet_ids.push(sheets::add(conn, club, name, now)?.id);
    }
    let form = EventForm {
        name: spec.event.into(),
        kind: "championship".into(),
        ..EventForm::defaults()
    };
    let event = setup::create_event(conn, club, &NewEvent::check(&form, spec.sport)?, now)?;
    let mut teams = Vec::new();
    for (i, name) in spec.teams.iter().enumerate() {
        let roster: Vec<(Position, String)> = match spec.sport {
            Sport::Curling => Position::CURLING[..4]
                .iter()
                .zip(["Alex", "Sam", "Jordan", "Riley"])
                .map(|(p, first)| (*p, format!("{first} {}", i + 1)))
                .collect(),
            Sport::Pickleball => vec![
                (Position::Player, format!("Pat {}", i + 1)),
                (Position::Player, format!("Kim {}", i + 1)),
            ],
        };
        teams.push(setup::add_team(conn, club, event, name, &roster, now)?);
    }
    // Draw times on the club's clock. Curling: yesterday and today at 19:00, one round each
    // for all eight teams. Pickleball: two pools of four, three rounds (yesterday twice,
    // today), pool A on the first two courts.
    let at_time = |date: chrono::NaiveDate, h: u32, m: u32| {
        let time = chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
        crate::clubs::clock::on(zone, date, time).first()
    };
    let today = crate::clubs::clock::date(zone, now).unwrap_or_default();
    let yesterday = today.pred_opt().unwrap_or(today);
    let tomorrow = today.succ_opt().unwrap_or(today);
    // Each round: its four games (team indices) and when it is played (date, hour, minute).
    type Rounds = Vec<[(usize, usize); 4]>;
    type Times = Vec<(chrono::NaiveDate, u32, u32)>;
    let (rounds, times): (Rounds, Times) = match spec.sport {
        Sport::Curling => (
            vec![
                [(0, 1), (2, 3), (4, 5), (6, 7)],
                [(0, 2), (1, 3), (4, 6), (5, 7)],
            ],
            vec![(yesterday, 19, 0), (today, 19, 0)],
        ),
        Sport::Pickleball => {
            for (i, team) in teams.iter().enumerate() {
                crate::scoring::edit::set_pool(conn, club, event, *team, ["A", "B"][i / 4])?;
            }
            (
                vec![
                    [(0, 1), (2, 3), (4, 5), (6, 7)],
                    [(0, 2), (1, 3), (4, 6), (5, 7)],
                    [(0, 3), (1, 2), (4, 7), (5, 6)],
                ],
                vec![(yesterday, 18, 0), (yesterday, 19, 30), (today, 19, 0)],
            )
        }
    };
    let mut rng = rand::rng();
    let last = rounds.len() - 1;
    for (r, (pairs, (date, h, m))) in rounds.iter().zip(times).enumerate() {
        let Some(starts_at) = at_time(date, h, m) else {
            continue;
        };
        let draw = setup::add_draw(conn, club, event, starts_at)?;
        for (g, (a, b)) in pairs.iter().enumerate() {
            let game = setup::add_game(
                conn,
                club,
                event,
                draw,
                Some(sheet_ids[g]),
                [teams[*a], teams[*b]],
                now,
            )?;
            if spec.sport == Sport::Curling {
                throw_lsd(conn, club, game, scorekeeper, &mut rng)?;
            }
            if r < last {
                play_out(conn, club, game, scorekeeper, &mut rng)?;
            }
        }
    }
    // The playoffs, from tomorrow morning: a Page playoff of the top four in curling; in
    // pickleball the top two of each pool, crossed, into a double elimination.
    use crate::scoring::bracket::formats::{FinalHammer, Format};
    use crate::scoring::bracket::{SeedFrom, generate};
    let (format, seeds, gap) = match spec.sport {
        Sport::Curling => (
            Format::Page {
                bronze: false,
                final_hammer: FinalHammer::WinnerOf1v2,
            },
            (1..=4)
                .map(|rank| SeedFrom::Place { rank, pool: None })
                .collect(),
            180,
        ),
        Sport::Pickleball => (
            Format::Double {
                teams: 4,
                reset: true,
                crossover: true,
            },
            [(1, "A"), (1, "B"), (2, "A"), (2, "B")]
                .into_iter()
                .map(|(rank, pool)| SeedFrom::Place {
                    rank,
                    pool: Some(pool.into()),
                })
                .collect(),
            60,
        ),
    };
    let made = generate::Generate {
        name: Lang::En.t(Text::BracketDefaultName).into(),
        format,
        seeds,
        schedule: at_time(tomorrow, 10, 0).map(|at| (at, gap)),
    };
    generate::create(conn, club, event, &made, &sheet_ids, Lang::En, now)?;
    Ok(event)
}

/// Last-stone draws before a curling game: two stones a team, anywhere in the house or
/// missing it now and then, so the standings' DSC separates ties.
fn throw_lsd(
    conn: &mut crate::db::Conn,
    club: &OrgScope,
    game: i64,
    by: AccountId,
    rng: &mut impl Rng,
) -> Result<(), ActionError> {
    let found = board::game(conn, club, game)?.ok_or(ActionError::NotFound)?;
    let event = board::event(conn, club, found.event_id)?.ok_or(ActionError::NotFound)?;
    let mut stone = || Some(rng.random_range(0..1600u16));
    let draws = crate::scoring::lsd::Draws {
        version: found.version,
        stones: [vec![stone(), stone()], vec![stone(), stone()]],
        by: Some(by.get()),
        now: crate::auth::now(),
    };
    crate::scoring::lsd::record(conn, club, game, &draws, &event.ranking.dsc)?;
    Ok(())
}

/// A season of the generator's making on the club's sheets, one draw a week at 19:00 from
/// three weeks ago: the draws already past are played (curling games after their
/// last-stone draws), so the standings, results and draws to come all show.
fn league(
    conn: &mut crate::db::Conn,
    club: &OrgScope,
    spec: &Spec,
    scorekeeper: AccountId,
    zone: chrono_tz::Tz,
) -> Result<i64, ActionError> {
    use crate::scoring::schedule::{self, Setup};
    use chrono::Datelike;
    let now = crate::auth::now();
    let form = EventForm {
        name: spec.league.into(),
        kind: "league".into(),
        ..EventForm::defaults()
    };
    let event = setup::create_event(conn, club, &NewEvent::check(&form, spec.sport)?, now)?;
    let mut teams = Vec::new();
    for (i, name) in spec.teams.iter().enumerate() {
        let roster = match spec.sport {
            Sport::Curling => vec![(Position::Skip, format!("Skip {}", i + 1))],
            Sport::Pickleball => vec![(Position::Player, format!("Lee {}", i + 1))],
        };
        teams.push(setup::add_team(conn, club, event, name, &roster, now)?);
    }
    // The demo account plays on the first team: "my games", spares and its calendar show.
    if let Some(first_team) = teams.first() {
        let position = match spec.sport {
            Sport::Curling => Position::Skip,
            Sport::Pickleball => Position::Player,
        };
        crate::spares::store::add_team_member(
            conn,
            club,
            event,
            *first_team,
            &crate::spares::store::TeamMember {
                team: *first_team,
                account: scorekeeper.0,
                position,
            },
            now,
        )?;
    }
    let today = crate::clubs::clock::date(zone, now).unwrap_or_default();
    let first = today - chrono::Duration::days(21);
    let season = Setup {
        sheets: sheets::list(conn, club)?.iter().map(|s| s.id).collect(),
        first,
        weekdays: vec![first.weekday()],
        times: vec![chrono::NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default()],
        excluded: Vec::new(),
        cycles: 1,
        once_per_night: true,
        taken: schedule::taken_elsewhere(conn, club, event)?,
    };
    let proposal = schedule::propose(&season, &teams, &[], &[], zone, schedule::DEFAULT_BUDGET)
        .map_err(|refusal| {
            ActionError::Refused(match refusal {
                schedule::Refusal::TooFewTeams => Text::ScheduleTooFewTeams,
                schedule::Refusal::MissingTime(_) => Text::DrawTimeMissing,
                schedule::Refusal::TooLong => Text::ScheduleTooLong,
                schedule::Refusal::NothingToDo => Text::ScheduleNothingToDo,
            })
        })?;
    schedule::create(conn, club, event, &proposal, &[], now)?;
    let board = board::load(conn, club, event, zone)?.ok_or(ActionError::NotFound)?;
    let mut rng = rand::rng();
    for draw in board.draws.iter().filter(|d| d.starts_at < now) {
        for game in board.games_in(draw.id) {
            if spec.sport == Sport::Curling {
                throw_lsd(conn, club, game.id, scorekeeper, &mut rng)?;
            }
            play_out(conn, club, game.id, scorekeeper, &mut rng)?;
        }
    }
    Ok(event)
}

/// Plays a game to its end with random entries (the first draw's results).
fn play_out(
    conn: &mut crate::db::Conn,
    club: &OrgScope,
    game: i64,
    by: AccountId,
    rng: &mut impl Rng,
) -> Result<(), ActionError> {
    let now = crate::auth::now();
    // The first hammer (or serve) as it stands: the last-stone draws may have set it.
    let found = board::game(conn, club, game)?.ok_or(ActionError::NotFound)?;
    let mut version = keeping::apply(
        conn,
        club,
        game,
        found.version,
        Action::Start {
            first: found.first_side,
        },
        by,
        now,
    )?
    .version;
    for _ in 0..500 {
        let found = board::game(conn, club, game)?.ok_or(ActionError::NotFound)?;
        if found.state == GameState::Final {
            break;
        }
        let event = board::event(conn, club, found.event_id)?.ok_or(ActionError::NotFound)?;
        let entry = next_entry(&found.score(&event.rules), rng);
        version = keeping::apply(conn, club, game, version, Action::Enter(entry), by, now)?.version;
    }
    Ok(())
}

/// A plausible next end or rally: the team with the hammer (or serve) does a bit better.
fn next_entry(score: &Score, rng: &mut impl Rng) -> Entry {
    match score {
        Score::Curling(s) => {
            let roll: f64 = rng.random();
            let points = match roll {
                r if r < 0.12 => 0,
                r if r < 0.55 => 1,
                r if r < 0.80 => 2,
                r if r < 0.93 => 3,
                r if r < 0.98 => 4,
                _ => 5,
            };
            let side = if rng.random_bool(0.65) {
                s.hammer
            } else {
                s.hammer.other()
            };
            Entry {
                side: Some(side),
                points,
            }
        }
        Score::Pickleball(m) => {
            let serving = m.current().serving;
            let side = if rng.random_bool(0.55) {
                serving
            } else {
                serving.other()
            };
            Entry {
                side: Some(side),
                points: 1,
            }
        }
    }
}

/// The demo's organiser decides a tie nothing broke (in the table's order), so the
/// playoffs are never held back. Whether one was decided.
async fn decide_ties(
    db: &crate::db::Database,
    scope: OrgScope,
    board: &Board,
    by: AccountId,
) -> anyhow::Result<bool> {
    use crate::scoring::standings;
    let mut ties: Vec<Vec<i64>> = Vec::new();
    for pool in board.tables() {
        let rows = standings::of_pool(board, pool);
        let mut by_rank: std::collections::BTreeMap<usize, Vec<i64>> = Default::default();
        for row in rows.iter().filter(|r| r.unresolved) {
            by_rank.entry(row.rank).or_default().push(row.team);
        }
        ties.extend(by_rank.into_values().filter(|t| t.len() > 1));
    }
    if ties.is_empty() {
        return Ok(false);
    }
    let (event, now) = (board.event.id, crate::auth::now());
    db.write(move |conn| {
        for tied in &ties {
            crate::scoring::edit::decide_tie(conn, &scope, event, tied, tied, by.get(), now)?;
        }
        Ok::<_, ActionError>(())
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(true)
}

/// Starts one simulated scorekeeper per demo club; they stop when the hub closes.
pub fn start_scorekeepers(
    dbs: Arc<Databases>,
    hub: Hub,
    cache: Cache,
    by: AccountId,
    clubs: Vec<DemoClub>,
) -> Vec<tokio::task::JoinHandle<()>> {
    clubs
        .into_iter()
        .map(|demo| {
            tokio::spawn(keep_scoring(
                dbs.clone(),
                hub.clone(),
                cache.clone(),
                by,
                demo,
            ))
        })
        .collect()
}

async fn keep_scoring(dbs: Arc<Databases>, hub: Hub, cache: Cache, by: AccountId, demo: DemoClub) {
    let mut idle_ticks = 0;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(demo.pace) => {}
            _ = hub.closed() => return,
        }
        match tick(&dbs, &hub, &cache, by, &demo, &mut idle_ticks).await {
            Ok(()) => {}
            Err(e) => tracing::warn!(club = %demo.club.slug, error = %e, "demo scorekeeper"),
        }
    }
}

/// One entry in a random unfinished game of the current draw; once the draw is over, a
/// pause, then the draw starts over.
async fn tick(
    dbs: &Databases,
    hub: &Hub,
    cache: &Cache,
    by: AccountId,
    demo: &DemoClub,
    idle_ticks: &mut u32,
) -> anyhow::Result<()> {
    let db = dbs.sport(demo.club.sport).context("sport not configured")?;
    let (scope, zone) = (
        OrgScope::new(demo.club.id),
        crate::clubs::clock::zone(&demo.club),
    );
    let event = demo.event;
    let board: Board = db
        .read(move |conn| board::load(conn, &scope, event, zone).map_err(DbError::from))
        .await?
        .context("the demo event is gone")?;
    // The draw being played: the round robin's last, then the playoffs' rounds as the
    // bracket makes their games.
    let Some(draw) = board.current_draw() else {
        return Ok(());
    };
    let open: Vec<_> = board
        .games_in(draw.id)
        .filter(|g| matches!(g.state, GameState::Scheduled | GameState::Live))
        .collect();
    let Some(game) = open.choose(&mut rand::rng()).map(|g| (*g).clone()) else {
        if decide_ties(db, scope, &board, by).await? {
            scoreboards::refresh_event(hub, cache, db, &demo.club, event).await;
            return Ok(());
        }
        *idle_ticks += 1;
        if *idle_ticks * demo.pace.as_millis() as u32 >= 30_000 {
            *idle_ticks = 0;
            // All played: the round robin's last draw and the playoffs start over.
            let last_round_robin = board.round_robin_games().map(|g| g.draw_id).last();
            let ids: Vec<i64> = board
                .round_robin_games()
                .filter(|g| Some(g.draw_id) == last_round_robin)
                .map(|g| g.id)
                .collect();
            let now = crate::auth::now();
            db.write(move |conn| {
                ids.iter()
                    .try_for_each(|id| setup::restart_game(conn, &scope, *id))?;
                let how = crate::scoring::bracket::store::Follow {
                    force: true,
                    by: Some(by),
                    now,
                };
                crate::scoring::bracket::store::follow(conn, &scope, event, how).map(drop)
            })
            .await?;
            scoreboards::refresh_event(hub, cache, db, &demo.club, event).await;
        }
        return Ok(());
    };
    let action = match game.state {
        GameState::Scheduled => Action::Start {
            first: if rand::random() { Side::One } else { Side::Two },
        },
        _ => Action::Enter(next_entry(
            &game.score(&board.event.rules),
            &mut rand::rng(),
        )),
    };
    let (id, version, now) = (game.id, game.version, crate::auth::now());
    db.write(move |conn| keeping::apply(conn, &scope, id, version, action, by, now))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    scoreboards::publish_game(hub, cache, db, &demo.club, id).await?;
    Ok(())
}
