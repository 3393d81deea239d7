//! End to end: no lost updates, with two admins in two browsers on one sandbox. Before
//! an edit is saved, the console reads the stored object again and compares it with the
//! one its form was opened from; a change made meanwhile is shown (secrets as hints) to
//! reload or overwrite. For SlashID, InstaVM and Droplit.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::Harness;

const SUBMIT: &str = "form button[type=submit]";

/// Opens SlashID's edit form of the webhook named `name`, from the list.
async fn open_slashid_edit(h: &Harness, name: &str) {
    h.connect().await;
    h.wait_for_text("table.webhooks td.name", name).await;
    h.click("table.webhooks td.name button").await;
    h.wait_for_text("#wc-view-title", name).await;
    h.click_button(".panel-head .actions", "Edit").await;
    h.wait_for_text("#wc-view-title", &format!("Edit “{name}”"))
        .await;
}

/// The row of the header named `name` in the edit form.
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
async fn slashid_a_header_value_rotated_by_another_admin_is_not_restored_by_an_unrelated_edit() {
    const OLD: &str = "leaked-secret-value-1111";
    const ROTATED: &str = "rotated-secret-value-2222";
    const OTHER: &str = "other-secret-value-3333";
    const NEW: &str = "added-secret-value-4444";
    let a = Harness::start().await;
    let id = a
        .api()
        .create_webhook(json!({
            "name": "Orders",
            "target_url": "https://orders.example.com/hooks",
            "custom_headers": { "X-Key": [OLD], "X-Other": [OTHER] },
        }))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = a.second_session().await;
    open_slashid_edit(&a, "Orders").await;

    // Admin B rotates the leaked value in the other browser.
    open_slashid_edit(&b, "Orders").await;
    let key = header_row(&b, "X-Key").await;
    b.click_button(&format!("{key} .header-value"), "Replace")
        .await;
    b.type_into(&format!("{key} .header-value input"), ROTATED)
        .await;
    b.click(SUBMIT).await;
    let rows = b.review_rows().await;
    assert_eq!(rows, ["Header X-Key|••••••1111|••••••2222"]);
    b.confirm_review().await;
    b.wait_for_text(".status-area", "Webhook “Orders” saved")
        .await;
    let stored = a.api().webhook(&id).await.unwrap();
    assert_eq!(stored["custom_headers"]["X-Key"], json!([ROTATED]));

    // Admin A, whose form still holds the old value, renames and adds a header: a change
    // that sends the whole header set.
    a.replace_text("#wc-name", "Orders v2").await;
    a.click("#wc-headers-add").await;
    let row = "li.header-row:last-of-type";
    a.type_into(&format!("{row} .header-name input"), "X-New")
        .await;
    a.type_into(&format!("{row} .header-value input"), NEW)
        .await;
    a.click(SUBMIT).await;
    assert_eq!(
        a.review_rows().await,
        ["Name|Orders|Orders v2", "Header X-New|(none)|••••••4444"]
    );
    a.confirm_review().await;
    a.wait_for_text("#wc-review-title", "Changed by someone else")
        .await;
    assert_eq!(
        a.review_rows().await,
        ["Header X-Key|••••••1111|••••••2222"],
        "B's rotation, as hints"
    );
    assert_eq!(
        a.api().webhook(&id).await.unwrap()["name"],
        "Orders",
        "nothing saved over B's change"
    );

    // Reload: B's value, A's other edits kept; then saved.
    a.click_button(".review .form-actions", "Reload these fields")
        .await;
    a.wait_gone(".review").await;
    assert_eq!(a.prop("#wc-name", "value").await, "Orders v2");
    // The reloaded X-Key row comes last: X-New is found by name.
    let new_row = header_row(&a, "X-New").await;
    assert_eq!(
        a.prop(&format!("{new_row} .header-value input"), "value")
            .await,
        NEW
    );
    a.click(SUBMIT).await;
    assert_eq!(
        a.review_rows().await,
        ["Name|Orders|Orders v2", "Header X-New|(none)|••••••4444"]
    );
    a.confirm_review().await;
    a.wait_for_text(".status-area", "Webhook “Orders v2” saved")
        .await;
    let stored = a.api().webhook(&id).await.unwrap();
    assert_eq!(stored["name"], "Orders v2");
    assert_eq!(
        stored["custom_headers"],
        json!({ "X-Key": [ROTATED], "X-Other": [OTHER], "X-New": [NEW] }),
        "the rotated value is not restored"
    );
    for h in [&a, &b] {
        h.assert_no_secret_anywhere(&[OLD, ROTATED, OTHER, NEW])
            .await;
        h.assert_no_browser_errors().await;
    }
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn slashid_a_concurrent_edit_is_detected() {
    let a = Harness::start().await;
    let id = a
        .api()
        .create_webhook(json!({ "name": "Audit", "target_url": "https://audit.example.com/in" }))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = a.second_session().await;
    open_slashid_edit(&a, "Audit").await;
    open_slashid_edit(&b, "Audit").await;
    b.replace_text("#wc-target_url", "https://audit.example.com/moved")
        .await;
    b.click(SUBMIT).await;
    b.confirm_review().await;
    b.wait_for_text(".status-area", "Webhook “Audit” saved")
        .await;

    a.replace_text("#wc-description", "Kept for a year").await;
    a.click(SUBMIT).await;
    a.confirm_review().await;
    a.wait_for_text("#wc-review-title", "Changed by someone else")
        .await;
    assert_eq!(
        a.review_rows().await,
        ["Target URL|https://audit.example.com/in|https://audit.example.com/moved"]
    );
    // Overwrite, deliberately: A's description is saved, B's URL (which A did not
    // change) stays.
    a.click_button(".review .form-actions", "Overwrite with my version")
        .await;
    a.wait_for_text(".status-area", "Webhook “Audit” saved")
        .await;
    let stored = a.api().webhook(&id).await.unwrap();
    assert_eq!(stored["description"], "Kept for a year");
    assert_eq!(stored["target_url"], "https://audit.example.com/moved");
    a.assert_no_browser_errors().await;
    b.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn instavm_a_concurrent_edit_is_detected() {
    let a = Harness::start().await;
    let created = a
        .instavm_api()
        .create_endpoint(json!({
            "url": "https://billing.example.com/instavm",
            "description": "Billing",
            "event_patterns": ["vm.*"],
        }))
        .await;
    let id = created["endpoint"]["id"]
        .as_str()
        .or(created["id"].as_str())
        .unwrap()
        .to_owned();
    let b = a.second_session().await;
    for h in [&a, &b] {
        h.connect_instavm().await;
        h.click("table.endpoints td.name button").await;
        h.click_button(".endpoint-actions", "Edit").await;
        h.find("#wc-max_retries").await;
    }
    b.replace_text("#wc-description", "Billing, moved to finance")
        .await;
    b.click(SUBMIT).await;
    assert_eq!(
        b.review_rows().await,
        ["Description|Billing|Billing, moved to finance"]
    );
    b.confirm_review().await;
    b.wait_for_text(".status-area", "Endpoint saved.").await;

    a.replace_text("#wc-max_retries", "2").await;
    a.click(SUBMIT).await;
    a.confirm_review().await;
    a.wait_for_text("#wc-review-title", "Changed by someone else")
        .await;
    assert_eq!(
        a.review_rows().await,
        ["Description|Billing|Billing, moved to finance"]
    );
    a.click_button(".review .form-actions", "Reload these fields")
        .await;
    a.wait_gone(".review").await;
    assert_eq!(
        a.prop("#wc-description", "value").await,
        "Billing, moved to finance"
    );
    assert_eq!(a.prop("#wc-max_retries", "value").await, "2");
    a.click(SUBMIT).await;
    let rows = a.review_rows().await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].starts_with("Maximum retries|") && rows[0].ends_with("|2"),
        "{rows:?}"
    );
    a.confirm_review().await;
    a.wait_for_text(".status-area", "Endpoint saved.").await;
    let stored = a.instavm_api().endpoint(&id).await;
    assert_eq!(stored["description"], "Billing, moved to finance");
    assert_eq!(stored["max_retries"], 2);
    a.assert_no_browser_errors().await;
    b.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn droplit_a_concurrent_edit_is_detected() {
    let a = Harness::start().await;
    let (status, created) = a
        .droplit()
        .call(
            "POST",
            "/api/webhooks",
            Some(json!({
                "ecosystemId": support::DROPLIT_ECOSYSTEM,
                "url": "https://orders.example.com/droplit",
                "description": "Orders",
            })),
        )
        .await;
    assert!(status < 300, "{status} {created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let b = a.second_session().await;
    for h in [&a, &b] {
        h.connect_droplit().await;
        h.click("table.webhooks td.url button").await;
        h.click_button(".panel-head .actions", "Edit").await;
        h.wait_for_text("#wc-view-title", "Edit “Orders”").await;
    }
    b.replace_text("#wc-url", "https://orders.example.com/moved")
        .await;
    b.click(SUBMIT).await;
    b.confirm_review().await;
    b.wait_for_text(".status-area", "saved").await;

    a.replace_text("#wc-description", "Orders v2").await;
    a.click(SUBMIT).await;
    a.confirm_review().await;
    a.wait_for_text("#wc-review-title", "Changed by someone else")
        .await;
    assert_eq!(
        a.review_rows().await,
        ["URL|https://orders.example.com/droplit|https://orders.example.com/moved"]
    );
    a.click_button(".review .form-actions", "Reload these fields")
        .await;
    a.wait_gone(".review").await;
    assert_eq!(
        a.prop("#wc-url", "value").await,
        "https://orders.example.com/moved"
    );
    assert_eq!(a.prop("#wc-description", "value").await, "Orders v2");
    a.click(SUBMIT).await;
    assert_eq!(a.review_rows().await, ["Description|Orders|Orders v2"]);
    a.confirm_review().await;
    a.wait_for_text(".status-area", "saved").await;
    let stored = a.droplit().webhook(&id).await.unwrap();
    assert_eq!(stored["url"], "https://orders.example.com/moved");
    assert_eq!(stored["description"], "Orders v2");
    a.assert_no_browser_errors().await;
    b.assert_no_browser_errors().await;
}
