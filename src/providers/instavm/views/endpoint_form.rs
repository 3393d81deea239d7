//! Create and edit an endpoint, with live validation in pydantic's words next to the
//! right field: after a field's first blur (or the first submit), then as the admin
//! types. Every server 422 goes back onto its field; nothing typed is lost on any
//! failure; an edit sends only what changed. The URL's note (not HTTPS, or no URL a
//! delivery can reach) never blocks: the server takes any string.
//!
//! An edit is saved as SlashID's is (`ui::review`): a review of what will change, then a
//! fresh GET compared with the endpoint the form was opened from, then the update; a
//! change made meanwhile is shown, to reload or overwrite. InstaVM has no ETags, so the
//! check is ours, and a change between our GET and our update still goes unseen
//! (inferred: the window is one round trip).

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::instavm::validate::{MAX_RETRIES_DEFAULT, TIMEOUT_SECONDS_DEFAULT};
use webhook_rules::instavm::wire::Endpoint;

use crate::diff::{Change, Field, changes, created};
use crate::error::ApiError;
use crate::ids::IdSet;
use crate::providers::instavm::client::EndpointBody;
use crate::providers::instavm::form::{self, Typed};
use crate::providers::instavm::state::{AppState, NoticeKind, View};
use crate::providers::instavm::views::pattern_editor::{PatternEditor, PatternModel, input_id};
use crate::providers::instavm::views::secret_dialog::{SecretSlot, Shown};
use crate::providers::instavm::words as t;
use crate::ui::busy::Busy;
use crate::ui::long_text::LongText;
use crate::ui::review::{SAVE_ID, Stage, StageActions, in_review, stage_view};
use crate::ui::show_if::show_if;
use crate::ui::text_field::TextField;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormMode {
    Create,
    /// Boxed: an endpoint is large, and `Create` carries nothing.
    Edit(Box<Endpoint>),
}

/// The id of the input a problem's field key belongs to, or `None` for a problem of the
/// whole request.
fn input_of(key: &str) -> Option<String> {
    match key {
        form::URL | form::DESCRIPTION | form::TIMEOUT_SECONDS | form::MAX_RETRIES => {
            Some(format!("wc-{key}"))
        }
        _ => pattern_index(key).map(input_id),
    }
}

/// `event_patterns[2]` → 2.
fn pattern_index(key: &str) -> Option<usize> {
    key.strip_prefix(form::EVENT_PATTERNS)?
        .strip_prefix('[')?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// An endpoint's fields as a review shows them.
pub fn review_fields(e: &Endpoint) -> Vec<Field> {
    let mut fields = vec![
        Field::plain(t::FIELD_URL, &e.url),
        Field::plain(t::FIELD_DESCRIPTION, e.description.as_deref().unwrap_or("")),
        Field::plain(t::FIELD_TIMEOUT, &e.timeout_seconds.to_string()),
        Field::plain(t::FIELD_MAX_RETRIES, &e.max_retries.to_string()),
    ];
    let pattern = |p: &String| Field::plain(t::REVIEW_PATTERN, p);
    fields.extend(e.subscribed_event_patterns.iter().map(pattern));
    fields
}

/// `e` as it will be once `body` is applied.
pub fn patched(e: &Endpoint, body: &EndpointBody) -> Endpoint {
    let mut e = e.clone();
    if let Some(v) = &body.url {
        e.url.clone_from(v);
    }
    if let Some(v) = &body.description {
        e.description = Some(v.clone());
    }
    if let Some(v) = &body.event_patterns {
        e.subscribed_event_patterns.clone_from(v);
    }
    e.timeout_seconds = body.timeout_seconds.unwrap_or(e.timeout_seconds);
    e.max_retries = body.max_retries.unwrap_or(e.max_retries);
    e
}

/// The review of a create: what it sends, and the server's default for a number left
/// empty.
pub fn create_rows(body: &EndpointBody) -> Vec<Change> {
    let defaults = Endpoint {
        timeout_seconds: TIMEOUT_SECONDS_DEFAULT,
        max_retries: MAX_RETRIES_DEFAULT,
        ..Endpoint::default()
    };
    created(&review_fields(&patched(&defaults, body)))
}

#[component]
pub fn EndpointForm(mode: FormMode) -> impl IntoView {
    let state = expect_context::<AppState>();
    let secret_slot = use_context::<SecretSlot>();
    let original = match mode {
        FormMode::Edit(e) => Some(*e),
        FormMode::Create => None,
    };
    let is_edit = original.is_some();
    let start = original.as_ref().map(Typed::of).unwrap_or_default();
    let original = StoredValue::new(original);
    let url = RwSignal::new(start.url);
    let description = RwSignal::new(start.description);
    let timeout = RwSignal::new(start.timeout_seconds);
    let retries = RwSignal::new(start.max_retries);
    let patterns = PatternModel::new(&start.patterns);

    let touched = RwSignal::new(IdSet::default());
    let submitted = RwSignal::new(false);
    let server_problems = RwSignal::new(Vec::<Problem>::new());
    let form_error = RwSignal::new(None::<String>);
    // The last send got no answer, or an unreadable one: it may have been applied.
    let unconfirmed = RwSignal::new(false);

    let typed = move || Typed {
        url: url.get(),
        description: description.get(),
        patterns: patterns.patterns(),
        timeout_seconds: timeout.get(),
        max_retries: retries.get(),
    };
    // The rules' verdict on what would be sent: the body, or every problem.
    let verdict = Memo::new(move |_| {
        let typed = typed();
        original.with_value(|o| match o {
            Some(o) => form::judge_update(&typed, o),
            None => form::judge_create(&typed),
        })
    });
    let client_problems = move || verdict.with(|v| v.as_ref().err().cloned().unwrap_or_default());

    let error_for = move |key: &str| -> Option<String> {
        if submitted.get() || touched.with(|t| t.contains(key)) {
            let found = verdict.with(|v| {
                v.as_ref()
                    .err()
                    .and_then(|ps| ps.iter().find(|p| p.field == key))
                    .map(|p| crate::text::sentence(&p.message))
            });
            if found.is_some() {
                return found;
            }
        }
        server_problems.with(|ps| {
            ps.iter()
                .find(|p| p.field == key)
                .map(|p| crate::text::sentence(&p.message))
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
        Callback::new(move |()| server_problems.update(|ps| ps.retain(|p| p.field != key)))
    };
    let url_edited = edited(form::URL);
    let url_blurred = blur(form::URL);
    let url_warning = move || {
        (submitted.get() || touched.with(|t| t.contains(form::URL)))
            .then(|| url.with(|u| form::url_warning(u)))
            .flatten()
    };

    let busy = Busy::new();
    // Runs when a send ends: the form may be gone by then (the admin moved on), so its
    // signals are written with `try_`.
    let fail = move |e: ApiError| {
        let problems = e.problems().to_vec();
        if e.may_have_applied() {
            unconfirmed.try_set(true);
            form_error.try_set(Some(t::error_text(&e)));
            crate::browser::dom::focus_id_soon("wc-form-error".into());
        } else if matches!(e, ApiError::Validation(_)) && !problems.is_empty() {
            let first = problems.iter().find_map(|p| input_of(&p.field));
            let general: Vec<String> = problems
                .iter()
                .filter(|p| input_of(&p.field).is_none())
                .map(|p| p.message.clone())
                .collect();
            server_problems.try_set(problems);
            form_error.try_set((!general.is_empty()).then(|| t::rejected(&general)));
            crate::browser::dom::focus_id_soon(first.unwrap_or_else(|| "wc-form-error".into()));
        } else {
            state.check_auth(&e);
            let text = match e {
                ApiError::NotFound(_) if is_edit => t::ENDPOINT_GONE.to_owned(),
                e => t::error_text(&e),
            };
            form_error.try_set(Some(text));
            crate::browser::dom::focus_id_soon("wc-form-error".into());
        }
    };
    let stage = RwSignal::new(Stage::Form);
    let create = move |body: EndpointBody| {
        busy.run(async move {
            let Some(client) = state.client() else { return };
            match client.create_endpoint(&body).await {
                Ok(created) => {
                    let endpoint = created.endpoint;
                    let id = endpoint.id.clone();
                    if let Some(slot) = secret_slot {
                        slot.open(Shown {
                            secret: created.secret,
                            endpoint_url: endpoint.url.clone(),
                            rotated: false,
                            return_focus: "wc-secret-hint",
                        });
                    }
                    state.upsert_endpoint(endpoint);
                    state.go_with(
                        View::Detail(id),
                        NoticeKind::Success,
                        t::ENDPOINT_CREATED.to_owned(),
                    );
                }
                Err(e) => {
                    stage.try_set(Stage::Form);
                    fail(e)
                }
            }
        })
    };
    let update = move |id: String, body: EndpointBody| async move {
        let Some(client) = state.client() else { return };
        match client.update_endpoint(&id, &body).await {
            Ok(endpoint) => {
                state.upsert_endpoint(endpoint);
                state.go_with(
                    View::Detail(id),
                    NoticeKind::Success,
                    t::ENDPOINT_SAVED.to_owned(),
                );
            }
            Err(e) => {
                stage.try_set(Stage::Form);
                fail(e)
            }
        }
    };
    let pending = busy.pending();
    let original_id = move || original.with_value(|o| o.as_ref().map(|e| e.id.clone()));
    let body_now = move || verdict.get_untracked().unwrap_or_default();
    // The endpoint as stored when someone else changed it, while that is shown.
    let theirs = StoredValue::new(None::<Endpoint>);
    // A create confirmed is sent. An edit confirmed reads the stored endpoint first,
    // compared with the one the form was opened from; the update only when nobody
    // changed it meanwhile.
    let confirm = Callback::new(move |()| {
        if !is_edit {
            return create(body_now());
        }
        busy.run(async move {
            let (Some(client), Some(id)) = (state.client(), original_id()) else {
                return;
            };
            let read = client.get_endpoint(&id).await;
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
                        update(id, body_now()).await;
                    } else {
                        theirs.set_value(Some(stored));
                        Stage::go(stage, Stage::Conflict(rows));
                    }
                }
                Err(e) => {
                    stage.try_set(Stage::Form);
                    fail(e);
                }
            }
        })
    });
    let overwrite = Callback::new(move |()| {
        busy.run(async move {
            if let Some(id) = original_id() {
                update(id, body_now()).await;
            }
        })
    });
    // The fields someone else changed take the stored version; the rest keep the edits.
    let reload = Callback::new(move |()| {
        let Some(stored) = theirs.get_value() else {
            return;
        };
        let now = Typed::of(&stored);
        let then = original.with_value(|o| o.as_ref().map(Typed::of).unwrap_or_default());
        let take = |field: RwSignal<String>, then: &str, now: &str| {
            if then != now {
                field.set(now.to_owned());
            }
        };
        take(url, &then.url, &now.url);
        take(description, &then.description, &now.description);
        take(timeout, &then.timeout_seconds, &now.timeout_seconds);
        take(retries, &then.max_retries, &now.max_retries);
        if then.patterns != now.patterns {
            patterns.replace_all(&now.patterns);
        }
        original.set_value(Some(stored));
        server_problems.set(Vec::new());
        state.say(NoticeKind::Info, t::CONFLICT_RELOADED.to_owned());
        Stage::go(stage, Stage::Form);
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
        unconfirmed.set(false);
        let body = match verdict.get_untracked() {
            Ok(body) => body,
            Err(problems) => {
                let first = problems.iter().find_map(|p| input_of(&p.field));
                crate::browser::dom::focus_id_soon(
                    first.unwrap_or_else(|| "wc-form-summary".into()),
                );
                return;
            }
        };
        match original.with_value(|o| o.as_ref().map(|e| e.id.clone())) {
            Some(_) if body.is_empty() => {
                state.say(NoticeKind::Info, t::NOTHING_CHANGED.to_owned());
            }
            Some(_) => {
                let rows = original.with_value(|o| {
                    o.as_ref()
                        .map(|o| changes(&review_fields(o), &review_fields(&patched(o, &body))))
                        .unwrap_or_default()
                });
                Stage::go(stage, Stage::Review(rows));
            }
            None => Stage::go(stage, Stage::New(create_rows(&body))),
        }
    };

    let cancel = move |_| match original.with_value(|o| o.as_ref().map(|e| e.id.clone())) {
        Some(id) => state.go(View::Detail(id)),
        None => state.go(View::List),
    };

    let problem_count = move || {
        let client = client_problems().len();
        let server = server_problems.with(Vec::len);
        client + server
    };

    let refresh_button = move || {
        view! {
            <button
                type="button"
                class="btn secondary small"
                disabled=move || state.list_loading.get()
                on:click=move |_| state.reload_endpoints()
            >
                {move || if state.list_loading.get() { t::REFRESHING } else { t::REFRESH_LIST }}
            </button>
        }
    };

    view! {
        <form class="webhook-form endpoint-form" novalidate on:submit=on_submit aria-labelledby="wc-view-title">
            {show_if(move || { submitted.get() && problem_count() > 0 }, move || view! {
                <div class="notice error" id="wc-form-summary" tabindex="-1" role="alert">
                    <p>{move || t::fix_problems(problem_count())}</p>
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
            <div class="form-fields" hidden=move || in_review(stage)>
            <div class="field">
                <label for="wc-url">
                    {t::FIELD_URL}
                    <span class="required" aria-hidden="true">" *"</span>
                </label>
                <input
                    id="wc-url"
                    type="url"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=t::URL_PLACEHOLDER
                    aria-required="true"
                    prop:value=move || url.get()
                    aria-invalid=move || if error_for(form::URL).is_some() { "true" } else { "false" }
                    aria-describedby=move || {
                        let mut ids = vec!["wc-url-hint"];
                        if url_warning().is_some() {
                            ids.push("wc-url-warn");
                        }
                        if error_for(form::URL).is_some() {
                            ids.push("wc-url-err");
                        }
                        ids.join(" ")
                    }
                    on:input=move |ev| {
                        url.set(event_target_value(&ev));
                        url_edited.run(());
                    }
                    on:blur=crate::browser::dom::live_blur(move || url_blurred.run(()))
                />
                <p class="hint" id="wc-url-hint">{t::URL_HINT}</p>
                {show_if(move || url_warning().is_some(), move || view! {
                    <p class="field-warning" id="wc-url-warn">
                        <span class="visually-hidden">{t::NOTE}</span>
                        {move || url_warning().unwrap_or_default()}
                    </p>
                })}
                {show_if(move || error_for(form::URL).is_some(), move || view! {
                    <LongText
                        text=Signal::derive(move || error_for(form::URL).unwrap_or_default())
                        class="field-error"
                        id="wc-url-err"
                    />
                })}
            </div>
            <TextField
                key="description"
                label=t::FIELD_DESCRIPTION
                value=description
                multiline=true
                hint=t::DESCRIPTION_HINT
                error=field_error(form::DESCRIPTION)
                on_blur=blur(form::DESCRIPTION)
                on_change=edited(form::DESCRIPTION)
            />
            <PatternEditor
                model=patterns
                error=Callback::new(move |key: String| error_for(&key))
                on_blur=Callback::new(move |key: String| {
                    touched.update(|t| {
                        t.insert(key);
                    })
                })
                on_change=Callback::new(move |()| {
                    server_problems.update(|ps| ps.retain(|p| !p.field.starts_with(form::EVENT_PATTERNS)));
                })
            />
            <TextField
                key="timeout_seconds"
                label=t::FIELD_TIMEOUT
                value=timeout
                input_type="text"
                placeholder=if is_edit { "" } else { t::TIMEOUT_PLACEHOLDER }
                hint=if is_edit { t::TIMEOUT_HINT_EDIT } else { t::TIMEOUT_HINT }
                error=field_error(form::TIMEOUT_SECONDS)
                on_blur=blur(form::TIMEOUT_SECONDS)
                on_change=edited(form::TIMEOUT_SECONDS)
            />
            <TextField
                key="max_retries"
                label=t::FIELD_MAX_RETRIES
                value=retries
                input_type="text"
                placeholder=if is_edit { "" } else { t::RETRIES_PLACEHOLDER }
                hint=if is_edit { t::RETRIES_HINT_EDIT } else { t::RETRIES_HINT }
                error=field_error(form::MAX_RETRIES)
                on_blur=blur(form::MAX_RETRIES)
                on_change=edited(form::MAX_RETRIES)
            />
            </div>
            <div class="form-actions" hidden=move || in_review(stage)>
                <button type="submit" id=SAVE_ID class="btn primary" disabled=move || pending.get() aria-disabled=move || pending.get().then_some("true")>
                    {move || match (pending.get(), is_edit) {
                        (true, _) => t::SAVING,
                        (false, true) => t::SAVE_CHANGES,
                        (false, false) => t::CREATE_ENDPOINT,
                    }}
                </button>
                <button type="button" class="btn secondary" on:click=cancel>
                    {t::CANCEL}
                </button>
            </div>
            {stage_view(stage, pending, actions, "")}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_find_their_inputs() {
        assert_eq!(input_of("url").as_deref(), Some("wc-url"));
        assert_eq!(
            input_of("timeout_seconds").as_deref(),
            Some("wc-timeout_seconds")
        );
        assert_eq!(
            input_of("event_patterns[2]").as_deref(),
            Some("wc-event_patterns-2")
        );
        assert_eq!(input_of(""), None);
        assert_eq!(input_of("event_patterns"), None);
        assert_eq!(input_of("enabled"), None);
    }
}
