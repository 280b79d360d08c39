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
/// after each table. Blocking.
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
    for store in stores {
        let file = from.join(store.file_name());
        ensure!(
            file.is_file(),
            "{} is missing: move-to-postgres copies every database file of the app \
             (CLUBHOUSE_DB_DIR, or --from a `clubhouse backup` snapshot)",
            file.display()
        );
    }
    refuse_non_empty(url)?;
    let mut done = Vec::new();
    let outcome = stores.iter().try_for_each(|store| {
        move_store(&from.join(store.file_name()), *store, url, |m| {
            moved(&m);
            done.push(m);
        })
    });
    if let Err(e) = outcome {
        drop_schemas(url, stores);
        return Err(e.context("nothing was kept: the target database is empty again"));
    }
    Ok(done)
}

/// The database must hold no table outside PostgreSQL's own catalogs.
fn refuse_non_empty(url: &str) -> anyhow::Result<()> {
    #[derive(QueryableByName)]
    struct Held {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let mut conn =
        diesel::PgConnection::establish(url).with_context(|| format!("connecting to {url}"))?;
    let held: Vec<Held> = diesel::sql_query(
        "SELECT table_schema::text || '.' || table_name::text AS name \
         FROM information_schema.tables \
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1 LIMIT 5",
    )
    .load(&mut conn)
    .context("listing the target's tables")?;
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
    file: &Path,
    store: Store,
    url: &str,
    mut moved: impl FnMut(Moved),
) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let mut source = Conn::Sqlite(
        diesel::SqliteConnection::establish(&name).with_context(|| format!("opening {name}"))?,
    );
    // One read transaction: every table comes from the same moment of the file.
    source
        .batch_execute("PRAGMA query_only = ON; BEGIN;")
        .with_context(|| format!("reading {name}"))?;
    let (mut target, _) = postgres::migrate(url, store)
        .with_context(|| format!("creating the schema {}", store.name()))?;
    let tables = copy::tables(&mut source).with_context(|| format!("listing {name}'s tables"))?;
    let expected = copy::tables(&mut target)?;
    ensure!(
        tables == expected,
        "{name} has the tables {tables:?} but this version's schema {} has {expected:?}: \
         run `clubhouse migrate` on the files with this version first",
        store.name()
    );
    let sequences = copy::sqlite_sequences(&mut source)?;
    target.transaction(|target| -> anyhow::Result<()> {
        let order = whole_club::in_delete_order(target, tables.clone())?;
        // The migrations seed a few rows (tax rates, the cache's totals): the file's own
        // rows replace them. Triggers stay off while rows arrive, since the counts they keep
        // arrive with the rows.
        for table in &order {
            target.batch_execute(&format!(
                "ALTER TABLE \"{table}\" DISABLE TRIGGER USER; DELETE FROM \"{table}\";"
            ))?;
        }
        for table in order.iter().rev() {
            let checksum = move_table(&mut source, target, table, &sequences)
                .with_context(|| format!("moving {}.{table}", store.name()))?;
            moved(Moved {
                store: store.name(),
                table: table.clone(),
                checksum,
            });
        }
        for table in &order {
            target.batch_execute(&format!("ALTER TABLE \"{table}\" ENABLE TRIGGER USER;"))?;
        }
        Ok(())
    })?;
    source.batch_execute("COMMIT;")?;
    Ok(())
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

/// After a failure: the schemas this move made, dropped (the target held nothing before).
fn drop_schemas(url: &str, stores: &[Store]) {
    let Ok(mut conn) = diesel::PgConnection::establish(url) else {
        tracing::error!("cannot reconnect to drop the partly moved schemas");
        return;
    };
    for store in stores {
        if let Err(e) =
            conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", store.name()))
        {
            tracing::error!(schema = store.name(), error = %e, "cannot drop a partly moved schema");
        }
    }
}
