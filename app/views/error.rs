//! Error pages and the fragment htmx shows in the flash area.

use maud::{Markup, html};
use poem::http::StatusCode;

use super::layout;
use crate::i18n::Text;
use crate::web::PageContext;

pub fn page(ctx: &PageContext, status: StatusCode, detail: Option<&str>) -> Markup {
    let lang = ctx.lang;
    let (title, body) = texts(status);
    let content = html! {
        section.error-page {
            h1 { (lang.t(title)) }
            p { (detail.unwrap_or(lang.t(body))) }
            @if status.is_server_error() && !ctx.request_id.is_empty() {
                p.reference { (lang.format(Text::ErrorReference, &[("id", &ctx.request_id)])) }
            }
            p { a href=(lang.path("/")) { (lang.t(Text::ErrorBackHome)) } }
        }
    };
    layout::page(ctx, lang.t(title), content)
}

pub fn fragment(ctx: &PageContext, status: StatusCode, detail: Option<&str>) -> Markup {
    let lang = ctx.lang;
    let (title, body) = texts(status);
    html! {
        div.flash.flash-alert role="alert" {
            strong { (lang.t(title)) }
            " "
            (detail.unwrap_or(lang.t(body)))
        }
    }
}

fn texts(status: StatusCode) -> (Text, Text) {
    match status {
        StatusCode::NOT_FOUND => (Text::ErrorNotFoundTitle, Text::ErrorNotFoundBody),
        StatusCode::METHOD_NOT_ALLOWED => (Text::ErrorMethodTitle, Text::ErrorMethodBody),
        StatusCode::REQUEST_TIMEOUT => (Text::ErrorTimeoutTitle, Text::ErrorTimeoutBody),
        StatusCode::FORBIDDEN => (Text::ErrorForbiddenTitle, Text::ErrorForbiddenBody),
        StatusCode::CONFLICT => (Text::ErrorRefusedTitle, Text::ErrorInvalidBody),
        StatusCode::TOO_MANY_REQUESTS => (Text::ErrorTooManyTitle, Text::ErrorTooManyBody),
        StatusCode::PAYLOAD_TOO_LARGE => (Text::ErrorTooLargeTitle, Text::ErrorTooLargeBody),
        StatusCode::SERVICE_UNAVAILABLE => {
            (Text::ErrorUnavailableTitle, Text::ErrorUnavailableBody)
        }
        s if s.is_client_error() => (Text::ErrorInvalidTitle, Text::ErrorInvalidBody),
        _ => (Text::ErrorServerTitle, Text::ErrorServerBody),
    }
}
