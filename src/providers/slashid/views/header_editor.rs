//! Custom headers: rows of a name and one or more values. Values are masked by default
//! with a per-value reveal. When editing, stored values are kept as they are unless the
//! admin chooses Replace or Remove, so nobody retypes a secret; the form still sends the
//! full header set, because `custom_headers` replaces every header.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use webhook_rules::slashid::headers::{field_of_name, field_of_value};
use webhook_rules::slashid::wire::Headers;

use crate::format::secret_hint;
use crate::providers::slashid::words as t;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::long_text::LongText;
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;

static NEXT_KEY: AtomicU32 = AtomicU32::new(1);

fn next_key() -> u32 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

/// What happens to one value slot when the form is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotMode {
    /// A stored value, sent back unchanged.
    Keep,
    /// The typed value is sent (a new value, or a stored one being replaced).
    Typed,
    /// A stored value that will not be sent again.
    Remove,
}

#[derive(Clone)]
pub struct ValueSlot {
    pub key: u32,
    /// The stored value, when the slot came from the server.
    pub existing: Option<String>,
    pub mode: RwSignal<SlotMode>,
    pub typed: RwSignal<String>,
    pub revealed: RwSignal<bool>,
}

impl ValueSlot {
    fn new_typed() -> Self {
        Self {
            key: next_key(),
            existing: None,
            mode: RwSignal::new(SlotMode::Typed),
            typed: RwSignal::new(String::new()),
            revealed: RwSignal::new(false),
        }
    }

    fn stored(value: String) -> Self {
        Self {
            key: next_key(),
            existing: Some(value),
            mode: RwSignal::new(SlotMode::Keep),
            typed: RwSignal::new(String::new()),
            revealed: RwSignal::new(false),
        }
    }

    /// The value that will be sent, `None` when the slot is removed.
    fn value(&self) -> Option<String> {
        match self.mode.get() {
            SlotMode::Keep => self.existing.clone(),
            SlotMode::Typed => Some(self.typed.get()),
            SlotMode::Remove => None,
        }
    }

    fn is_blank(&self) -> bool {
        self.existing.is_none() && self.typed.with(|t| t.is_empty())
    }
}

#[derive(Clone)]
pub struct HeaderRow {
    pub key: u32,
    pub name: RwSignal<String>,
    pub values: RwSignal<Vec<ValueSlot>>,
}

impl HeaderRow {
    /// A row for a header as stored.
    fn stored(name: &str, values: &[String]) -> Self {
        HeaderRow {
            key: next_key(),
            name: RwSignal::new(name.to_owned()),
            values: RwSignal::new(values.iter().cloned().map(ValueSlot::stored).collect()),
        }
    }

    fn is_blank(&self) -> bool {
        self.name.with(|n| n.is_empty()) && self.values.with(|v| v.iter().all(ValueSlot::is_blank))
    }
}

/// The header rows of one form.
#[derive(Clone, Copy)]
pub struct HeaderModel {
    pub rows: RwSignal<Vec<HeaderRow>>,
}

impl HeaderModel {
    /// Rows for the headers a webhook has (none for a new webhook).
    pub fn new(existing: &Headers) -> Self {
        let rows = existing
            .iter()
            .map(|(name, values)| HeaderRow::stored(name, values))
            .collect();
        Self {
            rows: RwSignal::new(rows),
        }
    }

    /// The header set the form will send. Rows left completely blank are not sent; rows
    /// with the same name are sent as one header with all their values.
    pub fn headers(&self) -> Headers {
        let mut out = Headers::new();
        self.rows.with(|rows| {
            for row in rows.iter().filter(|r| !r.is_blank()) {
                let values: Vec<String> = row
                    .values
                    .with(|v| v.iter().filter_map(ValueSlot::value).collect());
                out.entry(row.name.get()).or_default().extend(values);
            }
        });
        out
    }

    /// Which UI element a rules field path such as `custom_headers["X"][1]` belongs to:
    /// `h{row}` for a name, `h{row}v{slot}` for a value, `headers` for the whole set.
    pub fn locate(&self, field: &str) -> Option<String> {
        if !field.starts_with("custom_headers") {
            return None;
        }
        let mut next_index = crate::ids::IdCounts::default();
        let mut found = None;
        self.rows.with_untracked(|rows| {
            for row in rows.iter().filter(|r| !r.is_blank()) {
                let name = row.name.get_untracked();
                let first_of_name = !next_index.contains(&name);
                let mut index = next_index.get(&name).unwrap_or(0);
                if first_of_name && field == field_of_name(&name) {
                    found = Some(ui_key_row(row.key));
                    return;
                }
                for slot in row.values.get_untracked() {
                    if slot.mode.get_untracked() == SlotMode::Remove {
                        continue;
                    }
                    if field == field_of_value(&name, index) {
                        found = Some(ui_key_value(row.key, slot.key));
                        return;
                    }
                    index += 1;
                }
                next_index.insert(&name, index);
            }
        });
        Some(found.unwrap_or_else(|| "headers".to_owned()))
    }

    /// The rows of these header names take their stored values (`stored`), replacing what
    /// the admin did to them; every other row stays as it is.
    pub fn reload(&self, stored: &Headers, names: &[String]) {
        self.rows.update(|rows| {
            rows.retain(|r| !names.contains(&r.name.get_untracked()));
            for name in names {
                if let Some(values) = stored.get(name) {
                    rows.push(HeaderRow::stored(name, values));
                }
            }
        });
    }

    pub fn add_row(&self) -> u32 {
        let row = HeaderRow {
            key: next_key(),
            name: RwSignal::new(String::new()),
            values: RwSignal::new(vec![ValueSlot::new_typed()]),
        };
        let key = row.key;
        self.rows.update(|r| r.push(row));
        key
    }

    pub fn remove_row(&self, key: u32) {
        self.rows.update(|r| r.retain(|row| row.key != key));
    }

    fn row(&self, key: u32) -> Option<HeaderRow> {
        self.rows
            .with_untracked(|r| r.iter().find(|row| row.key == key).cloned())
    }

    pub fn add_value(&self, row_key: u32) -> Option<u32> {
        let row = self.row(row_key)?;
        let slot = ValueSlot::new_typed();
        let key = slot.key;
        row.values.update(|v| v.push(slot));
        Some(key)
    }

    /// Drops a typed value; a stored one is marked Remove (undoable) instead.
    pub fn remove_value(&self, row_key: u32, slot_key: u32) {
        let Some(row) = self.row(row_key) else { return };
        row.values
            .update(|v| v.retain(|s| s.key != slot_key || s.existing.is_some()));
        row.values.with_untracked(|v| {
            if let Some(s) = v.iter().find(|s| s.key == slot_key) {
                s.mode.set(SlotMode::Remove);
            }
        });
    }
}

pub fn ui_key_row(row: u32) -> String {
    format!("h{row}")
}

pub fn ui_key_value(row: u32, slot: u32) -> String {
    format!("h{row}v{slot}")
}

/// `on_blur` and `on_change` get the UI key of the element (see [`HeaderModel::locate`]);
/// `error` gives the message to show for a UI key, if any.
#[component]
pub fn HeaderEditor(
    model: HeaderModel,
    #[prop(into)] error: Callback<String, Option<String>>,
    #[prop(into)] on_blur: Callback<String>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let add_header = move |_| {
        let key = model.add_row();
        crate::browser::dom::focus_id_soon(format!("wc-{}", ui_key_row(key)));
        on_change.run("headers".to_owned());
    };
    let set_error = move || error.run("headers".to_owned());
    view! {
        <fieldset class="headers" aria-describedby="wc-headers-help">
            <legend>{t::HEADERS_LEGEND}</legend>
            <p id="wc-headers-help" class="hint">{t::HEADERS_HELP}</p>
            {show_if(move || set_error().is_some(), move || view! {
                <LongText
                    text=Signal::derive(move || set_error().unwrap_or_default())
                    class="field-error"
                    id="wc-headers-err"
                    role="alert"
                />
            })}
            {show_if(move || model.rows.with(|r| r.is_empty()), move || view! {
                <p class="muted">{t::HEADERS_NONE}</p>
            })}
            <ul class="header-rows">
                {keyed_list(move || {
                    model
                        .rows
                        .get()
                        .into_iter()
                        .map(|row| {
                            Keyed::new(row.key.to_string(), move || {
                                view! { <HeaderRowView model row error on_blur on_change /> }
                            })
                        })
                        .collect()
                })}
            </ul>
            <button
                type="button"
                id="wc-headers-add"
                class="btn secondary small"
                on:click=add_header
            >
                {t::HEADERS_ADD}
            </button>
        </fieldset>
    }
}

#[component]
fn HeaderRowView(
    model: HeaderModel,
    row: HeaderRow,
    error: Callback<String, Option<String>>,
    on_blur: Callback<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let row_key = row.key;
    let ui = ui_key_row(row_key);
    let input_id = format!("wc-{ui}");
    let err_id = format!("wc-{ui}-err");
    let name = row.name;
    let name_error = {
        let ui = ui.clone();
        Memo::new(move |_| error.run(ui.clone()))
    };
    let blur_key = ui.clone();
    let change_key = ui.clone();
    let add_value = move |_| {
        if let Some(slot) = model.add_value(row_key) {
            crate::browser::dom::focus_id_soon(format!("wc-{}", ui_key_value(row_key, slot)));
        }
        on_change.run("headers".to_owned());
    };
    let remove_row = move |_| {
        model.remove_row(row_key);
        on_change.run("headers".to_owned());
        crate::browser::dom::focus_id_soon("wc-headers-add".to_owned());
    };
    let described = err_id.clone();
    view! {
        <li class="header-row">
            <div class="header-name">
                <label for=input_id.clone()>{t::HEADER_NAME}</label>
                <input
                    id=input_id
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=t::HEADER_NAME_PLACEHOLDER
                    prop:value=move || name.get()
                    aria-invalid=move || if name_error.get().is_some() { "true" } else { "false" }
                    aria-describedby=move || name_error.get().map(|_| described.clone())
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        on_change.run(change_key.clone());
                    }
                    on:blur=crate::browser::dom::live_blur(move || on_blur.run(blur_key.clone()))
                />
                {show_if(move || name_error.with(Option::is_some), move || view! {
                    <LongText
                        text=Signal::derive(move || name_error.get().unwrap_or_default())
                        class="field-error"
                        id=err_id.clone()
                    />
                })}
            </div>
            <ul class="header-values" aria-label=move || t::header_values_label(&name.get())>
                {keyed_list(move || {
                    row.values
                        .get()
                        .into_iter()
                        .map(|slot| {
                            Keyed::new(slot.key.to_string(), move || {
                                view! { <ValueSlotView model row_key value_slot=slot name error on_blur on_change /> }
                            })
                        })
                        .collect()
                })}
            </ul>
            <div class="row-actions">
                <button type="button" class="btn secondary small" on:click=add_value>
                    {t::HEADER_ADD_VALUE}
                </button>
                <button
                    type="button"
                    class="btn danger-quiet small"
                    on:click=remove_row
                    aria-label=move || t::header_remove_label(&name.get())
                >
                    {t::HEADER_REMOVE}
                </button>
            </div>
        </li>
    }
}

#[component]
fn ValueSlotView(
    model: HeaderModel,
    row_key: u32,
    value_slot: ValueSlot,
    name: RwSignal<String>,
    error: Callback<String, Option<String>>,
    on_blur: Callback<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    let slot = value_slot;
    let ui = ui_key_value(row_key, slot.key);
    let input_id = format!("wc-{ui}");
    let err_id = format!("wc-{ui}-err");
    let slot_key = slot.key;
    let mode = slot.mode;
    let typed = slot.typed;
    let revealed = slot.revealed;
    let value_error = {
        let ui = ui.clone();
        Memo::new(move |_| error.run(ui.clone()))
    };
    let hint = slot
        .existing
        .as_deref()
        .map(secret_hint)
        .unwrap_or_default();
    let has_existing = slot.existing.is_some();
    let existing = StoredValue::new(slot.existing.clone());
    let changed = move || on_change.run("headers".to_owned());

    let input_view = {
        let ui = ui.clone();
        let input_id = input_id.clone();
        let err_id = err_id.clone();
        move || {
            let ui = ui.clone();
            let err_id2 = err_id.clone();
            view! {
                <label class="visually-hidden" for=input_id.clone()>
                    {move || t::header_value_label(&name.get())}
                </label>
                <input
                    id=input_id.clone()
                    type="text"
                    class:masked=move || !revealed.get()
                    autocomplete="off"
                    data-1p-ignore=""
                    data-lpignore="true"
                    data-bwignore=""
                    data-form-type="other"
                    spellcheck="false"
                    placeholder=t::HEADER_VALUE_PLACEHOLDER
                    prop:value=move || typed.get()
                    aria-invalid=move || if value_error.get().is_some() { "true" } else { "false" }
                    aria-describedby=move || value_error.get().map(|_| err_id2.clone())
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        changed();
                    }
                    on:blur=crate::browser::dom::live_blur(move || on_blur.run(ui.clone()))
                />
                <RevealButton revealed=revealed of=Signal::derive(move || t::header_value_of(&name.get())) />
            }
        }
    };

    let focus_input = {
        let input_id = input_id.clone();
        move || crate::browser::dom::focus_id_soon(input_id.clone())
    };

    view! {
        <li class="header-value" class:removed=move || mode.get() == SlotMode::Remove>
            {move || match (mode.get(), has_existing) {
                (SlotMode::Keep, _) => {
                    let focus_input = focus_input.clone();
                    let hint = hint.clone();
                    view! {
                        <span class="secret-hint" id=input_id.clone()>
                            {move || {
                                if revealed.get() {
                                    existing.get_value().unwrap_or_default()
                                } else {
                                    hint.clone()
                                }
                            }}
                        </span>
                        <span class="muted small-text">{t::HEADER_VALUE_KEPT}</span>
                        <RevealButton revealed=revealed of=Signal::derive(move || t::header_value_of(&name.get())) />
                        <button
                            type="button"
                            class="btn secondary small"
                            on:click=move |_| {
                                typed.set(String::new());
                                revealed.set(false);
                                mode.set(SlotMode::Typed);
                                changed();
                                focus_input();
                            }
                        >
                            {t::HEADER_VALUE_REPLACE}
                        </button>
                        <button
                            type="button"
                            class="btn danger-quiet small"
                            on:click=move |_| {
                                model.remove_value(row_key, slot_key);
                                changed();
                            }
                        >
                            {t::HEADER_VALUE_REMOVE}
                        </button>
                    }
                        .into_any()
                }
                (SlotMode::Remove, _) => {
                    view! {
                        <span class="secret-hint">{hint.clone()}</span>
                        <span class="muted small-text">{t::HEADER_VALUE_WILL_BE_REMOVED}</span>
                        <button
                            type="button"
                            class="btn secondary small"
                            on:click=move |_| {
                                mode.set(SlotMode::Keep);
                                changed();
                            }
                        >
                            {t::UNDO}
                        </button>
                    }
                        .into_any()
                }
                (SlotMode::Typed, true) => {
                    view! {
                        {input_view()}
                        <button
                            type="button"
                            class="btn secondary small"
                            on:click=move |_| {
                                mode.set(SlotMode::Keep);
                                revealed.set(false);
                                changed();
                            }
                        >
                            {t::HEADER_VALUE_KEEP_ORIGINAL}
                        </button>
                    }
                        .into_any()
                }
                (SlotMode::Typed, false) => {
                    view! {
                        {input_view()}
                        <button
                            type="button"
                            class="btn danger-quiet small"
                            aria-label=move || t::header_value_remove_label(&name.get())
                            on:click=move |_| {
                                model.remove_value(row_key, slot_key);
                                changed();
                            }
                        >
                            {t::HEADER_VALUE_REMOVE}
                        </button>
                    }
                        .into_any()
                }
            }}
            {show_if(move || value_error.with(Option::is_some), move || view! {
                <LongText
                    text=Signal::derive(move || value_error.get().unwrap_or_default())
                    class="field-error"
                    id=err_id.clone()
                />
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(pairs: &[(&str, &[&str])]) -> HeaderModel {
        let headers: Headers = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect();
        HeaderModel::new(&headers)
    }

    #[test]
    fn a_removed_value_shifts_the_wire_index_of_the_next() {
        let owner = Owner::new();
        owner.set();
        let m = model(&[("X-A", &["first", "second"])]);
        let row = m.rows.get_untracked()[0].clone();
        let slots = row.values.get_untracked();
        m.remove_value(row.key, slots[0].key);
        assert_eq!(m.headers().get("X-A"), Some(&vec!["second".to_owned()]));
        // The server's `custom_headers["X-A"][0]` is now the second slot.
        assert_eq!(
            m.locate(&field_of_value("X-A", 0)),
            Some(ui_key_value(row.key, slots[1].key))
        );
        assert_eq!(m.locate(&field_of_name("X-A")), Some(ui_key_row(row.key)));
        assert_eq!(m.locate("custom_headers"), Some("headers".to_owned()));
        assert_eq!(m.locate("target_url"), None);
    }

    #[test]
    fn blank_rows_are_not_sent_and_same_names_merge() {
        let owner = Owner::new();
        owner.set();
        let m = model(&[]);
        m.add_row();
        assert!(m.headers().is_empty());
        let a = m.add_row();
        let b = m.add_row();
        for key in [a, b] {
            let row = m.row(key).unwrap();
            row.name.set("X-K".into());
            row.values.get_untracked()[0].typed.set(format!("v{key}"));
        }
        assert_eq!(m.headers().get("X-K").map(Vec::len), Some(2));
    }
}
