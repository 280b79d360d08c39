//! The club's clock. Every time is stored as an instant (Unix seconds, UTC); people enter and
//! read times on their club's wall clock, in its time zone (set by its owners, by default
//! that of its province or state). This module turns one into the other and says when a
//! wall-clock time does not exist (the hour skipped in spring) or exists twice (the hour
//! repeated in the fall).

use crate::db::Conn;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::{Club, regions};

/// What a form's `datetime-local` fields send.
pub const INPUT_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// The club's time zone: its own setting, else its region's.
pub fn zone(club: &Club) -> Tz {
    club.time_zone
        .as_deref()
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or_else(|| regions::time_zone(&club.region))
}

/// Whether `name` is a time zone of the IANA database (`America/Toronto`).
pub fn known_zone(name: &str) -> bool {
    name.parse::<Tz>().is_ok()
}

/// A wall-clock time on a club's clock, as an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instant {
    Exact(i64),
    /// The clocks pass this time twice (fall back): both instants, first first.
    Ambiguous {
        first: i64,
        second: i64,
    },
    /// The clocks skip this time (spring forward).
    Missing,
}

impl Instant {
    /// The first instant, if there is one.
    pub fn first(self) -> Option<i64> {
        match self {
            Instant::Exact(at) | Instant::Ambiguous { first: at, .. } => Some(at),
            Instant::Missing => None,
        }
    }
}

/// `naive` on the clock of `zone`.
pub fn instant(zone: Tz, naive: NaiveDateTime) -> Instant {
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => Instant::Exact(t.timestamp()),
        chrono::LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.timestamp(), b.timestamp());
            Instant::Ambiguous {
                first: a.min(b),
                second: a.max(b),
            }
        }
        chrono::LocalResult::None => Instant::Missing,
    }
}

/// `date` at `time` on the clock of `zone`.
pub fn on(zone: Tz, date: NaiveDate, time: NaiveTime) -> Instant {
    instant(zone, date.and_time(time))
}

/// A form's date and time (`2026-11-22T19:00`, seconds allowed, or a space for the `T`).
pub fn parse_input(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    [INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

/// An instant as the wall clock of `zone`.
pub fn wall(zone: Tz, at: i64) -> Option<NaiveDateTime> {
    zone.timestamp_opt(at, 0).single().map(|t| t.naive_local())
}

/// An instant for a form field on the clock of `zone`.
pub fn input_value(zone: Tz, at: i64) -> String {
    wall(zone, at)
        .map(|t| t.format(INPUT_FORMAT).to_string())
        .unwrap_or_default()
}

/// `2026-11-22 19:00`, on the clock of `zone`.
pub fn display(zone: Tz, at: i64) -> String {
    wall(zone, at)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// ISO 8601 with the club's offset: `2026-11-22T19:00:00-05:00`.
pub fn iso(zone: Tz, at: i64) -> String {
    zone.timestamp_opt(at, 0)
        .single()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_default()
}

/// The date of an instant on the clock of `zone`.
pub fn date(zone: Tz, at: i64) -> Option<NaiveDate> {
    wall(zone, at).map(|t| t.date())
}

/// A wall-clock time read on `zone`'s clock for a time that must exist: one the clocks skip
/// moves an hour on; one they pass twice is the first.
fn reread(zone: Tz, naive: NaiveDateTime) -> Option<i64> {
    instant(zone, naive)
        .first()
        .or_else(|| instant(zone, naive + chrono::Duration::hours(1)).first())
}

/// A club's time zone changes from `before` (as its page showed it) to `after`. With
/// `keep_clock` its draws keep their time on the clock (they were entered in the wrong
/// zone): they are read again from the zone they were last read in — recorded in the sport
/// file with the move, so a repeated or retried change moves them once. Refused, with
/// nothing moved, when two draws of one event would land on the same moment. Returns how
/// many draws moved.
pub fn change_zone(
    conn: &mut Conn,
    club: &crate::db::tenant::OrgScope,
    before: Tz,
    after: Tz,
    keep_clock: bool,
    now: i64,
) -> Result<usize, crate::validation::ActionError> {
    use crate::db::tenant::{club_clocks, draws};
    let stored: Option<String> = club_clocks::of(club)
        .select(club_clocks::zone)
        .first(conn)
        .optional()?;
    let from = stored.and_then(|z| z.parse::<Tz>().ok()).unwrap_or(before);
    let mut moved = 0;
    if keep_clock && from != after {
        let rows: Vec<(i64, i64, i64)> = draws::of(club)
            .select((draws::id, draws::event_id, draws::starts_at))
            .load(conn)?;
        let mut seen = std::collections::HashSet::new();
        let mut changes = Vec::new();
        for (id, event, at) in rows {
            let at_new = wall(from, at).and_then(|w| reread(after, w)).unwrap_or(at);
            if !seen.insert((event, at_new)) {
                return Err(crate::validation::ActionError::Invalid(
                    crate::validation::FieldErrors::one(
                        "time_zone",
                        crate::i18n::Text::ClubZoneCollision,
                    ),
                ));
            }
            if at_new != at {
                changes.push((id, at_new));
            }
        }
        for (id, at_new) in &changes {
            diesel::update(draws::of(club).filter(draws::id.eq(id)))
                .set(draws::starts_at.eq(at_new))
                .execute(conn)?;
        }
        moved = changes.len();
    }
    diesel::delete(club_clocks::of(club)).execute(conn)?;
    club_clocks::insert(
        club,
        (
            club_clocks::zone.eq(after.name()),
            club_clocks::set_at.eq(now),
        ),
    )
    .execute(conn)?;
    Ok(moved)
}

/// Draw times used to be stored as the club's wall clock written as if it were UTC; they
/// are instants now. Reads each club's old draw times on its clock (a time the clocks skip
/// moves an hour on; one they pass twice is the first), once per sport file.
pub async fn upgrade_draw_times(dbs: &crate::db::Databases) -> Result<(), crate::db::DbError> {
    use crate::db::tenant::{OrgScope, draws};
    const NAME: &str = "draw_times_as_instants";
    let clubs = dbs
        .shared
        .read(|conn| {
            use crate::db::schema::shared::orgs;
            Ok::<_, crate::db::DbError>(
                orgs::table
                    .select((orgs::id, orgs::sport, orgs::region, orgs::time_zone))
                    .load::<(crate::db::OrgId, String, String, Option<String>)>(conn)?,
            )
        })
        .await?;
    for sport in dbs.sports() {
        let Some(db) = dbs.sport(sport) else { continue };
        let mine: Vec<(crate::db::OrgId, Tz)> = clubs
            .iter()
            .filter(|(_, s, _, _)| *s == sport.as_str())
            .map(|(id, _, region, zone)| {
                let zone = zone
                    .as_deref()
                    .and_then(|z| z.parse().ok())
                    .unwrap_or_else(|| regions::time_zone(region));
                (*id, zone)
            })
            .collect();
        let now = crate::auth::now();
        db.write(move |conn| -> Result<(), crate::db::DbError> {
            if crate::db::upgrades::done(conn, NAME)? {
                return Ok(());
            }
            for (org, zone) in &mine {
                let scope = OrgScope::new(*org);
                let rows: Vec<(i64, i64)> = draws::of(&scope)
                    .select((draws::id, draws::starts_at))
                    .load(conn)?;
                for (id, wall_as_utc) in rows {
                    let Some(naive) = chrono::DateTime::from_timestamp(wall_as_utc, 0) else {
                        continue;
                    };
                    let at = reread(*zone, naive.naive_utc()).unwrap_or(wall_as_utc);
                    diesel::update(draws::of(&scope).filter(draws::id.eq(id)))
                        .set(draws::starts_at.eq(at))
                        .execute(conn)?;
                }
            }
            crate::db::upgrades::mark(conn, NAME, now)?;
            Ok(())
        })
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Toronto;

    fn at(text: &str) -> NaiveDateTime {
        parse_input(text).expect("a time")
    }

    #[test]
    fn wall_clock_times_become_instants_across_daylight_saving() {
        // 19:00 in Toronto: 00:00 UTC in winter (EST), 23:00 UTC in summer (EDT).
        assert_eq!(
            instant(Toronto, at("2026-01-15T19:00")),
            Instant::Exact(1_768_521_600)
        );
        assert_eq!(
            instant(Toronto, at("2026-07-15T19:00")),
            Instant::Exact(1_784_156_400)
        );
        // 2026-03-08 02:30 does not exist in Toronto; 2026-11-01 01:30 happens twice.
        assert_eq!(instant(Toronto, at("2026-03-08T02:30")), Instant::Missing);
        match instant(Toronto, at("2026-11-01T01:30")) {
            Instant::Ambiguous { first, second } => assert_eq!(second - first, 3600),
            other => panic!("{other:?}"),
        }
        assert_eq!(display(Toronto, 1_768_521_600), "2026-01-15 19:00");
        assert_eq!(iso(Toronto, 1_768_521_600), "2026-01-15T19:00:00-05:00");
        assert_eq!(input_value(Toronto, 1_784_156_400), "2026-07-15T19:00");
    }

    #[test]
    fn forms_and_zones_are_checked() {
        assert_eq!(
            parse_input("2026-11-22 19:30"),
            Some(at("2026-11-22T19:30"))
        );
        assert_eq!(parse_input("tomorrow"), None);
        assert_eq!(parse_input("2026-02-30T10:00"), None);
        assert!(known_zone("America/Halifax"));
        assert!(!known_zone("Mars/Olympus_Mons"));
    }
}
