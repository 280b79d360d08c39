//! An event's settings (name, kind, audience, rules, ranking), its deletion or archiving,
//! and the decisions that order a tie no criterion breaks.

use poem::web::Data;
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember};
use super::events::{back_to_setup, changed, form_errors, id_param, load_board};
use super::input::FormBody;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, paths};
use crate::auth;
use crate::i18n::Text;
use crate::scoring::board::Board;
use crate::scoring::edit;
use crate::scoring::setup::{EventForm, NewEvent};
use crate::scoring::standings::settings::RankingForm;
use crate::validation::FieldErrors;
use crate::views;
use crate::views::season::SettingsForm;
use crate::views::setup::SetupForm;

fn settings_page(
    m: &ClubMember,
    board: &Board,
    event: &EventForm,
    ranking: &RankingForm,
    errors: &FieldErrors,
) -> maud::Markup {
    views::season::event_settings(
        &m.ctx,
        &m.club,
        board,
        &SettingsForm { event, ranking },
        errors,
    )
}

#[handler]
pub async fn edit_page(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let board = load_board(state, &m.club, id_param(req, "event")?).await?;
    let (event, ranking) = (
        EventForm::of(&board.event),
        RankingForm::of(&board.event.ranking),
    );
    Ok(settings_page(
        &m,
        &board,
        &event,
        &ranking,
        &FieldErrors::new(),
    ))
}

/// The settings form: the event's fields and its ranking's, posted together.
struct PostedSettings {
    event: EventForm,
    ranking: RankingForm,
}

#[handler]
pub async fn update(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let id = id_param(req, "event")?;
    let form = PostedSettings {
        event: body.parse(m.ctx.lang)?,
        ranking: body.parse(m.ctx.lang)?,
    };
    let mut errors = FieldErrors::new();
    let ranking = form.ranking.check(m.club.sport, &mut errors);
    let checked = NewEvent::check(&form.event, m.club.sport);
    let was_public = load_board(state, &m.club, id).await?.event.public;
    let now_public = form.event.audience == "public";
    let outcome = match (checked, errors.is_empty()) {
        (Ok(event), true) => {
            let scope = m.scope();
            state
                .sport_db(m.club.sport)?
                .write(move |conn| edit::update_event(conn, &scope, id, &event, &ranking))
                .await
        }
        (Ok(_), false) => Err(crate::validation::ActionError::Invalid(errors)),
        (Err(e), _) => {
            let mut all = form_errors(e)?;
            if let Some(text) = errors.first() {
                all.add("", text);
            }
            Err(crate::validation::ActionError::Invalid(all))
        }
    };
    match outcome {
        Ok(()) => {
            if was_public && !now_public {
                let reloaded =
                    crate::live::scoreboards::reload_event_pages(&state.hub, &m.club, id);
                if let Err(e) = reloaded.await {
                    tracing::warn!(error = %e, event = id, "open pages not told to reload");
                }
            }
            let saved = m.ctx.lang.t(Text::Saved).to_string();
            back_to_setup(req, state, &m, id, Some(saved)).await
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let board = load_board(state, &m.club, id).await?;
            Ok(rejected(settings_page(
                &m,
                &board,
                &form.event,
                &form.ranking,
                &errors,
            )))
        }
    }
}

/// `delete` (no game started), `archive`, `unarchive`.
#[handler]
pub async fn act(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "event")?;
    let (scope, now, lang) = (m.scope(), auth::now(), m.ctx.lang);
    let db = state.sport_db(m.club.sport)?;
    let (outcome, done, next) = match req.raw_path_param("action") {
        Some("delete") => (
            db.write(move |conn| edit::delete_event(conn, &scope, id))
                .await,
            Text::EventDeleted,
            paths::events(lang, &m.club.slug),
        ),
        Some(action @ ("archive" | "unarchive")) => {
            let archive = action == "archive";
            (
                db.write(move |conn| edit::set_archived(conn, &scope, id, archive, now))
                    .await,
                if archive {
                    Text::EventArchived
                } else {
                    Text::EventUnarchived
                },
                paths::event(lang, &m.club.slug, id),
            )
        }
        _ => return Err(AppError::NotFound),
    };
    match outcome {
        Ok(()) => {
            changed(state, &m.club, id).await?;
            context::flash(&context::session(req)?, Flash::notice(lang.t(done))).await?;
            Ok(see_other(&next))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let board = load_board(state, &m.club, id).await?;
            let (event, ranking) = (
                EventForm::of(&board.event),
                RankingForm::of(&board.event.ranking),
            );
            Ok(rejected(settings_page(
                &m, &board, &event, &ranking, &errors,
            )))
        }
    }
}

/// A tie's teams (`tied`: their ids, comma-separated) and, to decide it, their order
/// (`order`, one field per place).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct TieForm {
    tied: String,
    order: Vec<String>,
}

fn ids(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|t| t.trim().parse().ok())
        .collect()
}

#[handler]
pub async fn ties(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    body: FormBody,
) -> Result<Response, AppError> {
    let id = id_param(req, "event")?;
    let form: TieForm = body.parse(m.ctx.lang)?;
    let tied = ids(&form.tied);
    let order: Vec<i64> = form.order.iter().flat_map(|o| ids(o)).collect();
    let (scope, by, now) = (m.scope(), m.account.get(), auth::now());
    let db = state.sport_db(m.club.sport)?;
    let outcome = match req.raw_path_param("action") {
        Some("decide") => {
            db.write(move |conn| edit::decide_tie(conn, &scope, id, &tied, &order, by, now))
                .await
        }
        Some("undecide") => {
            db.write(move |conn| edit::undecide_tie(conn, &scope, id, &tied))
                .await
        }
        _ => return Err(AppError::NotFound),
    };
    match outcome {
        Ok(()) => {
            changed(state, &m.club, id).await?;
            Ok(see_other(&format!(
                "{}#standings",
                paths::event(m.ctx.lang, &m.club.slug, id)
            )))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let board = load_board(state, &m.club, id).await?;
            let sheets = super::events::club_sheets(state, &m.club).await?;
            Ok(rejected(views::setup::manage(
                &m.ctx,
                &views::setup::ManagePage {
                    club: &m.club,
                    board: &board,
                    sheets: &sheets,
                    failed: Some((SetupForm::Tie, &errors)),
                    base: state.public_base(req),
                },
            )))
        }
    }
}
