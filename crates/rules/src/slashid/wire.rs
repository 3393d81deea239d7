//! SlashID's JSON shapes, as `slashid-webhooks.openapi.yml` defines them.
//!
//! Request types deny unknown fields (the sandbox answers 400 for them, and the console
//! never sends any); response types accept unknown fields, so a newer server does not
//! break an older console.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `custom_headers`: header name → values (Go's `map[string][]string`). A `BTreeMap`
/// serializes keys sorted, as Go's encoding/json does.
pub type Headers = BTreeMap<String, Vec<String>>;

/// The envelope around every SlashID response but the JWKS.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiError>,
    #[serde(default = "none", skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Envelope<T> {
    pub fn ok(result: T) -> Self {
        Self {
            meta: None,
            errors: Vec::new(),
            result: Some(result),
        }
    }

    pub fn error(httpcode: u16, messages: impl IntoIterator<Item = String>) -> Self {
        Self {
            meta: None,
            errors: messages
                .into_iter()
                .map(|message| ApiError { httpcode, message })
                .collect(),
            result: None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub limit: i64,
    pub offset: i64,
    pub total_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub httpcode: u16,
    pub message: String,
}

/// A stored webhook, as GET/POST/PATCH return it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub target_url: String,
    #[serde(default)]
    pub custom_headers: Headers,
    /// Go's `Duration.String()` form; `"0s"` means "use the defaults".
    #[serde(default = "zero_seconds")]
    pub timeout: String,
}

fn zero_seconds() -> String {
    "0s".to_owned()
}

/// The body of both `POST /organizations/webhooks` and `PATCH /organizations/webhooks/{id}`:
/// the same five fields. On create, `name` and `target_url` are required by the API; they
/// are `Option` here so that a missing one is reported by `validate_create` together with
/// every other problem, not by the JSON decoder alone. On patch, only the fields sent
/// change, and `custom_headers`, when sent, replaces every header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_headers: Option<Headers>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
}

/// Body of `POST /organizations/webhooks`.
pub type WebhookCreate = WebhookBody;
/// Body of `PATCH /organizations/webhooks/{id}`.
pub type WebhookPatch = WebhookBody;

impl WebhookBody {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// One trigger of a webhook. Plain strings, so that a wrong type or name is reported by
/// `validate_trigger` with a clear message rather than by the JSON decoder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub trigger_type: String,
    pub trigger_name: String,
}

/// One item of the `POST /test-events` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestEventSpec {
    pub event_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_correlation_id: Option<String>,
}

/// One generated test event. Event-specific fields (person_id, authn_method, ...) are
/// kept in `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestEvent {
    pub event_id: String,
    pub event_name: String,
    pub timestamp: String,
    pub organization_id: String,
    #[serde(default)]
    pub is_test_event: bool,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// `GET /organizations/webhooks/verification-jwks`: a bare JWKS, not enveloped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// An EC public key (ES256 / P-256); `x` and `y` are base64url without padding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub crv: String,
    #[serde(default)]
    pub x: String,
    #[serde(default)]
    pub y: String,
    #[serde(default)]
    pub kid: String,
    #[serde(default)]
    pub alg: String,
    #[serde(default, rename = "use")]
    pub use_: String,
    #[serde(default)]
    pub key_ops: Vec<String>,
}

/// The claims of the JWT that is the body of every webhook call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryClaims {
    pub aud: String,
    pub iss: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub sub: String,
    pub target_url: String,
    pub trigger_type: String,
    pub trigger_name: String,
    pub trigger_content: serde_json::Value,
    pub webhook_id: String,
}
