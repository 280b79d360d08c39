//! Registration pages: the club's programs, one program with its fee and the register
//! button, the admin's program form and registrations list, "my registrations" and the
//! receipt.

use chrono::TimeZone;
use chrono_tz::Tz;
use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use crate::auth::profiles::Profile;
use crate::clubs::receipts::ReceiptDetails;
use crate::clubs::{Club, regions};
use crate::i18n::{Lang, Text};
use crate::money;
use crate::registration::{
    Filter, Listed, Payment, ProgramForm, ProgramKind, ProgramSummary, Registration, Status, Window,
};
use crate::taxes::{self, Breakdown};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The SSE event carrying a program's spots left.
pub const SPOTS: &str = "spots";
/// The SSE event telling admins' lists to fetch themselves again.
pub const REGISTRATIONS_CHANGED: &str = "registrations";

/// An instant on the club's clock, for people.
pub fn when(at: i64, zone: Tz) -> String {
    zone.timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_default()
}

fn when_ms(at_ms: i64, zone: Tz) -> String {
    zone.timestamp_millis_opt(at_ms)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// "5 of 20 spots left", "Full · 3 waiting", "Open to all".
pub fn spots_fragment(lang: Lang, summary: &ProgramSummary) -> Markup {
    let text = match (summary.program.capacity, summary.spots_left()) {
        (Some(capacity), Some(0)) => lang.format(
            Text::SpotsFull,
            &[
                ("capacity", &capacity.to_string()),
                ("waiting", &summary.waitlisted.to_string()),
            ],
        ),
        (Some(capacity), Some(left)) => lang.format(
            Text::SpotsLeft,
            &[
                ("left", &left.to_string()),
                ("capacity", &capacity.to_string()),
            ],
        ),
        _ => lang.format(
            Text::SpotsUnlimited,
            &[("registered", &summary.confirmed.to_string())],
        ),
    };
    html! { span.spots data-left=[summary.spots_left()] { (text) } }
}

fn window_text(lang: Lang, summary: &ProgramSummary, zone: Tz, now: i64) -> String {
    let p = &summary.program;
    match p.window(now) {
        Window::NotYetOpen => lang.format(Text::WindowOpensAt, &[("at", &when(p.opens_at, zone))]),
        Window::Open => lang.format(Text::WindowClosesAt, &[("at", &when(p.closes_at, zone))]),
        Window::Closed => lang.t(Text::WindowClosed).to_string(),
    }
}

pub struct ProgramsPage<'a> {
    pub club: &'a Club,
    pub programs: &'a [ProgramSummary],
    pub zone: Tz,
    pub now: i64,
    pub can_manage: bool,
    pub form: &'a ProgramForm,
    pub errors: &'a FieldErrors,
    /// The taxes on the club's fees today.
    pub taxes: &'a [taxes::Rate],
    pub tax_form: (&'a str, &'a str),
    pub tax_errors: &'a FieldErrors,
    pub receipt: &'a ReceiptDetails,
    pub receipt_errors: &'a FieldErrors,
}

/// What the club's receipts say about it (owners and admins).
fn receipt_details_section(ctx: &PageContext, page: &ProgramsPage) -> Markup {
    let lang = ctx.lang;
    let errors = page.receipt_errors;
    html! {
        section.card #receipt-details {
            h2 { (lang.t(Text::ReceiptDetailsTitle)) }
            p.muted { (lang.t(Text::ReceiptDetailsHint)) }
            (forms::post_form(ctx, &paths::receipt_details(lang, &page.club.slug), Text::Save, html! {
                (forms::form_error(lang, errors))
                (forms::textarea(lang, "address", Text::ReceiptAddress, &page.receipt.address, errors))
                (Input::text("tax_number", Text::ReceiptTaxNumber, &page.receipt.tax_number).optional().render(lang, errors))
            }))
        }
    }
}

/// The club's sales taxes: its province's (Canada), or the ones it set (elsewhere).
fn taxes_section(ctx: &PageContext, page: &ProgramsPage) -> Markup {
    let lang = ctx.lang;
    let slug = page.club.slug.as_str();
    let by_province = taxes::set_by_province(&page.club.region);
    let province = regions::find(&page.club.region)
        .map(|r| r.name(lang))
        .unwrap_or(&page.club.region);
    html! {
        section.card #taxes {
            h2 { (lang.t(Text::TaxesTitle)) }
            @if by_province {
                p { (lang.format(Text::TaxesByProvince, &[("province", province)])) }
            } @else if page.taxes.is_empty() {
                p.muted { (lang.t(Text::TaxesNone)) }
            }
            @if !page.taxes.is_empty() {
                ul.rows {
                    @for tax in page.taxes {
                        li.row {
                            span.grow { (taxes::tax_name(lang, &tax.kind)) " · " (taxes::rate_text(lang, tax.rate)) }
                            @if !by_province {
                                form.inline method="post" action=(paths::club_tax_remove(lang, slug)) {
                                    (forms::csrf(ctx))
                                    input type="hidden" name="tax_name" value=(tax.kind);
                                    button.link-button type="submit" { (lang.t(Text::TaxRemove)) }
                                }
                            }
                        }
                    }
                }
            }
            @if !by_province {
                p.muted { (lang.t(Text::TaxesClubHint)) }
                (forms::post_form(ctx, &paths::club_taxes(lang, slug), Text::TaxAdd, html! {
                    (forms::form_error(lang, page.tax_errors))
                    (Input::text("tax_name", Text::TaxName, page.tax_form.0).render(lang, page.tax_errors))
                    (Input::text("tax_rate", Text::TaxRate, page.tax_form.1).render(lang, page.tax_errors))
                }))
            }
        }
    }
}

pub fn programs(ctx: &PageContext, page: &ProgramsPage) -> Markup {
    let lang = ctx.lang;
    let slug = page.club.slug.as_str();
    let content = html! {
        p { a href=(paths::club(lang, slug)) { "← " (page.club.name) } }
        h1 { (lang.t(Text::ProgramsTitle)) }
        p.actions {
            @if ctx.viewer.is_some() {
                a href=(paths::my_registrations(lang, slug)) { (lang.t(Text::MyRegistrationsTitle)) }
            }
            @if page.can_manage {
                " · " a href=(paths::registrations(lang, slug)) { (lang.t(Text::RegistrationsTitle)) }
            }
        }
        @if page.programs.is_empty() {
            p.muted { (lang.t(Text::ProgramsNone)) }
        } @else {
            ul.rows {
                @for summary in page.programs {
                    @let p = &summary.program;
                    li.row {
                        a.grow href=(paths::program(lang, slug, p.id)) { (p.name) }
                        span.muted {
                            (lang.t(p.kind.text())) " · " (p.season) " · " (money::display(lang, p.fee)) " · "
                            (spots_fragment(lang, summary)) " · "
                            (window_text(lang, summary, page.zone, page.now))
                        }
                    }
                }
            }
        }
        @if page.can_manage {
            (taxes_section(ctx, page))
            (receipt_details_section(ctx, page))
            section.card {
                h2 { (lang.t(Text::ProgramNew)) }
                (program_form(ctx, &paths::programs(lang, slug), Text::ProgramCreate, page.form, page.errors, page.zone))
            }
        }
    };
    layout::page(ctx, lang.t(Text::ProgramsTitle), content)
}

fn program_form(
    ctx: &PageContext,
    action: &str,
    submit: Text,
    form: &ProgramForm,
    errors: &FieldErrors,
    zone: Tz,
) -> Markup {
    let lang = ctx.lang;
    let kinds: Vec<(String, String)> = ProgramKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), lang.t(k.text()).to_string()))
        .collect();
    let who = vec![
        (
            "members".to_string(),
            lang.t(Text::ProgramMembersOnly).to_string(),
        ),
        (
            "accounts".to_string(),
            lang.t(Text::ProgramAnyAccount).to_string(),
        ),
    ];
    html! {
        (forms::post_form(ctx, action, submit, html! {
            (forms::form_error(lang, errors))
            (Input::text("name", Text::FieldName, &form.name).render(lang, errors))
            (Input::text("season", Text::ProgramSeason, &form.season).render(lang, errors))
            (forms::select(lang, "kind", Text::ProgramKindField, &kinds, &form.kind, errors))
            (forms::textarea(lang, "description", Text::ProgramDescription, &form.description, errors))
            (Input::text("capacity", Text::ProgramCapacity, &form.capacity).kind("number").optional().hint(Text::ProgramCapacityHint).render(lang, errors))
            (Input::text("fee", Text::ProgramFee, &form.fee).hint(Text::ProgramFeeHint).render(lang, errors))
            (Input::text("opens_at", Text::ProgramOpensAt, &form.opens_at).kind("datetime-local").render(lang, errors))
            (Input::text("closes_at", Text::ProgramClosesAt, &form.closes_at).kind("datetime-local").render(lang, errors))
            p.muted { (lang.format(Text::ProgramTimeZone, &[("zone", zone.name())])) }
            (forms::select(lang, "who", Text::ProgramWho, &who, &form.who, errors))
        }))
    }
}

/// What the program page offers the visitor.
pub enum Signup<'a> {
    /// Signed out: sign in first.
    SignIn(String),
    /// Not allowed to register (members only).
    NotAllowed(Text),
    /// The account's profiles, each with its registration in this program if any.
    Profiles(&'a [(Profile, Option<Status>)]),
}

pub struct ProgramPage<'a> {
    pub club: &'a Club,
    pub summary: &'a ProgramSummary,
    pub price: &'a Breakdown,
    pub zone: Tz,
    pub now_ms: i64,
    pub live_url: String,
    pub can_manage: bool,
    pub signup: Signup<'a>,
}

pub fn price_table(lang: Lang, price: &Breakdown) -> Markup {
    html! {
        table.price {
            tbody {
                tr { th scope="row" { (lang.t(Text::PriceFee)) } td { (money::display(lang, price.fee)) } }
                @for (name, rate, cents) in &price.taxes {
                    tr { th scope="row" { (taxes::tax_name(lang, name)) " (" (taxes::rate_text(lang, *rate)) ")" } td { (money::display(lang, *cents)) } }
                }
                tr.total { th scope="row" { (lang.t(Text::PriceTotal)) } td { (money::display(lang, price.total)) } }
            }
        }
    }
}

pub fn program(ctx: &PageContext, page: &ProgramPage) -> Markup {
    let lang = ctx.lang;
    let slug = page.club.slug.as_str();
    let p = &page.summary.program;
    let window = p.window(page.now_ms / 1000);
    let content = html! {
        p { a href=(paths::programs(lang, slug)) { "← " (lang.t(Text::ProgramsTitle)) } }
        h1 { (p.name) }
        p.muted { (lang.t(p.kind.text())) " · " (p.season) " · " (page.club.name) }
        @if page.can_manage {
            p.actions {
                a href=(paths::program_part(lang, slug, p.id, "manage")) { (lang.t(Text::ProgramEdit)) }
                " · "
                a href=(format!("{}?program={}", paths::registrations(lang, slug), p.id)) { (lang.t(Text::RegistrationsTitle)) }
            }
        }
        @if !p.description.is_empty() {
            @for paragraph in p.description.split("\n\n") {
                p { (paragraph) }
            }
        }
        div.card hx-ext="sse" sse-connect=(page.live_url) {
            p.lead #spots-left sse-swap=(SPOTS) { (spots_fragment(lang, page.summary)) }
            (window_paragraph(lang, page))
            p.muted { (lang.t(if p.members_only { Text::ProgramMembersOnly } else { Text::ProgramAnyAccount })) }
            (price_table(lang, page.price))
        }
        section.card {
            h2 { (lang.t(Text::RegisterTitle)) }
            (register_section(ctx, page, window))
        }
    };
    layout::page(ctx, &p.name, content)
}

/// When registration opens or closes. Before the opening it counts down (`app.js`) and turns
/// into the closing time at the moment it opens.
fn window_paragraph(lang: Lang, page: &ProgramPage) -> Markup {
    let p = &page.summary.program;
    let now = page.now_ms / 1000;
    if p.window(now) == Window::NotYetOpen {
        let open_text = lang.format(
            Text::WindowClosesAt,
            &[("at", &when(p.closes_at, page.zone))],
        );
        html! {
            p.window data-opens-at=(p.opens_at * 1000) data-now=(page.now_ms) data-open-text=(open_text) {
                (window_text(lang, page.summary, page.zone, now))
            }
        }
    } else {
        html! { p.window { (window_text(lang, page.summary, page.zone, now)) } }
    }
}

fn register_section(ctx: &PageContext, page: &ProgramPage, window: Window) -> Markup {
    let lang = ctx.lang;
    let p = &page.summary.program;
    match &page.signup {
        _ if window == Window::Closed => html! { p { (lang.t(Text::WindowClosed)) } },
        Signup::SignIn(url) => html! {
            p { a.button href=(url) { (lang.t(Text::RegisterSignIn)) } }
        },
        Signup::NotAllowed(text) => html! { p { (lang.t(*text)) } },
        Signup::Profiles(profiles) => {
            let open = window == Window::Open;
            let opens_ms = p.opens_at * 1000;
            html! {
                form.stack method="post" action=(paths::program_part(lang, &page.club.slug, p.id, "register")) {
                    (forms::csrf(ctx))
                    fieldset {
                        legend { (lang.t(Text::RegisterWho)) }
                        @for (profile, status) in profiles.iter() {
                            div.field.checkbox {
                                label {
                                    input type="checkbox" name="profile" value=(profile.id.0)
                                        checked[status.is_none() && profiles.len() == 1]
                                        disabled[status.is_some()];
                                    " " (profile.name)
                                    @if let Some(status) = status {
                                        " — " span.badge { (lang.t(status.text())) }
                                    }
                                }
                            }
                        }
                        p.muted { a href=(paths::account(lang)) { (lang.t(Text::RegisterAddProfile)) } }
                    }
                    button.button type="submit" disabled[!open] data-opens-at=[(!open).then_some(opens_ms)] data-now=[(!open).then_some(page.now_ms)] {
                        (lang.format(Text::RegisterButton, &[("total", &money::display(lang, page.price.total))]))
                    }
                }
            }
        }
    }
}

pub fn program_manage(
    ctx: &PageContext,
    club: &Club,
    summary: &ProgramSummary,
    form: &ProgramForm,
    errors: &FieldErrors,
    zone: Tz,
) -> Markup {
    let lang = ctx.lang;
    let p = &summary.program;
    let content = html! {
        p { a href=(paths::program(lang, &club.slug, p.id)) { "← " (p.name) } }
        h1 { (lang.t(Text::ProgramEdit)) }
        p { (spots_fragment(lang, summary)) }
        p.muted { (lang.t(Text::ProgramEditHint)) }
        (program_form(ctx, &paths::program_part(lang, &club.slug, p.id, "manage"), Text::Save, form, errors, zone))
    };
    layout::page(ctx, &p.name, content)
}

pub struct RegistrationsPage<'a> {
    pub club: &'a Club,
    pub programs: &'a [ProgramSummary],
    pub filter: &'a Filter,
    pub rows: &'a [Listed],
    pub live_url: String,
    pub zone: Tz,
}

fn filter_query(filter: &Filter) -> String {
    serde_urlencoded::to_string(filter).unwrap_or_default()
}

/// The admin's list, live: each change makes the list fetch itself again with its filter.
pub fn registrations(ctx: &PageContext, page: &RegistrationsPage) -> Markup {
    let lang = ctx.lang;
    let slug = page.club.slug.as_str();
    let mut program_options = vec![(String::new(), lang.t(Text::FilterAll).to_string())];
    program_options.extend(
        page.programs
            .iter()
            .map(|s| (s.program.id.to_string(), s.program.name.clone())),
    );
    let mut status_options = vec![(String::new(), lang.t(Text::FilterAll).to_string())];
    status_options.extend(
        Status::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), lang.t(s.text()).to_string())),
    );
    let mut paid_options = vec![(String::new(), lang.t(Text::FilterAll).to_string())];
    paid_options.extend(
        Payment::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), lang.t(s.text()).to_string())),
    );
    let none = FieldErrors::new();
    let query = filter_query(page.filter);
    let content = html! {
        p { a href=(paths::programs(lang, slug)) { "← " (lang.t(Text::ProgramsTitle)) } }
        h1 { (lang.t(Text::RegistrationsTitle)) }
        form.filter method="get" action=(paths::registrations(lang, slug)) {
            (forms::select(lang, "program", Text::FilterProgram, &program_options, &page.filter.program, &none))
            (forms::select(lang, "status", Text::FilterStatus, &status_options, &page.filter.status, &none))
            (forms::select(lang, "paid", Text::FilterPayment, &paid_options, &page.filter.paid, &none))
            button.button type="submit" { (lang.t(Text::FilterApply)) }
        }
        p { a href=(format!("{}?{query}", paths::registrations_csv(lang, slug))) download { (lang.t(Text::ExportCsv)) } }
        div hx-ext="sse" sse-connect=(page.live_url) {
            div #registrations
                hx-get=(format!("{}?{query}", paths::registrations(lang, slug)))
                hx-trigger=(format!("sse:{REGISTRATIONS_CHANGED} throttle:500ms"))
                hx-swap="innerHTML" {
                (registrations_table(ctx, page))
            }
        }
    };
    layout::page(ctx, lang.t(Text::RegistrationsTitle), content)
}

fn status_cell(lang: Lang, listed: &Listed) -> Markup {
    html! {
        (lang.t(listed.registration.status.text()))
        @if let Some(position) = listed.waitlist_position {
            " #" (position)
        }
    }
}

/// The list itself (what the live signal fetches again).
pub fn registrations_table(ctx: &PageContext, page: &RegistrationsPage) -> Markup {
    let lang = ctx.lang;
    let slug = page.club.slug.as_str();
    let action = |r: &Registration, part: &str| paths::registration_part(lang, slug, r.id, part);
    let payments: Vec<(String, String)> = Payment::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), lang.t(s.text()).to_string()))
        .collect();
    let none = FieldErrors::new();
    html! {
        p.muted #registrations-count {
            @if page.rows.len() == 1 {
                (lang.t(Text::RegistrationsCountOne))
            } @else {
                (lang.format(Text::RegistrationsCount, &[("count", &page.rows.len().to_string())]))
            }
        }
        @if page.rows.is_empty() {
            p.muted { (lang.t(Text::RegistrationsNone)) }
        } @else {
            div.table-scroll {
                table.registrations {
                    thead { tr {
                        th scope="col" { (lang.t(Text::CsvProgram)) }
                        th scope="col" { (lang.t(Text::CsvPlayer)) }
                        th scope="col" { (lang.t(Text::CsvStatus)) }
                        th scope="col" { (lang.t(Text::CsvTotal)) }
                        th scope="col" { (lang.t(Text::CsvPayment)) }
                        th scope="col" { (lang.t(Text::CsvRegisteredAt)) }
                        th scope="col" { span.visually-hidden { (lang.t(Text::Actions)) } }
                    } }
                    tbody {
                        @for listed in page.rows {
                            @let r = &listed.registration;
                            tr id=(format!("registration-{}", r.id)) {
                                td { (listed.program) }
                                td { (r.player_name) br; span.muted { (r.contact_email) } }
                                td { (status_cell(lang, listed)) }
                                td { a href=(action(r, "receipt")) { (money::display(lang, r.total)) } }
                                td {
                                    (lang.t(r.payment.text()))
                                    @if r.paid_amount > 0 { " " (money::display(lang, r.paid_amount)) }
                                    @if !r.payment_note.is_empty() { br; span.muted { (r.payment_note) } }
                                }
                                td { (when_ms(r.created_at, page.zone)) }
                                td.actions {
                                    @if r.status == Status::Waitlisted {
                                        (forms::button_form(ctx, &action(r, "up"), lang.t(Text::WaitlistUp), "link-button"))
                                        (forms::button_form(ctx, &action(r, "down"), lang.t(Text::WaitlistDown), "link-button"))
                                        (forms::button_form(ctx, &action(r, "promote"), lang.t(Text::WaitlistPromote), "link-button"))
                                    }
                                    @if r.status != Status::Cancelled {
                                        (forms::button_form(ctx, &action(r, "cancel"), lang.t(if r.status == Status::Waitlisted { Text::WaitlistRemove } else { Text::RegistrationCancel }), "link-button"))
                                    }
                                    details {
                                        summary { (lang.t(Text::PaymentRecord)) }
                                        form.stack method="post" action=(action(r, "payment")) {
                                            (forms::csrf(ctx))
                                            (forms::select(lang, "status", Text::CsvPayment, &payments, r.payment.as_str(), &none))
                                            (Input::text("amount", Text::PaymentAmount, &money::dollars(if r.paid_amount > 0 { r.paid_amount } else { r.total })).render(lang, &none))
                                            (Input::text("note", Text::PaymentNote, &r.payment_note).optional().render(lang, &none))
                                            button.button type="submit" { (lang.t(Text::Save)) }
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

pub fn my_registrations(ctx: &PageContext, club: &Club, rows: &[Listed]) -> Markup {
    let lang = ctx.lang;
    let slug = club.slug.as_str();
    let content = html! {
        p { a href=(paths::programs(lang, slug)) { "← " (lang.t(Text::ProgramsTitle)) } }
        h1 { (lang.t(Text::MyRegistrationsTitle)) }
        p.muted { (club.name) }
        @if rows.is_empty() {
            p.muted { (lang.t(Text::MyRegistrationsNone)) }
        } @else {
            ul.rows #my-registrations {
                @for listed in rows {
                    @let r = &listed.registration;
                    li.row id=(format!("registration-{}", r.id)) {
                        span.grow {
                            strong { (listed.program) } " · " (r.player_name) br;
                            span.badge { (status_cell(lang, listed)) } " "
                            span.muted { (money::display(lang, r.total)) " · " (lang.t(r.payment.text())) }
                        }
                        a href=(paths::registration_part(lang, slug, r.id, "receipt")) { (lang.t(Text::ReceiptTitle)) }
                        @if r.status != Status::Cancelled {
                            (forms::button_form(ctx, &paths::registration_part(lang, slug, r.id, "cancel"), lang.t(Text::RegistrationCancel), "link-button"))
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::MyRegistrationsTitle), content)
}

pub struct ReceiptPage<'a> {
    pub club: &'a Club,
    pub details: &'a ReceiptDetails,
    pub program: &'a crate::registration::Program,
    pub registration: &'a Registration,
    pub zone: Tz,
}

pub fn receipt(ctx: &PageContext, page: &ReceiptPage) -> Markup {
    let lang = ctx.lang;
    let r = page.registration;
    let region = regions::find(&page.club.region)
        .map(|region| region.name(lang))
        .unwrap_or(&page.club.region);
    let price = Breakdown {
        fee: r.fee,
        taxes: r.taxes.clone(),
        total: r.total,
    };
    let content = html! {
        article.card.receipt {
            h1 { (lang.t(Text::ReceiptTitle)) " #" (r.id) }
            p {
                strong { (page.club.name) } br;
                @for line in page.details.address.lines() {
                    (line) br;
                }
                (region)
                @if !page.details.tax_number.is_empty() {
                    br; (lang.format(Text::ReceiptTaxNumberShown, &[("number", &page.details.tax_number)]))
                }
            }
            dl {
                dt { (lang.t(Text::CsvProgram)) } dd { (page.program.name) " · " (page.program.season) }
                dt { (lang.t(Text::CsvPlayer)) } dd { (r.player_name) }
                dt { (lang.t(Text::CsvEmail)) } dd { (r.contact_email) }
                dt { (lang.t(Text::CsvRegisteredAt)) } dd { (when_ms(r.created_at, page.zone)) }
                dt { (lang.t(Text::CsvStatus)) } dd { (lang.t(r.status.text())) }
            }
            (price_table(lang, &price))
            p {
                (lang.t(Text::CsvPayment)) ": " (lang.t(r.payment.text()))
                @if r.paid_amount > 0 { " · " (money::display(lang, r.paid_amount)) }
            }
            p.muted { (lang.t(Text::ReceiptRounding)) }
            p.no-print { button.button type="button" data-print { (lang.t(Text::ReceiptPrint)) } }
        }
    };
    layout::page(ctx, lang.t(Text::ReceiptTitle), content)
}
