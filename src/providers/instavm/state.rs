//! InstaVM's console state, in signals: the connection, where the admin is (navigation
//! lives here, never in the page's path: the console is embedded in someone else's page),
//! the endpoints loaded so far, and what the deliveries view filters on.
//!
//! No signing secret is ever held here: a new secret lives in the secret dialog's own
//! signal while the dialog is open (`views::secret_dialog`), and the verifier's secret in
//! that view's own input.

use leptos::prelude::*;
use webhook_rules::instavm::wire::Endpoint;

use crate::error::ApiError;
use crate::ids::IdSet;
use crate::providers::instavm::client::{Client, Connection, DeliveryFilter};
pub use crate::shell::{Notice, NoticeKind};

/// Where the admin is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    Connect,
    List,
    Create,
    Detail(String),
    Edit(String),
    /// The deliveries of every endpoint, filtered by `AppState::delivery_filter`.
    Deliveries,
    /// The delivery verifier; what a recorded delivery pre-fills is in
    /// `AppState::verify_header` and `verify_body`.
    Verify,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Url,
    Status,
    Failures,
    LastDelivery,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub connection: RwSignal<Option<Connection>>,
    pub view: RwSignal<View>,
    /// `None` until the list was loaded once.
    pub endpoints: RwSignal<Option<Vec<Endpoint>>>,
    pub list_loading: RwSignal<bool>,
    pub list_error: RwSignal<Option<ApiError>>,
    /// Set when any call answered 401/403: the app then shows the "check your key" state.
    pub auth_error: RwSignal<Option<ApiError>>,
    pub notice: RwSignal<Option<Notice>>,
    /// The list's search text and sort, kept across navigation.
    pub list_query: RwSignal<String>,
    pub list_sort: RwSignal<Sort>,
    /// The deliveries view's filters, kept across navigation (an endpoint's "Deliveries"
    /// sets its id).
    pub delivery_filter: RwSignal<DeliveryFilter>,
    /// What a recorded delivery's "Verify" puts into the verifier: its signature header
    /// and body (never a secret); emptied once the verifier took them.
    pub verify_header: RwSignal<String>,
    pub verify_body: RwSignal<String>,
    /// An answer of this connection carried the sandbox's mark: recorded requests exist.
    pub sandbox: RwSignal<bool>,
    /// The deliveries being replayed now (by their row or a bulk replay): a delivery is
    /// never replayed twice at once. Kept here, not in the view, so that leaving the view
    /// and coming back while a replay is in flight still knows it.
    pub replaying: RwSignal<IdSet>,
    list_generation: RwSignal<u64>,
    /// The embedding mount (see `crate::host`) whose credentials and events the API
    /// client uses; `None` in tests.
    pub mount: Option<u32>,
    /// What the connect form starts with when nothing is connected yet (the host's
    /// `apiBase`).
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
            endpoints: RwSignal::new(None),
            list_loading: RwSignal::new(false),
            list_error: RwSignal::new(None),
            auth_error: RwSignal::new(None),
            notice: RwSignal::new(None),
            list_query: RwSignal::new(String::new()),
            list_sort: RwSignal::new(Sort::default()),
            delivery_filter: RwSignal::new(DeliveryFilter::default()),
            verify_header: RwSignal::new(String::new()),
            verify_body: RwSignal::new(String::new()),
            sandbox: RwSignal::new(false),
            replaying: RwSignal::new(IdSet::default()),
            list_generation: RwSignal::new(0),
            mount: None,
            prefill: StoredValue::new(None),
        }
    }

    /// A client for the current connection.
    pub fn client(&self) -> Option<Client> {
        self.connection.get_untracked().map(|c| Client {
            mount: self.mount,
            sandbox_seen: Some(self.sandbox),
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
        self.endpoints.set(None);
        self.sandbox.set(false);
        self.delivery_filter.set(DeliveryFilter::default());
        self.verify_header.set(String::new());
        self.verify_body.set(String::new());
        self.go(View::List);
        self.reload_endpoints();
    }

    /// Back to the connect form; the fields stay filled (the key too, in memory only).
    pub fn disconnect(&self) {
        crate::host::task::new_epoch(self.mount);
        self.auth_error.set(None);
        self.endpoints.set(None);
        self.go(View::Connect);
    }

    /// Remembers an error that means "wrong key"; `true` when it was one.
    pub fn check_auth(&self, err: &ApiError) -> bool {
        if err.is_unauthorized() {
            self.auth_error.try_set(Some(err.clone()));
            true
        } else {
            false
        }
    }

    /// Fetches the list again; an answer to an older request is ignored.
    pub fn reload_endpoints(&self) {
        let Some(client) = self.client() else { return };
        let this = *self;
        let generation = self.list_generation.get_untracked() + 1;
        self.list_generation.set(generation);
        self.list_loading.set(true);
        self.list_error.set(None);
        crate::host::task::spawn(this.mount, async move {
            let result = client.list_endpoints().await;
            if this.list_generation.try_get_untracked() != Some(generation) {
                return;
            }
            this.list_loading.set(false);
            match result {
                Ok(list) => this.endpoints.set(Some(list)),
                Err(e) => {
                    this.check_auth(&e);
                    this.list_error.set(Some(e));
                }
            }
        });
    }

    /// Puts a created or changed endpoint into the loaded list (no refetch).
    pub fn upsert_endpoint(&self, endpoint: Endpoint) {
        self.endpoints.try_update(|list| {
            if let Some(list) = list {
                match list.iter_mut().find(|e| e.id == endpoint.id) {
                    Some(e) => *e = endpoint,
                    None => list.push(endpoint),
                }
            }
        });
    }

    /// An endpoint the server no longer knows (404).
    pub fn forget_endpoint(&self, id: &str) {
        self.endpoints.try_update(|list| {
            if let Some(list) = list {
                list.retain(|e| e.id != id);
            }
        });
    }

    pub fn cached_endpoint(&self, id: &str) -> Option<Endpoint> {
        self.endpoints.with_untracked(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|e| e.id == id).cloned())
        })
    }

    /// Opens the deliveries view on one endpoint's deliveries.
    pub fn deliveries_of(&self, endpoint_id: &str) {
        self.delivery_filter.set(DeliveryFilter {
            endpoint_id: endpoint_id.to_owned(),
            ..Default::default()
        });
        self.go(View::Deliveries);
    }

    /// Marks `id` as being replayed; `false` when it already was.
    pub fn start_replay(&self, id: &str) -> bool {
        self.replaying
            .try_update(|r| r.insert(id.to_owned()))
            .unwrap_or(false)
    }

    pub fn end_replay(&self, id: &str) {
        self.replaying.try_update(|r| r.remove(id));
    }

    /// Opens the verifier on a recorded delivery's header and body.
    pub fn verify(&self, header: String, body: String) {
        self.verify_header.set(header);
        self.verify_body.set(body);
        self.go(View::Verify);
    }
}
