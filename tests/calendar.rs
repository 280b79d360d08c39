//! Calendar feeds of public events over HTTP: byte-stable with an ETag and 304, the
//! sequence going up only when a game's schedule changes, cancelled games kept as
//! cancelled, a team's own feed, and none for members-only events.

use crate::scoring::{option_value, set_up_club};
use crate::support::TestApp;

fn field<'a>(body: &'a str, name: &str) -> &'a str {
    let at = body
        .find(&format!("\r\n{name}:"))
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        + name.len()
        + 3;
    &body[at..at + body[at..].find("\r\n").expect("end of line")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_events_feed_is_stable_and_follows_its_schedule() {
    let app = TestApp::start().await;
    let f = set_up_club(
        &app,
        "curling",
        &[("ends", "8")],
        "feeds",
        "olive@feeds.example",
    )
    .await;
    let visitor = app.person();
    let url = format!("{}/calendar.ics", f.event_path());
    let first = visitor.get(&url).await;
    first.assert_status(200);
    assert_eq!(
        first
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/calendar; charset=utf-8")
    );
    let body = first.body.clone();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    let host = app.url("").trim_start_matches("http://").to_string();
    assert_eq!(field(&body, "UID"), format!("game-{}@{host}", f.game));
    assert_eq!(field(&body, "SUMMARY"), "Team Red v Team Yellow · Sheet A");
    // Toronto's 19:00 on 2026-11-22 (EST).
    assert_eq!(field(&body, "DTSTART"), "20261123T000000Z");
    assert_eq!(field(&body, "SEQUENCE"), "0");
    // I1, I7: the same bytes again, and 304 for the same ETag.
    let again = visitor.get(&url).await;
    assert_eq!(again.body, body);
    let etag = first
        .headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_string();
    assert_eq!(
        again.headers.get("etag").and_then(|v| v.to_str().ok()),
        Some(etag.as_str())
    );
    let client = reqwest::Client::new();
    let cached = client
        .get(app.url(&url))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(cached.status().as_u16(), 304);
    assert!(cached.text().await.expect("body").is_empty());
    // I2: the draw moves: same UID, the sequence up by one, the new time.
    let manage = f
        .owner
        .get(&format!("{}/manage", f.event_path()))
        .await
        .body;
    let draw = option_value(&manage, "2026-11-22 19:00");
    f.owner
        .post(
            &format!("{}/draws/{draw}/move", f.event_path()),
            &[("starts_at", "2026-11-24T19:00")],
        )
        .await
        .assert_status(303);
    let moved = visitor.get(&url).await.body;
    assert_eq!(field(&moved, "UID"), format!("game-{}@{host}", f.game));
    assert_eq!(field(&moved, "SEQUENCE"), "1");
    assert_eq!(field(&moved, "DTSTART"), "20261125T000000Z");
    // I3: cancelled, it stays in the feed as cancelled.
    f.owner
        .post(
            &format!("/clubs/{}/games/{}/call/cancel", f.slug, f.game),
            &[],
        )
        .await
        .assert_status(303);
    let cancelled = visitor.get(&url).await.body;
    assert_eq!(field(&cancelled, "STATUS"), "CANCELLED");
    assert_eq!(field(&cancelled, "SEQUENCE"), "2");
    f.owner
        .post(
            &format!("/clubs/{}/games/{}/call/restore", f.slug, f.game),
            &[],
        )
        .await
        .assert_status(303);
    // Scoring changes nothing in the calendar.
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "1"), ("points", "2")],
    )
    .await
    .assert_status(303);
    let before = visitor.get(&url).await.body;
    assert_eq!(field(&before, "SEQUENCE"), "3");
    assert_eq!(field(&before, "STATUS"), "CONFIRMED");
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "2"), ("points", "1")],
    )
    .await
    .assert_status(303);
    assert_eq!(
        visitor.get(&url).await.body,
        before,
        "scoring an end is not a change"
    );
    // A team's feed: its games only; another event's team is not found.
    let team = option_value(&manage, "Team Red");
    let team_feed = visitor
        .get(&format!("{}/teams/{team}/calendar.ics", f.event_path()))
        .await;
    team_feed.assert_status(200);
    assert!(team_feed.body.contains("Team Red —"));
    visitor
        .get(&format!("{}/teams/999999/calendar.ics", f.event_path()))
        .await
        .assert_status(404);
    // A members-only event has no feed.
    f.owner
        .post(
            &format!("/clubs/{}/events", f.slug),
            &[
                ("name", "Private"),
                ("kind", "league"),
                ("audience", "members"),
                ("ends", "8"),
            ],
        )
        .await
        .assert_status(303);
    visitor
        .get(&format!(
            "/clubs/{}/events/{}/calendar.ics",
            f.slug,
            f.event + 1
        ))
        .await
        .assert_status(404);
    // The event page offers the feed.
    let page = visitor.get(&f.event_path()).await;
    page.assert_contains(&format!("webcal://{host}{url}"));
    app.stop().await;
}
