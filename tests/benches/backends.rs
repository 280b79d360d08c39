//! SQLite against PostgreSQL on one node against PostgreSQL on two nodes behind nginx, side
//! by side in one run on this machine:
//!
//! - the registration rush (`clubhouse loadtest registration-rush`): C families register at
//!   once for K spots, through the front (the node, or nginx in front of both);
//! - the championship fan-out (`clubhouse loadtest championship`): N spectators on one
//!   event's feed while scorekeepers enter ends; with two nodes, spectators and taps are
//!   spread over both, so every update crosses from one node to the other;
//! - the write path, in-process: C tasks appending to the live log through the app's writer
//!   (one writer per store; with two "nodes", two writers contending for the store's lock);
//! - jobs, in-process: N no-op jobs enqueued in bulk and run by 4 workers per node.
//!
//! Every server and the database run on the same two cores as the load, so the figures are
//! for comparing the three setups with each other, not for sizing a real deployment.
//! Needs a PostgreSQL cluster in `CLUBHOUSE_TEST_PG` (tests/run and tests/numbers start a
//! private one) and nginx. Run: `tests/numbers backends` (CLIENTS=64 PROFILES=16 SPOTS=200
//! VIEWERS=500 WRITES=4000 JOBS=20000). Without `--bench` it does a quick pass.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clubhouse::db::{Databases, DbError, live_log};
use clubhouse::jobs::worker::Pool;
use clubhouse::jobs::{JobSettings, Jobs};
use clubhouse::loadtest::{Percentiles, Server, championship, rush};
use clubhouse::mail::Mailer;
use clubhouse::sports::Sport;
use diesel::Connection;
use diesel::connection::SimpleConnection;

use support::{env_list, start_server};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setup {
    Sqlite,
    Postgres,
    TwoNodes,
}

impl Setup {
    const ALL: [Setup; 3] = [Setup::Sqlite, Setup::Postgres, Setup::TwoNodes];

    fn name(self) -> &'static str {
        match self {
            Setup::Sqlite => "sqlite",
            Setup::Postgres => "postgres, 1 node",
            Setup::TwoNodes => "postgres, 2 nodes",
        }
    }

    fn nodes(self) -> usize {
        if self == Setup::TwoNodes { 2 } else { 1 }
    }
}

/// A new empty database on the cluster named by `CLUBHOUSE_TEST_PG`.
fn new_database() -> anyhow::Result<String> {
    let admin = std::env::var("CLUBHOUSE_TEST_PG").context(
        "CLUBHOUSE_TEST_PG is not set: tests/run and tests/numbers start a private PostgreSQL",
    )?;
    let name = format!("bench_{:016x}", rand::random::<u64>());
    let mut conn = diesel::PgConnection::establish(&admin)
        .with_context(|| format!("connecting to {admin}"))?;
    conn.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let (base, query) = admin.split_once('?').unwrap_or((&admin, ""));
    let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
    Ok(format!("{root}/{name}?{query}"))
}

/// nginx in front of `apps`, streaming `/live` unbuffered, as the README sets it up.
struct Nginx {
    child: std::process::Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nginx {
    async fn start(dir: &std::path::Path, apps: &[std::net::SocketAddr]) -> anyhow::Result<Nginx> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let d = dir.display();
        let servers: String = apps
            .iter()
            .map(|a| format!("        server {a};\n"))
            .collect();
        let proxy = "proxy_pass http://clubhouse; proxy_http_version 1.1; \
                     proxy_set_header Connection \"\"; proxy_set_header Host $host; \
                     proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;";
        let conf = format!(
            "daemon off;\nworker_processes 1;\nworker_rlimit_nofile 65536;\npid {d}/nginx.pid;\n\
             error_log {d}/error.log error;\nevents {{ worker_connections 32768; }}\n\
             http {{\n    access_log off;\n    client_body_temp_path {d}/body;\n\
             proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n\
             upstream clubhouse {{\n{servers}        keepalive 64;\n        keepalive_timeout 5s;\n    }}\n\
             server {{\n        listen 127.0.0.1:{port};\n\
             location / {{ {proxy} }}\n\
             location /live {{ {proxy} proxy_buffering off; proxy_read_timeout 1h; }}\n    }}\n}}\n"
        );
        let path = dir.join("nginx.conf");
        std::fs::write(&path, conf)?;
        let child = std::process::Command::new("nginx")
            .args(["-p", &d.to_string(), "-c", &path.display().to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .context("nginx (tests/run installs Debian's nginx)")?;
        let nginx = Nginx { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                bail!(
                    "nginx did not start: {}",
                    std::fs::read_to_string(dir.join("error.log"))?
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(nginx)
    }
}

/// The servers of one setup and the address the load goes to.
struct Deployment {
    _servers: Vec<support::Server>,
    _nginx: Option<Nginx>,
    _dir: tempfile::TempDir,
    base: String,
}

async fn deploy(setup: Setup) -> anyhow::Result<Deployment> {
    let dir = tempfile::tempdir()?;
    let url = match setup {
        Setup::Sqlite => None,
        _ => Some(tokio::task::spawn_blocking(new_database).await??),
    };
    let mut vars = vec![
        ("CLUBHOUSE_LIVE_MAX_CONNECTIONS", "1000000".to_string()),
        ("CLUBHOUSE_LIVE_MAX_PER_ADDRESS", "1000000".to_string()),
    ];
    if let Some(url) = &url {
        vars.push(("CLUBHOUSE_DATABASE_URL", url.clone()));
    }
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut servers = Vec::new();
    let mut addrs = Vec::new();
    for n in 0..setup.nodes() {
        let node_dir = dir.path().join(format!("node-{n}"));
        std::fs::create_dir_all(&node_dir)?;
        let (server, addr) = start_server(&node_dir, &vars).await?;
        servers.push(server);
        addrs.push(addr);
    }
    let (nginx, base) = if setup == Setup::TwoNodes {
        let nginx = Nginx::start(dir.path(), &addrs).await?;
        let base = format!("http://127.0.0.1:{}", nginx.port);
        (Some(nginx), base)
    } else {
        (None, format!("http://{}", addrs[0]))
    };
    Ok(Deployment {
        _servers: servers,
        _nginx: nginx,
        _dir: dir,
        base,
    })
}

fn line(what: &str, setup: Setup, rate: f64, unit: &str, p: &Percentiles, extra: &str) {
    println!(
        "{what:<13} {:<18} {rate:>8.0} {unit:<10} p50={:>6.1} ms  p99={:>6.1} ms  max={:>7.1} ms  {extra}",
        setup.name(),
        p.p50,
        p.p99,
        p.max
    );
}

async fn registration_rush(setup: Setup, settings: &rush::Settings) -> anyhow::Result<()> {
    let deployment = deploy(setup).await?;
    let report = rush::run(&Server::new(&deployment.base), settings).await?;
    if report.errors > 0 || report.checks.iter().any(|c| !c.passed) {
        bail!("the rush failed on {}:\n{}", setup.name(), report.summary());
    }
    line(
        "rush",
        setup,
        report.figure("requests_per_second").unwrap_or(0.0),
        "req/s",
        &report.latency("request").unwrap_or_default(),
        &format!(
            "confirmed={} waitlisted={}",
            report.figure("confirmed").unwrap_or(0.0),
            report.figure("waitlisted").unwrap_or(0.0)
        ),
    );
    Ok(())
}

async fn fan_out(setup: Setup, settings: &championship::Settings) -> anyhow::Result<()> {
    let deployment = deploy(setup).await?;
    let report = championship::run(&Server::new(&deployment.base), settings).await?;
    if report.errors > 0 || report.checks.iter().any(|c| !c.passed) {
        bail!(
            "the championship failed on {}:\n{}",
            setup.name(),
            report.summary()
        );
    }
    line(
        "fan-out",
        setup,
        report.figure("messages_per_second").unwrap_or(0.0),
        "msgs/s",
        &report.latency("delivery").unwrap_or_default(),
        &format!(
            "viewers={} missed={}",
            settings.viewers,
            report.figure("updates_missed").unwrap_or(f64::NAN)
        ),
    );
    Ok(())
}

/// The stores of one node: files in `dir`, or schemas of the database at `url`.
async fn open(dir: &std::path::Path, url: Option<&str>) -> anyhow::Result<Arc<Databases>> {
    let (dir, url) = (dir.to_path_buf(), url.map(str::to_string));
    let dbs = tokio::task::spawn_blocking(move || match url {
        Some(url) => Databases::open_postgres(&url, &[Sport::Curling], 2),
        None => Databases::open(&dir, &[Sport::Curling], 2),
    })
    .await??;
    Ok(Arc::new(dbs))
}

/// The stores of every node of `setup` (one handle per node: its own writer and readers).
async fn nodes(setup: Setup, dir: &std::path::Path) -> anyhow::Result<Vec<Arc<Databases>>> {
    let url = match setup {
        Setup::Sqlite => None,
        _ => Some(tokio::task::spawn_blocking(new_database).await??),
    };
    let mut all = Vec::new();
    for _ in 0..setup.nodes() {
        all.push(open(dir, url.as_deref()).await?);
    }
    Ok(all)
}

async fn close(all: Vec<Arc<Databases>>) {
    for dbs in all {
        if let Some(dbs) = Arc::into_inner(dbs) {
            let _ = tokio::task::spawn_blocking(move || drop(dbs)).await;
        }
    }
}

async fn write_path(setup: Setup, writes: usize, tasks: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let all = nodes(setup, dir.path()).await?;
    let started = Instant::now();
    let mut running = Vec::new();
    for t in 0..tasks {
        let dbs = all[t % all.len()].clone();
        running.push(tokio::spawn(async move {
            let mut took = Vec::with_capacity(writes / tasks);
            for _ in 0..writes / tasks {
                let sent = Instant::now();
                dbs.live
                    .write(|conn| {
                        live_log::append(conn, &[("bench:topic", "line-score", "<td>4</td>")], 0)
                            .map_err(DbError::from)
                    })
                    .await?;
                took.push(sent.elapsed());
            }
            Ok::<_, DbError>(took)
        }));
    }
    let mut took = Vec::new();
    for task in running {
        took.extend(task.await??);
    }
    let rate = took.len() as f64 / started.elapsed().as_secs_f64();
    // Where the time goes: how many writes each transaction (one lock, one fsync) carried.
    let (groups, closures) = all.iter().fold((0, 0), |(g, w), dbs| {
        let stats = dbs.live.write_stats();
        (g + stats.groups, w + stats.writes)
    });
    line(
        "write path",
        setup,
        rate,
        "writes/s",
        &Percentiles::of(took),
        &format!(
            "{tasks} tasks; {:.1} writes per transaction",
            closures as f64 / groups.max(1) as f64
        ),
    );
    close(all).await;
    Ok(())
}

async fn jobs(setup: Setup, n: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let all = nodes(setup, dir.path()).await?;
    let settings = JobSettings {
        workers: 4,
        batch: 64,
        poll: Duration::from_millis(200),
        ..JobSettings::default()
    };
    let handles: Vec<Jobs> = all.iter().map(|dbs| Jobs::new(dbs.clone())).collect();
    let pools: Vec<Pool> = handles
        .iter()
        .map(|jobs| Pool::start(jobs.clone(), settings.clone(), Arc::new(Mailer::Mailbox)))
        .collect();
    let started = Instant::now();
    let producers = 16;
    support::enqueue_noops(&handles, producers, n).await?;
    let enqueued = started.elapsed();
    loop {
        let left: i64 = all[0]
            .queue
            .read(|conn| {
                use clubhouse::db::schema::queue::jobs;
                use diesel::prelude::*;
                Ok::<_, DbError>(
                    jobs::table
                        .filter(jobs::finished_at.is_null())
                        .count()
                        .get_result(conn)?,
                )
            })
            .await?;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let done = (n / producers * producers) as f64;
    println!(
        "{:<13} {:<18} {:>8.0} jobs/s     enqueued in {:.2} s, all run in {:.2} s ({} workers)",
        "jobs",
        setup.name(),
        done / started.elapsed().as_secs_f64(),
        enqueued.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        4 * setup.nodes()
    );
    for pool in pools {
        pool.stop().await;
    }
    drop(handles);
    close(all).await;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let rush = rush::Settings {
        clients: env_list("CLIENTS", &[if quick { 8 } else { 64 }])[0] as u32,
        profiles: env_list("PROFILES", &[if quick { 2 } else { 16 }])[0] as u32,
        spots: env_list("SPOTS", &[if quick { 5 } else { 200 }])[0] as u32,
    };
    let viewers = env_list("VIEWERS", &[if quick { 20 } else { 500 }])[0] as u32;
    let championship = championship::Settings {
        viewers,
        ramp: 1000,
        scorekeepers: 2,
        ends: if quick { 2 } else { 10 },
        rate: 4.0,
    };
    let writes = env_list("WRITES", &[if quick { 200 } else { 4_000 }])[0];
    let n_jobs = env_list("JOBS", &[if quick { 320 } else { 20_000 }])[0];
    println!(
        "backends: rush {} families x {} profiles for {} spots; fan-out {} viewers; {writes} writes; {n_jobs} jobs",
        rush.clients, rush.profiles, rush.spots, viewers
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        for setup in Setup::ALL {
            registration_rush(setup, &rush).await?;
        }
        for setup in Setup::ALL {
            fan_out(setup, &championship).await?;
        }
        for setup in Setup::ALL {
            write_path(setup, writes, 32).await?;
        }
        for setup in Setup::ALL {
            jobs(setup, n_jobs).await?;
        }
        Ok(())
    })
}
