//! Who calls the API, how often, and what it cost: the bearer key (never the session
//! cookie), the per-key (or per-address) rate limit with the IETF `RateLimit` headers, and
//! each key's use per day, counted in memory and written in batches.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use poem::http::HeaderValue;
use poem::{Endpoint, IntoResponse, Request, Response};

use super::problem::ApiError;
use crate::clubs::api_keys::{self, Caller, Refusal, Usage};
use crate::db::{Databases, DbError};
use crate::web::{AppState, Client};

/// The length of a rate-limit window.
const WINDOW_SECS: i64 = 60;

/// Requests per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_key: u32,
    pub per_address: u32,
}

/// Who a request comes from.
#[derive(Debug, Clone)]
pub enum Access {
    /// No key: public data only.
    Anonymous,
    Key(Arc<Caller>),
}

impl Access {
    pub fn caller(&self) -> Option<&Caller> {
        match self {
            Access::Key(caller) => Some(caller),
            Access::Anonymous => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Partition {
    Key(i64),
    Address(IpAddr),
    /// Refused keys from one address: a tenth of the address's budget, so guessing (or a
    /// client stuck on a revoked key) cannot keep the key lookups busy.
    Refused(IpAddr),
}

/// One partition's current window.
#[derive(Debug, Clone, Copy)]
struct Window {
    started: i64,
    used: u32,
}

#[derive(Default)]
struct Counts {
    windows: HashMap<Partition, Window>,
    /// When finished windows were last forgotten.
    swept: i64,
    usage: HashMap<(i64, String), Usage>,
}

/// The API's meter, shared by every request.
#[derive(Clone)]
pub struct Meter {
    limits: RateLimits,
    counts: Arc<Mutex<Counts>>,
}

/// What the limiter decided for one request.
struct Admission {
    quota: u32,
    remaining: u32,
    reset: i64,
    allowed: bool,
}

impl Meter {
    pub fn new(limits: RateLimits) -> Self {
        Meter {
            limits,
            counts: Arc::default(),
        }
    }

    fn admit(&self, partition: Partition, now: i64) -> Admission {
        let quota = self.quota(partition);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        // Forget finished windows once a window, so the map stays as big as the active set.
        if now - counts.swept >= WINDOW_SECS {
            counts.windows.retain(|_, w| now - w.started < WINDOW_SECS);
            counts.swept = now;
        }
        let window = counts.windows.entry(partition).or_insert(Window {
            started: now,
            used: 0,
        });
        if now - window.started >= WINDOW_SECS {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        let allowed = window.used < quota;
        if allowed {
            window.used += 1;
        }
        Admission {
            quota,
            remaining: quota - window.used.min(quota),
            reset: (window.started + WINDOW_SECS - now).max(1),
            allowed,
        }
    }

    fn quota(&self, partition: Partition) -> u32 {
        match partition {
            Partition::Key(_) => self.limits.per_key,
            Partition::Address(_) => self.limits.per_address,
            Partition::Refused(_) => (self.limits.per_address / 10).max(10),
        }
    }

    /// Whether `partition`'s window is spent (without counting this request).
    fn spent(&self, partition: Partition, now: i64) -> Option<i64> {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let window = counts.windows.get(&partition)?;
        (now - window.started < WINDOW_SECS && window.used >= self.quota(partition))
            .then(|| (window.started + WINDOW_SECS - now).max(1))
    }

    fn count(&self, key: i64, now: i64, error: bool) {
        let day = chrono::DateTime::from_timestamp(now, 0)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let usage = counts.usage.entry((key, day)).or_default();
        usage.requests += 1;
        usage.errors += i64::from(error);
        usage.last_at = now;
    }

    /// Writes the counts kept since the last flush (one transaction); on failure they are
    /// put back for the next one.
    pub async fn flush(&self, dbs: &Databases) {
        let taken = {
            let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
            std::mem::take(&mut counts.usage)
        };
        if taken.is_empty() {
            return;
        }
        let batch = taken.clone();
        let written = dbs
            .shared
            .write(move |conn| api_keys::record_usage(conn, &batch).map_err(DbError::from))
            .await;
        if let Err(e) = written {
            tracing::warn!(error = %e, "api usage not saved; kept for the next flush");
            let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
            for (k, u) in taken {
                let kept = counts.usage.entry(k).or_default();
                kept.requests += u.requests;
                kept.errors += u.errors;
                kept.last_at = kept.last_at.max(u.last_at);
            }
        }
    }
}

/// The key in `Authorization: Bearer …`: `Ok(None)` without the header.
fn bearer(req: &Request) -> Result<Option<&str>, ApiError> {
    let Some(value) = req.headers().get("authorization") else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("The Authorization header is not text."))?;
    let (scheme, token) = value.split_once(' ').ok_or(ApiError::Unauthorized(
        "Send `Authorization: Bearer <key>`.",
    ))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::Unauthorized(
            "Send `Authorization: Bearer <key>`.",
        ));
    }
    Ok(Some(token.trim()))
}

async fn identify(state: &AppState, req: &Request, now: i64) -> Result<Access, ApiError> {
    let Some(key) = bearer(req)? else {
        return Ok(Access::Anonymous);
    };
    let key = key.to_string();
    let found = state
        .dbs
        .shared
        .read(move |conn| api_keys::authenticate(conn, &key, now).map_err(DbError::from))
        .await?;
    match found {
        Ok(caller) => Ok(Access::Key(Arc::new(caller))),
        Err(Refusal::Malformed) => Err(ApiError::Unauthorized(
            "That is not a Clubhouse key (check for a typo: its checksum does not match).",
        )),
        Err(Refusal::Unknown) => Err(ApiError::Unauthorized("No such key.")),
        Err(Refusal::Revoked) => Err(ApiError::Unauthorized("This key was revoked.")),
        Err(Refusal::Expired) => Err(ApiError::Unauthorized("This key has expired.")),
        Err(Refusal::MakerLeft) => Err(ApiError::Unauthorized(
            "The account that made this key no longer manages the club.",
        )),
    }
}

fn rate_headers(resp: &mut Response, admission: &Admission, name: &str) {
    let policy = format!("\"{name}\";q={};w={WINDOW_SECS}", admission.quota);
    let current = format!("\"{name}\";r={};t={}", admission.remaining, admission.reset);
    for (header, value) in [("ratelimit-policy", policy), ("ratelimit", current)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            resp.headers_mut().insert(header, value);
        }
    }
}

/// Middleware on every `/api/` route: identifies the caller (put in the request's
/// extensions as [`Access`]), applies the rate limit, counts the key's use.
pub async fn meter<E: Endpoint>(next: E, mut req: Request) -> poem::Result<Response> {
    let Some(state) = req.data::<AppState>().cloned() else {
        return Err(ApiError::Internal("api without state".into()).into());
    };
    let now = crate::auth::now();
    let address = Client::of(&req).bucket();
    // An address that sent too many refused keys waits before any key is looked up.
    if let Some(wait) = state.api.spent(Partition::Refused(address), now) {
        return Ok(ApiError::RateLimited {
            retry_after: wait as u64,
        }
        .into_response());
    }
    let access = match identify(&state, &req, now).await {
        Ok(access) => access,
        Err(e) => {
            if matches!(e, ApiError::Unauthorized(_)) {
                state.api.admit(Partition::Refused(address), now);
            }
            return Ok(e.into_response());
        }
    };
    let (partition, name) = match &access {
        Access::Key(caller) => (Partition::Key(caller.key), "key"),
        Access::Anonymous => (Partition::Address(address), "address"),
    };
    let admission = state.api.admit(partition, now);
    let key = access.caller().map(|c| (c.key, c.club.id.get()));
    let mut resp = if admission.allowed {
        req.extensions_mut().insert(access);
        let path = req.uri().path().to_string();
        match next.call(req).await {
            Ok(resp) => resp.into_response(),
            Err(err) => super::problem::render(&err, &path),
        }
    } else {
        ApiError::RateLimited {
            retry_after: admission.reset as u64,
        }
        .into_response()
    };
    let error = resp.status().is_client_error() || resp.status().is_server_error();
    if let Some((id, club)) = key {
        state.api.count(id, now, error);
        metrics::counter!(
            "clubhouse_api_requests_total",
            "club_id" => club.to_string(),
            "key" => id.to_string(),
            "outcome" => if error { "error" } else { "ok" },
        )
        .increment(1);
    }
    rate_headers(&mut resp, &admission, name);
    Ok(resp)
}
