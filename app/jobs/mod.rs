//! Durable background jobs in `queue.db`: the kinds of job, enqueueing, the worker pool,
//! recurring jobs, and the outbox relay.
//!
//! Every kind of job is a variant of [`Job`], so a kind that is not handled does not compile.
//! Delivery is at least once: a job whose worker dies runs again, so every job is idempotent.

pub mod dashboard;
pub mod queue;
pub mod recurring;
pub mod relay;
mod run;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::db::{Databases, DbError};
pub use queue::{JobRow, NewJob};

/// Every kind of background work, with its arguments. Stored as `kind` + JSON `args`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "args", rename_all = "snake_case")]
pub enum Job {
    /// Renders and delivers one email (or records it as suppressed).
    SendEmail(crate::mail::Email),
    /// Deletes finished jobs older than the retention period.
    CleanupJobs,
    /// Deletes expired sessions and used or expired password-reset links.
    CleanupSessions,
    /// Deletes live-update log rows older than a day (browsers reconnect within seconds).
    TrimLiveEvents,
    /// Proves that every replicated file restores from the Litestream replica.
    VerifyBackups,
    /// Writes a club's data to a standalone SQLite file (`clubs::export`).
    ExportClub { export: i64 },
    /// Removes a deleted club's rows from every file (`clubs::deletion`).
    DeleteClub { deletion: i64 },
    /// Removes club exports (rows and files) finished more than a week ago.
    CleanupExports,
    /// Sends a spare request's notifications that are due, then queues the next round.
    SpareNotices {
        sport: String,
        org: i64,
        request: i64,
        base: String,
    },
    /// The emails that follow a spare being found, withdrawing, or a request cancelled.
    SpareNews {
        sport: String,
        org: i64,
        request: i64,
        /// The request's version the change made (the emails' key).
        version: i64,
        news: crate::spares::store::News,
        base: String,
    },
    /// Marks spare requests whose game has started as expired.
    ExpireSpares,
    /// Passes freed court slots whose offer ran out to the next on their waitlist.
    LapseCourtOffers,
    /// One attempt to deliver a webhook message to one endpoint (`webhooks::delivery`).
    DeliverWebhook {
        org: i64,
        endpoint: i64,
        message: i64,
        /// 1 for the first; a failed scheduled attempt queues the next.
        attempt: i64,
        /// Asked for on the endpoint's page: logged as such, never retried.
        manual: bool,
    },
    /// Does nothing (for benchmarks and drills); sleeps `sleep_ms` first.
    Noop { sleep_ms: u64 },
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::SendEmail(_) => "send_email",
            Job::CleanupJobs => "cleanup_jobs",
            Job::CleanupSessions => "cleanup_sessions",
            Job::TrimLiveEvents => "trim_live_events",
            Job::VerifyBackups => "verify_backups",
            Job::ExportClub { .. } => "export_club",
            Job::DeleteClub { .. } => "delete_club",
            Job::CleanupExports => "cleanup_exports",
            Job::SpareNotices { .. } => "spare_notices",
            Job::SpareNews { .. } => "spare_news",
            Job::ExpireSpares => "expire_spares",
            Job::LapseCourtOffers => "lapse_court_offers",
            Job::DeliverWebhook { .. } => "deliver_webhook",
            Job::Noop { .. } => "noop",
        }
    }

    /// The queue a kind runs on unless told otherwise.
    pub fn default_queue(&self) -> &'static str {
        match self {
            Job::SendEmail(_) | Job::SpareNotices { .. } | Job::SpareNews { .. } => "mail",
            Job::CleanupJobs
            | Job::CleanupSessions
            | Job::TrimLiveEvents
            | Job::VerifyBackups
            | Job::CleanupExports
            | Job::ExpireSpares
            | Job::LapseCourtOffers => "maintenance",
            Job::DeliverWebhook { .. } => "webhooks",
            Job::ExportClub { .. } | Job::DeleteClub { .. } | Job::Noop { .. } => "default",
        }
    }

    /// A limit on how many of this kind run at once, across every worker, unless told
    /// otherwise: two verifications at once would overwrite each other's sentinels.
    pub fn default_concurrency(&self) -> Option<(String, i64)> {
        match self {
            Job::VerifyBackups => Some(("verify_backups".into(), 1)),
            Job::DeliverWebhook { org, .. } => Some((
                format!("webhooks:{org}"),
                crate::webhooks::DELIVERIES_AT_ONCE,
            )),
            _ => None,
        }
    }

    /// The JSON stored in `args`.
    pub fn args_json(&self) -> Result<String, serde_json::Error> {
        let mut value = serde_json::to_value(self)?;
        Ok(value
            .get_mut("args")
            .map(serde_json::Value::take)
            .unwrap_or(serde_json::Value::Null)
            .to_string())
    }

    /// Rebuilds a job from its row; an unknown kind or bad arguments is an error the job
    /// records (it goes dead after its attempts rather than vanishing).
    pub fn from_row(kind: &str, args: &str) -> Result<Job, serde_json::Error> {
        let args: serde_json::Value = serde_json::from_str(args)?;
        let mut object = serde_json::Map::new();
        object.insert("kind".into(), kind.into());
        if !args.is_null() {
            object.insert("args".into(), args);
        }
        serde_json::from_value(serde_json::Value::Object(object))
    }
}

/// Settings of the job system.
#[derive(Debug, Clone)]
pub struct JobSettings {
    /// Worker loops in this process (0: enqueue only). Each claims up to `batch` jobs at a
    /// time and runs them concurrently.
    pub workers: usize,
    /// A worker that has not heartbeated for this long is presumed dead; its jobs run again.
    pub lease: Duration,
    /// How often idle workers look for jobs enqueued by other processes.
    pub poll: Duration,
    /// Finished jobs are kept this long for inspection.
    pub keep_finished: Duration,
    /// Queues this process works; empty means all.
    pub queues: Vec<String>,
    /// Most jobs one worker claims at once: bigger batches mean fewer claims (throughput),
    /// smaller ones that a slow job delays the marking of fewer others.
    pub batch: usize,
    /// Where the database files are (for jobs that work on files: verification, exports).
    pub db_dir: std::path::PathBuf,
    pub backup: crate::backup::Settings,
    pub webhooks: crate::webhooks::delivery::Settings,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            workers: 4,
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(500),
            keep_finished: Duration::from_secs(7 * 24 * 60 * 60),
            queues: Vec::new(),
            batch: 64,
            db_dir: "db".into(),
            backup: crate::backup::Settings::off(std::path::Path::new("db")),
            webhooks: crate::webhooks::delivery::Settings::default(),
        }
    }
}

/// The handle the app enqueues through. Cheap to clone.
#[derive(Clone)]
pub struct Jobs {
    dbs: Arc<Databases>,
    /// Wakes idle workers of this process the moment something is enqueued here.
    wake: Arc<Notify>,
}

impl Jobs {
    pub fn new(dbs: Arc<Databases>) -> Self {
        Self {
            dbs,
            wake: Arc::new(Notify::new()),
        }
    }

    pub fn databases(&self) -> &Arc<Databases> {
        &self.dbs
    }

    pub(crate) fn wake(&self) -> &Arc<Notify> {
        &self.wake
    }

    /// Wakes this process's idle workers (after a change they should look at).
    pub fn wake_workers(&self) {
        self.wake.notify_waiters();
    }

    /// Enqueues `job` to run now, on its default queue.
    pub async fn enqueue(&self, job: Job) -> Result<Option<i64>, DbError> {
        self.enqueue_new(NewJob::now(job)).await
    }

    /// Enqueues many jobs in one transaction (an announcement to every member, a bulk
    /// retry); returns how many were new.
    pub async fn enqueue_many(&self, many: Vec<NewJob>) -> Result<usize, DbError> {
        let now = queue::now_ms();
        let n = self
            .dbs
            .queue
            .write(move |conn| -> Result<usize, DbError> {
                let mut n = 0;
                for new in &many {
                    n += usize::from(queue::insert(conn, new, now)?.is_some());
                }
                Ok(n)
            })
            .await?;
        self.wake.notify_waiters();
        Ok(n)
    }

    /// Enqueues with every option (queue, priority, time, keys). `None` when a job with the
    /// same unique key already exists.
    pub async fn enqueue_new(&self, new: NewJob) -> Result<Option<i64>, DbError> {
        let now = queue::now_ms();
        let id = self
            .dbs
            .queue
            .write(move |conn| queue::insert(conn, &new, now))
            .await?;
        self.wake.notify_waiters();
        Ok(id)
    }
}
