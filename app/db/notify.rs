//! Wake-ups between nodes on PostgreSQL. Triggers on the live log and on the job queue
//! (`db/migrations-pg/{live,queue}/…_wake_ups`) send a `NOTIFY` with every insert, which
//! PostgreSQL delivers when (and only if) the transaction commits. It carries only a wake-up
//! (for the live log, the newest id appended): every node's listener wakes its own log tail
//! or job workers, which then read what is new exactly as they do after a poll. A lost
//! notification costs one poll interval, never a row.
//!
//! SQLite needs none of this: its processes share one machine and poll the file.

use std::time::Duration;

use futures_util::StreamExt;

/// The live log has new rows (payload: the newest id). The name is the trigger's.
pub const LIVE: &str = "clubhouse_live";
/// A job was enqueued. The name is the trigger's.
pub const JOBS: &str = "clubhouse_jobs";

/// Listens on [`LIVE`] and [`JOBS`] of the database at `url`, calling `woken` with the
/// channel and payload of each notification, until the task is aborted. After a failure it
/// connects again (the polls cover the gap), saying so once until it is back.
pub async fn listen(url: String, woken: impl Fn(&str, &str) + Send + 'static) {
    let mut backoff = Duration::from_millis(250);
    let mut said = false;
    loop {
        let (listened, outcome) = listen_once(&url, &woken).await;
        if listened {
            backoff = Duration::from_millis(250);
            said = false;
        }
        let why = match outcome {
            Ok(()) => "the connection closed".to_string(),
            Err(e) => e.to_string(),
        };
        if said {
            tracing::debug!(error = %why, "postgres: still cannot listen for wake-ups");
        } else {
            tracing::warn!(
                error = %why,
                "postgres: cannot listen for wake-ups from other nodes; polling until it can"
            );
            said = true;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

/// One connection's life: `LISTEN`, then every notification until it closes. Whether it
/// got as far as listening, and why it ended.
async fn listen_once(
    url: &str,
    woken: &impl Fn(&str, &str),
) -> (bool, Result<(), tokio_postgres::Error>) {
    let (client, mut connection) = match tokio_postgres::connect(url, tokio_postgres::NoTls).await {
        Ok(pair) => pair,
        Err(e) => return (false, Err(e)),
    };
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
    if let Err(e) = client
        .batch_execute(&format!("LISTEN {LIVE}; LISTEN {JOBS}"))
        .await
    {
        driver.abort();
        return (false, Err(e));
    }
    tracing::info!("postgres: listening for wake-ups from other nodes");
    while let Some(message) = rx.recv().await {
        match message {
            Ok(tokio_postgres::AsyncMessage::Notification(n)) => woken(n.channel(), n.payload()),
            Ok(_) => {}
            Err(e) => return (true, Err(e)),
        }
    }
    (true, Ok(()))
}
