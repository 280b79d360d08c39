//! The club's booking rules and its bookings: reading a day, booking a slot (once, whatever
//! the concurrency: a partial unique index on the slot) and cancelling, with every refusal.

use crate::db::Conn;
use chrono::NaiveDate;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::{Rules, Slot};
use crate::db::tenant::{
    OrgScope, booking_rules, court_blocks, court_bookings, draws, games, opening_hours, sheets,
};
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};

pub fn rules(conn: &mut Conn, club: &OrgScope) -> QueryResult<Option<Rules>> {
    let Some((slot, ahead, opens, active, per_day, cancel, offer, players, guest_fee)) =
        booking_rules::of(club)
            .select((
                booking_rules::slot_minutes,
                booking_rules::days_ahead,
                booking_rules::opens_minute,
                booking_rules::max_active,
                booking_rules::max_per_day,
                booking_rules::cancel_minutes,
                booking_rules::offer_minutes,
                booking_rules::max_players,
                booking_rules::guest_fee,
            ))
            .first::<(i64, i64, i64, i64, i64, i64, i64, i64, i64)>(conn)
            .optional()?
    else {
        return Ok(None);
    };
    let mut hours = [None; 7];
    for (day, opens, closes) in opening_hours::of(club)
        .select((
            opening_hours::weekday,
            opening_hours::opens_minute,
            opening_hours::closes_minute,
        ))
        .load::<(i64, i64, i64)>(conn)?
    {
        if let Some(slot) = hours.get_mut(day as usize) {
            *slot = Some((opens, closes));
        }
    }
    Ok(Some(Rules {
        slot_minutes: slot,
        days_ahead: ahead,
        opens_minute: opens,
        max_active: active,
        max_per_day: per_day,
        cancel_minutes: cancel,
        offer_minutes: offer,
        max_players: players,
        guest_fee,
        hours,
    }))
}

/// Checks and saves the rules (replacing the old ones).
pub fn save_rules(
    conn: &mut Conn,
    club: &OrgScope,
    rules: &Rules,
    now: i64,
) -> Result<(), ActionError> {
    let mut errors = FieldErrors::new();
    let within = |v: i64, lo: i64, hi: i64| (lo..=hi).contains(&v);
    if !within(rules.slot_minutes, 15, 240) {
        errors.add("slot_minutes", Text::FieldInvalidChoice);
    }
    if !within(rules.days_ahead, 0, 60) {
        errors.add("days_ahead", Text::CourtDaysAheadRange);
    }
    if !within(rules.opens_minute, 0, 1439) {
        errors.add("opens_at", Text::CourtTimeInvalid);
    }
    if !within(rules.max_active, 1, 50) {
        errors.add("max_active", Text::CourtLimitRange);
    }
    if !within(rules.max_per_day, 1, 24) {
        errors.add("max_per_day", Text::CourtLimitRange);
    }
    if !within(rules.cancel_minutes, 0, 10080) {
        errors.add("cancel_minutes", Text::CourtCancelRange);
    }
    if !within(rules.offer_minutes, 5, 1440) {
        errors.add("offer_minutes", Text::CourtOfferRange);
    }
    if !within(rules.max_players, 2, 4) {
        errors.add("max_players", Text::FieldInvalidChoice);
    }
    if !within(rules.guest_fee, 0, 100_000) {
        errors.add("guest_fee", Text::CourtGuestFeeRange);
    }
    if rules
        .hours
        .iter()
        .flatten()
        .any(|(o, c)| o >= c || !within(*o, 0, 1439) || !within(*c, 1, 1440))
    {
        errors.add("hours", Text::CourtHoursInvalid);
    }
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    diesel::delete(booking_rules::of(club)).execute(conn)?;
    booking_rules::insert(
        club,
        (
            booking_rules::slot_minutes.eq(rules.slot_minutes),
            booking_rules::days_ahead.eq(rules.days_ahead),
            booking_rules::opens_minute.eq(rules.opens_minute),
            booking_rules::max_active.eq(rules.max_active),
            booking_rules::max_per_day.eq(rules.max_per_day),
            booking_rules::cancel_minutes.eq(rules.cancel_minutes),
            booking_rules::offer_minutes.eq(rules.offer_minutes),
            booking_rules::max_players.eq(rules.max_players),
            booking_rules::guest_fee.eq(rules.guest_fee),
            booking_rules::updated_at.eq(now),
        ),
    )
    .execute(conn)?;
    diesel::delete(opening_hours::of(club)).execute(conn)?;
    for (day, hours) in rules.hours.iter().enumerate() {
        if let Some((opens, closes)) = hours {
            opening_hours::insert(
                club,
                (
                    opening_hours::weekday.eq(day as i64),
                    opening_hours::opens_minute.eq(opens),
                    opening_hours::closes_minute.eq(closes),
                ),
            )
            .execute(conn)?;
        }
    }
    Ok(())
}

/// A booking as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub sheet: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub account: i64,
    pub booked_by: i64,
    pub created_at: i64,
    pub players: Players,
    /// The guest fee with its taxes, fixed when the players were saved.
    pub price: crate::taxes::Breakdown,
    pub payment: Payment,
    pub cancelled: bool,
}

/// Who plays besides the member who holds the booking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Players {
    /// Club members' accounts.
    pub partners: Vec<i64>,
    /// Guests' names.
    pub guests: Vec<String>,
}

impl Players {
    pub fn count(&self) -> usize {
        1 + self.partners.len() + self.guests.len()
    }
}

/// Whether the guest fee is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    /// Nothing to pay.
    None,
    Unpaid,
    Paid,
}

impl Payment {
    fn parse(text: &str) -> Self {
        match text {
            "unpaid" => Payment::Unpaid,
            "paid" => Payment::Paid,
            _ => Payment::None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Payment::None => "none",
            Payment::Unpaid => "unpaid",
            Payment::Paid => "paid",
        }
    }
}

type BookingRow = (
    (i64, i64, i64, i64, i64, i64, i64),
    (String, String, i64, String, i64, String, String),
);

fn booking_of(row: BookingRow) -> Booking {
    let ((id, sheet, starts_at, ends_at, account, booked_by, created_at), rest) = row;
    let (partners, guests, fee, taxes, total, payment, status) = rest;
    Booking {
        id,
        sheet,
        starts_at,
        ends_at,
        account,
        booked_by,
        created_at,
        players: Players {
            partners: serde_json::from_str(&partners).unwrap_or_default(),
            guests: serde_json::from_str(&guests).unwrap_or_default(),
        },
        price: crate::taxes::Breakdown {
            fee,
            taxes: serde_json::from_str(&taxes).unwrap_or_default(),
            total,
        },
        payment: Payment::parse(&payment),
        cancelled: status == "cancelled",
    }
}

macro_rules! booking_columns {
    () => {
        (
            (
                court_bookings::id,
                court_bookings::sheet_id,
                court_bookings::starts_at,
                court_bookings::ends_at,
                court_bookings::account_id,
                court_bookings::booked_by,
                court_bookings::created_at,
            ),
            (
                court_bookings::partners,
                court_bookings::guests,
                court_bookings::fee,
                court_bookings::taxes,
                court_bookings::total,
                court_bookings::payment_status,
                court_bookings::status,
            ),
        )
    };
}

/// One booking of the club (cancelled too), by id.
pub fn booking(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<Booking>> {
    Ok(court_bookings::of(club)
        .filter(court_bookings::id.eq(id))
        .select(booking_columns!())
        .first::<BookingRow>(conn)
        .optional()?
        .map(booking_of))
}

/// The bookings (not cancelled) starting in `[from, to)`.
pub fn booked_between(
    conn: &mut Conn,
    club: &OrgScope,
    from: i64,
    to: i64,
) -> QueryResult<Vec<Booking>> {
    Ok(court_bookings::of(club)
        .filter(court_bookings::status.eq("booked"))
        .filter(court_bookings::starts_at.ge(from))
        .filter(court_bookings::starts_at.lt(to))
        .order((court_bookings::starts_at, court_bookings::sheet_id))
        .select(booking_columns!())
        .load::<BookingRow>(conn)?
        .into_iter()
        .map(booking_of)
        .collect())
}

/// A member's bookings still to come (or under way).
pub fn upcoming_of(
    conn: &mut Conn,
    club: &OrgScope,
    account: i64,
    now: i64,
) -> QueryResult<Vec<Booking>> {
    // The member's own rows only (the `court_bookings_member` index), not every club booking.
    Ok(court_bookings::of(club)
        .filter(court_bookings::status.eq("booked"))
        .filter(court_bookings::account_id.eq(account))
        .filter(court_bookings::starts_at.ge(now - 6 * 3600))
        .filter(court_bookings::ends_at.gt(now))
        .order((court_bookings::starts_at, court_bookings::sheet_id))
        .select(booking_columns!())
        .load::<BookingRow>(conn)?
        .into_iter()
        .map(booking_of)
        .collect())
}

/// Season and bracket games that hold a sheet in `[from, to)`: (sheet, start, end). A game
/// holds its sheet for two hours (curling) or ninety minutes (pickleball).
pub fn games_between(
    conn: &mut Conn,
    club: &OrgScope,
    from: i64,
    to: i64,
    game_minutes: i64,
) -> QueryResult<Vec<(i64, i64, i64)>> {
    let near: std::collections::HashMap<i64, i64> = draws::of(club)
        .filter(draws::starts_at.lt(to))
        .filter(draws::starts_at.ge(from - game_minutes * 60))
        .select((draws::id, draws::starts_at))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<i64> = near.keys().copied().collect();
    let rows: Vec<(Option<i64>, i64)> = games::of(club)
        .filter(games::draw_id.eq_any(&ids))
        .filter(games::state.ne("cancelled"))
        .select((games::sheet_id, games::draw_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(sheet, draw)| {
            let at = *near.get(&draw)?;
            Some((sheet?, at, at + game_minutes * 60))
        })
        .collect())
}

/// Why a court cannot be booked for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldKind {
    /// A season or bracket game.
    Game,
    /// An open-play session.
    OpenPlay,
    /// An organiser closed it.
    Closed(BlockReason),
}

/// A court (or every court: `sheet` is `None`) held over `[starts_at, ends_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub sheet: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub kind: HoldKind,
}

impl Hold {
    pub fn covers(&self, sheet: i64, from: i64, to: i64) -> bool {
        self.sheet.is_none_or(|s| s == sheet) && self.starts_at < to && self.ends_at > from
    }
}

/// Everything that holds courts in `[from, to)`: games, open play and blocks.
pub fn holds(
    conn: &mut Conn,
    club: &OrgScope,
    zone: Tz,
    from: i64,
    to: i64,
    game_minutes: i64,
) -> QueryResult<Vec<Hold>> {
    let hold = |kind: HoldKind| {
        move |(sheet, starts_at, ends_at): (i64, i64, i64)| Hold {
            sheet: Some(sheet),
            starts_at,
            ends_at,
            kind,
        }
    };
    let mut out: Vec<Hold> = games_between(conn, club, from, to, game_minutes)?
        .into_iter()
        .map(hold(HoldKind::Game))
        .collect();
    out.extend(
        super::open_play::held_between(conn, club, zone, from, to)?
            .into_iter()
            .map(hold(HoldKind::OpenPlay)),
    );
    out.extend(
        blocks_between(conn, club, from, to)?
            .into_iter()
            .map(|b| Hold {
                sheet: b.sheet,
                starts_at: b.starts_at,
                ends_at: b.ends_at,
                kind: HoldKind::Closed(b.reason),
            }),
    );
    Ok(out)
}

/// Why an organiser closes a court.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockReason {
    Maintenance,
    Lesson,
    Event,
}

impl BlockReason {
    pub const ALL: [BlockReason; 3] = [
        BlockReason::Maintenance,
        BlockReason::Lesson,
        BlockReason::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BlockReason::Maintenance => "maintenance",
            BlockReason::Lesson => "lesson",
            BlockReason::Event => "event",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn text(self) -> Text {
        match self {
            BlockReason::Maintenance => Text::CourtBlockMaintenance,
            BlockReason::Lesson => Text::CourtBlockLesson,
            BlockReason::Event => Text::CourtBlockEvent,
        }
    }
}

/// A court closed for a while.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: i64,
    /// `None`: every court.
    pub sheet: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: BlockReason,
    pub note: String,
}

/// The blocks overlapping `[from, to)`.
pub fn blocks_between(
    conn: &mut Conn,
    club: &OrgScope,
    from: i64,
    to: i64,
) -> QueryResult<Vec<Block>> {
    Ok(court_blocks::of(club)
        .filter(court_blocks::starts_at.lt(to))
        .filter(court_blocks::ends_at.gt(from))
        .order((court_blocks::starts_at, court_blocks::id))
        .select((
            court_blocks::id,
            court_blocks::sheet_id,
            court_blocks::starts_at,
            court_blocks::ends_at,
            court_blocks::reason,
            court_blocks::note,
        ))
        .load::<(i64, Option<i64>, i64, i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, sheet, starts_at, ends_at, reason, note)| Block {
            id,
            sheet,
            starts_at,
            ends_at,
            reason: BlockReason::parse(&reason).unwrap_or(BlockReason::Event),
            note,
        })
        .collect())
}

/// Closes a court (or all) for a while. Refused while bookings fall in that time: they are
/// members' plans, so the organiser cancels them first (and the members are told there).
pub fn add_block(
    conn: &mut Conn,
    club: &OrgScope,
    block: &Block,
    by: i64,
    now: i64,
) -> Result<i64, ActionError> {
    let mut errors = FieldErrors::new();
    if block.starts_at >= block.ends_at {
        errors.add("ends_at", Text::CourtBlockTimes);
    }
    if block.note.chars().count() > 200 {
        errors.add("note", Text::FieldTooLong);
    }
    if let Some(sheet) = block.sheet {
        let known = sheets::of(club)
            .filter(sheets::id.eq(sheet))
            .count()
            .get_result::<i64>(conn)?;
        if known == 0 {
            errors.add("sheet", Text::FieldInvalidChoice);
        }
    }
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let clash = court_bookings::of(club)
        .filter(court_bookings::status.eq("booked"))
        .filter(court_bookings::starts_at.lt(block.ends_at))
        .filter(court_bookings::ends_at.gt(block.starts_at))
        .select(court_bookings::sheet_id)
        .load::<i64>(conn)?
        .into_iter()
        .any(|s| block.sheet.is_none_or(|b| b == s));
    if clash {
        return Err(ActionError::Refused(Text::CourtBlockOverBookings));
    }
    Ok(court_blocks::insert(
        club,
        (
            court_blocks::sheet_id.eq(block.sheet),
            court_blocks::starts_at.eq(block.starts_at),
            court_blocks::ends_at.eq(block.ends_at),
            court_blocks::reason.eq(block.reason.as_str()),
            court_blocks::note.eq(block.note.trim()),
            court_blocks::created_by.eq(by),
            court_blocks::created_at.eq(now),
        ),
    )
    .returning(court_blocks::id)
    .get_result(conn)?)
}

/// Opens a blocked court again.
/// When the removed block started (to show its day again).
pub fn remove_block(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<i64, ActionError> {
    diesel::delete(court_blocks::of(club).filter(court_blocks::id.eq(id)))
        .returning(court_blocks::starts_at)
        .get_result(conn)
        .optional()?
        .ok_or(ActionError::NotFound)
}

/// What a booking is for.
pub struct Wanted {
    pub sheet: i64,
    pub starts_at: i64,
    /// Who plays.
    pub account: i64,
    /// Who booked it (an admin may book for someone).
    pub by: i64,
    /// The person booking manages the club: the window and the limits do not bind them.
    pub manager: bool,
}

/// Books a slot. The same member sending the same booking twice gets the one booking.
#[allow(clippy::too_many_arguments)]
pub fn book(
    conn: &mut Conn,
    club: &OrgScope,
    rules: &Rules,
    zone: Tz,
    wanted: &Wanted,
    game_minutes: i64,
    now: i64,
) -> Result<i64, ActionError> {
    let court = sheets::of(club)
        .filter(sheets::id.eq(wanted.sheet))
        .count()
        .get_result::<i64>(conn)?;
    if court == 0 {
        return Err(ActionError::NotFound);
    }
    let date = crate::clubs::clock::date(zone, wanted.starts_at).ok_or(ActionError::NotFound)?;
    let slot: Slot = super::slots(rules, zone, date)
        .into_iter()
        .find(|s| s.starts_at == wanted.starts_at)
        .ok_or(ActionError::Refused(Text::CourtNotASlot))?;
    if slot.starts_at <= now {
        return Err(ActionError::Refused(Text::CourtSlotPast));
    }
    if !wanted.manager && now < super::opens_at(rules, zone, date) {
        return Err(ActionError::Refused(Text::CourtNotYetOpen));
    }
    let held = holds(conn, club, zone, slot.starts_at, slot.ends_at, game_minutes)?;
    if let Some(hold) = held
        .iter()
        .find(|h| h.covers(wanted.sheet, slot.starts_at, slot.ends_at))
    {
        return Err(ActionError::Refused(match hold.kind {
            HoldKind::Game => Text::CourtBlocked,
            HoldKind::OpenPlay => Text::CourtOpenPlay,
            HoldKind::Closed(_) => Text::CourtClosedThen,
        }));
    }
    let existing = booked_between(conn, club, slot.starts_at, slot.starts_at + 1)?;
    if let Some(mine) = existing
        .iter()
        .find(|b| b.sheet == wanted.sheet && b.account == wanted.account)
    {
        return Ok(mine.id);
    }
    if existing.iter().any(|b| b.sheet == wanted.sheet) {
        return Err(ActionError::Refused(Text::CourtTaken));
    }
    // A freed slot offered to the next in line is theirs to take until the offer ends.
    if super::waitlist::offered_to(conn, club, wanted.sheet, slot.starts_at, now)?
        .is_some_and(|a| a != wanted.account)
    {
        return Err(ActionError::Refused(Text::CourtOffered));
    }
    if !wanted.manager {
        let mine = upcoming_of(conn, club, wanted.account, now)?;
        if mine.len() as i64 >= rules.max_active {
            return Err(ActionError::Refused(Text::CourtTooManyActive));
        }
        let same_day = mine
            .iter()
            .filter(|b| crate::clubs::clock::date(zone, b.starts_at) == Some(date))
            .count() as i64;
        if same_day >= rules.max_per_day {
            return Err(ActionError::Refused(Text::CourtTooManyToday));
        }
    }
    let id = court_bookings::insert(
        club,
        (
            court_bookings::sheet_id.eq(wanted.sheet),
            court_bookings::starts_at.eq(slot.starts_at),
            court_bookings::ends_at.eq(slot.ends_at),
            court_bookings::account_id.eq(wanted.account),
            court_bookings::booked_by.eq(wanted.by),
            court_bookings::status.eq("booked"),
            court_bookings::created_at.eq(now),
        ),
    )
    .returning(court_bookings::id)
    .get_result(conn)
    .map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => ActionError::Refused(Text::CourtTaken),
        other => other.into(),
    })?;
    super::waitlist::booked(
        conn,
        club,
        wanted.sheet,
        slot.starts_at,
        wanted.account,
        now,
    )?;
    Ok(id)
}

/// Cancels a booking: its member before the cut-off, a manager at any time. The slot is
/// offered to the first on its waitlist at once.
#[allow(clippy::too_many_arguments)]
pub fn cancel(
    conn: &mut Conn,
    club: &OrgScope,
    rules: &Rules,
    id: i64,
    by: i64,
    manager: bool,
    mail: &super::waitlist::OfferMail,
    now: i64,
) -> Result<Booking, ActionError> {
    let found = booking(conn, club, id)?
        .filter(|b| !b.cancelled)
        .ok_or(ActionError::NotFound)?;
    if found.account != by && !manager {
        return Err(ActionError::NotFound);
    }
    if !manager && !super::may_cancel(rules, found.starts_at, now) {
        return Err(ActionError::Refused(Text::CourtCancelTooLate));
    }
    diesel::update(
        court_bookings::of(club)
            .filter(court_bookings::id.eq(id))
            .filter(court_bookings::status.eq("booked")),
    )
    .set((
        court_bookings::status.eq("cancelled"),
        court_bookings::cancelled_at.eq(now),
        court_bookings::cancelled_by.eq(by),
    ))
    .execute(conn)?;
    super::waitlist::offer_next(conn, club, rules, found.sheet, found.starts_at, mail, now)?;
    Ok(found)
}

/// The instants of `date`'s start and end on the club's clock.
pub fn day_bounds(zone: Tz, date: NaiveDate) -> (i64, i64) {
    let start = |d: NaiveDate| {
        crate::clubs::clock::on(zone, d, chrono::NaiveTime::MIN)
            .first()
            .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
    };
    (start(date), date.succ_opt().map_or(i64::MAX, start))
}

/// Saves who plays on a booking (its member or a manager, before it starts) and fixes the
/// guest fee with `rates`, the club's taxes on the day.
#[allow(clippy::too_many_arguments)]
pub fn set_players(
    conn: &mut Conn,
    club: &OrgScope,
    rules: &Rules,
    id: i64,
    by: i64,
    manager: bool,
    players: &Players,
    rates: &[crate::taxes::Rate],
    now: i64,
) -> Result<(), ActionError> {
    let found = booking(conn, club, id)?
        .filter(|b| !b.cancelled && (b.account == by || manager))
        .ok_or(ActionError::NotFound)?;
    if found.starts_at <= now {
        return Err(ActionError::Refused(Text::CourtSlotPast));
    }
    let mut errors = FieldErrors::new();
    if players.count() as i64 > rules.max_players {
        errors.add("players", Text::CourtTooManyPlayers);
    }
    let mut seen = std::collections::HashSet::new();
    if players
        .partners
        .iter()
        .any(|p| *p == found.account || !seen.insert(*p))
    {
        errors.add("players", Text::CourtPartnerTwice);
    }
    if players
        .guests
        .iter()
        .any(|g| g.trim().is_empty() || g.chars().count() > 60)
    {
        errors.add("players", Text::CourtGuestName);
    }
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let price = crate::taxes::breakdown(rules.guest_fee * players.guests.len() as i64, rates);
    let payment = match (price.total, found.payment) {
        (0, _) => Payment::None,
        // Paid stays paid while the amount does not change.
        (total, Payment::Paid) if total == found.price.total => Payment::Paid,
        _ => Payment::Unpaid,
    };
    diesel::update(court_bookings::of(club).filter(court_bookings::id.eq(id)))
        .set((
            court_bookings::partners.eq(json(&players.partners)),
            court_bookings::guests.eq(json(&players.guests)),
            court_bookings::fee.eq(price.fee),
            court_bookings::taxes.eq(json(&price.taxes)),
            court_bookings::total.eq(price.total),
            court_bookings::payment_status.eq(payment.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}

/// A list written as JSON text in a column.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// A manager records that a booking's guest fee was paid (or not).
pub fn set_paid(conn: &mut Conn, club: &OrgScope, id: i64, paid: bool) -> Result<(), ActionError> {
    let found = booking(conn, club, id)?.ok_or(ActionError::NotFound)?;
    if found.payment == Payment::None {
        return Err(ActionError::Refused(Text::CourtNothingToPay));
    }
    let status = if paid { Payment::Paid } else { Payment::Unpaid };
    diesel::update(court_bookings::of(club).filter(court_bookings::id.eq(id)))
        .set(court_bookings::payment_status.eq(status.as_str()))
        .execute(conn)?;
    Ok(())
}
