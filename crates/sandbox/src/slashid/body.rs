//! The JSON body extractor: every way a body can be wrong becomes a 400 envelope saying
//! what is wrong. The body is parsed off the async workers (`work::cpu`): a hostile one
//! (a mebibyte of keys, deep nesting) costs a CPU permit, never a worker.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::common::body::{self, BodyError};
use crate::common::work;
use crate::slashid::envelope::Failure;

pub struct ApiJson<T>(pub T);

impl From<BodyError> for Failure {
    fn from(e: BodyError) -> Self {
        Failure::bad_request(e.message())
    }
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned + Send + 'static,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let is_json =
            body::content_type(req.headers()).is_some_and(|v| body::is_json_content_type(&v));
        let bytes = body::read_limited(req).await?;
        if !is_json {
            return Err(Failure::bad_request(
                "Content-Type: the request body must be sent as application/json",
            ));
        }
        work::cpu(move || {
            serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
                Failure::bad_request(match e.classify() {
                    serde_json::error::Category::Data => format!("request body: {e}"),
                    _ => format!("request body is not valid JSON: {e}"),
                })
            })
        })
        .await?
    }
}
