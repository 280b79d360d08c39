//! `clubhouse serve` running `litestream replicate` as its child (CLUBHOUSE_LITESTREAM=1): a
//! dedicated thread starts it, restarts it with backoff when it dies, and stops it with
//! SIGTERM (Litestream then ships what it has not shipped yet) after the app closed its files.
//! The app never depends on it: whatever Litestream does, the app keeps serving, and the
//! state here is what `/up` and the operator's page report.

use std::io::{BufRead, BufReader};
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
    /// Litestream is running as this process's child.
    Running {
        pid: u32,
        since_ms: i64,
        restarts: u32,
    },
    /// Litestream stopped or could not start; the supervisor tries again.
    Down { reason: String, since_ms: i64 },
}

impl Replication {
    /// The reason the app is degraded, if it is.
    pub fn problem(&self) -> Option<String> {
        match self {
            Replication::Down { reason, .. } => {
                Some(format!("Litestream is not running: {reason}"))
            }
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
            Mode::Supervised => Replication::Down {
                reason: "starting".into(),
                since_ms: now_ms(),
            },
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
                    });
                    match watch(child, stopped) {
                        Ended::Stopped => return,
                        Ended::Exited(reason) => reason,
                    }
                }
                Err(e) => format!("{e:#}"),
            };
            tracing::error!(reason = %reason, retry_in_secs = backoff.as_secs(), "Litestream is not running");
            self.state.set(Replication::Down {
                reason,
                since_ms: now_ms(),
            });
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
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        // If this process dies without stopping it (kill -9), the kernel sends Litestream
        // SIGTERM: an orphan would otherwise go on replicating beside the next one.
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: the closure only makes one async-signal-safe system call (prctl).
            unsafe {
                command.pre_exec(|| {
                    nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGTERM)
                        .map_err(std::io::Error::from)
                });
            }
        }
        let mut child = command.spawn().map_err(|e| self.settings.spawn_error(e))?;
        forward_logs(&mut child);
        Ok(child)
    }
}

enum Ended {
    Stopped,
    Exited(String),
}

/// Waits for the child to exit or for the stop signal.
fn watch(mut child: Child, stopped: &mpsc::Receiver<()>) -> Ended {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ended::Exited(format!("litestream exited ({status})")),
            Ok(None) => {}
            Err(e) => return Ended::Exited(format!("cannot watch litestream: {e}")),
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

/// Litestream's log lines, into this process's log: errors and warnings as such, the
/// steady chatter (compactions, snapshots) at debug.
fn forward_logs(child: &mut Child) {
    let streams: [Option<Box<dyn std::io::Read + Send>>; 2] = [
        child.stdout.take().map(|s| Box::new(s) as _),
        child.stderr.take().map(|s| Box::new(s) as _),
    ];
    for stream in streams.into_iter().flatten() {
        let spawned = std::thread::Builder::new()
            .name("litestream-log".into())
            .spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if line.contains("level=ERROR") {
                        tracing::error!(target: "litestream", "{line}");
                    } else if line.contains("level=WARN") {
                        tracing::warn!(target: "litestream", "{line}");
                    } else {
                        tracing::debug!(target: "litestream", "{line}");
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "cannot forward Litestream's log");
        }
    }
}

fn now_ms() -> i64 {
    crate::jobs::queue::now_ms()
}
