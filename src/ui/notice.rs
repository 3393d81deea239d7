//! The console's loading line and its "could not load" notice, the same in every view.

use leptos::prelude::*;

use crate::text as t;

/// `text` while something loads, announced politely.
pub fn loading(text: &'static str) -> AnyView {
    view! { <p class="loading" role="status">{text}</p> }.into_any()
}

/// A load that failed: what (`what`), why (`error`), and a Retry button when `retry` is
/// given.
pub fn load_failed(what: &'static str, error: String, retry: Option<Callback<()>>) -> AnyView {
    view! {
        <div class="notice error" role="alert">
            <p class="long-text">{what} " " {error}</p>
            {retry.map(|retry| {
                view! {
                    <button type="button" class="btn secondary small" on:click=move |_| retry.run(())>
                        {t::RETRY}
                    </button>
                }
            })}
        </div>
    }
    .into_any()
}
