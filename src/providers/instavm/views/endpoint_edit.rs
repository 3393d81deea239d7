//! The edit view: a fresh copy of the endpoint (an edit sends only what changed against
//! it), then the form.

use leptos::prelude::*;
use webhook_rules::instavm::wire::Endpoint;

use crate::error::ApiError;
use crate::providers::instavm::state::{AppState, View};
use crate::providers::instavm::views::endpoint_form::{EndpointForm, FormMode};
use crate::providers::instavm::words as t;
use crate::ui::heading::h;
use crate::ui::notice::loading;

#[component]
pub fn EndpointEdit(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Two signals of types other views use, rather than one of a type of its own.
    let loaded = RwSignal::new(None::<Endpoint>);
    let failed = RwSignal::new(None::<ApiError>);
    let back_id = id.clone();
    if let Some(client) = state.client() {
        crate::host::task::spawn(state.mount, async move {
            match client.get_endpoint(&id).await {
                Ok(e) => {
                    state.upsert_endpoint(e.clone());
                    loaded.try_set(Some(e));
                }
                Err(e) => {
                    state.check_auth(&e);
                    if matches!(e, ApiError::NotFound(_)) {
                        state.forget_endpoint(&id);
                    }
                    failed.try_set(Some(e));
                }
            }
        });
    }
    let title = move || {
        loaded.with(|l| match l {
            Some(e) => t::edit_title(&e.url),
            None => t::EDIT_ENDPOINT.to_owned(),
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
                    {t::BACK_TO_ENDPOINT}
                </button>
            </p>
            {h(0, "wc-view-title", true, "long-text", (title).into_any())}
            {move || match (loaded.get(), failed.get()) {
                (Some(e), _) => view! { <EndpointForm mode=FormMode::Edit(Box::new(e)) /> }.into_any(),
                (None, None) => loading(t::LOADING_ENDPOINT),
                (None, Some(ApiError::NotFound(_))) => view! {
                    <div class="notice error" role="alert">
                        <p>{t::ENDPOINT_GONE}</p>
                    </div>
                }
                .into_any(),
                (None, Some(e)) => view! {
                    <div class="notice error" role="alert">
                        <p>{t::error_text(&e)}</p>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}
