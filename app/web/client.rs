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
    /// The address that stands for this client in throttles and connection caps: itself for
    /// IPv4, its /64 for IPv6 (one subscriber usually holds a whole /64, so counting single
    /// IPv6 addresses would give anyone endless budgets).
    pub fn bucket(&self) -> IpAddr {
        match self.ip {
            IpAddr::V6(v6) => {
                let segments = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(
                    segments[0],
                    segments[1],
                    segments[2],
                    segments[3],
                    0,
                    0,
                    0,
                    0,
                ))
            }
            v4 => v4,
        }
    }

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

pub use crate::config::ForwardedHeader;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    pub nets: Vec<IpNet>,
    pub header: ForwardedHeader,
}

impl TrustedProxies {
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|net| net.contains(&ip))
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
        let hops = match self.header {
            ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
            ForwardedHeader::Forwarded => forwarded_for(headers),
        };
        let https = forwarded_https(headers, self.header);
        let Some(hops) = hops else {
            return Client {
                https,
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
            https,
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

/// The hops of `X-Forwarded-For` (every header line, in order); `None` when it is not there.
/// A hop that is not an address is `None`.
fn x_forwarded_for(headers: &poem::http::HeaderMap) -> Option<Vec<Option<IpAddr>>> {
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
    (!xff.is_empty()).then_some(xff)
}

/// The hops of `Forwarded`'s `for=` parameters, in order; `None` when it is not there.
fn forwarded_for(headers: &poem::http::HeaderMap) -> Option<Vec<Option<IpAddr>>> {
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

/// Whether the browser's connection to the proxy was https, from the proxy's own (last)
/// entry: earlier ones may have come from the client.
fn forwarded_https(headers: &poem::http::HeaderMap, header: ForwardedHeader) -> bool {
    let https = |value: &str| value.trim().trim_matches('"').eq_ignore_ascii_case("https");
    match header {
        ForwardedHeader::XForwardedFor => headers
            .get_all("x-forwarded-proto")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .is_some_and(https),
        ForwardedHeader::Forwarded => headers
            .get_all("forwarded")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .and_then(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("proto")
                        .then(|| https(value))
                })
            })
            .unwrap_or(false),
    }
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
        TrustedProxies {
            nets: crate::config::networks(list).expect("list"),
            header: ForwardedHeader::XForwardedFor,
        }
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
        let proxies = TrustedProxies {
            header: ForwardedHeader::Forwarded,
            ..trusting("::1, 127.0.0.1")
        };
        let h = headers(&[(
            "forwarded",
            r#"for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711";proto=https"#,
        )]);
        let client = proxies.client(ip("::1"), &h);
        assert_eq!(client.ip, ip("2001:db8:cafe::17"));
        assert!(client.https);
        // Only the configured header counts: an X-Forwarded-For the client sent through a
        // proxy that writes Forwarded is ignored.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("forwarded", "for=192.0.2.1"),
        ]);
        assert_eq!(
            proxies.client(ip("::ffff:127.0.0.1"), &h).ip,
            ip("192.0.2.1"),
            "an IPv4 peer written as IPv6 is the same peer"
        );
    }

    #[test]
    fn the_scheme_is_the_proxys_own_and_ipv6_clients_count_by_their_64() {
        let proxies = trusting("10.0.0.0/8");
        // The client sent "https"; the proxy appended the truth.
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-proto", "https, http"),
        ]);
        assert!(!proxies.client(ip("10.0.0.1"), &h).https);
        let h = headers(&[("x-forwarded-for", "2001:db8:1:2:aaaa::1")]);
        let client = proxies.client(ip("10.0.0.1"), &h);
        assert_eq!(client.bucket(), ip("2001:db8:1:2::"));
        let v4 = proxies.client(ip("203.0.113.5"), &HeaderMap::new());
        assert_eq!(v4.bucket(), ip("203.0.113.5"));
    }
}
