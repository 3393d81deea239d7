//! One webhook: its fields, hints of its header values, its triggers, and the actions
//! on it (edit, delete, add and remove triggers).

use leptos::prelude::*;
use webhook_rules::slashid::wire::{Trigger, Webhook};

use crate::error::ApiError;
use crate::format::secret_hint;
use crate::providers::slashid::state::{AppState, NoticeKind, View};
use crate::providers::slashid::views::recorded_deliveries::RecordedDeliveries;
use crate::providers::slashid::views::trigger_picker::TriggerPicker;
use crate::providers::slashid::words as t;
use crate::ui::busy::Busy;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::heading::h;
use crate::ui::notice::{load_failed, loading};
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;

#[component]
pub fn WebhookDetail(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(id);
    let webhook = RwSignal::new(state.cached_webhook(&id.get_value()));
    let load_error = RwSignal::new(None::<ApiError>);
    let triggers = RwSignal::new(None::<Result<Vec<Trigger>, ApiError>>);

    // Fresh copies of the webhook and of its triggers.
    let load_webhook = move || {
        let Some(client) = state.client() else { return };
        let Some(wid) = id.try_get_value() else {
            return;
        };
        crate::host::task::spawn(state.mount, async move {
            match client.get_webhook(&wid).await {
                Ok(w) => {
                    state.upsert_webhook(w.clone());
                    webhook.set(Some(w));
                }
                Err(e) => {
                    state.check_auth(&e);
                    if matches!(e, ApiError::NotFound(_)) {
                        state.remove_webhook(&wid);
                    }
                    load_error.set(Some(e));
                }
            }
        });
    };
    let load_triggers = move || {
        let Some(client) = state.client() else { return };
        let Some(wid) = id.try_get_value() else {
            return;
        };
        crate::host::task::spawn(state.mount, async move {
            let result = client.list_triggers(&wid).await;
            match &result {
                Ok(list) => state.set_trigger_count(&wid, list.len()),
                Err(e) => {
                    state.check_auth(e);
                }
            }
            triggers.set(Some(result));
        });
    };
    load_webhook();
    load_triggers();

    // Delete the webhook.
    let confirm_delete = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let deleting = Busy::new();
    let delete = move || {
        let wid = id.get_value();
        let name =
            webhook.with_untracked(|w| w.as_ref().map(|w| w.name.clone()).unwrap_or_default());
        deleting.run(async move {
            let Some(client) = state.client() else { return };
            match client.delete_webhook(&wid).await {
                Ok(()) | Err(ApiError::NotFound(_)) => {
                    state.remove_webhook(&wid);
                    state.go_with(View::List, NoticeKind::Success, t::webhook_deleted(&name));
                }
                // It may or may not be deleted: the list, loaded again, tells.
                Err(e) if e.may_have_applied() => {
                    state.go_with(View::List, NoticeKind::Info, t::error_text(&e));
                    state.reload_webhooks();
                }
                Err(e) => {
                    state.check_auth(&e);
                    delete_error.set(Some(t::error_text(&e)));
                }
            }
        })
    };

    // Remove one trigger.
    let removing = RwSignal::new(None::<Trigger>);
    let confirm_remove = RwSignal::new(false);
    let remove_error = RwSignal::new(None::<String>);
    let remove_busy = Busy::new();
    let remove = move |trigger: Trigger| {
        let wid = id.get_value();
        remove_busy.run(async move {
            let Some(client) = state.client() else { return };
            match client.remove_trigger(&wid, &trigger).await {
                Ok(()) | Err(ApiError::NotFound(_)) => {
                    confirm_remove.set(false);
                    state.say(
                        NoticeKind::Success,
                        t::trigger_removed(&trigger.trigger_name),
                    );
                    state.invalidate_trigger_count(&wid);
                    load_triggers();
                }
                Err(e) if e.may_have_applied() => {
                    confirm_remove.set(false);
                    state.say(NoticeKind::Info, t::error_text(&e));
                    state.invalidate_trigger_count(&wid);
                    load_triggers();
                }
                Err(e) => {
                    state.check_auth(&e);
                    remove_error.set(Some(t::error_text(&e)));
                }
            }
        })
    };

    // Add several triggers: one POST each, reported one by one.
    let show_picker = RwSignal::new(false);
    let adding = Busy::new();
    let add = move |chosen: Vec<Trigger>| {
        let wid = id.get_value();
        adding.run(async move {
            let Some(client) = state.client() else { return };
            let mut added = Vec::new();
            let mut failed = Vec::new();
            for trigger in &chosen {
                match client.add_trigger(&wid, trigger).await {
                    Ok(()) => added.push(trigger.trigger_name.clone()),
                    Err(e) => {
                        state.check_auth(&e);
                        failed.push((trigger.trigger_name.clone(), e));
                    }
                }
            }
            let kind = if failed.is_empty() {
                NoticeKind::Success
            } else if failed.iter().all(|(_, e)| e.may_have_applied()) {
                NoticeKind::Info
            } else {
                NoticeKind::Error
            };
            state.say(kind, t::triggers_added(&added, &failed));
            if failed.is_empty() {
                show_picker.set(false);
            }
            state.invalidate_trigger_count(&wid);
            load_triggers();
        })
    };

    let on_add = Callback::new(move |chosen: Vec<Trigger>| {
        add(chosen);
    });
    let existing = Signal::derive(move || {
        triggers.with(|t| match t {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        })
    });
    let name = move || webhook.with(|w| w.as_ref().map(|w| w.name.clone()).unwrap_or_default());
    let trigger_count =
        move || triggers.with(|t| t.as_ref().and_then(|r| r.as_ref().ok()).map(Vec::len));

    let fields = move |w: Webhook| {
        let headers = w.custom_headers.clone();
        view! {
            <dl class="fields">
                <dt>{t::FIELD_TARGET_URL}</dt>
                <dd>
                    <code>{w.target_url.clone()}</code>
                </dd>
                <dt>{t::FIELD_DESCRIPTION}</dt>
                <dd>
                    {if w.description.is_empty() {
                        view! { <span class="muted">{t::NO_DESCRIPTION}</span> }.into_any()
                    } else {
                        w.description.clone().into_any()
                    }}
                </dd>
                <dt>{t::FIELD_TIMEOUT}</dt>
                <dd>{t::timeout_detail(&w.timeout)}</dd>
                <dt>{t::FIELD_ID}</dt>
                <dd>
                    <code>{w.id.clone()}</code>
                </dd>
                <dt>{t::HEADERS_LEGEND}</dt>
                <dd>
                    {if headers.is_empty() {
                        view! { <span class="muted">{t::HEADERS_NONE}</span> }.into_any()
                    } else {
                        view! {
                            <ul class="header-hints">
                                {headers
                                    .into_iter()
                                    .map(|(name, values)| {
                                        view! {
                                            <li>
                                                <code class="header-name">{name.clone()}</code>
                                                <ul>
                                                    {values
                                                        .into_iter()
                                                        .map(|v| view! { <SecretValue header=name.clone() value=v /> })
                                                        .map(IntoAny::into_any).collect::<Vec<_>>()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .map(IntoAny::into_any).collect::<Vec<_>>()}
                            </ul>
                        }
                            .into_any()
                    }}
                </dd>
            </dl>
        }
    };

    let triggers_view = move || match triggers.get() {
        None => loading(t::LOADING_TRIGGERS),
        Some(Err(e)) => load_failed(
            t::TRIGGERS_FAILED,
            t::error_text(&e),
            Some(Callback::new(move |()| load_triggers())),
        ),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="muted">{t::NO_TRIGGERS}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="trigger-list">
                {list
                    .into_iter()
                    .map(|trigger| {
                        let label = t::trigger_remove_label(&trigger.trigger_name);
                        let tr = trigger.clone();
                        view! {
                            <li>
                                <span class="badge">{t::trigger_badge(&trigger.trigger_type)}</span>
                                <code>{trigger.trigger_name.clone()}</code>
                                <button
                                    type="button"
                                    class="btn danger-quiet small"
                                    aria-label=label
                                    on:click=move |_| {
                                        remove_error.set(None);
                                        removing.set(Some(tr.clone()));
                                        confirm_remove.set(true);
                                    }
                                >
                                    {t::REMOVE}
                                </button>
                            </li>
                        }
                    })
                    .map(IntoAny::into_any).collect::<Vec<_>>()}
            </ul>
        }
        .into_any(),
    };

    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            <p class="breadcrumb">
                <button type="button" class="link" on:click=move |_| state.go(View::List)>
                    {t::BACK_TO_LIST}
                </button>
            </p>
            {move || {
                load_error
                    .get()
                    .filter(|e| !e.is_unauthorized())
                    .map(|e| {
                        let gone = matches!(e, ApiError::NotFound(_));
                        view! {
                            <div class="notice error" role="alert">
                                <p>{if gone { t::WEBHOOK_GONE.to_owned() } else { t::error_text(&e) }}</p>
                            </div>
                        }
                        .into_any()
                    })
            }}
            // The heading and the actions stay the same elements when the fresh copy
            // arrives: focus put on them after a navigation or a dialog stays there.
            <div class="panel-head">
                {h(0, "wc-view-title", true, "", (move || webhook.with(|w| {
                    w.as_ref().map_or_else(|| t::WEBHOOK.to_owned(), |w| w.name.clone())
                })).into_any())}
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
                None => loading(t::LOADING_WEBHOOK).into_any(),
                Some(w) => fields(w).into_any(),
            }}
            <section class="subpanel" aria-labelledby="wc-triggers-title">
                <div class="panel-head">
                    {h(1, "wc-triggers-title", true, "", view! {
                        {t::TRIGGERS_TITLE}
                        {move || trigger_count().map(|n| format!(" ({n})"))}
                    }.into_any())}
                    <button
                        type="button"
                        class="btn secondary"
                        aria-expanded=move || if show_picker.get() { "true" } else { "false" }
                        aria-controls="wc-trigger-picker"
                        on:click=move |_| show_picker.update(|s| *s = !*s)
                    >
                        {move || if show_picker.get() { t::CLOSE_PICKER } else { t::ADD_TRIGGERS }}
                    </button>
                </div>
                <p class="hint">{t::TRIGGERS_HELP}</p>
                {triggers_view}
                <div id="wc-trigger-picker">
                    {show_if(move || show_picker.get(), move || view! {
                        <TriggerPicker
                            existing=existing
                            pending=adding.pending()
                            on_add=on_add
                        />
                    })}
                </div>
            </section>
            <RecordedDeliveries webhook_id=id.get_value() />
            <ConfirmDialog
                open=confirm_delete
                title=Signal::derive(move || t::delete_title(&name()))
                body=Signal::derive(move || t::delete_body(&name(), trigger_count()))
                confirm_label=t::DELETE_WEBHOOK
                pending=deleting.pending()
                error=delete_error
                on_confirm=move |()| {
                    delete();
                }
            />
            <ConfirmDialog
                open=confirm_remove
                title=Signal::derive(move || t::REMOVE_TRIGGER_TITLE.to_owned())
                body=Signal::derive(move || {
                    removing
                        .with(|r| r.as_ref().map(|r| t::remove_trigger_body(&r.trigger_name, &name())))
                        .unwrap_or_default()
                })
                confirm_label=t::REMOVE_TRIGGER
                fallback_focus="wc-triggers-title"
                pending=remove_busy.pending()
                error=remove_error
                on_confirm=move |()| {
                    if let Some(tr) = removing.get_untracked() {
                        remove(tr);
                    }
                }
            />
        </section>
    }
}

/// One header value: a hint (`••••••abcd`) with a per-value reveal.
#[component]
fn SecretValue(header: String, value: String) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let hint = secret_hint(&value);
    let label = t::header_value_label(&header);
    let of = t::header_value_of(&header);
    view! {
        <li class="secret">
            <code class="secret-hint" aria-label=label>
                {move || if revealed.get() { value.clone() } else { hint.clone() }}
            </code>
            <RevealButton revealed=revealed of=Signal::derive(move || of.clone()) />
        </li>
    }
}
