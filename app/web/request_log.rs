//! Gives each request an id, a tracing span carrying it, and one log line when it ends.

use std::time::Instant;

use poem::{Endpoint, IntoResponse, Request, Response, Result};
use tracing::Instrument;

/// The id of the request being served, in its extensions and its `x-request-id` header.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The path as logged: a secret in it (a calendar address, an invitation, a reset or
/// confirmation link) is replaced, so the log never holds a usable link.
pub fn redacted(path: &str) -> String {
    const BEFORE_SECRET: [&str; 4] = ["calendar", "invitations", "password-reset", "verify-email"];
    let mut out = String::with_capacity(path.len());
    let mut previous = "";
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if BEFORE_SECRET.contains(&previous) && !segment.is_empty() {
            out.push_str("[secret]");
        } else {
            out.push_str(segment);
        }
        previous = segment;
    }
    out
}

pub async fn log<E: Endpoint>(next: E, mut req: Request) -> Result<Response> {
    let id = format!("{:016x}", rand::random::<u64>());
    req.extensions_mut().insert(RequestId(id.clone()));
    let (path, method) = (req.original_uri().path().to_string(), req.method().clone());
    let span = tracing::info_span!(
        "request",
        id = %id,
        client = %super::client::Client::of(&req).ip,
        method = %req.method(),
        path = %redacted(req.original_uri().path()),
    );
    async move {
        let started = Instant::now();
        let result = next.call(req).await.map(IntoResponse::into_response);
        let status = match &result {
            Ok(resp) => resp.status(),
            Err(e) => e.status(),
        };
        let elapsed = started.elapsed();
        tracing::info!(
            status = status.as_u16(),
            ms = elapsed.as_secs_f64() * 1000.0,
            "request finished"
        );
        let route = crate::metrics::route_label(&path, status.as_u16());
        metrics::counter!(
            crate::metrics::HTTP_REQUESTS,
            "route" => route.clone(),
            "method" => method.to_string(),
            "status" => status.as_u16().to_string()
        )
        .increment(1);
        metrics::histogram!(crate::metrics::HTTP_DURATION, "route" => route, "method" => method.to_string())
            .record(elapsed.as_secs_f64());
        result.map(|mut resp| {
            if let Ok(value) = id.parse() {
                resp.headers_mut().insert("x-request-id", value);
            }
            resp
        })
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn secrets_in_paths_are_not_logged() {
        assert_eq!(redacted("/calendar/0123abcd.ics"), "/calendar/[secret]");
        assert_eq!(redacted("/fr/invitations/abc"), "/fr/invitations/[secret]");
        assert_eq!(redacted("/password-reset/xyz"), "/password-reset/[secret]");
        assert_eq!(
            redacted("/clubs/granite/events/3"),
            "/clubs/granite/events/3"
        );
        assert_eq!(redacted("/account/calendar"), "/account/calendar");
        assert_eq!(redacted("/"), "/");
    }
}
