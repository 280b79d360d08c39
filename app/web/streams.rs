//! Live streams served beside hyper, not through it.
//!
//! A live stream stays open for hours and carries a few small frames; hyper would keep its
//! per-connection read and write buffers (and its connection task) for all that time. So a
//! connection whose request line is `GET /live…` is read here (one request head, with
//! `httparse`, within the head timeout), answered by the same endpoint as every other
//! request (session, CSRF, logging and the live handler all run as usual), and its response
//! is written straight to the socket with `Connection: close` — the body ends when the
//! stream does. `web::connections` hands every other connection to hyper. A viewer that
//! closes its socket is noticed at once, so its slot is free at once.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use poem::endpoint::BoxEndpoint;
use poem::web::headers::HeaderName;
use poem::{Endpoint, Request, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::connections::Limits;
use super::paths;

/// The client address of a live request (poem's own is not settable from outside).
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub IpAddr);

/// The app's endpoint as the connections call it.
pub type SharedEndpoint = Arc<BoxEndpoint<'static, Response>>;

/// What a new connection's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// Nothing arrived within the head timeout, or the client closed.
    Nothing,
    /// `GET /live?…`: a live stream.
    Live,
    Other,
}

/// Waits until `deadline` for the first bytes, and tells a live stream's request line
/// (`GET /live?` or `GET /live `) from anything else.
pub async fn first_bytes(socket: &TcpStream, deadline: Instant) -> Opening {
    let wanted = format!("GET {}", paths::LIVE);
    let mut buf = [0u8; 16];
    loop {
        let n = match tokio::time::timeout_at(deadline, socket.peek(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => n,
            _ => return Opening::Nothing,
        };
        let seen = &buf[..n];
        if n > wanted.len() {
            let live =
                seen.starts_with(wanted.as_bytes()) && matches!(seen[wanted.len()], b'?' | b' ');
            return if live { Opening::Live } else { Opening::Other };
        }
        if !wanted.as_bytes().starts_with(seen) {
            return Opening::Other;
        }
        // Only part of the request line so far: look again shortly (a peek does not wait
        // for more bytes than it has already seen).
        if Instant::now() + Duration::from_millis(5) >= deadline {
            return Opening::Nothing;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Reads one request head by `deadline`; `None` if the client sends nonsense or not in time.
async fn read_head(socket: &mut TcpStream, deadline: Instant, limits: Limits) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let read = async {
        loop {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            head.extend_from_slice(&chunk[..n]);
            if head.windows(4).any(|w| w == b"\r\n\r\n") {
                return Some(());
            }
            if head.len() > limits.max_head_bytes {
                return None;
            }
        }
    };
    tokio::time::timeout_at(deadline, read).await.ok()??;
    Some(head)
}

fn to_request(head: &[u8], peer: Option<IpAddr>) -> Option<Request> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    if !parsed.parse(head).ok()?.is_complete() || parsed.method != Some("GET") {
        return None;
    }
    let mut builder = Request::builder()
        .method(poem::http::Method::GET)
        .uri(parsed.path?.parse::<poem::http::Uri>().ok()?);
    for header in parsed.headers.iter() {
        let name = HeaderName::from_bytes(header.name.as_bytes()).ok()?;
        let value = poem::http::HeaderValue::from_bytes(header.value).ok()?;
        builder = builder.header(name, value);
    }
    let mut request = builder.finish();
    if let Some(ip) = peer {
        request.extensions_mut().insert(PeerAddr(ip));
    }
    Some(request)
}

fn response_head(response: &Response) -> Vec<u8> {
    let status = response.status();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .into_bytes();
    for (name, value) in response.headers() {
        if name == "connection" || name == "content-length" || name == "transfer-encoding" {
            continue;
        }
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"connection: close\r\n\r\n");
    head
}

/// Serves one live stream on `socket` from the peer at `peer`, whose request head must be
/// in by `deadline`.
pub async fn serve_live(
    mut socket: TcpStream,
    peer: IpAddr,
    endpoint: SharedEndpoint,
    deadline: Instant,
    limits: Limits,
) {
    let Some(head) = read_head(&mut socket, deadline, limits).await else {
        let _ = socket
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            )
            .await;
        return;
    };
    let Some(request) = to_request(&head, Some(peer)) else {
        let _ = socket
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            )
            .await;
        return;
    };
    drop(head);
    let response = endpoint.get_response(request).await;
    // A viewer that stops reading would hold its socket (and its slot) for ever: every
    // write must go through within `stalled_write`.
    let stall = limits.stalled_write;
    let written = tokio::time::timeout(stall, socket.write_all(&response_head(&response))).await;
    if !matches!(written, Ok(Ok(()))) {
        return;
    }
    let mut body = response.into_body().into_bytes_stream();
    let (mut reader, mut writer) = socket.split();
    let mut scratch = [0u8; 64];
    loop {
        tokio::select! {
            chunk = body.next() => match chunk {
                Some(Ok(bytes)) => {
                    // Frames published together (a score change is several fragments) go
                    // out in one write: on loopback and busy boxes the send itself, not the
                    // bytes, is what a viewer costs.
                    let mut more = None;
                    while let Some(Some(Ok(next))) = body.next().now_or_never() {
                        more.get_or_insert_with(|| bytes::BytesMut::from(&bytes[..]))
                            .extend_from_slice(&next);
                    }
                    let sent = match more {
                        Some(batch) => tokio::time::timeout(stall, writer.write_all(&batch)).await,
                        None => tokio::time::timeout(stall, writer.write_all(&bytes)).await,
                    };
                    if !matches!(sent, Ok(Ok(()))) {
                        return;
                    }
                }
                _ => break,
            },
            // The viewer went away (or sent something it should not have): stop.
            read = reader.read(&mut scratch) => {
                if matches!(read, Ok(0) | Err(_)) {
                    return;
                }
            }
        }
    }
    let _ = tokio::time::timeout(stall, writer.shutdown()).await;
}
