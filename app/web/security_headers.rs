//! Headers every response carries: a strict Content-Security-Policy (scripts and styles only
//! from our own hashed assets — no inline script, no eval), no sniffing, no framing.

use poem::{Endpoint, IntoResponse, Request, Response, Result};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; \
                   object-src 'none'";

pub async fn add<E: Endpoint>(next: E, req: Request) -> Result<Response> {
    let mut resp = next.call(req).await?.into_response();
    let headers = resp.headers_mut();
    for (name, value) in [
        ("content-security-policy", CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
    ] {
        if !headers.contains_key(name) {
            headers.insert(name, poem::http::HeaderValue::from_static(value));
        }
    }
    Ok(resp)
}
