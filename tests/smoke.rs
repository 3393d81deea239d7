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
