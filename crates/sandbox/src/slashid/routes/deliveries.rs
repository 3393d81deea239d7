//! `GET /sandbox/deliveries[?webhook_id=ID][&limit=N][&cursor=C]`: sandbox only. The
//! webhook calls the real API would have made, newest first, each with its signed JWT
//! body, one page at a time: `limit` 1 to 100 (50 unless given), and the `cursor` of the
//! previous page, found in `meta.cursor_pagination.cursor` (`""` on the last page), the
//! envelope's own cursor paging. inferred: a `limit` or `cursor` the sandbox cannot read
//! is a 400. The organization keeps its newest `limits::DELIVERIES_PER_OWNER`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::common::page;
use crate::slashid::auth::Org;
use crate::slashid::envelope::Failure;
use crate::slashid::queries;

pub async fn list(
    State(state): State<AppState>,
    org: Org,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, Failure> {
    let Query(query) =
        query.map_err(|e| Failure::bad_request(format!("query string: {}", e.body_text())))?;
    let webhook_id = query.get("webhook_id").cloned();
    let limit = page::limit(query.get("limit").map(String::as_str)).ok_or_else(|| {
        Failure::bad_request(format!(
            "limit: must be an integer from 1 to {}",
            crate::common::limits::DELIVERIES_PAGE_MAX
        ))
    })?;
    let before = match query.get("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => Some(
            page::parse_cursor(text)
                .ok_or_else(|| Failure::bad_request("cursor: not a cursor of this list"))?,
        ),
    };
    let (deliveries, next, total) = state
        .db
        .call(move |conn, _| {
            if let Some(id) = &webhook_id
                && !queries::webhook_exists(conn, &org.id, id)?
            {
                return Err(queries::webhook_not_found(id));
            }
            queries::list_deliveries(conn, &org.id, webhook_id.as_deref(), before, limit)
        })
        .await?;
    let body = json!({
        "meta": { "cursor_pagination": { "limit": limit, "cursor": next.unwrap_or_default(),
            "total_count": total,
        } },
        "result": deliveries,
    });
    Ok((StatusCode::OK, Json(body)).into_response())
}
