//! The web skeleton over a real socket: health, pages in two languages, errors, assets.

use std::sync::Arc;
use std::time::Duration;

use clubhouse::db::DbError;

use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn up_is_ok_when_every_file_answers() {
    let app = TestApp::start().await;
    let resp = app.get("/up").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    assert_eq!(resp.text().await.expect("body"), "ok");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn up_is_503_naming_a_file_that_does_not_answer() {
    let app = TestApp::start().await;
    // Occupy every reader of cache.db (the test config has two) past the health limit.
    let gate = Gate::new();
    let dbs = app.dbs();
    let holds = (0..2).map(|_| {
        let gate = gate.clone();
        dbs.cache.read(move |_conn| {
            gate.wait();
            Ok::<_, DbError>(())
        })
    });
    let holds = futures_util::future::join_all(holds);
    let check = async {
        // Give the two closures time to occupy both reader threads.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let resp = app.get("/up").await;
        let status = resp.status();
        let body = resp.text().await.expect("body");
        gate.open();
        (status, body)
    };
    let (results, (status, body)) = tokio::join!(holds, check);
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(status, 503);
    assert!(body.contains("cache.db"), "names the failing file: {body}");
    assert!(
        !body.contains("shared.db"),
        "names only the failing file: {body}"
    );
    app.stop().await;
}

/// A gate that blocks reader threads until opened.
#[derive(Clone)]
struct Gate(Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>);

impl Gate {
    fn new() -> Self {
        Gate(Arc::new((
            std::sync::Mutex::new(false),
            std::sync::Condvar::new(),
        )))
    }

    fn wait(&self) {
        let (open, cond) = &*self.0;
        let mut guard = open.lock().expect("gate lock");
        while !*guard {
            let (g, timeout) = cond
                .wait_timeout(guard, Duration::from_secs(20))
                .expect("gate wait");
            guard = g;
            if timeout.timed_out() {
                break;
            }
        }
    }

    fn open(&self) {
        let (open, cond) = &*self.0;
        *open.lock().expect("gate lock") = true;
        cond.notify_all();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_page_in_english_and_french() {
    let app = TestApp::start().await;
    let resp = app.get("/").await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().contains_key("x-request-id"));
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    let en = resp.text().await.expect("body");
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.contains("Run your club, live"));
    assert!(
        en.contains(r#"href="/fr/" hreflang="fr""#),
        "switcher to French"
    );

    for path in ["/fr/", "/fr"] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let fr = resp.text().await.expect("body");
        assert!(fr.contains(r#"<html lang="fr">"#), "{path}");
        assert!(fr.contains("Gérez votre club, en direct"), "{path}");
        assert!(
            fr.contains(r#"href="/" hreflang="en""#),
            "switcher to English"
        );
        assert!(!fr.contains("Run your club, live"));
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_are_404_pages_in_the_visitors_language() {
    let app = TestApp::start().await;
    let resp = app.get("/no/such/page").await;
    assert_eq!(resp.status(), 404);
    let body = resp.text().await.expect("body");
    assert!(body.contains("Page not found") && body.contains("<html"));

    let resp = app.get("/fr/pas/de/page").await;
    assert_eq!(resp.status(), 404);
    let body = resp.text().await.expect("body");
    assert!(body.contains("Page introuvable") && body.contains(r#"lang="fr""#));

    // htmx gets a fragment aimed at the flash area, not a whole page.
    let resp = app
        .client
        .get(app.url("/fr/pas/de/page"))
        .header("HX-Request", "true")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 404);
    assert_eq!(resp.headers()["hx-retarget"], "#flashes");
    let body = resp.text().await.expect("body");
    assert!(
        body.contains("Page introuvable") && !body.contains("<html"),
        "{body}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_are_served_by_hashed_name_with_long_cache() {
    let app = TestApp::start().await;
    let home = app.get("/").await.text().await.expect("body");
    let mut found = 0;
    for (name, content_type) in [
        ("app", "text/css"),
        ("htmx", "text/javascript"),
        ("htmx-sse", "text/javascript"),
    ] {
        let prefix = format!("/assets/{name}.");
        let start = home
            .find(&prefix)
            .unwrap_or_else(|| panic!("{name} is linked"));
        let end = start + home[start..].find('"').expect("closing quote");
        let url = &home[start..end];
        let resp = app.get(url).await;
        assert_eq!(resp.status(), 200, "{url}");
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with(content_type)
        );
        assert!(
            resp.headers()["cache-control"]
                .to_str()
                .expect("ascii")
                .contains("immutable")
        );
        assert!(!resp.bytes().await.expect("body").is_empty());
        found += 1;
    }
    assert_eq!(found, 3);
    assert_eq!(
        app.get("/assets/app.css").await.status(),
        404,
        "unhashed names are not served"
    );
    assert_eq!(app.get("/assets/app.000000000000.css").await.status(), 404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_and_gets_need_no_length() {
    let app = TestApp::start().await;
    let resp = app
        .client
        .post(app.url("/"))
        .body(vec![b'x'; 300 * 1024])
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 413);
    let resp = app
        .client
        .post(app.url("/"))
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            (0..40).map(|_| Ok::<_, std::io::Error>(vec![b'y'; 10 * 1024])),
        )))
        .send()
        .await
        .expect("request");
    assert_eq!(
        resp.status(),
        413,
        "a streamed body over the limit is refused too"
    );
    // A plain GET carries no Content-Length and must not be refused for it.
    assert_eq!(app.get("/").await.status(), 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_pages_show_the_header_of_whoever_is_signed_in() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann Example", "ann@example.com").await;
    for (path, status) in [
        ("/clubs/no-such-club", 404),
        ("/clubs/no-such-club/programs", 404),
        ("/clubs/no-such-club/events/1", 404),
    ] {
        let page = ann.get(path).await;
        page.assert_status(status)
            .assert_contains("Ann Example")
            .assert_contains("Sign out")
            .assert_contains("name=\"_csrf\"");
        assert!(!page.body.contains(">Sign in<"), "{path}: {}", page.body);
    }
    // A visitor still gets the signed-out header.
    app.person()
        .get("/clubs/no-such-club")
        .await
        .assert_status(404)
        .assert_contains("Sign in");
    app.stop().await;
}
