//! The endpoints, one module per resource, and the sandbox's own additions.

pub mod deliveries;
pub mod endpoints;
pub mod sandbox;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::common::db::Internal;
use crate::instavm::error::ApiError;

/// The `{id}` of a path. An id that does not decode (bad percent-encoding) names nothing:
/// FastAPI's 404.
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| Id(id))
            .map_err(|_| ApiError::not_found("Not Found"))
    }
}

/// 200 with the value as compact JSON, as FastAPI writes a response model.
pub fn ok<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
        Err(e) => ApiError::from(Internal::new(e)).into_response(),
    }
}
