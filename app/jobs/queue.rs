//! The queue's rows: insert, claim, finish, retry, and what the dashboard reads and changes.
//! Synchronous functions on a `queue.db` connection; every change runs on the file's single
//! writer, which is what makes a claim exclusive without `SKIP LOCKED`.

use crate::db::Conn;
use std::collections::HashMap;

use diesel::prelude::*;
use rand::Rng;

use super::Job;
use crate::db::DbError;
use crate::db::schema::queue::{jobs, paused_queues, workers};

pub const DEFAULT_MAX_ATTEMPTS: i64 = 5;
/// Retries wait 2^attempt seconds (±50 %), at most an hour.
const MAX_BACKOFF_MS: i64 = 60 * 60 * 1000;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A job to enqueue, with its options.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub job: Job,
    pub queue: String,
    pub priority: i64,
    /// Unix milliseconds; `None` for now.
    pub run_at: Option<i64>,
    pub max_attempts: i64,
    pub concurrency: Option<(String, i64)>,
    pub unique_key: Option<String>,
}

impl NewJob {
    pub fn now(job: Job) -> Self {
        let concurrency = job.default_concurrency();
        Self {
            queue: job.default_queue().to_string(),
            job,
            priority: 0,
            run_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            concurrency,
            unique_key: None,
        }
    }

    pub fn at(mut self, run_at_ms: i64) -> Self {
        self.run_at = Some(run_at_ms);
        self
    }

    pub fn queue(mut self, queue: &str) -> Self {
        self.queue = queue.to_string();
        self
    }

    pub fn priority(mut self, priority: i64) -> Self {
        self.priority = priority;
        self
    }

    pub fn attempts(mut self, max: i64) -> Self {
        self.max_attempts = max.max(1);
        self
    }

    /// At most `limit` jobs with `key` run at the same time, across all workers.
    pub fn concurrency(mut self, key: &str, limit: i64) -> Self {
        self.concurrency = Some((key.to_string(), limit.max(1)));
        self
    }

    pub fn unique(mut self, key: &str) -> Self {
        self.unique_key = Some(key.to_string());
        self
    }
}

/// Inserts the job; `None` if its unique key is already taken.
pub fn insert(conn: &mut Conn, new: &NewJob, now: i64) -> Result<Option<i64>, DbError> {
    let args = new
        .job
        .args_json()
        .map_err(|e| DbError::Diesel(diesel::result::Error::SerializationError(Box::new(e))))?;
    Ok(insert_raw(conn, new.job.kind(), &args, new, now)?)
}

/// Inserts a job whose kind and arguments are already text (from an outbox row).
pub fn insert_raw(
    conn: &mut Conn,
    kind: &str,
    args: &str,
    new: &NewJob,
    now: i64,
) -> QueryResult<Option<i64>> {
    let (key, limit) = match &new.concurrency {
        Some((key, limit)) => (Some(key.as_str()), Some(*limit)),
        None => (None, None),
    };
    crate::per_backend!(conn => diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::args.eq(args),
            jobs::queue.eq(&new.queue),
            jobs::priority.eq(new.priority),
            jobs::run_at.eq(new.run_at.unwrap_or(now)),
            jobs::attempts.eq(0),
            jobs::max_attempts.eq(new.max_attempts),
            jobs::concurrency_key.eq(key),
            jobs::concurrency_limit.eq(limit),
            jobs::unique_key.eq(&new.unique_key),
            jobs::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .returning(jobs::id)
        .get_result::<i64>(conn)
        .optional())
    // On PostgreSQL a trigger wakes every node's idle workers when this commits.
}

/// A job row as workers and the dashboard see it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub args: String,
    pub queue: String,
    pub priority: i64,
    pub run_at: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub concurrency_key: Option<String>,
    pub concurrency_limit: Option<i64>,
    pub unique_key: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub dead_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
}

impl JobRow {
    pub fn state(&self, now: i64) -> JobState {
        if self.finished_at.is_some() {
            JobState::Finished
        } else if self.dead_at.is_some() {
            JobState::Dead
        } else if self.claimed_by.is_some() {
            JobState::Running
        } else if self.run_at > now {
            if self.attempts > 0 {
                JobState::Retrying
            } else {
                JobState::Scheduled
            }
        } else {
            JobState::Ready
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    Scheduled,
    Ready,
    Running,
    /// Failed at least once, waiting for its next attempt.
    Retrying,
    Dead,
    Finished,
}

impl JobState {
    pub const ALL: [JobState; 6] = [
        JobState::Scheduled,
        JobState::Ready,
        JobState::Running,
        JobState::Retrying,
        JobState::Dead,
        JobState::Finished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Scheduled => "scheduled",
            JobState::Ready => "ready",
            JobState::Running => "running",
            JobState::Retrying => "retrying",
            JobState::Dead => "dead",
            JobState::Finished => "finished",
        }
    }

    pub fn parse(s: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Claims up to `limit` ready jobs for `worker` from `queues` (all when empty), skipping paused
/// queues and jobs whose concurrency key is at its limit. Attempts are counted here, so a job
/// that kills its worker every time still ends dead.
pub fn claim(
    conn: &mut Conn,
    worker: &str,
    queues: &[String],
    limit: usize,
    now: i64,
) -> QueryResult<Vec<JobRow>> {
    let paused: Vec<String> = paused_queues::table
        .select(paused_queues::queue)
        .load(conn)?;
    // Only what the choice needs; whole rows come back from the UPDATE below.
    let mut candidates = jobs::table
        .filter(jobs::claimed_by.is_null())
        .filter(jobs::finished_at.is_null())
        .filter(jobs::dead_at.is_null())
        .filter(jobs::run_at.le(now))
        .filter(jobs::queue.ne_all(&paused))
        .order((jobs::priority.desc(), jobs::run_at, jobs::id))
        .limit((limit * 2) as i64)
        .select((jobs::id, jobs::concurrency_key, jobs::concurrency_limit))
        .into_boxed();
    if !queues.is_empty() {
        candidates = candidates.filter(jobs::queue.eq_any(queues));
    }
    let candidates: Vec<(i64, Option<String>, Option<i64>)> = candidates.load(conn)?;

    let mut running: HashMap<String, i64> = HashMap::new();
    let mut chosen = Vec::with_capacity(limit);
    for (id, key, key_limit) in candidates {
        if chosen.len() == limit {
            break;
        }
        if let (Some(key), Some(limit)) = (&key, key_limit) {
            let count = match running.get(key) {
                Some(n) => *n,
                None => jobs::table
                    .filter(jobs::concurrency_key.eq(key))
                    .filter(jobs::claimed_by.is_not_null())
                    .filter(jobs::finished_at.is_null())
                    .filter(jobs::dead_at.is_null())
                    .count()
                    .get_result(conn)?,
            };
            if count >= limit {
                running.insert(key.clone(), count);
                continue;
            }
            running.insert(key.clone(), count + 1);
        }
        chosen.push(id);
    }
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(jobs::table.filter(jobs::id.eq_any(&chosen)))
        .set((
            jobs::claimed_by.eq(worker),
            jobs::claimed_at.eq(now),
            jobs::attempts.eq(jobs::attempts + 1),
        ))
        .returning(crate::db::columns_of::<JobRow>())
        .get_results(conn)
}

/// Marks claimed jobs done; returns how many. Only their claimer may (a job requeued
/// meanwhile is not touched).
pub fn finish(conn: &mut Conn, ids: &[i64], worker: &str, now: i64) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .filter(jobs::id.eq_any(ids))
            .filter(jobs::claimed_by.eq(worker)),
    )
    .set((
        jobs::finished_at.eq(now),
        jobs::claimed_by.eq(None::<String>),
        jobs::last_error.eq(None::<String>),
    ))
    .execute(conn)
}

/// Records a failure: another attempt later (with back-off), or dead after the last one.
pub fn fail(conn: &mut Conn, id: i64, worker: &str, error: &str, now: i64) -> QueryResult<bool> {
    let Some((attempts, max)) = jobs::table
        .find(id)
        .filter(jobs::claimed_by.eq(worker))
        .select((jobs::attempts, jobs::max_attempts))
        .first::<(i64, i64)>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    let error: String = error.chars().take(4000).collect();
    let target = jobs::table.find(id);
    if attempts >= max {
        diesel::update(target)
            .set((
                jobs::dead_at.eq(now),
                jobs::claimed_by.eq(None::<String>),
                jobs::last_error.eq(error),
            ))
            .execute(conn)?;
    } else {
        diesel::update(target)
            .set((
                jobs::run_at.eq(now + backoff_ms(attempts)),
                jobs::claimed_by.eq(None::<String>),
                jobs::last_error.eq(error),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// 2^attempts seconds, ±50 % jitter so retries of a burst spread out, capped at an hour.
pub fn backoff_ms(attempts: i64) -> i64 {
    let base = 1000_i64
        .saturating_mul(1 << attempts.clamp(0, 20))
        .min(MAX_BACKOFF_MS);
    let jitter = rand::rng().random_range(0.5..1.5);
    (base as f64 * jitter) as i64
}

/// Registers or refreshes a worker's heartbeat.
pub fn heartbeat(
    conn: &mut Conn,
    worker: &str,
    pid: i64,
    host: &str,
    queues: &str,
    now: i64,
) -> QueryResult<()> {
    crate::per_backend!(conn => diesel::insert_into(workers::table)
        .values((
            workers::id.eq(worker),
            workers::pid.eq(pid),
            workers::host.eq(host),
            workers::queues.eq(queues),
            workers::started_at.eq(now),
            workers::heartbeat_at.eq(now),
        ))
        .on_conflict(workers::id)
        .do_update()
        .set(workers::heartbeat_at.eq(now))
        .execute(conn))?;
    Ok(())
}

/// A worker leaving cleanly: its unfinished jobs go back to the queue at once.
pub fn deregister(conn: &mut Conn, worker: &str, now: i64) -> QueryResult<()> {
    release_jobs_of(conn, &[worker.to_string()], now)?;
    diesel::delete(workers::table.find(worker)).execute(conn)?;
    Ok(())
}

/// Puts back the jobs of workers whose heartbeat is older than `lease_ms`; returns how many.
pub fn requeue_stale(conn: &mut Conn, lease_ms: i64, now: i64) -> QueryResult<usize> {
    let stale: Vec<String> = workers::table
        .filter(workers::heartbeat_at.lt(now - lease_ms))
        .select(workers::id)
        .load(conn)?;
    // Also jobs claimed by a worker with no row at all (removed, or never registered).
    let known: Vec<String> = workers::table.select(workers::id).load(conn)?;
    let orphans: Vec<String> = jobs::table
        .filter(jobs::claimed_by.is_not_null())
        .filter(jobs::finished_at.is_null())
        .filter(jobs::dead_at.is_null())
        .filter(jobs::claimed_by.ne_all(&known))
        .filter(jobs::claimed_at.lt(now - lease_ms))
        .select(jobs::claimed_by.assume_not_null())
        .distinct()
        .load(conn)?;
    let gone: Vec<String> = stale.into_iter().chain(orphans).collect();
    if gone.is_empty() {
        return Ok(0);
    }
    let n = release_jobs_of(conn, &gone, now)?;
    diesel::delete(workers::table.filter(workers::id.eq_any(&gone))).execute(conn)?;
    Ok(n)
}

/// Unfinished jobs of `claimers` become ready again (or dead, if that was their last attempt).
fn release_jobs_of(conn: &mut Conn, claimers: &[String], now: i64) -> QueryResult<usize> {
    let running = || {
        jobs::table
            .filter(jobs::claimed_by.eq_any(claimers))
            .filter(jobs::finished_at.is_null())
            .filter(jobs::dead_at.is_null())
    };
    let dead = diesel::update(running().filter(jobs::attempts.ge(jobs::max_attempts)))
        .set((
            jobs::dead_at.eq(now),
            jobs::claimed_by.eq(None::<String>),
            jobs::last_error.eq("the worker running it stopped (last attempt)"),
        ))
        .execute(conn)?;
    let again = diesel::update(running())
        .set((
            jobs::claimed_by.eq(None::<String>),
            jobs::run_at.eq(now),
            jobs::last_error.eq("the worker running it stopped; running it again"),
        ))
        .execute(conn)?;
    Ok(dead + again)
}

/// Deletes finished jobs that finished before `before`.
pub fn delete_finished(conn: &mut Conn, before: i64) -> QueryResult<usize> {
    diesel::delete(jobs::table.filter(jobs::finished_at.lt(before))).execute(conn)
}

pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<JobRow>> {
    jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}
