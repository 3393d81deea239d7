//! End to end: an admin who uses only the keyboard can connect, create a webhook and delete
//! it, and focus goes where they expect after every view change and dialog: on the new
//! view's heading (and it stays there when the view's data arrives), on the review of a
//! save, on a dialog's safe choice and back on what opened it.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::key::Key;
use serde_json::json;
use support::{API_KEY, Harness, ORG_ID};

/// The view's heading, which takes focus after every navigation.
const TITLE: &str = "el.id === 'wc-view-title'";

fn key(k: Key) -> String {
    k.to_string()
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn creates_edits_opens_and_deletes_a_webhook_with_the_keyboard_only() {
    let h = Harness::start().await;
    h.open("/").await;
    h.wait_for_text("#wc-view-title", "Connect to your organization")
        .await;

    h.tab_to(
        "the organization field",
        "return el.id === 'wc-connect-org_id';",
    )
    .await;
    h.press(ORG_ID).await;
    h.tab_to(
        "the API key field",
        "return el.id === 'wc-connect-api_key';",
    )
    .await;
    h.press(API_KEY).await;
    h.press(&key(Key::Enter)).await;
    h.wait_until(
        "the empty list after connecting",
        "return !!document.querySelector('.empty');",
        vec![],
    )
    .await;
    // A new view hands focus to its heading, so a screen reader announces it.
    h.focus_settles("focus on the list's heading", TITLE).await;

    h.tab_to(
        "the Create webhook button",
        "return el.tagName === 'BUTTON' && el.textContent.trim() === 'Create webhook';",
    )
    .await;
    h.press(&key(Key::Enter)).await;
    h.wait_for_text("#wc-view-title", "Create webhook").await;
    h.focus_settles("focus on the create form's heading", TITLE)
        .await;
    h.tab_to("the name field", "return el.id === 'wc-name';")
        .await;
    h.press("Keyboard hook").await;
    h.tab_to("the target URL field", "return el.id === 'wc-target_url';")
        .await;
    h.press("https://keys.example.com/in").await;
    // Enter in a field submits the form: the review first, focused on its heading; then
    // the new webhook's view takes focus to its heading, and keeps it there when its
    // triggers and fresh copy arrive.
    h.press(&key(Key::Enter)).await;
    h.review_focus_settles().await;
    assert_eq!(
        h.review_rows().await,
        [
            "Name|Keyboard hook",
            "Target URL|https://keys.example.com/in"
        ]
    );
    assert!(h.api().webhooks().await.is_empty(), "nothing sent yet");
    h.confirm_review_by_keyboard("Confirm and create").await;
    h.wait_for_text("#wc-view-title", "Keyboard hook").await;
    h.focus_settles("focus on the new webhook's heading", TITLE)
        .await;
    let created = h.api().webhooks().await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0]["target_url"],
        json!("https://keys.example.com/in")
    );

    // Edit and save: the form's heading, the review's heading, then the saved webhook's.
    h.tab_to(
        "the Edit button",
        "return el.tagName === 'BUTTON' && el.textContent.trim() === 'Edit';",
    )
    .await;
    h.press(&key(Key::Enter)).await;
    h.wait_for_text("#wc-view-title", "Edit “Keyboard hook”")
        .await;
    h.focus_settles("focus on the edit form's heading", TITLE)
        .await;
    h.tab_to("the name field", "return el.id === 'wc-name';")
        .await;
    // Tabbing into a field selects its text: typing replaces it.
    h.press("Keyboard hook v2").await;
    h.press(&key(Key::Enter)).await;
    h.review_focus_settles().await;
    assert_eq!(
        h.review_rows().await,
        ["Name|Keyboard hook|Keyboard hook v2"]
    );
    h.confirm_review_by_keyboard("Confirm and save").await;
    h.wait_for_text("#wc-view-title", "Keyboard hook v2").await;
    h.focus_settles("focus on the saved webhook's heading", TITLE)
        .await;
    assert_eq!(
        h.api().webhooks().await[0]["name"],
        json!("Keyboard hook v2")
    );

    // Back to the list and open the webhook from it.
    h.shift_tab_to(
        "the link back to the list",
        "return el.tagName === 'BUTTON' && !!el.closest('.breadcrumb');",
    )
    .await;
    h.press(&key(Key::Enter)).await;
    h.wait_for_text("table.webhooks td.name", "Keyboard hook v2")
        .await;
    h.focus_settles("focus on the list's heading", TITLE).await;
    h.tab_to(
        "the webhook's link in the list",
        "return el.tagName === 'BUTTON' && !!el.closest('td.name');",
    )
    .await;
    h.press(&key(Key::Enter)).await;
    h.wait_for_text("#wc-view-title", "Keyboard hook v2").await;
    h.focus_settles("focus on the opened webhook's heading", TITLE)
        .await;

    // The delete dialog takes focus to its safe choice, Escape closes it, and focus
    // returns to the button that opened it.
    h.tab_to(
        "the Delete button",
        "return el.tagName === 'BUTTON' && el.textContent.trim() === 'Delete' && !el.closest('dialog');",
    )
    .await;
    h.escape_a_confirmation("Delete").await;
    assert_eq!(h.api().webhooks().await.len(), 1, "Escape deleted nothing");
    h.confirm_by_keyboard("Delete webhook").await;
    h.wait_until(
        "the empty list after deleting",
        "return !!document.querySelector('.empty');",
        vec![],
    )
    .await;
    assert!(h.api().webhooks().await.is_empty());
    h.focus_settles("focus on the list's heading after deleting", TITLE)
        .await;
    h.assert_no_browser_errors().await;
}
