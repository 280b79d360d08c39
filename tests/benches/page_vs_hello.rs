//! A cached event page against a minimal poem hello-world, side by side.
//!
//! Starts the release `clubhouse serve` on fresh files, sets up a championship with four
//! games in play (through the load generator's set-up: app/loadtest/setup.rs) and views its
//! event page once, so the page's sections are in the cache. Then starts this same binary as
//! a hello-world server (poem, one route answering a fixed text: the floor any poem app
//! stands on) and drives both with the same closed loop — C clients, each sending its next
//! GET when the last is answered, over keep-alive connections — for the same time, in
//! alternating rounds. The clients run on the same cores as the servers.
//!
//! Reads: req/s of each, and the event page's as a share of hello-world's.
//! Run: `cargo bench --bench page_vs_hello` (CLIENTS=32 SECONDS=5 ROUNDS=2). Without
//! `--bench` (as `cargo test` runs it) it does a quick pass.

mod support;

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clubhouse::loadtest::setup;

use support::{drive, env_list, start_server};

const HELLO_PORT: &str = "HELLO_WORLD_PORT";

/// The hello-world server: what this binary runs when started with HELLO_WORLD_PORT.
fn hello_world(port: u16) -> anyhow::Result<()> {
    use poem::{Route, Server, get, handler, listener::TcpListener};
    #[handler]
    fn hello() -> &'static str {
        "Hello, world!"
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            Server::new(TcpListener::bind(("127.0.0.1", port)))
                .run(Route::new().at("/", get(hello)))
                .await
        })?;
    Ok(())
}

async fn compare(clients: usize, seconds: f64, rounds: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (_app, addr) = start_server(dir.path(), &[]).await?;
    let base = format!("http://{addr}");
    let club = setup::club(&base, "page").await?;
    let competition = setup::competition(&club, 4).await?;
    competition.score_a_few_ends(&club).await?;
    let page = format!("{base}{}", competition.event);
    let body = reqwest::get(&page).await?.text().await?;
    if !body.contains("Load Test Championship") {
        bail!("the event page is not what was set up");
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let hello = support::Server(
        std::process::Command::new(std::env::current_exe()?)
            .env(HELLO_PORT, port.to_string())
            .spawn()
            .context("start the hello-world server")?,
    );
    let hello_url = format!("http://127.0.0.1:{port}/");
    let deadline = Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("the hello-world server did not start");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "event page: {} bytes; hello-world: 13 bytes; {clients} clients, {seconds} s per side per round",
        body.len()
    );
    for round in 1..=rounds {
        let (hello_rate, hello_latency) = drive(&hello_url, clients, seconds).await?;
        let (page_rate, page_latency) = drive(&page, clients, seconds).await?;
        println!(
            "round {round}: hello-world {hello_rate:>7.0} req/s (p50 {:.2} ms, p99 {:.2} ms) | cached event page {page_rate:>7.0} req/s (p50 {:.2} ms, p99 {:.2} ms) | page/hello {:.2}",
            hello_latency.p50,
            hello_latency.p99,
            page_latency.p50,
            page_latency.p99,
            page_rate / hello_rate,
        );
    }
    drop(hello);
    Ok(())
}

fn main() -> anyhow::Result<()> {
    if let Ok(port) = std::env::var(HELLO_PORT) {
        return hello_world(port.parse().context("HELLO_WORLD_PORT")?);
    }
    let quick = !std::env::args().any(|a| a == "--bench");
    let clients = env_list("CLIENTS", &[32])[0];
    let seconds = env_list("SECONDS", &[if quick { 1 } else { 5 }])[0] as f64;
    let rounds = env_list("ROUNDS", &[if quick { 1 } else { 2 }])[0];
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(compare(clients, seconds, rounds))
}
