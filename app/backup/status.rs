//! What the operator's backups page shows, per file, and why `/up` says "degraded".

use std::path::Path;
use std::sync::Arc;

use super::litestream::{Mode, Settings};
use super::supervisor::Replication;
use super::verify::{self, Verification};
use crate::db::{Databases, DbError};

/// One replicated file.
#[derive(Debug, Clone)]
pub struct FileStatus {
    pub file: String,
    pub db_bytes: u64,
    pub wal_bytes: u64,
    /// When the newest LTX file in the replica was written.
    pub last_replicated: Option<chrono::DateTime<chrono::Utc>>,
    /// Bytes of every LTX file in the replica, at every level.
    pub replica_bytes: Option<u64>,
    /// Why the replica could not be listed.
    pub replica_error: Option<String>,
    pub verification: Option<Verification>,
}

#[derive(Debug, Clone)]
pub struct Overview {
    /// The data is in PostgreSQL: none of the files' backups apply.
    pub on_postgres: bool,
    pub mode: Mode,
    pub replica: String,
    pub replication: Replication,
    /// Free space where the database files are.
    pub free_disk_bytes: Option<u64>,
    pub files: Vec<FileStatus>,
    pub problems: Vec<String>,
}

/// Reasons to report "degraded": Litestream down, or a file's last verification failed.
pub fn problems(replication: &Replication, latest: &[Verification]) -> Vec<String> {
    let mut problems: Vec<String> = replication.problem().into_iter().collect();
    for v in latest.iter().filter(|v| !v.passed()) {
        problems.push(format!(
            "backup verification of {} failed at {}: {}",
            v.file,
            utc(v.finished_at),
            v.detail
        ));
    }
    problems
}

/// What `/up` needs: cheap (one indexed query, no process started).
pub async fn health(
    dbs: &Databases,
    mode: Mode,
    replication: &Replication,
) -> Result<Vec<String>, DbError> {
    if mode == Mode::Off {
        return Ok(Vec::new());
    }
    let latest = dbs
        .shared
        .read(|conn| verify::latest(conn).map_err(DbError::from))
        .await?;
    Ok(problems(replication, &latest))
}

/// Everything the operator's page shows. Lists each replica with `litestream ltx`.
pub async fn overview(
    settings: &Settings,
    dbs: &Arc<Databases>,
    db_dir: &Path,
    replication: Replication,
) -> Result<Overview, DbError> {
    let latest = dbs
        .shared
        .read(|conn| verify::latest(conn).map_err(DbError::from))
        .await?;
    // One `litestream ltx` per file, all at once.
    let listed = dbs.all().filter(|db| db.store().is_replicated()).map(|db| {
        let latest = &latest;
        async move {
            let store = db.store();
            let file = store.file_name();
            let (last_replicated, replica_bytes, replica_error) = if settings.mode == Mode::Off {
                (None, None, None)
            } else {
                match settings.replica_files(db_dir, store).await {
                    Ok(ltx) => (
                        ltx.iter().map(|f| f.timestamp).max(),
                        Some(ltx.iter().map(|f| f.size).sum()),
                        None,
                    ),
                    Err(e) => (None, None, Some(format!("{e:#}"))),
                }
            };
            let path = db.path().to_path_buf();
            FileStatus {
                db_bytes: size(&path).await,
                wal_bytes: size(&path.with_extension("db-wal")).await,
                verification: latest.iter().find(|v| v.file == file).cloned(),
                file,
                last_replicated,
                replica_bytes,
                replica_error,
            }
        }
    });
    let on_postgres = dbs.shared.is_postgres();
    let files = if on_postgres {
        Vec::new()
    } else {
        futures_util::future::join_all(listed).await
    };
    let dir = db_dir.to_path_buf();
    let free_disk_bytes = tokio::task::spawn_blocking(move || free_space(&dir))
        .await
        .ok()
        .flatten();
    let problems = if settings.mode == Mode::Off {
        Vec::new()
    } else {
        problems(&replication, &latest)
    };
    Ok(Overview {
        on_postgres,
        mode: settings.mode,
        replica: settings.replica.describe(),
        replication,
        free_disk_bytes,
        files,
        problems,
    })
}

async fn size(path: &Path) -> u64 {
    tokio::fs::metadata(path)
        .await
        .map(|m| m.len())
        .unwrap_or(0)
}

/// Bytes an unprivileged process may still write on the file system holding `dir`.
fn free_space(dir: &Path) -> Option<u64> {
    let stat = nix::sys::statvfs::statvfs(dir).ok()?;
    Some(stat.blocks_available() as u64 * stat.fragment_size() as u64)
}

/// `2026-11-22 09:30:00 UTC`.
pub fn utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}
