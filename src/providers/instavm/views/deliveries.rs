//! Deliveries, newest first: filters (endpoint, status, event type), cursor paging
//! ("Load more"), replay of one delivery, and replay of every failed delivery of the
//! filter (all its pages; with progress, cancellable, and a report of what failed and
//! why). A delivery is never replayed twice at once (`AppState::replaying`). In the
//! sandbox, a delivery's exact request can open the verifier.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use webhook_rules::instavm::paths::SIGNATURE_HEADER;
use webhook_rules::instavm::wire::Delivery;

use crate::error::ApiError;
use crate::providers::instavm::client::{Client, DeliveryFilter};
use crate::providers::instavm::replay::{FAILED, Found, Report};
use crate::providers::instavm::state::AppState;
use crate::providers::instavm::views::Outcome;
use crate::providers::instavm::words as t;
use crate::ui::heading::h;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::long_text::LongText;
use crate::ui::notice::{load_failed, loading};
use crate::ui::show_if::{show_else, show_if};
use crate::ui::time::time;

/// Deliveries per page of the list ("Load more" asks for as many).
const PAGE: u32 = 50;
/// Deliveries per page while a bulk replay walks the filter (the sandbox's maximum).
const WALK_PAGE: u32 = 100;
/// How often one request of a bulk replay is tried again after a 429 before it counts as
/// failed, waiting at most a minute each time.
/// inferred: InstaVM documents no rate limit; a bulk replay should slow down, not fail.
const RATE_LIMIT_RETRIES: u32 = 3;
/// inferred: how long to wait after a 429 without `Retry-After`.
const DEFAULT_WAIT_SECS: u32 = 5;

/// The statuses the filter offers. inferred: InstaVM documents none; these are the
/// sandbox's.
pub const STATUSES: &[&str] = &["pending", "succeeded", FAILED];

/// Where a bulk replay is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Bulk {
    Collecting { found: usize },
    Replaying { done: usize, total: usize },
    Waiting { secs: u32 },
    Done(Report),
}

#[component]
pub fn Deliveries() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = state.delivery_filter;
    let items = RwSignal::new(None::<Vec<Delivery>>);
    let next_cursor = RwSignal::new(None::<String>);
    let loading_page = RwSignal::new(false);
    let load_error = RwSignal::new(None::<ApiError>);
    let generation = StoredValue::new(0u64);
    // The results of rows' own replays, by delivery id (a few: a vector, not a hash map).
    let row_results = RwSignal::new(Vec::<(String, Outcome)>::new());
    let bulk = RwSignal::new(None::<Bulk>);
    let cancel = StoredValue::new(None::<Arc<AtomicBool>>);

    // The form's own copy of the filter, applied on submit.
    let draft_endpoint = RwSignal::new(filter.with_untracked(|f| f.endpoint_id.clone()));
    let draft_status = RwSignal::new(filter.with_untracked(|f| f.status.clone()));
    let draft_event = RwSignal::new(filter.with_untracked(|f| f.event_type.clone()));

    // Leaving the view cancels a bulk replay (the replay in flight ends on its own).
    on_cleanup(move || {
        if let Some(flag) = cancel.try_get_value().flatten() {
            flag.store(true, Ordering::Relaxed);
        }
    });

    if state.endpoints.with_untracked(Option::is_none) && !state.list_loading.get_untracked() {
        state.reload_endpoints();
    }

    // One page: the first (`cursor` None) replaces the list, a later one is added to it.
    let load = move |cursor: Option<String>| {
        let Some(client) = state.client() else { return };
        let this = generation.get_value() + 1;
        generation.set_value(this);
        let f = filter.get_untracked();
        loading_page.set(true);
        load_error.set(None);
        let more = cursor.is_some();
        crate::host::task::spawn(state.mount, async move {
            let result = client.list_deliveries(&f, cursor.as_deref(), PAGE).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            loading_page.set(false);
            match result {
                Ok(page) => {
                    let first_new = page.items.first().map(|d| d.id.clone());
                    items.update(|l| match l {
                        Some(list) if more => list.extend(page.items),
                        _ => *l = Some(page.items),
                    });
                    let last = page.next_cursor.is_none();
                    next_cursor.set(page.next_cursor);
                    if more {
                        // The "Load more" button may be gone: focus what was loaded.
                        let to = match first_new {
                            Some(id) if last => replay_button_id(&id),
                            _ => "wc-load-more".into(),
                        };
                        crate::browser::dom::focus_id_soon(to);
                    }
                }
                Err(e) => {
                    state.check_auth(&e);
                    load_error.set(Some(e));
                }
            }
        });
    };
    Effect::new(move |_| {
        filter.track();
        row_results.set(Vec::new());
        load(None);
    });

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = DeliveryFilter {
            endpoint_id: draft_endpoint.get_untracked(),
            status: draft_status.get_untracked(),
            event_type: draft_event.get_untracked().trim().to_owned(),
        };
        if filter.get_untracked() == next {
            load(None);
        } else {
            filter.set(next);
        }
    };

    let replay_one = move |d: Delivery| {
        let Some(client) = state.client() else { return };
        if !state.start_replay(&d.id) {
            return;
        }
        crate::host::task::spawn(state.mount, async move {
            let answer = client.replay_delivery(&d.id).await;
            state.end_replay(&d.id);
            if let Err(e) = &answer {
                state.check_auth(e);
            }
            let result = Outcome {
                ok: matches!(&answer, Ok(Some(n)) if n.status != FAILED)
                    || matches!(answer, Ok(None)),
                text: t::replayed_one(&answer),
            };
            row_results.try_update(|r| said(r, &d.id, result));
            crate::browser::dom::focus_id_soon(row_result_id(&d.id));
        });
    };

    let open_verifier = move |id: String| {
        let Some(client) = state.client() else { return };
        crate::host::task::spawn(state.mount, async move {
            match client.recorded_request(&id).await {
                Ok(request) => {
                    let header = request
                        .headers
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(SIGNATURE_HEADER))
                        .map(|(_, value)| value.clone())
                        .unwrap_or_default();
                    state.verify(header, request.body);
                }
                Err(e) => {
                    state.check_auth(&e);
                    let result = Outcome {
                        ok: false,
                        text: t::recorded_failed(&e),
                    };
                    row_results.try_update(|r| said(r, &id, result));
                    crate::browser::dom::focus_id_soon(row_result_id(&id));
                }
            }
        });
    };

    let bulk_running = move || bulk.with(|b| matches!(b, Some(b) if !matches!(b, Bulk::Done(_))));
    let start_bulk = move |_| {
        let Some(client) = state.client() else { return };
        if bulk_running() {
            return;
        }
        let flag = Arc::new(AtomicBool::new(false));
        cancel.set_value(Some(Arc::clone(&flag)));
        let walk = DeliveryFilter {
            status: FAILED.to_owned(),
            ..filter.get_untracked()
        };
        bulk.set(Some(Bulk::Collecting { found: 0 }));
        crate::host::task::spawn(state.mount, async move {
            let report = replay_all(state, client, walk, bulk, &flag).await;
            let reload = report.replayed > 0 || !report.missed.is_empty();
            bulk.try_set(Some(Bulk::Done(report)));
            cancel.try_set_value(None);
            crate::browser::dom::focus_id_soon("wc-bulk-report".into());
            if reload && !flag.load(Ordering::Relaxed) {
                load(None);
            }
        });
    };
    let cancel_bulk = move |_| {
        if let Some(flag) = cancel.get_value() {
            flag.store(true, Ordering::Relaxed);
        }
    };

    let endpoint_url = move |id: &str| {
        state.endpoints.with(|l| {
            l.as_ref()
                .and_then(|l| l.iter().find(|e| e.id == id).map(|e| e.url.clone()))
        })
    };

    let row = move |d: Delivery| {
        let id = d.id.clone();
        let busy_id = d.id.clone();
        let result_id = d.id.clone();
        let verify_id = d.id.clone();
        let in_flight = Memo::new(move |_| state.replaying.with(|r| r.contains(&busy_id)));
        let result = move || {
            row_results.with(|r| {
                r.iter()
                    .find(|(k, _)| *k == result_id)
                    .map(|(_, o)| o.clone())
            })
        };
        let endpoint = endpoint_url(&d.endpoint_id).unwrap_or_else(|| d.endpoint_id.clone());
        let label = t::replay_label(&d.event_type, &d.created_at);
        let verify_label = t::verify_delivery_label(&d.event_type, &d.created_at);
        let detail = match (&d.response_status, d.last_error.as_deref()) {
            (_, Some(err)) if !err.is_empty() => t::shorten(err, 160),
            (Some(code), _) => t::http_status(*code),
            _ => String::new(),
        };
        let replayed_of = d.replay_of.clone();
        let original = d.clone();
        view! {
            <tr>
                <td><code>{d.event_type.clone()}</code></td>
                <td class="url"><code class="long-text">{t::url_or_empty(&endpoint)}</code></td>
                <td>
                    <span class=delivery_status_class(&d.status)>{t::delivery_status(&d.status)}</span>
                    {replayed_of.map(|_| view! { <span class="muted small-text row-note">{t::A_REPLAY}</span> })}
                </td>
                <td class="num">{d.attempt_count}</td>
                <td>{time(&d.created_at)}</td>
                <td class="last-error"><span class="long-text">{detail}</span></td>
                <td class="row-actions-cell">
                    <button
                        type="button"
                        class="btn secondary small"
                        id=replay_button_id(&id)
                        aria-label=label
                        disabled=move || in_flight.get() || bulk_running()
                        on:click=move |_| replay_one(original.clone())
                    >
                        {move || if in_flight.get() { t::REPLAYING } else { t::REPLAY }}
                    </button>
                    {move || state.sandbox.get().then(|| {
                        let verify_id = verify_id.clone();
                        view! {
                            <button
                                type="button"
                                class="btn secondary small"
                                aria-label=verify_label.clone()
                                on:click=move |_| open_verifier(verify_id.clone())
                            >
                                {t::VERIFY}
                            </button>
                        }
                    })}
                    <p class="small-text row-result" id=row_result_id(&id) tabindex="-1">
                        {move || result().map(|r| {
                            let class = if r.ok { "check ok" } else { "check bad" };
                            view! { <span class=class>{r.text}</span> }
                        })}
                    </p>
                </td>
            </tr>
        }
        .into_any()
    };

    let filters = move || {
        view! {
            <form class="list-toolbar delivery-filters" novalidate on:submit=apply aria-label=t::FILTERS_LABEL>
                <div class="field">
                    <label for="wc-filter-endpoint">{t::FILTER_ENDPOINT}</label>
                    <select
                        id="wc-filter-endpoint"
                        prop:value=move || draft_endpoint.get()
                        on:change=move |ev| draft_endpoint.set(event_target_value(&ev))
                    >
                        <option value="">{t::ANY_ENDPOINT}</option>
                        {move || {
                            state.endpoints.with(|l| {
                                l.iter()
                                    .flatten()
                                    .map(|e| {
                                        let selected = draft_endpoint.with_untracked(|d| *d == e.id);
                                        view! {
                                            <option value=e.id.clone() selected=selected>
                                                {t::url_or_empty(&e.url)}
                                            </option>
                                        }
                                        .into_any()
                                    })
                                    .collect::<Vec<_>>()
                            })
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="wc-filter-status">{t::FILTER_STATUS}</label>
                    <select
                        id="wc-filter-status"
                        prop:value=move || draft_status.get()
                        on:change=move |ev| draft_status.set(event_target_value(&ev))
                    >
                        <option value="">{t::ANY_STATUS}</option>
                        {STATUSES
                            .iter()
                            .map(|s| {
                                let selected = draft_status.with_untracked(|d| d == s);
                                view! { <option value=*s selected=selected>{t::delivery_status(s)}</option> }.into_any()
                            })
                            .collect::<Vec<_>>()}
                    </select>
                </div>
                <div class="field">
                    <label for="wc-filter-event">{t::FILTER_EVENT_TYPE}</label>
                    <input
                        id="wc-filter-event"
                        type="text"
                        list="wc-filter-event-types"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="wc-filter-event-hint"
                        prop:value=move || draft_event.get()
                        on:input=move |ev| draft_event.set(event_target_value(&ev))
                    />
                    <datalist id="wc-filter-event-types">
                        {webhook_rules::instavm::patterns::EVENT_TYPES
                            .iter()
                            .map(|e| view! { <option value=*e></option> }.into_any())
                            .collect::<Vec<_>>()}
                    </datalist>
                    <p class="hint" id="wc-filter-event-hint">{t::FILTER_EVENT_HINT}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn secondary">{t::APPLY_FILTERS}</button>
                </div>
            </form>
        }
    };

    let can_bulk = move || filter.with(|f| f.status.is_empty() || f.status == FAILED);
    let bulk_panel = move || {
        view! {
            <section class="subpanel bulk" aria-labelledby="wc-bulk-title">
                {h(1, "wc-bulk-title", false, "", (t::BULK_TITLE).into_any())}
                <p class="hint">{t::BULK_HELP}</p>
                {show_else(can_bulk, move || view! {
                    <div class="actions">
                        <button
                            type="button"
                            class="btn secondary"
                            id="wc-bulk-start"
                            disabled=move || bulk_running() || state.replaying.with(|r| !r.is_empty())
                            on:click=start_bulk
                        >
                            {t::BULK_START}
                        </button>
                        {show_if(bulk_running, move || view! {
                            <button type="button" class="btn secondary" id="wc-bulk-cancel" on:click=cancel_bulk>
                                {t::CANCEL}
                            </button>
                        })}
                    </div>
                }, || view! { <p class="muted">{t::BULK_NOT_FAILED}</p> })}
                <div class="bulk-progress" role="status" aria-live="polite">
                    {move || bulk.with(|b| match b {
                        Some(Bulk::Collecting { found }) => Some(t::bulk_collecting(*found)),
                        Some(Bulk::Replaying { done, total }) => Some(t::bulk_replaying(*done, *total)),
                        Some(Bulk::Waiting { secs }) => Some(t::bulk_waiting(*secs)),
                        _ => None,
                    }).map(|text| view! { <p class="loading">{text}</p> })}
                </div>
                {move || bulk.with(|b| match b {
                    Some(Bulk::Done(report)) => Some(report_view(report)),
                    _ => None,
                })}
            </section>
        }
    };

    // Whether the list is loaded and empty: the table is built again only when this
    // changes, not with every page (its rows are keyed, and keep their focus).
    let shape = Memo::new(move |_| items.with(|l| l.as_ref().map(Vec::is_empty)));
    let count_text = move || {
        let n = items.with(|l| l.as_ref().map_or(0, Vec::len));
        t::deliveries_shown(n, next_cursor.with(Option::is_some))
    };

    view! {
        <section class="panel deliveries-view" aria-labelledby="wc-view-title">
            <div class="panel-head">
                {h(0, "wc-view-title", true, "", (t::DELIVERIES_TITLE).into_any())}
                <button
                    type="button"
                    class="btn secondary"
                    disabled=move || loading_page.get()
                    on:click=move |_| load(None)
                >
                    {move || if loading_page.get() { t::REFRESHING } else { t::REFRESH }}
                </button>
            </div>
            <p class="muted">{t::DELIVERIES_INTRO}</p>
            {filters}
            {move || {
                load_error
                    .get()
                    .filter(|e| !e.is_unauthorized())
                    .map(|e| load_failed(t::DELIVERIES_FAILED, t::error_text(&e), Some(Callback::new(move |()| load(None)))))
            }}
            {move || match shape.get() {
                None => loading_page.get().then(|| loading(t::LOADING_DELIVERIES)).into_any(),
                Some(true) => view! { <p class="empty-search">{t::NO_DELIVERIES}</p> }.into_any(),
                Some(false) => view! {
                    <p class="muted count" id="wc-deliveries-count" tabindex="-1">{count_text}</p>
                    <div class="table-wrap">
                        <table class="deliveries">
                            <caption class="visually-hidden">{t::DELIVERIES_TITLE}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t::COL_EVENT_TYPE}</th>
                                    <th scope="col">{t::COL_ENDPOINT}</th>
                                    <th scope="col">{t::COL_STATUS}</th>
                                    <th scope="col" class="num">{t::COL_ATTEMPTS}</th>
                                    <th scope="col">{t::COL_CREATED}</th>
                                    <th scope="col">{t::COL_OUTCOME}</th>
                                    <th scope="col">{t::COL_ACTIONS}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {keyed_list(move || {
                                    items.with(|l| {
                                        l.iter()
                                            .flatten()
                                            .map(|d| {
                                                let d = d.clone();
                                                Keyed::new(d.id.clone(), move || row(d))
                                            })
                                            .collect()
                                    })
                                })}
                            </tbody>
                        </table>
                    </div>
                    {show_if(move || next_cursor.with(Option::is_some), move || view! {
                        <button
                            type="button"
                            class="btn secondary show-more"
                            id="wc-load-more"
                            disabled=move || loading_page.get()
                            on:click=move |_| load(next_cursor.get_untracked())
                        >
                            {move || if loading_page.get() { t::LOADING_MORE } else { t::LOAD_MORE }}
                        </button>
                    })}
                }
                .into_any(),
            }}
            {bulk_panel}
        </section>
    }
}

/// Walks every page of `walk` (the filter, failed deliveries only), then replays each
/// failed delivery found, one at a time, until done or cancelled.
async fn replay_all(
    state: AppState,
    client: Client,
    walk: DeliveryFilter,
    bulk: RwSignal<Option<Bulk>>,
    cancel: &AtomicBool,
) -> Report {
    let mut found = Found::default();
    let mut cursor: Option<String> = None;
    loop {
        if cancel.load(Ordering::Relaxed) {
            let mut report = Report::new(found.deliveries.len());
            report.cancelled = found.deliveries.len();
            report.interrupted = true;
            return report;
        }
        let page = with_rate_limit(bulk, cancel, || {
            client.list_deliveries(&walk, cursor.as_deref(), WALK_PAGE)
        })
        .await;
        match page {
            Ok(page) => {
                cursor = found.add(page);
                bulk.try_set(Some(Bulk::Collecting {
                    found: found.deliveries.len(),
                }));
                if cursor.is_none() {
                    break;
                }
            }
            Err(e) => {
                state.check_auth(&e);
                let mut report = Report::new(found.deliveries.len());
                report.stopped = Some(e);
                report.cancelled = found.deliveries.len();
                return report;
            }
        }
    }
    let total = found.deliveries.len();
    let mut report = Report::new(total);
    for (done, d) in found.deliveries.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = total - done;
            report.interrupted = true;
            break;
        }
        bulk.try_set(Some(Bulk::Replaying { done, total }));
        if !state.start_replay(&d.id) {
            report.skip(d);
            continue;
        }
        let answer = with_rate_limit(bulk, cancel, || client.replay_delivery(&d.id)).await;
        state.end_replay(&d.id);
        let refused = answer
            .as_ref()
            .err()
            .filter(|e| e.is_unauthorized())
            .cloned();
        report.record(d, answer);
        // A refused key refuses every other replay too: stop, and say why.
        if let Some(e) = refused {
            state.check_auth(&e);
            report.cancelled = total - done - 1;
            report.stopped = Some(e);
            break;
        }
    }
    report
}

/// Runs `call`; after a 429, waits as long as the API says (or a few seconds) and tries
/// again, a few times, unless cancelled meanwhile.
async fn with_rate_limit<T, F: Future<Output = Result<T, ApiError>>>(
    bulk: RwSignal<Option<Bulk>>,
    cancel: &AtomicBool,
    call: impl Fn() -> F,
) -> Result<T, ApiError> {
    let mut tries = 0;
    loop {
        let before = bulk.try_get_untracked().flatten();
        match call().await {
            Err(ApiError::RateLimited { retry_after })
                if tries < RATE_LIMIT_RETRIES && !cancel.load(Ordering::Relaxed) =>
            {
                tries += 1;
                let secs = retry_after.unwrap_or(DEFAULT_WAIT_SECS).min(60);
                bulk.try_set(Some(Bulk::Waiting { secs }));
                sleep_ms(secs * 1000).await;
                bulk.try_set(before);
            }
            other => return other,
        }
    }
}

/// Resolves after `ms` milliseconds (a browser timer).
async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u32) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn report_view(report: &Report) -> AnyView {
    let summary_class = if report.all_went_through() {
        "notice success"
    } else {
        "notice error"
    };
    let misses: Vec<AnyView> = report
        .missed
        .iter()
        .map(|(d, miss)| {
            let text = t::miss_text(d, miss);
            view! { <li class="check bad"><span class="long-text">{text}</span></li> }.into_any()
        })
        .collect();
    view! {
        <div class="bulk-report" id="wc-bulk-report" tabindex="-1">
            {h(2, "", false, "", (t::BULK_REPORT).into_any())}
            <div class=summary_class>
                <LongText text=t::bulk_summary(report) class="" />
            </div>
            {(!misses.is_empty()).then(|| view! {
                <p>{t::BULK_MISSED}</p>
                <ul class="checks">{misses}</ul>
            })}
        </div>
    }
    .into_any()
}

/// Puts a row's latest result in place of its previous one.
fn said(results: &mut Vec<(String, Outcome)>, id: &str, outcome: Outcome) {
    results.retain(|(k, _)| k != id);
    results.push((id.to_owned(), outcome));
}

fn delivery_status_class(status: &str) -> &'static str {
    match status {
        FAILED => "status status-failing",
        "succeeded" => "status status-active",
        _ => "status",
    }
}

fn replay_button_id(delivery_id: &str) -> String {
    format!("wc-replay-{delivery_id}")
}

fn row_result_id(delivery_id: &str) -> String {
    format!("wc-replay-{delivery_id}-result")
}
