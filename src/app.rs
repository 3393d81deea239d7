//! The shell: header, navigation, the status area, and the current view.

use leptos::prelude::*;

use crate::components::connect_form::ConnectForm;
use crate::components::consistency_settings::ConsistencySettings;
use crate::components::long_text::LongText;
use crate::components::show_if::show_if;
use crate::components::test_events::TestEvents;
use crate::components::verification_keys::VerificationKeys;
use crate::components::verify_delivery::VerifyDelivery;
use crate::components::webhook_detail::WebhookDetail;
use crate::components::webhook_edit::WebhookEdit;
use crate::components::webhook_form::{FormMode, WebhookForm};
use crate::components::webhook_list::WebhookList;
use crate::i18n as t;
use crate::state::{AppState, NoticeKind, View};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

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
            crate::dom::focus_id_soon("wc-view-title".into());
        }
        view
    });

    let connected = move || state.connection.with(Option::is_some);
    let nav_item = move |target: View, label: &'static str| {
        let current = {
            let target = target.clone();
            move || {
                let v = state.view.get();
                let same = match (&v, &target) {
                    (View::List | View::Detail(_) | View::Edit(_) | View::Create, View::List) => {
                        true
                    }
                    (a, b) => a == b,
                };
                same.then_some("page")
            }
        };
        view! {
            <li>
                <button
                    type="button"
                    class="nav-link"
                    aria-current=current
                    on:click=move |_| state.go(target.clone())
                >
                    {label}
                </button>
            </li>
        }
    };

    view! {
        <div class="wc-app">
            <header class="app-header">
                <div class="brand">
                    <h1>{t::APP_NAME}</h1>
                    <span class="version">{format!("v{VERSION}")}</span>
                </div>
                {show_if(connected, move || view! {
                    <nav aria-label=t::NAV_LABEL>
                        <ul class="nav">
                            {nav_item(View::List, t::NAV_WEBHOOKS)}
                            {nav_item(View::Keys, t::NAV_KEYS)}
                            {nav_item(View::Verify, t::NAV_VERIFY)}
                            {nav_item(View::TestEvents, t::NAV_TEST_EVENTS)}
                            {nav_item(View::Settings, t::NAV_SETTINGS)}
                        </ul>
                    </nav>
                    <div class="connection">
                        <span class="muted small-text">
                            {t::ORG_LABEL}
                            " "
                            <code>
                                {move || state.connection.with(|c| c.as_ref().map(|c| c.org_id.clone()))}
                            </code>
                        </span>
                        <button
                            type="button"
                            class="btn secondary small"
                            on:click=move |_| state.disconnect()
                        >
                            {t::CHANGE_CONNECTION}
                        </button>
                    </div>
                })}
            </header>
            <main class="app-main">
                <div class="status-area" role="status" aria-live="polite">
                    {move || {
                        state
                            .notice
                            .get()
                            .filter(|n| n.kind != NoticeKind::Error)
                            .map(|n| {
                                let class = if n.kind == NoticeKind::Success {
                                    "notice success"
                                } else {
                                    "notice info"
                                };
                                notice_box(class, n.text, state)
                            })
                    }}
                </div>
                <div class="alert-area" role="alert">
                    {move || {
                        state
                            .notice
                            .get()
                            .filter(|n| n.kind == NoticeKind::Error)
                            .map(|n| {
                                notice_box("notice error", n.text, state)
                            })
                    }}
                </div>
                {move || match state.auth_error.get() {
                    Some(e) => view! { <AuthProblem error=e.message() /> }.into_any(),
                    None => current_view(state.view.get()),
                }}
            </main>
        </div>
    }
}

fn current_view(view: View) -> AnyView {
    match view {
        View::Connect => view! { <ConnectForm /> }.into_any(),
        View::List => view! { <WebhookList /> }.into_any(),
        View::Create => view! {
            <section class="panel" aria-labelledby="wc-view-title">
                <h2 id="wc-view-title" tabindex="-1">{t::CREATE_WEBHOOK}</h2>
                <p class="muted">{t::CREATE_INTRO}</p>
                <WebhookForm mode=FormMode::Create />
            </section>
        }
        .into_any(),
        View::Detail(id) => view! { <WebhookDetail id /> }.into_any(),
        View::Edit(id) => view! { <WebhookEdit id /> }.into_any(),
        View::Keys => view! { <VerificationKeys /> }.into_any(),
        View::TestEvents => view! { <TestEvents /> }.into_any(),
        View::Settings => view! { <ConsistencySettings /> }.into_any(),
        View::Verify => view! { <VerifyDelivery /> }.into_any(),
    }
}

/// 401/403: the key or the organization is wrong; the way back is the connect form.
#[component]
fn AuthProblem(error: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="panel auth-problem" aria-labelledby="wc-view-title">
            <h2 id="wc-view-title" tabindex="-1">{t::AUTH_TITLE}</h2>
            <p>{t::AUTH_BODY}</p>
            <p class="muted small-text">{error}</p>
            <button type="button" class="btn primary" on:click=move |_| state.disconnect()>
                {t::BACK_TO_CONNECTION}
            </button>
        </section>
    }
}

/// One notice with its Dismiss button; the status and the alert areas differ only in
/// their class.
fn notice_box(class: &'static str, text: String, state: AppState) -> AnyView {
    view! {
        <div class=class>
            <LongText text=text class="" />
            <button
                type="button"
                class="btn secondary small"
                on:click=move |_| state.notice.set(None)
            >
                {t::DISMISS}
            </button>
        </div>
    }
    .into_any()
}
