//! End-to-end smoke test: the release build, served by the sandbox, starts in Chromium.
//! Run by `cargo xtask test` after it has built both (hence `#[ignore]` for a plain
//! `cargo test`, which has not).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::Harness;

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn serves_page_without_console_errors() {
    let harness = Harness::start().await;
    harness.open("/").await;
    harness.wait_for_text("h1", "Webhook Console").await;
    harness.assert_no_browser_errors().await;
}

/// The harness itself: a check that finds no errors is only worth something if it would
/// see one.
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn harness_reports_page_errors() {
    let harness = Harness::start().await;
    harness.open("/").await;
    harness.wait_for_text("h1", "Webhook Console").await;
    harness
        .client
        .execute(
            "console.error('e2e: console error');
             setTimeout(() => { throw new Error('e2e: uncaught'); });
             fetch('/organizations/e2e-unknown/webhooks');",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let errors = harness.browser_errors().await;
    for (source, expected) in [
        ("console-api", "e2e: console error"),
        ("javascript", "e2e: uncaught"),
    ] {
        assert!(
            errors
                .iter()
                .any(|error| error.source == source && error.message.contains(expected)),
            "{expected:?} not reported as {source}; got {errors:#?}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|error| error.is_http_status() && error.message.contains("status of 4")),
        "the failed API call (a 4xx) not reported; got {errors:#?}"
    );
}

/// The standalone page announces every file its start needs (config, manifest, wasm), so
/// they load side by side: each is fetched once, by the preload, and is then used (a
/// preload that does not match its later fetch would be fetched twice).
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn preloads_what_the_start_fetches() {
    let harness = Harness::start().await;
    harness.open("/").await;
    harness.wait_for_text("h1", "Webhook Console").await;
    let fetched = harness
        .client
        .execute(
            "return performance.getEntriesByType('resource')
                 .map(e => [new URL(e.name).pathname, e.initiatorType]);",
            vec![],
        )
        .await
        .unwrap();
    let fetched: Vec<(String, String)> = serde_json::from_value(fetched).unwrap();
    for wanted in ["/config.json", "/manifest.json", "_bg.wasm"] {
        let hits: Vec<_> = fetched
            .iter()
            .filter(|(path, _)| path.ends_with(wanted))
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{wanted} fetched {} times: {fetched:?}",
            hits.len()
        );
        assert_eq!(
            hits[0].1, "link",
            "{wanted} not fetched by its preload: {fetched:?}"
        );
    }
    let unused: Vec<_> = harness
        .browser_log()
        .await
        .into_iter()
        .filter(|entry| entry.message.contains("preload"))
        .collect();
    assert!(
        unused.is_empty(),
        "the browser complained about preloads: {unused:#?}"
    );
    harness.assert_no_browser_errors().await;
}
