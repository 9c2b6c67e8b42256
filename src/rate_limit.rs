//! Per-client rate limits (tower-governor) and the rule for who the client is.
//!
//! The client is the socket peer, unless `TRUSTED_PROXIES` is N > 0: then it
//! is the N-th `X-Forwarded-For` entry counting from the right, the one our
//! outermost trusted proxy saw. Entries further left are whatever the client
//! chose to send and are never trusted.
//!
//! An IPv6 client is limited by its /64, the block one subscriber gets (a
//! single host can pick any of its 2^64 addresses, so a per-address limit
//! would not limit it); an IPv4 address, and an IPv4-mapped IPv6 one, is
//! limited as itself.

use std::{
    net::{IpAddr, Ipv6Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use axum::{extract::ConnectInfo, http::Request, response::IntoResponse};
use tower_governor::{
    GovernorError, GovernorLayer, governor::GovernorConfigBuilder, key_extractor::KeyExtractor,
};

use crate::{error::ApiError, telemetry::RateLimited};

#[derive(Clone, Copy, Debug)]
pub struct ClientIp {
    pub trusted_proxies: usize,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        let forwarded: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        Ok(rate_key(client_ip(peer, &forwarded, self.trusted_proxies)))
    }
}

/// See the module docs. A header shorter than the proxy chain, or an entry
/// that is not an address, means the request did not come through our
/// proxies as configured: the peer is used.
pub fn client_ip(peer: IpAddr, forwarded: &[&str], trusted_proxies: usize) -> IpAddr {
    if trusted_proxies == 0 || forwarded.len() < trusted_proxies {
        return peer;
    }
    forwarded_address(forwarded[forwarded.len() - trusted_proxies]).unwrap_or(peer)
}

/// An `X-Forwarded-For` entry: an address, optionally with a port as proxies
/// write it (`1.2.3.4:5678`, `[2001:db8::1]:443`), or a bracketed IPv6
/// address without one.
pub fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|inner| inner.parse::<Ipv6Addr>().ok())
                .map(IpAddr::V6)
        })
}

/// The bucket a client address is limited in: its /64 for IPv6, itself for
/// IPv4 (IPv4-mapped IPv6 included).
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX))),
        },
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub per_second: f64,
    pub burst: u32,
}

/// A layer allowing `burst` requests at once per client, refilled at
/// `per_second`; over it, 429 with `Retry-After` and the JSON error body,
/// marked for the HTTP metrics to count as a rejection of its route.
pub fn layer(
    limit: Limit,
    client: ClientIp,
) -> anyhow::Result<GovernorLayer<ClientIp, governor::middleware::NoOpMiddleware, axum::body::Body>>
{
    anyhow::ensure!(
        limit.per_second > 0.0,
        "a rate limit must allow some requests per second"
    );
    let config = GovernorConfigBuilder::default()
        .period(Duration::from_secs_f64(1.0 / limit.per_second))
        .burst_size(limit.burst.max(1))
        .key_extractor(client)
        .finish()
        .ok_or_else(|| anyhow::anyhow!("invalid rate limit {limit:?}"))?;
    let config = Arc::new(config);
    // Forget clients that have been quiet long enough to be back at full burst.
    let limiter = Arc::downgrade(&config);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let Some(config) = limiter.upgrade() else {
                return;
            };
            config.limiter().retain_recent();
        }
    });
    Ok(
        GovernorLayer::new(config).error_handler(|error| match error {
            GovernorError::TooManyRequests { wait_time, .. } => {
                let mut response = ApiError::rate_limited(wait_time.max(1)).into_response();
                response.extensions_mut().insert(RateLimited);
                response
            }
            other => ApiError::internal(other).into_response(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        assert_eq!(client_ip(PEER, &["1.2.3.4"], 0), PEER);
    }

    #[test]
    fn counts_from_the_right_and_ignores_forged_entries() {
        // A client forged "6.6.6.6"; our one proxy appended the real address.
        assert_eq!(client_ip(PEER, &["6.6.6.6", "1.2.3.4"], 1), ip("1.2.3.4"));
        // Two proxies: the outer one appended the client, the inner one the outer.
        assert_eq!(
            client_ip(PEER, &["6.6.6.6", "1.2.3.4", "10.0.0.9"], 2),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn falls_back_to_the_peer_when_the_chain_is_short_or_garbled() {
        assert_eq!(client_ip(PEER, &[], 1), PEER);
        assert_eq!(client_ip(PEER, &["1.2.3.4"], 2), PEER);
        assert_eq!(client_ip(PEER, &["not-an-ip"], 1), PEER);
    }

    #[test]
    fn forwarded_entries_may_carry_a_port_or_brackets() {
        for (entry, expected) in [
            ("1.2.3.4", Some("1.2.3.4")),
            (" 1.2.3.4 ", Some("1.2.3.4")),
            ("1.2.3.4:5678", Some("1.2.3.4")),
            ("2001:db8::1", Some("2001:db8::1")),
            ("[2001:db8::1]", Some("2001:db8::1")),
            ("[2001:db8::1]:443", Some("2001:db8::1")),
            ("::ffff:1.2.3.4", Some("::ffff:1.2.3.4")),
            ("1.2.3.4:", None),
            ("1.2.3.4:99999", None),
            ("[1.2.3.4]", None),
            ("[2001:db8::1", None),
            ("unknown", None),
            ("", None),
        ] {
            assert_eq!(forwarded_address(entry), expected.map(ip), "{entry:?}");
        }
        assert_eq!(
            client_ip(PEER, &["6.6.6.6", "[2001:db8::7]:443"], 1),
            ip("2001:db8::7")
        );
        assert_eq!(client_ip(PEER, &["1.2.3.4:5678"], 1), ip("1.2.3.4"));
    }

    #[test]
    fn ipv6_clients_share_their_64_and_ipv4_stays_whole() {
        for (address, key) in [
            ("1.2.3.4", "1.2.3.4"),
            ("1.2.3.5", "1.2.3.5"),
            ("::ffff:1.2.3.4", "1.2.3.4"),
            ("2001:db8:1:2::1", "2001:db8:1:2::"),
            ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
            ("2001:db8:1:3::1", "2001:db8:1:3::"),
            ("::1", "::"),
        ] {
            assert_eq!(rate_key(ip(address)), ip(key), "{address}");
        }
    }
}
