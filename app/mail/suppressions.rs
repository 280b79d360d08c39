//! Addresses never to email again: hard bounces and spam complaints, reported by the mail
//! provider's webhook (Postmark's JSON format).

use crate::db::Conn;
use diesel::prelude::*;
use serde::Deserialize;

use crate::db::schema::shared::suppressions;

pub fn is_suppressed(conn: &mut Conn, email: &str) -> QueryResult<bool> {
    let n: i64 = suppressions::table
        .filter(suppressions::email.eq(email.trim().to_lowercase()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn add(conn: &mut Conn, email: &str, reason: &str, detail: &str, now: i64) -> QueryResult<()> {
    crate::per_backend!(conn => diesel::insert_into(suppressions::table)
        .values((
            suppressions::email.eq(email.trim().to_lowercase()),
            suppressions::reason.eq(reason),
            suppressions::detail.eq(detail.chars().take(500).collect::<String>()),
            suppressions::created_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn))?;
    Ok(())
}

/// The fields of a Postmark bounce or spam-complaint webhook that matter here.
#[derive(Debug, Deserialize)]
pub struct PostmarkEvent {
    #[serde(rename = "RecordType")]
    pub record_type: String,
    #[serde(rename = "Type", default)]
    pub bounce_type: String,
    #[serde(rename = "Email")]
    pub email: String,
    #[serde(rename = "Description", default)]
    pub description: String,
}

impl PostmarkEvent {
    /// The reason to suppress the address, or `None` for events that don't call for it
    /// (a soft bounce, a delivery, an open).
    pub fn suppression_reason(&self) -> Option<&'static str> {
        match (self.record_type.as_str(), self.bounce_type.as_str()) {
            ("SpamComplaint", _) => Some("complaint"),
            (
                "Bounce",
                "HardBounce" | "BadEmailAddress" | "ManuallyDeactivated" | "SpamNotification",
            ) => Some("bounce"),
            _ => None,
        }
    }
}
