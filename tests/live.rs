//! Live updates over a real socket: fragments after a score, replay after a disconnect, a
//! publish from a second process, refusals, connection caps and shutdown.

use std::time::Duration;

use crate::scoring::{Fixture, set_up};
use crate::support::{Person, TestApp, serve_process, wait_until};

/// One SSE event as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub event: String,
    pub data: String,
}

/// An open SSE stream, read event by event.
pub struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    pub async fn open(client: &reqwest::Client, url: &str, last_event_id: Option<i64>) -> Stream {
        let mut request = client.get(url);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.expect("connect");
        assert_eq!(response.status().as_u16(), 200, "stream {url}");
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream")
        );
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (comments and the retry preamble skipped), or `None` when the stream
    /// ends or nothing comes within `limit`.
    pub async fn next(&mut self, limit: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent {
                    id: None,
                    event: String::new(),
                    data: String::new(),
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        event.id = v.parse().ok();
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        event.event = v.to_string();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        event.data.push_str(v);
                    }
                }
                if !event.event.is_empty() {
                    return Some(event);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reads until an event named `name` arrives.
    pub async fn until(&mut self, name: &str, limit: Duration) -> SseEvent {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some(e) if e.event == name => return e,
                Some(_) => continue,
                None => panic!("no {name} event within {limit:?}"),
            }
        }
    }
}

/// The live URL a page subscribes to, read from its `sse-connect`.
pub fn live_url(body: &str) -> String {
    let start = body.find("sse-connect=\"").expect("the page is live") + 13;
    let end = start + body[start..].find('"').expect("end of url");
    body[start..end].replace("&amp;", "&")
}

async fn started(app: &TestApp) -> Fixture {
    let f = set_up(app, "curling", &[("ends", "8"), ("extra_ends", "on")]).await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    f
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spectator_sees_the_score_change_and_resumes_after_a_disconnect() {
    let app = TestApp::start_with(|c| c.operators = vec!["olive@example.com".into()]).await;
    let f = started(&app).await;
    let spectator = app.person();
    let game_page = spectator.get(&f.game_path()).await;
    // Watching makes no session: thousands of spectators write nothing.
    assert!(!game_page.headers.contains_key("set-cookie"));
    let url = app.url(&live_url(&game_page.body));
    let probe = client().get(&url).send().await.expect("stream");
    assert!(!probe.headers().contains_key("set-cookie"));
    // Served by the lean stream server (see web::streams), not kept in hyper.
    assert_eq!(
        probe
            .headers()
            .get("connection")
            .and_then(|v| v.to_str().ok()),
        Some("close")
    );
    assert!(
        probe.headers().contains_key("content-security-policy"),
        "the usual middleware ran"
    );
    drop(probe);
    let mut stream = Stream::open(&client(), &url, None).await;

    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "2"), ("points", "3")],
    )
    .await
    .assert_status(303);
    let update = stream.until("line-score", Duration::from_secs(5)).await;
    assert!(
        update.data.contains(r#"<td class="scored">3</td>"#),
        "{update:?}"
    );
    assert!(update.data.contains("End 2"));
    let seen = update.id.expect("events carry ids");

    // The viewer drops off; two ends are entered meanwhile.
    drop(stream);
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "1"), ("points", "2")],
    )
    .await
    .assert_status(303);
    f.tap(&f.owner, &[("action", "enter"), ("points", "0")])
        .await
        .assert_status(303);
    // Reconnecting with Last-Event-ID brings both, in order, with nothing new entered.
    let mut again = Stream::open(&client(), &url, Some(seen)).await;
    let first = again.until("line-score", Duration::from_secs(5)).await;
    let second = again.until("line-score", Duration::from_secs(5)).await;
    assert!(first.id > Some(seen) && second.id > first.id);
    assert!(first.data.contains("End 3"), "{first:?}");
    assert!(second.data.contains("End 4"), "{second:?}");
    // And a reload shows the same state as the last update.
    let reloaded = spectator.get(&f.game_path()).await;
    assert!(reloaded.body.contains(&second.data), "reload = live state");

    // The event page's feed carries the current draw and standings too.
    let event_page = spectator.get(&f.event_path()).await;
    let mut event_stream =
        Stream::open(&client(), &app.url(&live_url(&event_page.body)), None).await;
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "2"), ("points", "1")],
    )
    .await
    .assert_status(303);
    let draw = event_stream
        .until("current-draw", Duration::from_secs(5))
        .await;
    assert!(draw.data.contains("End 5"), "{draw:?}");
    event_stream
        .until("standings", Duration::from_secs(5))
        .await;
    // The operator (the owner, named in CLUBHOUSE_OPERATORS) sees the live counters.
    let dashboard = f.owner.get("/operator/jobs").await;
    dashboard.assert_contains("Live updates in this process:");
    assert!(
        !dashboard.body.contains(" 0 open connections"),
        "streams are open"
    );
    assert!(!dashboard.body.contains(" 0 fragments published"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_from_a_second_process_reaches_the_viewer() {
    let app = TestApp::start().await;
    let f = started(&app).await;
    let page = app.person().get(&f.game_path()).await;
    let mut stream = Stream::open(&client(), &app.url(&live_url(&page.body)), None).await;

    // A second Clubhouse process on the same files: the scorekeeper uses that one.
    let (mut child, base) = serve_process(&app.db_dir()).await;
    let keeper = Person::at(&base);
    keeper
        .sign_in("olive@example.com", "a long enough passphrase")
        .await
        .assert_status(303);
    f.tap(
        &keeper,
        &[("action", "enter"), ("side", "1"), ("points", "4")],
    )
    .await
    .assert_status(303);
    let update = stream.until("line-score", Duration::from_secs(5)).await;
    assert!(
        update.data.contains(r#"<td class="scored">4</td>"#),
        "{update:?}"
    );
    let _ = child.kill();
    let _ = child.wait();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_private_topics_are_refused() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8"), ("audience", "members")]).await;
    let member_page = f.owner.get(&f.event_path()).await;
    let url = live_url(&member_page.body);
    // The owner may watch their members-only event.
    Stream::open(&f.owner.client, &app.url(&url), None).await;
    // Nobody else may, signed in or not.
    let outsider = app.signed_up("Otto Outside", "otto@example.com").await;
    for who in [&outsider.client, &client()] {
        let resp = who.get(app.url(&url)).send().await.expect("request");
        assert_eq!(resp.status().as_u16(), 404);
        assert!(
            resp.text()
                .await
                .expect("body")
                .contains("no such live feed")
        );
    }
    for bad in [
        "/live",
        "/live?topic=",
        "/live?topic=en:event:1",
        "/live?topic=en:event:999:1",
        "/live?topic=en:event:1:999",
        "/live?topic=en:bogus:1:1",
        "/live?topic=%00",
    ] {
        let resp = client().get(app.url(bad)).send().await.expect("request");
        assert_eq!(resp.status().as_u16(), 404, "{bad}");
    }
    // Not text at all: refused as a bad request before any topic is looked at.
    let resp = client()
        .get(app.url("/live?topic=%00%ff"))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 400);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_are_capped_per_address_and_shutdown_ends_streams() {
    // A short heartbeat: a viewer that left is noticed at the next one.
    let app = TestApp::start_with(|c| {
        c.live_max_per_address = 2;
        c.live_heartbeat_secs = 1;
    })
    .await;
    let f = started(&app).await;
    let url = app.url(&live_url(&app.person().get(&f.game_path()).await.body));
    let one = Stream::open(&client(), &url, None).await;
    let mut two = Stream::open(&client(), &url, None).await;
    let third = client().get(&url).send().await.expect("request");
    assert_eq!(third.status().as_u16(), 503);
    assert!(third.headers().contains_key("retry-after"));
    assert!(
        third
            .text()
            .await
            .expect("body")
            .contains("Too many live connections")
    );
    drop(one);
    let mut three = None;
    for _ in 0..50 {
        let resp = client().get(&url).send().await.expect("request");
        if resp.status().as_u16() == 200 {
            three = Some(resp);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(three.is_some(), "the slot of a viewer who left is freed");
    // Heartbeats keep the connection alive (and are comments, not events).
    let mut buffer = Vec::new();
    let mut reply = three.expect("open");
    let ping = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(chunk)) = reply.chunk().await {
            buffer.extend_from_slice(&chunk);
            if buffer.windows(6).any(|w| w == b": ping") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(ping, Ok(true), "a heartbeat comment arrives");
    // Stopping the server ends open streams at once instead of leaving them to the drain
    // limit (10 s): measured on the stream itself, while the rest of the shutdown goes on
    // (closing files can take a while on a loaded machine).
    let started = std::time::Instant::now();
    let stopping = tokio::spawn(app.stop());
    // Events already on their way are skipped; the stream must end, not time out (`next`
    // gives `None` for both, so the time tells them apart).
    let ended_after = loop {
        match two.next(Duration::from_secs(6)).await {
            None => break started.elapsed(),
            Some(_) => continue,
        }
    };
    assert!(
        ended_after < Duration::from_secs(5),
        "the stream ended only after {ended_after:?}"
    );
    stopping.await.expect("the shutdown task");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_whose_missed_updates_were_trimmed_is_told_to_reload() {
    let app = TestApp::start().await;
    let f = started(&app).await;
    let url = app.url(&live_url(&app.person().get(&f.game_path()).await.body));
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "1"), ("points", "1")],
    )
    .await
    .assert_status(303);
    // The recurring trim removed everything (as after a day away).
    let trimmed = app
        .dbs()
        .live
        .write(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query("DELETE FROM live_events")
                .execute(conn)
                .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("trim");
    assert!(trimmed > 0);
    let mut stream = Stream::open(&client(), &url, Some(1)).await;
    let reload = stream.next(Duration::from_secs(5)).await.expect("an event");
    assert_eq!(reload.event, "reload");
    assert_eq!(
        stream.next(Duration::from_secs(2)).await,
        None,
        "then the stream ends"
    );
    // A viewer that is up to date just streams on.
    let head = clubhouse::db::live_log::head;
    let now = app
        .dbs()
        .live
        .read(move |conn| head(conn).map_err(clubhouse::db::DbError::from))
        .await
        .expect("head");
    let mut current = Stream::open(&client(), &url, Some(now)).await;
    f.tap(&f.owner, &[("action", "enter"), ("points", "0")])
        .await
        .assert_status(303);
    assert_eq!(
        current
            .until("line-score", Duration::from_secs(5))
            .await
            .event,
        "line-score"
    );
    app.stop().await;
}

async fn live_rows(app: &TestApp) -> i64 {
    app.dbs()
        .live
        .read(|conn| {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            diesel::sql_query("SELECT count(*) AS n FROM live_events")
                .get_result::<N>(conn)
                .map(|r| r.n)
                .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trim_job_removes_day_old_updates_only() {
    let app = TestApp::start().await;
    let now = clubhouse::auth::now();
    app.dbs()
        .live
        .write(move |conn| {
            use clubhouse::db::live_log::append;
            append(
                conn,
                &[("en:event:1:1", "standings", "old")],
                now - 2 * 86_400,
            )?;
            append(conn, &[("en:event:1:1", "standings", "new")], now - 60)
                .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("rows");
    // (The hourly trim may also run now, at minute 23: either way only the recent row stays.)
    assert!(live_rows(&app).await >= 1);
    app.jobs()
        .enqueue(clubhouse::jobs::Job::TrimLiveEvents)
        .await
        .expect("enqueue");
    wait_until(
        "the day-old row is trimmed",
        Duration::from_secs(10),
        || async { live_rows(&app).await == 1 },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let kept = app
        .dbs()
        .live
        .read(|conn| {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct Row {
                #[diesel(sql_type = diesel::sql_types::Text)]
                payload: String,
            }
            diesel::sql_query("SELECT payload FROM live_events")
                .load::<Row>(conn)
                .map(|rows| rows.into_iter().map(|r| r.payload).collect::<Vec<_>>())
                .map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("rows");
    assert!(
        kept.iter().any(|p| p.contains("new")) && !kept.iter().any(|p| p.contains("old")),
        "the recent row stays, the day-old one goes: {kept:?}"
    );
    assert!(
        clubhouse::jobs::recurring::SCHEDULE
            .iter()
            .any(|task| task.name == "trim_live_events"),
        "it runs on a schedule"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_stream_request_gets_400_and_other_pages_are_unaffected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::start().await;
    let addr = app.base.trim_start_matches("http://").to_string();
    for request in [
        "GET /live?topic=en:event:1:1 HTTP/1.1\r\nno colon here\r\n\r\n".to_string(),
        format!(
            "GET /live?topic={} HTTP/1.1\r\nHost: x\r\n\r\n",
            "x".repeat(20_000)
        ),
    ] {
        let mut socket = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        socket.write_all(request.as_bytes()).await.expect("send");
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut answer)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    // A path that merely starts like the stream's is an ordinary page.
    let resp = client()
        .get(app.url("/lively"))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 404);
    assert!(
        resp.headers()
            .get("connection")
            .is_none_or(|v| v != "close")
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_stream_carries_several_topics_and_corrections_propagate() {
    let app = TestApp::start().await;
    let f = started(&app).await;
    let event_url = live_url(&app.person().get(&f.event_path()).await.body);
    let game_url = live_url(&app.person().get(&f.game_path()).await.body);
    let topic = |url: &str| {
        url.split(['?', '&'])
            .find_map(|p| p.strip_prefix("topic="))
            .expect("topic")
            .to_string()
    };
    let both = format!(
        "/live?topic={}&topic={}",
        topic(&event_url),
        topic(&game_url)
    );
    let mut stream = Stream::open(&client(), &app.url(&both), None).await;
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "2"), ("points", "2")],
    )
    .await
    .assert_status(303);
    let mut names = Vec::new();
    let mut last = 0;
    while names.len() < 4 {
        let e = stream
            .next(Duration::from_secs(5))
            .await
            .expect("an update");
        assert!(e.id > Some(last), "in log order");
        last = e.id.unwrap_or(0);
        names.push(e.event);
    }
    for name in ["current-draw", "standings", "line-score"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    // An undo reaches viewers like an entry.
    f.tap(&f.owner, &[("action", "undo")])
        .await
        .assert_status(303);
    // The entry's own line score can still be on its way; the undo's is the one at End 1.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let undone = loop {
        let e = stream.until("line-score", Duration::from_secs(5)).await;
        if e.data.contains("End 1") || std::time::Instant::now() > deadline {
            break e;
        }
    };
    assert!(undone.data.contains("End 1"), "{undone:?}");
    assert!(!undone.data.contains(r#"<td class="scored">2</td>"#));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_that_falls_too_far_behind_is_told_to_reload() {
    use futures_util::StreamExt;
    let app = TestApp::start().await;
    let topic = "en:event:1:1".to_string();
    let mut stream = app
        .hub()
        .subscribe(vec![topic.clone()], None, None)
        .await
        .expect("subscribed");
    // The viewer reads nothing while 300 updates arrive (the feed holds 256).
    let burst = (0..300)
        .map(|i| clubhouse::live::Message {
            topic: topic.clone(),
            event: "standings".into(),
            html: format!("<p>{i}</p>"),
        })
        .collect();
    app.hub().publish(burst).await.expect("published");
    wait_until("the burst is delivered", Duration::from_secs(5), || async {
        app.hub().stats().delivered >= 300
    })
    .await;
    let mut seen = Vec::new();
    while let Ok(Some(chunk)) = tokio::time::timeout(Duration::from_secs(2), stream.next()).await {
        seen.push(String::from_utf8_lossy(&chunk.expect("bytes")).into_owned());
    }
    assert!(seen[0].starts_with("retry:"), "{seen:?}");
    assert_eq!(
        seen.last().map(String::as_str),
        Some("event: reload\ndata: \n\n")
    );
    assert_eq!(
        seen.len(),
        2,
        "nothing buffered beyond the feed: {}",
        seen.len()
    );
    app.stop().await;
}
