//! The endpoints, one module per resource.

pub mod deliveries;
pub mod jwks;
pub mod test_events;
pub mod triggers;
pub mod webhooks;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/organizations/webhooks",
            get(webhooks::list).post(webhooks::create),
        )
        // A static segment wins over `{webhook_id}`, so this is never read as an id.
        .route("/organizations/webhooks/verification-jwks", get(jwks::get))
        .route(
            "/organizations/webhooks/{webhook_id}",
            get(webhooks::get)
                .patch(webhooks::patch)
                .delete(webhooks::delete),
        )
        .route(
            "/organizations/webhooks/{webhook_id}/triggers",
            get(triggers::list)
                .post(triggers::create)
                .delete(triggers::delete),
        )
        .route("/test-events", axum::routing::post(test_events::create))
        .route("/sandbox/deliveries", get(deliveries::list))
}

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}
