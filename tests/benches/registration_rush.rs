//! Registration rush benchmark: C clients register at once for a program with K spots.
//!
//! Starts the real `clubhouse serve` as a child process on fresh files and runs `clubhouse
//! loadtest registration-rush` (app/loadtest/rush.rs) against it. Each client is a signed-in
//! family account with R player profiles; every client registers its profiles one after
//! another (form post with the page's CSRF token, exactly as the program page sends it), all
//! C clients at the same time, so C requests are always in flight. Latency is each POST's
//! round trip (it answers after the commit). Afterwards the club's list must show exactly K
//! confirmed registrations and the rest waitlisted in a gapless line, and the server must
//! have answered every request with its redirect (no error).
//!
//! Targets: zero errors; p99 at most 20 ms at C = 64. The clients run on the same machine and
//! their CPU time per request is reported beside the server's: on a small box they compete.
//! Run: `cargo bench --bench registration_rush` (CLIENTS=64,256 PROFILES=32 SPOTS=200).
//! Without `--bench` (as `cargo test` runs it) it does a quick pass with 8 clients.
//!
//! `REPLICATION=off,on` runs each client count twice, side by side: without Litestream, and
//! with `serve` running Litestream into a local replica (1 s sync). With replication on, the
//! replica is restored afterwards and must hold every registration the server acknowledged.

mod support;

use std::time::{Duration, Instant};

use anyhow::bail;
use clubhouse::loadtest::{Server, rush};

use support::{cpu_ms, env_list, start_server};

/// The environment of a server that runs Litestream into `dir/backups`.
fn replicating(dir: &std::path::Path) -> Vec<(&'static str, String)> {
    vec![
        ("CLUBHOUSE_LITESTREAM", "1".into()),
        (
            "CLUBHOUSE_LITESTREAM_CONFIG",
            concat!(env!("CARGO_MANIFEST_DIR"), "/db/litestream.yml").into(),
        ),
        (
            "CLUBHOUSE_BACKUP_DIR",
            dir.join("backups").display().to_string(),
        ),
        ("CLUBHOUSE_LITESTREAM_LOG_LEVEL", "warn".into()),
    ]
}

/// Restores the curling file from the replica and counts its registrations.
fn registrations_in_replica(dir: &std::path::Path) -> anyhow::Result<usize> {
    let to = dir.join("restored");
    let started = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(["restore", "--to"])
        .arg(&to)
        .arg("curling")
        .env("CLUBHOUSE_DB_DIR", dir.join("db"))
        .envs(replicating(dir))
        .output()?;
    if !out.status.success() {
        bail!("restore failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let bytes = std::fs::metadata(to.join("curling.db"))?.len();
    println!(
        "  clubhouse restore curling: {:.0} ms for {:.1} MB, integrity check included",
        started.elapsed().as_secs_f64() * 1000.0,
        bytes as f64 / 1e6
    );
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from registrations').fetchone()[0])",
        ])
        .arg(to.join("curling.db"))
        .output()?;
    Ok(String::from_utf8(out.stdout)?.trim().parse()?)
}

async fn run(
    clients: usize,
    profiles: usize,
    spots: usize,
    replication: bool,
) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let env = if replication {
        replicating(dir.path())
    } else {
        Vec::new()
    };
    let vars: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (server, addr) = start_server(dir.path(), &vars).await?;
    if replication {
        // Litestream's first copy of each file, as on any server that has been up a while.
        let deadline = Instant::now() + Duration::from_secs(30);
        while !dir.path().join("backups/curling/ltx").is_dir() {
            if Instant::now() > deadline {
                bail!("Litestream made no replica");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    // The Litestream that `serve` runs, from the pid file it keeps.
    let pid_file = dir
        .path()
        .join("db")
        .join(clubhouse::backup::supervisor::PID_FILE);
    let litestream = replication
        .then(|| std::fs::read_to_string(&pid_file).ok())
        .flatten()
        .and_then(|pid| pid.trim().parse::<u32>().ok());
    let litestream_cpu = || litestream.map(cpu_ms).transpose();
    let settings = rush::Settings {
        clients: clients as u32,
        spots: spots as u32,
        profiles: profiles as u32,
    };
    // The rush itself is `clubhouse loadtest registration-rush`; CPU is read around the rush
    // alone, after the families are ready.
    let target = Server::new(&format!("http://{addr}"));
    let ready = rush::prepare(&target, &settings).await?;
    let (cpu_before, bench_before) = (cpu_ms(server.0.id())?, cpu_ms(std::process::id())?);
    let litestream_before = litestream_cpu()?;
    let report = ready.run(&target).await?;
    let server_cpu = cpu_ms(server.0.id())? - cpu_before;
    let bench_cpu = cpu_ms(std::process::id())? - bench_before;
    let replication_cpu = litestream_cpu()?
        .zip(litestream_before)
        .map(|(after, before)| after - before);
    let requests = report.latency("request").map_or(0, |p| p.count);
    let latency = report.latency("request").unwrap_or_default();
    println!(
        "replication={:<3}  clients={clients:>4}  requests={requests:>5}  {:>6.0} req/s  p50={:>5.1} ms  p99={:>5.1} ms  max={:>6.1} ms  errors={}  confirmed={}/{spots}  waitlisted={}  cpu/req: server {:.2} ms, clients {:.2} ms",
        if replication { "on" } else { "off" },
        report.figure("requests_per_second").unwrap_or(0.0),
        latency.p50,
        latency.p99,
        latency.max,
        report.errors,
        report.figure("confirmed").unwrap_or(0.0),
        report.figure("waitlisted").unwrap_or(0.0),
        server_cpu / requests.max(1) as f64,
        bench_cpu / requests.max(1) as f64,
    );
    if let Some(cpu) = replication_cpu {
        println!(
            "  litestream cpu/req: {:.2} ms (its own process, during the run)",
            cpu / requests.max(1) as f64
        );
    }
    for e in &report.error_samples {
        eprintln!("error: {e}");
    }
    if report.errors > 0 || report.checks.iter().any(|c| !c.passed) {
        bail!("the rush failed:\n{}", report.summary());
    }
    if replication {
        // Stop the server (Litestream ships the rest on the way out), then restore.
        server.terminate()?;
        let replicated = registrations_in_replica(dir.path())?;
        println!("  replica restored: {replicated} of {requests} registrations");
        if replicated != requests {
            bail!("the replica lost registrations: {replicated} of {requests}");
        }
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let clients = env_list("CLIENTS", if quick { &[8] } else { &[64, 256] });
    let profiles = env_list("PROFILES", &[if quick { 3 } else { 32 }])[0];
    let spots = env_list("SPOTS", &[if quick { 10 } else { 200 }])[0];
    let replication: Vec<bool> = std::env::var("REPLICATION")
        .unwrap_or_else(|_| "off".into())
        .split(',')
        .map(|v| v.trim() == "on")
        .collect();
    println!("registration rush: {profiles} registrations per client, {spots} spots");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        for c in clients {
            for &replicating in &replication {
                run(c, profiles, spots, replicating).await?;
            }
        }
        Ok(())
    })
}
