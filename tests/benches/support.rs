//! What the benches share: starting a real `clubhouse serve`, settings from the environment
//! and a process's CPU time.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(name)
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// CPU time (user + system) a process has used, from /proc (clock ticks of 10 ms).
pub fn cpu_ms(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name, which ends with ')'.
    let rest = stat.rsplit_once(')').context("stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>()? + fields[12].parse::<f64>()?;
    Ok(ticks * 10.0)
}

/// The server process, killed however the run ends.
pub struct Server(pub std::process::Child);

impl Server {
    /// SIGTERM, and wait for the clean shutdown (which stops its Litestream last).
    #[allow(dead_code)] // not every bench stops its server this way
    pub fn terminate(mut self) -> anyhow::Result<()> {
        let pid = nix::unistd::Pid::from_raw(self.0.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM)?;
        let status = self.0.wait()?;
        if !status.success() {
            bail!("the server exited with {status}");
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `clubhouse serve` (the build the bench was compiled with) on fresh files in `dir`,
/// with `vars` added to its environment, and waits until it accepts connections.
pub async fn start_server(
    dir: &std::path::Path,
    vars: &[(&str, &str)],
) -> anyhow::Result<(Server, std::net::SocketAddr)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .arg("serve")
        .env("CLUBHOUSE_DB_DIR", dir.join("db"))
        .env("PORT", port.to_string())
        .env("RUST_LOG", "warn")
        // The figures are the app's own; replication is measured on its own.
        .env("CLUBHOUSE_LITESTREAM", "0")
        // Every simulated person signs up from this one address.
        .env("CLUBHOUSE_SIGN_UPS_PER_ADDRESS", "1000000")
        .envs(vars.iter().copied())
        .stdout(std::process::Stdio::null())
        .spawn()
        .context("start clubhouse")?;
    let server = Server(child);
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        if Instant::now() > deadline {
            bail!("the server did not start");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok((server, addr))
}

/// C clients in a closed loop on `url` for `seconds`: (requests per second, latencies).
pub async fn drive(
    url: &str,
    clients: usize,
    seconds: f64,
) -> anyhow::Result<(f64, clubhouse::loadtest::Percentiles)> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            tokio::spawn(async move {
                let mut took = Vec::new();
                while Instant::now() < until {
                    let sent = Instant::now();
                    let response = client.get(&url).send().await?;
                    if !response.status().is_success() {
                        bail!("GET {url}: {}", response.status());
                    }
                    response.bytes().await?;
                    took.push(sent.elapsed());
                }
                Ok(took)
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    Ok((rate, clubhouse::loadtest::Percentiles::of(all)))
}

/// `n` no-op jobs enqueued in bulk (100 per call, as Sidekiq's load test pushes them) by
/// `producers` concurrent tasks, spread over the nodes' `handles`.
pub async fn enqueue_noops(
    handles: &[clubhouse::jobs::Jobs],
    producers: usize,
    n: usize,
) -> anyhow::Result<()> {
    use clubhouse::jobs::{Job, NewJob};
    let mut tasks = Vec::new();
    for p in 0..producers {
        let jobs = handles[p % handles.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut left = n / producers;
            while left > 0 {
                let chunk = left.min(100);
                let many = (0..chunk)
                    .map(|_| NewJob::now(Job::Noop { sleep_ms: 0 }))
                    .collect();
                jobs.enqueue_many(many).await?;
                left -= chunk;
            }
            Ok::<_, clubhouse::db::DbError>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(())
}
