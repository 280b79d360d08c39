//! `clubhouse restore [--to DIR] [--timestamp T] [FILE…]`: brings files back from the
//! Litestream replica. All or nothing: every file is restored into a staging folder and
//! passes `PRAGMA integrity_check` before any is moved into place, and a database that
//! exists is never overwritten (the operator stops the app and moves it aside first).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::litestream::Settings;
use crate::db::Store;
use crate::sports::Sport;

/// What to restore, and where.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A new or empty directory; without it, the files go back into CLUBHOUSE_DB_DIR.
    pub to: Option<PathBuf>,
    /// A moment in RFC 3339 (`2026-11-22T09:30:00Z`); without it, the latest state.
    pub timestamp: Option<String>,
    /// File names (`shared`, `curling.db`, …); without any, every replicated file.
    pub files: Vec<String>,
}

/// One file brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub path: PathBuf,
    pub bytes: u64,
}

/// The files asked for, by name; an unknown or unreplicated name is refused.
pub fn stores(sports: &[Sport], names: &[String]) -> anyhow::Result<Vec<Store>> {
    let known = super::replicated(sports);
    if names.is_empty() {
        return Ok(known);
    }
    let list = || {
        known
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut chosen = Vec::new();
    for name in names {
        let bare = name.trim().trim_end_matches(".db");
        if let Some(store) = known.iter().find(|s| s.name() == bare) {
            if !chosen.contains(store) {
                chosen.push(*store);
            }
        } else if Store::all(sports).iter().any(|s| s.name() == bare) {
            bail!("{bare}.db is not backed up: the app rebuilds it when it starts");
        } else {
            bail!("unknown file {name:?}: the backed-up files are {}", list());
        }
    }
    Ok(chosen)
}

/// `2026-11-22T09:30:00Z` in UTC, as Litestream wants it; anything else is refused here with
/// a clearer message than Litestream's.
pub fn timestamp(text: &str) -> anyhow::Result<String> {
    let moment = chrono::DateTime::parse_from_rfc3339(text.trim()).with_context(|| {
        format!("--timestamp {text:?}: expected a moment such as 2026-11-22T09:30:00Z")
    })?;
    Ok(moment
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string())
}

/// Refuses any target that would overwrite something.
fn check_target(target: &Path, into_db_dir: bool, stores: &[Store]) -> anyhow::Result<()> {
    if target.exists() && !target.is_dir() {
        bail!("{} exists and is not a directory", target.display());
    }
    if into_db_dir {
        for store in stores {
            for suffix in ["", "-wal", "-shm"] {
                let path = target.join(format!("{}{suffix}", store.file_name()));
                if path.exists() {
                    bail!(
                        "{} exists: restore never overwrites a database. Stop the app and move the \
                         file aside first, or restore with --to into a new directory",
                        path.display()
                    );
                }
            }
        }
    } else if let Ok(mut entries) = std::fs::read_dir(target)
        && entries.next().is_some()
    {
        bail!(
            "{} is not empty: restore goes into a new or empty directory",
            target.display()
        );
    }
    Ok(())
}

/// Restores `request`'s files; `step` is told each file as it starts.
pub async fn restore(
    settings: &Settings,
    db_dir: &Path,
    sports: &[Sport],
    request: &Request,
    mut step: impl FnMut(&str),
) -> anyhow::Result<Vec<Restored>> {
    let stores = stores(sports, &request.files)?;
    let timestamp = request.timestamp.as_deref().map(timestamp).transpose()?;
    let target = request.to.clone().unwrap_or_else(|| db_dir.to_path_buf());
    check_target(&target, request.to.is_none(), &stores)?;
    let created_target = !target.exists();
    tokio::fs::create_dir_all(&target)
        .await
        .with_context(|| format!("creating {}", target.display()))?;
    let staging = target.join(format!(".restoring-{}", std::process::id()));
    let outcome = async {
        tokio::fs::create_dir_all(&staging)
            .await
            .with_context(|| format!("creating {}", staging.display()))?;
        let mut staged = Vec::new();
        for store in &stores {
            step(&store.file_name());
            let out = staging.join(store.file_name());
            restore_one(settings, db_dir, *store, &out, timestamp.as_deref()).await?;
            staged.push((*store, out));
        }
        let mut restored = Vec::new();
        for (store, from) in staged {
            let to = target.join(store.file_name());
            tokio::fs::rename(&from, &to)
                .await
                .with_context(|| format!("moving {} to {}", from.display(), to.display()))?;
            let bytes = tokio::fs::metadata(&to).await.map(|m| m.len()).unwrap_or(0);
            restored.push(Restored { path: to, bytes });
        }
        anyhow::Ok(restored)
    }
    .await;
    let _ = tokio::fs::remove_dir_all(&staging).await;
    if outcome.is_err() && created_target {
        let _ = tokio::fs::remove_dir_all(&target).await;
    }
    outcome
}

/// One file from the replica into `out`, then its integrity check.
pub async fn restore_one(
    settings: &Settings,
    db_dir: &Path,
    store: Store,
    out: &Path,
    timestamp: Option<&str>,
) -> anyhow::Result<()> {
    let source = db_dir.join(store.file_name());
    let mut args: Vec<&std::ffi::OsStr> = vec!["-o".as_ref(), out.as_os_str()];
    if let Some(t) = timestamp {
        args.push("-timestamp".as_ref());
        args.push(t.as_ref());
    }
    args.push(source.as_os_str());
    match settings.run(db_dir, "restore", &args).await {
        Ok(_) => {}
        Err(e) if e.to_string().contains("no matching backup") => {
            let when = timestamp.map(|t| format!(" at {t}")).unwrap_or_default();
            bail!(
                "no backup of {}{when} in {}: nothing restored",
                store.file_name(),
                settings.replica.describe()
            );
        }
        Err(e) => return Err(e.context(format!("restoring {}", store.file_name()))),
    }
    let checked = out.to_path_buf();
    tokio::task::spawn_blocking(move || super::checked_file(&checked).map(drop))
        .await
        .context("the integrity-check thread stopped")?
}

/// The command: a progress bar, then a line per file.
pub async fn run(
    settings: &Settings,
    db_dir: &Path,
    sports: &[Sport],
    request: Request,
) -> anyhow::Result<()> {
    let count = stores(sports, &request.files)?.len();
    let bar = super::progress_bar(count);
    let outcome = restore(settings, db_dir, sports, &request, |name| {
        bar.set_message(format!("restoring {name}"));
        bar.inc(1);
    })
    .await;
    bar.finish_and_clear();
    for file in outcome? {
        println!(
            "{}  {} bytes  integrity ok  (from {})",
            file.path.display(),
            file.bytes,
            settings.replica.describe()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_with_or_without_db() {
        let sports = [Sport::Curling];
        let all = stores(&sports, &[]).expect("every file");
        assert_eq!(
            all,
            vec![Store::Shared, Store::Sport(Sport::Curling), Store::Queue]
        );
        let some = stores(&sports, &["curling.db".into(), "shared".into()]).expect("two");
        assert_eq!(some, vec![Store::Sport(Sport::Curling), Store::Shared]);
        let e = stores(&sports, &["cache".into()]).expect_err("not backed up");
        assert!(e.to_string().contains("not backed up"), "{e}");
        let e = stores(&sports, &["pickleball".into()]).expect_err("not run here");
        assert!(e.to_string().contains("unknown file"), "{e}");
    }

    #[test]
    fn timestamps_become_utc() {
        assert_eq!(
            timestamp("2026-11-22T04:30:00-05:00").expect("valid"),
            "2026-11-22T09:30:00Z"
        );
        assert!(timestamp("yesterday").is_err());
    }

    #[test]
    fn targets_that_hold_files_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        check_target(dir.path(), false, &[Store::Shared]).expect("empty is fine");
        std::fs::write(dir.path().join("notes.txt"), "x").expect("write");
        assert!(check_target(dir.path(), false, &[Store::Shared]).is_err());
        // Into the database directory: only the files being restored matter.
        check_target(dir.path(), true, &[Store::Shared]).expect("no shared.db there");
        std::fs::write(dir.path().join("shared.db-wal"), "x").expect("write");
        let e = check_target(dir.path(), true, &[Store::Shared]).expect_err("a WAL is there");
        assert!(e.to_string().contains("never overwrites"), "{e}");
    }
}
