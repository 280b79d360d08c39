//! Registration pages: the admins' live list of registrations, a member's own list, and the
//! printable receipt.

use chrono::TimeZone;
use chrono_tz::Tz;
use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::programs::price_table;
use crate::clubs::receipts::ReceiptDetails;
use crate::clubs::{Club, regions};
use crate::i18n::{Lang, Text};
use crate::money;
use crate::registration::{Filter, Listed, Payment, ProgramSummary, Registration, Status};
use crate::taxes::Breakdown;
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The SSE event telling admins' lists to fetch themselves again.
pub const REGISTRATIONS_CHANGED: &str = "registrations";

fn when_ms(at_ms: i64, zone: Tz) -> String {
    zone.timestamp_millis_opt(at_ms)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The same with the zone's abbreviation (a receipt is read far from the club).
fn when_zoned(at_ms: i64, zone: Tz) -> String {
    zone.timestamp_millis_opt(at_ms)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_default()
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
                hx-trigger=(format!("sse:{REGISTRATIONS_CHANGED}"))
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
            div.table-scroll tabindex="0" {
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
                                td data-label=(lang.t(Text::CsvProgram)) { (listed.program) }
                                td { strong { (r.player_name) } br; span.muted { (r.contact_email) } }
                                td data-label=(lang.t(Text::CsvStatus)) { (status_cell(lang, listed)) }
                                td data-label=(lang.t(Text::CsvTotal)) { a href=(action(r, "receipt")) { (money::display(lang, r.total)) } }
                                td data-label=(lang.t(Text::CsvPayment)) {
                                    (lang.t(r.payment.text()))
                                    @if r.paid_amount > 0 { " " (money::display(lang, r.paid_amount)) }
                                    @if !r.payment_note.is_empty() { br; span.muted { (r.payment_note) } }
                                }
                                td data-label=(lang.t(Text::CsvRegisteredAt)) { (when_ms(r.created_at, page.zone)) }
                                td.actions {
                                    @if r.status == Status::Waitlisted {
                                        (forms::button_form(ctx, &action(r, "up"), lang.t(Text::WaitlistUp), "link-button"))
                                        (forms::button_form(ctx, &action(r, "down"), lang.t(Text::WaitlistDown), "link-button"))
                                        (forms::button_form(ctx, &action(r, "promote"), lang.t(Text::WaitlistPromote), "link-button"))
                                    }
                                    @if r.status != Status::Cancelled {
                                        (forms::confirm_form(ctx, &action(r, "cancel"), lang.t(if r.status == Status::Waitlisted { Text::WaitlistRemove } else { Text::RegistrationCancel }), "link-button"))
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
                            (forms::confirm_form(ctx, &paths::registration_part(lang, slug, r.id, "cancel"), lang.t(Text::RegistrationCancel), "link-button"))
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
        p.no-print { a href=(paths::my_registrations(lang, &page.club.slug)) { "← " (lang.t(Text::MyRegistrationsTitle)) } }
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
                dt { (lang.t(Text::CsvRegisteredAt)) } dd { (when_zoned(r.created_at, page.zone)) }
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
