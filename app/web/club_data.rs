//! A club's data: exports (owners and admins) and deletion (owners), both run as jobs.

use poem::web::{Data, Form};
use poem::{Body, Request, Response, handler};

use super::context::{self, ClubManager, Flash, SignedIn, session};
use super::events::id_param;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::auth::{self, accounts};
use crate::clubs::deletion::{self, Deleter};
use crate::clubs::{Role, export};
use crate::db::DbError;
use crate::i18n::Text;
use crate::live::Topic;
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::exports::ExportsPage;

#[handler]
pub async fn exports(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let after = state.hub.head();
    let org = m.club.id;
    let list = state
        .dbs
        .shared
        .read(move |conn| export::of_club(conn, org).map_err(DbError::from))
        .await?;
    let topic = Topic::Exports {
        org,
        lang: m.ctx.lang,
    };
    Ok(views::exports::exports(
        &m.ctx,
        &ExportsPage {
            club: &m.club,
            exports: &list,
            live_url: paths::live(&[topic.to_string()], after),
            may_delete: m.role == Role::Owner,
        },
    ))
}

#[handler]
pub async fn start_export(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let (org, account, now) = (m.club.id, m.account, auth::now());
    state
        .dbs
        .shared
        .write(move |conn| export::request(conn, org, account, now))
        .await?;
    state.jobs.wake_workers();
    let text = m.ctx.lang.t(Text::ClubExportStarted).to_string();
    context::flash(&session(req)?, Flash::notice(text)).await?;
    Ok(see_other(&paths::club_exports(m.ctx.lang, &m.club.slug)))
}

/// The finished file, as a download.
#[handler]
pub async fn export_file(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let (org, id) = (m.club.id, id_param(req, "id")?);
    let found = state
        .dbs
        .shared
        .read(move |conn| export::find(conn, org, id).map_err(DbError::from))
        .await?;
    let Some(file_name) = found.filter(|e| e.is_done()).and_then(|e| e.file_name) else {
        return Err(AppError::NotFound);
    };
    // With several nodes (PostgreSQL) the file is in the database; on one machine, on disk.
    let body = if state.dbs.shared.is_postgres() {
        let stored = state
            .dbs
            .shared
            .read(move |conn| export::stored_file(conn, id).map_err(DbError::from))
            .await?;
        Body::from(stored.ok_or(AppError::NotFound)?)
    } else {
        let path = export::file_path(&state.config.db_dir, &file_name);
        let file = tokio::fs::File::open(&path).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                AppError::NotFound
            } else {
                AppError::internal(format!("opening {}: {e}", path.display()))
            }
        })?;
        Body::from_async_read(file)
    };
    let day = chrono::Utc::now().format("%Y-%m-%d");
    Ok(Response::builder()
        .content_type("application/vnd.sqlite3")
        .header(
            "content-disposition",
            format!("attachment; filename=\"{}-{day}.sqlite\"", m.club.slug),
        )
        .header("cache-control", "no-store")
        .body(body))
}

/// Owners only: other members are refused, non-members see nothing.
fn owner(m: &context::ClubMember) -> Result<(), AppError> {
    if m.role == Role::Owner {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[handler]
pub async fn delete_page(ClubManager(m): ClubManager) -> Result<maud::Markup, AppError> {
    owner(&m)?;
    Ok(views::exports::delete(&m.ctx, &m.club, &FieldErrors::new()))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    pub confirm: String,
}

#[handler]
pub async fn delete(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, AppError> {
    owner(&m)?;
    let (club, account, now) = (m.club.clone(), m.account, auth::now());
    let outcome = state
        .dbs
        .shared
        .write(move |conn| -> Result<_, ActionError> {
            let email = accounts::find(conn, account)?
                .ok_or(ActionError::NotFound)?
                .email;
            let by = Deleter {
                account: account.0,
                email: &email,
            };
            deletion::request(conn, &club, &by, &form.confirm, now)
        })
        .await;
    match outcome {
        Ok(tombstone) => {
            state.jobs.wake_workers();
            Ok(see_other(&paths::club_deletion(m.ctx.lang, tombstone.id)))
        }
        Err(ActionError::Invalid(errors)) => {
            Ok(rejected(views::exports::delete(&m.ctx, &m.club, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The deletion's progress, for the person who asked and for operators.
#[handler]
pub async fn deletion_progress(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let id = id_param(req, "id")?;
    let found = state
        .dbs
        .shared
        .read(move |conn| deletion::find(conn, id).map_err(DbError::from))
        .await?;
    let operator = ctx.viewer.as_ref().is_some_and(|v| v.operator);
    match found {
        Some(d) if d.deleted_by == account.0 || operator => Ok(views::exports::deletion(&ctx, &d)),
        _ => Err(AppError::NotFound),
    }
}
