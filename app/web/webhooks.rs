//! Webhooks from outside services. They carry no session and no CSRF token; each checks its
//! own secret instead.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, Request, Response, handler};
use serde_json::json;

use super::AppState;
use crate::db::DbError;
use crate::mail::suppressions::{self, PostmarkEvent};

fn answer(status: StatusCode, message: &str) -> Response {
    Json(json!({ "error": message }))
        .with_status(status)
        .into_response()
}

/// Whether the request carries the secret: HTTP Basic auth (any user name, the secret as the
/// password, as Postmark sends it) or an `x-webhook-secret` header. Constant-time compare.
fn authorised(req: &Request, secret: &str) -> bool {
    let given = req
        .headers()
        .get("x-webhook-secret")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            let basic = req
                .headers()
                .get("authorization")?
                .to_str()
                .ok()?
                .strip_prefix("Basic ")?;
            let decoded = String::from_utf8(STANDARD.decode(basic.trim()).ok()?).ok()?;
            decoded
                .split_once(':')
                .map(|(_, password)| password.to_string())
        });
    given.is_some_and(|g| crate::auth::csrf::matches(secret, &g))
}

/// `POST /webhooks/postmark`: a bounce or spam complaint adds the address to the suppression
/// list. Other events are acknowledged and ignored.
#[handler]
pub async fn postmark(req: &Request, Data(state): Data<&AppState>, body: poem::Body) -> Response {
    let Some(secret) = state.config.webhook_secret.clone() else {
        return answer(StatusCode::NOT_FOUND, "webhook not configured");
    };
    if !authorised(req, &secret) {
        return answer(StatusCode::UNAUTHORIZED, "missing or wrong webhook secret");
    }
    let Ok(bytes) = body.into_bytes().await else {
        return answer(StatusCode::BAD_REQUEST, "cannot read the body");
    };
    let event: PostmarkEvent = match serde_json::from_slice(&bytes) {
        Ok(event) => event,
        Err(e) => {
            return answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("not a Postmark event: {e}"),
            );
        }
    };
    let Some(reason) = event.suppression_reason() else {
        return Json(json!({ "suppressed": false })).into_response();
    };
    if !event.email.contains('@') {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, "Email is not an address");
    }
    let now = crate::auth::now();
    let saved = state
        .dbs
        .shared
        .write(move |conn| {
            suppressions::add(conn, &event.email, reason, &event.description, now)
                .map_err(DbError::from)
        })
        .await;
    match saved {
        Ok(()) => Json(json!({ "suppressed": true, "reason": reason })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot record a suppression");
            answer(StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
