//! Several web nodes on one PostgreSQL database: what one node writes, the others serve and
//! stream; a rush split over two nodes never oversells, even when one is killed with `-9`;
//! jobs enqueued on one are run by another. And `clubhouse move-to-postgres`, which takes a
//! club from its SQLite files there.
//!
//! Every test makes its own database on the run's private cluster (`CLUBHOUSE_TEST_PG`), so
//! this module runs once, on the SQLite pass, and is skipped by the PostgreSQL pass.

use std::time::{Duration, Instant};

use clubhouse::registration::Status;

use crate::live::{Stream, live_url};
use crate::registration::{Club, club, program_form};
use crate::scoring::{end, set_up};
use crate::support::{
    Person, TestApp, hidden_value, kill_9, pg_database, serve_process_with, wait_until,
};

const PASSWORD: &str = "a long enough passphrase";

/// An in-process node on the database at `url` (its own empty directory for anything local),
/// with olive@example.com as its operator.
async fn node(url: &str, workers: usize) -> TestApp {
    let url = url.to_string();
    TestApp::start_with(move |c| {
        c.database_url = Some(url);
        c.workers = workers;
        c.operators = vec!["olive@example.com".into()];
    })
    .await
}

/// A `clubhouse serve` process, killed however the test ends.
struct NodeProcess {
    child: std::process::Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl NodeProcess {
    fn kill_9(&mut self) {
        kill_9(&mut self.child);
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `clubhouse serve` process on the database at `url`.
async fn node_process(url: &str, workers: &str) -> NodeProcess {
    let dir = tempfile::tempdir().expect("temp dir");
    let (child, base) = serve_process_with(
        &dir.path().join("db"),
        &[
            ("CLUBHOUSE_DATABASE_URL", url),
            ("CLUBHOUSE_WORKERS", workers),
        ],
    )
    .await;
    NodeProcess {
        child,
        base,
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_score_entered_on_node_a_reaches_a_spectator_of_node_b_within_a_second() {
    let url = tokio::task::spawn_blocking(pg_database).await.expect("db");
    let a = node(&url, 1).await;
    let f = set_up(&a, "curling", &[("ends", "8")]).await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let b = node_process(&url, "0").await;
    let b_base = b.base.clone();

    // The spectator watches the game on node B; the scorekeeper scores on node A.
    let spectator = Person::at(&b_base);
    let page = spectator.get(&f.game_path()).await;
    page.assert_status(200).assert_contains("Club Championship");
    let feed = format!("{b_base}{}", live_url(&page.body));
    let mut stream = Stream::open(&reqwest::Client::new(), &feed, None).await;
    let entered = Instant::now();
    f.tap(&f.owner, &end("1", "3")).await.assert_status(303);
    let update = stream.until("line-score", Duration::from_secs(5)).await;
    let took = entered.elapsed();
    assert!(
        update.data.contains(r#"<td class="scored">3</td>"#),
        "{update:?}"
    );
    assert!(took < Duration::from_secs(1), "took {took:?}");

    // A spectator of node A who missed that update gets it replayed from its id.
    let id = update.id.expect("the update has an id");
    let feed_a = a.url(&live_url(&a.person().get(&f.game_path()).await.body));
    let mut replay = Stream::open(&reqwest::Client::new(), &feed_a, Some(id - 1)).await;
    let again = replay.until("line-score", Duration::from_secs(5)).await;
    assert_eq!(again.id, Some(id), "the same update, by the same id");
    assert_eq!(again.data, update.data);

    // And the signed-in organiser's session works on either node.
    let keeper_on_b = Person::at(&b_base);
    keeper_on_b
        .sign_in("olive@example.com", PASSWORD)
        .await
        .assert_status(303);
    f.tap(&keeper_on_b, &end("2", "1")).await.assert_status(303);
    a.person()
        .get(&f.game_path())
        .await
        .assert_contains(r#"<td class="total">1</td>"#);
    // The session made on node A is good on node B too (sessions are rows of the database).
    let on_b = f
        .owner
        .client
        .get(format!("{b_base}/account"))
        .send()
        .await
        .expect("GET");
    assert_eq!(on_b.status().as_u16(), 200, "A's session on B");

    // Two scorekeepers, one on each node, tap the same screen at once: exactly one wins.
    for _ in 0..5 {
        let screen = f.owner.get(&f.score_path()).await;
        let version = hidden_value(&screen.body, "version").expect("a version");
        let (one, two) = (end("1", "1"), end("2", "1"));
        let (on_a, on_b) = tokio::join!(
            f.tap_at(&f.owner, &version, &one),
            f.tap_at(&keeper_on_b, &version, &two),
        );
        let mut statuses = [on_a.status, on_b.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [303, 409], "one winner per version");
    }
    // The operator's backups page says where the data is, and shows no files.
    let backups = f.owner.get("/operator/backups").await;
    backups
        .assert_status(200)
        .assert_contains("The data is in PostgreSQL")
        .assert_contains("pg_dump");
    assert!(!backups.body.contains("backup-files"), "no file table");
    drop(b);
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rush_split_over_two_nodes_never_oversells_and_keeps_what_it_acknowledged_through_a_kill_9()
 {
    let url = tokio::task::spawn_blocking(pg_database).await.expect("db");
    let a = node(&url, 0).await;
    let c = club(&a, "rideau", "CA-ON").await;
    let program = c.program(&program_form("Opening Night", "10", "150")).await;
    let path = c.program_path(program);
    let mut b = node_process(&url, "0").await;
    let b_base = b.base.clone();

    // 40 members, each signed in on one of the two nodes, half on each.
    let mut ready = Vec::new();
    for i in 0..40 {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b_base.clone()
        };
        let person = Person::at(&base);
        person
            .sign_up_confirmed(
                &format!("Player {i:02}"),
                &format!("p{i}@example.com"),
                PASSWORD,
            )
            .await
            .assert_redirect("/clubs");
        let page = person.get(&path).await;
        let profile = hidden_value(&page.body, "profile").expect("profile");
        let token = person.csrf().await;
        ready.push((i, person, profile, token));
    }
    // All at once; node B is killed once it has acknowledged three of its own.
    let register = format!("{path}/register");
    let (acked, mut acks) = tokio::sync::mpsc::unbounded_channel::<i64>();
    let sends: Vec<_> = ready
        .iter()
        .map(|(i, person, profile, token)| {
            let url = format!("{}{register}", person.base);
            let acked = acked.clone();
            async move {
                let sent = person
                    .client
                    .post(url)
                    .form(&[("_csrf", token.as_str()), ("profile", profile.as_str())])
                    .send()
                    .await;
                let status = sent.map(|r| r.status().as_u16()).ok();
                if status == Some(303) && i % 2 == 1 {
                    let _ = acked.send(*i);
                }
                (*i, status)
            }
        })
        .collect();
    drop(acked);
    let rush = futures_util::future::join_all(sends);
    let killer = async {
        let three = async {
            for _ in 0..3 {
                acks.recv().await.expect("node B acknowledges three");
            }
        };
        tokio::time::timeout(Duration::from_secs(30), three)
            .await
            .expect("node B acknowledges three registrations within 30 s");
        b.kill_9();
    };
    let (answers, ()) = tokio::join!(rush, killer);
    let acknowledged: Vec<i64> = answers
        .iter()
        .filter(|(_, status)| *status == Some(303))
        .map(|(i, _)| *i)
        .collect();
    let unanswered = answers.iter().filter(|(_, s)| s.is_none()).count();
    eprintln!("node B was killed with {unanswered} of its 20 registrations unanswered");
    // Node A answered every one of its own.
    let on_a: Vec<i64> = (0..40).filter(|i| i % 2 == 0).collect();
    assert!(
        on_a.iter().all(|i| acknowledged.contains(i)),
        "node A acknowledged all of its registrations: {answers:?}"
    );

    let rows = c.rows(&a).await;
    let registered: Vec<String> = rows
        .iter()
        .map(|l| l.registration.player_name.clone())
        .collect();
    for i in &acknowledged {
        let name = format!("Player {i:02}");
        assert!(
            registered.contains(&name),
            "{name} was acknowledged and kept"
        );
    }
    let confirmed = rows
        .iter()
        .filter(|l| l.registration.status == Status::Confirmed)
        .count();
    let waiting: Vec<i64> = rows
        .iter()
        .filter(|l| l.registration.status == Status::Waitlisted)
        .filter_map(|l| l.waitlist_position)
        .collect();
    assert_eq!(confirmed, 10.min(rows.len()), "never oversold");
    assert_eq!(
        waiting,
        (1..=(rows.len() as i64 - 10).max(0)).collect::<Vec<_>>(),
        "the line is gapless"
    );
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_enqueued_on_one_node_are_run_by_another() {
    let url = tokio::task::spawn_blocking(pg_database).await.expect("db");
    // Node A has no workers; node B's run what A enqueues.
    let a = node(&url, 0).await;
    let b = node_process(&url, "2").await;
    let person = a.person();
    person
        .sign_up("Nina Node", "nina@example.com", PASSWORD)
        .await
        .assert_status(303);
    // The confirmation email: written to A's outbox, relayed and delivered by B (to the
    // mailbox the operator reads, as no SMTP server is set).
    wait_until(
        "node B sends node A's email",
        Duration::from_secs(15),
        || async {
            crate::support::count_in(
                &a.dbs().queue,
                "SELECT count(*) AS n FROM emails WHERE recipient = 'nina@example.com' \
                 AND status = 'mailbox'",
            ) == 1
        },
    )
    .await;
    drop(b);
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_wakes_the_listening_nodes_and_a_rolled_back_write_wakes_none() {
    use clubhouse::db::{DbError, live_log, notify};
    type Woken = tokio::sync::mpsc::UnboundedReceiver<(String, String)>;
    let url = tokio::task::spawn_blocking(pg_database).await.expect("db");
    let app = node(&url, 0).await;
    let (tx, mut woken): (_, Woken) = tokio::sync::mpsc::unbounded_channel();
    let listener = tokio::spawn(notify::listen(url.clone(), move |channel, payload| {
        let _ = tx.send((channel.to_string(), payload.to_string()));
    }));
    // Appends one row, keeping it or not; its id.
    let append = |keep: bool| {
        app.dbs().live.write(move |conn| {
            let ids = live_log::append(conn, &[("t", "e", "<p>")], 0)?;
            if keep {
                Ok(ids[0])
            } else {
                Err(DbError::from(diesel::result::Error::RollbackTransaction))
            }
        })
    };
    // Until the listener has subscribed a commit may go unheard: commit until one is heard,
    // then drain the wake-ups up to the last append's.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = append(true).await.expect("append");
    let mut heard = loop {
        match tokio::time::timeout(Duration::from_millis(200), woken.recv()).await {
            Ok(got) => break got.expect("the listener runs"),
            Err(_) => {
                assert!(Instant::now() < deadline, "no wake-up heard");
                last = append(true).await.expect("append");
            }
        }
    };
    while heard.1 != last.to_string() {
        heard = tokio::time::timeout(Duration::from_secs(5), woken.recv())
            .await
            .expect("the last append's wake-up")
            .expect("the listener runs");
    }
    assert_eq!(heard.0, notify::LIVE);
    // A write that rolls back sends nothing: the next wake-up heard is the next commit's,
    // with its own id.
    assert!(append(false).await.is_err());
    let id = append(true).await.expect("append");
    let next = tokio::time::timeout(Duration::from_secs(5), woken.recv()).await;
    assert_eq!(
        next.ok().flatten(),
        Some((notify::LIVE.to_string(), id.to_string())),
        "the rolled-back append woke nobody"
    );
    // An enqueue wakes the workers' channel.
    app.jobs()
        .enqueue(clubhouse::jobs::Job::Noop { sleep_ms: 0 })
        .await
        .expect("enqueue");
    let jobs = tokio::time::timeout(Duration::from_secs(5), woken.recv()).await;
    assert_eq!(
        jobs.ok().flatten().map(|(channel, _)| channel),
        Some(notify::JOBS.to_string())
    );
    listener.abort();
    app.stop().await;
}

/// The names and statuses of a club's registrations as a node lists them.
async fn listed(app: &TestApp, c: &Club) -> Vec<(String, Status)> {
    c.rows(app)
        .await
        .into_iter()
        .map(|l| (l.registration.player_name, l.registration.status))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_to_postgres_copies_every_file_checks_it_and_refuses_a_full_target() {
    // A club on SQLite files: a scored game and registrations.
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = TestApp::start_in(dir).await;
    let f = set_up(&sqlite, "curling", &[("ends", "8")]).await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    f.tap(&f.owner, &end("1", "3")).await.assert_status(303);
    let c = club(&sqlite, "rideau", "CA-ON").await;
    let program = c.program(&program_form("Opening Night", "1", "150")).await;
    for name in ["Ann", "Bob"] {
        let member = sqlite
            .signed_up(name, &format!("{}@example.com", name.to_lowercase()))
            .await;
        c.register(&member, program).await.assert_status(303);
    }
    let before = listed(&sqlite, &c).await;
    let game_before = f.owner.get(&f.game_path()).await.body;
    let dir = sqlite.stop().await;
    let files = dir.path().join("db");
    // As the day-old trim would: the newest live updates are gone, but their ids stay used.
    let used = {
        let mut live = crate::support::open_file(&files.join("live.db"));
        let used = crate::support::count(
            &mut live,
            "SELECT seq AS n FROM sqlite_sequence WHERE name = 'live_events'",
        );
        assert!(used > 3, "the game's updates are in the log");
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!("DELETE FROM live_events WHERE id > {}", used - 3)),
            &mut live,
        )
        .expect("trim");
        used
    };

    let url = tokio::task::spawn_blocking(pg_database).await.expect("db");
    let run = |to: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
            .args(["move-to-postgres", "--to", to])
            .env_clear()
            .env("RUST_LOG", "warn")
            .env("CLUBHOUSE_DB_DIR", &files)
            .output()
            .expect("run move-to-postgres")
    };
    let moved = run(&url);
    let said = String::from_utf8_lossy(&moved.stdout).to_string();
    assert!(
        moved.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    assert!(said.contains("curling      games"), "{said}");
    assert!(
        said.contains("every table's rows and checksum match"),
        "{said}"
    );
    assert!(said.contains("shared       accounts"), "{said}");

    // Again: the target is no longer empty, and nothing is touched.
    let again = run(&url);
    assert!(!again.status.success());
    let refusal = String::from_utf8_lossy(&again.stderr);
    assert!(
        refusal.contains("the target database is not empty"),
        "{refusal}"
    );
    let wrong = run("mysql://db/clubhouse");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("postgres:// URL"));

    // The app on PostgreSQL serves the same club, the same game, the same accounts.
    let pg = node(&url, 0).await;
    let owner = pg.person();
    owner
        .sign_in("olive@example.com", PASSWORD)
        .await
        .assert_status(303);
    let game_after = owner.get(&f.game_path()).await.body;
    let line = |body: &str| {
        let start = body.find("<table").expect("a line score");
        body[start..start + body[start..].find("</table>").expect("end")].to_string()
    };
    assert_eq!(line(&game_after), line(&game_before));
    let c_pg = Club {
        owner: pg.person(),
        slug: c.slug.clone(),
        org: c.org,
    };
    assert_eq!(listed(&pg, &c_pg).await, before);
    // New rows take ids past the copied ones: a new club is created, not refused…
    let signed = pg.signed_up("Nora New", "nora@example.com").await;
    assert_eq!(
        signed.create_club("Next Rink", "next", "curling").await,
        "next"
    );
    // …and past the ids SQLite had handed out, even those whose rows are gone.
    let next = pg
        .dbs()
        .live
        .write(|conn| {
            clubhouse::db::live_log::append(conn, &[("t", "e", "<p>")], 0)
                .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("append");
    assert!(next[0] > used, "live id {} after {used}", next[0]);
    pg.stop().await;
}
