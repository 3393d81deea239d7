//! `cargo xtask bench`'s validation timing: the console's full create-form check
//! (`webhook_rules::slashid::validate_create` on a whole `WebhookCreate`), in wasm, in the
//! browser, over a fixed mix of valid and invalid forms. The page does nothing by itself:
//! the benchmark calls `window.wasmBindings.bench_validate_create(calls)`, which answers
//! the microseconds per call measured with `performance.now()`.

use std::hint::black_box;

use wasm_bindgen::prelude::*;
use webhook_rules::slashid::validate::validate_create;
use webhook_rules::slashid::wire::{Headers, WebhookCreate};

fn main() {}

/// Microseconds per call of `validate_create`, over `calls` calls cycling through the mix.
#[wasm_bindgen]
pub fn bench_validate_create(calls: u32) -> f64 {
    let forms = forms();
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance.now()");
    let mut valid = 0u32;
    let start = performance.now();
    for i in 0..calls {
        let form = &forms[i as usize % forms.len()];
        if black_box(validate_create(black_box(form))).is_ok() {
            valid += 1;
        }
    }
    let elapsed_ms = performance.now() - start;
    black_box(valid);
    elapsed_ms * 1000.0 / f64::from(calls.max(1))
}

/// What admins type: half valid, half with one or several problems, every field filled.
fn forms() -> Vec<WebhookCreate> {
    let headers = |pairs: &[(&str, &str)]| -> Headers {
        let mut h = Headers::new();
        for (name, value) in pairs {
            h.entry((*name).to_owned())
                .or_default()
                .push((*value).to_owned());
        }
        h
    };
    let form =
        |name: &str, url: &str, description: &str, h: Headers, timeout: &str| WebhookCreate {
            name: Some(name.to_owned()),
            target_url: Some(url.to_owned()),
            description: Some(description.to_owned()),
            custom_headers: Some(h),
            timeout: Some(timeout.to_owned()),
        };
    let description = "Sends sign-ups to the CRM; owned by the growth team (#growth-oncall).";
    vec![
        // valid
        form(
            "CRM sign-ups",
            "https://hooks.example.com/slashid/webhook",
            description,
            headers(&[("X-Shared-Secret", "s3cr3t-value"), ("X-Team", "growth")]),
            "5s",
        ),
        form(
            "Audit log",
            "https://audit.internal.example.org:8443/v1/events?",
            "",
            headers(&[]),
            "1m30s",
        ),
        form(
            "Ünïcode name ✓",
            "https://xn--bcher-kva.example/hook/%E2%9C%93",
            description,
            headers(&[("Authorization", "Bearer abc.def.ghi")]),
            "",
        ),
        form(
            "Token minted",
            "https://example.com/webhooks/slashid",
            description,
            headers(&[("X-A", "1"), ("X-B", "2"), ("X-C", "3")]),
            "250ms",
        ),
        // invalid
        form(
            "",
            "http://localhost:8080/hook",
            description,
            headers(&[("Bad Header", "x")]),
            "5 s",
        ),
        form(
            "IP host",
            "https://192.168.0.10/hook#frag",
            description,
            headers(&[("X-Line", "a\nb")]),
            "-1s",
        ),
        form(
            &"n".repeat(300),
            "not a url",
            &"d".repeat(3000),
            headers(&[("Content-Length", "12")]),
            "10h",
        ),
        form(
            "Duplicate header",
            "https://example.com/a b",
            description,
            headers(&[("X-Dup", ""), ("X-Dup", "2")]),
            "1.5.2s",
        ),
    ]
}
