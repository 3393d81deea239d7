//! Optional hash routing (`hashRouting: true`): a console's view as the location's
//! fragment (`#/webhooks/<id>`), so a reload or a shared link opens the same place. Only
//! the hash: the host's path and query are never touched, and hashes that are not the
//! console's are left to the host. Each provider says how its views map
//! (`providers/<api>/routes.rs`).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::Start;

/// How a provider's views map to hashes and back.
pub struct Routes<V> {
    /// `None` for a view without an address (the connect form).
    pub hash_of: fn(&V) -> Option<String>,
    /// `None` for a hash that is not the console's.
    pub view_of: fn(&str) -> Option<V>,
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The view follows the hash at start and on `hashchange` (only while `connected`, and
/// through `go`, which also clears the view's notice), and the hash follows the view.
pub fn sync<V: Clone + PartialEq + Send + Sync + 'static>(
    start: &Start,
    view: RwSignal<V>,
    routes: Routes<V>,
    connected: impl Fn() -> bool + 'static,
    go: impl Fn(V) + 'static,
) -> Result<(), JsValue> {
    let Routes { hash_of, view_of } = routes;
    if connected()
        && let Some(initial) = view_of(&location_hash())
    {
        view.set(initial);
    }
    Effect::new(move |_| {
        let current = view.get();
        if let Some(hash) = hash_of(&current)
            && location_hash() != hash
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().set_hash(&hash);
        }
    });
    start.listen_window("hashchange", move |_| {
        if let Some(next) = view_of(&location_hash())
            && connected()
            && view.get_untracked() != next
        {
            go(next);
        }
    })
}
