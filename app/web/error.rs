//! The one error type for requests, and the middleware that turns any error into a page (or
//! a fragment, when htmx asked) in the visitor's language.
//!
//! Which error is used where: domain and `db` code return their own errors (`DbError`, …);
//! handlers return `Result<_, AppError>`, converting with `?`. Errors raised by poem itself
//! (unknown route, body too large) arrive here as `poem::Error` and are rendered the same way.
//! Every 5xx is logged exactly once, here, with its cause chain.

use poem::http::StatusCode;
use poem::{Endpoint, IntoResponse, Request, Response, Result, error::ResponseError};

use super::PageContext;
use crate::db::DbError;
use crate::i18n::Text;
use crate::validation::ActionError;
use crate::views;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page, or one the visitor may not know exists (another club's data).
    #[error("not found")]
    NotFound,
    /// A state change that is not allowed (e.g. a bad CSRF token).
    #[error("forbidden")]
    Forbidden,
    /// Input that cannot be accepted; the message is already in the visitor's language.
    #[error("{0}")]
    Invalid(String),
    /// A request that is malformed (not a form's content): the message says what, already
    /// in the visitor's language.
    #[error("{0}")]
    BadRequest(String),
    /// Every password hasher stayed busy: try again in a few seconds.
    #[error("busy")]
    Busy,
    /// Not possible for this person or in this state; the text says why.
    #[error("refused: {0:?}")]
    Refused(Text),
    /// Existed once and is no more (a used or expired link); the text says which.
    #[error("gone: {0:?}")]
    Gone(Text),
    #[error("too many attempts")]
    TooManyRequests,
    #[error(transparent)]
    Db(#[from] DbError),
    /// A broken invariant of the app itself.
    #[error("{0}")]
    Bug(String),
    /// Anything else that is the server's fault, with what it was doing.
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        source: anyhow::Error,
    },
}

impl AppError {
    pub fn internal(what: impl Into<String>) -> Self {
        AppError::Bug(what.into())
    }
}

impl From<ActionError> for AppError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::NotFound => AppError::NotFound,
            ActionError::Refused(text) => AppError::Refused(text),
            ActionError::Invalid(_) => AppError::Refused(Text::ErrorInvalidBody),
            ActionError::Db(e) => AppError::Db(e),
        }
    }
}

impl ResponseError for AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Bug(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Db(e) if e.is_not_found() => StatusCode::NOT_FOUND,
            AppError::Db(DbError::Unavailable { .. }) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Db(_) | AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Seconds a client is asked to wait when the server is too busy to hash a password.
const BUSY_RETRY_AFTER: &str = "5";

/// Middleware: renders errors as pages or fragments and logs server errors once.
/// Runs twice: inside the session layer, where the page shows the signed-in header, and
/// outside everything, for what fails before a session is read.
pub async fn render<E: Endpoint>(next: E, req: Request) -> Result<Response> {
    if req.uri().path().starts_with("/api/") {
        // The API answers problem documents, never pages.
        let path = req.uri().path().to_string();
        return match next.call(req).await {
            Ok(resp) => Ok(resp.into_response()),
            Err(err) => Ok(super::api::problem::render(&err, &path)),
        };
    }
    let ctx = PageContext::of(&req);
    let parts = PageContext::error_parts(&req);
    match next.call(req).await {
        Ok(resp) => Ok(resp.into_response()),
        // Extractors answer "sign in first" with a redirect raised as an error. Inside the
        // session layer it stays an error: the session is then not saved, so a flash the
        // request read on its way to the redirect is still there on the next page.
        Err(err) if err.status().is_redirection() && parts.is_some() => Err(err),
        Err(err) if err.status().is_redirection() => Ok(err.into_response()),
        Err(err) => {
            let ctx = ctx.with_viewer(parts).await;
            let status = err.status();
            if status.is_server_error() {
                tracing::error!(status = status.as_u16(), error = %cause_chain(&err), "request failed");
            }
            let app_error = err.downcast_ref::<AppError>();
            let detail = match app_error {
                Some(AppError::Invalid(message) | AppError::BadRequest(message)) => {
                    Some(message.as_str())
                }
                Some(AppError::Refused(text) | AppError::Gone(text)) => Some(ctx.lang.t(*text)),
                _ => None,
            };
            let mut response = if ctx.htmx {
                // htmx swaps the message into the page's flash area, whatever the target was.
                views::error::fragment(&ctx, status, detail)
                    .with_status(status)
                    .with_header("hx-retarget", "#flashes")
                    .with_header("hx-reswap", "innerHTML")
                    .into_response()
            } else {
                views::error::page(&ctx, status, detail)
                    .with_status(status)
                    .into_response()
            };
            if matches!(app_error, Some(AppError::Busy)) {
                response.headers_mut().insert(
                    "retry-after",
                    poem::http::HeaderValue::from_static(BUSY_RETRY_AFTER),
                );
            }
            if status == StatusCode::METHOD_NOT_ALLOWED {
                response.headers_mut().insert(
                    "allow",
                    poem::http::HeaderValue::from_static("GET, HEAD, POST"),
                );
            }
            Ok(response)
        }
    }
}

/// "outer: inner: innermost", so one log line tells the whole story.
fn cause_chain(err: &poem::Error) -> String {
    let mut out = err.to_string();
    let mut source = err
        .downcast_ref::<AppError>()
        .and_then(|e| std::error::Error::source(e));
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use poem::test::TestClient;
    use poem::{EndpointExt, Route, handler};

    use super::*;

    #[handler]
    fn fails(poem::web::Path(kind): poem::web::Path<String>) -> Result<&'static str, AppError> {
        Err(match kind.as_str() {
            "invalid" => AppError::Invalid("Le nom est trop long.".into()),
            "forbidden" => AppError::Forbidden,
            "missing" => AppError::Db(DbError::Diesel(diesel::result::Error::NotFound)),
            _ => AppError::Internal {
                context: "rendering the scoreboard".into(),
                source: anyhow::anyhow!("disk on fire"),
            },
        })
    }

    fn app() -> TestClient<impl Endpoint> {
        TestClient::new(
            Route::new()
                .at("/:kind", poem::get(fails))
                .at("/fr/:kind", poem::get(fails))
                .around(render),
        )
    }

    #[tokio::test]
    async fn each_error_is_a_page_with_its_status() {
        let app = app();
        for (path, status, text) in [
            ("/invalid", 422, "Le nom est trop long."),
            ("/forbidden", 403, "Not allowed"),
            ("/missing", 404, "Page not found"),
            ("/boom", 500, "Something went wrong"),
            ("/fr/boom", 500, "Un problème est survenu"),
        ] {
            let resp = app.get(path).send().await;
            resp.assert_status(StatusCode::from_u16(status).expect("status"));
            let body = resp.0.into_body().into_string().await.expect("body");
            assert!(
                body.contains(text) && body.contains("<html"),
                "{path}: {body}"
            );
            assert!(
                !body.contains("disk on fire"),
                "causes stay in the log: {path}"
            );
        }
    }

    #[tokio::test]
    async fn htmx_gets_a_fragment_for_the_flash_area() {
        let resp = app()
            .get("/forbidden")
            .header("HX-Request", "true")
            .send()
            .await;
        resp.assert_status(StatusCode::FORBIDDEN);
        resp.assert_header("hx-retarget", "#flashes");
        let body = resp.0.into_body().into_string().await.expect("body");
        assert!(
            body.contains("Not allowed") && !body.contains("<html"),
            "{body}"
        );
    }

    #[test]
    fn the_cause_chain_is_one_line() {
        let err = poem::Error::from(AppError::Internal {
            context: "saving the end".into(),
            source: anyhow::anyhow!("disk full").context("writing curling.db"),
        });
        assert_eq!(
            cause_chain(&err),
            "saving the end: writing curling.db: disk full"
        );
    }
}
