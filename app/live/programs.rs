//! Live registration counts: after a registration change commits, publish the program's
//! "spots left" once per language, and tell the club's admins that their list changed.
//!
//! During a rush, changes arrive faster than publishes are worth making: [`schedule`]
//! coalesces them, so a program has at most one publish waiting, and that publish reads the
//! counts when it starts — after every change that asked for it.

use std::sync::Arc;

use crate::clubs::Club;
use crate::db::tenant::OrgScope;
use crate::db::{Database, Databases, DbError};
use crate::i18n::Lang;
use crate::registration;
use crate::views::{programs as view, registrations};

use super::{Hub, Message, Topic};

/// Publishes the program's counts soon, unless a publish that has not read them yet is
/// already waiting. Returns at once.
pub fn schedule(hub: &Hub, dbs: Arc<Databases>, club: Club, program: i64) {
    let key = format!("program:{}:{program}", club.id);
    if !super::lock(&hub.inner.scheduled).insert(key.clone()) {
        return;
    }
    let hub = hub.clone();
    tokio::spawn(async move {
        let Some(db) = dbs.sport(club.sport) else {
            super::lock(&hub.inner.scheduled).remove(&key);
            return;
        };
        if let Err(e) = publish_program(&hub, db, &club, program, &key).await {
            tracing::warn!(error = %e, program, "publishing registration counts failed");
        }
    });
}

/// Reads the program as committed and publishes (`key`: its entry among the scheduled).
/// Publishes of one process are serialised, so a count is never overtaken by an older one.
async fn publish_program(
    hub: &Hub,
    db: &Database,
    club: &Club,
    program: i64,
    key: &str,
) -> Result<(), DbError> {
    let _turn = hub.inner.publish_turn.lock().await;
    // From here on, a new change schedules another publish: this one may read too early.
    super::lock(&hub.inner.scheduled).remove(key);
    let scope = OrgScope::new(club.id);
    let Some(summary) = db
        .read(move |conn| registration::summary(conn, &scope, program).map_err(DbError::from))
        .await?
    else {
        return Ok(());
    };
    let mut messages = Vec::with_capacity(2 * Lang::ALL.len());
    for lang in Lang::ALL {
        messages.push(Message {
            topic: Topic::Program {
                org: club.id,
                program,
                lang,
            }
            .to_string(),
            event: view::SPOTS.to_string(),
            html: view::spots_fragment(lang, &summary).into_string(),
        });
        // The admins' pages fetch their own filtered list again on this signal.
        messages.push(Message {
            topic: Topic::Registrations { org: club.id, lang }.to_string(),
            event: registrations::REGISTRATIONS_CHANGED.to_string(),
            html: program.to_string(),
        });
    }
    hub.publish(messages).await
}
