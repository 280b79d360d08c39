//! Headers every response carries: a strict Content-Security-Policy (scripts and styles only
//! from our own hashed assets — no inline script, no eval), no sniffing, no framing.

use poem::{Endpoint, IntoResponse, Request, Response, Result};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; \
                   object-src 'none'";

/// The embeddable scoreboards' policy: the same, but any site may frame them.
const EMBED_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors *; base-uri 'self'; \
                   object-src 'none'";

/// Whether `path` is one of the embeddable scoreboards (in either language).
fn embeddable(path: &str) -> bool {
    path.strip_prefix("/fr")
        .unwrap_or(path)
        .starts_with("/embed/")
}

pub async fn add<E: Endpoint>(next: E, req: Request) -> Result<Response> {
    let embed = embeddable(req.uri().path());
    let mut resp = next.call(req).await?.into_response();
    let headers = resp.headers_mut();
    let (csp, frames) = if embed {
        (EMBED_CSP, None)
    } else {
        (CSP, Some(("x-frame-options", "DENY")))
    };
    for (name, value) in [
        ("content-security-policy", csp),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ]
    .into_iter()
    .chain(frames)
    {
        if !headers.contains_key(name) {
            headers.insert(name, poem::http::HeaderValue::from_static(value));
        }
    }
    Ok(resp)
}
