//! Waitlists on booked slots. When a booking is cancelled, the slot is held for the first
//! member in line for the club's `offer_minutes` (never past the slot's start) and they are
//! emailed; if they do not book it in time, or let it go, it passes to the next. The email
//! is written in the same transaction as the offer.

use crate::db::Conn;
use std::collections::HashMap;

use chrono_tz::Tz;
use diesel::prelude::*;

use super::Rules;
use crate::db::tenant::{OrgScope, court_waitlist};
use crate::db::{Databases, DbError, OrgId};
use crate::i18n::Text;
use crate::jobs::{Job, relay};
use crate::mail::{Email, Message};
use crate::spares::notices::Contact;
use crate::validation::ActionError;

/// One member waiting for a slot, or holding its offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub sheet: i64,
    pub starts_at: i64,
    pub account: i64,
    /// `Some(until)` while the slot is offered to them.
    pub offered_until: Option<i64>,
}

type EntryRow = (i64, i64, i64, i64, String, Option<i64>);

fn entry((id, sheet, starts_at, account, status, until): EntryRow) -> Entry {
    Entry {
        id,
        sheet,
        starts_at,
        account,
        offered_until: (status == "offered").then_some(until).flatten(),
    }
}

/// The lines (waiting and offered) of slots starting in `[from, to)`, in order.
pub fn between(conn: &mut Conn, club: &OrgScope, from: i64, to: i64) -> QueryResult<Vec<Entry>> {
    Ok(court_waitlist::of(club)
        .filter(court_waitlist::status.eq_any(["waiting", "offered"]))
        .filter(court_waitlist::starts_at.ge(from))
        .filter(court_waitlist::starts_at.lt(to))
        .order(court_waitlist::id)
        .select((
            court_waitlist::id,
            court_waitlist::sheet_id,
            court_waitlist::starts_at,
            court_waitlist::account_id,
            court_waitlist::status,
            court_waitlist::offer_expires_at,
        ))
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(entry)
        .collect())
}

fn line(conn: &mut Conn, club: &OrgScope, sheet: i64, starts_at: i64) -> QueryResult<Vec<Entry>> {
    Ok(between(conn, club, starts_at, starts_at + 1)?
        .into_iter()
        .filter(|e| e.sheet == sheet)
        .collect())
}

/// Who holds the slot's offer now, if anyone.
pub fn offered_to(
    conn: &mut Conn,
    club: &OrgScope,
    sheet: i64,
    starts_at: i64,
    now: i64,
) -> QueryResult<Option<i64>> {
    Ok(line(conn, club, sheet, starts_at)?
        .into_iter()
        .find(|e| e.offered_until.is_some_and(|until| until > now))
        .map(|e| e.account))
}

/// Puts `account` in line for a slot someone else holds; their place (1 first). Twice is
/// once.
pub fn join(
    conn: &mut Conn,
    club: &OrgScope,
    sheet: i64,
    starts_at: i64,
    account: i64,
    link: &str,
    now: i64,
) -> Result<usize, ActionError> {
    if starts_at <= now {
        return Err(ActionError::Refused(Text::CourtSlotPast));
    }
    let holder = super::store::booked_between(conn, club, starts_at, starts_at + 1)?
        .into_iter()
        .find(|b| b.sheet == sheet)
        .map(|b| b.account);
    match holder {
        Some(a) if a == account => return Err(ActionError::Refused(Text::CourtWaitOwn)),
        None if offered_to(conn, club, sheet, starts_at, now)?.is_none() => {
            return Err(ActionError::Refused(Text::CourtWaitFree));
        }
        _ => {}
    }
    let place = |conn: &mut Conn| -> QueryResult<Option<usize>> {
        Ok(line(conn, club, sheet, starts_at)?
            .iter()
            .position(|e| e.account == account)
            .map(|i| i + 1))
    };
    if let Some(n) = place(conn)? {
        return Ok(n);
    }
    court_waitlist::insert(
        club,
        (
            court_waitlist::sheet_id.eq(sheet),
            court_waitlist::starts_at.eq(starts_at),
            court_waitlist::account_id.eq(account),
            court_waitlist::status.eq("waiting"),
            court_waitlist::link.eq(link),
            court_waitlist::created_at.eq(now),
            court_waitlist::updated_at.eq(now),
        ),
    )
    .execute(conn)?;
    place(conn)?.ok_or(ActionError::NotFound)
}

fn set_status(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    status: &str,
    now: i64,
) -> QueryResult<usize> {
    diesel::update(court_waitlist::of(club).filter(court_waitlist::id.eq(id)))
        .set((
            court_waitlist::status.eq(status),
            court_waitlist::updated_at.eq(now),
        ))
        .execute(conn)
}

/// What an offer's email needs besides the entry: the club, its clock, the court's name and
/// how to reach the members in line.
pub struct OfferMail {
    pub club: String,
    pub zone: Tz,
    pub court: String,
    pub contacts: HashMap<i64, Contact>,
    /// How long a season game holds its court (to see whether the slot is still bookable).
    pub game_minutes: i64,
}

/// Takes `account` out of the slot's line; an offer they held passes on at once.
#[allow(clippy::too_many_arguments)]
pub fn leave(
    conn: &mut Conn,
    club: &OrgScope,
    rules: &Rules,
    sheet: i64,
    starts_at: i64,
    account: i64,
    mail: &OfferMail,
    now: i64,
) -> Result<(), ActionError> {
    let mine = line(conn, club, sheet, starts_at)?
        .into_iter()
        .find(|e| e.account == account)
        .ok_or(ActionError::Refused(Text::CourtWaitNotOn))?;
    set_status(conn, club, mine.id, "withdrawn", now)?;
    if mine.offered_until.is_some() {
        offer_next(conn, club, rules, sheet, starts_at, mail, now)?;
    }
    Ok(())
}

/// After a booking is made: the booker's place in line (an offer they took) is done.
pub fn booked(
    conn: &mut Conn,
    club: &OrgScope,
    sheet: i64,
    starts_at: i64,
    account: i64,
    now: i64,
) -> QueryResult<()> {
    for e in line(conn, club, sheet, starts_at)?
        .into_iter()
        .filter(|e| e.account == account)
    {
        set_status(conn, club, e.id, "booked", now)?;
    }
    Ok(())
}

fn wall(zone: Tz, at: i64, format: &str) -> String {
    crate::clubs::clock::wall(zone, at)
        .map(|t| t.format(format).to_string())
        .unwrap_or_default()
}

/// Offers a free slot to the first in line (unless an offer is already running): they hold it
/// until the offer ends, and are emailed. A slot that has started ends its line instead. The
/// member it went to, if any.
pub fn offer_next(
    conn: &mut Conn,
    club: &OrgScope,
    rules: &Rules,
    sheet: i64,
    starts_at: i64,
    mail: &OfferMail,
    now: i64,
) -> QueryResult<Option<i64>> {
    let taken = super::store::booked_between(conn, club, starts_at, starts_at + 1)?
        .iter()
        .any(|b| b.sheet == sheet);
    let entries = line(conn, club, sheet, starts_at)?;
    // A slot that started, or that open play, a closing or a game now holds, ends its line.
    let ends = starts_at + rules.slot_minutes * 60;
    let held = super::store::holds(conn, club, mail.zone, starts_at, ends, mail.game_minutes)?
        .iter()
        .any(|h| h.covers(sheet, starts_at, ends));
    if starts_at <= now || held {
        for e in &entries {
            set_status(conn, club, e.id, "expired", now)?;
        }
        return Ok(None);
    }
    if taken
        || entries
            .iter()
            .any(|e| e.offered_until.is_some_and(|u| u > now))
    {
        return Ok(None);
    }
    let Some(next) = entries.iter().find(|e| e.offered_until.is_none()) else {
        return Ok(None);
    };
    let until = (now + rules.offer_minutes * 60).min(starts_at);
    let link: String = court_waitlist::of(club)
        .filter(court_waitlist::id.eq(next.id))
        .select(court_waitlist::link)
        .first(conn)?;
    diesel::update(court_waitlist::of(club).filter(court_waitlist::id.eq(next.id)))
        .set((
            court_waitlist::status.eq("offered"),
            court_waitlist::offered_at.eq(now),
            court_waitlist::offer_expires_at.eq(until),
            court_waitlist::updated_at.eq(now),
        ))
        .execute(conn)?;
    if let Some(contact) = mail.contacts.get(&next.account) {
        relay::push(
            conn,
            &Job::SendEmail(Email {
                to: contact.email.clone(),
                lang: contact.lang.clone(),
                message: Message::CourtOffer {
                    club: mail.club.clone(),
                    court: mail.court.clone(),
                    when: wall(mail.zone, starts_at, "%a %Y-%m-%d %H:%M"),
                    until: wall(mail.zone, until, "%H:%M"),
                    link,
                },
            }),
        )
        .map_err(|e| match e {
            DbError::Diesel(e) => e,
            other => diesel::result::Error::QueryBuilderError(Box::new(other)),
        })?;
    }
    Ok(Some(next.account))
}

/// The accounts in a slot's line (for loading their contacts before an offer).
pub fn accounts_in_line(
    conn: &mut Conn,
    club: &OrgScope,
    sheet: i64,
    starts_at: i64,
) -> QueryResult<Vec<i64>> {
    Ok(line(conn, club, sheet, starts_at)?
        .into_iter()
        .map(|e| e.account)
        .collect())
}

#[derive(QueryableByName)]
struct DueSlot {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    org_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    sheet_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    starts_at: i64,
}

/// Slots, in every club, whose offer ran out by `now`.
fn due_slots(conn: &mut Conn, now: i64) -> QueryResult<Vec<(i64, i64, i64)>> {
    Ok(crate::db::sql(
        conn,
        "SELECT DISTINCT org_id, sheet_id, starts_at FROM court_waitlist \
         WHERE status = 'offered' AND offer_expires_at <= ?",
    )
    .bind::<diesel::sql_types::BigInt, _>(now)
    .load::<DueSlot>(conn)?
    .into_iter()
    .map(|d| (d.org_id, d.sheet_id, d.starts_at))
    .collect())
}

/// Offers whose time ran out at `now`, in every club of every sport, lapse and pass to the
/// next in line. How many lapsed. (The minute job calls it with the clock's now.)
pub async fn lapse_due(dbs: &Databases, now: i64) -> Result<usize, DbError> {
    let mut lapsed = 0;
    for sport in dbs.sports() {
        let Some(db) = dbs.sport(sport) else { continue };
        let due: Vec<(i64, i64, i64)> = db
            .read(move |conn| due_slots(conn, now).map_err(DbError::from))
            .await?;
        // One slot that fails (logged) does not keep the others' turns from passing.
        for (org, sheet, starts_at) in due {
            match lapse_slot(dbs, sport, OrgId(org), sheet, starts_at, now).await {
                Ok(n) => lapsed += n,
                Err(e) => {
                    tracing::warn!(error = %e, org, sheet, starts_at, "passing a court offer on failed")
                }
            }
        }
    }
    Ok(lapsed)
}

async fn lapse_slot(
    dbs: &Databases,
    sport: crate::sports::Sport,
    org: OrgId,
    sheet: i64,
    starts_at: i64,
    now: i64,
) -> Result<usize, DbError> {
    let Some(db) = dbs.sport(sport) else {
        return Ok(0);
    };
    let Some(club) = dbs
        .shared
        .read(move |conn| crate::clubs::by_id(conn, org).map_err(DbError::from))
        .await?
    else {
        return Ok(0);
    };
    let scope = OrgScope::new(org);
    let (waiting, court, rules) = db
        .read(move |conn| -> Result<_, DbError> {
            let court = crate::clubs::sheets::list(conn, &scope)?
                .into_iter()
                .find(|s| s.id == sheet)
                .map(|s| s.name)
                .unwrap_or_default();
            Ok((
                accounts_in_line(conn, &scope, sheet, starts_at)?,
                court,
                super::store::rules(conn, &scope)?.unwrap_or_default(),
            ))
        })
        .await?;
    let contacts = dbs
        .shared
        .read(move |conn| {
            crate::spares::notices::contacts(conn, org, &waiting).map_err(DbError::from)
        })
        .await?;
    let mail = OfferMail {
        club: club.name.clone(),
        zone: crate::clubs::clock::zone(&club),
        court,
        contacts,
        game_minutes: super::game_minutes(sport),
    };
    db.write(move |conn| -> Result<usize, DbError> {
        let mut n = 0;
        for e in line(conn, &scope, sheet, starts_at)? {
            if e.offered_until.is_some_and(|u| u <= now) {
                n += set_status(conn, &scope, e.id, "lapsed", now)?;
            }
        }
        offer_next(conn, &scope, &rules, sheet, starts_at, &mail, now)?;
        Ok(n)
    })
    .await
}
