//! `clubhouse backup --to DIR`: a consistent snapshot of every database file, taken with
//! `VACUUM INTO` while the app keeps serving — never a file copy, which can catch a live WAL
//! database half-written. Each snapshot is checked with `PRAGMA integrity_check` before the
//! next is taken; a target that is not empty is refused, so nothing is ever overwritten.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};

use crate::db::Store;

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub file: String,
    pub bytes: u64,
}

/// Refuses a target that exists and holds anything.
fn check_target(to: &Path) -> anyhow::Result<()> {
    if let Ok(mut entries) = std::fs::read_dir(to)
        && entries.next().is_some()
    {
        bail!(
            "{} is not empty: a backup goes into a new or empty directory",
            to.display()
        );
    }
    if to.exists() && !to.is_dir() {
        bail!("{} exists and is not a directory", to.display());
    }
    Ok(())
}

/// SQL string literal: single quotes doubled.
fn quoted(path: &Path) -> anyhow::Result<String> {
    let text = path
        .to_str()
        .with_context(|| format!("{} is not valid UTF-8", path.display()))?;
    Ok(format!("'{}'", text.replace('\'', "''")))
}

fn snapshot_one(from: &Path, to: &Path) -> anyhow::Result<u64> {
    let source = from.display().to_string();
    let mut conn =
        SqliteConnection::establish(&source).with_context(|| format!("opening {source}"))?;
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = 5000; VACUUM INTO {};",
        quoted(to)?
    ))
    .with_context(|| format!("VACUUM INTO {} from {source}", to.display()))?;
    let target = to.display().to_string();
    super::checked_file(to)?;
    Ok(std::fs::metadata(to)
        .with_context(|| format!("reading {target}"))?
        .len())
}

/// Snapshots every file of `stores` from `dir` into `to`, calling `step` before each.
pub fn snapshot_all(
    dir: &Path,
    stores: &[Store],
    to: &Path,
    mut step: impl FnMut(&str),
) -> anyhow::Result<Vec<Snapshot>> {
    check_target(to)?;
    let sources: Vec<(String, PathBuf)> = stores
        .iter()
        .map(|s| (s.file_name(), dir.join(s.file_name())))
        .collect();
    for (_, path) in &sources {
        if !path.is_file() {
            bail!(
                "no database file at {} (is CLUBHOUSE_DB_DIR right?)",
                path.display()
            );
        }
    }
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let mut written = Vec::with_capacity(sources.len());
    for (name, path) in sources {
        step(&name);
        let bytes = snapshot_one(&path, &to.join(&name))?;
        written.push(Snapshot { file: name, bytes });
    }
    Ok(written)
}

/// The command: a progress bar on the terminal, a line per file at the end.
pub fn run(dir: &Path, stores: &[Store], to: &Path) -> anyhow::Result<()> {
    let bar = super::progress_bar(stores.len());
    let outcome = snapshot_all(dir, stores, to, |name| {
        bar.set_message(name.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    for snapshot in outcome? {
        println!(
            "{}  {} bytes  integrity ok",
            to.join(&snapshot.file).display(),
            snapshot.bytes
        );
    }
    Ok(())
}
