//! The public keys that sign webhook calls (a JWKS), with copy buttons and a short note
//! on verifying a call.

use leptos::prelude::*;
use webhook_rules::slashid::wire::Jwks;

use crate::error::ApiError;
use crate::providers::slashid::state::AppState;
use crate::providers::slashid::words as t;
use crate::ui::heading::h;
use crate::ui::notice::{load_failed, loading};
use crate::ui::show_if::show_if;

#[component]
pub fn VerificationKeys() -> impl IntoView {
    let state = expect_context::<AppState>();
    let jwks = RwSignal::new(None::<Result<Jwks, ApiError>>);
    let copied = RwSignal::new(None::<String>);
    let load = move || {
        let Some(client) = state.client() else { return };
        jwks.set(None);
        crate::host::task::spawn(state.mount, async move {
            let result = client.verification_jwks().await;
            match &result {
                Ok(keys) => state.jwks.set(Some(keys.clone())),
                Err(e) => {
                    state.check_auth(e);
                }
            }
            jwks.set(Some(result));
        });
    };
    load();

    let copy = move |what: &'static str, text: String| {
        crate::host::task::spawn(state.mount, async move {
            let ok = crate::browser::dom::copy_text(&text).await;
            copied.set(Some(if ok {
                t::copied(what)
            } else {
                t::COPY_FAILED.to_owned()
            }));
        });
    };
    let jwks_url = move || {
        state.connection.with(|c| {
            c.as_ref()
                .map(|c| c.url("/organizations/webhooks/verification-jwks"))
                .unwrap_or_default()
        })
    };

    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            <div class="panel-head">
                {h(0, "wc-view-title", true, "", (t::KEYS_TITLE).into_any())}
                <button type="button" class="btn secondary" on:click=move |_| load()>
                    {t::REFRESH}
                </button>
            </div>
            <p class="muted">{t::KEYS_INTRO}</p>
            <p class="small-text">
                {t::KEYS_URL} " " <code>{jwks_url}</code> " "
                <button
                    type="button"
                    class="btn secondary small"
                    on:click=move |_| copy(t::WHAT_URL, jwks_url())
                >
                    {t::COPY_URL}
                </button>
            </p>
            <p class="visually-hidden" role="status" aria-live="polite">
                {move || copied.get().unwrap_or_default()}
            </p>
            {show_if(move || copied.with(Option::is_some), move || view! {
                <p class="hint" aria-hidden="true">
                    {move || copied.get().unwrap_or_default()}
                </p>
            })}
            {move || match jwks.get() {
                None => loading(t::LOADING_KEYS),
                Some(Err(e)) => load_failed(t::KEYS_FAILED, t::error_text(&e), Some(Callback::new(move |()| load()))),
                Some(Ok(set)) => {
                    let whole = serde_json::to_string(&set).unwrap_or_default();
                    view! {
                        <div class="table-wrap">
                            <table class="webhooks keys">
                                <caption class="visually-hidden">{t::KEYS_TITLE}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t::COL_KID}</th>
                                        <th scope="col">{t::COL_ALG}</th>
                                        <th scope="col">{t::COL_CURVE}</th>
                                        <th scope="col">{t::COL_USE}</th>
                                        <th scope="col">
                                            <span class="visually-hidden">{t::COL_ACTIONS}</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {set
                                        .keys
                                        .iter()
                                        .map(|k| {
                                            let kid = k.kid.clone();
                                            let copy_kid = t::reveal_label(t::COPY_KID, &kid);
                                            let copy_key = t::reveal_label(t::COPY_KEY, &kid);
                                            let one = serde_json::to_string(k).unwrap_or_default();
                                            view! {
                                                <tr>
                                                    <td>
                                                        <code>{k.kid.clone()}</code>
                                                    </td>
                                                    <td>{k.alg.clone()}</td>
                                                    <td>{k.crv.clone()}</td>
                                                    <td>{k.use_.clone()}</td>
                                                    <td class="num">
                                                        <button
                                                            type="button"
                                                            class="btn secondary small"
                                                            aria-label=copy_kid
                                                            on:click=move |_| copy(t::WHAT_KID, kid.clone())
                                                        >
                                                            {t::COPY_KID}
                                                        </button>
                                                        " "
                                                        <button
                                                            type="button"
                                                            class="btn secondary small"
                                                            aria-label=copy_key
                                                            on:click=move |_| copy(t::WHAT_KEY, one.clone())
                                                        >
                                                            {t::COPY_KEY}
                                                        </button>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .map(IntoAny::into_any).collect::<Vec<_>>()}
                                </tbody>
                            </table>
                        </div>
                        <div class="form-actions">
                            <button
                                type="button"
                                class="btn secondary"
                                on:click=move |_| copy(t::WHAT_JWKS, whole.clone())
                            >
                                {t::COPY_JWKS}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
            {h(1, "", false, "section-title", (t::VERIFY_TITLE).into_any())}
            <ol class="steps">
                <li>{t::VERIFY_STEP_1}</li>
                <li>{t::VERIFY_STEP_2}</li>
                <li>{t::VERIFY_STEP_3}</li>
                <li>{t::VERIFY_STEP_4}</li>
            </ol>
        </section>
    }
}
