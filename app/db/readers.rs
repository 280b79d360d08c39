//! A small pool of read-only connections to one file, each owned by its own thread.
//!
//! Read closures run on these threads, never on a tokio worker, each inside a deferred
//! transaction so a closure's queries see one snapshot. The transaction ends before the
//! answer is sent, so no read ever pins the WAL across an await.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread::JoinHandle;

use crate::db::Conn;
use crossbeam_channel::{Receiver, Sender};
use diesel::connection::Connection;
use tokio::sync::oneshot;

use super::DbError;

type ReadJob = Box<dyn FnOnce(&mut Conn) + Send>;

pub struct Readers {
    file: &'static str,
    queue: Option<Sender<ReadJob>>,
    threads: Vec<JoinHandle<()>>,
}

impl Readers {
    pub fn start(file: &'static str, conns: Vec<Conn>) -> Result<Self, DbError> {
        let (queue, jobs) = crossbeam_channel::unbounded::<ReadJob>();
        let mut threads = Vec::with_capacity(conns.len());
        for (i, conn) in conns.into_iter().enumerate() {
            let jobs = jobs.clone();
            let thread = std::thread::Builder::new()
                .name(format!("db-reader-{file}-{i}"))
                .spawn(move || run(conn, jobs))
                .map_err(|source| DbError::Thread { file, source })?;
            threads.push(thread);
        }
        Ok(Self {
            file,
            queue: Some(queue),
            threads,
        })
    }

    /// Runs `work` on a reader thread inside one read transaction.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut Conn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let file = self.file;
        let (reply, answer) = oneshot::channel();
        let job: ReadJob = Box::new(move |conn: &mut Conn| {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                conn.transaction(|conn| work(conn).map_err(ReadEnd::Closure))
                    .map_err(|end| match end {
                        ReadEnd::Closure(e) => e,
                        ReadEnd::Sqlite(source) => DbError::query(file, source).into(),
                    })
            }))
            .unwrap_or_else(|_| Err(DbError::Panicked { file }.into()));
            let _ = reply.send(outcome);
        });
        let gone = || E::from(DbError::Unavailable { file });
        let queue = self.queue.as_ref().ok_or_else(gone)?;
        queue.send(job).map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

/// Why a read transaction ended early: the closure's own error, or SQLite's.
enum ReadEnd<E> {
    Closure(E),
    Sqlite(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for ReadEnd<E> {
    fn from(e: diesel::result::Error) -> Self {
        ReadEnd::Sqlite(e)
    }
}

impl Drop for Readers {
    fn drop(&mut self) {
        self.queue.take();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

fn run(mut conn: Conn, jobs: Receiver<ReadJob>) {
    while let Ok(job) = jobs.recv() {
        job(&mut conn);
    }
}
