//! `/metrics`: Prometheus text for this process. Open to loopback (a scraper on the box);
//! from anywhere else only with `Authorization: Bearer <CLUBHOUSE_METRICS_TOKEN>`.

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Request, Response, handler};
use sha2::{Digest, Sha256};

use super::AppState;

#[handler]
pub async fn show(req: &Request, Data(state): Data<&AppState>) -> Response {
    if !allowed(req, state.config.metrics_token.as_deref()) {
        // As if there were nothing here: the page's existence is not advertised.
        return StatusCode::NOT_FOUND.into_response();
    }
    let sources = crate::metrics::Sources {
        dbs: &state.dbs,
        hub: &state.hub,
        cache: &state.cache,
    };
    match crate::metrics::render(sources).await {
        Ok(text) => text
            .with_content_type("text/plain; version=0.0.4; charset=utf-8")
            .with_header("cache-control", "no-store")
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics not rendered");
            format!("metrics unavailable: {e}")
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
                .into_response()
        }
    }
}

/// A client on loopback with no proxy in between, or the configured token. (Behind a trusted
/// proxy the client is whoever the proxy says, which is never this box's loopback; a header
/// that merely looks forwarded is refused too, in case an untrusted proxy runs on the box.)
fn allowed(req: &Request, token: Option<&str>) -> bool {
    let client = super::client::Client::of(req);
    let forwarded =
        req.headers().contains_key("x-forwarded-for") || req.headers().contains_key("forwarded");
    if client.ip.is_loopback() && !client.proxied && !forwarded {
        return true;
    }
    let (Some(token), Some(given)) = (
        token,
        req.headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ")),
    ) else {
        return false;
    };
    // Compared as digests, so the time taken says nothing about the token.
    Sha256::digest(token.as_bytes()) == Sha256::digest(given.trim().as_bytes())
}
