//! InstaVM's routes and auth header: the console's client builds its requests from these
//! and the sandbox routes and authenticates with them.

/// `X-API-Key`: every request (the docs also name OAuth2PasswordBearer; the official SDK
/// sends this header).
pub const API_KEY_HEADER: &str = "X-API-Key";
/// `HeaderName::from_static` wants lower case.
pub const API_KEY_HEADER_LOWER: &str = "x-api-key";

/// The header every delivery is signed in: `t=<unix>,v1=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "InstaVM-Signature";

/// The header naming the event in every delivery (and replay) of it.
/// inferred: the same in every delivery and replay of an event, so a receiver can drop
/// duplicates.
pub const EVENT_ID_HEADER: &str = "InstaVM-Event-Id";

/// `GET` (list) and `POST` (create).
pub const ENDPOINTS: &str = "/v1/webhooks/endpoints";
/// `GET`, with `endpoint_id`, `status`, `event_type`, `cursor`, `limit`.
pub const DELIVERIES: &str = "/v1/webhooks/deliveries";
/// Sandbox only: what was sent for one delivery (`/sandbox/instavm/deliveries/{id}`).
pub const SANDBOX_DELIVERIES: &str = "/sandbox/instavm/deliveries";

/// Sandbox only: `POST` `{event_type, data}`, one event delivered to every enabled
/// endpoint of the user whose patterns select it.
pub const SANDBOX_EVENTS: &str = "/sandbox/instavm/events";

/// Every path prefix the API owns (the sandbox never serves a static file under them).
pub const PREFIXES: &[&str] = &["/v1"];

/// `/v1/webhooks/endpoints/{id}`, with `id` already percent-encoded by the caller.
pub fn endpoint(encoded_id: &str) -> String {
    format!("{ENDPOINTS}/{encoded_id}")
}

/// `POST`: a new secret, returned once.
pub fn rotate_secret(encoded_id: &str) -> String {
    format!("{ENDPOINTS}/{encoded_id}/rotate-secret")
}

/// `POST`: enqueues a `webhook.test` delivery.
pub fn test(encoded_id: &str) -> String {
    format!("{ENDPOINTS}/{encoded_id}/test")
}

/// `POST`: challenge verification of the endpoint.
pub fn verify(encoded_id: &str) -> String {
    format!("{ENDPOINTS}/{encoded_id}/verify")
}

/// `POST`: sends a recorded delivery again.
pub fn replay(encoded_id: &str) -> String {
    format!("{DELIVERIES}/{encoded_id}/replay")
}

/// Sandbox only: the exact request of one delivery.
pub fn sandbox_delivery(encoded_id: &str) -> String {
    format!("{SANDBOX_DELIVERIES}/{encoded_id}")
}
