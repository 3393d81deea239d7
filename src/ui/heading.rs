//! The console's headings, at the level the host asked for (`headingLevel`,
//! [`Outline`]): a view's title at that level (h2 by default), its sections one below,
//! their parts two below, so that the console's outline continues the host page's. One
//! element built from its tag name, not one element type per level.

use leptos::html::custom;
use leptos::prelude::*;

use crate::host::Outline;

/// Beyond h6, a heading is a `<p role="heading" aria-level="7">`.
const TAGS: [&str; 7] = ["h1", "h2", "h3", "h4", "h5", "h6", "p"];

/// The level of a heading `rank` below the views' titles (-1: the brand above them).
pub fn level(rank: i8) -> u8 {
    let top = use_context::<Outline>().unwrap_or_default().level;
    (top as i8 + rank).max(1) as u8
}

/// A heading of `rank` (0: a view's title, 1: a section, 2: a part of one), with the
/// class `rank0`..`rank2` the stylesheet sizes it by, whatever its level; `id` when not
/// empty, `tabindex="-1"` with `focus` (focus is put on it after a navigation), `class`
/// added. A function, not a component: no props builder or boxed children per heading.
pub fn h(rank: i8, id: &str, focus: bool, class: &'static str, children: AnyView) -> AnyView {
    let id = (!id.is_empty()).then(|| id.to_owned());
    heading(level(rank), rank, id, focus, class, children)
}

pub fn heading(
    level: u8,
    rank: i8,
    id: Option<String>,
    focus: bool,
    class: &'static str,
    children: AnyView,
) -> AnyView {
    let beyond = level > 6;
    let mut classes = String::from(class);
    if rank >= 0 {
        classes.push_str(" rank");
        classes.push(char::from(b'0' + rank as u8));
    }
    // Every attribute a text or absent: one attribute type for the headings and
    // `ui::time` (each value type compiles Leptos' attribute code anew).
    let text = |on: bool, value: &str| on.then(|| value.to_owned());
    custom(TAGS[usize::from(level.min(7)) - 1])
        .attr("id", id)
        .attr("class", Some(classes))
        .attr("tabindex", text(focus, "-1"))
        .attr("role", text(beyond, "heading"))
        .attr("aria-level", beyond.then(|| level.to_string()))
        .child(children)
        .into_any()
}
