//! Deliveries: the exact request the real server would send for an event, signed with the
//! endpoint's secret, and what the sandbox decides became of it. The sandbox makes no
//! outbound call; the outcome depends on the URL alone (`outcome`), so tests and demos
//! can produce failures on purpose.

use hmac::{Hmac, Mac};
use rusqlite::Connection;
use serde::Serialize;
use sha2::Sha256;
use webhook_rules::instavm::paths::{EVENT_ID_HEADER, SIGNATURE_HEADER};
use webhook_rules::instavm::wire::{Delivery, Endpoint, RecordedRequest};

use crate::common::clock;
use crate::common::crypto::DataKey;
use crate::instavm::error::ApiError;
use crate::instavm::queries::{self, Recorded};
use crate::instavm::time;
use webhook_rules::instavm::signature::{header_value, signed_payload};

/// inferred: how the server names itself.
pub const USER_AGENT: &str = "InstaVM-Webhooks/1.0";
/// The event type of `POST .../test`.
pub const TEST_EVENT_TYPE: &str = "webhook.test";
/// inferred: the event type of the challenge `POST .../verify` sends.
pub const VERIFY_EVENT_TYPE: &str = "webhook.verification";

/// inferred: the body of every delivery, `{id, event_type, created_at, data}`, as compact
/// JSON in that order.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub id: String,
    pub event_type: String,
    pub created_at: String,
    pub data: serde_json::Value,
}

impl Event {
    pub fn new(event_type: &str, data: serde_json::Value) -> Self {
        Self {
            // inferred: `evt_` and 32 hex digits.
            id: format!("evt_{}", uuid::Uuid::new_v4().simple()),
            event_type: event_type.to_owned(),
            created_at: time::now(),
            data,
        }
    }

    /// inferred: what `POST .../test` sends.
    pub fn test(endpoint_id: &str) -> Self {
        Self::new(
            TEST_EVENT_TYPE,
            serde_json::json!({
                "endpoint_id": endpoint_id,
                "message": "This is a test event from InstaVM.",
            }),
        )
    }

    /// inferred: the challenge `POST .../verify` sends: a random value the receiver
    /// would echo to pass.
    pub fn challenge(endpoint_id: &str) -> Self {
        Self::new(
            VERIFY_EVENT_TYPE,
            serde_json::json!({
                "endpoint_id": endpoint_id,
                "challenge": uuid::Uuid::new_v4().simple().to_string(),
            }),
        )
    }

    pub fn body(&self) -> String {
        serde_json::to_string(self).expect("an event serializes")
    }

    /// This event, to be sent for the first time.
    pub fn outgoing(&self) -> Outgoing<'_> {
        Outgoing {
            event_type: &self.event_type,
            event_id: &self.id,
            body: self.body(),
            replay_of: None,
        }
    }
}

/// What one delivery sends: the event's type and id, the exact body, and the delivery it
/// replays, if any.
pub struct Outgoing<'a> {
    pub event_type: &'a str,
    pub event_id: &'a str,
    pub body: String,
    pub replay_of: Option<String>,
}

/// What became of an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The endpoint answered with this 2xx status.
    Delivered(i64),
    /// The request could not be made, for this reason.
    Failed(String),
}

/// inferred, and deterministic, since the sandbox sends nothing:
/// - a URL that is not `http://` or `https://` with a host fails: `invalid URL`;
/// - a host under `.invalid` (RFC 2606: never resolves) fails:
///   `could not resolve host: <host>`;
/// - any other URL succeeds: the endpoint answered 200.
pub fn outcome(url: &str) -> Outcome {
    match host(url) {
        None => Outcome::Failed("invalid URL".to_owned()),
        Some(host) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            if name == "invalid" || name.ends_with(".invalid") {
                Outcome::Failed(format!("could not resolve host: {host}"))
            } else {
                Outcome::Delivered(200)
            }
        }
    }
}

/// The host of an `http(s)://` URL, or `None` when it has none (or is no such URL).
fn host(url: &str) -> Option<&str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &url[scheme_end + 3..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    // Credentials in the URL are not part of the host.
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        &host_port[..=host_port.find(']')?]
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    (!host.is_empty()).then_some(host)
}

/// `InstaVM-Signature`'s value: `t=<t>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(&signed_payload(t, body));
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    header_value(t, &hex)
}

/// Sends (records) `out` to `endpoint` once, signed now with its current secret, and
/// updates the endpoint's delivery state. The user keeps the newest
/// `limits::DELIVERIES_PER_OWNER` deliveries; older ones are pruned here.
pub fn deliver(
    conn: &Connection,
    key: &DataKey,
    endpoint: &Endpoint,
    out: Outgoing,
) -> Result<Recorded, ApiError> {
    let recorded = record(conn, key, endpoint, out)?;
    let d = &recorded.delivery;
    queries::record_attempt(conn, &endpoint.id, &d.created_at, d.last_error.as_deref())?;
    Ok(recorded)
}

/// Sends (records) `out` to `endpoint` as [`deliver`] does, but leaves the endpoint's
/// delivery state (last delivery, last error, consecutive failures) as it is.
pub fn record(
    conn: &Connection,
    key: &DataKey,
    endpoint: &Endpoint,
    out: Outgoing,
) -> Result<Recorded, ApiError> {
    let Outgoing {
        event_type,
        event_id,
        body,
        replay_of,
    } = out;
    let secret = queries::endpoint_secret(conn, key, &endpoint.id)?;
    let t = clock::unix_now();
    let at = time::now();
    let headers = vec![
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("User-Agent".to_owned(), USER_AGENT.to_owned()),
        (EVENT_ID_HEADER.to_owned(), event_id.to_owned()),
        (
            SIGNATURE_HEADER.to_owned(),
            sign(&secret, t, body.as_bytes()),
        ),
    ];
    let (status, response_status, error) = match outcome(&endpoint.url) {
        Outcome::Delivered(code) => ("succeeded", Some(code), None),
        Outcome::Failed(reason) => ("failed", None, Some(reason)),
    };
    let id = uuid::Uuid::new_v4().to_string();
    let recorded = Recorded {
        delivery: Delivery {
            id: id.clone(),
            endpoint_id: endpoint.id.clone(),
            event_type: event_type.to_owned(),
            status: status.to_owned(),
            // inferred: one attempt, made at once; the sandbox does not retry by itself
            // (`max_retries` is kept, not simulated): a replay is the next attempt.
            attempt_count: 1,
            created_at: at.clone(),
            response_status,
            last_error: error.clone(),
            last_attempt_at: Some(at.clone()),
            replay_of,
        },
        event_id: event_id.to_owned(),
        request: RecordedRequest {
            delivery_id: id,
            url: endpoint.url.clone(),
            headers,
            body,
        },
    };
    queries::insert_delivery(conn, endpoint.user_id, &recorded)?;
    queries::prune_deliveries(conn, endpoint.user_id)?;
    Ok(recorded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decides_outcomes_from_the_url() {
        let failed = |s: &str| Outcome::Failed(s.to_owned());
        assert_eq!(outcome("https://example.com/hook"), Outcome::Delivered(200));
        assert_eq!(
            outcome("HTTP://u:p@example.com:8080"),
            Outcome::Delivered(200)
        );
        assert_eq!(outcome("http://[::1]:80/x"), Outcome::Delivered(200));
        for bad in [
            "",
            " ",
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///x",
            "https://exa mple.com",
        ] {
            assert_eq!(outcome(bad), failed("invalid URL"), "{bad:?}");
        }
        assert_eq!(
            outcome("https://hooks.Example.INVALID./x"),
            failed("could not resolve host: hooks.Example.INVALID.")
        );
        assert_eq!(
            outcome("https://invalid.example.com"),
            Outcome::Delivered(200)
        );
    }

    #[test]
    fn signs_as_documented() {
        // HMAC-SHA256(key "whsec_test", "1700000000.{}"), computed with Python's hmac.
        assert_eq!(
            sign("whsec_test", 1_700_000_000, b"{}"),
            "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }
}
