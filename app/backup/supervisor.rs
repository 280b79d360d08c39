//! `clubhouse serve` running `litestream replicate` as its child (CLUBHOUSE_LITESTREAM=1): a
//! dedicated thread starts it, restarts it with backoff when it dies, and stops it with
//! SIGTERM (Litestream then ships what it has not shipped yet) after the app closed its files.
//! If the app is killed outright, Litestream goes on replicating until the next start stops
//! it (its pid is kept in the database directory).
//! The app never depends on it: whatever Litestream does, the app keeps serving, and the
//! state here is what `/up` and the operator's page report.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::litestream::{Mode, Settings};

/// Longest pause between restarts of a Litestream that keeps dying.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A run this long resets the backoff.
const HEALTHY_RUN: Duration = Duration::from_secs(60);
/// Litestream's last sync on SIGTERM gets this long before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(15);

/// What this process knows about replication right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replication {
    /// Backups are turned off (CLUBHOUSE_LITESTREAM=0).
    Off,
    /// Another process runs Litestream; only verification can tell whether it works.
    External,
    /// This process is about to start Litestream.
    Starting,
    /// Litestream is running as this process's child.
    Running {
        pid: u32,
        since_ms: i64,
        restarts: u32,
        /// Set while changes are not reaching the replica (an S3 outage): what is behind.
        behind: Option<String>,
    },
    /// Litestream stopped or could not start; the supervisor tries again.
    Down { reason: String },
}

impl Replication {
    /// The reason the app is degraded, if it is.
    pub fn problem(&self) -> Option<String> {
        match self {
            Replication::Down { reason, .. } => {
                Some(format!("Litestream is not running: {reason}"))
            }
            Replication::Running {
                behind: Some(behind),
                ..
            } => Some(format!("the replica is not receiving changes: {behind}")),
            _ => None,
        }
    }
}

/// The current [`Replication`], shared with the web handlers.
#[derive(Debug, Clone)]
pub struct ReplicationState(Arc<Mutex<Replication>>);

impl ReplicationState {
    pub fn new(state: Replication) -> Self {
        Self(Arc::new(Mutex::new(state)))
    }

    pub fn get(&self) -> Replication {
        match self.0.lock() {
            Ok(state) => state.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, state: Replication) {
        match self.0.lock() {
            Ok(mut slot) => *slot = state,
            Err(poisoned) => *poisoned.into_inner() = state,
        }
    }

    /// Records whether changes are reaching the replica (while Litestream runs).
    fn set_behind(&self, now_behind: Option<String>) {
        let mut slot = match self.0.lock() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Replication::Running { behind, .. } = &mut *slot
            && *behind != now_behind
        {
            match &now_behind {
                Some(what) => {
                    tracing::warn!(behind = %what, "the replica is not receiving changes")
                }
                None => tracing::info!("the replica is receiving changes again"),
            }
            *behind = now_behind;
        }
    }
}

/// The supervising thread of `clubhouse serve`, if it runs Litestream.
pub struct Supervisor {
    state: ReplicationState,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Supervisor {
    /// Starts supervising when `settings.mode` says this process runs Litestream.
    pub fn start(settings: &Settings, db_dir: &Path) -> anyhow::Result<Self> {
        let initial = match settings.mode {
            Mode::Off => Replication::Off,
            Mode::External => Replication::External,
            Mode::Supervised => Replication::Starting,
        };
        let state = ReplicationState::new(initial);
        if settings.mode != Mode::Supervised {
            return Ok(Self {
                state,
                stop: None,
                thread: None,
            });
        }
        let (stop, stopped) = mpsc::channel();
        let run = Run {
            settings: settings.clone(),
            db_dir: db_dir.to_path_buf(),
            state: state.clone(),
        };
        let thread = std::thread::Builder::new()
            .name("litestream".into())
            .spawn(move || run.supervise(&stopped))
            .map_err(|e| anyhow::anyhow!("cannot start the Litestream supervisor: {e}"))?;
        Ok(Self {
            state,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn state(&self) -> ReplicationState {
        self.state.clone()
    }

    /// Stops Litestream (SIGTERM, then its final sync) and waits for it, off the runtime.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let joined = tokio::task::spawn_blocking(move || thread.join()).await;
            if !matches!(joined, Ok(Ok(()))) {
                tracing::error!("the Litestream supervisor thread panicked");
            }
        }
    }
}

struct Run {
    settings: Settings,
    db_dir: PathBuf,
    state: ReplicationState,
}

impl Run {
    fn supervise(self, stopped: &mpsc::Receiver<()>) {
        self.stop_orphan();
        let mut backoff = Duration::from_secs(1);
        let mut restarts = 0;
        loop {
            let started = Instant::now();
            let reason = match self.spawn() {
                Ok(child) => {
                    let pid = child.id();
                    tracing::info!(pid, "Litestream is replicating");
                    self.state.set(Replication::Running {
                        pid,
                        since_ms: now_ms(),
                        restarts,
                        behind: None,
                    });
                    let lag = Lag {
                        socket: self.db_dir.join(SOCKET_FILE),
                        state: self.state.clone(),
                    };
                    match watch(child, stopped, &lag) {
                        Ended::Stopped => {
                            let _ = std::fs::remove_file(self.pid_file());
                            return;
                        }
                        Ended::Exited(reason) => reason,
                    }
                }
                Err(e) => format!("{e:#}"),
            };
            tracing::error!(reason = %reason, retry_in_secs = backoff.as_secs(), "Litestream is not running");
            self.state.set(Replication::Down { reason });
            if started.elapsed() >= HEALTHY_RUN {
                backoff = Duration::from_secs(1);
            }
            match stopped.recv_timeout(backoff) {
                Err(RecvTimeoutError::Timeout) => {}
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
            backoff = (backoff * 2).min(MAX_BACKOFF);
            restarts += 1;
        }
    }

    fn spawn(&self) -> anyhow::Result<Child> {
        let mut command = self.settings.std_command(&self.db_dir, "replicate")?;
        // Litestream writes its log straight to this process's output, never through a pipe
        // to this process: after a `kill -9` of the app, a pipe with no reader would kill
        // Litestream (SIGPIPE) at its first log line, before its final sync.
        command
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .env("LOG_LEVEL", &self.settings.log_level);
        let child = command.spawn().map_err(|e| self.settings.spawn_error(e))?;
        if let Err(e) = std::fs::write(self.pid_file(), child.id().to_string()) {
            tracing::warn!(error = %e, "cannot record Litestream's pid");
        }
        Ok(child)
    }

    /// Where the running Litestream's pid is kept, so the next start can find it.
    fn pid_file(&self) -> PathBuf {
        self.db_dir.join(PID_FILE)
    }

    /// Stops a Litestream left running by an earlier `serve` that was killed (it went on
    /// replicating, so nothing it had to ship is lost): one SIGTERM, so it finishes its last
    /// sync, then the new one starts. Two at once would replicate the same files.
    fn stop_orphan(&self) {
        let Some(pid) = std::fs::read_to_string(self.pid_file())
            .ok()
            .and_then(|text| text.trim().parse::<i32>().ok())
        else {
            return;
        };
        let is_litestream = std::fs::read(format!("/proc/{pid}/cmdline"))
            .is_ok_and(|c| String::from_utf8_lossy(&c).contains("litestream"));
        if is_litestream && alive(pid) {
            tracing::warn!(
                pid,
                "a Litestream from an earlier run is still replicating; stopping it first"
            );
            stop_pid(pid);
        }
        let _ = std::fs::remove_file(self.pid_file());
    }
}

/// Its pid, while the supervisor's Litestream runs (in the database directory).
pub const PID_FILE: &str = ".litestream.pid";

/// Whether `pid` runs (a zombie that nobody reaped has finished).
fn alive(pid: i32) -> bool {
    let exists = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok();
    exists
        && !std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|status| {
            status
                .lines()
                .any(|l| l.starts_with("State:") && l.contains("zombie"))
        })
}

/// SIGTERM to a process that is not our child, then up to [`STOP_GRACE`], then SIGKILL.
fn stop_pid(pid: i32) {
    let target = nix::unistd::Pid::from_raw(pid);
    let _ = nix::sys::signal::kill(target, nix::sys::signal::Signal::SIGTERM);
    let deadline = Instant::now() + STOP_GRACE;
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive(pid) {
        let _ = nix::sys::signal::kill(target, nix::sys::signal::Signal::SIGKILL);
    }
}

enum Ended {
    Stopped,
    Exited(String),
}

/// Litestream's control socket (`socket:` in `db/litestream.yml`), in the database directory.
pub const SOCKET_FILE: &str = ".litestream.sock";
/// A file whose last sync to the replica is older than this is behind. Litestream syncs every
/// second, and an idle file's sync succeeds without reaching the replica, so only a file with
/// changes it cannot ship falls this far behind.
const BEHIND_AFTER: Duration = Duration::from_secs(10);
/// How often the control socket is asked.
const LAG_EVERY: Duration = Duration::from_secs(2);

/// Asks the running Litestream how recently each file reached the replica. Litestream logs
/// nothing while an S3 endpoint hangs (its requests wait for up to a day), so this is how an
/// outage shows on `/up` within seconds.
struct Lag {
    socket: PathBuf,
    state: ReplicationState,
}

impl Lag {
    fn check(&self) {
        match last_syncs(&self.socket) {
            Ok(files) => {
                let now = chrono::Utc::now();
                let behind: Vec<String> = files
                    .iter()
                    .filter_map(|(path, at)| {
                        let lag = (now - *at).to_std().ok()?;
                        (lag > BEHIND_AFTER).then(|| {
                            let name = Path::new(path)
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_else(|| path.clone());
                            format!("{name} last reached it {} s ago", lag.as_secs())
                        })
                    })
                    .collect();
                self.state
                    .set_behind((!behind.is_empty()).then(|| behind.join(", ")));
            }
            // Starting, or an older Litestream without the socket: nothing to say.
            Err(e) => tracing::debug!(error = %e, "Litestream's control socket did not answer"),
        }
    }
}

/// (database path, last sync to its replica) of every file, from `GET /list` on the socket.
fn last_syncs(socket: &Path) -> anyhow::Result<Vec<(String, chrono::DateTime<chrono::Utc>)>> {
    use std::io::{Read, Write};
    #[derive(serde::Deserialize)]
    struct List {
        databases: Vec<Database>,
    }
    #[derive(serde::Deserialize)]
    struct Database {
        path: String,
        last_sync_at: Option<chrono::DateTime<chrono::Utc>>,
    }
    let mut stream = std::os::unix::net::UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    stream.write_all(b"GET /list HTTP/1.0\r\nHost: litestream\r\n\r\n")?;
    let mut answer = Vec::new();
    stream.take(1 << 20).read_to_end(&mut answer)?;
    let answer = String::from_utf8(answer)?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body)
        .ok_or_else(|| anyhow::anyhow!("no answer on the control socket"))?;
    let list: List = serde_json::from_str(body)?;
    Ok(list
        .databases
        .into_iter()
        .filter_map(|d| Some((d.path, d.last_sync_at?)))
        .collect())
}

/// Waits for the child to exit or for the stop signal, checking the replica's lag meanwhile.
fn watch(mut child: Child, stopped: &mpsc::Receiver<()>, lag: &Lag) -> Ended {
    let mut next_check = Instant::now() + LAG_EVERY;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ended::Exited(format!("litestream exited ({status})")),
            Ok(None) => {}
            Err(e) => return Ended::Exited(format!("cannot watch litestream: {e}")),
        }
        if Instant::now() >= next_check {
            lag.check();
            next_check = Instant::now() + LAG_EVERY;
        }
        match stopped.recv_timeout(Duration::from_millis(250)) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                terminate(&mut child);
                return Ended::Stopped;
            }
        }
    }
}

/// SIGTERM, then up to [`STOP_GRACE`] for the final sync, then SIGKILL.
fn terminate(child: &mut Child) {
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    if nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).is_ok() {
        let deadline = Instant::now() + STOP_GRACE;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                tracing::info!(%status, "Litestream stopped");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        tracing::warn!("Litestream did not stop within 15 s of SIGTERM; killing it");
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn now_ms() -> i64 {
    crate::jobs::queue::now_ms()
}

/// A passive checkpoint of the file at `path`: it never waits for readers or writers.
fn checkpoint(path: &std::path::Path) -> anyhow::Result<()> {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    let name = path.display().to_string();
    let mut conn =
        crate::db::Conn::establish(&name).map_err(|e| anyhow::anyhow!("opening {name}: {e}"))?;
    conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA wal_checkpoint(PASSIVE);")
        .map_err(|e| anyhow::anyhow!("checkpointing {name}: {e}"))
}

/// While this process's Litestream is down (not installed, or between restarts), nothing
/// checkpoints the replicated files and their WALs would grow without bound: the app stands
/// in with a passive checkpoint every `every` (30 s). (Litestream, once back, notices frames it did not
/// ship and takes a fresh snapshot.) Ends with the process.
pub fn stand_in_for_checkpoints(
    dbs: std::sync::Arc<crate::db::Databases>,
    state: ReplicationState,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            if !matches!(state.get(), Replication::Down { .. }) {
                continue;
            }
            for db in dbs.all().filter(|db| db.store().is_replicated()) {
                // On a connection of its own: the writer's closures run inside transactions,
                // where a checkpoint cannot.
                let path = db.path().to_path_buf();
                let checkpointed = tokio::task::spawn_blocking(move || checkpoint(&path))
                    .await
                    .map_err(|e| anyhow::anyhow!("the checkpoint thread stopped: {e}"))
                    .and_then(|done| done);
                if let Err(e) = checkpointed {
                    tracing::warn!(error = %format!("{e:#}"), "checkpoint in Litestream's place failed");
                }
            }
        }
    })
}
