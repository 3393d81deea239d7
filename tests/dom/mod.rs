//! DOM helpers that every component test file (`components*.rs`) reads the console with.

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlElement};

/// Every element under `root` that matches `selector`, in document order.
pub fn find_all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The rows of the review a save shows first (`ui::review`), as `field|before|after`
/// (a create's "before" is `(none)`: its column is hidden by the style, which component
/// tests do not load).
pub fn review_rows(root: &Element) -> Vec<String> {
    find_all(root, ".review tbody tr")
        .iter()
        .map(|tr| {
            find_all(tr, "th, td")
                .iter()
                .map(|c| c.text_content().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

/// The button under `root` whose text is `label`.
pub fn button(root: &Element, label: &str) -> HtmlElement {
    find_all(root, "button")
        .into_iter()
        .find(|b| b.text_content().as_deref().map(str::trim) == Some(label))
        .unwrap_or_else(|| panic!("no button reads {label:?}"))
        .unchecked_into()
}

/// Presses "Confirm and create" in the review a create shows first, once it is drawn.
pub async fn confirm_create(root: &Element) {
    let label = webhook_console::text::REVIEW_CREATE;
    for _ in 0..20 {
        if find_all(root, ".review button")
            .iter()
            .any(|b| b.text_content().as_deref().map(str::trim) == Some(label))
        {
            return button(root, label).click();
        }
        leptos::task::tick().await;
    }
    panic!("no review with {label:?}");
}

/// The review whose heading reads `title` is open, and the focus is on that heading.
pub fn assert_review_open(root: &Element, title: &str) {
    let heading = root
        .query_selector("#wc-review-title")
        .unwrap()
        .expect("a review's heading");
    assert_eq!(heading.text_content().as_deref(), Some(title));
    let focused = leptos::web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|e| e.id());
    assert_eq!(
        focused.as_deref(),
        Some("wc-review-title"),
        "focus on its heading"
    );
}

/// Resolves after `ms` milliseconds (a browser timer).
pub async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        leptos::web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Lets spawned requests, effects and timers run: a few ticks, 10 ms apart.
pub async fn settle() {
    for _ in 0..6 {
        leptos::task::tick().await;
        sleep_ms(10).await;
    }
}
