//! The typed client of InstaVM's webhook API, over the browser's `fetch`.
//!
//! Every request carries the API key in `X-API-Key` (the host's own `apiKey`, or the
//! headers its `getCredentials` gives). Nothing here logs: headers hold the key, and the
//! signing secrets of create and rotate answers are handed to the caller only.

use std::fmt;

use leptos::prelude::{GetUntracked, RwSignal, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use webhook_rules::instavm::paths;
use webhook_rules::instavm::wire::{
    Delivery, DeliveryPage, Endpoint, EndpointWithSecret, RecordedRequest, VerifyResult,
};
use webhook_rules::sandbox::SANDBOX_HEADER;

use super::errors::from_response;
use super::words;
use crate::error::{ApiError, NotSent};
use crate::host::credentials::{self, Credentials};
use crate::host::events::{self, Change};
use crate::http::{self, Answer, Method, encode};

/// Where and as whom the console talks. Lives in memory only: never in storage, the URL
/// or a log. `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// Without a trailing slash; empty means the page's own origin.
    pub base_url: String,
    pub api_key: String,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base_url)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

impl Connection {
    /// `base_url` + `path`, where `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }
}

/// A create or update body: only the fields it names are sent (a PATCH sends only what
/// changed). Built from the rules' normalised values (`validate::NewEndpoint`,
/// `validate::EndpointUpdate`), never from the text as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EndpointBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_patterns: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl EndpointBody {
    pub fn is_empty(&self) -> bool {
        *self == EndpointBody::default()
    }
}

/// The filters of `GET /v1/webhooks/deliveries`; empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    pub endpoint_id: String,
    pub status: String,
    pub event_type: String,
}

impl DeliveryFilter {
    /// The query string (with its `?`, or empty) for this filter, a page size and the
    /// cursor of the page before.
    pub fn query(&self, cursor: Option<&str>, limit: u32) -> String {
        let mut pairs = Vec::new();
        for (name, value) in [
            ("endpoint_id", self.endpoint_id.trim()),
            ("status", self.status.trim()),
            ("event_type", self.event_type.trim()),
        ] {
            if !value.is_empty() {
                pairs.push(format!("{name}={}", encode(value)));
            }
        }
        if let Some(cursor) = cursor {
            pairs.push(format!("cursor={}", encode(cursor)));
        }
        pairs.push(format!("limit={limit}"));
        format!("?{}", pairs.join("&"))
    }
}

/// A new signing secret, as a create or rotate answer gives it. It has no `Debug` or
/// `Display` that shows it: it reaches the screen only through [`Secret::reveal`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Self {
        Secret(text)
    }

    /// The secret itself, for the one dialog that shows it and the clipboard.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// An endpoint with the secret that was just made for it.
pub struct WithSecret {
    pub endpoint: Endpoint,
    pub secret: Secret,
}

impl From<EndpointWithSecret> for WithSecret {
    fn from(answer: EndpointWithSecret) -> Self {
        WithSecret {
            endpoint: answer.endpoint,
            secret: Secret(answer.secret),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub connection: Connection,
    /// The embedding mount: its credentials are added to every request, and its element
    /// hears about changes and errors (`crate::host`).
    pub mount: Option<u32>,
    /// Set to `true` once an answer carries the sandbox's mark (`X-Webhook-Sandbox: 1`).
    pub sandbox_seen: Option<RwSignal<bool>>,
}

impl Client {
    pub fn new(connection: Connection) -> Self {
        Self {
            connection,
            mount: None,
            sandbox_seen: None,
        }
    }

    pub async fn list_endpoints(&self) -> Result<Vec<Endpoint>, ApiError> {
        let a = self.call(Method::Get, paths::ENDPOINTS, None).await?;
        parse(&a.body)
    }

    pub async fn get_endpoint(&self, id: &str) -> Result<Endpoint, ApiError> {
        let a = self.call(Method::Get, &endpoint_path(id), None).await?;
        parse(&a.body)
    }

    /// The answer's secret is returned once, here, and nowhere else.
    pub async fn create_endpoint(&self, body: &EndpointBody) -> Result<WithSecret, ApiError> {
        let json = to_json(body)?;
        let created: EndpointWithSecret = change(async {
            let a = self
                .call(Method::Post, paths::ENDPOINTS, Some(json))
                .await?;
            parse(&a.body)
        })
        .await?;
        events::changed(
            self.mount,
            Change::WebhookCreated,
            &created.endpoint.id,
            None,
        );
        Ok(created.into())
    }

    /// `event_patterns`, when present in `body`, replaces the whole list.
    pub async fn update_endpoint(
        &self,
        id: &str,
        body: &EndpointBody,
    ) -> Result<Endpoint, ApiError> {
        let json = to_json(body)?;
        let updated: Endpoint = change(async {
            let a = self
                .call(Method::Patch, &endpoint_path(id), Some(json))
                .await?;
            parse(&a.body)
        })
        .await?;
        events::changed(self.mount, Change::WebhookUpdated, id, None);
        Ok(updated)
    }

    /// InstaVM's delete is a soft-disable: the endpoint stays, `enabled: false`.
    /// inferred: the answer is the endpoint (the sandbox's); another answer (none, or
    /// another shape) is a success without it, and the caller reads the endpoint again.
    pub async fn delete_endpoint(&self, id: &str) -> Result<Option<Endpoint>, ApiError> {
        let a = change(self.call(Method::Delete, &endpoint_path(id), None)).await?;
        events::changed(self.mount, Change::WebhookDeleted, id, None);
        Ok(serde_json::from_str(&a.body).ok())
    }

    /// The old secret stops working at once; the new one is returned once, here.
    pub async fn rotate_secret(&self, id: &str) -> Result<WithSecret, ApiError> {
        let rotated: EndpointWithSecret = change(async {
            let a = self
                .call(Method::Post, &paths::rotate_secret(&encode(id)), None)
                .await?;
            parse(&a.body)
        })
        .await?;
        events::changed(self.mount, Change::WebhookUpdated, id, None);
        Ok(rotated.into())
    }

    /// Enqueues a `webhook.test` delivery. inferred: the answer is that delivery (the
    /// sandbox's); another shape is a success without it.
    pub async fn send_test(&self, id: &str) -> Result<Option<Delivery>, ApiError> {
        let a = change(self.call(Method::Post, &paths::test(&encode(id)), None)).await?;
        Ok(serde_json::from_str(&a.body).ok())
    }

    /// The challenge verification: whether the endpoint passed, and the endpoint after it.
    pub async fn verify_endpoint(&self, id: &str) -> Result<VerifyResult, ApiError> {
        change(async {
            let a = self
                .call(Method::Post, &paths::verify(&encode(id)), None)
                .await?;
            parse(&a.body)
        })
        .await
    }

    /// One page of deliveries, newest first.
    pub async fn list_deliveries(
        &self,
        filter: &DeliveryFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<DeliveryPage, ApiError> {
        let path = format!("{}{}", paths::DELIVERIES, filter.query(cursor, limit));
        let a = self.call(Method::Get, &path, None).await?;
        parse(&a.body)
    }

    /// Sends a delivery again. inferred: the answer is the new delivery (the sandbox's);
    /// another shape is a success without it.
    pub async fn replay_delivery(&self, id: &str) -> Result<Option<Delivery>, ApiError> {
        let a = change(self.call(Method::Post, &paths::replay(&encode(id)), None)).await?;
        Ok(serde_json::from_str(&a.body).ok())
    }

    /// The exact request of a delivery. Sandbox only: ask only once an answer carried
    /// [`SANDBOX_HEADER`]; a real API answers 404.
    pub async fn recorded_request(&self, id: &str) -> Result<RecordedRequest, ApiError> {
        let a = self
            .call(Method::Get, &paths::sandbox_delivery(&encode(id)), None)
            .await?;
        parse(&a.body)
    }

    /// One request with the mount's credentials; after a 401 or 403, when the host can
    /// give fresh credentials (`getCredentials`), asks once more and retries once. A
    /// failure is also reported to the host's element (without secrets).
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Answer, ApiError> {
        let Some(_in_flight) = crate::host::task::begin(self.mount) else {
            return Err(ApiError::NotSent(NotSent::Unmounted));
        };
        let mut result = self.call_once(method, path, body.as_deref(), false).await;
        if result.as_ref().is_err_and(ApiError::is_unauthorized)
            && credentials::can_refresh(self.mount)
        {
            result = self.call_once(method, path, body.as_deref(), true).await;
        }
        // A read of something missing is shown in place: not worth a host event.
        if let Err(e) = &result
            && !(method == Method::Get && matches!(e, ApiError::NotFound(_)))
        {
            events::failed(self.mount, e, &words::error_text(e));
        }
        result
    }

    async fn call_once(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        refresh: bool,
    ) -> Result<Answer, ApiError> {
        let c = &self.connection;
        let mut headers = vec![("Accept", "application/json")];
        if !c.api_key.is_empty() {
            headers.push((paths::API_KEY_HEADER, c.api_key.as_str()));
        }
        let given = credentials::credentials(self.mount, refresh).await?;
        match &given {
            Credentials::None => {}
            Credentials::Key(key) => headers.push((paths::API_KEY_HEADER, key)),
            Credentials::Headers(pairs) => {
                headers.extend(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            }
        }
        let answer = http::send(
            method,
            &c.url(path),
            &headers,
            body,
            http::READ_TIMEOUT_SECS,
        )
        .await?;
        if let Some(seen) = self.sandbox_seen
            && seen.try_get_untracked() == Some(false)
            && answer.header(SANDBOX_HEADER).as_deref() == Some("1")
        {
            seen.try_set(true);
        }
        if answer.is_success() {
            Ok(answer)
        } else {
            let retry_after = answer.header("Retry-After");
            Err(from_response(
                answer.status,
                &answer.body,
                retry_after.as_deref(),
            ))
        }
    }
}

/// A change's outcome: with no answer, or an unreadable one, it may have been applied.
async fn change<T>(call: impl Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    call.await.map_err(ApiError::of_change)
}

fn endpoint_path(id: &str) -> String {
    paths::endpoint(&encode(id))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| http::json_error(&e))
}

/// A 2xx answer's body as `T`; an unreadable one keeps only the kind of error (never the
/// parser's text, which could quote a value of the answer).
fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| http::json_error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_sends_only_the_fields_it_names() {
        let patch = EndpointBody {
            description: Some(String::new()),
            max_retries: Some(3),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":"","max_retries":3}"#
        );
        assert!(EndpointBody::default().is_empty());
        assert!(!patch.is_empty());
    }

    #[test]
    fn debug_never_shows_a_key_or_a_secret() {
        let c = Connection {
            base_url: "https://api.instavm.io".into(),
            api_key: "ivm_live_supersecret".into(),
        };
        let text = format!("{c:?}");
        assert!(!text.contains("supersecret"), "{text}");
        let s = Secret::new("whsec_abcdefghijkl".into());
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(s.reveal(), "whsec_abcdefghijkl");
    }
}
