//! Creating and editing a webhook.
//!
//! Every rule comes from the rules crate: the form builds the request it would send and
//! asks `validate_create` / `validate_patch`, so the message next to a field is the one
//! the server would give. A field's problem shows after its first blur (or after a
//! submit), then live as the admin types. Server problems are mapped back onto their
//! fields. Nothing typed is lost on a failure; the submit button cannot send twice.
//!
//! An edit is saved in three steps: a review of what will change (`ui::review`, Confirm
//! or Back), then a fresh GET compared with the webhook the form was opened from, then
//! the PATCH. When someone else changed the webhook meanwhile, the console shows what
//! they changed and lets the admin reload those fields or overwrite deliberately: the
//! API has no ETags, so this check is ours, and a change made between our GET and our
//! PATCH still goes unseen (inferred: the window is one round trip).

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::slashid::wire::Headers;
use webhook_rules::slashid::wire::{Webhook, WebhookCreate, WebhookPatch};
use webhook_rules::slashid::{conflicts, timeout};
use webhook_rules::slashid::{validate_create, validate_patch};

use crate::diff::{Field, changes, created};
use crate::error::ApiError;
use crate::providers::slashid::state::{AppState, NoticeKind, View};
use crate::providers::slashid::views::header_editor::{HeaderEditor, HeaderModel};
use crate::providers::slashid::views::timeout_field::TimeoutField;
use crate::providers::slashid::words as t;
use crate::ui::busy::Busy;
use crate::ui::long_text::LongText;
use crate::ui::review::{SAVE_ID, Stage, StageActions, in_review, stage_view};
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

/// A webhook's fields as a review shows them, header values as secrets.
pub fn review_fields(w: &Webhook) -> Vec<Field> {
    let mut fields = vec![
        Field::plain(t::FIELD_NAME, &w.name),
        Field::plain(t::FIELD_TARGET_URL, &w.target_url),
        Field::plain(t::FIELD_DESCRIPTION, &w.description),
        Field::plain(t::FIELD_TIMEOUT, &w.timeout),
    ];
    for (name, values) in &w.custom_headers {
        let label = t::header_field(name);
        fields.extend(values.iter().map(|v| Field::secret(&label, v)));
    }
    fields
}

/// `w` as it will be once `patch` is applied.
pub fn patched(w: &Webhook, patch: &WebhookPatch) -> Webhook {
    let mut w = w.clone();
    let set = |field: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            field.clone_from(v);
        }
    };
    set(&mut w.name, &patch.name);
    set(&mut w.target_url, &patch.target_url);
    set(&mut w.description, &patch.description);
    set(&mut w.timeout, &patch.timeout);
    if let Some(h) = &patch.custom_headers {
        w.custom_headers.clone_from(h);
    }
    w
}

/// The header names whose values differ between two header sets.
pub fn changed_headers(a: &Headers, b: &Headers) -> Vec<String> {
    a.keys()
        .chain(b.keys().filter(|n| !a.contains_key(*n)))
        .filter(|n| a.get(*n) != b.get(*n))
        .cloned()
        .collect()
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
    let stage = RwSignal::new(Stage::Form);
    // The webhook as stored when someone else changed it, while that is shown.
    let theirs = StoredValue::new(None::<Webhook>);
    let to_stage = move |s: Stage| Stage::go(stage, s);
    let send = move |req: SaveRequest| async move {
        let Some(client) = state.client() else { return };
        let result = match &req {
            SaveRequest::Create(body) => client.create_webhook(body).await,
            SaveRequest::Patch(id, body) => client.patch_webhook(id, body).await,
        };
        // Back to the form, whatever the answer (after a success, the form is gone).
        stage.try_set(Stage::Form);
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
    };
    let save = move |req: SaveRequest| busy.run(send(req));
    let pending = busy.pending();
    let original_id =
        move || original.with_value(|o| o.as_ref().map(|w| w.id.clone()).unwrap_or_default());

    // A create confirmed is sent. An edit confirmed reads the stored webhook first,
    // compared with the one the form was opened from; the PATCH only when nobody changed
    // it meanwhile.
    let confirm = Callback::new(move |()| {
        if !is_edit {
            return save(SaveRequest::Create(build_create()));
        }
        busy.run(async move {
            let Some(client) = state.client() else { return };
            let id = original_id();
            let read = client.get_webhook(&id).await;
            // The admin may have left the form meanwhile: its values are gone with it.
            if original.is_disposed() {
                return;
            }
            match read {
                Ok(stored) => {
                    let rows = original.with_value(|o| {
                        o.as_ref()
                            .map(|o| changes(&review_fields(o), &review_fields(&stored)))
                            .unwrap_or_default()
                    });
                    if rows.is_empty() {
                        send(SaveRequest::Patch(id, build_patch())).await;
                    } else {
                        theirs.set_value(Some(stored));
                        to_stage(Stage::Conflict(rows));
                    }
                }
                Err(e) => {
                    stage.set(Stage::Form);
                    state.check_auth(&e);
                    form_error.set(Some(t::error_text(&e)));
                    crate::browser::dom::focus_id_soon("wc-form-error".into());
                }
            }
        })
    });
    let overwrite =
        Callback::new(move |()| busy.run(send(SaveRequest::Patch(original_id(), build_patch()))));
    // The fields someone else changed take the stored version; the rest keep the edits.
    // New header rows belong to the form, not to the review the click came from (which
    // is disposed of as the form comes back).
    let form_owner = Owner::current();
    let reload = Callback::new(move |()| {
        let Some(stored) = theirs.get_value() else {
            return;
        };
        original.with_value(|o| {
            let Some(o) = o else { return };
            let take = |field: RwSignal<String>, then: &str, now: &str| {
                if then != now {
                    field.set(now.to_owned());
                }
            };
            take(name, &o.name, &stored.name);
            take(target_url, &o.target_url, &stored.target_url);
            take(description, &o.description, &stored.description);
            if o.timeout != stored.timeout {
                timeout_text.set(if stored.timeout == "0s" {
                    String::new()
                } else {
                    stored.timeout.clone()
                });
            }
            let names = changed_headers(&o.custom_headers, &stored.custom_headers);
            let reload = || headers.reload(&stored.custom_headers, &names);
            match &form_owner {
                Some(owner) => owner.with(reload),
                None => reload(),
            }
        });
        original.set_value(Some(stored));
        server_problems.set(Vec::new());
        state.say(NoticeKind::Info, t::CONFLICT_RELOADED.to_owned());
        to_stage(Stage::Form);
    });
    let actions = StageActions {
        confirm,
        reload,
        overwrite,
    };

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
            let rows = original.with_value(|o| {
                o.as_ref()
                    .map(|o| changes(&review_fields(o), &review_fields(&patched(o, &patch))))
                    .unwrap_or_default()
            });
            to_stage(Stage::Review(rows));
        } else {
            let preview = patched(&Webhook::default(), &build_create());
            to_stage(Stage::New(created(&review_fields(&preview))));
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
            <div class="form-fields" hidden=move || in_review(stage)>
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
            </div>
            <div class="form-actions" hidden=move || in_review(stage)>
                <button type="submit" id=SAVE_ID class="btn primary" disabled=move || pending.get() aria-disabled=move || pending.get().then_some("true")>
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
            {stage_view(stage, pending, actions, t::CONFLICT_HEADERS)}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
            .collect()
    }

    #[test]
    fn changed_headers_names_each_changed_name_once() {
        let a = headers(&[("X-A", "1"), ("X-B", "2"), ("X-C", "3")]);
        let b = headers(&[("X-A", "1"), ("X-B", "9"), ("X-D", "4")]);
        assert_eq!(changed_headers(&a, &b), ["X-B", "X-C", "X-D"]);
    }

    #[test]
    fn the_review_is_of_what_the_patch_sends() {
        let w = Webhook {
            id: "w1".into(),
            name: "Billing".into(),
            timeout: "5s".into(),
            custom_headers: headers(&[("X-Key", "old-secret-value-2222")]),
            ..Default::default()
        };
        let patch = WebhookPatch {
            timeout: Some("7.5s".into()),
            custom_headers: Some(headers(&[("X-Key", "new-secret-value-4444")])),
            ..Default::default()
        };
        let rows = changes(&review_fields(&w), &review_fields(&patched(&w, &patch)));
        let text = format!("{rows:?}");
        assert_eq!(rows.len(), 2, "{text}");
        assert_eq!(rows[0].before.as_deref(), Some("5s"));
        assert_eq!(rows[0].after.as_deref(), Some("7.5s"));
        assert_eq!(rows[1].field, "Header X-Key");
        assert!(!text.contains("secret-value"), "{text}");
    }
}
