//! Write-path benchmark: the app's writer against raw SQLite, same machine, same run.
//!
//! - app: 64 concurrent async writers, each inserting single rows through `db.write(…)`, on
//!   a file with `synchronous=FULL` (every acknowledged row survives a power cut);
//! - raw: one connection, a plain loop of single-row autocommit inserts, `synchronous=NORMAL`
//!   (no fsync per commit — faster, but a power cut can lose the last commits).
//!
//! Prints both rates and app/raw; the target is at least 0.5.
//!
//! Run: `cargo bench --bench write_path` (ROWS=50000 WRITERS=64 ROUNDS=3 to change).

use std::sync::Arc;
use std::time::{Duration, Instant};

use clubhouse::db::{Database, DbError, Store};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

const CREATE: &str = "CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, body TEXT NOT NULL) STRICT";
const INSERT: &str = "INSERT INTO bench_rows (n, body) VALUES (?, ?)";
const BODY: &str = "an end of curling: 2 points, hammer to the other team";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One row through the app's connection (what every write closure gets).
fn insert(conn: &mut clubhouse::db::Conn, n: i64) -> QueryResult<usize> {
    diesel::sql_query(INSERT)
        .bind::<BigInt, _>(n)
        .bind::<Text, _>(BODY)
        .execute(conn)
}

/// The same row on a plain SQLite connection.
fn insert_raw(conn: &mut SqliteConnection, n: i64) -> QueryResult<usize> {
    diesel::sql_query(INSERT)
        .bind::<BigInt, _>(n)
        .bind::<Text, _>(BODY)
        .execute(conn)
}

/// Rows per second through the app's writer with `writers` concurrent tasks.
fn app_rate(rows: usize, writers: usize) -> anyhow::Result<(f64, u64)> {
    let dir = tempfile::tempdir()?;
    // The queue file has synchronous=FULL, like every file that holds accepted data.
    let db = Arc::new(Database::open(dir.path(), Store::Queue, 1)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let elapsed = runtime.block_on(async {
        db.write(|conn| conn.batch_execute(CREATE).map_err(DbError::from))
            .await?;
        let per_writer = rows / writers;
        let started = Instant::now();
        let mut tasks = Vec::with_capacity(writers);
        for w in 0..writers {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..per_writer {
                    let n = (w * per_writer + i) as i64;
                    db.write(move |conn| insert(conn, n).map_err(DbError::from))
                        .await?;
                }
                Ok::<_, DbError>(())
            }));
        }
        for task in tasks {
            task.await??;
        }
        Ok::<_, anyhow::Error>(started.elapsed())
    })?;
    let stats = db.write_stats();
    let count = runtime.block_on(db.read(|conn| {
        diesel::sql_query("SELECT count(*) AS n FROM bench_rows")
            .get_result::<Count>(conn)
            .map_err(DbError::from)
    }))?;
    anyhow::ensure!(
        count.n as usize == rows / writers * writers,
        "rows missing: {}",
        count.n
    );
    let groups = stats.groups;
    drop(runtime);
    drop(db);
    Ok((count.n as f64 / elapsed.as_secs_f64(), groups))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows per second from a plain loop of autocommit inserts with synchronous=NORMAL.
fn raw_rate(rows: usize) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("raw.db");
    let mut conn = SqliteConnection::establish(&path.display().to_string())?;
    conn.batch_execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
    conn.batch_execute(CREATE)?;
    let started = Instant::now();
    for n in 0..rows {
        insert_raw(&mut conn, n as i64)?;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run fast.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rows = env_usize("ROWS", if quick { 2_000 } else { 50_000 });
    let writers = env_usize("WRITERS", 64);
    let rounds = env_usize("ROUNDS", if quick { 1 } else { 3 });
    println!(
        "write path: {rows} single-row inserts, {writers} concurrent writers, {rounds} rounds, SQLite {}",
        clubhouse::db::sqlite_version()
    );
    let mut ratios = Vec::new();
    for round in 1..=rounds {
        // Alternate the order so neither side always runs on a warmer machine.
        let (app, groups, raw) = if round % 2 == 1 {
            let (app, groups) = app_rate(rows, writers)?;
            (app, groups, raw_rate(rows)?)
        } else {
            let raw = raw_rate(rows)?;
            let (app, groups) = app_rate(rows, writers)?;
            (app, groups, raw)
        };
        let ratio = app / raw;
        println!(
            "round {round}: app (writer, FULL) {app:>9.0} rows/s in {groups} commits | raw loop (NORMAL) {raw:>9.0} rows/s | ratio {ratio:.2}"
        );
        ratios.push(ratio);
        std::thread::sleep(Duration::from_millis(200));
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    println!(
        "median ratio app/raw: {median:.2} (target >= 0.50): {}",
        if median >= 0.5 { "met" } else { "MISSED" }
    );
    Ok(())
}
