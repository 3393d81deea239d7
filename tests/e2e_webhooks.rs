//! End to end: an admin's journey through the console, against the sandbox, in headless
//! Chromium. Run by `cargo xtask test` after it has built both (hence `#[ignore]`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeSet;

use serde_json::json;
use support::{API_KEY, Harness, ORG_ID, jwt_claims};
use webhook_rules::slashid::triggers::{Family, TriggerType};
use webhook_rules::slashid::validate_create;
use webhook_rules::slashid::wire::WebhookCreate;

const NAME: &str = "Orders service";
const TARGET_URL: &str = "https://hooks.example.com/slashid";
const KEEP_SECRET: &str = "keep-this-secret-0001";
const OLD_SECRET: &str = "replace-this-secret-0002";
const NEW_SECRET: &str = "brand-new-secret-0003";
/// A Person event that test events can generate.
const EVENT: &str = "PersonCreated_v1";

const SUBMIT: &str = ".webhook-form button[type=submit]";

/// The header row whose name input holds `name`, as a CSS selector.
async fn header_row(h: &Harness, name: &str) -> String {
    let index = h
        .wait_until(
            &format!("a header row named {name}"),
            "const rows = [...document.querySelectorAll('li.header-row')];
             const i = rows.findIndex(r => r.querySelector('.header-name input').value === arguments[0]);
             return i < 0 ? null : i + 1;",
            vec![json!(name)],
        )
        .await;
    format!("li.header-row:nth-of-type({index})")
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn creates_triggers_edits_tests_verifies_and_deletes_a_webhook_without_leaking_secrets() {
    let h = Harness::start().await;
    let api = h.api();
    h.connect().await;
    h.wait_for_text(".empty h3", "No webhooks yet").await;

    // Create, with two custom headers whose values are masked as they are typed.
    h.click_button(".panel-head .actions", "Create webhook")
        .await;
    h.wait_for_text("#wc-view-title", "Create webhook").await;
    h.type_into("#wc-name", NAME).await;
    h.type_into("#wc-target_url", TARGET_URL).await;
    h.type_into("#wc-description", "Tells the orders service about people")
        .await;
    h.type_into("#wc-timeout", "5s").await;
    for (name, secret) in [("X-Keep", KEEP_SECRET), ("X-Change", OLD_SECRET)] {
        h.click("#wc-headers-add").await;
        let row = "li.header-row:last-of-type";
        h.type_into(&format!("{row} .header-name input"), name)
            .await;
        let value = format!("{row} .header-value input");
        h.type_into(&value, secret).await;
        assert!(h.is_masked(&value).await, "{name} is masked");
    }
    h.click(SUBMIT).await;
    // The review first: every value sent, the headers' values as hints, nothing sent yet.
    let rows = h.review_rows().await;
    assert_eq!(
        rows[..4],
        [
            format!("Name|{NAME}"),
            format!("Target URL|{TARGET_URL}"),
            "Description|Tells the orders service about people".to_owned(),
            "Timeout|5s".to_owned(),
        ],
        "{rows:?}"
    );
    // Headers in name order, as the form sends them.
    assert!(rows[4].starts_with("Header X-Change|"), "{rows:?}");
    assert!(rows[5].starts_with("Header X-Keep|"), "{rows:?}");
    assert_eq!(rows.len(), 6, "{rows:?}");
    for secret in [KEEP_SECRET, OLD_SECRET] {
        assert!(
            !h.text(".review").await.contains(secret),
            "{secret} in the review"
        );
    }
    assert!(
        api.webhooks().await.is_empty(),
        "nothing created before Confirm"
    );
    h.confirm_create().await;
    h.wait_for_text(".status-area", &format!("Webhook “{NAME}” created"))
        .await;
    h.wait_for_text("#wc-view-title", NAME).await;

    let stored = api.webhooks().await;
    assert_eq!(stored.len(), 1, "one webhook stored: {stored:#?}");
    let id = stored[0]["id"].as_str().unwrap().to_string();
    assert_eq!(stored[0]["target_url"], TARGET_URL);
    assert_eq!(stored[0]["timeout"], "5s");
    let stored = api.webhook(&id).await.unwrap();
    assert_eq!(
        stored["custom_headers"],
        json!({ "X-Keep": [KEEP_SECRET], "X-Change": [OLD_SECRET] })
    );

    // The detail shows hints of the values, never the values.
    let hints = h.texts(".header-hints .secret-hint").await;
    assert_eq!(hints.len(), 2, "{hints:?}");
    for hint in &hints {
        assert!(hint.contains("••••••"), "a hint, not a value: {hint}");
    }
    let page = h.text("main").await;
    for secret in [KEEP_SECRET, OLD_SECRET] {
        assert!(!page.contains(secret), "{secret} shown in the detail");
    }

    // Listed.
    h.click_button(".breadcrumb", "← All webhooks").await;
    h.wait_for_text("table.webhooks td.name", NAME).await;
    assert_eq!(h.texts("table.webhooks td.url").await, [TARGET_URL]);
    h.click("table.webhooks td.name button").await;
    h.wait_for_text("#wc-view-title", NAME).await;

    // Triggers: a whole group at once through the picker.
    let person: BTreeSet<String> = TriggerType::Event
        .names()
        .filter(|n| n.family == Family::Person)
        .map(|n| n.name.to_string())
        .collect();
    assert!(person.len() > 1 && person.contains(EVENT));
    h.wait_for_text(".subpanel .muted", "No triggers").await;
    h.click("button[aria-controls=wc-trigger-picker]").await;
    h.click("#wc-tp-group-Person").await;
    assert_eq!(
        h.text("#wc-tp-add").await,
        format!("Add {} triggers", person.len())
    );
    h.click("#wc-tp-add").await;
    h.wait_for_text(".status-area", &format!("Added {} triggers", person.len()))
        .await;
    h.wait_for_text("#wc-triggers-title", &format!("({})", person.len()))
        .await;
    let listed: BTreeSet<String> = h.texts(".trigger-list li code").await.into_iter().collect();
    assert_eq!(listed, person);
    let stored: BTreeSet<String> = api
        .triggers(&id)
        .await
        .iter()
        .map(|t| {
            assert_eq!(t["trigger_type"], "event");
            t["trigger_name"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(stored, person);

    // Edit: a new timeout, X-Change replaced, X-Keep kept without retyping it.
    h.click_button(".panel-head .actions", "Edit").await;
    h.wait_for_text("#wc-view-title", &format!("Edit “{NAME}”"))
        .await;
    assert_eq!(h.prop("#wc-timeout", "value").await, "5s");
    h.replace_text("#wc-timeout", "7.5s").await;
    let keep = header_row(&h, "X-Keep").await;
    let kept_hint = h.text(&format!("{keep} .secret-hint")).await;
    assert!(!kept_hint.contains(KEEP_SECRET), "hint only: {kept_hint}");
    assert!(
        h.text(&format!("{keep} .header-value"))
            .await
            .contains("kept as stored"),
        "X-Keep says it is kept"
    );
    let change = header_row(&h, "X-Change").await;
    h.click_button(&format!("{change} .header-value"), "Replace")
        .await;
    let new_value = format!("{change} .header-value input");
    h.type_into(&new_value, NEW_SECRET).await;
    assert!(h.is_masked(&new_value).await);
    h.click(SUBMIT).await;
    // The review first: the timeout and the replaced value, as a hint.
    let rows = h.review_rows().await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0], "Timeout|5s|7.5s");
    assert!(rows[1].starts_with("Header X-Change|"), "{rows:?}");
    for secret in [KEEP_SECRET, OLD_SECRET, NEW_SECRET] {
        assert!(
            !h.text(".review").await.contains(secret),
            "{secret} in the review"
        );
    }
    h.confirm_review().await;
    h.wait_for_text(".status-area", &format!("Webhook “{NAME}” saved"))
        .await;
    let stored = api.webhook(&id).await.unwrap();
    assert_eq!(stored["timeout"], "7.5s");
    assert_eq!(
        stored["custom_headers"],
        json!({ "X-Keep": [KEEP_SECRET], "X-Change": [NEW_SECRET] }),
        "the kept value is intact and the new one stored"
    );
    h.wait_for_text(".fields", "7.5 seconds").await;

    // A test event for a trigger the webhook has; the sandbox records the signed call.
    h.click_button("nav", "Test events").await;
    h.wait_for_text("#wc-view-title", "Send test events").await;
    h.find(".event-row select")
        .await
        .select_by_value(EVENT)
        .await
        .expect("choose the event");
    h.click(".panel form button[type=submit]").await;
    h.wait_for_text("[role=status] .notice.success", "1 test event sent.")
        .await;
    let shown = h.texts("table.webhooks tbody tr td code").await;
    assert_eq!(shown.len(), 2, "event name and id: {shown:?}");
    assert_eq!(shown[0], EVENT);
    let deliveries = api.deliveries(&id).await;
    assert_eq!(deliveries.len(), 1, "one call recorded: {deliveries:#?}");
    assert_eq!(deliveries[0]["trigger_name"], EVENT);
    let claims = jwt_claims(deliveries[0]["jwt"].as_str().unwrap());
    assert_eq!(claims["webhook_id"], id.as_str());
    assert_eq!(claims["aud"], ORG_ID);
    assert_eq!(claims["target_url"], TARGET_URL);
    assert_eq!(claims["trigger_type"], "event");
    assert_eq!(
        claims["trigger_content"]["event_id"], shown[1],
        "the call carries the event the console showed"
    );
    assert_eq!(claims["trigger_content"]["is_test_event"], true);

    // The console's verifier accepts the recorded call, and rejects it altered.
    let jwt = deliveries[0]["jwt"].as_str().unwrap().to_string();
    h.click_button("nav", "Verify a delivery").await;
    h.wait_for_text("#wc-view-title", "Verify a delivery").await;
    h.type_into("#wc-verify-input", &jwt).await;
    h.click(".verify form button[type=submit]").await;
    h.wait_for_text("#wc-verify-summary", "This delivery is genuine")
        .await;
    assert_eq!(h.texts(".checks li.check.bad").await, Vec::<String>::new());
    let checks = h.texts(".checks li.check.ok").await.join("\n");
    assert!(checks.contains("Signature valid"), "{checks}");
    let signature_at = jwt.rfind('.').unwrap() + 10;
    let mut altered = jwt.clone();
    let flipped = if &jwt[signature_at..=signature_at] == "A" {
        "B"
    } else {
        "A"
    };
    altered.replace_range(signature_at..=signature_at, flipped);
    h.click_button(".verify .form-actions", "Clear").await;
    h.type_into("#wc-verify-input", &altered).await;
    h.click(".verify form button[type=submit]").await;
    h.wait_for_text("#wc-verify-summary", "A receiver should reject this call")
        .await;
    h.wait_for_text(".checks li.check.bad", "Signature invalid")
        .await;

    // Delete: the confirmation names the webhook and its triggers.
    h.click_button("nav", "Webhooks").await;
    h.click("table.webhooks td.name button").await;
    h.wait_for_text("#wc-triggers-title", &format!("({})", person.len()))
        .await;
    h.click_button(".panel-head .actions", "Delete").await;
    h.wait_for_text("dialog[open] h2", &format!("Delete the webhook “{NAME}”?"))
        .await;
    let body = h.text("dialog[open] p").await;
    assert!(
        body.contains(NAME) && body.contains(&format!("Its {} triggers", person.len())),
        "{body}"
    );
    h.click("dialog[open] .btn.danger").await;
    h.wait_for_text(
        ".status-area",
        &format!("Webhook “{NAME}” and its triggers were deleted"),
    )
    .await;
    h.wait_for_text(".empty h3", "No webhooks yet").await;
    assert_eq!(api.webhook(&id).await, None, "gone from the sandbox");
    assert!(api.webhooks().await.is_empty());

    h.assert_no_secret_anywhere(&[API_KEY, KEEP_SECRET, OLD_SECRET, NEW_SECRET])
        .await;
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn shows_rules_message_on_ip_target_url_and_sends_nothing() {
    let ip_url = "https://192.168.10.20/hooks";
    let expected = validate_create(&WebhookCreate {
        name: Some("Internal".into()),
        target_url: Some(ip_url.into()),
        ..Default::default()
    })
    .expect_err("the rules reject an IP host")
    .into_iter()
    .find(|p| p.field == "target_url")
    .expect("a target_url problem")
    .message;
    // Beside the field, as a sentence.
    let expected = webhook_console::text::sentence(&expected);

    let h = Harness::start().await;
    h.connect().await;
    h.click_button(".panel-head .actions", "Create webhook")
        .await;
    h.record_fetches().await;
    h.type_into("#wc-name", "Internal").await;
    h.type_into("#wc-target_url", ip_url).await;
    assert_eq!(
        h.attr("#wc-target_url", "aria-invalid").await.as_deref(),
        Some("false"),
        "no error before the first blur"
    );
    h.tab_out_of("#wc-target_url").await;
    h.wait_for_text("#wc-target_url-err", &expected).await;
    assert_eq!(
        h.attr("#wc-target_url", "aria-invalid").await.as_deref(),
        Some("true")
    );
    let described = h
        .attr("#wc-target_url", "aria-describedby")
        .await
        .unwrap_or_default();
    assert!(
        described.split(' ').any(|id| id == "wc-target_url-err"),
        "aria-describedby points at the message: {described:?}"
    );

    // Submitting sends nothing: the summary says what to fix and focus goes to the field.
    h.click(SUBMIT).await;
    h.wait_for_text("#wc-form-summary", "1 field needs attention")
        .await;
    h.wait_until(
        "focus on the target URL",
        "return document.activeElement && document.activeElement.id === 'wc-target_url';",
        vec![],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let posts = |h: &Harness| {
        h.sandbox_requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .count()
    };
    assert_eq!(posts(&h), 0, "no POST reached the sandbox");
    let mutations: Vec<_> = h
        .fetches()
        .await
        .into_iter()
        .filter(|(method, ..)| method != "GET")
        .collect();
    assert!(mutations.is_empty(), "the console sent {mutations:?}");

    // The same form with a domain name is sent (so the checks above could see a POST).
    h.replace_text("#wc-target_url", "https://internal.example.com/hooks")
        .await;
    h.wait_gone("#wc-target_url-err").await;
    h.click(SUBMIT).await;
    h.confirm_create().await;
    h.wait_for_text(".status-area", "Webhook “Internal” created")
        .await;
    assert_eq!(posts(&h), 1, "{:#?}", h.sandbox_requests());
    h.assert_no_browser_errors().await;
}

/// Pressing the submit button blurs the focused field; were its error shown then, the
/// button would move down under the pointer before the release and the browser would drop
/// the click. One click must be enough.
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn one_click_submits_while_an_invalid_field_still_has_focus() {
    let h = Harness::start().await;
    h.connect().await;
    h.click_button(".panel-head .actions", "Create webhook")
        .await;
    h.record_fetches().await;
    h.type_into("#wc-name", "Focus").await;
    h.type_into("#wc-target_url", "https://focus.example.com/in")
        .await;
    h.type_into("#wc-timeout", "forever").await;
    h.click(SUBMIT).await;
    h.wait_for_text("#wc-form-summary", "1 field needs attention")
        .await;
    h.wait_for_text("#wc-timeout-err", "invalid duration").await;
    h.wait_until(
        "focus back on the timeout",
        "return document.activeElement && document.activeElement.id === 'wc-timeout';",
        vec![],
    )
    .await;

    h.replace_text("#wc-timeout", "4s").await;
    h.click(SUBMIT).await;
    h.confirm_create().await;
    h.wait_for_text(".status-area", "Webhook “Focus” created")
        .await;
    let posts = h
        .fetches()
        .await
        .into_iter()
        .filter(|(method, ..)| method == "POST")
        .count();
    assert_eq!(posts, 1);
    h.assert_no_browser_errors().await;
}
