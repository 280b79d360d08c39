//! What the benches that drive a real `clubhouse serve` share: starting it, a person with a
//! cookie jar who posts forms, percentiles, and the server's CPU time and memory.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub const PASSWORD: &str = "a long enough passphrase";

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

pub fn rss_kb(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no VmRSS")
}

/// A person with a cookie jar who posts forms with the page's CSRF token.
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl Browser {
    pub fn new(base: &str) -> anyhow::Result<Self> {
        Ok(Browser {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()?,
            base: base.to_string(),
        })
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<String> {
        Ok(self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await?
            .text()
            .await?)
    }

    pub fn value_of(body: &str, name: &str) -> Option<String> {
        let marker = format!(r#"name="{name}" value=""#);
        let start = body.find(&marker)? + marker.len();
        Some(body[start..start + body[start..].find('"')?].to_string())
    }

    /// Posts `fields` with the token from `page`; returns the redirect target.
    pub async fn post(
        &self,
        page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<String> {
        let body = self.get(page).await?;
        let token = Self::value_of(&body, "_csrf").context("no CSRF token")?;
        let mut form = vec![("_csrf", token.as_str())];
        form.extend_from_slice(fields);
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await?;
        if resp.status().as_u16() != 303 {
            bail!("POST {path}: {} {}", resp.status(), resp.text().await?);
        }
        Ok(resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string())
    }
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
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

/// Signs `owner` up (as `email`) and creates a curling club in Ontario at `/clubs/<slug>`.
pub async fn owner_with_club(owner: &Browser, email: &str, slug: &str) -> anyhow::Result<()> {
    owner
        .post(
            "/sign-up",
            "/sign-up",
            &[("name", "Owner"), ("email", email), ("password", PASSWORD)],
        )
        .await?;
    owner
        .post(
            "/clubs/new",
            "/clubs",
            &[
                ("name", slug),
                ("slug", slug),
                ("sport", "curling"),
                ("region", "CA-ON"),
            ],
        )
        .await?;
    Ok(())
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
