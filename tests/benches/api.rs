//! The JSON API beside the HTML page of the same live event, and one score change fanned
//! out to many webhook endpoints.
//!
//! Starts the release `clubhouse serve` on fresh files (webhooks may go to loopback) with a
//! championship of four games in play. Reads: the same closed loop of C keep-alive clients
//! on the event page, on the API's games of that event (line scores of every game) and on
//! its standings, alternating, same time each — req/s and p99, and each as a share of the
//! page. Then N endpoints (on one receiver in this process) all hear `score.changed`: one
//! end is entered and the time until every endpoint has its signed delivery is measured.
//!
//! Run: `cargo bench --bench api` (CLIENTS=32 SECONDS=5 ROUNDS=2 ENDPOINTS=100). Without
//! `--bench` (as `cargo test` runs it) it does a quick pass.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clubhouse::loadtest::setup;

use support::{drive, env_list, start_server};

/// A receiver counting deliveries (any path), on a free port.
async fn receiver(count: Arc<AtomicUsize>) -> anyhow::Result<u16> {
    use poem::{EndpointExt, Route, handler, listener::TcpListener, post};
    #[handler]
    fn hook(poem::web::Data(count): poem::web::Data<&Arc<AtomicUsize>>) -> &'static str {
        count.fetch_add(1, Ordering::SeqCst);
        "ok"
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let app = Route::new().at("/hook/:n", post(hook)).data(count);
    tokio::spawn(poem::Server::new(TcpListener::bind(("127.0.0.1", port))).run(app));
    Ok(port)
}

async fn run(clients: usize, seconds: f64, rounds: usize, endpoints: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (_app, addr) = start_server(
        dir.path(),
        &[
            ("CLUBHOUSE_WEBHOOK_ALLOW_PRIVATE", "1"),
            ("CLUBHOUSE_API_RATE_PER_KEY", "1000000"),
            ("CLUBHOUSE_API_RATE_PER_ADDRESS", "1000000"),
        ],
    )
    .await?;
    let base = format!("http://{addr}");
    let club = setup::club(&base, "api").await?;
    let competition = setup::competition(&club, 4).await?;
    competition.score_a_few_ends(&club).await?;
    let event_id = competition
        .event
        .rsplit('/')
        .next()
        .context("the event's id")?
        .to_string();
    let page = format!("{base}{}", competition.event);
    let api = format!("{base}/api/v1/clubs/{}/events/{event_id}", club.slug);
    let (games, standings) = (format!("{api}/games"), format!("{api}/standings"));
    for url in [&page, &games, &standings] {
        let status = reqwest::get(url.as_str()).await?.status();
        if !status.is_success() {
            bail!("GET {url}: {status}");
        }
    }
    println!("{clients} clients, {seconds} s per target per round");
    for round in 1..=rounds {
        let (page_rate, page_lat) = drive(&page, clients, seconds).await?;
        let (games_rate, games_lat) = drive(&games, clients, seconds).await?;
        let (table_rate, table_lat) = drive(&standings, clients, seconds).await?;
        println!(
            "round {round}: event page {page_rate:>6.0} req/s (p99 {:.2} ms) | API games {games_rate:>6.0} req/s (p99 {:.2} ms, {:.2}× page) | API standings {table_rate:>6.0} req/s (p99 {:.2} ms, {:.2}× page)",
            page_lat.p99,
            games_lat.p99,
            games_rate / page_rate,
            table_lat.p99,
            table_rate / page_rate,
        );
    }

    // Fan-out: N endpoints hear score.changed; one end is entered.
    let count = Arc::new(AtomicUsize::new(0));
    let port = receiver(count.clone()).await?;
    let hooks = format!("/clubs/{}/webhooks", club.slug);
    for n in 0..endpoints {
        let url = format!("http://127.0.0.1:{port}/hook/{n}");
        club.owner
            .submit(&hooks, &hooks, &[("url", &url), ("types", "score.changed")])
            .await
            .with_context(|| format!("adding endpoint {n}"))?;
    }
    let game = competition.games.first().context("a game")?;
    let (sent, status) = setup::tap(
        &club.owner,
        game,
        &[("action", "enter"), ("side", "2"), ("points", "1")],
    )
    .await?;
    if status != 303 {
        bail!("the end was refused ({status})");
    }
    let deadline = sent + Duration::from_secs(60);
    while count.load(Ordering::SeqCst) < endpoints {
        if Instant::now() > deadline {
            bail!(
                "only {} of {endpoints} deliveries in 60 s",
                count.load(Ordering::SeqCst)
            );
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    println!(
        "webhook fan-out: one score.changed to {endpoints} endpoints, all delivered {:.0} ms after the tap",
        sent.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let clients = env_list("CLIENTS", &[32])[0];
    let seconds = env_list("SECONDS", &[if quick { 1 } else { 5 }])[0] as f64;
    let rounds = env_list("ROUNDS", &[if quick { 1 } else { 2 }])[0];
    let endpoints = env_list("ENDPOINTS", &[if quick { 10 } else { 100 }])[0];
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(clients, seconds, rounds, endpoints))
}
