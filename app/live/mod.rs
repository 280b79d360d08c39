//! Live updates: one pub/sub for the whole app.
//!
//! A publisher renders its fragments once and calls [`Hub::publish`] after its own commit:
//! the rows go to the log in `live.db`, and every web process's tail task reads new rows in
//! id order and hands each one — as ready-made SSE bytes, shared, never copied per viewer —
//! to the feeds whose topics it names. A publish from another process (a job worker) arrives
//! the same way, within one poll. Browsers subscribe through [`Hub::subscribe`].

pub mod exports;
pub mod programs;
pub mod scoreboards;
mod stream;
mod topic;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::{Notify, broadcast, watch};

use crate::db::{Databases, DbError, live_log};
pub use stream::EventStream;
pub use topic::Topic;

/// How often a process looks for rows written by other processes.
const POLL: Duration = Duration::from_millis(100);
/// Rows read per query by the tail.
const TAIL_BATCH: i64 = 512;
/// Frames a feed holds for a slow viewer before that viewer is told to reload.
const FEED_CAPACITY: usize = 256;
/// The most rows replayed to a reconnecting browser; further behind, it reloads.
const REPLAY_MAX: i64 = 500;

/// One fragment to publish: replaces the element named `event` on pages watching `topic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub topic: String,
    pub event: String,
    pub html: String,
}

/// A log row as SSE bytes, built once per process and shared by every viewer.
#[derive(Debug, Clone)]
struct Frame {
    id: i64,
    bytes: Bytes,
}

impl Frame {
    fn of(row: &live_log::Row) -> Frame {
        let mut text = String::with_capacity(row.payload.len() + row.event.len() + 32);
        text.push_str("id: ");
        text.push_str(&row.id.to_string());
        text.push_str("\nevent: ");
        text.push_str(&row.event);
        text.push('\n');
        for line in row.payload.split('\n') {
            text.push_str("data: ");
            text.push_str(line.trim_end_matches('\r'));
            text.push('\n');
        }
        text.push('\n');
        Frame {
            id: row.id,
            bytes: Bytes::from(text),
        }
    }
}

/// Limits on open live connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub total: usize,
    pub per_address: usize,
    /// Time between heartbeat comments; a viewer that has gone away is noticed at the next.
    pub heartbeat: Duration,
}

/// Why a subscription was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the server has too many live connections")]
    Full,
    #[error("too many live connections from this address")]
    TooManyFromAddress,
    #[error("the server is shutting down")]
    ShuttingDown,
}

/// Viewers watching one set of topics share one broadcast channel, so a frame is sent once
/// per feed and each viewer sees its topics' rows in id order.
struct Feed {
    topics: Vec<String>,
    sender: broadcast::Sender<Frame>,
}

/// Counters for the operator and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub connections: usize,
    pub published: u64,
    pub delivered: u64,
}

struct Inner {
    dbs: Arc<Databases>,
    limits: Limits,
    feeds: Mutex<HashMap<String, Feed>>,
    wake: Notify,
    shutdown: watch::Sender<bool>,
    connections: AtomicUsize,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    published: AtomicU64,
    delivered: AtomicU64,
    /// The newest log row this process appended or its tail delivered (see `Hub::head`).
    seen: AtomicI64,
    /// Ticks once per heartbeat period; every stream sends its heartbeat on a tick.
    heartbeat: watch::Sender<u64>,
    /// Held while a scoreboard is read, rendered and appended (see `scoreboards`).
    publish_turn: tokio::sync::Mutex<()>,
    /// Publishes scheduled and not yet started, by key (see `programs`): a burst of changes
    /// to one thing becomes one publish of its latest state.
    scheduled: Mutex<std::collections::HashSet<String>>,
}

/// The process's pub/sub handle. Cheap to clone.
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks leaves plain maps behind, still usable.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Hub {
    /// Starts the tail task from the current end of the log.
    pub async fn start(dbs: Arc<Databases>, limits: Limits) -> Result<Hub, DbError> {
        let head = dbs
            .live
            .read(|conn| Ok::<_, DbError>(live_log::head(conn)?))
            .await?;
        let (shutdown, _) = watch::channel(false);
        let hub = Hub {
            inner: Arc::new(Inner {
                dbs,
                limits,
                feeds: Mutex::new(HashMap::new()),
                wake: Notify::new(),
                shutdown,
                connections: AtomicUsize::new(0),
                per_address: Mutex::new(HashMap::new()),
                published: AtomicU64::new(0),
                delivered: AtomicU64::new(0),
                seen: AtomicI64::new(head),
                publish_turn: tokio::sync::Mutex::new(()),
                scheduled: Mutex::new(std::collections::HashSet::new()),
                heartbeat: watch::channel(0).0,
            }),
        };
        tokio::spawn(beat(hub.inner.clone()));
        tokio::spawn(tail(hub.inner.clone(), head));
        Ok(hub)
    }

    /// Appends `messages` to the log (one transaction) and wakes this process's tail. Call
    /// after the change they show has committed.
    pub async fn publish(&self, messages: Vec<Message>) -> Result<(), DbError> {
        let count = messages.len() as u64;
        if let Some(newest) = Self::append(&self.inner.dbs, messages).await? {
            // A page of this process that reads the head from now on is rendered after
            // this change: it needs none of these rows again.
            self.inner.seen.fetch_max(newest, Ordering::AcqRel);
        }
        self.inner.published.fetch_add(count, Ordering::Relaxed);
        self.inner.wake.notify_one();
        Ok(())
    }

    /// Wakes this process's tail at once (another node appended to the log).
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Appends `messages` to the log without a hub (a job, possibly in `clubhouse work`):
    /// every web process's tail delivers them within its poll interval.
    pub async fn publish_from(dbs: &Databases, messages: Vec<Message>) -> Result<(), DbError> {
        Self::append(dbs, messages).await.map(|_| ())
    }

    /// Appends `messages` in one transaction; the newest id given, if any.
    async fn append(dbs: &Databases, messages: Vec<Message>) -> Result<Option<i64>, DbError> {
        if messages.is_empty() {
            return Ok(None);
        }
        let now = crate::auth::now();
        dbs.live
            .write(move |conn| {
                let rows: Vec<(&str, &str, &str)> = messages
                    .iter()
                    .map(|m| (m.topic.as_str(), m.event.as_str(), m.html.as_str()))
                    .collect();
                live_log::append(conn, &rows, now).map_err(DbError::from)
            })
            .await
            .map(|ids| ids.into_iter().max())
    }

    /// A log id no newer than the log's end: a page rendered after reading it subscribes
    /// "after" it, so nothing published between the render and the subscription is missed.
    /// It is kept in memory, so a page pays no read for it: the newest row this process has
    /// appended or handed to its viewers. Rows other processes append reach it within a tail
    /// poll; until then a page replays them, which is always safe.
    pub fn head(&self) -> i64 {
        self.inner.seen.load(Ordering::Acquire)
    }

    /// Opens a stream of `topics` for a viewer at `address`, replaying rows after `after`.
    pub async fn subscribe(
        &self,
        topics: Vec<String>,
        after: Option<i64>,
        address: Option<IpAddr>,
    ) -> Result<EventStream, Refusal> {
        let permit = self.admit(address)?;
        let mut topics = topics;
        topics.sort();
        topics.dedup();
        let receiver = {
            let mut feeds = lock(&self.inner.feeds);
            let key = topics.join("\n");
            let feed = feeds.entry(key).or_insert_with(|| Feed {
                topics: topics.clone(),
                sender: broadcast::channel(FEED_CAPACITY).0,
            });
            feed.sender.subscribe()
        };
        // Subscribed first, then read: a row committed meanwhile comes both ways and the
        // stream drops the repeat by id; none can fall between.
        let replay = match after {
            Some(after) => self.replay(topics, after).await,
            None => Ok(Vec::new()),
        };
        Ok(EventStream::new(
            self.inner.heartbeat.subscribe(),
            permit,
            receiver,
            after,
            replay,
            self.inner.shutdown.subscribe(),
        ))
    }

    /// Rows to send a reconnecting viewer, or `Err` when it is too far behind (reload).
    async fn replay(&self, topics: Vec<String>, after: i64) -> Result<Vec<Frame>, ()> {
        let found = self
            .inner
            .dbs
            .live
            .read(move |conn| -> Result<_, DbError> {
                let oldest = live_log::oldest(conn)?;
                let head = live_log::head(conn)?;
                // Rows after `after` may have been trimmed: the viewer cannot catch up.
                let trimmed = match oldest {
                    Some(oldest) => after + 1 < oldest,
                    None => after < head,
                };
                if trimmed || after > head {
                    return Ok(None);
                }
                Ok(Some(live_log::replay(
                    conn,
                    &topics,
                    after,
                    REPLAY_MAX + 1,
                )?))
            })
            .await;
        match found {
            Ok(Some(rows)) if rows.len() as i64 <= REPLAY_MAX => {
                Ok(rows.iter().map(Frame::of).collect())
            }
            Ok(_) => Err(()),
            Err(e) => {
                tracing::warn!(error = %e, "live: cannot read the log for a replay");
                Err(())
            }
        }
    }

    fn admit(&self, address: Option<IpAddr>) -> Result<Permit, Refusal> {
        if *self.inner.shutdown.borrow() {
            return Err(Refusal::ShuttingDown);
        }
        let limits = self.inner.limits;
        if let Some(ip) = address {
            let mut counts = lock(&self.inner.per_address);
            let count = counts.entry(ip).or_insert(0);
            if *count >= limits.per_address {
                return Err(Refusal::TooManyFromAddress);
            }
            *count += 1;
        }
        let permit = Permit {
            inner: self.inner.clone(),
            address,
        };
        let before = self.inner.connections.fetch_add(1, Ordering::AcqRel);
        if before >= limits.total {
            // Dropping the permit gives both counts back.
            drop(permit);
            return Err(Refusal::Full);
        }
        Ok(permit)
    }

    /// Resolves once [`Hub::close`] has been called.
    pub async fn closed(&self) {
        let mut shutdown = self.inner.shutdown.subscribe();
        let _ = shutdown.wait_for(|closed| *closed).await;
    }

    /// Ends every stream (at shutdown) and stops the tail.
    pub fn close(&self) {
        self.inner.shutdown.send_replace(true);
    }

    pub fn stats(&self) -> Stats {
        Stats {
            connections: self.inner.connections.load(Ordering::Relaxed),
            published: self.inner.published.load(Ordering::Relaxed),
            delivered: self.inner.delivered.load(Ordering::Relaxed),
        }
    }

    /// Deletes log rows older than `keep` (run by a recurring job).
    pub async fn trim(dbs: &Databases, keep: Duration) -> Result<usize, DbError> {
        let before = crate::auth::now() - keep.as_secs() as i64;
        dbs.live
            .write(move |conn| live_log::trim(conn, before).map_err(DbError::from))
            .await
    }
}

/// One open connection, counted while it lives.
pub(crate) struct Permit {
    inner: Arc<Inner>,
    address: Option<IpAddr>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.inner.connections.fetch_sub(1, Ordering::AcqRel);
        if let Some(ip) = self.address {
            let mut counts = lock(&self.inner.per_address);
            if let Some(count) = counts.get_mut(&ip) {
                *count -= 1;
                if *count == 0 {
                    counts.remove(&ip);
                }
            }
        }
    }
}

/// One clock for every stream's heartbeat, until shutdown.
async fn beat(inner: Arc<Inner>) {
    let mut shutdown = inner.shutdown.subscribe();
    let mut ticks = tokio::time::interval(inner.limits.heartbeat);
    ticks.tick().await;
    loop {
        tokio::select! {
            _ = ticks.tick() => inner.heartbeat.send_modify(|n| *n += 1),
            _ = shutdown.changed() => return,
        }
    }
}

/// Reads new log rows in id order and hands them to the feeds, until shutdown.
async fn tail(inner: Arc<Inner>, mut last: i64) {
    let mut shutdown = inner.shutdown.subscribe();
    loop {
        tokio::select! {
            _ = inner.wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => return,
        }
        loop {
            let after = last;
            let rows = inner
                .dbs
                .live
                .read(move |conn| live_log::after(conn, after, TAIL_BATCH).map_err(DbError::from))
                .await;
            let rows = match rows {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "live: cannot read the log; retrying");
                    break;
                }
            };
            let full = rows.len() as i64 == TAIL_BATCH;
            deliver(&inner, &rows);
            if let Some(row) = rows.last() {
                last = row.id;
                inner.seen.fetch_max(last, Ordering::AcqRel);
            }
            if !full {
                break;
            }
        }
    }
}

fn deliver(inner: &Inner, rows: &[live_log::Row]) {
    let mut feeds = lock(&inner.feeds);
    // Feeds nobody watches any more go first.
    feeds.retain(|_, feed| feed.sender.receiver_count() > 0);
    for row in rows {
        let mut frame = None;
        for feed in feeds.values() {
            if feed.topics.contains(&row.topic) {
                let frame = frame.get_or_insert_with(|| Frame::of(row)).clone();
                let viewers = feed.sender.send(frame).unwrap_or(0);
                inner.delivered.fetch_add(viewers as u64, Ordering::Relaxed);
            }
        }
    }
}
