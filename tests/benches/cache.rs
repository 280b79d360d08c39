//! Cache read benchmark: a hit through `Cache::get`, in-process, on a real `cache.db`.
//!
//! - **hit**: one async `get` at a time of an 8 KB entry (about an event page's sections),
//!   timed from the call to the value in hand — the hop to a reader thread and back included.
//! - **raw**: the same indexed lookup on a plain connection in the calling thread: the floor
//!   SQLite sets, measured in the same run.
//! - **concurrent**: 64 tasks reading different keys at once; reads per second.
//!
//! Target: hit p50 at most 20 µs. Run: `cargo bench --bench cache` (READS=50000,
//! ENTRIES=10000, VALUE_BYTES=8192). Without `--bench` (as `cargo test` runs it) it does a quick pass.

mod support;

use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::prelude::*;

use clubhouse::cache::{Cache, Limits};
use clubhouse::db::Databases;
use support::env_list;

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let reads = env_list("READS", &[if quick { 2_000 } else { 50_000 }])[0];
    let entries = env_list("ENTRIES", &[if quick { 200 } else { 10_000 }])[0];
    let dir = tempfile::tempdir()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let size = env_list("VALUE_BYTES", &[8 * 1024])[0];
    let value: Vec<u8> = "<li class=\"row\">Team Red 7 – Team Yellow 5</li>"
        .repeat(size.div_ceil(48))
        .into_bytes();
    let dbs = Databases::open(dir.path(), &[], 4).context("open the files")?;
    let cache = Cache::new(std::sync::Arc::new(dbs), Limits::default());
    let key = |i: usize| format!("scoreboard:1:{i}:en");

    runtime.block_on(async {
        for i in 0..entries {
            cache.set(&key(i), value.clone(), None).await?;
        }
        // Warm the readers' statement caches.
        for i in 0..100 {
            cache.get(&key(i % entries)).await?;
        }
        let mut hits = Vec::with_capacity(reads);
        for i in 0..reads {
            let started = Instant::now();
            let found = cache.get(&key(i * 7919 % entries)).await?;
            hits.push(started.elapsed());
            anyhow::ensure!(found.map(|v| v.len()) == Some(value.len()), "a miss");
        }
        hits.sort();

        let started = Instant::now();
        let tasks: Vec<_> = (0..64)
            .map(|t| {
                let cache = cache.clone();
                tokio::spawn(async move {
                    for i in 0..reads / 64 {
                        cache.get(&key((t * 131 + i) % entries)).await?;
                    }
                    Ok::<_, clubhouse::db::DbError>(())
                })
            })
            .collect();
        for task in tasks {
            task.await??;
        }
        let concurrent = (reads / 64 * 64) as f64 / started.elapsed().as_secs_f64();

        let mut conn =
            SqliteConnection::establish(&dir.path().join("cache.db").display().to_string())?;
        let mut raw = Vec::with_capacity(reads);
        for i in 0..reads {
            use clubhouse::db::schema::cache::cache_entries::dsl;
            let started = Instant::now();
            let found: Vec<u8> = dsl::cache_entries
                .filter(dsl::key.eq(key(i * 7919 % entries)))
                .select(dsl::value)
                .first(&mut conn)?;
            raw.push(started.elapsed());
            anyhow::ensure!(found.len() == value.len(), "raw lookup");
        }
        raw.sort();
        println!(
            "cache read, {} B entries, {entries} entries: hit p50={:.1} µs p99={:.1} µs | raw lookup p50={:.1} µs p99={:.1} µs | hit/raw p50 {:.1}× | 64 concurrent readers {:.0} reads/s",
            value.len(),
            micros(hits[hits.len() / 2]),
            micros(hits[hits.len() * 99 / 100]),
            micros(raw[raw.len() / 2]),
            micros(raw[raw.len() * 99 / 100]),
            hits[hits.len() / 2].as_secs_f64() / raw[raw.len() / 2].as_secs_f64(),
            concurrent,
        );
        let stats = cache.stats();
        anyhow::ensure!(stats.misses == 0, "{} misses", stats.misses);
        Ok(())
    })
}
