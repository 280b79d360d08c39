//! Live streams served beside hyper, not through it.
//!
//! A live stream stays open for hours and carries a few small frames; hyper would keep its
//! per-connection read and write buffers (and its connection task) for all that time. So the
//! listener is wrapped: a connection whose request line is `GET /live…` is read here (one
//! request head, with `httparse`), answered by the same endpoint as every other request
//! (session, CSRF, logging and the live handler all run as usual), and its response is
//! written straight to the socket with `Connection: close` — the body ends when the stream
//! does. Every other connection goes to poem untouched. A viewer that closes its socket is
//! noticed at once, so its slot is free at once.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use poem::endpoint::BoxEndpoint;
use poem::listener::Acceptor;
use poem::web::headers::HeaderName;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Endpoint, Request, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::paths;

/// The longest request head accepted on a live connection.
const MAX_HEAD: usize = 16 * 1024;
/// How long a new connection may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// The client address of a live request (poem's own is not settable from outside).
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub IpAddr);

type Accepted = (TcpStream, LocalAddr, RemoteAddr, poem::http::uri::Scheme);

/// The app's endpoint as the stream server calls it.
pub type SharedEndpoint = Arc<BoxEndpoint<'static, Response>>;

/// An acceptor that keeps live streams for itself and hands every other connection to poem.
pub struct LiveAcceptor {
    local: Vec<LocalAddr>,
    others: mpsc::Receiver<Accepted>,
}

impl LiveAcceptor {
    /// Also returns the accepting task, which ends once poem has dropped the acceptor.
    pub fn new<A>(inner: A, endpoint: SharedEndpoint) -> (Self, tokio::task::JoinHandle<()>)
    where
        A: Acceptor<Io = TcpStream> + 'static,
    {
        let local = inner.local_addr();
        let (others, receiver) = mpsc::channel(1024);
        let task = tokio::spawn(accept_loop(inner, endpoint, others));
        let acceptor = LiveAcceptor {
            local,
            others: receiver,
        };
        (acceptor, task)
    }
}

impl Acceptor for LiveAcceptor {
    type Io = TcpStream;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.local.clone()
    }

    async fn accept(&mut self) -> std::io::Result<Accepted> {
        self.others
            .recv()
            .await
            .ok_or_else(|| std::io::Error::other("the listener has stopped"))
    }
}

async fn accept_loop<A>(mut inner: A, endpoint: SharedEndpoint, others: mpsc::Sender<Accepted>)
where
    A: Acceptor<Io = TcpStream>,
{
    loop {
        let accepted = tokio::select! {
            accepted = inner.accept() => accepted,
            // poem dropped the acceptor: the server has stopped.
            _ = others.closed() => return,
        };
        match accepted {
            Ok(connection) => {
                let (endpoint, others) = (endpoint.clone(), others.clone());
                tokio::spawn(async move {
                    if is_live(&connection.0).await {
                        serve_live(connection, endpoint).await;
                    } else {
                        let _ = others.send(connection).await;
                    }
                });
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Whether the connection's request line starts `GET /live?` or `GET /live `.
async fn is_live(socket: &TcpStream) -> bool {
    let wanted = format!("GET {}", paths::LIVE);
    let mut buf = [0u8; 16];
    for _ in 0..3 {
        let n = match tokio::time::timeout(HEAD_TIMEOUT, socket.peek(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => n,
            _ => return false,
        };
        let seen = &buf[..n];
        if n > wanted.len() {
            return seen.starts_with(wanted.as_bytes())
                && matches!(seen[wanted.len()], b'?' | b' ');
        }
        if !wanted.as_bytes().starts_with(seen) {
            return false;
        }
        // Only part of the request line so far.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

/// Reads one request head; `None` if the client sends nonsense or nothing in time.
async fn read_head(socket: &mut TcpStream) -> Option<Vec<u8>> {
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
            if head.len() > MAX_HEAD {
                return None;
            }
        }
    };
    tokio::time::timeout(HEAD_TIMEOUT, read).await.ok()??;
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

async fn serve_live(connection: Accepted, endpoint: SharedEndpoint) {
    let (mut socket, _, remote, _) = connection;
    let peer = remote.as_socket_addr().map(|a| a.ip());
    let Some(head) = read_head(&mut socket).await else {
        let _ = socket
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            )
            .await;
        return;
    };
    let Some(request) = to_request(&head, peer) else {
        let _ = socket
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            )
            .await;
        return;
    };
    drop(head);
    let response = endpoint.get_response(request).await;
    if socket.write_all(&response_head(&response)).await.is_err() {
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
                        Some(batch) => writer.write_all(&batch).await,
                        None => writer.write_all(&bytes).await,
                    };
                    if sent.is_err() {
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
    let _ = writer.shutdown().await;
}
