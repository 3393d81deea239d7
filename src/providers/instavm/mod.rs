//! InstaVM webhook endpoints: the console for its API (a FastAPI + pydantic server). Its
//! rules and wire types are `webhook_rules::instavm`; here are the call (`client`,
//! `errors`), the form's logic (`form`), bulk replays' bookkeeping (`replay`), the routes, the words, the state and the views.
//!
//! InstaVM is where the "secret hint" promise is real: an endpoint's signing secret is
//! shown once, in a dialog, right after create or rotate; afterwards only its hint.

pub mod app;
pub mod client;
pub mod errors;
pub mod form;
pub mod replay;
pub mod routes;
pub mod state;
pub mod views;
pub mod words;

use leptos::prelude::*;

use crate::host::Start;
use crate::host::hash::{self, Routes};
use client::Connection;
use state::AppState;

/// Starts InstaVM's console in a mount: connected at once when the host gave
/// credentials, else on the connect form, pre-filled with the host's `apiBase`.
pub fn start(start: Start) -> AnyView {
    let opts = &start.options;
    let connection = Connection {
        base_url: opts
            .api_base
            .clone()
            .unwrap_or_else(crate::browser::dom::page_origin),
        api_key: String::new(),
    };
    let mut state = AppState::new();
    state.mount = Some(start.mount);
    if start.has_credentials {
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
