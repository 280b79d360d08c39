//! Court booking: the day's grid (live), booking a slot, cancelling, and the club's rules.

use poem::http::StatusCode;
use poem::web::{Data, Form, Query};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, Flash};
use super::events::id_param;
use super::respond::{rejected, see_other};
use super::spares::{club_members, member_ids};
use super::{AppError, AppState, paths};
use crate::clubs::clock;
use crate::courts::store::{self, Wanted};
use crate::courts::waitlist::{self, OfferMail};
use crate::courts::{self, Rules};
use crate::db::{DbError, OrgId};
use crate::i18n::{Lang, Text};
use crate::live::{Message, Topic};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::courts::{COURTS_CHANGED, CourtsPage, RulesForm};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DayQuery {
    date: String,
}

use crate::courts::game_minutes;

async fn day_page(
    state: &AppState,
    m: &ClubMember,
    date: chrono::NaiveDate,
    alert: Option<Text>,
) -> Result<maud::Markup, AppError> {
    let zone = clock::zone(&m.club);
    let (from, to) = store::day_bounds(zone, date);
    let (scope, viewer, now, minutes) = (
        m.scope(),
        m.account.0,
        crate::auth::now(),
        game_minutes(m.club.sport),
    );
    let (rules, sheets, bookings, held, mine, blocks, waiting) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                store::rules(conn, &scope)?,
                crate::clubs::sheets::list(conn, &scope)?,
                store::booked_between(conn, &scope, from, to)?,
                store::holds(conn, &scope, zone, from, to, minutes)?,
                store::upcoming_of(conn, &scope, viewer, now)?,
                store::blocks_between(conn, &scope, from, to)?,
                waitlist::between(conn, &scope, from, to)?,
            ))
        })
        .await?;
    let members: Vec<(i64, String)> = if m.role.manages_members() {
        club_members(state, m.club.id).await?
    } else {
        Vec::new()
    };
    let topic = Topic::Courts {
        org: m.club.id,
        lang: m.ctx.lang,
    };
    let page = CourtsPage {
        club: &m.club,
        date,
        zone,
        rules: rules.as_ref(),
        sheets: &sheets,
        bookings: &bookings,
        held: &held,
        blocks: &blocks,
        waiting: &waiting,
        viewer,
        manager: m.role.manages_members(),
        now,
        mine: &mine,
        live_url: paths::live(&[topic.to_string()], state.hub.head()),
        alert,
        members: &members,
    };
    Ok(if m.ctx.htmx {
        views::courts::grid(&m.ctx, &page)
    } else {
        views::courts::page(&m.ctx, &page)
    })
}

fn today(m: &ClubMember) -> chrono::NaiveDate {
    clock::date(clock::zone(&m.club), crate::auth::now()).unwrap_or_default()
}

#[handler]
pub async fn day(
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
) -> Result<maud::Markup, AppError> {
    let date = if query.date.trim().is_empty() {
        today(&m)
    } else {
        chrono::NaiveDate::parse_from_str(query.date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::Invalid(m.ctx.lang.t(Text::CourtDateInvalid).into()))?
    };
    day_page(state, &m, date, None).await
}

/// Tells every open grid of the club to fetch itself again.
pub(super) async fn publish(state: &AppState, org: OrgId) {
    let messages = Lang::ALL
        .into_iter()
        .map(|lang| Message {
            topic: Topic::Courts { org, lang }.to_string(),
            event: COURTS_CHANGED.to_string(),
            html: String::new(),
        })
        .collect();
    if let Err(e) = state.hub.publish(messages).await {
        tracing::warn!(error = %e, "publishing a court booking failed");
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct BookForm {
    sheet: String,
    starts_at: String,
    /// An owner or admin booking for a member: the member's account.
    #[serde(rename = "for")]
    for_member: String,
}

async fn rules_of(state: &AppState, m: &ClubMember) -> Result<Rules, AppError> {
    let scope = m.scope();
    state
        .sport_db(m.club.sport)?
        .read(move |conn| store::rules(conn, &scope).map_err(DbError::from))
        .await?
        .ok_or(AppError::Refused(Text::CourtsOff))
}

/// After a refusal, the day as it is now, with why (409: the slot or the state changed).
async fn refused_day(
    state: &AppState,
    m: &ClubMember,
    starts_at: i64,
    e: ActionError,
) -> Result<Response, AppError> {
    let text = match e {
        ActionError::Refused(text) => text,
        ActionError::NotFound => return Err(AppError::NotFound),
        ActionError::Invalid(errors) => errors.first().unwrap_or(Text::ErrorInvalidBody),
        other => return Err(other.into()),
    };
    let date = clock::date(clock::zone(&m.club), starts_at).unwrap_or_else(|| today(m));
    Ok(day_page(state, m, date, Some(text))
        .await?
        .with_status(StatusCode::CONFLICT)
        .into_response())
}

#[handler]
pub async fn book(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<BookForm>,
) -> Result<Response, AppError> {
    let lang = m.ctx.lang;
    let (Ok(sheet), Ok(starts_at)) = (form.sheet.parse::<i64>(), form.starts_at.parse::<i64>())
    else {
        return Err(AppError::Invalid(lang.t(Text::ErrorInvalidBody).into()));
    };
    let rules = rules_of(state, &m).await?;
    // Owners and admins may book for any member of the club (recorded as booked by them).
    let account = match form.for_member.trim() {
        "" => m.account.0,
        _ if !m.role.manages_members() => return Err(AppError::Forbidden),
        text => {
            let id: i64 = text
                .parse()
                .map_err(|_| AppError::Invalid(lang.t(Text::FieldInvalidChoice).into()))?;
            if !member_ids(state, m.club.id).await?.contains(&id) {
                return Err(AppError::Invalid(lang.t(Text::FieldInvalidChoice).into()));
            }
            id
        }
    };
    let wanted = Wanted {
        sheet,
        starts_at,
        account,
        by: m.account.0,
        manager: m.role.manages_members(),
    };
    let (scope, zone, minutes, now) = (
        m.scope(),
        clock::zone(&m.club),
        game_minutes(m.club.sport),
        crate::auth::now(),
    );
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| store::book(conn, &scope, &rules, zone, &wanted, minutes, now))
        .await;
    match outcome {
        Ok(_) => {
            publish(state, m.club.id).await;
            let at = clock::wall(zone, starts_at)
                .map(|t| t.format("%a %Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            context::flash(
                &context::session(req)?,
                Flash::notice(lang.format(Text::CourtBooked, &[("when", &at)])),
            )
            .await?;
            let date = clock::date(zone, starts_at).unwrap_or_else(|| today(&m));
            Ok(see_other(&format!(
                "{}?date={}",
                paths::courts(lang, &m.club.slug),
                date.format("%Y-%m-%d")
            )))
        }
        Err(e) => refused_day(state, &m, starts_at, e).await,
    }
}

#[handler]
pub async fn cancel(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "booking")?;
    let rules = rules_of(state, &m).await?;
    let scope = m.scope();
    let slot = state
        .sport_db(m.club.sport)?
        .read(move |conn| store::booking(conn, &scope, id).map_err(DbError::from))
        .await?
        .filter(|b| !b.cancelled)
        .map(|b| (b.sheet, b.starts_at));
    let mail = match slot {
        Some((sheet, starts_at)) => offer_mail(state, &m, sheet, starts_at).await?,
        None => return Err(AppError::NotFound),
    };
    let (scope, by, manager, now) = (
        m.scope(),
        m.account.0,
        m.role.manages_members(),
        crate::auth::now(),
    );
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| store::cancel(conn, &scope, &rules, id, by, manager, &mail, now))
        .await;
    match outcome {
        Ok(booking) => {
            publish(state, m.club.id).await;
            context::flash(
                &context::session(req)?,
                Flash::notice(m.ctx.lang.t(Text::CourtCancelled)),
            )
            .await?;
            let date =
                clock::date(clock::zone(&m.club), booking.starts_at).unwrap_or_else(|| today(&m));
            Ok(see_other(&format!(
                "{}?date={}",
                paths::courts(m.ctx.lang, &m.club.slug),
                date.format("%Y-%m-%d")
            )))
        }
        Err(e) => refused_day(state, &m, crate::auth::now(), e).await,
    }
}

#[handler]
pub async fn rules_page(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let scope = m.scope();
    let rules = state
        .sport_db(m.club.sport)?
        .read(move |conn| store::rules(conn, &scope).map_err(DbError::from))
        .await?
        .unwrap_or_default();
    Ok(views::courts::rules_page(
        &m.ctx,
        &m.club,
        &RulesForm::of(&rules),
        &FieldErrors::new(),
    ))
}

/// The form read into rules, or the messages of what could not be read.
fn read_rules(form: &RulesForm) -> Result<Rules, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut number = |field: &'static str, text: &str| -> i64 {
        text.trim().parse().unwrap_or_else(|_| {
            errors.add(field, Text::CourtNumberNeeded);
            -1
        })
    };
    let slot_minutes = number("slot_minutes", &form.slot_minutes);
    let days_ahead = number("days_ahead", &form.days_ahead);
    let max_active = number("max_active", &form.max_active);
    let max_per_day = number("max_per_day", &form.max_per_day);
    let cancel_minutes = number("cancel_minutes", &form.cancel_minutes);
    // Blank: the usual half hour.
    let offer_minutes = match form.offer_minutes.trim() {
        "" => Rules::default().offer_minutes,
        text => number("offer_minutes", text),
    };
    // Blank: the defaults (four players, guests free).
    let max_players = match form.max_players.trim() {
        "" => Rules::default().max_players,
        text => number("max_players", text),
    };
    let guest_fee = match form.guest_fee.trim() {
        "" => 0,
        text => crate::money::parse_dollars(text).unwrap_or_else(|_| {
            errors.add("guest_fee", Text::CourtGuestFeeRange);
            -1
        }),
    };
    let opens_minute = courts::parse_hhmm(&form.opens_at).unwrap_or_else(|| {
        errors.add("opens_at", Text::CourtTimeInvalid);
        -1
    });
    let mut hours = [None; 7];
    for (i, (opens, closes)) in form.hours().iter().enumerate() {
        match (opens.trim().is_empty(), closes.trim().is_empty()) {
            (true, true) => {}
            _ => match (courts::parse_hhmm(opens), courts::parse_hhmm(closes)) {
                (Some(o), Some(c)) => hours[i] = Some((o, c)),
                _ => errors.add("hours", Text::CourtHoursInvalid),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Rules {
        slot_minutes,
        days_ahead,
        opens_minute,
        max_active,
        max_per_day,
        cancel_minutes,
        offer_minutes,
        max_players,
        guest_fee,
        hours,
    })
}

#[handler]
pub async fn save_rules(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<RulesForm>,
) -> Result<Response, AppError> {
    let outcome = match read_rules(&form) {
        Ok(rules) => {
            let (scope, now) = (m.scope(), crate::auth::now());
            state
                .sport_db(m.club.sport)?
                .write(move |conn| store::save_rules(conn, &scope, &rules, now))
                .await
        }
        Err(errors) => Err(ActionError::Invalid(errors)),
    };
    match outcome {
        Ok(()) => {
            publish(state, m.club.id).await;
            context::flash(
                &context::session(req)?,
                Flash::notice(m.ctx.lang.t(Text::Saved)),
            )
            .await?;
            Ok(see_other(&paths::courts(m.ctx.lang, &m.club.slug)))
        }
        Err(e) => {
            let errors = super::events::form_errors(e)?;
            Ok(rejected(views::courts::rules_page(
                &m.ctx, &m.club, &form, &errors,
            )))
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct BlockForm {
    date: String,
    sheet: String,
    starts_at: String,
    ends_at: String,
    reason: String,
    note: String,
}

/// Back to the day, with what happened said at the top.
async fn back_to_day(
    req: &Request,
    m: &ClubMember,
    date: chrono::NaiveDate,
    flash: Flash,
) -> Result<Response, AppError> {
    context::flash(&context::session(req)?, flash).await?;
    Ok(see_other(&format!(
        "{}?date={}",
        paths::courts(m.ctx.lang, &m.club.slug),
        date.format("%Y-%m-%d")
    )))
}

#[handler]
pub async fn add_block(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<BlockForm>,
) -> Result<Response, AppError> {
    let lang = m.ctx.lang;
    let zone = clock::zone(&m.club);
    let date = chrono::NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(lang.t(Text::CourtDateInvalid).into()))?;
    let instant = |text: &str, end: bool| {
        courts::parse_hhmm(text)
            // An end at 00:00 is midnight, the end of the day.
            .map(|m| if end && m == 0 { 24 * 60 } else { m })
            .and_then(|minute| courts::instant(zone, date, minute))
    };
    let (Some(starts_at), Some(ends_at)) = (
        instant(&form.starts_at, false),
        instant(&form.ends_at, true),
    ) else {
        return refused_day(
            state,
            &m,
            day_start(zone, date),
            invalid(Text::CourtTimeInvalid),
        )
        .await;
    };
    let sheet = match form.sheet.trim() {
        "" => None,
        text => Some(
            text.parse::<i64>()
                .map_err(|_| AppError::Invalid(lang.t(Text::FieldInvalidChoice).into()))?,
        ),
    };
    let reason = store::BlockReason::parse(form.reason.trim())
        .ok_or_else(|| AppError::Invalid(lang.t(Text::FieldInvalidChoice).into()))?;
    let block = store::Block {
        id: 0,
        sheet,
        starts_at,
        ends_at,
        reason,
        note: form.note,
    };
    let (scope, by, now) = (m.scope(), m.account.0, crate::auth::now());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| store::add_block(conn, &scope, &block, by, now))
        .await;
    match outcome {
        Ok(_) => {
            publish(state, m.club.id).await;
            back_to_day(req, &m, date, Flash::notice(lang.t(Text::CourtBlockAdded))).await
        }
        Err(e) => refused_day(state, &m, starts_at, e).await,
    }
}

fn invalid(text: Text) -> ActionError {
    let mut errors = FieldErrors::new();
    errors.add("starts_at", text);
    ActionError::Invalid(errors)
}

fn day_start(zone: chrono_tz::Tz, date: chrono::NaiveDate) -> i64 {
    store::day_bounds(zone, date).0
}

#[handler]
pub async fn remove_block(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "block")?;
    let scope = m.scope();
    let zone = clock::zone(&m.club);
    let starts_at = state
        .sport_db(m.club.sport)?
        .write(move |conn| store::remove_block(conn, &scope, id))
        .await?;
    publish(state, m.club.id).await;
    let date = clock::date(zone, starts_at).unwrap_or_else(|| today(&m));
    back_to_day(
        req,
        &m,
        date,
        Flash::notice(m.ctx.lang.t(Text::CourtBlockRemoved)),
    )
    .await
}

/// What an offer of the slot to the next in line needs to email them.
async fn offer_mail(
    state: &AppState,
    m: &ClubMember,
    sheet: i64,
    starts_at: i64,
) -> Result<OfferMail, AppError> {
    let scope = m.scope();
    let (waiting, court) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            let court = crate::clubs::sheets::list(conn, &scope)?
                .into_iter()
                .find(|s| s.id == sheet)
                .map(|s| s.name)
                .unwrap_or_default();
            Ok((
                waitlist::accounts_in_line(conn, &scope, sheet, starts_at)?,
                court,
            ))
        })
        .await?;
    let org = m.club.id;
    let contacts = state
        .dbs
        .shared
        .read(move |conn| {
            crate::spares::notices::contacts(conn, org, &waiting).map_err(DbError::from)
        })
        .await?;
    Ok(OfferMail {
        club: m.club.name.clone(),
        zone: clock::zone(&m.club),
        court,
        contacts,
        game_minutes: game_minutes(m.club.sport),
    })
}

fn slot_of(m: &ClubMember, form: &BookForm) -> Result<(i64, i64), AppError> {
    match (form.sheet.parse::<i64>(), form.starts_at.parse::<i64>()) {
        (Ok(sheet), Ok(starts_at)) => Ok((sheet, starts_at)),
        _ => Err(AppError::Invalid(
            m.ctx.lang.t(Text::ErrorInvalidBody).into(),
        )),
    }
}

#[handler]
pub async fn join_waitlist(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<BookForm>,
) -> Result<Response, AppError> {
    let (sheet, starts_at) = slot_of(&m, &form)?;
    let zone = clock::zone(&m.club);
    let date = clock::date(zone, starts_at).unwrap_or_else(|| today(&m));
    let link = format!(
        "{}{}?date={}",
        state.public_base(req),
        paths::courts(m.ctx.lang, &m.club.slug),
        date.format("%Y-%m-%d")
    );
    let (scope, account, now) = (m.scope(), m.account.0, crate::auth::now());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| {
            let known = crate::clubs::sheets::list(conn, &scope)?
                .iter()
                .any(|s| s.id == sheet);
            if !known {
                return Err(ActionError::NotFound);
            }
            waitlist::join(conn, &scope, sheet, starts_at, account, &link, now)
        })
        .await;
    match outcome {
        Ok(_) => {
            publish(state, m.club.id).await;
            back_to_day(
                req,
                &m,
                date,
                Flash::notice(m.ctx.lang.t(Text::CourtWaitJoined)),
            )
            .await
        }
        Err(e) => refused_day(state, &m, starts_at, e).await,
    }
}

#[handler]
pub async fn leave_waitlist(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<BookForm>,
) -> Result<Response, AppError> {
    let (sheet, starts_at) = slot_of(&m, &form)?;
    let rules = rules_of(state, &m).await?;
    let mail = offer_mail(state, &m, sheet, starts_at).await?;
    let (scope, account, now) = (m.scope(), m.account.0, crate::auth::now());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| {
            waitlist::leave(conn, &scope, &rules, sheet, starts_at, account, &mail, now)
        })
        .await;
    let date = clock::date(clock::zone(&m.club), starts_at).unwrap_or_else(|| today(&m));
    match outcome {
        Ok(()) => {
            publish(state, m.club.id).await;
            back_to_day(
                req,
                &m,
                date,
                Flash::notice(m.ctx.lang.t(Text::CourtWaitLeft)),
            )
            .await
        }
        Err(e) => refused_day(state, &m, starts_at, e).await,
    }
}

/// A booking its member (or a manager) may see: (booking, rules, members, court name).
async fn booking_of(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
) -> Result<(store::Booking, Rules, Vec<(i64, String)>, String), AppError> {
    let id = id_param(req, "booking")?;
    let rules = rules_of(state, m).await?;
    let scope = m.scope();
    let (found, sheets) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                store::booking(conn, &scope, id)?,
                crate::clubs::sheets::list(conn, &scope)?,
            ))
        })
        .await?;
    let booking = found
        .filter(|b| b.account == m.account.0 || m.role.manages_members())
        .ok_or(AppError::NotFound)?;
    let court = sheets
        .into_iter()
        .find(|s| s.id == booking.sheet)
        .map(|s| s.name)
        .unwrap_or_default();
    let members = club_members(state, m.club.id).await?;
    Ok((booking, rules, members, court))
}

#[allow(clippy::too_many_arguments)]
fn render_booking(
    m: &ClubMember,
    booking: &store::Booking,
    rules: &Rules,
    members: &[(i64, String)],
    court: &str,
    typed: Option<&store::Players>,
    errors: &FieldErrors,
) -> maud::Markup {
    views::courts::booking_page(
        &m.ctx,
        &views::courts::BookingPage {
            club: &m.club,
            booking,
            court,
            zone: clock::zone(&m.club),
            rules,
            members,
            editable: !booking.cancelled && booking.starts_at > crate::auth::now(),
            cancellable: !booking.cancelled
                && booking.starts_at > crate::auth::now()
                && (m.role.manages_members()
                    || courts::may_cancel(rules, booking.starts_at, crate::auth::now())),
            manager: m.role.manages_members(),
            typed,
        },
        errors,
    )
}

#[handler]
pub async fn booking_page(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let (booking, rules, members, court) = booking_of(req, state, &m).await?;
    Ok(render_booking(
        &m,
        &booking,
        &rules,
        &members,
        &court,
        None,
        &FieldErrors::new(),
    ))
}

#[handler]
pub async fn save_players(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (booking, rules, members, court) = booking_of(req, state, &m).await?;
    let mut players = store::Players::default();
    let mut errors = FieldErrors::new();
    for (k, v) in &pairs {
        match (k.as_str(), v.trim()) {
            (_, "") => {}
            ("partner", text) => match text.parse::<i64>() {
                Ok(id) if members.iter().any(|(m, _)| *m == id) => players.partners.push(id),
                _ => errors.add("players", Text::FieldInvalidChoice),
            },
            ("guest", name) => players.guests.push(name.to_string()),
            _ => {}
        }
    }
    let outcome = if errors.is_empty() {
        let (org, region) = (m.club.id, m.club.region.clone());
        let date = clock::date(clock::zone(&m.club), booking.starts_at)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let rates = state
            .dbs
            .shared
            .read(move |conn| {
                crate::taxes::for_club(conn, org, &region, &date).map_err(DbError::from)
            })
            .await?;
        let (scope, id, by, manager, now, saved) = (
            m.scope(),
            booking.id,
            m.account.0,
            m.role.manages_members(),
            crate::auth::now(),
            players.clone(),
        );
        let rules = rules.clone();
        state
            .sport_db(m.club.sport)?
            .write(move |conn| {
                store::set_players(conn, &scope, &rules, id, by, manager, &saved, &rates, now)
            })
            .await
    } else {
        Err(ActionError::Invalid(errors))
    };
    match outcome {
        Ok(()) => {
            context::flash(
                &context::session(req)?,
                Flash::notice(m.ctx.lang.t(Text::CourtPlayersSaved)),
            )
            .await?;
            Ok(see_other(&paths::court_booking(
                m.ctx.lang,
                &m.club.slug,
                booking.id,
                "",
            )))
        }
        Err(e) => {
            let errors = super::events::form_errors(e)?;
            Ok(rejected(render_booking(
                &m,
                &booking,
                &rules,
                &members,
                &court,
                Some(&players),
                &errors,
            )))
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PaidForm {
    paid: String,
}

#[handler]
pub async fn set_paid(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<PaidForm>,
) -> Result<Response, AppError> {
    let id = id_param(req, "booking")?;
    let paid = match form.paid.as_str() {
        "1" => true,
        "0" => false,
        _ => {
            return Err(AppError::Invalid(
                m.ctx.lang.t(Text::ErrorInvalidBody).into(),
            ));
        }
    };
    let scope = m.scope();
    state
        .sport_db(m.club.sport)?
        .write(move |conn| store::set_paid(conn, &scope, id, paid))
        .await?;
    context::flash(
        &context::session(req)?,
        Flash::notice(m.ctx.lang.t(Text::CourtPaymentSaved)),
    )
    .await?;
    Ok(see_other(&paths::court_booking(
        m.ctx.lang,
        &m.club.slug,
        id,
        "",
    )))
}

#[handler]
pub async fn receipt(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let (booking, rules, members, court) = booking_of(req, state, &m).await?;
    if booking.price.total == 0 {
        return Err(AppError::NotFound);
    }
    let org = m.club.id;
    let details = state
        .dbs
        .shared
        .read(move |conn| crate::clubs::receipts::get(conn, org).map_err(DbError::from))
        .await?;
    Ok(views::courts::booking_receipt(
        &m.ctx,
        &views::courts::BookingPage {
            club: &m.club,
            booking: &booking,
            court: &court,
            zone: clock::zone(&m.club),
            rules: &rules,
            members: &members,
            editable: false,
            cancellable: false,
            manager: m.role.manages_members(),
            typed: None,
        },
        &details,
    ))
}
