//! Club deletion: an owner types the club's name; in one transaction of `shared.db` the club
//! row goes (its memberships, invitations, taxes, receipt details and exports with it, by
//! cascade), a tombstone is written for audit, and a job is queued to remove every row with
//! the club's `org_id` from every other file — table by table, reporting progress — and its
//! export files. From the first moment the club is gone for everyone: every club page looks
//! it up in `shared.db` first.

use crate::db::Conn;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use anyhow::Context;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text as SqlText};

use super::Club;
use crate::db::schema::shared::{club_deletions, orgs};
use crate::db::tenant::whole_club;
use crate::db::{Database, Databases, DbError, OrgId};
use crate::i18n::Text;
use crate::jobs::Job;
use crate::jobs::relay;
use crate::validation::{ActionError, FieldErrors};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = club_deletions)]
pub struct ClubDeletion {
    pub id: i64,
    /// The deleted club's id (never called org_id: no row keeps a deleted club's org_id).
    pub club_id: i64,
    pub slug: String,
    pub name: String,
    pub sport: String,
    pub region: String,
    pub deleted_by: i64,
    pub deleted_by_email: String,
    /// queued, running, done or failed.
    pub state: String,
    pub tables_done: i64,
    pub tables_total: i64,
    pub rows_deleted: i64,
    pub error: Option<String>,
    pub requested_at: i64,
    pub finished_at: Option<i64>,
}

impl ClubDeletion {
    pub fn is_done(&self) -> bool {
        self.state == "done"
    }

    pub fn percent(&self) -> i64 {
        super::percent_done(&self.state, self.tables_done, self.tables_total)
    }
}

/// Who asks, for the tombstone.
pub struct Deleter<'a> {
    pub account: i64,
    pub email: &'a str,
}

/// Deletes the club if `typed` is its name exactly (surrounding spaces aside).
pub fn request(
    conn: &mut Conn,
    club: &Club,
    by: &Deleter,
    typed: &str,
    now: i64,
) -> Result<ClubDeletion, ActionError> {
    if typed.trim() != club.name {
        return Err(ActionError::Invalid(FieldErrors::one(
            "confirm",
            Text::ClubDeleteNameMismatch,
        )));
    }
    let tombstone: ClubDeletion = diesel::insert_into(club_deletions::table)
        .values((
            club_deletions::club_id.eq(club.id.0),
            club_deletions::slug.eq(&club.slug),
            club_deletions::name.eq(&club.name),
            club_deletions::sport.eq(club.sport.as_str()),
            club_deletions::region.eq(&club.region),
            club_deletions::deleted_by.eq(by.account),
            club_deletions::deleted_by_email.eq(by.email),
            club_deletions::state.eq("queued"),
            club_deletions::tables_done.eq(0),
            club_deletions::tables_total.eq(0),
            club_deletions::rows_deleted.eq(0),
            club_deletions::requested_at.eq(now),
        ))
        .returning(crate::db::columns_of::<ClubDeletion>())
        .get_result(conn)?;
    let gone = diesel::delete(orgs::table.find(club.id)).execute(conn)?;
    if gone == 0 {
        return Err(ActionError::NotFound);
    }
    relay::push(
        conn,
        &Job::DeleteClub {
            deletion: tombstone.id,
        },
    )?;
    Ok(tombstone)
}

/// The newest tombstones, for the operator.
pub fn newest(conn: &mut Conn, limit: i64) -> QueryResult<Vec<ClubDeletion>> {
    club_deletions::table
        .order(club_deletions::id.desc())
        .limit(limit)
        .select(ClubDeletion::as_select())
        .load(conn)
}

/// Rows deleted per write.
const BATCH: usize = 2_000;

pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<ClubDeletion>> {
    club_deletions::table
        .find(id)
        .select(ClubDeletion::as_select())
        .first(conn)
        .optional()
}

/// The job: removes the club's rows from every file, then its export files. Safe to run
/// again after a crash or a failure (recorded on the tombstone): each step deletes what is
/// left.
pub async fn run(dbs: &Arc<Databases>, db_dir: &Path, id: i64) -> anyhow::Result<()> {
    let Some(tombstone) = dbs
        .shared
        .read(move |conn| find(conn, id).map_err(DbError::from))
        .await?
    else {
        return Ok(());
    };
    if tombstone.is_done() {
        return Ok(());
    }
    let outcome = remove_everything(dbs, db_dir, &tombstone).await;
    if let Err(e) = &outcome {
        let error = format!("{e:#}");
        dbs.shared
            .write(move |conn| {
                diesel::update(club_deletions::table.find(id))
                    .set((
                        club_deletions::state.eq("failed"),
                        club_deletions::error.eq(error),
                    ))
                    .execute(conn)
                    .map_err(DbError::from)
            })
            .await?;
    }
    outcome
}

async fn remove_everything(
    dbs: &Arc<Databases>,
    db_dir: &Path,
    tombstone: &ClubDeletion,
) -> anyhow::Result<()> {
    let id = tombstone.id;
    let org = OrgId(tombstone.club_id);
    let mut plan: Vec<(&Database, String)> = Vec::new();
    for db in dbs.all() {
        let tables = db
            .read(|conn| whole_club::tables(conn, "main").map_err(DbError::from))
            .await?;
        plan.extend(tables.into_iter().map(|t| (db, t)));
    }
    // The live log's topics name the club; the export files are the last step.
    let total = plan.len() as i64 + 2;
    let mut deleted = 0;
    progress(dbs, id, "running", 0, total, 0, None).await?;
    for (done, (db, table)) in plan.iter().enumerate() {
        // In batches, so that the file's single writer serves the other clubs in between.
        loop {
            let table = table.clone();
            let removed = db
                .write(move |conn| {
                    // A row's own address: SQLite's rowid, PostgreSQL's ctid.
                    let row = match conn {
                        crate::db::Conn::Sqlite(_) => "rowid",
                        crate::db::Conn::Pg(_) => "ctid",
                    };
                    crate::db::sql(
                        conn,
                        &format!(
                            "DELETE FROM \"{table}\" WHERE {row} IN \
                             (SELECT {row} FROM \"{table}\" WHERE org_id = ? LIMIT {BATCH})"
                        ),
                    )
                    .bind::<BigInt, _>(org)
                    .execute(conn)
                    .map_err(DbError::from)
                })
                .await?;
            deleted += removed as i64;
            if removed < BATCH {
                break;
            }
        }
        progress(dbs, id, "running", done as i64 + 1, total, deleted, None).await?;
    }
    deleted += forget_live_updates(dbs, org).await? as i64;
    // Cached pages are not rows of the club's, but they show its data.
    crate::cache::forget(&dbs.cache, &crate::live::scoreboards::club_prefix(org)).await?;
    progress(dbs, id, "running", total - 1, total, deleted, None).await?;
    remove_exports(db_dir, org).await?;
    progress(
        dbs,
        id,
        "done",
        total,
        total,
        deleted,
        Some(crate::auth::now()),
    )
    .await?;
    tracing::info!(club = %tombstone.slug, rows = deleted, "club deleted");
    Ok(())
}

async fn progress(
    dbs: &Databases,
    id: i64,
    state: &'static str,
    done: i64,
    total: i64,
    rows: i64,
    finished: Option<i64>,
) -> Result<(), DbError> {
    dbs.shared
        .write(move |conn| {
            diesel::update(club_deletions::table.find(id))
                .set((
                    club_deletions::state.eq(state),
                    club_deletions::tables_done.eq(done),
                    club_deletions::tables_total.eq(total),
                    club_deletions::rows_deleted.eq(rows),
                    club_deletions::finished_at.eq(finished),
                    club_deletions::error.eq(None::<String>),
                ))
                .execute(conn)
                .map_err(DbError::from)
        })
        .await?;
    Ok(())
}

#[derive(QueryableByName)]
struct TopicRow {
    #[diesel(sql_type = SqlText)]
    topic: String,
}

/// Removes the club's fragments from the live log (their topics name the club).
async fn forget_live_updates(dbs: &Databases, org: OrgId) -> Result<usize, DbError> {
    dbs.live
        .write(move |conn| {
            let topics: Vec<TopicRow> =
                diesel::sql_query("SELECT DISTINCT topic FROM live_events").load(conn)?;
            let mut removed = 0;
            for row in topics {
                let ours = crate::live::Topic::from_str(&row.topic).is_ok_and(|t| t.org() == org);
                if ours {
                    removed += crate::db::sql(conn, "DELETE FROM live_events WHERE topic = ?")
                        .bind::<SqlText, _>(&row.topic)
                        .execute(conn)?;
                }
            }
            Ok(removed)
        })
        .await
}

/// Removes the club's export files, finished or partial.
async fn remove_exports(db_dir: &Path, org: OrgId) -> anyhow::Result<()> {
    let folder = db_dir.join(super::export::FOLDER);
    let mut entries = match tokio::fs::read_dir(&folder).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", folder.display())),
    };
    let prefix = format!("club-{}-", org.0);
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.trim_start_matches('.').starts_with(&prefix) {
            tokio::fs::remove_file(entry.path())
                .await
                .with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}
