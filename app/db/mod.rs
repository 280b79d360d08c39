//! The SQLite files: opening them, their pragmas, migrations, the single writer and the
//! readers of each file, and the org scoping of club data.
//!
//! This module is the only place that knows it is SQLite. Everything else calls
//! `db.write(|conn| …).await` or `db.read(|conn| …).await` with synchronous diesel code;
//! no SQLite call ever runs on a tokio worker thread.

mod conn;
mod connection;
pub mod copy;
mod ids;
pub mod live_log;
mod migrations;
pub mod move_to_postgres;
pub mod notify;
pub mod outbox;
pub mod postgres;
mod readers;
pub mod schema;
pub mod tenant;
pub mod upgrades;
mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel_migrations::EmbeddedMigrations;

pub use conn::{Conn, MultiBackend, columns_of, sql};
pub use connection::{
    Checkpoints, Durability, MIN_SQLITE_VERSION, check_version, pragma_int, pragma_text,
    sqlite_version,
};
pub use ids::OrgId;
pub(crate) use ids::id_type;

use crate::sports::Sport;
use readers::Readers;
pub use writer::WriteStats;
use writer::Writer;

/// The kinds of file the app keeps, each with its own write lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// Accounts, sessions, clubs, tax tables, suppressions, API keys.
    Shared,
    /// One file per sport: that sport's club data, every row tagged with `org_id`.
    Sport(Sport),
    /// Background jobs.
    Queue,
    /// Rebuildable cache.
    Cache,
    /// The pub/sub log behind live updates.
    Live,
}

impl Store {
    /// Every file a server running `sports` keeps.
    pub fn all(sports: &[Sport]) -> Vec<Store> {
        let mut stores = vec![Store::Shared];
        stores.extend(sports.iter().map(|&s| Store::Sport(s)));
        stores.extend([Store::Queue, Store::Cache, Store::Live]);
        stores
    }

    pub fn name(self) -> &'static str {
        match self {
            Store::Shared => "shared",
            Store::Sport(sport) => sport.as_str(),
            Store::Queue => "queue",
            Store::Cache => "cache",
            Store::Live => "live",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.db", self.name())
    }

    /// Whether Litestream replicates this file: those that hold accepted data. The cache and
    /// the pub/sub log are rebuilt by the app.
    pub fn is_replicated(self) -> bool {
        matches!(self, Store::Shared | Store::Sport(_) | Store::Queue)
    }

    /// Accepted data must survive a power cut; the cache and pub/sub log can be rebuilt.
    pub fn durability(self) -> Durability {
        match self {
            Store::Shared | Store::Sport(_) | Store::Queue => Durability::Full,
            Store::Cache | Store::Live => Durability::Normal,
        }
    }

    pub(crate) fn migrations(self) -> EmbeddedMigrations {
        match self {
            Store::Shared => migrations::SHARED,
            Store::Sport(_) => migrations::SPORT,
            Store::Queue => migrations::QUEUE,
            Store::Cache => migrations::CACHE,
            Store::Live => migrations::LIVE,
        }
    }

    /// The PostgreSQL tree of the same store.
    fn pg_migrations(self) -> EmbeddedMigrations {
        use migrations::postgres as pg;
        match self {
            Store::Shared => pg::SHARED,
            Store::Sport(_) => pg::SPORT,
            Store::Queue => pg::QUEUE,
            Store::Cache => pg::CACHE,
            Store::Live => pg::LIVE,
        }
    }
}

/// Everything that can go wrong in the storage layer, each naming the file involved.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{file}: cannot open: {source}")]
    Open {
        file: String,
        source: diesel::ConnectionError,
    },
    #[error("{file}: {source}")]
    Query {
        file: String,
        source: diesel::result::Error,
    },
    #[error(transparent)]
    Diesel(#[from] diesel::result::Error),
    #[error("{file}: PRAGMA {pragma} is {found}, expected {expected}")]
    Pragma {
        file: String,
        pragma: &'static str,
        expected: String,
        found: String,
    },
    #[error("{file}.db: migration failed: {message}")]
    Migration { file: &'static str, message: String },
    #[error(
        "SQLite {found} is too old: Clubhouse needs {}.{}.{} or newer (older versions can corrupt a WAL database, the WAL-reset bug)",
        MIN_SQLITE_VERSION.0, MIN_SQLITE_VERSION.1, MIN_SQLITE_VERSION.2
    )]
    SqliteTooOld { found: String },
    #[error("{file}.db: the database thread has stopped")]
    Unavailable { file: &'static str },
    #[error("{file}.db: a database closure panicked")]
    Panicked { file: &'static str },
    #[error("{file}.db: cannot start a database thread: {source}")]
    Thread {
        file: &'static str,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: the transaction failed to commit: {message}")]
    CommitFailed { file: String, message: String },
}

impl DbError {
    pub fn query(file: &str, source: diesel::result::Error) -> Self {
        crate::metrics::note_sqlite_error(&source);
        DbError::Query {
            file: file.to_string(),
            source,
        }
    }

    /// The error a group's COMMIT gave, once per closure in the group.
    fn clone_for_caller(&self) -> Self {
        match self {
            DbError::Query { file, source } => DbError::CommitFailed {
                file: file.clone(),
                message: source.to_string(),
            },
            other => DbError::CommitFailed {
                file: String::new(),
                message: other.to_string(),
            },
        }
    }

    /// Whether this is "no such row", so callers can answer 404 rather than 500.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            DbError::Diesel(diesel::result::Error::NotFound)
                | DbError::Query {
                    source: diesel::result::Error::NotFound,
                    ..
                }
        )
    }
}

/// One database file: its writer thread and its readers.
pub struct Database {
    store: Store,
    path: PathBuf,
    /// How many migrations this open applied (0 when the file was already current).
    migrations_applied: usize,
    writer: Writer,
    readers: Readers,
    /// Whether the store is a PostgreSQL schema rather than an SQLite file.
    postgres: bool,
}

impl Database {
    /// Opens (creating if needed) and migrates one file. Blocking: run it off the runtime.
    pub fn open(dir: &Path, store: Store, readers: usize) -> Result<Self, DbError> {
        Self::open_with(dir, store, readers, Checkpoints::Sqlite)
    }

    /// The same, saying who checkpoints a replicated file (see [`Checkpoints`]).
    pub fn open_with(
        dir: &Path,
        store: Store,
        readers: usize,
        checkpoints: Checkpoints,
    ) -> Result<Self, DbError> {
        let path = dir.join(store.file_name());
        let name = store.name();
        let checkpoints = if store.is_replicated() {
            checkpoints
        } else {
            Checkpoints::Sqlite
        };
        let settings = connection::Settings {
            durability: store.durability(),
            checkpoints,
        };
        let mut conn = Conn::Sqlite(connection::open(&path, connection::Role::Writer, settings)?);
        let migrations_applied = migrations::run(name, &mut conn, store.migrations())?;
        let readers = (0..readers.max(1))
            .map(|_| connection::open(&path, connection::Role::Reader, settings).map(Conn::Sqlite))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            store,
            migrations_applied,
            writer: Writer::start(name, conn)?,
            readers: Readers::start(name, readers)?,
            path,
            postgres: false,
        })
    }

    /// Connects to the store's schema of the PostgreSQL database at `url` and migrates it:
    /// one writer connection (its transactions take the store's lock, so the store keeps
    /// one writer at a time across every node) and `readers` readers. Blocking.
    pub fn open_postgres(url: &str, store: Store, readers: usize) -> Result<Self, DbError> {
        let name = store.name();
        let (conn, migrations_applied) = postgres::migrate(url, store)?;
        let readers = (0..readers.max(1))
            .map(|_| postgres::reader(url, store))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            store,
            migrations_applied,
            writer: Writer::start(name, conn)?,
            readers: Readers::start(name, readers)?,
            path: PathBuf::from(format!("postgresql schema {name}")),
            postgres: true,
        })
    }

    pub fn store(&self) -> Store {
        self.store
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the store is a PostgreSQL schema (`CLUBHOUSE_DATABASE_URL`) rather than a file.
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// Runs `work` on the file's writer, in a `BEGIN IMMEDIATE` transaction (possibly shared
    /// with other closures, each in its own savepoint). Returns after the commit.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.writer.write(work).await
    }

    /// Runs `work` on a read-only connection, in one read transaction.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.readers.read(work).await
    }

    pub fn migrations_applied(&self) -> usize {
        self.migrations_applied
    }

    pub fn write_stats(&self) -> WriteStats {
        self.writer.stats()
    }

    /// Writes waiting for this file's writer.
    pub fn queued_writes(&self) -> usize {
        self.writer.queued()
    }

    /// Answers whether the file responds to a query within `limit`.
    pub async fn check(&self, limit: Duration) -> Result<(), String> {
        let probe = self.read(|conn| conn.batch_execute("SELECT 1").map_err(DbError::from));
        match tokio::time::timeout(limit, probe).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer within {} ms", limit.as_millis())),
        }
    }
}

/// Every file the app uses.
pub struct Databases {
    pub shared: Database,
    pub queue: Database,
    pub cache: Database,
    pub live: Database,
    sports: BTreeMap<Sport, Database>,
}

impl Databases {
    /// Creates `dir` if needed, then opens and migrates every file. Blocking: run it off the
    /// runtime (start-up does, in `spawn_blocking`).
    pub fn open(dir: &Path, sports: &[Sport], readers: usize) -> Result<Self, DbError> {
        Self::open_with(dir, sports, readers, Checkpoints::Sqlite)
    }

    /// The same, saying who checkpoints the replicated files.
    pub fn open_with(
        dir: &Path,
        sports: &[Sport],
        readers: usize,
        checkpoints: Checkpoints,
    ) -> Result<Self, DbError> {
        check_version(&sqlite_version())?;
        std::fs::create_dir_all(dir).map_err(|source| DbError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::open_each(sports, |store| {
            Database::open_with(dir, store, readers, checkpoints)
        })
    }

    /// Every store as a schema of the PostgreSQL database at `url`. Blocking.
    pub fn open_postgres(url: &str, sports: &[Sport], readers: usize) -> Result<Self, DbError> {
        Self::open_each(sports, |store| Database::open_postgres(url, store, readers))
    }

    /// Opens every store of `sports` with `open`, the sports first.
    fn open_each(
        sports: &[Sport],
        open: impl Fn(Store) -> Result<Database, DbError>,
    ) -> Result<Self, DbError> {
        let sports = sports
            .iter()
            .map(|&sport| Ok((sport, open(Store::Sport(sport))?)))
            .collect::<Result<BTreeMap<_, _>, DbError>>()?;
        Ok(Self {
            shared: open(Store::Shared)?,
            queue: open(Store::Queue)?,
            cache: open(Store::Cache)?,
            live: open(Store::Live)?,
            sports,
        })
    }

    /// The file of a configured sport; `None` for a sport this server does not run.
    pub fn sport(&self, sport: Sport) -> Option<&Database> {
        self.sports.get(&sport)
    }

    pub fn sports(&self) -> impl Iterator<Item = Sport> + '_ {
        self.sports.keys().copied()
    }

    /// Every file, shared first.
    pub fn all(&self) -> impl Iterator<Item = &Database> {
        [&self.shared, &self.queue, &self.cache, &self.live]
            .into_iter()
            .chain(self.sports.values())
    }

    /// Checks every file; on failure names the files that did not answer.
    pub async fn check(&self, limit: Duration) -> Result<(), Vec<(String, String)>> {
        let checks = self.all().map(|db| async move {
            db.check(limit)
                .await
                .map_err(|e| (db.store().file_name(), e))
        });
        let failures: Vec<_> = futures_util::future::join_all(checks)
            .await
            .into_iter()
            .filter_map(Result::err)
            .collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures)
        }
    }
}
