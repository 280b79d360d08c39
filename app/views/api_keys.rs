//! A club's API keys page: the new key (shown once), the form, the keys with their use.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use crate::clubs::Club;
use crate::clubs::api_keys::{ApiKey, DayUsage, Scope};
use crate::clubs::clock;
use crate::i18n::Text;
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The create-a-key form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct KeyForm {
    pub name: String,
    pub scopes: Vec<String>,
    /// `YYYY-MM-DD`, or blank for a key that lasts until revoked.
    pub expires: String,
}

pub struct KeysPage<'a> {
    pub club: &'a Club,
    pub keys: &'a [ApiKey],
    pub usage: &'a [DayUsage],
    pub form: &'a KeyForm,
    pub errors: &'a FieldErrors,
    /// The key just made: shown on this page only.
    pub new_key: Option<&'a str>,
    pub now: i64,
}

pub fn page(ctx: &PageContext, page: &KeysPage) -> Markup {
    let lang = ctx.lang;
    let club = page.club;
    let zone = clock::zone(club);
    let errors = page.errors;
    let chosen = |s: Scope| page.form.scopes.iter().any(|c| c == s.as_str());
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::ApiKeysTitle)) }
        p.muted {
            (lang.t(Text::ApiKeysLead)) " "
            a href=(paths::API_DOCS) { (lang.t(Text::ApiDocsLink)) }
        }
        @if let Some(key) = page.new_key {
            div.flash.flash-notice role="status" {
                p { strong { (lang.t(Text::ApiKeyShownOnce)) } }
                p.feed-url { code #new-key { (key) } }
            }
        }
        section.card {
            h2 { (lang.t(Text::ApiKeyNew)) }
            (forms::post_form(ctx, &paths::api_keys(lang, &club.slug), Text::ApiKeyCreate, html! {
                (forms::form_error(lang, errors))
                (Input::text("name", Text::ApiKeyName, &page.form.name).hint(Text::ApiKeyNameHint).render(lang, errors))
                fieldset.field.field-invalid[errors.get("scopes").is_some()] #field-scopes {
                    legend { (lang.t(Text::ApiKeyScopes)) }
                    @if let Some(e) = errors.get("scopes") { p.field-error { (lang.t(e)) } }
                    @for scope in Scope::ALL {
                        div.field.checkbox {
                            label {
                                input type="checkbox" name="scopes" value=(scope.as_str()) checked[chosen(scope)];
                                " " span { code { (scope.as_str()) } " — " (lang.t(scope.label())) }
                            }
                        }
                    }
                }
                (Input::text("expires", Text::ApiKeyExpires, &page.form.expires).kind("date").optional().hint(Text::ApiKeyExpiresHint).render(lang, errors))
            }))
        }
        section.card {
            h2 { (lang.t(Text::ApiKeysList)) }
            @if page.keys.is_empty() {
                p.muted { (lang.t(Text::ApiKeysNone)) }
            } @else {
                ul.rows {
                    @for key in page.keys { (key_row(ctx, club, key, zone, page.now)) }
                }
            }
        }
        section.card {
            h2 { (lang.t(Text::ApiUsageTitle)) }
            @if page.usage.is_empty() {
                p.muted { (lang.t(Text::ApiUsageNone)) }
            } @else {
                div.table-wrap {
                    table.data {
                        thead { tr {
                            th scope="col" { (lang.t(Text::ApiUsageDay)) }
                            th scope="col" { (lang.t(Text::ApiKeyName)) }
                            th scope="col" { (lang.t(Text::ApiUsageRequests)) }
                            th scope="col" { (lang.t(Text::ApiUsageErrors)) }
                        } }
                        tbody {
                            @for day in page.usage {
                                tr {
                                    td { (day.day) }
                                    td { (page.keys.iter().find(|k| k.id == day.key).map(|k| k.name.as_str()).unwrap_or("")) }
                                    td { (day.requests) }
                                    td { (day.errors) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::ApiKeysTitle), content)
}

fn key_row(ctx: &PageContext, club: &Club, key: &ApiKey, zone: chrono_tz::Tz, now: i64) -> Markup {
    let lang = ctx.lang;
    let at = |t: i64| clock::display(zone, t);
    html! {
        li.row {
            span.grow {
                strong { (key.name) } " "
                code { (key.prefix) "…" }
                @if key.revoked_at.is_some() {
                    span.badge.danger { (lang.t(Text::ApiKeyRevokedBadge)) }
                } @else if !key.active(now) {
                    span.badge.danger { (lang.t(Text::ApiKeyExpiredBadge)) }
                }
                br;
                span.muted {
                    @for (i, scope) in key.scopes.iter().enumerate() {
                        @if i > 0 { ", " }
                        code { (scope.as_str()) }
                    }
                    " · " (lang.format(Text::ApiKeyMadeBy, &[("who", &key.created_by), ("when", &at(key.created_at))]))
                    " · "
                    @match key.last_used_at {
                        Some(t) => (lang.format(Text::ApiKeyLastUsed, &[("when", &at(t))])),
                        None => (lang.t(Text::ApiKeyNeverUsed)),
                    }
                    @if let Some(t) = key.expires_at {
                        " · " (lang.format(Text::ApiKeyExpiresOn, &[("when", &at(t))]))
                    }
                    @if let Some(t) = key.revoked_at {
                        " · " (lang.format(Text::ApiKeyRevokedOn, &[("when", &at(t))]))
                    }
                }
            }
            @if key.revoked_at.is_none() {
                (forms::confirm_form(ctx, &paths::api_key_revoke(lang, &club.slug, key.id), lang.t(Text::ApiKeyRevoke), "button small danger"))
            }
        }
    }
}
