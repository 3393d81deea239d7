//! CORS for every API: the console may be served from another origin than the sandbox
//! (a portal, a CDN), and its requests carry each API's auth headers.

use axum::http::{HeaderName, Method, header};
use tower_http::cors::{Any, CorsLayer};
use webhook_rules::sandbox::SANDBOX_HEADER_LOWER;
use webhook_rules::{droplit, instavm, slashid};

use crate::common::faults;

fn name(s: &str) -> HeaderName {
    HeaderName::from_bytes(s.as_bytes()).expect("valid header name")
}

pub fn layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        // PUT: Droplit's updates.
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            name(slashid::paths::API_KEY_HEADER),
            name(slashid::paths::ORG_HEADER),
            name(slashid::paths::LEVEL_HEADER),
            name(slashid::paths::TIMEOUT_HEADER),
            name(instavm::paths::API_KEY_HEADER),
            // Droplit's token (no scheme).
            HeaderName::from_static(droplit::paths::AUTH_HEADER),
            HeaderName::from_static(faults::HEADER_LOWER),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static(SANDBOX_HEADER_LOWER),
            HeaderName::from_static(droplit::paths::SANDBOX_HANG_HEADER),
        ])
}
