//! Who holds a spot: registering, the waitlist, cancelling, promotion, payment. Each
//! function runs inside one write closure on the sport file's single writer, so a count and
//! the insert that depends on it are never interleaved with another request's, and the
//! emails it causes are written to the outbox in the same transaction.

use crate::db::Conn;
use crate::webhooks::EventType;
use diesel::prelude::*;

use super::{Payment, Program, ProgramSummary, Registration, Status, Window};
use crate::auth::AccountId;
use crate::auth::profiles::ProfileId;
use crate::db::DbError;
use crate::db::tenant::{OrgScope, programs, registrations};
use crate::i18n::{Lang, Text};
use crate::jobs::{Job, relay};
use crate::mail::{Email, Message};
use crate::money;
use crate::taxes::{self, Rate};
use crate::validation::{ActionError, FieldErrors};

pub const NOTE_MAX_CHARS: usize = 200;

/// What an email about a registration needs to say where it came from.
#[derive(Debug, Clone)]
pub struct ClubMail {
    pub club: String,
    pub slug: String,
    /// `https://club.example`, for links in emails.
    pub base_url: String,
}

impl ClubMail {
    fn link(&self, lang: Lang) -> String {
        format!(
            "{}{}",
            self.base_url,
            crate::web::paths::my_registrations(lang, &self.slug)
        )
    }
}

/// The person registering: an account, and whether they belong to the club.
#[derive(Debug, Clone)]
pub struct Registrant {
    pub account: AccountId,
    pub email: String,
    pub lang: Lang,
    pub member: bool,
}

/// What happened to one profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Confirmed,
    /// Place in line, 1 = next.
    Waitlisted(i64),
    /// It was already registered (a second click, a retry, another tab): nothing new.
    AlreadyRegistered(Status),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub registration: i64,
    pub player: String,
    pub outcome: Outcome,
}

fn refuse(text: Text) -> ActionError {
    ActionError::Refused(text)
}

fn load(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<ProgramSummary, ActionError> {
    super::summary(conn, club, id)?.ok_or(ActionError::NotFound)
}

fn has_room(program: &Program, confirmed: i64) -> bool {
    program.capacity.is_none_or(|capacity| confirmed < capacity)
}

/// How many are confirmed in the program now (the row's count, kept by the triggers).
fn confirmed_count(conn: &mut Conn, club: &OrgScope, program: i64) -> QueryResult<i64> {
    programs::of(club)
        .filter(programs::id.eq(program))
        .select(programs::confirmed_count)
        .first(conn)
}

fn last_rank(conn: &mut Conn, club: &OrgScope, program: i64) -> QueryResult<i64> {
    // The end of the line, read from the waitlist's own index (a MAX() would be answered
    // from the program's index by scanning every registration).
    Ok(registrations::of(club)
        .filter(registrations::program_id.eq(program))
        .filter(registrations::waitlist_rank.is_not_null())
        .order(registrations::waitlist_rank.desc())
        .select(registrations::waitlist_rank)
        .first::<Option<i64>>(conn)
        .optional()?
        .flatten()
        .unwrap_or(0))
}

fn email(conn: &mut Conn, to: &str, lang: &str, message: Message) -> Result<(), DbError> {
    relay::push(
        conn,
        &Job::SendEmail(Email {
            to: to.to_string(),
            lang: lang.to_string(),
            message,
        }),
    )
}

/// Registers each of `players` (profiles of the registrant, checked by the caller) in
/// `program`: confirmed while there is room, waitlisted after. A profile already registered
/// keeps its registration. All or nothing: a refusal writes nothing.
#[allow(clippy::too_many_arguments)]
pub fn register(
    conn: &mut Conn,
    club: &OrgScope,
    mail: &ClubMail,
    program_id: i64,
    who: &Registrant,
    players: &[(ProfileId, String)],
    rates: &[Rate],
    now_ms: i64,
) -> Result<Vec<Placed>, ActionError> {
    let program = load(conn, club, program_id)?.program;
    match program.window(now_ms / 1000) {
        Window::NotYetOpen => return Err(refuse(Text::RegistrationNotOpen)),
        Window::Closed => return Err(refuse(Text::RegistrationClosed)),
        Window::Open => {}
    }
    if program.members_only && !who.member {
        return Err(refuse(Text::RegistrationMembersOnly));
    }
    if players.is_empty() {
        return Err(refuse(Text::RegistrationNoProfile));
    }
    let price = taxes::breakdown(program.fee, rates);
    let tax_json = serde_json::to_string(&price.taxes)
        .map_err(|e| DbError::Diesel(diesel::result::Error::SerializationError(Box::new(e))))?;
    let mut placed = Vec::with_capacity(players.len());
    for (profile, player) in players {
        let existing: Option<(i64, String)> = registrations::of(club)
            .filter(registrations::program_id.eq(program_id))
            .filter(registrations::profile_id.eq(profile.0))
            .filter(registrations::status.ne(Status::Cancelled.as_str()))
            .select((registrations::id, registrations::status))
            .first(conn)
            .optional()?;
        if let Some((id, status)) = existing {
            placed.push(Placed {
                registration: id,
                player: player.clone(),
                outcome: Outcome::AlreadyRegistered(status.parse().unwrap_or(Status::Confirmed)),
            });
            continue;
        }
        let confirmed = confirmed_count(conn, club, program_id)?;
        let (status, rank) = if has_room(&program, confirmed) {
            (Status::Confirmed, None)
        } else {
            (
                Status::Waitlisted,
                Some(last_rank(conn, club, program_id)? + 1),
            )
        };
        let id: i64 = registrations::insert(
            club,
            (
                registrations::program_id.eq(program_id),
                registrations::profile_id.eq(profile.0),
                registrations::account_id.eq(who.account.0),
                registrations::player_name.eq(player),
                registrations::contact_email.eq(&who.email),
                registrations::contact_lang.eq(who.lang.tag()),
                registrations::status.eq(status.as_str()),
                registrations::waitlist_rank.eq(rank),
                registrations::fee.eq(price.fee),
                registrations::taxes.eq(&tax_json),
                registrations::total.eq(price.total),
                registrations::payment_status.eq(Payment::Unpaid.as_str()),
                registrations::paid_amount.eq(0),
                registrations::payment_note.eq(""),
                registrations::created_at.eq(now_ms),
                registrations::confirmed_at.eq((status == Status::Confirmed).then_some(now_ms)),
            ),
        )
        .returning(registrations::id)
        .get_result(conn)?;
        let (outcome, message) = match rank {
            None => (
                Outcome::Confirmed,
                Message::RegistrationConfirmed {
                    club: mail.club.clone(),
                    program: program.name.clone(),
                    player: player.clone(),
                    total: money::display(who.lang, price.total),
                    link: mail.link(who.lang),
                },
            ),
            Some(_) => {
                // Appended at the end of the line: its place is the length of the line.
                let position = load(conn, club, program_id)?.waitlisted;
                (
                    Outcome::Waitlisted(position),
                    Message::RegistrationWaitlisted {
                        club: mail.club.clone(),
                        program: program.name.clone(),
                        player: player.clone(),
                        position,
                        link: mail.link(who.lang),
                    },
                )
            }
        };
        email(conn, &who.email, who.lang.tag(), message)?;
        let news = serde_json::json!({
            "program_id": program_id,
            "registration_id": id,
            "status": status.as_str(),
        });
        crate::webhooks::emit(
            conn,
            club,
            EventType::RegistrationCreated,
            news,
            now_ms / 1000,
        )?;
        if status == Status::Confirmed {
            tell_if_full(conn, club, &program, now_ms)?;
        }
        placed.push(Placed {
            registration: id,
            player: player.clone(),
            outcome,
        });
    }
    Ok(placed)
}

/// Confirms `registration` (waitlisted) and emails its contact.
fn confirm(
    conn: &mut Conn,
    club: &OrgScope,
    mail: &ClubMail,
    program: &Program,
    registration: &Registration,
    now_ms: i64,
) -> Result<(), ActionError> {
    diesel::update(registrations::of(club).filter(registrations::id.eq(registration.id)))
        .set((
            registrations::status.eq(Status::Confirmed.as_str()),
            registrations::waitlist_rank.eq(None::<i64>),
            registrations::confirmed_at.eq(Some(now_ms)),
        ))
        .execute(conn)?;
    let lang = Lang::from_tag(&registration.contact_lang).unwrap_or_default();
    email(
        conn,
        &registration.contact_email,
        lang.tag(),
        Message::RegistrationPromoted {
            club: mail.club.clone(),
            program: program.name.clone(),
            player: registration.player_name.clone(),
            total: money::display(lang, registration.total),
            link: mail.link(lang),
        },
    )?;
    let news = serde_json::json!({
        "program_id": program.id,
        "registration_id": registration.id,
        "status": Status::Confirmed.as_str(),
    });
    crate::webhooks::emit(
        conn,
        club,
        EventType::RegistrationPromoted,
        news,
        now_ms / 1000,
    )?;
    tell_if_full(conn, club, program, now_ms)
}

/// `program.full` for the club's webhooks when the confirmation just made took the last
/// spot (again, after a cancellation and a promotion).
fn tell_if_full(
    conn: &mut Conn,
    club: &OrgScope,
    program: &Program,
    now_ms: i64,
) -> Result<(), ActionError> {
    let Some(capacity) = program.capacity else {
        return Ok(());
    };
    if confirmed_count(conn, club, program.id)? != capacity {
        return Ok(());
    }
    let news = serde_json::json!({ "program_id": program.id, "capacity": capacity });
    crate::webhooks::emit(conn, club, EventType::ProgramFull, news, now_ms / 1000)?;
    Ok(())
}

/// Promotes from the head of the waitlist while the program has room. Returns how many.
pub fn fill_from_waitlist(
    conn: &mut Conn,
    club: &OrgScope,
    mail: &ClubMail,
    program_id: i64,
    now_ms: i64,
) -> Result<usize, ActionError> {
    let ProgramSummary {
        program,
        mut confirmed,
        ..
    } = load(conn, club, program_id)?;
    let mut promoted = 0;
    while has_room(&program, confirmed) {
        let next = registrations::of(club)
            .filter(registrations::program_id.eq(program_id))
            .filter(registrations::waitlist_rank.is_not_null())
            .order(registrations::waitlist_rank)
            .select(registrations::all_columns)
            .first::<super::RegistrationRow>(conn)
            .optional()?;
        let Some(row) = next else { break };
        confirm(
            conn,
            club,
            mail,
            &program,
            &Registration::from_row(row),
            now_ms,
        )?;
        confirmed += 1;
        promoted += 1;
    }
    Ok(promoted)
}

/// Who is cancelling: the account that registered, or a club admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canceller {
    Registrant(AccountId),
    Admin,
}

/// Cancels a registration; a freed spot goes to the head of the waitlist. Cancelling twice
/// changes nothing. Returns the program's id.
pub fn cancel(
    conn: &mut Conn,
    club: &OrgScope,
    mail: &ClubMail,
    id: i64,
    by: Canceller,
    now_ms: i64,
) -> Result<i64, ActionError> {
    let registration = super::registration(conn, club, id)?.ok_or(ActionError::NotFound)?;
    if let Canceller::Registrant(account) = by
        && registration.account_id != account
    {
        return Err(ActionError::NotFound);
    }
    if registration.status == Status::Cancelled {
        return Ok(registration.program_id);
    }
    diesel::update(registrations::of(club).filter(registrations::id.eq(id)))
        .set((
            registrations::status.eq(Status::Cancelled.as_str()),
            registrations::waitlist_rank.eq(None::<i64>),
            registrations::cancelled_at.eq(Some(now_ms)),
        ))
        .execute(conn)?;
    let news = serde_json::json!({
        "program_id": registration.program_id,
        "registration_id": id,
        "status": Status::Cancelled.as_str(),
    });
    crate::webhooks::emit(
        conn,
        club,
        EventType::RegistrationCancelled,
        news,
        now_ms / 1000,
    )?;
    if registration.status == Status::Confirmed {
        fill_from_waitlist(conn, club, mail, registration.program_id, now_ms)?;
    }
    Ok(registration.program_id)
}

fn waitlisted(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
) -> Result<(Registration, i64), ActionError> {
    let registration = super::registration(conn, club, id)?.ok_or(ActionError::NotFound)?;
    match registration.waitlist_rank {
        Some(rank) => Ok((registration, rank)),
        None => Err(refuse(Text::RegistrationNotWaitlisted)),
    }
}

/// An admin confirms someone from the waitlist out of turn. If the program is full, its
/// capacity grows by one: the admin chose to take one more, nobody is bumped.
pub fn promote(
    conn: &mut Conn,
    club: &OrgScope,
    mail: &ClubMail,
    id: i64,
    now_ms: i64,
) -> Result<i64, ActionError> {
    let (registration, _) = waitlisted(conn, club, id)?;
    let ProgramSummary {
        program, confirmed, ..
    } = load(conn, club, registration.program_id)?;
    if let Some(capacity) = program.capacity
        && confirmed >= capacity
    {
        diesel::update(programs::of(club).filter(programs::id.eq(program.id)))
            .set(programs::capacity.eq(Some(confirmed + 1)))
            .execute(conn)?;
    }
    confirm(conn, club, mail, &program, &registration, now_ms)?;
    Ok(program.id)
}

/// Moves a waitlisted registration one place earlier (`up`) or later in line.
pub fn move_in_line(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    up: bool,
) -> Result<i64, ActionError> {
    let (registration, rank) = waitlisted(conn, club, id)?;
    let program = registration.program_id;
    let line = registrations::of(club)
        .filter(registrations::program_id.eq(program))
        .filter(registrations::waitlist_rank.is_not_null());
    let neighbour: Option<(i64, Option<i64>)> = if up {
        line.filter(registrations::waitlist_rank.lt(rank))
            .order(registrations::waitlist_rank.desc())
            .select((registrations::id, registrations::waitlist_rank))
            .first(conn)
            .optional()?
    } else {
        line.filter(registrations::waitlist_rank.gt(rank))
            .order(registrations::waitlist_rank)
            .select((registrations::id, registrations::waitlist_rank))
            .first(conn)
            .optional()?
    };
    let Some((other, Some(other_rank))) = neighbour else {
        // Already first (or last): nothing to do.
        return Ok(program);
    };
    let set_rank = |conn: &mut Conn, who: i64, to: i64| {
        diesel::update(registrations::of(club).filter(registrations::id.eq(who)))
            .set(registrations::waitlist_rank.eq(Some(to)))
            .execute(conn)
    };
    // Ranks are unique per program: park one out of the way while they swap.
    set_rank(conn, id, -rank)?;
    set_rank(conn, other, rank)?;
    set_rank(conn, id, other_rank)?;
    Ok(program)
}

/// The payment form, as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    pub status: String,
    /// Dollars: paid (or refunded).
    pub amount: String,
    pub note: String,
}

/// Records what the club knows about payment. The amount is what was paid, or for a refund
/// what was returned; it cannot exceed the registration's total.
pub fn record_payment(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    form: &PaymentForm,
) -> Result<i64, ActionError> {
    let registration = super::registration(conn, club, id)?.ok_or(ActionError::NotFound)?;
    let mut errors = FieldErrors::new();
    let status = form.status.parse::<Payment>().unwrap_or_else(|_| {
        errors.add("status", Text::FieldInvalidChoice);
        Payment::Unpaid
    });
    let amount = match (status, form.amount.trim()) {
        (Payment::Unpaid, "") => 0,
        (_, "") => registration.total,
        (_, text) => match money::parse_dollars(text) {
            Ok(cents) if cents > registration.total => {
                errors.add("amount", Text::PaymentMoreThanTotal);
                0
            }
            Ok(cents) => cents,
            Err(money::AmountError::Negative) => {
                errors.add("amount", Text::AmountNegative);
                0
            }
            Err(_) => {
                errors.add("amount", Text::AmountInvalid);
                0
            }
        },
    };
    let note = form.note.trim();
    if note.chars().count() > NOTE_MAX_CHARS {
        errors.add("note", Text::FieldTooLong);
    } else if note.chars().any(char::is_control) {
        errors.add("note", Text::FieldInvalidCharacters);
    }
    errors.or(())?;
    diesel::update(registrations::of(club).filter(registrations::id.eq(id)))
        .set((
            registrations::payment_status.eq(status.as_str()),
            registrations::paid_amount.eq(amount),
            registrations::payment_note.eq(note),
        ))
        .execute(conn)?;
    Ok(registration.program_id)
}
