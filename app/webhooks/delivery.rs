//! Delivering one message to one endpoint: signed, 15 s at most, redirects not followed,
//! never to a private, loopback or link-local address (unless the operator allows it), each
//! attempt logged; failures retried on a schedule over about a day, and an endpoint failing
//! for three days (or answering 410 Gone) is turned off and its club's owners are told.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;

use super::{Endpoint, endpoint, signing};
use crate::clubs::{self, Role};
use crate::db::tenant::{OrgScope, webhook_deliveries, webhook_endpoints, webhook_messages};
use crate::db::{Databases, DbError, OrgId};
use crate::i18n::Text;
use crate::jobs::queue::now_ms;
use crate::jobs::{Job, Jobs, NewJob};
use crate::mail::{Email, Message};

/// The wait before each retry (after the first attempt): about 27 hours in all.
pub const SCHEDULE: [Duration; 7] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 60 * 60),
    Duration::from_secs(5 * 60 * 60),
    Duration::from_secs(10 * 60 * 60),
    Duration::from_secs(10 * 60 * 60),
];
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// An endpoint failing this long is turned off.
pub const DISABLE_AFTER_SECS: i64 = 3 * 24 * 60 * 60;
/// What the log keeps of a response body.
const KEEP_BYTES: usize = 1024;

/// How deliveries are made on this server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `CLUBHOUSE_WEBHOOK_ALLOW_PRIVATE`: deliver to private and loopback addresses too.
    pub allow_private: bool,
    /// The waits before each retry.
    pub schedule: Vec<Duration>,
    /// The server's public address, for the link in the email to owners.
    pub public_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            allow_private: false,
            schedule: SCHEDULE.to_vec(),
            public_url: None,
        }
    }
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (18..20).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 224)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            let embedded = |hi: u16, lo: u16| {
                IpAddr::V4(std::net::Ipv4Addr::new(
                    (hi >> 8) as u8,
                    hi as u8,
                    (lo >> 8) as u8,
                    lo as u8,
                ))
            };
            // NAT64 (64:ff9b::/96), 6to4 (2002::/16) and IPv4-compatible (::/96) addresses
            // reach the IPv4 address inside them.
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || s[..6] == [0; 6] {
                return is_public(embedded(s[6], s[7]));
            }
            if s[0] == 0x2002 {
                return is_public(embedded(s[1], s[2]));
            }
            let first = s[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xff00) == 0xff00)
        }
    }
}

/// An endpoint URL as the form takes it: `https://` (or `http://`), a host, and no literal
/// private address unless allowed. Names are checked again when resolved, at each delivery.
pub fn check_url(url: &str, allow_private: bool) -> Result<(), Text> {
    if url.chars().count() > super::URL_MAX_CHARS {
        return Err(Text::WebhookUrlInvalid);
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| Text::WebhookUrlInvalid)?;
    let private = match parsed.host() {
        None => return Err(Text::WebhookUrlInvalid),
        Some(url::Host::Ipv4(ip)) => !is_public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => !is_public(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost") || name.ends_with(".internal")
        }
    };
    if private && !allow_private {
        return Err(Text::WebhookUrlPrivate);
    }
    // Plain http only where the operator allows private addresses (a closed network).
    let scheme_ok = parsed.scheme() == "https" || (parsed.scheme() == "http" && allow_private);
    if !scheme_ok || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Text::WebhookUrlInvalid);
    }
    Ok(())
}

/// Resolves names to public addresses only: a name that points inside (or is made to, by
/// DNS rebinding, after the form checked it) is refused at connection time.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// The client deliveries use.
pub fn client(settings: &Settings) -> Result<reqwest::Client, reqwest::Error> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        // A proxy would resolve the name itself, past the public-address check.
        .no_proxy()
        .user_agent("Clubhouse-Webhooks/1");
    if !settings.allow_private {
        builder = builder.dns_resolver(Arc::new(PublicOnly));
    }
    builder.build()
}

/// What an attempt came to.
struct Attempt {
    status: Option<u16>,
    error: Option<String>,
    response: String,
    retry_after: Option<u64>,
    duration_ms: i64,
}

impl Attempt {
    fn ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

async fn post(
    http: &reqwest::Client,
    settings: &Settings,
    endpoint: &Endpoint,
    id: &str,
    body: &str,
) -> Attempt {
    let started = Instant::now();
    let now = crate::auth::now();
    let signature = signing::header(&endpoint.signing_secrets(now), id, now, body.as_bytes());
    let refused = check_url(&endpoint.url, settings.allow_private).err();
    let sent = match refused {
        Some(_) => Err("the URL points to a private address".to_string()),
        None => http
            .post(&endpoint.url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", now.to_string())
            .header("webhook-signature", signature)
            .body(body.to_string())
            .send()
            .await
            .map_err(describe),
    };
    let mut attempt = Attempt {
        status: None,
        error: None,
        response: String::new(),
        retry_after: None,
        duration_ms: 0,
    };
    match sent {
        Ok(mut resp) => {
            let status = resp.status();
            attempt.status = Some(status.as_u16());
            attempt.retry_after = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            let mut head = format!("HTTP {status}\n");
            for (name, value) in resp.headers().iter().take(20) {
                head.push_str(&format!("{name}: {}\n", value.to_str().unwrap_or("…")));
            }
            let mut kept = Vec::new();
            while kept.len() < KEEP_BYTES {
                match resp.chunk().await {
                    Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
                    Ok(None) => break,
                    Err(e) => {
                        attempt.error = Some(describe(e));
                        break;
                    }
                }
            }
            kept.truncate(KEEP_BYTES);
            head.push('\n');
            head.push_str(&String::from_utf8_lossy(&kept));
            attempt.response = head;
        }
        Err(e) => attempt.error = Some(e),
    }
    attempt.duration_ms = started.elapsed().as_millis() as i64;
    attempt
}

fn describe(e: reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_redirect() {
        "redirect"
    } else {
        "request"
    };
    let mut text = format!("{kind}: {e}");
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

/// One attempt of the `DeliverWebhook` job.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    dbs: &Arc<Databases>,
    http: &reqwest::Client,
    settings: &Settings,
    org: i64,
    endpoint_id: i64,
    message: i64,
    attempt: i64,
    manual: bool,
) -> Result<(), String> {
    let org = OrgId(org);
    let Some(club) = dbs
        .shared
        .read(move |conn| clubs::by_id(conn, org).map_err(DbError::from))
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(()); // The club was deleted since.
    };
    let Some(db) = dbs.sport(club.sport) else {
        return Ok(());
    };
    let scope = OrgScope::new(org);
    let found = db
        .read(move |conn| -> Result<_, DbError> {
            let endpoint = endpoint(conn, &scope, endpoint_id)?;
            let body: Option<String> = webhook_messages::of(&scope)
                .filter(webhook_messages::id.eq(message))
                .select(webhook_messages::body)
                .first(conn)
                .optional()?;
            Ok((endpoint, body))
        })
        .await
        .map_err(|e| e.to_string())?;
    let (Some(endpoint), Some(body)) = found else {
        return Ok(()); // Removed since.
    };
    if endpoint.disabled_at.is_some() && !manual {
        return Ok(());
    }
    // The same id on every attempt; never user text (and no full stop).
    let id = format!("msg_{}_{message}", club.sport.as_str());
    let result = post(http, settings, &endpoint, &id, &body).await;
    let now = crate::auth::now();
    let retry = (!manual && !result.ok())
        .then(|| settings.schedule.get(attempt as usize - 1))
        .flatten()
        .map(|wait| {
            let asked = Duration::from_secs(result.retry_after.unwrap_or(0).min(24 * 60 * 60));
            now_ms() + (*wait).max(asked).as_millis() as i64
        });
    let gone = result.status == Some(410);
    let (ok, started) = (result.ok(), now_ms() - result.duration_ms);
    let disabled = db
        .write(move |conn| -> Result<Option<String>, DbError> {
            webhook_deliveries::insert(
                &scope,
                (
                    webhook_deliveries::endpoint_id.eq(endpoint_id),
                    webhook_deliveries::message_id.eq(message),
                    webhook_deliveries::attempt.eq(attempt),
                    webhook_deliveries::trigger.eq(if manual { "manual" } else { "scheduled" }),
                    webhook_deliveries::started_at.eq(started),
                    webhook_deliveries::duration_ms.eq(result.duration_ms),
                    webhook_deliveries::status_code.eq(result.status.map(i64::from)),
                    webhook_deliveries::error.eq(&result.error),
                    webhook_deliveries::response.eq(&result.response),
                    webhook_deliveries::next_attempt_at.eq(retry),
                ),
            )
            .execute(conn)?;
            let this = webhook_endpoints::of(&scope).filter(webhook_endpoints::id.eq(endpoint_id));
            if ok {
                diesel::update(this)
                    .set(webhook_endpoints::failing_since.eq(None::<i64>))
                    .execute(conn)?;
                return Ok(None);
            }
            let since = endpoint.failing_since.unwrap_or(now);
            diesel::update(this)
                .set(webhook_endpoints::failing_since.eq(Some(since)))
                .execute(conn)?;
            let why = if gone {
                Some("the endpoint answered 410 Gone".to_string())
            } else if now - since >= DISABLE_AFTER_SECS && endpoint.disabled_at.is_none() {
                Some("every delivery failed for three days".to_string())
            } else {
                None
            };
            if let Some(why) = &why {
                let turned_off =
                    diesel::update(this.filter(webhook_endpoints::disabled_at.is_null()))
                        .set((
                            webhook_endpoints::disabled_at.eq(Some(now)),
                            webhook_endpoints::disabled_why.eq(Some(why)),
                        ))
                        .execute(conn)?;
                // Already off (a redelivery by hand): the owners were told then.
                if turned_off == 0 {
                    return Ok(None);
                }
            }
            Ok(why)
        })
        .await
        .map_err(|e| e.to_string())?;
    let jobs = Jobs::new(dbs.clone());
    if let Some(why) = disabled {
        tracing::warn!(club = %club.slug, endpoint = endpoint_id, %why, "webhook endpoint turned off");
        let base = settings
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/');
        tell_owners(dbs, &jobs, &club, &endpoint.url, &why, base).await?;
    } else if let Some(at) = retry {
        let next = Job::DeliverWebhook {
            org: org.get(),
            endpoint: endpoint_id,
            message,
            attempt: attempt + 1,
            manual: false,
        };
        jobs.enqueue_new(NewJob::now(next).at(at))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn tell_owners(
    dbs: &Arc<Databases>,
    jobs: &Jobs,
    club: &clubs::Club,
    url: &str,
    why: &str,
    base: &str,
) -> Result<(), String> {
    let org = club.id;
    let owners = dbs
        .shared
        .read(move |conn| clubs::members::list(conn, org).map_err(DbError::from))
        .await
        .map_err(|e| e.to_string())?;
    let link = format!(
        "{base}{}",
        crate::web::paths::webhooks(crate::i18n::Lang::En, &club.slug)
    );
    for owner in owners.into_iter().filter(|m| m.role == Role::Owner) {
        let email = Email {
            to: owner.email,
            lang: "en".into(),
            message: Message::WebhookDisabled {
                club: club.name.clone(),
                url: url.to_string(),
                why: why.to_string(),
                link: link.clone(),
            },
        };
        jobs.enqueue(Job::SendEmail(email))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Queues one more attempt of `message` to `endpoint` now, by hand (not retried).
pub async fn redeliver(
    jobs: &Jobs,
    org: OrgId,
    endpoint: i64,
    message: i64,
) -> Result<(), DbError> {
    jobs.enqueue(Job::DeliverWebhook {
        org: org.get(),
        endpoint,
        message,
        attempt: 1,
        manual: true,
    })
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(is_public(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("https://hooks.example.com/clubhouse", false).is_ok());
        assert!(check_url("http://hooks.example.com/clubhouse", true).is_ok());
        for bad in [
            "ftp://example.com",
            "not a url",
            "https://user:pw@example.com/",
            "https://:pw@example.com/",
            "https://",
            "http://hooks.example.com/",
        ] {
            assert_eq!(check_url(bad, false), Err(Text::WebhookUrlInvalid), "{bad}");
        }
        for private in [
            "http://127.0.0.1:9000/",
            "https://localhost/",
            "http://[::1]/",
            "http://169.254.169.254/",
            "https://[64:ff9b::a00:1]/",
            "https://[2002:a00:1::]/",
            "https://198.18.0.1/",
        ] {
            assert_eq!(
                check_url(private, false),
                Err(Text::WebhookUrlPrivate),
                "{private}"
            );
            assert!(check_url(private, true).is_ok(), "{private}");
        }
    }
}
