//! The consistency every mutation asks for: `SlashID-Required-Consistency` and
//! `SlashID-Required-Consistency-Timeout`, checked by the rules crate.

use leptos::prelude::*;
use webhook_rules::slashid::consistency::{self, Level};

use crate::providers::slashid::state::{AppState, NoticeKind};
use crate::providers::slashid::words as t;
use crate::ui::heading::h;

#[component]
pub fn ConsistencySettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = state.consistency.get_untracked();
    let level = RwSignal::new(current.level.as_str().to_owned());
    let timeout = RwSignal::new(current.timeout_secs.to_string());
    let checked = move || consistency::check(Some(&level.get()), Some(&timeout.get()));
    let timeout_error = move || {
        checked().err().and_then(|ps| {
            ps.into_iter()
                .find(|p| p.field == consistency::TIMEOUT_HEADER)
                .map(|p| t::sentence(&p.message))
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match untrack(checked) {
            Ok(c) => {
                state.consistency.set(c);
                state.say(NoticeKind::Success, t::SETTINGS_SAVED.to_owned());
            }
            Err(_) => crate::browser::dom::focus_id("wc-cons-timeout"),
        }
    };

    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::SETTINGS_TITLE).into_any())}
            <p class="muted">{t::CONSISTENCY_INTRO}</p>
            <form novalidate on:submit=on_submit>
                <fieldset>
                    <legend>{t::CONSISTENCY_LEVEL}</legend>
                    {Level::ALL
                        .into_iter()
                        .map(|l| {
                            let id = format!("wc-cons-{}", l.as_str());
                            view! {
                                <div class="radio-row">
                                    <label class="radio" for=id.clone()>
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name="wc-cons-level"
                                            value=l.as_str()
                                            prop:checked=move || level.get() == l.as_str()
                                            on:change=move |_| level.set(l.as_str().to_owned())
                                        />
                                        <code>{l.as_str()}</code>
                                        <span class="muted">{t::level_help(l)}</span>
                                    </label>
                                </div>
                            }
                        })
                        .map(IntoAny::into_any).collect::<Vec<_>>()}
                </fieldset>
                <div class="field">
                    <label for="wc-cons-timeout">{t::CONSISTENCY_TIMEOUT}</label>
                    <input
                        id="wc-cons-timeout"
                        type="number"
                        inputmode="numeric"
                        class="narrow"
                        min=consistency::MIN_TIMEOUT_SECS
                        max=consistency::MAX_TIMEOUT_SECS
                        prop:value=move || timeout.get()
                        aria-invalid=move || if timeout_error().is_some() { "true" } else { "false" }
                        aria-describedby=move || {
                            if timeout_error().is_some() {
                                "wc-cons-timeout-hint wc-cons-timeout-err"
                            } else {
                                "wc-cons-timeout-hint"
                            }
                        }
                        on:input=move |ev| timeout.set(event_target_value(&ev))
                    />
                    <p class="hint" id="wc-cons-timeout-hint">
                        {t::consistency_timeout_hint(
                            consistency::MIN_TIMEOUT_SECS,
                            consistency::MAX_TIMEOUT_SECS,
                            consistency::DEFAULT_TIMEOUT_SECS,
                        )}
                    </p>
                    {move || {
                        timeout_error()
                            .map(|e| view! { <p class="field-error" id="wc-cons-timeout-err">{e}</p> }.into_any())
                    }}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn primary">{t::SAVE_SETTINGS}</button>
                </div>
            </form>
        </section>
    }
}
