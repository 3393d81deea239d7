//! Choosing triggers to add: a type (event or sync hook), then names of that type only,
//! grouped by family, searchable, with a whole group selectable at once.

use leptos::prelude::*;

use crate::ids::SortedSet;
use webhook_rules::slashid::conflicts::duplicate_trigger;
use webhook_rules::slashid::triggers::{Family, TriggerName, TriggerType};
use webhook_rules::slashid::validate_trigger;
use webhook_rules::slashid::wire::Trigger;

use crate::providers::slashid::words as t;
use crate::ui::keyed_list::{Keyed, keyed_list};
use crate::ui::show_if::show_if;

/// The names of `trigger_type` matching `search`, grouped by family in table order.
pub fn grouped_names(
    trigger_type: TriggerType,
    search: &str,
) -> Vec<(Family, Vec<&'static TriggerName>)> {
    let q = crate::format::lowercase(search.trim());
    let mut groups: Vec<(Family, Vec<&'static TriggerName>)> = Vec::new();
    for n in trigger_type.names() {
        if !q.is_empty()
            && !crate::format::lowercase(n.name).contains(&q)
            && !crate::format::lowercase(n.family.label()).contains(&q)
        {
            continue;
        }
        match groups.iter_mut().find(|(f, _)| *f == n.family) {
            Some((_, names)) => names.push(n),
            None => groups.push((n.family, vec![n])),
        }
    }
    groups
}

#[component]
pub fn TriggerPicker(
    /// Triggers the webhook already has: shown, but not selectable again.
    #[prop(into)]
    existing: Signal<Vec<Trigger>>,
    /// Called with the chosen triggers, each valid for its type.
    #[prop(into)]
    on_add: Callback<Vec<Trigger>>,
    #[prop(into, optional)] pending: Signal<bool>,
) -> impl IntoView {
    // Which of the two types is picked, as a bool (`true`: synchronous hook): the
    // console's most common signal type, not one more of its own.
    let sync_hook = RwSignal::new(false);
    let kind = |sync: bool| {
        if sync {
            TriggerType::SyncHook
        } else {
            TriggerType::Event
        }
    };
    let trigger_type = move || kind(sync_hook.get());
    let search = RwSignal::new(String::new());
    let selected = RwSignal::new(SortedSet::<&'static str>::default());

    let groups = move || grouped_names(trigger_type(), &search.get());
    let has = move |name: &str| {
        let ty = trigger_type().as_str();
        existing.with(|e| {
            e.iter()
                .any(|t| t.trigger_type == ty && t.trigger_name == name)
        })
    };

    let add = move |_| {
        let ty = kind(sync_hook.get_untracked());
        let chosen: Vec<Trigger> = selected
            .get_untracked()
            .into_iter()
            .map(|name| Trigger {
                trigger_type: ty.as_str().to_owned(),
                trigger_name: name.to_owned(),
            })
            .filter(|t| validate_trigger(t).is_ok())
            .collect();
        if chosen.is_empty() {
            return;
        }
        selected.set(SortedSet::default());
        on_add.run(chosen);
    };

    let type_radio = move |ty: TriggerType| {
        let id = format!("wc-tp-type-{}", ty.as_str());
        view! {
            <label class="radio" for=id.clone()>
                <input
                    type="radio"
                    id=id.clone()
                    name="wc-tp-type"
                    value=ty.as_str()
                    prop:checked=move || trigger_type() == ty
                    on:change=move |_| {
                        sync_hook.set(ty == TriggerType::SyncHook);
                        selected.set(SortedSet::default());
                    }
                />
                {t::trigger_type_label(ty)}
                <code class="muted">{ty.as_str()}</code>
            </label>
        }
    };

    view! {
        <div class="trigger-picker">
            <fieldset class="inline">
                <legend>{t::TRIGGER_TYPE}</legend>
                {type_radio(TriggerType::Event)}
                {type_radio(TriggerType::SyncHook)}
            </fieldset>
            <div class="field">
                <label for="wc-tp-search">{t::TRIGGER_SEARCH}</label>
                <input
                    id="wc-tp-search"
                    type="search"
                    autocomplete="off"
                    placeholder=t::TRIGGER_SEARCH_PLACEHOLDER
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </div>
            <div class="trigger-groups">
                {show_if(move || groups().is_empty(), move || view! {
                    <p class="muted">{move || t::no_trigger_match(&search.get())}</p>
                })}
                {keyed_list(move || {
                    groups()
                        .into_iter()
                        .map(|(family, names)| {
                            let key = format!("{} {}", family.label(), names.len());
                            Keyed::new(key, move || view! {
                                <TriggerGroup
                                    family
                                    names
                                    selected
                                    has=Callback::new(move |n: &'static str| has(n))
                                    taken=Callback::new(move |n: &'static str| {
                                        t::sentence(&duplicate_trigger(kind(sync_hook.get_untracked()), n).message)
                                    })
                                />
                            })
                        })
                        .collect()
                })}
            </div>
            <div class="form-actions">
                <button
                    type="button"
                    class="btn primary"
                    id="wc-tp-add"
                    disabled=move || selected.with(SortedSet::is_empty) || pending.get()
                    on:click=add
                >
                    {move || {
                        if pending.get() { t::ADDING.to_owned() } else { t::add_triggers(selected.with(SortedSet::len)) }
                    }}
                </button>
            </div>
        </div>
    }
}

#[component]
fn TriggerGroup(
    family: Family,
    names: Vec<&'static TriggerName>,
    selected: RwSignal<SortedSet<&'static str>>,
    has: Callback<&'static str, bool>,
    /// The rules' words for choosing a trigger the webhook already has.
    taken: Callback<&'static str, String>,
) -> impl IntoView {
    let names = StoredValue::new(names);
    // The label's first word: `wc-tp-group-Person` (shipped builds have no `Debug` text).
    let group_id = format!(
        "wc-tp-group-{}",
        family.label().split(' ').next().unwrap_or_default()
    );
    let available = move || {
        names.with_value(|ns| {
            ns.iter()
                .map(|n| n.name)
                .filter(|n| !has.run(n))
                .collect::<Vec<_>>()
        })
    };
    let chosen = move || {
        let avail = available();
        let n = selected.with(|s| avail.iter().filter(|a| s.contains(*a)).count());
        (n, avail.len())
    };
    let toggle_group = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let avail = available();
        selected.update(|s| {
            for a in avail {
                if on {
                    s.insert(a);
                } else {
                    s.remove(a);
                }
            }
        });
    };
    view! {
        <fieldset class="trigger-group">
            <legend>
                <label class="checkbox group-toggle" for=group_id.clone()>
                    <input
                        type="checkbox"
                        id=group_id.clone()
                        disabled=move || chosen().1 == 0
                        prop:checked=move || {
                            let (n, of) = chosen();
                            of > 0 && n == of
                        }
                        prop:indeterminate=move || {
                            let (n, of) = chosen();
                            n > 0 && n < of
                        }
                        on:change=toggle_group
                    />
                    {family.label()}
                    <span class="muted">{move || t::group_count(chosen().0, names.with_value(Vec::len))}</span>
                </label>
            </legend>
            <ul class="trigger-names">
                {names
                    .get_value()
                    .into_iter()
                    .map(|n| {
                        let name = n.name;
                        let id = format!("wc-tp-{name}");
                        view! {
                            <li>
                                <label class="checkbox" for=id.clone()>
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        value=name
                                        disabled=move || has.run(name)
                                        prop:checked=move || has.run(name) || selected.with(|s| s.contains(name))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| {
                                                if on {
                                                    s.insert(name);
                                                } else {
                                                    s.remove(name);
                                                }
                                            });
                                        }
                                    />
                                    <code>{name}</code>
                                    {move || {
                                        has.run(name)
                                            .then(|| {
                                                view! {
                                                    <span class="badge" title=taken.run(name)>
                                                        {t::ALREADY_ADDED}
                                                    </span>
                                                }
                                                .into_any()
                                            })
                                    }}
                                </label>
                            </li>
                        }
                    })
                    .map(IntoAny::into_any).collect::<Vec<_>>()}
            </ul>
        </fieldset>
    }
}
