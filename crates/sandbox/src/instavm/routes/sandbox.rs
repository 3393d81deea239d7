//! Sandbox only: events on demand, and the exact request of a delivery.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use webhook_rules::instavm::wire::Delivery;

use crate::AppState;
use crate::common::limits::instavm::{
    DELIVERIES_PER_EVENT, EVENT_DATA_MAX_BYTES, EVENT_TYPE_MAX_CHARS,
};
use crate::common::{body, work};
use crate::instavm::auth::User;
use crate::instavm::delivery::{self, Event, Outgoing};
use crate::instavm::error::ApiError;
use crate::instavm::queries;
use crate::instavm::routes::{Id, ok};
use webhook_rules::instavm::patterns;

#[derive(Deserialize)]
struct EventRequest {
    event_type: String,
    #[serde(default = "empty_object")]
    data: serde_json::Value,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

#[derive(Serialize)]
struct EventAnswer {
    event: Event,
    deliveries: Vec<Delivery>,
}

/// `{event_type, data}`: one event, delivered to every enabled endpoint of the user whose
/// patterns select it (inferred: an endpoint without patterns gets every event). Answers
/// `{event, deliveries}`; 422 `{"detail": "..."}` for a body that is not such an object,
/// for an event type or data over the sandbox's bounds, and for an event that would go to
/// more than `DELIVERIES_PER_EVENT` endpoints (nothing is delivered then).
pub async fn events(
    State(state): State<AppState>,
    user: User,
    req: Request,
) -> Result<Response, ApiError> {
    let raw = body::read_limited(req).await?;
    let event = work::cpu(move || {
        let request: EventRequest = serde_json::from_slice(&raw).map_err(|e| {
            ApiError::detail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("expected {{\"event_type\": string, \"data\": object}}: {e}"),
            )
        })?;
        if request.event_type.is_empty() || !request.data.is_object() {
            return Err(ApiError::detail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "event_type must be a non-empty string and data an object",
            ));
        }
        if request.event_type.chars().count() > EVENT_TYPE_MAX_CHARS {
            return Err(ApiError::detail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("event_type must be at most {EVENT_TYPE_MAX_CHARS} characters"),
            ));
        }
        let event = Event::new(&request.event_type, request.data);
        let body = event.body();
        if body.len() > EVENT_DATA_MAX_BYTES {
            return Err(ApiError::detail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("data must be at most {EVENT_DATA_MAX_BYTES} bytes as JSON"),
            ));
        }
        Ok((event, body))
    })
    .await??;
    let (event, body) = event;
    let answer = state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let selected: Vec<_> = queries::enabled_endpoints(&tx, user.id)?
                .into_iter()
                .filter(|endpoint| {
                    let patterns = &endpoint.subscribed_event_patterns;
                    patterns.is_empty()
                        || patterns
                            .iter()
                            .any(|p| patterns::matches(p, &event.event_type))
                })
                .collect();
            if selected.len() > DELIVERIES_PER_EVENT {
                return Err(ApiError::detail(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!(
                        "this event would go to {} endpoints: the sandbox delivers one event \
                         to at most {DELIVERIES_PER_EVENT}",
                        selected.len()
                    ),
                ));
            }
            let mut deliveries = Vec::with_capacity(selected.len());
            for endpoint in &selected {
                let out = Outgoing {
                    event_type: &event.event_type,
                    event_id: &event.id,
                    body: body.clone(),
                    replay_of: None,
                };
                let recorded = delivery::deliver(&tx, key, endpoint, out)?;
                deliveries.push(recorded.delivery);
            }
            tx.commit()?;
            Ok::<_, ApiError>(EventAnswer { event, deliveries })
        })
        .await?;
    Ok(ok(&answer))
}

/// `GET /sandbox/instavm/deliveries/{id}`: `wire::RecordedRequest`, the URL, headers (in
/// the order sent) and body text of the delivery, so its signature can be checked.
pub async fn recorded(
    State(state): State<AppState>,
    user: User,
    Id(id): Id,
) -> Result<Response, ApiError> {
    let recorded = state
        .db
        .call(move |conn, _| queries::get_delivery(conn, user.id, &id))
        .await?;
    Ok(ok(&recorded.request))
}
