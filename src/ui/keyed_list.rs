//! The one keyed list of the console: every list whose rows keep their state (and their
//! DOM) while the list changes goes through `keyed_list`.
//!
//! Why not `<For>` at each site: every `For<…>` is compiled anew for its item, key and view
//! types, about 8 KB of wasm each. Erasing them (boxed `each`, `String` keys, `AnyView`
//! rows) leaves one copy for the whole console.

use leptos::prelude::*;

/// One row: its key (rows with the same key are kept across updates) and how to build its
/// view, which runs only for rows new to the list.
pub struct Keyed {
    key: String,
    view: Box<dyn FnOnce() -> AnyView + Send>,
}

impl Keyed {
    pub fn new<V: IntoView + 'static>(
        key: impl Into<String>,
        view: impl FnOnce() -> V + Send + 'static,
    ) -> Self {
        Keyed {
            key: key.into(),
            view: Box::new(move || view().into_any()),
        }
    }
}

/// The rows `each` returns, keyed: a row whose key stays is neither rebuilt nor moved
/// out of the DOM (focus and typed text survive). Every row is shown, even one whose key
/// repeats an earlier row's (an API that lists an id twice): `For` assumes distinct keys,
/// and with a repeated one it keeps rows that are gone or drops new ones.
pub fn keyed_list(each: impl Fn() -> Vec<Keyed> + Send + 'static) -> AnyView {
    erased(Box::new(each))
}

fn erased(each: Box<dyn Fn() -> Vec<Keyed> + Send>) -> AnyView {
    let each = move || distinct(each());
    view! { <For each=each key=|row: &Keyed| row.key.clone() children=|row: Keyed| (row.view)() /> }
        .into_any()
}

/// Gives each repeat of a key (after its first row) the key, a NUL and its position (no
/// id of these APIs holds a NUL). A plain search of the rows before, not a set: the rows
/// are a page (50) at a time, and a set or a sort of its own would cost the download more.
fn distinct(mut rows: Vec<Keyed>) -> Vec<Keyed> {
    for at in 1..rows.len() {
        if rows[..at].iter().any(|r| r.key == rows[at].key) {
            rows[at].key.push_str(&format!("\u{0}{at}"));
        }
    }
    rows
}
