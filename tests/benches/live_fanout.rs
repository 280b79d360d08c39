//! Live fan-out benchmark: N SSE viewers on one game while a scorekeeper enters ends.
//!
//! Starts the real `clubhouse serve` as a child process on fresh files, sets up a curling
//! game over HTTP, opens N viewers (raw sockets, as a browser's EventSource would hold them),
//! then taps ROUNDS ends, one every PACE_MS. For each end: the time from just before the
//! scorekeeper's POST (which returns after the commit) to each viewer reading the update —
//! an upper bound of commit-to-receipt. Memory: the server's RSS with N idle viewers minus
//! its RSS before they connected, divided by N.
//!
//! Targets: p99 at most 100 ms at 10,000 viewers; at most 10 KB per idle connection.
//! Run: `cargo bench --bench live_fanout` (VIEWERS=1000,5000,10000 ROUNDS=20 PACE_MS=250).
//! Without `--bench` (as `cargo test` runs it) it does a quick pass with 50 viewers.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

mod support;

use support::{Browser, cpu_ms, env_list, owner_with_club, percentile, rss_kb, start_server};

/// Lets this process (and the server it starts) hold many sockets.
fn raise_open_file_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain libc calls on a struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            // Root may raise the hard limit too; anyone may go up to it.
            let wanted = libc::rlimit {
                rlim_cur: limit.rlim_max.max(65_536),
                rlim_max: limit.rlim_max.max(65_536),
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) == 0 {
                limit = wanted;
            } else {
                limit.rlim_cur = limit.rlim_max;
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            }
        }
    }
    limit.rlim_cur
}

fn option_value(body: &str, label: &str) -> anyhow::Result<String> {
    let end = body.find(&format!(">{label}</option>")).context("option")?;
    let start = body[..end].rfind("value=\"").context("value")? + 7;
    Ok(body[start..end].trim_end_matches('"').to_string())
}

/// Sets up a club, event, two teams, a draw and a started game; returns the game's path.
async fn set_up(owner: &Browser) -> anyhow::Result<String> {
    owner_with_club(owner, "bench@example.com", "bench").await?;
    let manage = owner
        .post(
            "/clubs/bench/events",
            "/clubs/bench/events",
            &[
                ("name", "Bench"),
                ("kind", "league"),
                ("audience", "public"),
                ("ends", "8"),
                ("extra_ends", "on"),
            ],
        )
        .await?;
    let base = manage.trim_end_matches("/manage").to_string();
    for team in ["Red", "Yellow"] {
        owner
            .post(
                &manage,
                &format!("{base}/teams"),
                &[("name", team), ("skip", team)],
            )
            .await?;
    }
    owner
        .post(
            &manage,
            &format!("{base}/draws"),
            &[("starts_at", "2026-11-22T19:00")],
        )
        .await?;
    let page = owner.get(&manage).await?;
    let (draw, red, yellow) = (
        option_value(&page, "2026-11-22 19:00")?,
        option_value(&page, "Red")?,
        option_value(&page, "Yellow")?,
    );
    owner
        .post(
            &manage,
            &format!("{base}/games"),
            &[
                ("draw", &draw),
                ("sheet", ""),
                ("team1", &red),
                ("team2", &yellow),
            ],
        )
        .await?;
    let event = owner.get(&base).await?;
    let start = event.find("/clubs/bench/games/").context("game link")?;
    let game: String = event[start..].chars().take_while(|c| *c != '"').collect();
    tap(owner, &game, &[("action", "start"), ("side", "1")]).await?;
    Ok(game)
}

async fn tap(owner: &Browser, game: &str, fields: &[(&str, &str)]) -> anyhow::Result<()> {
    let score = format!("{game}/score");
    let screen = owner.get(&score).await?;
    let version = Browser::value_of(&screen, "version").context("version")?;
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    owner.post(&score, &score, &form).await.map(|_| ())
}

/// One viewer: subscribes, reports once subscribed, then reports each update's arrival.
async fn viewer(
    addr: std::net::SocketAddr,
    path: String,
    ready: Arc<AtomicUsize>,
    updates: mpsc::UnboundedSender<Instant>,
) -> anyhow::Result<()> {
    let mut socket = TcpStream::connect(addr).await?;
    socket
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
                .as_bytes(),
        )
        .await?;
    let mut buf = vec![0u8; 4096];
    let mut subscribed = false;
    loop {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        let chunk = &buf[..n];
        if !subscribed {
            if !chunk.starts_with(b"HTTP/1.1 200") {
                bail!("refused: {}", String::from_utf8_lossy(chunk));
            }
            subscribed = true;
            ready.fetch_add(1, Ordering::Relaxed);
        }
        const MARK: &[u8] = b"event: line-score";
        let events = chunk.windows(MARK.len()).filter(|w| *w == MARK).count();
        for _ in 0..events {
            let _ = updates.send(Instant::now());
        }
    }
}

async fn run(viewers: usize, rounds: usize, pace: Duration) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (server, addr) = start_server(
        dir.path(),
        &[
            ("CLUBHOUSE_WORKERS", "0"),
            ("CLUBHOUSE_LIVE_MAX_CONNECTIONS", "1000000"),
            ("CLUBHOUSE_LIVE_MAX_PER_ADDRESS", "1000000"),
        ],
    )
    .await?;
    measure(&server.0, addr, viewers, rounds, pace).await
}

async fn measure(
    child: &std::process::Child,
    addr: std::net::SocketAddr,
    viewers: usize,
    rounds: usize,
    pace: Duration,
) -> anyhow::Result<()> {
    let owner = Browser::new(&format!("http://{addr}"))?;
    let game = set_up(&owner).await.context("setting up the game")?;
    let page = owner.get(&game).await?;
    let start = page.find("sse-connect=\"").context("live url")? + 13;
    // Subscribe with no `after`: only updates from now on.
    let live = page[start..start + page[start..].find('"').context("end")?].replace("&amp;", "&");
    let live = live.split("&after=").next().unwrap_or(&live).to_string();
    let rss_before = rss_kb(child.id())?;

    let ready = Arc::new(AtomicUsize::new(0));
    let (updates, mut received) = mpsc::unbounded_channel();
    let opening = Instant::now();
    for i in 0..viewers {
        tokio::spawn(viewer(addr, live.clone(), ready.clone(), updates.clone()));
        if i % 200 == 199 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    while ready.load(Ordering::Relaxed) < viewers {
        if opening.elapsed() > Duration::from_secs(120) {
            bail!(
                "only {} of {viewers} viewers connected",
                ready.load(Ordering::Relaxed)
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let connect_secs = opening.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_idle = rss_kb(child.id())?;
    let per_connection = (rss_idle.saturating_sub(rss_before)) as f64 * 1024.0 / viewers as f64;

    let (server_cpu, bench_cpu) = (cpu_ms(child.id())?, cpu_ms(std::process::id())?);
    let mut latencies = Vec::with_capacity(viewers * rounds);
    let mut missed = 0usize;
    for _ in 0..rounds {
        let sent = Instant::now();
        // Blank ends: the game stays level, so there is always a next (extra) end.
        tap(&owner, &game, &[("action", "enter"), ("points", "0")]).await?;
        let mut got = 0;
        while got < viewers {
            match tokio::time::timeout(Duration::from_secs(10), received.recv()).await {
                Ok(Some(at)) => {
                    latencies.push(at.duration_since(sent));
                    got += 1;
                }
                _ => {
                    missed += viewers - got;
                    break;
                }
            }
        }
        tokio::time::sleep(pace).await;
    }
    let server_cpu = (cpu_ms(child.id())? - server_cpu) / rounds as f64;
    let bench_cpu = (cpu_ms(std::process::id())? - bench_cpu) / rounds as f64;
    if missed > 0 {
        bail!("{missed} updates never reached their viewer");
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "viewers={viewers:>6}  connect={:>6.0}/s  p50={:>6.1} ms  p99={:>6.1} ms  max={:>6.1} ms  missed={missed}  rss/conn={:>6.0} B  (rss {rss_before} kB -> {rss_idle} kB)  cpu per end: server {server_cpu:.0} ms, viewers {bench_cpu:.0} ms",
        viewers as f64 / connect_secs,
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO)),
        per_connection,
    );
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let limit = raise_open_file_limit();
    let counts = env_list(
        "VIEWERS",
        if quick {
            &[50]
        } else {
            &[1_000, 5_000, 10_000]
        },
    );
    let rounds = env_list("ROUNDS", &[if quick { 3 } else { 20 }])[0];
    let pace = Duration::from_millis(env_list("PACE_MS", &[250])[0] as u64);
    println!("live fan-out: one game, {rounds} ends per run, open-file limit {limit}");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        for viewers in counts {
            if viewers as u64 + 100 > limit {
                println!("viewers={viewers}: skipped, the open-file limit ({limit}) is too low");
                continue;
            }
            run(viewers, rounds, pace).await?;
        }
        Ok(())
    })
}
