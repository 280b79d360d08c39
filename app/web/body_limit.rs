//! Refuses request bodies over a limit with 413, whether or not they declare their length.
//! (poem's `SizeLimit` also refuses every request without a Content-Length, GETs included.)

use poem::http::StatusCode;
use poem::{Body, Endpoint, Error, Request, Response, Result};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub async fn limit<E: Endpoint<Output = Response>>(next: E, mut req: Request) -> Result<Response> {
    let too_large = || Error::from_status(StatusCode::PAYLOAD_TOO_LARGE);
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > MAX_BODY_BYTES as u64 => return Err(too_large()),
        Some(_) => {}
        None if req.headers().contains_key("transfer-encoding") => {
            // A streamed body: read it within the limit, then hand it on.
            let body = req
                .take_body()
                .into_bytes_limit(MAX_BODY_BYTES)
                .await
                .map_err(|_| too_large())?;
            req.set_body(Body::from(body));
        }
        None => {}
    }
    next.call(req).await
}
