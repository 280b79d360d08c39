//! Backups to S3, for real: a real S3-API server on loopback (PyPI's `moto[server]`, which
//! `tests/run` installs), the real Litestream, the real `clubhouse serve`. Replicate, verify
//! (the hourly job, asked for now), ride out a 30-second outage of the replica under writes
//! (the app keeps serving, `/up` says degraded, the backlog drains after), then restore with
//! `clubhouse restore` and find every acknowledged write.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::restore::LITESTREAM_CONFIG;
use crate::support::{Person, count, kill_9, open_file, serve_process_with, wait_until};

const PASSWORD: &str = "a long enough passphrase";
const BUCKET: &str = "clubhouse-backups";

/// moto's S3 server on a free loopback port, stopped when dropped.
struct S3Server {
    child: Child,
    endpoint: String,
}

impl S3Server {
    async fn start() -> S3Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with moto[server] (tests/run installs it)");
        let endpoint = format!("http://127.0.0.1:{port}");
        let server = S3Server { child, endpoint };
        let client = reqwest::Client::new();
        wait_until("moto answers", Duration::from_secs(30), || async {
            client.get(&server.endpoint).send().await.is_ok()
        })
        .await;
        let created = client
            .put(format!("{}/{BUCKET}", server.endpoint))
            .send()
            .await
            .expect("create the bucket");
        assert!(created.status().is_success(), "{created:?}");
        server
    }

    fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(sent.success());
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-CONT", &self.child.id().to_string()])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment of a `clubhouse` that replicates `db` into the bucket at `endpoint`.
fn vars(db: &Path, endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CLUBHOUSE_DB_DIR", db.display().to_string()),
        ("CLUBHOUSE_LITESTREAM_CONFIG", LITESTREAM_CONFIG.to_string()),
        ("CLUBHOUSE_BACKUP_TYPE", "s3".into()),
        ("CLUBHOUSE_BACKUP_BUCKET", BUCKET.into()),
        ("CLUBHOUSE_BACKUP_DIR", "clubhouse/test".into()),
        ("CLUBHOUSE_BACKUP_ENDPOINT", endpoint.into()),
        ("CLUBHOUSE_BACKUP_REGION", "us-east-1".into()),
        ("LITESTREAM_ACCESS_KEY_ID", "test".into()),
        ("LITESTREAM_SECRET_ACCESS_KEY", "test".into()),
        ("PATH", std::env::var("PATH").unwrap_or_default()),
    ]
}

async fn up(base: &str) -> String {
    reqwest::get(format!("{base}/up"))
        .await
        .expect("GET /up")
        .text()
        .await
        .expect("body")
}

/// Creates a club named `club-<i>`; acknowledged when it answers 303.
async fn create_club(owner: &Person, i: usize) {
    let slug = format!("club-{i}");
    owner
        .post(
            "/clubs",
            &[
                ("name", &format!("Club {i}") as &str),
                ("slug", &slug),
                ("sport", "curling"),
                ("region", "CA-ON"),
            ],
        )
        .await
        .assert_redirect(&format!("/clubs/{slug}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_replicate_to_s3_survive_an_outage_and_restore() {
    let s3 = S3Server::start().await;
    let scratch = tempfile::tempdir().expect("temp dir");
    let db = scratch.path().join("db");
    let env = vars(&db, &s3.endpoint);
    let mut serving: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    serving.extend([
        ("CLUBHOUSE_LITESTREAM", "1"),
        ("CLUBHOUSE_OPERATORS", "otto@ops.example"),
        ("CLUBHOUSE_BACKUP_VERIFY_TIMEOUT_SECS", "20"),
    ]);
    let (mut server, base) = serve_process_with(&db, &serving).await;
    wait_until("Litestream replicates", Duration::from_secs(20), || async {
        up(&base).await == "ok"
    })
    .await;

    // Writes, then the hourly verification, asked for now: every file restores from S3.
    let otto = Person::at(&base);
    otto.sign_up_confirmed("Otto Operator", "otto@ops.example", PASSWORD)
        .await
        .assert_redirect("/clubs");
    let mut written = 0;
    for _ in 0..3 {
        create_club(&otto, written).await;
        written += 1;
    }
    otto.get("/operator/backups").await;
    otto.post("/operator/backups/verify", &[])
        .await
        .assert_redirect("/operator/backups");
    let shared = db.join("shared.db");
    wait_until(
        "every file verified from S3",
        Duration::from_secs(60),
        || async {
            let mut conn = open_file(&shared);
            count(
                &mut conn,
                "SELECT count(DISTINCT file) AS n FROM backup_verifications WHERE ok = 1",
            ) == 4
        },
    )
    .await;
    otto.get("/operator/backups")
        .await
        .assert_contains("passed")
        .assert_contains(&format!("s3://{BUCKET}/clubhouse/test"));

    // The replica stops answering for 30 s (a hung endpoint, not a refused one): the app
    // keeps accepting writes, and /up says so within seconds.
    s3.signal("-STOP");
    let outage = Instant::now();
    let mut degraded_after = None;
    while outage.elapsed() < Duration::from_secs(30) {
        create_club(&otto, written).await;
        written += 1;
        let health = up(&base).await;
        if degraded_after.is_none() && health.starts_with("degraded") {
            assert!(
                health.contains("the replica is not receiving changes"),
                "{health}"
            );
            degraded_after = Some(outage.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let degraded_after = degraded_after.expect("/up said degraded during the outage");
    assert!(
        degraded_after < Duration::from_secs(20),
        "{degraded_after:?}"
    );
    let page = otto.get("/operator/backups").await;
    page.assert_status(200);

    // Back: the backlog drains and /up is ok again.
    s3.signal("-CONT");
    let back = Instant::now();
    wait_until("the backlog drains", Duration::from_secs(60), || async {
        up(&base).await == "ok"
    })
    .await;
    let drained_after = back.elapsed();
    eprintln!(
        "s3 outage: degraded after {degraded_after:?}, {written} clubs written, drained {drained_after:?} after the replica came back"
    );

    // Stop (SIGTERM: Litestream ships the last commits), restore into an empty directory,
    // and find every acknowledged club.
    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    assert!(stopped.success());
    let deadline = Instant::now() + Duration::from_secs(40);
    while server.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            kill_9(&mut server);
            panic!("serve did not stop within 40 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let restored = scratch.path().join("restored");
    let output = Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(["restore", "--to", &restored.display().to_string()])
        .env_clear()
        .env("RUST_LOG", "warn")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("run clubhouse restore");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut conn = open_file(&restored.join("shared.db"));
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM orgs WHERE slug LIKE 'club-%'"
        ),
        written as i64,
        "every club acknowledged before the stop is in the restored copy"
    );
}
