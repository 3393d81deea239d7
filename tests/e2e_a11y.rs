//! End to end: axe-core on every view of the console, in the states an admin sees it.
//! With `WEBHOOK_CONSOLE_SCREENSHOTS=1` the walk also saves the README's screenshots
//! (`docs/screenshots/list.png` and `form.png`).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;

use serde_json::json;
use support::{Harness, Provoked};

/// Saves `name` into docs/screenshots when asked to (`WEBHOOK_CONSOLE_SCREENSHOTS=1`).
async fn screenshot_if_asked(h: &Harness, name: &str) {
    if std::env::var_os("WEBHOOK_CONSOLE_SCREENSHOTS").is_some_and(|v| v == "1") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/screenshots")
            .join(name);
        h.screenshot(&path).await;
        eprintln!("saved {}", path.display());
    }
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn every_view_has_no_axe_violations() {
    let h = Harness::start().await;
    let api = h.api();
    h.client
        .set_window_size(1280, 900)
        .await
        .expect("size the window");

    h.open("/").await;
    h.wait_for_text("#wc-view-title", "Connect to your organization")
        .await;
    h.assert_accessible("the connection form").await;

    h.connect().await;
    h.wait_for_text(".empty h3", "No webhooks yet").await;
    h.assert_accessible("the empty list").await;

    for (name, url, timeout, description) in [
        (
            "Orders service",
            "https://orders.example.com/hooks/slashid",
            "5s",
            "New people become customers",
        ),
        (
            "CRM sync",
            "https://crm.example.net/slashid",
            "1.5s",
            "Keeps contacts in step",
        ),
        (
            "Security alerts",
            "https://siem.example.org/ingest",
            "",
            "Failed logins and gate denials",
        ),
        (
            "Analytics",
            "https://analytics.example.com/events",
            "10s",
            "Page loads and consent",
        ),
    ] {
        let mut body = json!({
            "name": name, "target_url": url, "description": description,
            "custom_headers": { "X-Webhook-Secret": ["a-long-shared-secret-value"] },
        });
        if !timeout.is_empty() {
            body["timeout"] = json!(timeout);
        }
        api.create_webhook(body).await;
    }
    h.click_button(".panel-head .actions", "Refresh").await;
    h.wait_for_text(".list-toolbar .count", "4 webhooks").await;
    h.assert_accessible("the list").await;
    screenshot_if_asked(&h, "list.png").await;

    // The create form: one field error after a blur (the README's picture), then all of
    // them after a submit.
    h.click_button(".panel-head .actions", "Create webhook")
        .await;
    h.type_into("#wc-name", "Fulfilment").await;
    h.type_into("#wc-target_url", "https://10.0.0.7/hooks")
        .await;
    h.type_into("#wc-timeout", "2s").await;
    h.click("#wc-headers-add").await;
    h.type_into("li.header-row .header-name input", "X-Webhook-Secret")
        .await;
    h.type_into("li.header-row .header-value input", "a-long-shared-secret")
        .await;
    h.tab_out_of("#wc-target_url").await;
    h.find("#wc-target_url-err").await;
    h.eval(
        "document.activeElement.blur(); window.scrollTo(0, 0);",
        vec![],
    )
    .await;
    h.assert_accessible("the create form with one error").await;
    screenshot_if_asked(&h, "form.png").await;
    h.replace_text("#wc-name", "").await;
    h.replace_text("#wc-timeout", "3 seconds").await;
    h.click(".webhook-form button[type=submit]").await;
    h.wait_for_text("#wc-form-summary", "3 fields need attention")
        .await;
    h.assert_accessible("the create form with errors").await;
    // Fixed, the create is reviewed first; Back brings the form back as it was.
    h.replace_text("#wc-name", "Fulfilment").await;
    h.replace_text("#wc-target_url", "https://fulfilment.example.com/hooks")
        .await;
    h.replace_text("#wc-timeout", "3s").await;
    h.click(".webhook-form button[type=submit]").await;
    assert_eq!(
        h.review_rows().await[..3],
        [
            "Name|Fulfilment",
            "Target URL|https://fulfilment.example.com/hooks",
            "Timeout|3s"
        ]
    );
    h.assert_accessible("the review of a create").await;
    h.click_button(".review .form-actions", "Back to the form")
        .await;
    h.wait_until(
        "focus back on the Create button",
        "return document.activeElement && document.activeElement.id === 'wc-save';",
        vec![],
    )
    .await;
    assert_eq!(h.prop("#wc-name", "value").await, "Fulfilment");
    h.click_button(".webhook-form .form-actions", "Cancel")
        .await;

    // Detail, trigger picker, delete dialog, edit form.
    let webhook_id = api
        .webhooks()
        .await
        .into_iter()
        .find(|w| w["name"] == "Analytics")
        .expect("the first webhook listed")["id"]
        .as_str()
        .unwrap()
        .to_string();
    h.click("table.webhooks td.name button").await;
    h.wait_for_text(".subpanel .muted", "No triggers").await;
    h.assert_accessible("the detail").await;
    h.click("button[aria-controls=wc-trigger-picker]").await;
    h.click("#wc-tp-group-Person").await;
    h.assert_accessible("the trigger picker").await;
    h.click("#wc-tp-add").await;
    h.wait_for_text(".status-area", "Added").await;
    h.find(".trigger-list li").await;
    h.assert_accessible("the detail with triggers and a notice")
        .await;
    h.click_button(".panel-head .actions", "Delete").await;
    h.find("dialog[open]").await;
    h.assert_accessible("the delete dialog").await;
    h.click_button("dialog[open]", "Cancel").await;
    h.wait_gone("dialog[open]").await;
    h.click_button(".panel-head .actions", "Edit").await;
    h.find(".webhook-form .secret-hint").await;
    h.assert_accessible("the edit form").await;

    // The other sections.
    h.click_button("nav", "Verification keys").await;
    h.find("table.keys tbody tr").await;
    h.assert_accessible("the verification keys").await;
    h.click_button("nav", "Test events").await;
    h.find(".event-row select")
        .await
        .select_by_value("PersonCreated_v1")
        .await
        .expect("choose the event");
    h.assert_accessible("the test events form").await;
    h.click(".panel form button[type=submit]").await;
    h.wait_for_text("[role=status] .notice.success", "sent")
        .await;
    h.assert_accessible("the test events result").await;
    let jwt = api.deliveries(&webhook_id).await[0]["jwt"]
        .as_str()
        .expect("a recorded call")
        .to_string();
    h.click_button("nav", "Verify a delivery").await;
    h.find("#wc-verify-input").await;
    h.assert_accessible("the delivery verifier").await;
    h.type_into("#wc-verify-input", &jwt).await;
    h.click(".verify form button[type=submit]").await;
    h.wait_for_text("#wc-verify-summary", "genuine").await;
    h.assert_accessible("the delivery verifier with a result")
        .await;
    h.replace_text("#wc-verify-input", "not.a-jwt").await;
    h.click(".verify form button[type=submit]").await;
    h.find("#wc-verify-error").await;
    h.assert_accessible("the delivery verifier with an error")
        .await;
    h.click_button("nav", "Consistency").await;
    h.find("#wc-cons-timeout").await;
    h.replace_text("#wc-cons-timeout", "0").await;
    h.find("#wc-cons-timeout-err").await;
    h.assert_accessible("the consistency settings with an error")
        .await;

    // A refused key.
    h.connect_with(support::ORG_ID, "wrong-key").await;
    h.wait_for_text("#wc-view-title", "Check your API key")
        .await;
    h.assert_accessible("the check-your-key state").await;

    h.assert_only_provoked_errors(&[Provoked::Status(401)])
        .await;
}

/// The dark theme has its own colours: the views where most of them meet (notices, errors,
/// badges, the list, the verifier's checks), with `prefers-color-scheme: dark`.
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn dark_theme_has_no_axe_violations() {
    let h = Harness::start().await;
    let api = h.api();
    let webhook = api
        .create_webhook(json!({
            "name": "Orders service",
            "target_url": "https://orders.example.com/hooks/slashid",
            "custom_headers": { "X-Webhook-Secret": ["a-long-shared-secret-value"] },
        }))
        .await;
    let id = webhook["id"].as_str().unwrap();
    let (status, answer) = api
        .call(
            "POST",
            &format!("/organizations/webhooks/{id}/triggers"),
            Some(json!({ "trigger_type": "event", "trigger_name": "PersonCreated_v1" })),
        )
        .await;
    assert_eq!(status, 201, "add a trigger: {answer}");
    let (status, answer) = api
        .call(
            "POST",
            "/test-events",
            Some(json!([{ "event_name": "PersonCreated_v1" }])),
        )
        .await;
    assert_eq!(status, 201, "send a test event: {answer}");
    let jwt = api.deliveries(id).await[0]["jwt"]
        .as_str()
        .unwrap()
        .to_string();

    h.open("/").await;
    h.emulate_color_scheme("dark").await;
    h.wait_for_text("#wc-view-title", "Connect to your organization")
        .await;
    h.click(".connect button[type=submit]").await;
    h.find("#wc-connect-org_id-err").await;
    h.assert_accessible("the connection form with errors, dark")
        .await;
    h.type_into("#wc-connect-org_id", support::ORG_ID).await;
    h.type_into("#wc-connect-api_key", support::API_KEY).await;
    h.click(".connect button[type=submit]").await;
    h.find("table.webhooks").await;
    h.assert_accessible("the list, dark").await;

    h.click("table.webhooks td.name button").await;
    h.find(".trigger-list li").await;
    h.click(".header-hints button[aria-label='Show value of X-Webhook-Secret']")
        .await;
    h.assert_accessible("the detail, dark").await;
    h.click_button(".panel-head .actions", "Edit").await;
    h.replace_text("#wc-target_url", "http://192.168.1.1/x?y")
        .await;
    h.replace_text("#wc-timeout", "forever").await;
    h.click(".webhook-form button[type=submit]").await;
    h.find("#wc-form-summary").await;
    h.assert_accessible("the edit form with errors, dark").await;
    h.replace_text("#wc-target_url", "https://orders.example.com/v2")
        .await;
    h.replace_text("#wc-timeout", "4s").await;
    h.click(".webhook-form button[type=submit]").await;
    assert!(!h.review_rows().await.is_empty());
    h.assert_accessible("the review of a save, dark").await;
    h.confirm_review().await;
    h.wait_for_text(".status-area .notice.success", "saved")
        .await;
    h.assert_accessible("the detail with a notice, dark").await;

    h.click_button("nav", "Verify a delivery").await;
    h.type_into("#wc-verify-input", &jwt).await;
    h.click(".verify form button[type=submit]").await;
    // The webhook's URL changed since the call: one check fails, the others pass.
    h.wait_for_text("#wc-verify-summary", "reject").await;
    h.find(".checks li.check.ok").await;
    h.find(".checks li.check.bad").await;
    h.assert_accessible("the verifier with passed and failed checks, dark")
        .await;
    h.assert_no_browser_errors().await;
}
