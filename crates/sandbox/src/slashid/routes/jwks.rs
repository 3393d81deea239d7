//! `GET /organizations/webhooks/verification-jwks`: the public half of the organization's
//! ES256 key, as a bare JWKS (the one response that is not enveloped).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use webhook_rules::slashid::wire::Jwks;

use crate::AppState;
use crate::slashid::auth::Org;
use crate::slashid::envelope::Failure;
use crate::slashid::keys;
use crate::slashid::queries;

pub async fn get(State(state): State<AppState>, org: Org) -> Result<Response, Failure> {
    state.slashid.limits.jwks.take(&org.id, 1)?;
    let key = state
        .db
        .call(move |conn, key| queries::signing_key(conn, key, &org.id))
        .await?;
    Ok(Json(Jwks {
        keys: vec![keys::public_jwk(&key)],
    })
    .into_response())
}
