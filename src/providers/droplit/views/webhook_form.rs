//! Creating and editing a webhook.
//!
//! Every rule comes from the rules crate: the form builds the request it would send
//! (`form::create_body`, `form::update_body`: only what changed) and asks
//! `validate_create_form` / `validate_update_form`, so the words next to a field are the
//! server's. A field's problem shows after its first blur (or a submit), then live. A URL
//! on which Droplit's server would hang gets a warning besides: not an error of its own
//! (no `aria-invalid`, its own look), though such a URL never matches the pattern either.
//! Server problems come back onto their fields; nothing typed is lost on a failure; the
//! submit button cannot send twice.
//!
//! An edit is saved as SlashID's is (`ui::review`): a review of what will change, then a
//! fresh GET compared with the webhook the form was opened from, then the update; a
//! change made meanwhile is shown, to reload or overwrite. Droplit has no ETags, so the
//! check is ours, and a change between our GET and our update still goes unseen
//! (inferred: the window is one round trip). The secret is write-only: a change of it by
//! someone else cannot be seen.

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::droplit::url::{check_url, hang_message};
use webhook_rules::droplit::validate::{validate_create_form, validate_update_form};
use webhook_rules::droplit::wire::{Webhook, WebhookCreate, WebhookUpdate};

use crate::diff::{Change, Field, changes, created};
use crate::providers::droplit::form::{Typed, apply, create_body, is_empty, locate, update_body};
use crate::providers::droplit::state::{AppState, NoticeKind, View};
use crate::providers::droplit::views::secret_input::SecretInput;
use crate::providers::droplit::words as t;
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
    Update(Webhook, WebhookUpdate),
}

/// A webhook's fields as a review shows them.
pub fn review_fields(w: &Webhook) -> Vec<Field> {
    vec![
        Field::plain(t::FIELD_URL, &w.url),
        Field::plain(t::FIELD_DESCRIPTION, w.description.as_deref().unwrap_or("")),
    ]
}

/// The review of an update: its fields, and the secret it sends (write-only, so its
/// before is "the current one"; a new one shows as a hint).
pub fn review_rows(o: &Webhook, body: &WebhookUpdate) -> Vec<Change> {
    let mut rows = changes(&review_fields(o), &review_fields(&apply(o, body)));
    if let Some(secret) = &body.secret {
        let after = if secret.is_empty() {
            Field::plain(t::FIELD_SECRET, t::REVIEW_NO_SECRET)
        } else {
            Field::secret(t::FIELD_SECRET, secret)
        };
        let before = Field::plain(t::FIELD_SECRET, t::REVIEW_CURRENT_SECRET);
        rows.extend(changes(&[before], &[after]));
    }
    rows
}

/// The review of a create: what it sends, the secret as a hint.
pub fn create_rows(body: &WebhookCreate) -> Vec<Change> {
    let preview = Webhook {
        url: body.url.clone(),
        description: body.description.clone(),
        ..Webhook::default()
    };
    let mut fields = review_fields(&preview);
    if let Some(secret) = &body.secret {
        fields.push(Field::secret(t::FIELD_SECRET, secret));
    }
    created(&fields)
}

#[component]
pub fn WebhookForm(mode: FormMode) -> impl IntoView {
    let state = expect_context::<AppState>();
    let original = match &mode {
        FormMode::Edit(w) => Some(w.clone()),
        FormMode::Create => None,
    };
    let is_edit = original.is_some();
    let start = original.as_ref().map(Typed::of).unwrap_or_default();
    let original = StoredValue::new(original);
    let url = RwSignal::new(start.url);
    let description = RwSignal::new(start.description);
    let secret = RwSignal::new(String::new());
    let remove_secret = RwSignal::new(false);
    let typed = move || Typed {
        url: url.get(),
        description: description.get(),
        secret: secret.get(),
        remove_secret: remove_secret.get(),
    };
    let ecosystem_id = move || {
        state
            .connection
            .with_untracked(|c| c.as_ref().map(|c| c.ecosystem_id.clone()))
            .unwrap_or_default()
    };

    let touched = RwSignal::new(Vec::<&'static str>::new());
    let submitted = RwSignal::new(false);
    let server_problems = RwSignal::new(Vec::<Problem>::new());
    let form_error = RwSignal::new(None::<String>);
    // The last send got no answer, or an unreadable one: it may have been applied.
    let unconfirmed = RwSignal::new(false);

    // Every problem the rules find in what would be sent.
    let client_problems = Memo::new(move |_| {
        let typed = typed();
        original
            .with_value(|o| match o {
                Some(o) => validate_update_form(&update_body(o, &typed)).err(),
                None => validate_create_form(&create_body(&ecosystem_id(), &typed)).err(),
            })
            .unwrap_or_default()
    });
    let value_of = move |key: &str| match key {
        "url" => url.get(),
        "description" => description.get(),
        _ => String::new(),
    };
    let error_for = move |key: &'static str| -> Option<String> {
        let show = submitted.get() || touched.with(|t| t.contains(&key));
        let found = show
            .then(|| {
                client_problems.with(|ps| {
                    ps.iter()
                        .find(|p| locate(p) == Some(key))
                        .map(|p| t::problem_text(p, &value_of(key)))
                })
            })
            .flatten();
        found.or_else(|| {
            server_problems.with(|ps| {
                ps.iter()
                    .find(|p| locate(p) == Some(key))
                    .map(|p| t::problem_text(p, &value_of(key)))
            })
        })
    };
    let field_error = move |key: &'static str| Signal::derive(move || error_for(key));
    let blur = move |key: &'static str| {
        Callback::new(move |()| {
            touched.update(|t| {
                if !t.contains(&key) {
                    t.push(key);
                }
            })
        })
    };
    // Editing a field retires the server's verdict on it.
    let edited = move |key: &'static str| {
        Callback::new(move |()| server_problems.update(|ps| ps.retain(|p| locate(p) != Some(key))))
    };
    // Shown as soon as it is true: it warns, it does not judge.
    let hang_warning =
        Memo::new(move |_| url.with(|u| check_url(u).hangs_node.then(|| hang_message(u))));

    let busy = Busy::new();
    let stage = RwSignal::new(Stage::Form);
    let send = move |req: SaveRequest| async move {
        let Some(client) = state.client() else { return };
        let result = match &req {
            SaveRequest::Create(body) => client.create_webhook(body).await,
            SaveRequest::Update(o, body) => client
                .update_webhook(&o.id, body)
                .await
                .map(|()| apply(o, body)),
        };
        match result {
            Ok(webhook) => {
                let label = t::webhook_label(&webhook);
                let (text, sent_secret) = match &req {
                    SaveRequest::Create(body) => (t::webhook_created(&label), body.secret.clone()),
                    SaveRequest::Update(_, body) => (t::webhook_saved(&label), body.secret.clone()),
                };
                let id = webhook.id.clone();
                state.secret_set(&id, sent_secret.as_deref());
                state.upsert_webhook(webhook);
                state.go_with(View::Detail(id), NoticeKind::Success, text);
            }
            Err(e) if matches!(&req, SaveRequest::Update(o, _) if state.webhook_gone(&o.id, &e)) => {
                form_error.set(Some(t::WEBHOOK_GONE.to_owned()));
                crate::browser::dom::focus_id_soon("wc-form-error".into());
            }
            Err(e) if e.may_have_applied() => {
                unconfirmed.set(true);
                form_error.set(Some(t::error_text(&e)));
                crate::browser::dom::focus_id_soon("wc-form-error".into());
            }
            Err(e) if !e.problems().is_empty() => {
                let problems = e.problems().to_vec();
                let first = problems.iter().find_map(locate);
                let general: Vec<String> = problems
                    .iter()
                    .filter(|p| locate(p).is_none())
                    .map(|p| t::problem_text(p, ""))
                    .collect();
                server_problems.set(problems);
                form_error.set((!general.is_empty()).then(|| general.join(" ")));
                match first {
                    Some(key) => crate::browser::dom::focus_id_soon(format!("wc-{key}")),
                    None => crate::browser::dom::focus_id_soon("wc-form-error".into()),
                }
            }
            Err(e) => {
                if !state.check_auth(&e) {
                    form_error.set(Some(t::error_text(&e)));
                    crate::browser::dom::focus_id_soon("wc-form-error".into());
                }
            }
        }
        stage.try_set(Stage::Form);
    };
    let save = move |req: SaveRequest| busy.run(send(req));
    let pending = busy.pending();
    // The update as typed now, against the webhook the form was opened from.
    let update_now = move || {
        let o = original.get_value().unwrap_or_default();
        let body = update_body(&o, &untrack(typed));
        SaveRequest::Update(o, body)
    };
    // The webhook as stored when someone else changed it, while that is shown.
    let theirs = StoredValue::new(None::<Webhook>);
    // A create confirmed is sent. An edit confirmed reads the stored webhook first,
    // compared with the one the form was opened from; the update only when nobody
    // changed it meanwhile.
    let confirm = Callback::new(move |()| {
        if !is_edit {
            let body = create_body(&ecosystem_id(), &untrack(typed));
            return save(SaveRequest::Create(body));
        }
        busy.run(async move {
            let Some(client) = state.client() else { return };
            let id = original.with_value(|o| o.as_ref().map(|w| w.id.clone()).unwrap_or_default());
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
                        send(update_now()).await;
                    } else {
                        theirs.set_value(Some(stored));
                        Stage::go(stage, Stage::Conflict(rows));
                    }
                }
                Err(e) => {
                    stage.set(Stage::Form);
                    let text = if state.webhook_gone(&id, &e) {
                        Some(t::WEBHOOK_GONE.to_owned())
                    } else {
                        (!state.check_auth(&e)).then(|| t::error_text(&e))
                    };
                    if text.is_some() {
                        form_error.set(text);
                        crate::browser::dom::focus_id_soon("wc-form-error".into());
                    }
                }
            }
        })
    });
    let overwrite = Callback::new(move |()| busy.run(send(update_now())));
    // The fields someone else changed take the stored version; the rest keep the edits.
    let reload = Callback::new(move |()| {
        let Some(stored) = theirs.get_value() else {
            return;
        };
        let now = Typed::of(&stored);
        let then = original.with_value(|o| o.as_ref().map(Typed::of).unwrap_or_default());
        if then.url != now.url {
            url.set(now.url);
        }
        if then.description != now.description {
            description.set(now.description);
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
        let first_problem = client_problems.with_untracked(|ps| ps.first().map(locate));
        if let Some(key) = first_problem {
            match key {
                Some(key) => crate::browser::dom::focus_id_soon(format!("wc-{key}")),
                None => crate::browser::dom::focus_id_soon("wc-form-summary".into()),
            }
            return;
        }
        let typed = untrack(typed);
        match original.get_value() {
            Some(o) => {
                let body = update_body(&o, &typed);
                if is_empty(&body) {
                    state.say(NoticeKind::Info, t::NOTHING_CHANGED.to_owned());
                    return;
                }
                Stage::go(stage, Stage::Review(review_rows(&o, &body)));
            }
            None => Stage::go(
                stage,
                Stage::New(create_rows(&create_body(&ecosystem_id(), &typed))),
            ),
        }
    };

    let cancel = move |_| match original.with_value(|o| o.as_ref().map(|w| w.id.clone())) {
        Some(id) => state.go(View::Detail(id)),
        None => state.go(View::List),
    };

    let problem_count = move || client_problems.with(Vec::len) + server_problems.with(Vec::len);
    let general_client = move || {
        client_problems.with(|ps| {
            ps.iter()
                .filter(|p| locate(p).is_none())
                .map(|p| t::problem_text(p, ""))
                .collect::<Vec<_>>()
        })
    };

    let url_error = field_error("url");
    let url_described = move || {
        let mut ids = vec!["wc-url-hint"];
        if hang_warning.with(Option::is_some) {
            ids.push("wc-url-warn");
        }
        if url_error.with(Option::is_some) {
            ids.push("wc-url-err");
        }
        ids.join(" ")
    };
    let url_edited = edited("url");
    let url_blur = blur("url");

    view! {
        <form class="webhook-form" novalidate on:submit=on_submit aria-labelledby="wc-view-title">
            {show_if(move || submitted.get() && problem_count() > 0, move || view! {
                <div class="notice error" id="wc-form-summary" tabindex="-1" role="alert">
                    <p>{move || t::fix_problems(problem_count())}</p>
                    <ul>
                        {move || {
                            general_client()
                                .into_iter()
                                .map(|m| view! { <li><LongText text=m class="" /></li> }.into_any())
                                .collect::<Vec<_>>()
                        }}
                    </ul>
                </div>
            })}
            {move || {
                form_error.get().map(|e| {
                    view! {
                        <div class="notice error" id="wc-form-error" tabindex="-1" role="alert">
                            <LongText text=e class="" />
                            {if unconfirmed.get() {
                                view! {
                                    <p class="small-text">{t::TYPED_KEPT}</p>
                                    <button
                                        type="button"
                                        class="btn secondary small"
                                        disabled=move || state.list_loading.get()
                                        on:click=move |_| state.reload_webhooks()
                                    >
                                        {move || if state.list_loading.get() { t::REFRESHING } else { t::REFRESH_LIST }}
                                    </button>
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
                    aria-invalid=move || if url_error.with(Option::is_some) { "true" } else { "false" }
                    aria-describedby=url_described
                    prop:value=move || url.get()
                    on:input=move |ev| {
                        url.set(event_target_value(&ev));
                        url_edited.run(());
                    }
                    on:blur=crate::browser::dom::live_blur(move || url_blur.run(()))
                />
                <p class="hint" id="wc-url-hint">{t::URL_HINT}</p>
                // A notice's box, not an error's red: it warns, it does not judge.
                {move || hang_warning.get().map(|w| view! {
                    <div class="notice info field-warning" id="wc-url-warn">
                        <p>
                            <strong>{t::WARNING}</strong>
                            " "
                            {w}
                        </p>
                    </div>
                })}
                {show_if(move || url_error.with(Option::is_some), move || view! {
                    <LongText
                        text=Signal::derive(move || url_error.get().unwrap_or_default())
                        class="field-error"
                        id="wc-url-err".to_owned()
                    />
                })}
            </div>
            <TextField
                key="description"
                label=t::FIELD_DESCRIPTION
                value=description
                multiline=true
                hint=t::DESCRIPTION_HINT
                error=field_error("description")
                on_blur=blur("description")
                on_change=edited("description")
            />
            {if is_edit {
                view! {
                    <SecretInput
                        id="wc-secret"
                        label=t::FIELD_NEW_SECRET
                        value=secret
                        show=t::SHOW_SECRET
                        hide=t::HIDE_SECRET
                        hint=t::SECRET_HINT_EDIT
                        error=field_error("secret")
                        on_blur=blur("secret")
                        on_change=edited("secret")
                        disabled=Signal::derive(move || remove_secret.get())
                    />
                    <div class="field checkbox">
                        <input
                            id="wc-remove-secret"
                            type="checkbox"
                            prop:checked=move || remove_secret.get()
                            on:change=move |ev| {
                                remove_secret.set(event_target_checked(&ev));
                                server_problems.update(|ps| ps.retain(|p| locate(p) != Some("secret")));
                            }
                        />
                        <label for="wc-remove-secret">{t::REMOVE_SECRET}</label>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <SecretInput
                        id="wc-secret"
                        label=t::FIELD_SECRET
                        value=secret
                        show=t::SHOW_SECRET
                        hide=t::HIDE_SECRET
                        hint=t::SECRET_HINT_CREATE
                        error=field_error("secret")
                        on_blur=blur("secret")
                        on_change=edited("secret")
                    />
                }
                .into_any()
            }}
            </div>
            <div class="form-actions" hidden=move || in_review(stage)>
                <button
                    type="submit"
                    id=SAVE_ID
                    class="btn primary"
                    disabled=move || pending.get()
                    aria-disabled=move || pending.get().then_some("true")
                >
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
            {stage_view(stage, pending, actions, "")}
        </form>
    }
}
