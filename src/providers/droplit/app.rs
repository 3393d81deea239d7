//! Droplit's console in the shell: its navigation, which ecosystem is connected, and the
//! current view.

use leptos::prelude::*;

use crate::providers::droplit::state::{AppState, View};
use crate::providers::droplit::views::connect_form::ConnectForm;
use crate::providers::droplit::views::verify_delivery::VerifyDelivery;
use crate::providers::droplit::views::webhook_detail::WebhookDetail;
use crate::providers::droplit::views::webhook_edit::WebhookEdit;
use crate::providers::droplit::views::webhook_form::{FormMode, WebhookForm};
use crate::providers::droplit::views::webhook_list::WebhookList;
use crate::providers::droplit::words as t;
use crate::shell::{self, Nav, Who};
use crate::ui::heading::h;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    view! { <Console /> }
}

/// The console inside an existing `AppState` context (tests provide their own).
#[component]
pub fn Console() -> impl IntoView {
    let state = expect_context::<AppState>();

    // After navigating, focus the new view's heading so keyboard and screen-reader users
    // land at its start.
    Effect::new(move |prev: Option<View>| {
        let view = state.view.get();
        if prev.is_some_and(|p| p != view) {
            crate::browser::dom::focus_id_soon("wc-view-title".into());
        }
        view
    });

    // The entries, in order, and the view each opens; the webhook's own pages belong to
    // "Webhooks".
    const SECTIONS: [View; 2] = [View::List, View::Verify];
    let nav = Nav {
        labels: &[t::NAV_WEBHOOKS, t::NAV_VERIFY],
        current: Signal::derive(move || state.view.with(|v| usize::from(*v == View::Verify))),
        go: Callback::new(move |i: usize| state.go(SECTIONS[i].clone())),
    };
    let who = Who {
        label: t::ECOSYSTEM_LABEL,
        value: Signal::derive(move || {
            state.connection.with(|c| {
                c.as_ref()
                    .map(|c| c.ecosystem_id.clone())
                    .unwrap_or_default()
            })
        }),
        disconnect: Callback::new(move |()| state.disconnect()),
    };
    shell::frame(
        Signal::derive(move || state.connection.with(Option::is_some)),
        nav,
        who,
        state.notice,
        move || match state.auth_error.get() {
            Some(e) => shell::auth_problem(
                t::AUTH_TITLE,
                t::AUTH_BODY,
                t::error_text(&e),
                Callback::new(move |()| state.disconnect()),
            ),
            None => current_view(state.view.get()),
        },
    )
}

fn current_view(view: View) -> AnyView {
    match view {
        View::Connect => view! { <ConnectForm /> }.into_any(),
        View::List => view! { <WebhookList /> }.into_any(),
        View::Create => view! {
            <section class="panel" aria-labelledby="wc-view-title">
                {h(0, "wc-view-title", true, "", (t::CREATE_WEBHOOK).into_any())}
                <p class="muted">{t::CREATE_INTRO}</p>
                <WebhookForm mode=FormMode::Create />
            </section>
        }
        .into_any(),
        View::Detail(id) => view! { <WebhookDetail id /> }.into_any(),
        View::Edit(id) => view! { <WebhookEdit id /> }.into_any(),
        View::Verify => view! { <VerifyDelivery /> }.into_any(),
    }
}
