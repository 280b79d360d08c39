//! The cache: rendered fragments kept in `cache.db`, in the spirit of Solid Cache.
//!
//! Entries are keyed by text and may expire. The file is bounded twice: by the bytes it holds
//! (`CLUBHOUSE_CACHE_MAX_MB`) and by the age of its entries (`CLUBHOUSE_CACHE_MAX_AGE_HOURS`);
//! past either, the oldest entries go first (FIFO, in insertion order — a `set` of an existing
//! key makes it the newest). Eviction runs inside the write that grew the cache, so the bound
//! holds however many processes write the file. Reads run on the file's reader threads; a hit
//! is one indexed lookup.
//!
//! The cache can always be emptied: everything in it is rebuilt from the other files, which
//! is why `cache.db` is neither fsynced per commit nor replicated.

use crate::db::Conn;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::prelude::*;

use crate::db::schema::cache::{cache_entries, cache_totals};
use crate::db::{Database, DbError};

/// How large and how old the cache may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_age: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 256 * 1024 * 1024,
            max_age: Duration::from_secs(14 * 24 * 3600),
        }
    }
}

/// Entries removed per statement while evicting: small enough to keep the write short.
const EVICT_BATCH: i64 = 100;

/// Lookups since the process started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
}

/// What the file holds now (kept by triggers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub entries: i64,
    pub bytes: i64,
}

/// A handle to the cache; clones share the file and the counters.
#[derive(Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

struct Inner {
    db: Arc<crate::db::Databases>,
    limits: Limits,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Cache {
    pub fn new(dbs: Arc<crate::db::Databases>, limits: Limits) -> Self {
        Cache {
            inner: Arc::new(Inner {
                db: dbs,
                limits,
                hits: AtomicU64::new(0),
                misses: AtomicU64::new(0),
            }),
        }
    }

    fn db(&self) -> &Database {
        &self.inner.db.cache
    }

    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// The value under `key`, unless it is missing or expired.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, DbError> {
        let key = key.to_string();
        let now = crate::auth::now();
        let found = self
            .db()
            .read(move |conn| lookup(conn, &key, now).map_err(|e| DbError::query("cache.db", e)))
            .await?;
        let counter = if found.is_some() {
            &self.inner.hits
        } else {
            &self.inner.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(found)
    }

    /// Stores `value` under `key` (replacing what was there), expiring after `ttl` if given.
    pub async fn set(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> Result<(), DbError> {
        self.put(key, value, ttl, Put::Replace).await.map(|_| ())
    }

    /// Stores `value` only if `key` holds nothing live; returns whether it did. A reader
    /// that rendered from an older snapshot uses this, so it never overwrites a newer `set`.
    pub async fn add(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Option<Duration>,
    ) -> Result<bool, DbError> {
        self.put(key, value, ttl, Put::IfAbsent).await
    }

    /// Stores several entries (replacing what was there) in one write.
    pub async fn set_many(
        &self,
        entries: Vec<(String, Vec<u8>)>,
        ttl: Option<Duration>,
    ) -> Result<(), DbError> {
        let now = crate::auth::now();
        let entries = entries
            .into_iter()
            .map(|(key, value)| Entry::new(&key, value, ttl, now))
            .collect();
        self.store_all(entries, Put::Replace).await.map(|_| ())
    }

    async fn put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Option<Duration>,
        how: Put,
    ) -> Result<bool, DbError> {
        let entry = Entry::new(key, value, ttl, crate::auth::now());
        self.store_all(vec![entry], how)
            .await
            .map(|stored| stored > 0)
    }

    /// Stores `entries` in one write; returns how many were stored.
    async fn store_all(&self, entries: Vec<Entry>, how: Put) -> Result<usize, DbError> {
        let limits = self.inner.limits;
        // An entry larger than the whole cache would evict everything else and then itself.
        let entries: Vec<Entry> = entries
            .into_iter()
            .filter(|e| e.byte_size as u64 <= limits.max_bytes)
            .collect();
        if entries.is_empty() {
            return Ok(0);
        }
        self.db()
            .write(move |conn| {
                let mut stored = 0;
                for entry in &entries {
                    let fresh = store(conn, entry, how, limits)
                        .map_err(|e| DbError::query("cache.db", e))?;
                    stored += usize::from(fresh);
                }
                Ok(stored)
            })
            .await
    }

    /// Removes `key`; returns whether it was there.
    pub async fn delete(&self, key: &str) -> Result<bool, DbError> {
        let key = key.to_string();
        self.db()
            .write(move |conn| {
                diesel::delete(cache_entries::table.filter(cache_entries::key.eq(&key)))
                    .execute(conn)
                    .map(|n| n > 0)
                    .map_err(|e| DbError::query("cache.db", e))
            })
            .await
    }

    /// Removes every key that starts with `prefix`; returns how many went.
    pub async fn delete_prefix(&self, prefix: &str) -> Result<usize, DbError> {
        forget(self.db(), prefix).await
    }

    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.inner.hits.load(Ordering::Relaxed),
            misses: self.inner.misses.load(Ordering::Relaxed),
        }
    }

    pub async fn totals(&self) -> Result<Totals, DbError> {
        self.db()
            .read(|conn| totals(conn).map_err(|e| DbError::query("cache.db", e)))
            .await
    }
}

/// Removes every key of the cache file `db` that starts with `prefix` (a range on the key's
/// index), for a process that only needs to forget (a club's deletion job).
pub async fn forget(db: &Database, prefix: &str) -> Result<usize, DbError> {
    let prefix = prefix.to_string();
    db.write(move |conn| delete_prefix(conn, &prefix).map_err(|e| DbError::query("cache.db", e)))
        .await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    Replace,
    IfAbsent,
}

struct Entry {
    key: String,
    value: Vec<u8>,
    byte_size: i64,
    expires_at: Option<i64>,
    created_at: i64,
}

impl Entry {
    fn new(key: &str, value: Vec<u8>, ttl: Option<Duration>, now: i64) -> Self {
        Entry {
            byte_size: (key.len() + value.len()) as i64,
            key: key.to_string(),
            value,
            expires_at: ttl.map(|t| now.saturating_add(t.as_secs().max(1) as i64)),
            created_at: now,
        }
    }
}

fn lookup(conn: &mut Conn, key: &str, now: i64) -> QueryResult<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>, Option<i64>)> = cache_entries::table
        .filter(cache_entries::key.eq(key))
        .select((cache_entries::value, cache_entries::expires_at))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(value, expires_at)| match expires_at {
        Some(at) if at <= now => None,
        _ => Some(value),
    }))
}

fn store(conn: &mut Conn, entry: &Entry, how: Put, limits: Limits) -> QueryResult<bool> {
    let existing = cache_entries::table.filter(cache_entries::key.eq(&entry.key));
    match how {
        // Replacing deletes and inserts, so the entry gets a new id: the newest in FIFO order.
        Put::Replace => diesel::delete(existing).execute(conn)?,
        // An expired entry counts as absent.
        Put::IfAbsent => {
            diesel::delete(existing.filter(cache_entries::expires_at.le(entry.created_at)))
                .execute(conn)?
        }
    };
    let inserted = crate::per_backend!(conn => diesel::insert_into(cache_entries::table)
        .values((
            cache_entries::key.eq(&entry.key),
            cache_entries::value.eq(&entry.value),
            cache_entries::byte_size.eq(entry.byte_size),
            cache_entries::expires_at.eq(entry.expires_at),
            cache_entries::created_at.eq(entry.created_at),
        ))
        .on_conflict(cache_entries::key)
        .do_nothing()
        .execute(conn))?;
    evict(conn, limits, entry.created_at)?;
    Ok(inserted > 0)
}

/// Removes the oldest entries while the cache is over its size, then those past its age.
/// Both walk the table in id order from the start, so each statement touches only what it
/// removes.
fn evict(conn: &mut Conn, limits: Limits, now: i64) -> QueryResult<()> {
    use diesel::sql_types::BigInt;
    const OLDEST: &str = "DELETE FROM cache_entries WHERE id IN \
         (SELECT id FROM cache_entries ORDER BY id LIMIT ?)";
    loop {
        let excess = totals(conn)?.bytes - limits.max_bytes as i64;
        if excess <= 0 {
            break;
        }
        let oldest: Vec<(i64, i64)> = cache_entries::table
            .select((cache_entries::id, cache_entries::byte_size))
            .order(cache_entries::id)
            .limit(EVICT_BATCH)
            .load(conn)?;
        if oldest.is_empty() {
            break;
        }
        // Just enough of the oldest to fit again.
        let mut freed = 0;
        let ids: Vec<i64> = oldest
            .iter()
            .take_while(|(_, size)| {
                let more = freed < excess;
                freed += size;
                more
            })
            .map(|(id, _)| *id)
            .collect();
        diesel::delete(cache_entries::table.filter(cache_entries::id.eq_any(&ids)))
            .execute(conn)?;
    }
    let cutoff = now.saturating_sub(limits.max_age.as_secs() as i64);
    loop {
        let removed = crate::db::sql(conn, &format!("{OLDEST} AND created_at < ?"))
            .bind::<BigInt, _>(EVICT_BATCH)
            .bind::<BigInt, _>(cutoff)
            .execute(conn)?;
        if removed < EVICT_BATCH as usize {
            return Ok(());
        }
    }
}

fn delete_prefix(conn: &mut Conn, prefix: &str) -> QueryResult<usize> {
    let Some(end) = prefix_end(prefix) else {
        return diesel::delete(cache_entries::table).execute(conn);
    };
    diesel::delete(
        cache_entries::table
            .filter(cache_entries::key.ge(prefix))
            .filter(cache_entries::key.lt(end)),
    )
    .execute(conn)
}

/// The smallest string above every string that starts with `prefix` (`None`: no bound,
/// for an empty prefix).
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

fn totals(conn: &mut Conn) -> QueryResult<Totals> {
    let (entries, bytes) = cache_totals::table
        .select((cache_totals::entries, cache_totals::bytes))
        .first::<(i64, i64)>(conn)
        .optional()?
        .unwrap_or((0, 0));
    Ok(Totals { entries, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{Databases, Store};

    fn open() -> (tempfile::TempDir, Conn) {
        let dir = tempfile::tempdir().expect("temp dir");
        let dbs = Databases::open(dir.path(), &[], 1).expect("open");
        drop(dbs);
        let url = dir.path().join(Store::Cache.file_name());
        let conn = Conn::establish(&url.display().to_string()).expect("connect");
        (dir, conn)
    }

    fn put(conn: &mut Conn, key: &str, size: usize, at: i64, limits: Limits) -> bool {
        let entry = Entry::new(key, vec![b'x'; size], None, at);
        store(conn, &entry, Put::Replace, limits).expect("store")
    }

    fn keys(conn: &mut Conn) -> Vec<String> {
        cache_entries::table
            .select(cache_entries::key)
            .order(cache_entries::id)
            .load(conn)
            .expect("keys")
    }

    #[test]
    fn expired_entries_read_as_missing_and_can_be_added_again() {
        let (_dir, mut conn) = open();
        let entry = Entry::new("k", b"old".to_vec(), Some(Duration::from_secs(10)), 1_000);
        assert!(store(&mut conn, &entry, Put::IfAbsent, Limits::default()).expect("store"));
        assert_eq!(
            lookup(&mut conn, "k", 1_009).expect("get"),
            Some(b"old".to_vec())
        );
        assert_eq!(lookup(&mut conn, "k", 1_010).expect("get"), None);
        // While live, `add` leaves it; once expired, `add` replaces it.
        let newer = Entry::new("k", b"new".to_vec(), None, 1_005);
        assert!(!store(&mut conn, &newer, Put::IfAbsent, Limits::default()).expect("add"));
        let later = Entry::new("k", b"new".to_vec(), None, 1_010);
        assert!(store(&mut conn, &later, Put::IfAbsent, Limits::default()).expect("add"));
        assert_eq!(
            lookup(&mut conn, "k", 2_000).expect("get"),
            Some(b"new".to_vec())
        );
    }

    #[test]
    fn the_oldest_entries_go_first_when_the_cache_is_full() {
        let (_dir, mut conn) = open();
        let limits = Limits {
            max_bytes: 1_000,
            max_age: Duration::from_secs(3600),
        };
        for i in 0..5 {
            put(&mut conn, &format!("k{i}"), 199, 100, limits);
        }
        // 5 × 201 bytes > 1,000: the first went.
        assert_eq!(keys(&mut conn), ["k1", "k2", "k3", "k4"]);
        // Setting k1 again makes it the newest, so k2 goes next.
        put(&mut conn, "k1", 199, 100, limits);
        put(&mut conn, "k5", 199, 100, limits);
        assert_eq!(keys(&mut conn), ["k3", "k4", "k1", "k5"]);
        let t = totals(&mut conn).expect("totals");
        assert_eq!((t.entries, t.bytes), (4, 4 * 201));
    }

    #[test]
    fn entries_past_the_age_limit_are_evicted_by_the_next_write() {
        let (_dir, mut conn) = open();
        let limits = Limits {
            max_bytes: 1 << 20,
            max_age: Duration::from_secs(60),
        };
        for i in 0..250 {
            put(&mut conn, &format!("old{i}"), 10, 1_000, limits);
        }
        put(&mut conn, "recent", 10, 1_050, limits);
        assert_eq!(keys(&mut conn).len(), 251);
        put(&mut conn, "now", 10, 1_061, limits);
        assert_eq!(keys(&mut conn), ["recent", "now"]);
        assert_eq!(totals(&mut conn).expect("totals").entries, 2);
    }

    #[test]
    fn a_prefix_delete_leaves_keys_that_only_look_alike() {
        let (_dir, mut conn) = open();
        let limits = Limits::default();
        for key in [
            "event:1:1:en",
            "event:1:1:fr",
            "event:1:12:en",
            "event:1:",
            "event:2:1:en",
        ] {
            put(&mut conn, key, 1, 100, limits);
        }
        assert_eq!(delete_prefix(&mut conn, "event:1:1:").expect("delete"), 2);
        assert_eq!(
            keys(&mut conn),
            ["event:1:12:en", "event:1:", "event:2:1:en"]
        );
        assert_eq!(prefix_end("a:"), Some("a;".to_string()));
        assert_eq!(prefix_end(""), None);
    }
}
