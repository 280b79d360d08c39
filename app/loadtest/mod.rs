//! `clubhouse loadtest`: drives a running Clubhouse over HTTP the way its people do, one
//! scenario per run, with bounded counts and duration.
//!
//! - `championship`: spectators hold the event's live feed while scorekeepers enter ends.
//! - `registration-rush`: families register at once for a program with few spots.
//! - `court-rush`: members tap Saturday's court slots the second they open.
//! - `browse`: page views of events, games, standings and clubs at a set rate.
//!
//! Each scenario sets up what it needs through the app's own forms (an owner account and a
//! club named `loadtest-…`), so it runs against any fresh server. It refuses a target that is
//! not on loopback unless `--allow-remote` is given: a load test is not a thing to point at
//! someone's club by mistake.

pub mod browse;
pub mod championship;
pub mod client;
pub mod court_rush;
pub mod rush;
pub mod setup;

use std::net::ToSocketAddrs;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Serialize;

pub use client::Visitor;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The server to drive (default: http://127.0.0.1:$PORT).
    #[arg(long)]
    pub target: Option<String>,
    /// Allow a target that is not on this machine's loopback interface.
    #[arg(long)]
    pub allow_remote: bool,
    /// Print the results as one JSON object (for scripts) instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Bearer token for the server's /metrics (CLUBHOUSE_METRICS_TOKEN), when not on loopback.
    #[arg(long, env = "CLUBHOUSE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    #[command(subcommand)]
    pub scenario: Scenario,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Scenario {
    /// Spectators on one event's live feed while scorekeepers enter ends.
    Championship(championship::Settings),
    /// Families registering at once for a program with a few spots.
    RegistrationRush(rush::Settings),
    /// Members tapping Saturday's court slots the moment they open.
    CourtRush(court_rush::Settings),
    /// Mixed page views (event, game, standings, club) at a target rate.
    Browse(browse::Settings),
}

/// Runs the scenario and prints its results; fails if the server answered with errors or a
/// check did not hold.
pub async fn run(args: Args, default_port: u16) -> anyhow::Result<()> {
    let target = args
        .target
        .clone()
        .unwrap_or_else(|| format!("http://127.0.0.1:{default_port}"));
    let base = check_target(&target, args.allow_remote)?;
    let server = Server {
        base: base.clone(),
        metrics_token: args.metrics_token.clone(),
    };
    let report = match &args.scenario {
        Scenario::Championship(s) => championship::run(&server, s).await?,
        Scenario::RegistrationRush(s) => rush::run(&server, s).await?,
        Scenario::CourtRush(s) => court_rush::run(&server, s).await?,
        Scenario::Browse(s) => browse::run(&server, s).await?,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.summary());
    }
    if report.errors > 0 || report.checks.iter().any(|c| !c.passed) {
        bail!(
            "{} errors; failed checks: {}",
            report.errors,
            report
                .checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

/// `http://host:port` with every address of `host` on loopback, unless remote is allowed.
pub fn check_target(target: &str, allow_remote: bool) -> anyhow::Result<String> {
    let url = reqwest::Url::parse(target).with_context(|| {
        format!("--target {target:?} is not a URL such as http://127.0.0.1:3000")
    })?;
    if url.scheme() != "http" {
        bail!(
            "--target {target}: only http:// is supported (run it beside the server, not through TLS)"
        );
    }
    let host = url
        .host_str()
        .with_context(|| format!("--target {target} has no host"))?;
    let port = url.port_or_known_default().unwrap_or(80);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<_> = (host, port)
        .to_socket_addrs()
        .with_context(|| format!("--target {target}: cannot resolve {host}"))?
        .collect();
    if addresses.is_empty() {
        bail!("--target {target}: {host} has no address");
    }
    if !allow_remote && !addresses.iter().all(|a| a.ip().is_loopback()) {
        bail!(
            "--target {target} is not on loopback ({}); pass --allow-remote to load a server on another machine",
            addresses
                .iter()
                .map(|a| a.ip().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(format!("http://{}", url.authority()))
}

/// The server under load, and how to read its metrics.
pub struct Server {
    pub base: String,
    metrics_token: Option<String>,
}

/// Figures read from the server's `/metrics`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ServerFigures {
    pub resident_bytes: f64,
    pub live_connections: f64,
    pub sqlite_busy: f64,
}

impl Server {
    pub fn new(base: &str) -> Self {
        Server {
            base: base.to_string(),
            metrics_token: None,
        }
    }

    /// The server's own figures, or `None` if its /metrics is not open to us.
    pub async fn figures(&self) -> Option<ServerFigures> {
        let client = reqwest::Client::new();
        let mut request = client.get(format!("{}/metrics", self.base));
        if let Some(token) = &self.metrics_token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        let text = response.text().await.ok()?;
        let sample = |name: &str| {
            text.lines()
                .find(|l| l.strip_prefix(name).is_some_and(|r| r.starts_with(' ')))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        Some(ServerFigures {
            resident_bytes: sample("process_resident_memory_bytes"),
            live_connections: sample("live_connections"),
            sqlite_busy: sample("sqlite_busy_total"),
        })
    }
}

/// Latency percentiles, in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Percentiles {
    pub count: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Percentiles {
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        let at = |p: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            let i = ((samples.len() - 1) as f64 * p).round() as usize;
            samples[i].as_secs_f64() * 1000.0
        };
        Percentiles {
            count: samples.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: at(1.0),
        }
    }

    fn line(&self) -> String {
        format!(
            "p50 {:.1} ms · p95 {:.1} ms · p99 {:.1} ms · max {:.1} ms ({} samples)",
            self.p50, self.p95, self.p99, self.max, self.count
        )
    }
}

/// Something the scenario verified about the server's answers.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub detail: String,
}

impl Check {
    pub fn new(name: &str, passed: bool, detail: String) -> Self {
        Check {
            name: name.to_string(),
            passed,
            detail,
        }
    }

    /// The server counted no SQLITE_BUSY between the two readings of its /metrics (passes
    /// when they could not be read: the figure is then unknown, not wrong).
    pub fn no_sqlite_busy(before: Option<ServerFigures>, after: Option<ServerFigures>) -> Self {
        let busy = after.map_or(0.0, |a| {
            a.sqlite_busy - before.map_or(0.0, |b| b.sqlite_busy)
        });
        Check::new(
            "no SQLITE_BUSY on the server",
            busy == 0.0,
            format!("{busy} during the run"),
        )
    }
}

/// What a run measured. Rates are per second; latencies in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: &'static str,
    pub target: String,
    pub seconds: f64,
    /// Named figures, e.g. `requests_per_second`, `connections_per_second`.
    #[serde(serialize_with = "as_map")]
    pub figures: Vec<(String, f64)>,
    /// Named latency distributions, e.g. `request`, `delivery`.
    #[serde(serialize_with = "as_map")]
    pub latency: Vec<(String, Percentiles)>,
    pub errors: u64,
    /// The first few errors, as said.
    pub error_samples: Vec<String>,
    pub checks: Vec<Check>,
    /// The server's /metrics after the run (absent if not reachable).
    pub server: Option<ServerFigures>,
}

impl Report {
    pub fn figure(&self, name: &str) -> Option<f64> {
        self.figures
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }

    pub fn latency(&self, name: &str) -> Option<Percentiles> {
        self.latency
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| *p)
    }

    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} against {} — {:.2} s\n",
            self.scenario, self.target, self.seconds
        );
        for (name, value) in &self.figures {
            out.push_str(&format!(
                "  {:<28} {}\n",
                name.replace('_', " "),
                pretty(*value)
            ));
        }
        for (name, p) in &self.latency {
            out.push_str(&format!(
                "  {:<28} {}\n",
                format!("{name} latency"),
                p.line()
            ));
        }
        out.push_str(&format!("  {:<28} {}\n", "errors", self.errors));
        for e in &self.error_samples {
            out.push_str(&format!("    {e}\n"));
        }
        for check in &self.checks {
            let mark = if check.passed { "ok" } else { "FAILED" };
            out.push_str(&format!(
                "  check: {} — {mark} ({})\n",
                check.name, check.detail
            ));
        }
        if let Some(server) = &self.server {
            out.push_str(&format!(
                "  server: {:.1} MB resident, {} live connections, {} SQLITE_BUSY\n",
                server.resident_bytes / 1e6,
                server.live_connections,
                server.sqlite_busy
            ));
        }
        out
    }
}

/// Named values as a JSON object, in their order.
fn as_map<S: serde::Serializer, V: Serialize>(
    pairs: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

fn pretty(value: f64) -> String {
    // Whole numbers and large rates need no decimals.
    if value.fract() == 0.0 || value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Errors counted, with the first few kept to show.
#[derive(Debug, Default)]
pub struct Errors {
    pub count: u64,
    pub samples: Vec<String>,
}

impl Errors {
    pub fn add(&mut self, error: impl std::fmt::Display) {
        self.count += 1;
        if self.samples.len() < 5 {
            self.samples.push(error.to_string());
        }
    }
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress(length: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(length);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg:>14} [{bar:30}] {pos}/{len} {elapsed_precise}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A random tag so that runs against one server do not collide.
pub fn run_tag() -> String {
    format!("{:06x}", rand::random::<u32>() & 0xff_ffff)
}

/// Seconds since `started`.
pub fn secs(started: Instant) -> f64 {
    started.elapsed().as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_off_loopback_are_refused_unless_allowed() {
        assert_eq!(
            check_target("http://127.0.0.1:3000/", false)
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert!(check_target("http://localhost:3000", false).is_ok());
        assert!(check_target("http://[::1]:3000", false).is_ok());
        let refused = check_target("http://192.0.2.10:3000", false)
            .expect_err("a documentation address is not loopback");
        assert!(refused.to_string().contains("--allow-remote"), "{refused}");
        assert!(check_target("http://192.0.2.10:3000", true).is_ok());
        assert!(check_target("https://127.0.0.1:3000", false).is_err());
        assert!(check_target("not a url", false).is_err());
    }

    #[test]
    fn percentiles_of_a_known_set() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let p = Percentiles::of(samples);
        assert_eq!((p.count, p.p50, p.p99, p.max), (100, 51.0, 99.0, 100.0));
        assert_eq!(Percentiles::of(Vec::new()).count, 0);
    }
}
