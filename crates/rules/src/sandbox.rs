//! What only the local sandbox adds to the three APIs, for every one of them.

/// The response header (value `1`) the sandbox adds to every answer, exposed to browsers
/// through CORS. The console asks for recorded deliveries only once it has seen it, so
/// that a real API is never asked for an endpoint it lacks.
pub const SANDBOX_HEADER: &str = "X-Webhook-Sandbox";
pub const SANDBOX_HEADER_LOWER: &str = "x-webhook-sandbox";
