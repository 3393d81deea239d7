//! Reading request bodies with a size limit. Every API answers an oversized or broken
//! body in its own shape (`BodyError` is mapped by each), never with axum's plain-text
//! rejection, a 500 or a dropped connection.

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How much of an oversized body is read and thrown away before answering, so that the
/// client, still sending, reads the error rather than a reset connection. Past this the
/// connection is closed after the answer.
const DRAIN_LIMIT_BYTES: usize = 16 * MAX_BODY_BYTES;

#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// More than `MAX_BODY_BYTES`.
    TooLarge,
    /// The connection failed while the body was read.
    Unreadable,
}

impl BodyError {
    pub fn message(&self) -> String {
        match self {
            Self::TooLarge => format!(
                "request body is too large: at most {} KiB is accepted",
                MAX_BODY_BYTES / 1024
            ),
            Self::Unreadable => "request body could not be read".to_owned(),
        }
    }
}

/// The request's `Content-Type`, when it is text.
pub fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

pub fn is_json_content_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

pub async fn read_limited(req: Request) -> Result<Vec<u8>, BodyError> {
    let mut body = req.into_body();
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyError::Unreadable)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen += data.len();
        if seen <= MAX_BODY_BYTES {
            bytes.extend_from_slice(&data);
        } else if seen > DRAIN_LIMIT_BYTES {
            break;
        }
    }
    if seen > MAX_BODY_BYTES {
        return Err(BodyError::TooLarge);
    }
    Ok(bytes)
}
