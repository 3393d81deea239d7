//! Sending test events: choose event names and how many of each; the rules crate checks
//! the request (names, counts, the burst limit) before it is sent, and a 429 says when
//! to try again.

use std::sync::atomic::{AtomicU32, Ordering};
use webhook_rules::slashid::errors::wire_message;

use leptos::prelude::*;
use webhook_rules::Problem;
use webhook_rules::slashid::test_events::{BURST, RATE_PER_MINUTE};
use webhook_rules::slashid::triggers::event_names;
use webhook_rules::slashid::validate::validate_test_events;
use webhook_rules::slashid::wire::TestEventSpec;

use crate::error::ApiError;
use crate::providers::slashid::client::SentTestEvent;
use crate::providers::slashid::state::AppState;
use crate::providers::slashid::views::recorded_deliveries::RecordedDeliveries;
use crate::providers::slashid::words as t;
use crate::ui::busy::Busy;
use crate::ui::heading::h;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;
use crate::ui::time::time;

static NEXT: AtomicU32 = AtomicU32::new(1);

#[derive(Clone, Copy)]
struct Row {
    key: u32,
    event_name: RwSignal<String>,
    count: RwSignal<String>,
}

impl Row {
    fn new() -> Self {
        Self {
            key: NEXT.fetch_add(1, Ordering::Relaxed),
            event_name: RwSignal::new(event_names().next().unwrap_or_default().to_owned()),
            count: RwSignal::new("1".to_owned()),
        }
    }

    fn spec(&self) -> TestEventSpec {
        let count = self.count.with(|c| {
            let c = c.trim();
            // An empty box means the API's default (1); text that is not a whole number
            // is sent as 0 so that the count rule explains it.
            (!c.is_empty()).then(|| c.parse::<i64>().unwrap_or(0))
        });
        TestEventSpec {
            event_name: self.event_name.get(),
            count,
            ..Default::default()
        }
    }
}

#[component]
pub fn TestEvents() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = RwSignal::new(vec![Row::new()]);
    let submitted = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<Vec<SentTestEvent>, ApiError>>);
    // Bumped after each successful send: the recorded deliveries are loaded again.
    let sent = RwSignal::new(0usize);

    let specs = move || rows.with(|r| r.iter().map(Row::spec).collect::<Vec<_>>());
    let problems = move || validate_test_events(&specs()).err().unwrap_or_default();
    let problem_at = move |index: usize, field: &'static str| {
        let path = format!("[{index}].{field}");
        problems()
            .into_iter()
            .find(|p| p.field == path)
            .map(|p| t::sentence(&p.message))
    };
    let general = move || {
        problems()
            .into_iter()
            .filter(|p| !p.field.starts_with('['))
            .map(|p| t::sentence(&p.message))
            .collect::<Vec<_>>()
    };

    let busy = Busy::new();
    let send = move |specs: Vec<TestEventSpec>| {
        busy.run(async move {
            let Some(client) = state.client() else { return };
            let r = client.send_test_events(&specs).await;
            match &r {
                Ok(_) => sent.update(|n| *n += 1),
                // They may have been sent: the recorded deliveries are loaded again.
                Err(e) if e.may_have_applied() => sent.update(|n| *n += 1),
                Err(e) => {
                    state.check_auth(e);
                }
            }
            result.set(Some(r));
        })
    };
    let pending = busy.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        submitted.set(true);
        if !untrack(problems).is_empty() {
            return;
        }
        result.set(None);
        send(specs());
    };

    view! {
        <section class="panel" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::TEST_EVENTS_TITLE).into_any())}
            <p class="muted">{t::test_events_intro(RATE_PER_MINUTE, BURST)}</p>
            <form novalidate on:submit=on_submit>
                {show_if(move || submitted.get() && !general().is_empty(), move || view! {
                    <div class="notice error" role="alert">
                        {move || {
                            general()
                                .into_iter()
                                .map(|m| view! { <LongText text=m class="" /> })
                                .map(IntoAny::into_any).collect::<Vec<_>>()
                        }}
                    </div>
                })}
                <ul class="event-rows">
                    {keyed_list(move || {
                        rows.get().into_iter().enumerate().map(|(index, row)| {
                            // The index is part of the key: problems are reported by position.
                            Keyed::new(format!("{index} {}", row.key), move || {
                                let name_id = format!("wc-te-{}-name", row.key);
                                let count_id = format!("wc-te-{}-count", row.key);
                                let name_err = move || {
                                    if submitted.get() { problem_at(index, "event_name") } else { None }
                                };
                                let count_err = move || problem_at(index, "count");
                                let count_err_id = format!("{count_id}-err");
                                let count_err_id2 = count_err_id.clone();
                                view! {
                                    <li class="event-row">
                                        <div class="field">
                                            <label for=name_id.clone()>{t::EVENT_NAME}</label>
                                            <select
                                                id=name_id.clone()
                                                aria-invalid=move || if name_err().is_some() { "true" } else { "false" }
                                                on:change=move |ev| row.event_name.set(event_target_value(&ev))
                                            >
                                                {event_names()
                                                    .map(|n| {
                                                        view! {
                                                            <option value=n selected=move || row.event_name.get() == n>
                                                                {n}
                                                            </option>
                                                        }
                                                    })
                                                    .map(IntoAny::into_any).collect::<Vec<_>>()}
                                            </select>
                                            {show_if(move || name_err().is_some(), move || view! {
                                                <LongText
                                                    text=Signal::derive(move || name_err().unwrap_or_default())
                                                    class="field-error"
                                                />
                                            })}
                                        </div>
                                        <div class="field">
                                            <label for=count_id.clone()>{t::EVENT_COUNT}</label>
                                            <input
                                                id=count_id.clone()
                                                type="number"
                                                inputmode="numeric"
                                                min="1"
                                                class="narrow"
                                                prop:value=move || row.count.get()
                                                aria-invalid=move || if count_err().is_some() { "true" } else { "false" }
                                                aria-describedby=move || count_err().map(|_| count_err_id.clone())
                                                on:input=move |ev| row.count.set(event_target_value(&ev))
                                            />
                                            {show_if(move || count_err().is_some(), move || view! {
                                                <LongText
                                                    text=Signal::derive(move || count_err().unwrap_or_default())
                                                    class="field-error"
                                                    id=count_err_id2.clone()
                                                />
                                            })}
                                        </div>
                                        <button
                                            type="button"
                                            class="btn danger-quiet small"
                                            disabled=move || rows.with(|r| r.len() <= 1)
                                            on:click=move |_| rows.update(|r| r.retain(|x| x.key != row.key))
                                        >
                                            {t::REMOVE}
                                        </button>
                                    </li>
                                }
                            })
                        }).collect()
                    })}
                </ul>
                <div class="form-actions">
                    <button
                        type="button"
                        class="btn secondary"
                        on:click=move |_| rows.update(|r| r.push(Row::new()))
                    >
                        {t::ADD_EVENT}
                    </button>
                    <button type="submit" class="btn primary" disabled=move || pending.get()>
                        {move || if pending.get() { t::SENDING } else { t::SEND_TEST_EVENTS }}
                    </button>
                </div>
            </form>
            <div role="status" aria-live="polite">
                {move || match result.get() {
                    None => ().into_any(),
                    Some(Ok(events)) => view! {
                        <div class="notice success">
                            <p>{t::test_events_sent(events.len())}</p>
                        </div>
                        <div class="table-wrap">
                            <table class="webhooks">
                                <thead>
                                    <tr>
                                        <th scope="col">{t::EVENT_NAME}</th>
                                        <th scope="col">{t::COL_EVENT_ID}</th>
                                        <th scope="col">{t::COL_TIMESTAMP}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {events
                                        .into_iter()
                                        .map(|e| {
                                            view! {
                                                <tr>
                                                    <td><code>{e.event_name}</code></td>
                                                    <td><code>{e.event_id}</code></td>
                                                    <td>{time(&e.timestamp)}</td>
                                                </tr>
                                            }
                                        })
                                        .map(IntoAny::into_any).collect::<Vec<_>>()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Some(Err(e)) => {
                        let general: Vec<Problem> = e.problems().to_vec();
                        view! {
                            <div class="notice error">
                                <LongText text=t::error_text(&e) class="" />
                                {general
                                    .into_iter()
                                    .filter(|p| !p.field.is_empty())
                                    .map(|p| view! { <LongText text=t::sentence(&wire_message(&p)) class="small-text" /> })
                                    .map(IntoAny::into_any).collect::<Vec<_>>()}
                            </div>
                        }
                        .into_any()
                    }
                }}
            </div>
            <RecordedDeliveries reload=sent />
        </section>
    }
}
