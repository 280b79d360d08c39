//! An event's brackets, for its managers: make one from a template, change a game's sides,
//! hammer rule or place, add or remove a game, delete the bracket.

use poem::web::Data;
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember};
use super::events::{changed, club_sheets, form_errors, id_param, load_board};
use super::input::FormBody;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, paths};
use crate::auth;
use crate::db::DbError;
use crate::i18n::Text;
use crate::scoring::bracket::generate::{self, BracketForm};
use crate::scoring::bracket::store::{self, SlotEdit};
use crate::scoring::bracket::{Hammer, Source};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::bracket::BracketsPage;

async fn render(
    state: &AppState,
    m: &ClubMember,
    event: i64,
    form: &BracketForm,
    errors: &FieldErrors,
    editing: Option<(i64, u32)>,
) -> Result<maud::Markup, AppError> {
    let board = load_board(state, &m.club, event).await?;
    let sheets = club_sheets(state, &m.club).await?;
    let scope = m.scope();
    let ids: Vec<i64> = board.brackets.iter().map(|b| b.id).collect();
    let logs = state
        .sport_db(m.club.sport)?
        .read(move |conn| {
            ids.iter()
                .map(|id| Ok((*id, store::changes(conn, &scope, *id)?)))
                .collect::<Result<Vec<_>, diesel::result::Error>>()
                .map_err(DbError::from)
        })
        .await?;
    Ok(views::bracket::page(
        &m.ctx,
        &BracketsPage {
            club: &m.club,
            board: &board,
            sheets: &sheets,
            form,
            errors,
            logs: &logs,
            editing,
        },
    ))
}

#[handler]
pub async fn show(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let event = id_param(req, "event")?;
    let board = load_board(state, &m.club, event).await?;
    let form = BracketForm::defaults(&board, m.ctx.lang);
    render(state, &m, event, &form, &FieldErrors::new(), None).await
}

/// Back to the brackets page, the event's pages following the change.
async fn done(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    event: i64,
    notice: String,
) -> Result<Response, AppError> {
    changed(state, &m.club, event).await?;
    context::flash(&context::session(req)?, Flash::notice(notice)).await?;
    Ok(see_other(&paths::event_part(
        m.ctx.lang,
        &m.club.slug,
        event,
        "brackets",
    )))
}

#[handler]
pub async fn create(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let form: BracketForm = body.parse(m.ctx.lang)?;
    let board = load_board(state, &m.club, event).await?;
    let sheets: Vec<i64> = club_sheets(state, &m.club)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let outcome = match form.check(&board, board.zone) {
        Ok(made) => {
            let (scope, lang, now) = (m.scope(), m.ctx.lang, auth::now());
            state
                .sport_db(m.club.sport)?
                .write(move |conn| generate::create(conn, &scope, event, &made, &sheets, lang, now))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok((_, games)) => {
            let notice = m
                .ctx
                .lang
                .format(Text::BracketCreated, &[("games", &games.to_string())]);
            done(req, state, &m, event, notice).await
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(
                render(state, &m, event, &form, &errors, None).await?,
            ))
        }
    }
}

/// A bracket game's form, as posted.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct SlotForm {
    /// Blank for a new game.
    number: String,
    label: String,
    side1: String,
    side2: String,
    hammer: String,
    draw: String,
    sheet: String,
}

impl SlotForm {
    fn check(&self) -> Result<(Option<u32>, SlotEdit), ActionError> {
        let mut errors = FieldErrors::new();
        let label = crate::validation::text_field(&mut errors, "label", &self.label, 60);
        let mut source = |field: &'static str, text: &str| {
            text.parse::<Source>().unwrap_or_else(|_| {
                errors.add(field, Text::FieldInvalidChoice);
                Source::Bye
            })
        };
        let sides = [source("side1", &self.side1), source("side2", &self.side2)];
        let hammer = self.hammer.parse::<Hammer>().unwrap_or_else(|_| {
            errors.add("hammer", Text::FieldInvalidChoice);
            Hammer::Manual
        });
        let mut id = |field: &'static str, text: &str| match text.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    errors.add(field, Text::FieldInvalidChoice);
                    None
                }
            },
        };
        let draw = id("draw", &self.draw);
        let sheet = id("sheet", &self.sheet);
        let number = match self.number.trim() {
            "" => None,
            n => match n.parse::<u32>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.add("", Text::FieldInvalidChoice);
                    None
                }
            },
        };
        errors.or((
            number,
            SlotEdit {
                label,
                sides,
                hammer,
                draw,
                sheet,
            },
        ))
    }
}

/// The bracket in the URL, if it is the URL's event's.
async fn bracket_param(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    event: i64,
) -> Result<i64, AppError> {
    let bracket = id_param(req, "bracket")?;
    let board = load_board(state, &m.club, event).await?;
    if board.brackets.iter().any(|b| b.id == bracket) {
        Ok(bracket)
    } else {
        Err(AppError::NotFound)
    }
}

#[handler]
pub async fn act(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let bracket = bracket_param(req, state, &m, event).await?;
    let db = state.sport_db(m.club.sport)?;
    let (scope, by, now, lang) = (m.scope(), m.account, auth::now(), m.ctx.lang);
    match req.raw_path_param("action") {
        Some("delete") => {
            match db
                .write(move |conn| store::delete(conn, &scope, bracket))
                .await
            {
                Ok(_) => done(req, state, &m, event, lang.t(Text::BracketDeleted).into()).await,
                Err(e) => refused(state, &m, event, e, (bracket, u32::MAX)).await,
            }
        }
        Some("save") => {
            let form: SlotForm = body.parse(lang)?;
            let checked = form.check();
            let editing = (bracket, form.number.trim().parse::<u32>().unwrap_or(0));
            let outcome = match checked {
                Ok((number, edit)) => {
                    db.write(move |conn| {
                        store::save_slot(conn, &scope, bracket, number, &edit, by, now)
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            match outcome {
                Ok(_) => done(req, state, &m, event, lang.t(Text::BracketSaved).into()).await,
                Err(e) => refused(state, &m, event, e, editing).await,
            }
        }
        _ => Err(AppError::NotFound),
    }
}

#[handler]
pub async fn remove_game(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let event = id_param(req, "event")?;
    let bracket = bracket_param(req, state, &m, event).await?;
    let number = req
        .raw_path_param("number")
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or(AppError::NotFound)?;
    let (scope, now) = (m.scope(), auth::now());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| store::remove_slot(conn, &scope, bracket, number, now))
        .await;
    match outcome {
        Ok(()) => {
            done(
                req,
                state,
                &m,
                event,
                m.ctx.lang.t(Text::BracketSaved).into(),
            )
            .await
        }
        Err(e) => refused(state, &m, event, e, (bracket, number)).await,
    }
}

/// The page again with the refusal on the form it came from.
async fn refused(
    state: &AppState,
    m: &ClubMember,
    event: i64,
    e: ActionError,
    editing: (i64, u32),
) -> Result<Response, AppError> {
    let errors = form_errors(e)?;
    let board = load_board(state, &m.club, event).await?;
    let form = BracketForm::defaults(&board, m.ctx.lang);
    Ok(rejected(
        render(state, m, event, &form, &errors, Some(editing)).await?,
    ))
}
