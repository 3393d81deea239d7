//! `format::lowercase` lowers non-ASCII text through the browser's `toLowerCase` (to keep
//! Rust's case tables out of the wasm); it must agree with Rust's `to_lowercase`.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use webhook_console::format::lowercase;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn lowercase_agrees_with_rust_in_the_browser() {
    for text in [
        "",
        "Billing HOOK https://Example.COM/In",
        "ÜBER Straße",
        "ΟΔΟΣ Σ",
        "İstanbul",
        "ǅ Ǉ ẞ",
        "ＡＢＣ ÅNGSTRÖM",
    ] {
        assert_eq!(lowercase(text), text.to_lowercase(), "{text:?}");
    }
}
