//! Live registration counts: after a registration change commits, publish the program's
//! "spots left" once per language, and tell the club's admins that their list changed.

use crate::clubs::Club;
use crate::db::tenant::OrgScope;
use crate::db::{Database, DbError};
use crate::i18n::Lang;
use crate::registration;
use crate::views::registration as view;

use super::{Hub, Message, Topic};

/// Reads the program as committed and publishes. Publishes of one process are serialised,
/// so a count is never overtaken by an older one.
pub async fn publish_program(
    hub: &Hub,
    db: &Database,
    club: &Club,
    program: i64,
) -> Result<(), DbError> {
    let _turn = hub.inner.publish_turn.lock().await;
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
            event: view::REGISTRATIONS_CHANGED.to_string(),
            html: program.to_string(),
        });
    }
    hub.publish(messages).await
}
