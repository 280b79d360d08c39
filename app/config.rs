//! Settings, read from the environment once at start-up and passed around in state.
//!
//! Every setting has a default that runs on a laptop. A bad value stops start-up with one
//! line naming the setting; nothing here touches the disk.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::sports::Sport;

const MB: u64 = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: IpAddr,
    pub port: u16,
    pub db_dir: PathBuf,
    /// `CLUBHOUSE_DATABASE_URL=postgres://…`: every store is a schema of this PostgreSQL
    /// database instead of a file under `db_dir`.
    pub database_url: Option<String>,
    pub sports: Vec<Sport>,
    pub log_format: LogFormat,
    /// Read-only connections per database file.
    pub readers: usize,
    /// Where people reach the app, e.g. `https://club.example`; `https://` turns on secure
    /// cookies. `None`: links use the request's host.
    pub public_url: Option<String>,
    /// Job worker loops in this process; each runs up to 64 jobs at once (`clubhouse work` uses 4 when this is 0).
    pub workers: usize,
    /// A worker that has not heartbeated for this long is presumed dead.
    pub job_lease_secs: u64,
    /// `smtp://…` or `smtps://…`; without it, email goes to the mailbox page.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Emails of accounts that may see the operator pages (besides the first account).
    pub operators: Vec<String>,
    /// Shared secret of the mail provider's bounce/complaint webhook; unset: webhook off.
    pub webhook_secret: Option<String>,
    /// Open live (SSE) connections allowed in all, and from one address.
    pub live_max_connections: usize,
    pub live_max_per_address: usize,
    /// Seconds between heartbeats on live connections.
    pub live_heartbeat_secs: u64,
    /// Create the demo clubs and keep a simulated scorekeeper scoring (`serve --demo`).
    pub demo: bool,
    /// Litestream replication, restore and verification.
    pub backup: crate::backup::Settings,
    /// How large and how old `cache.db` may grow.
    pub cache: crate::cache::Limits,
    /// Bearer token that opens `/metrics` to other hosts; without it, loopback only.
    pub metrics_token: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For`/`-Proto` or `Forwarded` headers are believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Which of those headers they write.
    pub forwarded_header: ForwardedHeader,
    /// Sign-ups allowed from one client address before waits begin (then 30 s, doubling).
    pub sign_ups_per_address: i64,
    /// API requests allowed per minute: per key, and per client address without a key.
    pub api_rate: crate::web::api::RateLimits,
    /// `CLUBHOUSE_WEBHOOK_ALLOW_PRIVATE`: webhooks may go to private and loopback addresses.
    pub webhook_allow_private: bool,
    /// The waits between a webhook's retries (the tests shorten them).
    pub webhook_schedule: Vec<std::time::Duration>,
    /// Limits on each connection: how long a request head may take, how long a body.
    pub connections: ConnectionLimits,
    /// Who hears of a spare request when: bye-day members' exclusive window, the gap
    /// between the others, and how close to the game everyone is told at once.
    pub spare_timing: crate::spares::Timing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A setting that could not be used, with the reason. Displays as one line.
#[derive(Debug, thiserror::Error)]
#[error("{name}={value:?}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub problem: String,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds the settings from any source of variables (the environment, or a test's map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &'static str, default: &str| {
            let value = get(name).unwrap_or_else(|| default.to_string());
            Setting { name, value }
        };
        let db_dir = var("CLUBHOUSE_DB_DIR", "db").path()?;
        Self {
            bind: var("BIND", "127.0.0.1").parse("an IP address such as 127.0.0.1 or 0.0.0.0")?,
            port: var("PORT", "3000").parse("a port number from 0 to 65535")?,
            db_dir: db_dir.clone(),
            database_url: var("CLUBHOUSE_DATABASE_URL", "").database_url()?,
            sports: var("CLUBHOUSE_SPORTS", "curling,pickleball").sports()?,
            log_format: var("CLUBHOUSE_LOG_FORMAT", "text").log_format()?,
            readers: var("CLUBHOUSE_DB_READERS", "4").count(1, 64)?,
            public_url: var("CLUBHOUSE_PUBLIC_URL", "").public_url()?,
            workers: var("CLUBHOUSE_WORKERS", "4").count(0, 256)?,
            job_lease_secs: var("CLUBHOUSE_JOB_LEASE_SECS", "30").count(1, 3600)? as u64,
            smtp_url: var("SMTP_URL", "").optional(),
            mail_from: var("CLUBHOUSE_MAIL_FROM", "Clubhouse <clubhouse@localhost>").value,
            operators: var("CLUBHOUSE_OPERATORS", "").list(),
            webhook_secret: var("CLUBHOUSE_WEBHOOK_SECRET", "").optional(),
            live_max_connections: var("CLUBHOUSE_LIVE_MAX_CONNECTIONS", "20000")
                .count(1, 1_000_000)?,
            live_max_per_address: var("CLUBHOUSE_LIVE_MAX_PER_ADDRESS", "50")
                .count(1, 1_000_000)?,
            live_heartbeat_secs: var("CLUBHOUSE_LIVE_HEARTBEAT_SECS", "15").count(1, 300)? as u64,
            demo: false,
            backup: backup_settings(&get, &db_dir)?,
            cache: crate::cache::Limits {
                max_bytes: var("CLUBHOUSE_CACHE_MAX_MB", "256").count(1, 1 << 20)? as u64 * MB,
                max_age: Duration::from_secs(
                    var("CLUBHOUSE_CACHE_MAX_AGE_HOURS", "336").count(1, 24 * 3650)? as u64 * 3600,
                ),
            },
            metrics_token: var("CLUBHOUSE_METRICS_TOKEN", "").optional(),
            trusted_proxies: {
                let list = var("CLUBHOUSE_TRUSTED_PROXIES", "");
                networks(&list.value).map_err(|problem| list.error(problem))?
            },
            forwarded_header: {
                let header = var("CLUBHOUSE_FORWARDED_HEADER", "x-forwarded-for");
                match header.value.trim().to_ascii_lowercase().as_str() {
                    "x-forwarded-for" => ForwardedHeader::XForwardedFor,
                    "forwarded" => ForwardedHeader::Forwarded,
                    _ => return Err(header.error("expected x-forwarded-for or forwarded")),
                }
            },
            sign_ups_per_address: var("CLUBHOUSE_SIGN_UPS_PER_ADDRESS", "10").count(1, 1_000_000)?
                as i64,
            webhook_allow_private: var("CLUBHOUSE_WEBHOOK_ALLOW_PRIVATE", "0").switch()?,
            webhook_schedule: crate::webhooks::delivery::SCHEDULE.to_vec(),
            api_rate: crate::web::api::RateLimits {
                per_key: var("CLUBHOUSE_API_RATE_PER_KEY", "600").count(1, 1_000_000)? as u32,
                per_address: var("CLUBHOUSE_API_RATE_PER_ADDRESS", "300").count(1, 1_000_000)?
                    as u32,
            },
            connections: ConnectionLimits {
                head: Duration::from_secs(
                    var("CLUBHOUSE_HEAD_TIMEOUT_SECS", "10").count(1, 300)? as u64
                ),
                body: Duration::from_secs(
                    var("CLUBHOUSE_BODY_TIMEOUT_SECS", "30").count(1, 3600)? as u64
                ),
                ..ConnectionLimits::default()
            },
            spare_timing: crate::spares::Timing {
                exclusive: var("CLUBHOUSE_SPARE_EXCLUSIVE_MINUTES", "60").count(0, 7 * 24 * 60)?
                    as i64
                    * 60,
                stagger: var("CLUBHOUSE_SPARE_STAGGER_SECONDS", "180").count(0, 24 * 3600)? as i64,
                cutover: var("CLUBHOUSE_SPARE_ALL_AT_ONCE_HOURS", "24").count(0, 24 * 30)? as i64
                    * 3600,
            },
        }
        .checked(&get)
    }

    /// Settings that are fine alone but not together.
    fn checked(mut self, get: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // Litestream replicates SQLite files; PostgreSQL has its own backups (pg_dump,
        // pgBackRest), so there is nothing for it to do.
        if self.database_url.is_some() {
            self.backup.mode = crate::backup::Mode::Off;
        }
        // Emailed links (password resets, invitations, confirmations) must not take their
        // host from the request: a forged Host header would send someone's reset link to
        // the forger's site.
        if self.smtp_url.is_some() && self.public_url.is_none() {
            return Err(ConfigError {
                name: "CLUBHOUSE_PUBLIC_URL",
                value: get("CLUBHOUSE_PUBLIC_URL").unwrap_or_default(),
                problem: "required when SMTP_URL is set (links in emails are built from it)".into(),
            });
        }
        Ok(self)
    }

    pub fn job_settings(&self) -> crate::jobs::JobSettings {
        crate::jobs::JobSettings {
            workers: self.workers,
            lease: std::time::Duration::from_secs(self.job_lease_secs),
            db_dir: self.db_dir.clone(),
            backup: self.backup.clone(),
            webhooks: crate::webhooks::delivery::Settings {
                allow_private: self.webhook_allow_private,
                schedule: self.webhook_schedule.clone(),
                public_url: self.public_url.clone(),
            },
            ..crate::jobs::JobSettings::default()
        }
    }

    /// Cookies are `Secure` (and `__Host-` prefixed) when the app is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Settings for a test: everything local, files under `db_dir`, an OS-chosen port.
    pub fn for_test(db_dir: PathBuf) -> Self {
        Self {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            sports: Sport::ALL.to_vec(),
            log_format: LogFormat::Text,
            readers: 2,
            public_url: None,
            workers: 1,
            job_lease_secs: 30,
            smtp_url: None,
            mail_from: "Clubhouse <clubhouse@localhost>".into(),
            operators: Vec::new(),
            webhook_secret: None,
            live_max_connections: 20_000,
            live_max_per_address: 50,
            live_heartbeat_secs: 15,
            demo: false,
            backup: crate::backup::Settings::off(&db_dir),
            cache: crate::cache::Limits::default(),
            metrics_token: None,
            trusted_proxies: Vec::new(),
            forwarded_header: ForwardedHeader::XForwardedFor,
            // Tests sign many people up from 127.0.0.1; the throttle's own test lowers it.
            sign_ups_per_address: 1_000_000,
            // The tests' receivers listen on loopback, and retry within seconds.
            webhook_allow_private: true,
            webhook_schedule: vec![std::time::Duration::from_millis(300); 7],
            api_rate: crate::web::api::RateLimits {
                per_key: 1_000_000,
                per_address: 1_000_000,
            },
            connections: ConnectionLimits::default(),
            spare_timing: crate::spares::Timing::default(),
            db_dir,
            database_url: None,
        }
    }

    pub fn live_limits(&self) -> crate::live::Limits {
        crate::live::Limits {
            total: self.live_max_connections,
            per_address: self.live_max_per_address,
            heartbeat: std::time::Duration::from_secs(self.live_heartbeat_secs),
        }
    }
}

/// The backup settings: who runs Litestream, and where the replica is. The names are those
/// `db/litestream.yml` reads, so the app and a Litestream started by the Procfile agree.
fn backup_settings(
    get: &impl Fn(&str) -> Option<String>,
    db_dir: &std::path::Path,
) -> Result<crate::backup::Settings, ConfigError> {
    use crate::backup::{Mode, Replica};
    let var = |name: &'static str, default: &str| {
        let value = get(name).unwrap_or_else(|| default.to_string());
        Setting { name, value }
    };
    let mode = var("CLUBHOUSE_LITESTREAM", "1");
    let mode = Mode::parse(&mode.value)
        .ok_or_else(|| mode.error("expected 1 (serve runs Litestream), external or 0"))?;
    let folder = var(
        "CLUBHOUSE_BACKUP_DIR",
        &db_dir.join("backups").display().to_string(),
    )
    .path()?;
    let kind = var("CLUBHOUSE_BACKUP_TYPE", "file");
    let replica = match kind.value.trim() {
        "file" | "" => Replica::Dir(folder),
        "s3" => {
            let bucket = var("CLUBHOUSE_BACKUP_BUCKET", "");
            Replica::S3 {
                bucket: bucket
                    .optional()
                    .ok_or_else(|| bucket.error("required when CLUBHOUSE_BACKUP_TYPE=s3"))?,
                folder: folder.display().to_string(),
                endpoint: var("CLUBHOUSE_BACKUP_ENDPOINT", "").optional(),
                region: var("CLUBHOUSE_BACKUP_REGION", "").optional(),
            }
        }
        _ => return Err(kind.error("expected file or s3")),
    };
    Ok(crate::backup::Settings {
        mode,
        bin: var("CLUBHOUSE_LITESTREAM_BIN", "litestream").path()?,
        config_file: var("CLUBHOUSE_LITESTREAM_CONFIG", "db/litestream.yml").path()?,
        replica,
        verify_timeout: std::time::Duration::from_secs(
            var("CLUBHOUSE_BACKUP_VERIFY_TIMEOUT_SECS", "60").count(5, 3600)? as u64,
        ),
        stand_in_every: std::time::Duration::from_secs(30),
        log_level: {
            let level = var("CLUBHOUSE_LITESTREAM_LOG_LEVEL", "info");
            match level.value.trim() {
                "debug" | "info" | "warn" | "error" => level.value.trim().to_string(),
                _ => return Err(level.error("expected debug, info, warn or error")),
            }
        },
    })
}

/// Which header the trusted proxies write the client's address into. Only that one is read:
/// a proxy that writes `Forwarded` passes on whatever `X-Forwarded-For` the client sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    #[default]
    XForwardedFor,
    Forwarded,
}

/// What each connection may take (`web::connections` enforces it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// To send the whole request head (and, between requests, to start the next one).
    pub head: Duration,
    /// To send the request body.
    pub body: Duration,
    /// For a response to move, when the client stops reading it.
    pub stalled_write: Duration,
    /// The largest request head.
    pub max_head_bytes: usize,
    /// The most header lines in one request.
    pub max_headers: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            head: Duration::from_secs(10),
            body: Duration::from_secs(30),
            stalled_write: Duration::from_secs(60),
            max_head_bytes: 16 * 1024,
            max_headers: 64,
        }
    }
}

/// `10.0.0.0/8, 192.168.1.5, ::1`: networks or single addresses, comma-separated.
pub fn networks(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    let mut nets = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let net = match item.parse::<ipnet::IpNet>() {
            Ok(net) => net,
            Err(_) => item
                .parse::<IpAddr>()
                .map(ipnet::IpNet::from)
                .map_err(|_| {
                    format!("{item:?} is neither an address nor a network such as 10.0.0.0/8")
                })?,
        };
        nets.push(net.trunc());
    }
    Ok(nets)
}

struct Setting {
    name: &'static str,
    value: String,
}

impl Setting {
    fn error(&self, problem: impl Into<String>) -> ConfigError {
        ConfigError {
            name: self.name,
            value: self.value.clone(),
            problem: problem.into(),
        }
    }

    fn parse<T: std::str::FromStr>(&self, expected: &str) -> Result<T, ConfigError> {
        self.value
            .trim()
            .parse()
            .map_err(|_| self.error(format!("expected {expected}")))
    }

    fn path(&self) -> Result<PathBuf, ConfigError> {
        if self.value.trim().is_empty() {
            return Err(self.error("expected a directory path"));
        }
        Ok(PathBuf::from(&self.value))
    }

    /// `1` or `0`.
    fn switch(&self) -> Result<bool, ConfigError> {
        match self.value.trim() {
            "1" => Ok(true),
            "0" | "" => Ok(false),
            _ => Err(self.error("expected 1 or 0")),
        }
    }

    fn count(&self, min: usize, max: usize) -> Result<usize, ConfigError> {
        let n: usize = self.parse(&format!("a whole number from {min} to {max}"))?;
        if !(min..=max).contains(&n) {
            return Err(self.error(format!("expected a whole number from {min} to {max}")));
        }
        Ok(n)
    }

    fn sports(&self) -> Result<Vec<Sport>, ConfigError> {
        let mut sports = Vec::new();
        for name in self
            .value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let sport: Sport = name.parse().map_err(|_| {
                self.error(format!(
                    "unknown sport {name:?} (known: {})",
                    Sport::ALL.map(Sport::as_str).join(", ")
                ))
            })?;
            if !sports.contains(&sport) {
                sports.push(sport);
            }
        }
        if sports.is_empty() {
            return Err(self.error("name at least one sport, e.g. curling,pickleball"));
        }
        Ok(sports)
    }

    fn optional(&self) -> Option<String> {
        Some(self.value.trim().to_string()).filter(|v| !v.is_empty())
    }

    fn list(&self) -> Vec<String> {
        self.value
            .split(',')
            .map(|v| v.trim().to_lowercase())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn database_url(&self) -> Result<Option<String>, ConfigError> {
        let url = self.value.trim();
        if url.is_empty() {
            return Ok(None);
        }
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(self.error(
                "expected a PostgreSQL URL such as postgres://clubhouse@db.internal/clubhouse \
                 (unset: the SQLite files under CLUBHOUSE_DB_DIR)",
            ));
        }
        Ok(Some(url.to_string()))
    }

    fn public_url(&self) -> Result<Option<String>, ConfigError> {
        let url = self.value.trim();
        if url.is_empty() {
            return Ok(None);
        }
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| self.error("expected a URL starting with https:// or http://"))?;
        if rest.is_empty() || rest.contains(char::is_whitespace) {
            return Err(self.error("expected a URL such as https://club.example"));
        }
        Ok(Some(url.trim_end_matches('/').to_string()))
    }

    fn log_format(&self) -> Result<LogFormat, ConfigError> {
        match self.value.trim() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(self.error("expected text or json")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_run_on_a_laptop() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.port, 3000);
        assert_eq!(c.bind, IpAddr::from([127, 0, 0, 1]));
        assert_eq!(c.db_dir, PathBuf::from("db"));
        assert_eq!(c.sports, vec![Sport::Curling, Sport::Pickleball]);
    }

    #[test]
    fn backups_default_to_a_local_replica_beside_the_files() {
        use crate::backup::{Mode, Replica};
        let c = config(&[("CLUBHOUSE_DB_DIR", "/srv/club/db")]).expect("defaults");
        assert_eq!(c.backup.mode, Mode::Supervised);
        assert_eq!(
            c.backup.replica,
            Replica::Dir(PathBuf::from("/srv/club/db/backups"))
        );
        let env = c.backup.env(&c.db_dir).expect("env");
        assert!(env.contains(&("CLUBHOUSE_BACKUP_TYPE", "file".into())));
        assert!(env.contains(&("CLUBHOUSE_BACKUP_DIR", "/srv/club/db/backups".into())));
        assert!(env.contains(&("CLUBHOUSE_DB_DIR", "/srv/club/db".into())));
    }

    #[test]
    fn s3_replicas_need_a_bucket_and_pass_everything_to_litestream() {
        use crate::backup::Replica;
        let e = config(&[("CLUBHOUSE_BACKUP_TYPE", "s3")]).expect_err("no bucket");
        assert!(e.to_string().starts_with("CLUBHOUSE_BACKUP_BUCKET"), "{e}");
        let e = config(&[("CLUBHOUSE_BACKUP_TYPE", "ftp")]).expect_err("unknown type");
        assert!(e.to_string().starts_with("CLUBHOUSE_BACKUP_TYPE"), "{e}");
        let e = config(&[("CLUBHOUSE_LITESTREAM", "yes")]).expect_err("unknown mode");
        assert!(e.to_string().starts_with("CLUBHOUSE_LITESTREAM"), "{e}");
        let c = config(&[
            ("CLUBHOUSE_BACKUP_TYPE", "s3"),
            ("CLUBHOUSE_BACKUP_BUCKET", "club-backups"),
            ("CLUBHOUSE_BACKUP_DIR", "clubhouse/prod"),
            (
                "CLUBHOUSE_BACKUP_ENDPOINT",
                "https://s3.ca-central-1.example",
            ),
        ])
        .expect("s3 settings");
        assert_eq!(
            c.backup.replica.describe(),
            "s3://club-backups/clubhouse/prod"
        );
        assert!(matches!(c.backup.replica, Replica::S3 { region: None, .. }));
        let env = c.backup.env(&c.db_dir).expect("env");
        for (name, value) in [
            ("CLUBHOUSE_BACKUP_TYPE", "s3"),
            ("CLUBHOUSE_BACKUP_BUCKET", "club-backups"),
            ("CLUBHOUSE_BACKUP_DIR", "clubhouse/prod"),
            (
                "CLUBHOUSE_BACKUP_ENDPOINT",
                "https://s3.ca-central-1.example",
            ),
            ("CLUBHOUSE_BACKUP_REGION", ""),
        ] {
            assert!(
                env.contains(&(name, value.to_string())),
                "{name} in {env:?}"
            );
        }
    }

    #[test]
    fn bad_values_name_the_setting() {
        let e = config(&[("PORT", "abc")]).expect_err("abc is not a port");
        assert!(e.to_string().starts_with("PORT=\"abc\""), "{e}");
        let e = config(&[("CLUBHOUSE_SPORTS", "curling,tennis")]).expect_err("tennis is unknown");
        assert!(e.to_string().contains("unknown sport \"tennis\""), "{e}");
        let e = config(&[("BIND", "localhost:80")]).expect_err("not an address");
        assert!(e.to_string().starts_with("BIND="), "{e}");
        let e = config(&[("CLUBHOUSE_SPORTS", " , ")]).expect_err("no sport");
        assert!(e.to_string().starts_with("CLUBHOUSE_SPORTS="), "{e}");
    }

    #[test]
    fn cache_bounds_and_the_metrics_token_come_from_the_environment() {
        let c = config(&[]).expect("defaults");
        assert_eq!(c.cache.max_bytes, 256 * MB);
        assert_eq!(c.cache.max_age, Duration::from_secs(14 * 24 * 3600));
        assert_eq!(c.metrics_token, None);
        let c = config(&[
            ("CLUBHOUSE_CACHE_MAX_MB", "16"),
            ("CLUBHOUSE_CACHE_MAX_AGE_HOURS", "2"),
            ("CLUBHOUSE_METRICS_TOKEN", " s3cret "),
        ])
        .expect("valid");
        assert_eq!(c.cache.max_bytes, 16 * MB);
        assert_eq!(c.cache.max_age, Duration::from_secs(7200));
        assert_eq!(c.metrics_token.as_deref(), Some("s3cret"));
        for (name, value) in [
            ("CLUBHOUSE_CACHE_MAX_MB", "0"),
            ("CLUBHOUSE_CACHE_MAX_MB", "lots"),
            ("CLUBHOUSE_CACHE_MAX_AGE_HOURS", "-1"),
        ] {
            let e = config(&[(name, value)]).expect_err("refused");
            assert!(e.to_string().starts_with(name), "{e}");
        }
    }

    #[test]
    fn proxies_throttles_and_timeouts_come_from_the_environment() {
        let c = config(&[]).expect("defaults");
        assert!(
            c.trusted_proxies.is_empty(),
            "no proxy is trusted by default"
        );
        assert_eq!(c.sign_ups_per_address, 10);
        assert_eq!(c.connections.head, Duration::from_secs(10));
        let c = config(&[
            ("CLUBHOUSE_TRUSTED_PROXIES", "10.1.2.3/8, ::1"),
            ("CLUBHOUSE_HEAD_TIMEOUT_SECS", "5"),
        ])
        .expect("valid");
        assert_eq!(
            c.trusted_proxies,
            vec![
                "10.0.0.0/8".parse::<ipnet::IpNet>().expect("net"),
                "::1/128".parse().expect("net")
            ]
        );
        assert_eq!(c.connections.head, Duration::from_secs(5));
        for (name, value) in [
            ("CLUBHOUSE_TRUSTED_PROXIES", "proxy.example"),
            ("CLUBHOUSE_TRUSTED_PROXIES", "10.0.0.0/33"),
            ("CLUBHOUSE_SIGN_UPS_PER_ADDRESS", "0"),
            ("CLUBHOUSE_HEAD_TIMEOUT_SECS", "0"),
        ] {
            let e = config(&[(name, value)]).expect_err("refused");
            assert!(e.to_string().starts_with(name), "{e}");
        }
    }

    #[test]
    fn emailed_links_need_the_public_address() {
        let e = config(&[("SMTP_URL", "smtp://mail.example")]).expect_err("no public URL");
        assert!(e.to_string().starts_with("CLUBHOUSE_PUBLIC_URL"), "{e}");
        config(&[
            ("SMTP_URL", "smtp://mail.example"),
            ("CLUBHOUSE_PUBLIC_URL", "https://club.example"),
        ])
        .expect("both set");
    }

    #[test]
    fn sports_are_deduplicated_in_order() {
        let c = config(&[("CLUBHOUSE_SPORTS", "pickleball, curling,pickleball")]).expect("valid");
        assert_eq!(c.sports, vec![Sport::Pickleball, Sport::Curling]);
    }
}
