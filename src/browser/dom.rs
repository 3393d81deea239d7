//! The few direct DOM calls the console makes: focus and the clipboard.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Focuses the element with this id, if it is on the page. An embedded console lives in
/// a shadow root, where `document.getElementById` does not look: the console's own root
/// is searched first (known from the reactive context when there is one), then the
/// document, then every mounted console.
pub fn focus_id(id: &str) {
    let scope = leptos::prelude::use_context::<crate::host::MountId>();
    focus_id_in(scope, id);
}

fn focus_id_in(scope: Option<crate::host::MountId>, id: &str) {
    let selector = format!("[id=\"{}\"]", id.replace('\\', "\\\\").replace('"', "\\\""));
    let in_root = |root: web_sys::Element| root.query_selector(&selector).ok().flatten();
    let found = scope
        .and_then(|s| crate::host::root_of(s.0))
        .and_then(in_root)
        .or_else(|| document().and_then(|d| d.get_element_by_id(id)))
        .or_else(|| crate::host::roots().into_iter().find_map(in_root));
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Focuses `id` once the current render has reached the DOM.
pub fn focus_id_soon(id: String) {
    let scope = leptos::prelude::use_context::<crate::host::MountId>();
    leptos::task::spawn_local(async move {
        leptos::task::tick().await;
        focus_id_in(scope, &id);
    });
}

/// Whether focus is leaving a field for a submit button, i.e. a click on it is under way.
/// A field must not show its error then: the message would push the button down between
/// the press and the release, and the browser would drop the click. The submit shows every
/// error anyway.
fn blur_to_submit(ev: &web_sys::FocusEvent) -> bool {
    ev.related_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok())
        .is_some_and(|b| b.type_() == "submit")
}

/// A field's blur handler that runs `on_blur` only when the user is leaving the field:
/// - not while focus goes to a submit button (see [`blur_to_submit`]);
/// - not once the field's component is disposed. A submit with Enter changes the view
///   while the field has focus, and the browser blurs the field after the form's signals
///   (which `on_blur` reads) are gone: reading them would panic and abort the module.
///   The component's cleanup runs before its parent's signals are disposed, so a flag
///   cleared there is enough.
pub fn live_blur(mut on_blur: impl FnMut() + 'static) -> impl FnMut(web_sys::FocusEvent) + 'static {
    let alive = Arc::new(AtomicBool::new(true));
    let flag = Arc::clone(&alive);
    leptos::prelude::on_cleanup(move || flag.store(false, Ordering::Relaxed));
    move |ev| {
        if alive.load(Ordering::Relaxed) && !blur_to_submit(&ev) {
            on_blur();
        }
    }
}

/// The element that has the focus now (to give it back after a dialog closes), looking
/// into shadow roots: from the document, a focused embedded console is its host element.
pub fn active_element() -> Option<web_sys::HtmlElement> {
    let mut active = document().and_then(|d| d.active_element())?;
    while let Some(inner) = active.shadow_root().and_then(|s| s.active_element()) {
        active = inner;
    }
    active.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Why an API base URL cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseUrlProblem {
    /// The browser's URL parser refuses it (or it is relative).
    NotAUrl,
    /// Not http: or https:.
    NotHttp,
    /// `user:password@`: `fetch` refuses a URL with credentials.
    Credentials,
    /// A query or a fragment: the console appends paths to the base.
    QueryOrFragment,
}

impl BaseUrlProblem {
    /// What is wrong, in the console's words.
    pub fn words(self) -> &'static str {
        use crate::text as t;
        match self {
            BaseUrlProblem::NotAUrl => t::BASE_URL_NOT_A_URL,
            BaseUrlProblem::NotHttp => t::BASE_URL_NOT_HTTP,
            BaseUrlProblem::Credentials => t::BASE_URL_CREDENTIALS,
            BaseUrlProblem::QueryOrFragment => t::BASE_URL_QUERY,
        }
    }
}

/// The API base URL typed in a connect form, checked by the browser's own URL parser
/// (WHATWG, the rule `fetch` applies to it: the `url` crate would be the same rule for
/// a few KiB more, see ARCHITECTURE.md); empty means the page's origin. Returned without
/// a trailing slash, as typed otherwise.
pub fn base_url(typed: &str) -> Result<String, BaseUrlProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(page_origin());
    }
    let url = web_sys::Url::new(typed).map_err(|_| BaseUrlProblem::NotAUrl)?;
    if !matches!(url.protocol().as_str(), "http:" | "https:") {
        return Err(BaseUrlProblem::NotHttp);
    }
    if !url.username().is_empty() || !url.password().is_empty() {
        return Err(BaseUrlProblem::Credentials);
    }
    if !url.search().is_empty() || !url.hash().is_empty() || typed.contains(['?', '#']) {
        return Err(BaseUrlProblem::QueryOrFragment);
    }
    Ok(typed.trim_end_matches('/').to_owned())
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
