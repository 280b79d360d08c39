//! Sessions: loads the session named by the cookie into the request, saves it afterwards and
//! sets or clears the cookie. (tower-sessions' own layer does not plug into poem.)
//!
//! The cookie is `HttpOnly`, `SameSite=Lax`, and — when the app is served over https —
//! `Secure` with the `__Host-` prefix. Sessions expire after 14 days without a change.

use std::sync::Arc;

use poem::http::HeaderValue;
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use tower_sessions::{Expiry, Session};

use crate::auth::session_store::SqliteSessionStore;

pub const LIFETIME_DAYS: i64 = 14;

#[derive(Clone)]
pub struct SessionLayer {
    pub store: Arc<SqliteSessionStore>,
    pub secure: bool,
}

impl SessionLayer {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-clubhouse_session"
        } else {
            "clubhouse_session"
        }
    }

    fn cookie(&self, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
            self.cookie_name()
        )
    }
}

/// The value of cookie `name` in the request, if any.
pub fn cookie_value<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub async fn handle<E: Endpoint>(
    next: E,
    mut req: Request,
    layer: SessionLayer,
) -> Result<Response> {
    // The API is bearer keys only: a session cookie sent along is not even read.
    if req.uri().path().starts_with("/api/") {
        return Ok(next.call(req).await?.into_response());
    }
    let sent = cookie_value(&req, layer.cookie_name()).map(str::to_string);
    let id = sent.as_deref().and_then(|v| v.parse().ok());
    let expiry = Expiry::OnInactivity(time::Duration::days(LIFETIME_DAYS));
    let session = Session::new(id, layer.store.clone(), Some(expiry));
    req.extensions_mut().insert(session.clone());

    let mut resp = next.call(req).await?.into_response();

    let cookie = if sent.is_some() && session.is_empty().await {
        // Signed out (flushed), or a cookie naming no live session: clear it.
        Some(layer.cookie("", 0))
    } else if session.is_modified() && !resp.status().is_server_error() {
        if let Err(e) = session.save().await {
            tracing::error!(error = %e, "cannot save the session");
            return Err(poem::Error::from_status(
                poem::http::StatusCode::INTERNAL_SERVER_ERROR,
            ));
        }
        session
            .id()
            .map(|id| layer.cookie(&id.to_string(), LIFETIME_DAYS * 24 * 60 * 60))
    } else {
        None
    };
    if let Some(value) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        resp.headers_mut().append("set-cookie", value);
        // A response that sets a session cookie must never be cached by anyone.
        resp.headers_mut()
            .insert("cache-control", HeaderValue::from_static("no-store"));
    }
    Ok(resp)
}
