//! A labelled text input (or text area) with its hint and its error, wired for screen
//! readers: `aria-invalid` and `aria-describedby` follow the error.

use leptos::prelude::*;

use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;

#[component]
pub fn TextField(
    /// The UI key: the input's id is `wc-{key}`, its error's `wc-{key}-err`.
    key: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_blur: Callback<()>,
    #[prop(into)] on_change: Callback<()>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] input_type: Option<&'static str>,
) -> impl IntoView {
    let id = format!("wc-{key}");
    let err_id = format!("wc-{key}-err");
    let hint_id = format!("wc-{key}-hint");
    let described = {
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || {
        if error.get().is_some() {
            "true"
        } else {
            "false"
        }
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="2"
                placeholder=placeholder
                prop:value=move || value.get()
                aria-invalid=invalid
                aria-describedby=described
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    on_change.run(());
                }
                on:blur=crate::browser::dom::live_blur(move || on_blur.run(()))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=input_type.unwrap_or("text")
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                aria-required=required.then_some("true")
                prop:value=move || value.get()
                aria-invalid=invalid
                aria-describedby=described
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    on_change.run(());
                }
                on:blur=crate::browser::dom::live_blur(move || on_blur.run(()))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> }.into_any())}
            </label>
            {input}
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> }.into_any())}
            {show_if(move || error.with(Option::is_some), move || view! {
                <LongText
                    text=Signal::derive(move || error.get().unwrap_or_default())
                    class="field-error"
                    id=err_id.clone()
                />
            })}
        </div>
    }
}
