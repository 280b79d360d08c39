//! Championship weekend: N spectators hold the event's live feed (opened at R per second)
//! while M scorekeepers each enter ends at a set pace.
//!
//! Spectators are raw sockets that send the request an EventSource sends and read the
//! stream: a load generator should not need more memory per connection than the server.
//! Every tap on a game publishes that game's `result-<id>` fragment on the event's feed, so a
//! spectator's k-th `result-<id>` frame answers the k-th tap on that game; its latency runs
//! from just before the tap's POST (which answers after the commit) to the frame's arrival —
//! commit-to-receipt, plus the POST itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::setup::{self, tap};
use super::{Check, Errors, Percentiles, Report, Server, progress, run_tag, secs};

#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Spectators on the event's live feed.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub viewers: u32,
    /// New spectator connections per second while they arrive.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub ramp: u32,
    /// Scorekeepers, one game each.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub scorekeepers: u32,
    /// Ends each scorekeeper enters.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub ends: u32,
    /// Ends per second each scorekeeper enters.
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,
}

/// Where each game's taps were sent from, in order.
type Sent = Arc<Mutex<HashMap<String, Vec<Instant>>>>;

/// What spectators report: a frame for a game's k-th update arrived at this instant.
struct Arrival {
    game: String,
    nth: usize,
    at: Instant,
}

pub async fn run(server: &Server, settings: &Settings) -> anyhow::Result<Report> {
    if !(settings.rate > 0.0 && settings.rate <= 100.0) {
        bail!("--rate must be more than 0 and at most 100 ends per second");
    }
    let address = socket_address(&server.base)?;
    let files = raise_open_file_limit();
    if u64::from(settings.viewers) + 256 > files {
        bail!(
            "{} spectators need as many open sockets, and this process may open {files}; raise `ulimit -n`",
            settings.viewers
        );
    }
    let club = setup::club(&server.base, &run_tag()).await?;
    let competition = setup::competition(&club, settings.scorekeepers as usize)
        .await
        .context("setting up the championship")?;
    let before = server.figures().await;

    // Spectators arrive.
    let viewers = settings.viewers as usize;
    let connected = Arc::new(AtomicUsize::new(0));
    let frames = Arc::new(AtomicU64::new(0));
    let (arrivals, mut arrived) = mpsc::unbounded_channel::<Arrival>();
    let (failures, mut failed) = mpsc::unbounded_channel::<String>();
    let bar = progress(viewers as u64, "spectators");
    let opening = Instant::now();
    let mut tasks = Vec::with_capacity(viewers);
    for n in 0..viewers {
        let due = opening + Duration::from_secs_f64(n as f64 / f64::from(settings.ramp));
        tokio::time::sleep_until(due.into()).await;
        tasks.push(tokio::spawn(spectator(
            address,
            competition.live.clone(),
            connected.clone(),
            frames.clone(),
            arrivals.clone(),
            failures.clone(),
        )));
        bar.set_position(connected.load(Ordering::Relaxed) as u64);
    }
    drop(arrivals);
    drop(failures);
    let mut errors = Errors::default();
    let deadline = Instant::now() + Duration::from_secs(60);
    while connected.load(Ordering::Relaxed) < viewers && Instant::now() < deadline {
        if let Ok(reason) = failed.try_recv() {
            errors.add(reason);
        }
        if tasks.iter().all(|t| t.is_finished()) {
            break;
        }
        bar.set_position(connected.load(Ordering::Relaxed) as u64);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let connect_secs = secs(opening);
    let subscribed = connected.load(Ordering::Relaxed);
    bar.finish_and_clear();
    // Let the server settle before reading its memory.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = server.figures().await;

    // Scorekeepers score.
    let sent: Sent = Arc::new(Mutex::new(HashMap::new()));
    let pace = Duration::from_secs_f64(1.0 / settings.rate);
    let taps_total = settings.ends as usize * competition.games.len();
    let bar = progress(taps_total as u64, "ends");
    let scoring = Instant::now();
    let frames_before = frames.load(Ordering::Relaxed);
    let keepers: Vec<_> = competition
        .games
        .iter()
        .map(|game| {
            let (keeper, game, sent, bar) =
                (club.owner.clone(), game.clone(), sent.clone(), bar.clone());
            let ends = settings.ends;
            tokio::spawn(async move {
                let mut problems = Vec::new();
                let started = Instant::now();
                for n in 0..ends {
                    let due = started + pace * n;
                    tokio::time::sleep_until(due.into()).await;
                    let recorded = Arc::clone(&sent);
                    match tap(&keeper, &game, &[("action", "enter"), ("points", "0")]).await {
                        Ok((at, 303)) => {
                            // Keyed by the game's id, as its frames name it.
                            let id = game.rsplit('/').next().unwrap_or_default().to_string();
                            if let Ok(mut sent) = recorded.lock() {
                                sent.entry(id).or_default().push(at);
                            }
                        }
                        Ok((_, status)) => problems.push(format!("{game}: tap answered {status}")),
                        Err(e) => problems.push(format!("{game}: {e:#}")),
                    }
                    bar.inc(1);
                }
                problems
            })
        })
        .collect();
    let mut taps_failed = 0;
    for keeper in keepers {
        for problem in keeper.await.unwrap_or_else(|e| vec![e.to_string()]) {
            taps_failed += 1;
            errors.add(problem);
        }
    }
    bar.finish_and_clear();
    let taps_sent: usize = sent
        .lock()
        .map(|s| s.values().map(Vec::len).sum())
        .unwrap_or(0);

    // Every spectator should see every tap: wait for the stragglers, up to 10 s.
    let expected = taps_sent * subscribed;
    let mut delivery = Vec::with_capacity(expected);
    let waiting = Instant::now() + Duration::from_secs(10);
    while delivery.len() < expected {
        match tokio::time::timeout_at(waiting.into(), arrived.recv()).await {
            Ok(Some(arrival)) => {
                let from = sent.lock().ok().and_then(|s| {
                    s.get(&arrival.game)
                        .and_then(|v| v.get(arrival.nth))
                        .copied()
                });
                if let Some(from) = from {
                    delivery.push(arrival.at.saturating_duration_since(from));
                }
            }
            _ => break,
        }
    }
    let scoring_secs = secs(scoring);
    let frames_received = frames.load(Ordering::Relaxed) - frames_before;
    while let Ok(reason) = failed.try_recv() {
        errors.add(reason);
    }
    let after = server.figures().await;
    for task in &tasks {
        task.abort();
    }
    let missed = expected - delivery.len();
    if viewers > subscribed {
        errors.add(format!(
            "{} of {viewers} spectators never got the stream",
            viewers - subscribed
        ));
    }

    let memory_per_connection = before.zip(idle).map(|(before, idle)| {
        (idle.resident_bytes - before.resident_bytes).max(0.0) / subscribed.max(1) as f64
    });
    let mut figures = vec![
        ("spectators".to_string(), subscribed as f64),
        (
            "connections_per_second".to_string(),
            subscribed as f64 / connect_secs,
        ),
        ("ends_entered".to_string(), taps_sent as f64),
        (
            "messages_per_second".to_string(),
            frames_received as f64 / scoring_secs,
        ),
        ("updates_delivered".to_string(), delivery.len() as f64),
        ("updates_missed".to_string(), missed as f64),
    ];
    if let Some(bytes) = memory_per_connection {
        figures.push(("server_bytes_per_connection".to_string(), bytes.round()));
    }
    Ok(Report {
        scenario: "championship",
        target: server.base.clone(),
        seconds: connect_secs + scoring_secs,
        figures,
        latency: vec![("delivery".to_string(), Percentiles::of(delivery))],
        errors: errors.count,
        error_samples: errors.samples,
        checks: vec![
            Check::new(
                "every spectator got every update",
                missed == 0 && taps_failed == 0,
                format!("{missed} missed of {expected}; {taps_failed} taps failed"),
            ),
            Check::no_sqlite_busy(before, after),
        ],
        server: after,
    })
}

fn socket_address(base: &str) -> anyhow::Result<std::net::SocketAddr> {
    use std::net::ToSocketAddrs;
    base.trim_start_matches("http://")
        .to_socket_addrs()?
        .next()
        .context("the target has no address")
}

/// One spectator: subscribes, then reports every game update it reads.
async fn spectator(
    address: std::net::SocketAddr,
    path: String,
    connected: Arc<AtomicUsize>,
    frames: Arc<AtomicU64>,
    arrivals: mpsc::UnboundedSender<Arrival>,
    failures: mpsc::UnboundedSender<String>,
) {
    if let Err(e) = watch(address, &path, &connected, &frames, &arrivals).await {
        let _ = failures.send(format!("spectator: {e:#}"));
    }
}

async fn watch(
    address: std::net::SocketAddr,
    path: &str,
    connected: &AtomicUsize,
    frames: &AtomicU64,
    arrivals: &mpsc::UnboundedSender<Arrival>,
) -> anyhow::Result<()> {
    let mut socket = TcpStream::connect(address).await.context("connect")?;
    socket
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n")
                .as_bytes(),
        )
        .await?;
    let mut buffer = vec![0u8; 8192];
    let mut pending: Vec<u8> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut subscribed = false;
    loop {
        let n = socket.read(&mut buffer).await?;
        if n == 0 {
            if subscribed {
                bail!("the server closed the stream");
            }
            bail!("the server closed the connection before answering");
        }
        let at = Instant::now();
        pending.extend_from_slice(&buffer[..n]);
        if !subscribed {
            let Some(end) = find(&pending, b"\r\n\r\n") else {
                continue;
            };
            if !pending.starts_with(b"HTTP/1.1 200") {
                bail!(
                    "refused: {}",
                    String::from_utf8_lossy(&pending[..end])
                        .lines()
                        .next()
                        .unwrap_or("")
                );
            }
            pending.drain(..end + 4);
            subscribed = true;
            connected.fetch_add(1, Ordering::Relaxed);
        }
        // Frames end with a blank line; an incomplete one waits for the next read.
        while let Some(end) = find(&pending, b"\n\n") {
            let frame: Vec<u8> = pending.drain(..end + 2).collect();
            // A frame without an event line is a heartbeat comment or the retry preamble.
            let Some(at_event) = find(&frame, b"event: ") else {
                continue;
            };
            frames.fetch_add(1, Ordering::Relaxed);
            let name = &frame[at_event + 7..];
            let Some(game) = name.strip_prefix(b"result-") else {
                continue;
            };
            let id_end = game.iter().position(|b| *b == b'\n').unwrap_or(game.len());
            let game = String::from_utf8_lossy(&game[..id_end]).into_owned();
            let nth = seen.entry(game.clone()).or_default();
            let _ = arrivals.send(Arrival {
                game,
                nth: *nth,
                at,
            });
            *nth += 1;
        }
    }
}

/// Raises this process's open-file limit to its hard limit; returns the limit now in force.
fn raise_open_file_limit() -> u64 {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    match getrlimit(Resource::RLIMIT_NOFILE) {
        Ok((soft, hard)) => {
            if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
                hard
            } else {
                soft
            }
        }
        Err(_) => 1024,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
