//! The user's endpoints: search as you type, sort, and a window of rows.
//!
//! As SlashID's list: the search text of each endpoint is lower-cased once per load,
//! sorting happens only when the sort changes, filtering works on indices, and only the
//! first `limit` matches are in the DOM ("Show more" adds a page).

use std::cmp::Ordering;

use leptos::prelude::*;
use webhook_rules::instavm::wire::Endpoint;

use crate::format::Query;
use crate::providers::instavm::state::{AppState, Sort, SortKey, View};
use crate::providers::instavm::words as t;
use crate::ui::heading::h;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::notice::{load_failed, loading};
use crate::ui::show_if::{show_else, show_if};
use crate::ui::time::time_or;

/// Rows per page ("Show more" adds as many), as SlashID's list.
pub const PAGE: usize = 50;

#[derive(Clone, PartialEq)]
struct Indexed {
    endpoints: Vec<Endpoint>,
    /// `url description patterns id`, lower-cased, per endpoint.
    haystacks: Vec<String>,
}

#[component]
pub fn EndpointList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = state.list_query;
    let sort = state.list_sort;
    let limit = RwSignal::new(PAGE);

    let indexed = Memo::new(move |_| {
        state.endpoints.with(|l| {
            l.as_ref().map(|l| Indexed {
                endpoints: l.clone(),
                haystacks: l
                    .iter()
                    .map(|e| {
                        crate::format::lowercase(&format!(
                            "{}\n{}\n{}\n{}",
                            e.url,
                            e.description.as_deref().unwrap_or_default(),
                            e.subscribed_event_patterns.join(" "),
                            e.id
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
            let mut order: Vec<usize> = (0..ix.endpoints.len()).collect();
            // Ties end on the id, which is unique: the order is total, so the unstable
            // sort is enough.
            order.sort_unstable_by(|&a, &b| compare(&ix.endpoints[a], &ix.endpoints[b], s));
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
        let n = limit.get();
        indexed.with(|ix| {
            let Some(ix) = ix else { return Vec::new() };
            filtered.with(|f| {
                f.iter()
                    .take(n)
                    .map(|&i| ix.endpoints[i].clone())
                    .collect::<Vec<_>>()
            })
        })
    };

    // The table is built again only when the list becomes loaded or empty, not with each
    // change of an endpoint (its rows are keyed).
    let shape = Memo::new(move |_| state.endpoints.with(|l| l.as_ref().map(Vec::is_empty)));
    let total = move || indexed.with(|ix| ix.as_ref().map_or(0, |ix| ix.endpoints.len()));
    let matching = move || filtered.with(Vec::len);
    let shown = move || matching().min(limit.get());

    let sort_button = move |key: SortKey, label: &'static str, class: &'static str| {
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
            <th scope="col" class=class aria-sort=aria_sort>
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
        .into_any()
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
                    <table class="webhooks endpoints">
                        <caption class="visually-hidden">{t::LIST_CAPTION}</caption>
                        <thead>
                            <tr>
                                {sort_button(SortKey::Url, t::COL_URL, "")}
                                {sort_button(SortKey::Status, t::COL_STATUS, "")}
                                <th scope="col">{t::COL_ENABLED}</th>
                                {sort_button(SortKey::Failures, t::COL_FAILURES, "num")}
                                {sort_button(SortKey::LastDelivery, t::COL_LAST_DELIVERY, "")}
                                <th scope="col">{t::COL_LAST_ERROR}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {keyed_list(move || {
                                visible()
                                    .into_iter()
                                    .map(|e| {
                                        // A changed row is built again.
                                        let key = format!("{}\n{}", e.id, e.updated_at);
                                        Keyed::new(key, move || endpoint_row(state, e))
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
            }, move || view! { <p class="empty-search">{move || t::no_match(&query.get())}</p> })}
        }
    };

    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            <div class="panel-head">
                {h(0, "wc-view-title", true, "", (t::ENDPOINTS_TITLE).into_any())}
                <div class="actions">
                    <button
                        type="button"
                        class="btn secondary"
                        disabled=move || state.list_loading.get()
                        on:click=move |_| state.reload_endpoints()
                    >
                        {move || if state.list_loading.get() { t::REFRESHING } else { t::REFRESH }}
                    </button>
                    <button
                        type="button"
                        class="btn primary"
                        on:click=move |_| state.go(View::Create)
                    >
                        {t::CREATE_ENDPOINT}
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
                            Some(Callback::new(move |()| state.reload_endpoints())),
                        )
                    })
            }}
            {move || match shape.get() {
                None => {
                    state.list_loading.get().then(|| loading(t::LOADING_ENDPOINTS)).into_any()
                }
                Some(true) => empty_state().into_any(),
                Some(false) => table().into_any(),
            }}
        </section>
    }
}

fn compare(a: &Endpoint, b: &Endpoint, sort: Sort) -> Ordering {
    let ord = match sort.key {
        SortKey::Url => cmp_text(&a.url, &b.url),
        SortKey::Status => status_rank(a)
            .cmp(&status_rank(b))
            .then_with(|| cmp_text(&a.url, &b.url)),
        SortKey::Failures => a
            .consecutive_failures
            .cmp(&b.consecutive_failures)
            .then_with(|| cmp_text(&a.url, &b.url)),
        // RFC 3339 UTC times sort as text; never delivered sorts first.
        SortKey::LastDelivery => a
            .last_delivery_at
            .cmp(&b.last_delivery_at)
            .then_with(|| cmp_text(&a.url, &b.url)),
    }
    .then_with(|| a.id.cmp(&b.id));
    if sort.descending { ord.reverse() } else { ord }
}

/// Failing first, then active, then disabled: what needs attention leads.
fn status_rank(e: &Endpoint) -> u8 {
    match (e.enabled, e.status.as_str()) {
        (false, _) => 3,
        (true, "failing") => 0,
        (true, "active") => 1,
        _ => 2,
    }
}

/// Case-insensitive, without allocating for the common ASCII case.
fn cmp_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

fn endpoint_row(state: AppState, e: Endpoint) -> AnyView {
    let id = e.id.clone();
    let label = t::open_endpoint_label(&e.url);
    view! {
        <tr>
            <td class="name">
                <button
                    type="button"
                    class="link url-link"
                    aria-label=label
                    on:click=move |_| state.go(View::Detail(id.clone()))
                >
                    <code>{t::url_or_empty(&e.url)}</code>
                </button>
                {e.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <span class="muted small-text row-note">{d}</span> })}
            </td>
            <td>{status_badge(&e)}</td>
            <td>{t::enabled_word(e.enabled)}</td>
            <td class="num">{e.consecutive_failures}</td>
            <td>{time_or(e.last_delivery_at.as_deref(), t::NEVER_DELIVERED)}</td>
            <td class="last-error">
                {match e.last_error.as_deref().filter(|s| !s.is_empty()) {
                    Some(err) => view! { <span class="long-text">{t::shorten(err, 120)}</span> }.into_any(),
                    None => view! { <span class="muted">{t::NO_ERROR}</span> }.into_any(),
                }}
            </td>
        </tr>
    }
    .into_any()
}

/// The endpoint's status in words, marked by a class too (never by colour alone).
pub fn status_badge(e: &Endpoint) -> AnyView {
    let class = match (e.enabled, e.status.as_str()) {
        (false, _) => "status status-disabled",
        (true, "failing") => "status status-failing",
        (true, "active") => "status status-active",
        _ => "status",
    };
    view! { <span class=class>{t::status_word(&e.status, e.enabled)}</span> }.into_any()
}

fn empty_state() -> impl IntoView {
    view! {
        <div class="empty">
            {h(1, "", false, "", (t::EMPTY_TITLE).into_any())}
            <p>{t::EMPTY_WHAT}</p>
            <p class="muted">{t::EMPTY_HOW}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(id: &str, url: &str, enabled: bool, status: &str, failures: i64) -> Endpoint {
        Endpoint {
            id: id.into(),
            url: url.into(),
            enabled,
            status: status.into(),
            consecutive_failures: failures,
            ..Default::default()
        }
    }

    #[test]
    fn status_sort_puts_failing_endpoints_first_and_disabled_last() {
        let mut list = [
            ep("1", "https://b", false, "disabled", 0),
            ep("2", "https://a", true, "active", 0),
            ep("3", "https://c", true, "failing", 4),
        ];
        let s = Sort {
            key: SortKey::Status,
            descending: false,
        };
        list.sort_by(|a, b| compare(a, b, s));
        let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["3", "2", "1"]);
    }

    #[test]
    fn the_same_url_twice_still_sorts_by_id() {
        let a = ep("a", "https://x", true, "active", 0);
        let b = ep("b", "https://x", true, "active", 0);
        let s = Sort::default();
        assert_eq!(compare(&a, &b, s), Ordering::Less);
        assert_eq!(compare(&b, &a, s), Ordering::Greater);
    }
}
