//! What an attacker would try, and what an operator putting Clubhouse on the internet needs:
//! redirects after sign-in, sessions after a password change, throttles under concurrency,
//! password hashing under a burst, slow and silent connections, the first operator, and the
//! answers to bad input. Each test here failed before its fix.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use clubhouse::db::DbError;
use diesel::prelude::*;

use crate::support::{Person, TestApp, serve_process_with, wait_until};

const PASSWORD: &str = "a long enough passphrase";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_in_or_up_a_redirect_never_leaves_the_site() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    // Each of these is read by a browser as another host, once the prefix is changed or
    // the control character dropped.
    let hostile = [
        "/fr//evil.example",
        "/fr/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/fr/%2F/ok-but-odd",
    ];
    for next in hostile {
        let person = app.person();
        person.get("/sign-in").await;
        let page = person
            .post(
                "/sign-in",
                &[
                    ("email", "ann@example.com"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        let location = page.location.clone().unwrap_or_default();
        assert_eq!(page.status, 303, "{next:?}");
        assert!(
            location == "/clubs" || location == "/%2F/ok-but-odd",
            "{next:?} led to {location:?}"
        );
    }
    // A local path is followed, in the account's language.
    let person = app.person();
    person.get("/sign-in").await;
    person
        .post(
            "/sign-in",
            &[
                ("email", "ann@example.com"),
                ("password", PASSWORD),
                ("next", "/fr/account"),
            ],
        )
        .await
        .assert_redirect("/account");

    // Sign-up carries `next` through the confirmation link: the same check applies.
    for (i, next) in hostile.iter().enumerate() {
        let person = app.person();
        person.get("/sign-up").await;
        let email = format!("new{i}@example.com");
        person
            .post(
                "/sign-up",
                &[
                    ("name", "New"),
                    ("email", &email),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await
            .assert_redirect("/sign-up/sent");
        let page = person.confirm_email().await;
        let location = page.location.clone().unwrap_or_default();
        assert!(
            location == "/clubs" || location == "/%2F/ok-but-odd",
            "{next:?} led to {location:?}"
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_signs_out_every_other_session() {
    let app = TestApp::start().await;
    let laptop = app.signed_up("Ann", "ann@example.com").await;
    let phone = app.person();
    phone
        .sign_in("ann@example.com", PASSWORD)
        .await
        .assert_redirect("/clubs");
    let other = app.signed_up("Sam", "sam@example.com").await;
    phone.get("/account").await.assert_status(200);

    laptop.get("/account").await;
    laptop
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a brand new passphrase"),
            ],
        )
        .await
        .assert_redirect("/account");
    // The session that made the change stays; the other one is out; other accounts are
    // untouched.
    laptop.get("/account").await.assert_status(200);
    let page = phone.get("/account").await;
    assert_eq!(page.status, 303, "the phone must sign in again");
    other.get("/account").await.assert_status(200);
    app.stop().await;
}

/// How many of `pages` answered each status.
fn tally(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

/// `count` wrong sign-ins sent at once by one anonymous client, to the emails `email(i)`;
/// the statuses.
async fn guesses_at_once(app: &TestApp, count: usize, email: impl Fn(usize) -> String) -> Vec<u16> {
    let attacker = app.person();
    attacker.get("/sign-in").await;
    let token = attacker.csrf().await;
    let guesses = (0..count).map(|i| {
        let (client, url, token) = (attacker.client.clone(), app.url("/sign-in"), token.clone());
        let email = email(i);
        async move {
            client
                .post(url)
                .form(&[
                    ("_csrf", token.as_str()),
                    ("email", email.as_str()),
                    ("password", &format!("wrong guess {i}")),
                ])
                .send()
                .await
                .expect("POST")
                .status()
                .as_u16()
        }
    });
    futures_util::future::join_all(guesses).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_guesses_meet_the_same_budget_as_guesses_in_a_row() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    // Twelve wrong passwords for one account at once: five are checked (a 503 is a check
    // the busy server gave back).
    let statuses = guesses_at_once(&app, 12, |_| "ann@example.com".into()).await;
    assert_eq!(tally(&statuses, 429), 7, "{statuses:?}");
    assert_eq!(
        tally(&statuses, 422) + tally(&statuses, 503),
        5,
        "{statuses:?}"
    );
    app.stop().await;

    // Forty-eight from one address over many accounts: twenty are checked.
    let app = TestApp::start().await;
    let statuses = guesses_at_once(&app, 48, |i| format!("guess{i}@example.com")).await;
    assert_eq!(tally(&statuses, 429), 28, "{statuses:?}");
    assert_eq!(
        tally(&statuses, 422) + tally(&statuses, 503),
        20,
        "{statuses:?}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ups_from_one_address_are_throttled() {
    let app = TestApp::start_with(|c| c.sign_ups_per_address = 3).await;
    for i in 0..3 {
        let person = app.person();
        person
            .sign_up("New", &format!("n{i}@example.com"), PASSWORD)
            .await
            .assert_redirect("/sign-up/sent");
    }
    let person = app.person();
    let page = person.sign_up("New", "n9@example.com", PASSWORD).await;
    page.assert_status(429)
        .assert_contains("Too many accounts were created from your network");
    assert!(page.headers.contains_key("retry-after"));
    let accounts: i64 = app
        .dbs()
        .shared
        .read(|conn| {
            use clubhouse::db::schema::shared::accounts;
            Ok::<_, DbError>(accounts::table.count().get_result(conn)?)
        })
        .await
        .expect("count");
    assert_eq!(accounts, 3, "the refused sign-up wrote nothing");
    app.stop().await;
}

/// The resident memory of process `pid`, in bytes.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmRSS")
        * 1024
}

/// Sends `count` requests at once from one client; returns their statuses and the highest
/// resident memory of `pid` seen meanwhile.
async fn burst(
    pid: u32,
    count: usize,
    request: impl Fn(usize) -> reqwest::RequestBuilder,
) -> (Vec<u16>, u64) {
    let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let watcher = {
        let watching = watching.clone();
        tokio::spawn(async move {
            let mut most = 0;
            while watching.load(std::sync::atomic::Ordering::SeqCst) {
                most = most.max(rss(pid));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            most
        })
    };
    let requests = (0..count).map(|i| {
        let request = request(i);
        async move { request.send().await.expect("request").status().as_u16() }
    });
    let statuses = futures_util::future::join_all(requests).await;
    watching.store(false, std::sync::atomic::Ordering::SeqCst);
    let most = watcher.await.expect("watcher");
    (statuses, most)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_sign_ins_and_sign_ups_keeps_memory_bounded_and_gives_it_back() {
    const MB: u64 = 1024 * 1024;
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut server, base) = serve_process_with(
        dir.path(),
        &[
            ("CLUBHOUSE_WORKERS", "0"),
            ("CLUBHOUSE_SIGN_UPS_PER_ADDRESS", "1000"),
        ],
    )
    .await;
    let pid = server.id();
    let person = Person::at(&base);
    person.get("/sign-up").await;
    let token = person.csrf().await;
    let before = rss(pid);

    let (statuses, most_up) = burst(pid, 48, |i| {
        person.client.post(format!("{base}/sign-up")).form(&[
            ("_csrf", token.clone()),
            ("name", "Burst".into()),
            ("email", format!("burst{i}@example.com")),
            ("password", PASSWORD.into()),
        ])
    })
    .await;
    assert_eq!(
        tally(&statuses, 303) + tally(&statuses, 503),
        48,
        "{statuses:?}"
    );
    assert!(
        tally(&statuses, 303) >= 24,
        "most were served: {statuses:?}"
    );

    let (statuses, most_in) = burst(pid, 48, |i| {
        person.client.post(format!("{base}/sign-in")).form(&[
            ("_csrf", token.clone()),
            ("email", format!("burst{i}@example.com")),
            ("password", "not the password".into()),
        ])
    })
    .await;
    assert!(
        statuses.iter().all(|s| [422, 429, 503].contains(s)),
        "{statuses:?}"
    );

    // Hashes run one per core, so the burst costs a few times 19 MiB, not 48 times.
    let most = most_up.max(most_in);
    assert!(
        most < 200 * MB,
        "peak {} MB (started at {} MB)",
        most / MB,
        before / MB
    );
    // And the memory goes back once the burst is over (a hasher idle for a second frees
    // its 19 MiB).
    let deadline = Instant::now() + Duration::from_secs(5);
    while rss(pid) >= before + 40 * MB && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = rss(pid);
    assert!(
        after < before + 40 * MB,
        "{} MB after the burst, {} MB before (peak {} MB)",
        after / MB,
        before / MB,
        most / MB
    );
    eprintln!(
        "password burst: {} MB before, peak {} MB, {} MB after",
        before / MB,
        most / MB,
        after / MB
    );
    crate::support::kill_9(&mut server);
}

/// Reads until the peer closes (`true`) or `limit` passes (`false`).
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).expect("timeout");
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_silent_connections_are_closed_within_the_head_timeout_while_others_are_served() {
    let head = Duration::from_secs(2);
    let app = TestApp::start_with(|c| c.connections.head = head).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let started = Instant::now();
    // Fifty that say nothing, twenty that drip a request a byte at a time, ten that drip a
    // live stream's request, and one keep-alive connection left idle after a request.
    let mut silent: Vec<TcpStream> = (0..50)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let mut dripping: Vec<TcpStream> = (0..30)
        .map(|_| TcpStream::connect(&addr).expect("connect"))
        .collect();
    let mut idle = TcpStream::connect(&addr).expect("connect");
    idle.write_all(b"GET /up HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("write");
    let mut answer = [0u8; 512];
    let n = idle.read(&mut answer).expect("answer");
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));

    let drip = tokio::task::spawn_blocking(move || {
        for (i, socket) in dripping.iter_mut().enumerate() {
            let line: &[u8] = if i < 20 {
                b"GET /clubs HTTP/1.1\r\n"
            } else {
                b"GET /live?topic=x HTTP/1.1\r\n"
            };
            let _ = socket.write_all(&line[..3]);
        }
        for _ in 0..8 {
            std::thread::sleep(Duration::from_millis(400));
            for socket in dripping.iter_mut() {
                let _ = socket.write_all(b"X");
            }
        }
        dripping
    });
    // Meanwhile everyone else is served.
    for _ in 0..10 {
        let resp = app.get("/up").await;
        assert_eq!(resp.status(), 200);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut dripping = drip.await.expect("drip");
    let margin = Duration::from_secs(3);
    for socket in silent.iter_mut().chain(dripping.iter_mut()) {
        let left = (head + margin).saturating_sub(started.elapsed());
        assert!(
            closed_within(socket, left.max(Duration::from_millis(50))),
            "a connection outlived the head timeout ({:?} so far)",
            started.elapsed()
        );
    }
    assert!(
        closed_within(&mut idle, Duration::from_secs(1)),
        "idle keep-alive"
    );
    app.get("/up").await.error_for_status().expect("still up");

    // A head larger than the cap is refused outright.
    let big = "x".repeat(20 * 1024);
    let resp = app
        .client
        .get(app.url("/"))
        .header("x-padding", big)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 431);
    app.stop().await;
}

#[test]
fn serve_raises_its_open_file_limit_to_the_hard_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut child = std::process::Command::new("bash")
        .args([
            "-c",
            &format!(
                "ulimit -S -n 256 && exec {} serve",
                env!("CARGO_BIN_EXE_clubhouse")
            ),
        ])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CLUBHOUSE_DB_DIR", dir.path().join("db"))
        .env("CLUBHOUSE_LITESTREAM", "0")
        .env("PORT", port.to_string())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).expect("limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("open files line");
    let numbers: Vec<&str> = line.split_whitespace().skip(3).take(2).collect();
    assert_eq!(numbers.len(), 2, "{line}");
    assert_eq!(
        numbers[0], numbers[1],
        "soft limit raised to the hard one: {line}"
    );
    assert_ne!(numbers[0], "256", "{line}");
    crate::support::kill_9(&mut child);
}

/// Runs `clubhouse operator …` on the files in `db_dir`; returns success and stdout+stderr.
fn operator_command(db_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .arg("operator")
        .args(args)
        .env_clear()
        .env("CLUBHOUSE_DB_DIR", db_dir)
        .env("CLUBHOUSE_LITESTREAM", "0")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run clubhouse operator");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_server_has_no_operator_until_the_command_adds_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_dir = dir.path().join("db");
    // Start-up says, once, how to make the first operator.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .arg("serve")
        .env_clear()
        .env("CLUBHOUSE_DB_DIR", &db_dir)
        .env("CLUBHOUSE_LITESTREAM", "0")
        .env("RUST_LOG", "warn")
        .env("PORT", port.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start");
    let base = format!("http://127.0.0.1:{port}");
    wait_until("the server listens", Duration::from_secs(20), || async {
        TcpStream::connect(("127.0.0.1", port)).is_ok()
    })
    .await;

    // The first account to sign up is no operator.
    let ann = Person::at(&base);
    ann.sign_up_confirmed("Ann", "ann@example.com", PASSWORD)
        .await
        .assert_redirect("/clubs");
    ann.get("/operator/jobs").await.assert_status(404);
    ann.get("/operator/mailbox").await.assert_status(404);

    // Added by the command while the app runs: her next page shows the operator pages.
    let (ok, text) = operator_command(&db_dir, &["add", "Ann@Example.com"]);
    assert!(ok, "{text}");
    assert!(text.contains("ann@example.com is an operator"), "{text}");
    ann.get("/operator/jobs").await.assert_status(200);
    let (ok, text) = operator_command(&db_dir, &["list"]);
    assert!(ok && text.contains("ann@example.com\tconfirmed"), "{text}");

    // An address added before its account exists counts once that account confirms it.
    let (ok, _) = operator_command(&db_dir, &["add", "bob@example.com"]);
    assert!(ok);
    let (_, text) = operator_command(&db_dir, &["list"]);
    assert!(text.contains("bob@example.com\tno account yet"), "{text}");
    let bob = Person::at(&base);
    bob.sign_up("Bob", "bob@example.com", PASSWORD).await;
    bob.sign_in("bob@example.com", PASSWORD)
        .await
        .assert_redirect("/clubs");
    bob.get("/operator/jobs").await.assert_status(404);
    bob.confirm_email().await.assert_redirect("/clubs");
    bob.get("/operator/jobs").await.assert_status(200);

    let (ok, text) = operator_command(&db_dir, &["remove", "ann@example.com"]);
    assert!(ok, "{text}");
    ann.get("/operator/jobs").await.assert_status(404);
    let (ok, text) = operator_command(&db_dir, &["remove", "nobody@example.com"]);
    assert!(!ok && text.contains("was not an operator"), "{text}");
    let (ok, text) = operator_command(&db_dir, &["add", "not an email"]);
    assert!(!ok && text.contains("not an email address"), "{text}");

    crate::support::kill_9(&mut server);
    let mut out = String::new();
    if let Some(mut stdout) = server.stdout.take() {
        let _ = stdout.read_to_string(&mut out);
    }
    assert_eq!(
        out.matches("this server has no operator").count(),
        1,
        "said once: {out}"
    );
    assert!(out.contains("clubhouse operator add EMAIL"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_answers_the_same_whether_or_not_the_address_has_an_account() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    let stranger = app.person();
    let taken = stranger
        .sign_up("Someone", "ANN@example.com", PASSWORD)
        .await;
    let fresh = app
        .person()
        .sign_up("Someone", "zed@example.com", PASSWORD)
        .await;
    assert_eq!(taken.status, fresh.status);
    assert_eq!(taken.location, fresh.location);
    let taken = stranger.get("/sign-up/sent").await;
    taken.assert_contains("We sent a message to ann@example.com");
    assert!(
        !taken.body.contains("/verify-email/"),
        "no link for an existing account"
    );
    // The owner is told, and nobody else got in.
    let mail = crate::mail::wait_for_mail(&app, 1).await;
    assert_eq!(mail[0].0, "ann@example.com");
    assert_eq!(mail[0].1, "You already have a Clubhouse account");
    stranger.get("/account").await.assert_status(303);
    // Notices to one address are limited.
    for _ in 0..5 {
        app.person()
            .sign_up("Someone", "ann@example.com", PASSWORD)
            .await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let notices = crate::mail::outbox_mail(&app)
        .await
        .into_iter()
        .filter(|m| m.1 == "You already have a Clubhouse account")
        .count();
    assert_eq!(notices, 3);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmed_account_looks_around_but_cannot_register_or_join() {
    let app = TestApp::start().await;
    let club = crate::registration::club(&app, "rideau", "CA-ON").await;
    let program = club
        .program(&crate::registration::program_form(
            "Tuesday league",
            "10",
            "100",
        ))
        .await;
    let newcomer = app.signed_up_unconfirmed("Nia", "nia@example.com").await;
    let page = newcomer.get(&club.program_path(program)).await;
    page.assert_status(200)
        .assert_contains("Confirm your email address first");
    assert!(hidden_profile(&page.body).is_none(), "no register form");
    // Posting the form anyway is refused and writes nothing.
    let profile = own_profile(&app, "nia@example.com").await;
    newcomer
        .post(
            &format!("{}/register", club.program_path(program)),
            &[("profile", &profile.to_string())],
        )
        .await
        .assert_status(409)
        .assert_contains("Confirm your email address first");
    assert!(club.rows(&app).await.is_empty());

    // Asking for the link again works a few times, then waits.
    for _ in 0..3 {
        newcomer
            .post("/account/verify-email", &[])
            .await
            .assert_redirect("/account");
    }
    let page = newcomer.get("/account").await;
    let link = clubhouse::loadtest::client::confirmation_link(&page.body).expect("link");
    newcomer.post("/account/verify-email", &[]).await;
    newcomer
        .get("/account")
        .await
        .assert_contains("You can ask again in");

    // Confirmed, she registers.
    newcomer
        .follow_confirmation(&link)
        .await
        .assert_redirect("/clubs");
    club.register(&newcomer, program).await.assert_status(303);
    // A link works once.
    newcomer
        .get(&link)
        .await
        .assert_status(404)
        .assert_contains("This link no longer works");
    app.stop().await;
}

fn hidden_profile(body: &str) -> Option<String> {
    crate::support::hidden_value(body, "profile")
}

async fn own_profile(app: &TestApp, email: &str) -> i64 {
    let email = email.to_string();
    app.dbs()
        .shared
        .read(move |conn| {
            use clubhouse::db::schema::shared::{accounts, profiles};
            Ok::<_, DbError>(
                profiles::table
                    .inner_join(accounts::table)
                    .filter(accounts::email.eq(email))
                    .select(profiles::id)
                    .first::<i64>(conn)?,
            )
        })
        .await
        .expect("profile")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmation_links_expire_and_never_confirm_a_changed_address() {
    let app = TestApp::start().await;
    let person = app.person();
    person.sign_up("Eve", "eve@example.com", PASSWORD).await;
    let sent = person.get("/sign-up/sent").await;
    let link = clubhouse::loadtest::client::confirmation_link(&sent.body).expect("link");
    // A day later the link is dead.
    app.dbs()
        .shared
        .write(|conn| {
            use clubhouse::db::schema::shared::email_verifications as v;
            Ok::<_, DbError>(
                diesel::update(v::table)
                    .set(v::expires_at.eq(1))
                    .execute(conn)?,
            )
        })
        .await
        .expect("expire");
    person.get(&link).await.assert_status(404);
    person.post(&link, &[]).await.assert_status(404);

    // A fresh link, then the address changes: the old link confirms nothing.
    person.sign_in("eve@example.com", PASSWORD).await;
    person.get("/account").await;
    person.post("/account/verify-email", &[]).await;
    let page = person.get("/account").await;
    let old_link = clubhouse::loadtest::client::confirmation_link(&page.body).expect("link");
    person
        .post(
            "/account",
            &[
                ("name", "Eve"),
                ("email", "eve2@example.com"),
                ("lang", "en"),
                ("password", PASSWORD),
            ],
        )
        .await
        .assert_redirect("/account");
    person.get(&old_link).await.assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emailed_invitation_is_for_its_address_and_a_shared_link_for_whoever_holds_it() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    ann.post(
        "/clubs/rideau/invitations",
        &[("role", "member"), ("email", "bob@example.com")],
    )
    .await
    .assert_redirect("/clubs/rideau/members");
    let members = ann.get("/clubs/rideau/members").await;
    let start = members.body.find("/invitations/").expect("link shown");
    let end = start + members.body[start..].find('"').expect("end");
    let emailed = members.body[start..end].to_string();

    // Someone else who got hold of the link cannot use it.
    let carol = app.signed_up("Carol", "carol@example.com").await;
    carol
        .get(&emailed)
        .await
        .assert_contains("This invitation is for bob@example.com")
        .assert_contains("sent to another email address");
    carol.post(&emailed, &[]).await.assert_status(409);
    // Bob can.
    let bob = app.signed_up("Bob", "bob@example.com").await;
    bob.get(&emailed).await;
    bob.post(&emailed, &[])
        .await
        .assert_redirect("/clubs/rideau");

    // A link made to be passed on by hand works for the first confirmed account to use it.
    let shared = ann.invite("rideau", "member").await;
    carol.get(&shared).await;
    carol
        .post(&shared, &[])
        .await
        .assert_redirect("/clubs/rideau");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_text_and_unknown_methods_get_clear_answers_and_change_nothing() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.get("/account").await;
    let token = ann.csrf().await;
    // Invalid UTF-8 in a form field is refused, not silently replaced.
    let resp = ann
        .client
        .post(app.url("/account"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "_csrf={token}&name=Ann%FF&email=ann%40example.com&lang=en"
        ))
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status().as_u16(), 400);
    let body = resp.text().await.expect("body");
    assert!(body.contains("not valid text (not UTF-8)"), "{body}");
    ann.get("/account").await.assert_contains(r#"value="Ann""#);
    // In a query string too.
    assert_eq!(app.get("/sign-in?next=%C3%28").await.status().as_u16(), 400);

    // A method no page takes is 405 (with Allow), not 403.
    for method in ["PUT", "DELETE", "PATCH", "PROPFIND"] {
        let resp = ann
            .client
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
                app.url("/account"),
            )
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status().as_u16(), 405, "{method}");
        assert_eq!(
            resp.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some("GET, HEAD, POST")
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn club_email_goes_only_to_confirmed_addresses() {
    let app = TestApp::start().await;
    let club = crate::registration::club(&app, "rideau", "CA-ON").await;
    let program = club
        .program(&crate::registration::program_form("Clinic", "1", "100"))
        .await;
    let ada = app.signed_up("Ada", "ada@example.com").await;
    let cy = app.signed_up("Cy", "cy@example.com").await;
    club.register(&ada, program).await.assert_status(303);
    club.register(&cy, program).await.assert_status(303);
    // Cy's address is unconfirmed again (as after changing it away and back).
    app.dbs()
        .shared
        .write(|conn| {
            use clubhouse::db::schema::shared::accounts;
            Ok::<_, DbError>(
                diesel::update(accounts::table.filter(accounts::email.eq("cy@example.com")))
                    .set(accounts::email_verified_at.eq(None::<i64>))
                    .execute(conn)?,
            )
        })
        .await
        .expect("unconfirm");
    let rows = club.rows(&app).await;
    let ada_registration = rows
        .iter()
        .find(|l| l.registration.player_name == "Ada")
        .expect("Ada's")
        .registration
        .id;
    club.act(&ada, ada_registration, "cancel")
        .await
        .assert_status(303);
    wait_until(
        "the promotion email is handled",
        Duration::from_secs(15),
        || async {
            crate::mail::outbox_mail(&app)
                .await
                .iter()
                .any(|m| m.1.contains("A spot opened"))
        },
    )
    .await;
    let mail = crate::mail::outbox_mail(&app).await;
    let promoted = mail
        .iter()
        .find(|m| m.1.contains("A spot opened"))
        .expect("promotion");
    assert_eq!(promoted.0, "cy@example.com");
    assert_eq!(promoted.2, "unconfirmed", "held, not sent: {mail:?}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_made_in_someone_elses_name_is_not_handed_to_the_attacker() {
    let app = TestApp::start().await;
    // The attacker signs up with the victim's address and a password of their choosing,
    // and stays signed in.
    let attacker = app.person();
    attacker
        .sign_up("Vic", "vic@example.com", PASSWORD)
        .await
        .assert_redirect("/sign-up/sent");
    let sent = attacker.get("/sign-up/sent").await;
    let link = clubhouse::loadtest::client::confirmation_link(&sent.body).expect("link");
    attacker
        .sign_in("vic@example.com", PASSWORD)
        .await
        .assert_redirect("/clubs");
    // The victim opens the emailed link in their own browser: the address is confirmed, but
    // nobody is signed in by it, and the attacker's session ends.
    let victim = app.person();
    victim
        .follow_confirmation(&link)
        .await
        .assert_redirect("/sign-in");
    victim.get("/account").await.assert_status(303);
    victim
        .get("/sign-in")
        .await
        .assert_contains("Your address is confirmed. Sign in with the account’s password");
    attacker.get("/account").await.assert_status(303);
    app.stop().await;
}
