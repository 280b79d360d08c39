//! The round-robin schedule generator: from the event's teams and the organiser's sheets,
//! nights and draw times, a schedule in which every pair meets once (or twice), no team
//! plays twice in a draw (or a night), each team plays each sheet and each draw time as
//! evenly as possible, and the first hammer alternates — with the fairness figures of
//! COMPETITIONS.md 3.4 to show it. Games already placed by hand stay where they are: their
//! pairs are not scheduled again and their sheets and teams are busy on their night.
//!
//! [`propose`] is pure (it reads nothing and writes nothing); [`create`] writes a proposal.
//! The same inputs give the same schedule: the search's tie-breaks come from a fixed seed
//! and it is bounded by steps, not by time.

pub mod circle;
pub mod place;

use crate::db::Conn;
use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::clubs::clock::{self, Instant};
use crate::db::tenant::OrgScope;
use crate::i18n::Text;
use crate::sports::Side;
use crate::validation::{ActionError, FieldErrors};

/// Search steps a generation may take: about 2 s here for the largest leagues; smaller
/// ones finish long before (an 8-team, 4-sheet season in a few milliseconds).
pub const DEFAULT_BUDGET: u64 = 400_000;
/// The furthest a schedule may reach.
const MAX_NIGHTS: usize = 400;
const SEED: u64 = 0x5EED_C1B0;

/// The generator's form, as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    /// Sheet ids, one field per checked box.
    pub sheet: Vec<String>,
    pub first_date: String,
    /// `mon` … `sun`, one field per checked box.
    pub weekday: Vec<String>,
    pub draws_per_night: String,
    /// Draw times of a night, comma-separated: `19:00, 21:15`.
    pub times: String,
    /// Dates with no draws, comma- or line-separated.
    pub excluded: String,
    /// `1` (single round robin) or `2` (double).
    pub cycles: String,
    /// `on`: no team plays twice a night.
    pub once_per_night: Option<String>,
    /// Dates teams would rather not play, a line each: `Team name: 2027-01-12`.
    pub byes: String,
}

impl ScheduleForm {
    pub fn defaults(sheets: &[i64], today: NaiveDate) -> Self {
        ScheduleForm {
            sheet: sheets.iter().map(i64::to_string).collect(),
            first_date: today.to_string(),
            weekday: vec![short(today.weekday()).to_string()],
            draws_per_night: "1".into(),
            times: "19:00".into(),
            excluded: String::new(),
            cycles: "1".into(),
            once_per_night: Some("on".into()),
            byes: String::new(),
        }
    }
}

pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

pub fn short(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The generator's inputs, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// In the club's order.
    pub sheets: Vec<i64>,
    pub first: NaiveDate,
    pub weekdays: Vec<Weekday>,
    pub times: Vec<NaiveTime>,
    pub excluded: Vec<NaiveDate>,
    pub cycles: usize,
    pub once_per_night: bool,
    /// Sheets the club's other events use, at their moments: (instant, sheet).
    pub taken: Vec<(i64, i64)>,
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

impl Setup {
    /// Checks the form against the club's sheets (in order) and today's date on its clock.
    pub fn check(
        form: &ScheduleForm,
        club_sheets: &[i64],
        today: NaiveDate,
    ) -> Result<Setup, ActionError> {
        let mut errors = FieldErrors::new();
        let chosen: Vec<i64> = form
            .sheet
            .iter()
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let sheets: Vec<i64> = club_sheets
            .iter()
            .copied()
            .filter(|s| chosen.contains(s))
            .collect();
        if sheets.is_empty() || sheets.len() != chosen.len() {
            errors.add("sheet", Text::ScheduleNoSheets);
        }
        let first = parse_date(&form.first_date);
        match first {
            None => errors.add("first_date", Text::FieldRequired),
            Some(d) if d < today => errors.add("first_date", Text::ScheduleDateInPast),
            Some(_) => {}
        }
        let weekdays: Vec<Weekday> = WEEKDAYS
            .into_iter()
            .filter(|d| form.weekday.iter().any(|w| w == short(*d)))
            .collect();
        if weekdays.is_empty() || weekdays.len() != form.weekday.len() {
            errors.add("weekday", Text::ScheduleNoWeekdays);
        }
        let draws: Option<usize> = form
            .draws_per_night
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=4).contains(n));
        let mut times: Vec<NaiveTime> = Vec::new();
        let mut bad_time = false;
        for t in form
            .times
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            match NaiveTime::parse_from_str(t, "%H:%M") {
                Ok(time) if !times.contains(&time) => times.push(time),
                _ => bad_time = true,
            }
        }
        times.sort_unstable();
        match draws {
            None => errors.add("draws_per_night", Text::FieldInvalidChoice),
            Some(_) if bad_time || times.is_empty() => {
                errors.add("times", Text::ScheduleTimesInvalid)
            }
            Some(n) if n > times.len() => errors.add("times", Text::ScheduleTimePerDraw),
            Some(n) if n < times.len() => errors.add("times", Text::ScheduleTimesExtra),
            Some(_) => {}
        }
        let mut excluded = Vec::new();
        for d in form
            .excluded
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            match parse_date(d) {
                Some(date) => excluded.push(date),
                None => errors.add("excluded", Text::ScheduleExcludedInvalid),
            }
        }
        let cycles = match form.cycles.trim() {
            "1" => 1,
            "2" => 2,
            _ => {
                errors.add("cycles", Text::FieldInvalidChoice);
                1
            }
        };
        errors.or(())?;
        Ok(Setup {
            sheets,
            first: first.unwrap_or(today),
            weekdays,
            times,
            excluded,
            cycles,
            once_per_night: form.once_per_night.is_some(),
            taken: Vec::new(),
        })
    }

    /// The nights of the schedule, in order: the chosen weekdays from the first date on,
    /// without the excluded dates.
    fn nights(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first
            .iter_days()
            .filter(|d| self.weekdays.contains(&d.weekday()) && !self.excluded.contains(d))
            .take(MAX_NIGHTS)
    }
}

/// A game of the event already on the schedule (not cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Existing {
    pub starts_at: i64,
    pub sheet: Option<i64>,
    pub teams: [i64; 2],
}

/// A proposed game: the first team has the first hammer (first serve).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposedGame {
    pub sheet: i64,
    pub teams: [i64; 2],
}

/// A proposed draw: its moment, and the event's draw already there, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedDraw {
    pub local: NaiveDateTime,
    pub starts_at: i64,
    pub games: Vec<ProposedGame>,
    /// Teams of the event with no game in this draw's night.
    pub byes: Vec<i64>,
}

/// What the generator proposes, with its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub draws: Vec<ProposedDraw>,
    pub fairness: Fairness,
    /// The sheets and draw times are as even as they can be (found or proven).
    pub optimal: bool,
    /// The search's cost: 0 is perfect balance.
    pub cost: u32,
    pub steps: u64,
    /// Draw times on nights when the clocks fall back: the first of the two was taken.
    pub ambiguous: Vec<NaiveDateTime>,
}

/// Why the generator could not propose anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooFewTeams,
    /// A draw time the clocks skip on that night.
    MissingTime(NaiveDateTime),
    /// The nights (up to MAX_NIGHTS) cannot hold every game.
    TooLong,
    /// Nothing left to schedule: every pair has its games already.
    NothingToDo,
}

/// A team's wish not to play on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByeRequest {
    pub team: i64,
    pub date: NaiveDate,
}

/// The bye requests typed in the form (`Team name: date`, a line each; several dates may
/// follow one name, comma-separated), against the event's teams (id, name).
pub fn bye_requests(text: &str, teams: &[(i64, &str)]) -> Result<Vec<ByeRequest>, ActionError> {
    let mut requests = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, dates)) = line.rsplit_once(':') else {
            return Err(ActionError::Invalid(FieldErrors::one(
                "byes",
                Text::ScheduleByesInvalid,
            )));
        };
        let name = name.trim();
        let Some((team, _)) = teams.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)) else {
            return Err(ActionError::Invalid(FieldErrors::one(
                "byes",
                Text::ScheduleByesUnknownTeam,
            )));
        };
        for date in dates.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let date = parse_date(date).ok_or_else(|| {
                ActionError::Invalid(FieldErrors::one("byes", Text::ScheduleByesInvalid))
            })?;
            requests.push(ByeRequest { team: *team, date });
        }
    }
    Ok(requests)
}

/// A short digest of a proposal and the games it was made around: a preview carries it, and
/// creating is refused when the proposal made again (teams, sheets, the club's clock or the
/// schedule changed meanwhile) is not the one previewed.
pub fn fingerprint(existing: &[Existing], proposal: &Proposal) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for g in existing {
        hash.update(format!(
            "{}:{:?}:{}:{};",
            g.starts_at, g.sheet, g.teams[0], g.teams[1]
        ));
    }
    for d in &proposal.draws {
        hash.update(format!("|{}", d.starts_at));
        for g in &d.games {
            hash.update(format!(":{}:{}:{}", g.sheet, g.teams[0], g.teams[1]));
        }
    }
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Proposes a schedule for `teams` (the event's, still in it) given the games already
/// placed, on the club's clock `zone`, honouring the bye requests when the nights allow
/// (otherwise without them).
pub fn propose(
    setup: &Setup,
    teams: &[i64],
    existing: &[Existing],
    requests: &[ByeRequest],
    zone: Tz,
    budget: u64,
) -> Result<Proposal, Refusal> {
    match propose_with(setup, teams, existing, requests, zone, budget) {
        Err(Refusal::TooLong) if !requests.is_empty() => {
            propose_with(setup, teams, existing, &[], zone, budget)
        }
        other => other,
    }
}

fn propose_with(
    setup: &Setup,
    teams: &[i64],
    existing: &[Existing],
    requests: &[ByeRequest],
    zone: Tz,
    budget: u64,
) -> Result<Proposal, Refusal> {
    if teams.len() < 2 {
        return Err(Refusal::TooFewTeams);
    }
    let index: HashMap<i64, usize> = teams.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let sheet_index: HashMap<i64, usize> = setup
        .sheets
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i))
        .collect();
    // Pairs the hand-placed games already cover, each once.
    let mut covered: HashMap<(usize, usize), usize> = HashMap::new();
    for g in existing {
        if let (Some(a), Some(b)) = (index.get(&g.teams[0]), index.get(&g.teams[1])) {
            *covered.entry(((*a).min(*b), (*a).max(*b))).or_insert(0) += 1;
        }
    }
    let queue: Vec<[usize; 2]> = circle::rounds(teams.len(), setup.cycles)
        .into_iter()
        .flatten()
        .filter(
            |[a, b]| match covered.get_mut(&((*a).min(*b), (*a).max(*b))) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            },
        )
        .collect();
    if queue.is_empty() {
        return Err(Refusal::NothingToDo);
    }
    // The nights, with what the hand-placed games already take on each.
    let mut dates = Vec::new();
    let mut nights = Vec::new();
    let mut moments: Vec<Vec<i64>> = Vec::new();
    let mut ambiguous = Vec::new();
    for date in setup.nights() {
        let mut at = Vec::with_capacity(setup.times.len());
        for time in &setup.times {
            match clock::on(zone, date, *time) {
                Instant::Exact(t) => at.push(t),
                Instant::Ambiguous { first, .. } => {
                    ambiguous.push(date.and_time(*time));
                    at.push(first);
                }
                Instant::Missing => return Err(Refusal::MissingTime(date.and_time(*time))),
            }
        }
        let mut free = vec![vec![true; setup.sheets.len()]; setup.times.len()];
        for (instant, sheet) in &setup.taken {
            if let (Some(t), Some(s)) =
                (at.iter().position(|m| m == instant), sheet_index.get(sheet))
            {
                free[t][*s] = false;
            }
        }
        let mut busy: Vec<usize> = requests
            .iter()
            .filter(|r| r.date == date)
            .filter_map(|r| index.get(&r.team).copied())
            .collect();
        for g in existing {
            if clock::date(zone, g.starts_at) != Some(date) {
                continue;
            }
            if setup.once_per_night {
                busy.extend(g.teams.iter().filter_map(|t| index.get(t)));
            }
            if let (Some(t), Some(s)) = (
                at.iter().position(|m| *m == g.starts_at),
                g.sheet.and_then(|s| sheet_index.get(&s)),
            ) {
                free[t][*s] = false;
            }
        }
        dates.push(date);
        moments.push(at);
        nights.push(place::Night { free, busy });
        // Enough nights once they could hold every game twice over.
        let room: usize = nights
            .iter()
            .map(|n| {
                n.free
                    .iter()
                    .flatten()
                    .filter(|f| **f)
                    .count()
                    .min(teams.len() / 2)
            })
            .sum();
        if room >= 2 * queue.len() {
            break;
        }
    }
    let (packed, per_time) =
        place::pack(&queue, &nights, setup.once_per_night).ok_or(Refusal::TooLong)?;
    let problem = place::Problem {
        teams: teams.len(),
        sheets: setup.sheets.len(),
        times: setup.times.len(),
        games: &packed,
        nights: &nights[..per_time.len()],
        per_time: &per_time,
        once_per_night: setup.once_per_night,
        budget,
        seed: SEED,
    };
    let placed = place::place(&problem);
    if placed.slots.len() != packed.len() {
        return Err(Refusal::TooLong);
    }
    // Draws in time order, games in sheet order.
    let mut by_draw: HashMap<(usize, usize), Vec<ProposedGame>> = HashMap::new();
    for (game, slot) in packed.iter().zip(&placed.slots) {
        by_draw
            .entry((game.night, slot.time))
            .or_default()
            .push(ProposedGame {
                sheet: setup.sheets[slot.sheet],
                teams: [teams[game.teams[0]], teams[game.teams[1]]],
            });
    }
    let mut keys: Vec<(usize, usize)> = by_draw.keys().copied().collect();
    keys.sort_unstable();
    let draws: Vec<ProposedDraw> = keys
        .into_iter()
        .map(|(night, time)| {
            let mut games = by_draw.remove(&(night, time)).unwrap_or_default();
            games.sort_by_key(|g| sheet_index.get(&g.sheet).copied());
            let playing: HashSet<i64> = packed
                .iter()
                .filter(|g| g.night == night)
                .flat_map(|g| g.teams.map(|t| teams[t]))
                .chain(
                    existing
                        .iter()
                        .filter(|g| clock::date(zone, g.starts_at) == Some(dates[night]))
                        .flat_map(|g| g.teams),
                )
                .collect();
            ProposedDraw {
                local: dates[night].and_time(setup.times[time]),
                starts_at: moments[night][time],
                games,
                byes: teams
                    .iter()
                    .copied()
                    .filter(|t| !playing.contains(t))
                    .collect(),
            }
        })
        .collect();
    let fairness = Fairness::of(
        teams,
        &setup.sheets,
        setup.cycles,
        zone,
        existing,
        &draws,
        setup.once_per_night,
    );
    Ok(Proposal {
        draws,
        fairness,
        optimal: placed.proven,
        cost: placed.cost,
        steps: placed.steps,
        ambiguous,
    })
}

/// How fair a schedule is (COMPETITIONS.md 3.4), over every game of the event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fairness {
    /// F1: pairs that do not meet exactly once per cycle.
    pub pairs_off: usize,
    /// F2: a team in two games of one draw (or one night, when that is the rule).
    pub double_booked: usize,
    /// F3: the widest spread of a team's games over the sheets (0 or 1 is the best).
    pub sheet_spread: u32,
    /// Per team: games on each sheet (in the chosen sheets' order).
    pub sheet_counts: Vec<(i64, Vec<u32>)>,
    /// F4: the largest |listed first − listed second| of a team.
    pub hammer_imbalance: u32,
    /// F5: the widest spread of a team's games over the draw times (`None`: one time).
    pub time_spread: Option<u32>,
    /// F6: the fewest and most byes of a team over the schedule's nights, and byes on two
    /// nights in a row.
    pub byes: (u32, u32),
    pub byes_in_a_row: u32,
    /// F7: games listed the same way as the team's previous game, in all.
    pub breaks: u32,
    /// F8: draws used, and the most empty sheets in one of them.
    pub draws: usize,
    pub most_empty: usize,
}

/// A game as the figures count it: its moment, night, sheet and teams.
type Counted = (i64, Option<NaiveDate>, Option<i64>, [i64; 2]);

impl Fairness {
    #[allow(clippy::too_many_arguments)]
    fn of(
        teams: &[i64],
        sheets: &[i64],
        cycles: usize,
        zone: Tz,
        existing: &[Existing],
        draws: &[ProposedDraw],
        once_per_night: bool,
    ) -> Fairness {
        // Every game: (moment, night, sheet, teams).
        let mut all: Vec<Counted> = existing
            .iter()
            .map(|g| {
                (
                    g.starts_at,
                    clock::date(zone, g.starts_at),
                    g.sheet,
                    g.teams,
                )
            })
            .collect();
        for d in draws {
            for g in &d.games {
                all.push((d.starts_at, Some(d.local.date()), Some(g.sheet), g.teams));
            }
        }
        all.sort_by_key(|g| g.0);
        let mut f = Fairness::default();
        let mut met: HashMap<(i64, i64), usize> = HashMap::new();
        for (_, _, _, [a, b]) in &all {
            *met.entry(((*a).min(*b), (*a).max(*b))).or_insert(0) += 1;
        }
        for (i, a) in teams.iter().enumerate() {
            for b in &teams[i + 1..] {
                if met.get(&((*a).min(*b), (*a).max(*b))).copied().unwrap_or(0) != cycles {
                    f.pairs_off += 1;
                }
            }
        }
        let mut seen: HashSet<(i64, i64)> = HashSet::new();
        let mut seen_night: HashSet<(Option<NaiveDate>, i64)> = HashSet::new();
        for (at, night, _, ts) in &all {
            for t in ts {
                if !seen.insert((*at, *t)) || (once_per_night && !seen_night.insert((*night, *t))) {
                    f.double_booked += 1;
                }
            }
        }
        let times: Vec<NaiveTime> = {
            let mut t: Vec<NaiveTime> = draws.iter().map(|d| d.local.time()).collect();
            t.sort_unstable();
            t.dedup();
            t
        };
        let nights: Vec<NaiveDate> = {
            let mut n: Vec<NaiveDate> = draws.iter().map(|d| d.local.date()).collect();
            n.dedup();
            n
        };
        let (mut byes_lo, mut byes_hi) = (u32::MAX, 0);
        for team in teams {
            let mine: Vec<&Counted> = all.iter().filter(|g| g.3.contains(team)).collect();
            let counts: Vec<u32> = sheets
                .iter()
                .map(|s| mine.iter().filter(|g| g.2 == Some(*s)).count() as u32)
                .collect();
            let spread = |c: &[u32]| c.iter().max().unwrap_or(&0) - c.iter().min().unwrap_or(&0);
            f.sheet_spread = f.sheet_spread.max(spread(&counts));
            f.sheet_counts.push((*team, counts));
            let first = mine.iter().filter(|g| g.3[0] == *team).count() as i64;
            let second = mine.len() as i64 - first;
            f.hammer_imbalance = f
                .hammer_imbalance
                .max((first - second).unsigned_abs() as u32);
            let listed: Vec<bool> = mine.iter().map(|g| g.3[0] == *team).collect();
            f.breaks += listed.windows(2).filter(|w| w[0] == w[1]).count() as u32;
            if times.len() > 1 {
                let at_time: Vec<u32> = times
                    .iter()
                    .map(|t| {
                        mine.iter()
                            .filter(|g| clock::wall(zone, g.0).is_some_and(|w| w.time() == *t))
                            .count() as u32
                    })
                    .collect();
                f.time_spread = Some(f.time_spread.unwrap_or(0).max(spread(&at_time)));
            }
            let off: Vec<bool> = nights
                .iter()
                .map(|n| !mine.iter().any(|g| g.1 == Some(*n)))
                .collect();
            let byes = off.iter().filter(|b| **b).count() as u32;
            byes_lo = byes_lo.min(byes);
            byes_hi = byes_hi.max(byes);
            f.byes_in_a_row += off.windows(2).filter(|w| w[0] && w[1]).count() as u32;
        }
        f.byes = (byes_lo.min(byes_hi), byes_hi);
        f.draws = draws.len();
        f.most_empty = draws
            .iter()
            .map(|d| sheets.len().saturating_sub(d.games.len()))
            .max()
            .unwrap_or(0);
        f
    }
}

/// Writes a proposal: its draws (using a draw the event already has at the same moment) and
/// games, each checked like one added by hand. Refused, with nothing written, when the
/// event's schedule changed since the proposal was made (`seen`: the games it was made
/// from) — the organiser then previews again.
pub fn create(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    proposal: &Proposal,
    seen: &[Existing],
    now: i64,
) -> Result<usize, ActionError> {
    let board =
        super::board::load(conn, club, event, chrono_tz::UTC)?.ok_or(ActionError::NotFound)?;
    if existing_games(&board) != seen {
        return Err(ActionError::Refused(Text::ScheduleChanged));
    }
    let mut made = 0;
    for draw in &proposal.draws {
        let id = match board.draws.iter().find(|d| d.starts_at == draw.starts_at) {
            Some(existing) => existing.id,
            None => super::setup::add_draw(conn, club, event, draw.starts_at)?,
        };
        for game in &draw.games {
            super::setup::check_placement(
                conn,
                club,
                event,
                id,
                Some(game.sheet),
                game.teams,
                None,
            )?;
            super::setup::insert_game(
                conn,
                club,
                event,
                id,
                Some(game.sheet),
                game.teams,
                Side::One,
                now,
            )?;
            made += 1;
        }
    }
    // More round-robin games: seeds from the standings wait for them.
    super::bracket::store::follow(conn, club, event, super::bracket::store::Follow::quiet(now))?;
    Ok(made)
}

/// The sheets the club's other events use (games not cancelled), at their draws' moments.
pub fn taken_elsewhere(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
) -> QueryResult<Vec<(i64, i64)>> {
    use crate::db::tenant::{draws, games};
    let moments: HashMap<i64, i64> = draws::of(club)
        .filter(draws::event_id.ne(event))
        .select((draws::id, draws::starts_at))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let rows: Vec<(i64, Option<i64>)> = games::of(club)
        .filter(games::event_id.ne(event))
        .filter(games::state.ne(super::GameState::Cancelled.as_str()))
        .select((games::draw_id, games::sheet_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(draw, sheet)| Some((*moments.get(&draw)?, sheet?)))
        .collect())
}

/// The event's games on the schedule (not cancelled), in a stable order.
pub fn existing_games(board: &super::board::Board) -> Vec<Existing> {
    let mut games: Vec<Existing> = board
        .games
        .iter()
        .filter(|g| g.state != super::GameState::Cancelled)
        .filter_map(|g| {
            Some(Existing {
                starts_at: board.draw(g.draw_id)?.starts_at,
                sheet: g.sheet_id,
                teams: g.teams,
            })
        })
        .collect();
    games.sort_by_key(|g| (g.starts_at, g.sheet, g.teams));
    games
}

/// The event's teams a schedule is made for: those still in it.
pub fn active_teams(board: &super::board::Board) -> Vec<i64> {
    let mut ids: Vec<i64> = board
        .teams
        .iter()
        .filter(|t| !t.withdrawn)
        .map(|t| t.id)
        .collect();
    ids.sort_unstable();
    ids
}

#[cfg(test)]
mod tests;
