//! The operator's backups page, and "verify now".

use poem::web::Data;
use poem::{Request, Response, handler};

use super::context::{self, Operator, session};
use super::respond::see_other;
use super::{AppError, AppState, Flash, paths};
use crate::backup::status;
use crate::i18n::Text;
use crate::jobs::queue::now_ms;
use crate::jobs::{Job, NewJob};
use crate::views;

#[handler]
pub async fn page(
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let overview = status::overview(
        &state.config.backup,
        &state.dbs,
        &state.config.db_dir,
        state.replication.get(),
    )
    .await?;
    let deleted = state
        .dbs
        .shared
        .read(|conn| crate::clubs::deletion::newest(conn, 50).map_err(crate::db::DbError::from))
        .await?;
    Ok(views::backups::page(&ctx, &overview, &deleted, now_ms()))
}

/// Queues a verification now (they run one at a time).
#[handler]
pub async fn verify_now(
    req: &Request,
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    if !state.config.backup.mode.replicates() {
        return Err(AppError::NotFound);
    }
    state
        .jobs
        .enqueue_new(NewJob::now(Job::VerifyBackups).attempts(1))
        .await?;
    context::flash(
        &session(req)?,
        Flash {
            alert: false,
            text: ctx.lang.t(Text::BackupsVerifyQueued).to_string(),
            link: None,
        },
    )
    .await?;
    Ok(see_other(&paths::operator_backups(ctx.lang)))
}
