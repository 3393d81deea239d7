//! Component tests: the console's views mounted in a real browser (headless Chromium via
//! wasm-bindgen-test-runner). Run with `cargo test -p webhook-console --target
//! wasm32-unknown-unknown`, which `cargo xtask test` does.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlElement;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container per test, so that tests do not see each other's DOM.
fn container() -> HtmlElement {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

#[wasm_bindgen_test]
fn app_shows_its_name_and_version() {
    let root = container();
    // Bound, not `let _`: dropping the handle unmounts the app at once.
    let _handle = leptos::mount::mount_to(root.clone(), webhook_console::App);
    let heading = root
        .query_selector("h1")
        .unwrap()
        .expect("the app renders an h1");
    assert_eq!(heading.text_content().as_deref(), Some("Webhook Console"));
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains(env!("CARGO_PKG_VERSION")),
        "no version in {text:?}"
    );
}
