//! Live fan-out benchmark: N spectators on one event's live feed while a scorekeeper enters
//! ends — `clubhouse loadtest championship` (app/loadtest/championship.rs) against a fresh
//! release `clubhouse serve` started for each count.
//!
//! Latency runs from just before the scorekeeper's POST (which answers after the commit) to
//! each spectator reading the update: an upper bound of commit-to-receipt. Memory per
//! connection is the server's resident memory (from its /metrics) with N idle spectators
//! minus before they connected, over N. The spectators run on the same cores as the server.
//!
//! Targets: p99 at most 100 ms at 10,000 viewers; at most 10 KB per idle connection.
//! Run: `cargo bench --bench live_fanout` (VIEWERS=1000,5000,10000 ROUNDS=20 PACE_MS=250
//! SCOREKEEPERS=1). Without `--bench` (as `cargo test` runs it) it does a quick pass with 50.

mod support;

use anyhow::bail;
use clubhouse::loadtest::{Server, championship};

use support::{env_list, start_server};

async fn run(settings: &championship::Settings) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (_server, addr) = start_server(
        dir.path(),
        &[
            ("CLUBHOUSE_WORKERS", "0"),
            ("CLUBHOUSE_LIVE_MAX_CONNECTIONS", "1000000"),
            ("CLUBHOUSE_LIVE_MAX_PER_ADDRESS", "1000000"),
        ],
    )
    .await?;
    let report = championship::run(&Server::new(&format!("http://{addr}")), settings).await?;
    let delivery = report.latency("delivery").unwrap_or_default();
    let figure = |name: &str| report.figure(name).unwrap_or(f64::NAN);
    println!(
        "viewers={:>6}  connect={:>6.0}/s  messages={:>7.0}/s  p50={:>6.1} ms  p95={:>6.1} ms  p99={:>6.1} ms  max={:>6.1} ms  missed={}  memory/conn={:>6.0} B  busy={}",
        settings.viewers,
        figure("connections_per_second"),
        figure("messages_per_second"),
        delivery.p50,
        delivery.p95,
        delivery.p99,
        delivery.max,
        figure("updates_missed"),
        figure("server_bytes_per_connection"),
        report.server.map_or(f64::NAN, |s| s.sqlite_busy),
    );
    if report.errors > 0 || report.checks.iter().any(|c| !c.passed) {
        bail!("the championship failed:\n{}", report.summary());
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let counts = env_list(
        "VIEWERS",
        if quick {
            &[50]
        } else {
            &[1_000, 5_000, 10_000]
        },
    );
    let rounds = env_list("ROUNDS", &[if quick { 3 } else { 20 }])[0];
    let pace_ms = env_list("PACE_MS", &[250])[0];
    let scorekeepers = env_list("SCOREKEEPERS", &[1])[0];
    println!(
        "live fan-out: one event, {scorekeepers} scorekeeper(s), {rounds} ends each, one every {pace_ms} ms"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        for viewers in counts {
            run(&championship::Settings {
                viewers: viewers as u32,
                ramp: 5_000,
                scorekeepers: scorekeepers as u32,
                ends: rounds as u32,
                rate: 1000.0 / pace_ms.max(1) as f64,
            })
            .await?;
        }
        Ok(())
    })
}
