//! The event patterns of an endpoint: add and remove patterns, suggestions of the known
//! event types (a datalist), and for each pattern the known event types it selects, by
//! the rules' fnmatch (`webhook_rules::instavm::patterns`).
//!
//! Rows keep their DOM while others come and go (keyed by a row number that never
//! repeats); their ids, labels and error keys follow their position, since the server
//! names a pattern by its index (`event_patterns[2]`).

use leptos::prelude::*;

use crate::providers::instavm::form::{matched_types, pattern_key};
use crate::providers::instavm::words as t;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;

/// The patterns being edited, each with the row number it keeps while rows move.
#[derive(Clone, Copy)]
pub struct PatternModel {
    rows: RwSignal<Vec<(u32, String)>>,
    next: StoredValue<u32>,
}

impl PatternModel {
    pub fn new(patterns: &[String]) -> Self {
        let rows: Vec<(u32, String)> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (i as u32, p.clone()))
            .collect();
        PatternModel {
            next: StoredValue::new(rows.len() as u32),
            rows: RwSignal::new(rows),
        }
    }

    /// The patterns as typed, in order.
    pub fn patterns(self) -> Vec<String> {
        self.rows
            .with(|r| r.iter().map(|(_, p)| p.clone()).collect())
    }

    /// Every row replaced by `patterns` (a reload of the stored version).
    pub fn replace_all(self, patterns: &[String]) {
        let first = self.next.get_value();
        self.next.set_value(first + patterns.len() as u32);
        let rows = (first..).zip(patterns.iter().cloned()).collect();
        self.rows.set(rows);
    }

    fn index_of(self, row: u32) -> Option<usize> {
        self.rows.with(|r| r.iter().position(|(k, _)| *k == row))
    }

    fn value_of(self, row: u32) -> String {
        self.rows.with(|r| {
            r.iter()
                .find(|(k, _)| *k == row)
                .map(|(_, p)| p.clone())
                .unwrap_or_default()
        })
    }

    fn set(self, row: u32, value: String) {
        self.rows.update(|r| {
            if let Some((_, p)) = r.iter_mut().find(|(k, _)| *k == row) {
                *p = value;
            }
        });
    }

    fn add(self) -> usize {
        let row = self.next.get_value();
        self.next.set_value(row + 1);
        self.rows.update(|r| r.push((row, String::new())));
        self.rows.with_untracked(Vec::len) - 1
    }

    fn remove(self, row: u32) -> Option<usize> {
        let at = self.index_of(row)?;
        self.rows.update(|r| {
            r.remove(at);
        });
        Some(at)
    }
}

/// The id of the input of the pattern at `index`.
pub fn input_id(index: usize) -> String {
    format!("wc-event_patterns-{index}")
}

const SUGGESTIONS: &str = "wc-event-types";
const ADD_BUTTON: &str = "wc-pattern-add";

#[component]
pub fn PatternEditor(
    model: PatternModel,
    /// The error shown under a pattern, by its key (`event_patterns[2]`).
    #[prop(into)]
    error: Callback<String, Option<String>>,
    #[prop(into)] on_blur: Callback<String>,
    /// The list or a pattern changed (retires the server's verdict on patterns).
    #[prop(into)]
    on_change: Callback<()>,
) -> impl IntoView {
    let add = move |_| {
        let at = model.add();
        on_change.run(());
        crate::browser::dom::focus_id_soon(input_id(at));
    };
    let count = move || model.rows.with(Vec::len);

    let row_view = move |row: u32| {
        let index = move || model.index_of(row).unwrap_or_default();
        let key = move || pattern_key(index());
        let err = move || error.run(key());
        let id = move || input_id(index());
        let err_id = move || format!("{}-err", input_id(index()));
        let matches_id = move || format!("{}-matches", input_id(index()));
        let value = move || model.value_of(row);
        let described = move || {
            let mut ids = vec![matches_id()];
            if err().is_some() {
                ids.push(err_id());
            }
            ids.join(" ")
        };
        let remove = move |_| {
            if let Some(at) = model.remove(row) {
                on_change.run(());
                let left = model.rows.with_untracked(Vec::len);
                let next = if left == 0 {
                    ADD_BUTTON.to_owned()
                } else {
                    input_id(at.min(left - 1))
                };
                crate::browser::dom::focus_id_soon(next);
            }
        };
        view! {
            <li class="pattern-row">
                <div class="field pattern-input">
                    <label for=id>{move || t::pattern_label(index() + 1)}</label>
                    <div class="input-with-button">
                        <input
                            id=id
                            type="text"
                            list=SUGGESTIONS
                            autocomplete="off"
                            spellcheck="false"
                            placeholder=t::PATTERN_PLACEHOLDER
                            prop:value=value
                            aria-invalid=move || if err().is_some() { "true" } else { "false" }
                            aria-describedby=described
                            on:input=move |ev| {
                                model.set(row, event_target_value(&ev));
                                on_change.run(());
                            }
                            on:blur=crate::browser::dom::live_blur(move || on_blur.run(key()))
                        />
                        <button
                            type="button"
                            class="btn danger-quiet small"
                            aria-label=move || t::pattern_remove_label(index() + 1)
                            on:click=remove
                        >
                            {t::REMOVE}
                        </button>
                    </div>
                    {show_if(move || err().is_some(), move || view! {
                        <LongText
                            text=Signal::derive(move || err().unwrap_or_default())
                            class="field-error"
                            id=err_id()
                        />
                    })}
                    <p class="hint pattern-matches" id=matches_id>
                        {move || t::pattern_matches(&value(), &matched_types(&value()))}
                    </p>
                </div>
            </li>
        }
    };

    view! {
        <fieldset class="patterns" aria-describedby="wc-patterns-help">
            <legend>{t::PATTERNS_LEGEND}</legend>
            <p class="hint" id="wc-patterns-help">{t::PATTERNS_HELP}</p>
            <datalist id=SUGGESTIONS>
                {webhook_rules::instavm::patterns::EXAMPLE_PATTERNS
                    .iter()
                    .chain(webhook_rules::instavm::patterns::EVENT_TYPES)
                    .map(|p| view! { <option value=*p></option> }.into_any())
                    .collect::<Vec<_>>()}
            </datalist>
            {show_if(move || count() == 0, move || view! { <p class="muted">{t::PATTERNS_NONE}</p> })}
            <ul class="header-rows pattern-rows">
                {keyed_list(move || {
                    model
                        .rows
                        .with(|r| r.iter().map(|(k, _)| *k).collect::<Vec<_>>())
                        .into_iter()
                        .map(|row| Keyed::new(row.to_string(), move || row_view(row)))
                        .collect()
                })}
            </ul>
            <button type="button" class="btn secondary small" id=ADD_BUTTON on:click=add>
                {t::PATTERN_ADD}
            </button>
        </fieldset>
    }
}
