//! The console's state, in signals: the connection, where the admin is (navigation lives
//! here, never in the page's path: the console is embedded in someone else's page), and
//! the webhooks loaded so far.

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::droplit::wire::Webhook;

use crate::error::ApiError;
use crate::providers::droplit::client::{self, Client, Connection, Secrets};
use crate::providers::droplit::errors::{Gone, ecosystem_problem, gone};
use crate::providers::droplit::secret::Secret;
use crate::providers::droplit::words as t;
pub use crate::shell::{Notice, NoticeKind};

/// Where the admin is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Connect,
    List,
    Create,
    Detail(String),
    Edit(String),
    /// The delivery verifier.
    Verify,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Url,
    Description,
    Created,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

/// A recorded delivery's header and body, handed to the verifier (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ToVerify {
    pub signature: String,
    pub body: String,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub connection: RwSignal<Option<Connection>>,
    pub view: RwSignal<View>,
    /// `None` until the list was loaded once.
    pub webhooks: RwSignal<Option<Vec<Webhook>>>,
    pub list_loading: RwSignal<bool>,
    pub list_error: RwSignal<Option<ApiError>>,
    /// Set when any call answered 401/403: the app then shows the "check your token" state.
    pub auth_error: RwSignal<Option<ApiError>>,
    /// The server's problem with the connection's ecosystem id (404 or 400), shown on the
    /// connect form's ecosystem field.
    pub ecosystem_problem: RwSignal<Option<Problem>>,
    pub notice: RwSignal<Option<Notice>>,
    /// The list's search text and sort, kept across navigation.
    pub list_query: RwSignal<String>,
    pub list_sort: RwSignal<Sort>,
    /// The secrets this tab knows, by webhook id: those an answer echoed and those the
    /// admin set here. In memory only; masked wherever shown; forgotten on disconnect.
    pub secrets: RwSignal<Secrets>,
    /// What a recorded delivery's "Verify" hands to the verifier, taken once.
    pub to_verify: RwSignal<Option<ToVerify>>,
    /// An answer of this connection carried the sandbox's mark: recorded deliveries exist.
    pub sandbox: RwSignal<bool>,
    list_generation: RwSignal<u64>,
    /// The embedding mount (see `crate::host`) whose credentials and events the API
    /// client uses; `None` in tests.
    pub mount: Option<u32>,
    /// The host gave an API key or `getCredentials`: the connect form asks for no token.
    pub host_credentials: bool,
    /// What the connect form starts with when nothing is connected yet (the host's
    /// `apiBase` and `orgId`, the ecosystem).
    pub prefill: StoredValue<Option<Connection>>,
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    pub fn new() -> Self {
        Self {
            connection: RwSignal::new(None),
            view: RwSignal::new(View::Connect),
            webhooks: RwSignal::new(None),
            list_loading: RwSignal::new(false),
            list_error: RwSignal::new(None),
            auth_error: RwSignal::new(None),
            ecosystem_problem: RwSignal::new(None),
            notice: RwSignal::new(None),
            list_query: RwSignal::new(String::new()),
            list_sort: RwSignal::new(Sort::default()),
            secrets: RwSignal::new(Vec::new()),
            to_verify: RwSignal::new(None),
            sandbox: RwSignal::new(false),
            list_generation: RwSignal::new(0),
            mount: None,
            host_credentials: false,
            prefill: StoredValue::new(None),
        }
    }

    /// A client for the current connection.
    pub fn client(&self) -> Option<Client> {
        self.connection.get_untracked().map(|c| Client {
            mount: self.mount,
            sandbox_seen: Some(self.sandbox),
            secrets: Some(self.secrets),
            ..Client::new(c)
        })
    }

    pub fn go(&self, view: View) {
        self.notice.set(None);
        self.view.set(view);
    }

    /// Goes somewhere and says something there.
    pub fn go_with(&self, view: View, kind: NoticeKind, text: String) {
        self.view.set(view);
        self.notice.set(Some(Notice { kind, text }));
    }

    pub fn say(&self, kind: NoticeKind, text: String) {
        self.notice.set(Some(Notice { kind, text }));
    }

    pub fn connect(&self, connection: Connection) {
        crate::host::task::new_epoch(self.mount);
        self.connection.set(Some(connection));
        self.auth_error.set(None);
        self.ecosystem_problem.set(None);
        self.webhooks.set(None);
        self.secrets.set(Vec::new());
        self.sandbox.set(false);
        self.go(View::List);
        self.reload_webhooks();
    }

    /// Back to the connect form; the fields stay filled (the token too, in memory only).
    /// The secrets this tab knew are forgotten.
    pub fn disconnect(&self) {
        crate::host::task::new_epoch(self.mount);
        self.auth_error.set(None);
        self.webhooks.set(None);
        self.secrets.set(Vec::new());
        self.to_verify.set(None);
        self.go(View::Connect);
    }

    /// Remembers an error that means "wrong token"; `true` when it was one.
    pub fn check_auth(&self, err: &ApiError) -> bool {
        if err.is_unauthorized() {
            self.auth_error.set(Some(err.clone()));
            true
        } else {
            false
        }
    }

    /// Fetches the list again; an answer to an older request is ignored. An answer that
    /// refuses the ecosystem takes the admin back to the connect form, the server's words
    /// on the ecosystem field.
    pub fn reload_webhooks(&self) {
        let Some(client) = self.client() else { return };
        let this = *self;
        let generation = self.list_generation.get_untracked() + 1;
        self.list_generation.set(generation);
        self.list_loading.set(true);
        self.list_error.set(None);
        crate::host::task::spawn(this.mount, async move {
            let result = client.list_webhooks().await;
            if this.list_generation.try_get_untracked() != Some(generation) {
                return;
            }
            this.list_loading.set(false);
            match result {
                Ok(list) => this.webhooks.set(Some(list)),
                Err(e) => {
                    if let Some(problem) = ecosystem_problem(&e) {
                        let text = t::problem_text(&problem, &client.connection.ecosystem_id);
                        this.ecosystem_problem.set(Some(problem));
                        this.webhooks.set(None);
                        this.go_with(
                            View::Connect,
                            NoticeKind::Error,
                            t::ecosystem_refused(&text),
                        );
                        return;
                    }
                    this.check_auth(&e);
                    this.list_error.set(Some(e));
                }
            }
        });
    }

    /// Puts a created or changed webhook into the loaded list (no refetch of thousands).
    pub fn upsert_webhook(&self, webhook: Webhook) {
        self.webhooks.update(|list| {
            if let Some(list) = list {
                match list.iter_mut().find(|w| w.id == webhook.id) {
                    Some(w) => *w = webhook,
                    None => list.push(webhook),
                }
            }
        });
    }

    pub fn remove_webhook(&self, id: &str) {
        self.webhooks.update(|list| {
            if let Some(list) = list {
                list.retain(|w| w.id != id);
            }
        });
        self.secrets.update(|s| client::remember(s, id, None));
    }

    pub fn cached_webhook(&self, id: &str) -> Option<Webhook> {
        self.webhooks.with_untracked(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|w| w.id == id).cloned())
        })
    }

    /// What the console knows of a webhook's secret (tracked).
    pub fn secret_of(&self, id: &str) -> Option<Secret> {
        self.secrets
            .with(|s| s.iter().find(|(i, _)| i == id).map(|(_, s)| s.clone()))
    }

    /// A PUT or create that set (`Some(s)` non-empty), removed (`Some("")`) or kept
    /// (`None`) the secret.
    pub fn secret_set(&self, id: &str, sent: Option<&str>) {
        if let Some(sent) = sent {
            let known = (!sent.is_empty()).then(|| Secret::new(sent.to_owned()));
            self.secrets.update(|s| client::remember(s, id, known));
        }
    }

    /// After a plain-text 404 on a webhook: it is gone from the list, the list is loaded
    /// again, and the admin is told. `true` when `e` was that 404.
    pub fn webhook_gone(&self, id: &str, e: &ApiError) -> bool {
        if gone(e) != Some(Gone::Webhook) {
            return false;
        }
        self.remove_webhook(id);
        self.reload_webhooks();
        true
    }

    /// Opens the delivery verifier on a recorded delivery.
    pub fn verify(&self, delivery: ToVerify) {
        self.to_verify.set(Some(delivery));
        self.go(View::Verify);
    }
}
