//! The schedule generator's page (choose, preview with the fairness figures, create) and
//! the whole schedule as CSV.

use std::sync::LazyLock;

use poem::web::Data;
use poem::{IntoResponse, Request, Response, handler};
use tokio::sync::Semaphore;

use super::context::{ClubManager, ClubMember};
use super::events::{back_to_setup, club_sheets, form_errors, id_param, load_board};
use super::input::FormBody;
use super::respond::rejected;
use super::{AppError, AppState};
use crate::auth;
use crate::clubs::clock;
use crate::clubs::sheets::Sheet;
use crate::i18n::{Lang, Text};
use crate::scoring::board::Board;
use crate::scoring::schedule::{self, Proposal, Refusal, ScheduleForm, Setup};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::schedule::{Preview, SchedulePage};

/// Generations that may run at once: each keeps a core busy for up to a couple of seconds.
static GENERATORS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

fn internal(context: &str, e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal {
        context: context.into(),
        source: anyhow::Error::new(e),
    }
}

fn today(board: &Board) -> chrono::NaiveDate {
    clock::date(board.zone, auth::now()).unwrap_or_default()
}

fn render(
    m: &ClubMember,
    board: &Board,
    sheets: &[Sheet],
    form: &ScheduleForm,
    errors: &FieldErrors,
    preview: Option<Preview>,
) -> maud::Markup {
    views::schedule::page(
        &m.ctx,
        &SchedulePage {
            club: &m.club,
            board,
            sheets,
            form,
            errors,
            preview,
        },
    )
}

#[handler]
pub async fn show(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let board = load_board(state, &m.club, id_param(req, "event")?).await?;
    let sheets = club_sheets(state, &m.club).await?;
    let ids: Vec<i64> = sheets.iter().map(|s| s.id).collect();
    let form = ScheduleForm::defaults(&ids, today(&board));
    Ok(render(
        &m,
        &board,
        &sheets,
        &form,
        &FieldErrors::new(),
        None,
    ))
}

/// Which button was pressed, and the digest of the schedule the preview was made from.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Step {
    step: String,
    fingerprint: String,
}

fn refusal_text(lang: Lang, refusal: &Refusal) -> String {
    match refusal {
        Refusal::TooFewTeams => lang.t(Text::ScheduleTooFewTeams).into(),
        Refusal::MissingTime(at) => lang.format(
            Text::ScheduleMissingTime,
            &[("time", &at.format("%Y-%m-%d %H:%M").to_string())],
        ),
        Refusal::TooLong => lang.t(Text::ScheduleTooLong).into(),
        Refusal::NothingToDo => lang.t(Text::ScheduleNothingToDo).into(),
    }
}

/// The generator's answer, off the async runtime (at most two at once: `Busy` otherwise).
pub(crate) async fn generate(
    board: &Board,
    setup: Setup,
    requests: Vec<schedule::ByeRequest>,
) -> Result<Result<Proposal, Refusal>, AppError> {
    // The permit goes with the work: a client that leaves does not free it early.
    let permit = GENERATORS.try_acquire().map_err(|_| AppError::Busy)?;
    let teams = schedule::active_teams(board);
    let existing = schedule::existing_games(board);
    let zone = board.zone;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        schedule::propose(
            &setup,
            &teams,
            &existing,
            &requests,
            zone,
            schedule::DEFAULT_BUDGET,
        )
    })
    .await
    .map_err(|e| internal("running the schedule generator", e))
}

#[handler]
pub async fn post(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let lang = m.ctx.lang;
    let event = id_param(req, "event")?;
    let form: ScheduleForm = body.parse(lang)?;
    let step: Step = body.parse(lang)?;
    let board = load_board(state, &m.club, event).await?;
    let sheets = club_sheets(state, &m.club).await?;
    let ids: Vec<i64> = sheets.iter().map(|s| s.id).collect();
    let names: Vec<(i64, &str)> = board
        .teams
        .iter()
        .filter(|t| !t.withdrawn)
        .map(|t| (t.id, t.name.as_str()))
        .collect();
    let checked = Setup::check(&form, &ids, today(&board)).and_then(|setup| {
        schedule::bye_requests(&form.byes, &names).map(|requests| (setup, requests))
    });
    let (mut setup, requests) = match checked {
        Ok(checked) => checked,
        Err(e) => {
            let errors = form_errors(e)?;
            return Ok(rejected(render(&m, &board, &sheets, &form, &errors, None)));
        }
    };
    let scope = m.scope();
    setup.taken = state
        .sport_db(m.club.sport)?
        .read(move |conn| {
            schedule::taken_elsewhere(conn, &scope, event).map_err(crate::db::DbError::from)
        })
        .await?;
    let existing = schedule::existing_games(&board);
    let proposal = match generate(&board, setup, requests).await? {
        Ok(proposal) => proposal,
        Err(refusal) => {
            let preview = Preview::Refused(refusal_text(lang, &refusal));
            let page = render(
                &m,
                &board,
                &sheets,
                &form,
                &FieldErrors::new(),
                Some(preview),
            );
            return Ok(rejected(page));
        }
    };
    let fingerprint = schedule::fingerprint(&existing, &proposal);
    // Not what was previewed (the schedule, the teams, the sheets or the clock changed
    // meanwhile): show the new preview instead of creating.
    let stale = step.step == "create" && step.fingerprint != fingerprint;
    if step.step != "create" || stale {
        let errors = if stale {
            FieldErrors::one("", Text::ScheduleChanged)
        } else {
            FieldErrors::new()
        };
        let preview = Preview::Proposal {
            proposal: &proposal,
            fingerprint,
        };
        let page = render(&m, &board, &sheets, &form, &errors, Some(preview));
        return Ok(if stale {
            rejected(page)
        } else {
            page.into_response()
        });
    }
    let (scope, now) = (m.scope(), auth::now());
    let written = proposal.clone();
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| schedule::create(conn, &scope, event, &written, &existing, now))
        .await;
    match outcome {
        Ok(games) => {
            let notice = lang.format(Text::ScheduleCreated, &[("games", &games.to_string())]);
            back_to_setup(req, state, &m, event, Some(notice)).await
        }
        Err(ActionError::Refused(Text::ScheduleChanged)) | Err(ActionError::Invalid(_)) => {
            // Someone changed the schedule between our read and the write: start again.
            let board = load_board(state, &m.club, event).await?;
            let errors = FieldErrors::one("", Text::ScheduleChanged);
            Ok(rejected(render(&m, &board, &sheets, &form, &errors, None)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The whole schedule, a game a row: draw start (ISO 8601 with the club's offset), sheet,
/// the team listed first (first hammer or first serve), the other, state, score.
#[handler]
pub async fn export_csv(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let board = load_board(state, &m.club, id_param(req, "event")?).await?;
    let lang = m.ctx.lang;
    let name = format!("schedule-{}-{}.csv", m.club.slug, board.event.id);
    let bytes = tokio::task::spawn_blocking(move || schedule_csv(&board, lang))
        .await
        .map_err(|e| internal("exporting the schedule", e))??;
    Ok(Response::builder()
        .content_type("text/csv; charset=utf-8")
        .header(
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        )
        .body(bytes))
}

fn schedule_csv(board: &Board, lang: Lang) -> Result<Vec<u8>, AppError> {
    let failed = |e: csv::Error| internal("writing the schedule CSV", e);
    // A byte-order mark, so spreadsheets read accents right (as the registrations export).
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let cell = crate::registration::export::neutralise;
    out.write_record([
        lang.t(Text::CsvDrawStart),
        lang.t(Text::CsvSheet),
        lang.t(Text::CsvFirstTeam),
        lang.t(Text::CsvSecondTeam),
        lang.t(Text::CsvState),
        lang.t(Text::CsvScore),
    ])
    .map_err(failed)?;
    for draw in &board.draws {
        for game in board.games_in(draw.id) {
            let (first, second) = (game.first_side, game.first_side.other());
            let score = if game.started() {
                let s = game.score(&board.event.rules);
                format!("{}-{}", s.headline(first), s.headline(second))
            } else {
                String::new()
            };
            out.write_record([
                clock::iso(board.zone, draw.starts_at).as_str(),
                &cell(game.sheet.as_deref().unwrap_or("")),
                &cell(board.team_name(game.team(first))),
                &cell(board.team_name(game.team(second))),
                lang.t(game.label()),
                &score,
            ])
            .map_err(failed)?;
        }
    }
    out.into_inner()
        .map_err(|e| internal("writing the schedule CSV", e.into_error()))
}
