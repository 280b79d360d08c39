//! Correcting a game that has not been played: moving it (another draw or sheet), changing
//! its teams or first hammer, cancelling, forfeiting, restoring or deleting it.

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{ClubManager, ClubMember};
use super::events::{changed, club_sheets, form_errors, form_id, id_param, load_board};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::auth;
use crate::db::DbError;
use crate::scoring::board;
use crate::scoring::edit::{self, Call, Placement};
use crate::sports::Side;
use crate::validation::FieldErrors;
use crate::views;
use crate::views::season::GameEditPage;
use crate::views::setup::GameForm;

/// The game's own open pages follow (its state, its line score).
async fn publish_game(state: &AppState, m: &ClubMember, game: i64) {
    let Ok(db) = state.sport_db(m.club.sport) else {
        return;
    };
    let published =
        crate::live::scoreboards::publish_game(&state.hub, &state.cache, db, &m.club, game);
    if let Err(e) = published.await {
        tracing::warn!(error = %e, game, "live update not published");
    }
}

/// The event a game of the club belongs to, or 404.
async fn event_of(state: &AppState, m: &ClubMember, game: i64) -> Result<i64, AppError> {
    let scope = m.scope();
    state
        .sport_db(m.club.sport)?
        .read(move |conn| board::event_of_game(conn, &scope, game).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)
}

async fn edit_page(
    state: &AppState,
    m: &ClubMember,
    game: i64,
    form: Option<&GameForm>,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let board = load_board(state, &m.club, event_of(state, m, game).await?).await?;
    let found = board.game(game).cloned().ok_or(AppError::NotFound)?;
    let sheets = club_sheets(state, &m.club).await?;
    let shown = form.cloned().unwrap_or_else(|| GameForm {
        draw: found.draw_id.to_string(),
        sheet: found.sheet_id.map(|s| s.to_string()).unwrap_or_default(),
        team1: found.teams[0].to_string(),
        team2: found.teams[1].to_string(),
        first: found.first_side.number().to_string(),
    });
    Ok(views::season::game_edit(
        &m.ctx,
        &GameEditPage {
            club: &m.club,
            board: &board,
            game: &found,
            sheets: &sheets,
            form: &shown,
            errors,
        },
    ))
}

#[handler]
pub async fn edit_form(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    edit_page(state, &m, id_param(req, "game")?, None, &FieldErrors::new()).await
}

#[handler]
pub async fn update(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<GameForm>,
) -> Result<Response, AppError> {
    let game = id_param(req, "game")?;
    let event = event_of(state, &m, game).await?;
    let Some(first_side) = Side::from_number(form_id(&form.first)) else {
        let errors = FieldErrors::one("first", crate::i18n::Text::FieldInvalidChoice);
        return Ok(rejected(
            edit_page(state, &m, game, Some(&form), &errors).await?,
        ));
    };
    let placement = Placement {
        draw: form_id(&form.draw),
        sheet: Some(form_id(&form.sheet)).filter(|_| !form.sheet.trim().is_empty()),
        teams: [form_id(&form.team1), form_id(&form.team2)],
        first_side,
    };
    let (scope, now) = (m.scope(), auth::now());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| edit::update_game(conn, &scope, game, &placement, now))
        .await;
    match outcome {
        Ok(()) => {
            changed(state, &m.club, event).await?;
            publish_game(state, &m, game).await;
            Ok(see_other(&format!(
                "{}#draw-{}",
                paths::event_part(m.ctx.lang, &m.club.slug, event, "manage"),
                placement.draw
            )))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(
                edit_page(state, &m, game, Some(&form), &errors).await?,
            ))
        }
    }
}

/// `cancel`, `restore`, `forfeit-1`, `forfeit-2`, `unforfeit`, `delete`.
#[handler]
pub async fn call(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let game = id_param(req, "game")?;
    let event = event_of(state, &m, game).await?;
    let action = req.raw_path_param("action").unwrap_or_default();
    let call = match action {
        "cancel" => Some(Call::Cancel),
        "restore" => Some(Call::Restore),
        "forfeit-1" => Some(Call::Forfeit(Side::One)),
        "forfeit-2" => Some(Call::Forfeit(Side::Two)),
        "unforfeit" => Some(Call::Unforfeit),
        "delete" => None,
        _ => return Err(AppError::NotFound),
    };
    let (scope, now) = (m.scope(), auth::now());
    let db = state.sport_db(m.club.sport)?;
    let outcome = match call {
        Some(call) => {
            db.write(move |conn| edit::call_game(conn, &scope, game, call, now))
                .await
        }
        None => {
            db.write(move |conn| edit::delete_game(conn, &scope, game).map(drop))
                .await
        }
    };
    match outcome {
        Ok(()) => {
            changed(state, &m.club, event).await?;
            if call.is_some() {
                publish_game(state, &m, game).await;
            }
            let next = match call {
                None => paths::event_part(m.ctx.lang, &m.club.slug, event, "manage"),
                Some(_) => paths::game_part(m.ctx.lang, &m.club.slug, game, "edit"),
            };
            Ok(see_other(&next))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(edit_page(state, &m, game, None, &errors).await?))
        }
    }
}
