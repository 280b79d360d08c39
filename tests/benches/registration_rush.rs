//! Registration rush benchmark: C clients register at once for a program with K spots.
//!
//! Starts the real `clubhouse serve` as a child process on fresh files. Each client is a
//! signed-in family account with R player profiles; every client registers its profiles one
//! after another (form post with the page's CSRF token, exactly as the program page sends
//! it), all C clients at the same time, so C requests are always in flight. Latency is each
//! POST's round trip (it answers after the commit). Afterwards the files must hold exactly K
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

use anyhow::{Context, bail};
use futures_util::future::join_all;

use support::{Browser, PASSWORD, cpu_ms, env_list, owner_with_club, percentile, start_server};

/// Signs up the club's owner and creates the club and an open program; returns its path.
async fn set_up(owner: &Browser, spots: usize) -> anyhow::Result<String> {
    owner_with_club(owner, "owner@example.com", "rush").await?;
    let spots = spots.to_string();
    owner
        .post(
            "/clubs/rush/programs",
            "/clubs/rush/programs",
            &[
                ("name", "Opening Night"),
                ("season", "2026–27"),
                ("kind", "league"),
                ("capacity", &spots),
                ("fee", "150"),
                ("opens_at", "2020-01-01T00:00"),
                ("closes_at", "2099-01-01T00:00"),
                ("who", "accounts"),
            ],
        )
        .await
}

/// A family: signed in, with `profiles` player profiles, on the program's page.
struct Family {
    browser: Browser,
    token: String,
    profiles: Vec<String>,
}

async fn family(base: &str, n: usize, profiles: usize, program: &str) -> anyhow::Result<Family> {
    let browser = Browser::new(base)?;
    browser
        .post(
            "/sign-up",
            "/sign-up",
            &[
                ("name", &format!("Parent {n}")),
                ("email", &format!("parent{n}@example.com")),
                ("password", PASSWORD),
            ],
        )
        .await?;
    for child in 1..profiles {
        browser
            .post(
                "/account",
                "/account/profiles",
                &[
                    ("name", &format!("Child {n}.{child}")),
                    ("birth_year", "2014"),
                ],
            )
            .await?;
    }
    let page = browser.get(program).await?;
    let token = Browser::value_of(&page, "_csrf").context("CSRF token")?;
    let marker = r#"name="profile" value=""#;
    let ids: Vec<String> = page
        .match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &page[i + marker.len()..];
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect();
    if ids.len() != profiles {
        bail!("family {n}: {} profiles on the page", ids.len());
    }
    Ok(Family {
        browser,
        token,
        profiles: ids,
    })
}

/// Registers each profile in turn; returns each request's round trip, or the first error.
async fn register_all(family: &Family, path: &str) -> Result<Vec<Duration>, String> {
    let mut times = Vec::with_capacity(family.profiles.len());
    for profile in &family.profiles {
        let sent = Instant::now();
        let answer = family
            .browser
            .client
            .post(format!("{}{path}", family.browser.base))
            .form(&[("_csrf", family.token.as_str()), ("profile", profile)])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = answer.status().as_u16();
        let _ = answer.bytes().await;
        times.push(sent.elapsed());
        if status != 303 {
            return Err(format!("status {status}"));
        }
    }
    Ok(times)
}

/// (confirmed, waitlisted, the waitlist is 1..=n without gaps) from the admin's CSV.
async fn outcome(owner: &Browser) -> anyhow::Result<(usize, usize, bool)> {
    let csv = owner.get("/clubs/rush/registrations.csv").await?;
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let (mut confirmed, mut positions) = (0, Vec::new());
    for row in reader.records() {
        let row = row?;
        match &row[4] {
            "Confirmed" => confirmed += 1,
            "Waitlisted" => positions.push(row[5].parse::<usize>()?),
            other => bail!("unexpected status {other}"),
        }
    }
    positions.sort_unstable();
    let gapless = positions.iter().enumerate().all(|(i, p)| *p == i + 1);
    Ok((confirmed, positions.len(), gapless))
}

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
    let base = format!("http://{addr}");
    let owner = Browser::new(&base)?;
    let program = set_up(&owner, spots).await.context("setting up")?;
    let register = format!("{program}/register");
    let mut families = Vec::with_capacity(clients);
    for chunk in (0..clients).collect::<Vec<_>>().chunks(16) {
        let made = join_all(chunk.iter().map(|n| family(&base, *n, profiles, &program))).await;
        for f in made {
            families.push(f?);
        }
    }

    eprintln!(
        "{clients} families ready (server pid {}); rushing",
        server.0.id()
    );
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
    let (cpu_before, bench_before) = (cpu_ms(server.0.id())?, cpu_ms(std::process::id())?);
    let litestream_before = litestream_cpu()?;
    let started = Instant::now();
    let results = join_all(families.iter().map(|f| register_all(f, &register))).await;
    let elapsed = started.elapsed();
    let server_cpu = cpu_ms(server.0.id())? - cpu_before;
    let bench_cpu = cpu_ms(std::process::id())? - bench_before;
    let replication_cpu = litestream_cpu()?
        .zip(litestream_before)
        .map(|(after, before)| after - before);

    let mut latencies = Vec::with_capacity(clients * profiles);
    let mut errors = 0;
    for result in results {
        match result {
            Ok(times) => latencies.extend(times),
            Err(e) => {
                errors += 1;
                eprintln!("error: {e}");
            }
        }
    }
    latencies.sort();
    let requests = latencies.len();
    let (confirmed, waitlisted, gapless) = outcome(&owner).await?;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "replication={:<3}  clients={clients:>4}  requests={requests:>5}  {:>6.0} req/s  p50={:>5.1} ms  p99={:>5.1} ms  max={:>6.1} ms  errors={errors}  confirmed={confirmed}/{spots}  waitlisted={waitlisted}  cpu/req: server {:.2} ms, clients {:.2} ms",
        if replication { "on" } else { "off" },
        requests as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO)),
        server_cpu / requests.max(1) as f64,
        bench_cpu / requests.max(1) as f64,
    );
    if let Some(cpu) = replication_cpu {
        println!(
            "  litestream cpu/req: {:.2} ms (its own process, during the rush)",
            cpu / requests.max(1) as f64
        );
    }
    if errors > 0 {
        bail!("{errors} clients saw an error");
    }
    if confirmed != spots.min(requests) || confirmed + waitlisted != requests || !gapless {
        bail!(
            "oversold or lost: {confirmed} confirmed, {waitlisted} waitlisted, gapless={gapless}"
        );
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
