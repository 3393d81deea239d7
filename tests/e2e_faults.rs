//! End to end: what the console does when the API fails. The sandbox runs with
//! `--allow-faults`; the harness makes the console's next mutation carry
//! `X-Sandbox-Fault`. Every failure must say what happened and keep what the admin typed.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{API_KEY, Harness, Provoked};

const SUBMIT: &str = ".webhook-form button[type=submit]";

/// Every field of the webhook form: id (or position), type and value, in page order.
async fn form_fields(h: &Harness) -> Value {
    h.eval(
        "return [...document.querySelectorAll('.webhook-form input, .webhook-form textarea')]
            .map((e, i) => ({ at: e.id || String(i), masked: e.type === 'text' && e.classList.contains('masked'), value: e.value }));",
        vec![],
    )
    .await
}

/// The statuses of the sandbox's answers to POST /organizations/webhooks, in order, a
/// run of equal statuses counted once: Chromium itself resends a request answered 408 on
/// a reused HTTP/1.1 connection (up to three times), which the page never sees.
fn create_statuses(h: &Harness) -> Vec<String> {
    let mut statuses: Vec<String> = h
        .sandbox_requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == "/organizations/webhooks")
        .map(|r| r.status)
        .collect();
    statuses.dedup();
    statuses
}

/// How many POSTs the console itself made (the page's `fetch`, not Chromium's retries).
async fn console_posts(h: &Harness) -> usize {
    h.fetches()
        .await
        .iter()
        .filter(|(method, ..)| method == "POST")
        .count()
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn keeps_create_form_through_every_fault_and_saves_once_when_slow() {
    let h = Harness::start().await;
    let api = h.api();
    h.connect().await;
    h.click_button(".panel-head .actions", "Create webhook")
        .await;
    h.type_into("#wc-name", "Billing").await;
    h.type_into("#wc-target_url", "https://billing.example.com/hooks")
        .await;
    h.type_into("#wc-description", "Invoices people").await;
    h.type_into("#wc-timeout", "3s").await;
    h.click("#wc-headers-add").await;
    h.type_into("li.header-row .header-name input", "X-Secret")
        .await;
    h.type_into("li.header-row .header-value input", "first-secret-value")
        .await;
    h.click_button("li.header-row .row-actions", "Add value")
        .await;
    h.type_into(
        "li.header-row .header-value:nth-of-type(2) input",
        "second-secret-value",
    )
    .await;
    let typed = form_fields(&h).await;
    let secrets: Vec<&Value> = typed
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["value"].as_str().unwrap().contains("secret-value"))
        .collect();
    assert_eq!(secrets.len(), 2, "{typed:#}");
    assert!(secrets.iter().all(|f| f["masked"] == true), "{typed:#}");

    let faults = [
        (
            "500",
            "#wc-form-error",
            "SlashID had a problem (HTTP 500)",
            "500",
        ),
        (
            "408",
            ".webhook-form .notice.info",
            "The change may still be applied",
            "408",
        ),
        (
            "429",
            "#wc-form-error",
            "Too many requests: try again in 1 second.",
            "429",
        ),
        (
            "malformed",
            "#wc-form-error",
            "The server's answer could not be read: the change may or may not have been applied.",
            "200",
        ),
        (
            "close",
            "#wc-form-error",
            "No answer came back from SlashID (no connection, or it closed): the change may or may not have been applied.",
            "dropped",
        ),
    ];
    for (i, &(fault, css, message, status)) in faults.iter().enumerate() {
        h.fault_next_mutation(fault).await;
        h.click(SUBMIT).await;
        h.confirm_create().await;
        h.wait_for_text(css, message).await;
        assert_eq!(
            h.text(SUBMIT).await,
            "Create webhook",
            "{fault}: the button is back"
        );
        assert_eq!(form_fields(&h).await, typed, "{fault}: every field kept");
        assert_eq!(console_posts(&h).await, i + 1, "{fault}: sent once");
        assert_eq!(
            create_statuses(&h).last().map(String::as_str),
            Some(status),
            "{fault}: the sandbox answered as asked"
        );
        assert!(api.webhooks().await.is_empty(), "{fault}: nothing stored");
    }
    let fetches = h.fetches().await;
    let faulted: Vec<_> = fetches.iter().filter_map(|f| f.2.as_deref()).collect();
    assert_eq!(faulted, ["500", "408", "429", "malformed", "close"]);

    // Slow: the review says it is working and cannot send twice; the webhook is created
    // once.
    h.fault_next_mutation("delay=1500").await;
    h.click(SUBMIT).await;
    h.confirm_create().await;
    let confirm = ".review .btn.primary";
    h.wait_for_text(confirm, "Working…").await;
    assert_eq!(h.prop(confirm, "disabled").await, true);
    let _ = h.find(confirm).await.click().await; // a second, impatient click
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(form_fields(&h).await, typed, "fields kept while saving");
    h.wait_for_text(".status-area", "Webhook “Billing” created")
        .await;
    let stored = api.webhooks().await;
    assert_eq!(stored.len(), 1, "created once: {stored:#?}");
    assert_eq!(console_posts(&h).await, faults.len() + 1, "sent once more");
    let stored = api
        .webhook(stored[0]["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(stored["name"], "Billing");
    assert_eq!(stored["description"], "Invoices people");
    assert_eq!(stored["timeout"], "3s");
    assert_eq!(
        stored["custom_headers"],
        json!({ "X-Secret": ["first-secret-value", "second-secret-value"] })
    );
    assert_eq!(
        create_statuses(&h),
        ["500", "408", "429", "200", "dropped", "201"]
    );

    h.assert_only_provoked_errors(&[
        Provoked::Status(500),
        Provoked::Status(408),
        Provoked::Status(429),
        Provoked::Net("ERR_EMPTY_RESPONSE"),
    ])
    .await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn keeps_edit_form_and_stored_header_after_500() {
    let h = Harness::start().await;
    let api = h.api();
    let created = api
        .create_webhook(json!({
            "name": "Audit",
            "target_url": "https://audit.example.com/in",
            "custom_headers": { "X-Keep": ["stored-secret-keep"], "X-Swap": ["stored-secret-swap"] },
        }))
        .await;
    let id = created["id"].as_str().unwrap();
    h.connect().await;
    h.click("table.webhooks td.name button").await;
    h.click_button(".panel-head .actions", "Edit").await;
    h.wait_for_text("#wc-view-title", "Edit “Audit”").await;
    h.replace_text("#wc-name", "Audit trail").await;
    // Headers are listed by name: X-Keep, then X-Swap.
    let swap = "li.header-row:nth-of-type(2)";
    assert_eq!(
        h.prop(&format!("{swap} .header-name input"), "value").await,
        "X-Swap"
    );
    h.click_button(&format!("{swap} .header-value"), "Replace")
        .await;
    h.type_into(&format!("{swap} .header-value input"), "typed-secret-new")
        .await;
    let typed = form_fields(&h).await;
    let keep_hint = h.text("li.header-row:nth-of-type(1) .secret-hint").await;

    h.fault_next_mutation("500").await;
    h.click(SUBMIT).await;
    h.confirm_review().await;
    h.wait_for_text("#wc-form-error", "SlashID had a problem (HTTP 500)")
        .await;
    assert_eq!(form_fields(&h).await, typed, "every field kept");
    assert_eq!(
        h.text("li.header-row:nth-of-type(1) .secret-hint").await,
        keep_hint,
        "the stored value is still kept, shown as its hint"
    );
    assert!(h.is_masked(&format!("{swap} .header-value input")).await);
    assert_eq!(api.webhook(id).await.unwrap()["name"], "Audit");

    h.click(SUBMIT).await;
    h.confirm_review().await;
    h.wait_for_text(".status-area", "Webhook “Audit trail” saved")
        .await;
    let stored = api.webhook(id).await.unwrap();
    assert_eq!(stored["name"], "Audit trail");
    assert_eq!(
        stored["custom_headers"],
        json!({ "X-Keep": ["stored-secret-keep"], "X-Swap": ["typed-secret-new"] })
    );
    h.assert_only_provoked_errors(&[Provoked::Status(500)])
        .await;
}

/// The sandbox's `X-Sandbox-Fault: redirect` target (`faults::REDIRECT_TARGET`).
const REDIRECT_TARGET: &str = "/sandbox/redirected";

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn a_redirect_is_not_followed_and_the_key_never_reaches_its_target() {
    let h = Harness::start().await;
    h.connect().await;
    h.fault_next_read("redirect").await;
    h.click_button(".panel-head .actions", "Refresh").await;
    h.wait_for_text(
        ".notice.error",
        "SlashID could not be reached: check the API base URL and your network.",
    )
    .await;
    let faulted: Vec<_> = h
        .fetches()
        .await
        .into_iter()
        .filter(|f| f.2.is_some())
        .map(|(method, url, fault)| (method, url.ends_with("/organizations/webhooks"), fault))
        .collect();
    assert_eq!(faulted, [("GET".into(), true, Some("redirect".into()))]);
    let requests = h.sandbox_requests();
    assert!(
        requests
            .iter()
            .any(|r| r.method == "GET" && r.path == "/organizations/webhooks" && r.status == "307"),
        "the sandbox answered 307: {requests:#?}"
    );
    assert!(
        !requests.iter().any(|r| r.path.starts_with(REDIRECT_TARGET)),
        "the request (and its key) went on to the redirect's target: {requests:#?}"
    );
    h.assert_no_secret_anywhere(&[API_KEY]).await;
    // Chromium names the refused redirect's URL with its error; the sandbox's log above
    // shows that no request went there.
    h.assert_only_provoked_errors(&[Provoked::Net("ERR_FAILED")])
        .await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn an_answer_that_never_ends_is_given_up_after_the_read_timeout() {
    // src/http.rs: READ_TIMEOUT_SECS.
    const READ_TIMEOUT: Duration = Duration::from_secs(30);
    let h = Harness::start().await;
    let api = h.api();
    api.create_webhook(
        json!({ "name": "Billing", "target_url": "https://billing.example.com/in" }),
    )
    .await;
    h.connect().await;
    h.wait_for_text("table.webhooks", "Billing").await;
    h.fault_next_read("stall").await;
    let started = Instant::now();
    h.click_button(".panel-head .actions", "Refresh").await;
    h.wait_for_text(".panel-head .actions", "Refreshing").await;
    h.wait_for_text_within(
        ".notice.error",
        "SlashID did not answer within 30 seconds. Try again in a moment.",
        READ_TIMEOUT + Duration::from_secs(20),
    )
    .await;
    let waited = started.elapsed();
    assert!(
        waited >= READ_TIMEOUT - Duration::from_secs(1),
        "gave up after {waited:?}, before the read timeout"
    );
    // The console is alive: the list it had is still there, and a retry loads it.
    assert!(h.text("table.webhooks").await.contains("Billing"));
    h.click_button(".notice.error", "Retry").await;
    h.wait_gone(".notice.error").await;
    assert!(h.text("table.webhooks").await.contains("Billing"));
    h.assert_only_provoked_errors(&[]).await;
}
