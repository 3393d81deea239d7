//! Droplit's answers other than success, as its Express server writes them: the rules'
//! `InvalidParams` 400s (JSON), plain-text 401/404/409/413, and Express's own HTML pages
//! for a route it does not have and for a fault of its own.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use webhook_rules::Problem;
use webhook_rules::droplit::errors::{
    self, HTML_CONTENT_TYPE, INTERNAL_ERROR, InvalidParams, JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE,
    code,
};
use webhook_rules::droplit::paths::SANDBOX_HANG_HEADER;
use webhook_rules::droplit::wire;

use crate::common::body::BodyError;
use crate::common::db::Internal;

/// An answer other than success, with its exact body.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: String,
    pub content_type: &'static str,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    /// A plain-text answer (`res.status(status).send(text)`).
    pub fn text(status: StatusCode, text: impl Into<String>) -> Self {
        Self {
            status,
            body: text.into(),
            content_type: TEXT_CONTENT_TYPE,
            headers: Vec::new(),
        }
    }

    /// The 400 of a request's problems. A `url` that would hang the real server is written
    /// as the pattern's message, and the sandbox says so in `SANDBOX_HANG_HEADER` (see
    /// `webhook_rules::droplit::paths`).
    pub fn invalid(params: &InvalidParams, problems: &[&[Problem]]) -> Self {
        let mut error = Self {
            status: StatusCode::BAD_REQUEST,
            body: params.to_json(),
            content_type: JSON_CONTENT_TYPE,
            headers: Vec::new(),
        };
        let hang = problems
            .iter()
            .flat_map(|part| part.iter())
            .find(|p| p.code == code::HANGS_SERVER);
        if let Some(value) = hang.and_then(|p| HeaderValue::from_str(&p.message).ok()) {
            error
                .headers
                .push((HeaderName::from_static(SANDBOX_HANG_HEADER), value));
        }
        error
    }

    /// inferred: a missing, empty or unknown `authorization` token.
    pub fn unauthorized() -> Self {
        Self::text(StatusCode::UNAUTHORIZED, errors::UNAUTHORIZED)
    }

    pub fn webhook_not_found(id: &str) -> Self {
        Self::text(StatusCode::NOT_FOUND, errors::webhook_not_found(id))
    }

    /// Also the answer for an ecosystem the token does not reach (see `auth`).
    pub fn ecosystem_not_found(id: &str) -> Self {
        Self::text(StatusCode::NOT_FOUND, errors::ecosystem_not_found(id))
    }

    pub fn webhook_disabled(id: &str) -> Self {
        Self::text(StatusCode::CONFLICT, errors::webhook_disabled(id))
    }

    /// Sandbox only. inferred: in the words of the documented 404s.
    pub fn delivery_not_found(id: &str) -> Self {
        Self::text(
            StatusCode::NOT_FOUND,
            format!("Delivery with id {id} does not exist."),
        )
    }

    /// Express's HTML error page, with the headers its final handler sends with it.
    pub fn page(status: StatusCode, body: String) -> Self {
        Self {
            status,
            body,
            content_type: HTML_CONTENT_TYPE,
            headers: vec![
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("default-src 'none'"),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
        }
    }
}

/// A fault of the sandbox itself: Express's 500 page.
impl From<Internal> for ApiError {
    fn from(_: Internal) -> Self {
        Self::page(
            StatusCode::INTERNAL_SERVER_ERROR,
            errors::error_page(INTERNAL_ERROR),
        )
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        Internal::new(e).into()
    }
}

/// The rules' verdicts on a body as `body-parser` reads it.
impl From<wire::BodyError> for ApiError {
    fn from(e: wire::BodyError) -> Self {
        match e {
            wire::BodyError::TooLarge => {
                Self::text(StatusCode::PAYLOAD_TOO_LARGE, errors::TOO_LARGE)
            }
            wire::BodyError::Malformed => {
                let body = [errors::malformed_body()];
                let params = InvalidParams::default().with(errors::In::Body, &body);
                Self::invalid(&params, &[])
            }
        }
    }
}

/// The sandbox's own limit (over the API's 100 KiB, so met by the same 413), or a body
/// the connection failed to deliver (as one that is not JSON).
impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge => wire::BodyError::TooLarge.into(),
            BodyError::Unreadable => wire::BodyError::Malformed.into(),
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
