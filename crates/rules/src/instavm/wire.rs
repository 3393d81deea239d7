//! InstaVM's JSON shapes, as its OpenAPI excerpt (`../shared/seeds/004_*`) and the API
//! reference describe them. Where they are silent, the shape is inferred (marked so) and
//! kept here, in one place.
//!
//! Request bodies are not typed here: pydantic reads any JSON value, laxly, so
//! `validate` takes a `serde_json::Value`. What the console sends is built from the
//! normalised values (`validate::NewEndpoint`, `validate::EndpointUpdate`).
//! Response types accept unknown fields, so a newer server does not break the console.

use serde::{Deserialize, Serialize};

/// `WebhookEndpointResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub user_id: i64,
    pub url: String,
    #[serde(default)]
    pub description: Option<String>,
    /// inferred values: `active`, `failing` (consecutive failures), `disabled`.
    pub status: String,
    pub enabled: bool,
    #[serde(default)]
    pub subscribed_event_patterns: Vec<String>,
    pub signing_version: String,
    #[serde(default)]
    pub secret_hint: Option<String>,
    pub timeout_seconds: i64,
    pub max_retries: i64,
    pub consecutive_failures: i64,
    #[serde(default)]
    pub last_verified_at: Option<String>,
    #[serde(default)]
    pub last_delivery_at: Option<String>,
    #[serde(default)]
    pub last_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// `WebhookEndpointCreateResponse`; inferred: `rotate-secret` answers the same shape.
/// The secret is in no other answer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointWithSecret {
    pub endpoint: Endpoint,
    pub secret: String,
}

impl std::fmt::Debug for EndpointWithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointWithSecret")
            .field("endpoint", &self.endpoint)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// One delivery of an event to an endpoint (`GET /v1/webhooks/deliveries` items).
/// Documented: `id, status, event_type, attempt_count, created_at, ...`; the rest is
/// inferred.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: String,
    /// inferred: the endpoint it was sent to.
    #[serde(default)]
    pub endpoint_id: String,
    pub event_type: String,
    /// inferred values: `pending`, `succeeded`, `failed`.
    pub status: String,
    pub attempt_count: i64,
    pub created_at: String,
    /// inferred: the HTTP status the endpoint answered, when it answered.
    #[serde(default)]
    pub response_status: Option<i64>,
    /// inferred: why the last attempt failed.
    #[serde(default)]
    pub last_error: Option<String>,
    /// inferred: when the last attempt was made.
    #[serde(default)]
    pub last_attempt_at: Option<String>,
    /// inferred: the delivery this one replays.
    #[serde(default)]
    pub replay_of: Option<String>,
}

/// `GET /v1/webhooks/deliveries`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryPage {
    pub items: Vec<Delivery>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// inferred: what `POST .../verify` answers. The challenge succeeded when `verified`;
/// `endpoint` is the endpoint afterwards (`last_verified_at` set on success).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyResult {
    pub verified: bool,
    #[serde(default)]
    pub error: Option<String>,
    pub endpoint: Endpoint,
}

/// A FastAPI error that is not a validation error (401, 404, ...): `{"detail": "..."}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    pub detail: String,
}

/// Sandbox only: a delivery's exact request, so that anyone can check its signature
/// (`GET /sandbox/instavm/deliveries/{id}`). `body` is the exact text that was signed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub delivery_id: String,
    pub url: String,
    /// Name and value pairs in the order they were sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}
