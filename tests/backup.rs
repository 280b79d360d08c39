//! `clubhouse backup --to DIR`: the real binary snapshots every file of a running app while
//! writes continue; every snapshot opens and passes `integrity_check`; a non-empty target or
//! a wrong database directory is refused and nothing is written.

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::RunQueryDsl;

use crate::support::TestApp;

fn backup(db_dir: &std::path::Path, to: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(["backup", "--to"])
        .arg(to)
        .env_clear()
        .env("CLUBHOUSE_DB_DIR", db_dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run clubhouse backup")
}

/// Rows of `table` in the snapshot at `path`, after its integrity check.
fn count(path: &std::path::Path, table: &str) -> i64 {
    let mut conn = crate::support::open_file(path);
    let verdict = clubhouse::db::pragma_text(&mut conn, "integrity_check").expect("check");
    assert_eq!(verdict, "ok", "{}", path.display());
    crate::support::count(&mut conn, &format!("SELECT count(*) AS n FROM {table}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_taken_while_writes_continue_passes_its_integrity_check() {
    let app = TestApp::start().await;
    let dbs = app.shared_dbs();
    let writing = Arc::new(AtomicBool::new(true));
    let keep = writing.clone();
    // Writes to two files, one after another, for as long as the backup runs.
    let writer = tokio::spawn(async move {
        let mut n = 0i64;
        while keep.load(Ordering::Relaxed) {
            let at = n;
            dbs.live
                .write(move |conn| {
                    clubhouse::db::live_log::append(conn, &[("en:event:1:1", "x", "row")], at)
                        .map_err(clubhouse::db::DbError::from)
                })
                .await
                .expect("live write");
            dbs.shared
                .write(move |conn| {
                    diesel::sql_query(format!(
                        "INSERT INTO suppressions (email, reason, detail, created_at) \
                         VALUES ('p{at}@example.com', 'bounce', '', {at})"
                    ))
                    .execute(conn)
                    .map_err(clubhouse::db::DbError::from)
                })
                .await
                .expect("shared write");
            n += 1;
        }
        n
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let scratch = tempfile::tempdir().expect("temp dir");
    let to = scratch.path().join("snapshot");
    let db_dir = app.db_dir();
    let (dir, target) = (db_dir.clone(), to.clone());
    let out = tokio::task::spawn_blocking(move || backup(&dir, &target))
        .await
        .expect("backup thread");
    writing.store(false, Ordering::Relaxed);
    let written = writer.await.expect("writer");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in ["shared", "curling", "pickleball", "queue", "cache", "live"] {
        assert!(stdout.contains(&format!("{file}.db")), "{file} in {stdout}");
    }
    assert_eq!(stdout.matches("integrity ok").count(), 6, "{stdout}");
    let live = count(&to.join("live.db"), "live_events");
    let shared = count(&to.join("shared.db"), "suppressions");
    assert!(live > 0 && live <= written, "{live} of {written}");
    assert!(shared > 0 && shared <= written, "{shared} of {written}");
    count(&to.join("curling.db"), "programs");

    // A second backup into the same directory is refused and changes nothing there.
    let before = std::fs::metadata(to.join("live.db")).expect("meta").len();
    let again = backup(&db_dir, &to);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    assert_eq!(
        std::fs::metadata(to.join("live.db")).expect("meta").len(),
        before
    );
    // A directory without the files is refused before anything is written.
    let elsewhere = scratch.path().join("other");
    let wrong = backup(&scratch.path().join("nothing-here"), &elsewhere);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("no database file"));
    assert!(!elsewhere.exists(), "nothing written");
    app.stop().await;
}
