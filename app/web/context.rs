//! What a page needs to know about the request it answers: language, path, htmx or not.

use poem::{FromRequest, Request, RequestBody};

use super::request_log::RequestId;
use crate::i18n::Lang;

/// The request as the layout sees it.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub lang: Lang,
    /// The path without its language prefix, for the language switcher.
    pub path: String,
    /// True when htmx made the request and expects a fragment, not a page.
    pub htmx: bool,
    pub request_id: String,
}

impl PageContext {
    pub fn of(req: &Request) -> Self {
        // The route table never strips prefixes (no `nest`), so this is the path as sent.
        let path = req.uri().path();
        Self {
            lang: Lang::of_path(path),
            path: Lang::strip(path).to_string(),
            htmx: req.headers().contains_key("hx-request"),
            request_id: req
                .extensions()
                .get::<RequestId>()
                .map(|id| id.0.clone())
                .unwrap_or_default(),
        }
    }
}

impl<'a> FromRequest<'a> for PageContext {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        Ok(PageContext::of(req))
    }
}
