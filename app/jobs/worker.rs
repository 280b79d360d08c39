//! The worker pool of one process: worker tasks that claim and run jobs, a heartbeat, the
//! supervisor that requeues jobs of dead workers, the recurring-job scheduler and the outbox
//! relay. Runs inside `clubhouse serve` and alone in `clubhouse work`.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::Instrument;

use super::queue::{self, JobRow, now_ms};
use super::run::{JobContext, run};
use super::{Job, JobSettings, Jobs, recurring, relay};
use crate::db::DbError;
use crate::mail::Mailer;

/// How long `stop` waits for running jobs to finish before giving them back to the queue.
const STOP_GRACE: Duration = Duration::from_secs(20);

pub struct Pool {
    id: String,
    jobs: Jobs,
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl Pool {
    /// Starts the workers, heartbeat, supervisor, scheduler and relay of this process.
    pub fn start(jobs: Jobs, settings: JobSettings, mailer: Arc<Mailer>) -> Pool {
        let id = format!(
            "{}:{}:{:06x}",
            hostname(),
            std::process::id(),
            rand::random::<u32>() & 0xff_ffff
        );
        let (stop, stopping) = watch::channel(false);
        let mut tasks = JoinSet::new();
        let settings = Arc::new(settings);
        // Never a default client in its place: it would follow redirects and reach inside.
        let http = crate::webhooks::delivery::client(&settings.webhooks)
            .map_err(|e| tracing::error!(error = %e, "webhook client not built; deliveries fail"))
            .ok();
        let ctx = Arc::new(JobContext {
            dbs: jobs.databases().clone(),
            mailer,
            settings: settings.clone(),
            http,
        });
        tasks.spawn(upkeep(
            jobs.clone(),
            id.clone(),
            settings.clone(),
            stopping.clone(),
        ));
        for n in 0..settings.workers {
            let worker = Worker {
                id: id.clone(),
                n,
                jobs: jobs.clone(),
                ctx: ctx.clone(),
                stopping: stopping.clone(),
            };
            tasks.spawn(worker.run());
        }
        tracing::info!(worker = %id, workers = settings.workers, "job workers started");
        Pool {
            id,
            jobs,
            stop,
            tasks,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Stops claiming, lets running jobs finish (up to a grace period), then deregisters;
    /// anything still unfinished goes back to the queue for another worker.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        let drained = tokio::time::timeout(STOP_GRACE, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!("jobs still running after the grace period; they will run again");
            self.tasks.abort_all();
        }
        let id = self.id.clone();
        let now = now_ms();
        let result = self
            .jobs
            .databases()
            .queue
            .write(move |conn| queue::deregister(conn, &id, now).map_err(DbError::from))
            .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "cannot deregister the worker");
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

struct Worker {
    id: String,
    n: usize,
    jobs: Jobs,
    ctx: Arc<JobContext>,
    stopping: watch::Receiver<bool>,
}

impl Worker {
    async fn run(mut self) {
        let settings = self.ctx.settings.clone();
        loop {
            if *self.stopping.borrow() {
                return;
            }
            // Register interest before looking, so an enqueue between the look and the wait
            // still wakes this worker.
            let wake = self.jobs.wake().clone();
            let woken = wake.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();

            let claimed = self.claim(settings.batch).await;
            match claimed {
                Ok(batch) if !batch.is_empty() => {
                    // The batch runs concurrently, so one slow job does not hold up the rest
                    // (only their marking as finished, done together in one write).
                    let ids: Vec<i64> = batch.iter().map(|job| job.id).collect();
                    let outcomes = futures_util::future::join_all(
                        batch.into_iter().map(|job| self.run_one(job)),
                    )
                    .await;
                    let done = ids
                        .into_iter()
                        .zip(outcomes)
                        .filter_map(|(id, ok)| ok.then_some(id))
                        .collect();
                    self.finish(done).await;
                }
                Ok(_) => {
                    tokio::select! {
                        _ = &mut woken => {}
                        _ = tokio::time::sleep(settings.poll) => {}
                        _ = self.stopping.changed() => {}
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, worker = self.n, "cannot claim jobs");
                    tokio::time::sleep(settings.poll).await;
                }
            }
        }
    }

    async fn claim(&self, batch: usize) -> Result<Vec<JobRow>, DbError> {
        let (id, queues, now) = (self.id.clone(), self.ctx.settings.queues.clone(), now_ms());
        self.jobs
            .databases()
            .queue
            .write(move |conn| {
                queue::claim(conn, &id, &queues, batch.max(1), now).map_err(DbError::from)
            })
            .await
            .inspect(|claimed| {
                for row in claimed {
                    let waited_ms = (now - row.run_at).max(0);
                    metrics::histogram!(crate::metrics::JOB_WAIT).record(waited_ms as f64 / 1000.0);
                }
            })
    }

    /// Runs one claimed job; a failure is recorded at once, a success returned for `finish`.
    async fn run_one(&self, row: JobRow) -> bool {
        let span =
            tracing::info_span!("job", id = row.id, kind = %row.kind, attempt = row.attempts);
        let outcome = match Job::from_row(&row.kind, &row.args) {
            Ok(job) => run(job, row.id, &self.ctx).instrument(span.clone()).await,
            Err(e) => Err(format!("cannot read the job's arguments: {e}")),
        };
        let Err(error) = outcome else {
            return true;
        };
        // `in_scope` for the log lines only: an entered span must never be held across an
        // await (it would tag other tasks' logs while this one is suspended).
        span.in_scope(|| tracing::warn!(error = %error, "job failed"));
        let (id, worker, now) = (row.id, self.id.clone(), now_ms());
        let recorded = self
            .jobs
            .databases()
            .queue
            .write(move |conn| queue::fail(conn, id, &worker, &error, now).map_err(DbError::from))
            .await;
        if let Err(e) = recorded {
            span.in_scope(
                || tracing::error!(error = %e, "cannot record the failure; the job will run again"),
            );
        }
        false
    }

    /// Marks the batch's successful jobs finished, in one write.
    async fn finish(&self, ids: Vec<i64>) {
        if ids.is_empty() {
            return;
        }
        let (worker, now) = (self.id.clone(), now_ms());
        let recorded = self
            .jobs
            .databases()
            .queue
            .write(move |conn| queue::finish(conn, &ids, &worker, now).map_err(DbError::from))
            .await;
        match recorded {
            Ok(n) if n > 0 => {}
            Ok(_) => {
                tracing::warn!("jobs were taken back while they ran (their worker looked dead)")
            }
            Err(e) => tracing::error!(error = %e, "cannot mark jobs finished; they will run again"),
        }
    }
}

/// Heartbeat, supervisor, scheduler and relay: the process's upkeep loop, once a second.
async fn upkeep(
    jobs: Jobs,
    id: String,
    settings: Arc<JobSettings>,
    mut stopping: watch::Receiver<bool>,
) {
    let pid = std::process::id() as i64;
    let host = hostname();
    let queues = if settings.queues.is_empty() {
        "*".to_string()
    } else {
        settings.queues.join(",")
    };
    let lease_ms = settings.lease.as_millis() as i64;
    let beat_every = (settings.lease / 6).max(Duration::from_millis(100));
    let mut last_beat: Option<tokio::time::Instant> = None;
    let mut tick = tokio::time::interval(Duration::from_millis(250).min(beat_every));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stopping.changed() => return,
        }
        let now = now_ms();
        if last_beat.is_none_or(|t| t.elapsed() >= beat_every) {
            last_beat = Some(tokio::time::Instant::now());
            let (id, host, queues) = (id.clone(), host.clone(), queues.clone());
            let beat = jobs
                .databases()
                .queue
                .write(move |conn| -> Result<usize, DbError> {
                    queue::heartbeat(conn, &id, pid, &host, &queues, now)?;
                    Ok(queue::requeue_stale(conn, lease_ms, now)?)
                })
                .await;
            match beat {
                Ok(0) => {}
                Ok(n) => {
                    tracing::warn!(
                        jobs = n,
                        "requeued the jobs of workers that stopped heartbeating"
                    );
                    jobs.wake().notify_waiters();
                }
                Err(e) => tracing::error!(error = %e, "heartbeat failed"),
            }
            if let Err(e) = recurring::enqueue_due(&jobs, now).await {
                tracing::error!(error = %e, "cannot enqueue recurring jobs");
            }
        }
        if let Err(e) = relay::relay_all(&jobs).await {
            tracing::error!(error = %e, "outbox relay failed");
        }
    }
}
