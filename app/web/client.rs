//! Who is on the other end: the client's address and whether it came over https.
//!
//! Without a proxy that is the TCP peer. Behind a reverse proxy every peer is the proxy, so
//! when — and only when — the peer is one of `CLUBHOUSE_TRUSTED_PROXIES`, the address comes
//! from `X-Forwarded-For` (the rightmost hop that is not itself a trusted proxy: hops to its
//! left were written by the client and may be anything) or else `Forwarded`, and the scheme
//! from `X-Forwarded-Proto` (or `Forwarded: proto=`). From any other peer those headers are
//! ignored. Throttles, live-connection caps, request logs and `/metrics` all use this.

use std::net::IpAddr;

use ipnet::IpNet;
use poem::{Endpoint, Request, Response, Result};

use super::streams::PeerAddr;

/// The client of one request, put in its extensions by [`identify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub ip: IpAddr,
    /// The browser's connection is https (at the proxy, when there is one).
    pub https: bool,
    /// The request came through a trusted proxy.
    pub proxied: bool,
}

impl Client {
    /// The client of `req` (identified by the middleware; the TCP peer if it did not run).
    pub fn of(req: &Request) -> Client {
        match req.extensions().get::<Client>() {
            Some(client) => *client,
            None => Client {
                ip: peer(req).unwrap_or(IpAddr::from([0, 0, 0, 0])),
                https: false,
                proxied: false,
            },
        }
    }
}

/// The TCP peer: poem's remote address, or the live listener's own record of it.
fn peer(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<PeerAddr>()
        .map(|p| p.0)
        .or_else(|| req.remote_addr().as_socket_addr().map(|a| a.ip()))
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's headers.
    pub fn client(&self, peer: IpAddr, headers: &poem::http::HeaderMap) -> Client {
        let peer = canonical(peer);
        let direct = Client {
            ip: peer,
            https: false,
            proxied: false,
        };
        if !self.trusts(peer) {
            return direct;
        }
        let hops = forwarded_for(headers);
        let Some(hops) = hops else {
            return Client {
                https: forwarded_https(headers),
                proxied: true,
                ..direct
            };
        };
        // Walk from the nearest hop outwards; stop at the first we do not trust, or at a hop
        // we cannot read (then the last good one answers).
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.trusts(client) {
                        break;
                    }
                }
                None => break,
            }
        }
        Client {
            ip: client,
            https: forwarded_https(headers),
            proxied: true,
        }
    }
}

/// `::ffff:10.0.0.1` is `10.0.0.1`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The hops of `X-Forwarded-For` (every header line, in order), else of `Forwarded`'s `for=`;
/// `None` when neither is there. A hop that is not an address is `None`.
fn forwarded_for(headers: &poem::http::HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let xff: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| {
            let text = v.to_str().unwrap_or("\u{0}");
            text.split(',')
                .map(|hop| parse_hop(hop.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    if !xff.is_empty() {
        return Some(xff);
    }
    let forwarded: Vec<Option<IpAddr>> = headers
        .get_all("forwarded")
        .iter()
        .flat_map(|v| {
            let text = v.to_str().unwrap_or("\u{0}");
            text.split(',')
                .filter_map(|element| {
                    element.split(';').find_map(|pair| {
                        let (name, value) = pair.trim().split_once('=')?;
                        name.trim()
                            .eq_ignore_ascii_case("for")
                            .then(|| parse_hop(value.trim().trim_matches('"')))
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    (!forwarded.is_empty()).then_some(forwarded)
}

/// `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

fn forwarded_https(headers: &poem::http::HeaderMap) -> bool {
    if let Some(proto) = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        // A chain of proxies may list several: the browser's is the first.
        return proto
            .split(',')
            .next()
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    }
    headers
        .get("forwarded")
        .and_then(|v| v.to_str().ok())
        .and_then(|text| {
            text.split(',').next()?.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("proto")
                    .then(|| value.trim().trim_matches('"').eq_ignore_ascii_case("https"))
            })
        })
        .unwrap_or(false)
}

/// Middleware: identifies the client once, before anything else reads it.
pub async fn identify<E: Endpoint<Output = Response>>(
    next: E,
    proxies: std::sync::Arc<TrustedProxies>,
    mut req: Request,
) -> Result<Response> {
    let client = match peer(&req) {
        Some(peer) => proxies.client(peer, req.headers()),
        None => Client::of(&req),
    };
    req.extensions_mut().insert(client);
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn trusting(list: &str) -> TrustedProxies {
        TrustedProxies(crate::config::networks(list).expect("list"))
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_peer() {
        let proxies = trusting("10.0.0.0/8, 127.0.0.1");
        let spoof = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-proto", "https"),
        ]);
        let direct = proxies.client(ip("203.0.113.9"), &spoof);
        assert_eq!(direct.ip, ip("203.0.113.9"));
        assert!(!direct.https && !direct.proxied);
        let proxied = proxies.client(ip("10.1.2.3"), &spoof);
        assert_eq!(proxied.ip, ip("1.2.3.4"));
        assert!(proxied.https && proxied.proxied);
        // No list, no trust.
        let none = TrustedProxies::default().client(ip("127.0.0.1"), &spoof);
        assert_eq!(none.ip, ip("127.0.0.1"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = trusting("10.0.0.0/8");
        // The client claimed 6.6.6.6; its real address was appended by the proxies.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6, 198.51.100.7"),
            ("x-forwarded-for", "10.0.0.2"),
        ]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h).ip, ip("198.51.100.7"));
        // Every hop trusted: the leftmost is as far as anyone can see.
        let h = headers(&[("x-forwarded-for", "10.9.9.9, 10.0.0.2")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h).ip, ip("10.9.9.9"));
        // Garbage stops the walk at the last hop that could be read.
        let h = headers(&[("x-forwarded-for", "not-an-ip, 10.0.0.2")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h).ip, ip("10.0.0.2"));
        let h = headers(&[("x-forwarded-for", "198.51.100.7:51234")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h).ip, ip("198.51.100.7"));
    }

    #[test]
    fn the_standard_forwarded_header_works_too() {
        let proxies = trusting("::1, 127.0.0.1");
        let h = headers(&[(
            "forwarded",
            r#"for=192.0.2.60;proto=https;by=203.0.113.43, for="[2001:db8:cafe::17]:4711""#,
        )]);
        let client = proxies.client(ip("::1"), &h);
        assert_eq!(client.ip, ip("2001:db8:cafe::17"));
        assert!(client.https);
        // An IPv4 peer written as IPv6 is the same peer.
        let h = headers(&[("x-forwarded-for", "192.0.2.1")]);
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &h).ip,
            ip("192.0.2.1")
        );
    }
}
