//! The Show/Hide toggle beside a masked secret: one pressed state for assistive
//! technology, and the same words, wherever a secret can be revealed.

use leptos::prelude::*;

use crate::text as t;

/// `show`/`hide` name what the button reveals ("Show signing secret"). Where the words
/// are the short "Show"/"Hide" (a row of several values), `of` names the value for
/// assistive technology: `aria-label` "Show value of X-Key", starting with the words seen.
#[component]
pub fn RevealButton(
    revealed: RwSignal<bool>,
    /// The id of the input it unmasks, when there is one.
    #[prop(optional)]
    controls: Option<&'static str>,
    #[prop(default = t::SHOW)] show: &'static str,
    #[prop(default = t::HIDE)] hide: &'static str,
    /// What it reveals, after the word seen: `value of X-Key`.
    #[prop(optional, into)]
    of: Option<Signal<String>>,
) -> impl IntoView {
    let word = move || if revealed.get() { hide } else { show };
    view! {
        <button
            type="button"
            class="btn secondary small"
            aria-controls=controls
            // Without `of`, the words seen (the same name): one attribute type with the
            // console's other changing labels.
            aria-label=move || match of {
                Some(of) => t::reveal_label(word(), &of.get()),
                None => word().to_owned(),
            }
            aria-pressed=move || if revealed.get() { "true" } else { "false" }
            on:click=move |_| revealed.update(|r| *r = !*r)
        >
            {word}
        </button>
    }
}
