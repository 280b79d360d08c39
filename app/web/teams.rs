//! A team: its public page (players, results, games to come), its edit form, and
//! withdrawing, reinstating or deleting it.

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{ClubManager, ClubMember, ClubVisitor};
use super::events::{back_to_setup, check_visible, form_errors, id_param, load_board};
use super::respond::rejected;
use super::{AppError, AppState};
use crate::auth;
use crate::db::DbError;
use crate::i18n::Text;
use crate::scoring::Team;
use crate::scoring::board::Board;
use crate::scoring::edit::{self, Withdrawal};
use crate::spares::store as spares;
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
    let members = members_part(state, m, board.event.id, team.id).await?;
    Ok(views::season::team_edit(
        &m.ctx, &m.club, &board, &team, &shown, errors, members,
    ))
}

/// The club members linked to the team, and those who could be.
async fn members_part(
    state: &AppState,
    m: &ClubMember,
    event: i64,
    team: i64,
) -> Result<maud::Markup, AppError> {
    let org = m.club.id;
    let club_members = state
        .dbs
        .shared
        .read(move |conn| crate::clubs::members::list(conn, org).map_err(DbError::from))
        .await?;
    let scope = m.scope();
    let linked = state
        .sport_db(m.club.sport)?
        .read(move |conn| spares::team_members(conn, &scope, event).map_err(DbError::from))
        .await?;
    let name = |a: i64| {
        club_members
            .iter()
            .find(|c| c.account_id.0 == a)
            .map(|c| c.name.clone())
    };
    let on_team: Vec<(i64, String, crate::scoring::Position)> = linked
        .iter()
        .filter(|l| l.team == team)
        .map(|l| (l.account, name(l.account).unwrap_or_default(), l.position))
        .collect();
    let free: Vec<(i64, String)> = club_members
        .iter()
        .filter(|c| !linked.iter().any(|l| l.account == c.account_id.0))
        .map(|c| (c.account_id.0, c.name.clone()))
        .collect();
    Ok(views::spares::team_members(
        &m.ctx,
        &views::spares::TeamMembersPart {
            club: &m.club,
            event,
            team,
            linked: &on_team,
            free: &free,
        },
    ))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct TeamMemberForm {
    account: String,
    position: String,
}

/// Links a club member to the team (for spares and their calendar).
#[handler]
pub async fn add_member(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<TeamMemberForm>,
) -> Result<Response, AppError> {
    let (event, team) = (id_param(req, "event")?, id_param(req, "team")?);
    let lang = m.ctx.lang;
    let account: i64 = form.account.parse().unwrap_or(0);
    let org = m.club.id;
    let is_member = state
        .dbs
        .shared
        .read(move |conn| crate::clubs::members::list(conn, org).map_err(DbError::from))
        .await?
        .iter()
        .any(|c| c.account_id.0 == account);
    // The sport's own positions (an alternate spares as a lead).
    let allowed: &[crate::scoring::Position] = match m.club.sport {
        crate::sports::Sport::Curling => &crate::scoring::Position::CURLING,
        crate::sports::Sport::Pickleball => &[crate::scoring::Position::Player],
    };
    let position = allowed
        .iter()
        .copied()
        .find(|p| p.as_str() == form.position);
    let (Some(position), true) = (position, is_member) else {
        return Err(AppError::Invalid(lang.t(Text::FieldInvalidChoice).into()));
    };
    let (scope, now) = (m.scope(), auth::now());
    let member = spares::TeamMember {
        team,
        account,
        position,
    };
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| spares::add_team_member(conn, &scope, event, team, &member, now))
        .await;
    match outcome {
        Ok(()) => back_to_team(req, &m, event, team, lang.t(Text::TeamMemberAdded)).await,
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(rejected(edit_page(state, &m, req, None, &errors).await?))
        }
    }
}

#[handler]
pub async fn remove_member(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let (event, team) = (id_param(req, "event")?, id_param(req, "team")?);
    let account = id_param(req, "account")?;
    let scope = m.scope();
    let board = load_board(state, &m.club, event).await?;
    if board.team(team).is_none() {
        return Err(AppError::NotFound);
    }
    state
        .sport_db(m.club.sport)?
        .write(move |conn| spares::remove_team_member(conn, &scope, team, account))
        .await
        .map_err(|e| match e {
            crate::validation::ActionError::NotFound => AppError::NotFound,
            other => other.into(),
        })?;
    back_to_team(req, &m, event, team, m.ctx.lang.t(Text::TeamMemberRemoved)).await
}

async fn back_to_team(
    req: &Request,
    m: &ClubMember,
    event: i64,
    team: i64,
    notice: &str,
) -> Result<Response, AppError> {
    super::context::flash(
        &super::context::session(req)?,
        super::context::Flash::notice(notice),
    )
    .await?;
    Ok(super::respond::see_other(&format!(
        "{}#team-members",
        super::paths::team_part(m.ctx.lang, &m.club.slug, event, team, "edit")
    )))
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
