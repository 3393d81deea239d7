//! A message that may be very long (Go's error texts quote the whole input, so a
//! 100,000-character target URL gives a 100,000-character message): at most three lines
//! at first, with a "Show all" / "Show less" toggle; never wider than its box.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

use crate::text as t;
use crate::ui::show_if::show_if;

/// Above this many characters (or three lines) a message may need more than three lines:
/// it is clamped, with a toggle. (Measuring the rendered lines would need layout reads;
/// the length is enough, and a shorter text is simply shown whole.)
pub const CLAMP_ABOVE: usize = 200;

/// Whether `text` gets the clamp and the toggle.
pub fn is_long(text: &str) -> bool {
    (text.len() > CLAMP_ABOVE && text.chars().count() > CLAMP_ABOVE) || text.lines().count() > 3
}

/// `<p class=class id=id role=role>` with `text`, clamped to three lines when long, and
/// the toggle after it. `text` may change; the toggle's state survives the change.
#[component]
pub fn LongText(
    #[prop(into)] text: Signal<String>,
    /// The paragraph's own classes (e.g. `field-error`).
    class: &'static str,
    /// The paragraph's id (for `aria-describedby`); one is made up when none is given.
    #[prop(optional, into)]
    id: Option<String>,
    #[prop(optional)] role: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("wc-long-{}", next_id()));
    let long = Memo::new(move |_| text.with(|s| is_long(s)));
    let expanded = RwSignal::new(false);
    let classes = move || {
        let state = if long.get() && !expanded.get() {
            "long-text clamped"
        } else {
            "long-text"
        };
        if class.is_empty() {
            state.to_owned()
        } else {
            format!("{class} {state}")
        }
    };
    view! {
        <p class=classes id=id.clone() role=role>
            {move || text.get()}
        </p>
        {show_if(move || long.get(), move || view! {
            <button
                type="button"
                class="link show-all"
                aria-controls=id.clone()
                aria-expanded=move || if expanded.get() { "true" } else { "false" }
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                {move || if expanded.get() { t::SHOW_LESS } else { t::SHOW_ALL }}
            </button>
        })}
    }
}

fn next_id() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_means_many_characters_or_lines() {
        assert!(!is_long("target_url: must use HTTPS"));
        assert!(!is_long(&"é".repeat(CLAMP_ABOVE)));
        assert!(is_long(&"é".repeat(CLAMP_ABOVE + 1)));
        assert!(is_long("a\nb\nc\nd"));
        assert!(!is_long("a\nb\nc"));
    }
}
