//! The job queue on real files and real processes: crash recovery after `kill -9`, retries and
//! the dead state, scheduled times, recurring slots with two schedulers, concurrency keys,
//! pausing, and the outbox surviving a crash.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clubhouse::db::schema::queue::jobs;
use clubhouse::db::{Databases, DbError};
use clubhouse::jobs::queue::{self, NewJob, now_ms};
use clubhouse::jobs::recurring::{self, Recurring};
use clubhouse::jobs::worker::Pool;
use clubhouse::jobs::{Job, JobSettings, Jobs, dashboard};
use clubhouse::mail::Mailer;
use diesel::prelude::*;

use crate::support::{kill_9, open_databases, spawn_clubhouse, wait_until};

fn settings(workers: usize) -> JobSettings {
    JobSettings {
        workers,
        lease: Duration::from_secs(2),
        poll: Duration::from_millis(100),
        ..JobSettings::default()
    }
}

fn pool(jobs: &Jobs, workers: usize) -> Pool {
    Pool::start(jobs.clone(), settings(workers), Arc::new(Mailer::Mailbox))
}

async fn job(dbs: &Databases, id: i64) -> queue::JobRow {
    dbs.queue
        .read(move |conn| queue::find(conn, id).map_err(DbError::from))
        .await
        .expect("read job")
        .expect("job exists")
}

async fn finished(dbs: &Databases, id: i64) -> bool {
    job(dbs, id).await.finished_at.is_some()
}

async fn close(dbs: Arc<Databases>) {
    let dbs = Arc::into_inner(dbs).expect("sole owner of the files");
    crate::support::close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_whose_worker_process_is_killed_runs_again_and_finishes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let jobs = Jobs::new(dbs.clone());
    let id = jobs
        .enqueue(Job::Noop { sleep_ms: 3000 })
        .await
        .expect("enqueue")
        .expect("new job");

    // A real `clubhouse work` process takes the job…
    let mut child = spawn_clubhouse(
        &["work"],
        &[
            ("CLUBHOUSE_DB_DIR", dir.path().to_str().expect("utf-8")),
            ("CLUBHOUSE_WORKERS", "1"),
            ("CLUBHOUSE_JOB_LEASE_SECS", "2"),
        ],
    );
    wait_until(
        "the worker process claims the job",
        Duration::from_secs(20),
        || async { job(&dbs, id).await.claimed_by.is_some() },
    )
    .await;
    let first = job(&dbs, id).await;
    assert_eq!(first.attempts, 1);
    // …and dies in the middle of it.
    kill_9(&mut child);
    assert!(
        job(&dbs, id).await.finished_at.is_none(),
        "it never finished there"
    );

    // Another worker notices the missing heartbeat, takes the job back and runs it.
    let pool = pool(&jobs, 1);
    wait_until(
        "the job runs again and finishes",
        Duration::from_secs(30),
        || async { finished(&dbs, id).await },
    )
    .await;
    let done = job(&dbs, id).await;
    assert_eq!(done.attempts, 2, "it ran a second time");
    assert_ne!(done.claimed_at, first.claimed_at);
    // Nothing stays claimed by the dead process (other jobs, e.g. recurring ones, may be
    // running in this one right now).
    let dead_worker = first.claimed_by.clone().expect("claimed");
    let stuck: i64 = dbs
        .queue
        .read(move |conn| {
            Ok::<_, DbError>(
                jobs::table
                    .filter(jobs::claimed_by.eq(dead_worker))
                    .count()
                    .get_result(conn)?,
            )
        })
        .await
        .expect("count");
    assert_eq!(
        stuck, 0,
        "nothing stays stuck as running on the dead worker"
    );
    pool.stop().await;
    drop(jobs);
    close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_job_is_retried_later_then_kept_dead_with_its_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let jobs = Jobs::new(dbs.clone());
    // A job no version of the app knows: it fails every time.
    let id = dbs
        .queue
        .write(|conn| {
            let options = NewJob::now(Job::CleanupJobs).queue("default").attempts(2);
            Ok::<_, DbError>(
                queue::insert_raw(conn, "no_such_kind", "{}", &options, now_ms())?
                    .expect("inserted"),
            )
        })
        .await
        .expect("insert");
    let pool = pool(&jobs, 1);
    wait_until(
        "the first attempt fails",
        Duration::from_secs(10),
        || async { job(&dbs, id).await.last_error.is_some() },
    )
    .await;
    let failed = job(&dbs, id).await;
    assert_eq!(failed.attempts, 1);
    assert!(failed.dead_at.is_none(), "one attempt is left");
    assert!(failed.run_at > now_ms(), "the retry waits (back-off)");
    assert!(
        failed
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot read the job")),
        "{:?}",
        failed.last_error
    );

    // Hurry the retry along, as the dashboard's "run now" does.
    dbs.queue
        .write(move |conn| Ok::<_, DbError>(dashboard::run_now(conn, id, now_ms())?))
        .await
        .expect("run now");
    jobs.wake_workers();
    wait_until(
        "the last attempt fails and the job is dead",
        Duration::from_secs(10),
        || async { job(&dbs, id).await.dead_at.is_some() },
    )
    .await;
    let dead = job(&dbs, id).await;
    assert_eq!(dead.attempts, 2);
    assert!(
        dead.last_error.is_some(),
        "kept for inspection with its error"
    );

    // Retry from the dashboard: it runs again (and fails again, being unknown).
    let retried = dbs
        .queue
        .write(move |conn| Ok::<_, DbError>(dashboard::retry(conn, &[id], now_ms())?))
        .await
        .expect("retry");
    assert_eq!(retried, 1);
    assert!(job(&dbs, id).await.dead_at.is_none());
    pool.stop().await;
    drop(jobs);
    close(dbs).await;
}

#[test]
fn back_off_doubles_with_jitter_and_is_capped() {
    for attempts in 1..6 {
        let base = 1000 * (1 << attempts);
        for _ in 0..50 {
            let wait = queue::backoff_ms(attempts);
            assert!(
                wait >= base / 2 && wait <= base * 3 / 2,
                "attempt {attempts}: {wait}"
            );
        }
    }
    assert!(queue::backoff_ms(40) <= 90 * 60 * 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_job_does_not_start_before_its_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let jobs = Jobs::new(dbs.clone());
    let pool = pool(&jobs, 1);
    let at = now_ms() + 1500;
    let id = jobs
        .enqueue_new(NewJob::now(Job::Noop { sleep_ms: 0 }).at(at))
        .await
        .expect("enqueue")
        .expect("new");
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        job(&dbs, id).await.claimed_at.is_none(),
        "not started early"
    );
    wait_until(
        "the job runs at its time",
        Duration::from_secs(10),
        || async { finished(&dbs, id).await },
    )
    .await;
    let done = job(&dbs, id).await;
    assert!(
        done.claimed_at.expect("claimed") >= at,
        "started at or after its time"
    );
    pool.stop().await;
    drop(jobs);
    close(dbs).await;
}

static EVERY_MINUTE: &[Recurring] = &[Recurring {
    name: "test_every_minute",
    cron: "* * * * *",
    job: || Job::Noop { sleep_ms: 0 },
}];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_schedulers_enqueue_a_recurring_slot_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Two handles on two separate opens of the same files: two schedulers, as two processes.
    let first = Arc::new(open_databases(dir.path()).await);
    let second = Arc::new(open_databases(dir.path()).await);
    let (a, b) = (Jobs::new(first.clone()), Jobs::new(second.clone()));
    // Two schedulers asking at slightly different moments within the same minute.
    let now = now_ms() / 60_000 * 60_000 + 1_500;
    for n in 0..3 {
        let (x, y) = tokio::join!(
            recurring::enqueue_due_from(&a, EVERY_MINUTE, now + n * 7_013),
            recurring::enqueue_due_from(&b, EVERY_MINUTE, now + n * 5_311 + 17)
        );
        x.expect("first scheduler");
        y.expect("second scheduler");
    }
    let slot = recurring::latest_slot("* * * * *", now).expect("slot");
    let rows: Vec<Option<String>> = first
        .queue
        .read(|conn| Ok::<_, DbError>(jobs::table.select(jobs::unique_key).load(conn)?))
        .await
        .expect("jobs");
    assert_eq!(
        rows,
        vec![Some(format!("recurring:test_every_minute:{slot}"))],
        "one job for the slot"
    );
    // The next minute is a new slot.
    let later = slot + 60_000;
    recurring::enqueue_due_from(&b, EVERY_MINUTE, later)
        .await
        .expect("next slot");
    let count: i64 = first
        .queue
        .read(|conn| Ok::<_, DbError>(jobs::table.count().get_result(conn)?))
        .await
        .expect("count");
    assert_eq!(count, 2);
    drop((a, b));
    close(first).await;
    close(second).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrency_key_limits_how_many_run_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let jobs = Jobs::new(dbs.clone());
    let mut ids = Vec::new();
    for _ in 0..4 {
        let new = NewJob::now(Job::Noop { sleep_ms: 250 }).concurrency("club:7", 1);
        ids.push(jobs.enqueue_new(new).await.expect("enqueue").expect("new"));
    }
    // An unrelated job is not held back by the key.
    let free = jobs
        .enqueue(Job::Noop { sleep_ms: 0 })
        .await
        .expect("enqueue")
        .expect("new");
    let pool = pool(&jobs, 4);
    let started = Instant::now();
    let mut most = 0;
    loop {
        let running: i64 = dbs
            .queue
            .read(|conn| {
                Ok::<_, DbError>(
                    jobs::table
                        .filter(jobs::concurrency_key.eq("club:7"))
                        .filter(jobs::claimed_by.is_not_null())
                        .filter(jobs::finished_at.is_null())
                        .count()
                        .get_result(conn)?,
                )
            })
            .await
            .expect("count");
        most = most.max(running);
        let mut all = true;
        for id in &ids {
            all &= finished(&dbs, *id).await;
        }
        if all {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the jobs never finished"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(most, 1, "never two with the same key at once");
    assert!(finished(&dbs, free).await);
    pool.stop().await;
    drop(jobs);
    close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_queue_runs_nothing_until_resumed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let jobs = Jobs::new(dbs.clone());
    dbs.queue
        .write(|conn| Ok::<_, DbError>(dashboard::set_paused(conn, "default", true, now_ms())?))
        .await
        .expect("pause");
    let pool = pool(&jobs, 1);
    let id = jobs
        .enqueue(Job::Noop { sleep_ms: 0 })
        .await
        .expect("enqueue")
        .expect("new");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(job(&dbs, id).await.claimed_at.is_none(), "paused");
    dbs.queue
        .write(|conn| Ok::<_, DbError>(dashboard::set_paused(conn, "default", false, now_ms())?))
        .await
        .expect("resume");
    wait_until(
        "the job runs after resume",
        Duration::from_secs(10),
        || async { finished(&dbs, id).await },
    )
    .await;
    pool.stop().await;
    drop(jobs);
    close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outbox_row_relayed_twice_becomes_one_job() {
    use clubhouse::db::outbox;
    use clubhouse::jobs::relay;
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let jobs = Jobs::new(dbs.clone());
    dbs.shared
        .write(|conn| relay::push(conn, &Job::Noop { sleep_ms: 0 }))
        .await
        .expect("outbox row");
    let row = dbs
        .shared
        .read(|conn| outbox::oldest(conn, 10).map_err(DbError::from))
        .await
        .expect("read")
        .remove(0);
    assert_eq!(
        relay::relay_file(&jobs, &dbs.shared).await.expect("relay"),
        1
    );
    // As if the process had died after enqueueing but before deleting the row.
    dbs.shared
        .write(move |conn| {
            clubhouse::db::sql(
                conn,
                "INSERT INTO outbox (id, kind, args, created_at) VALUES (?, ?, ?, 0)",
            )
            .bind::<diesel::sql_types::BigInt, _>(row.id)
            .bind::<diesel::sql_types::Text, _>(&row.kind)
            .bind::<diesel::sql_types::Text, _>(&row.args)
            .execute(conn)
            .map_err(DbError::from)
        })
        .await
        .expect("put the row back");
    relay::relay_file(&jobs, &dbs.shared)
        .await
        .expect("relay again");
    let count: i64 = dbs
        .queue
        .read(|conn| Ok::<_, DbError>(jobs::table.count().get_result(conn)?))
        .await
        .expect("count");
    assert_eq!(count, 1, "relayed twice, enqueued once");
    let left = dbs
        .shared
        .read(|conn| outbox::oldest(conn, 10).map_err(DbError::from))
        .await
        .expect("read");
    assert!(left.is_empty(), "the outbox is empty");
    drop(jobs);
    close(dbs).await;
}

#[test]
fn jobs_round_trip_through_their_rows() {
    for job in [Job::CleanupJobs, Job::Noop { sleep_ms: 5 }] {
        let args = job.args_json().expect("json");
        assert_eq!(Job::from_row(job.kind(), &args).expect("parse"), job);
    }
    assert!(Job::from_row("no_such_kind", "{}").is_err());
}
