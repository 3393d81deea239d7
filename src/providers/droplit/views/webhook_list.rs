//! The ecosystem's webhooks: search as you type (URL, description, id), sort, a window of
//! rows, and each webhook enabled or disabled from its row.
//!
//! Built for thousands of webhooks, as SlashID's list: each webhook's search text is
//! lower-cased once per load, sorting happens only when the sort changes, filtering works
//! on indices, and only the first `limit` matches are in the DOM ("Show more" adds a page).

use std::cmp::Ordering;

use leptos::prelude::*;
use webhook_rules::droplit::wire::Webhook;

use crate::format::Query;
use crate::providers::droplit::form::{apply, toggle_body};
use crate::providers::droplit::state::{AppState, NoticeKind, Sort, SortKey, View};
use crate::providers::droplit::words as t;
use crate::ui::busy::Busy;
use crate::ui::heading::h;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::notice::{load_failed, loading};
use crate::ui::show_if::{show_else, show_if};
use crate::ui::time::time;

/// Rows per page ("Show more" adds as many), as SlashID's list.
pub const PAGE: usize = 50;

#[derive(Clone, PartialEq)]
struct Indexed {
    webhooks: Vec<Webhook>,
    /// `url description id`, lower-cased, per webhook.
    haystacks: Vec<String>,
}

#[component]
pub fn WebhookList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = state.list_query;
    let sort = state.list_sort;
    let limit = RwSignal::new(PAGE);

    let indexed = Memo::new(move |_| {
        state.webhooks.with(|l| {
            l.as_ref().map(|l| Indexed {
                webhooks: l.clone(),
                haystacks: l
                    .iter()
                    .map(|w| {
                        crate::format::lowercase(&format!(
                            "{}\n{}\n{}",
                            w.url,
                            w.description.as_deref().unwrap_or_default(),
                            w.id
                        ))
                    })
                    .collect(),
            })
        })
    });
    let sorted = Memo::new(move |_| {
        let s = sort.get();
        indexed.with(|ix| {
            let Some(ix) = ix else { return Vec::new() };
            let mut order: Vec<usize> = (0..ix.webhooks.len()).collect();
            // Unstable is enough: `compare` ends on the id, which is unique.
            order.sort_unstable_by(|&a, &b| compare(&ix.webhooks[a], &ix.webhooks[b], s));
            order
        })
    });
    let filtered = Memo::new(move |_| {
        let q = query.with(|typed| Query::new(typed));
        indexed.with(|ix| {
            let Some(ix) = ix else { return Vec::new() };
            sorted.with(|order| {
                if q.is_empty() {
                    return order.clone();
                }
                order
                    .iter()
                    .copied()
                    .filter(|&i| q.matches(&ix.haystacks[i]))
                    .collect::<Vec<usize>>()
            })
        })
    });
    let visible = move || {
        indexed.with(|ix| {
            let Some(ix) = ix else { return Vec::new() };
            filtered.with(|f| {
                f.iter()
                    .take(limit.get())
                    .map(|&i| ix.webhooks[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    };

    let total = move || indexed.with(|ix| ix.as_ref().map_or(0, |ix| ix.webhooks.len()));
    let matching = move || filtered.with(Vec::len);
    let shown = move || matching().min(limit.get());

    let sort_button = move |key: SortKey, label: &'static str| {
        let aria_sort = move || {
            let s = sort.get();
            if s.key != key {
                "none"
            } else if s.descending {
                "descending"
            } else {
                "ascending"
            }
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| {
                        sort.update(|s| {
                            if s.key == key {
                                s.descending = !s.descending;
                            } else {
                                *s = Sort { key, descending: false };
                            }
                        });
                        limit.set(PAGE);
                    }
                >
                    {label}
                    <span class="sort-mark" aria-hidden="true">
                        {move || match aria_sort() {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };

    let table = move || {
        view! {
            <div class="list-toolbar">
                <div class="field search">
                    <label for="wc-search">{t::SEARCH_LABEL}</label>
                    <input
                        id="wc-search"
                        type="search"
                        autocomplete="off"
                        placeholder=t::SEARCH_PLACEHOLDER
                        prop:value=move || query.get()
                        on:input=move |ev| {
                            query.set(event_target_value(&ev));
                            limit.set(PAGE);
                        }
                    />
                </div>
                <p class="muted count" role="status" aria-live="polite">
                    {move || t::showing(shown(), matching(), total())}
                </p>
            </div>
            {show_else(move || matching() > 0, move || view! {
                <div class="table-wrap">
                    <table class="webhooks">
                        <caption class="visually-hidden">{t::LIST_CAPTION}</caption>
                        <thead>
                            <tr>
                                {sort_button(SortKey::Url, t::COL_URL)}
                                {sort_button(SortKey::Description, t::COL_DESCRIPTION)}
                                <th scope="col">{t::COL_STATUS}</th>
                                {sort_button(SortKey::Created, t::COL_CREATED)}
                                <th scope="col">{t::COL_ACTIONS}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {keyed_list(move || {
                                visible()
                                    .into_iter()
                                    .map(|w| {
                                        // A changed row is built again.
                                        let key = format!(
                                            "{}\n{}\n{}{}\n{}",
                                            w.id,
                                            w.url,
                                            if w.description.is_some() { "+" } else { "-" },
                                            w.description.as_deref().unwrap_or_default(),
                                            w.disabled
                                        );
                                        Keyed::new(key, move || view! { <WebhookRow webhook=w /> })
                                    })
                                    .collect()
                            })}
                        </tbody>
                    </table>
                </div>
                {show_if(move || matching() > limit.get(), move || view! {
                    <button
                        type="button"
                        class="btn secondary show-more"
                        on:click=move |_| limit.update(|l| *l += PAGE)
                    >
                        {move || t::show_more(PAGE.min(matching().saturating_sub(limit.get())))}
                    </button>
                })}
            }, move || view! {
                <p class="empty-search">{move || t::no_match(&query.get())}</p>
            })}
        }
    };

    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            <div class="panel-head">
                {h(0, "wc-view-title", true, "", (t::WEBHOOKS_TITLE).into_any())}
                <div class="actions">
                    <button
                        type="button"
                        class="btn secondary"
                        disabled=move || state.list_loading.get()
                        on:click=move |_| state.reload_webhooks()
                    >
                        {move || if state.list_loading.get() { t::REFRESHING } else { t::REFRESH }}
                    </button>
                    <button
                        type="button"
                        class="btn primary"
                        on:click=move |_| state.go(View::Create)
                    >
                        {t::CREATE_WEBHOOK}
                    </button>
                </div>
            </div>
            {move || {
                state
                    .list_error
                    .get()
                    .filter(|e| !e.is_unauthorized())
                    .map(|e| {
                        load_failed(
                            t::LIST_FAILED,
                            t::error_text(&e),
                            Some(Callback::new(move |()| state.reload_webhooks())),
                        )
                    })
            }}
            {move || match state.webhooks.with(|l| l.as_ref().map(Vec::is_empty)) {
                None => state.list_loading.get().then(|| loading(t::LOADING_WEBHOOKS)).into_any(),
                Some(true) => view! { <EmptyState /> }.into_any(),
                Some(false) => table().into_any(),
            }}
        </section>
    }
}

fn compare(a: &Webhook, b: &Webhook, sort: Sort) -> Ordering {
    let desc = |w: &Webhook| w.description.clone().unwrap_or_default();
    let ord = match sort.key {
        SortKey::Url => cmp_text(&a.url, &b.url),
        SortKey::Description => cmp_text(&desc(a), &desc(b)).then_with(|| cmp_text(&a.url, &b.url)),
        // ISO 8601 in UTC sorts as text.
        SortKey::Created => a.created_at.cmp(&b.created_at),
    }
    .then_with(|| a.id.cmp(&b.id));
    if sort.descending { ord.reverse() } else { ord }
}

/// Case-insensitive, without allocating for the common ASCII case.
fn cmp_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

/// The id of a webhook's toggle button, in its row or on its page.
pub fn toggle_id(webhook_id: &str) -> String {
    format!("wc-toggle-{webhook_id}")
}

/// Enables or disables `webhook`; the result is said in a notice, and focus goes to
/// `focus_after` (the toggle, whose name now says the other action). A webhook that no
/// longer exists is said so and the list is loaded again. `shown`: the copy a detail
/// view shows, updated too.
pub fn toggle(
    state: AppState,
    busy: Busy,
    webhook: Webhook,
    focus_after: String,
    shown: Option<RwSignal<Option<Webhook>>>,
) {
    let disable = !webhook.disabled;
    busy.run(async move {
        let Some(client) = state.client() else { return };
        let body = toggle_body(disable);
        let label = t::webhook_label(&webhook);
        match client.update_webhook(&webhook.id, &body).await {
            Ok(()) => {
                let after = apply(&webhook, &body);
                if let Some(shown) = shown {
                    shown.try_set(Some(after.clone()));
                }
                state.upsert_webhook(after);
                state.say(NoticeKind::Success, t::toggled(&label, disable));
                crate::browser::dom::focus_id_soon(focus_after);
            }
            Err(e) if state.webhook_gone(&webhook.id, &e) => {
                if shown.is_some() {
                    state.go_with(View::List, NoticeKind::Error, t::WEBHOOK_GONE.to_owned());
                } else {
                    state.say(NoticeKind::Error, t::WEBHOOK_GONE.to_owned());
                    crate::browser::dom::focus_id_soon("wc-view-title".into());
                }
            }
            // It may or may not be applied: the list, loaded again, tells.
            Err(e) if e.may_have_applied() => {
                state.say(NoticeKind::Info, t::error_text(&e));
                state.reload_webhooks();
                crate::browser::dom::focus_id_soon(focus_after);
            }
            Err(e) => {
                if !state.check_auth(&e) {
                    state.say(NoticeKind::Error, t::error_text(&e));
                }
            }
        }
    });
}

#[component]
fn WebhookRow(webhook: Webhook) -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = Busy::new();
    let id = webhook.id.clone();
    let label = t::webhook_label(&webhook);
    let toggle_name = t::toggle_label(webhook.disabled, &label);
    let status_class = if webhook.disabled {
        "badge off"
    } else {
        "badge"
    };
    let action = if webhook.disabled {
        t::ENABLE
    } else {
        t::DISABLE
    };
    let button_id = toggle_id(&id);
    let pending = busy.pending();
    let w = webhook.clone();
    view! {
        <tr>
            <td class="url">
                <button type="button" class="link" on:click=move |_| state.go(View::Detail(id.clone()))>
                    <code>{webhook.url.clone()}</code>
                </button>
            </td>
            <td class="description">
                {match webhook.description.clone().filter(|d| !d.is_empty()) {
                    Some(d) => d.into_any(),
                    None => view! { <span class="muted">{t::NO_DESCRIPTION}</span> }.into_any(),
                }}
            </td>
            <td>
                <span class=status_class>{t::status(webhook.disabled)}</span>
            </td>
            <td class="created">{time(&webhook.created_at)}</td>
            <td>
                <button
                    type="button"
                    class="btn secondary small"
                    id=button_id.clone()
                    aria-label=toggle_name
                    aria-disabled=move || pending.get().then_some("true")
                    on:click=move |_| toggle(state, busy, w.clone(), button_id.clone(), None)
                >
                    {move || if pending.get() { t::WORKING } else { action }}
                </button>
            </td>
        </tr>
    }
}

#[component]
/// What a webhook is and how to make one; the one "Create webhook" button is the
/// view's own, above.
fn EmptyState() -> impl IntoView {
    view! {
        <div class="empty">
            {h(1, "", false, "", (t::EMPTY_TITLE).into_any())}
            <p>{t::EMPTY_WHAT}</p>
            <p class="muted">{t::EMPTY_HOW}</p>
        </div>
    }
}
