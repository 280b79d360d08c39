//! Refuses request bodies over a limit with 413, whether or not they declare their length.
//! (poem's `SizeLimit` also refuses every request without a Content-Length, GETs included.)

use futures_util::StreamExt;
use poem::http::StatusCode;
use poem::{Body, Endpoint, Error, Request, Response, Result};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// An oversized body up to this size is read and thrown away before answering, so the client
/// finishes sending and reads a clean 413; beyond it the connection is simply closed.
const DRAIN_BYTES: usize = 4 * 1024 * 1024;

pub async fn limit<E: Endpoint<Output = Response>>(next: E, mut req: Request) -> Result<Response> {
    let too_large = || Error::from_status(StatusCode::PAYLOAD_TOO_LARGE);
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > MAX_BODY_BYTES as u64 => {
            if length <= DRAIN_BYTES as u64 {
                drain(req.take_body()).await;
            }
            return Err(too_large());
        }
        Some(_) => {}
        None if req.headers().contains_key("transfer-encoding") => {
            // A streamed body: read it within the limit, then hand it on.
            let mut stream = req.take_body().into_bytes_stream();
            let mut body = Vec::new();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|_| Error::from_status(StatusCode::BAD_REQUEST))?;
                body.extend_from_slice(&chunk);
                if body.len() > MAX_BODY_BYTES {
                    let mut seen = body.len();
                    while let Some(Ok(chunk)) = stream.next().await {
                        seen += chunk.len();
                        if seen > DRAIN_BYTES {
                            break;
                        }
                    }
                    return Err(too_large());
                }
            }
            req.set_body(Body::from(body));
        }
        None => {}
    }
    next.call(req).await
}

/// Reads and discards a body (bounded by its declared length, checked by the caller).
async fn drain(body: Body) {
    let mut stream = body.into_bytes_stream();
    while let Some(Ok(_)) = stream.next().await {}
}
