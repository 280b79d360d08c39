//! What a request may send: a body of at most 256 KiB that arrives within the body timeout,
//! and text that is valid UTF-8 once percent-decoded (form fields and query strings).
//!
//! poem's `SizeLimit` also refuses every request without a Content-Length, GETs included, so
//! bodies are read here instead: whether or not they declare their length, within the limit
//! and the time, then handed on from memory. Form decoding elsewhere replaces invalid UTF-8
//! with U+FFFD without a word, so a name would be stored mangled; here it is a 400 instead.

use std::time::Duration;

use futures_util::StreamExt;
use poem::http::StatusCode;
use poem::{Body, Endpoint, Error, Request, Response, Result};

use super::AppError;
use crate::i18n::{Lang, Text};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// An oversized body up to this size is read and thrown away before answering, so the client
/// finishes sending and reads a clean 413; beyond it the connection is simply closed.
const DRAIN_BYTES: usize = 4 * 1024 * 1024;

pub async fn check<E: Endpoint<Output = Response>>(
    next: E,
    body_timeout: Duration,
    mut req: Request,
) -> Result<Response> {
    let lang = Lang::of_path(req.uri().path());
    if let Some(query) = req.uri().query()
        && !decodes_as_utf8(query.as_bytes())
    {
        return Err(invalid_text(lang));
    }
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let streamed = req.headers().contains_key("transfer-encoding");
    match declared {
        Some(length) if length > MAX_BODY_BYTES as u64 => {
            // A client waiting for "100 Continue" has sent nothing yet: refuse without asking
            // for the body. Otherwise read it (up to a point) so the answer is a clean 413.
            let waiting = req.headers().contains_key("expect");
            if length <= DRAIN_BYTES as u64 && !waiting {
                let _ = tokio::time::timeout(body_timeout, drain(req.take_body())).await;
            }
            return Err(too_large());
        }
        Some(0) | None if !streamed => {}
        _ => {
            let body = match tokio::time::timeout(body_timeout, read(req.take_body())).await {
                Ok(body) => body?,
                Err(_) => return Err(Error::from_status(StatusCode::REQUEST_TIMEOUT)),
            };
            if is_form(&req) && !decodes_as_utf8(&body) {
                return Err(invalid_text(lang));
            }
            req.set_body(Body::from(body));
        }
    }
    next.call(req).await
}

fn too_large() -> Error {
    Error::from_status(StatusCode::PAYLOAD_TOO_LARGE)
}

fn invalid_text(lang: Lang) -> Error {
    AppError::BadRequest(lang.t(Text::ErrorNotUtf8).to_string()).into()
}

/// Reads a body within the limit (draining a little past it, for a clean 413).
async fn read(body: Body) -> Result<Vec<u8>> {
    let mut stream = body.into_bytes_stream();
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
    Ok(body)
}

/// Reads and discards a body (bounded by its declared length, checked by the caller).
async fn drain(body: Body) {
    let mut stream = body.into_bytes_stream();
    while let Some(Ok(_)) = stream.next().await {}
}

fn is_form(req: &Request) -> bool {
    req.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// Whether every `key=value` of an urlencoded text decodes (`+` and `%XX`) to UTF-8.
fn decodes_as_utf8(encoded: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(encoded.len());
    let mut bytes = encoded.iter().copied();
    while let Some(b) = bytes.next() {
        match b {
            b'&' | b'=' => {
                if std::str::from_utf8(&decoded).is_err() {
                    return false;
                }
                decoded.clear();
            }
            b'%' => {
                let hex = [bytes.next(), bytes.next()];
                match hex {
                    [Some(h), Some(l)] => match (hex_value(h), hex_value(l)) {
                        (Some(h), Some(l)) => decoded.push(h << 4 | l),
                        // Not an escape: taken as it is, like every decoder does.
                        _ => decoded.extend_from_slice(&[b'%', h, l]),
                    },
                    [Some(h), None] => decoded.extend_from_slice(&[b'%', h]),
                    _ => decoded.push(b'%'),
                }
            }
            b'+' => decoded.push(b' '),
            other => decoded.push(other),
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A form body, read as posted, for forms with repeated fields (a group of checkboxes, one
/// select per place) or read as two forms at once; [`FormBody::parse`] gives the fields.
pub struct FormBody(bytes::Bytes);

impl<'a> poem::FromRequest<'a> for FormBody {
    async fn from_request(_req: &'a Request, body: &mut poem::RequestBody) -> Result<Self> {
        Ok(FormBody(body.take()?.into_bytes().await?))
    }
}

impl FormBody {
    /// The fields as `T`; a body no page sends is a 400.
    pub fn parse<T: serde::de::DeserializeOwned>(&self, lang: Lang) -> Result<T, AppError> {
        serde_html_form::from_bytes(&self.0).map_err(|e| {
            tracing::debug!(error = %e, "form body not understood");
            AppError::Invalid(lang.t(Text::ErrorInvalidBody).into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::decodes_as_utf8;

    #[test]
    fn invalid_utf8_in_any_field_is_found() {
        assert!(decodes_as_utf8(b"name=Ann+Roy&email=ann%40example.com"));
        assert!(decodes_as_utf8("name=%C3%89lise&x=é".as_bytes()));
        assert!(decodes_as_utf8(b"a=100%&b=%zz"));
        assert!(!decodes_as_utf8(b"name=%FF"));
        assert!(!decodes_as_utf8(b"name=ok&club=%C3%28"));
        assert!(!decodes_as_utf8(b"%FF=value"));
        // Split across an escape boundary: %C3 alone is not a character.
        assert!(!decodes_as_utf8(b"name=%C3&more=%A9"));
    }
}
