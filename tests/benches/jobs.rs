//! Job queue benchmark, in-process, on real files (`synchronous=FULL` on queue.db).
//!
//! - throughput: N no-op jobs enqueued by 64 concurrent producers, in bulk (100 per call, as
//!   Sidekiq's load test pushes them) while W workers (claiming B at a time) run them; jobs per
//!   second from the first enqueue to the last finish.
//! - single enqueues: the same producers, one job per call, no workers: enqueues per second.
//! - latency: one job at a time, paced, into idle workers; enqueue-to-start p50/p99 in ms.
//!
//! Targets: at least 20,000 jobs/s; p50 at most 5 ms.
//! Run: `cargo bench --bench jobs` (JOBS=40000 WORKERS=4 BATCH=64 PACED=2000: the production defaults).

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use clubhouse::db::schema::queue::jobs;
use clubhouse::db::{Databases, DbError};
use clubhouse::jobs::worker::Pool;
use clubhouse::jobs::{Job, JobSettings, Jobs};
use clubhouse::mail::Mailer;
use clubhouse::sports::Sport;
use diesel::prelude::*;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn unfinished(dbs: &Databases) -> Result<i64, DbError> {
    dbs.queue
        .read(|conn| {
            Ok(jobs::table
                .filter(jobs::finished_at.is_null())
                .filter(jobs::kind.eq("noop"))
                .count()
                .get_result(conn)?)
        })
        .await
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Enqueue-only: `n` single enqueues from 64 producers into a queue with no workers.
async fn single_enqueues(n: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().to_path_buf();
    let dbs = Arc::new(
        tokio::task::spawn_blocking(move || Databases::open(&path, &[Sport::Curling], 2)).await??,
    );
    let jobs = Jobs::new(dbs.clone());
    let started = Instant::now();
    let producers = 64;
    let mut tasks = Vec::new();
    for _ in 0..producers {
        let jobs = jobs.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..n / producers {
                jobs.enqueue(Job::Noop { sleep_ms: 0 }).await?;
            }
            Ok::<_, DbError>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let done = (n / producers * producers) as f64;
    println!(
        "single enqueues: {done:.0} in {:.2} s: {:.0} enqueues/s (64 producers, one job per call)",
        started.elapsed().as_secs_f64(),
        done / started.elapsed().as_secs_f64()
    );
    drop(jobs);
    if let Some(dbs) = Arc::into_inner(dbs) {
        tokio::task::spawn_blocking(move || drop(dbs)).await?;
    }
    Ok(())
}

async fn bench(n: usize, workers: usize, batch: usize, paced: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().to_path_buf();
    let dbs = Arc::new(
        tokio::task::spawn_blocking(move || Databases::open(&path, &[Sport::Curling], 2)).await??,
    );
    let jobs = Jobs::new(dbs.clone());
    let settings = JobSettings {
        workers,
        batch,
        poll: Duration::from_millis(200),
        ..JobSettings::default()
    };
    let pool = Pool::start(jobs.clone(), settings, Arc::new(Mailer::Mailbox));

    // Throughput.
    let started = Instant::now();
    let producers = 64;
    support::enqueue_noops(std::slice::from_ref(&jobs), producers, n).await?;
    let enqueued = started.elapsed();
    // Poll gently: the count is a scan, and this machine has two cores.
    while unfinished(&dbs).await? > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let total = started.elapsed();
    let done = (n / producers * producers) as f64;
    println!(
        "throughput: {done:.0} jobs enqueued in {:.2} s ({:.0}/s) and all finished in {:.2} s: {:.0} jobs/s (target >= 20,000) [workers {workers}, batch {batch}]",
        enqueued.as_secs_f64(),
        done / enqueued.as_secs_f64(),
        total.as_secs_f64(),
        done / total.as_secs_f64()
    );

    // Latency: one at a time into idle workers.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut ids = Vec::with_capacity(paced);
    for _ in 0..paced {
        if let Some(id) = jobs.enqueue(Job::Noop { sleep_ms: 0 }).await? {
            ids.push(id);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    while unfinished(&dbs).await? > 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut waits: Vec<i64> = dbs
        .queue
        .read(move |conn| {
            Ok::<_, DbError>(
                jobs::table
                    .filter(jobs::id.eq_any(&ids))
                    .select(jobs::claimed_at.assume_not_null() - jobs::created_at)
                    .load(conn)?,
            )
        })
        .await?;
    waits.sort_unstable();
    println!(
        "latency: {} jobs, enqueue-to-start p50 {} ms, p99 {} ms, max {} ms (target p50 <= 5 ms)",
        waits.len(),
        percentile(&waits, 0.50),
        percentile(&waits, 0.99),
        waits.last().copied().unwrap_or(0)
    );
    pool.stop().await;
    drop(jobs);
    if let Some(dbs) = Arc::into_inner(dbs) {
        tokio::task::spawn_blocking(move || drop(dbs)).await?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let n = env_usize("JOBS", if quick { 2_000 } else { 40_000 });
    let workers = env_usize("WORKERS", 4);
    let batch = env_usize("BATCH", 64);
    let paced = env_usize("PACED", if quick { 100 } else { 2_000 });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        bench(n, workers, batch, paced).await?;
        single_enqueues(n).await
    })
}
