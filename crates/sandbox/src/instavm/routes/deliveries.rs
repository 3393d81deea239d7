//! `GET /v1/webhooks/deliveries` and `POST /v1/webhooks/deliveries/{id}/replay`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use webhook_rules::instavm::wire::DeliveryPage;

use crate::AppState;
use crate::instavm::auth::User;
use crate::instavm::delivery::{self, Outgoing};
use crate::instavm::error::ApiError;
use crate::instavm::queries::{self, DeliveryFilter};
use crate::instavm::routes::{Id, ok};
use webhook_rules::instavm::errors::body_422;
use webhook_rules::instavm::validate;

/// Newest first, filtered by `endpoint_id`, `status` and `event_type` (each exact),
/// paged by `limit` and the opaque `cursor` of the previous page's `next_cursor` (`null`
/// on the last page). inferred: a cursor that is not one the sandbox gave is a 400
/// `Invalid cursor`; a filter naming another user's endpoint finds nothing.
pub async fn list(
    State(state): State<AppState>,
    user: User,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let pairs = query.map(|Query(q)| q).unwrap_or_default();
    // Starlette keeps the last of a repeated parameter.
    let param = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let limit = match param("limit") {
        None => validate::DELIVERIES_LIMIT_DEFAULT,
        Some(text) => validate::query_int(
            "limit",
            &text,
            validate::DELIVERIES_LIMIT_MIN,
            validate::DELIVERIES_LIMIT_MAX,
        )
        .map_err(|e| ApiError::unprocessable(body_422(&[*e])))?,
    };
    let before = match param("cursor") {
        None => None,
        Some(text) => Some(
            queries::parse_cursor(&text)
                .ok_or_else(|| ApiError::detail(StatusCode::BAD_REQUEST, "Invalid cursor"))?,
        ),
    };
    let filter = DeliveryFilter {
        endpoint_id: param("endpoint_id"),
        status: param("status"),
        event_type: param("event_type"),
    };
    let (items, next_cursor) = state
        .db
        .call(move |conn, _| queries::list_deliveries(conn, user.id, &filter, before, limit))
        .await?;
    Ok(ok(&DeliveryPage { items, next_cursor }))
}

/// Sends a delivery's event again. inferred: a replay is a new delivery (`replay_of`
/// names the original, which is unchanged) of the same body, so the same event id,
/// signed anew with the endpoint's current secret and sent to its current URL; a
/// delivery of any status may be replayed, but not to a disabled endpoint (409). Answers
/// the new delivery.
pub async fn replay(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let recorded = state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let original = queries::get_delivery(&tx, user.id, &id)?;
            let endpoint = queries::get_endpoint(&tx, user.id, &original.delivery.endpoint_id)?;
            if !endpoint.enabled {
                return Err(ApiError::endpoint_disabled());
            }
            let out = Outgoing {
                event_type: &original.delivery.event_type,
                event_id: &original.event_id,
                body: original.request.body,
                replay_of: Some(original.delivery.id),
            };
            let recorded = delivery::deliver(&tx, key, &endpoint, out)?;
            tx.commit()?;
            Ok(recorded)
        })
        .await?;
    Ok(ok(&recorded.delivery))
}
