//! The timeout field: a Go duration such as `1.5s` or `500ms`, explained as the admin
//! types (what it parses to, what empty means, the limit).

use leptos::prelude::*;
use webhook_rules::slashid::timeout;

use crate::providers::slashid::words as t;
use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;

#[component]
pub fn TimeoutField(
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_blur: Callback<()>,
    #[prop(into)] on_change: Callback<()>,
) -> impl IntoView {
    // What the current text means, when it is valid; the error itself comes from the form.
    let meaning = move || {
        value.with(|v| match timeout::check(v) {
            Ok(0) => Some(t::timeout_means_default(
                timeout::DEFAULT_SYNC_HOOK_NANOS,
                timeout::DEFAULT_EVENT_NANOS,
            )),
            Ok(nanos) => Some(t::timeout_means(nanos)),
            Err(_) => None,
        })
    };
    let described = move || {
        let mut ids = String::from("wc-timeout-help wc-timeout-meaning");
        if error.get().is_some() {
            ids.push_str(" wc-timeout-err");
        }
        ids
    };
    view! {
        <div class="field">
            <label for="wc-timeout">{t::FIELD_TIMEOUT}</label>
            <input
                id="wc-timeout"
                type="text"
                inputmode="text"
                autocomplete="off"
                spellcheck="false"
                placeholder=t::TIMEOUT_PLACEHOLDER
                class="narrow"
                prop:value=move || value.get()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    on_change.run(());
                }
                on:blur=crate::browser::dom::live_blur(move || on_blur.run(()))
            />
            <p class="hint" id="wc-timeout-help">
                {t::timeout_help(timeout::MAX_NANOS)}
            </p>
            <p class="hint parsed" id="wc-timeout-meaning" aria-live="polite">
                {move || meaning().unwrap_or_default()}
            </p>
            {show_if(move || error.with(Option::is_some), move || view! {
                <LongText
                    text=Signal::derive(move || error.get().unwrap_or_default())
                    class="field-error"
                    id="wc-timeout-err"
                />
            })}
        </div>
    }
}
