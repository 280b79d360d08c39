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
