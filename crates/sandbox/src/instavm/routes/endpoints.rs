//! `/v1/webhooks/endpoints` and everything under it.

use axum::extract::{FromRequestParts, Request, State};
use axum::response::Response;
use webhook_rules::instavm::wire::VerifyResult;

use crate::AppState;
use crate::common::{body, work};
use crate::instavm::auth::User;
use crate::instavm::bounds;
use crate::instavm::delivery::{self, Event};
use crate::instavm::error::ApiError;
use crate::instavm::queries;
use crate::instavm::routes::{Id, ok};
use webhook_rules::instavm::validate::{self, EndpointUpdate, NewEndpoint};

/// A request with a body, taken in in FastAPI's order: the body is read and, when sent as
/// JSON, decoded before the route's dependencies run, so a body that is no JSON is
/// answered (422, or 400) even without an API key; then the key; then the model's verdict
/// (`judge`) and the sandbox's bounds. Decoding and judging run off the async workers
/// (`work::cpu`), in one go: the verdict waits for the key.
async fn take_in<T: Send + 'static>(
    state: &AppState,
    req: Request,
    judge: fn(Option<&str>, &[u8]) -> Result<T, ApiError>,
) -> Result<(User, T), ApiError> {
    let (mut parts, body) = req.into_parts();
    let content_type = body::content_type(&parts.headers);
    let raw = body::read_limited(Request::new(body)).await?;
    let verdict = work::cpu(move || {
        validate::decode_body(content_type.as_deref(), &raw)?;
        Ok::<_, ApiError>(judge(content_type.as_deref(), &raw))
    })
    .await??;
    let user = User::from_request_parts(&mut parts, state).await?;
    Ok((user, verdict?))
}

fn judge_create(content_type: Option<&str>, raw: &[u8]) -> Result<NewEndpoint, ApiError> {
    let new = validate::read_create(content_type, raw)?;
    bounds::create(&new)?;
    Ok(new)
}

fn judge_update(content_type: Option<&str>, raw: &[u8]) -> Result<EndpointUpdate, ApiError> {
    let update = validate::read_update(content_type, raw)?;
    bounds::update(&update)?;
    Ok(update)
}

pub async fn create(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let (user, new) = take_in(&state, req, judge_create).await?;
    let created = state
        .db
        .call(move |conn, key| queries::insert_endpoint(conn, key, user.id, &new))
        .await?;
    Ok(ok(&created))
}

pub async fn list(State(state): State<AppState>, user: User) -> Result<Response, ApiError> {
    let endpoints = state
        .db
        .call(move |conn, _| queries::list_endpoints(conn, user.id))
        .await?;
    Ok(ok(&endpoints))
}

pub async fn get(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let endpoint = state
        .db
        .call(move |conn, _| queries::get_endpoint(conn, user.id, &id))
        .await?;
    Ok(ok(&endpoint))
}

pub async fn patch(
    State(state): State<AppState>,
    Id(id): Id,
    req: Request,
) -> Result<Response, ApiError> {
    let (user, update) = take_in(&state, req, judge_update).await?;
    let endpoint = state
        .db
        .call(move |conn, _| queries::update_endpoint(conn, user.id, &id, &update))
        .await?;
    Ok(ok(&endpoint))
}

/// The API's "soft-disable". inferred: answers 200 with the endpoint, now `enabled:
/// false`; it stays readable and listed, and PATCH `enabled: true` brings it back.
pub async fn delete(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let endpoint = state
        .db
        .call(move |conn, _| queries::disable_endpoint(conn, user.id, &id))
        .await?;
    Ok(ok(&endpoint))
}

/// inferred: answers as create does, `{endpoint, secret}`; the new secret is shown here
/// only. Allowed on a disabled endpoint.
pub async fn rotate_secret(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let rotated = state
        .db
        .call(move |conn, key| queries::rotate_secret(conn, key, user.id, &id))
        .await?;
    Ok(ok(&rotated))
}

/// Enqueues a `webhook.test` delivery, whatever the endpoint's patterns. inferred: the
/// sandbox delivers it at once and answers the delivery, its outcome decided.
pub async fn test(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let recorded = state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let endpoint = queries::get_endpoint(&tx, user.id, &id)?;
            if !endpoint.enabled {
                return Err(ApiError::endpoint_disabled());
            }
            let event = Event::test(&endpoint.id);
            let recorded = delivery::deliver(&tx, key, &endpoint, event.outgoing())?;
            tx.commit()?;
            Ok(recorded)
        })
        .await?;
    Ok(ok(&recorded.delivery))
}

/// The challenge. inferred: the sandbox records a signed `webhook.verification` delivery
/// carrying a random challenge (fetchable like any other, `/sandbox/instavm/deliveries/
/// {id}`); the endpoint passes when that delivery succeeds (`delivery::outcome`), which
/// sets `last_verified_at`; otherwise `verified: false` with the reason. A challenge is a
/// check, not an event: it leaves the endpoint's delivery state (last delivery, last error,
/// consecutive failures) as it is. Either way a 200 with `VerifyResult`. Allowed on a
/// disabled endpoint, so that a receiver can be checked before it is enabled again.
pub async fn verify(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let result = state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let endpoint = queries::get_endpoint(&tx, user.id, &id)?;
            let event = Event::challenge(&endpoint.id);
            let recorded = delivery::record(&tx, key, &endpoint, event.outgoing())?;
            let error = recorded.delivery.last_error;
            if error.is_none() {
                queries::set_verified(&tx, &endpoint.id, &recorded.delivery.created_at)?;
            }
            let endpoint = queries::get_endpoint(&tx, user.id, &id)?;
            tx.commit()?;
            Ok::<_, ApiError>(VerifyResult {
                verified: error.is_none(),
                error,
                endpoint,
            })
        })
        .await?;
    Ok(ok(&result))
}
