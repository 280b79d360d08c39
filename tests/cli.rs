//! The real `clubhouse` binary: bad settings stop start-up with one clear line; SIGTERM
//! shuts a serving process down cleanly.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_clubhouse");

fn run_with(vars: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("CLUBHOUSE_DB_DIR", dir.path().join("db"))
        .envs(vars.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run clubhouse");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

fn assert_refused(vars: &[(&str, &str)], args: &[&str], setting: &str) {
    let (code, stderr) = run_with(vars, args);
    assert_ne!(code, 0, "start-up with {vars:?} must fail");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one clear line, got: {stderr}");
    assert!(
        lines[0].contains(setting),
        "the line names {setting}: {stderr}"
    );
}

#[test]
fn bad_settings_stop_start_up_naming_the_setting() {
    assert_refused(&[("PORT", "abc")], &["serve"], "PORT");
    assert_refused(&[("PORT", "70000")], &[], "PORT");
    assert_refused(&[("BIND", "not-an-ip")], &["serve"], "BIND");
    assert_refused(
        &[("CLUBHOUSE_SPORTS", "curling,tennis")],
        &["migrate"],
        "CLUBHOUSE_SPORTS",
    );
    assert_refused(
        &[("CLUBHOUSE_DATABASE_URL", "mysql://db/clubhouse")],
        &["migrate"],
        "CLUBHOUSE_DATABASE_URL",
    );
}

#[test]
fn on_postgres_the_file_backups_say_what_to_use_instead() {
    let url = [("CLUBHOUSE_DATABASE_URL", "postgres://db.invalid/clubhouse")];
    for command in [&["backup", "--to", "/tmp/never"][..], &["restore"][..]] {
        let (code, stderr) = run_with(&url, command);
        assert_ne!(code, 0, "{command:?} on PostgreSQL must refuse");
        assert!(stderr.contains("pg_dump"), "{command:?}: {stderr}");
    }
    assert!(!std::path::Path::new("/tmp/never").exists());
}

#[test]
fn a_db_dir_that_cannot_be_created_stops_start_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a directory").expect("write file");
    let under_file = file.join("db");
    let under_file = under_file.to_str().expect("utf-8 path");
    assert_refused(
        &[("CLUBHOUSE_DB_DIR", under_file)],
        &["migrate"],
        "CLUBHOUSE_DB_DIR",
    );
}

#[test]
fn migrate_creates_every_file_and_exits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let status = Command::new(BIN)
        .arg("migrate")
        .env_clear()
        .env("CLUBHOUSE_DB_DIR", &db)
        .env("CLUBHOUSE_SPORTS", "curling")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run migrate");
    assert!(status.success());
    for file in ["shared.db", "queue.db", "cache.db", "live.db", "curling.db"] {
        assert!(db.join(file).is_file(), "{file} created");
    }
    assert!(
        !db.join("pickleball.db").exists(),
        "only configured sports get a file"
    );
}

#[test]
fn help_is_available_on_each_command() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
    ] {
        let (code, _) = run_with(&[], args);
        assert_eq!(code, 0, "{args:?}");
    }
}

#[test]
fn sigterm_stops_a_serving_process_cleanly() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        probe.local_addr().expect("addr").port()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(BIN)
        .env_clear()
        .env("CLUBHOUSE_DB_DIR", dir.path().join("db"))
        .env("PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start clubhouse");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("send SIGTERM");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "clean exit after SIGTERM: {status:?}");
}

/// The Procfile's `replicate` line, run as a process manager runs it (`sh -c`, from the
/// app's directory, with nothing set), replicates into the default backup directory; the
/// `web` line leaves Litestream to it.
#[test]
fn the_procfile_replicates_with_its_defaults() {
    let procfile = include_str!("../Procfile");
    let line = |name: &str| {
        procfile
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("a {name} line in {procfile}"))
            .to_string()
    };
    let web = line("web");
    assert!(web.contains("CLUBHOUSE_LITESTREAM=external") && web.contains("clubhouse serve"));
    let replicate = line("replicate");
    assert!(replicate.contains("litestream replicate -config db/litestream.yml"));

    let dir = tempfile::tempdir().expect("temp dir");
    let (code, stderr) = {
        let output = Command::new(BIN)
            .arg("migrate")
            .env_clear()
            .env("CLUBHOUSE_DB_DIR", dir.path().join("db"))
            .env("CLUBHOUSE_LITESTREAM", "0")
            .output()
            .expect("migrate");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/db/litestream.yml"),
        dir.path().join("db/litestream.yml"),
    )
    .expect("copy the config");
    let mut litestream = Command::new("sh")
        .args(["-c", &format!("exec {replicate}")])
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LOG_LEVEL", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run the replicate line");
    let deadline = Instant::now() + Duration::from_secs(20);
    let replicated = loop {
        let done = ["shared", "curling", "pickleball", "queue"]
            .iter()
            .all(|f| dir.path().join("db/backups").join(f).join("ltx").is_dir());
        if done || Instant::now() > deadline {
            break done;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = litestream.kill();
    let _ = litestream.wait();
    assert!(replicated, "db/backups/<file> for every replicated file");
    assert!(
        !dir.path().join("db/backups/cache").exists(),
        "the cache is not replicated"
    );
}
