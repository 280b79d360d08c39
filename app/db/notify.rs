//! Wake-ups between nodes on PostgreSQL. A transaction that appends to the live log or
//! enqueues a job also sends a `NOTIFY`, which PostgreSQL delivers when (and only if) it
//! commits. It carries only a wake-up (for the live log, its newest id): every node's
//! listener wakes its own log tail or job workers, which then read what is new exactly as
//! they do after a poll. A lost notification costs one poll interval, never a row.
//!
//! SQLite needs none of this: its processes share one machine and poll the file.

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::Text;
use futures_util::StreamExt;

use super::Conn;

/// The live log has new rows (payload: the newest id).
pub const LIVE: &str = "clubhouse_live";
/// A job was enqueued.
pub const JOBS: &str = "clubhouse_jobs";

/// Queues a wake-up on `channel`, sent if the current transaction commits. Nothing on
/// SQLite.
pub fn on_commit(conn: &mut Conn, channel: &str, payload: &str) -> QueryResult<()> {
    if let Conn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<Text, _>(channel)
            .bind::<Text, _>(payload)
            .execute(pg)?;
    }
    Ok(())
}

/// Listens on [`LIVE`] and [`JOBS`] of the database at `url`, calling `woken` with the
/// channel of each notification, until the task is aborted. After a failure it connects
/// again (the polls cover the gap).
pub async fn listen(url: String, woken: impl Fn(&str) + Send + 'static) {
    let mut backoff = Duration::from_millis(250);
    loop {
        let outcome = listen_once(&url, &woken).await;
        match outcome {
            Ok(()) => tracing::warn!("postgres: the notification connection closed; reconnecting"),
            Err(e) => tracing::warn!(
                error = %e,
                "postgres: cannot listen for wake-ups; polling until it can"
            ),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

/// One connection's life: `LISTEN`, then every notification until it closes.
async fn listen_once(url: &str, woken: &impl Fn(&str)) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // The connection must be driven while the client's LISTEN runs, and after.
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            let end = message.is_err();
            if tx.send(message).is_err() || end {
                break;
            }
        }
    });
    let listened = client
        .batch_execute(&format!("LISTEN {LIVE}; LISTEN {JOBS}"))
        .await;
    if let Err(e) = listened {
        driver.abort();
        return Err(e);
    }
    tracing::info!("postgres: listening for wake-ups from other nodes");
    while let Some(message) = rx.recv().await {
        match message {
            Ok(tokio_postgres::AsyncMessage::Notification(n)) => woken(n.channel()),
            Ok(_) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
