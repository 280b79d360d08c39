//! What the operator's jobs dashboard reads and changes: counts by state, queues, workers,
//! recurring tasks, and retry / discard / run-now / pause. Synchronous, on `queue.db`.

use crate::db::Conn;
use crate::db::MultiBackend as Sqlite;
use diesel::prelude::*;

use super::queue::{JobRow, JobState};
use super::recurring::{self, Recurring};
use crate::db::schema::queue::{emails, jobs, paused_queues, recurring_tasks, workers};

/// Which jobs a list or a bulk action is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub queue: Option<String>,
    pub kind: Option<String>,
}

type Boxed<'a> = jobs::BoxedQuery<'a, Sqlite>;

fn in_state(state: JobState, now: i64) -> Boxed<'static> {
    let open = jobs::table
        .filter(jobs::finished_at.is_null())
        .filter(jobs::dead_at.is_null())
        .into_boxed();
    match state {
        JobState::Finished => jobs::table
            .filter(jobs::finished_at.is_not_null())
            .into_boxed(),
        JobState::Dead => jobs::table.filter(jobs::dead_at.is_not_null()).into_boxed(),
        JobState::Running => open.filter(jobs::claimed_by.is_not_null()),
        JobState::Ready => open
            .filter(jobs::claimed_by.is_null())
            .filter(jobs::run_at.le(now)),
        JobState::Scheduled => open
            .filter(jobs::claimed_by.is_null())
            .filter(jobs::run_at.gt(now))
            .filter(jobs::attempts.eq(0)),
        JobState::Retrying => open
            .filter(jobs::claimed_by.is_null())
            .filter(jobs::run_at.gt(now))
            .filter(jobs::attempts.gt(0)),
    }
}

fn filtered(state: JobState, filter: &Filter, now: i64) -> Boxed<'static> {
    let mut query = in_state(state, now);
    if let Some(queue) = &filter.queue {
        query = query.filter(jobs::queue.eq(queue.clone()));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(jobs::kind.eq(kind.clone()));
    }
    query
}

pub fn counts(conn: &mut Conn, filter: &Filter, now: i64) -> QueryResult<Vec<(JobState, i64)>> {
    JobState::ALL
        .into_iter()
        .map(|state| {
            Ok((
                state,
                filtered(state, filter, now).count().get_result(conn)?,
            ))
        })
        .collect()
}

pub fn list(
    conn: &mut Conn,
    state: JobState,
    filter: &Filter,
    now: i64,
    limit: i64,
) -> QueryResult<Vec<JobRow>> {
    let query = filtered(state, filter, now)
        .select(JobRow::as_select())
        .limit(limit);
    match state {
        JobState::Finished => query.order(jobs::finished_at.desc()).load(conn),
        JobState::Dead => query.order(jobs::dead_at.desc()).load(conn),
        _ => query.order((jobs::run_at, jobs::id)).load(conn),
    }
}

/// One queue's line on the dashboard.
#[derive(Debug, Clone)]
pub struct QueueSummary {
    pub name: String,
    pub ready: i64,
    pub running: i64,
    pub paused: bool,
}

pub fn queues(conn: &mut Conn, now: i64) -> QueryResult<Vec<QueueSummary>> {
    let mut names: Vec<String> = jobs::table
        .filter(jobs::finished_at.is_null())
        .filter(jobs::dead_at.is_null())
        .select(jobs::queue)
        .distinct()
        .load(conn)?;
    let paused: Vec<String> = paused_queues::table
        .select(paused_queues::queue)
        .load(conn)?;
    for name in &paused {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let filter = Filter {
                queue: Some(name.clone()),
                kind: None,
            };
            Ok(QueueSummary {
                ready: filtered(JobState::Ready, &filter, now)
                    .count()
                    .get_result(conn)?,
                running: filtered(JobState::Running, &filter, now)
                    .count()
                    .get_result(conn)?,
                paused: paused.contains(&name),
                name,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Queryable)]
pub struct WorkerRow {
    pub id: String,
    pub pid: i64,
    pub host: String,
    pub queues: String,
    pub started_at: i64,
    pub heartbeat_at: i64,
}

pub fn workers(conn: &mut Conn) -> QueryResult<Vec<WorkerRow>> {
    workers::table
        .order(workers::started_at)
        .select((
            workers::id,
            workers::pid,
            workers::host,
            workers::queues,
            workers::started_at,
            workers::heartbeat_at,
        ))
        .load(conn)
}

/// A recurring task with its last enqueued slot and its next time.
#[derive(Debug, Clone)]
pub struct RecurringRow {
    pub name: &'static str,
    pub cron: &'static str,
    pub last_slot: Option<i64>,
    pub next: Option<i64>,
}

pub fn recurring(
    conn: &mut Conn,
    schedule: &[Recurring],
    now: i64,
) -> QueryResult<Vec<RecurringRow>> {
    schedule
        .iter()
        .map(|task| {
            let last_slot = recurring_tasks::table
                .find(task.name)
                .select(recurring_tasks::last_slot)
                .first(conn)
                .optional()?;
            Ok(RecurringRow {
                name: task.name,
                cron: task.cron,
                last_slot,
                next: recurring::next_slot(task.cron, now),
            })
        })
        .collect()
}

/// Dead or waiting jobs run again now, with their attempts counted afresh.
pub fn retry(conn: &mut Conn, ids: &[i64], now: i64) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .filter(jobs::id.eq_any(ids))
            .filter(jobs::claimed_by.is_null())
            .filter(jobs::finished_at.is_null()),
    )
    .set((
        jobs::dead_at.eq(None::<i64>),
        jobs::run_at.eq(now),
        jobs::attempts.eq(0),
    ))
    .execute(conn)
}

/// Deletes jobs that are not running.
pub fn discard(conn: &mut Conn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(
        jobs::table
            .filter(jobs::id.eq_any(ids))
            .filter(jobs::claimed_by.is_null()),
    )
    .execute(conn)
}

/// A scheduled or waiting job becomes ready now.
pub fn run_now(conn: &mut Conn, id: i64, now: i64) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::claimed_by.is_null())
            .filter(jobs::finished_at.is_null())
            .filter(jobs::dead_at.is_null()),
    )
    .set(jobs::run_at.eq(now))
    .execute(conn)
}

/// The ids of every job in `state` matching `filter` (for the bulk actions).
pub fn ids(conn: &mut Conn, state: JobState, filter: &Filter, now: i64) -> QueryResult<Vec<i64>> {
    filtered(state, filter, now).select(jobs::id).load(conn)
}

pub fn set_paused(conn: &mut Conn, queue: &str, paused: bool, now: i64) -> QueryResult<()> {
    if paused {
        crate::per_backend!(conn => diesel::insert_into(paused_queues::table)
            .values((
                paused_queues::queue.eq(queue),
                paused_queues::paused_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(conn))?;
    } else {
        diesel::delete(paused_queues::table.find(queue)).execute(conn)?;
    }
    Ok(())
}

/// One email of the delivery log / mailbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = emails)]
pub struct EmailRow {
    pub id: i64,
    pub job_id: i64,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: String,
    pub created_at: i64,
}

pub fn emails(conn: &mut Conn, limit: i64) -> QueryResult<Vec<EmailRow>> {
    emails::table
        .order(emails::id.desc())
        .limit(limit)
        .select(EmailRow::as_select())
        .load(conn)
}

pub fn email(conn: &mut Conn, id: i64) -> QueryResult<Option<EmailRow>> {
    emails::table
        .find(id)
        .select(EmailRow::as_select())
        .first(conn)
        .optional()
}
