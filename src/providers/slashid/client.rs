//! The typed client of SlashID's Organization Webhooks API, over the browser's `fetch`.
//!
//! Every request carries `SlashID-OrgID` and `SlashID-API-Key`; every mutation also
//! carries the consistency headers. Nothing here logs: headers hold the key.

use std::fmt;

use leptos::prelude::{GetUntracked, RwSignal, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use webhook_rules::sandbox::SANDBOX_HEADER;
use webhook_rules::slashid::consistency::Consistency;
use webhook_rules::slashid::delivery::RecordedDelivery;
use webhook_rules::slashid::paths;
use webhook_rules::slashid::wire::{
    Jwks, TestEventSpec, Trigger, Webhook, WebhookCreate, WebhookPatch,
};

use super::errors::{from_response, raw_envelope};
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
    pub org_id: String,
    pub api_key: String,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base_url)
            .field("org_id", &self.org_id)
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

/// The part of a generated test event (`wire::TestEvent`) the console shows. Reading only
/// these fields keeps serde's `flatten` machinery, and its size, out of the bundle.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct SentTestEvent {
    pub event_id: String,
    pub event_name: String,
    #[serde(default)]
    pub timestamp: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub connection: Connection,
    pub consistency: Consistency,
    /// The embedding mount: its credentials are added to every request, and its element
    /// hears about changes and errors (`crate::host`).
    pub mount: Option<u32>,
    /// Set to `true` once an answer carries the sandbox's mark (`X-Webhook-Sandbox: 1`).
    pub sandbox_seen: Option<RwSignal<bool>>,
}

impl Client {
    pub fn new(connection: Connection, consistency: Consistency) -> Self {
        Self {
            connection,
            consistency,
            mount: None,
            sandbox_seen: None,
        }
    }

    /// Reports the sandbox's mark on any answer into `seen`.
    pub fn noticing_sandbox(mut self, seen: RwSignal<bool>) -> Self {
        self.sandbox_seen = Some(seen);
        self
    }

    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>, ApiError> {
        let a = self.call(Method::Get, paths::WEBHOOKS, None).await?;
        result_of(&a.body)
    }

    pub async fn get_webhook(&self, id: &str) -> Result<Webhook, ApiError> {
        let a = self.call(Method::Get, &webhook_path(id), None).await?;
        result_of(&a.body)
    }

    pub async fn create_webhook(&self, body: &WebhookCreate) -> Result<Webhook, ApiError> {
        let json = to_json(body)?;
        let created: Webhook = change(async {
            let a = self.call(Method::Post, paths::WEBHOOKS, Some(json)).await?;
            result_of(&a.body)
        })
        .await?;
        events::changed(self.mount, Change::WebhookCreated, &created.id, None);
        Ok(created)
    }

    /// `custom_headers`, when present in `body`, replaces every header of the webhook.
    pub async fn patch_webhook(&self, id: &str, body: &WebhookPatch) -> Result<Webhook, ApiError> {
        let json = to_json(body)?;
        let updated: Webhook = change(async {
            let a = self
                .call(Method::Patch, &webhook_path(id), Some(json))
                .await?;
            result_of(&a.body)
        })
        .await?;
        events::changed(self.mount, Change::WebhookUpdated, id, None);
        Ok(updated)
    }

    /// Also deletes the webhook's triggers.
    pub async fn delete_webhook(&self, id: &str) -> Result<(), ApiError> {
        change(self.call(Method::Delete, &webhook_path(id), None)).await?;
        events::changed(self.mount, Change::WebhookDeleted, id, None);
        Ok(())
    }

    pub async fn list_triggers(&self, id: &str) -> Result<Vec<Trigger>, ApiError> {
        let a = self
            .call(Method::Get, &paths::triggers(&encode(id)), None)
            .await?;
        // A webhook without triggers may come back with no `result` at all.
        Ok(envelope_of::<Vec<Trigger>>(&a.body)?.unwrap_or_default())
    }

    pub async fn add_trigger(&self, id: &str, trigger: &Trigger) -> Result<(), ApiError> {
        let json = to_json(trigger)?;
        let path = paths::triggers(&encode(id));
        change(self.call(Method::Post, &path, Some(json))).await?;
        let t = (trigger.trigger_type.as_str(), trigger.trigger_name.as_str());
        events::changed(self.mount, Change::TriggerAdded, id, Some(t));
        Ok(())
    }

    /// Triggers have no id: they are addressed by type and name.
    pub async fn remove_trigger(&self, id: &str, trigger: &Trigger) -> Result<(), ApiError> {
        let path = format!(
            "{}?trigger_type={}&trigger_name={}",
            paths::triggers(&encode(id)),
            encode(&trigger.trigger_type),
            encode(&trigger.trigger_name)
        );
        change(self.call(Method::Delete, &path, None)).await?;
        let t = (trigger.trigger_type.as_str(), trigger.trigger_name.as_str());
        events::changed(self.mount, Change::TriggerRemoved, id, Some(t));
        Ok(())
    }

    /// A bare JWKS, not enveloped.
    pub async fn verification_jwks(&self) -> Result<Jwks, ApiError> {
        let a = self.call(Method::Get, paths::JWKS, None).await?;
        serde_json::from_str(&a.body).map_err(|e| http::json_error(&e))
    }

    pub async fn send_test_events(
        &self,
        specs: &[TestEventSpec],
    ) -> Result<Vec<SentTestEvent>, ApiError> {
        let json = to_json(specs)?;
        change(async {
            let a = self
                .call(Method::Post, paths::TEST_EVENTS, Some(json))
                .await?;
            Ok(envelope_of::<Vec<SentTestEvent>>(&a.body)?.unwrap_or_default())
        })
        .await
    }

    /// The calls the sandbox recorded for a webhook, newest first. Sandbox only: ask only
    /// once an answer carried [`SANDBOX_HEADER`]; a real API would answer 404
    /// (`ApiError::NotFound`), which the browser logs as an error.
    pub async fn recorded_deliveries(
        &self,
        webhook_id: Option<&str>,
    ) -> Result<Vec<RecordedDelivery>, ApiError> {
        let path = match webhook_id {
            Some(id) => format!("{}?webhook_id={}", paths::SANDBOX_DELIVERIES, encode(id)),
            None => paths::SANDBOX_DELIVERIES.to_owned(),
        };
        let a = self.call(Method::Get, &path, None).await?;
        Ok(envelope_of::<Vec<RecordedDelivery>>(&a.body)?.unwrap_or_default())
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
        // A read of something missing is shown in place (and the sandbox-only
        // deliveries endpoint is a 404 on the real API): not worth a host event.
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
        let level = self.consistency.level.as_str();
        let timeout = self.consistency.timeout_secs.to_string();
        let mut headers = vec![
            (paths::ORG_HEADER, c.org_id.as_str()),
            (paths::API_KEY_HEADER, c.api_key.as_str()),
            ("Accept", "application/json"),
        ];
        if method != Method::Get {
            headers.push((paths::LEVEL_HEADER, level));
            headers.push((paths::TIMEOUT_HEADER, &timeout));
        }
        let given = credentials::credentials(self.mount, refresh).await?;
        match &given {
            Credentials::None => {}
            Credentials::Key(key) => headers.push((paths::API_KEY_HEADER, key)),
            Credentials::Headers(pairs) => {
                headers.extend(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            }
        }
        // A change waits for the consistency level as long as it asked the server to.
        let timeout = match method {
            Method::Get => http::READ_TIMEOUT_SECS,
            _ => http::READ_TIMEOUT_SECS + self.consistency.timeout_secs,
        };
        let answer = http::send(method, &c.url(path), &headers, body, timeout).await?;
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

fn webhook_path(id: &str) -> String {
    paths::webhook(&encode(id))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| http::json_error(&e))
}

/// The `result` of an enveloped answer, if it has one.
fn envelope_of<T: DeserializeOwned>(body: &str) -> Result<Option<T>, ApiError> {
    let malformed = |e: serde_json::Error| http::json_error(&e);
    raw_envelope(body)
        .map_err(malformed)?
        .result
        .map(|raw| serde_json::from_str(raw.get()))
        .transpose()
        .map_err(malformed)
}

fn result_of<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    envelope_of::<T>(body)?.ok_or(ApiError::Malformed("no result"))
}
