//! `/organizations/webhooks` and `/organizations/webhooks/{webhook_id}`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use webhook_rules::slashid::wire::{WebhookCreate, WebhookPatch};
use webhook_rules::slashid::{validate_create, validate_patch};

use crate::AppState;
use crate::common::work;
use crate::slashid::auth::Org;
use crate::slashid::body::ApiJson;
use crate::slashid::envelope::{self, Failure};
use crate::slashid::queries;
use crate::slashid::replication::Required;

pub async fn list(State(state): State<AppState>, org: Org) -> Result<Response, Failure> {
    let hooks = state
        .db
        .call(move |conn, key| queries::list_webhooks(conn, key, &org.id))
        .await?;
    Ok(envelope::ok(StatusCode::OK, hooks))
}

pub async fn create(
    State(state): State<AppState>,
    org: Org,
    consistency: Required,
    ApiJson(req): ApiJson<WebhookCreate>,
) -> Result<Response, Failure> {
    let new =
        work::cpu(move || validate_create(&req).map_err(|problems| Failure::problems(&problems)))
            .await??;
    let hook = state
        .db
        .call(move |conn, key| queries::insert_webhook(conn, key, &org.id, &new))
        .await?;
    consistency.replicate(&state).await?;
    Ok(envelope::ok(StatusCode::CREATED, hook))
}

pub async fn get(
    State(state): State<AppState>,
    org: Org,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let hook = state
        .db
        .call(move |conn, key| {
            queries::get_webhook(conn, key, &org.id, &id)?
                .ok_or_else(|| queries::webhook_not_found(&id))
        })
        .await?;
    Ok(envelope::ok(StatusCode::OK, hook))
}

pub async fn patch(
    State(state): State<AppState>,
    org: Org,
    Path(id): Path<String>,
    consistency: Required,
    ApiJson(req): ApiJson<WebhookPatch>,
) -> Result<Response, Failure> {
    let patch =
        work::cpu(move || validate_patch(&req).map_err(|problems| Failure::problems(&problems)))
            .await??;
    let hook = state
        .db
        .call(move |conn, key| queries::update_webhook(conn, key, &org.id, &id, &patch))
        .await?;
    consistency.replicate(&state).await?;
    Ok(envelope::ok(StatusCode::OK, hook))
}

pub async fn delete(
    State(state): State<AppState>,
    org: Org,
    Path(id): Path<String>,
    consistency: Required,
) -> Result<Response, Failure> {
    state
        .db
        .call(move |conn, _| {
            if queries::delete_webhook(conn, &org.id, &id)? {
                Ok(())
            } else {
                Err(queries::webhook_not_found(&id))
            }
        })
        .await?;
    consistency.replicate(&state).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
