//! DOM helpers that every component test file (`components*.rs`) reads the console with.

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::Element;

/// Every element under `root` that matches `selector`, in document order.
pub fn find_all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The rows of the review a save shows first (`ui::review`), as `field|before|after`.
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
