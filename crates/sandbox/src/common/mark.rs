//! Headers on every answer of every API: `X-Webhook-Sandbox: 1` (this server is the
//! sandbox), `X-Content-Type-Options: nosniff` (a browser never reads an error page or a
//! JSON body as another type), and `Cache-Control: no-store` unless the answer set its own.
//!
//! `no-store`: API answers carry webhooks, signing secrets shown once and header values;
//! no browser or proxy cache may keep them. The one exception is the console's static
//! files (`static_files`), which say how they may be cached.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use webhook_rules::sandbox::SANDBOX_HEADER_LOWER;

pub async fn mark_sandbox(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let headers = resp.headers_mut();
    headers.insert(
        HeaderName::from_static(SANDBOX_HEADER_LOWER),
        HeaderValue::from_static("1"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    resp
}
