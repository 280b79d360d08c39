//! PostgreSQL past one machine: every store (shared, each sport, queue, cache, live) is a
//! schema of one database, reached by connections whose `search_path` is that schema, so the
//! schema modules' unqualified tables resolve to the store's own.

use diesel::Connection;
use diesel::connection::SimpleConnection;

use super::{Conn, DbError, Store};

/// `url` with the store's schema as the connection's `search_path` (libpq's `options`).
pub fn store_url(url: &str, store: Store) -> String {
    let join = if url.contains('?') { '&' } else { '?' };
    format!("{url}{join}options=-csearch_path%3D{}", store.name())
}

/// A connection to the store's schema, made if it does not exist yet.
pub fn connect(url: &str, store: Store) -> Result<Conn, DbError> {
    let name = store.name();
    let mut conn = diesel::PgConnection::establish(&store_url(url, store)).map_err(|source| {
        DbError::Open {
            file: format!("postgres schema {name}"),
            source,
        }
    })?;
    conn.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {name}"))
        .map_err(|source| DbError::query(name, source))?;
    Ok(Conn::Pg(conn))
}

/// A reader of the store: each closure's queries see one snapshot (as an SQLite read
/// transaction does), and nothing it runs can write.
pub fn reader(url: &str, store: Store) -> Result<Conn, DbError> {
    let mut conn = connect(url, store)?;
    conn.batch_execute(
        "SET default_transaction_isolation = 'repeatable read'; \
         SET default_transaction_read_only = on",
    )
    .map_err(|source| DbError::query(store.name(), source))?;
    Ok(conn)
}

/// The key of the store's write lock (`pg_advisory_xact_lock`), the same on every node.
pub fn lock_key(file: &str) -> i64 {
    // FNV-1a: stable across builds and machines, unlike the standard library's hasher.
    let hash = file.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash as i64
}

/// Connects to the store's schema and brings it up to date; the migrations applied.
pub fn migrate(url: &str, store: Store) -> Result<(Conn, usize), DbError> {
    let mut conn = connect(url, store)?;
    let applied = super::migrations::run(store.name(), &mut conn, store.pg_migrations())?;
    Ok((conn, applied))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_store_has_its_own_lock_and_it_never_changes() {
        assert_ne!(lock_key("curling"), lock_key("pickleball"));
        assert_eq!(lock_key("shared"), lock_key("shared"));
        // Pinned: every node of a cluster, whatever its build, must take the same lock.
        assert_eq!(lock_key(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
    }

    #[test]
    fn each_store_gets_its_own_search_path() {
        assert_eq!(
            store_url("postgres:///clubhouse?host=/run/pg", Store::Queue),
            "postgres:///clubhouse?host=/run/pg&options=-csearch_path%3Dqueue"
        );
        assert_eq!(
            store_url("postgres://db.internal/clubhouse", Store::Shared),
            "postgres://db.internal/clubhouse?options=-csearch_path%3Dshared"
        );
    }
}
