//! `cargo xtask bench`'s browser measurements, through the shared end-to-end harness.
//!
//! Not a test: it asserts nothing about speed, it measures and writes figures to the file
//! named by `BENCH_OUT` (one `name value...` line each), which `cargo xtask bench` reads, sets beside the sizes and
//! prints. `cargo xtask test` does not run it (it skips `tests/bench_*.rs`), and a plain
//! `cargo test` skips it as `#[ignore]`d. The sandbox serves the console's dist at `/`, the
//! hello-world app (`BENCH_HELLO_DIST`) at `/hello/` and the validation benchmark
//! (`BENCH_VALIDATE_DIST`) at `/validate/`, all three release builds of the same run.
//!
//! Every figure is reported per run (`BENCH_RUNS`, at least 5); xtask takes the medians.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Api, Harness, Options};

/// Webhooks in the sandbox for the cold load, and for filtering and memory.
const LOAD_WEBHOOKS: usize = 1_000;
const FILTER_WEBHOOKS: usize = 10_000;
/// Calls of `validate_create` per validation run.
const VALIDATE_CALLS: u32 = 100_000;

/// Installed before any page script on every navigation (`Harness::add_init_script`):
/// keeps the wasm instance's memory (whoever instantiates it: Trunk's bootstrap or the
/// console's loader), and fills and submits the console's connection form the moment it
/// is in the DOM, as an admin's password manager would, so that the cold load runs from
/// navigation to the first list with no WebDriver round trip in between.
const ON_NEW_DOCUMENT: &str = r#"
for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
        const result = await original.apply(this, args);
        const exports = (result.instance || result).exports;
        if (exports && exports.memory) window.__benchWasmMemory = exports.memory;
        return result;
    };
}
new MutationObserver((_, observer) => {
    const org = document.getElementById('wc-connect-org_id');
    const key = document.getElementById('wc-connect-api_key');
    if (!org || !key || !window.__benchCredentials) return;
    observer.disconnect();
    window.__benchConnectForm = performance.now();
    for (const [input, value] of [[org, window.__benchCredentials[0]], [key, window.__benchCredentials[1]]]) {
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    document.querySelector('.connect button[type=submit]').click();
}).observe(document, { childList: true, subtree: true });
"#;

#[tokio::test]
#[ignore = "benchmark: run by `cargo xtask bench`, which builds what it measures"]
async fn bench_browser() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
        .max(5);
    let out = std::env::var_os("BENCH_OUT").expect("BENCH_OUT: where to write the figures");
    let dir = |var: &str| {
        std::path::PathBuf::from(
            std::env::var_os(var).unwrap_or_else(|| panic!("{var}: set by `cargo xtask bench`")),
        )
    };
    let harness = Harness::start_with(Options {
        static_at: vec![
            ("/hello".to_owned(), dir("BENCH_HELLO_DIST")),
            ("/validate".to_owned(), dir("BENCH_VALIDATE_DIST")),
        ],
        // Precise (not bucketed) `performance.memory`; the switch only exists at launch.
        chromium_args: vec!["--enable-precise-memory-info".to_owned()],
    })
    .await;
    harness.cdp("Network.enable", json!({})).await;
    harness
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await;
    let credentials = format!(
        "window.__benchCredentials = {};",
        json!([support::ORG_ID, support::API_KEY])
    );
    harness
        .add_init_script(&format!("{credentials}\n{ON_NEW_DOCUMENT}"))
        .await;

    let api = harness.api();
    seed(&api, 0, LOAD_WEBHOOKS).await;

    // Cold loads, interleaved so that a slower moment of the machine hits both pages.
    let mut hello_ms = Vec::new();
    let mut console_ms = Vec::new();
    let mut console_form_ms = Vec::new();
    for _ in 0..runs {
        hello_ms.push(cold_load(&harness, "/hello/", "hello-ready").await);
        console_ms.push(cold_load(&harness, "/", "webhook-list-ready").await);
        console_form_ms.push(
            harness
                .eval("return window.__benchConnectForm;", vec![])
                .await
                .as_f64()
                .expect("the connection form was filled"),
        );
    }
    let rows = harness
        .eval(
            "return document.querySelectorAll('table.webhooks tbody tr').length;",
            vec![],
        )
        .await;
    assert!(
        rows.as_u64().is_some_and(|n| n > 0),
        "the list shows no rows"
    );

    // Validation, in the same browser.
    blank(&harness).await;
    harness.open("/validate/").await;
    harness
        .wait_until(
            "the validation benchmark's wasm",
            "return !!(window.wasmBindings && window.wasmBindings.bench_validate_create);",
            vec![],
        )
        .await;
    let mut validate_us = Vec::new();
    for _ in 0..runs {
        let us = harness
            .eval(
                "return window.wasmBindings.bench_validate_create(arguments[0]);",
                vec![json!(VALIDATE_CALLS)],
            )
            .await;
        validate_us.push(us.as_f64().expect("microseconds per call"));
    }

    // 10,000 webhooks: memory once loaded, then keystrokes in the search box.
    seed(&api, LOAD_WEBHOOKS, FILTER_WEBHOOKS).await;
    let mut js_heap = Vec::new();
    let mut wasm_memory = Vec::new();
    let mut filter_ms = Vec::new();
    for _ in 0..runs {
        cold_load(&harness, "/", "webhook-list-ready").await;
        let count = harness
            .eval(
                "return document.querySelector('.count').textContent;",
                vec![],
            )
            .await;
        assert!(
            count
                .as_str()
                .is_some_and(|c| c.contains(&FILTER_WEBHOOKS.to_string())),
            "the list does not say it has {FILTER_WEBHOOKS} webhooks: {count}"
        );
        harness.cdp("HeapProfiler.collectGarbage", json!({})).await;
        let memory = harness
            .eval(
                "return [performance.memory.usedJSHeapSize, window.__benchWasmMemory.buffer.byteLength];",
                vec![],
            )
            .await;
        js_heap.push(memory[0].as_f64().expect("usedJSHeapSize"));
        wasm_memory.push(memory[1].as_f64().expect("wasm memory bytes"));
        filter_ms.push(filter_keystrokes(&harness).await);
    }

    harness.assert_no_browser_errors().await;
    let chromium = harness.eval("return navigator.userAgent;", vec![]).await;
    // One figure per line, `name value...`: xtask reads it without a JSON parser.
    let mut text = format!(
        "runs {runs}\nload_webhooks {LOAD_WEBHOOKS}\nfilter_webhooks {FILTER_WEBHOOKS}\n\
         validate_calls {VALIDATE_CALLS}\nuser_agent {}\n",
        chromium.as_str().unwrap_or_default()
    );
    for (name, values) in [
        ("hello_ready_ms", &hello_ms),
        ("console_connect_form_ms", &console_form_ms),
        ("console_list_ready_ms", &console_ms),
        ("validate_us_per_call", &validate_us),
        ("filter_keystroke_ms", &filter_ms),
        ("js_heap_bytes", &js_heap),
        ("wasm_memory_bytes", &wasm_memory),
    ] {
        let values: Vec<String> = values.iter().map(f64::to_string).collect();
        text += &format!("{name} {}\n", values.join(" "));
    }
    std::fs::write(&out, text).expect("write BENCH_OUT");
}

/// Navigates with the cache disabled and returns the mark's time since navigation start.
async fn cold_load(harness: &Harness, path: &str, mark: &str) -> f64 {
    blank(harness).await;
    harness.open(path).await;
    harness
        .wait_until(
            &format!("the performance mark `{mark}`"),
            "const m = performance.getEntriesByName(arguments[0], 'mark')[0]; return m ? m.startTime : null;",
            vec![json!(mark)],
        )
        .await
        .as_f64()
        .expect("a mark time")
}

/// Leaves the page, so that the next navigation starts from nothing.
async fn blank(harness: &Harness) {
    harness
        .client
        .goto("about:blank")
        .await
        .expect("open about:blank");
}

/// Types a query one character at a time; each keystroke is timed from the input event to
/// the next animation frame plus one task (the list updated and painted). Returns the
/// median keystroke of this run.
async fn filter_keystrokes(harness: &Harness) -> f64 {
    let mut times = Vec::new();
    for query in ["w", "we", "web", "webh", "webhook 4", "webhook 42", ""] {
        let ms = harness
            .client
            .execute_async(
                "const [query, done] = arguments;
                 const input = document.getElementById('wc-search');
                 const start = performance.now();
                 input.value = query;
                 input.dispatchEvent(new Event('input', { bubbles: true }));
                 requestAnimationFrame(() => setTimeout(() => done(performance.now() - start)));",
                vec![json!(query)],
            )
            .await
            .expect("time a keystroke");
        times.push(ms.as_f64().expect("milliseconds"));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    median(&mut times)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Creates webhooks `from..to` through the API, one request after another (the sandbox
/// writes to SQLite one at a time anyway).
async fn seed(api: &Api, from: usize, to: usize) {
    for i in from..to {
        api.create_webhook(json!({
            "name": format!("webhook {i}"),
            "target_url": format!("https://hooks{}.example.com/slashid/{i}", i % 97),
            "description": format!("Benchmark webhook number {i}, owned by team {}", i % 13),
            "timeout": "5s",
        }))
        .await;
    }
}
