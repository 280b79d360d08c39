//! Booking courts (or sheets): a day's grid — courts as columns, slots as rows — that
//! follows other members' bookings live, the member's own bookings, and the club's rules.

use maud::{Markup, html};

use super::forms::{self, Input, csrf};
use super::layout;
use crate::clubs::Club;
use crate::clubs::sheets::Sheet;
use crate::courts::store::{Block, BlockReason, Booking, Hold, HoldKind};
use crate::courts::waitlist::Entry;
use crate::courts::{self, Rules};
use crate::i18n::Text;
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The SSE event that tells a day's grid to fetch itself again.
pub const COURTS_CHANGED: &str = "courts";

pub struct CourtsPage<'a> {
    pub club: &'a Club,
    pub date: chrono::NaiveDate,
    pub zone: chrono_tz::Tz,
    pub rules: Option<&'a Rules>,
    pub sheets: &'a [Sheet],
    pub bookings: &'a [Booking],
    /// Games, open play and closings holding courts that day.
    pub held: &'a [Hold],
    /// The day's closings (for owners and admins to open again).
    pub blocks: &'a [Block],
    /// The waitlists of the day's slots (waiting and offered), in order.
    pub waiting: &'a [Entry],
    pub viewer: i64,
    pub manager: bool,
    pub now: i64,
    pub mine: &'a [Booking],
    pub live_url: String,
    /// Why the last booking or cancellation did not happen.
    pub alert: Option<Text>,
    /// For owners and admins, who may book for a member: the club's members (id, name).
    pub members: &'a [(i64, String)],
}

fn day_url(ctx: &PageContext, club: &Club, date: chrono::NaiveDate) -> String {
    format!(
        "{}?date={}",
        paths::courts(ctx.lang, &club.slug),
        date.format("%Y-%m-%d")
    )
}

pub fn page(ctx: &PageContext, page: &CourtsPage) -> Markup {
    let lang = ctx.lang;
    let club = page.club;
    let (prev, next) = (
        page.date.pred_opt().unwrap_or(page.date),
        page.date.succ_opt().unwrap_or(page.date),
    );
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::BookingTitle)) }
        @if let Some(alert) = page.alert {
            div.flash.flash-alert role="alert" tabindex="-1" autofocus { (lang.t(alert)) }
        }
        nav.day-nav aria-label=(lang.t(Text::CourtsDay)) {
            a.button.small.secondary href=(day_url(ctx, club, prev)) { "← " (prev.format("%a %d").to_string()) }
            form.inline method="get" action=(paths::courts(lang, &club.slug)) {
                label.visually-hidden for="court-date" { (lang.t(Text::CourtsDay)) }
                input #court-date type="date" name="date" value=(page.date.format("%Y-%m-%d").to_string());
                button.button.small type="submit" { (lang.t(Text::CourtsShow)) }
            }
            a.button.small.secondary href=(day_url(ctx, club, next)) { (next.format("%a %d").to_string()) " →" }
        }
        h2 {
            (lang.t(DAYS[chrono::Datelike::weekday(&page.date).num_days_from_monday() as usize].2))
            " " (page.date.format("%Y-%m-%d").to_string())
        }
        @if page.manager {
            p { a href=(paths::court_rules(lang, &club.slug)) { (lang.t(Text::CourtRulesTitle)) } }
        }
        div hx-ext="sse" sse-connect=(page.live_url) {
            div #court-day hx-get=(day_url(ctx, club, page.date))
                hx-trigger=(format!("sse:{COURTS_CHANGED}")) hx-swap="innerHTML" {
                (grid(ctx, page))
            }
        }
        @if page.manager && !page.members.is_empty() && !page.sheets.is_empty() {
            @if let Some(rules) = page.rules {
                @let slots = courts::slots(rules, page.zone, page.date);
                @if !slots.is_empty() {
                    details.card #book-for {
                        summary { (lang.t(Text::CourtBookFor)) }
                        form.stack method="post" action=(paths::court_book(lang, &club.slug)) {
                            (csrf(ctx))
                            (forms::select(lang, "for", Text::TeamMemberAccount,
                                &page.members.iter().map(|(id, name)| (id.to_string(), name.clone())).collect::<Vec<_>>(), "", &FieldErrors::new()))
                            (forms::select(lang, "sheet", Text::CourtsCourt,
                                &page.sheets.iter().map(|s| (s.id.to_string(), s.name.clone())).collect::<Vec<_>>(), "", &FieldErrors::new()))
                            (forms::select(lang, "starts_at", Text::CourtsTime,
                                &slots.iter().map(|s| (s.starts_at.to_string(), courts::hhmm(s.minute))).collect::<Vec<_>>(), "", &FieldErrors::new()))
                            button.button type="submit" { (lang.t(Text::CourtBook)) }
                        }
                    }
                }
            }
        }
        @if page.manager && !page.sheets.is_empty() {
            (blocks(ctx, page))
        }
        section.card #my-bookings {
            h2 { (lang.t(Text::CourtsMine)) }
            @if page.mine.is_empty() {
                p.muted { (lang.t(Text::CourtsMineNone)) }
            } @else {
                ul.rows {
                    @for b in page.mine {
                        li.row {
                            span.grow {
                                a href=(paths::court_booking(lang, &club.slug, b.id, "")) { (when(page.zone, b.starts_at)) " · " (sheet_name(page.sheets, b.sheet)) }
                                @if b.players.count() > 1 { " · " (b.players.count()) " " (lang.t(Text::OpenPlayPlayers).to_lowercase()) }
                            }
                            @if page.rules.is_some_and(|r| courts::may_cancel(r, b.starts_at, page.now)) || page.manager {
                                (forms::confirm_form(ctx, &paths::court_cancel(lang, &club.slug, b.id), lang.t(Text::CourtCancel), "button small danger"))
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::BookingTitle), content)
}

fn hold_text(kind: HoldKind) -> Text {
    match kind {
        HoldKind::Game => Text::CourtsHeld,
        HoldKind::OpenPlay => Text::OpenPlayHeld,
        HoldKind::Closed(reason) => reason.text(),
    }
}

fn when(zone: chrono_tz::Tz, at: i64) -> String {
    crate::clubs::clock::wall(zone, at)
        .map(|t| t.format("%a %Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn sheet_name(sheets: &[Sheet], id: i64) -> String {
    sheets
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// Whether a free slot is held for someone else on its waitlist.
fn offered_elsewhere(page: &CourtsPage, sheet: i64, starts_at: i64) -> bool {
    page.waiting.iter().any(|e| {
        e.sheet == sheet
            && e.starts_at == starts_at
            && e.account != page.viewer
            && e.offered_until.is_some_and(|u| u > page.now)
    })
}

/// Under a slot someone else holds: the viewer's place in its line and a way out, or a way
/// in.
fn wait_form(ctx: &PageContext, page: &CourtsPage, sheet: &Sheet, slot: &courts::Slot) -> Markup {
    let lang = ctx.lang;
    let line: Vec<&Entry> = page
        .waiting
        .iter()
        .filter(|e| e.sheet == sheet.id && e.starts_at == slot.starts_at)
        .collect();
    let place = line.iter().position(|e| e.account == page.viewer);
    let fields = html! {
        (csrf(ctx))
        input type="hidden" name="sheet" value=(sheet.id);
        input type="hidden" name="starts_at" value=(slot.starts_at);
    };
    html! {
        @if let Some(i) = place {
            br; span.wait-place { (lang.format(Text::CourtWaitPlace, &[("n", &(i + 1).to_string())])) }
            form.inline method="post" action=(paths::court_waitlist_leave(lang, &page.club.slug)) hx-boost="false" {
                (fields)
                button.link-button type="submit" { (lang.t(Text::CourtWaitLeave)) }
            }
        } @else {
            // Two taps: a grid that changes under a finger aiming at "Book" must not put
            // anyone in a line they did not ask for.
            details.wait-join {
                summary.link-button { (lang.t(Text::CourtWaitJoin)) }
                form method="post" action=(paths::court_waitlist(lang, &page.club.slug)) hx-boost="false" {
                    (fields)
                    button.button.small.secondary type="submit" {
                        (lang.format(Text::CourtWaitJoinLabel, &[("court", &sheet.name), ("time", &courts::hhmm(slot.minute))]))
                    }
                }
            }
        }
    }
}

/// The day's closings, and the form that closes a court (owners and admins).
fn blocks(ctx: &PageContext, page: &CourtsPage) -> Markup {
    let lang = ctx.lang;
    let club = page.club;
    let mut courts = vec![(String::new(), lang.t(Text::CourtBlockAllCourts).to_string())];
    courts.extend(
        page.sheets
            .iter()
            .map(|s| (s.id.to_string(), s.name.clone())),
    );
    let reasons: Vec<(String, String)> = BlockReason::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), lang.t(r.text()).to_string()))
        .collect();
    let none = FieldErrors::new();
    let time = |at: i64| {
        crate::clubs::clock::wall(page.zone, at)
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default()
    };
    html! {
        section.card #court-blocks {
            h2 { (lang.t(Text::CourtBlocksTitle)) }
            @if !page.blocks.is_empty() {
                ul.rows {
                    @for b in page.blocks {
                        li.row {
                            span.grow {
                                (time(b.starts_at)) "–" (time(b.ends_at)) " · "
                                (b.sheet.map(|s| sheet_name(page.sheets, s)).unwrap_or_else(|| lang.t(Text::CourtBlockAllCourts).to_string()))
                                " · " (lang.t(b.reason.text()))
                                @if !b.note.is_empty() { " — " (b.note) }
                            }
                            (forms::confirm_form(ctx, &paths::court_block_remove(lang, &club.slug, b.id), lang.t(Text::CourtBlockRemove), "button small secondary"))
                        }
                    }
                }
            }
            details {
                summary { (lang.t(Text::CourtBlockAdd)) }
                form.stack method="post" action=(paths::court_blocks(lang, &club.slug)) {
                    (csrf(ctx))
                    input type="hidden" name="date" value=(page.date.format("%Y-%m-%d").to_string());
                    (forms::select(lang, "sheet", Text::CourtsCourt, &courts, "", &none))
                    (Input::text("starts_at", Text::CourtBlockFrom, "").kind("time").render(lang, &none))
                    (Input::text("ends_at", Text::CourtBlockTo, "").kind("time").render(lang, &none))
                    (forms::select(lang, "reason", Text::CourtBlockReason, &reasons, "maintenance", &none))
                    (Input::text("note", Text::CourtBlockNote, "").render(lang, &none))
                    button.button type="submit" { (lang.t(Text::CourtBlockAdd)) }
                }
            }
        }
    }
}

/// The day's grid (what the live signal fetches again).
pub fn grid(ctx: &PageContext, page: &CourtsPage) -> Markup {
    let lang = ctx.lang;
    let club = page.club;
    let Some(rules) = page.rules else {
        return html! { p.muted { (lang.t(Text::CourtsOff)) } };
    };
    let slots = courts::slots(rules, page.zone, page.date);
    let opens = courts::opens_at(rules, page.zone, page.date);
    let waiting = page.now < opens && !page.manager;
    html! {
        @if slots.is_empty() {
            p.muted { (lang.t(Text::CourtsClosed)) }
        } @else if page.sheets.is_empty() {
            p.muted { (lang.t(Text::CourtsNoCourts)) }
        } @else {
            @if waiting {
                p.notice #opens-note data-opens-at=(opens * 1000) data-now=(page.now * 1000) data-open-text=(lang.t(Text::CourtsOpenNow)) {
                    (lang.format(Text::CourtsOpensAt, &[("when", &when(page.zone, opens))]))
                }
            }
            div.table-scroll tabindex="0" {
                table.court-grid {
                    thead { tr {
                        th scope="col" { (lang.t(Text::CourtsTime)) }
                        @for sheet in page.sheets { th scope="col" { (sheet.name) } }
                    } }
                    tbody {
                        @for slot in &slots {
                            tr {
                                th scope="row" { (courts::hhmm(slot.minute)) }
                                @for sheet in page.sheets {
                                    @let booked = page.bookings.iter().find(|b| b.sheet == sheet.id && b.starts_at == slot.starts_at);
                                    @let held = page.held.iter().find(|h| h.covers(sheet.id, slot.starts_at, slot.ends_at)).map(|h| h.kind);
                                    @match (booked, held) {
                                        (Some(b), _) if b.account == page.viewer => {
                                            td.mine { strong { (lang.t(Text::CourtsYours)) } }
                                        }
                                        (Some(_), _) => {
                                            td.taken {
                                                (lang.t(Text::CourtsTaken))
                                                @if slot.starts_at > page.now { (wait_form(ctx, page, sheet, slot)) }
                                            }
                                        }
                                        (None, Some(kind)) => { td.held { (lang.t(hold_text(kind))) } }
                                        (None, None) if slot.starts_at <= page.now => { td.past { "—" } }
                                        (None, None) if offered_elsewhere(page, sheet.id, slot.starts_at) => {
                                            td.held { (lang.t(Text::CourtsOffered)) (wait_form(ctx, page, sheet, slot)) }
                                        }
                                        (None, None) => {
                                            td.free {
                                                @if let Some(until) = page.waiting.iter().find(|e| e.sheet == sheet.id && e.starts_at == slot.starts_at && e.account == page.viewer).and_then(|e| e.offered_until).filter(|u| *u > page.now) {
                                                    span.wait-place { (lang.format(Text::CourtWaitOffer, &[("time", &crate::clubs::clock::wall(page.zone, until).map(|t| t.format("%H:%M").to_string()).unwrap_or_default())])) } br;
                                                }
                                                form.inline method="post" action=(paths::court_book(lang, &club.slug)) hx-boost="false" {
                                                    (csrf(ctx))
                                                    input type="hidden" name="sheet" value=(sheet.id);
                                                    input type="hidden" name="starts_at" value=(slot.starts_at);
                                                    button.button.small type="submit" disabled[waiting]
                                                        data-opens-at=[waiting.then_some(opens * 1000)] data-now=[waiting.then_some(page.now * 1000)]
                                                        aria-label=(lang.format(Text::CourtBookLabel, &[("court", &sheet.name), ("time", &courts::hhmm(slot.minute))])) {
                                                        (lang.t(Text::CourtBook))
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The rules form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RulesForm {
    pub slot_minutes: String,
    pub days_ahead: String,
    pub opens_at: String,
    pub max_active: String,
    pub max_per_day: String,
    pub cancel_minutes: String,
    pub offer_minutes: String,
    pub max_players: String,
    pub guest_fee: String,
    pub mon_opens: String,
    pub mon_closes: String,
    pub tue_opens: String,
    pub tue_closes: String,
    pub wed_opens: String,
    pub wed_closes: String,
    pub thu_opens: String,
    pub thu_closes: String,
    pub fri_opens: String,
    pub fri_closes: String,
    pub sat_opens: String,
    pub sat_closes: String,
    pub sun_opens: String,
    pub sun_closes: String,
}

pub const DAYS: [(&str, &str, Text); 7] = [
    ("mon_opens", "mon_closes", Text::Monday),
    ("tue_opens", "tue_closes", Text::Tuesday),
    ("wed_opens", "wed_closes", Text::Wednesday),
    ("thu_opens", "thu_closes", Text::Thursday),
    ("fri_opens", "fri_closes", Text::Friday),
    ("sat_opens", "sat_closes", Text::Saturday),
    ("sun_opens", "sun_closes", Text::Sunday),
];

impl RulesForm {
    pub fn of(rules: &Rules) -> Self {
        let hour = |d: usize, open: bool| {
            rules.hours[d]
                .map(|(o, c)| courts::hhmm(if open { o } else { c }))
                .unwrap_or_default()
        };
        RulesForm {
            slot_minutes: rules.slot_minutes.to_string(),
            days_ahead: rules.days_ahead.to_string(),
            opens_at: courts::hhmm(rules.opens_minute),
            max_active: rules.max_active.to_string(),
            max_per_day: rules.max_per_day.to_string(),
            cancel_minutes: rules.cancel_minutes.to_string(),
            offer_minutes: rules.offer_minutes.to_string(),
            max_players: rules.max_players.to_string(),
            guest_fee: crate::money::dollars(rules.guest_fee),
            mon_opens: hour(0, true),
            mon_closes: hour(0, false),
            tue_opens: hour(1, true),
            tue_closes: hour(1, false),
            wed_opens: hour(2, true),
            wed_closes: hour(2, false),
            thu_opens: hour(3, true),
            thu_closes: hour(3, false),
            fri_opens: hour(4, true),
            fri_closes: hour(4, false),
            sat_opens: hour(5, true),
            sat_closes: hour(5, false),
            sun_opens: hour(6, true),
            sun_closes: hour(6, false),
        }
    }

    /// Each weekday's (opens, closes) as typed.
    pub fn hours(&self) -> [(&str, &str); 7] {
        [
            (&self.mon_opens, &self.mon_closes),
            (&self.tue_opens, &self.tue_closes),
            (&self.wed_opens, &self.wed_closes),
            (&self.thu_opens, &self.thu_closes),
            (&self.fri_opens, &self.fri_closes),
            (&self.sat_opens, &self.sat_closes),
            (&self.sun_opens, &self.sun_closes),
        ]
        .map(|(o, c)| (o.as_str(), c.as_str()))
    }
}

pub fn rules_page(
    ctx: &PageContext,
    club: &Club,
    form: &RulesForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let slot_lengths: Vec<(String, String)> = [30, 45, 60, 90, 120]
        .iter()
        .map(|m| {
            (
                m.to_string(),
                lang.format(Text::CourtMinutes, &[("minutes", &m.to_string())]),
            )
        })
        .collect();
    let hours = form.hours();
    let content = html! {
        p { a href=(paths::courts(lang, &club.slug)) { "← " (lang.t(Text::BookingTitle)) } }
        h1 { (lang.t(Text::CourtRulesTitle)) }
        p.muted { (lang.t(Text::CourtRulesLead)) }
        (forms::post_form(ctx, &paths::court_rules(lang, &club.slug), Text::Save, html! {
            (forms::form_error(lang, errors))
            (forms::select(lang, "slot_minutes", Text::CourtSlotLength, &slot_lengths, &form.slot_minutes, errors))
            (Input::text("days_ahead", Text::CourtDaysAhead, &form.days_ahead).kind("number").render(lang, errors))
            (Input::text("opens_at", Text::CourtOpensAt, &form.opens_at).kind("time").render(lang, errors))
            (Input::text("max_active", Text::CourtMaxActive, &form.max_active).kind("number").render(lang, errors))
            (Input::text("max_per_day", Text::CourtMaxPerDay, &form.max_per_day).kind("number").render(lang, errors))
            (Input::text("cancel_minutes", Text::CourtCancelMinutes, &form.cancel_minutes).kind("number").render(lang, errors))
            (Input::text("offer_minutes", Text::CourtOfferMinutes, &form.offer_minutes).kind("number").hint(Text::CourtOfferHint).render(lang, errors))
            (forms::select(lang, "max_players", Text::CourtMaxPlayers, &["2", "3", "4"].map(|n| (n.to_string(), n.to_string())), &form.max_players, errors))
            (Input::text("guest_fee", Text::CourtGuestFee, &form.guest_fee).hint(Text::CourtGuestFeeHint).render(lang, errors))
            fieldset.field.field-invalid[errors.get("hours").is_some()] #field-hours {
                legend { (lang.t(Text::CourtHours)) }
                p.field-hint { (lang.t(Text::CourtHoursHint)) }
                @if let Some(e) = errors.get("hours") { p.field-error { (lang.t(e)) } }
                @for (i, (open_name, close_name, day)) in DAYS.iter().enumerate() {
                    div.hours-row {
                        span.day { (lang.t(*day)) }
                        label.visually-hidden for=(format!("field-{open_name}")) { (lang.t(*day)) " · " (lang.t(Text::CourtHoursOpens)) }
                        input id=(format!("field-{open_name}")) type="time" name=(open_name) value=(hours[i].0);
                        " – "
                        label.visually-hidden for=(format!("field-{close_name}")) { (lang.t(*day)) " · " (lang.t(Text::CourtHoursCloses)) }
                        input id=(format!("field-{close_name}")) type="time" name=(close_name) value=(hours[i].1);
                    }
                }
            }
        }))
    };
    layout::page(ctx, lang.t(Text::CourtRulesTitle), content)
}

/// One booking: when and where, who plays (editable until it starts), the guest fee.
pub struct BookingPage<'a> {
    pub club: &'a Club,
    pub booking: &'a Booking,
    pub court: &'a str,
    pub zone: chrono_tz::Tz,
    pub rules: &'a Rules,
    /// The club's members (id, name), for partners and names.
    pub members: &'a [(i64, String)],
    pub editable: bool,
    /// Its member may still cancel it (or a manager).
    pub cancellable: bool,
    pub manager: bool,
    /// The players as typed, when a save was refused.
    pub typed: Option<&'a crate::courts::store::Players>,
}

fn member_name(members: &[(i64, String)], id: i64) -> String {
    members
        .iter()
        .find(|(m, _)| *m == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| "—".into())
}

fn booking_details(lang: crate::i18n::Lang, page: &BookingPage) -> Markup {
    let b = page.booking;
    html! {
        dl {
            dt { (lang.t(Text::CourtWhen)) } dd { (when(page.zone, b.starts_at)) "–" (crate::clubs::clock::wall(page.zone, b.ends_at).map(|t| t.format("%H:%M").to_string()).unwrap_or_default()) }
            dt { (lang.t(Text::CourtsCourt)) } dd { (page.court) }
            dt { (lang.t(Text::CourtPlayers)) }
            dd {
                (member_name(page.members, b.account))
                @for p in &b.players.partners { ", " (member_name(page.members, *p)) }
                @for g in &b.players.guests { ", " (g) " (" (lang.t(Text::CourtGuestWord)) ")" }
            }
            @if b.booked_by != b.account {
                dt { (lang.t(Text::CourtDetails)) } dd { (lang.format(Text::CourtBookedBy, &[("name", &member_name(page.members, b.booked_by))])) }
            }
        }
    }
}

pub fn booking_page(ctx: &PageContext, page: &BookingPage, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let (club, b) = (page.club, page.booking);
    let players = page.typed.unwrap_or(&b.players);
    let others = (page.rules.max_players - 1).max(0) as usize;
    let mut partner_options = vec![(String::new(), lang.t(Text::CourtNoPartner).to_string())];
    partner_options.extend(
        page.members
            .iter()
            .filter(|(id, _)| *id != b.account)
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    let date = crate::clubs::clock::date(page.zone, b.starts_at).unwrap_or_default();
    let content = html! {
        p { a href=(day_url(ctx, club, date)) { "← " (lang.t(Text::BookingTitle)) } }
        h1 { (lang.t(Text::CourtBookingTitle)) " #" (b.id) }
        (booking_details(lang, page))
        @if b.price.total > 0 {
            (super::programs::price_table(lang, &b.price))
            p {
                strong { (lang.t(if b.payment == crate::courts::store::Payment::Paid { Text::CourtPaymentPaid } else { Text::CourtPaymentUnpaid })) }
                " · " a href=(paths::court_booking(lang, &club.slug, b.id, "receipt")) { (lang.t(Text::ReceiptTitle)) }
            }
            @if page.manager {
                form.inline method="post" action=(paths::court_booking(lang, &club.slug, b.id, "paid")) {
                    (csrf(ctx))
                    @let paid = b.payment == crate::courts::store::Payment::Paid;
                    input type="hidden" name="paid" value=(if paid { "0" } else { "1" });
                    button.button.small.secondary type="submit" { (lang.t(if paid { Text::CourtMarkUnpaid } else { Text::CourtMarkPaid })) }
                }
            }
        }
        @if page.cancellable {
            p { (forms::confirm_form(ctx, &paths::court_cancel(lang, &club.slug, b.id), lang.t(Text::CourtCancel), "button small danger")) }
        }
        @if page.editable && others > 0 {
            section.card #players {
                h2 { (lang.t(Text::CourtPlayers)) }
                p.muted { (lang.t(Text::CourtPlayersHint)) }
                (forms::form_error(lang, errors))
                form.stack method="post" action=(paths::court_booking(lang, &club.slug, b.id, "players")) {
                    (csrf(ctx))
                    div #field-players {
                        @for i in 0..others {
                            @let id = format!("partner-{i}");
                            div.field {
                                label for=(id) { (lang.format(Text::CourtPartner, &[("n", &(i + 1).to_string())])) }
                                select #(id) name="partner" {
                                    @let chosen = players.partners.get(i).map(|p| p.to_string()).unwrap_or_default();
                                    @for (value, text) in &partner_options {
                                        option value=(value) selected[*value == chosen] { (text) }
                                    }
                                }
                            }
                        }
                        @for i in 0..others {
                            @let id = format!("guest-{i}");
                            div.field {
                                label for=(id) { (lang.format(Text::CourtGuest, &[("n", &(i + 1).to_string())])) }
                                input #(id) type="text" name="guest" maxlength="60" value=(players.guests.get(i).cloned().unwrap_or_default());
                            }
                        }
                    }
                    @if page.rules.guest_fee > 0 {
                        p.field-hint { (lang.t(Text::CourtGuestFee)) ": " (crate::money::display(lang, page.rules.guest_fee)) }
                    }
                    button.button type="submit" { (lang.t(Text::Save)) }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::CourtBookingTitle), content)
}

/// The receipt of a booking's guest fee.
pub fn booking_receipt(
    ctx: &PageContext,
    page: &BookingPage,
    details: &crate::clubs::receipts::ReceiptDetails,
) -> Markup {
    let lang = ctx.lang;
    let (club, b) = (page.club, page.booking);
    let content = html! {
        p.no-print { a href=(paths::court_booking(lang, &club.slug, b.id, "")) { "← " (lang.t(Text::CourtBookingTitle)) " #" (b.id) } }
        article.card.receipt {
            h1 { (lang.t(Text::ReceiptTitle)) " · " (lang.t(Text::CourtBookingTitle)) " #" (b.id) }
            p {
                strong { (club.name) } br;
                @for line in details.address.lines() { (line) br; }
                @if !details.tax_number.is_empty() {
                    (lang.format(Text::ReceiptTaxNumberShown, &[("number", &details.tax_number)]))
                }
            }
            (booking_details(lang, page))
            (super::programs::price_table(lang, &b.price))
            p { strong { (lang.t(if b.payment == crate::courts::store::Payment::Paid { Text::CourtPaymentPaid } else { Text::CourtPaymentUnpaid })) } }
            p.muted { (lang.t(Text::ReceiptRounding)) }
            p.no-print { button.button type="button" data-print { (lang.t(Text::ReceiptPrint)) } }
        }
    };
    layout::page(ctx, lang.t(Text::ReceiptTitle), content)
}
