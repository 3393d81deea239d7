//! The typed client of Droplit's webhook API, over the browser's `fetch`.
//!
//! Every request carries the token in `authorization`, as it is (no `Bearer`): the one
//! typed on the connect form, or the host's `apiKey` or `getCredentials` headers. Nothing
//! here logs: headers hold the token, bodies may hold a secret.

use std::fmt;

use leptos::prelude::{GetUntracked, RwSignal, Set, Update};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use webhook_rules::droplit::paths;
use webhook_rules::droplit::wire::{
    RecordedDeliveries, RecordedDelivery, Webhook, WebhookCreate, WebhookList, WebhookUpdate,
};
use webhook_rules::sandbox::SANDBOX_HEADER;

use super::errors::from_response;
use super::secret::Secret;
use super::words;
use crate::error::{ApiError, NotSent};
use crate::host::credentials::{self, Credentials};
use crate::host::events::{self, Change};
use crate::http::{self, Answer, Method, encode};

/// Where and as whom the console talks. Lives in memory only: never in storage, the URL
/// or a log. `Debug` never prints the token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// Without a trailing slash; empty means the page's own origin.
    pub base_url: String,
    pub ecosystem_id: String,
    /// Empty when the host gives the credentials.
    pub token: String,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base_url)
            .field("ecosystem_id", &self.ecosystem_id)
            .field("token", &"<redacted>")
            .finish()
    }
}

impl Connection {
    /// `base_url` + `path`, where `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }
}

/// The secrets an answer echoes, by webhook id (Droplit's documented answers have none;
/// a server that sends one gets it masked, never dropped on the floor unmasked).
pub type Secrets = Vec<(String, Secret)>;

#[derive(Deserialize)]
struct Echo {
    #[serde(default)]
    id: String,
    #[serde(default)]
    secret: Option<String>,
}

#[derive(Deserialize)]
struct Echoes {
    #[serde(default)]
    items: Vec<Echo>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub connection: Connection,
    /// The embedding mount: its credentials are added to every request, and its element
    /// hears about changes and errors (`crate::host`).
    pub mount: Option<u32>,
    /// Set to `true` once an answer carries the sandbox's mark (`X-Webhook-Sandbox: 1`).
    pub sandbox_seen: Option<RwSignal<bool>>,
    /// Where a secret an answer echoes is kept (masked by the views).
    pub secrets: Option<RwSignal<Secrets>>,
}

impl Client {
    pub fn new(connection: Connection) -> Self {
        Self {
            connection,
            mount: None,
            sandbox_seen: None,
            secrets: None,
        }
    }

    /// `GET /api/webhooks?ecosystemId=`: the connection's ecosystem's webhooks.
    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>, ApiError> {
        let path = paths::list(&encode(&self.connection.ecosystem_id));
        let a = self.call(Method::Get, &path, None).await?;
        let list: WebhookList = parse(&a.body)?;
        if a.body.contains("\"secret\"") {
            let echoes: Echoes =
                serde_json::from_str(&a.body).unwrap_or(Echoes { items: Vec::new() });
            self.keep_secrets(echoes.items);
        }
        Ok(list.items)
    }

    pub async fn get_webhook(&self, id: &str) -> Result<Webhook, ApiError> {
        let a = self.call(Method::Get, &webhook_path(id), None).await?;
        self.read_webhook(&a.body)
    }

    /// `201` with the webhook.
    pub async fn create_webhook(&self, body: &WebhookCreate) -> Result<Webhook, ApiError> {
        let json = to_json(body)?;
        let created = change(async {
            let a = self.call(Method::Post, paths::WEBHOOKS, Some(json)).await?;
            self.read_webhook(&a.body)
        })
        .await?;
        events::changed(self.mount, Change::WebhookCreated, &created.id, None);
        Ok(created)
    }

    /// A partial `PUT`: `200` with no body.
    pub async fn update_webhook(&self, id: &str, body: &WebhookUpdate) -> Result<(), ApiError> {
        let json = to_json(body)?;
        change(self.call(Method::Put, &webhook_path(id), Some(json))).await?;
        events::changed(self.mount, Change::WebhookUpdated, id, None);
        Ok(())
    }

    pub async fn delete_webhook(&self, id: &str) -> Result<(), ApiError> {
        change(self.call(Method::Delete, &webhook_path(id), None)).await?;
        events::changed(self.mount, Change::WebhookDeleted, id, None);
        Ok(())
    }

    /// Sends the webhook a test call now (`paths::invoke`).
    pub async fn invoke(&self, id: &str) -> Result<(), ApiError> {
        change(self.call(Method::Post, &paths::invoke(&encode(id)), None)).await?;
        Ok(())
    }

    /// The calls the sandbox recorded for a webhook, newest first. Sandbox only: ask
    /// only once an answer carried [`SANDBOX_HEADER`]; a real API would answer 404.
    pub async fn recorded_deliveries(
        &self,
        webhook_id: &str,
    ) -> Result<Vec<RecordedDelivery>, ApiError> {
        let path = format!(
            "{}?{}={}",
            paths::SANDBOX_DELIVERIES,
            paths::SANDBOX_DELIVERIES_QUERY,
            encode(webhook_id)
        );
        let a = self.call(Method::Get, &path, None).await?;
        Ok(parse::<RecordedDeliveries>(&a.body)?.items)
    }

    /// A webhook answer, and the secret it echoes, if any.
    fn read_webhook(&self, body: &str) -> Result<Webhook, ApiError> {
        let webhook: Webhook = parse(body)?;
        if body.contains("\"secret\"")
            && let Ok(echo) = serde_json::from_str::<Echo>(body)
        {
            self.keep_secrets(vec![Echo {
                id: webhook.id.clone(),
                ..echo
            }]);
        }
        Ok(webhook)
    }

    fn keep_secrets(&self, echoes: Vec<Echo>) {
        let Some(sink) = self.secrets else { return };
        let found: Vec<(String, Secret)> = echoes
            .into_iter()
            .filter_map(|e| Some((e.id, Secret::new(e.secret.filter(|s| !s.is_empty())?))))
            .collect();
        if !found.is_empty() {
            sink.try_update(|known| {
                for (id, secret) in found {
                    remember(known, &id, Some(secret));
                }
            });
        }
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
        let mut headers = vec![("Accept", "application/json")];
        if !c.token.is_empty() {
            headers.push((paths::AUTH_HEADER, c.token.as_str()));
        }
        let given = credentials::credentials(self.mount, refresh).await?;
        match &given {
            Credentials::None => {}
            Credentials::Key(key) => headers.push((paths::AUTH_HEADER, key)),
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

/// Records what is known of a webhook's secret: `None` forgets it (it was removed, or
/// replaced by one this console does not know).
pub fn remember(known: &mut Secrets, id: &str, secret: Option<Secret>) {
    known.retain(|(i, _)| i != id);
    if let Some(secret) = secret {
        known.push((id.to_owned(), secret));
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

/// A 2xx answer's body as `T`; an unreadable one is `Malformed` with the kind of fault
/// only (never a value, so never a secret).
fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| http::json_error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let c = Connection {
            base_url: "https://ioe.droplit.io".into(),
            ecosystem_id: "C1".into(),
            token: "tok_supersecret".into(),
        };
        let text = format!("{c:?}");
        assert!(!text.contains("supersecret"), "{text}");
        assert!(text.contains("C1"), "{text}");
    }

    #[test]
    fn remembers_one_secret_per_webhook() {
        let mut known = Secrets::new();
        remember(&mut known, "W1", Some(Secret::new("first-secret-1".into())));
        remember(&mut known, "W2", Some(Secret::new("other-secret-2".into())));
        remember(&mut known, "W1", Some(Secret::new("second-secret".into())));
        assert_eq!(known.len(), 2);
        let w1 = known.iter().find(|(i, _)| i == "W1").unwrap();
        assert_eq!(w1.1.reveal(), "second-secret");
        remember(&mut known, "W1", None);
        assert!(known.iter().all(|(i, _)| i != "W1"));
    }
}
