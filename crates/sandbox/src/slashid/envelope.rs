//! SlashID's response envelope, and the one error type every handler returns.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use webhook_rules::Problem;
use webhook_rules::slashid::errors::wire_message;
use webhook_rules::slashid::wire::Envelope;

use crate::common::db::Internal;
use crate::common::rate_limit::Limited;

/// `201` / `200` with `{result: ...}`.
pub fn ok<T: Serialize>(status: StatusCode, result: T) -> Response {
    (status, Json(Envelope::ok(result))).into_response()
}

/// A request that failed: an envelope with one error per message, all with the same code.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub messages: Vec<String>,
    pub retry_after_secs: Option<u64>,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            messages: vec![message.into()],
            retry_after_secs: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// Every problem the rules found, each as its own envelope error.
    pub fn problems(problems: &[Problem]) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            messages: problems.iter().map(wire_message).collect(),
            retry_after_secs: None,
        }
    }

    pub fn too_many_requests(retry_after_secs: u64, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            messages: vec![message.into()],
            retry_after_secs: Some(retry_after_secs),
        }
    }

    /// A fault of the sandbox itself (see `Internal`).
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Internal::new(cause).into()
    }
}

impl From<Internal> for Failure {
    fn from(_: Internal) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error in the sandbox",
        )
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Self::internal(e)
    }
}

impl From<Limited> for Failure {
    fn from(l: Limited) -> Self {
        Self::too_many_requests(l.retry_after_secs, l.message)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let code = self.status.as_u16();
        let mut resp = (
            self.status,
            Json(Envelope::<()>::error(code, self.messages)),
        )
            .into_response();
        if let Some(secs) = self.retry_after_secs {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::REQUEST_TIMEOUT {
            // RFC 9110 §15.5.9: a 408 closes the connection. Browsers silently resend a
            // request that got a 408 on a reused connection; a resent create would then
            // meet its own applied change and come back 409, hiding the 408 from the
            // console.
            resp.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        resp
    }
}
