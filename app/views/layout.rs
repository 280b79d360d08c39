//! The page shell: head, navigation with the language switcher, flash messages, main.

use maud::{DOCTYPE, Markup, html};

use super::forms;
use crate::assets;
use crate::i18n::{Lang, Text};
use crate::web::{Flash, PageContext, Viewer, paths};

/// htmx settings: swap error responses too (the server sends a message fragment and points
/// it at the flash area); no inline scripts, no eval and no inline styles, which the
/// Content-Security-Policy forbids anyway.
const HTMX_CONFIG: &str = r#"{"allowScriptTags":false,"allowEval":false,"includeIndicatorStyles":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"[45]..","swap":true,"error":true}]}"#;

/// A whole page around `content`.
pub fn page(ctx: &PageContext, title: &str, content: Markup) -> Markup {
    let lang = ctx.lang;
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            (head(ctx, title, html! {}))
            // Links and forms are boosted by htmx (no full reloads); every htmx request
            // carries the CSRF token. Without JavaScript everything still works.
            // (The token sits inside <body>: a boosted page swaps the body's content, not
            // its attributes, and the token changes at sign-in.)
            body hx-boost="true" {
                div.page hx-headers=[csrf_header(ctx)] {
                    a.skip-link href="#main" { (lang.t(Text::SkipToContent)) }
                    (header(ctx))
                    div #flashes .flashes aria-live="polite" {
                        @for flash in &ctx.flashes {
                            (flash_message(ctx.lang, flash))
                        }
                    }
                    @if let Some(viewer) = ctx.viewer.as_ref().filter(|v| !v.verified) {
                        (unconfirmed(ctx, viewer))
                    }
                    main #main { (content) }
                    footer.site-footer { p { (lang.t(Text::FooterTagline)) } }
                }
            }
        }
    }
}

/// The `<head>` of every page: `extra` goes before the stylesheet and scripts.
pub fn head(ctx: &PageContext, title: &str, extra: Markup) -> Markup {
    let lang = ctx.lang;
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="htmx-config" content=(HTMX_CONFIG);
            (extra)
            title { (title) " · " (lang.t(Text::SiteName)) }
            link rel="stylesheet" href=(assets::url("app.css"));
            @for other in Lang::ALL {
                link rel="alternate" hreflang=(other.tag()) href=(other.path(&ctx.path));
            }
            script src=(assets::url("htmx.js")) defer {}
            script src=(assets::url("htmx-sse.js")) defer {}
            script src=(assets::url("app.js")) defer {}
        }
    }
}

fn csrf_header(ctx: &PageContext) -> Option<String> {
    let token = ctx.csrf.as_ref()?;
    serde_json::to_string(&serde_json::json!({ crate::auth::csrf::HEADER: token })).ok()
}

pub fn flash_message(lang: Lang, flash: &Flash) -> Markup {
    html! {
        div.flash.flash-alert[flash.alert].flash-notice[!flash.alert] role=(if flash.alert { "alert" } else { "status" }) {
            (flash.text)
            @if let Some(link) = &flash.link {
                input.copy-link #copy-link type="text" readonly value=(link) aria-label=(flash.text);
                button.button.small.copy-button type="button" data-copy="#copy-link" data-copied=(lang.t(Text::CopiedLink)) { (lang.t(Text::CopyLink)) }
            }
        }
    }
}

/// Until the address is confirmed: why some things are closed, and the way to open them.
pub fn unconfirmed(ctx: &PageContext, viewer: &Viewer) -> Markup {
    let lang = ctx.lang;
    html! {
        div.flash.flash-notice.unconfirmed role="status" {
            p { (lang.format(Text::VerifyPending, &[("email", &viewer.email)])) }
            (forms::button_form(ctx, &paths::verify_email_resend(lang), lang.t(Text::VerifyResend), "button button-small"))
        }
    }
}

fn header(ctx: &PageContext) -> Markup {
    let lang = ctx.lang;
    html! {
        header.site-header {
            nav.site-nav aria-label=(lang.t(Text::NavMain)) {
                a.brand href=(paths::home(lang)) { (lang.t(Text::SiteName)) }
                ul.nav-links {
                    @if let Some(viewer) = &ctx.viewer {
                        li { (club_switcher(ctx, viewer)) }
                        // On a phone these three live in the menu above (one row of header).
                        @if viewer.operator {
                            li.wide-only { a href=(paths::operator_jobs(lang)) { (lang.t(Text::OperatorJobs)) } }
                        }
                        li.wide-only { a href=(paths::account(lang)) { (viewer.name) } }
                        li.wide-only { (forms::button_form(ctx, &paths::sign_out(lang), lang.t(Text::SignOut), "link-button")) }
                    } @else {
                        li { a href=(paths::sign_in(lang)) { (lang.t(Text::SignIn)) } }
                        li { a href=(paths::sign_up(lang)) { (lang.t(Text::SignUp)) } }
                    }
                    li { (language_switcher(ctx)) }
                }
            }
        }
    }
}

/// The person's clubs, one tap away on every page.
fn club_switcher(ctx: &PageContext, viewer: &Viewer) -> Markup {
    let lang = ctx.lang;
    html! {
        details.club-switcher {
            summary { (lang.t(Text::NavClubs)) }
            ul {
                @for (club, _) in &viewer.clubs {
                    li { a href=(paths::club(lang, &club.slug)) { (club.name) } }
                }
                li { a href=(paths::new_club(lang)) { (lang.t(Text::ClubNew)) } }
                @if viewer.operator {
                    li.narrow-only { a href=(paths::operator_jobs(lang)) { (lang.t(Text::OperatorJobs)) } }
                }
                li.narrow-only { a href=(paths::account(lang)) { (viewer.name) } }
                li.narrow-only { (forms::button_form(ctx, &paths::sign_out(lang), lang.t(Text::SignOut), "link-button")) }
            }
        }
    }
}

/// Links to this same page in every other language.
fn language_switcher(ctx: &PageContext) -> Markup {
    html! {
        ul.lang-switch aria-label=(ctx.lang.t(Text::LanguageSwitch)) {
            @for other in Lang::ALL.into_iter().filter(|l| *l != ctx.lang) {
                li {
                    // A full load, so <html lang> changes too (a boosted swap keeps it).
                    a href=(ctx.url_in(other)) hreflang=(other.tag()) lang=(other.tag()) hx-boost="false" {
                        span.wide-only { (other.name()) }
                        // The code on a phone, with the name for screen readers.
                        span.narrow-only { (other.tag().to_uppercase()) span.visually-hidden { " " (other.name()) } }
                    }
                }
            }
        }
    }
}
