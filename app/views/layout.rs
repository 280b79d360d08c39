//! The page shell: head, navigation with the language switcher, flash messages, main.

use maud::{DOCTYPE, Markup, html};

use crate::assets;
use crate::i18n::{Lang, Text};
use crate::web::PageContext;

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
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=(HTMX_CONFIG);
                title { (title) " · " (lang.t(Text::SiteName)) }
                link rel="stylesheet" href=(assets::url("app.css"));
                @for other in Lang::ALL {
                    link rel="alternate" hreflang=(other.tag()) href=(other.path(&ctx.path));
                }
                script src=(assets::url("htmx.js")) defer {}
                script src=(assets::url("htmx-sse.js")) defer {}
            }
            body {
                a.skip-link href="#main" { (lang.t(Text::SkipToContent)) }
                (header(ctx))
                div #flashes .flashes aria-live="polite" {}
                main #main { (content) }
                footer.site-footer { p { (lang.t(Text::FooterTagline)) } }
            }
        }
    }
}

fn header(ctx: &PageContext) -> Markup {
    let lang = ctx.lang;
    html! {
        header.site-header {
            nav.site-nav aria-label=(lang.t(Text::NavHome)) {
                a.brand href=(lang.path("/")) { (lang.t(Text::SiteName)) }
                (language_switcher(ctx))
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
                    a href=(other.path(&ctx.path)) hreflang=(other.tag()) lang=(other.tag()) {
                        (other.name())
                    }
                }
            }
        }
    }
}
