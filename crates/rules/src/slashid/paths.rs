//! SlashID's routes and auth headers: the console's client builds its requests from these
//! and the sandbox routes and authenticates with them, so the two cannot drift apart.

/// `SlashID-API-Key`: every request.
pub const API_KEY_HEADER: &str = "SlashID-API-Key";
/// `SlashID-OrgID`: every webhook path.
pub const ORG_HEADER: &str = "SlashID-OrgID";
/// `HeaderName::from_static` wants lower case.
pub const API_KEY_HEADER_LOWER: &str = "slashid-api-key";
pub const ORG_HEADER_LOWER: &str = "slashid-orgid";

pub use super::consistency::{LEVEL_HEADER, TIMEOUT_HEADER};

/// `GET` (list) and `POST` (create).
pub const WEBHOOKS: &str = "/organizations/webhooks";
/// A bare JWKS; routed before `{webhook_id}`.
pub const JWKS: &str = "/organizations/webhooks/verification-jwks";
/// `POST`: generated events, one array per request.
pub const TEST_EVENTS: &str = "/test-events";
/// Sandbox only: the calls the real API would have made.
pub const SANDBOX_DELIVERIES: &str = "/sandbox/deliveries";

/// Every path prefix the API owns (the sandbox never serves a static file under them).
pub const PREFIXES: &[&str] = &["/organizations", "/test-events"];

/// `/organizations/webhooks/{id}`, with `id` already percent-encoded by the caller.
pub fn webhook(encoded_id: &str) -> String {
    format!("{WEBHOOKS}/{encoded_id}")
}

/// `/organizations/webhooks/{id}/triggers`.
pub fn triggers(encoded_id: &str) -> String {
    format!("{WEBHOOKS}/{encoded_id}/triggers")
}
