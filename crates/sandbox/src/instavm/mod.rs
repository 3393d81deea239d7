//! InstaVM's webhook endpoints (a FastAPI + pydantic server): `X-API-Key`, one user per
//! key with an integer `user_id`, endpoints with signing secrets (`whsec_...`, sealed at
//! rest, shown only by create and rotate-secret), deliveries signed
//! `InstaVM-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`, and errors
//! as FastAPI writes them (`{"detail": ...}`; 422 bodies from the rules crate).
//!
//! Beside the API, under the same auth:
//! - `POST /sandbox/instavm/events` `{event_type, data}`: one event, delivered to every
//!   enabled endpoint of the user whose patterns select it; answers `{event, deliveries}`.
//! - `GET /sandbox/instavm/deliveries/{id}`: the exact request of a delivery
//!   (`wire::RecordedRequest`: `url`, `headers` as `[name, value]` pairs in the order
//!   sent, `body` as the exact text signed), so anyone can check its signature.
//!
//! No request leaves the sandbox: what became of a delivery is decided from its URL
//! (`delivery::outcome`).

pub mod auth;
pub mod bounds;
pub mod delivery;
pub mod error;
pub mod queries;
pub mod routes;
pub mod time;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use webhook_rules::instavm::paths;

use crate::AppState;
use crate::common::db::{Db, Internal};
use crate::common::dialect::Dialect;
use error::ApiError;
use routes::{deliveries, endpoints, sandbox};

/// InstaVM's flags.
#[derive(Clone, Debug, clap::Args)]
#[group(id = "instavm")]
#[command(next_help_heading = "InstaVM")]
pub struct Flags {
    /// Make sure a user with this InstaVM API key exists (repeatable; each key is its own
    /// user, with its own endpoints). Without any, a demo key is created once and printed
    /// on start.
    #[arg(long = "instavm-key", value_name = "KEY", value_parser = parse_key)]
    pub keys: Vec<String>,
}

fn parse_key(s: &str) -> Result<String, String> {
    if s.is_empty() {
        Err("expected a non-empty API key".to_owned())
    } else {
        Ok(s.to_owned())
    }
}

/// Makes sure the users exist; returns the demo key when it is in use, to be printed.
pub fn open(db: &Db, flags: &Flags) -> Result<Option<String>, String> {
    db.blocking(|conn, key| queries::setup_users(conn, key, &flags.keys))
        .map_err(|e| format!("cannot set up InstaVM users: {e}"))
}

/// Paths of the sandbox's InstaVM additions.
pub const SANDBOX_PREFIX: &str = "/sandbox/instavm";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            paths::ENDPOINTS,
            get(endpoints::list).post(endpoints::create),
        )
        .route(
            &paths::endpoint("{id}"),
            get(endpoints::get)
                .patch(endpoints::patch)
                .delete(endpoints::delete),
        )
        .route(
            &paths::rotate_secret("{id}"),
            post(endpoints::rotate_secret),
        )
        .route(&paths::test("{id}"), post(endpoints::test))
        .route(&paths::verify("{id}"), post(endpoints::verify))
        .route(paths::DELIVERIES, get(deliveries::list))
        .route(&paths::replay("{id}"), post(deliveries::replay))
        .route(paths::SANDBOX_EVENTS, post(sandbox::events))
        .route(&paths::sandbox_delivery("{id}"), get(sandbox::recorded))
}

/// FastAPI's answers for the shared layers.
pub struct InstaVmDialect;

impl Dialect for InstaVmDialect {
    fn error(
        &self,
        status: StatusCode,
        message: String,
        retry_after_secs: Option<u64>,
    ) -> Response {
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            // What a FastAPI server answers for an unhandled exception.
            return ApiError::from(Internal).into_response();
        }
        let mut resp = ApiError::detail(status, &message).into_response();
        if let Some(secs) = retry_after_secs {
            resp.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        resp
    }

    fn not_found(&self, _method: &Method, _path: &str) -> Response {
        ApiError::not_found("Not Found").into_response()
    }

    fn method_not_allowed(&self, _method: &Method, _path: &str) -> Response {
        ApiError::detail(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response()
    }

    fn truncated_body(&self) -> &'static str {
        r#"{"endpoint":{"id":"truncat"#
    }
}
