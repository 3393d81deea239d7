//! The typed client of SlashID's Organization Webhooks API, over the browser's `fetch`.
//!
//! Every request carries `SlashID-OrgID` and `SlashID-API-Key`; every mutation also
//! carries the consistency headers. Nothing here logs: headers hold the key.

use leptos::prelude::{GetUntracked, RwSignal, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use webhook_rules::sandbox::SANDBOX_HEADER;
use webhook_rules::slashid::consistency::{self, Consistency};
use webhook_rules::slashid::delivery::RecordedDelivery;
use webhook_rules::slashid::wire::{
    Jwks, TestEventSpec, Trigger, Webhook, WebhookCreate, WebhookPatch,
};

use super::{ApiError, Connection};
use crate::embed::{self, Change};

const WEBHOOKS: &str = "/organizations/webhooks";

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
    /// hears about changes and errors (`crate::embed`).
    pub mount: Option<u32>,
    /// Set to `true` once an answer carries the sandbox's mark (`X-Webhook-Sandbox: 1`).
    pub sandbox_seen: Option<RwSignal<bool>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A 2xx answer: its status and body text.
struct Answer {
    body: String,
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
        let a = self.call(Method::Get, WEBHOOKS, None).await?;
        result_of(&a.body)
    }

    pub async fn get_webhook(&self, id: &str) -> Result<Webhook, ApiError> {
        let a = self.call(Method::Get, &webhook_path(id), None).await?;
        result_of(&a.body)
    }

    pub async fn create_webhook(&self, body: &WebhookCreate) -> Result<Webhook, ApiError> {
        let json = to_json(body)?;
        let created: Webhook = change(async {
            let a = self.call(Method::Post, WEBHOOKS, Some(json)).await?;
            result_of(&a.body)
        })
        .await?;
        embed::changed(self.mount, Change::WebhookCreated, &created.id, None);
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
        embed::changed(self.mount, Change::WebhookUpdated, id, None);
        Ok(updated)
    }

    /// Also deletes the webhook's triggers.
    pub async fn delete_webhook(&self, id: &str) -> Result<(), ApiError> {
        change(self.call(Method::Delete, &webhook_path(id), None)).await?;
        embed::changed(self.mount, Change::WebhookDeleted, id, None);
        Ok(())
    }

    pub async fn list_triggers(&self, id: &str) -> Result<Vec<Trigger>, ApiError> {
        let a = self
            .call(Method::Get, &format!("{}/triggers", webhook_path(id)), None)
            .await?;
        // A webhook without triggers may come back with no `result` at all.
        Ok(envelope_of::<Vec<Trigger>>(&a.body)?.unwrap_or_default())
    }

    pub async fn add_trigger(&self, id: &str, trigger: &Trigger) -> Result<(), ApiError> {
        let json = to_json(trigger)?;
        let path = format!("{}/triggers", webhook_path(id));
        change(self.call(Method::Post, &path, Some(json))).await?;
        let t = (trigger.trigger_type.as_str(), trigger.trigger_name.as_str());
        embed::changed(self.mount, Change::TriggerAdded, id, Some(t));
        Ok(())
    }

    /// Triggers have no id: they are addressed by type and name.
    pub async fn remove_trigger(&self, id: &str, trigger: &Trigger) -> Result<(), ApiError> {
        let path = format!(
            "{}/triggers?trigger_type={}&trigger_name={}",
            webhook_path(id),
            encode(&trigger.trigger_type),
            encode(&trigger.trigger_name)
        );
        change(self.call(Method::Delete, &path, None)).await?;
        let t = (trigger.trigger_type.as_str(), trigger.trigger_name.as_str());
        embed::changed(self.mount, Change::TriggerRemoved, id, Some(t));
        Ok(())
    }

    /// A bare JWKS, not enveloped.
    pub async fn verification_jwks(&self) -> Result<Jwks, ApiError> {
        let a = self
            .call(Method::Get, &format!("{WEBHOOKS}/verification-jwks"), None)
            .await?;
        serde_json::from_str(&a.body).map_err(|e| ApiError::Malformed(e.to_string()))
    }

    pub async fn send_test_events(
        &self,
        specs: &[TestEventSpec],
    ) -> Result<Vec<SentTestEvent>, ApiError> {
        let json = to_json(specs)?;
        change(async {
            let a = self.call(Method::Post, "/test-events", Some(json)).await?;
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
            Some(id) => format!("/sandbox/deliveries?webhook_id={}", encode(id)),
            None => "/sandbox/deliveries".to_owned(),
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
        let Some(_in_flight) = embed::begin_call(self.mount) else {
            return Err(ApiError::Network(crate::i18n::EMBED_UNMOUNTED.to_owned()));
        };
        let mut result = self.call_once(method, path, body.as_deref(), false).await;
        if result.as_ref().is_err_and(ApiError::is_unauthorized) && embed::can_refresh(self.mount) {
            result = self.call_once(method, path, body.as_deref(), true).await;
        }
        // A read of something missing is shown in place (and the sandbox-only
        // deliveries endpoint is a 404 on the real API): not worth a host event.
        if let Err(e) = &result
            && !(method == Method::Get && matches!(e, ApiError::NotFound(_)))
        {
            embed::failed(self.mount, e);
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
        let net = |e: JsValue| ApiError::Network(js_text(&e));
        let headers = web_sys::Headers::new().map_err(net)?;
        headers
            .set("SlashID-OrgID", &self.connection.org_id)
            .map_err(net)?;
        headers
            .set("SlashID-API-Key", &self.connection.api_key)
            .map_err(net)?;
        headers.set("Accept", "application/json").map_err(net)?;
        for (name, value) in embed::credential_headers(self.mount, refresh).await? {
            headers.set(&name, &value).map_err(net)?;
        }
        if method != Method::Get {
            headers
                .set(consistency::LEVEL_HEADER, self.consistency.level.as_str())
                .map_err(net)?;
            headers
                .set(
                    consistency::TIMEOUT_HEADER,
                    &self.consistency.timeout_secs.to_string(),
                )
                .map_err(net)?;
        }
        let init = web_sys::RequestInit::new();
        init.set_method(method.as_str());
        if let Some(body) = body {
            headers
                .set("Content-Type", "application/json")
                .map_err(net)?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let url = self.connection.url(path);
        let request = web_sys::Request::new_with_str_and_init(&url, &init).map_err(net)?;
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(net)?
            .dyn_into()
            .map_err(|_| ApiError::Malformed("not a Response".into()))?;
        let status = response.status();
        if let Some(seen) = self.sandbox_seen
            && seen.try_get_untracked() == Some(false)
            && response
                .headers()
                .get(SANDBOX_HEADER)
                .ok()
                .flatten()
                .as_deref()
                == Some("1")
        {
            seen.try_set(true);
        }
        let text = match response.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        if (200..300).contains(&status) {
            Ok(Answer { body: text })
        } else {
            let retry_after = response.headers().get("Retry-After").ok().flatten();
            Err(ApiError::from_response(
                status,
                &text,
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
    format!("{WEBHOOKS}/{}", encode(id))
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| ApiError::Malformed(e.to_string()))
}

/// The `result` of an enveloped answer, if it has one.
fn envelope_of<T: DeserializeOwned>(body: &str) -> Result<Option<T>, ApiError> {
    let malformed = |e: serde_json::Error| ApiError::Malformed(e.to_string());
    super::raw_envelope(body)
        .map_err(malformed)?
        .result
        .map(|raw| serde_json::from_str(raw.get()))
        .transpose()
        .map_err(malformed)
}

fn result_of<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    envelope_of::<T>(body)?.ok_or_else(|| ApiError::Malformed("the answer has no result".into()))
}

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "request failed".into())
}
