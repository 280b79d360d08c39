//! Backups: Litestream's continuous replication of the files that hold accepted data, restore
//! from the replica, the recurring proof that the replica restores, and on-demand snapshots.
//!
//! - [`litestream`]: the settings, and running the `litestream` binary with them;
//! - [`supervisor`]: `clubhouse serve` keeping `litestream replicate` alive (CLUBHOUSE_LITESTREAM=1);
//! - [`restore`]: `clubhouse restore`;
//! - [`verify`]: the verification job and its recorded results;
//! - [`status`]: what the operator's backups page and `/up` report;
//! - [`snapshot`]: `clubhouse backup --to DIR`.

pub mod litestream;
pub mod restore;
pub mod snapshot;
pub mod status;
pub mod supervisor;
pub mod verify;

pub use litestream::{Mode, Replica, Settings};
pub use supervisor::{Replication, Supervisor};

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use diesel::{Connection, SqliteConnection};

use crate::db::Store;
use crate::sports::Sport;

/// The files Litestream replicates: those that hold accepted data. The cache and the pub/sub
/// log are rebuilt by the app (and `db/litestream.yml` leaves them out).
pub fn replicated(sports: &[Sport]) -> Vec<Store> {
    Store::all(sports)
        .into_iter()
        .filter(|store| store.is_replicated())
        .collect()
}

/// Opens the SQLite file at `path` (a snapshot, a restored copy) and runs
/// `PRAGMA integrity_check` on it; the open connection, for more reading.
pub fn checked_file(path: &Path) -> anyhow::Result<SqliteConnection> {
    let name = path.display().to_string();
    let mut conn = SqliteConnection::establish(&name).with_context(|| format!("opening {name}"))?;
    let verdict = crate::db::pragma_text(&mut conn, "integrity_check")
        .with_context(|| format!("checking {name}"))?;
    if verdict != "ok" {
        anyhow::bail!("{name} failed its integrity check: {verdict}");
    }
    Ok(conn)
}

/// The terminal progress bar of `clubhouse backup` and `clubhouse restore`, one step a file.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
