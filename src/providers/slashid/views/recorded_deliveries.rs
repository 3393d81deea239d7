//! The calls the sandbox recorded (`GET /sandbox/deliveries`), newest first, each with a
//! "Verify" action that opens the delivery verifier on its JWT. A real API has no such
//! endpoint, so it is asked only once an answer carried the sandbox's mark
//! (`X-Webhook-Sandbox`); even then a 404 (or no answer at all) hides the section
//! without a word.

use leptos::prelude::*;
use webhook_rules::slashid::delivery::RecordedDelivery;

use crate::error::ApiError;
use crate::providers::slashid::state::AppState;
use crate::providers::slashid::words as t;
use crate::ui::heading::h;
use crate::ui::notice::load_failed;
use crate::ui::show_if::show_if;
use crate::ui::time::time;

const PAGE: usize = 20;

#[component]
pub fn RecordedDeliveries(
    /// One webhook's deliveries; `None`: every webhook's (with a webhook column).
    #[prop(optional)]
    webhook_id: Option<String>,
    /// Bumped by the parent when new deliveries may exist (e.g. test events were sent).
    #[prop(into, optional)]
    reload: Signal<usize>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let webhook_id = StoredValue::new(webhook_id);
    let per_webhook = webhook_id.with_value(Option::is_some);
    let list = RwSignal::new(None::<Result<Vec<RecordedDelivery>, ApiError>>);
    let loading = RwSignal::new(false);
    let limit = RwSignal::new(PAGE);
    let generation = StoredValue::new(0u64);

    let load = move || {
        let Some(client) = state.client() else { return };
        let id = webhook_id.get_value();
        let this = generation.get_value() + 1;
        generation.set_value(this);
        loading.set(true);
        crate::host::task::spawn(state.mount, async move {
            let result = client.recorded_deliveries(id.as_deref()).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            loading.set(false);
            list.set(Some(result));
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
                Some(Err(ApiError::NotFound(_)
                    | ApiError::Network(_)
                    | ApiError::Unauthorized { .. }))
            )
        })
    };
    let webhook_name = move |id: &str| {
        state.webhooks.with(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|w| w.id == id).map(|w| w.name.clone()))
        })
    };

    let rows = move || {
        let Some(Ok(items)) = list.get() else {
            return ().into_any();
        };
        if items.is_empty() {
            let text = if per_webhook {
                t::NO_DELIVERIES
            } else {
                t::NO_DELIVERIES_ANY
            };
            return view! { <p class="muted">{text}</p> }.into_any();
        }
        let total = items.len();
        let shown: Vec<RecordedDelivery> = items.into_iter().take(limit.get()).collect();
        view! {
            <div class="table-wrap">
                <table class="deliveries">
                    <caption class="visually-hidden">{t::DELIVERIES_TITLE}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t::COL_TRIGGER}</th>
                            {(!per_webhook).then(|| view! { <th scope="col">{t::COL_WEBHOOK}</th> }.into_any())}
                            <th scope="col">{t::COL_TIMESTAMP}</th>
                            <th scope="col">
                                <span class="visually-hidden">{t::COL_ACTIONS}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {shown
                            .into_iter()
                            .map(|d| {
                                let label = t::verify_delivery_label(&d.trigger_name, &d.created_at);
                                let jwt = d.jwt.clone();
                                let webhook = (!per_webhook)
                                    .then(|| {
                                        let name = webhook_name(&d.webhook_id)
                                            .unwrap_or_else(|| d.webhook_id.clone());
                                        view! { <td>{name}</td> }.into_any()
                                    });
                                view! {
                                    <tr>
                                        <td>
                                            <code>{d.trigger_name.clone()}</code>
                                        </td>
                                        {webhook}
                                        <td>
                                            {time(&d.created_at)}
                                        </td>
                                        <td class="num">
                                            <button
                                                type="button"
                                                class="btn secondary small"
                                                aria-label=label
                                                on:click=move |_| state.verify(jwt.clone())
                                            >
                                                {t::VERIFY_BUTTON}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .map(IntoAny::into_any).collect::<Vec<_>>()}
                    </tbody>
                </table>
            </div>
            {(total > limit.get())
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="btn secondary show-more"
                            on:click=move |_| limit.update(|l| *l += PAGE)
                        >
                            {t::show_more_deliveries(PAGE.min(total - limit.get_untracked()))}
                        </button>
                    }
                })}
        }
        .into_any()
    };

    view! {
        {show_if(move || list.with(Option::is_some) && !hidden(), move || view! {
            <section class="subpanel" aria-labelledby="wc-deliveries-title">
                <div class="panel-head">
                    {h(1, "wc-deliveries-title", false, "", (t::DELIVERIES_TITLE).into_any())}
                    <button
                        type="button"
                        class="btn secondary"
                        disabled=move || loading.get()
                        on:click=move |_| load()
                    >
                        {move || if loading.get() { t::REFRESHING } else { t::REFRESH }}
                    </button>
                </div>
                <p class="hint">{t::DELIVERIES_HELP}</p>
                {move || {
                    list.with(|l| match l {
                        Some(Err(e)) => Some(t::error_text(e)),
                        _ => None,
                    })
                        .map(|m| load_failed(t::DELIVERIES_FAILED, m, None))
                }}
                {rows}
            </section>
        })}
    }
}
