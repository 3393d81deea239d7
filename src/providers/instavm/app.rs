//! InstaVM's console in the shell: its navigation, who is connected, the current view,
//! and the one dialog that shows a new signing secret.

use leptos::prelude::*;

use crate::providers::instavm::state::{AppState, View};
use crate::providers::instavm::views::connect_form::ConnectForm;
use crate::providers::instavm::views::deliveries::Deliveries;
use crate::providers::instavm::views::endpoint_detail::EndpointDetail;
use crate::providers::instavm::views::endpoint_edit::EndpointEdit;
use crate::providers::instavm::views::endpoint_form::{EndpointForm, FormMode};
use crate::providers::instavm::views::endpoint_list::EndpointList;
use crate::providers::instavm::views::secret_dialog::{SecretDialog, SecretSlot};
use crate::providers::instavm::views::verify_delivery::VerifyDelivery;
use crate::providers::instavm::words as t;
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
    let secret = SecretSlot::new();
    provide_context(secret);

    // After navigating, focus the new view's heading so keyboard and screen-reader users
    // land at its start.
    Effect::new(move |prev: Option<View>| {
        let view = state.view.get();
        if prev.is_some_and(|p| p != view) {
            crate::browser::dom::focus_id_soon("wc-view-title".into());
        }
        view
    });

    // The entries, in order, and the view each opens; an endpoint's own pages belong to
    // "Endpoints".
    const SECTIONS: [View; 3] = [View::List, View::Deliveries, View::Verify];
    let nav = Nav {
        labels: &[t::NAV_ENDPOINTS, t::NAV_DELIVERIES, t::NAV_VERIFY],
        current: Signal::derive(move || {
            state.view.with(|v| match v {
                View::Connect | View::List | View::Detail(_) | View::Edit(_) | View::Create => 0,
                View::Deliveries => 1,
                View::Verify => 2,
            })
        }),
        go: Callback::new(move |i: usize| state.go(SECTIONS[i].clone())),
    };
    let who = Who {
        label: t::CONNECTED_TO,
        value: Signal::derive(move || {
            state.connection.with(|c| {
                c.as_ref()
                    .map(|c| t::api_host(&c.base_url))
                    .unwrap_or_default()
            })
        }),
        disconnect: Callback::new(move |()| state.disconnect()),
    };
    let frame = shell::frame(
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
    );
    // The dialog sits in the top layer, but inherits from where it is in the tree: a
    // second `.wc-app` (of no height) gives it the console's fonts, colours and form
    // styles, and keeps it out of the frame's body, which is rebuilt on navigation (a
    // create opens it and moves to the new endpoint at once).
    view! {
        {frame}
        <div class="wc-app wc-overlay">
            <SecretDialog holder=secret />
        </div>
    }
}

fn current_view(view: View) -> AnyView {
    match view {
        View::Connect => view! { <ConnectForm /> }.into_any(),
        View::List => view! { <EndpointList /> }.into_any(),
        View::Create => view! {
            <section class="panel" aria-labelledby="wc-view-title">
                {h(0, "wc-view-title", true, "", (t::CREATE_ENDPOINT).into_any())}
                <p class="muted">{t::CREATE_INTRO}</p>
                <EndpointForm mode=FormMode::Create />
            </section>
        }
        .into_any(),
        View::Detail(id) => view! { <EndpointDetail id /> }.into_any(),
        View::Edit(id) => view! { <EndpointEdit id /> }.into_any(),
        View::Deliveries => view! { <Deliveries /> }.into_any(),
        View::Verify => view! { <VerifyDelivery /> }.into_any(),
    }
}
