//! The JSON API over HTTP: keys made on the club's page (shown once, revoked at once), public
//! reads without a key and cacheable, members-only reads with one, scorekeeping on `If-Match`,
//! problem documents for every error, the rate limit, the use kept per key, and the OpenAPI
//! document.

use serde_json::Value;

use crate::scoring::{Fixture, set_up, set_up_club};
use crate::support::{Person, TestApp};

/// Makes a key on the club's page and returns it as shown.
pub async fn make_key(owner: &Person, slug: &str, name: &str, scopes: &[&str]) -> String {
    let mut form = vec![("name", name)];
    for scope in scopes {
        form.push(("scopes", scope));
    }
    let page = owner.post(&format!("/clubs/{slug}/api-keys"), &form).await;
    page.assert_status(200);
    let start = page
        .body
        .find("id=\"new-key\">")
        .unwrap_or_else(|| panic!("no new key on the page: {}", page.body))
        + "id=\"new-key\">".len();
    page.body[start..]
        .split('<')
        .next()
        .expect("the key")
        .to_string()
}

/// A client without cookies, as an integration would be.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// A problem document with `status` and a `type` ending in `kind`.
    pub fn assert_problem(&self, status: u16, kind: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.header("content-type"), "application/problem+json");
        let problem = self.json();
        assert_eq!(problem["status"], status);
        let kind_found = problem["type"].as_str().unwrap_or("");
        assert!(
            kind_found.ends_with(&format!("#problem-{kind}")),
            "{kind_found}"
        );
        assert!(problem["title"].is_string());
        problem
    }
}

pub async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    let mut req = client().request(method, app.url(path));
    if let Some(key) = key {
        req = req.bearer_auth(key);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let resp = req.send().await.expect("API request");
    Answer {
        status: resp.status().as_u16(),
        headers: resp.headers().clone(),
        body: resp.text().await.expect("body"),
    }
}

pub async fn get(app: &TestApp, path: &str, key: Option<&str>) -> Answer {
    call(app, reqwest::Method::GET, path, key, &[], None).await
}

fn api(f: &Fixture, rest: &str) -> String {
    format!("/api/v1/clubs/{}{rest}", f.slug)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_are_shown_once_listed_and_revoked_at_once() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let page_path = format!("/clubs/{}/api-keys", f.slug);

    // The form refuses what it cannot accept and makes nothing.
    let refused = f
        .owner
        .post(&page_path, &[("name", "Website"), ("scopes", "admin")])
        .await;
    refused
        .assert_status(422)
        .assert_contains("Choose from the listed permissions.");
    f.owner
        .post(&page_path, &[("name", "Website")])
        .await
        .assert_status(422)
        .assert_contains("Choose at least one permission.");
    f.owner
        .post(
            &page_path,
            &[
                ("name", "Website"),
                ("scopes", "read"),
                ("expires", "2020-01-01"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Choose a day after today.");
    f.owner
        .post(&page_path, &[("name", ""), ("scopes", "read")])
        .await
        .assert_status(422);
    assert!(f.owner.get(&page_path).await.body.contains("No key yet."));

    let key = make_key(&f.owner, &f.slug, "Website", &["read", "score"]).await;
    assert!(key.starts_with("chk_") && key.len() == 53, "{key}");
    let listed = f.owner.get(&page_path).await;
    listed
        .assert_status(200)
        .assert_contains("Website")
        .assert_contains(&key[..10]);
    assert!(!listed.body.contains(&key), "the key is shown only once");
    assert!(listed.body.contains("never used"));

    get(&app, &api(&f, ""), Some(&key))
        .await
        .status
        .eq(&200)
        .then_some(())
        .expect("works");
    // The list shows when it was last used (the page writes the counts kept in memory).
    assert!(f.owner.get(&page_path).await.body.contains("last used"));

    // Only owners and admins see the page.
    let member = f
        .joined(&app, "scorekeeper", "Sam Score", "sam@example.com")
        .await;
    member.get(&page_path).await.assert_status(403);
    member
        .post(&page_path, &[("name", "Mine"), ("scopes", "read")])
        .await
        .assert_status(403);

    // Revoked: refused on the next request.
    let revoke = listed
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with("/revoke"))
        .expect("a revoke form")
        .to_string();
    member.post(&revoke, &[]).await.assert_status(403);
    f.owner.post(&revoke, &[]).await.assert_status(303);
    let refused = get(&app, &api(&f, ""), Some(&key)).await;
    let problem = refused.assert_problem(401, "unauthorized");
    assert!(problem["detail"].as_str().unwrap_or("").contains("revoked"));
    assert!(refused.header("www-authenticate").starts_with("Bearer"));
    assert!(f.owner.get(&page_path).await.body.contains("revoked"));
    // Revoking twice, or another club's key, is not found.
    f.owner.post(&revoke, &[]).await.assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_expired_and_orphaned_keys_are_refused() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(&f.owner, &f.slug, "Bot", &["read"]).await;
    let path = api(&f, "/events");

    // A typo is caught by the checksum; a well-formed key nobody made is unknown.
    let mut typo = key.clone().into_bytes();
    typo[20] = if typo[20] == b'a' { b'b' } else { b'a' };
    let typo = String::from_utf8(typo).expect("ascii");
    let p = get(&app, &path, Some(&typo))
        .await
        .assert_problem(401, "unauthorized");
    assert!(p["detail"].as_str().unwrap_or("").contains("typo"));
    let other = clubhouse::clubs::api_keys::generate();
    get(&app, &path, Some(&other))
        .await
        .assert_problem(401, "unauthorized");
    let basic = call(
        &app,
        reqwest::Method::GET,
        &path,
        None,
        &[("authorization", "Basic b2xpdmU6eA==")],
        None,
    )
    .await;
    basic.assert_problem(401, "unauthorized");

    // Expired: the day has passed.
    get(&app, &path, Some(&key)).await.assert_status_ok();
    let dbs = app.shared_dbs();
    dbs.shared
        .write(|conn| {
            use diesel::prelude::*;
            diesel::sql_query("UPDATE api_keys SET expires_at = 1")
                .execute(conn)
                .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("expire the key");
    let p = get(&app, &path, Some(&key))
        .await
        .assert_problem(401, "unauthorized");
    assert!(p["detail"].as_str().unwrap_or("").contains("expired"));

    // A key made by an admin stops working when the admin no longer manages the club.
    let admin = f
        .joined(&app, "admin", "Ada Admin", "ada@example.com")
        .await;
    let admins_key = make_key(&admin, &f.slug, "Ada's", &["read"]).await;
    get(&app, &path, Some(&admins_key)).await.assert_status_ok();
    let members = f.owner.get(&format!("/clubs/{}/members", f.slug)).await;
    let role_form = members
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with("/role"))
        .expect("a role form")
        .to_string();
    f.owner.post(&role_form, &[("role", "member")]).await;
    let p = get(&app, &path, Some(&admins_key))
        .await
        .assert_problem(401, "unauthorized");
    assert!(
        p["detail"].as_str().unwrap_or("").contains("no longer"),
        "{p}"
    );
    app.stop().await;
}

impl Answer {
    pub fn assert_status_ok(&self) -> &Self {
        assert_eq!(self.status, 200, "{}", self.body);
        self
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_reads_need_no_key_and_answer_304_when_unchanged() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let club = get(&app, &api(&f, ""), None).await;
    club.assert_status_ok();
    assert_eq!(club.json()["slug"], f.slug.as_str());
    assert_eq!(club.json()["sport"], "curling");

    let events = get(&app, &api(&f, "/events"), None).await;
    events.assert_status_ok();
    assert_eq!(events.header("content-type"), "application/json");
    assert_eq!(events.header("cache-control"), "public, max-age=5");
    let items = events.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], f.event);
    assert!(items[0]["created_at"].as_str().unwrap_or("").contains('T'));

    let event = get(&app, &api(&f, &format!("/events/{}", f.event)), None).await;
    event.assert_status_ok();
    let doc = event.json();
    assert_eq!(doc["teams"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["rules"]["sport"], "curling");
    let starts = doc["draws"][0]["starts_at"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        chrono::DateTime::parse_from_rfc3339(&starts).is_ok(),
        "RFC 3339 with offset: {starts}"
    );

    // Unchanged: 304 with no body; a changed game gives a new ETag.
    let game_path = api(&f, &format!("/games/{}", f.game));
    let game = get(&app, &game_path, None).await;
    game.assert_status_ok();
    let etag = game.header("etag").to_string();
    assert!(
        etag.starts_with(&format!("\"{}-", game.json()["version"])),
        "{etag}"
    );
    let again = call(
        &app,
        reqwest::Method::GET,
        &game_path,
        None,
        &[("if-none-match", &etag)],
        None,
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    f.tap(&f.owner, &[("action", "start"), ("side", "1")]).await;
    let changed = call(
        &app,
        reqwest::Method::GET,
        &game_path,
        None,
        &[("if-none-match", &etag)],
        None,
    )
    .await;
    changed.assert_status_ok();
    assert_ne!(changed.header("etag"), etag);
    assert_eq!(changed.json()["state"], "live");

    for rest in ["/games", "/standings", "/brackets"] {
        let path = api(&f, &format!("/events/{}{rest}", f.event));
        get(&app, &path, None).await.assert_status_ok();
    }
    let standings = get(
        &app,
        &api(&f, &format!("/events/{}/standings", f.event)),
        None,
    )
    .await;
    assert_eq!(
        standings.json()["tables"][0]["rows"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    get(&app, &api(&f, "/programs"), None)
        .await
        .assert_status_ok();

    // Pages: one event per page has a next link that ends the list.
    let second = f
        .owner
        .post(
            &format!("/clubs/{}/events", f.slug),
            &[
                ("name", "Winter League"),
                ("kind", "league"),
                ("ends", "8"),
                ("audience", "public"),
            ],
        )
        .await;
    assert_eq!(second.status, 303, "{}", second.body);
    let first_page = get(&app, &api(&f, "/events?limit=1"), None).await;
    let next = first_page.json()["next"]
        .as_str()
        .expect("a next link")
        .to_string();
    assert!(first_page.header("link").contains("rel=\"next\""));
    let last_page = get(&app, &next, None).await;
    assert_eq!(last_page.json()["items"][0]["name"], "Winter League");
    assert!(last_page.json().get("next").is_none());
    get(&app, &api(&f, "/events?limit=0"), None)
        .await
        .assert_problem(422, "invalid");
    get(&app, &api(&f, "/events?cursor=x"), None)
        .await
        .assert_problem(422, "invalid");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_only_data_needs_a_key_of_the_club() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8"), ("audience", "members")]).await;
    let other = set_up_club(
        &app,
        "curling",
        &[("ends", "8")],
        "other-rink",
        "oscar@example.com",
    )
    .await;
    let ours = make_key(&f.owner, &f.slug, "Site", &["read"]).await;
    let theirs = make_key(&other.owner, &other.slug, "Site", &["read", "score"]).await;
    let scorer = make_key(&f.owner, &f.slug, "Scores only", &["score"]).await;
    let event = api(&f, &format!("/events/{}", f.event));
    let game = api(&f, &format!("/games/{}", f.game));

    for path in [&event, &game] {
        get(&app, path, None).await.assert_problem(404, "not-found");
        let read = get(&app, path, Some(&ours)).await;
        read.assert_status_ok();
        assert_eq!(read.header("cache-control"), "private, no-cache");
        get(&app, path, Some(&scorer)).await.assert_status_ok();
        // Another club's key finds nothing here, not even the club.
        get(&app, path, Some(&theirs))
            .await
            .assert_problem(404, "not-found");
    }
    get(&app, &api(&f, ""), Some(&theirs))
        .await
        .assert_problem(404, "not-found");
    let listed = get(&app, &api(&f, "/events"), None).await;
    assert_eq!(listed.json()["items"].as_array().map(Vec::len), Some(0));
    let listed = get(&app, &api(&f, "/events"), Some(&ours)).await;
    assert_eq!(listed.json()["items"].as_array().map(Vec::len), Some(1));
    // Bad ids and unknown clubs are not found.
    for path in [
        api(&f, "/events/abc"),
        api(&f, "/events/0"),
        api(&f, "/games/999999"),
        "/api/v1/clubs/no-such-club".to_string(),
    ] {
        get(&app, &path, Some(&ours))
            .await
            .assert_problem(404, "not-found");
    }

    // A browser's session cookie is not a key: the owner's own browser is anonymous here.
    let with_cookie = f
        .owner
        .client
        .get(app.url(&event))
        .send()
        .await
        .expect("GET");
    assert_eq!(with_cookie.status().as_u16(), 404);
    let posted = f
        .owner
        .client
        .post(app.url(&format!("{game}/actions")))
        .header("if-match", "\"1\"")
        .header("content-type", "application/json")
        .body(r#"{"action":"undo"}"#)
        .send()
        .await
        .expect("POST");
    assert_eq!(
        posted.status().as_u16(),
        401,
        "no CSRF token needed, and no cookie honoured"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scorekeeping_needs_if_match_and_refuses_stale_versions() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(&f.owner, &f.slug, "Scoreboard app", &["score"]).await;
    let reader = make_key(&f.owner, &f.slug, "Reader", &["read"]).await;
    let game_path = api(&f, &format!("/games/{}", f.game));
    let actions = format!("{game_path}/actions");
    let read = get(&app, &game_path, Some(&key)).await;
    let teams: Vec<i64> = read.json()["sides"]
        .as_array()
        .expect("sides")
        .iter()
        .map(|s| s["team_id"].as_i64().expect("team id"))
        .collect();
    let etag = read.header("etag").to_string();
    let post = |key: &str, etag: Option<&str>, body: Value| {
        let headers: Vec<(&str, &str)> = etag.map(|e| vec![("if-match", e)]).unwrap_or_default();
        let (key, headers, body, actions) = (
            key.to_string(),
            headers
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>(),
            body,
            actions.clone(),
        );
        let app = &app;
        async move {
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            call(
                app,
                reqwest::Method::POST,
                &actions,
                Some(&key),
                &headers,
                Some(body),
            )
            .await
        }
    };
    let start = serde_json::json!({"action": "start", "first_team_id": teams[1]});

    post(&key, None, start.clone())
        .await
        .assert_problem(428, "if-match-required");
    post(&reader, Some(&etag), start.clone())
        .await
        .assert_problem(403, "forbidden");
    post(&key, Some("\"999\""), start.clone())
        .await
        .assert_problem(412, "stale");
    post(
        &key,
        Some(&etag),
        serde_json::json!({"action": "start", "first_team_id": 424242}),
    )
    .await
    .assert_problem(422, "invalid");
    post(&key, Some(&etag), serde_json::json!({"action": "dance"}))
        .await
        .assert_problem(422, "invalid");
    let started = post(&key, Some(&etag), start.clone()).await;
    started.assert_status_ok();
    assert_eq!(started.json()["state"], "live");
    let etag2 = started.header("etag").to_string();
    assert_ne!(etag2, etag);

    // The old ETag is stale now: 412 with the game as it is.
    let stale = post(&key, Some(&etag), start.clone()).await;
    let problem = stale.assert_problem(412, "stale");
    assert_eq!(problem["current"]["state"], "live");

    // An end to the team with the hammer's opponents, then a correction and an undo.
    let end = post(
        &key,
        Some(&etag2),
        serde_json::json!({"action": "enter", "team_id": teams[0], "points": 2}),
    )
    .await;
    end.assert_status_ok();
    assert_eq!(end.json()["ends"][0]["points"], 2);
    assert_eq!(end.json()["sides"][0]["score"], 2);
    let etag3 = end.header("etag").to_string();
    let too_many = post(
        &key,
        Some(&etag3),
        serde_json::json!({"action": "enter", "team_id": teams[0], "points": 9}),
    )
    .await;
    too_many.assert_problem(422, "invalid");
    let fixed = post(
        &key,
        Some(&etag3),
        serde_json::json!({"action": "correct", "number": 1, "team_id": teams[1], "points": 1}),
    )
    .await;
    fixed.assert_status_ok();
    assert_eq!(fixed.json()["sides"][1]["score"], 1);
    // A bare version in quotes is accepted as the ETag.
    let version = fixed.json()["version"].as_i64().expect("version");
    let undone = post(
        &key,
        Some(&format!("\"{version}\"")),
        serde_json::json!({"action": "undo"}),
    )
    .await;
    undone.assert_status_ok();
    assert!(undone.json().get("ends").is_none());

    // The page and the API agree: what the API entered is on the public game page.
    let v = undone.json()["version"].as_i64().expect("version");
    let e = post(
        &key,
        Some(&format!("\"{v}\"")),
        serde_json::json!({"action": "enter", "team_id": teams[1], "points": 3}),
    )
    .await;
    e.assert_status_ok();
    let page = app.person().get(&f.game_path()).await;
    page.assert_status(200);
    assert!(page.body.contains(">3<"), "{}", page.body);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_a_problem_document() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    get(&app, "/api/v1/no-such-thing", None)
        .await
        .assert_problem(404, "not-found");
    get(&app, "/api/nothing", None)
        .await
        .assert_problem(404, "not-found");
    let wrong = call(
        &app,
        reqwest::Method::DELETE,
        &api(&f, "/events"),
        None,
        &[],
        None,
    )
    .await;
    wrong.assert_problem(405, "method-not-allowed");
    assert_eq!(wrong.header("allow"), "GET, HEAD, POST");
    let key = make_key(&f.owner, &f.slug, "Scores", &["score"]).await;
    let actions = api(&f, &format!("/games/{}/actions", f.game));
    let get_actions = get(&app, &actions, Some(&key)).await;
    get_actions.assert_problem(405, "method-not-allowed");
    assert_eq!(get_actions.header("allow"), "POST");
    let not_json = client()
        .post(app.url(&actions))
        .bearer_auth(&key)
        .header("if-match", "\"1\"")
        .body("points=2")
        .send()
        .await
        .expect("POST");
    assert_eq!(not_json.status().as_u16(), 422);
    let huge = "x".repeat(2 * 1024 * 1024);
    let too_big = client()
        .post(app.url(&actions))
        .bearer_auth(&key)
        .header("if-match", "\"1\"")
        .body(huge)
        .send()
        .await
        .expect("POST");
    assert_eq!(too_big.status().as_u16(), 413);
    assert_eq!(
        too_big
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    // Registrations need their scope.
    get(&app, &api(&f, "/registrations"), None)
        .await
        .assert_problem(401, "unauthorized");
    get(&app, &api(&f, "/registrations"), Some(&key))
        .await
        .assert_problem(403, "forbidden");
    let reg = make_key(&f.owner, &f.slug, "Treasurer", &["registrations:read"]).await;
    let list = get(
        &app,
        &api(&f, "/registrations?status=waitlisted"),
        Some(&reg),
    )
    .await;
    list.assert_status_ok();
    get(&app, &api(&f, "/registrations?status=maybe"), Some(&reg))
        .await
        .assert_problem(422, "invalid");
    // HTML pages keep their own error pages.
    let page = app.person().get("/no-such-page").await;
    assert!(page.body.contains("<html"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_past_its_budget_waits_and_its_use_is_counted() {
    let app = TestApp::start_with(|config| {
        config.api_rate = clubhouse::web::api::RateLimits {
            per_key: 3,
            per_address: 2,
        };
        config.metrics_token = None;
    })
    .await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(&f.owner, &f.slug, "Busy bot", &["read"]).await;
    let path = api(&f, "/events");
    for remaining in [2, 1, 0] {
        let ok = get(&app, &path, Some(&key)).await;
        ok.assert_status_ok();
        assert_eq!(ok.header("ratelimit-policy"), "\"key\";q=3;w=60");
        assert!(
            ok.header("ratelimit")
                .starts_with(&format!("\"key\";r={remaining};t=")),
            "{}",
            ok.header("ratelimit")
        );
    }
    let limited = get(&app, &path, Some(&key)).await;
    limited.assert_problem(429, "rate-limited");
    let wait: u64 = limited
        .header("retry-after")
        .parse()
        .expect("Retry-After seconds");
    assert!((1..=60).contains(&wait));
    // Without a key, the address has its own budget.
    get(&app, &path, None).await.assert_status_ok();
    get(&app, &path, None).await.assert_status_ok();
    get(&app, &path, None)
        .await
        .assert_problem(429, "rate-limited");

    // 3 requests and 1 error today, on the page (which writes what memory holds first).
    let page = f.owner.get(&format!("/clubs/{}/api-keys", f.slug)).await;
    page.assert_status(200);
    let usage = page.body.split("<tbody>").nth(1).expect("a usage table");
    let row = usage
        .split("<tr>")
        .find(|r| r.contains("Busy bot"))
        .expect("a usage row");
    assert!(row.contains("<td>4</td><td>1</td>"), "{row}");
    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    assert!(
        metrics.contains("clubhouse_api_requests_total{"),
        "{metrics}"
    );
    assert!(
        !metrics.contains(&key),
        "the key never appears in the metrics"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_is_3_1_and_describes_every_route() {
    let app = TestApp::start().await;
    let doc = get(&app, "/api/v1/openapi.json", None).await;
    doc.assert_status_ok();
    let doc = doc.json();
    assert!(
        doc["openapi"].as_str().unwrap_or("").starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/clubs/{club}",
        "/api/v1/clubs/{club}/events",
        "/api/v1/clubs/{club}/events/{event}",
        "/api/v1/clubs/{club}/events/{event}/games",
        "/api/v1/clubs/{club}/events/{event}/teams",
        "/api/v1/clubs/{club}/events/{event}/draws",
        "/api/v1/clubs/{club}/events/{event}/standings",
        "/api/v1/clubs/{club}/events/{event}/brackets",
        "/api/v1/clubs/{club}/events/{event}/schedule",
        "/api/v1/clubs/{club}/events/{event}/spares",
        "/api/v1/clubs/{club}/games/{game}",
        "/api/v1/clubs/{club}/games/{game}/actions",
        "/api/v1/clubs/{club}/programs",
        "/api/v1/clubs/{club}/programs/{program}/registrations",
        "/api/v1/clubs/{club}/registrations",
    ] {
        let item = paths.get(path).unwrap_or_else(|| panic!("{path} missing"));
        for op in item.as_object().expect("item").values() {
            for status in ["401", "429", "500"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{path} lacks {status}"
                );
            }
        }
    }
    assert_eq!(
        paths.len(),
        15,
        "every route is documented, and nothing else"
    );
    let reference = app.get("/api/v1/docs").await;
    assert_eq!(reference.status().as_u16(), 200);
    let csp = reference
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = reference.text().await.expect("page");
    assert!(html.contains("/api/v1/clubs/{club}/games/{game}/actions"));
    assert!(html.contains("id=\"problem-stale\""));
    app.stop().await;
}

/// A tool from the contract test's Python environment (made by `tests/run`).
fn contract_tool(name: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/contract-venv/bin")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: `tests/run` installs it",
        path.display()
    );
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_nothing_wrong_with_the_api() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(
        &f.owner,
        &f.slug,
        "Contract test",
        &[
            "read",
            "score",
            "manage",
            "registrations:read",
            "registrations:write",
        ],
    )
    .await;
    let doc = get(&app, "/api/v1/openapi.json", None).await;
    let spec = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(spec.path(), &doc.body).expect("write the document");
    let validated = tokio::process::Command::new(contract_tool("openapi-spec-validator"))
        .arg(spec.path())
        .output()
        .await
        .expect("run openapi-spec-validator");
    assert!(
        validated.status.success(),
        "the document is not valid OpenAPI: {}",
        String::from_utf8_lossy(&validated.stdout)
    );

    let config =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contract/schemathesis.toml");
    let run = tokio::process::Command::new(contract_tool("schemathesis"))
        .arg("--config-file")
        .arg(&config)
        .args(["run", &app.url("/api/v1/openapi.json"), "--url", &app.base])
        .args(["-H", &format!("Authorization: Bearer {key}")])
        .args(["--max-examples", "30", "--seed", "1", "--no-color"])
        // Nothing remembered from earlier runs: the seed alone decides, as on a fresh clone.
        .args(["--generation-database", "none"])
        .env("CONTRACT_CLUB", &f.slug)
        .env("CONTRACT_EVENT", f.event.to_string())
        .env("CONTRACT_GAME", f.game.to_string())
        .output()
        .await
        .expect("run schemathesis");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found problems:\n{out}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.contains("18 selected / 18 total"), "{out}");
    app.stop().await;
}

/// `clubhouse api …` with its login in `config`; `input` goes to its standard input.
async fn cli(config: &std::path::Path, args: &[&str], input: &str) -> (bool, String, String) {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .arg("api")
        .args(args)
        .env_clear()
        .env("RUST_LOG", "warn")
        .env("CLUBHOUSE_API_CONFIG", config)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start clubhouse api");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(input.as_bytes())
        .await
        .expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().await.expect("clubhouse api");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_logs_in_reads_and_keeps_score() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(&f.owner, &f.slug, "Automation", &["read", "score"]).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("api.json");

    let (ok, _, err) = cli(
        &config,
        &[
            "login", "--server", &app.base, "--club", &f.slug, "--key", "-",
        ],
        "chk_nonsense\n",
    )
    .await;
    assert!(!ok && err.contains("401"), "a bad key is refused: {err}");
    assert!(!config.exists(), "nothing is saved for a refused key");
    let (ok, out, err) = cli(
        &config,
        &[
            "login", "--server", &app.base, "--club", &f.slug, "--key", "-",
        ],
        &format!("{key}\n"),
    )
    .await;
    assert!(ok, "{err}");
    assert!(out.contains("Signed in to Rink"), "{out}");
    let mode = std::fs::metadata(&config)
        .expect("saved")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "the key is readable by its owner only");

    let (ok, out, err) = cli(&config, &["events"], "").await;
    assert!(ok && out.contains("Club Championship"), "{out} {err}");
    let game = f.game.to_string();
    let (ok, out, err) = cli(&config, &["score", &game, "--start", "--team", "red"], "").await;
    assert!(ok && out.contains("live"), "{out} {err}");
    let (ok, out, err) = cli(
        &config,
        &[
            "score", &game, "--end", "1", "--team", "yellow", "--points", "2",
        ],
        "",
    )
    .await;
    assert!(ok && out.contains("Team Yellow 2"), "{out} {err}");
    // Correcting end 1, then a refused end (not next), then the JSON of the games.
    let (ok, out, err) = cli(
        &config,
        &[
            "score", &game, "--end", "1", "--team", "red", "--points", "1",
        ],
        "",
    )
    .await;
    assert!(ok && out.contains("Team Red 1"), "{out} {err}");
    let (ok, _, err) = cli(
        &config,
        &[
            "score", &game, "--end", "5", "--team", "red", "--points", "1",
        ],
        "",
    )
    .await;
    assert!(!ok && err.contains("not next"), "{err}");
    let (ok, _, err) = cli(
        &config,
        &[
            "score", &game, "--end", "2", "--team", "team", "--points", "1",
        ],
        "",
    )
    .await;
    assert!(!ok && err.contains("both teams"), "{err}");
    let (ok, out, err) = cli(&config, &["--json", "games", &f.event.to_string()], "").await;
    assert!(ok, "{err}");
    let games: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(games["items"][0]["ends"][0]["points"], 1);
    let (ok, out, _) = cli(&config, &["standings", &f.event.to_string()], "").await;
    assert!(ok && out.contains("Team Red"), "{out}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_is_set_up_through_the_api() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(&f.owner, &f.slug, "Setup bot", &["manage", "score"]).await;
    let reader = make_key(&f.owner, &f.slug, "Reader", &["read"]).await;
    let post = |key: String, path: String, body: Value| {
        let app = &app;
        async move {
            call(
                app,
                reqwest::Method::POST,
                &path,
                Some(&key),
                &[],
                Some(body),
            )
            .await
        }
    };
    let events = api(&f, "/events");
    let event = serde_json::json!({"name": "Spring League", "kind": "league", "ends": 10});
    post(reader.clone(), events.clone(), event.clone())
        .await
        .assert_problem(403, "forbidden");
    let bad = post(
        key.clone(),
        events.clone(),
        serde_json::json!({"name": "", "kind": "party"}),
    )
    .await;
    let problem = bad.assert_problem(422, "invalid");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"kind"),
        "{problem}"
    );

    let created = post(key.clone(), events.clone(), event).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let location = created.header("location").to_string();
    let id = created.json()["id"].as_i64().expect("an id");
    assert_eq!(location, api(&f, &format!("/events/{id}")));
    assert_eq!(created.json()["rules"]["ends"], 10);
    let base = api(&f, &format!("/events/{id}"));
    for (name, skip) in [("Team North", "Nora"), ("Team South", "Sol")] {
        let team =
            serde_json::json!({"name": name, "players": [{"name": skip, "position": "skip"}]});
        assert_eq!(
            post(key.clone(), format!("{base}/teams"), team)
                .await
                .status,
            201
        );
    }
    let bad_player =
        serde_json::json!({"name": "Team East", "players": [{"name": "E", "position": "goalie"}]});
    post(key.clone(), format!("{base}/teams"), bad_player)
        .await
        .assert_problem(422, "invalid");
    post(
        key.clone(),
        format!("{base}/draws"),
        serde_json::json!({"starts_at": "soon"}),
    )
    .await
    .assert_problem(422, "invalid");
    let drawn = post(
        key.clone(),
        format!("{base}/draws"),
        serde_json::json!({"starts_at": "2026-12-20T19:00"}),
    )
    .await;
    assert_eq!(drawn.status, 201, "{}", drawn.body);
    let doc = drawn.json();
    assert!(
        doc["draws"][0]["starts_at"]
            .as_str()
            .unwrap_or("")
            .starts_with("2026-12-20T19:00:00-05:00"),
        "{doc}"
    );
    let teams: Vec<i64> = doc["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .filter_map(|t| t["id"].as_i64())
        .collect();
    let draw = doc["draws"][0]["id"].as_i64().expect("draw");
    let same_twice = serde_json::json!({"draw_id": draw, "team_ids": [teams[0], teams[0]]});
    let refused = post(key.clone(), format!("{base}/games"), same_twice).await;
    assert!(matches!(refused.status, 409 | 422), "{}", refused.body);
    let game = serde_json::json!({"draw_id": draw, "team_ids": [teams[0], teams[1]]});
    let made = post(key.clone(), format!("{base}/games"), game).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let new_game = get(&app, made.header("location"), None).await;
    assert_eq!(
        new_game.json()["state"],
        "scheduled",
        "Location is the new game"
    );
    let games = get(&app, &format!("{base}/games"), None).await;
    assert_eq!(games.json()["items"].as_array().map(Vec::len), Some(1));
    // The event's page shows what the API made.
    let page = app
        .person()
        .get(&format!("/clubs/{}/events/{id}", f.slug))
        .await;
    page.assert_status(200)
        .assert_contains("Team North")
        .assert_contains("Spring League");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_maker_registers_their_profiles_once() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let fields = crate::registration::program_form("Spring League", "1", "100");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let created = f
        .owner
        .post(&format!("/clubs/{}/programs", f.slug), &pairs)
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let program: i64 = created
        .location
        .as_deref()
        .and_then(|l| l.rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .expect("the program's id");
    f.owner
        .post(
            "/account/profiles",
            &[("name", "Kim Kid"), ("birth_year", "2015")],
        )
        .await
        .assert_status(303);
    let page = f
        .owner
        .get(&format!("/clubs/{}/programs/{program}", f.slug))
        .await;
    let profiles: Vec<i64> = page
        .body
        .match_indices(r#"name="profile" value=""#)
        .filter_map(|(i, m)| {
            let rest = &page.body[i + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect();
    assert_eq!(profiles.len(), 2, "the owner and a child");
    let key = make_key(
        &f.owner,
        &f.slug,
        "Sign-ups",
        &["registrations:write", "registrations:read"],
    )
    .await;
    let reader = make_key(&f.owner, &f.slug, "Reader", &["registrations:read"]).await;
    let path = api(&f, &format!("/programs/{program}/registrations"));
    let body = serde_json::json!({ "profile_ids": profiles });
    call(
        &app,
        reqwest::Method::POST,
        &path,
        Some(&reader),
        &[],
        Some(body.clone()),
    )
    .await
    .assert_problem(403, "forbidden");
    let placed = call(
        &app,
        reqwest::Method::POST,
        &path,
        Some(&key),
        &[],
        Some(body.clone()),
    )
    .await;
    assert_eq!(placed.status, 201, "{}", placed.body);
    let outcomes: Vec<String> = placed.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["outcome"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        outcomes,
        vec!["confirmed", "waitlisted"],
        "one spot: the second waits"
    );
    // Sent again: nothing new.
    let again = call(
        &app,
        reqwest::Method::POST,
        &path,
        Some(&key),
        &[],
        Some(body),
    )
    .await;
    assert!(
        again.body.matches("already_registered").count() == 2,
        "{}",
        again.body
    );
    let list = get(&app, &api(&f, "/registrations"), Some(&key)).await;
    assert_eq!(list.json()["items"].as_array().map(Vec::len), Some(2));
    // Someone else's profile is refused; so is a program of nobody.
    let other = serde_json::json!({ "profile_ids": [999_999] });
    call(
        &app,
        reqwest::Method::POST,
        &path,
        Some(&key),
        &[],
        Some(other.clone()),
    )
    .await
    .assert_problem(409, "conflict");
    call(
        &app,
        reqwest::Method::POST,
        &api(&f, "/programs/424242/registrations"),
        Some(&key),
        &[],
        Some(other),
    )
    .await
    .assert_problem(404, "not-found");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schedule_and_a_bracket_are_generated_through_the_api() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let key = make_key(&f.owner, &f.slug, "Generator", &["manage"]).await;
    let reader = make_key(&f.owner, &f.slug, "Reader", &["read"]).await;
    let post = |key: &str, path: String, body: Value| {
        let (app, key) = (&app, key.to_string());
        async move {
            call(
                app,
                reqwest::Method::POST,
                &path,
                Some(&key),
                &[],
                Some(body),
            )
            .await
        }
    };
    let event = serde_json::json!({"name": "Winter League", "kind": "league", "extra_ends": true});
    let made = post(&key, api(&f, "/events"), event).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let base = api(&f, &format!("/events/{}", made.json()["id"]));
    for n in 1..=4 {
        let team = serde_json::json!({"name": format!("Rink {n}")});
        assert_eq!(post(&key, format!("{base}/teams"), team).await.status, 201);
    }
    async fn count_games(app: &TestApp, base: &str) -> usize {
        get(app, &format!("{base}/games"), None).await.json()["items"]
            .as_array()
            .map_or(0, Vec::len)
    }
    // From the command line first: a preview, in the teams' names.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("api.json");
    let (ok, _, err) = cli(
        &config,
        &[
            "login", "--server", &app.base, "--club", &f.slug, "--key", "-",
        ],
        &format!("{key}\n"),
    )
    .await;
    assert!(ok, "{err}");
    let event_id = made.json()["id"].to_string();
    let (ok, out, err) = cli(
        &config,
        &[
            "schedule",
            "generate",
            &event_id,
            "--first-date",
            "2027-01-05",
            "--weekdays",
            "tue",
            "--dry-run",
        ],
        "",
    )
    .await;
    assert!(ok, "{err}");
    assert!(out.contains("Proposed (nothing written) 6 games"), "{out}");
    assert!(out.contains("2027-01-05T19:00:00-05:00\tsheet"), "{out}");
    assert!(
        out.contains("Rink 1 v ") || out.contains(" v Rink 1"),
        "{out}"
    );
    let (ok, _, err) = cli(
        &config,
        &[
            "schedule",
            "generate",
            &event_id,
            "--first-date",
            "2027-01-05",
            "--weekdays",
            "someday",
        ],
        "",
    )
    .await;
    assert!(
        !ok && err.contains("422") && err.contains("someday"),
        "{err}"
    );

    let schedule = format!("{base}/schedule");
    let season = serde_json::json!({
        "first_date": "2027-01-05", "weekdays": ["tue"], "times": ["19:00"], "dry_run": true,
    });
    post(&reader, schedule.clone(), season.clone())
        .await
        .assert_problem(403, "forbidden");

    // Refusals name the API's own fields and write nothing.
    let bad = post(
        &key,
        schedule.clone(),
        serde_json::json!({"first_date": "2020-01-01", "weekdays": [], "times": ["25:00"]}),
    )
    .await;
    let problem = bad.assert_problem(422, "invalid");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    for field in ["first_date", "weekdays", "times"] {
        assert!(fields.contains(&field), "{field} in {problem}");
    }
    post(
        &key,
        schedule.clone(),
        serde_json::json!({"first_date": "2027-01-05", "weekdays": ["tue"], "times": ["19:00"], "byes": [{"team_id": 999999, "date": "2027-01-05"}]}),
    )
    .await
    .assert_problem(422, "invalid");

    // A preview writes nothing; then the same season is made.
    let preview = post(&key, schedule.clone(), season.clone()).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    let proposal = preview.json();
    assert_eq!(proposal["created"], false);
    assert_eq!(
        proposal["games"], 6,
        "four teams meet once each: {proposal}"
    );
    assert_eq!(proposal["fairness"]["pairs_off"], 0);
    assert!(
        proposal["draws"][0]["starts_at"]
            .as_str()
            .unwrap_or("")
            .starts_with("2027-01-05T19:00:00-05:00"),
        "{proposal}"
    );
    assert_eq!(
        count_games(&app, &base).await,
        0,
        "a dry run writes nothing"
    );
    let mut create = season.clone();
    create["dry_run"] = Value::Bool(false);
    let created = post(&key, schedule.clone(), create.clone()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("location"), format!("{base}/games"));
    assert_eq!(created.json()["created"], true);
    assert_eq!(count_games(&app, &base).await, 6);
    post(&key, schedule.clone(), create)
        .await
        .assert_problem(409, "conflict");
    assert_eq!(
        count_games(&app, &base).await,
        6,
        "nothing left to schedule"
    );

    // A Page playoff of the four, seeded from the standings when they are known.
    let brackets = format!("{base}/brackets");
    post(
        &key,
        brackets.clone(),
        serde_json::json!({"name": "Playoffs", "format": "single", "teams": 9}),
    )
    .await
    .assert_problem(422, "invalid");
    post(
        &key,
        brackets.clone(),
        serde_json::json!({"name": "Playoffs", "format": "page", "colour": "red"}),
    )
    .await
    .assert_problem(422, "invalid");
    let playoff = post(
        &key,
        brackets.clone(),
        serde_json::json!({"name": "Playoffs", "format": "page", "bronze": true}),
    )
    .await;
    assert_eq!(playoff.status, 201, "{}", playoff.body);
    assert_eq!(playoff.header("location"), brackets);
    let bracket = playoff.json();
    assert_eq!(bracket["name"], "Playoffs");
    assert!(
        bracket["games"].as_array().map_or(0, Vec::len) >= 4,
        "1v2, 3v4, the semifinal, the final: {bracket}"
    );
    let listed = get(&app, &brackets, None).await.json();
    assert_eq!(listed["items"][0]["id"], bracket["id"]);
    app.stop().await;
}
