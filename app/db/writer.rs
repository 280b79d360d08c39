//! The single writer of one database file: a dedicated thread that owns the file's only
//! read-write connection and runs write closures in arrival order.
//!
//! Closures that are queued at the same moment share one `BEGIN IMMEDIATE` transaction, each
//! inside its own savepoint (group commit): a closure that fails rolls back only its own
//! savepoint, and one fsync makes the whole group durable. A caller hears back only after
//! the COMMIT, so "done" always means "on disk".

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;

use crate::db::Conn;
use crossbeam_channel::{Receiver, Sender};
use diesel::RunQueryDsl;
use diesel::connection::Connection;
use tokio::sync::oneshot;

use super::DbError;

/// The most closures committed together; bounds how long one transaction holds the lock.
const MAX_GROUP: usize = 256;

/// One queued write: run it inside the group's transaction, then learn how the group ended.
trait WriteJob: Send {
    /// Runs the closure in its savepoint. Returns whether it succeeded (else: roll it back).
    fn run(&mut self, conn: &mut Conn) -> bool;
    /// Marks a job whose savepoint could not be released as failed.
    fn fail(&mut self, error: DbError);
    /// Sends the outcome to the caller once the group's COMMIT (or ROLLBACK) is known.
    fn finish(self: Box<Self>, commit: Result<(), DbError>);
}

struct Pending<F, T, E> {
    file: &'static str,
    work: Option<F>,
    outcome: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<F, T, E> WriteJob for Pending<F, T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E> + Send,
    T: Send,
    E: From<DbError> + Send,
{
    fn run(&mut self, conn: &mut Conn) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| work(conn)))
            .unwrap_or_else(|_| Err(DbError::Panicked { file: self.file }.into()));
        let ok = outcome.is_ok();
        self.outcome = Some(outcome);
        ok
    }

    fn fail(&mut self, error: DbError) {
        self.outcome = Some(Err(error.into()));
    }

    fn finish(self: Box<Self>, commit: Result<(), DbError>) {
        let outcome = match (self.outcome, commit) {
            (Some(Err(own)), _) => Err(own),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(commit_failed)) => Err(commit_failed.into()),
            (None, Ok(())) => Err(DbError::Panicked { file: self.file }.into()),
        };
        // The caller may have stopped waiting (request cancelled); the write stands anyway.
        let _ = self.reply.send(outcome);
    }
}

/// Counters of a writer's work since it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteStats {
    /// Transactions committed (or attempted); each holds one or more closures.
    pub groups: u64,
    /// Closures run.
    pub writes: u64,
}

#[derive(Default)]
struct Counters {
    groups: AtomicU64,
    writes: AtomicU64,
}

/// Handle to a file's writer thread. Dropping it lets the thread finish the queue and exit.
pub struct Writer {
    file: &'static str,
    queue: Option<Sender<Box<dyn WriteJob>>>,
    thread: Option<JoinHandle<()>>,
    counters: Arc<Counters>,
}

impl Writer {
    pub fn start(file: &'static str, conn: Conn) -> Result<Self, DbError> {
        let (queue, jobs) = crossbeam_channel::unbounded();
        let counters = Arc::new(Counters::default());
        let thread_counters = counters.clone();
        let thread = std::thread::Builder::new()
            .name(format!("db-writer-{file}"))
            .spawn(move || run(file, conn, jobs, &thread_counters))
            .map_err(|source| DbError::Thread { file, source })?;
        Ok(Self {
            file,
            queue: Some(queue),
            thread: Some(thread),
            counters,
        })
    }

    /// Queues `work` and waits for its group to commit.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Pending {
            file: self.file,
            work: Some(work),
            outcome: None,
            reply,
        });
        let gone = || E::from(DbError::Unavailable { file: self.file });
        let queue = self.queue.as_ref().ok_or_else(gone)?;
        queue.send(job).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    /// Writes waiting for the writer thread (for metrics and back-pressure decisions).
    pub fn queued(&self) -> usize {
        self.queue.as_ref().map_or(0, Sender::len)
    }

    pub fn stats(&self) -> WriteStats {
        WriteStats {
            groups: self.counters.groups.load(Ordering::Relaxed),
            writes: self.counters.writes.load(Ordering::Relaxed),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue ends the thread after it has committed everything queued, so an
        // accepted write is never dropped at shutdown.
        self.queue.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(file: &'static str, mut conn: Conn, jobs: Receiver<Box<dyn WriteJob>>, counters: &Counters) {
    let mut group: Vec<Box<dyn WriteJob>> = Vec::with_capacity(MAX_GROUP);
    while let Ok(first) = jobs.recv() {
        group.push(first);
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        let commit = commit_group(file, &mut conn, &mut group);
        counters.groups.fetch_add(1, Ordering::Relaxed);
        metrics::histogram!(crate::metrics::WRITE_GROUP_SIZE, "file" => file)
            .record(group.len() as f64);
        counters
            .writes
            .fetch_add(group.len() as u64, Ordering::Relaxed);
        if let Err(e) = &commit {
            tracing::error!(file, error = %e, size = group.len(), "write group failed to commit");
        }
        for job in group.drain(..) {
            job.finish(
                commit
                    .as_ref()
                    .map(|_| ())
                    .map_err(DbError::clone_for_caller),
            );
        }
    }
}

/// Why a savepoint ended in rollback: the closure failed, or the savepoint itself did.
enum SavepointEnd {
    ClosureFailed,
    Sqlite(diesel::result::Error),
}

impl From<diesel::result::Error> for SavepointEnd {
    fn from(e: diesel::result::Error) -> Self {
        SavepointEnd::Sqlite(e)
    }
}

/// Opens the group's transaction and takes the store's write lock at once: on SQLite
/// `BEGIN IMMEDIATE` (rather than on the first write, which could then find the file busy);
/// on PostgreSQL a transaction lock of the store, held to the commit, so the store has one
/// writer at a time on every node together — what each invariant was written against (a
/// count then an insert, a claim, an append to a log read "after id N").
fn begin(conn: &mut Conn, file: &str) -> diesel::QueryResult<()> {
    use diesel::connection::AnsiTransactionManager as Ansi;
    match conn {
        Conn::Sqlite(c) => Ansi::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        Conn::Pg(c) => {
            use diesel::connection::TransactionManager;
            Ansi::begin_transaction_sql(c, "BEGIN")?;
            let locked = diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>(super::postgres::lock_key(file))
                .execute(c);
            if let Err(e) = locked {
                // Not left open without the lock.
                let _ = Ansi::rollback_transaction(c);
                return Err(e);
            }
            Ok(())
        }
    }
}

/// Runs `work` in the group's transaction: committed if it succeeds, rolled back if not.
fn in_group(
    conn: &mut Conn,
    file: &str,
    work: impl FnOnce(&mut Conn) -> diesel::QueryResult<()>,
) -> diesel::QueryResult<()> {
    use diesel::connection::TransactionManager;
    type Manager = <Conn as Connection>::TransactionManager;
    begin(conn, file)?;
    match work(conn) {
        Ok(()) => match Manager::commit_transaction(conn) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = Manager::rollback_transaction(conn);
                Err(e)
            }
        },
        Err(e) => {
            let _ = Manager::rollback_transaction(conn);
            Err(e)
        }
    }
}

fn commit_group(
    file: &'static str,
    conn: &mut Conn,
    group: &mut [Box<dyn WriteJob>],
) -> Result<(), DbError> {
    in_group(conn, file, |conn| {
        for job in group.iter_mut() {
            // Diesel runs a nested transaction as a SAVEPOINT, so closures may open their own.
            let end = conn.transaction(|conn| {
                if job.run(conn) {
                    Ok(())
                } else {
                    Err(SavepointEnd::ClosureFailed)
                }
            });
            if let Err(SavepointEnd::Sqlite(source)) = end {
                job.fail(DbError::query(file, source));
            }
        }
        Ok::<_, diesel::result::Error>(())
    })
    .map_err(|source| DbError::query(file, source))
}
