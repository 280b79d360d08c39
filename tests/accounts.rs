//! Accounts and sessions over HTTP: sign-up, sign-in, sign-out, CSRF, throttling, the account
//! page and player profiles — each rejection leaving the database as it was.

use clubhouse::db::DbError;
use clubhouse::db::schema::shared::{accounts, profiles, sessions, sign_in_throttles};
use diesel::prelude::*;

use crate::support::TestApp;

const PASSWORD: &str = "a long enough passphrase";

async fn count_accounts(app: &TestApp) -> i64 {
    app.dbs()
        .shared
        .read(|conn| Ok::<_, DbError>(accounts::table.count().get_result(conn)?))
        .await
        .expect("count")
}

fn session_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("clubhouse_session="))
        .map(|v| {
            v["clubhouse_session=".len()..]
                .split(';')
                .next()
                .unwrap_or("")
                .to_string()
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_signs_in_with_an_own_profile() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann Curler", "Ann@Example.com").await;
    let page = ann.get("/account").await;
    page.assert_status(200)
        .assert_contains("Ann Curler")
        .assert_contains(r#"value="ann@example.com""#);
    let (hash, own_profiles) = app
        .dbs()
        .shared
        .read(|conn| -> Result<_, DbError> {
            let hash: String = accounts::table
                .select(accounts::password_hash)
                .first(conn)?;
            let n: i64 = profiles::table
                .filter(profiles::is_self.eq(1))
                .count()
                .get_result(conn)?;
            Ok((hash, n))
        })
        .await
        .expect("read");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert_eq!(own_profiles, 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_ups_are_refused_with_a_message_and_write_nothing() {
    let app = TestApp::start().await;
    app.signed_up("Taken", "taken@example.com").await;
    let visitor = app.person();
    let cases = [
        ("", "a@example.com", PASSWORD, "This field is required."),
        (
            &"x".repeat(101) as &str,
            "a@example.com",
            PASSWORD,
            "This is too long.",
        ),
        (
            "Bo",
            "not-an-email",
            PASSWORD,
            "Enter an email address like name@example.com.",
        ),
        ("Bo", "b@example.com", "short", "Use at least 8 characters."),
        (
            "Bo",
            "b@example.com",
            "password123",
            "among the most common",
        ),
        (
            "Bo",
            "b@example.com",
            &"p".repeat(129),
            "Use at most 128 characters.",
        ),
    ];
    for (name, email, password, message) in cases {
        let page = visitor.sign_up(name, email, password).await;
        page.assert_status(422).assert_contains(message);
        assert!(
            !page.body.contains(password) || password.is_empty(),
            "passwords are never echoed"
        );
    }
    assert_eq!(count_accounts(&app).await, 1, "nothing was written");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_id_changes_at_sign_in() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    let person = app.person();
    let page = person.get("/sign-in").await;
    let before = session_cookie(&page.headers).expect("a session for the form's token");
    let page = person.sign_in("ann@example.com", PASSWORD).await;
    page.assert_redirect("/clubs");
    let after = session_cookie(&page.headers).expect("a new session cookie");
    assert_ne!(before, after, "the id was cycled");
    // The pre-sign-in id is gone: it opens nothing.
    let resp = app
        .client
        .get(app.url("/account"))
        .header("cookie", format!("clubhouse_session={before}"))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 303, "the old id is not signed in");
    let rows: i64 = app
        .dbs()
        .shared
        .read(move |conn| {
            Ok::<_, DbError>(
                sessions::table
                    .filter(sessions::id.eq(before))
                    .count()
                    .get_result(conn)?,
            )
        })
        .await
        .expect("count");
    assert_eq!(
        rows, 0,
        "the pre-sign-in session was deleted, not carried over"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_out_the_old_session_id_is_refused() {
    let app = TestApp::start().await;
    let ann = app.person();
    ann.sign_up("Ann", "ann@example.com", PASSWORD).await;
    let page = ann.confirm_email().await;
    let id = session_cookie(&page.headers).expect("signed in");
    let with_old_cookie = || {
        app.client
            .get(app.url("/account"))
            .header("cookie", format!("clubhouse_session={id}"))
            .send()
    };
    assert_eq!(with_old_cookie().await.expect("request").status(), 200);

    let page = ann.post("/sign-out", &[]).await;
    page.assert_redirect("/");
    let cleared = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("clubhouse_session=;") && v.contains("Max-Age=0"));
    assert!(cleared, "the cookie is cleared");
    let resp = with_old_cookie().await.expect("request");
    assert_eq!(resp.status(), 303, "the old id is refused");
    assert!(
        resp.headers()["location"]
            .to_str()
            .expect("ascii")
            .starts_with("/sign-in?next=")
    );
    let rows: i64 = app
        .dbs()
        .shared
        .read(move |conn| {
            Ok::<_, DbError>(
                sessions::table
                    .filter(sessions::id.eq(id))
                    .count()
                    .get_result(conn)?,
            )
        })
        .await
        .expect("count");
    assert_eq!(rows, 0, "the session row is deleted");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cookies_are_http_only_and_lax() {
    let app = TestApp::start().await;
    let page = app.person().get("/sign-in").await;
    let cookie = page.headers["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let id = session_cookie(&page.headers).expect("id");
    assert_eq!(id.len(), 22, "128 random bits, base64url");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_without_the_right_csrf_token_are_refused_and_change_nothing() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    let club = [
        ("name", "Rideau"),
        ("slug", "rideau"),
        ("sport", "curling"),
        ("region", "CA-ON"),
    ];

    ann.post_raw("/clubs", &club).await.assert_status(403);
    let mut wrong = vec![("_csrf", "0000")];
    wrong.extend_from_slice(&club);
    ann.post_raw("/clubs", &wrong).await.assert_status(403);
    // A fresh visitor's sign-up without a token: refused too.
    let visitor = app.person();
    visitor
        .post_raw(
            "/sign-up",
            &[
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await
        .assert_status(403);
    assert_eq!(count_accounts(&app).await, 1);
    assert_eq!(
        ann.get("/clubs/rideau").await.status,
        404,
        "no club was created"
    );

    // htmx sends the token in a header instead of the form.
    let token = ann.csrf().await;
    let resp = ann
        .client
        .post(app.url("/clubs"))
        .header("x-csrf-token", token)
        .header("hx-request", "true")
        .form(&club)
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 303);
    assert_eq!(ann.get("/clubs/rideau").await.status, 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_failures_look_the_same_and_throttle_after_five() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    let attacker = app.person();
    let unknown = attacker.sign_in("nobody@example.com", PASSWORD).await;
    unknown.assert_status(422);
    let wrong = attacker
        .sign_in("ann@example.com", "wrong password here")
        .await;
    wrong.assert_status(422);
    let message = "That email and password don’t match an account.";
    unknown.assert_contains(message);
    wrong.assert_contains(message);

    for _ in 0..4 {
        attacker
            .sign_in("ann@example.com", "wrong password here")
            .await
            .assert_status(422);
    }
    // Five failures for this email: now even the right password waits.
    let page = attacker.sign_in("ann@example.com", PASSWORD).await;
    page.assert_status(429)
        .assert_contains("Too many sign-in attempts");
    assert!(page.headers.contains_key("retry-after"));

    // The wait ends (no permanent lock-out): move time past it.
    app.dbs()
        .shared
        .write(|conn| {
            Ok::<_, DbError>(
                diesel::update(sign_in_throttles::table)
                    .set(sign_in_throttles::blocked_until.eq(0))
                    .execute(conn)?,
            )
        })
        .await
        .expect("expire the wait");
    attacker
        .sign_in("ann@example.com", PASSWORD)
        .await
        .assert_redirect("/clubs");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_page_changes_details_and_password() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.get("/account").await;
    // A new address needs the current password.
    let details = |password: &'static str| {
        [
            ("name", "Ann Tremblay"),
            ("email", "ann.t@example.com"),
            ("lang", "fr"),
            ("password", password),
        ]
    };
    ann.post("/account", &details(""))
        .await
        .assert_status(422)
        .assert_contains("Enter your current password to change your email address.");
    ann.post("/account", &details("not the password"))
        .await
        .assert_status(422)
        .assert_contains("The current password is not right.");
    ann.post("/account", &details(PASSWORD))
        .await
        .assert_redirect("/fr/account");
    // The new address is unconfirmed until its link is followed (here, shown on the page:
    // this server sends no email); the old address is told.
    let page = ann.get("/fr/account").await;
    page.assert_contains("Ann Tremblay")
        .assert_contains("Confirmez votre adresse");
    let link = clubhouse::loadtest::client::confirmation_link(&page.body).expect("link");
    let told = crate::mail::wait_for_mail(&app, 1).await;
    assert_eq!(told[0].0, "ann@example.com");
    assert!(told[0].3.contains("ann.t@example.com"), "{told:?}");
    ann.follow_confirmation(&link)
        .await
        .assert_redirect("/fr/clubs");
    let page = ann.get("/fr/account").await;
    assert!(!page.body.contains("Confirmez votre adresse"), "confirmed");
    // Name and language alone need no password.
    ann.post(
        "/account",
        &[
            ("name", "Ann Tremblay"),
            ("email", "ann.t@example.com"),
            ("lang", "fr"),
        ],
    )
    .await
    .assert_redirect("/fr/account");
    ann.get("/fr/account").await.assert_contains("Enregistré.");
    ann.post(
        "/account",
        &[("name", "Ann"), ("email", "bad"), ("lang", "fr")],
    )
    .await
    .assert_status(422);
    ann.post(
        "/account",
        &[
            ("name", "Ann"),
            ("email", "ann@example.com"),
            ("lang", "xx"),
        ],
    )
    .await
    .assert_status(422);

    // The password needs the current one.
    ann.post(
        "/account/password",
        &[
            ("current_password", "not it at all"),
            ("new_password", "a brand new passphrase"),
        ],
    )
    .await
    .assert_status(422)
    .assert_contains("The current password is not right.");
    ann.post(
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "a brand new passphrase"),
        ],
    )
    .await
    .assert_redirect("/account");
    let fresh = app.person();
    fresh
        .sign_in("ann.t@example.com", PASSWORD)
        .await
        .assert_status(422);
    fresh
        .sign_in("ann.t@example.com", "a brand new passphrase")
        .await
        .assert_redirect("/fr/clubs");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_manages_several_player_profiles() {
    let app = TestApp::start().await;
    let parent = app.signed_up("Pat Parent", "pat@example.com").await;
    parent.get("/account").await;
    parent
        .post(
            "/account/profiles",
            &[("name", "Kid One"), ("birth_year", "2014")],
        )
        .await
        .assert_redirect("/account");
    parent
        .post(
            "/account/profiles",
            &[("name", "Kid Two"), ("birth_year", "")],
        )
        .await
        .assert_redirect("/account");
    parent
        .post("/account/profiles", &[("name", ""), ("birth_year", "1800")])
        .await
        .assert_status(422)
        .assert_contains("This field is required.")
        .assert_contains("Enter a year between 1900");
    let page = parent.get("/account").await;
    page.assert_contains("Kid One")
        .assert_contains("2014")
        .assert_contains("Kid Two");

    let ids: Vec<(i64, String, i64)> = app
        .dbs()
        .shared
        .read(|conn| {
            Ok::<_, DbError>(
                profiles::table
                    .order(profiles::id)
                    .select((profiles::id, profiles::name, profiles::is_self))
                    .load(conn)?,
            )
        })
        .await
        .expect("ids");
    assert_eq!(ids.len(), 3);
    let (own, kid_one, kid_two) = (ids[0].0, ids[1].0, ids[2].0);

    parent
        .post(
            &format!("/account/profiles/{kid_one}"),
            &[("name", "Kid Uno"), ("birth_year", "2015")],
        )
        .await
        .assert_redirect("/account");
    parent
        .post(&format!("/account/profiles/{kid_two}/delete"), &[])
        .await
        .assert_redirect("/account");
    parent
        .post(&format!("/account/profiles/{own}/delete"), &[])
        .await
        .assert_status(409);
    let page = parent.get("/account").await;
    page.assert_contains("Kid Uno");
    assert!(!page.body.contains("Kid Two"));

    // Another account cannot see, edit or remove these profiles.
    let other = app.signed_up("Other", "other@example.com").await;
    other
        .get(&format!("/account/profiles/{kid_one}"))
        .await
        .assert_status(404);
    other.get("/account").await;
    other
        .post(
            &format!("/account/profiles/{kid_one}"),
            &[("name", "Stolen"), ("birth_year", "")],
        )
        .await
        .assert_status(404);
    other
        .post(&format!("/account/profiles/{kid_one}/delete"), &[])
        .await
        .assert_status(404);
    parent.get("/account").await.assert_contains("Kid Uno");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_are_rendered_escaped() {
    let app = TestApp::start().await;
    let evil = "<img src=x onerror=alert(1)>";
    let person = app.signed_up(evil, "evil@example.com").await;
    person.get("/account").await;
    person
        .post("/account/profiles", &[("name", evil), ("birth_year", "")])
        .await;
    person.create_club(evil, "evil-club", "curling").await;
    for path in ["/account", "/clubs", "/clubs/evil-club"] {
        let page = person.get(path).await;
        page.assert_status(200)
            .assert_contains("&lt;img src=x onerror=alert(1)&gt;");
        assert!(!page.body.contains(evil), "{path} renders the name raw");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_sessions_sign_nobody_in_and_are_removed() {
    use clubhouse::auth::session_store::SqliteSessionStore;
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.get("/account").await.assert_status(200);
    app.dbs()
        .shared
        .write(|conn| {
            Ok::<_, DbError>(
                diesel::update(sessions::table)
                    .set(sessions::expires_at.eq(1))
                    .execute(conn)?,
            )
        })
        .await
        .expect("expire");
    ann.get("/account").await.assert_status(303);
    let store = SqliteSessionStore::new(app.shared_dbs());
    let removed = store
        .delete_expired(clubhouse::auth::now())
        .await
        .expect("sweep");
    assert!(removed >= 1);
    let left: i64 = app
        .dbs()
        .shared
        .read(|conn| Ok::<_, DbError>(sessions::table.count().get_result(conn)?))
        .await
        .expect("count");
    assert_eq!(left, 0);
    drop(store);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_https_the_cookie_is_secure_and_host_prefixed() {
    let app = TestApp::start_with(|c| c.public_url = Some("https://club.example".into())).await;
    let page = app.person().get("/sign-in").await;
    let cookie = page.headers["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(cookie.starts_with("__Host-clubhouse_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_address_trying_many_accounts_is_throttled_too() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    let attacker = app.person();
    // Twenty failures spread over twenty emails: no single email reaches its limit.
    for i in 0..20 {
        attacker
            .sign_in(&format!("guess{i}@example.com"), "wrong password here")
            .await
            .assert_status(422);
    }
    attacker
        .sign_in("ann@example.com", PASSWORD)
        .await
        .assert_status(429);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_boosted_htmx_form_gets_its_messages_beside_the_fields() {
    let app = TestApp::start().await;
    let visitor = app.person();
    let token = visitor.csrf().await;
    let resp = visitor
        .client
        .post(app.url("/sign-up"))
        .header("hx-request", "true")
        .header("hx-boosted", "true")
        .form(&[
            ("_csrf", token.as_str()),
            ("name", ""),
            ("email", "nope"),
            ("password", "x"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 422);
    let body = resp.text().await.expect("body");
    for message in [
        "This field is required.",
        "Enter an email address",
        "Use at least 8 characters.",
    ] {
        assert!(body.contains(message), "{message}");
    }
    assert!(body.contains(r#"aria-invalid="true""#));
    assert_eq!(count_accounts(&app).await, 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_active_session_is_extended_once_a_day() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.get("/account").await.assert_status(200);
    let in_an_hour = clubhouse::auth::now() + 3600;
    // As if the session were nearly expired and last extended long ago.
    app.dbs()
        .shared
        .write(move |conn| {
            let touched = match conn {
                clubhouse::db::Conn::Sqlite(_) => "json_set(data, '$.data.touched', 0)",
                clubhouse::db::Conn::Pg(_) => "jsonb_set(data::jsonb, '{data,touched}', '0')::text",
            };
            let update = format!(
                "UPDATE sessions SET expires_at = ?, data = {touched} WHERE account_id IS NOT NULL"
            );
            Ok::<_, DbError>(
                clubhouse::db::sql(conn, &update)
                    .bind::<diesel::sql_types::BigInt, _>(in_an_hour)
                    .execute(conn)?,
            )
        })
        .await
        .expect("age the session");
    ann.get("/account").await.assert_status(200);
    let expires: i64 = app
        .dbs()
        .shared
        .read(|conn| {
            Ok::<_, DbError>(
                sessions::table
                    .filter(sessions::account_id.is_not_null())
                    .select(sessions::expires_at)
                    .first(conn)?,
            )
        })
        .await
        .expect("expiry");
    assert!(
        expires > clubhouse::auth::now() + 13 * 24 * 3600,
        "pushed back to 14 days from now"
    );
    app.stop().await;
}
