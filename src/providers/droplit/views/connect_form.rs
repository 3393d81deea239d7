//! Where the admin says which API, which ecosystem and which token. The ecosystem id is
//! checked by the rules as the list's query (the server's words, after the field's first
//! blur, then live); a refusal from the server comes back onto the same field. The token
//! stays in memory: never in storage, the URL or a log.

use leptos::prelude::*;
use webhook_rules::droplit::validate_list_query;

use crate::providers::droplit::client::Connection;
use crate::providers::droplit::state::AppState;
use crate::providers::droplit::views::secret_input::SecretInput;
use crate::providers::droplit::words as t;
use crate::ui::heading::h;
use crate::ui::text_field::TextField;

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
    let ecosystem = RwSignal::new(previous.ecosystem_id);
    let token = RwSignal::new(previous.token);
    let needs_token = !state.host_credentials;
    let touched = RwSignal::new(false);
    let submitted = RwSignal::new(false);

    let ecosystem_error = Signal::derive(move || {
        let value = ecosystem.get();
        if submitted.get() || touched.get() {
            let query = [("ecosystemId".to_owned(), value.clone())];
            if let Err(problems) = validate_list_query(&query)
                && let Some(p) = problems.first()
            {
                return Some(t::problem_text(p, &value));
            }
        }
        state
            .ecosystem_problem
            .with(|p| p.as_ref().map(|p| t::problem_text(p, &value)))
    });
    // The browser's URL parser judges it, as `fetch` will (`browser::dom::base_url`).
    let base_error = Signal::derive(move || {
        if !submitted.get() {
            return None;
        }
        base_url.with(|typed| {
            crate::browser::dom::base_url(typed)
                .err()
                .map(|p| p.words().to_owned())
        })
    });
    let token_error = Signal::derive(move || {
        (needs_token && submitted.get() && token.with(String::is_empty))
            .then(|| t::TOKEN_REQUIRED.to_owned())
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        let Ok(base) = base_url.with_untracked(|typed| crate::browser::dom::base_url(typed)) else {
            crate::browser::dom::focus_id_soon("wc-connect-base".into());
            return;
        };
        if ecosystem_error.get_untracked().is_some() {
            crate::browser::dom::focus_id_soon("wc-connect-ecosystem".into());
            return;
        }
        if token_error.get_untracked().is_some() {
            crate::browser::dom::focus_id_soon("wc-connect-token".into());
            return;
        }
        state.connect(Connection {
            base_url: base,
            ecosystem_id: ecosystem.get_untracked(),
            token: token.get_untracked(),
        });
    };

    view! {
        <section class="panel connect" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::CONNECT_TITLE).into_any())}
            <p class="muted">{t::CONNECT_INTRO}</p>
            <form novalidate on:submit=on_submit>
                <TextField
                    key="connect-base"
                    label=t::FIELD_BASE_URL
                    value=base_url
                    input_type="url"
                    hint=t::BASE_URL_HINT
                    error=base_error
                    on_blur=|()| {}
                    on_change=|()| {}
                />
                <TextField
                    key="connect-ecosystem"
                    label=t::FIELD_ECOSYSTEM
                    value=ecosystem
                    required=true
                    hint=t::ECOSYSTEM_HINT
                    error=ecosystem_error
                    on_blur=move |()| touched.set(true)
                    on_change=move |()| state.ecosystem_problem.set(None)
                />
                {if needs_token {
                    view! {
                        <SecretInput
                            id="wc-connect-token"
                            label=t::FIELD_TOKEN
                            value=token
                            show=t::SHOW_TOKEN
                            hide=t::HIDE_TOKEN
                            hint=t::TOKEN_HINT
                            required=true
                            error=token_error
                        />
                    }
                    .into_any()
                } else {
                    view! { <p class="hint">{t::TOKEN_FROM_HOST}</p> }.into_any()
                }}
                <div class="form-actions">
                    <button type="submit" class="btn primary">{t::CONNECT}</button>
                </div>
            </form>
        </section>
    }
}
