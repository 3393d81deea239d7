//! Create and edit an endpoint, with live validation in pydantic's words next to the
//! right field: after a field's first blur (or the first submit), then as the admin
//! types. Every server 422 goes back onto its field; nothing typed is lost on any
//! failure; an edit sends only what changed. The URL's note (not HTTPS, or no URL a
//! delivery can reach) never blocks: the server takes any string.

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::instavm::wire::Endpoint;

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
                    .map(|p| p.message.clone())
            });
            if found.is_some() {
                return found;
            }
        }
        server_problems.with(|ps| {
            ps.iter()
                .find(|p| p.field == key)
                .map(|p| p.message.clone())
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
                Err(e) => fail(e),
            }
        })
    };
    let update = move |id: String, body: EndpointBody| {
        busy.run(async move {
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
                Err(e) => fail(e),
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
            Some(id) => update(id, body),
            None => create(body),
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
            <div class="form-actions">
                <button type="submit" class="btn primary" disabled=move || pending.get() aria-disabled=move || pending.get().then_some("true")>
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
