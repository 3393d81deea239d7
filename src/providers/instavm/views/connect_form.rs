//! Where the admin says where InstaVM's API is and which key to use. The key stays in
//! memory: never in storage, the URL or a log.

use leptos::prelude::*;

use crate::providers::instavm::client::Connection;
use crate::providers::instavm::state::AppState;
use crate::providers::instavm::words as t;
use crate::ui::heading::h;
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;

#[component]
pub fn ConnectForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let previous = state
        .connection
        .get_untracked()
        .or_else(|| state.prefill.get_value())
        .unwrap_or_default();
    let base_url = RwSignal::new(if previous.base_url.is_empty() {
        crate::browser::dom::page_origin()
    } else {
        previous.base_url
    });
    let api_key = RwSignal::new(previous.api_key);
    let reveal = RwSignal::new(false);
    let missing = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if api_key.with_untracked(String::is_empty) {
            missing.set(true);
            crate::browser::dom::focus_id_soon("wc-connect-api_key".into());
            return;
        }
        missing.set(false);
        state.connect(Connection {
            base_url: base_url
                .get_untracked()
                .trim()
                .trim_end_matches('/')
                .to_owned(),
            api_key: api_key.get_untracked(),
        });
    };

    view! {
        <section class="panel connect" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::CONNECT_TITLE).into_any())}
            <p class="muted">{t::CONNECT_INTRO}</p>
            <form novalidate on:submit=on_submit>
                <div class="field">
                    <label for="wc-connect-base">{t::FIELD_BASE_URL}</label>
                    <input
                        id="wc-connect-base"
                        type="url"
                        autocomplete="url"
                        spellcheck="false"
                        aria-describedby="wc-connect-base-hint"
                        prop:value=move || base_url.get()
                        on:input=move |ev| base_url.set(event_target_value(&ev))
                    />
                    <p class="hint" id="wc-connect-base-hint">{t::BASE_URL_HINT}</p>
                </div>
                <div class="field">
                    <label for="wc-connect-api_key">
                        {t::FIELD_API_KEY}
                        <span class="required" aria-hidden="true">" *"</span>
                    </label>
                    <div class="input-with-button">
                        <input
                            id="wc-connect-api_key"
                            type="text"
                            class:masked=move || !reveal.get()
                            autocomplete="off"
                            data-1p-ignore=""
                            data-lpignore="true"
                            data-bwignore=""
                            data-form-type="other"
                            spellcheck="false"
                            aria-required="true"
                            aria-invalid=move || if missing.get() { "true" } else { "false" }
                            aria-describedby=move || {
                                if missing.get() {
                                    "wc-connect-api_key-hint wc-connect-api_key-err"
                                } else {
                                    "wc-connect-api_key-hint"
                                }
                            }
                            prop:value=move || api_key.get()
                            on:input=move |ev| api_key.set(event_target_value(&ev))
                        />
                        <RevealButton revealed=reveal controls="wc-connect-api_key" show=t::SHOW_KEY hide=t::HIDE_KEY />
                    </div>
                    <p class="hint" id="wc-connect-api_key-hint">{t::API_KEY_HINT}</p>
                    {show_if(move || missing.get(), move || view! {
                        <p class="field-error" id="wc-connect-api_key-err">
                            {t::API_KEY_REQUIRED}
                        </p>
                    })}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn primary">{t::CONNECT}</button>
                </div>
            </form>
        </section>
    }
}
