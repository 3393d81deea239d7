//! Sandbox only: events on demand, and the exact request of a delivery.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use webhook_rules::instavm::wire::Delivery;

use crate::AppState;
use crate::common::body;
use crate::instavm::auth::User;
use crate::instavm::delivery::{self, Event};
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
/// `{event, deliveries}`; 422 `{"detail": "..."}` for a body that is not such an object.
pub async fn events(
    State(state): State<AppState>,
    user: User,
    req: Request,
) -> Result<Response, ApiError> {
    let raw = body::read_limited(req).await?;
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
    let event = Event::new(&request.event_type, request.data);
    let answer = state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let mut deliveries = Vec::new();
            for endpoint in queries::enabled_endpoints(&tx, user.id)? {
                let patterns = &endpoint.subscribed_event_patterns;
                if !patterns.is_empty()
                    && !patterns
                        .iter()
                        .any(|p| patterns::matches(p, &event.event_type))
                {
                    continue;
                }
                let recorded = delivery::deliver(
                    &tx,
                    key,
                    &endpoint,
                    &event.event_type,
                    &event.id,
                    event.body(),
                    None,
                )?;
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
