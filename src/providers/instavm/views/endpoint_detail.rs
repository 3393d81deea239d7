//! One endpoint: its fields (the secret's hint only: the secret itself was shown once),
//! and what can be done to it: edit, send a test event, verify it, rotate its secret
//! (behind a confirmation that says receivers fail until updated), disable it (InstaVM's
//! delete) and enable it again.

use leptos::prelude::*;
use webhook_rules::instavm::wire::Endpoint;

use crate::error::ApiError;
use crate::providers::instavm::client::EndpointBody;
use crate::providers::instavm::state::{AppState, View};
use crate::providers::instavm::views::Outcome;
use crate::providers::instavm::views::endpoint_list::status_badge;
use crate::providers::instavm::views::secret_dialog::{SecretSlot, Shown};
use crate::providers::instavm::words as t;
use crate::ui::busy::Busy;
use crate::ui::confirm_dialog::ConfirmDialog;
use crate::ui::heading::h;
use crate::ui::long_text::LongText;
use crate::ui::notice::loading;
use crate::ui::show_if::show_else;
use crate::ui::time::time_or;

const RESULT: &str = "wc-action-result";
const ROTATE: &str = "wc-rotate";
const TOGGLE: &str = "wc-toggle-enabled";

#[component]
pub fn EndpointDetail(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let secret_slot = use_context::<SecretSlot>();
    let id = StoredValue::new(id);
    let endpoint = RwSignal::new(state.cached_endpoint(&id.get_value()));
    let load_error = RwSignal::new(None::<ApiError>);
    let outcome = RwSignal::new(None::<Outcome>);

    let show = move |e: Endpoint| {
        state.upsert_endpoint(e.clone());
        endpoint.try_set(Some(e));
    };
    // A 404 from any call: the endpoint is gone (never created here, or removed).
    let gone = move |e: &ApiError| {
        if matches!(e, ApiError::NotFound(_)) {
            if let Some(eid) = id.try_get_value() {
                state.forget_endpoint(&eid);
            }
            load_error.try_set(Some(e.clone()));
            true
        } else {
            false
        }
    };
    let load = move || {
        let Some(client) = state.client() else { return };
        let Some(eid) = id.try_get_value() else {
            return;
        };
        crate::host::task::spawn(state.mount, async move {
            match client.get_endpoint(&eid).await {
                Ok(e) => {
                    load_error.try_set(None);
                    show(e);
                }
                Err(e) => {
                    state.check_auth(&e);
                    load_error.try_set(Some(e));
                }
            }
        });
    };
    load();

    let acting = Busy::new();
    let done = move |o: Outcome, focus: bool| {
        outcome.try_set(Some(o));
        if focus {
            crate::browser::dom::focus_id_soon(RESULT.into());
        }
    };
    let failed = move |e: ApiError, focus: bool| {
        state.check_auth(&e);
        let text = if gone(&e) {
            t::ENDPOINT_GONE.to_owned()
        } else {
            t::error_text(&e)
        };
        done(Outcome { ok: false, text }, focus);
    };

    let send_test = move || {
        let eid = id.get_value();
        outcome.set(None);
        acting.run(async move {
            let Some(client) = state.client() else { return };
            match client.send_test(&eid).await {
                Ok(delivery) => {
                    let ok = delivery.as_ref().is_none_or(|d| d.status != "failed");
                    done(
                        Outcome {
                            ok,
                            text: t::test_sent(delivery.as_ref()),
                        },
                        true,
                    );
                    load();
                }
                Err(e) => failed(e, true),
            }
        })
    };
    let verify = move || {
        let eid = id.get_value();
        outcome.set(None);
        acting.run(async move {
            let Some(client) = state.client() else { return };
            match client.verify_endpoint(&eid).await {
                Ok(result) => {
                    let text = t::verify_result(&result);
                    let ok = result.verified;
                    show(result.endpoint);
                    done(Outcome { ok, text }, true);
                }
                Err(e) => failed(e, true),
            }
        })
    };
    let enable = move || {
        let eid = id.get_value();
        outcome.set(None);
        acting.run(async move {
            let Some(client) = state.client() else { return };
            let body = EndpointBody {
                enabled: Some(true),
                ..Default::default()
            };
            match client.update_endpoint(&eid, &body).await {
                Ok(e) => {
                    show(e);
                    done(
                        Outcome {
                            ok: true,
                            text: t::ENDPOINT_ENABLED.to_owned(),
                        },
                        true,
                    );
                }
                Err(e) => {
                    if e.may_have_applied() {
                        load();
                    }
                    failed(e, true)
                }
            }
        })
    };

    // Disable (InstaVM's delete), behind a confirmation.
    let confirm_disable = RwSignal::new(false);
    let disable_error = RwSignal::new(None::<String>);
    let disable = move || {
        let eid = id.get_value();
        disable_error.set(None);
        acting.run(async move {
            let Some(client) = state.client() else { return };
            match client.delete_endpoint(&eid).await {
                Ok(answer) => {
                    match answer {
                        Some(e) => show(e),
                        None => load(),
                    }
                    confirm_disable.try_set(false);
                    done(
                        Outcome {
                            ok: true,
                            text: t::ENDPOINT_DISABLED.to_owned(),
                        },
                        false,
                    );
                }
                Err(e) if e.may_have_applied() => {
                    confirm_disable.try_set(false);
                    load();
                    failed(e, false);
                }
                Err(e) => {
                    state.check_auth(&e);
                    if gone(&e) {
                        confirm_disable.try_set(false);
                    }
                    disable_error.try_set(Some(t::error_text(&e)));
                }
            }
        })
    };

    // Rotate the secret, behind a confirmation that says what breaks.
    let confirm_rotate = RwSignal::new(false);
    let rotate_error = RwSignal::new(None::<String>);
    let rotate = move || {
        let eid = id.get_value();
        rotate_error.set(None);
        acting.run(async move {
            let Some(client) = state.client() else { return };
            match client.rotate_secret(&eid).await {
                Ok(rotated) => {
                    confirm_rotate.try_set(false);
                    let url = rotated.endpoint.url.clone();
                    show(rotated.endpoint);
                    done(
                        Outcome {
                            ok: true,
                            text: t::SECRET_ROTATED.to_owned(),
                        },
                        false,
                    );
                    if let Some(slot) = secret_slot {
                        slot.open(Shown {
                            secret: rotated.secret,
                            endpoint_url: url,
                            rotated: true,
                            return_focus: ROTATE,
                        });
                    }
                }
                // Rotated or not, nobody can know the new secret: say so.
                Err(e) if e.may_have_applied() => {
                    confirm_rotate.try_set(false);
                    load();
                    done(
                        Outcome {
                            ok: false,
                            text: t::rotate_unconfirmed(&e),
                        },
                        false,
                    );
                }
                Err(e) => {
                    state.check_auth(&e);
                    if gone(&e) {
                        confirm_rotate.try_set(false);
                    }
                    rotate_error.try_set(Some(t::error_text(&e)));
                }
            }
        })
    };

    let url = move || endpoint.with(|e| e.as_ref().map(|e| e.url.clone()).unwrap_or_default());
    let enabled = move || endpoint.with(|e| e.as_ref().is_some_and(|e| e.enabled));
    let pending = acting.pending();

    let actions = move || {
        view! {
            <div class="actions endpoint-actions">
                <button type="button" class="btn secondary" on:click=move |_| state.go(View::Edit(id.get_value()))>
                    {t::EDIT}
                </button>
                <button type="button" class="btn secondary" on:click=move |_| state.deliveries_of(&id.get_value())>
                    {t::NAV_DELIVERIES}
                </button>
                <button type="button" class="btn secondary" disabled=move || pending.get() on:click=move |_| send_test()>
                    {t::SEND_TEST}
                </button>
                <button type="button" class="btn secondary" disabled=move || pending.get() on:click=move |_| verify()>
                    {t::VERIFY_ENDPOINT}
                </button>
                <button
                    type="button"
                    class="btn secondary"
                    id=ROTATE
                    disabled=move || pending.get()
                    on:click=move |_| {
                        rotate_error.set(None);
                        confirm_rotate.set(true);
                    }
                >
                    {t::ROTATE_SECRET}
                </button>
                <button
                    type="button"
                    id=TOGGLE
                    class=move || if enabled() { "btn danger" } else { "btn primary" }
                    disabled=move || pending.get()
                    on:click=move |_| {
                        if enabled() {
                            disable_error.set(None);
                            confirm_disable.set(true);
                        } else {
                            enable();
                        }
                    }
                >
                    {move || if enabled() { t::DISABLE } else { t::ENABLE }}
                </button>
            </div>
        }
    };

    let fields = move |e: Endpoint| {
        let patterns = e.subscribed_event_patterns.clone();
        view! {
            {(!e.enabled).then(|| view! {
                <div class="notice info">
                    <p>{t::DISABLED_NOTICE}</p>
                </div>
            })}
            <dl class="fields">
                <dt>{t::COL_STATUS}</dt>
                <dd>{status_badge(&e)} " " <span class="muted small-text">{t::enabled_sentence(e.enabled)}</span></dd>
                <dt>{t::FIELD_DESCRIPTION}</dt>
                <dd>
                    {match e.description.clone().filter(|d| !d.is_empty()) {
                        Some(d) => view! { <span class="long-text">{d}</span> }.into_any(),
                        None => view! { <span class="muted">{t::NO_DESCRIPTION}</span> }.into_any(),
                    }}
                </dd>
                <dt>{t::PATTERNS_LEGEND}</dt>
                <dd>
                    {if patterns.is_empty() {
                        view! { <span class="muted">{t::PATTERNS_NONE}</span> }.into_any()
                    } else {
                        view! {
                            <ul class="header-hints pattern-list">
                                {patterns
                                    .into_iter()
                                    .map(|p| view! { <li><code>{p}</code></li> }.into_any())
                                    .collect::<Vec<_>>()}
                            </ul>
                        }
                        .into_any()
                    }}
                </dd>
                <dt>{t::SIGNING_SECRET}</dt>
                <dd>
                    <code class="secret-hint" id="wc-secret-hint" tabindex="-1">
                        {e.secret_hint.as_deref().map_or_else(|| t::NO_HINT.to_owned(), crate::format::api_hint)}
                    </code>
                    <span class="muted small-text">" " {t::hint_only(&e.signing_version)}</span>
                </dd>
                <dt>{t::FIELD_TIMEOUT}</dt>
                <dd>{t::seconds(e.timeout_seconds)}</dd>
                <dt>{t::FIELD_MAX_RETRIES}</dt>
                <dd>{e.max_retries}</dd>
                <dt>{t::COL_FAILURES}</dt>
                <dd>{e.consecutive_failures}</dd>
                <dt>{t::COL_LAST_DELIVERY}</dt>
                <dd>{time_or(e.last_delivery_at.as_deref(), t::NEVER_DELIVERED)}</dd>
                <dt>{t::COL_LAST_ERROR}</dt>
                <dd>
                    {match e.last_error.clone().filter(|s| !s.is_empty()) {
                        Some(err) => view! { <LongText text=err class="" /> }.into_any(),
                        None => view! { <span class="muted">{t::NO_ERROR}</span> }.into_any(),
                    }}
                </dd>
                <dt>{t::LAST_VERIFIED}</dt>
                <dd>{time_or(e.last_verified_at.as_deref(), t::NEVER_VERIFIED)}</dd>
                <dt>{t::CREATED}</dt>
                <dd>{time_or(Some(&e.created_at), "")}</dd>
                <dt>{t::UPDATED}</dt>
                <dd>{time_or(Some(&e.updated_at), "")}</dd>
                <dt>{t::FIELD_ID}</dt>
                <dd><code>{e.id.clone()}</code></dd>
            </dl>
        }
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
                        let text = if matches!(e, ApiError::NotFound(_)) {
                            t::ENDPOINT_GONE.to_owned()
                        } else {
                            t::error_text(&e)
                        };
                        view! {
                            <div class="notice error" role="alert">
                                <p>{text}</p>
                            </div>
                        }
                    })
            }}
            // Built once the endpoint is known, and kept while it changes: the action
            // buttons stay the same elements, so focus can come back to them.
            {show_else(move || endpoint.with(Option::is_some), move || view! {
                <div class="panel-head">
                    {h(0, "wc-view-title", true, "long-text", (view! { <span class="visually-hidden">{t::ENDPOINT} " "</span>
                        {move || t::url_or_empty(&url())} }).into_any())}
                    {actions()}
                </div>
                <div id=RESULT tabindex="-1" role="status" class="action-result">
                    {move || outcome.get().map(|o| {
                        let class = if o.ok { "notice success" } else { "notice error" };
                        view! { <div class=class><LongText text=o.text class="" /></div> }
                    })}
                </div>
                {move || endpoint.get().map(fields)}
            }, move || view! {
                {h(0, "wc-view-title", true, "", (t::ENDPOINT).into_any())}
                {move || load_error.with(Option::is_none).then(|| loading(t::LOADING_ENDPOINT))}
            })}
            <ConfirmDialog
                open=confirm_rotate
                title=Signal::derive(move || t::rotate_title(&url()))
                body=Signal::derive(|| t::ROTATE_BODY.to_owned())
                confirm_label=t::ROTATE_CONFIRM
                pending=pending
                error=rotate_error
                fallback_focus=RESULT
                on_confirm=move |()| rotate()
            />
            <ConfirmDialog
                open=confirm_disable
                title=Signal::derive(move || t::disable_title(&url()))
                body=Signal::derive(|| t::DISABLE_BODY.to_owned())
                confirm_label=t::DISABLE_CONFIRM
                pending=pending
                error=disable_error
                fallback_focus=RESULT
                on_confirm=move |()| disable()
            />
        </section>
    }
}
