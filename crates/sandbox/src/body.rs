//! The JSON body extractor: every way a body can be wrong becomes a 400 envelope saying
//! what is wrong, never axum's plain-text rejection, a 500 or a dropped connection.

use axum::extract::{FromRequest, Request};
use axum::http::header;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;

use crate::MAX_BODY_BYTES;
use crate::envelope::Failure;

/// How much of an oversized body is read and thrown away before answering, so that the
/// client, still sending, reads a 400 rather than a reset connection. Past this the
/// connection is closed after the answer.
const DRAIN_LIMIT_BYTES: usize = 16 * MAX_BODY_BYTES;

pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json_content_type);
        let bytes = read_limited(req).await?;
        if !is_json {
            return Err(Failure::bad_request(
                "Content-Type: the request body must be sent as application/json",
            ));
        }
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
            Failure::bad_request(match e.classify() {
                serde_json::error::Category::Data => format!("request body: {e}"),
                _ => format!("request body is not valid JSON: {e}"),
            })
        })
    }
}

fn is_json_content_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

async fn read_limited(req: Request) -> Result<Vec<u8>, Failure> {
    let mut body = req.into_body();
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Failure::bad_request("request body could not be read"))?;
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
        return Err(Failure::bad_request(format!(
            "request body is too large: at most {} KiB is accepted",
            MAX_BODY_BYTES / 1024
        )));
    }
    Ok(bytes)
}
