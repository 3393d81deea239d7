//! The few direct DOM calls the console makes: focus and the clipboard.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Focuses the element with this id, if it is on the page.
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Focuses `id` once the current render has reached the DOM.
pub fn focus_id_soon(id: String) {
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        focus_id(&id);
    });
}

/// Whether focus is leaving a field for a submit button, i.e. a click on it is under way.
/// A field must not show its error then: the message would push the button down between
/// the press and the release, and the browser would drop the click. The submit shows every
/// error anyway.
pub fn blur_to_submit(ev: &web_sys::FocusEvent) -> bool {
    ev.related_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok())
        .is_some_and(|b| b.type_() == "submit")
}

/// The element that has the focus now (to give it back after a dialog closes).
pub fn active_element() -> Option<web_sys::HtmlElement> {
    document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// The page's origin, the default API base URL (the sandbox serves both).
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Copies text; `false` when the browser refused (no permission, insecure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// `performance.mark(name)` once per page, after the next frame's DOM update (so a
/// benchmark reading the mark measures rows that exist). Later calls do nothing.
pub fn mark_once_after_paint(name: &'static str, done: &'static std::sync::atomic::AtomicBool) {
    if done.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(name);
        }
    });
}
