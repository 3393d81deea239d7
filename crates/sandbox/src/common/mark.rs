//! `X-Webhook-Sandbox: 1` on every answer of every API: this server is the sandbox.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use webhook_rules::sandbox::SANDBOX_HEADER_LOWER;

pub async fn mark_sandbox(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(
        HeaderName::from_static(SANDBOX_HEADER_LOWER),
        HeaderValue::from_static("1"),
    );
    resp
}
