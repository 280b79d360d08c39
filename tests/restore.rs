//! Litestream, for real: the restore drill (writes through HTTP to a `clubhouse serve` that
//! runs Litestream, stop, restore into an empty directory, serve the restored files, find
//! every acknowledged write), restore's refusals, the verification job passing with
//! Litestream and failing without it, and the supervisor restarting a Litestream that dies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use clubhouse::backup::{Mode, Replica, Replication, Settings};
use clubhouse::db::DbError;

use crate::registration::program_form;
use crate::support::{
    Person, TestApp, count, hidden_value, litestream_pid, open_file, serve_process_with, wait_until,
};

/// The repository's Litestream configuration.
pub const LITESTREAM_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/db/litestream.yml");
const PASSWORD: &str = "a long enough passphrase";

/// The environment of a `clubhouse` that replicates `db` into `replica`.
fn vars(db: &Path, replica: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("CLUBHOUSE_DB_DIR", db.display().to_string()),
        ("CLUBHOUSE_BACKUP_DIR", replica.display().to_string()),
        ("CLUBHOUSE_LITESTREAM_CONFIG", LITESTREAM_CONFIG.to_string()),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ]
}

/// A scratch folder holding a database directory and a replica directory, and the
/// environment of a `clubhouse` that replicates the one into the other.
fn scene() -> (
    tempfile::TempDir,
    PathBuf,
    PathBuf,
    Vec<(&'static str, String)>,
) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let (db, replica) = (scratch.path().join("db"), scratch.path().join("backups"));
    let env = vars(&db, &replica);
    (scratch, db, replica, env)
}

/// `clubhouse serve` on `db` running Litestream, with `workers` job workers.
async fn serve_replicating(
    db: &Path,
    env: &[(&'static str, String)],
    workers: &str,
) -> (std::process::Child, String) {
    let mut serving: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    serving.extend([
        ("CLUBHOUSE_LITESTREAM", "1"),
        ("CLUBHOUSE_WORKERS", workers),
    ]);
    serve_process_with(db, &serving).await
}

/// `clubhouse restore <args>` with `vars`.
fn restore(vars: &[(&'static str, String)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .arg("restore")
        .args(args)
        .env_clear()
        .env("RUST_LOG", "warn")
        .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("run clubhouse restore")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Settings for an in-process app whose replica is `replica`.
pub fn settings(mode: Mode, replica: &Path, timeout_secs: u64) -> Settings {
    Settings {
        mode,
        bin: "litestream".into(),
        config_file: LITESTREAM_CONFIG.into(),
        replica: Replica::Dir(replica.to_path_buf()),
        verify_timeout: Duration::from_secs(timeout_secs),
        log_level: "warn".into(),
        stand_in_every: Duration::from_secs(1),
    }
}

/// What the drill writes, each acknowledged (303) before the next.
struct Written {
    email: String,
    sheets: Vec<String>,
    program: String,
}

async fn write_club_data(base: &str) -> Written {
    let owner = Person::at(base);
    let email = "rhea@drill.example".to_string();
    owner
        .sign_up_confirmed("Rhea Restore", &email, PASSWORD)
        .await
        .assert_redirect("/clubs");
    owner
        .post(
            "/clubs",
            &[
                ("name", "Drill Curling Club"),
                ("slug", "drill"),
                ("sport", "curling"),
                ("region", "CA-ON"),
            ],
        )
        .await
        .assert_redirect("/clubs/drill");
    let mut sheets = Vec::new();
    for n in 1..=12 {
        let name = format!("Sheet {n}");
        let added = owner
            .post("/clubs/drill/sheets", &[("name", name.as_str())])
            .await;
        assert_eq!(added.status, 303, "{}", added.body);
        sheets.push(name);
    }
    let program = "Drill League".to_string();
    let fields = program_form(&program, "10", "100");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let created = owner.post("/clubs/drill/programs", &pairs).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let path = created.location.clone().expect("program page");
    let page = owner.get(&path).await;
    let profile = hidden_value(&page.body, "profile").expect("a profile");
    let registered = owner
        .post(&format!("{path}/register"), &[("profile", &profile)])
        .await;
    assert_eq!(registered.status, 303, "{}", registered.body);
    Written {
        email,
        sheets,
        program,
    }
}

/// Waits until Litestream holds a first copy of each file. It ships nothing, not even on
/// SIGTERM, before its first sync after a start: a write in that first second stays in the
/// WAL and reaches the replica with the next start. In production the app has been up
/// longer than that.
async fn first_copies(replica: &Path) {
    wait_until(
        "Litestream's first copies",
        Duration::from_secs(15),
        || async {
            ["shared", "curling", "pickleball", "queue"]
                .iter()
                .all(|f| replica.join(f).join("ltx").is_dir())
        },
    )
    .await;
}

/// SIGTERM, then wait for the process to finish its shutdown.
fn stop(child: &mut std::process::Child) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = child.wait().expect("wait");
    assert!(status.success(), "clubhouse serve exited with {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_restore_drill_finds_every_acknowledged_write() {
    let (scratch, db, replica, env) = scene();
    let (mut app, base) = serve_replicating(&db, &env, "1").await;
    first_copies(&replica).await;
    let written = write_club_data(&base).await;
    // The app stops first, then the Litestream it runs (which ships the rest on SIGTERM).
    stop(&mut app);
    assert!(
        replica.join("shared").is_dir(),
        "Litestream wrote a replica"
    );

    let restored = scratch.path().join("restored");
    let out = restore(&env, &["--to", restored.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    for file in ["shared.db", "curling.db", "pickleball.db", "queue.db"] {
        assert!(restored.join(file).is_file(), "{file} restored: {report}");
        assert!(report.contains(file), "{report}");
    }
    assert_eq!(report.matches("integrity ok").count(), 4, "{report}");
    assert!(
        !restored.join("cache.db").exists(),
        "the cache is not backed up"
    );

    // The app starts on the restored files alone, and every acknowledged write is there.
    let (mut again, base) = serve_process_with(&restored, &[]).await;
    let owner = Person::at(&base);
    owner
        .sign_in(&written.email, PASSWORD)
        .await
        .assert_redirect("/clubs");
    let club = owner.get("/clubs/drill").await;
    club.assert_status(200)
        .assert_contains("Drill Curling Club");
    for sheet in &written.sheets {
        club.assert_contains(sheet);
    }
    owner
        .get("/clubs/drill/my-registrations")
        .await
        .assert_status(200)
        .assert_contains(&written.program);
    crate::support::kill_9(&mut again);

    // Restore never overwrites: into the live directory, into a non-empty one, an unknown
    // file, a bad moment, and a replica that does not exist are refused; nothing changes.
    let before = std::fs::read(db.join("shared.db")).expect("read shared.db");
    let refused = restore(&env, &[]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("never overwrites"),
        "{}",
        text(&refused)
    );
    assert_eq!(std::fs::read(db.join("shared.db")).expect("read"), before);
    let full = restore(&env, &["--to", restored.to_str().expect("utf-8")]);
    assert!(text(&full).contains("is not empty"), "{}", text(&full));
    let fresh = scratch.path().join("fresh");
    let fresh_arg = fresh.to_str().expect("utf-8");
    let unknown = restore(&env, &["--to", fresh_arg, "hockey"]);
    assert!(
        text(&unknown).contains("unknown file"),
        "{}",
        text(&unknown)
    );
    let cache = restore(&env, &["--to", fresh_arg, "cache"]);
    assert!(text(&cache).contains("not backed up"), "{}", text(&cache));
    let moment = restore(&env, &["--to", fresh_arg, "--timestamp", "last tuesday"]);
    assert!(text(&moment).contains("--timestamp"), "{}", text(&moment));
    let empty = scratch.path().join("no-replica");
    let nothing = restore(&vars(&db, &empty), &["--to", fresh_arg]);
    assert!(!nothing.status.success());
    assert!(
        text(&nothing).contains("no backup of"),
        "{}",
        text(&nothing)
    );
    assert!(!fresh.exists(), "a refused restore leaves nothing behind");

    // The README's way: move the files aside, restore in place, start again with Litestream;
    // replication carries on from the restored files.
    let aside = scratch.path().join("aside");
    std::fs::create_dir(&aside).expect("aside");
    for entry in std::fs::read_dir(&db).expect("db dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".db") && !name.starts_with('.') {
            std::fs::rename(entry.path(), aside.join(&name)).expect("move aside");
        }
    }
    let in_place = restore(&env, &[]);
    assert!(in_place.status.success(), "{}", text(&in_place));
    let restarted = std::time::SystemTime::now();
    let (mut resumed, base) = serve_replicating(&db, &env, "1").await;
    // Litestream ships nothing (not even on SIGTERM) before its first sync after a start;
    // a write in that first second stays in the WAL and goes with the next start. As in
    // production, the app has been up past that moment.
    wait_until(
        "Litestream's first sync",
        Duration::from_secs(15),
        || async { newest_change(&replica.join("curling")).is_some_and(|t| t > restarted) },
    )
    .await;
    let owner = Person::at(&base);
    owner
        .sign_in(&written.email, PASSWORD)
        .await
        .assert_redirect("/clubs");
    owner
        .post("/clubs/drill/sheets", &[("name", "Sheet 13")])
        .await
        .assert_status(303);
    stop(&mut resumed);
    let after = scratch.path().join("after-resume");
    let out = restore(&env, &["--to", after.to_str().expect("utf-8"), "curling"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(rows(&after.join("curling.db"), "sheets"), 13);
}

/// The newest verification of every replicated file.
async fn latest(app: &TestApp) -> Vec<clubhouse::backup::verify::Verification> {
    app.dbs()
        .shared
        .read(|conn| clubhouse::backup::verify::latest(conn).map_err(DbError::from))
        .await
        .expect("verifications")
}

/// An in-process app whose backups run in `mode` into a fresh replica (`change` adjusts the
/// settings), with no job workers: the hourly job would verify at start, beside the test's
/// own verifications (in production they take turns).
async fn backed_up_app(
    mode: Mode,
    timeout_secs: u64,
    change: impl FnOnce(&mut Settings),
) -> (tempfile::TempDir, Settings, TestApp) {
    let replica = tempfile::tempdir().expect("replica dir");
    let mut backups = settings(mode, replica.path(), timeout_secs);
    change(&mut backups);
    let app = TestApp::start_with(|c| {
        c.backup = backups.clone();
        c.workers = 0;
        c.operators = vec!["otto@ops.example".into()];
    })
    .await;
    (replica, backups, app)
}

async fn up(app: &TestApp) -> String {
    app.get("/up").await.text().await.expect("body")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_passes_with_litestream_and_fails_without_it() {
    let (replica, backups, app) = backed_up_app(Mode::External, 15, |_| {}).await;
    let operator = app.signed_up("Otto Operator", "otto@ops.example").await;
    let db_dir = app.db_dir();
    // Litestream run beside the app, as the Procfile's `replicate` does.
    let mut litestream = backups
        .command(&db_dir, "replicate")
        .expect("litestream command")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start litestream");

    // As in production, Litestream has made its first copy of each file before the job runs.
    first_copies(replica.path()).await;
    // The work folder of a verification that crashed an hour ago goes; a fresh one stays.
    let (stale, fresh) = (
        db_dir.join(".verify-crashed"),
        db_dir.join(".verify-running"),
    );
    for dir in [&stale, &fresh] {
        std::fs::create_dir(dir).expect("work folder");
    }
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    std::fs::File::open(&stale)
        .and_then(|f| f.set_modified(two_hours_ago))
        .expect("age the folder");
    // Litestream owns the checkpoints of the files it replicates, SQLite those of the others.
    for (db, pages) in [
        (&app.dbs().shared, 0),
        (&app.dbs().queue, 0),
        (&app.dbs().cache, 1000),
    ] {
        let found = db
            .read(|conn| {
                clubhouse::db::pragma_int(crate::support::sqlite(conn), "wal_autocheckpoint")
                    .map_err(DbError::from)
            })
            .await
            .expect("pragma");
        assert_eq!(found, pages, "{}", db.store().file_name());
    }
    let dbs = app.shared_dbs();
    let passed = clubhouse::backup::verify::run(&backups, &dbs, &db_dir)
        .await
        .expect("verification runs");
    assert_eq!(passed.len(), 4, "shared, two sports, queue: {passed:?}");
    for v in &passed {
        assert!(v.passed(), "{v:?}");
        let lag = v.lag_ms.expect("a lag");
        assert!(lag > 0 && lag < 15_000, "{v:?}");
    }
    assert_eq!(up(&app).await, "ok");
    assert!(!stale.exists() && fresh.exists());
    let page = operator.get("/operator/backups").await;
    page.assert_status(200)
        .assert_contains("Litestream runs beside the app")
        .assert_contains("<code>curling.db</code>")
        .assert_contains("passed")
        .assert_contains("Free disk where the database files are:");
    assert!(!page.body.contains("failed"), "{}", page.body);
    assert!(!page.body.contains("backup-problems"), "{}", page.body);

    litestream.kill().await.expect("stop litestream");
    let quick = Settings {
        verify_timeout: Duration::from_secs(5),
        ..backups.clone()
    };
    let mut failed = clubhouse::backup::verify::run(&quick, &dbs, &db_dir)
        .await
        .expect("verification runs");
    failed.sort_by(|a, b| a.file.cmp(&b.file));
    for v in &failed {
        assert!(!v.passed(), "{v:?}");
        assert!(v.detail.contains("is Litestream running?"), "{v:?}");
    }
    assert_eq!(
        latest(&app).await,
        failed,
        "the newest results are recorded"
    );
    let health = up(&app).await;
    assert!(
        health.starts_with("degraded: backup verification of curling.db failed"),
        "{health}"
    );
    operator
        .get("/fr/operator/backups")
        .await
        .assert_contains("échouée")
        .assert_contains("Dégradé")
        .assert_contains("is Litestream running?");
    // "Verify now" queues the job; people who are not operators do not see the page.
    operator
        .post("/operator/backups/verify", &[])
        .await
        .assert_redirect("/operator/backups");
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let queued = app
        .dbs()
        .queue
        .read(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT count(*) AS n FROM jobs WHERE kind = 'verify_backups'")
                .get_result::<Count>(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("jobs")
        .n;
    assert_eq!(queued, 1, "a verification is queued");
    let member = app.signed_up("Mia Member", "mia@ops.example").await;
    member.get("/operator/backups").await.assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_restarts_a_litestream_that_dies_and_up_says_so_meanwhile() {
    let (_replica, backups, app) = backed_up_app(Mode::Supervised, 10, |_| {}).await;
    let state = app.replication();
    let running_pid = || match state.get() {
        Replication::Running { pid, .. } => Some(pid),
        _ => None,
    };
    wait_until("Litestream runs", Duration::from_secs(10), || async {
        running_pid().is_some()
    })
    .await;
    let first = running_pid().expect("a pid");
    assert_eq!(up(&app).await, "ok");
    let killed = Command::new("kill")
        .args(["-9", &first.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    wait_until("the app notices", Duration::from_secs(5), || async {
        up(&app)
            .await
            .starts_with("degraded: Litestream is not running")
    })
    .await;
    wait_until(
        "Litestream is restarted",
        Duration::from_secs(10),
        || async { running_pid().is_some_and(|pid| pid != first) },
    )
    .await;
    assert_eq!(up(&app).await, "ok");
    let verified = clubhouse::backup::verify::run(&backups, &app.shared_dbs(), &app.db_dir())
        .await
        .expect("verification runs");
    assert!(verified.iter().all(|v| v.passed()), "{verified:?}");
    let pid = running_pid().expect("still running");
    app.stop().await;
    assert!(
        !PathBuf::from(format!("/proc/{pid}")).exists(),
        "Litestream stops with the app"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_litestream_leaves_the_app_serving() {
    let (_replica, _, app) = backed_up_app(Mode::Supervised, 5, |b| {
        b.bin = "/nonexistent/litestream".into();
    })
    .await;
    wait_until("the app reports it", Duration::from_secs(5), || async {
        let health = up(&app).await;
        health.starts_with("degraded: Litestream is not running") && health.contains("not found")
    })
    .await;
    let home = app.get("/").await;
    assert_eq!(home.status(), 200, "still serving");
    let operator = app.signed_up("Otto Operator", "otto@ops.example").await;
    operator.get("/operator/backups").await.assert_contains(
        "Litestream is not running: cannot run /nonexistent/litestream: not found",
    );

    // Nobody else checkpoints: the app does, so the WAL stops growing. Two equal rounds of
    // writes, a pause between them: the second reuses the WAL the first filled.
    let wal = app.db_dir().join("shared.db-wal");
    let round = |start: i64| {
        let dbs = app.shared_dbs();
        async move {
            for n in start..start + 200 {
                dbs.shared
                    .write(move |conn| {
                        use diesel::RunQueryDsl;
                        diesel::sql_query(format!(
                            "INSERT INTO suppressions (email, reason, detail, created_at) \
                             VALUES ('p{n}@example.com', 'bounce', '{}', {n})",
                            "x".repeat(2000)
                        ))
                        .execute(conn)
                        .map_err(DbError::from)
                    })
                    .await
                    .expect("write");
            }
        }
    };
    round(0).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after_first = std::fs::metadata(&wal).expect("wal").len();
    round(1000).await;
    let after_second = std::fs::metadata(&wal).expect("wal").len();
    assert!(
        after_second < after_first + after_first / 2,
        "the WAL was reused: {after_first} then {after_second} bytes"
    );
    app.stop().await;
}

/// The newest modification time of any file under `dir`.
fn newest_change(dir: &Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_change(&path)
        } else {
            entry.metadata().and_then(|m| m.modified()).ok()
        };
        newest = newest.max(time);
    }
    newest
}

/// How many rows `table` has in the SQLite file at `path`.
fn rows(path: &Path, table: &str) -> i64 {
    count(
        &mut open_file(path),
        &format!("SELECT count(*) AS n FROM {table}"),
    )
}

/// Whether `pid` still runs (a zombie nobody reaped has finished).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|status| {
        !status
            .lines()
            .any(|l| l.starts_with("State:") && l.contains("zombie"))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_apps_litestream_ships_every_write_and_the_next_start_replaces_it() {
    let (scratch, db, _replica, env) = scene();
    let (mut app, base) = serve_replicating(&db, &env, "0").await;
    let written = write_club_data(&base).await;
    let orphan = litestream_pid(&db).expect("serve runs Litestream");
    // No shutdown at all. Litestream outlives the app and goes on shipping the WAL.
    crate::support::kill_9(&mut app);
    assert!(alive(orphan), "Litestream keeps replicating");
    let mut attempt = 0;
    wait_until(
        "every write is in the replica",
        Duration::from_secs(20),
        || {
            attempt += 1;
            let to = scratch.path().join(format!("restored-{attempt}"));
            let env = env.clone();
            async move {
                let out = restore(&env, &["--to", to.to_str().expect("utf-8")]);
                out.status.success()
                    && rows(&to.join("curling.db"), "sheets") == 12
                    && rows(&to.join("curling.db"), "registrations") == 1
                    && rows(&to.join("shared.db"), "accounts") == 1
            }
        },
    )
    .await;
    assert_eq!(written.sheets.len(), 12);

    // The next start stops the orphan (one SIGTERM, a clean exit) and runs its own.
    let (mut again, _) = serve_replicating(&db, &env, "0").await;
    wait_until("the orphan is stopped", Duration::from_secs(20), || async {
        !alive(orphan)
    })
    .await;
    wait_until("a new Litestream runs", Duration::from_secs(10), || async {
        litestream_pid(&db).is_some_and(|pid| pid != orphan && alive(pid))
    })
    .await;
    stop(&mut again);
}

/// With S3 settings, the same configuration gives Litestream an S3 replica for every file
/// (checked by Litestream itself; no bucket is reached — this machine has no S3 service).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_settings_give_litestream_an_s3_replica_for_every_file() {
    let db = tempfile::tempdir().expect("db dir");
    let s3 = Settings {
        replica: Replica::S3 {
            bucket: "club-backups".into(),
            folder: "clubhouse/prod".into(),
            endpoint: Some("https://s3.ca-central-1.example".into()),
            region: Some("ca-central-1".into()),
        },
        ..settings(Mode::External, db.path(), 5)
    };
    let listed = s3
        .run(db.path(), "databases", &[])
        .await
        .expect("litestream databases");
    for file in ["shared.db", "curling.db", "pickleball.db", "queue.db"] {
        let line = listed
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} in {listed}"));
        assert!(line.trim_end().ends_with("s3"), "{line}");
    }
}
