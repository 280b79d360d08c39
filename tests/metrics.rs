//! `/metrics`: Prometheus text with what the operator watches, open to loopback only unless
//! a token is configured.

use crate::scoring::{end, set_up};
use crate::support::TestApp;

/// The value of the first sample line that starts with `prefix`.
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_show_requests_writes_live_jobs_and_the_cache() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")]).await;
    f.tap(&f.owner, &end("1", "2")).await.assert_status(303);
    let spectator = app.person();
    spectator.get(&f.event_path()).await.assert_status(200);
    spectator.get(&f.event_path()).await.assert_status(200);
    spectator.get("/no/such/page").await.assert_status(404);

    let response = app.get("/metrics").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain; version=0.0.4"))
    );
    let text = response.text().await.expect("body");
    for expected in [
        r#"http_requests_total{route="/clubs/:club/events/:id",method="GET",status="200"}"#,
        r#"http_requests_total{route="unmatched",method="GET",status="404"}"#,
        r#"http_request_duration_seconds_bucket{route="/clubs/:club/games/:id/score",method="POST",le="0.005"}"#,
        r#"db_write_group_size_bucket{file="curling",le="1"}"#,
        r#"db_writer_queue_depth{file="shared"}"#,
        "live_connections ",
        "live_messages_published_total ",
        "live_messages_delivered_total ",
        "sqlite_busy_total ",
        "job_wait_seconds_bucket",
        "cache_hits_total ",
        "cache_hit_ratio ",
        "cache_bytes ",
        "process_resident_memory_bytes ",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(sample(&text, "cache_hits_total ").is_some_and(|n| n >= 1.0));
    assert!(sample(&text, "live_messages_published_total ").is_some_and(|n| n >= 1.0));
    assert!(sample(&text, "process_resident_memory_bytes ").is_some_and(|n| n > 1e6));
    // Nobody slug- or id-named gets a series of their own.
    assert!(!text.contains(&f.slug), "{text}");

    // Through a proxy (or from another host) it is not there.
    app.person()
        .get_with_headers("/metrics", &[("x-forwarded-for", "203.0.113.9")])
        .await
        .assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_opens_metrics_to_other_hosts() {
    let app =
        TestApp::start_with(|config| config.metrics_token = Some("s3cret-token".into())).await;
    let proxied = [("x-forwarded-for", "203.0.113.9")];
    let person = app.person();
    person
        .get_with_headers("/metrics", &proxied)
        .await
        .assert_status(404);
    person
        .get_with_headers(
            "/metrics",
            &[proxied[0], ("authorization", "Bearer wrong-token")],
        )
        .await
        .assert_status(404);
    person
        .get_with_headers(
            "/metrics",
            &[proxied[0], ("authorization", "Bearer s3cret-token")],
        )
        .await
        .assert_status(200)
        .assert_contains("http_requests_total");
    app.stop().await;
}
