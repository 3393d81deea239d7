//! One webhook: its fields, its state in words with the toggle, its secret (masked, when
//! this console knows it), and the actions on it (edit, test call, delete), then the
//! calls the sandbox recorded for it.

use leptos::prelude::*;
use webhook_rules::droplit::wire::Webhook;

use crate::error::ApiError;
use crate::providers::droplit::errors::{Gone, gone, refused_as_disabled};
use crate::providers::droplit::secret::Secret;
use crate::providers::droplit::state::{AppState, NoticeKind, View};
use crate::providers::droplit::views::deliveries::RecordedDeliveries;
use crate::providers::droplit::views::webhook_list::{toggle, toggle_id};
use crate::providers::droplit::words as t;
use crate::shell::Notice;
use crate::ui::busy::Busy;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::heading::h;
use crate::ui::notice::loading;
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;
use crate::ui::time::time;

#[component]
pub fn WebhookDetail(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let webhook = RwSignal::new(state.cached_webhook(&id.get_value()));
    let load_error = RwSignal::new(None::<ApiError>);

    // A fresh copy of the webhook.
    if let Some(client) = state.client() {
        let wid = id.get_value();
        crate::host::task::spawn(state.mount, async move {
            match client.get_webhook(&wid).await {
                Ok(w) => {
                    state.upsert_webhook(w.clone());
                    webhook.try_set(Some(w));
                }
                Err(e) => {
                    if !state.check_auth(&e) {
                        state.webhook_gone(&wid, &e);
                        load_error.try_set(Some(e));
                    }
                }
            }
        });
    }

    // The outcome of the last action on this page, focused when it comes.
    let result = RwSignal::new(None::<Notice>);
    let show_result = move |kind: NoticeKind, text: String| {
        result.set(Some(Notice { kind, text }));
        crate::browser::dom::focus_id_soon("wc-action-result".into());
    };

    // Bumped after a test call: the recorded deliveries are loaded again.
    let sent = RwSignal::new(0u64);
    let testing = Busy::new();
    let send_test = move || {
        let wid = id.get_value();
        let url = webhook.with_untracked(|w| w.as_ref().map(|w| w.url.clone()).unwrap_or_default());
        testing.run(async move {
            let Some(client) = state.client() else { return };
            match client.invoke(&wid).await {
                Ok(()) => {
                    sent.update(|n| *n += 1);
                    show_result(
                        NoticeKind::Success,
                        t::test_sent(&url, state.sandbox.get_untracked()),
                    );
                }
                Err(e) if state.webhook_gone(&wid, &e) => {
                    state.go_with(View::List, NoticeKind::Error, t::WEBHOOK_GONE.to_owned());
                }
                Err(e @ ApiError::NotFound(_)) if gone(&e).is_none() => {
                    show_result(NoticeKind::Error, t::TEST_UNAVAILABLE.to_owned());
                }
                Err(e) if refused_as_disabled(&e) => {
                    show_result(NoticeKind::Error, t::TEST_DISABLED.to_owned());
                }
                Err(e) if e.may_have_applied() => {
                    sent.update(|n| *n += 1);
                    show_result(NoticeKind::Info, t::error_text(&e));
                }
                Err(e) => {
                    if !state.check_auth(&e) {
                        show_result(NoticeKind::Error, t::error_text(&e));
                    }
                }
            }
        })
    };

    // Delete the webhook.
    let confirm_delete = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let deleting = Busy::new();
    let delete = move || {
        let Some(w) = webhook.get_untracked() else {
            return;
        };
        deleting.run(async move {
            let Some(client) = state.client() else { return };
            let label = t::webhook_label(&w);
            match client.delete_webhook(&w.id).await {
                Ok(()) => {
                    state.remove_webhook(&w.id);
                    state.go_with(View::List, NoticeKind::Success, t::webhook_deleted(&label));
                }
                Err(e) if gone(&e) == Some(Gone::Webhook) => {
                    state.webhook_gone(&w.id, &e);
                    state.go_with(View::List, NoticeKind::Info, t::WEBHOOK_GONE.to_owned());
                }
                // It may or may not be deleted: the list, loaded again, tells.
                Err(e) if e.may_have_applied() => {
                    state.go_with(View::List, NoticeKind::Info, t::error_text(&e));
                    state.reload_webhooks();
                }
                Err(e) => {
                    if !state.check_auth(&e) {
                        delete_error.set(Some(t::error_text(&e)));
                    }
                }
            }
        })
    };

    let toggling = Busy::new();
    let toggle_pending = toggling.pending();
    let label = move || webhook.with(|w| w.as_ref().map(t::webhook_label).unwrap_or_default());

    let fields = move |w: Webhook| {
        let wid = w.id.clone();
        let button_id = toggle_id(&w.id);
        let action = if w.disabled { t::ENABLE } else { t::DISABLE };
        let status_class = if w.disabled { "badge off" } else { "badge" };
        let toggle_name = t::toggle_label(w.disabled, &t::webhook_label(&w));
        let on_toggle = {
            let w = w.clone();
            let button_id = button_id.clone();
            move |_| toggle(state, toggling, w.clone(), button_id.clone(), Some(webhook))
        };
        view! {
            <dl class="fields">
                <dt>{t::FIELD_URL}</dt>
                <dd><code>{w.url.clone()}</code></dd>
                <dt>{t::FIELD_DESCRIPTION}</dt>
                <dd>
                    {match w.description.clone().filter(|d| !d.is_empty()) {
                        Some(d) => d.into_any(),
                        None => view! { <span class="muted">{t::NO_DESCRIPTION}</span> }.into_any(),
                    }}
                </dd>
                <dt>{t::FIELD_STATUS}</dt>
                <dd class="status">
                    <span class=status_class>{t::status(w.disabled)}</span>
                    " "
                    <button
                        type="button"
                        class="btn secondary small"
                        id=button_id
                        aria-label=toggle_name
                        aria-disabled=move || toggle_pending.get().then_some("true")
                        on:click=on_toggle
                    >
                        {move || if toggle_pending.get() { t::WORKING } else { action }}
                    </button>
                </dd>
                <dt>{t::FIELD_SECRET}</dt>
                <dd>
                    {move || match state.secret_of(&wid) {
                        Some(secret) => view! { <SecretHint secret /> }.into_any(),
                        None => view! { <span class="muted">{t::SECRET_UNKNOWN}</span> }.into_any(),
                    }}
                </dd>
                <dt>{t::FIELD_CREATED}</dt>
                <dd>{time(&w.created_at)}</dd>
                <dt>{t::FIELD_ID}</dt>
                <dd><code>{w.id.clone()}</code></dd>
                <dt>{t::FIELD_ECOSYSTEM}</dt>
                <dd><code>{w.ecosystem_id.clone()}</code></dd>
            </dl>
        }
    };

    let test_pending = testing.pending();
    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            <p class="breadcrumb">
                <button type="button" class="link" on:click=move |_| state.go(View::List)>
                    {t::BACK_TO_LIST}
                </button>
            </p>
            {move || {
                load_error.get().map(|e| {
                    view! {
                        <div class="notice error" role="alert">
                            <p>{t::error_text(&e)}</p>
                        </div>
                    }
                })
            }}
            // The heading and the actions stay while fresh copies come in: a heading
            // rebuilt under the focus would drop it.
            <div class="panel-head">
                {h(0, "wc-view-title", true, "", (move || webhook.with(|w| w.as_ref().map(t::webhook_label)).unwrap_or_else(|| t::WEBHOOK.to_owned())).into_any())}
                {show_if(move || webhook.with(Option::is_some), move || view! {
                    <div class="actions">
                        <button
                            type="button"
                            class="btn secondary"
                            on:click=move |_| state.go(View::Edit(id.get_value()))
                        >
                            {t::EDIT}
                        </button>
                        <button
                            type="button"
                            class="btn secondary"
                            aria-disabled=move || test_pending.get().then_some("true")
                            on:click=move |_| send_test()
                        >
                            {move || if test_pending.get() { t::SENDING_TEST } else { t::SEND_TEST }}
                        </button>
                        <button
                            type="button"
                            class="btn danger"
                            on:click=move |_| {
                                delete_error.set(None);
                                confirm_delete.set(true);
                            }
                        >
                            {t::DELETE}
                        </button>
                    </div>
                })}
            </div>
            {move || match webhook.get() {
                None => load_error.with(Option::is_none).then(|| loading(t::LOADING_WEBHOOK)).into_any(),
                Some(w) => fields(w).into_any(),
            }}
            <div id="wc-action-result" tabindex="-1" role="status">
                {move || result.get().map(|n| {
                    let class = match n.kind {
                        NoticeKind::Success => "notice success",
                        NoticeKind::Info => "notice info",
                        NoticeKind::Error => "notice error",
                    };
                    view! { <div class=class><p class="long-text">{n.text}</p></div> }
                })}
            </div>
            <RecordedDeliveries webhook_id=id.get_value() reload=sent />
            <ConfirmDialog
                open=confirm_delete
                title=Signal::derive(move || t::delete_title(&label()))
                body=Signal::derive(move || {
                    t::delete_body(&webhook.with(|w| w.as_ref().map(|w| w.url.clone()).unwrap_or_default()))
                })
                confirm_label=t::DELETE_WEBHOOK
                pending=deleting.pending()
                error=delete_error
                on_confirm=move |()| delete()
            />
        </section>
    }
}

/// A known secret: its hint, and the whole of it only while "Show secret" is pressed.
#[component]
fn SecretHint(secret: Secret) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let hint = secret.hint();
    view! {
        <span class="secret">
            <code class="secret-hint" id="wc-secret-value">
                {move || if revealed.get() { secret.reveal().to_owned() } else { hint.clone() }}
            </code>
            <span class="visually-hidden">
                {move || if revealed.get() { t::SECRET_SHOWN } else { t::SECRET_MASKED }}
            </span>
            " "
            <RevealButton revealed=revealed controls="wc-secret-value" show=t::SHOW_SECRET hide=t::HIDE_SECRET />
        </span>
    }
}
