//! `/api/webhooks` and everything under it, and the sandbox's recorded deliveries.

use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use webhook_rules::Problem;
use webhook_rules::droplit::errors::{JSON_CONTENT_TYPE, request_problems};
use webhook_rules::droplit::paths::{DELETE_STATUS, SANDBOX_DELIVERIES_QUERY};
use webhook_rules::droplit::wire::{self, WebhookList};
use webhook_rules::droplit::{
    validate_create, validate_list_query, validate_no_query, validate_update, validate_webhook_id,
};

use crate::AppState;
use crate::common::db::Internal;
use crate::common::{body, clock, page, work};
use crate::droplit::auth::{self, Caller};
use crate::droplit::delivery;
use crate::droplit::error::ApiError;
use crate::droplit::queries;

/// One request, taken in in Express's order (see the module): the body as `body-parser`
/// reads it (off the async workers, `work::cpu`, as every rule on a body), then the token. Gives the caller, the request's head and its body.
async fn take_in(state: &AppState, req: Request) -> Result<(Caller, Parts, Value), ApiError> {
    let (parts, body) = req.into_parts();
    let content_type = body::content_type(&parts.headers);
    let raw = body::read_limited(Request::new(body)).await?;
    let body = work::cpu(move || wire::read_body(content_type.as_deref(), &raw)).await??;
    let caller = auth::caller(&parts, state).await?;
    Ok((caller, parts, body))
}

/// The query's pairs, in order, percent-decoded (`+` is a space), as `qs` reads them.
fn query_of(parts: &Parts) -> Vec<(String, String)> {
    Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map(|Query(pairs)| pairs)
        .unwrap_or_default()
}

/// The path's `{id}`, percent-decoded; one that does not decode is no valid id either.
async fn id_of(parts: &mut Parts, state: &AppState) -> String {
    Path::<String>::from_request_parts(parts, state)
        .await
        .map(|Path(id)| id)
        .unwrap_or_default()
}

/// The problems of a route on one webhook that takes no query: its id, and the query.
async fn webhook_route(
    parts: &mut Parts,
    state: &AppState,
) -> (String, Vec<Problem>, Vec<Problem>) {
    let id = id_of(parts, state).await;
    let path = validate_webhook_id(&id).err().into_iter().collect();
    let query = validate_no_query(&query_of(parts))
        .err()
        .into_iter()
        .collect();
    (id, path, query)
}

/// The 400 of a request's problems, when it has any.
fn check(path: &[Problem], query: &[Problem], body: &[Problem]) -> Result<(), ApiError> {
    match request_problems(path, query, body) {
        Some(params) => Err(ApiError::invalid(&params, &[path, query, body])),
        None => Ok(()),
    }
}

/// A rule's problems: none when it passed.
fn problems<T>(verdict: &Result<T, Vec<Problem>>) -> &[Problem] {
    verdict.as_ref().err().map_or(&[], Vec::as_slice)
}

/// The value of a verdict that [`check`] passed (a refusal without a problem would be a
/// fault of the rules).
fn passed<T>(verdict: Result<T, Vec<Problem>>) -> Result<T, ApiError> {
    verdict.map_err(|_| Internal::new("a rule refused a request without a problem").into())
}

/// `res.status(status).json(value)`.
fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, JSON_CONTENT_TYPE)], body).into_response(),
        Err(e) => ApiError::from(Internal::new(e)).into_response(),
    }
}

/// A success with no body.
fn empty(status: u16) -> Response {
    StatusCode::from_u16(status)
        .unwrap_or(StatusCode::OK)
        .into_response()
}

/// `POST /api/webhooks`: 201 with the webhook.
pub async fn create(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, parts, body) = take_in(&state, req).await?;
    let query: Vec<Problem> = validate_no_query(&query_of(&parts))
        .err()
        .into_iter()
        .collect();
    let verdict = work::cpu(move || validate_create(&body)).await?;
    check(&[], &query, problems(&verdict))?;
    let new = passed(verdict)?;
    let created = state
        .db
        .call(move |conn, key| {
            if !queries::reaches(conn, &caller, &new.ecosystem_id)? {
                return Err(ApiError::ecosystem_not_found(&new.ecosystem_id));
            }
            queries::insert_webhook(conn, key, &new, clock::unix_millis())
        })
        .await?;
    Ok(json(StatusCode::CREATED, &created))
}

/// `GET /api/webhooks?ecosystemId=...`: `{"items": [...]}`.
pub async fn list(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, parts, _) = take_in(&state, req).await?;
    let verdict = validate_list_query(&query_of(&parts));
    check(&[], problems(&verdict), &[])?;
    let ecosystem_id = passed(verdict)?;
    let items = state
        .db
        .call(move |conn, _| {
            if !queries::reaches(conn, &caller, &ecosystem_id)? {
                return Err(ApiError::ecosystem_not_found(&ecosystem_id));
            }
            queries::list_webhooks(conn, &ecosystem_id)
        })
        .await?;
    Ok(json(StatusCode::OK, &WebhookList { items }))
}

/// `GET /api/webhooks/{id}`.
pub async fn get(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, mut parts, _) = take_in(&state, req).await?;
    let (id, path, query) = webhook_route(&mut parts, &state).await;
    check(&path, &query, &[])?;
    let webhook = state
        .db
        .call(move |conn, _| queries::get_webhook(conn, &caller, &id))
        .await?;
    Ok(json(StatusCode::OK, &webhook))
}

/// `PUT /api/webhooks/{id}`: only the fields given change; 200 with no body.
pub async fn put(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, mut parts, body) = take_in(&state, req).await?;
    let (id, path, query) = webhook_route(&mut parts, &state).await;
    let verdict = work::cpu(move || validate_update(&body)).await?;
    check(&path, &query, problems(&verdict))?;
    let changes = passed(verdict)?;
    state
        .db
        .call(move |conn, key| queries::update_webhook(conn, key, &caller, &id, &changes))
        .await?;
    Ok(empty(200))
}

/// `DELETE /api/webhooks/{id}`: `paths::DELETE_STATUS` with no body.
pub async fn delete(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, mut parts, _) = take_in(&state, req).await?;
    let (id, path, query) = webhook_route(&mut parts, &state).await;
    check(&path, &query, &[])?;
    state
        .db
        .call(move |conn, _| queries::delete_webhook(conn, &caller, &id))
        .await?;
    Ok(empty(DELETE_STATUS))
}

/// `POST /api/webhooks/{id}/invoke`: a test call, recorded (see `delivery`); 200 with no
/// body, 409 for a disabled webhook.
pub async fn invoke(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, mut parts, _) = take_in(&state, req).await?;
    let (id, path, query) = webhook_route(&mut parts, &state).await;
    check(&path, &query, &[])?;
    state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let webhook = queries::get_webhook(&tx, &caller, &id)?;
            if webhook.disabled {
                return Err(ApiError::webhook_disabled(&id));
            }
            delivery::invoke(&tx, key, &webhook, clock::unix_millis())?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(empty(200))
}

/// Sandbox only: `GET /sandbox/droplit/deliveries[?webhookId=W...][&limit=N][&cursor=C]`,
/// the caller's recorded deliveries, newest first, one page at a time, as
/// `{"items": [...], "next_cursor": C|null}`: `limit` 1 to 100 (50 unless given), `cursor`
/// the previous page's `next_cursor`. inferred: InstaVM's paging, as Droplit documents no
/// list of calls; a `limit` or `cursor` the sandbox cannot read is a 400 in the query. Each
/// ecosystem keeps its newest `limits::DELIVERIES_PER_OWNER` deliveries.
pub async fn recorded_list(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, ApiError> {
    let (caller, parts, _) = take_in(&state, req).await?;
    let query = query_of(&parts);
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let webhook_id = param(SANDBOX_DELIVERIES_QUERY).map(str::to_owned);
    let limit = page::limit(param("limit"));
    let before = param("cursor").map(page::parse_cursor);
    let mut problems = Vec::new();
    if limit.is_none() {
        problems.push(Problem::new(
            "limit",
            "invalid",
            format!(
                "field must be an integer from 1 to {}",
                crate::common::limits::DELIVERIES_PAGE_MAX
            ),
        ));
    }
    if before == Some(None) {
        problems.push(Problem::new(
            "cursor",
            "invalid",
            "field is not a cursor of this list",
        ));
    }
    check(&[], &problems, &[])?;
    let (limit, before) = (limit.unwrap_or_default(), before.flatten());
    let (items, next_cursor) = state
        .db
        .call(move |conn, _| {
            queries::list_deliveries(conn, &caller, webhook_id.as_deref(), before, limit)
        })
        .await?;
    Ok(json(
        StatusCode::OK,
        &serde_json::json!({ "items": items, "next_cursor": next_cursor }),
    ))
}

/// Sandbox only: `GET /sandbox/droplit/deliveries/{id}`, one recorded delivery.
pub async fn recorded(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (caller, mut parts, _) = take_in(&state, req).await?;
    let id = id_of(&mut parts, &state).await;
    let delivery = state
        .db
        .call(move |conn, _| queries::get_delivery(conn, &caller, &id))
        .await?;
    Ok(json(StatusCode::OK, &delivery))
}
