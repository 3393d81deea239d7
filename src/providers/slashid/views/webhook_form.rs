//! Creating and editing a webhook.
//!
//! Every rule comes from the rules crate: the form builds the request it would send and
//! asks `validate_create` / `validate_patch`, so the message next to a field is the one
//! the server would give. A field's problem shows after its first blur (or after a
//! submit), then live as the admin types. Server problems are mapped back onto their
//! fields. Nothing typed is lost on a failure; the submit button cannot send twice.

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::slashid::wire::{Webhook, WebhookCreate, WebhookPatch};
use webhook_rules::slashid::{conflicts, timeout};
use webhook_rules::slashid::{validate_create, validate_patch};

use crate::error::ApiError;
use crate::providers::slashid::state::{AppState, NoticeKind, View};
use crate::providers::slashid::views::header_editor::{HeaderEditor, HeaderModel};
use crate::providers::slashid::views::timeout_field::TimeoutField;
use crate::providers::slashid::words as t;
use crate::ui::busy::Busy;
use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;
use crate::ui::text_field::TextField;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormMode {
    Create,
    Edit(Webhook),
}

#[derive(Clone, Debug)]
enum SaveRequest {
    Create(WebhookCreate),
    Patch(String, WebhookPatch),
}

/// The UI key a problem belongs to (`name`, `target_url`, ..., `h{row}v{slot}`), or
/// `None` for a problem of the whole request.
fn locate(problem: &Problem, headers: &HeaderModel) -> Option<String> {
    match problem.field.as_str() {
        f @ ("name" | "target_url" | "description" | "timeout") => Some(f.to_owned()),
        f => headers.locate(f),
    }
}

#[component]
pub fn WebhookForm(mode: FormMode) -> impl IntoView {
    let state = expect_context::<AppState>();
    let original = match &mode {
        FormMode::Edit(w) => Some(w.clone()),
        FormMode::Create => None,
    };
    let is_edit = original.is_some();
    let original = StoredValue::new(original);
    let init = |f: fn(&Webhook) -> String| {
        RwSignal::new(original.with_value(|o| o.as_ref().map(f).unwrap_or_default()))
    };
    let name = init(|w| w.name.clone());
    let target_url = init(|w| w.target_url.clone());
    let description = init(|w| w.description.clone());
    // "0s" reads back for "use the defaults": shown as an empty field.
    let timeout_text = init(|w| {
        if w.timeout == "0s" {
            String::new()
        } else {
            w.timeout.clone()
        }
    });
    let headers = original.with_value(|o| {
        HeaderModel::new(
            &o.as_ref()
                .map(|w| w.custom_headers.clone())
                .unwrap_or_default(),
        )
    });

    let touched = RwSignal::new(crate::ids::IdSet::default());
    let submitted = RwSignal::new(false);
    let server_problems = RwSignal::new(Vec::<Problem>::new());
    let form_error = RwSignal::new(None::<String>);
    let timed_out = RwSignal::new(false);
    // The last send got no answer, or an unreadable one: it may have been applied.
    let unconfirmed = RwSignal::new(false);

    let build_create = move || WebhookCreate {
        name: Some(name.get()),
        target_url: Some(target_url.get()),
        description: Some(description.get()).filter(|d| !d.is_empty()),
        custom_headers: Some(headers.headers()).filter(|h| !h.is_empty()),
        timeout: Some(timeout_text.get()).filter(|t| !t.is_empty()),
    };
    // Only the fields that changed; `custom_headers` whole when any header changed.
    let build_patch = move || {
        original.with_value(|o| {
            let Some(o) = o else {
                return WebhookPatch::default();
            };
            let changed = |now: String, then: &str| (now != then).then_some(now);
            let timeout_now = timeout_text.get();
            let timeout_changed = match timeout::check(&timeout_now) {
                Ok(nanos) => timeout::normalize(nanos) != o.timeout,
                Err(_) => true,
            };
            let headers_now = headers.headers();
            WebhookPatch {
                name: changed(name.get(), &o.name),
                target_url: changed(target_url.get(), &o.target_url),
                description: changed(description.get(), &o.description),
                custom_headers: (headers_now != o.custom_headers).then_some(headers_now),
                timeout: timeout_changed.then_some(timeout_now),
            }
        })
    };

    // Every problem the rules find in what would be sent, each with its UI key.
    let client_problems = Memo::new(move |_| {
        let mut problems = if is_edit {
            validate_patch(&build_patch()).err().unwrap_or_default()
        } else {
            validate_create(&build_create()).err().unwrap_or_default()
        };
        if let Some(p) = duplicate_target_url(state, &target_url.get(), original) {
            problems.push(p);
        }
        problems
            .into_iter()
            .map(|p| (locate(&p, &headers), p))
            .collect::<Vec<_>>()
    });

    let error_for = move |key: &str| -> Option<String> {
        let show = submitted.get() || touched.with(|t| t.contains(key));
        if show {
            let found = client_problems.with(|ps| {
                ps.iter()
                    .find(|(k, _)| k.as_deref() == Some(key))
                    .map(|(_, p)| t::sentence(&p.message))
            });
            if found.is_some() {
                return found;
            }
        }
        server_problems.with(|ps| {
            ps.iter()
                .find(|p| locate(p, &headers).as_deref() == Some(key))
                .map(|p| t::sentence(&p.message))
        })
    };
    let field_error = move |key: &'static str| Signal::derive(move || error_for(key));
    let blur = move |key: &'static str| {
        Callback::new(move |()| {
            touched.update(|t| {
                t.insert(key.to_owned());
            })
        })
    };
    // Editing a field retires the server's verdict on it.
    let edited = move |key: &'static str| {
        Callback::new(move |()| {
            server_problems.update(|ps| ps.retain(|p| locate(p, &headers).as_deref() != Some(key)));
        })
    };

    let busy = Busy::new();
    let save = move |req: SaveRequest| {
        busy.run(async move {
            let Some(client) = state.client() else { return };
            let result = match &req {
                SaveRequest::Create(body) => client.create_webhook(body).await,
                SaveRequest::Patch(id, body) => client.patch_webhook(id, body).await,
            };
            match result {
                Ok(webhook) => {
                    let text = if matches!(req, SaveRequest::Create(_)) {
                        t::webhook_created(&webhook.name)
                    } else {
                        t::webhook_saved(&webhook.name)
                    };
                    let id = webhook.id.clone();
                    state.upsert_webhook(webhook);
                    state.go_with(View::Detail(id), NoticeKind::Success, text);
                }
                Err(ApiError::Timeout408) => timed_out.set(true),
                Err(e @ ApiError::Unconfirmed(_)) => {
                    unconfirmed.set(true);
                    form_error.set(Some(t::error_text(&e)));
                    crate::browser::dom::focus_id_soon("wc-form-error".into());
                }
                Err(e) if !e.problems().is_empty() => {
                    let problems = e.problems().to_vec();
                    let first = problems.iter().find_map(|p| locate(p, &headers));
                    let general: Vec<String> = problems
                        .iter()
                        .filter(|p| locate(p, &headers).is_none())
                        .map(|p| t::sentence(&p.message))
                        .collect();
                    server_problems.set(problems);
                    form_error.set((!general.is_empty()).then(|| general.join(" ")));
                    match first {
                        Some(key) => crate::browser::dom::focus_id_soon(format!("wc-{key}")),
                        None => crate::browser::dom::focus_id_soon("wc-form-error".into()),
                    }
                }
                Err(e) => {
                    state.check_auth(&e);
                    form_error.set(Some(t::error_text(&e)));
                    crate::browser::dom::focus_id_soon("wc-form-error".into());
                }
            }
        })
    };
    let pending = busy.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        form_error.set(None);
        timed_out.set(false);
        unconfirmed.set(false);
        let first_problem = client_problems.with_untracked(|ps| ps.first().cloned());
        if let Some((key, _)) = first_problem {
            match key {
                Some(key) => crate::browser::dom::focus_id_soon(format!("wc-{key}")),
                None => crate::browser::dom::focus_id_soon("wc-form-summary".into()),
            }
            return;
        }
        if is_edit {
            let patch = build_patch();
            if patch.is_empty() {
                state.say(NoticeKind::Info, t::NOTHING_CHANGED.to_owned());
                return;
            }
            let id = original.with_value(|o| o.as_ref().map(|w| w.id.clone()).unwrap_or_default());
            save(SaveRequest::Patch(id, patch));
        } else {
            save(SaveRequest::Create(build_create()));
        }
    };

    let cancel = move |_| match original.with_value(|o| o.as_ref().map(|w| w.id.clone())) {
        Some(id) => state.go(View::Detail(id)),
        None => state.go(View::List),
    };

    let problem_count =
        move || client_problems.with(|ps| ps.len()) + server_problems.with(|ps| ps.len());
    let general_client = move || {
        client_problems.with(|ps| {
            ps.iter()
                .filter(|(k, _)| k.is_none())
                .map(|(_, p)| t::sentence(&p.message))
                .collect::<Vec<_>>()
        })
    };

    // Loads the list again without leaving the form: a webhook created meanwhile with
    // this target URL then shows as the duplicate-URL problem on the field.
    let refresh_button = move || {
        view! {
            <button
                type="button"
                class="btn secondary small"
                disabled=move || state.list_loading.get()
                on:click=move |_| state.reload_webhooks()
            >
                {move || if state.list_loading.get() { t::REFRESHING } else { t::REFRESH_LIST }}
            </button>
        }
    };

    view! {
        <form class="webhook-form" novalidate on:submit=on_submit aria-labelledby="wc-view-title">
            {show_if(move || { submitted.get() && problem_count() > 0 }, move || view! {
                <div class="notice error" id="wc-form-summary" tabindex="-1" role="alert">
                    <p>{move || t::fix_problems(problem_count())}</p>
                    <ul>
                        {move || {
                            general_client()
                                .into_iter()
                                .map(|m| view! { <li><LongText text=m class="" /></li> })
                                .map(IntoAny::into_any).collect::<Vec<_>>()
                        }}
                    </ul>
                </div>
            })}
            {move || {
                form_error
                    .get()
                    .map(|e| {
                        view! {
                            <div class="notice error" id="wc-form-error" tabindex="-1" role="alert">
                                <LongText text=e class="" />
                                {if unconfirmed.get() {
                                    view! {
                                        <p class="small-text">{t::TYPED_KEPT}</p>
                                        {refresh_button()}
                                    }
                                        .into_any()
                                } else {
                                    view! { <p class="small-text">{t::NOTHING_LOST}</p> }.into_any()
                                }}
                            </div>
                        }
                    })
            }}
            {show_if(move || timed_out.get(), move || view! {
                <div class="notice info" role="status">
                    <p>{t::TIMEOUT_408}</p>
                    <p class="small-text">{t::TYPED_KEPT}</p>
                    {refresh_button()}
                </div>
            })}
            <TextField
                key="name"
                label=t::FIELD_NAME
                value=name
                required=true
                hint=t::NAME_HINT
                error=field_error("name")
                on_blur=blur("name")
                on_change=edited("name")
            />
            <TextField
                key="target_url"
                label=t::FIELD_TARGET_URL
                value=target_url
                required=true
                input_type="url"
                placeholder=t::TARGET_URL_PLACEHOLDER
                hint=t::TARGET_URL_HINT
                error=field_error("target_url")
                on_blur=blur("target_url")
                on_change=edited("target_url")
            />
            <TextField
                key="description"
                label=t::FIELD_DESCRIPTION
                value=description
                multiline=true
                error=field_error("description")
                on_blur=blur("description")
                on_change=edited("description")
            />
            <TimeoutField
                value=timeout_text
                error=field_error("timeout")
                on_blur=blur("timeout")
                on_change=edited("timeout")
            />
            <HeaderEditor
                model=headers
                error=Callback::new(move |key: String| error_for(&key))
                on_blur=Callback::new(move |key: String| {
                    touched.update(|t| {
                        t.insert(key);
                    })
                })
                on_change=Callback::new(move |_key: String| {
                    server_problems.update(|ps| ps.retain(|p| !p.field.starts_with("custom_headers")));
                })
            />
            <div class="form-actions">
                <button type="submit" class="btn primary" disabled=move || pending.get() aria-disabled=move || pending.get().then_some("true")>
                    {move || match (pending.get(), is_edit) {
                        (true, _) => t::SAVING,
                        (false, true) => t::SAVE_CHANGES,
                        (false, false) => t::CREATE_WEBHOOK,
                    }}
                </button>
                <button type="button" class="btn secondary" on:click=cancel>
                    {t::CANCEL}
                </button>
            </div>
        </form>
    }
}

/// Target URLs are unique per organization: checked against the loaded list before
/// sending, with the rules' words (the same the server's 409 carries), followed by the
/// name of the webhook that has the URL, for context.
fn duplicate_target_url(
    state: AppState,
    url: &str,
    original: StoredValue<Option<Webhook>>,
) -> Option<Problem> {
    if url.is_empty() {
        return None;
    }
    let own_id = original.with_value(|o| o.as_ref().map(|w| w.id.clone()));
    state.webhooks.with(|list| {
        let other = list.as_ref()?.iter().find(|w| {
            conflicts::same_target_url(&w.target_url, url) && Some(&w.id) != own_id.as_ref()
        })?;
        let mut problem = conflicts::duplicate_target_url();
        problem.message = t::used_by(&problem.message, &other.name);
        Some(problem)
    })
}
