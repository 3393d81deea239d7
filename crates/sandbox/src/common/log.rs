//! The request log.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::common::faults;

/// Method, path and status only: bodies, headers and query strings may carry secrets
/// (API keys, header values, signing secrets).
pub async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = std::time::Instant::now();
    let resp = next.run(req).await;
    let status = if resp.extensions().get::<faults::Dropped>().is_some() {
        "dropped".to_owned()
    } else {
        resp.status().as_u16().to_string()
    };
    tracing::info!(
        %method,
        path,
        status,
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    resp
}
