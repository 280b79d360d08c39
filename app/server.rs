//! Start-up and shutdown: open the files, bind, serve until told to stop, then drain.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use poem::EndpointExt;
use poem::listener::{Acceptor, Listener, TcpListener};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::backup::Supervisor;
use crate::config::Config;
use crate::db::{Checkpoints, Databases};
use crate::jobs::worker::Pool;
use crate::jobs::{Jobs, recurring};
use crate::live::Hub;
use crate::mail::Mailer;
use crate::web::streams::{LiveAcceptor, SharedEndpoint};
use crate::web::{self, AppState};

/// How long in-flight requests get to finish after a shutdown signal.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for tasks that still hold the database files.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// Opens and migrates every database file, off the async runtime.
pub async fn open_databases(config: &Config) -> anyhow::Result<Databases> {
    let dir = config.db_dir.clone();
    let sports = config.sports.clone();
    let readers = config.readers;
    // While Litestream replicates, it alone checkpoints the replicated files.
    let checkpoints = if config.backup.mode.replicates() {
        Checkpoints::Litestream
    } else {
        Checkpoints::Sqlite
    };
    tokio::task::spawn_blocking(move || Databases::open_with(&dir, &sports, readers, checkpoints))
        .await
        .context("the start-up thread stopped")?
        .with_context(|| format!("CLUBHOUSE_DB_DIR={}", config.db_dir.display()))
}

/// `clubhouse migrate`: bring every file up to date, then exit.
pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let dbs = open_databases(&config).await?;
    let files: Vec<String> = dbs
        .all()
        .map(|db| db.path().display().to_string())
        .collect();
    close(dbs).await;
    tracing::info!(files = %files.join(", "), "every database file is migrated");
    Ok(())
}

/// `clubhouse backup --to DIR`: a checked snapshot of every file, while the app may run.
pub async fn backup(config: Config, to: std::path::PathBuf) -> anyhow::Result<()> {
    let stores = crate::db::Store::all(&config.sports);
    let dir = config.db_dir.clone();
    tokio::task::spawn_blocking(move || crate::backup::snapshot::run(&dir, &stores, &to))
        .await
        .context("the backup thread stopped")?
}

/// `clubhouse restore`: files back from the Litestream replica (never over a live one).
pub async fn restore(
    config: Config,
    request: crate::backup::restore::Request,
) -> anyhow::Result<()> {
    crate::backup::restore::run(&config.backup, &config.db_dir, &config.sports, request).await
}

/// `clubhouse serve`: run until SIGTERM or SIGINT, then shut down cleanly.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let signal = shutdown_signal();
    let running = start(config).await?;
    tracing::info!(url = %format!("http://{}", running.addr()), "Clubhouse is serving");
    signal.await;
    tracing::info!("shutting down: finishing requests in flight");
    running.stop().await
}

/// A running server, for `serve` and for tests.
pub struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    /// The listener's task (see `web::streams`).
    accepting: Option<JoinHandle<()>>,
    /// The demo's simulated scorekeepers, if any.
    demo: Vec<JoinHandle<()>>,
    pool: Option<Pool>,
    jobs: Jobs,
    hub: Hub,
    dbs: Arc<Databases>,
    /// Litestream, when this process runs it; stopped after the files are closed.
    supervisor: Option<Supervisor>,
    /// Checkpoints the replicated files while that Litestream is down.
    stand_in: Option<JoinHandle<()>>,
}

/// The job system of this process: the enqueue handle and, with workers, the pool.
fn start_jobs(config: &Config, dbs: &Arc<Databases>) -> anyhow::Result<(Jobs, Option<Pool>)> {
    recurring::check(recurring::SCHEDULE).map_err(anyhow::Error::msg)?;
    let mailer = Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?;
    let jobs = Jobs::new(dbs.clone());
    let pool = (config.workers > 0)
        .then(|| Pool::start(jobs.clone(), config.job_settings(), Arc::new(mailer)));
    Ok((jobs, pool))
}

/// `clubhouse work`: run job workers only (no web server) until SIGTERM or SIGINT.
pub async fn work(mut config: Config) -> anyhow::Result<()> {
    if config.workers == 0 {
        config.workers = 4;
    }
    let signal = shutdown_signal();
    let dbs = Arc::new(open_databases(&config).await?);
    let (_jobs, pool) = start_jobs(&config, &dbs)?;
    signal.await;
    tracing::info!("stopping: finishing running jobs");
    if let Some(pool) = pool {
        pool.stop().await;
    }
    if let Some(dbs) = Arc::into_inner(dbs) {
        close(dbs).await;
    }
    Ok(())
}

/// Opens the files, binds the port and starts serving in the background.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let dbs = Arc::new(open_databases(&config).await?);
    let bind = SocketAddr::new(config.bind, config.port);
    let acceptor = TcpListener::bind(bind)
        .into_acceptor()
        .await
        .with_context(|| {
            format!(
                "BIND={} PORT={}: cannot listen on {bind}",
                config.bind, config.port
            )
        })?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .unwrap_or(bind);
    let (jobs, pool) = start_jobs(&config, &dbs)?;
    let supervisor = Supervisor::start(&config.backup, &config.db_dir)?;
    let stand_in = (config.backup.mode == crate::backup::Mode::Supervised).then(|| {
        crate::backup::supervisor::stand_in_for_checkpoints(
            dbs.clone(),
            supervisor.state(),
            config.backup.stand_in_every,
        )
    });
    let hub = Hub::start(dbs.clone(), config.live_limits())
        .await
        .context("cannot start live updates")?;
    let cache = crate::cache::Cache::new(dbs.clone(), config.cache);
    if let Err(e) = crate::metrics::install() {
        tracing::warn!(error = %e, "metrics are off");
    }
    let mut demo = Vec::new();
    if config.demo {
        let (scorekeeper, clubs) = crate::demo::load(&dbs).await?;
        for demo in &clubs {
            tracing::info!(
                club = %demo.club.name,
                page = %format!("http://{addr}{}", web::paths::event(crate::i18n::Lang::En, &demo.club.slug, demo.event)),
                "demo championship in progress"
            );
        }
        tracing::info!(
            email = crate::demo::EMAIL,
            password = crate::demo::PASSWORD,
            "demo scorekeeper account"
        );
        demo = crate::demo::start_scorekeepers(
            dbs.clone(),
            hub.clone(),
            cache.clone(),
            scorekeeper,
            clubs,
        );
    }
    let state = AppState {
        config: Arc::new(config),
        dbs: dbs.clone(),
        jobs: jobs.clone(),
        hub: hub.clone(),
        cache: cache.clone(),
        replication: supervisor.state(),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let app: SharedEndpoint = Arc::new(web::routes(state).boxed());
    let (acceptor, accepting) = LiveAcceptor::new(acceptor, app.clone());
    let task = tokio::spawn(async move {
        poem::Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(
                app,
                async {
                    let _ = stopped.await;
                },
                Some(DRAIN_TIMEOUT),
            )
            .await
    });
    Ok(Running {
        addr,
        stop: Some(stop),
        task,
        accepting: Some(accepting),
        demo,
        pool,
        jobs,
        hub,
        dbs,
        supervisor: Some(supervisor),
        stand_in,
    })
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn databases(&self) -> &Databases {
        &self.dbs
    }

    pub fn databases_arc(&self) -> Arc<Databases> {
        self.dbs.clone()
    }

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    pub fn replication(&self) -> crate::backup::supervisor::ReplicationState {
        match &self.supervisor {
            Some(supervisor) => supervisor.state(),
            None => {
                crate::backup::supervisor::ReplicationState::new(crate::backup::Replication::Off)
            }
        }
    }

    /// Stops accepting, lets requests in flight finish, then closes every file after its
    /// writer has committed what it was given.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Live streams never end by themselves: end them so the drain can finish.
        self.hub.close();
        (&mut self.task)
            .await
            .context("the server task stopped abnormally")?
            .context("the server failed")?;
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.await;
        }
        for scorekeeper in std::mem::take(&mut self.demo) {
            let _ = scorekeeper.await;
        }
        if let Some(pool) = self.pool.take() {
            pool.stop().await;
        }
        let supervisor = self.supervisor.take();
        if let Some(stand_in) = self.stand_in.take() {
            stand_in.abort();
            let _ = stand_in.await;
        }
        let dbs = self.dbs.clone();
        drop(self);
        close_when_last(dbs).await;
        // Last: Litestream ships whatever the final commits left in the WAL, then stops.
        if let Some(supervisor) = supervisor {
            supervisor.stop().await;
        }
        Ok(())
    }
}

/// Closes the files once nothing else holds them. Tasks that end on shutdown (the live tail,
/// a page's cache write) may hold them a moment longer; the files must be closed here —
/// before Litestream stops, and before another app may open them — not whenever the last
/// such task happens to drop them.
async fn close_when_last(mut dbs: Arc<Databases>) {
    let deadline = tokio::time::Instant::now() + CLOSE_WAIT;
    loop {
        match Arc::try_unwrap(dbs) {
            Ok(dbs) => return close(dbs).await,
            Err(shared) if tokio::time::Instant::now() < deadline => {
                dbs = shared;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(_) => {
                tracing::warn!("database files still in use at shutdown; left to close last");
                return;
            }
        }
    }
}

/// Joins the database threads without blocking the runtime.
async fn close(dbs: Databases) {
    if tokio::task::spawn_blocking(move || drop(dbs))
        .await
        .is_err()
    {
        tracing::error!("a database thread panicked while closing");
    }
}

/// Resolves on SIGTERM or SIGINT. The handlers are installed when this is called (not when
/// first awaited), so a signal that arrives during start-up still means "shut down cleanly".
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let terminate = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (terminate, interrupt) {
                (Ok(mut terminate), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                (terminate, interrupt) => {
                    if let Err(e) = terminate.and(interrupt) {
                        tracing::warn!(error = %e, "cannot listen for signals; stopping on Ctrl-C only");
                    }
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
