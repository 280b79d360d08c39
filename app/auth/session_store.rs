//! tower-sessions' `SessionStore` on `shared.db`, through the file's writer and readers.

use std::sync::Arc;

use async_trait::async_trait;
use diesel::prelude::*;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};

use crate::db::schema::shared::sessions;
use crate::db::{Databases, DbError};

#[derive(Clone)]
pub struct SqliteSessionStore {
    dbs: Arc<Databases>,
}

impl std::fmt::Debug for SqliteSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteSessionStore(shared.db)")
    }
}

impl SqliteSessionStore {
    pub fn new(dbs: Arc<Databases>) -> Self {
        Self { dbs }
    }

    /// Removes every expired session; returns how many.
    pub async fn delete_expired(&self, now: i64) -> std::result::Result<usize, DbError> {
        self.dbs
            .shared
            .write(move |conn| {
                Ok(
                    diesel::delete(sessions::table.filter(sessions::expires_at.le(now)))
                        .execute(conn)?,
                )
            })
            .await
    }
}

/// The row's columns: id, the record as JSON, expiry, and the signed-in account (if any).
fn encode(record: &Record) -> Result<(String, String, i64, Option<i64>)> {
    let data = serde_json::to_string(record).map_err(|e| Error::Encode(e.to_string()))?;
    let account = record
        .data
        .get(super::SESSION_ACCOUNT_KEY)
        .and_then(serde_json::Value::as_i64);
    Ok((
        record.id.to_string(),
        data,
        record.expiry_date.unix_timestamp(),
        account,
    ))
}

fn backend(e: DbError) -> Error {
    Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for SqliteSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A fresh id for every new session; retry on the (astronomically unlikely) collision.
        loop {
            let (id, data, expires_at, account) = encode(record)?;
            let inserted = self
                .dbs
                .shared
                .write(move |conn| {
                    Ok::<_, DbError>(
                        crate::per_backend!(conn => diesel::insert_into(sessions::table)
                            .values((
                                sessions::id.eq(id),
                                sessions::data.eq(data),
                                sessions::expires_at.eq(expires_at),
                                sessions::account_id.eq(account),
                            ))
                            .on_conflict_do_nothing()
                            .execute(conn))?,
                    )
                })
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates a session that exists. A session deleted meanwhile (a password change or
    /// reset ends the account's sessions while another of its requests is in flight) stays
    /// deleted: an upsert here would bring it back.
    async fn save(&self, record: &Record) -> Result<()> {
        let (id, data, expires_at, account) = encode(record)?;
        self.dbs
            .shared
            .write(move |conn| {
                Ok::<_, DbError>(
                    diesel::update(sessions::table.find(id))
                        .set((
                            sessions::data.eq(data),
                            sessions::expires_at.eq(expires_at),
                            sessions::account_id.eq(account),
                        ))
                        .execute(conn)?,
                )
            })
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let id = id.to_string();
        let now = super::now();
        let data: Option<String> = self
            .dbs
            .shared
            .read(move |conn| {
                Ok::<_, DbError>(
                    sessions::table
                        .filter(sessions::id.eq(id))
                        .filter(sessions::expires_at.gt(now))
                        .select(sessions::data)
                        .first(conn)
                        .optional()?,
                )
            })
            .await
            .map_err(backend)?;
        data.map(|d| serde_json::from_str(&d).map_err(|e| Error::Decode(e.to_string())))
            .transpose()
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let id = id.to_string();
        self.dbs
            .shared
            .write(move |conn| {
                Ok::<_, DbError>(diesel::delete(sessions::table.find(id)).execute(conn)?)
            })
            .await
            .map_err(backend)?;
        Ok(())
    }
}

use tower_sessions::SessionStore;
