//! `clubhouse move-to-postgres`: every SQLite file of a stopped app (or of a `clubhouse
//! backup` snapshot) copied into an empty PostgreSQL database, one schema per file, each
//! table checked on arrival by its row count and checksum.
//!
//! The target must hold no table at all, so nothing there is ever overwritten. A failed
//! move drops the schemas it made, leaving the database empty again for another try.

use std::path::Path;

use anyhow::{Context, bail, ensure};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::copy::{self, Checksum};
use super::tenant::whole_club;
use super::{Conn, Store, postgres};

/// One table moved.
#[derive(Debug, Clone)]
pub struct Moved {
    pub store: &'static str,
    pub table: String,
    pub checksum: Checksum,
}

/// Copies the files of `stores` in `from` into the empty database at `url`, calling `moved`
/// after each table. The cache is not copied (its schema is made empty: pages fill it
/// again). Blocking.
pub fn run(
    from: &Path,
    stores: &[Store],
    url: &str,
    mut moved: impl FnMut(&Moved),
) -> anyhow::Result<Vec<Moved>> {
    ensure!(
        url.starts_with("postgres://") || url.starts_with("postgresql://"),
        "--to must be a postgres:// URL"
    );
    check_files(from, stores)?;
    refuse_non_empty(url, stores)?;
    // Every file is held still while it is copied: a write lock on each, taken before any
    // is read, so the copy is of one moment and a running app is noticed instead of losing
    // what it writes meanwhile.
    let mut sources = Vec::with_capacity(stores.len());
    for store in stores {
        sources.push((*store, hold(&from.join(store.file_name()))?));
    }
    let mut done = Vec::new();
    let outcome = sources.iter_mut().try_for_each(|(store, source)| {
        move_store(source, *store, url, |m| {
            moved(&m);
            done.push(m);
        })
        .with_context(|| format!("moving {}", store.file_name()))
    });
    if let Err(e) = outcome {
        return Err(match drop_schemas(url, stores) {
            Ok(()) => e.context("nothing was kept: the target database is empty again"),
            Err(left) => e.context(format!(
                "and the schemas made so far could not be dropped ({left:#}): drop them \
                 (DROP SCHEMA … CASCADE) before trying again"
            )),
        });
    }
    Ok(done)
}

/// Every file of `stores` is in `from`, and no other database file is (a sport the settings
/// do not name would be left behind).
fn check_files(from: &Path, stores: &[Store]) -> anyhow::Result<()> {
    let expected: Vec<String> = stores.iter().map(|s| s.file_name()).collect();
    for name in &expected {
        let file = from.join(name);
        ensure!(
            file.is_file(),
            "{} is missing: move-to-postgres copies every database file of the app \
             (CLUBHOUSE_DB_DIR, or --from a `clubhouse backup` snapshot)",
            file.display()
        );
    }
    let entries = std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))?;
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".db") && !expected.contains(&name) {
            bail!(
                "{} holds {name}, which this server's CLUBHOUSE_SPORTS does not name: set \
                 CLUBHOUSE_SPORTS to every sport the files hold, so that none is left behind",
                from.display()
            );
        }
    }
    Ok(())
}

/// The SQLite file at `path`, opened and locked for writing (nobody changes it until the
/// move is over).
fn hold(path: &Path) -> anyhow::Result<Conn> {
    let name = path.display().to_string();
    let mut conn = Conn::Sqlite(
        diesel::SqliteConnection::establish(&name).with_context(|| format!("opening {name}"))?,
    );
    conn.batch_execute("PRAGMA busy_timeout = 2000; BEGIN IMMEDIATE;")
        .with_context(|| {
            format!(
                "{name} is being written: stop the app first (or move from a `clubhouse \
                 backup` snapshot)"
            )
        })?;
    Ok(conn)
}

/// `url` without its password, to print.
fn shown(url: &str) -> String {
    match url.split_once("://").and_then(|(scheme, rest)| {
        let (credentials, host) = rest.split_once('@')?;
        let user = credentials.split(':').next().unwrap_or("");
        Some(format!("{scheme}://{user}@{host}"))
    }) {
        Some(safe) => safe,
        None => url.to_string(),
    }
}

/// The database must hold no table outside PostgreSQL's own catalogs, and no schema of a
/// store (which a failed move would otherwise drop).
fn refuse_non_empty(url: &str, stores: &[Store]) -> anyhow::Result<()> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let mut conn = diesel::PgConnection::establish(url)
        .with_context(|| format!("connecting to {}", shown(url)))?;
    let names: Vec<String> = stores.iter().map(|s| s.name().to_string()).collect();
    let held: Vec<Held> = diesel::sql_query(
        "SELECT n.nspname::text || '.' || c.relname::text AS name FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') \
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
           AND n.nspname NOT LIKE 'pg_toast%' \
         UNION ALL SELECT nspname::text FROM pg_namespace WHERE nspname = ANY($1) \
         ORDER BY 1 LIMIT 5",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(&names)
    .load(&mut conn)
    .context("listing what the target holds")?;
    if !held.is_empty() {
        let names: Vec<String> = held.into_iter().map(|h| h.name).collect();
        bail!(
            "the target database is not empty (it holds {}…): move-to-postgres only fills \
             an empty database, so nothing there is overwritten",
            names.join(", ")
        );
    }
    Ok(())
}

/// One file into its schema, in one transaction of the target.
fn move_store(
    source: &mut Conn,
    store: Store,
    url: &str,
    mut moved: impl FnMut(Moved),
) -> anyhow::Result<()> {
    let name = store.file_name();
    let (mut target, _) = postgres::migrate(url, store)
        .with_context(|| format!("creating the schema {}", store.name()))?;
    if store == Store::Cache {
        return Ok(());
    }
    let tables = copy::tables(source).with_context(|| format!("listing {name}'s tables"))?;
    let expected = copy::tables(&mut target)
        .with_context(|| format!("listing the schema {}'s tables", store.name()))?;
    ensure!(
        tables == expected,
        "{name} has the tables {tables:?} but this version's schema {} has {expected:?}: \
         run `clubhouse migrate` on the files with this version first",
        store.name()
    );
    let sequences = copy::sqlite_sequences(source)
        .with_context(|| format!("reading {name}'s sqlite_sequence"))?;
    target.transaction(|target| -> anyhow::Result<()> {
        let order = whole_club::in_delete_order(target, tables.clone())
            .context("ordering the tables by their foreign keys")?;
        // The migrations seed a few rows (tax rates): the file's own rows replace them.
        // Triggers stay off while rows arrive, since the counts they keep arrive with the
        // rows.
        for table in &order {
            target
                .batch_execute(&format!(
                    "ALTER TABLE \"{table}\" DISABLE TRIGGER USER; DELETE FROM \"{table}\";"
                ))
                .with_context(|| format!("emptying {}.{table}", store.name()))?;
        }
        for table in order.iter().rev() {
            let checksum = move_table(source, target, table, &sequences)
                .with_context(|| format!("moving {}.{table}", store.name()))?;
            moved(Moved {
                store: store.name(),
                table: table.clone(),
                checksum,
            });
        }
        for table in &order {
            target
                .batch_execute(&format!("ALTER TABLE \"{table}\" ENABLE TRIGGER USER;"))
                .with_context(|| format!("turning {}.{table}'s triggers back on", store.name()))?;
        }
        Ok(())
    })
}

/// One table: copied, its identity moved past every used id, and checked.
fn move_table(
    source: &mut Conn,
    target: &mut Conn,
    table: &str,
    sequences: &[(String, i64)],
) -> anyhow::Result<Checksum> {
    let columns = copy::columns(source, table)?;
    let target_columns = copy::columns(target, table)?;
    let names = |cs: &[copy::Column]| {
        let mut names: Vec<String> = cs.iter().map(|c| c.name.clone()).collect();
        names.sort();
        names
    };
    ensure!(
        names(&columns) == names(&target_columns),
        "the columns differ: {:?} in the file, {:?} in PostgreSQL",
        names(&columns),
        names(&target_columns)
    );
    let rows = copy::rows(source, table, &columns, None)?;
    let sent = copy::checksum(&rows)?;
    copy::insert(target, table, &columns, &rows)?;
    let floor = sequences
        .iter()
        .find(|(name, _)| name == table)
        .map_or(0, |(_, seq)| *seq);
    copy::advance_identity(target, table, floor)?;
    let arrived = copy::checksum(&copy::rows(target, table, &target_columns, None)?)?;
    ensure!(
        sent == arrived,
        "what arrived ({arrived}) is not what was sent ({sent})"
    );
    Ok(arrived)
}

/// After a failure: the schemas this move made, dropped (the target held none before).
fn drop_schemas(url: &str, stores: &[Store]) -> anyhow::Result<()> {
    let mut conn = diesel::PgConnection::establish(url)
        .with_context(|| format!("reconnecting to {}", shown(url)))?;
    let names: Vec<&str> = stores.iter().map(|s| s.name()).collect();
    conn.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {} CASCADE",
        names.join(", ")
    ))
    .context("dropping the schemas")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn a_printed_url_keeps_no_password() {
        assert_eq!(
            shown("postgres://clubhouse:s3cret@db.internal/clubhouse"),
            "postgres://clubhouse@db.internal/clubhouse"
        );
        assert_eq!(
            shown("postgres:///db?host=/run/pg"),
            "postgres:///db?host=/run/pg"
        );
    }
}
