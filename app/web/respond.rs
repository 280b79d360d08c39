//! Small helpers every handler uses to answer: redirects, rejected forms, and the redirect
//! used as an error by extractors (sign in first).

use maud::Markup;
use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::{IntoResponse, Response};

use super::PageContext;
use super::context::sign_in_url;

/// 303 See Other to `location`: the answer to every successful form post.
pub fn see_other(location: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header("location", location)
        .finish()
}

/// A form shown again with its messages; nothing was written.
pub fn rejected(page: Markup) -> Response {
    page.with_status(StatusCode::UNPROCESSABLE_ENTITY)
        .into_response()
}

/// A redirect raised by an extractor (the person must sign in first).
#[derive(Debug, thiserror::Error)]
#[error("redirect to {0}")]
pub struct Redirect(pub String);

impl Redirect {
    pub fn to_sign_in(ctx: &PageContext) -> Self {
        Redirect(sign_in_url(ctx))
    }
}

impl ResponseError for Redirect {
    fn status(&self) -> StatusCode {
        StatusCode::SEE_OTHER
    }

    fn as_response(&self) -> Response {
        see_other(&self.0)
    }
}
