//! The Show/Hide toggle beside a masked secret: one pressed state for assistive
//! technology, and the same words, wherever a secret can be revealed.

use leptos::prelude::*;

use crate::text as t;

#[component]
pub fn RevealButton(
    revealed: RwSignal<bool>,
    /// The id of the input it unmasks, when there is one.
    #[prop(optional)]
    controls: Option<&'static str>,
    #[prop(default = t::SHOW)] show: &'static str,
    #[prop(default = t::HIDE)] hide: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="btn secondary small"
            aria-controls=controls
            aria-pressed=move || if revealed.get() { "true" } else { "false" }
            on:click=move |_| revealed.update(|r| *r = !*r)
        >
            {move || if revealed.get() { hide } else { show }}
        </button>
    }
}
