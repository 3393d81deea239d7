//! Webhook Console: an admin console for an organization's webhooks, in the browser.

use leptos::prelude::*;

/// The whole console. A library item, not only the binary's, so that the component tests
/// in `tests/` can mount it.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header>
            <h1>"Webhook Console"</h1>
            <p class="version">"version " {env!("CARGO_PKG_VERSION")}</p>
        </header>
    }
}
