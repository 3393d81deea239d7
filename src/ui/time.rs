//! Every time the console shows, in one form for the three providers: the admin's own
//! time zone, named (`2 Jan 2025, 04:04:05 CET`), with the time in UTC in the `title`
//! (`2025-01-02 03:04:05 UTC`) and the API's own text in `datetime`.

use leptos::prelude::*;

use crate::format::{local_text, time_text};

/// `<time>` for an RFC 3339 time; a text the browser cannot read as a time is shown as
/// it is.
pub fn time(rfc3339: &str) -> AnyView {
    let utc = time_text(rfc3339);
    let local = local_text(rfc3339).unwrap_or_else(|| utc.clone());
    // Built as the headings are (`ui::heading`): the same element and attribute types.
    leptos::html::custom("time")
        .attr("datetime", Some(rfc3339.to_owned()))
        .attr("title", Some(utc))
        .child(local.into_any())
        .into_any()
}

/// A time, or `none` when there is none.
pub fn time_or(rfc3339: Option<&str>, none: &'static str) -> AnyView {
    match rfc3339.filter(|t| !t.is_empty()) {
        Some(t) => time(t),
        None => none.into_any(),
    }
}
