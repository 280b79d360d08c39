//! The verification job: proof, on a schedule, that every replicated file restores.
//!
//! For each file at once: write a fresh token into its `backup_sentinel` row, then restore
//! the file from the replica into a temporary folder (beside the data, on the same disk) and
//! look for the token, retrying until it arrives or the timeout passes; the restored copy
//! must also pass `PRAGMA integrity_check`. The result and the lag (the sentinel's commit to
//! a restore that holds it) are recorded in `shared.db` for the operator's page and `/up`.

use crate::db::Conn;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::litestream::{CannotRun, Settings};
use super::restore::restore_one;
use crate::db::schema::shared::backup_verifications;
use crate::db::{Databases, DbError, Store};
use crate::jobs::queue::now_ms;

/// Results kept per file.
const KEEP_PER_FILE: i64 = 500;
/// The first look comes after one sync interval, then every half second: the lag recorded is
/// an upper bound to within the time of one restore and half a second.
const FIRST_LOOK: Duration = Duration::from_secs(1);
const RETRY_EVERY: Duration = Duration::from_millis(500);

/// One file's verification.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = backup_verifications)]
pub struct Verification {
    pub id: i64,
    pub file: String,
    pub started_at: i64,
    pub finished_at: i64,
    /// 1 when the file restored with its sentinel and passed its integrity check.
    pub ok: i64,
    pub lag_ms: Option<i64>,
    pub detail: String,
}

impl Verification {
    pub fn passed(&self) -> bool {
        self.ok == 1
    }
}

#[derive(Insertable)]
#[diesel(table_name = backup_verifications)]
struct NewVerification {
    file: String,
    started_at: i64,
    finished_at: i64,
    ok: i64,
    lag_ms: Option<i64>,
    detail: String,
}

/// Work folders older than this belong to a verification that never finished (a crash).
const STALE_WORK: Duration = Duration::from_secs(60 * 60);

/// Removes the work folders of verifications that never finished.
async fn remove_stale_work(db_dir: &Path) {
    let Ok(mut entries) = tokio::fs::read_dir(db_dir).await else {
        return;
    };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .await
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_WORK);
        if name.starts_with(".verify-")
            && old
            && let Err(e) = tokio::fs::remove_dir_all(entry.path()).await
        {
            tracing::warn!(error = %e, folder = %name, "cannot remove an old verification folder");
        }
    }
}

/// Verifies every replicated file and records the results; returns them.
pub async fn run(
    settings: &Settings,
    dbs: &Arc<Databases>,
    db_dir: &Path,
) -> Result<Vec<Verification>, DbError> {
    remove_stale_work(db_dir).await;
    let checks = dbs
        .all()
        .filter(|db| db.store().is_replicated())
        .map(|db| verify_file(settings, dbs, db.store(), db_dir));
    let results = futures_util::future::join_all(checks).await;
    let rows: Vec<NewVerification> = results;
    for row in &rows {
        if row.ok == 1 {
            tracing::info!(file = %row.file, lag_ms = row.lag_ms, "backup verified");
        } else {
            tracing::error!(file = %row.file, detail = %row.detail, "backup verification failed");
        }
    }
    dbs.shared
        .write(move |conn| -> Result<Vec<Verification>, DbError> {
            let mut recorded = Vec::with_capacity(rows.len());
            for row in &rows {
                recorded.push(
                    diesel::insert_into(backup_verifications::table)
                        .values(row)
                        .returning(crate::db::columns_of::<Verification>())
                        .get_result(conn)?,
                );
                trim(conn, &row.file)?;
            }
            Ok(recorded)
        })
        .await
}

/// Keeps the newest [`KEEP_PER_FILE`] results of `file`.
fn trim(conn: &mut Conn, file: &str) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM backup_verifications WHERE file = ? AND id < \
         (SELECT id FROM backup_verifications WHERE file = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
    )
    .bind::<Text, _>(file)
    .bind::<Text, _>(file)
    .bind::<BigInt, _>(KEEP_PER_FILE - 1)
    .execute(conn)
}

/// The newest result of each file, by file name.
pub fn latest(conn: &mut Conn) -> QueryResult<Vec<Verification>> {
    diesel::sql_query(
        "SELECT * FROM backup_verifications WHERE id IN \
         (SELECT max(id) FROM backup_verifications GROUP BY file) ORDER BY file",
    )
    .load(conn)
}

async fn verify_file(
    settings: &Settings,
    dbs: &Arc<Databases>,
    store: Store,
    db_dir: &Path,
) -> NewVerification {
    let started_at = now_ms();
    let file = store.file_name();
    let (ok, lag_ms, detail) = match check(settings, dbs, store, db_dir).await {
        Ok(lag) => (
            1,
            Some(lag.as_millis() as i64),
            "restored; sentinel found; integrity ok".to_string(),
        ),
        Err(e) => (0, None, format!("{e:#}")),
    };
    NewVerification {
        file,
        started_at,
        finished_at: now_ms(),
        ok,
        lag_ms,
        detail,
    }
}

/// Writes the sentinel and waits for a restore that holds it; the lag on success.
async fn check(
    settings: &Settings,
    dbs: &Arc<Databases>,
    store: Store,
    db_dir: &Path,
) -> anyhow::Result<Duration> {
    let db = dbs
        .all()
        .find(|db| db.store() == store)
        .with_context(|| format!("{} is not open", store.file_name()))?;
    let token = format!("{:032x}", rand::random::<u128>());
    let written = token.clone();
    db.write(move |conn| write_sentinel(conn, &written, now_ms()).map_err(DbError::from))
        .await?;
    let committed = Instant::now();
    let work = tempfile::Builder::new()
        .prefix(".verify-")
        .tempdir_in(db_dir)
        .with_context(|| format!("creating a temporary folder in {}", db_dir.display()))?;
    let deadline = committed + settings.verify_timeout;
    tokio::time::sleep(FIRST_LOOK.min(settings.verify_timeout)).await;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let out = work.path().join(format!("{}-{attempt}.db", store.name()));
        let outcome = match restore_one(settings, db_dir, store, &out, None).await {
            Ok(()) => read_sentinel(out.clone()).await,
            Err(e) => Err(e),
        };
        let _ = tokio::fs::remove_file(&out).await;
        let problem = match outcome {
            Ok(Some(found)) if found == token => return Ok(committed.elapsed()),
            Ok(_) => "the replica does not hold the sentinel yet".to_string(),
            Err(e) if e.downcast_ref::<CannotRun>().is_some() => return Err(e),
            Err(e) => format!("{e:#}"),
        };
        if Instant::now() + RETRY_EVERY > deadline {
            anyhow::bail!(
                "after {} s: {problem} (is Litestream running? replica: {})",
                settings.verify_timeout.as_secs(),
                settings.replica.describe()
            );
        }
        tokio::time::sleep(RETRY_EVERY).await;
    }
}

pub fn write_sentinel(conn: &mut Conn, token: &str, now: i64) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO backup_sentinel (id, token, written_at) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET token = excluded.token, written_at = excluded.written_at",
    )
    .bind::<Text, _>(token)
    .bind::<BigInt, _>(now)
    .execute(conn)
}

#[derive(QueryableByName)]
struct Sentinel {
    #[diesel(sql_type = Text)]
    token: String,
}

/// The restored copy's token, after its integrity check.
async fn read_sentinel(path: PathBuf) -> anyhow::Result<Option<String>> {
    tokio::task::spawn_blocking(move || -> anyhow::Result<Option<String>> {
        let mut conn = super::checked_file(&path)?;
        let name = path.display().to_string();
        let row: Option<Sentinel> = diesel::sql_query("SELECT token FROM backup_sentinel")
            .get_result(&mut conn)
            .optional()
            .with_context(|| format!("reading the sentinel of {name}"))?;
        Ok(row.map(|r| r.token))
    })
    .await
    .context("the verification thread stopped")?
}
