//! Migrations, embedded in the binary and run at start-up on the file's writer connection.
//!
//! Every sport file runs the same `sport` migrations, so adding a sport is adding a file.

use crate::db::Conn;
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbError;

pub const SHARED: EmbeddedMigrations = embed_migrations!("db/migrations/shared");
pub const SPORT: EmbeddedMigrations = embed_migrations!("db/migrations/sport");
pub const QUEUE: EmbeddedMigrations = embed_migrations!("db/migrations/queue");
pub const CACHE: EmbeddedMigrations = embed_migrations!("db/migrations/cache");
pub const LIVE: EmbeddedMigrations = embed_migrations!("db/migrations/live");

/// The same stores on PostgreSQL: a tree of their own (the dialects differ), reaching the same
/// schema, which `tests/storage.rs` checks column by column against the schema modules.
pub mod postgres {
    use diesel_migrations::{EmbeddedMigrations, embed_migrations};

    pub const SHARED: EmbeddedMigrations = embed_migrations!("db/migrations-pg/shared");
    pub const SPORT: EmbeddedMigrations = embed_migrations!("db/migrations-pg/sport");
    pub const QUEUE: EmbeddedMigrations = embed_migrations!("db/migrations-pg/queue");
    pub const CACHE: EmbeddedMigrations = embed_migrations!("db/migrations-pg/cache");
    pub const LIVE: EmbeddedMigrations = embed_migrations!("db/migrations-pg/live");
}

/// Runs the migrations that have not yet run on this file, in one transaction each.
pub fn run(
    file: &'static str,
    conn: &mut Conn,
    migrations: EmbeddedMigrations,
) -> Result<usize, DbError> {
    // Diesel would create its bookkeeping table without STRICT; create it first, STRICT like
    // every other table (diesel only reads and writes `version`).
    if let Conn::Sqlite(_) = conn {
        conn.batch_execute(
            "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
                 version TEXT PRIMARY KEY NOT NULL,
                 run_on TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
             ) STRICT;",
        )
        .map_err(|source| DbError::query(file, source))?;
    }
    let applied = conn
        .run_pending_migrations(migrations)
        .map_err(|e| DbError::Migration {
            file,
            message: e.to_string(),
        })?;
    for version in &applied {
        tracing::info!(file, %version, "migration applied");
    }
    Ok(applied.len())
}
