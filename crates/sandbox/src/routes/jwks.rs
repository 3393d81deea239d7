//! `GET /organizations/webhooks/verification-jwks`: the public half of the organization's
//! ES256 key, as a bare JWKS (the one response that is not enveloped).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use webhook_rules::slashid::wire::Jwks;

use crate::AppState;
use crate::auth::Org;
use crate::crypto;
use crate::db;
use crate::envelope::Failure;

pub async fn get(State(state): State<AppState>, org: Org) -> Result<Response, Failure> {
    state.limits.jwks.take(&org.id, 1)?;
    let key = state
        .db
        .call(move |conn, key| db::signing_key(conn, key, &org.id))
        .await?;
    Ok(Json(Jwks {
        keys: vec![crypto::public_jwk(&key)],
    })
    .into_response())
}
