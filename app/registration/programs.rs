//! Creating and changing a program. Times are entered in the club's own time zone and stored
//! as instants, so "registration opens at 19:00" means 19:00 at the club for everyone.

use crate::db::Conn;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::ProgramKind;
use super::places::{self, ClubMail};
use crate::db::tenant::{OrgScope, programs};
use crate::i18n::Text;
use crate::money::{self, AmountError};
use crate::validation::{ActionError, FieldErrors, text_field};

pub const NAME_MAX_CHARS: usize = 100;
pub const SEASON_MAX_CHARS: usize = 40;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
/// More spots than any club has members is a typo.
pub const CAPACITY_MAX: i64 = 10_000;

/// The program form, as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProgramForm {
    pub name: String,
    pub description: String,
    pub season: String,
    pub kind: String,
    /// Blank: unlimited.
    pub capacity: String,
    /// Dollars.
    pub fee: String,
    /// `YYYY-MM-DDTHH:MM` in the club's time zone (an `<input type="datetime-local">`).
    pub opens_at: String,
    pub closes_at: String,
    /// "members" or "accounts".
    pub who: String,
}

/// A checked program, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProgram {
    pub name: String,
    pub description: String,
    pub season: String,
    pub kind: ProgramKind,
    pub capacity: Option<i64>,
    pub fee: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub members_only: bool,
}

const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// An instant as the club's wall clock, for a form field.
pub fn local_input(at: i64, zone: Tz) -> String {
    zone.timestamp_opt(at, 0)
        .single()
        .map(|t| t.format(LOCAL_FORMAT).to_string())
        .unwrap_or_default()
}

/// The club's wall-clock time in a form field as an instant. A time the clocks skip (spring
/// forward) is refused; one they pass twice (fall back) is the first.
fn instant(text: &str, zone: Tz) -> Option<i64> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, LOCAL_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
}

impl ProgramForm {
    /// A blank form: a league, open to members, opening tomorrow at 19:00 for two weeks.
    pub fn defaults(zone: Tz, now: i64) -> Self {
        let tomorrow = zone
            .timestamp_opt(now + 24 * 3600, 0)
            .single()
            .map(|t| t.date_naive());
        let at = |days: u64| {
            tomorrow
                .and_then(|d| d.checked_add_days(chrono::Days::new(days)))
                .and_then(|d| d.and_hms_opt(19, 0, 0))
                .map(|t| t.format(LOCAL_FORMAT).to_string())
                .unwrap_or_default()
        };
        ProgramForm {
            kind: ProgramKind::League.as_str().into(),
            who: "members".into(),
            opens_at: at(0),
            closes_at: at(14),
            ..Self::default()
        }
    }

    /// The form showing `program` as it is.
    pub fn of(program: &super::Program, zone: Tz) -> Self {
        ProgramForm {
            name: program.name.clone(),
            description: program.description.clone(),
            season: program.season.clone(),
            kind: program.kind.as_str().into(),
            capacity: program.capacity.map(|c| c.to_string()).unwrap_or_default(),
            fee: money::dollars(program.fee),
            opens_at: local_input(program.opens_at, zone),
            closes_at: local_input(program.closes_at, zone),
            who: if program.members_only {
                "members"
            } else {
                "accounts"
            }
            .into(),
        }
    }
}

impl NewProgram {
    pub fn check(form: &ProgramForm, zone: Tz) -> Result<NewProgram, ActionError> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &form.name, NAME_MAX_CHARS);
        let season = text_field(&mut errors, "season", &form.season, SEASON_MAX_CHARS);
        let description = form.description.trim().to_string();
        if description.chars().count() > DESCRIPTION_MAX_CHARS {
            errors.add("description", Text::FieldTooLong);
        } else if description
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            errors.add("description", Text::FieldInvalidCharacters);
        }
        let kind = form.kind.parse::<ProgramKind>().unwrap_or_else(|_| {
            errors.add("kind", Text::FieldInvalidChoice);
            ProgramKind::League
        });
        let capacity = match form.capacity.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Some(n),
                _ => {
                    errors.add("capacity", Text::ProgramCapacityInvalid);
                    None
                }
            },
        };
        let fee = match money::parse_dollars(&form.fee) {
            Ok(cents) => cents,
            Err(e) => {
                errors.add(
                    "fee",
                    match e {
                        AmountError::Negative => Text::AmountNegative,
                        AmountError::TooLarge => Text::AmountTooLarge,
                        AmountError::Invalid => Text::AmountInvalid,
                    },
                );
                0
            }
        };
        let opens_at = instant(&form.opens_at, zone);
        if opens_at.is_none() {
            errors.add("opens_at", Text::ProgramTimeInvalid);
        }
        let closes_at = instant(&form.closes_at, zone);
        if closes_at.is_none() {
            errors.add("closes_at", Text::ProgramTimeInvalid);
        }
        if let (Some(opens), Some(closes)) = (opens_at, closes_at)
            && closes <= opens
        {
            errors.add("closes_at", Text::ProgramClosesBeforeOpening);
        }
        let members_only = match form.who.as_str() {
            "members" => true,
            "accounts" => false,
            _ => {
                errors.add("who", Text::FieldInvalidChoice);
                true
            }
        };
        errors.or(NewProgram {
            name,
            description,
            season,
            kind,
            capacity,
            fee,
            opens_at: opens_at.unwrap_or_default(),
            closes_at: closes_at.unwrap_or_default(),
            members_only,
        })
    }
}

pub fn create(
    conn: &mut Conn,
    club: &OrgScope,
    program: &NewProgram,
    now: i64,
) -> Result<i64, ActionError> {
    Ok(programs::insert(
        club,
        (
            programs::name.eq(&program.name),
            programs::description.eq(&program.description),
            programs::season.eq(&program.season),
            programs::kind.eq(program.kind.as_str()),
            programs::capacity.eq(program.capacity),
            programs::fee.eq(program.fee),
            programs::opens_at.eq(program.opens_at),
            programs::closes_at.eq(program.closes_at),
            programs::members_only.eq(i64::from(program.members_only)),
            programs::created_at.eq(now),
        ),
    )
    .returning(programs::id)
    .get_result(conn)?)
}

/// Changes a program. Capacity cannot drop below the confirmed registrations; raising it
/// promotes from the waitlist, in order. A new fee applies to registrations made from now on.
pub fn update(
    conn: &mut Conn,
    club: &OrgScope,
    mail: &ClubMail,
    id: i64,
    program: &NewProgram,
    now_ms: i64,
) -> Result<usize, ActionError> {
    let confirmed = super::summary(conn, club, id)?
        .ok_or(ActionError::NotFound)?
        .confirmed;
    if program.capacity.is_some_and(|c| c < confirmed) {
        return Err(ActionError::Invalid(FieldErrors::one(
            "capacity",
            Text::ProgramCapacityBelowConfirmed,
        )));
    }
    diesel::update(programs::of(club).filter(programs::id.eq(id)))
        .set((
            programs::name.eq(&program.name),
            programs::description.eq(&program.description),
            programs::season.eq(&program.season),
            programs::kind.eq(program.kind.as_str()),
            programs::capacity.eq(program.capacity),
            programs::fee.eq(program.fee),
            programs::opens_at.eq(program.opens_at),
            programs::closes_at.eq(program.closes_at),
            programs::members_only.eq(i64::from(program.members_only)),
        ))
        .execute(conn)?;
    places::fill_from_waitlist(conn, club, mail, id, now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProgramForm {
        ProgramForm {
            name: "Tuesday league".into(),
            season: "2026–27".into(),
            kind: "league".into(),
            capacity: "16".into(),
            fee: "150".into(),
            opens_at: "2026-12-01T19:00".into(),
            closes_at: "2026-12-15T19:00".into(),
            who: "members".into(),
            ..ProgramForm::default()
        }
    }

    #[test]
    fn times_are_the_clubs_wall_clock() {
        let toronto = chrono_tz::America::Toronto;
        let p = NewProgram::check(&form(), toronto).expect("valid");
        // 19:00 EST is 00:00 UTC the next day.
        assert_eq!(p.opens_at, 1_796_169_600);
        assert_eq!(local_input(p.opens_at, toronto), "2026-12-01T19:00");
        let vancouver = NewProgram::check(&form(), chrono_tz::America::Vancouver).expect("valid");
        assert_eq!(vancouver.opens_at - p.opens_at, 3 * 3600);
    }

    #[test]
    fn bad_programs_are_refused_field_by_field() {
        let zone = chrono_tz::America::Toronto;
        let refused = |change: &dyn Fn(&mut ProgramForm), field: &str, text: Text| {
            let mut f = form();
            change(&mut f);
            match NewProgram::check(&f, zone) {
                Err(ActionError::Invalid(errors)) => assert_eq!(errors.get(field), Some(text)),
                other => panic!("{field}: {other:?}"),
            }
        };
        refused(&|f| f.fee = "-10".into(), "fee", Text::AmountNegative);
        refused(&|f| f.fee = "2000000".into(), "fee", Text::AmountTooLarge);
        refused(&|f| f.fee = "ten".into(), "fee", Text::AmountInvalid);
        refused(
            &|f| f.capacity = "0".into(),
            "capacity",
            Text::ProgramCapacityInvalid,
        );
        refused(
            &|f| f.capacity = "-3".into(),
            "capacity",
            Text::ProgramCapacityInvalid,
        );
        refused(
            &|f| f.capacity = "99999999".into(),
            "capacity",
            Text::ProgramCapacityInvalid,
        );
        refused(
            &|f| f.closes_at = "2026-11-30T19:00".into(),
            "closes_at",
            Text::ProgramClosesBeforeOpening,
        );
        refused(
            &|f| f.opens_at = "tomorrow".into(),
            "opens_at",
            Text::ProgramTimeInvalid,
        );
        // 02:30 on the morning clocks spring forward does not exist in Toronto.
        refused(
            &|f| f.opens_at = "2026-03-08T02:30".into(),
            "opens_at",
            Text::ProgramTimeInvalid,
        );
        refused(
            &|f| f.kind = "party".into(),
            "kind",
            Text::FieldInvalidChoice,
        );
        refused(&|f| f.name = " ".into(), "name", Text::FieldRequired);
        let mut unlimited = form();
        unlimited.capacity = " ".into();
        assert_eq!(
            NewProgram::check(&unlimited, zone).map(|p| p.capacity).ok(),
            Some(None)
        );
    }
}
