//! Refuses every state-changing request (a POST) that does not carry the session's CSRF
//! token, in the `x-csrf-token` header (htmx) or the `_csrf` form field. A refused request
//! gets 403 and never reaches its handler. The pages take no other method: anything but GET,
//! HEAD, OPTIONS and POST is 405, before the token is looked at.

use poem::http::Method;
use poem::{Body, Endpoint, Request, Response, Result};
use tower_sessions::Session;

use super::AppError;
use crate::auth::csrf;

pub async fn check<E: Endpoint<Output = Response>>(next: E, mut req: Request) -> Result<Response> {
    // Webhooks carry no cookies (so no CSRF risk) and check their own secret; the API never
    // reads the session cookie (bearer keys only), so a forged request carries no authority.
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || req.uri().path().starts_with("/webhooks/")
        || req.uri().path().starts_with("/api/")
    {
        return next.call(req).await;
    }
    if *req.method() != Method::POST {
        return Err(poem::Error::from_status(
            poem::http::StatusCode::METHOD_NOT_ALLOWED,
        ));
    }
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return Err(AppError::Forbidden.into());
    };
    let expected: Option<String> = session.get(csrf::SESSION_KEY).await.unwrap_or_default();
    let Some(expected) = expected else {
        return Err(AppError::Forbidden.into());
    };
    let header = req
        .headers()
        .get(csrf::HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let given = match header {
        Some(token) => Some(token),
        None if is_form(&req) => {
            // Read the form (already size-limited) for its `_csrf` field, then hand it on.
            let body = req
                .take_body()
                .into_bytes()
                .await
                .map_err(|_| AppError::Forbidden)?;
            let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
                .ok()
                .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == csrf::FIELD))
                .map(|(_, v)| v);
            req.set_body(Body::from(body));
            token
        }
        None => None,
    };
    match given {
        Some(token) if csrf::matches(&expected, &token) => next.call(req).await,
        _ => Err(AppError::Forbidden.into()),
    }
}

fn is_form(req: &Request) -> bool {
    req.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}
