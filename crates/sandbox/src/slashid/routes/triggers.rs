//! `/organizations/webhooks/{webhook_id}/triggers`. A trigger has no id of its own: it is
//! named by its type and name, in the body to create it and in the query to delete it.

use std::collections::HashMap;
use webhook_rules::slashid::errors::wire_message;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use webhook_rules::slashid::wire::{Envelope, Trigger};
use webhook_rules::slashid::{conflicts, validate_trigger};

use crate::AppState;
use crate::slashid::auth::Org;
use crate::slashid::body::ApiJson;
use crate::slashid::envelope::{self, Failure};
use crate::slashid::queries;
use crate::slashid::replication::Required;

pub async fn list(
    State(state): State<AppState>,
    org: Org,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let triggers = state
        .db
        .call(move |conn, _| {
            if !queries::webhook_exists(conn, &org.id, &id)? {
                return Err(queries::webhook_not_found(&id));
            }
            queries::list_triggers(conn, &id)
        })
        .await?;
    Ok(envelope::ok(StatusCode::OK, triggers))
}

pub async fn create(
    State(state): State<AppState>,
    org: Org,
    Path(id): Path<String>,
    consistency: Required,
    ApiJson(req): ApiJson<Trigger>,
) -> Result<Response, Failure> {
    let (trigger_type, trigger_name) = validate_trigger(&req).map_err(|p| Failure::problems(&p))?;
    state
        .db
        .call(move |conn, _| {
            if !queries::webhook_exists(conn, &org.id, &id)? {
                return Err(queries::webhook_not_found(&id));
            }
            if queries::insert_trigger(conn, &id, trigger_type.as_str(), trigger_name)? {
                Ok(())
            } else {
                Err(Failure::conflict(wire_message(
                    &conflicts::duplicate_trigger(trigger_type, trigger_name),
                )))
            }
        })
        .await?;
    consistency.replicate(&state).await?;
    Ok((StatusCode::CREATED, Json(Envelope::<()>::default())).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    org: Org,
    Path(id): Path<String>,
    consistency: Required,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, Failure> {
    let Query(mut query) =
        query.map_err(|e| Failure::bad_request(format!("query string: {}", e.body_text())))?;
    // Missing parameters are left empty, so the rules report them as required.
    let req = Trigger {
        trigger_type: query.remove("trigger_type").unwrap_or_default(),
        trigger_name: query.remove("trigger_name").unwrap_or_default(),
    };
    let (trigger_type, trigger_name) = validate_trigger(&req).map_err(|p| Failure::problems(&p))?;
    state
        .db
        .call(move |conn, _| {
            if !queries::webhook_exists(conn, &org.id, &id)? {
                return Err(queries::webhook_not_found(&id));
            }
            if queries::delete_trigger(conn, &id, trigger_type.as_str(), trigger_name)? {
                Ok(())
            } else {
                Err(Failure::not_found(format!(
                    "the webhook has no {trigger_type} trigger {trigger_name}"
                )))
            }
        })
        .await?;
    consistency.replicate(&state).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
