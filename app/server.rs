//! Start-up and shutdown: open the files, bind, serve until told to stop, then drain.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use poem::EndpointExt;
use tokio::task::JoinHandle;

use crate::backup::Supervisor;
use crate::config::Config;
use crate::db::{Checkpoints, Databases, DbError};
use crate::jobs::worker::Pool;
use crate::jobs::{Jobs, recurring};
use crate::live::Hub;
use crate::mail::Mailer;
use crate::web::connections::{self, Serving};
use crate::web::streams::SharedEndpoint;
use crate::web::{self, AppState};

/// How long in-flight requests get to finish after a shutdown signal.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the API's use counts (and keys' last-used times) are written.
const API_USAGE_FLUSH: Duration = Duration::from_secs(60);
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
    let dbs = match config.database_url.clone() {
        Some(url) => {
            tokio::task::spawn_blocking(move || Databases::open_postgres(&url, &sports, readers))
                .await
                .context("the start-up thread stopped")?
                .context("CLUBHOUSE_DATABASE_URL")?
        }
        None => tokio::task::spawn_blocking(move || {
            Databases::open_with(&dir, &sports, readers, checkpoints)
        })
        .await
        .context("the start-up thread stopped")?
        .with_context(|| format!("CLUBHOUSE_DB_DIR={}", config.db_dir.display()))?,
    };
    crate::clubs::clock::upgrade_draw_times(&dbs)
        .await
        .context("upgrading draw times to instants")?;
    Ok(dbs)
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
    not_on_postgres(&config, "clubhouse backup")?;
    let stores = crate::db::Store::all(&config.sports);
    let dir = config.db_dir.clone();
    tokio::task::spawn_blocking(move || crate::backup::snapshot::run(&dir, &stores, &to))
        .await
        .context("the backup thread stopped")?
}

/// `clubhouse move-to-postgres`: the SQLite files of `from` (default: the database
/// directory; the app stopped) into the empty PostgreSQL database at `to`.
pub async fn move_to_postgres(
    config: Config,
    to: String,
    from: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let stores = crate::db::Store::all(&config.sports);
    let from = from.unwrap_or_else(|| config.db_dir.clone());
    let started = std::time::Instant::now();
    let moved = tokio::task::spawn_blocking(move || {
        crate::db::move_to_postgres::run(&from, &stores, &to, |m| {
            println!("{:<12} {:<32} {}", m.store, m.table, m.checksum);
        })
    })
    .await
    .context("the move thread stopped")??;
    let rows: usize = moved.iter().map(|m| m.checksum.rows).sum();
    println!(
        "moved {} tables, {rows} rows, in {:.1} s; every table's rows and checksum match. \
         Start the app with CLUBHOUSE_DATABASE_URL set to the same URL.",
        moved.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Snapshots and Litestream are for the SQLite files: on PostgreSQL, its own tools.
fn not_on_postgres(config: &Config, command: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        config.database_url.is_none(),
        "{command} works on the SQLite files, but CLUBHOUSE_DATABASE_URL keeps the data in \
         PostgreSQL: back it up with pg_dump (or pgBackRest) and restore with pg_restore"
    );
    Ok(())
}

/// `clubhouse restore`: files back from the Litestream replica (never over a live one).
pub async fn restore(
    config: Config,
    request: crate::backup::restore::Request,
) -> anyhow::Result<()> {
    not_on_postgres(&config, "clubhouse restore")?;
    crate::backup::restore::run(&config.backup, &config.db_dir, &config.sports, request).await
}

/// `clubhouse health`: asks this machine's running server for `/up` (for a container's
/// HEALTHCHECK, where there is no curl). Succeeds on 200 (`ok`, or `degraded` — the app
/// serves), fails otherwise.
pub async fn health(config: Config) -> anyhow::Result<()> {
    let host = if config.bind.is_unspecified() {
        std::net::IpAddr::from([127, 0, 0, 1])
    } else {
        config.bind
    };
    let url = format!("http://{}/up", SocketAddr::new(host, config.port));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .context("cannot build an HTTP client")?;
    let response = client
        .get(&url)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    println!("{body}");
    anyhow::ensure!(status.is_success(), "GET {url}: {status}");
    Ok(())
}

/// What `clubhouse operator` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorCommand {
    Add(String),
    Remove(String),
    List,
}

/// `clubhouse operator add|remove|list`: the server's operators, in `shared.db` (safe while
/// the app runs: the change is one write, and the app reads it on the next page).
pub async fn operator(config: Config, command: OperatorCommand) -> anyhow::Result<()> {
    use crate::auth::operators;
    let check = |email: &str| -> anyhow::Result<String> {
        let mut errors = crate::validation::FieldErrors::new();
        let email = crate::validation::email_field(&mut errors, "email", email);
        anyhow::ensure!(errors.is_empty(), "{email:?} is not an email address");
        Ok(email)
    };
    let dbs = open_databases(&config).await?;
    let now = crate::auth::now();
    let outcome = match command {
        OperatorCommand::Add(email) => {
            let email = check(&email)?;
            let shown = email.clone();
            let added = dbs
                .shared
                .write(move |conn| operators::add(conn, &email, now).map_err(DbError::from))
                .await?;
            if added {
                println!("{shown} is an operator (once its account has confirmed the address)");
            } else {
                println!("{shown} was already an operator");
            }
            let lookup = shown.clone();
            let account = dbs
                .shared
                .read(move |conn| {
                    crate::auth::accounts::find_by_email(conn, &lookup).map_err(DbError::from)
                })
                .await?;
            if account.is_none() && config.smtp_url.is_none() {
                eprintln!(
                    "warning: no account has {shown} yet, and without SMTP_URL a sign-up confirms \
                     its own address: whoever signs up with it first becomes an operator. Add \
                     it after its owner has signed up, or set SMTP_URL."
                );
            }
            Ok(())
        }
        OperatorCommand::Remove(email) => {
            let email = check(&email)?;
            let shown = email.clone();
            let removed = dbs
                .shared
                .write(move |conn| operators::remove(conn, &email).map_err(DbError::from))
                .await?;
            if removed {
                println!("{shown} is no longer an operator");
                Ok(())
            } else if config.operators.contains(&shown) {
                Err(anyhow::anyhow!(
                    "{shown} is an operator through CLUBHOUSE_OPERATORS: remove it there"
                ))
            } else {
                Err(anyhow::anyhow!("{shown} was not an operator"))
            }
        }
        OperatorCommand::List => {
            let listed = dbs
                .shared
                .read(|conn| operators::list(conn).map_err(DbError::from))
                .await?;
            for email in &config.operators {
                println!("{email}\t(CLUBHOUSE_OPERATORS)");
            }
            for operator in &listed {
                let state = match operator.confirmed {
                    Some(true) => "confirmed",
                    Some(false) => "address not confirmed yet",
                    None => "no account yet",
                };
                println!("{}\t{state}", operator.email);
            }
            if config.operators.is_empty() && listed.is_empty() {
                println!("no operators: add one with `clubhouse operator add EMAIL`");
            }
            Ok(())
        }
    };
    close(dbs).await;
    outcome
}

/// Says, once at start-up, how to make the first operator when there is none.
async fn tell_about_operators(config: &Config, dbs: &Databases) {
    let configured = config.operators.clone();
    match dbs
        .shared
        .read(move |conn| crate::auth::operators::any(conn, &configured).map_err(DbError::from))
        .await
    {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            "this server has no operator: run `clubhouse operator add EMAIL` (or set \
             CLUBHOUSE_OPERATORS); once that account has confirmed its address it sees Jobs, \
             Mailbox and Backups"
        ),
        Err(e) => tracing::warn!(error = %e, "cannot read the operators"),
    }
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
    /// The listener and its connections (see `web::connections`).
    serving: Option<Serving>,
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
    /// The API's use counts, written every minute and once more at shutdown.
    api: web::api::Meter,
    api_flush: Option<JoinHandle<()>>,
    /// PostgreSQL's wake-ups from other nodes, when the data is there.
    listener: Option<JoinHandle<()>>,
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
    let (jobs, pool) = start_jobs(&config, &dbs)?;
    let listener = config
        .database_url
        .clone()
        .map(|url| wake_ups(url, None, jobs));
    signal.await;
    if let Some(listener) = listener {
        listener.abort();
    }
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
    connections::raise_open_file_limit();
    let dbs = Arc::new(open_databases(&config).await?);
    let bind = SocketAddr::new(config.bind, config.port);
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| {
        format!(
            "BIND={} PORT={}: cannot listen on {bind}",
            config.bind, config.port
        )
    })?;
    let addr = listener.local_addr().unwrap_or(bind);
    tell_about_operators(&config, &dbs).await;
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
    let hashing =
        crate::auth::hashing::Hashing::per_core().context("cannot start the password hashers")?;
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
    let wake_listener = config
        .database_url
        .clone()
        .map(|url| wake_ups(url, Some(hub.clone()), jobs.clone()));
    let config_api_rate = config.api_rate;
    let state = AppState {
        config: Arc::new(config),
        dbs: dbs.clone(),
        jobs: jobs.clone(),
        hub: hub.clone(),
        cache: cache.clone(),
        replication: supervisor.state(),
        hashing,
        api: web::api::Meter::new(config_api_rate),
    };
    let api = state.api.clone();
    let api_flush = {
        let (api, dbs) = (api.clone(), dbs.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(API_USAGE_FLUSH);
            tick.tick().await;
            loop {
                tick.tick().await;
                api.flush(&dbs).await;
            }
        })
    };
    let limits = state.config.connections;
    let app: SharedEndpoint = Arc::new(web::routes(state).boxed());
    let serving = connections::serve(listener, app, limits);
    Ok(Running {
        addr,
        serving: Some(serving),
        demo,
        pool,
        jobs,
        hub,
        dbs,
        supervisor: Some(supervisor),
        stand_in,
        api,
        api_flush: Some(api_flush),
        listener: wake_listener,
    })
}

/// On PostgreSQL: other nodes' commits wake this process's live tail and idle workers.
fn wake_ups(url: String, hub: Option<Hub>, jobs: Jobs) -> JoinHandle<()> {
    tokio::spawn(crate::db::notify::listen(
        url,
        move |channel, _| match channel {
            crate::db::notify::LIVE => {
                if let Some(hub) = &hub {
                    hub.wake();
                }
            }
            _ => jobs.wake_workers(),
        },
    ))
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
        // Live streams never end by themselves: end them so the drain can finish.
        self.hub.close();
        if let Some(serving) = self.serving.take() {
            serving.shutdown(DRAIN_TIMEOUT).await;
        }
        for scorekeeper in std::mem::take(&mut self.demo) {
            let _ = scorekeeper.await;
        }
        if let Some(pool) = self.pool.take() {
            pool.stop().await;
        }
        if let Some(flush) = self.api_flush.take() {
            flush.abort();
            let _ = flush.await;
        }
        if let Some(listener) = self.listener.take() {
            listener.abort();
            let _ = listener.await;
        }
        self.api.flush(&self.dbs).await;
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
