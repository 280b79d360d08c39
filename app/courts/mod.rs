//! Court (or sheet) booking: a club's rules — opening hours, slot length, the booking
//! window, members' limits, the cancellation cut-off — and the slots of a day on the club's
//! clock. Pure: `store` keeps the rules and bookings.

pub mod open_play;
pub mod queue;
pub mod store;
pub mod waitlist;

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::clubs::clock;

/// A club's booking rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub slot_minutes: i64,
    /// A day's slots open this many days before it…
    pub days_ahead: i64,
    /// …at this minute of the club's day.
    pub opens_minute: i64,
    /// Most bookings a member holds at once (still to come).
    pub max_active: i64,
    /// Most bookings a member holds on one day.
    pub max_per_day: i64,
    /// A booking can be cancelled until this many minutes before it starts.
    pub cancel_minutes: i64,
    /// A freed slot is offered to the first on its waitlist for this long, then the next.
    pub offer_minutes: i64,
    /// Most players on one booking (2–4): the member, partners and guests.
    pub max_players: i64,
    /// Cents per guest, before tax.
    pub guest_fee: i64,
    /// Opening and closing minute per weekday, Monday first; `None`: closed.
    pub hours: [Option<(i64, i64)>; 7],
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            slot_minutes: 60,
            days_ahead: 7,
            opens_minute: 7 * 60,
            max_active: 3,
            max_per_day: 1,
            cancel_minutes: 120,
            offer_minutes: 30,
            max_players: 4,
            guest_fee: 0,
            hours: [Some((8 * 60, 22 * 60)); 7],
        }
    }
}

/// How long a season or bracket game holds its sheet or court.
pub fn game_minutes(sport: crate::sports::Sport) -> i64 {
    match sport {
        crate::sports::Sport::Curling => 120,
        crate::sports::Sport::Pickleball => 90,
    }
}

/// One bookable slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub starts_at: i64,
    pub ends_at: i64,
    /// Minute of the day it starts, on the club's clock.
    pub minute: i64,
}

fn time_of(minute: i64) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt((minute / 60) as u32, (minute % 60) as u32, 0)
}

/// A wall-clock moment that must exist: a time the clocks skip moves on an hour, one they
/// pass twice is the first.
fn at(zone: Tz, date: NaiveDate, minute: i64) -> Option<i64> {
    if minute >= 24 * 60 {
        return at(zone, date.succ_opt()?, minute - 24 * 60);
    }
    let time = time_of(minute)?;
    clock::on(zone, date, time)
        .first()
        .or_else(|| clock::on(zone, date, time + chrono::Duration::hours(1)).first())
}

/// The instant of `minute` on `date` on the club's clock (see [`at`]).
pub fn instant(zone: Tz, date: NaiveDate, minute: i64) -> Option<i64> {
    at(zone, date, minute)
}

/// The day's slots from opening to closing, each `slot_minutes` long (none when closed). A
/// slot the clocks skip in spring is left out.
pub fn slots(rules: &Rules, zone: Tz, date: NaiveDate) -> Vec<Slot> {
    let Some((opens, closes)) = rules.hours[date.weekday().num_days_from_monday() as usize] else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut minute = opens;
    while minute + rules.slot_minutes <= closes {
        let exists = time_of(minute.min(24 * 60 - 1))
            .is_some_and(|t| clock::on(zone, date, t).first().is_some());
        if let (true, Some(start)) = (exists, at(zone, date, minute)) {
            out.push(Slot {
                starts_at: start,
                ends_at: start + rules.slot_minutes * 60,
                minute,
            });
        }
        minute += rules.slot_minutes;
    }
    out
}

/// When the slots of `date` can first be booked.
pub fn opens_at(rules: &Rules, zone: Tz, date: NaiveDate) -> i64 {
    let day = date - chrono::Duration::days(rules.days_ahead);
    at(zone, day, rules.opens_minute).unwrap_or(i64::MAX)
}

/// Whether a booking starting at `starts_at` may still be cancelled at `now`.
pub fn may_cancel(rules: &Rules, starts_at: i64, now: i64) -> bool {
    now <= starts_at - rules.cancel_minutes * 60
}

/// `19:00` for a minute of the day.
pub fn hhmm(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Reads `19:00` (or `7:05`) as a minute of the day; `24:00` is the end of the day.
pub fn parse_hhmm(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let minute = h * 60 + m;
    ((0..60).contains(&m) && (0..=24 * 60).contains(&minute)).then_some(minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TORONTO: Tz = chrono_tz::America::Toronto;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_day_has_its_slots_from_opening_to_closing_on_the_clubs_clock() {
        let rules = Rules {
            slot_minutes: 90,
            hours: [Some((9 * 60, 13 * 60)); 7],
            ..Rules::default()
        };
        let day = slots(&rules, TORONTO, date("2026-12-05"));
        // 09:00, 10:30 (12:00 would end after 13:00).
        assert_eq!(
            day.iter().map(|s| s.minute).collect::<Vec<_>>(),
            vec![540, 630]
        );
        // 09:00 EST is 14:00 UTC.
        assert_eq!(day[0].starts_at, 1_796_479_200);
        assert_eq!(day[0].ends_at - day[0].starts_at, 90 * 60);
        let mut closed = rules.clone();
        closed.hours[5] = None; // Saturday
        assert!(slots(&closed, TORONTO, date("2026-12-05")).is_empty());
    }

    #[test]
    fn the_window_opens_days_ahead_at_the_clubs_morning_across_a_dst_change() {
        let rules = Rules::default(); // 7 days ahead, at 07:00
        // Slots of Sunday 2026-11-08 open on Sunday 2026-11-01 at 07:00 — the day the
        // clocks fall back (EST from 02:00): 07:00 EST is 12:00 UTC.
        assert_eq!(opens_at(&rules, TORONTO, date("2026-11-08")), 1_793_534_400);
        // A week earlier, still EDT: 07:00 is 11:00 UTC.
        assert_eq!(
            opens_at(&rules, TORONTO, date("2026-11-01")),
            1_793_534_400 - 7 * 86_400 - 3600
        );
        // Spring forward (2026-03-08): a slot at 02:00 does not exist that day.
        let night = Rules {
            slot_minutes: 60,
            hours: [Some((60, 4 * 60)); 7],
            ..Rules::default()
        };
        let minutes: Vec<i64> = slots(&night, TORONTO, date("2026-03-08"))
            .iter()
            .map(|s| s.minute)
            .collect();
        assert_eq!(minutes, vec![60, 180]);
    }

    #[test]
    fn cancelling_closes_at_the_cut_off_and_times_read_and_write() {
        let rules = Rules {
            cancel_minutes: 120,
            ..Rules::default()
        };
        assert!(may_cancel(&rules, 10_000, 10_000 - 7200));
        assert!(!may_cancel(&rules, 10_000, 10_000 - 7199));
        assert_eq!(parse_hhmm("7:05"), Some(425));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:30"), None);
        assert_eq!(parse_hhmm("12:60"), None);
        assert_eq!(parse_hhmm("noon"), None);
        assert_eq!(hhmm(425), "07:05");
    }
}
