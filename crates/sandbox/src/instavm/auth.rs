//! `X-API-Key`: which user a request acts for.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use webhook_rules::instavm::paths::API_KEY_HEADER_LOWER;

use crate::AppState;
use crate::instavm::error::ApiError;
use crate::instavm::queries;

/// The user a request was authenticated for. Handlers scope every query to it, so one
/// user's endpoints and deliveries are a 404 to every other.
#[derive(Clone, Copy, Debug)]
pub struct User {
    pub id: i64,
}

/// FastAPI's `APIKeyHeader` answer to a missing (or empty) key: 401 `Not authenticated`
/// with `WWW-Authenticate: APIKey` (fastapi 0.165.0, `fastapi/security/api_key.py`).
fn not_authenticated() -> ApiError {
    ApiError::detail(StatusCode::UNAUTHORIZED, "Not authenticated")
        .with_header(header::WWW_AUTHENTICATE, "APIKey")
}

/// inferred: a key the server does not know is a 401 too, in the server's own words, with
/// the same challenge.
fn invalid_key() -> ApiError {
    ApiError::detail(StatusCode::UNAUTHORIZED, "Invalid API key")
        .with_header(header::WWW_AUTHENTICATE, "APIKey")
}

impl FromRequestParts<AppState> for User {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts
            .headers
            .get(API_KEY_HEADER_LOWER)
            .filter(|v| !v.is_empty())
        else {
            return Err(not_authenticated());
        };
        // Starlette reads header values as Latin-1: bytes that are not UTF-8 are some other
        // key, which no user has.
        let Ok(api_key) = value.to_str().map(str::to_owned) else {
            return Err(invalid_key());
        };
        let user = state
            .db
            .call(move |conn, _| queries::user_by_key(conn, &api_key))
            .await?;
        user.map(|id| User { id }).ok_or_else(invalid_key)
    }
}
