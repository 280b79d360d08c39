//! The generators through the API (`manage`): a season's schedule (previewed with
//! `dry_run`, or created) and a playoff bracket — the pages' own checks and domain calls.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Request, Response, handler};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{BracketOut, time};
use super::problem::{ApiError, FieldProblem, Problem};
use super::reads::{self, Keyed};
use super::setup::json_body;
use crate::clubs::api_keys::Scope;
use crate::clubs::clock;
use crate::i18n::{Lang, Text};
use crate::scoring::bracket::generate::{self, BracketForm};
use crate::scoring::schedule::{self, ByeRequest, Proposal, Refusal, ScheduleForm, Setup};
use crate::validation::ActionError;
use crate::web::AppState;
use crate::web::events::club_sheets;

/// What to schedule: every pairing of the event's teams still to play, over the nights.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    /// The sheets (courts) to use; all the club's when absent.
    #[serde(default)]
    #[schema(min_items = 1)]
    pub sheet_ids: Option<Vec<i64>>,
    /// The first night, on the club's clock: `2027-01-05`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub first_date: String,
    /// The nights of the week: `mon` … `sun`.
    #[schema(min_items = 1, max_items = 7)]
    pub weekdays: Vec<Weekday>,
    /// The draw times of a night, `19:00`: one per draw, at most four.
    #[schema(min_items = 1, max_items = 4)]
    pub times: Vec<String>,
    /// Dates with no draws.
    #[serde(default)]
    pub excluded: Vec<String>,
    /// 1: single round robin, 2: double.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 2)]
    pub cycles: u8,
    /// No team plays twice a night.
    #[serde(default = "yes")]
    pub once_per_night: bool,
    /// Dates teams would rather not play (kept when the nights allow).
    #[serde(default)]
    pub byes: Vec<ByeIn>,
    /// Only propose: nothing is written.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// As the generator's form names it.
    fn short(self) -> &'static str {
        schedule::short(match self {
            Weekday::Mon => chrono::Weekday::Mon,
            Weekday::Tue => chrono::Weekday::Tue,
            Weekday::Wed => chrono::Weekday::Wed,
            Weekday::Thu => chrono::Weekday::Thu,
            Weekday::Fri => chrono::Weekday::Fri,
            Weekday::Sat => chrono::Weekday::Sat,
            Weekday::Sun => chrono::Weekday::Sun,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ByeIn {
    #[schema(minimum = 1)]
    pub team_id: i64,
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub date: String,
}

fn one() -> u8 {
    1
}

fn yes() -> bool {
    true
}

/// The proposal, created or not, with its fairness figures (COMPETITIONS.md 3.4).
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleOut {
    /// Written (otherwise a `dry_run` preview).
    pub created: bool,
    /// Games proposed (and made, when created).
    pub games: usize,
    pub draws: Vec<ProposedDrawOut>,
    pub fairness: FairnessOut,
    /// Sheets and draw times are as even as they can be (found or proven).
    pub optimal: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposedDrawOut {
    pub starts_at: String,
    pub games: Vec<ProposedGameOut>,
    /// Teams with no game that night.
    pub byes: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposedGameOut {
    pub sheet_id: i64,
    /// Side one (first hammer or first serve) first.
    pub team_ids: [i64; 2],
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FairnessOut {
    /// Pairs that do not meet exactly once per cycle.
    pub pairs_off: usize,
    /// Teams in two games of one draw (or night).
    pub double_booked: usize,
    /// The widest spread of a team's games over the sheets (0 or 1 is the best).
    pub sheet_spread: u32,
    /// The largest difference between a team's games listed first and second.
    pub hammer_imbalance: u32,
    /// The widest spread of a team's games over the draw times; absent with one time.
    pub time_spread: Option<u32>,
    pub fewest_byes: u32,
    pub most_byes: u32,
    pub byes_in_a_row: u32,
    pub breaks: u32,
}

impl ScheduleOut {
    fn of(proposal: &Proposal, zone: chrono_tz::Tz, created: bool) -> Self {
        let f = &proposal.fairness;
        ScheduleOut {
            created,
            games: proposal.draws.iter().map(|d| d.games.len()).sum(),
            draws: proposal
                .draws
                .iter()
                .map(|d| ProposedDrawOut {
                    starts_at: time(zone, d.starts_at),
                    games: d
                        .games
                        .iter()
                        .map(|g| ProposedGameOut {
                            sheet_id: g.sheet,
                            team_ids: g.teams,
                        })
                        .collect(),
                    byes: d.byes.clone(),
                })
                .collect(),
            fairness: FairnessOut {
                pairs_off: f.pairs_off,
                double_booked: f.double_booked,
                sheet_spread: f.sheet_spread,
                hammer_imbalance: f.hammer_imbalance,
                time_spread: f.time_spread,
                fewest_byes: f.byes.0,
                most_byes: f.byes.1,
                byes_in_a_row: f.byes_in_a_row,
                breaks: f.breaks,
            },
            optimal: proposal.optimal,
        }
    }
}

/// The page's field names as the API's.
fn renamed(e: ActionError) -> ApiError {
    match ApiError::from(e) {
        ApiError::Invalid(fields) => ApiError::Invalid(
            fields
                .into_iter()
                .map(|f| FieldProblem {
                    name: match f.name.as_str() {
                        "sheet" => "sheet_ids",
                        "weekday" => "weekdays",
                        "draws_per_night" => "times",
                        other => other,
                    }
                    .to_string(),
                    reason: f.reason,
                })
                .collect(),
        ),
        other => other,
    }
}

fn refusal(refusal: Refusal) -> ApiError {
    let lang = Lang::En;
    match refusal {
        Refusal::TooFewTeams => ApiError::Conflict(lang.t(Text::ScheduleTooFewTeams).into()),
        Refusal::NothingToDo => ApiError::Conflict(lang.t(Text::ScheduleNothingToDo).into()),
        Refusal::TooLong => ApiError::invalid("weekdays", lang.t(Text::ScheduleTooLong)),
        Refusal::MissingTime(at) => ApiError::invalid(
            "times",
            lang.format(
                Text::ScheduleMissingTime,
                &[("time", &at.format("%Y-%m-%d %H:%M").to_string())],
            ),
        ),
    }
}

fn date_of(field: &str, text: &str) -> Result<chrono::NaiveDate, ApiError> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ApiError::invalid(field, "A date, 2027-01-05."))
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/events/{event}/schedule", tag = "setup", operation_id = "generateSchedule", summary = "Generate the round robin", description = "Proposes every pairing still to play over the nights given, as fair as the generator can make it, keeping the games already placed. With `dry_run` nothing is written; otherwise the draws and games are created.", params(("club" = String, Path), ("event" = i64, Path, minimum = 1)), request_body(content = ScheduleIn, content_type = "application/json"), responses((status = 200, description = "The proposal (`dry_run`).", body = ScheduleOut), (status = 201, description = "Created: the schedule made; the games are at Location.", body = ScheduleOut), (status = 403, description = "The key lacks `manage`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such event for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Too few teams, nothing left to schedule, or the schedule changed while it was made.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Fields that cannot be accepted, or nights that cannot hold the games.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["manage"])))]
#[handler]
pub async fn generate_schedule(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { access, club, .. } = reads::keyed(state, req, Scope::Manage).await?;
    let (event, board) = reads::event_in_path(state, req, &club, &access).await?;
    let input: ScheduleIn = json_body(raw).await?;
    for day in input.excluded.iter() {
        date_of("excluded", day)?;
    }
    let teams = schedule::active_teams(&board);
    let mut byes = Vec::with_capacity(input.byes.len());
    for bye in &input.byes {
        if !teams.contains(&bye.team_id) {
            return Err(ApiError::invalid(
                "byes",
                "A team of the event, not withdrawn.",
            ));
        }
        let date = date_of("byes", &bye.date)?;
        byes.push(ByeRequest {
            team: bye.team_id,
            date,
        });
    }
    let sheets: Vec<i64> = club_sheets(state, &club)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let form = ScheduleForm {
        sheet: input
            .sheet_ids
            .unwrap_or_else(|| sheets.clone())
            .iter()
            .map(i64::to_string)
            .collect(),
        first_date: input.first_date,
        weekday: input.weekdays.iter().map(|d| d.short().into()).collect(),
        draws_per_night: input.times.len().to_string(),
        times: input.times.join(","),
        excluded: input.excluded.join(","),
        cycles: input.cycles.to_string(),
        once_per_night: input.once_per_night.then(|| "on".into()),
        byes: String::new(),
    };
    let today = clock::date(board.zone, crate::auth::now()).unwrap_or_default();
    let mut setup = Setup::check(&form, &sheets, today).map_err(renamed)?;
    let scope = crate::db::tenant::OrgScope::new(club.id);
    setup.taken = state
        .sport_db(club.sport)?
        .read(move |conn| {
            schedule::taken_elsewhere(conn, &scope, event).map_err(crate::db::DbError::from)
        })
        .await?;
    let existing = schedule::existing_games(&board);
    let proposal = crate::web::schedule::generate(&board, setup, byes)
        .await?
        .map_err(refusal)?;
    if input.dry_run {
        return Ok(reads::written_json(
            StatusCode::OK,
            &ScheduleOut::of(&proposal, board.zone, false),
        ));
    }
    let (written, now) = (proposal.clone(), crate::auth::now());
    state
        .sport_db(club.sport)?
        .write(move |conn| schedule::create(conn, &scope, event, &written, &existing, now))
        .await
        .map_err(|e| match e {
            ActionError::Invalid(_) => ApiError::Conflict(Lang::En.t(Text::ScheduleChanged).into()),
            other => other.into(),
        })?;
    refresh(state, &club, event).await;
    let mut resp = reads::written_json(
        StatusCode::CREATED,
        &ScheduleOut::of(&proposal, board.zone, true),
    );
    reads::locate(
        &mut resp,
        &format!("/api/v1/clubs/{}/events/{event}/games", club.slug),
    );
    Ok(resp)
}

/// The event's pages and live screens follow, as after the pages' own writes.
async fn refresh(state: &AppState, club: &crate::clubs::Club, event: i64) {
    if let Err(e) = crate::web::events::changed(state, club, event).await {
        tracing::warn!(error = %e, event, "event pages not refreshed");
    }
}

/// A playoff bracket to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BracketIn {
    #[schema(min_length = 1, max_length = 80)]
    pub name: String,
    /// `page` (Page playoff), `single` or `double` elimination, `record` (a win/loss
    /// record qualifies) or `events` (A, B, C… events).
    #[schema(pattern = "^(page|single|double|record|events)$")]
    pub format: String,
    /// How many teams go in (for `page`, 4); with `order`, the teams listed.
    #[serde(default)]
    #[schema(minimum = 2, maximum = 64)]
    pub teams: Option<u32>,
    /// A game for third place (Page: a bronze game).
    #[serde(default)]
    pub bronze: bool,
    /// Page final: the hammer goes to `winner` of 1 v 2, or the better `seed`.
    #[serde(default)]
    #[schema(pattern = "^(winner|seed)$")]
    pub final_hammer: Option<String>,
    /// Double elimination: a reset final.
    #[serde(default = "yes")]
    pub reset: bool,
    /// Double elimination: losers cross over.
    #[serde(default = "yes")]
    pub crossover: bool,
    /// `record`: wins to qualify (1–8).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 8)]
    pub wins: Option<u32>,
    /// `record`: losses to go out (1–8).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 8)]
    pub losses: Option<u32>,
    /// `events`: how many events (2–4).
    #[serde(default)]
    #[schema(minimum = 2, maximum = 4)]
    pub events: Option<u32>,
    /// Seeds from the `standings`, the `pools` (crossed) or the `order` given.
    #[serde(default)]
    #[schema(pattern = "^(standings|pools|order)$")]
    pub seeding: Option<String>,
    /// Team ids, best seed first (with `order`).
    #[serde(default)]
    pub order: Vec<i64>,
    /// The first round's start on the club's clock, `2027-03-01T19:00`; absent: the games
    /// are placed later.
    #[serde(default)]
    pub first: Option<String>,
    /// Minutes between batches of games (10–1440).
    #[serde(default)]
    #[schema(minimum = 10, maximum = 1440)]
    pub gap: Option<u32>,
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/events/{event}/brackets", tag = "setup", operation_id = "generateBracket", summary = "Generate a playoff bracket", description = "Seeds it, places its rounds when `first` is given, and makes the games whose teams are known; later games follow the results by themselves.", params(("club" = String, Path), ("event" = i64, Path, minimum = 1)), request_body(content = BracketIn, content_type = "application/json"), responses((status = 201, description = "Created: the bracket; the event's brackets are at Location.", body = BracketOut), (status = 403, description = "The key lacks `manage`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such event for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not possible now.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Fields that cannot be accepted (too few teams, a format the event's rules cannot play).", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["manage"])))]
#[handler]
pub async fn generate_bracket(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { access, club, .. } = reads::keyed(state, req, Scope::Manage).await?;
    let (event, board) = reads::event_in_path(state, req, &club, &access).await?;
    let input: BracketIn = json_body(raw).await?;
    let mut order = Vec::with_capacity(input.order.len());
    for id in &input.order {
        match board.teams.iter().find(|t| t.id == *id && !t.withdrawn) {
            Some(t) => order.push(t.name.clone()),
            None => {
                return Err(ApiError::invalid(
                    "order",
                    "A team of the event, not withdrawn.",
                ));
            }
        }
    }
    // What is not given is what the page offers first.
    let mut form = BracketForm::defaults(&board, Lang::En);
    let on = |b: bool| b.then(|| "on".to_string());
    let set = |field: &mut String, n: Option<u32>| {
        if let Some(n) = n {
            *field = n.to_string();
        }
    };
    form.name = input.name;
    form.format = input.format;
    set(&mut form.teams, input.teams);
    set(&mut form.wins, input.wins);
    set(&mut form.losses, input.losses);
    set(&mut form.events, input.events);
    set(&mut form.gap, input.gap);
    form.bronze = on(input.bronze);
    form.reset = on(input.reset);
    form.crossover = on(input.crossover);
    if let Some(hammer) = input.final_hammer {
        if !matches!(hammer.as_str(), "winner" | "seed") {
            return Err(ApiError::invalid("final_hammer", "`winner` or `seed`."));
        }
        form.final_hammer = hammer;
    }
    if let Some(seeding) = input.seeding {
        form.seeding = seeding;
    }
    if !order.is_empty() {
        form.order = order.join("\n");
    }
    form.first = input.first.unwrap_or_default();
    let made = form.check(&board, board.zone)?;
    let sheets: Vec<i64> = club_sheets(state, &club)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let (scope, now) = (
        crate::db::tenant::OrgScope::new(club.id),
        crate::auth::now(),
    );
    let (id, _) = state
        .sport_db(club.sport)?
        .write(move |conn| generate::create(conn, &scope, event, &made, &sheets, Lang::En, now))
        .await?;
    refresh(state, &club, event).await;
    let board = reads::event_board(state, &club, &access, event).await?;
    let made = board
        .brackets
        .iter()
        .find(|b| b.id == id)
        .ok_or(ApiError::NotFound)?;
    let mut resp = reads::written_json(StatusCode::CREATED, &BracketOut::of(made));
    reads::locate(
        &mut resp,
        &format!("/api/v1/clubs/{}/events/{event}/brackets", club.slug),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_field_names_become_the_apis() {
        let errors = crate::validation::FieldErrors::one("weekday", Text::ScheduleNoWeekdays);
        let ApiError::Invalid(fields) = renamed(ActionError::Invalid(errors)) else {
            panic!("not invalid");
        };
        assert_eq!(fields[0].name, "weekdays");
    }

    #[test]
    fn refusals_about_input_are_422_and_about_state_409() {
        assert_eq!(
            refusal(Refusal::TooLong).status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(refusal(Refusal::NothingToDo).status(), StatusCode::CONFLICT);
        assert_eq!(refusal(Refusal::TooFewTeams).status(), StatusCode::CONFLICT);
    }

    #[test]
    fn weekdays_read_as_the_form_writes_them() {
        let days: Vec<Weekday> = serde_json::from_str(r#"["mon","sun"]"#).expect("weekdays");
        assert_eq!(days[0].short(), "mon");
        assert_eq!(days[1].short(), "sun");
        assert!(serde_json::from_str::<Vec<Weekday>>(r#"["monday"]"#).is_err());
    }
}
