//! The cache in use: event pages come from `cache.db`, and the writes that change an event
//! (a score, a new team) replace what is cached before anyone can read the old page.

use std::time::Duration;

use crate::scoring::{RALLY_TO_11, end, set_up};
use crate::support::{TestApp, count_in, execute_in, on_postgres, org_of, store, wait_until};

/// Rewrites the cached English page's event name, so a page that shows it came from the cache.
fn mark_cached_page(app: &TestApp, key: &str) {
    let rename = if on_postgres() {
        "convert_to(replace(convert_from(value, 'UTF8'), 'Club Championship', \
         'Cached Championship'), 'UTF8')"
    } else {
        "CAST(replace(CAST(value AS TEXT), 'Club Championship', 'Cached Championship') AS BLOB)"
    };
    let changed = execute_in(
        store(app, "cache.db"),
        &format!("UPDATE cache_entries SET value = {rename} WHERE key = '{key}'"),
    );
    assert_eq!(changed, 1, "{key} is cached");
}

fn cached(app: &TestApp, key: &str) -> bool {
    count_in(
        store(app, "cache.db"),
        &format!("SELECT count(*) AS n FROM cache_entries WHERE key = '{key}'"),
    ) == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_pages_come_from_the_cache_and_the_writes_that_change_them_replace_them() {
    let app = TestApp::start().await;
    let f = set_up(&app, "pickleball", &RALLY_TO_11).await;
    let org = org_of(&app, &f.slug).await;
    let key = format!("scoreboard:{org}:{}:en", f.event);
    let spectator = app.person();

    // A first view renders from the board and leaves the page in the cache.
    spectator
        .get(&f.event_path())
        .await
        .assert_status(200)
        .assert_contains("Club Championship");
    wait_until("the page is cached", Duration::from_secs(5), || async {
        cached(&app, &key)
    })
    .await;
    // The next view is the cached one (marked behind the app's back).
    mark_cached_page(&app, &key);
    spectator
        .get(&f.event_path())
        .await
        .assert_contains("Cached Championship");

    // A new team: the cached page is rendered again and lists it.
    f.owner
        .post(
            &format!("{}/teams", f.event_path()),
            &[("name", "Team Green"), ("player1", "Gus")],
        )
        .await
        .assert_status(303);
    let page = spectator.get(&f.event_path()).await;
    page.assert_contains("Club Championship")
        .assert_contains("Team Green");
    assert!(!page.body.contains("Cached Championship"));

    // A score: the game is won, and the standings say so at once — in both languages.
    mark_cached_page(&app, &key);
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    for _ in 0..11 {
        f.tap(&f.owner, &end("1", "1")).await.assert_status(303);
    }
    for path in [f.event_path(), format!("/fr{}", f.event_path())] {
        let page = spectator.get(&path).await;
        assert!(!page.body.contains("Cached Championship"), "{path}");
        let standings = &page.body[page
            .body
            .find("<table class=\"standings\"")
            .expect("standings")..];
        assert!(
            standings.contains("<td>1</td><td>0</td><td>0</td><td>11</td><td>0</td>"),
            "{path}: {standings}"
        );
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_keeps_to_its_size_and_forgets_what_expired() {
    let app = TestApp::start().await;
    let limits = clubhouse::cache::Limits {
        max_bytes: 64 * 1024,
        max_age: Duration::from_secs(3600),
    };
    let cache = clubhouse::cache::Cache::new(app.shared_dbs(), limits);
    // Far more than fits: the oldest go, and what remains fits the bound.
    for i in 0..200 {
        cache
            .set(&format!("filler:{i}"), vec![b'x'; 1_000], None)
            .await
            .expect("set");
    }
    let totals = cache.totals().await.expect("totals");
    assert!(totals.bytes <= 64 * 1024, "{totals:?}");
    assert!(totals.entries >= 60, "{totals:?}");
    assert_eq!(cache.get("filler:0").await.expect("get"), None);
    assert!(cache.get("filler:199").await.expect("get").is_some());
    assert!(cache.delete("filler:199").await.expect("delete"));
    assert_eq!(cache.get("filler:199").await.expect("get"), None);
    let stats = cache.stats();
    assert_eq!((stats.hits, stats.misses), (1, 2));

    // Expiry: a one-second entry is gone after its second.
    cache
        .set("brief", b"now".to_vec(), Some(Duration::from_secs(1)))
        .await
        .expect("set");
    assert!(cache.get("brief").await.expect("get").is_some());
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    assert_eq!(cache.get("brief").await.expect("get"), None);
    app.stop().await;
}
