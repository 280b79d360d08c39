//! Club export: an owner or admin asks for the club's data; a job writes it to a standalone
//! SQLite file under `<db dir>/exports/`, reporting its progress live; the page offers the
//! file for download.
//!
//! The file holds every row with the club's `org_id` in its sport's file (same tables, same
//! definitions), the club's own settings from `shared.db`, and its members' public data
//! (name and role — no email, password hash or session). It is read in one snapshot of
//! each file, so it is consistent even while the club keeps working.

use crate::db::Conn;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::auth::AccountId;
use crate::db::schema::shared::{club_export_files, club_exports};
use crate::db::tenant::whole_club;
use crate::db::{Databases, DbError, OrgId};
use crate::jobs::Job;
use crate::jobs::relay;

/// Folder of finished exports, inside the database directory.
pub const FOLDER: &str = "exports";
/// Exports listed on the page.
const LISTED: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = club_exports)]
pub struct ClubExport {
    pub id: i64,
    pub org_id: OrgId,
    pub requested_by: AccountId,
    /// queued, running, done or failed.
    pub state: String,
    pub tables_done: i64,
    pub tables_total: i64,
    pub rows_copied: i64,
    pub file_name: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

impl ClubExport {
    pub fn is_done(&self) -> bool {
        self.state == "done" && self.file_name.is_some()
    }

    pub fn is_failed(&self) -> bool {
        self.state == "failed"
    }

    /// Percent of the tables written.
    pub fn percent(&self) -> i64 {
        super::percent_done(&self.state, self.tables_done, self.tables_total)
    }
}

/// Records the request and, in the same transaction, the job that will do it. While one of
/// the club's exports is still waiting or running, that one is the answer (a double click
/// makes one export, not two).
pub fn request(
    conn: &mut Conn,
    org: OrgId,
    account: AccountId,
    now: i64,
) -> Result<ClubExport, DbError> {
    let unfinished: Option<ClubExport> = club_exports::table
        .filter(club_exports::org_id.eq(org))
        .filter(club_exports::state.eq_any(["queued", "running"]))
        .select(ClubExport::as_select())
        .first(conn)
        .optional()?;
    if let Some(export) = unfinished {
        return Ok(export);
    }
    let export: ClubExport = diesel::insert_into(club_exports::table)
        .values((
            club_exports::org_id.eq(org),
            club_exports::requested_by.eq(account),
            club_exports::state.eq("queued"),
            club_exports::tables_done.eq(0),
            club_exports::tables_total.eq(0),
            club_exports::rows_copied.eq(0),
            club_exports::created_at.eq(now),
        ))
        .returning(crate::db::columns_of::<ClubExport>())
        .get_result(conn)?;
    relay::push(conn, &Job::ExportClub { export: export.id })?;
    Ok(export)
}

/// The club's newest exports.
pub fn of_club(conn: &mut Conn, org: OrgId) -> QueryResult<Vec<ClubExport>> {
    club_exports::table
        .filter(club_exports::org_id.eq(org))
        .order(club_exports::id.desc())
        .limit(LISTED)
        .select(ClubExport::as_select())
        .load(conn)
}

/// One of the club's exports.
pub fn find(conn: &mut Conn, org: OrgId, id: i64) -> QueryResult<Option<ClubExport>> {
    club_exports::table
        .filter(club_exports::org_id.eq(org))
        .filter(club_exports::id.eq(id))
        .select(ClubExport::as_select())
        .first(conn)
        .optional()
}

fn by_id(conn: &mut Conn, id: i64) -> QueryResult<Option<ClubExport>> {
    club_exports::table
        .find(id)
        .select(ClubExport::as_select())
        .first(conn)
        .optional()
}

/// Removes exports finished before `before` (unix seconds), files first; returns how many.
/// Their files hold a club's data: they are not kept longer than they are useful.
pub async fn remove_finished_before(
    dbs: &Databases,
    db_dir: &Path,
    before: i64,
) -> anyhow::Result<usize> {
    let old: Vec<ClubExport> = dbs
        .shared
        .read(move |conn| {
            club_exports::table
                .filter(club_exports::finished_at.lt(before))
                .select(ClubExport::as_select())
                .load(conn)
                .map_err(DbError::from)
        })
        .await?;
    let mut removed = Vec::with_capacity(old.len());
    for export in old {
        if let Some(name) = &export.file_name {
            let path = file_path(db_dir, name);
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    tracing::warn!(error = %e, path = %path.display(), "cannot remove an old export");
                    continue;
                }
            }
        }
        removed.push(export.id);
    }
    let count = removed.len();
    dbs.shared
        .write(move |conn| {
            diesel::delete(club_exports::table.filter(club_exports::id.eq_any(removed)))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await?;
    Ok(count)
}

/// Where an export's file is.
pub fn file_path(db_dir: &Path, file_name: &str) -> PathBuf {
    db_dir.join(FOLDER).join(file_name)
}

/// Progress as the writer reports it.
#[derive(Debug, Clone, Copy)]
struct Progress {
    done: i64,
    total: i64,
    rows: i64,
}

/// The job: writes the file, keeping the row — and, live, the admins' pages — up to date.
pub async fn run(dbs: &Arc<Databases>, db_dir: &Path, id: i64) -> anyhow::Result<()> {
    let Some(export) = dbs
        .shared
        .read(move |conn| by_id(conn, id).map_err(DbError::from))
        .await?
    else {
        return Ok(()); // the club was deleted meanwhile, and its exports with it
    };
    let org = export.org_id;
    let club = dbs
        .shared
        .read(move |conn| super::by_id(conn, org).map_err(DbError::from))
        .await?
        .context("the club of this export is gone")?;
    let sport_db = dbs
        .sport(club.sport)
        .with_context(|| format!("this server does not run {}", club.sport))?;
    let folder = db_dir.join(FOLDER);
    tokio::fs::create_dir_all(&folder)
        .await
        .with_context(|| format!("creating {}", folder.display()))?;
    let token = format!("{:016x}", rand::random::<u64>());
    let file_name = format!("club-{}-export-{id}-{token}.sqlite", org.0);
    let partial = folder.join(format!(".{file_name}.partial"));
    let shown = |row: ClubExport| crate::live::exports::publish(dbs, &club, row);
    shown(update(dbs, id, "running", None, None).await?).await;

    // On PostgreSQL the club's rows are first copied into SQLite files of the same schema
    // (named like the export, so deleting the club removes them too if a crash left them),
    // from which the export is made exactly as from the app's own files.
    let staged = sport_db.is_postgres().then(|| Staged {
        sport: folder.join(format!(".{file_name}.stage-sport")),
        shared: folder.join(format!(".{file_name}.stage-shared")),
    });
    let written = async {
        let (sport, shared) = match &staged {
            Some(staged) => {
                stage_from_postgres(dbs, sport_db, org, staged).await?;
                (staged.sport.clone(), staged.shared.clone())
            }
            None => (
                sport_db.path().to_path_buf(),
                dbs.shared.path().to_path_buf(),
            ),
        };
        write_reporting(dbs, id, &shown, &partial, sport, shared, org).await
    }
    .await;
    if let Some(staged) = staged {
        staged.remove().await;
    }
    let outcome = match written {
        Ok(()) if dbs.shared.is_postgres() => keep_in_database(dbs, id, &partial).await,
        Ok(()) => {
            let path = folder.join(&file_name);
            match tokio::fs::rename(&partial, &path).await {
                Ok(()) => Ok(tokio::fs::metadata(&path)
                    .await
                    .map(|m| m.len())
                    .unwrap_or(0) as i64),
                Err(e) => {
                    Err(e).with_context(|| format!("moving the export to {}", path.display()))
                }
            }
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(bytes) => {
            let row = update(dbs, id, "done", Some((file_name, bytes)), None).await?;
            tracing::info!(club = %club.slug, export = id, bytes, "club exported");
            shown(row).await;
            Ok(())
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(&partial).await;
            let message = format!("{e:#}");
            shown(update(dbs, id, "failed", None, Some(message.clone())).await?).await;
            anyhow::bail!(message)
        }
    }
}

/// With several nodes (PostgreSQL), the finished file goes into the database, so whichever
/// node a download reaches serves it; the local copy is removed. Its size.
async fn keep_in_database(dbs: &Databases, id: i64, partial: &Path) -> anyhow::Result<i64> {
    let bytes = tokio::fs::read(partial)
        .await
        .with_context(|| format!("reading {}", partial.display()))?;
    let size = bytes.len() as i64;
    dbs.shared
        .write(move |conn| {
            diesel::insert_into(club_export_files::table)
                .values((
                    club_export_files::export_id.eq(id),
                    club_export_files::bytes.eq(bytes),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await
        .context("keeping the export in the database")?;
    if let Err(e) = tokio::fs::remove_file(partial).await {
        tracing::warn!(error = %e, path = %partial.display(), "cannot remove a stored export's file");
    }
    Ok(size)
}

/// The file of a finished export kept in the database (PostgreSQL), if it is there.
pub fn stored_file(conn: &mut Conn, id: i64) -> QueryResult<Option<Vec<u8>>> {
    club_export_files::table
        .find(id)
        .select(club_export_files::bytes)
        .first(conn)
        .optional()
}

/// Writes the file at `partial` from the two source files, keeping the export's row (and,
/// live, the admins' pages) up to date as tables are done.
async fn write_reporting<F: std::future::Future<Output = ()>>(
    dbs: &Databases,
    id: i64,
    shown: &impl Fn(ClubExport) -> F,
    partial: &Path,
    sport: PathBuf,
    shared: PathBuf,
    org: OrgId,
) -> anyhow::Result<()> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Progress>();
    let target = partial.to_path_buf();
    let writer = tokio::task::spawn_blocking(move || {
        write_file(&target, &sport, &shared, org, |p| {
            let _ = tx.send(p);
        })
    });
    while let Some(progress) = rx.recv().await {
        let row = dbs
            .shared
            .write(move |conn| {
                diesel::update(club_exports::table.find(id))
                    .set((
                        club_exports::tables_done.eq(progress.done),
                        club_exports::tables_total.eq(progress.total),
                        club_exports::rows_copied.eq(progress.rows),
                    ))
                    .returning(crate::db::columns_of::<ClubExport>())
                    .get_result(conn)
                    .map_err(DbError::from)
            })
            .await?;
        shown(row).await;
    }
    writer.await.context("the export thread stopped")?
}

async fn update(
    dbs: &Databases,
    id: i64,
    state: &'static str,
    file: Option<(String, i64)>,
    error: Option<String>,
) -> anyhow::Result<ClubExport> {
    let finished = matches!(state, "done" | "failed").then(crate::auth::now);
    Ok(dbs
        .shared
        .write(move |conn| {
            diesel::update(club_exports::table.find(id))
                .set((
                    club_exports::state.eq(state),
                    club_exports::file_name.eq(file.as_ref().map(|f| f.0.clone())),
                    club_exports::bytes.eq(file.as_ref().map(|f| f.1)),
                    club_exports::error.eq(error),
                    club_exports::finished_at.eq(finished),
                ))
                .returning(crate::db::columns_of::<ClubExport>())
                .get_result(conn)
                .map_err(DbError::from)
        })
        .await?)
}

/// The club's rows of a PostgreSQL database, in SQLite files of the two stores' schemas.
struct Staged {
    sport: PathBuf,
    shared: PathBuf,
}

impl Staged {
    async fn remove(self) {
        for path in [self.sport, self.shared] {
            match tokio::fs::remove_file(&path).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    tracing::warn!(error = %e, path = %path.display(), "cannot remove a staged export file");
                }
            }
        }
    }
}

/// Copies the club's rows out of PostgreSQL (one snapshot per store) into SQLite files
/// beside the export: every `org_id` table of its sport, and of the shared store what the
/// export takes (the club, its members' accounts and memberships, its settings).
async fn stage_from_postgres(
    dbs: &Databases,
    sport: &crate::db::Database,
    org: OrgId,
    staged: &Staged,
) -> anyhow::Result<()> {
    use crate::db::copy;
    let sport_name = sport.store().name();
    let club_rows = sport
        .read(move |conn| {
            let mut out = Vec::new();
            for table in whole_club::tables(conn, "main")? {
                let named = |e| DbError::query(&format!("{} {table}", sport_name), e);
                let columns = copy::columns(conn, &table).map_err(named)?;
                let rows = copy::rows(conn, &table, &columns, Some(&format!("org_id = {}", org.0)))
                    .map_err(named)?;
                out.push(copy::Rows {
                    table,
                    columns,
                    rows,
                });
            }
            Ok::<_, DbError>(out)
        })
        .await?;
    let shared_rows = dbs
        .shared
        .read(move |conn| {
            let members = format!(
                "id IN (SELECT account_id FROM memberships WHERE org_id = {})",
                org.0
            );
            let of_club = format!("org_id = {}", org.0);
            let wanted = [
                ("orgs", format!("id = {}", org.0)),
                ("accounts", members),
                ("memberships", of_club.clone()),
            ]
            .into_iter()
            .chain(SHARED_TABLES.iter().map(|t| (*t, of_club.clone())));
            let mut out = Vec::new();
            for (table, filter) in wanted {
                let named = |e| DbError::query(&format!("shared {table}"), e);
                let columns = copy::columns(conn, table).map_err(named)?;
                let rows = copy::rows(conn, table, &columns, Some(&filter)).map_err(named)?;
                out.push(copy::Rows {
                    table: table.to_string(),
                    columns,
                    rows,
                });
            }
            Ok::<_, DbError>(out)
        })
        .await?;
    let (sport_path, shared_path) = (staged.sport.clone(), staged.shared.clone());
    let store = sport.store();
    tokio::task::spawn_blocking(move || {
        copy::sqlite_file_of(&sport_path, store, &club_rows)?;
        copy::sqlite_file_of(&shared_path, crate::db::Store::Shared, &shared_rows)
    })
    .await
    .context("the staging thread stopped")?
    .context("copying the club's rows out of PostgreSQL")
}

/// The tables of `shared.db` that hold the club's own settings, copied as they are.
const SHARED_TABLES: [&str; 2] = ["club_taxes", "receipt_details"];

/// Writes the standalone file at `out` from the two source files, in one read snapshot of
/// each. Blocking.
fn write_file(
    out: &Path,
    sport: &Path,
    shared: &Path,
    org: OrgId,
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<()> {
    let _ = std::fs::remove_file(out);
    let name = out.display().to_string();
    // The export is an SQLite file, whichever backend the app runs on.
    let mut conn = Conn::Sqlite(
        diesel::SqliteConnection::establish(&name).with_context(|| format!("creating {name}"))?,
    );
    for (path, alias) in [(sport, "sport"), (shared, "shared")] {
        diesel::sql_query(format!("ATTACH DATABASE ? AS {alias}"))
            .bind::<diesel::sql_types::Text, _>(path.display().to_string())
            .execute(&mut conn)
            .with_context(|| format!("opening {}", path.display()))?;
    }
    // The new file needs no journal (a failed export is thrown away) and no foreign-key
    // checks (the club settings point at `orgs`, which it holds as `club`); the attached
    // files are only read, in one snapshot each, and keep their own settings.
    conn.batch_execute(
        "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = OFF; \
         PRAGMA main.journal_mode = OFF; PRAGMA main.synchronous = OFF; BEGIN;",
    )
    .context("starting the export")?;
    let tables = whole_club::tables(&mut conn, "sport")?;
    let total = (tables.len() + SHARED_TABLES.len() + 3) as i64;
    let mut done = 0;
    let mut rows = 0;
    progress(Progress { done, total, rows });
    let mut step = |copied: usize| {
        done += 1;
        rows += copied as i64;
        progress(Progress { done, total, rows });
    };
    for (schema, table) in tables
        .iter()
        .rev()
        .map(|t| ("sport", t.as_str()))
        .chain(SHARED_TABLES.iter().map(|t| ("shared", *t)))
    {
        let copied = copy_table(&mut conn, schema, table, org)?;
        step(copied);
    }
    let club = diesel::sql_query(
        "CREATE TABLE club AS SELECT id, slug, sport, name, region, created_at \
         FROM shared.orgs WHERE id = ?",
    );
    let club_rows = club.bind::<BigInt, _>(org).execute(&mut conn)?;
    step(club_rows);
    let members = diesel::sql_query(
        "CREATE TABLE members AS SELECT a.id AS account_id, a.name AS name, m.role AS role, \
         m.created_at AS member_since FROM shared.memberships m \
         JOIN shared.accounts a ON a.id = m.account_id WHERE m.org_id = ? ORDER BY a.name",
    )
    .bind::<BigInt, _>(org)
    .execute(&mut conn)?;
    step(members);
    diesel::sql_query(
        "CREATE TABLE export_info AS SELECT ? AS club_id, ? AS exported_at, ? AS made_by",
    )
    .bind::<BigInt, _>(org)
    .bind::<BigInt, _>(crate::auth::now())
    .bind::<diesel::sql_types::Text, _>(format!("Clubhouse {}", env!("CARGO_PKG_VERSION")))
    .execute(&mut conn)?;
    step(1);
    conn.batch_execute("COMMIT; DETACH DATABASE sport; DETACH DATABASE shared;")?;
    let Conn::Sqlite(file) = &mut conn else {
        anyhow::bail!("the export is an SQLite file");
    };
    let verdict = crate::db::pragma_text(file, "integrity_check")?;
    anyhow::ensure!(
        verdict == "ok",
        "the export failed its integrity check: {verdict}"
    );
    Ok(())
}

/// Creates `table` in the export as `schema` defines it and copies the club's rows.
fn copy_table(conn: &mut Conn, schema: &str, table: &str, org: OrgId) -> anyhow::Result<usize> {
    #[derive(QueryableByName)]
    struct Definition {
        #[diesel(sql_type = diesel::sql_types::Text)]
        sql: String,
    }
    let definition: Definition = diesel::sql_query(format!(
        "SELECT sql FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?"
    ))
    .bind::<diesel::sql_types::Text, _>(table)
    .get_result(conn)
    .with_context(|| format!("reading the definition of {schema}.{table}"))?;
    conn.batch_execute(&definition.sql)
        .with_context(|| format!("creating {table}"))?;
    diesel::sql_query(format!(
        "INSERT INTO main.\"{table}\" SELECT * FROM {schema}.\"{table}\" WHERE org_id = ?"
    ))
    .bind::<BigInt, _>(org)
    .execute(conn)
    .with_context(|| format!("copying {schema}.{table}"))
    .and_then(|n| {
        // Webhook signing secrets are credentials, not the club's data: not in the file.
        if table == "webhook_endpoints" {
            conn.batch_execute(
                "UPDATE main.webhook_endpoints SET secret = '(not exported)', previous_secret = NULL",
            )
            .context("leaving the webhook secrets out")?;
        }
        Ok(n)
    })
}
