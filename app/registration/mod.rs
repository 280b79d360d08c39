//! Registration: a club's programs (leagues, clinics, bonspiels, drop-ins) and the player
//! profiles registered in them — capacity, waitlist, fees with their taxes, payment.
//!
//! Programs and registrations live in the club's sport file. Every change to who holds a
//! spot runs in one write closure on the file's single writer, so counting the confirmed
//! registrations and adding one can never interleave with another request: a program is
//! never oversold. One live registration per profile per program is a unique index, so a
//! double click, a retry or a second tab finds the first registration instead of making
//! another.

pub mod export;
pub mod places;
pub mod programs;

use crate::db::Conn;
use std::collections::HashMap;
use std::str::FromStr;

use diesel::prelude::*;

use crate::auth::AccountId;
use crate::auth::profiles::ProfileId;
use crate::db::tenant::{OrgScope, programs as program_rows, registrations};
use crate::i18n::Text;

pub use programs::{NewProgram, ProgramForm};

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $word:literal => $text:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),* }
            }

            pub fn text(self) -> Text {
                match self { $($name::$variant => Text::$text),* }
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s { $($word => Ok($name::$variant),)* _ => Err(()) }
            }
        }
    };
}

word_enum!(
    /// What sort of program it is.
    ProgramKind {
        League = "league" => ProgramKindLeague,
        Clinic = "clinic" => ProgramKindClinic,
        Bonspiel = "bonspiel" => ProgramKindBonspiel,
        DropIn = "drop_in" => ProgramKindDropIn,
    }
);

word_enum!(
    /// Where a registration stands.
    Status {
        Confirmed = "confirmed" => StatusConfirmed,
        Waitlisted = "waitlisted" => StatusWaitlisted,
        Cancelled = "cancelled" => StatusCancelled,
    }
);

word_enum!(
    /// What the club has recorded about payment.
    Payment {
        Unpaid = "unpaid" => PaymentUnpaid,
        Paid = "paid" => PaymentPaid,
        Refunded = "refunded" => PaymentRefunded,
    }
);

/// Where a program's registration window stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    NotYetOpen,
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub season: String,
    pub kind: ProgramKind,
    /// `None`: unlimited.
    pub capacity: Option<i64>,
    /// Cents, before tax.
    pub fee: i64,
    /// Unix seconds.
    pub opens_at: i64,
    pub closes_at: i64,
    pub members_only: bool,
    pub created_at: i64,
}

type ProgramRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

impl ProgramSummary {
    fn from_row(row: ProgramRow) -> Self {
        let (
            id,
            _,
            name,
            description,
            season,
            kind,
            capacity,
            fee,
            opens_at,
            closes_at,
            members_only,
            created_at,
            confirmed,
            waitlisted,
        ) = row;
        let program = Program {
            id,
            name,
            description,
            season,
            // The column's CHECK allows only the known kinds.
            kind: kind.parse().unwrap_or(ProgramKind::League),
            capacity,
            fee,
            opens_at,
            closes_at,
            members_only: members_only == 1,
            created_at,
        };
        ProgramSummary {
            program,
            confirmed,
            waitlisted,
        }
    }
}

impl Program {
    pub fn window(&self, now: i64) -> Window {
        if now < self.opens_at {
            Window::NotYetOpen
        } else if now < self.closes_at {
            Window::Open
        } else {
            Window::Closed
        }
    }
}

/// A program with how many hold a spot and how many wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramSummary {
    pub program: Program,
    pub confirmed: i64,
    pub waitlisted: i64,
}

impl ProgramSummary {
    /// `None` when the program is unlimited.
    pub fn spots_left(&self) -> Option<i64> {
        self.program
            .capacity
            .map(|capacity| (capacity - self.confirmed).max(0))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: i64,
    pub program_id: i64,
    pub profile_id: ProfileId,
    pub account_id: AccountId,
    pub player_name: String,
    pub contact_email: String,
    pub contact_lang: String,
    pub status: Status,
    pub waitlist_rank: Option<i64>,
    pub fee: i64,
    /// (tax name, rate in thousandths of a percent, cents)
    pub taxes: Vec<(String, i64, i64)>,
    pub total: i64,
    pub payment: Payment,
    pub paid_amount: i64,
    pub payment_note: String,
    /// Unix milliseconds: the order registrations arrived in.
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub cancelled_at: Option<i64>,
}

type RegistrationRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    String,
    i64,
    String,
    i64,
    String,
    i64,
    Option<i64>,
    Option<i64>,
);

impl Registration {
    fn from_row(row: RegistrationRow) -> Self {
        let (
            id,
            _,
            program_id,
            profile_id,
            account_id,
            player_name,
            contact_email,
            contact_lang,
            status,
            waitlist_rank,
            fee,
            taxes,
            total,
            payment,
            paid_amount,
            payment_note,
            created_at,
            confirmed_at,
            cancelled_at,
        ) = row;
        Registration {
            id,
            program_id,
            profile_id: ProfileId(profile_id),
            account_id: AccountId(account_id),
            player_name,
            contact_email,
            contact_lang,
            // The columns' CHECKs allow only the known words.
            status: status.parse().unwrap_or(Status::Cancelled),
            waitlist_rank,
            fee,
            taxes: serde_json::from_str(&taxes).unwrap_or_default(),
            total,
            payment: payment.parse().unwrap_or(Payment::Unpaid),
            paid_amount,
            payment_note,
            created_at,
            confirmed_at,
            cancelled_at,
        }
    }
}

/// A registration with its program's name and, while waitlisted, its place in line (1 =
/// next to be promoted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub registration: Registration,
    pub program: String,
    pub waitlist_position: Option<i64>,
}

/// A program with its counts (kept on its row by the file's triggers).
pub fn summary(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<ProgramSummary>> {
    Ok(program_rows::of(club)
        .filter(program_rows::id.eq(id))
        .select(program_rows::all_columns)
        .first::<ProgramRow>(conn)
        .optional()?
        .map(ProgramSummary::from_row))
}

pub fn program(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<Program>> {
    Ok(summary(conn, club, id)?.map(|s| s.program))
}

/// Every program of the club, the ones opening soonest first.
pub fn list(conn: &mut Conn, club: &OrgScope) -> QueryResult<Vec<ProgramSummary>> {
    Ok(program_rows::of(club)
        .order((program_rows::opens_at, program_rows::id))
        .select(program_rows::all_columns)
        .load::<ProgramRow>(conn)?
        .into_iter()
        .map(ProgramSummary::from_row)
        .collect())
}

pub fn registration(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
) -> QueryResult<Option<Registration>> {
    Ok(registrations::of(club)
        .filter(registrations::id.eq(id))
        .select(registrations::all_columns)
        .first::<RegistrationRow>(conn)
        .optional()?
        .map(Registration::from_row))
}

/// Which registrations an admin is looking at.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Filter {
    /// A program id, or empty for all.
    pub program: String,
    /// A [`Status`] word, or empty for all.
    pub status: String,
    /// A [`Payment`] word, or empty for all.
    pub paid: String,
}

impl Filter {
    pub fn program_id(&self) -> Option<i64> {
        self.program.parse().ok()
    }
    pub fn status(&self) -> Option<Status> {
        self.status.parse().ok()
    }
    pub fn payment(&self) -> Option<Payment> {
        self.paid.parse().ok()
    }
}

/// Program names by id, for lists of registrations.
fn program_names(conn: &mut Conn, club: &OrgScope) -> QueryResult<HashMap<i64, String>> {
    Ok(program_rows::of(club)
        .select((program_rows::id, program_rows::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// Adds each registration's program name and, while waitlisted, its place in line.
fn listed(
    conn: &mut Conn,
    club: &OrgScope,
    rows: Vec<RegistrationRow>,
) -> QueryResult<Vec<Listed>> {
    let names = program_names(conn, club)?;
    let positions = waitlist_positions(conn, club, &rows)?;
    rows.into_iter()
        .map(|row| {
            let registration = Registration::from_row(row);
            let waitlist_position = registration
                .waitlist_rank
                .and_then(|rank| positions.get(&(registration.program_id, rank)).copied());
            Ok(Listed {
                program: names
                    .get(&registration.program_id)
                    .cloned()
                    .unwrap_or_default(),
                registration,
                waitlist_position,
            })
        })
        .collect()
}

/// Places in line, by (program, rank), for the programs that have a waitlisted row among
/// `rows`: one ordered read per program instead of a count per row.
fn waitlist_positions(
    conn: &mut Conn,
    club: &OrgScope,
    rows: &[RegistrationRow],
) -> QueryResult<HashMap<(i64, i64), i64>> {
    let mut programs: Vec<i64> = rows
        .iter()
        .filter(|row| row.9.is_some())
        .map(|row| row.2)
        .collect();
    programs.sort_unstable();
    programs.dedup();
    let mut positions = HashMap::new();
    for program in programs {
        let ranks: Vec<Option<i64>> = registrations::of(club)
            .filter(registrations::program_id.eq(program))
            .filter(registrations::waitlist_rank.is_not_null())
            .order(registrations::waitlist_rank)
            .select(registrations::waitlist_rank)
            .load(conn)?;
        for (place, rank) in ranks.into_iter().flatten().enumerate() {
            positions.insert((program, rank), place as i64 + 1);
        }
    }
    Ok(positions)
}

fn status_order(status: Status) -> u8 {
    match status {
        Status::Confirmed => 0,
        Status::Waitlisted => 1,
        Status::Cancelled => 2,
    }
}

/// The registrations an admin's filter selects: by program, then confirmed before the
/// waitlist (in line order) before cancelled, each in order of arrival.
pub fn filtered(conn: &mut Conn, club: &OrgScope, filter: &Filter) -> QueryResult<Vec<Listed>> {
    let mut query = registrations::of(club)
        .select(registrations::all_columns)
        .into_boxed();
    if let Some(program) = filter.program_id() {
        query = query.filter(registrations::program_id.eq(program));
    }
    if let Some(status) = filter.status() {
        query = query.filter(registrations::status.eq(status.as_str()));
    }
    if let Some(payment) = filter.payment() {
        query = query.filter(registrations::payment_status.eq(payment.as_str()));
    }
    let rows: Vec<RegistrationRow> = query
        .order((
            registrations::program_id,
            registrations::waitlist_rank,
            registrations::created_at,
            registrations::id,
        ))
        .load(conn)?;
    let mut out = listed(conn, club, rows)?;
    out.sort_by_key(|l| {
        (
            l.registration.program_id,
            status_order(l.registration.status),
        )
    });
    Ok(out)
}

/// Where each of the account's profiles stands in `program` (cancelled registrations left
/// out): what the program page needs to show beside each profile.
pub fn standing_in(
    conn: &mut Conn,
    club: &OrgScope,
    program: i64,
    account: AccountId,
) -> QueryResult<HashMap<ProfileId, Status>> {
    let rows: Vec<(i64, String)> = registrations::of(club)
        .filter(registrations::program_id.eq(program))
        .filter(registrations::account_id.eq(account.0))
        .filter(registrations::status.ne(Status::Cancelled.as_str()))
        .select((registrations::profile_id, registrations::status))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(profile, status)| Some((ProfileId(profile), status.parse().ok()?)))
        .collect())
}

/// An account's registrations at the club, newest first.
pub fn of_account(
    conn: &mut Conn,
    club: &OrgScope,
    account: AccountId,
) -> QueryResult<Vec<Listed>> {
    let rows = registrations::of(club)
        .filter(registrations::account_id.eq(account.0))
        .select(registrations::all_columns)
        .order((registrations::created_at.desc(), registrations::id.desc()))
        .load(conn)?;
    listed(conn, club, rows)
}
