//! The edit view: a fresh copy of the webhook (its header values included, since a
//! PATCH of `custom_headers` replaces them all), then the form.

use leptos::prelude::*;
use webhook_rules::slashid::wire::Webhook;

use crate::error::ApiError;
use crate::providers::slashid::state::{AppState, View};
use crate::providers::slashid::views::webhook_form::{FormMode, WebhookForm};
use crate::providers::slashid::words as t;
use crate::ui::heading::h;
use crate::ui::notice::loading;

#[component]
pub fn WebhookEdit(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let loaded = RwSignal::new(None::<Result<Webhook, ApiError>>);
    let back_id = id.clone();
    if let Some(client) = state.client() {
        crate::host::task::spawn(state.mount, async move {
            let result = client.get_webhook(&id).await;
            if let Err(e) = &result {
                state.check_auth(e);
            }
            loaded.set(Some(result));
        });
    }
    let title = move || {
        loaded.with(|l| match l {
            Some(Ok(w)) => t::edit_title(&w.name),
            _ => t::EDIT_WEBHOOK.to_owned(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            <p class="breadcrumb">
                <button
                    type="button"
                    class="link"
                    on:click=move |_| state.go(View::Detail(back_id.clone()))
                >
                    {t::BACK_TO_WEBHOOK}
                </button>
            </p>
            {h(0, "wc-view-title", true, "", (title).into_any())}
            {move || match loaded.get() {
                None => loading(t::LOADING_WEBHOOK),
                Some(Err(e)) => view! {
                    <div class="notice error" role="alert">
                        <p>{t::error_text(&e)}</p>
                    </div>
                }
                .into_any(),
                Some(Ok(w)) => view! { <WebhookForm mode=FormMode::Edit(w) /> }.into_any(),
            }}
        </section>
    }
}
