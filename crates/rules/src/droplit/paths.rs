//! Droplit's routes and headers: the console's client builds its requests from these and
//! the sandbox routes and authenticates with them.

/// `authorization: <token>`, an account or server token as is: no `Bearer` scheme.
/// Lower case as Node delivers header names (and as `HeaderName::from_static` wants).
pub const AUTH_HEADER: &str = "authorization";

/// The header every delivery of a webhook with a secret is signed in: the lower-case hex
/// HMAC-SHA256 of the exact body, keyed with the webhook's secret. A webhook without a
/// secret (or with `""`, which is falsy in JavaScript) sends no signature.
pub const SIGNATURE_HEADER: &str = "x-droplit-signature";

/// `GET` (list, with [`ECOSYSTEM_QUERY`]) and `POST` (create).
pub const WEBHOOKS: &str = "/api/webhooks";

/// The list's one query field.
pub const ECOSYSTEM_QUERY: &str = "ecosystemId";

/// Sandbox only: what was sent for every delivery (`GET`, newest first, as
/// `wire::RecordedDeliveries`; [`SANDBOX_DELIVERIES_QUERY`] keeps one webhook's), and one
/// of them (`/sandbox/droplit/deliveries/{id}`).
pub const SANDBOX_DELIVERIES: &str = "/sandbox/droplit/deliveries";

/// Sandbox only: the webhook whose deliveries [`SANDBOX_DELIVERIES`] lists.
pub const SANDBOX_DELIVERIES_QUERY: &str = "webhookId";

/// Sandbox only: on the 400 of a `url` that would make the real server hang, the admin's
/// sentence (`url::hang_message`).
/// inferred: the sandbox answers such a URL at once, with the 400 Node would give if it
/// ever finished (the pattern's message, `errors::wire_message`), and says in this header
/// that the real server would not answer (its request would time out instead).
pub const SANDBOX_HANG_HEADER: &str = "x-sandbox-would-hang";

/// inferred: `DELETE /api/webhooks/{id}` answers 200 with no body, as the documented PUT
/// does; the webhook is gone for good (a GET is then the 404).
pub const DELETE_STATUS: u16 = 200;

/// Every path prefix the API owns (the sandbox never serves a static file under them).
pub const PREFIXES: &[&str] = &["/api"];

/// `/api/webhooks?ecosystemId=...`, with the id already percent-encoded by the caller.
pub fn list(encoded_ecosystem_id: &str) -> String {
    format!("{WEBHOOKS}?{ECOSYSTEM_QUERY}={encoded_ecosystem_id}")
}

/// `GET`, `PUT` (200, no body) and `DELETE` ([`DELETE_STATUS`], no body) one webhook.
pub fn webhook(encoded_id: &str) -> String {
    format!("{WEBHOOKS}/{encoded_id}")
}

/// `POST`: sends the webhook a test call now.
/// inferred: the seed documents no such route (only create); `invoke`, beside the
/// webhook, answering 200 with no body, is the sandbox's and the console's choice. A
/// disabled webhook is not called: 409, `errors::webhook_disabled`.
pub fn invoke(encoded_id: &str) -> String {
    format!("{WEBHOOKS}/{encoded_id}/invoke")
}

/// Sandbox only: the exact request of one recorded delivery.
pub fn sandbox_delivery(encoded_id: &str) -> String {
    format!("{SANDBOX_DELIVERIES}/{encoded_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_every_route_under_api_webhooks() {
        assert_eq!(list("C1"), "/api/webhooks?ecosystemId=C1");
        assert_eq!(webhook("W%2F1"), "/api/webhooks/W%2F1");
        assert_eq!(invoke("W1"), "/api/webhooks/W1/invoke");
        assert_eq!(sandbox_delivery("7"), "/sandbox/droplit/deliveries/7");
        assert!(PREFIXES.iter().all(|p| WEBHOOKS.starts_with(p)));
    }
}
