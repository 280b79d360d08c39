//! Program pages: the club's programs (with the admins' program, sales-tax and receipt
//! forms), one program with its fee and the register button, and the admin's program form.

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
use crate::registration::{ProgramForm, ProgramKind, ProgramSummary, Status, Window};
use crate::taxes::{self, Breakdown};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The SSE event carrying a program's spots left.
pub const SPOTS: &str = "spots";

/// An instant on the club's clock, for people.
pub fn when(at: i64, zone: Tz) -> String {
    zone.timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
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
                        // When it is full, what the button does is join the line.
                        (lang.format(if page.summary.spots_left() == Some(0) { Text::RegisterWaitlistButton } else { Text::RegisterButton }, &[("total", &money::display(lang, page.price.total))]))
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
