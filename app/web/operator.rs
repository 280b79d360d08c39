//! The operator's pages: the jobs dashboard and the mailbox. Only for operators (404 for
//! everyone else).

use poem::web::{Data, Form, Path, Query};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{self, Operator, session};
use super::respond::see_other;
use super::{AppError, AppState, Flash, paths};
use crate::db::DbError;
use crate::i18n::Text;
use crate::jobs::dashboard::{self, Filter};
use crate::jobs::queue::{self, JobState, now_ms};
use crate::jobs::recurring;
use crate::views;

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct JobsQuery {
    pub state: String,
    pub queue: String,
    pub kind: String,
}

impl JobsQuery {
    pub fn state(&self) -> JobState {
        JobState::parse(&self.state).unwrap_or(JobState::Ready)
    }

    pub fn filter(&self) -> Filter {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Filter {
            queue: some(&self.queue),
            kind: some(&self.kind),
        }
    }
}

#[handler]
pub async fn jobs(
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
    Query(query): Query<JobsQuery>,
) -> Result<maud::Markup, AppError> {
    let (tab, filter, now) = (query.state(), query.filter(), now_ms());
    let live = state.hub.stats();
    let board = state
        .dbs
        .queue
        .read(move |conn| -> Result<_, DbError> {
            Ok(views::operator::Board {
                counts: dashboard::counts(conn, &filter, now)?,
                jobs: dashboard::list(conn, tab, &filter, now, 100)?,
                queues: dashboard::queues(conn, now)?,
                workers: dashboard::workers(conn)?,
                recurring: dashboard::recurring(conn, recurring::SCHEDULE, now)?,
                live,
                now,
            })
        })
        .await?;
    Ok(views::operator::jobs(&ctx, &query, &board))
}

#[handler]
pub async fn job(
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
    Path(id): Path<i64>,
) -> Result<maud::Markup, AppError> {
    let row = state
        .dbs
        .queue
        .read(move |conn| queue::find(conn, id).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(views::operator::job(&ctx, &row, now_ms()))
}

async fn done(
    req: &Request,
    ctx: &super::PageContext,
    changed: usize,
    back: String,
) -> Result<Response, AppError> {
    let text = ctx
        .lang
        .format(Text::OperatorChanged, &[("n", &changed.to_string())]);
    context::flash(
        &session(req)?,
        Flash {
            alert: changed == 0,
            text,
            link: None,
        },
    )
    .await?;
    Ok(see_other(&back))
}

#[handler]
pub async fn job_action(
    req: &Request,
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
    Path((id, action)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let now = now_ms();
    let changed = state
        .dbs
        .queue
        .write(move |conn| -> Result<usize, DbError> {
            Ok(match action.as_str() {
                "retry" => dashboard::retry(conn, &[id], now)?,
                "discard" => dashboard::discard(conn, &[id])?,
                "run-now" => dashboard::run_now(conn, id, now)?,
                _ => return Err(DbError::Diesel(diesel::result::Error::NotFound)),
            })
        })
        .await?;
    state.jobs.wake_workers();
    done(req, &ctx, changed, paths::operator_jobs(ctx.lang)).await
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct BulkForm {
    pub action: String,
    pub state: String,
    pub queue: String,
    pub kind: String,
}

#[handler]
pub async fn bulk(
    req: &Request,
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
    Form(form): Form<BulkForm>,
) -> Result<Response, AppError> {
    let query = JobsQuery {
        state: form.state.clone(),
        queue: form.queue.clone(),
        kind: form.kind.clone(),
    };
    let (tab, filter, now) = (query.state(), query.filter(), now_ms());
    let action = form.action.clone();
    if !matches!(action.as_str(), "retry" | "discard")
        || matches!(tab, JobState::Running | JobState::Finished)
    {
        return Err(AppError::Refused(Text::FieldInvalidChoice));
    }
    let changed = state
        .dbs
        .queue
        .write(move |conn| -> Result<usize, DbError> {
            let ids = dashboard::ids(conn, tab, &filter, now)?;
            Ok(if action == "retry" {
                dashboard::retry(conn, &ids, now)?
            } else {
                dashboard::discard(conn, &ids)?
            })
        })
        .await?;
    state.jobs.wake_workers();
    let back = format!("{}?state={}", paths::operator_jobs(ctx.lang), tab.as_str());
    done(req, &ctx, changed, back).await
}

#[handler]
pub async fn queue_action(
    req: &Request,
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
    Path((queue, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let paused = match action.as_str() {
        "pause" => true,
        "resume" => false,
        _ => return Err(AppError::NotFound),
    };
    let now = now_ms();
    state
        .dbs
        .queue
        .write(move |conn| dashboard::set_paused(conn, &queue, paused, now).map_err(DbError::from))
        .await?;
    state.jobs.wake_workers();
    done(req, &ctx, 1, paths::operator_jobs(ctx.lang)).await
}

async fn find_email(state: &AppState, id: i64) -> Result<dashboard::EmailRow, AppError> {
    state
        .dbs
        .queue
        .read(move |conn| dashboard::email(conn, id).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)
}

#[handler]
pub async fn mailbox(
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let emails = state
        .dbs
        .queue
        .read(|conn| dashboard::emails(conn, 200).map_err(DbError::from))
        .await?;
    Ok(views::operator::mailbox(&ctx, &emails))
}

#[handler]
pub async fn message(
    Operator { ctx, .. }: Operator,
    Data(state): Data<&AppState>,
    Path(id): Path<i64>,
) -> Result<maud::Markup, AppError> {
    let found = find_email(state, id).await?;
    Ok(views::operator::email(&ctx, &found))
}

/// The HTML part as the recipient's mail program would show it, sandboxed: no scripts, no
/// same-origin access.
#[handler]
pub async fn message_html(
    _operator: Operator,
    Data(state): Data<&AppState>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let found = find_email(state, id).await?;
    Ok(found
        .html_body
        .with_content_type("text/html; charset=utf-8")
        .with_header(
            "content-security-policy",
            "sandbox; default-src 'none'; style-src 'unsafe-inline'",
        )
        .into_response())
}
