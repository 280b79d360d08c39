//! Live progress of club exports: the job publishes the export's row, once per language,
//! to the club's owners and admins.

use crate::clubs::Club;
use crate::clubs::export::ClubExport;
use crate::db::Databases;
use crate::i18n::Lang;
use crate::views::exports as view;

use super::{Hub, Message, Topic};

/// Publishes `export` as it is now. A failed publish only delays the page (it shows the
/// same row when reloaded), so it is logged, not returned.
pub async fn publish(dbs: &Databases, club: &Club, export: ClubExport) {
    let messages = Lang::ALL
        .into_iter()
        .map(|lang| Message {
            topic: Topic::Exports { org: club.id, lang }.to_string(),
            event: view::event(export.id),
            html: view::row_content(lang, club, &export).into_string(),
        })
        .collect();
    if let Err(e) = Hub::publish_from(dbs, messages).await {
        tracing::warn!(error = %e, export = export.id, "publishing export progress failed");
    }
}
