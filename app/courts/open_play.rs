//! Open play: weekly sessions on some courts, members signing up for a day (the first
//! `capacity` play, the rest wait in line), check-in at the desk and the paddle queue of
//! `queue`, kept between taps in `open_play_places`.

use crate::db::Conn;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::queue::{Court, Floor, Format, QueueError, Rotation};
use crate::db::tenant::{
    OrgScope, open_play_courts, open_play_days, open_play_places, open_play_sessions,
    open_play_signups, sheets,
};
use crate::i18n::Text;
use crate::jobs::{Job, relay};
use crate::mail::{Email, Message};
use crate::spares::notices::Contact;
use crate::validation::{ActionError, FieldErrors};

/// Members sign up for a day at most this many days ahead.
pub const SIGN_UP_DAYS: i64 = 28;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub draft: Draft,
}

/// What an organiser sets for a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    /// 0 Monday … 6 Sunday.
    pub weekday: i64,
    pub starts_minute: i64,
    pub ends_minute: i64,
    /// e.g. "3.0–3.5"; may be empty.
    pub level: String,
    pub capacity: i64,
    pub format: Format,
    pub rotation: Rotation,
    /// The courts (sheet ids), in the club's order.
    pub courts: Vec<i64>,
}

type SessionRow = (i64, String, i64, i64, i64, String, i64, String, String);

fn session_of(row: SessionRow, courts: Vec<i64>) -> Session {
    let (id, name, weekday, starts_minute, ends_minute, level, capacity, format, rotation) = row;
    Session {
        id,
        draft: Draft {
            name,
            weekday,
            starts_minute,
            ends_minute,
            level,
            capacity,
            format: Format::parse(&format).unwrap_or(Format::Doubles),
            rotation: Rotation::parse(&rotation).unwrap_or(Rotation::WinnersStay),
            courts,
        },
    }
}

/// The club's sessions (not archived), by weekday and time.
pub fn sessions(conn: &mut Conn, club: &OrgScope) -> QueryResult<Vec<Session>> {
    let rows: Vec<SessionRow> = open_play_sessions::of(club)
        .filter(open_play_sessions::archived.eq(0))
        .order((
            open_play_sessions::weekday,
            open_play_sessions::starts_minute,
            open_play_sessions::id,
        ))
        .select((
            open_play_sessions::id,
            open_play_sessions::name,
            open_play_sessions::weekday,
            open_play_sessions::starts_minute,
            open_play_sessions::ends_minute,
            open_play_sessions::level,
            open_play_sessions::capacity,
            open_play_sessions::format,
            open_play_sessions::rotation,
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let positions: HashMap<i64, i64> = sheets::of(club)
        .select((sheets::id, sheets::position))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let mut courts: HashMap<i64, Vec<i64>> = HashMap::new();
    for (session, sheet) in open_play_courts::of(club)
        .filter(open_play_courts::session_id.eq_any(&ids))
        .select((open_play_courts::session_id, open_play_courts::sheet_id))
        .load::<(i64, i64)>(conn)?
    {
        courts.entry(session).or_default().push(sheet);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut mine = courts.remove(&row.0).unwrap_or_default();
            mine.sort_by_key(|s| (positions.get(s).copied().unwrap_or(i64::MAX), *s));
            session_of(row, mine)
        })
        .collect())
}

pub fn session(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<Session, ActionError> {
    sessions(conn, club)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(ActionError::NotFound)
}

fn check(
    conn: &mut Conn,
    club: &OrgScope,
    d: &Draft,
    zone: Tz,
    now: i64,
) -> Result<(), ActionError> {
    let mut errors = FieldErrors::new();
    let name = d.name.trim();
    if name.is_empty() {
        errors.add("name", Text::FieldRequired);
    } else if name.chars().count() > 80 {
        errors.add("name", Text::FieldTooLong);
    }
    if !(0..7).contains(&d.weekday) {
        errors.add("weekday", Text::FieldInvalidChoice);
    }
    if !(0..1440).contains(&d.starts_minute) {
        errors.add("starts_at", Text::CourtTimeInvalid);
    } else if !(1..=1440).contains(&d.ends_minute) || d.starts_minute >= d.ends_minute {
        errors.add("ends_at", Text::OpenPlayTimes);
    }
    if d.level.chars().count() > 40 {
        errors.add("level", Text::FieldTooLong);
    }
    if !(2..=200).contains(&d.capacity) {
        errors.add("capacity", Text::OpenPlayCapacity);
    }
    let known: Vec<i64> = sheets::of(club).select(sheets::id).load(conn)?;
    if d.courts.is_empty() || d.courts.iter().any(|c| !known.contains(c)) {
        errors.add("courts", Text::OpenPlayCourts);
    }
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    // Members' bookings on those courts at those times come first: cancel them, then hold
    // the courts.
    let clash = super::store::booked_between(conn, club, now, i64::MAX)?
        .iter()
        .any(|b| {
            d.courts.contains(&b.sheet)
                && crate::clubs::clock::date(zone, b.starts_at)
                    .and_then(|day| occurrence(d, zone, day))
                    .is_some_and(|(start, end)| b.starts_at < end && b.ends_at > start)
        });
    if clash {
        return Err(ActionError::Refused(Text::OpenPlayOverBookings));
    }
    Ok(())
}

fn save_courts(conn: &mut Conn, club: &OrgScope, id: i64, courts: &[i64]) -> QueryResult<()> {
    diesel::delete(open_play_courts::of(club).filter(open_play_courts::session_id.eq(id)))
        .execute(conn)?;
    for sheet in courts {
        open_play_courts::insert(
            club,
            (
                open_play_courts::session_id.eq(id),
                open_play_courts::sheet_id.eq(sheet),
            ),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Adds a session; its id.
pub fn create(
    conn: &mut Conn,
    club: &OrgScope,
    d: &Draft,
    zone: Tz,
    now: i64,
) -> Result<i64, ActionError> {
    check(conn, club, d, zone, now)?;
    let id: i64 = open_play_sessions::insert(
        club,
        (
            open_play_sessions::name.eq(d.name.trim()),
            open_play_sessions::weekday.eq(d.weekday),
            open_play_sessions::starts_minute.eq(d.starts_minute),
            open_play_sessions::ends_minute.eq(d.ends_minute),
            open_play_sessions::level.eq(d.level.trim()),
            open_play_sessions::capacity.eq(d.capacity),
            open_play_sessions::format.eq(d.format.as_str()),
            open_play_sessions::rotation.eq(d.rotation.as_str()),
            open_play_sessions::archived.eq(0),
            open_play_sessions::created_at.eq(now),
        ),
    )
    .returning(open_play_sessions::id)
    .get_result(conn)?;
    save_courts(conn, club, id, &d.courts)?;
    Ok(id)
}

/// Corrects a session. Days already under way keep their floor; a court taken out is
/// emptied onto the queue the next time the desk is used.
pub fn update(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    d: &Draft,
    zone: Tz,
    now: i64,
) -> Result<(), ActionError> {
    let old = session(conn, club, id)?;
    check(conn, club, d, zone, now)?;
    // Moving the day or the times would strand the members signed up for days to come.
    let moved = (
        old.draft.weekday,
        old.draft.starts_minute,
        old.draft.ends_minute,
    ) != (d.weekday, d.starts_minute, d.ends_minute);
    let today = crate::clubs::clock::date(zone, now)
        .map(day_key)
        .unwrap_or_default();
    let ahead = open_play_signups::of(club)
        .filter(open_play_signups::session_id.eq(id))
        .filter(open_play_signups::status.eq("active"))
        .filter(open_play_signups::day.ge(today))
        .count()
        .get_result::<i64>(conn)?;
    if moved && ahead > 0 {
        return Err(ActionError::Refused(Text::OpenPlayHasSignUps));
    }
    diesel::update(open_play_sessions::of(club).filter(open_play_sessions::id.eq(id)))
        .set((
            open_play_sessions::name.eq(d.name.trim()),
            open_play_sessions::weekday.eq(d.weekday),
            open_play_sessions::starts_minute.eq(d.starts_minute),
            open_play_sessions::ends_minute.eq(d.ends_minute),
            open_play_sessions::level.eq(d.level.trim()),
            open_play_sessions::capacity.eq(d.capacity),
            open_play_sessions::format.eq(d.format.as_str()),
            open_play_sessions::rotation.eq(d.rotation.as_str()),
        ))
        .execute(conn)?;
    save_courts(conn, club, id, &d.courts)?;
    Ok(())
}

/// Ends a session for good (its sign-ups stay, for the record).
pub fn archive(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<(), ActionError> {
    session(conn, club, id)?;
    diesel::update(open_play_sessions::of(club).filter(open_play_sessions::id.eq(id)))
        .set(open_play_sessions::archived.eq(1))
        .execute(conn)?;
    Ok(())
}

/// When the session runs on `date`, or `None` if not on that weekday.
pub fn occurrence(d: &Draft, zone: Tz, date: NaiveDate) -> Option<(i64, i64)> {
    if date.weekday().num_days_from_monday() as i64 != d.weekday {
        return None;
    }
    Some((
        super::at(zone, date, d.starts_minute)?,
        super::at(zone, date, d.ends_minute)?,
    ))
}

/// The next days the session runs that have not ended yet.
pub fn next_days(d: &Draft, zone: Tz, now: i64, count: usize) -> Vec<NaiveDate> {
    let Some(today) = crate::clubs::clock::date(zone, now) else {
        return Vec::new();
    };
    today
        .iter_days()
        .take(SIGN_UP_DAYS as usize + 1)
        .filter(|day| occurrence(d, zone, *day).is_some_and(|(_, end)| end > now))
        .take(count)
        .collect()
}

/// Sessions holding courts in `[from, to)`: (sheet, start, end), for the booking grid.
pub fn held_between(
    conn: &mut Conn,
    club: &OrgScope,
    zone: Tz,
    from: i64,
    to: i64,
) -> QueryResult<Vec<(i64, i64, i64)>> {
    let (Some(first), Some(last)) = (
        crate::clubs::clock::date(zone, from),
        crate::clubs::clock::date(zone, to.saturating_sub(1)),
    ) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for s in sessions(conn, club)? {
        for day in first.iter_days().take_while(|d| *d <= last) {
            if let Some((start, end)) = occurrence(&s.draft, zone, day)
                && start < to
                && end > from
            {
                out.extend(s.draft.courts.iter().map(|c| (*c, start, end)));
            }
        }
    }
    Ok(out)
}

/// One member's sign-up for a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUp {
    pub id: i64,
    pub account: i64,
    pub checked_in_at: Option<i64>,
}

/// A day's sign-ups: who plays (in order) and who waits in line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub playing: Vec<SignUp>,
    pub waiting: Vec<SignUp>,
}

impl Roster {
    /// `Some(0)` playing; `Some(n)` n-th in line; `None` not signed up.
    pub fn place_of(&self, account: i64) -> Option<usize> {
        if self.playing.iter().any(|s| s.account == account) {
            return Some(0);
        }
        self.waiting
            .iter()
            .position(|s| s.account == account)
            .map(|i| i + 1)
    }
}

pub fn roster(
    conn: &mut Conn,
    club: &OrgScope,
    session: &Session,
    day: NaiveDate,
) -> QueryResult<Roster> {
    let all: Vec<SignUp> = open_play_signups::of(club)
        .filter(open_play_signups::session_id.eq(session.id))
        .filter(open_play_signups::day.eq(day_key(day)))
        .filter(open_play_signups::status.eq("active"))
        .order(open_play_signups::id)
        .select((
            open_play_signups::id,
            open_play_signups::account_id,
            open_play_signups::checked_in_at,
        ))
        .load::<(i64, i64, Option<i64>)>(conn)?
        .into_iter()
        .map(|(id, account, checked_in_at)| SignUp {
            id,
            account,
            checked_in_at,
        })
        .collect();
    let cut = (session.draft.capacity.max(0) as usize).min(all.len());
    let mut playing = all;
    let waiting = playing.split_off(cut);
    Ok(Roster { playing, waiting })
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Signs `account` up for the session on `day`: their place (0 playing, n in line). Twice is
/// once.
pub fn sign_up(
    conn: &mut Conn,
    club: &OrgScope,
    session: &Session,
    zone: Tz,
    day: NaiveDate,
    account: i64,
    now: i64,
) -> Result<usize, ActionError> {
    let (_, end) = occurrence(&session.draft, zone, day).ok_or(ActionError::NotFound)?;
    if end <= now {
        return Err(ActionError::Refused(Text::OpenPlayOver));
    }
    let today = crate::clubs::clock::date(zone, now).unwrap_or(day);
    if (day - today).num_days() > SIGN_UP_DAYS {
        return Err(ActionError::Refused(Text::OpenPlayTooFar));
    }
    if roster(conn, club, session, day)?
        .place_of(account)
        .is_none()
    {
        open_play_signups::insert(
            club,
            (
                open_play_signups::session_id.eq(session.id),
                open_play_signups::day.eq(day_key(day)),
                open_play_signups::account_id.eq(account),
                open_play_signups::status.eq("active"),
                open_play_signups::created_at.eq(now),
            ),
        )
        .execute(conn)?;
    }
    roster(conn, club, session, day)?
        .place_of(account)
        .ok_or(ActionError::NotFound)
}

/// How to reach the members who might move in from the line, and what to tell them.
pub struct Notice {
    pub contacts: HashMap<i64, Contact>,
    pub club: String,
    pub when: String,
    pub link: String,
}

/// Cancels `account`'s sign-up (off the floor too). When that frees a place, the first in
/// line moves in and is emailed (in the same transaction). The one who moved in, if any.
#[allow(clippy::too_many_arguments)]
pub fn cancel(
    conn: &mut Conn,
    club: &OrgScope,
    session: &Session,
    zone: Tz,
    day: NaiveDate,
    account: i64,
    notice: &Notice,
    now: i64,
) -> Result<Option<i64>, ActionError> {
    let (start, end) = occurrence(&session.draft, zone, day).ok_or(ActionError::NotFound)?;
    if end <= now {
        return Err(ActionError::Refused(Text::OpenPlayOver));
    }
    let before = roster(conn, club, session, day)?;
    if before.place_of(account).is_none() {
        return Err(ActionError::Refused(Text::OpenPlayNotSignedUp));
    }
    diesel::update(
        open_play_signups::of(club)
            .filter(open_play_signups::session_id.eq(session.id))
            .filter(open_play_signups::day.eq(day_key(day)))
            .filter(open_play_signups::account_id.eq(account))
            .filter(open_play_signups::status.eq("active")),
    )
    .set((
        open_play_signups::status.eq("cancelled"),
        open_play_signups::cancelled_at.eq(now),
    ))
    .execute(conn)?;
    let (mut floor, version) = floor(conn, club, session, day)?;
    if floor.leave(account).is_ok() {
        save_floor(conn, club, session, day, &floor, version)?;
    }
    let after = roster(conn, club, session, day)?;
    let moved_in = after
        .playing
        .iter()
        .find(|s| !before.playing.iter().any(|b| b.account == s.account))
        .map(|s| s.account);
    // Once the session has started, the next in line is at the desk or not at all.
    if let Some(contact) = moved_in
        .filter(|_| start > now)
        .and_then(|a| notice.contacts.get(&a))
    {
        relay::push(
            conn,
            &Job::SendEmail(Email {
                to: contact.email.clone(),
                lang: contact.lang.clone(),
                message: Message::OpenPlayIn {
                    club: notice.club.clone(),
                    session: session.draft.name.clone(),
                    when: notice.when.clone(),
                    link: notice.link.clone(),
                },
            }),
        )?;
    }
    Ok(moved_in)
}

/// The day's floor as stored, and its version.
pub fn floor(
    conn: &mut Conn,
    club: &OrgScope,
    session: &Session,
    day: NaiveDate,
) -> QueryResult<(Floor, i64)> {
    let key = day_key(day);
    let version: i64 = open_play_days::of(club)
        .filter(open_play_days::session_id.eq(session.id))
        .filter(open_play_days::day.eq(&key))
        .select(open_play_days::version)
        .first(conn)
        .optional()?
        .unwrap_or(0);
    let mut floor = Floor::new(
        session.draft.format,
        session.draft.rotation,
        &session.draft.courts,
    );
    let rows: Vec<(i64, Option<i64>, Option<i64>, i64)> = open_play_places::of(club)
        .filter(open_play_places::session_id.eq(session.id))
        .filter(open_play_places::day.eq(&key))
        .order(open_play_places::seq)
        .select((
            open_play_places::account_id,
            open_play_places::sheet_id,
            open_play_places::side,
            open_play_places::streak,
        ))
        .load(conn)?;
    // Only those who still have a place that day (a cancellation, or a capacity lowered
    // since, takes a player off the floor).
    let playing: Vec<i64> = roster(conn, club, session, day)?
        .playing
        .iter()
        .map(|s| s.account)
        .collect();
    let per_side = session.draft.format.per_side();
    for (account, sheet, side, streak) in rows {
        if !playing.contains(&account) {
            continue;
        }
        let court = sheet.and_then(|s| floor.courts.iter_mut().find(|c| c.sheet == s));
        match (court, side) {
            (Some(court), Some(side)) if court.sides[(side as usize).min(1)].len() < per_side => {
                court.sides[(side as usize).min(1)].push(account);
                court.streak = streak;
            }
            // On no court, on a court taken out of the session, or beyond a side's places
            // (the session went from doubles to singles): back in the queue.
            _ => floor.queue.push_back(account),
        }
    }
    floor.fill();
    Ok((floor, version))
}

fn save_floor(
    conn: &mut Conn,
    club: &OrgScope,
    session: &Session,
    day: NaiveDate,
    floor: &Floor,
    version: i64,
) -> QueryResult<()> {
    let key = day_key(day);
    diesel::delete(
        open_play_places::of(club)
            .filter(open_play_places::session_id.eq(session.id))
            .filter(open_play_places::day.eq(&key)),
    )
    .execute(conn)?;
    let mut seq = 0;
    let mut place = |account: i64, court: Option<(&Court, i64)>| {
        seq += 1;
        open_play_places::insert(
            club,
            (
                open_play_places::session_id.eq(session.id),
                open_play_places::day.eq(&key),
                open_play_places::account_id.eq(account),
                open_play_places::sheet_id.eq(court.map(|(c, _)| c.sheet)),
                open_play_places::side.eq(court.map(|(_, side)| side)),
                open_play_places::seq.eq(seq),
                open_play_places::streak.eq(court.map_or(0, |(c, _)| c.streak)),
            ),
        )
        .execute(conn)
    };
    for court in &floor.courts {
        for (side, players) in court.sides.iter().enumerate() {
            for p in players {
                place(*p, Some((court, side as i64)))?;
            }
        }
    }
    for p in &floor.queue {
        place(*p, None)?;
    }
    diesel::delete(
        open_play_days::of(club)
            .filter(open_play_days::session_id.eq(session.id))
            .filter(open_play_days::day.eq(&key)),
    )
    .execute(conn)?;
    open_play_days::insert(
        club,
        (
            open_play_days::session_id.eq(session.id),
            open_play_days::day.eq(&key),
            open_play_days::version.eq(version + 1),
        ),
    )
    .execute(conn)?;
    Ok(())
}

/// What the desk does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskAction {
    /// A signed-up player arrives: checked in and into the queue.
    CheckIn(i64),
    /// The game on a court ended; side 0 or 1 won.
    Finish { sheet: i64, winner: usize },
    /// A player steps off the floor (rest, home).
    Leave(i64),
    /// A checked-in player who stepped off comes back to the queue.
    Rejoin(i64),
    /// A club member who did not sign up arrives: signed up (while there is room), checked
    /// in and into the queue. The caller checks they belong to the club.
    WalkIn(i64),
}

/// Applies a desk tap made on the floor at `seen` (its version): a tap made on an older
/// floor is refused, so two tablets cannot end the same game twice.
pub fn desk(
    conn: &mut Conn,
    club: &OrgScope,
    session: &Session,
    day: NaiveDate,
    action: DeskAction,
    seen: i64,
    now: i64,
) -> Result<(), ActionError> {
    let (mut floor, version) = floor(conn, club, session, day)?;
    if seen != version {
        return Err(ActionError::Refused(Text::OpenPlayStale));
    }
    let roster = roster(conn, club, session, day)?;
    let signed = |account: i64| roster.playing.iter().find(|s| s.account == account);
    match action {
        DeskAction::CheckIn(account) => {
            let Some(s) = signed(account) else {
                return Err(ActionError::Refused(Text::OpenPlayNotPlaying));
            };
            if s.checked_in_at.is_none() {
                diesel::update(open_play_signups::of(club).filter(open_play_signups::id.eq(s.id)))
                    .set(open_play_signups::checked_in_at.eq(now))
                    .execute(conn)?;
            }
            floor.join(account);
        }
        DeskAction::Rejoin(account) => {
            if signed(account).and_then(|s| s.checked_in_at).is_none() {
                return Err(ActionError::Refused(Text::OpenPlayNotCheckedIn));
            }
            floor.join(account);
        }
        DeskAction::WalkIn(account) => {
            if roster.place_of(account).is_some() {
                return Err(ActionError::Refused(Text::OpenPlayAlreadySignedUp));
            }
            if roster.playing.len() as i64 >= session.draft.capacity {
                return Err(ActionError::Refused(Text::OpenPlayFull));
            }
            open_play_signups::insert(
                club,
                (
                    open_play_signups::session_id.eq(session.id),
                    open_play_signups::day.eq(day_key(day)),
                    open_play_signups::account_id.eq(account),
                    open_play_signups::status.eq("active"),
                    open_play_signups::checked_in_at.eq(now),
                    open_play_signups::created_at.eq(now),
                ),
            )
            .execute(conn)?;
            floor.join(account);
        }
        DeskAction::Leave(account) => floor.leave(account).map_err(queue_error)?,
        DeskAction::Finish { sheet, winner } => floor.finish(sheet, winner).map_err(queue_error)?,
    }
    save_floor(conn, club, session, day, &floor, version)?;
    Ok(())
}

fn queue_error(e: QueueError) -> ActionError {
    match e {
        QueueError::NoSuchCourt => ActionError::NotFound,
        QueueError::NotPlaying => ActionError::Refused(Text::OpenPlayNoGame),
        QueueError::NotHere => ActionError::Refused(Text::OpenPlayNotOnFloor),
    }
}
