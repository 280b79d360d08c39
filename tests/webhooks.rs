//! Webhooks over HTTP: endpoints set up on the club's page, deliveries checked by PyPI's
//! `standardwebhooks` in a receiver of their own, retries with the same id, rotation with
//! both signatures, an endpoint turned off (and its owners told), redelivery by hand, and
//! private addresses refused.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::mail::outbox_mail;
use crate::scoring::{Fixture, end, set_up};
use crate::support::{Person, TestApp, wait_until};

/// The receiver in tests/contract/receiver.py, on its own port.
struct Receiver {
    child: tokio::process::Child,
    port: u16,
    http: reqwest::Client,
}

impl Receiver {
    async fn start() -> Receiver {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let python = root.join("target/contract-venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: `tests/run` installs it",
            python.display()
        );
        let mut child = tokio::process::Command::new(python)
            .arg(root.join("tests/contract/receiver.py"))
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the receiver");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .await
            .expect("the receiver's port");
        let port = line.trim().parse().expect("a port");
        Receiver {
            child,
            port,
            http: reqwest::Client::new(),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    async fn control(&self, settings: Value) {
        self.http
            .post(format!("http://127.0.0.1:{}/_control", self.port))
            .body(settings.to_string())
            .send()
            .await
            .expect("control the receiver");
    }

    async fn log(&self) -> Vec<Value> {
        self.http
            .get(format!("http://127.0.0.1:{}/_log", self.port))
            .send()
            .await
            .expect("the receiver's log")
            .text()
            .await
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .expect("JSON")
    }

    async fn wait_for(&self, count: usize) -> Vec<Value> {
        wait_until("the deliveries arrive", Duration::from_secs(20), || async {
            self.log().await.len() >= count
        })
        .await;
        self.log().await
    }
}

/// Adds an endpoint for `types` and returns its page's path and its secret.
async fn add_endpoint(f: &Fixture, url: &str, types: &[&str]) -> (String, String) {
    add_endpoint_for(&f.owner, &f.slug, url, types).await
}

async fn add_endpoint_for(
    owner: &Person,
    slug: &str,
    url: &str,
    types: &[&str],
) -> (String, String) {
    let mut form = vec![("url", url)];
    for t in types {
        form.push(("types", t));
    }
    let added = owner.post(&format!("/clubs/{slug}/webhooks"), &form).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let page_path = added.location.clone().expect("the endpoint's page");
    let secret = secret_on(owner, &page_path).await;
    (page_path, secret)
}

async fn secret_on(owner: &Person, page_path: &str) -> String {
    let page = owner.get(page_path).await;
    let start = page
        .body
        .find("id=\"webhook-secret\">")
        .expect("the secret")
        + 20;
    page.body[start..]
        .split('<')
        .next()
        .expect("secret")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_signed_as_standard_webhooks_and_logged() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let receiver = Receiver::start().await;
    let (page_path, secret) = add_endpoint(
        &f,
        &receiver.url(),
        &["game.started", "score.changed", "game.finished"],
    )
    .await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    receiver
        .control(serde_json::json!({ "secrets": [secret] }))
        .await;

    f.tap(&f.owner, &[("action", "start"), ("side", "1")]).await;
    f.tap(&f.owner, &end("2", "3")).await;
    let log = receiver.wait_for(2).await;
    assert!(log.iter().all(|d| d["verified"] == true), "{log:?}");
    // Deliveries run side by side, so they may arrive in any order: `version` orders them.
    let of = |kind: &str| {
        log.iter()
            .find(|d| d["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {log:?}"))
            .clone()
    };
    let (started, scored) = (of("game.started"), of("score.changed"));
    let body: Value = serde_json::from_str(scored["body"].as_str().expect("body")).expect("JSON");
    assert_eq!(body["data"]["game_id"], f.game);
    assert_eq!(body["data"]["version"], 2, "start made 1, the end 2");
    assert!(body["timestamp"].as_str().unwrap_or("").ends_with('Z'));
    assert_ne!(started["id"], scored["id"]);

    // The log on the endpoint's page: the event, 200, and the response's first bytes.
    let page = f.owner.get(&page_path).await;
    page.assert_status(200)
        .assert_contains("score.changed")
        .assert_contains("{&quot;seen&quot;: true}");

    // Sent again by hand: the same id, marked as such.
    let redeliver = page
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with("/redeliver"))
        .expect("a redeliver form")
        .to_string();
    f.owner.post(&redeliver, &[]).await.assert_status(303);
    let log = receiver.wait_for(3).await;
    assert!(
        log.iter().filter(|d| d["id"] == log[2]["id"]).count() == 2,
        "{log:?}"
    );
    let page = f.owner.get(&page_path).await;
    assert!(page.body.contains("by hand"));

    // Events the endpoint did not choose are not sent; members cannot see the pages.
    let member = f
        .joined(&app, "scorekeeper", "Sam", "sam@example.com")
        .await;
    member.get(&page_path).await.assert_status(403);
    member
        .get(&format!("/clubs/{}/webhooks", f.slug))
        .await
        .assert_status(403);
    drop(receiver.child);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_delivery_is_retried_with_the_same_id() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let receiver = Receiver::start().await;
    let (page_path, secret) = add_endpoint(&f, &receiver.url(), &["game.started"]).await;
    receiver
        .control(serde_json::json!({ "secrets": [secret], "fail": 2 }))
        .await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")]).await;
    let log = receiver.wait_for(3).await;
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(
        log.iter()
            .all(|d| d["id"] == log[0]["id"] && d["verified"] == true)
    );
    assert_eq!(
        log.iter()
            .map(|d| d["status"].as_i64().unwrap_or(0))
            .collect::<Vec<_>>(),
        vec![500, 500, 200]
    );
    // Each attempt is signed at its own time, on the page as attempts 1 to 3.
    let page = f.owner.get(&page_path).await;
    for n in ["attempt 1", "attempt 2", "attempt 3"] {
        page.assert_contains(n);
    }
    assert!(!page.body.contains("failing"), "the last attempt succeeded");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_secret_signs_beside_the_old_one() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let receiver = Receiver::start().await;
    let (page_path, old) =
        add_endpoint(&f, &receiver.url(), &["game.started", "score.changed"]).await;
    let rotate = format!("{page_path}/rotate");
    f.owner.post(&rotate, &[]).await.assert_status(303);
    let new = secret_on(&f.owner, &page_path).await;
    assert_ne!(old, new);
    assert!(
        f.owner
            .get(&page_path)
            .await
            .body
            .contains("also signs until")
    );
    // A receiver that knows only the old secret still verifies; so does one with the new.
    receiver
        .control(serde_json::json!({ "secrets": [old] }))
        .await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")]).await;
    receiver
        .control(serde_json::json!({ "secrets": [new] }))
        .await;
    f.tap(&f.owner, &end("1", "1")).await;
    let log = receiver.wait_for(2).await;
    for d in &log {
        assert_eq!(d["verified"], true, "{d}");
        assert_eq!(d["signatures"].as_array().map(Vec::len), Some(2), "{d}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_endpoint_is_turned_off_and_its_owners_told() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let receiver = Receiver::start().await;
    let (page_path, secret) =
        add_endpoint(&f, &receiver.url(), &["game.started", "score.changed"]).await;
    // Failing for three days already: the next failure turns it off.
    receiver
        .control(serde_json::json!({ "secrets": [secret], "status": 500 }))
        .await;
    let dbs = app.shared_dbs();
    let sport = dbs
        .sport(clubhouse::sports::Sport::Curling)
        .expect("curling");
    let long_ago = clubhouse::auth::now() - 4 * 24 * 60 * 60;
    sport
        .write(move |conn| {
            use diesel::prelude::*;
            diesel::sql_query(format!(
                "UPDATE webhook_endpoints SET failing_since = {long_ago}"
            ))
            .execute(conn)
            .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("age the failures");
    f.tap(&f.owner, &[("action", "start"), ("side", "1")]).await;
    receiver.wait_for(1).await;
    wait_until("the endpoint is off", Duration::from_secs(15), || async {
        f.owner.get(&page_path).await.body.contains("Turned off on")
    })
    .await;
    let page = f.owner.get(&page_path).await;
    assert!(page.body.contains("every delivery failed for three days"));
    wait_until("the owner is told", Duration::from_secs(15), || async {
        outbox_mail(&app).await.iter().any(|(to, subject, _, _)| {
            to == "olive@example.com" && subject.contains("was turned off")
        })
    })
    .await;
    // Off: nothing more is sent, and no retry is queued.
    f.tap(&f.owner, &end("1", "2")).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.log().await.len(), 1);

    // Saving it turns it on again; a 410 Gone turns it off at once.
    receiver.control(serde_json::json!({ "status": 410 })).await;
    f.owner
        .post(
            &page_path,
            &[("url", &receiver.url()), ("types", "score.changed")],
        )
        .await
        .assert_status(303);
    assert!(!f.owner.get(&page_path).await.body.contains("Turned off on"));
    f.tap(&f.owner, &end("2", "1")).await;
    wait_until("410 turns it off", Duration::from_secs(15), || async {
        f.owner.get(&page_path).await.body.contains("410 Gone")
    })
    .await;
    assert_eq!(receiver.log().await.len(), 2, "a 410 is not retried");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_and_bad_forms_are_refused() {
    let app = TestApp::start_with(|config| config.webhook_allow_private = false).await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let path = format!("/clubs/{}/webhooks", f.slug);
    for url in [
        "http://127.0.0.1:9/hook",
        "https://localhost/x",
        "http://169.254.169.254/latest",
        "http://[::1]/",
    ] {
        f.owner
            .post(&path, &[("url", url), ("types", "score.changed")])
            .await
            .assert_status(422)
            .assert_contains("private network");
    }
    f.owner
        .post(
            &path,
            &[("url", "ftp://example.com"), ("types", "score.changed")],
        )
        .await
        .assert_status(422)
        .assert_contains("https://");
    f.owner
        .post(&path, &[("url", "https://example.com/hook")])
        .await
        .assert_status(422)
        .assert_contains("Choose at least one event.");
    f.owner
        .post(
            &path,
            &[
                ("url", "https://example.com/hook"),
                ("types", "game.exploded"),
            ],
        )
        .await
        .assert_status(422);
    assert!(f.owner.get(&path).await.body.contains("No endpoint yet."));
    // A public address is accepted (nothing is sent until an event happens).
    f.owner
        .post(
            &path,
            &[
                ("url", "https://example.com/hook"),
                ("types", "score.changed"),
            ],
        )
        .await
        .assert_status(303);
    app.stop().await;
}

/// The body's `data` of the first delivery of `kind`, waiting for it.
async fn delivered(receiver: &Receiver, kind: &str) -> Value {
    wait_until(kind, Duration::from_secs(20), || async {
        receiver.log().await.iter().any(|d| d["type"] == kind)
    })
    .await;
    let log = receiver.log().await;
    let found = log.iter().find(|d| d["type"] == kind).expect("delivered");
    assert_eq!(found["verified"], true, "{found}");
    let body: Value = serde_json::from_str(found["body"].as_str().expect("body")).expect("JSON");
    body["data"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spares_and_withdrawals_are_told_and_spares_are_read_through_the_api() {
    use crate::spares::{join, link, offer, tuesday_league};
    let app = TestApp::start().await;
    let (league, game, _) = tuesday_league(&app, "hooked-spares").await;
    let receiver = Receiver::start().await;
    let (_, secret) = add_endpoint_for(
        &league.owner,
        &league.slug,
        &receiver.url(),
        &["spare.requested", "spare.filled", "standings.changed"],
    )
    .await;
    receiver
        .control(serde_json::json!({ "secrets": [secret] }))
        .await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    link(&league, "Team 1", &ann, "lead").await;
    offer(&league, &cat, &["lead"], "0").await;
    let request = crate::spares::ask(&league, &ann, game, "lead").await;
    let asked = delivered(&receiver, "spare.requested").await;
    assert_eq!(asked["request_id"], request);
    assert_eq!(asked["game_id"], game);
    assert_eq!(asked["status"], "open");
    assert!(asked.get("requester").is_none(), "ids only: {asked}");

    // The organiser's integration reads the event's requests.
    let key = crate::api::make_key(&league.owner, &league.slug, "Spares", &["read"]).await;
    let path = format!(
        "/api/v1/clubs/{}/events/{}/spares",
        league.slug, league.event
    );
    let listed = crate::api::get(&app, &path, Some(&key)).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let items = listed.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], request);
    assert_eq!(items[0]["position"], "lead");
    assert_eq!(items[0]["status"], "open");
    crate::api::get(&app, &path, None)
        .await
        .assert_problem(401, "unauthorized");
    let scorer = crate::api::make_key(&league.owner, &league.slug, "Scorer", &["score"]).await;
    crate::api::get(&app, &path, Some(&scorer))
        .await
        .assert_problem(403, "forbidden");

    cat.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(303);
    let filled = delivered(&receiver, "spare.filled").await;
    assert_eq!(filled["request_id"], request);
    assert_eq!(filled["status"], "filled");
    let listed = crate::api::get(&app, &path, Some(&key)).await;
    assert_eq!(listed.json()["items"][0]["status"], "filled");
    assert!(
        receiver
            .log()
            .await
            .iter()
            .all(|d| d["type"] != "standings.changed"),
        "nothing changed the standings yet"
    );

    // A withdrawal changes the standings without a game played.
    let team = league.team("Team 4").await;
    league
        .owner
        .post(
            &league.path(&format!("teams/{team}/do/withdraw")),
            &[("games", "byes")],
        )
        .await
        .assert_status(303);
    let changed = delivered(&receiver, "standings.changed").await;
    assert_eq!(changed["event_id"], league.event);
    drop(receiver.child);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_program_taking_its_last_spot_is_told_each_time() {
    use crate::registration::{club, id_of, people, program_form};
    let app = TestApp::start().await;
    let c = club(&app, "full-hooks", "CA-ON").await;
    let receiver = Receiver::start().await;
    let (_, secret) = add_endpoint_for(
        &c.owner,
        &c.slug,
        &receiver.url(),
        &["program.full", "registration.promoted"],
    )
    .await;
    receiver
        .control(serde_json::json!({ "secrets": [secret] }))
        .await;
    let program = c.program(&program_form("Clinic", "2", "100")).await;
    let p = people(&app, &["Ada", "Bob", "Cy"]).await;
    c.register(&p[0], program).await.assert_status(303);
    c.register(&p[1], program).await.assert_status(303);
    let full = delivered(&receiver, "program.full").await;
    assert_eq!(full["program_id"], program);
    assert_eq!(full["capacity"], 2);
    // The waitlisted third does not fill it again; a cancellation and a promotion do.
    c.register(&p[2], program).await.assert_status(303);
    let ada = id_of(&c.rows(&app).await, "Ada");
    c.act(&p[0], ada, "cancel").await.assert_status(303);
    delivered(&receiver, "registration.promoted").await;
    wait_until("full again", Duration::from_secs(20), || async {
        receiver
            .log()
            .await
            .iter()
            .filter(|d| d["type"] == "program.full")
            .count()
            == 2
    })
    .await;
    drop(receiver.child);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forfeit_in_a_playoff_advances_the_bracket_and_says_so() {
    let app = TestApp::start().await;
    let l = crate::season::League::with_rules(
        &app,
        "curling",
        "hooked-cup",
        2,
        4,
        &[("extra_ends", "on")],
    )
    .await;
    let receiver = Receiver::start().await;
    let (_, secret) = add_endpoint_for(
        &l.owner,
        &l.slug,
        &receiver.url(),
        &["game.finished", "bracket.advanced"],
    )
    .await;
    receiver
        .control(serde_json::json!({ "secrets": [secret] }))
        .await;
    crate::brackets::page_playoff_in_order(&l).await;
    let first_round = l.games().await;
    assert_eq!(first_round.len(), 2, "1 v 2 and 3 v 4");
    l.owner
        .post(&l.game_path(first_round[0], "call/forfeit-2"), &[])
        .await
        .assert_status(303);
    let finished = delivered(&receiver, "game.finished").await;
    assert_eq!(finished["game_id"], first_round[0]);
    // One result is not enough for the semifinal: the 3 v 4 forfeit makes it.
    l.owner
        .post(&l.game_path(first_round[1], "call/forfeit-2"), &[])
        .await
        .assert_status(303);
    let advanced = delivered(&receiver, "bracket.advanced").await;
    assert_eq!(advanced["event_id"], l.event);
    let moved = advanced["game_ids"].as_array().cloned().unwrap_or_default();
    assert!(!moved.is_empty(), "{advanced}");
    let now = l.games().await;
    assert!(
        moved.iter().all(|g| now.contains(&g.as_i64().unwrap_or(0))),
        "the games it names are the event's: {moved:?} in {now:?}"
    );
    drop(receiver.child);
    app.stop().await;
}
