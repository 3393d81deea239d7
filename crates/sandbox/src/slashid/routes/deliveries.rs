//! `GET /sandbox/deliveries[?webhook_id=ID]`: sandbox only. The webhook calls the real API
//! would have made, newest first, each with its signed JWT body.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::AppState;
use crate::slashid::auth::Org;
use crate::slashid::envelope::{self, Failure};
use crate::slashid::queries;

pub async fn list(
    State(state): State<AppState>,
    org: Org,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, Failure> {
    let Query(query) =
        query.map_err(|e| Failure::bad_request(format!("query string: {}", e.body_text())))?;
    let webhook_id = query.get("webhook_id").cloned();
    let deliveries = state
        .db
        .call(move |conn, _| {
            if let Some(id) = &webhook_id
                && !queries::webhook_exists(conn, &org.id, id)?
            {
                return Err(queries::webhook_not_found(id));
            }
            queries::list_deliveries(conn, &org.id, webhook_id.as_deref())
        })
        .await?;
    Ok(envelope::ok(StatusCode::OK, deliveries))
}
