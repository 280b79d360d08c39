//! The storage core on real files: pragmas, STRICT tables, the single writer with group
//! commit, readers during writes, migrations on restart, and club scoping.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use clubhouse::clubs::sheets;
use clubhouse::db::tenant::OrgScope;
use clubhouse::db::{
    Conn, Database, Databases, DbError, Durability, OrgId, Store, pragma_int, pragma_text,
};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::support::{TestApp, close, open_databases, open_file};

#[derive(QueryableByName, Debug)]
struct TableInfo {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    strict: i64,
}

fn tables(conn: &mut SqliteConnection) -> QueryResult<Vec<TableInfo>> {
    diesel::sql_query(
        "SELECT name, strict FROM pragma_table_list
         WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .load(conn)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_file_has_its_pragmas_and_only_strict_tables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = open_databases(dir.path()).await;
    let names: Vec<String> = dbs.all().map(|db| db.store().file_name()).collect();
    assert_eq!(
        names,
        [
            "shared.db",
            "queue.db",
            "cache.db",
            "live.db",
            "curling.db",
            "pickleball.db"
        ]
    );
    for db in dbs.all() {
        let file = db.store().file_name();
        assert!(db.path().is_file(), "{file} exists on disk");
        let synchronous = match db.store().durability() {
            Durability::Full => 2,
            Durability::Normal => 1,
        };
        if matches!(db.store(), Store::Shared | Store::Queue | Store::Sport(_)) {
            assert_eq!(
                synchronous, 2,
                "{file} holds accepted data: synchronous=FULL"
            );
        }
        for (side, query_only) in [("reader", 1), ("writer", 0)] {
            let file = file.clone();
            let check = move |conn: &mut Conn| -> Result<(), DbError> {
                let conn = crate::support::sqlite(conn);
                assert_eq!(pragma_text(conn, "journal_mode")?, "wal", "{file} {side}");
                assert_eq!(pragma_int(conn, "busy_timeout")?, 5000, "{file} {side}");
                assert_eq!(pragma_int(conn, "foreign_keys")?, 1, "{file} {side}");
                assert_eq!(pragma_int(conn, "temp_store")?, 2, "{file} {side}: MEMORY");
                assert!(
                    pragma_int(conn, "cache_size")? < -1000,
                    "{file} {side}: sized cache"
                );
                assert_eq!(
                    pragma_int(conn, "synchronous")?,
                    synchronous,
                    "{file} {side}"
                );
                assert_eq!(pragma_int(conn, "query_only")?, query_only, "{file} {side}");
                let tables = tables(conn)?;
                assert!(tables.len() >= 2, "{file} has its tables: {tables:?}");
                for table in tables {
                    assert_eq!(
                        table.strict, 1,
                        "{file}: table {} is not STRICT",
                        table.name
                    );
                }
                Ok(())
            };
            if side == "reader" {
                db.read(check).await.expect("reader checks");
            } else {
                db.write(check).await.expect("writer checks");
            }
        }
    }
    close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_cannot_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = open_databases(dir.path()).await;
    let club = OrgScope::new(OrgId(1));
    let attempt = dbs
        .sport(clubhouse::sports::Sport::Curling)
        .expect("curling file")
        .read(move |conn| sheets::add(conn, &club, "A", 0).map_err(DbError::from))
        .await;
    assert!(attempt.is_err(), "a read connection refused the insert");
    close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_writers_all_commit_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let club = OrgScope::new(OrgId(7));
    let mut tasks = Vec::new();
    for i in 0..200 {
        let dbs = dbs.clone();
        tasks.push(tokio::spawn(async move {
            let curling = dbs
                .sport(clubhouse::sports::Sport::Curling)
                .expect("curling");
            curling
                .write(move |conn| {
                    sheets::add(conn, &club, &format!("Sheet {i}"), i).map_err(DbError::from)
                })
                .await
        }));
    }
    let mut errors = 0;
    for task in tasks {
        if task.await.expect("task ran").is_err() {
            errors += 1;
        }
    }
    assert_eq!(errors, 0, "no writer saw an error");
    let curling = dbs
        .sport(clubhouse::sports::Sport::Curling)
        .expect("curling");
    let rows = curling
        .read(move |conn| sheets::list(conn, &club).map_err(DbError::from))
        .await
        .expect("read back");
    assert_eq!(rows.len(), 200, "every row is present");
    // Each closure read max(position) and added one: only serialized writes give 1..=200.
    let positions: BTreeSet<i64> = rows.iter().map(|s| s.position).collect();
    assert_eq!(positions, (1..=200).collect());
    let stats = curling.write_stats();
    assert_eq!(stats.writes, 200);
    assert!(
        stats.groups < 200,
        "concurrent writes were grouped: {stats:?}"
    );
    let dbs = Arc::into_inner(dbs).expect("no other owner");
    close(dbs).await;
}

fn insert_org(conn: &mut Conn, slug: &str) -> QueryResult<usize> {
    use clubhouse::db::schema::shared::orgs;
    diesel::insert_into(orgs::table)
        .values((
            orgs::slug.eq(slug),
            orgs::sport.eq("curling"),
            orgs::name.eq(slug),
            orgs::region.eq("CA-ON"),
            orgs::created_at.eq(0),
        ))
        .execute(conn)
}

fn org_slugs(conn: &mut Conn) -> Result<Vec<String>, DbError> {
    use clubhouse::db::schema::shared::orgs;
    Ok(orgs::table
        .select(orgs::slug)
        .order(orgs::slug)
        .load(conn)?)
}

/// Occupies `dbs.shared`'s writer with a closure that runs `first` and then waits for the
/// returned sender, so that the writes queued meanwhile are committed as one group.
async fn hold_shared_writer(
    dbs: &Arc<Databases>,
    first: impl FnOnce(&mut Conn) -> QueryResult<usize> + Send + 'static,
) -> (
    mpsc::Sender<()>,
    tokio::task::JoinHandle<Result<usize, DbError>>,
) {
    let (release, wait) = mpsc::channel::<()>();
    let (started, is_started) = tokio::sync::oneshot::channel();
    let held = tokio::spawn({
        let dbs = dbs.clone();
        async move {
            dbs.shared
                .write(move |conn| {
                    let n = first(conn)?;
                    let _ = started.send(());
                    let _ = wait.recv_timeout(Duration::from_secs(20));
                    Ok::<_, DbError>(n)
                })
                .await
        }
    });
    is_started.await.expect("the held write started");
    (release, held)
}

async fn wait_for_queue(db: &Database, n: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while db.queued_writes() < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "writes never queued"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_closure_in_a_group_rolls_back_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    let (release, held) = hold_shared_writer(&dbs, |_| Ok(0)).await;
    let before = dbs.shared.write_stats();

    let spawn_write = |slug: &'static str, outcome: &'static str| {
        let dbs = dbs.clone();
        tokio::spawn(async move {
            dbs.shared
                .write(move |conn| {
                    insert_org(conn, slug)?;
                    match outcome {
                        "fail" => Err(DbError::Unavailable { file: "test" }),
                        "panic" => panic!("a closure that panics after writing"),
                        _ => Ok(()),
                    }
                })
                .await
        })
    };
    let a = spawn_write("alpha", "ok");
    let b = spawn_write("bravo", "fail");
    let c = spawn_write("charlie", "ok");
    let d = spawn_write("delta", "panic");
    wait_for_queue(&dbs.shared, 4).await;
    release.send(()).expect("release the writer");
    held.await.expect("held task").expect("held write");

    assert!(a.await.expect("task a").is_ok());
    assert!(matches!(
        b.await.expect("task b"),
        Err(DbError::Unavailable { .. })
    ));
    assert!(c.await.expect("task c").is_ok());
    assert!(matches!(
        d.await.expect("task d"),
        Err(DbError::Panicked { .. })
    ));
    let after = dbs.shared.write_stats();
    // `before` was read while the held write's group was still open: it counts too.
    assert_eq!(after.writes - before.writes, 1 + 4);
    assert_eq!(
        after.groups - before.groups,
        1 + 1,
        "the four closures shared one transaction"
    );

    let slugs = dbs.shared.read(org_slugs).await.expect("read back");
    assert_eq!(
        slugs,
        ["alpha", "charlie"],
        "only the failed closures rolled back"
    );
    close(Arc::into_inner(dbs).expect("sole owner")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_see_committed_data_while_a_write_is_in_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = Arc::new(open_databases(dir.path()).await);
    dbs.shared
        .write(|conn| insert_org(conn, "committed").map_err(DbError::from))
        .await
        .expect("first write");

    let (release, held) = hold_shared_writer(&dbs, |conn| insert_org(conn, "in-progress")).await;
    // The writer holds an open transaction with an uncommitted row; readers are not blocked
    // and see only what was committed.
    let during = tokio::time::timeout(Duration::from_secs(2), dbs.shared.read(org_slugs))
        .await
        .expect("a read is not blocked by the write")
        .expect("read during write");
    assert_eq!(during, ["committed"]);

    release.send(()).expect("release");
    held.await.expect("held task").expect("held write");
    let after = dbs.shared.read(org_slugs).await.expect("read after");
    assert_eq!(after, ["committed", "in-progress"]);
    close(Arc::into_inner(dbs).expect("sole owner")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_on_existing_files_keeps_data_and_runs_no_migration_again() {
    let app = TestApp::start().await;
    let first_run: Vec<usize> = app.dbs().all().map(Database::migrations_applied).collect();
    assert!(
        first_run.iter().all(|&n| n > 0),
        "fresh files were migrated: {first_run:?}"
    );
    app.dbs()
        .shared
        .write(|conn| insert_org(conn, "kept").map_err(DbError::from))
        .await
        .expect("write");
    let dir = app.stop().await;

    let app = TestApp::start_in(dir).await;
    let second_run: Vec<usize> = app.dbs().all().map(Database::migrations_applied).collect();
    assert!(
        second_run.iter().all(|&n| n == 0),
        "no migration ran again: {second_run:?}"
    );
    let slugs = app.dbs().shared.read(org_slugs).await.expect("read");
    assert_eq!(slugs, ["kept"]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn club_data_is_scoped_to_its_club() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = open_databases(dir.path()).await;
    let curling = dbs
        .sport(clubhouse::sports::Sport::Curling)
        .expect("curling");
    let (north, south) = (OrgScope::new(OrgId(1)), OrgScope::new(OrgId(2)));
    let south_sheet = curling
        .write(move |conn| -> Result<_, DbError> {
            sheets::add(conn, &north, "A", 0)?;
            sheets::add(conn, &north, "B", 0)?;
            Ok(sheets::add(conn, &south, "A", 0)?)
        })
        .await
        .expect("writes");
    let north_rows = curling
        .read(move |conn| sheets::list(conn, &north).map_err(DbError::from))
        .await
        .expect("read");
    assert_eq!(
        north_rows
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert!(north_rows.iter().all(|s| s.org_id == 1));

    // North cannot rename South's sheet, even knowing its id.
    let changed = curling
        .write(move |conn| {
            sheets::rename(conn, &north, south_sheet.id, "Hacked").map_err(DbError::from)
        })
        .await
        .expect("update runs");
    assert_eq!(changed, 0);
    let south_rows = curling
        .read(move |conn| sheets::list(conn, &south).map_err(DbError::from))
        .await
        .expect("read");
    assert_eq!(south_rows[0].name, "A");
    close(dbs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acknowledged_write_is_in_the_file_after_close() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = open_databases(dir.path()).await;
    dbs.shared
        .write(|conn| insert_org(conn, "durable").map_err(DbError::from))
        .await
        .expect("write");
    close(dbs).await;
    // A plain connection, as any other process would open the file.
    let path = dir.path().join("shared.db");
    let slugs = tokio::task::spawn_blocking(move || {
        let mut conn =
            Conn::Sqlite(SqliteConnection::establish(&path.display().to_string()).expect("open"));
        conn.batch_execute("PRAGMA query_only = 1").expect("pragma");
        org_slugs(&mut conn)
    })
    .await
    .expect("task")
    .expect("read");
    assert_eq!(slugs, ["durable"]);
}

/// A column as a backend stores it: its type, and whether it may be NULL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stored {
    kind: &'static str,
    nullable: bool,
}

/// Every `table!` of a schema module: table → column → (diesel type, nullable).
fn schema_module(file: &str) -> BTreeMap<String, BTreeMap<String, (String, bool)>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("app/db/schema")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("schema module");
    let mut tables = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_suffix('{').and_then(|l| l.split_once(" (")) {
            current = Some(name.0.trim().to_string());
            tables.insert(name.0.trim().to_string(), BTreeMap::new());
        } else if let (Some(table), Some((column, kind))) = (
            &current,
            line.strip_suffix(',').and_then(|l| l.split_once(" -> ")),
        ) {
            let (kind, nullable) = match kind.strip_prefix("Nullable<") {
                Some(inner) => (inner.trim_end_matches('>'), true),
                None => (kind, false),
            };
            tables
                .get_mut(table)
                .expect("table")
                .insert(column.to_string(), (kind.to_string(), nullable));
        }
    }
    assert!(!tables.is_empty(), "no tables read from {}", path.display());
    tables
}

/// What each backend must store a diesel type as.
fn expected(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "BigInt" => ("INTEGER", "bigint"),
        "Text" => ("TEXT", "text"),
        "Binary" => ("BLOB", "bytea"),
        other => panic!("the schema modules use {other}, which both backends must share"),
    }
}

fn check_backend(
    backend: &str,
    store: &str,
    module: &BTreeMap<String, BTreeMap<String, (String, bool)>>,
    found: &BTreeMap<(String, String), Stored>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (table, columns) in module {
        for (column, (kind, nullable)) in columns {
            let (sqlite, pg) = expected(kind);
            let want = if backend == "SQLite" { sqlite } else { pg };
            match found.get(&(table.clone(), column.clone())) {
                None => wrong.push(format!("{backend} {store}: {table}.{column} is missing")),
                Some(s) if s.kind != want => wrong.push(format!(
                    "{backend} {store}: {table}.{column} is {}, the schema module says {kind}",
                    s.kind
                )),
                Some(s) if s.nullable != *nullable => wrong.push(format!(
                    "{backend} {store}: {table}.{column} nullable={}, the schema module says {nullable}",
                    s.nullable
                )),
                Some(_) => {}
            }
        }
    }
    wrong
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = BigInt)]
    nullable: i64,
}

fn stored(rows: Vec<ColumnRow>, kinds: &[&'static str]) -> BTreeMap<(String, String), Stored> {
    rows.into_iter()
        .map(|r| {
            let kind = kinds
                .iter()
                .find(|k| k.eq_ignore_ascii_case(&r.data_type))
                .copied()
                .unwrap_or("other");
            (
                (r.table_name, r.column_name),
                Stored {
                    kind,
                    nullable: r.nullable == 1,
                },
            )
        })
        .collect()
}

#[test]
fn both_backends_hold_every_column_of_the_schema_modules() {
    use clubhouse::sports::Sport;
    let sports = [Sport::Curling, Sport::Pickleball];
    let dir = tempfile::tempdir().expect("temp dir");
    let pg = crate::support::pg_database();
    let mut wrong = Vec::new();
    for store in Store::all(&sports) {
        let file = match store {
            Store::Sport(_) => "sport.rs".to_string(),
            other => format!("{}.rs", other.name()),
        };
        let module = schema_module(&file);
        let mut sqlite = clubhouse::db::Database::open(dir.path(), store, 1)
            .map(|_| open_file(&dir.path().join(store.file_name())))
            .expect("SQLite file");
        let rows: Vec<ColumnRow> = diesel::sql_query(
            "SELECT m.name AS table_name, c.name AS column_name, c.type AS data_type, \
             (c.\"notnull\" = 0 AND c.pk = 0) AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table'",
        )
        .load(&mut sqlite)
        .expect("SQLite columns");
        let found = stored(rows, &["INTEGER", "TEXT", "BLOB"]);
        wrong.extend(check_backend("SQLite", store.name(), &module, &found));

        let (mut conn, applied) =
            clubhouse::db::postgres::migrate(&pg, store).expect("PostgreSQL migrations");
        assert!(applied > 0, "{}: nothing migrated", store.name());
        let rows: Vec<ColumnRow> = diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             data_type::text AS data_type, (is_nullable = 'YES')::int::int8 AS nullable \
             FROM information_schema.columns WHERE table_schema = current_schema()",
        )
        .load(&mut conn)
        .expect("PostgreSQL columns");
        let found = stored(rows, &["bigint", "text", "bytea"]);
        wrong.extend(check_backend("PostgreSQL", store.name(), &module, &found));
        // Migrating again finds nothing to do.
        let (_, again) = clubhouse::db::postgres::migrate(&pg, store).expect("again");
        assert_eq!(again, 0, "{}", store.name());
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
