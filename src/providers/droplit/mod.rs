//! Droplit webhooks: the console for its API. Its rules and wire types are
//! `webhook_rules::droplit`; here are the call (`client`, `errors`), the routes, the
//! words, the state, the form's requests, the signature check and the views.

pub mod app;
pub mod client;
pub mod errors;
pub mod form;
pub mod routes;
pub mod secret;
pub mod signature;
pub mod state;
pub mod views;
pub mod words;

use leptos::prelude::*;
use webhook_rules::droplit::validate_list_query;

use crate::host::Start;
use crate::host::hash::{self, Routes};
use client::Connection;
use state::AppState;

/// Starts Droplit's console in a mount: connected at once when the host gave an
/// ecosystem (its `orgId` option) that the rules accept and credentials, else on the
/// connect form, pre-filled.
pub fn start(start: Start) -> AnyView {
    let opts = &start.options;
    let ecosystem_id = opts.org_id.clone().unwrap_or_default();
    let connection = Connection {
        base_url: opts
            .api_base
            .clone()
            .unwrap_or_else(crate::browser::dom::page_origin),
        ecosystem_id: ecosystem_id.clone(),
        token: String::new(),
    };
    let mut state = AppState::new();
    state.mount = Some(start.mount);
    state.host_credentials = start.has_credentials;
    let valid = validate_list_query(&[("ecosystemId".to_owned(), ecosystem_id)]).is_ok();
    if valid && start.has_credentials {
        state.connect(connection);
    } else {
        state.prefill.set_value(Some(connection));
    }
    if opts.hash_routing {
        let routes = Routes {
            hash_of: routes::hash_of,
            view_of: routes::view_of,
        };
        let connected = move || state.connection.with_untracked(Option::is_some);
        // A window that refuses the listener leaves the console without hash routing.
        let _ = hash::sync(&start, state.view, routes, connected, move |v| state.go(v));
    }
    provide_context(state);
    view! { <app::Console /> }.into_any()
}
