//! Connections: accepting them, the limits each one lives under, and the drain at shutdown.
//!
//! A client that opens a socket and then says nothing, or sends its request a byte a second,
//! must not hold a file descriptor for long: with the open-file limit at 256, 300 silent
//! sockets once made `/up` unreachable. So every connection must start its request within
//! `head` and finish the request head within `head` of starting it (hyper's header timer,
//! which also closes a keep-alive connection that stays idle that long); a request head is
//! at most `max_head_bytes`; a body must arrive within `body` (`web::input`); and a
//! response the client stops reading for `stalled_write` closes the connection. At shutdown
//! each connection finishes its response in flight; whatever is still open when the drain
//! ends is closed.
//!
//! Live streams are recognised by their first bytes and served beside hyper
//! (`web::streams`); everything else is HTTP/1.1 through hyper to the app's endpoint.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use poem::Endpoint;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::streams::{self, SharedEndpoint};

pub use crate::config::ConnectionLimits as Limits;

type ResponseBody = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

/// Where the server is in its life; every connection watches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Serving,
    /// Finish the response in flight, then close.
    Draining,
    /// The drain is over: close now.
    Closing,
}

/// The accepting task; [`Serving::shutdown`] stops it and drains its connections.
pub struct Serving {
    phase: watch::Sender<Phase>,
    task: JoinHandle<()>,
}

/// Accepts connections on `listener` and serves each with `endpoint` until shut down.
pub fn serve(listener: TcpListener, endpoint: SharedEndpoint, limits: Limits) -> Serving {
    let (phase, watching) = watch::channel(Phase::Serving);
    let task = tokio::spawn(accept_loop(listener, endpoint, limits, watching));
    Serving { phase, task }
}

impl Serving {
    /// Stops accepting, lets requests in flight finish (each connection closes after its
    /// current response), waits up to `drain` for the last connection to close, then
    /// closes whatever is still open.
    pub async fn shutdown(self, drain: Duration) {
        let _ = self.phase.send(Phase::Draining);
        let mut task = self.task;
        if tokio::time::timeout(drain, &mut task).await.is_err() {
            tracing::warn!(
                ?drain,
                "connections still open after the drain; closing them"
            );
            let _ = self.phase.send(Phase::Closing);
            if tokio::time::timeout(Duration::from_secs(1), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    endpoint: SharedEndpoint,
    limits: Limits,
    mut phase: watch::Receiver<Phase>,
) {
    // Every connection task holds a sender; when the last is dropped, all have ended.
    let (open, mut all_closed) = mpsc::channel::<()>(1);
    let local = listener.local_addr().ok();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = phase.changed() => break,
        };
        match accepted {
            Ok((socket, remote)) => {
                let connection = Connection {
                    endpoint: endpoint.clone(),
                    limits,
                    local,
                    remote,
                    phase: phase.clone(),
                    _open: open.clone(),
                };
                tokio::spawn(connection.run(socket));
            }
            Err(e) => {
                // Out of file descriptors, most likely: say so, and let some close.
                tracing::warn!(error = %e, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    drop(listener);
    drop(open);
    let _ = all_closed.recv().await;
}

struct Connection {
    endpoint: SharedEndpoint,
    limits: Limits,
    local: Option<SocketAddr>,
    remote: SocketAddr,
    phase: watch::Receiver<Phase>,
    _open: mpsc::Sender<()>,
}

impl Connection {
    async fn run(mut self, socket: TcpStream) {
        let _ = socket.set_nodelay(true);
        // The first request's head must be in within `head` of the connection opening,
        // however its bytes are spread; one that sends nothing is simply closed.
        let deadline = tokio::time::Instant::now() + self.limits.head;
        let opening = tokio::select! {
            opening = streams::first_bytes(&socket, deadline) => opening,
            _ = self.phase.wait_for(|p| *p == Phase::Closing) => return,
        };
        match opening {
            streams::Opening::Nothing => return,
            streams::Opening::Live => {
                let (endpoint, peer) = (self.endpoint.clone(), self.remote.ip());
                streams::serve_live(socket, peer, endpoint, deadline, self.limits).await;
                return;
            }
            streams::Opening::Other => {}
        }
        // What is left of the head time goes to hyper, which gives it to each later request
        // on the connection too: for any client but a crawling one that is nearly all of it.
        let head = deadline
            .saturating_duration_since(tokio::time::Instant::now())
            .max(Duration::from_secs(1));
        let (endpoint, local, remote) = (self.endpoint.clone(), self.local, self.remote);
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let endpoint = endpoint.clone();
            async move {
                let local = match local {
                    Some(addr) => LocalAddr(poem::Addr::SocketAddr(addr)),
                    None => LocalAddr::default(),
                };
                let remote = RemoteAddr(poem::Addr::SocketAddr(remote));
                let request =
                    poem::Request::from((req, local, remote, poem::http::uri::Scheme::HTTP));
                let response = endpoint.get_response(request).await;
                Ok::<_, Infallible>(hyper::Response::<ResponseBody>::from(response))
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(head)
            .max_buf_size(self.limits.max_head_bytes.max(8192))
            .max_headers(self.limits.max_headers);
        let io = TokioIo::new(StalledWrites::new(socket, self.limits.stalled_write));
        let connection = builder.serve_connection(io, service);
        tokio::pin!(connection);
        tokio::select! {
            _ = connection.as_mut() => return,
            _ = self.phase.wait_for(|p| *p != Phase::Serving) => {}
        }
        // Finish the response in flight, then close — or close when the drain is over.
        connection.as_mut().graceful_shutdown();
        tokio::select! {
            _ = connection.as_mut() => {}
            _ = self.phase.wait_for(|p| *p == Phase::Closing) => {}
        }
    }
}

/// A socket whose writes fail with `TimedOut` once one has waited `limit` without the client
/// taking a byte (it stopped reading). Reads have their own limits: hyper's head timer, and
/// the body timeout; a slow handler, during which hyper watches the socket for a hang-up, is
/// no reason to close.
pub struct StalledWrites<S> {
    inner: S,
    limit: Duration,
    /// Armed when a write starts waiting.
    deadline: Pin<Box<tokio::time::Sleep>>,
    waiting: bool,
}

impl<S> StalledWrites<S> {
    pub fn new(inner: S, limit: Duration) -> Self {
        StalledWrites {
            inner,
            limit,
            deadline: Box::pin(tokio::time::sleep(limit)),
            waiting: false,
        }
    }

    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        if !self.waiting {
            self.waiting = true;
            let until = tokio::time::Instant::now() + self.limit;
            self.deadline.as_mut().reset(until);
        }
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn done<T>(&mut self, result: std::io::Result<T>) -> Poll<std::io::Result<T>> {
        self.waiting = false;
        Poll::Ready(result)
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for StalledWrites<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StalledWrites<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Ready(result) => this.done(result),
            Poll::Pending => this.pending(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(result) => this.done(result),
            Poll::Pending => this.pending(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Ready(result) => this.done(result),
            Poll::Pending => this.pending(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Raises this process's open-file soft limit to its hard limit (each connection, live
/// stream and database file holds one) and says what it is now.
pub fn raise_open_file_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    match getrlimit(Resource::RLIMIT_NOFILE) {
        Ok((soft, hard)) if soft < hard => match setrlimit(Resource::RLIMIT_NOFILE, hard, hard) {
            Ok(()) => tracing::info!(from = soft, to = hard, "raised the open-file limit"),
            Err(e) => tracing::warn!(soft, hard, error = %e, "cannot raise the open-file limit"),
        },
        Ok((soft, _)) => tracing::info!(limit = soft, "open-file limit"),
        Err(e) => tracing::warn!(error = %e, "cannot read the open-file limit"),
    }
}
