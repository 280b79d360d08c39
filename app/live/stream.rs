//! One viewer's SSE stream: replayed rows, then live frames from its feed, a heartbeat
//! comment every 15 s (by default), and a `reload` event if it falls too far behind. Ends at shutdown.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::{Frame, Permit};

/// Sent first: how long a browser waits before reconnecting.
const PREAMBLE: &[u8] = b"retry: 2000\n\n";
const PING: &[u8] = b": ping\n\n";
/// Tells the page to load itself again: it missed rows it cannot get back.
const RELOAD: &[u8] = b"event: reload\ndata: \n\n";

type Step = (Bytes, State);

struct State {
    /// Ticks every heartbeat period, for every stream at once (no timer per viewer).
    heartbeat: watch::Receiver<u64>,
    _permit: Permit,
    receiver: broadcast::Receiver<Frame>,
    pending: VecDeque<Bytes>,
    /// The newest id sent, so a row that came by replay and by the feed is sent once.
    last_id: i64,
    shutdown: watch::Receiver<bool>,
    finished: bool,
}

impl State {
    async fn next(mut self) -> Option<Step> {
        if let Some(bytes) = self.pending.pop_front() {
            return Some((bytes, self));
        }
        if self.finished {
            return None;
        }
        loop {
            tokio::select! {
                biased;
                _ = self.shutdown.changed() => return None,
                received = self.receiver.recv() => match received {
                    Ok(frame) if frame.id <= self.last_id => continue,
                    Ok(frame) => {
                        self.last_id = frame.id;
                        return Some((frame.bytes, self));
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        self.finished = true;
                        return Some((Bytes::from_static(RELOAD), self));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                beat = self.heartbeat.changed() => {
                    if beat.is_err() {
                        return None;
                    }
                    return Some((Bytes::from_static(PING), self));
                }
            }
        }
    }
}

/// The body of an SSE response.
pub struct EventStream {
    inner: Pin<Box<dyn Stream<Item = Bytes> + Send>>,
}

impl EventStream {
    pub(super) fn new(
        heartbeat: watch::Receiver<u64>,
        permit: Permit,
        receiver: broadcast::Receiver<Frame>,
        after: Option<i64>,
        replay: Result<Vec<Frame>, ()>,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        let mut pending = VecDeque::from([Bytes::from_static(PREAMBLE)]);
        let mut last_id = after.unwrap_or(0);
        let mut finished = false;
        match replay {
            Ok(frames) => {
                for frame in frames {
                    last_id = frame.id;
                    pending.push_back(frame.bytes);
                }
            }
            Err(()) => {
                pending.push_back(Bytes::from_static(RELOAD));
                finished = true;
            }
        }
        let state = State {
            heartbeat,
            _permit: permit,
            receiver,
            pending,
            last_id,
            shutdown,
            finished,
        };
        EventStream {
            inner: Box::pin(futures_util::stream::unfold(state, State::next)),
        }
    }
}

impl Stream for EventStream {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx).map(|item| item.map(Ok))
    }
}
