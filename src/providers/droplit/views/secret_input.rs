//! A masked input for what must not be seen over a shoulder (the token, a signing
//! secret): masked by CSS (a text input no password manager offers to save) until its reveal toggle, named for what it reveals, is
//! pressed. The value lives in the input's property only, never in an attribute, so the
//! page's markup never holds it.

use leptos::prelude::*;

use crate::ui::long_text::LongText;
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;

#[component]
pub fn SecretInput(
    /// The input's id; its hint is `{id}-hint`, its error `{id}-err`.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    /// The toggle's words: `Show secret` / `Hide secret`.
    show: &'static str,
    hide: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] on_blur: Option<Callback<()>>,
    #[prop(into, optional)] on_change: Option<Callback<()>>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-err");
    let described = {
        let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let blur = crate::browser::dom::live_blur(move || {
        if let Some(cb) = on_blur {
            cb.run(());
        }
    });
    view! {
        <div class="field">
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> }.into_any())}
            </label>
            <div class="input-with-button">
                <input
                    id=id
                    type="text"
                    class:masked=move || !revealed.get()
                    autocomplete="off"
                    data-1p-ignore=""
                    data-lpignore="true"
                    data-bwignore=""
                    data-form-type="other"
                    spellcheck="false"
                    aria-required=required.then_some("true")
                    aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=described
                    disabled=move || disabled.get()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        if let Some(cb) = on_change {
                            cb.run(());
                        }
                    }
                    on:blur=blur
                />
                <RevealButton revealed=revealed controls=id show=show hide=hide />
            </div>
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
