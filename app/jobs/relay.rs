//! The outbox relay: moves rows from each file's outbox into the queue, then deletes them.
//! A crash between the two steps relays the rows again; the job's unique key
//! (`outbox:<file>:<id>`) makes the second enqueue a no-op, so nothing is lost or doubled.

use crate::db::Conn;

use super::queue::{self, NewJob, now_ms};
use super::{Job, Jobs};
use crate::db::outbox::{self, OutboxRow};
use crate::db::{Database, DbError};

/// Rows moved per round.
const BATCH: i64 = 200;

/// Writes `job` to this file's outbox: call it inside the write closure that makes the change.
pub fn push(conn: &mut Conn, job: &Job) -> Result<(), DbError> {
    let args = job
        .args_json()
        .map_err(|e| DbError::Diesel(diesel::result::Error::SerializationError(Box::new(e))))?;
    outbox::push(conn, job.kind(), &args, now_ms())?;
    Ok(())
}

/// Relays every file that has an outbox; returns how many rows moved.
pub async fn relay_all(jobs: &Jobs) -> Result<usize, DbError> {
    let dbs = jobs.databases().clone();
    let mut moved = relay_file(jobs, &dbs.shared).await?;
    for sport in dbs.sports() {
        if let Some(db) = dbs.sport(sport) {
            moved += relay_file(jobs, db).await?;
        }
    }
    if moved > 0 {
        jobs.wake().notify_waiters();
    }
    Ok(moved)
}

/// One round for one file: copy to the queue, then delete from the outbox.
pub async fn relay_file(jobs: &Jobs, db: &Database) -> Result<usize, DbError> {
    let rows: Vec<OutboxRow> = db
        .read(|conn| outbox::oldest(conn, BATCH).map_err(DbError::from))
        .await?;
    let Some(last) = rows.last().map(|r| r.id) else {
        return Ok(0);
    };
    let file = db.store().name();
    let count = rows.len();
    jobs.databases()
        .queue
        .write(move |conn| -> Result<(), DbError> {
            let now = now_ms();
            for row in &rows {
                // An unreadable row still becomes a job: it fails visibly instead of blocking.
                let options = match Job::from_row(&row.kind, &row.args) {
                    Ok(job) => NewJob::now(job),
                    Err(_) => NewJob::now(Job::CleanupJobs).queue("default"),
                };
                let options = options.unique(&format!("outbox:{file}:{}", row.id));
                queue::insert_raw(conn, &row.kind, &row.args, &options, now)?;
            }
            Ok(())
        })
        .await?;
    db.write(move |conn| outbox::delete_through(conn, last).map_err(DbError::from))
        .await?;
    Ok(count)
}
