//! Where the admin says which API, which organization and which key. The key stays in
//! memory: never in storage, the URL or a log.

use leptos::prelude::*;

use crate::ids::SortedSet;
use crate::providers::slashid::client::Connection;
use crate::providers::slashid::state::AppState;
use crate::providers::slashid::words as t;
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
    let org_id = RwSignal::new(previous.org_id);
    let api_key = RwSignal::new(previous.api_key);
    let reveal = RwSignal::new(false);
    // The set type the trigger picker already has (one signal type fewer).
    let missing = RwSignal::new(SortedSet::<&'static str>::default());
    let base_problem = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut m = Vec::new();
        let base = base_url.with_untracked(|typed| crate::browser::dom::base_url(typed));
        base_problem.set(base.as_ref().err().map(|p| p.words().to_owned()));
        if base.is_err() {
            m.push("base");
        }
        if org_id.with_untracked(|v| v.trim().is_empty()) {
            m.push("org_id");
        }
        if api_key.with_untracked(|v| v.is_empty()) {
            m.push("api_key");
        }
        if let Some(first) = m.first() {
            crate::browser::dom::focus_id_soon(format!("wc-connect-{first}"));
            missing.set(m.iter().copied().collect());
            return;
        }
        missing.set(SortedSet::default());
        let Ok(base) = base else { return };
        state.connect(Connection {
            base_url: base,
            org_id: org_id.get_untracked().trim().to_owned(),
            api_key: api_key.get_untracked(),
        });
    };
    let is_missing = move |f: &'static str| missing.with(|m| m.contains(&f));

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
                        aria-invalid=move || if is_missing("base") { "true" } else { "false" }
                        aria-describedby=move || {
                            if is_missing("base") {
                                "wc-connect-base-hint wc-connect-base-err"
                            } else {
                                "wc-connect-base-hint"
                            }
                        }
                        prop:value=move || base_url.get()
                        on:input=move |ev| base_url.set(event_target_value(&ev))
                    />
                    <p class="hint" id="wc-connect-base-hint">{t::BASE_URL_HINT}</p>
                    {show_if(move || is_missing("base"), move || view! {
                        <p class="field-error" id="wc-connect-base-err">
                            {move || base_problem.get().unwrap_or_default()}
                        </p>
                    })}
                </div>
                <div class="field">
                    <label for="wc-connect-org_id">
                        {t::FIELD_ORG_ID}
                        <span class="required" aria-hidden="true">" *"</span>
                    </label>
                    <input
                        id="wc-connect-org_id"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-required="true"
                        aria-invalid=move || if is_missing("org_id") { "true" } else { "false" }
                        aria-describedby=move || is_missing("org_id").then_some("wc-connect-org_id-err")
                        prop:value=move || org_id.get()
                        on:input=move |ev| org_id.set(event_target_value(&ev))
                    />
                    {show_if(move || is_missing("org_id"), move || view! {
                        <p class="field-error" id="wc-connect-org_id-err">
                            {t::ORG_ID_REQUIRED}
                        </p>
                    })}
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
                            aria-invalid=move || if is_missing("api_key") { "true" } else { "false" }
                            aria-describedby=move || {
                                if is_missing("api_key") {
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
                    {show_if(move || is_missing("api_key"), move || view! {
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
