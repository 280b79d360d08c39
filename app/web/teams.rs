//! A team: its public page (players, results, games to come), its edit form, and
//! withdrawing, reinstating or deleting it.

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{ClubManager, ClubMember, ClubVisitor};
use super::events::{back_to_setup, check_visible, form_errors, id_param, load_board};
use super::respond::rejected;
use super::{AppError, AppState};
use crate::auth;
use crate::i18n::Text;
use crate::scoring::Team;
use crate::scoring::board::Board;
use crate::scoring::edit::{self, Withdrawal};
use crate::validation::FieldErrors;
use crate::views;
use crate::views::setup::TeamForm;

fn team_of(board: &Board, req: &Request) -> Result<Team, AppError> {
    let id = id_param(req, "team")?;
    board.team(id).cloned().ok_or(AppError::NotFound)
}

#[handler]
pub async fn show(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let board = load_board(state, &visitor.club, id_param(req, "event")?).await?;
    check_visible(&visitor, &board.event)?;
    let team = team_of(&board, req)?;
    Ok(views::season::team_page(
        &visitor.ctx,
        &visitor.club,
        &board,
        &team,
        visitor.can_manage(),
    ))
}

async fn edit_page(
    state: &AppState,
    m: &ClubMember,
    req: &Request,
    form: Option<&TeamForm>,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let board = load_board(state, &m.club, id_param(req, "event")?).await?;
    let team = team_of(&board, req)?;
    let shown = form.cloned().unwrap_or_else(|| TeamForm::of(&team));
    Ok(views::season::team_edit(
        &m.ctx, &m.club, &board, &team, &shown, errors,
    ))
}

#[handler]
pub async fn edit_form(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    edit_page(state, &m, req, None, &FieldErrors::new()).await
}

#[handler]
pub async fn update(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<TeamForm>,
) -> Result<Response, AppError> {
    let (event, team) = (id_param(req, "event")?, id_param(req, "team")?);
    let (name, roster, scope) = (form.name.clone(), form.roster(m.club.sport), m.scope());
    let pool = form.pool.clone();
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| edit::update_team(conn, &scope, event, team, &name, &roster, &pool))
        .await;
    match outcome {
        Ok(()) => {
            let saved = m.ctx.lang.t(Text::Saved).to_string();
            back_to_setup(req, state, &m, event, Some(saved)).await
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(
                edit_page(state, &m, req, Some(&form), &errors).await?,
            ))
        }
    }
}

/// What becomes of a withdrawing team's games: `byes` or `remove`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct WithdrawForm {
    games: String,
}

/// `withdraw`, `reinstate`, `delete`.
#[handler]
pub async fn act(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, AppError> {
    let (event, team) = (id_param(req, "event")?, id_param(req, "team")?);
    let (scope, now, lang) = (m.scope(), auth::now(), m.ctx.lang);
    let db = state.sport_db(m.club.sport)?;
    let outcome = match req.raw_path_param("action") {
        Some("withdraw") => {
            let how = match form.games.as_str() {
                "byes" => Withdrawal::Byes,
                "remove" => Withdrawal::Remove,
                _ => return Err(AppError::Invalid(lang.t(Text::FieldInvalidChoice).into())),
            };
            db.write(move |conn| edit::withdraw_team(conn, &scope, event, team, how, now))
                .await
                .map(|games| {
                    let text = match how {
                        Withdrawal::Byes => Text::TeamWithdrawnByes,
                        Withdrawal::Remove => Text::TeamWithdrawnRemoved,
                    };
                    lang.format(text, &[("games", &games.to_string())])
                })
        }
        Some("reinstate") => db
            .write(move |conn| edit::reinstate_team(conn, &scope, event, team))
            .await
            .map(|()| lang.t(Text::TeamReinstated).to_string()),
        Some("delete") => db
            .write(move |conn| edit::delete_team(conn, &scope, event, team))
            .await
            .map(|()| lang.t(Text::TeamDeleted).to_string()),
        _ => return Err(AppError::NotFound),
    };
    match outcome {
        Ok(notice) => back_to_setup(req, state, &m, event, Some(notice)).await,
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(edit_page(state, &m, req, None, &errors).await?))
        }
    }
}
