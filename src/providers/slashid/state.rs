//! The console's state, in signals: the connection, where the admin is (navigation lives
//! here, never in the page's path: the console is embedded in someone else's page), and
//! the webhooks loaded so far.

use leptos::prelude::*;
use webhook_rules::slashid::consistency::Consistency;
use webhook_rules::slashid::wire::{Jwks, Webhook};

use crate::error::ApiError;
use crate::ids::IdCounts;
use crate::providers::slashid::client::{Client, Connection};
pub use crate::shell::{Notice, NoticeKind};

/// Where the admin is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Connect,
    List,
    Create,
    Detail(String),
    Edit(String),
    Keys,
    TestEvents,
    Settings,
    /// The delivery verifier; what it checks is in `AppState::verify_input`.
    Verify,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub connection: RwSignal<Option<Connection>>,
    pub consistency: RwSignal<Consistency>,
    pub view: RwSignal<View>,
    /// `None` until the list was loaded once.
    pub webhooks: RwSignal<Option<Vec<Webhook>>>,
    pub list_loading: RwSignal<bool>,
    pub list_error: RwSignal<Option<ApiError>>,
    /// Trigger counts of the webhooks whose triggers were fetched (the API has no counts).
    pub trigger_counts: RwSignal<IdCounts>,
    /// Bumped whenever counts are invalidated: a count fetched before is not stored.
    pub trigger_count_epoch: RwSignal<usize>,
    /// Set when any call answered 401/403: the app then shows the "check your key" state.
    pub auth_error: RwSignal<Option<ApiError>>,
    pub notice: RwSignal<Option<Notice>>,
    /// The list's search text and sort, kept across navigation.
    pub list_query: RwSignal<String>,
    pub list_sort: RwSignal<Sort>,
    /// The token in the delivery verifier (a recorded delivery's "Verify" fills it).
    pub verify_input: RwSignal<String>,
    /// The organization's verification keys, once loaded (the keys view and the verifier
    /// share them: the JWKS endpoint is rate-limited).
    pub jwks: RwSignal<Option<Jwks>>,
    /// When the verifier last fetched the keys (Unix seconds): for an unknown `kid` it
    /// fetches them again at most once per `delivery::JWKS_REFETCH_SECS`.
    pub jwks_fetched_at: StoredValue<Option<i64>>,
    /// An answer of this connection carried the sandbox's mark: recorded deliveries exist.
    pub sandbox: RwSignal<bool>,
    list_generation: RwSignal<usize>,
    /// The embedding mount (see `crate::host`) whose credentials and events the API
    /// client uses; `None` in tests.
    pub mount: Option<u32>,
    /// What the connect form starts with when nothing is connected yet (the host's
    /// `api-base` and `org-id`).
    pub prefill: StoredValue<Option<Connection>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    TargetUrl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
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
            consistency: RwSignal::new(Consistency::default()),
            view: RwSignal::new(View::Connect),
            webhooks: RwSignal::new(None),
            list_loading: RwSignal::new(false),
            list_error: RwSignal::new(None),
            trigger_counts: RwSignal::new(IdCounts::default()),
            trigger_count_epoch: RwSignal::new(0),
            auth_error: RwSignal::new(None),
            notice: RwSignal::new(None),
            list_query: RwSignal::new(String::new()),
            list_sort: RwSignal::new(Sort::default()),
            verify_input: RwSignal::new(String::new()),
            jwks: RwSignal::new(None),
            jwks_fetched_at: StoredValue::new(None),
            sandbox: RwSignal::new(false),
            list_generation: RwSignal::new(0),
            mount: None,
            prefill: StoredValue::new(None),
        }
    }

    /// A client for the current connection and consistency setting.
    pub fn client(&self) -> Option<Client> {
        self.connection.get_untracked().map(|c| Client {
            mount: self.mount,
            ..Client::new(c, self.consistency.get_untracked()).noticing_sandbox(self.sandbox)
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
        self.webhooks.set(None);
        self.trigger_counts.set(IdCounts::default());
        self.jwks.set(None);
        self.jwks_fetched_at.set_value(None);
        self.sandbox.set(false);
        self.go(View::List);
        self.reload_webhooks();
    }

    /// Back to the connect form; the fields stay filled (the key too, in memory only).
    pub fn disconnect(&self) {
        crate::host::task::new_epoch(self.mount);
        self.auth_error.set(None);
        self.webhooks.set(None);
        self.go(View::Connect);
    }

    /// Remembers an error that means "wrong key or organization"; `true` when it was one.
    pub fn check_auth(&self, err: &ApiError) -> bool {
        if err.is_unauthorized() {
            self.auth_error.set(Some(err.clone()));
            true
        } else {
            false
        }
    }

    /// Fetches the list again; an answer to an older request is ignored.
    pub fn reload_webhooks(&self) {
        let Some(client) = self.client() else { return };
        let this = *self;
        let generation = self.list_generation.get_untracked() + 1;
        self.list_generation.set(generation);
        self.list_loading.set(true);
        self.list_error.set(None);
        crate::host::task::spawn(this.mount, async move {
            let result = client.list_webhooks().await;
            if this.list_generation.get_untracked() != generation {
                return;
            }
            this.list_loading.set(false);
            match result {
                Ok(list) => this.webhooks.set(Some(list)),
                Err(e) => {
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
        self.trigger_counts.update(|c| {
            c.remove(id);
        });
    }

    pub fn cached_webhook(&self, id: &str) -> Option<Webhook> {
        self.webhooks.with_untracked(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|w| w.id == id).cloned())
        })
    }

    /// Opens the delivery verifier on this token.
    pub fn verify(&self, jwt: String) {
        self.verify_input.set(jwt);
        self.go(View::Verify);
    }

    /// The triggers of `id` changed (or may have): its count is fetched again.
    pub fn invalidate_trigger_count(&self, id: &str) {
        self.trigger_count_epoch.update(|e| *e += 1);
        self.trigger_counts.update(|c| {
            c.remove(id);
        });
    }

    /// Every count is fetched again (the admin asked for fresh data).
    pub fn forget_trigger_counts(&self) {
        self.trigger_count_epoch.update(|e| *e += 1);
        self.trigger_counts.set(IdCounts::default());
    }

    pub fn set_trigger_count(&self, id: &str, count: usize) {
        self.trigger_counts.update(|c| {
            c.insert(id, count);
        });
    }
}
