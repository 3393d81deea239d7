//! InstaVM's errors as FastAPI writes them: `{"detail":"..."}` for an `HTTPException`, the
//! rules' exact 422 bodies, and Starlette's plain-text 500.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::common::body::BodyError;
use crate::common::db::Internal;
use webhook_rules::instavm::errors::detail_body;
use webhook_rules::instavm::validate::Rejection;

/// An answer other than success, with its exact body.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: String,
    pub content_type: &'static str,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    /// `raise HTTPException(status, detail)`.
    pub fn detail(status: StatusCode, detail: &str) -> Self {
        Self {
            status,
            body: detail_body(detail),
            content_type: "application/json",
            headers: Vec::new(),
        }
    }

    /// A 422 with this exact body (FastAPI's `{"detail": [...]}`).
    pub fn unprocessable(body: String) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body,
            content_type: "application/json",
            headers: Vec::new(),
        }
    }

    pub fn not_found(detail: &str) -> Self {
        Self::detail(StatusCode::NOT_FOUND, detail)
    }

    pub fn endpoint_not_found() -> Self {
        // inferred: the words of the server's 404 for an endpoint id it does not know (or
        // that is another user's: the same answer, so ids of others are not revealed).
        Self::not_found("Endpoint not found")
    }

    pub fn delivery_not_found() -> Self {
        // inferred, as `endpoint_not_found`.
        Self::not_found("Delivery not found")
    }

    /// inferred: a disabled endpoint receives nothing (test, replay), and says so.
    pub fn endpoint_disabled() -> Self {
        Self::detail(StatusCode::CONFLICT, "Endpoint is disabled")
    }

    pub fn with_header(mut self, name: HeaderName, value: &'static str) -> Self {
        self.headers.push((name, HeaderValue::from_static(value)));
        self
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        Self {
            status: StatusCode::from_u16(r.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY),
            body: r.body,
            content_type: "application/json",
            headers: Vec::new(),
        }
    }
}

/// Starlette's `ServerErrorMiddleware`: a plain-text 500.
impl From<Internal> for ApiError {
    fn from(_: Internal) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: "Internal Server Error".to_owned(),
            content_type: "text/plain; charset=utf-8",
            headers: Vec::new(),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        Internal::new(e).into()
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e {
            // inferred: Starlette's body limit (413, its status phrase as the detail); the
            // real server's limit is not documented, the sandbox's is `MAX_BODY_BYTES`.
            BodyError::TooLarge => {
                Self::detail(StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large")
            }
            // FastAPI's answer when reading the body fails.
            BodyError::Unreadable => Self::detail(
                StatusCode::BAD_REQUEST,
                "There was an error parsing the body",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (
            self.status,
            [(header::CONTENT_TYPE, self.content_type)],
            self.body,
        )
            .into_response();
        for (name, value) in self.headers {
            resp.headers_mut().append(name, value);
        }
        resp
    }
}
