//! The calls the sandbox recorded for a webhook, newest first (`GET
//! /sandbox/droplit/deliveries?webhookId=`), each
//! with a "Verify" action that opens the verifier on its signature and body (never its
//! secret). A real API has no such endpoint, so it is asked only once an answer carried
//! the sandbox's mark (`X-Webhook-Sandbox`); even then a 404 (or no answer at all) hides
//! the section without a word.

use leptos::prelude::*;
use webhook_rules::droplit::paths::SIGNATURE_HEADER;
use webhook_rules::droplit::wire::RecordedDelivery;

use crate::error::ApiError;
use crate::providers::droplit::state::{AppState, ToVerify};
use crate::providers::droplit::words as t;
use crate::ui::heading::h;
use crate::ui::notice::load_failed;
use crate::ui::show_if::show_if;

/// The signature a delivery was sent with, if any.
fn signature_of(d: &RecordedDelivery) -> Option<&str> {
    d.headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(SIGNATURE_HEADER))
        .map(|(_, value)| value.as_str())
}

#[component]
pub fn RecordedDeliveries(
    webhook_id: String,
    /// Bumped by the parent when new deliveries may exist (a test call was sent).
    #[prop(into)]
    reload: Signal<u64>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let webhook_id = StoredValue::new(webhook_id);
    let list = RwSignal::new(None::<Result<Vec<RecordedDelivery>, ApiError>>);
    let generation = StoredValue::new(0u64);

    let load = move || {
        let Some(client) = state.client() else { return };
        let this = generation.get_value() + 1;
        generation.set_value(this);
        crate::host::task::spawn(state.mount, async move {
            let result = client.recorded_deliveries(&webhook_id.get_value()).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            list.try_set(Some(result));
        });
    };
    Effect::new(move |_| {
        reload.track();
        if state.sandbox.get() {
            load();
        }
    });

    // A real API (404), or an API that does not answer this path at all: not a sandbox.
    let hidden = move || {
        list.with(|l| {
            matches!(
                l,
                None | Some(Err(ApiError::NotFound(_)
                    | ApiError::Network(_)
                    | ApiError::Unauthorized { .. }))
            )
        })
    };

    let rows = move || match list.get() {
        Some(Ok(items)) if items.is_empty() => {
            view! { <p class="muted">{t::NO_DELIVERIES}</p> }.into_any()
        }
        Some(Ok(items)) => view! {
            <div class="table-wrap">
                <table class="deliveries">
                    <thead>
                        <tr>
                            <th scope="col">{t::COL_DELIVERY}</th>
                            <th scope="col">{t::COL_SIGNATURE}</th>
                            <th scope="col">{t::COL_ACTIONS}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items
                            .into_iter()
                            .map(|d| {
                                let to_verify = ToVerify {
                                    signature: signature_of(&d).unwrap_or_default().to_owned(),
                                    body: d.body.clone(),
                                };
                                let signed = signature_of(&d).is_some();
                                view! {
                                    <tr>
                                        <td><code>{d.delivery_id.clone()}</code></td>
                                        <td>{if signed { t::SIGNED } else { t::UNSIGNED }}</td>
                                        <td>
                                            <button
                                                type="button"
                                                class="btn secondary small"
                                                aria-label=t::verify_delivery_label(&d.delivery_id)
                                                on:click=move |_| state.verify(to_verify.clone())
                                            >
                                                {t::VERIFY}
                                            </button>
                                        </td>
                                    </tr>
                                }
                                .into_any()
                            })
                            .collect::<Vec<_>>()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
        Some(Err(e)) => load_failed(
            t::DELIVERIES_FAILED,
            t::error_text(&e),
            Some(Callback::new(move |()| load())),
        ),
        None => ().into_any(),
    };

    show_if(
        move || !hidden(),
        move || {
            view! {
                <section class="subpanel" aria-labelledby="wc-deliveries-title">
                    {h(1, "wc-deliveries-title", false, "", (t::DELIVERIES_TITLE).into_any())}
                    <p class="hint">{t::DELIVERIES_HELP}</p>
                    {rows}
                </section>
            }
        },
    )
}
