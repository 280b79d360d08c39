//! A club's webhook endpoints: the list with the add form, and one endpoint's page (its
//! address and events, the signing secret, the delivery log).

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use crate::clubs::Club;
use crate::clubs::clock;
use crate::i18n::{Lang, Text};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};
use crate::webhooks::{Delivery, Endpoint, EventType};

/// The endpoint form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct HookForm {
    pub url: String,
    pub types: Vec<String>,
}

impl HookForm {
    pub fn of(endpoint: &Endpoint) -> Self {
        HookForm {
            url: endpoint.url.clone(),
            types: endpoint
                .types
                .iter()
                .map(|t| t.as_str().to_string())
                .collect(),
        }
    }
}

fn fields(lang: Lang, form: &HookForm, errors: &FieldErrors) -> Markup {
    let chosen = |t: EventType| form.types.iter().any(|c| c == t.as_str());
    html! {
        (forms::form_error(lang, errors))
        (Input::text("url", Text::WebhookUrl, &form.url).kind("url").hint(Text::WebhookUrlHint).render(lang, errors))
        fieldset.field.field-invalid[errors.get("types").is_some()] #field-types {
            legend { (lang.t(Text::WebhookTypes)) }
            @if let Some(e) = errors.get("types") { p.field-error { (lang.t(e)) } }
            @for t in EventType::ALL {
                div.field.checkbox {
                    label {
                        input type="checkbox" name="types" value=(t.as_str()) checked[chosen(t)];
                        " " span { code { (t.as_str()) } " — " (lang.t(t.label())) }
                    }
                }
            }
        }
    }
}

fn state_badge(lang: Lang, endpoint: &Endpoint) -> Markup {
    html! {
        @if endpoint.disabled_at.is_some() {
            span.badge.danger { (lang.t(Text::WebhookDisabledBadge)) }
        } @else if endpoint.failing_since.is_some() {
            span.badge.danger { (lang.t(Text::WebhookFailingBadge)) }
        }
    }
}

pub fn list(
    ctx: &PageContext,
    club: &Club,
    endpoints: &[Endpoint],
    form: &HookForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::WebhooksTitle)) }
        p.muted { (lang.t(Text::WebhooksLead)) }
        section.card {
            h2 { (lang.t(Text::WebhooksList)) }
            @if endpoints.is_empty() {
                p.muted { (lang.t(Text::WebhooksNone)) }
            } @else {
                ul.rows {
                    @for e in endpoints {
                        li.row {
                            span.grow.feed-url {
                                a href=(paths::webhook(lang, &club.slug, e.id)) { code { (e.url) } }
                                (state_badge(lang, e))
                                br;
                                span.muted {
                                    @for (i, t) in e.types.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        code { (t.as_str()) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (lang.t(Text::WebhookNew)) }
            (forms::post_form(ctx, &paths::webhooks(lang, &club.slug), Text::WebhookAdd, fields(lang, form, errors)))
        }
    };
    layout::page(ctx, lang.t(Text::WebhooksTitle), content)
}

pub struct EndpointPage<'a> {
    pub club: &'a Club,
    pub endpoint: &'a Endpoint,
    pub deliveries: &'a [Delivery],
    pub form: &'a HookForm,
    pub errors: &'a FieldErrors,
    pub now: i64,
}

pub fn endpoint(ctx: &PageContext, page: &EndpointPage) -> Markup {
    let lang = ctx.lang;
    let (club, e) = (page.club, page.endpoint);
    let zone = clock::zone(club);
    let at = |t: i64| clock::display(zone, t);
    let content = html! {
        p { a href=(paths::webhooks(lang, &club.slug)) { "← " (lang.t(Text::WebhooksTitle)) } }
        h1 { (lang.t(Text::WebhookEndpoint)) (state_badge(lang, e)) }
        p.feed-url { code { (e.url) } }
        @if let (Some(when), Some(why)) = (e.disabled_at, &e.disabled_why) {
            p.alert { (lang.format(Text::WebhookDisabledSince, &[("when", &at(when)), ("why", why)])) }
        }
        section.card {
            (forms::post_form(ctx, &paths::webhook(lang, &club.slug, e.id), Text::Save, fields(lang, page.form, page.errors)))
        }
        section.card {
            h2 { (lang.t(Text::WebhookSecret)) }
            p.feed-url { code #webhook-secret { (e.secret) } }
            p.muted { (lang.t(Text::WebhookSecretHint)) }
            @if let Some(until) = e.previous_until.filter(|u| *u > page.now) {
                p { (lang.format(Text::WebhookPreviousUntil, &[("when", &at(until))])) }
            }
            (forms::confirm_form(ctx, &paths::webhook_action(lang, &club.slug, e.id, "rotate"), lang.t(Text::WebhookRotate), "button secondary"))
        }
        section.card {
            h2 { (lang.t(Text::WebhookDeliveries)) }
            @if page.deliveries.is_empty() {
                p.muted { (lang.t(Text::WebhookDeliveriesNone)) }
            } @else {
                ul.rows {
                    @for d in page.deliveries { (delivery_row(ctx, club, e.id, d, zone)) }
                }
            }
        }
        section.card.danger-zone {
            (forms::confirm_form(ctx, &paths::webhook_action(lang, &club.slug, e.id, "remove"), lang.t(Text::WebhookRemove), "button danger"))
        }
    };
    layout::page(ctx, lang.t(Text::WebhooksTitle), content)
}

fn delivery_row(
    ctx: &PageContext,
    club: &Club,
    endpoint: i64,
    d: &Delivery,
    zone: chrono_tz::Tz,
) -> Markup {
    let lang = ctx.lang;
    let when = clock::display(zone, d.started_at / 1000);
    let outcome = match (d.status_code, &d.error) {
        (Some(code), _) => code.to_string(),
        (None, Some(error)) => error.clone(),
        (None, None) => "—".to_string(),
    };
    html! {
        li.row.delivery {
            span.grow {
                code { (d.event_type) } " · " (when) " · "
                (lang.format(Text::WebhookAttempt, &[("n", &d.attempt.to_string())]))
                @if d.manual { " (" (lang.t(Text::WebhookManual)) ")" }
                " · "
                span.badge.danger[!d.succeeded()] { (outcome) }
                " · " (d.duration_ms) " ms"
                @if let Some(next) = d.next_attempt_at {
                    " · " (lang.format(Text::WebhookNextAttempt, &[("when", &clock::display(zone, next / 1000))]))
                }
                @if !d.response.is_empty() {
                    details {
                        summary { (lang.t(Text::WebhookResponse)) }
                        pre.response { (d.response) }
                    }
                }
            }
            (forms::button_form(ctx, &paths::webhook_redeliver(lang, &club.slug, endpoint, d.message), lang.t(Text::WebhookRedeliver), "button small secondary"))
        }
    }
}
