//! `/organizations/webhooks` and `/organizations/webhooks/{webhook_id}`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use webhook_rules::slashid::wire::{WebhookCreate, WebhookPatch};
use webhook_rules::slashid::{validate_create, validate_patch};

use crate::AppState;
use crate::auth::Org;
use crate::body::ApiJson;
use crate::db;
use crate::envelope::{self, Failure};
use crate::replication::Required;

pub async fn list(State(state): State<AppState>, org: Org) -> Result<Response, Failure> {
    let hooks = state
        .db
        .call(move |conn, key| db::list_webhooks(conn, key, &org.id))
        .await?;
    Ok(envelope::ok(StatusCode::OK, hooks))
}

pub async fn create(
    State(state): State<AppState>,
    org: Org,
    consistency: Required,
    ApiJson(req): ApiJson<WebhookCreate>,
) -> Result<Response, Failure> {
    let new = validate_create(&req).map_err(|p| Failure::problems(&p))?;
    let hook = state
        .db
        .call(move |conn, key| db::insert_webhook(conn, key, &org.id, &new))
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
            db::get_webhook(conn, key, &org.id, &id)?.ok_or_else(|| db::webhook_not_found(&id))
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
    let patch = validate_patch(&req).map_err(|p| Failure::problems(&p))?;
    let hook = state
        .db
        .call(move |conn, key| db::update_webhook(conn, key, &org.id, &id, &patch))
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
            if db::delete_webhook(conn, &org.id, &id)? {
                Ok(())
            } else {
                Err(db::webhook_not_found(&id))
            }
        })
        .await?;
    consistency.replicate(&state).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
