//! `authorization: <token>`: which ecosystems a request reaches.
//!
//! A token is given with the ecosystems it reaches (`--droplit-token TOKEN:ECOSYSTEM_ID`,
//! repeatable; a token may reach several ecosystems, an ecosystem may be reached by
//! several tokens). Handlers scope every query to the caller's ecosystems.
//! inferred: an ecosystem the token does not reach is answered as one that does not
//! exist (404, Ecosystem Not Found), and a webhook in one as a webhook that does not
//! exist (404, Webhook Not Found), so a token learns nothing of other ecosystems.

use axum::http::request::Parts;
use webhook_rules::droplit::paths::AUTH_HEADER;

use crate::AppState;
use crate::common::crypto;
use crate::droplit::error::ApiError;
use crate::droplit::queries;

/// The token a request was authenticated with, as its hash (the token itself is never
/// kept, logged or passed around).
#[derive(Clone, Copy, Debug)]
pub struct Caller {
    pub token_hash: [u8; 32],
}

/// The caller of a request: 401 for a missing or empty token, or one that reaches no
/// ecosystem. The value is the token as is (Droplit takes no `Bearer` scheme, so
/// `Bearer <token>` is another, unknown token).
pub async fn caller(parts: &Parts, state: &AppState) -> Result<Caller, ApiError> {
    let token = parts
        .headers
        .get(AUTH_HEADER)
        .filter(|v| !v.is_empty())
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?;
    let caller = Caller {
        token_hash: crypto::hash_api_key(token),
    };
    let known = state
        .db
        .call(move |conn, _| queries::token_is_known(conn, &caller))
        .await?;
    if known {
        Ok(caller)
    } else {
        Err(ApiError::unauthorized())
    }
}
