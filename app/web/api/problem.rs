//! Every error of the API as `application/problem+json` (RFC 9457), with a stable `type`.

use poem::http::{HeaderValue, StatusCode};
use poem::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::DbError;
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};
use crate::web::AppError;

/// Where the problem types are described: the reference page (a URI reference, resolved
/// against the request's).
const TYPE_BASE: &str = "/api/v1/docs#problem-";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A stable URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Validation problems: one per field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For a stale `If-Match`: the resource as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's name in the request body or query.
    pub name: String,
    pub reason: String,
}

/// Why an API request was not served.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// No key where one is needed, or a key that is malformed, unknown, revoked or expired.
    Unauthorized(&'static str),
    /// The key lacks the scope this needs.
    Forbidden(&'static str),
    NotFound,
    BadRequest(String),
    Invalid(Vec<FieldProblem>),
    /// The state does not allow it (e.g. entering an end in a finished game).
    Conflict(String),
    PreconditionRequired,
    PreconditionFailed(serde_json::Value),
    RateLimited {
        retry_after: u64,
    },
    Unavailable,
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: &str, reason: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldProblem {
            name: field.into(),
            reason: reason.into(),
        }])
    }

    pub fn from_fields(errors: &FieldErrors) -> Self {
        let lang = crate::i18n::Lang::En;
        ApiError::Invalid(
            errors
                .iter()
                .map(|(name, text)| FieldProblem {
                    name: if name.is_empty() { "body" } else { name }.to_string(),
                    reason: lang.t(text).to_string(),
                })
                .collect(),
        )
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn problem(&self) -> Problem {
        let status = self.status();
        let (kind, title, detail, errors, current) = match self.clone() {
            ApiError::Unauthorized(why) => (
                "unauthorized",
                "A valid API key is needed",
                Some(why.to_string()),
                vec![],
                None,
            ),
            ApiError::Forbidden(scope) => (
                "forbidden",
                "The key may not do this",
                Some(format!("This needs a key with the `{scope}` scope.")),
                vec![],
                None,
            ),
            ApiError::NotFound => ("not-found", "Not found", None, vec![], None),
            ApiError::BadRequest(detail) => {
                ("bad-request", "The request is malformed", Some(detail), vec![], None)
            }
            ApiError::Invalid(errors) => (
                "invalid",
                "Some fields cannot be accepted",
                None,
                errors,
                None,
            ),
            ApiError::Conflict(detail) => (
                "conflict",
                "Not possible in this state",
                Some(detail),
                vec![],
                None,
            ),
            ApiError::PreconditionRequired => (
                "if-match-required",
                "If-Match is required",
                Some("Send the game's ETag in If-Match, so a change made meanwhile is not overwritten.".into()),
                vec![],
                None,
            ),
            ApiError::PreconditionFailed(current) => (
                "stale",
                "The resource changed since you read it",
                Some("Its current state is in `current`; read its ETag again and retry if still right.".into()),
                vec![],
                Some(current),
            ),
            ApiError::RateLimited { retry_after } => (
                "rate-limited",
                "Too many requests",
                Some(format!("Wait {retry_after} seconds.")),
                vec![],
                None,
            ),
            ApiError::Unavailable => (
                "unavailable",
                "Busy: try again shortly",
                None,
                vec![],
                None,
            ),
            ApiError::Internal(_) => ("internal", "Something went wrong", None, vec![], None),
        };
        Problem {
            kind: format!("{TYPE_BASE}{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail,
            errors,
            current,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Internal(what) => write!(f, "internal: {what}"),
            other => write!(f, "{}", other.status()),
        }
    }
}

impl std::error::Error for ApiError {}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        ApiError::status(self)
    }

    fn as_response(&self) -> Response {
        let status = self.status();
        let retry_after = match self {
            ApiError::RateLimited { retry_after } => Some(*retry_after),
            ApiError::Unavailable => Some(5),
            _ => None,
        };
        if let ApiError::Internal(what) = self {
            tracing::error!(status = status.as_u16(), error = %what, "api request failed");
        }
        let mut resp = json_response(status, &self.problem(), "application/problem+json");
        if let Some(secs) = retry_after {
            resp.headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                "www-authenticate",
                HeaderValue::from_static("Bearer realm=\"clubhouse\""),
            );
        }
        resp
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        poem::error::ResponseError::as_response(&self)
    }
}

/// `value` as JSON with `content_type`.
pub fn json_response<T: Serialize>(status: StatusCode, value: &T, content_type: &str) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => Response::builder()
            .status(status)
            .content_type(content_type)
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "api response not serialised");
            Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .finish()
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        if e.is_not_found() {
            ApiError::NotFound
        } else if matches!(e, DbError::Unavailable { .. }) {
            ApiError::Unavailable
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl From<ActionError> for ApiError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::NotFound => ApiError::NotFound,
            ActionError::Invalid(errors) => ApiError::from_fields(&errors),
            // What the entry itself breaks (too many points, no team, no such end) is
            // invalid input; everything else is about the state.
            ActionError::Refused(
                text @ (Text::ScoreTooManyPoints | Text::ScoreNoTeam | Text::ScoreNoSuchEnd),
            ) => ApiError::invalid("body", crate::i18n::Lang::En.t(text)),
            ActionError::Refused(text) => {
                ApiError::Conflict(crate::i18n::Lang::En.t(text).to_string())
            }
            ActionError::Db(e) => e.into(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => ApiError::NotFound,
            AppError::Forbidden => ApiError::Forbidden("a different"),
            AppError::Invalid(detail) | AppError::BadRequest(detail) => {
                ApiError::BadRequest(detail)
            }
            AppError::Busy => ApiError::Unavailable,
            AppError::Refused(text) | AppError::Gone(text) => {
                ApiError::Conflict(crate::i18n::Lang::En.t(text).to_string())
            }
            AppError::TooManyRequests => ApiError::RateLimited { retry_after: 60 },
            AppError::Db(e) => e.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// Any error on an `/api/` path as a problem document: the API's own, or one raised by poem
/// or the layers around (an unknown route, a wrong method, a body too large).
pub fn render(err: &poem::Error, path: &str) -> Response {
    if let Some(e) = err.downcast_ref::<ApiError>() {
        return poem::error::ResponseError::as_response(e);
    }
    let mut resp = from_poem(err);
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED {
        resp.headers_mut()
            .insert("allow", HeaderValue::from_static(super::allowed(path)));
    }
    resp
}

fn from_poem(err: &poem::Error) -> Response {
    let status = err.status();
    let (kind, title) = match status {
        StatusCode::NOT_FOUND => ("not-found", "Not found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "Method not allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too-large", "The body is too large"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "The body came too slowly"),
        s if s.is_server_error() => ("internal", "Something went wrong"),
        _ => ("bad-request", "The request is malformed"),
    };
    let problem = Problem {
        kind: format!("{TYPE_BASE}{kind}"),
        title: title.into(),
        status: status.as_u16(),
        detail: None,
        errors: vec![],
        current: None,
    };
    json_response(status, &problem, "application/problem+json")
}
