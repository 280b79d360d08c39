//! Making a bracket from the organiser's form: the format and its options, where the seeds
//! come from, and when its rounds are played (each round's games spread over the club's
//! sheets, a batch per draw, the draws made in the event).

use crate::db::Conn;
use std::collections::HashMap;

use chrono_tz::Tz;
use diesel::prelude::*;

use super::formats::{FinalHammer, Format, Unfit};
use super::store::{self, Placement};
use super::{Plan, SeedFrom};
use crate::clubs::clock::{self, Instant};
use crate::db::tenant::{OrgScope, draws};
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::validation::{ActionError, FieldErrors};

/// The new-bracket form, as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BracketForm {
    pub name: String,
    /// `page`, `single`, `double`, `record` or `events`.
    pub format: String,
    pub teams: String,
    pub bronze: Option<String>,
    /// `winner` or `seed`.
    pub final_hammer: String,
    pub reset: Option<String>,
    pub crossover: Option<String>,
    pub wins: String,
    pub losses: String,
    pub events: String,
    /// `standings`, `pools` or `order`.
    pub seeding: String,
    /// Team names, one per line, best first (for `order`).
    pub order: String,
    /// The first round's start on the club's clock; blank: times set later.
    pub first: String,
    pub gap: String,
}

impl BracketForm {
    pub fn defaults(board: &Board, lang: Lang) -> Self {
        let pools = !board.pools().is_empty();
        BracketForm {
            name: lang.t(Text::BracketDefaultName).to_string(),
            format: "page".into(),
            teams: board.teams.len().min(8).to_string(),
            bronze: None,
            final_hammer: "winner".into(),
            reset: Some("on".into()),
            crossover: Some("on".into()),
            wins: "3".into(),
            losses: "3".into(),
            events: "3".into(),
            seeding: if pools { "pools" } else { "standings" }.into(),
            order: board
                .teams
                .iter()
                .filter(|t| !t.withdrawn)
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            first: String::new(),
            gap: "180".into(),
        }
    }
}

/// A checked form: what to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Generate {
    pub name: String,
    pub format: Format,
    pub seeds: Vec<SeedFrom>,
    /// The first round's instant and the minutes between batches of games.
    pub schedule: Option<(i64, i64)>,
}

fn number(
    errors: &mut FieldErrors,
    field: &'static str,
    text: &str,
    range: std::ops::RangeInclusive<u32>,
) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.add(field, Text::BracketNumber);
            *range.start()
        }
    }
}

impl BracketForm {
    pub fn check(&self, board: &Board, zone: Tz) -> Result<Generate, ActionError> {
        let mut errors = FieldErrors::new();
        let name = crate::validation::text_field(&mut errors, "name", &self.name, 80);
        let entrants: Vec<&crate::scoring::Team> =
            board.teams.iter().filter(|t| !t.withdrawn).collect();
        // The order seeds come in, for `order`: named teams, each once.
        let mut listed: Vec<i64> = Vec::new();
        if self.seeding == "order" {
            for line in self.order.lines().map(str::trim).filter(|l| !l.is_empty()) {
                match entrants.iter().find(|t| t.name == line) {
                    Some(t) if !listed.contains(&t.id) => listed.push(t.id),
                    _ => errors.add("order", Text::BracketUnknownTeam),
                }
            }
        }
        let count = if self.seeding == "order" {
            listed.len() as u32
        } else {
            number(
                &mut errors,
                "teams",
                &self.teams,
                2..=super::formats::MAX_TEAMS,
            )
        };
        let format = match self.format.as_str() {
            "page" => Format::Page {
                bronze: self.bronze.is_some(),
                final_hammer: if self.final_hammer == "seed" {
                    FinalHammer::BetterSeed
                } else {
                    FinalHammer::WinnerOf1v2
                },
            },
            "single" => Format::Single {
                teams: count,
                third_place: self.bronze.is_some(),
            },
            "double" => Format::Double {
                teams: count,
                reset: self.reset.is_some(),
                crossover: self.crossover.is_some(),
            },
            "record" => Format::Record {
                teams: count,
                wins: number(&mut errors, "wins", &self.wins, 1..=8),
                losses: number(&mut errors, "losses", &self.losses, 1..=8),
            },
            "events" => Format::Events {
                teams: count,
                events: number(&mut errors, "events", &self.events, 2..=4),
            },
            _ => {
                errors.add("format", Text::FieldInvalidChoice);
                Format::Page {
                    bronze: false,
                    final_hammer: FinalHammer::WinnerOf1v2,
                }
            }
        };
        let n = format.teams();
        if n as usize > entrants.len() {
            errors.add("teams", Text::BracketNotEnoughTeams);
        }
        let seeds: Vec<SeedFrom> = match self.seeding.as_str() {
            "standings" => (1..=n)
                .map(|rank| SeedFrom::Place { rank, pool: None })
                .collect(),
            "pools" => {
                let pools = board.pools();
                // Crossed seeding keeps a pool's teams apart in the first round for 2, 4 or
                // 8 pools; other counts would pair a pool with itself.
                if !matches!(pools.len(), 2 | 4 | 8) {
                    errors.add("seeding", Text::BracketPoolCount);
                }
                let per = if pools.is_empty() {
                    0
                } else {
                    n as usize / pools.len()
                };
                let fits = !pools.is_empty()
                    && per * pools.len() == n as usize
                    && pools.iter().all(|p| {
                        entrants
                            .iter()
                            .filter(|t| t.pool.as_deref() == Some(*p))
                            .count()
                            >= per
                    });
                if !fits {
                    errors.add("seeding", Text::BracketPoolsUneven);
                }
                // Winners of every pool first, then the seconds, …: with the standard seed
                // order that plays A1 v B2 and B1 v A2.
                (1..=per as u32)
                    .flat_map(|rank| {
                        pools.iter().map(move |p| SeedFrom::Place {
                            rank,
                            pool: Some((*p).to_string()),
                        })
                    })
                    .collect()
            }
            "order" => {
                if listed.len() != n as usize {
                    errors.add("order", Text::BracketOrderCount);
                }
                listed.iter().map(|t| SeedFrom::Team(*t)).collect()
            }
            _ => {
                errors.add("seeding", Text::FieldInvalidChoice);
                Vec::new()
            }
        };
        let schedule = if self.first.trim().is_empty() {
            None
        } else {
            let gap = number(&mut errors, "gap", &self.gap, 10..=1440);
            match clock::parse_input(&self.first).map(|t| clock::instant(zone, t)) {
                Some(Instant::Exact(at)) | Some(Instant::Ambiguous { first: at, .. }) => {
                    Some((at, i64::from(gap)))
                }
                Some(Instant::Missing) => {
                    errors.add("first", Text::DrawTimeMissing);
                    None
                }
                None => {
                    errors.add("first", Text::FieldRequired);
                    None
                }
            }
        };
        // A playoff game must have a winner.
        if let crate::sports::Rules::Curling(rules) = &board.event.rules
            && !rules.extra_ends
        {
            errors.add("format", Text::BracketNeedsExtraEnds);
        }
        if let Err(unfit) = format.slots(Lang::En) {
            errors.add(
                "teams",
                match unfit {
                    Unfit::TooFewTeams => Text::BracketTooFewTeams,
                    Unfit::TooManyTeams => Text::BracketTooManyTeams,
                    Unfit::BadRecord => Text::BracketBadRecord,
                    Unfit::BadEvents => Text::BracketBadEvents,
                },
            );
        }
        errors.or(Generate {
            name,
            format,
            seeds,
            schedule,
        })
    }
}

/// Makes the bracket: its plan in `lang`, the draws of its rounds if a time was given (each
/// round's games in batches of the free sheets), then the first games whose teams are known.
/// Returns the bracket's id and how many games it has.
pub fn create(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    made: &Generate,
    sheets: &[i64],
    lang: Lang,
    now: i64,
) -> Result<(i64, usize), ActionError> {
    let slots = made
        .format
        .slots(lang)
        .map_err(|_| ActionError::Refused(Text::BracketInvalid))?;
    let plan = Plan {
        seeds: made.seeds.clone(),
        slots,
    };
    let mut places: HashMap<u32, Placement> = HashMap::new();
    // Games that only ever walk a bye over get no draw, and are not counted.
    let playable = super::playable(&plan);
    if let Some((first, gap)) = made.schedule {
        let mut at = first;
        let rounds = plan.slots.iter().map(|s| s.round).max().unwrap_or(0);
        for round in 1..=rounds {
            let games: Vec<u32> = plan
                .slots
                .iter()
                .filter(|s| s.round == round && playable.contains(&s.number))
                .map(|s| s.number)
                .collect();
            if games.is_empty() {
                continue;
            }
            for batch in games.chunks(sheets.len().max(1)) {
                let draw = draw_at(conn, club, event, at)?;
                let free = free_sheets(conn, club, event, at, sheets)?;
                for (i, number) in batch.iter().enumerate() {
                    places.insert(
                        *number,
                        Placement {
                            draw: Some(draw),
                            sheet: free.get(i).copied(),
                            game: None,
                        },
                    );
                }
                at += gap * 60;
            }
        }
    }
    let format = serde_json::to_string(&made.format)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    let count = playable.len();
    let id = store::create(conn, club, event, &made.name, &format, &plan, &places, now)?;
    Ok((id, count))
}

/// The event's draw at `at`, made if there is none.
fn draw_at(conn: &mut Conn, club: &OrgScope, event: i64, at: i64) -> Result<i64, ActionError> {
    let found: Option<i64> = draws::of(club)
        .filter(draws::event_id.eq(event).and(draws::starts_at.eq(at)))
        .select(draws::id)
        .first(conn)
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => crate::scoring::setup::add_draw(conn, club, event, at),
    }
}

/// The club's sheets no other event uses at `at`, in order.
fn free_sheets(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    at: i64,
    sheets: &[i64],
) -> Result<Vec<i64>, ActionError> {
    let mut free = Vec::new();
    for sheet in sheets {
        if !crate::scoring::setup::sheet_taken_elsewhere(conn, club, event, at, *sheet)? {
            free.push(*sheet);
        }
    }
    Ok(free)
}
