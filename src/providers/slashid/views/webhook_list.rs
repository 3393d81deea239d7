//! The organization's webhooks: search as you type, sort, and a window of rows.
//!
//! Built for 10,000 webhooks: the search text of each webhook is lower-cased once per
//! load, sorting happens only when the sort changes, filtering works on indices, and
//! only the first `limit` matches are in the DOM ("Show more" adds a page).

use std::cmp::Ordering;
use std::sync::atomic::AtomicBool;

use leptos::prelude::*;
use webhook_rules::slashid::wire::Webhook;

use crate::format::Query;
use crate::ids::IdSet;
use crate::providers::slashid::state::{AppState, Sort, SortKey, View};
use crate::providers::slashid::views::trigger_counts::CountQueue;
use crate::providers::slashid::words as t;
use crate::ui::heading::h;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::notice::{load_failed, loading};
use crate::ui::show_if::{show_else, show_if};

/// Rows per page ("Show more" adds as many): more than a screen, and half the rows of the
/// first render at 100 (cold load with 1,000 webhooks 160 -> 142 ms, `cargo xtask bench`).
pub const PAGE: usize = 50;

/// The `performance.mark` set once the list has first been rendered with data.
pub const LIST_READY_MARK: &str = "webhook-list-ready";
static LIST_READY: AtomicBool = AtomicBool::new(false);

#[derive(Clone, PartialEq)]
struct Indexed {
    webhooks: Vec<Webhook>,
    /// `name url description`, lower-cased, per webhook.
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
                            w.name, w.target_url, w.description
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
            // Unstable is enough: target URLs are unique in an organization, so `compare`
            // never finds two webhooks equal (and the stable sort's code is not shipped).
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
    let visible = move || on_screen(indexed, filtered, limit.get(), Webhook::clone);
    // Trigger counts of the rows on screen (never of all rows), a few requests at once.
    let visible_ids =
        Memo::new(move |_| on_screen(indexed, filtered, limit.get(), |w| w.id.clone()));
    let queue = StoredValue::new(CountQueue::default());
    let counting = RwSignal::new(IdSet::default());
    Effect::new(move |_| {
        let ids = visible_ids.get();
        if state.connection.with_untracked(Option::is_none) {
            return;
        }
        let start = state.trigger_counts.with(|c| {
            queue
                .try_update_value(|q| q.show(&ids, |id| c.contains(id)))
                .unwrap_or_default()
        });
        fetch_counts(state, queue, counting, start);
    });

    // For the benchmark: the first time the list is on screen with the loaded webhooks
    // (the empty state counts: it is the list of an organization without any).
    Effect::new(move |_| {
        if indexed.with(Option::is_some) {
            crate::browser::dom::mark_once_after_paint(LIST_READY_MARK, &LIST_READY);
        }
    });

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
            {show_else(move || { matching() > 0 }, move || view! {
                <div class="table-wrap">
                    <table class="webhooks">
                        <caption class="visually-hidden">{t::LIST_CAPTION}</caption>
                        <thead>
                            <tr>
                                {sort_button(SortKey::Name, t::COL_NAME)}
                                {sort_button(SortKey::TargetUrl, t::COL_TARGET_URL)}
                                <th scope="col">{t::COL_TIMEOUT}</th>
                                <th scope="col" class="num">
                                    {t::COL_TRIGGERS}
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            {keyed_list(move || {
                                visible()
                                    .into_iter()
                                    .map(|w| {
                                        // A changed row is built again.
                                        let key = format!("{}\n{}\n{}\n{}", w.id, w.name, w.target_url, w.timeout);
                                        Keyed::new(key, move || view! { <WebhookRow webhook=w counting /> })
                                    })
                                    .collect()
                            })}
                        </tbody>
                    </table>
                </div>
                {show_if(move || { matching() > limit.get() }, move || view! {
                    <button
                        type="button"
                        class="btn secondary show-more"
                        on:click=move |_| limit.update(|l| *l += PAGE)
                    >
                        {move || t::show_more(PAGE.min(matching().saturating_sub(limit.get())))}
                    </button>
                })}
            }, move || {
                    view! {
                        <p class="empty-search">{move || t::no_match(&query.get())}</p>
                    }
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
                        on:click=move |_| {
                            queue.update_value(CountQueue::retry_failed);
                            state.forget_trigger_counts();
                            state.reload_webhooks();
                        }
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
                None => {
                    state.list_loading.get().then(|| loading(t::LOADING_WEBHOOKS)).into_any()
                }
                Some(true) => view! { <EmptyState /> }.into_any(),
                Some(false) => table().into_any(),
            }}
        </section>
    }
}

/// The rows on screen: the first `n` matches, in order, each as `pick` takes it.
fn on_screen<T>(
    indexed: Memo<Option<Indexed>>,
    filtered: Memo<Vec<usize>>,
    n: usize,
    pick: impl Fn(&Webhook) -> T,
) -> Vec<T> {
    indexed.with(|ix| {
        let Some(ix) = ix else { return Vec::new() };
        filtered.with(|f| f.iter().take(n).map(|&i| pick(&ix.webhooks[i])).collect())
    })
}

/// Fetches the trigger counts of `ids`; each finished request starts the next waiting
/// one. A count fetched before an invalidation (epoch changed) is dropped.
fn fetch_counts(
    state: AppState,
    queue: StoredValue<CountQueue>,
    counting: RwSignal<IdSet>,
    ids: Vec<String>,
) {
    if let Some(pending) = queue.try_with_value(CountQueue::pending) {
        counting.set(pending);
    }
    let Some(client) = state.client() else { return };
    for id in ids {
        let client = client.clone();
        let epoch = state.trigger_count_epoch.get_untracked();
        crate::host::task::spawn(state.mount, async move {
            let result = client.list_triggers(&id).await;
            let ok = match &result {
                Ok(list) => {
                    if state.trigger_count_epoch.try_get_untracked() == Some(epoch) {
                        state.set_trigger_count(&id, list.len());
                    }
                    true
                }
                Err(e) => {
                    state.check_auth(e);
                    false
                }
            };
            let Some(next) = queue.try_update_value(|q| q.finished(&id, ok)) else {
                return;
            };
            fetch_counts(state, queue, counting, next);
        });
    }
}

fn compare(a: &Webhook, b: &Webhook, sort: Sort) -> Ordering {
    let ord = match sort.key {
        SortKey::Name => {
            cmp_text(&a.name, &b.name).then_with(|| cmp_text(&a.target_url, &b.target_url))
        }
        SortKey::TargetUrl => {
            cmp_text(&a.target_url, &b.target_url).then_with(|| cmp_text(&a.name, &b.name))
        }
    };
    if sort.descending { ord.reverse() } else { ord }
}

/// Case-insensitive, without allocating for the common ASCII case.
fn cmp_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

#[component]
fn WebhookRow(webhook: Webhook, counting: RwSignal<IdSet>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = webhook.id.clone();
    let count_id = id.clone();
    let loading_id = id.clone();
    let count = move || state.trigger_counts.with(|c| c.get(&count_id));
    let loading = move || counting.with(|c| c.contains(&loading_id));
    view! {
        <tr>
            <td class="name">
                <button
                    type="button"
                    class="link"
                    on:click=move |_| state.go(View::Detail(id.clone()))
                >
                    {webhook.name.clone()}
                </button>
            </td>
            <td class="url">
                <code>{webhook.target_url.clone()}</code>
            </td>
            <td class="timeout">{t::timeout_cell(&webhook.timeout)}</td>
            <td class="num">
                {move || match count() {
                    Some(n) => n.to_string().into_any(),
                    None if loading() => {
                        view! {
                            <span class="count-loading" aria-hidden="true"></span>
                            <span class="visually-hidden">{t::COUNTING_TRIGGERS}</span>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <span class="muted" title=t::TRIGGERS_UNKNOWN>
                                "–"
                                <span class="visually-hidden">{t::TRIGGERS_UNKNOWN}</span>
                            </span>
                        }
                            .into_any()
                    }
                }}
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
