//! End to end: every view of every provider laid out on one grid, at 375, 768 and 1280 px
//! in light and dark, with a screenshot of each (`target/screenshots/<provider>/`, and
//! `docs/screenshots/<provider>/` for the README with `WEBHOOK_CONSOLE_SCREENSHOTS=1`).
//!
//! A picture is for a person; what fails the test is [`LAYOUT`], run in the page at each
//! width and scheme (and, without a picture, at 320 and 1440 px, the ends of the range
//! the console promises): nothing wider than the window, group titles and buttons on one
//! line, a header row's value level with its name and its actions beside its fields,
//! labels over their inputs, the view's title clear of what follows, no two controls on
//! top of each other, and the standalone page edge to edge.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::{env, fs};

use fantoccini::key::Key;
use serde_json::json;
use support::{DROPLIT_ECOSYSTEM, DROPLIT_TOKEN, Harness, Provoked};

/// The widths of the pictures: a phone, a tablet, a laptop.
const WIDTHS: [u32; 3] = [375, 768, 1280];
/// Checked as well, without a picture: the narrowest and widest the layout must hold at.
const EDGE_WIDTHS: [u32; 2] = [320, 1440];
const SCHEMES: [&str; 2] = ["light", "dark"];
/// The window's height before it grows to show the whole view.
const HEIGHT: u32 = 800;
/// A taller view is cut here: a picture, not a scroll.
const MAX_HEIGHT: u32 = 3000;

/// The layout's invariants, checked in the page as it is; returns what breaks them, in
/// words. Geometry only: the words and colours are other tests' business.
const LAYOUT: &str = r#"
const problems = [];
const W = innerWidth;
const px = v => parseFloat(v) || 0;
const say = el => {
  const cls = typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\s+/).join('.') : '';
  const text = (el.textContent || el.value || el.placeholder || '').trim().replace(/\s+/g, ' ');
  return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} "${text.slice(0, 40)}"`;
};
// The part of an element its scrolling ancestors let show (none: null).
const seen = el => {
  if (el.closest('.visually-hidden')) return null;
  if (getComputedStyle(el).visibility === 'hidden') return null;
  let r = el.getBoundingClientRect();
  let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  for (let p = el.parentElement; p; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
      const q = p.getBoundingClientRect();
      box = { left: Math.max(box.left, q.left), top: Math.max(box.top, q.top),
              right: Math.min(box.right, q.right), bottom: Math.min(box.bottom, q.bottom) };
    }
  }
  return box.right - box.left > 1 && box.bottom - box.top > 1 ? box : null;
};
const lines = el => {
  const s = getComputedStyle(el);
  const lh = s.lineHeight === 'normal' ? px(s.fontSize) * 1.2 : px(s.lineHeight);
  const inner = el.getBoundingClientRect().height - px(s.paddingTop) - px(s.paddingBottom)
    - px(s.borderTopWidth) - px(s.borderBottomWidth);
  return inner / lh;
};
const dialog = document.querySelector('dialog[open]');
const scope = dialog || document;

const wide = document.documentElement.scrollWidth;
if (wide > W) {
  const out = [...document.querySelectorAll('.wc-app *')].filter(el => {
    const b = seen(el);
    return b && b.right > W + 1 && ![...el.children].some(c => (seen(c) || { right: 0 }).right > W + 1);
  });
  problems.push(`the page is ${wide} px wide in a ${W} px window: ${out.slice(0, 3).map(say).join(', ')}`);
}

// The standalone page is the console, edge to edge: no body margin around its background.
const body = getComputedStyle(document.body);
if (px(body.marginTop) || px(body.marginLeft) || px(body.marginRight))
  problems.push(`the page's body has a margin (${body.margin}) around the console`);
const app = document.querySelector('.wc-app').getBoundingClientRect();
if (app.left !== 0 || app.width !== document.documentElement.clientWidth || app.top + scrollY !== 0)
  problems.push(`the console's background starts at (${app.left}, ${app.top + scrollY}), ${app.width} px wide`);

if (dialog) {
  const r = dialog.getBoundingClientRect();
  if (r.left < 0 || r.right > W || r.top < 0 || r.bottom > innerHeight)
    problems.push(`the dialog (${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)}) leaves the ${W} x ${innerHeight} window`);
}

// Buttons on one line; group titles too, from 768 px (on a phone, a title's count may go
// under it); no phrase of a title breaks, nor the connection's id or a secret's hint.
for (const el of scope.querySelectorAll('.btn, .nav-link' + (W >= 768 ? ', legend' : ''))) {
  if (seen(el) && lines(el) >= 1.6)
    problems.push(`${say(el)} takes ${lines(el).toFixed(1)} lines`);
}
const phrases = scope.querySelectorAll('legend, .connection code, .secret-hint');
for (const el of phrases) {
  if (!seen(el)) continue;
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (!t.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    const rows = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (rows.size > 1) problems.push(`"${t.textContent.trim()}" in ${say(el)} breaks across ${rows.size} lines`);
  }
}

// The header: the navigation on one row, the connection beside the brand, when there is
// room for them (768 px and 1024 px up).
const tabs = new Set([...document.querySelectorAll('.nav-link')].map(el => Math.round(el.getBoundingClientRect().top)));
if (W >= 768 && tabs.size > 1) problems.push(`the navigation takes ${tabs.size} rows`);
const brand = document.querySelector('.app-header .brand');
const connection = document.querySelector('.app-header .connection');
if (W >= 1024 && brand && connection && connection.getBoundingClientRect().top >= brand.getBoundingClientRect().bottom)
  problems.push('the connection wraps under the brand');

// A header row: its first value level with its name's input when beside it, below it
// when stacked; its actions inside the row and beside its fields, not across the panel.
for (const row of scope.querySelectorAll('li.header-row')) {
  if (!seen(row)) continue;
  const name = row.querySelector('.header-name input').getBoundingClientRect();
  const value = row.querySelector('.header-values > li');
  if (value) {
    const v = (value.querySelector('input') || value).getBoundingClientRect();
    if (v.left >= name.right) {
      if (Math.abs(v.top - name.top) > 2)
        problems.push(`in the header row of ${say(row.querySelector('.header-name input'))}, the value's top is ${Math.round(v.top - name.top)} px from the name's`);
    } else if (v.top < name.bottom) {
      problems.push(`in the header row of ${say(row.querySelector('.header-name input'))}, the value overlaps the name`);
    }
  }
  const r = row.getBoundingClientRect();
  let reach = name.right;
  for (const el of row.querySelectorAll('.header-values input, .header-values button, .header-values span')) {
    const b = seen(el);
    if (b) reach = Math.max(reach, b.right);
  }
  for (const button of row.querySelectorAll('.row-actions button')) {
    const b = button.getBoundingClientRect();
    if (b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1)
      problems.push(`${say(button)} sticks out of its header row`);
    if (b.left > reach + 24)
      problems.push(`${say(button)} is ${Math.round(b.left - reach)} px right of its row's fields`);
  }
}

// A field's label over its input, and a form's fields on one left edge (a toolbar's side
// by side).
for (const form of scope.querySelectorAll('form')) {
  const edges = [];
  for (const field of form.querySelectorAll('.field')) {
    if (!seen(field)) continue;
    if (field.parentElement === form && !form.matches('.list-toolbar')) edges.push([field, field.getBoundingClientRect().left]);
    const label = field.querySelector(':scope > label');
    // A checkbox goes beside its label, not under it.
    const input = field.querySelector(':scope > input:not([type=checkbox]), :scope > select, :scope > textarea, :scope > .input-with-button');
    if (label && input && !label.contains(input) && seen(label) && seen(input)) {
      const dx = input.getBoundingClientRect().left - label.getBoundingClientRect().left;
      if (Math.abs(dx) > 1) problems.push(`${say(input)} is ${Math.round(dx)} px off its label's left edge`);
      if (input.getBoundingClientRect().top < label.getBoundingClientRect().bottom - 1)
        problems.push(`${say(input)} overlaps its label`);
    }
  }
  for (const [field, left] of edges) {
    if (Math.abs(left - edges[0][1]) > 1)
      problems.push(`${say(field)} starts ${Math.round(left - edges[0][1])} px off the form's left edge`);
  }
}

// The view's title clear of the first label or control after it.
const title = document.getElementById('wc-view-title');
if (title && seen(title) && !dialog) {
  const t = title.getBoundingClientRect();
  const panel = title.closest('.panel') || document;
  for (const el of panel.querySelectorAll('label, legend, input, select, textarea, .field, fieldset, dl, table')) {
    if (!(title.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) || !seen(el)) continue;
    const gap = el.getBoundingClientRect().top - t.bottom;
    if (gap < 8) problems.push(`${say(el)} is ${Math.round(gap)} px below the view's title (8 at least)`);
    break;
  }
}

// No two labels, controls or titles on top of each other.
const boxes = [];
for (const el of scope.querySelectorAll('label, input, select, textarea, button, legend, h1, h2, h3, h4, h5, h6, [role=heading], .hint, .field-error, .secret-hint')) {
  const b = seen(el);
  if (b && el.type !== 'hidden') boxes.push([el, b]);
}
for (let i = 0; i < boxes.length; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const [a, p] = boxes[i], [b, q] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (w > 1 && h > 1) problems.push(`${say(a)} and ${say(b)} overlap (${Math.round(w)} x ${Math.round(h)} px)`);
  }
}
return problems;
"#;

/// One provider's walk: each view checked at every width and scheme, and pictured.
struct Album<'a> {
    h: &'a Harness,
    provider: &'static str,
    /// What broke an invariant, where; the walk goes on, so one run shows every problem.
    problems: Vec<String>,
    pictures: usize,
}

impl<'a> Album<'a> {
    async fn new(h: &'a Harness, provider: &'static str) -> Album<'a> {
        h.client
            .set_window_size(1280, HEIGHT)
            .await
            .expect("size the window");
        Album {
            h,
            provider,
            problems: Vec::new(),
            pictures: 0,
        }
    }

    /// Checks the view on screen at every width and scheme and saves its pictures, then
    /// leaves it as it was (1280 px, light) for the walk's next step.
    async fn shoot(&mut self, view: &str) {
        for width in EDGE_WIDTHS {
            self.check(view, width, "light").await;
        }
        for scheme in SCHEMES {
            self.scheme(scheme).await;
            for width in WIDTHS {
                self.check(view, width, scheme).await;
                self.save(&format!("{view}-{width}-{scheme}.png")).await;
            }
        }
        self.scheme("light").await;
        self.size(1280, HEIGHT).await;
    }

    async fn size(&self, width: u32, height: u32) {
        self.h
            .cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .await;
        self.h
            .client
            .set_window_size(width, height)
            .await
            .expect("size the window");
    }

    async fn scheme(&self, scheme: &str) {
        self.h.emulate_color_scheme(scheme).await;
        // Buttons fade to the new scheme's colours (a CSS transition): the picture shows
        // where they land.
        self.h
            .wait_until(
                "the colour transitions to end",
                "return document.getAnimations().length === 0;",
                vec![],
            )
            .await;
    }

    /// The window at `width`, as tall as the view (up to [`MAX_HEIGHT`]), scrolled to the
    /// top; then [`LAYOUT`].
    async fn check(&mut self, view: &str, width: u32, scheme: &str) {
        self.size(width, HEIGHT).await;
        self.h
            .wait_until(
                "the window at its new width",
                "return innerWidth === arguments[0];",
                vec![json!(width)],
            )
            .await;
        let tall = self
            .h
            .eval("return document.documentElement.scrollHeight;", vec![])
            .await
            .as_u64()
            .expect("the page's height") as u32;
        if tall > HEIGHT {
            // A window is no taller than the screen: the view port grows instead.
            self.h
                .cdp(
                    "Emulation.setDeviceMetricsOverride",
                    json!({ "width": width, "height": tall.min(MAX_HEIGHT),
                            "deviceScaleFactor": 1, "mobile": false }),
                )
                .await;
        }
        self.h.eval("window.scrollTo(0, 0);", vec![]).await;
        let found = self.h.eval(LAYOUT, vec![]).await;
        for problem in found.as_array().expect("a list of problems") {
            self.problems.push(format!(
                "{} {view}, {width} px, {scheme}: {}",
                self.provider,
                problem.as_str().unwrap_or_default()
            ));
        }
    }

    /// Saves the window as it is to `target/screenshots/<provider>/name`, and to
    /// `docs/screenshots/<provider>/name` when asked to (`WEBHOOK_CONSOLE_SCREENSHOTS=1`).
    async fn save(&mut self, name: &str) {
        let path = Self::folder("target/screenshots", self.provider).join(name);
        self.h.screenshot(&path).await;
        if env::var_os("WEBHOOK_CONSOLE_SCREENSHOTS").is_some_and(|v| v == "1") {
            let docs = Self::folder("docs/screenshots", self.provider);
            fs::create_dir_all(&docs).expect("create docs/screenshots");
            fs::copy(&path, docs.join(name)).expect("copy the screenshot into docs/");
        }
        self.pictures += 1;
    }

    fn folder(base: &str, provider: &str) -> PathBuf {
        Harness::repo_path(base).join(provider)
    }

    /// Fails with every problem the walk met.
    fn assert_on_one_grid(&self, views: usize) {
        assert!(
            self.problems.is_empty(),
            "{} layout problem(s):\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
        assert_eq!(
            self.pictures,
            views * WIDTHS.len() * SCHEMES.len(),
            "a picture per view, width and scheme"
        );
    }
}

/// Moves focus off whatever was last typed into or clicked (its ring is not the layout),
/// firing its blur as a user leaving it would.
async fn blur(h: &Harness) {
    h.eval(
        "document.activeElement && document.activeElement.blur();",
        vec![],
    )
    .await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn slashid_views_are_on_one_grid_at_every_width() {
    let h = Harness::start().await;
    let api = h.api();
    let mut album = Album::new(&h, "slashid").await;
    let mut views = 0;

    h.open("/").await;
    h.wait_for_text("#wc-view-title", "Connect to your organization")
        .await;
    album.shoot("connect").await;
    views += 1;
    h.connect().await;
    h.wait_for_text(".empty h3", "No webhooks yet").await;
    album.shoot("list-empty").await;
    views += 1;

    let mut orders = String::new();
    for (name, url, timeout, headers) in [
        (
            "Orders service",
            "https://orders.example.com/hooks/slashid",
            "5s",
            json!({
                "X-Webhook-Secret": ["a-long-shared-secret-value"],
                "X-Tenant": ["acme-production", "acme-staging"],
            }),
        ),
        (
            "CRM sync",
            "https://crm.example.net/slashid",
            "1.5s",
            json!({}),
        ),
        (
            "Security alerts",
            "https://siem.example.org/ingest",
            "",
            json!({ "Authorization": ["Bearer siem-token-0001"] }),
        ),
    ] {
        let mut body = json!({
            "name": name, "target_url": url, "custom_headers": headers,
            "description": format!("{name}, kept in step with SlashID"),
        });
        if !timeout.is_empty() {
            body["timeout"] = json!(timeout);
        }
        let created = api.create_webhook(body).await;
        if name == "Orders service" {
            orders = created["id"].as_str().unwrap().to_owned();
        }
    }
    for (trigger_type, trigger_name) in
        [("event", "PersonCreated_v1"), ("event", "PersonDeleted_v1")]
    {
        let (status, answer) = api
            .call(
                "POST",
                &format!("/organizations/webhooks/{orders}/triggers"),
                Some(json!({ "trigger_type": trigger_type, "trigger_name": trigger_name })),
            )
            .await;
        assert_eq!(status, 201, "add a trigger: {answer}");
    }
    let (status, answer) = api
        .call(
            "POST",
            "/test-events",
            Some(json!([{ "event_name": "PersonCreated_v1" }])),
        )
        .await;
    assert_eq!(status, 201, "send a test event: {answer}");
    let jwt = api.deliveries(&orders).await[0]["jwt"]
        .as_str()
        .expect("a recorded call")
        .to_owned();

    h.click_button(".panel-head .actions", "Refresh").await;
    h.wait_for_text(".list-toolbar .count", "3 webhooks").await;
    album.shoot("list").await;
    views += 1;

    h.click_button(".panel-head .actions", "Create webhook")
        .await;
    h.type_into("#wc-name", "Fulfilment").await;
    h.click("#wc-headers-add").await;
    h.type_into("li.header-row .header-name input", "X-Webhook-Secret")
        .await;
    h.type_into("li.header-row .header-value input", "a-long-shared-secret")
        .await;
    // Last: its error, shown on leaving it, moves what is below.
    h.type_into("#wc-target_url", "https://10.0.0.7/hooks")
        .await;
    h.tab_out_of("#wc-target_url").await;
    h.find("#wc-target_url-err").await;
    blur(&h).await;
    album.shoot("create-with-error").await;
    views += 1;
    // Fixed, the create's review: what it will send, the header's value as a hint; Back
    // and Cancel leave nothing created.
    h.replace_text("#wc-target_url", "https://fulfilment.example.com/hooks")
        .await;
    h.click(".webhook-form button[type=submit]").await;
    h.find(".review").await;
    album.shoot("create-review").await;
    views += 1;
    h.click_button(".review .form-actions", "Back to the form")
        .await;
    h.click_button(".webhook-form .form-actions", "Cancel")
        .await;

    h.click_button("table.webhooks", "Orders service").await;
    h.find(".trigger-list li").await;
    h.wait_for_text(".subpanel", "PersonCreated_v1").await;
    album.shoot("detail").await;
    views += 1;

    h.click("button[aria-controls=wc-trigger-picker]").await;
    h.click("#wc-tp-group-Person").await;
    blur(&h).await;
    album.shoot("trigger-picker-events").await;
    views += 1;
    h.click("#wc-tp-type-sync_hook").await;
    h.click("#wc-tp-group-Synchronous").await;
    h.wait_until(
        "every synchronous hook chosen",
        "return document.querySelector('#wc-tp-group-Synchronous').checked;",
        vec![],
    )
    .await;
    blur(&h).await;
    album.shoot("trigger-picker-hooks").await;
    views += 1;
    h.click("button[aria-controls=wc-trigger-picker]").await;

    h.click_button(".panel-head .actions", "Delete").await;
    h.find("dialog[open]").await;
    album.shoot("delete-dialog").await;
    views += 1;
    h.click_button("dialog[open]", "Cancel").await;
    h.wait_gone("dialog[open]").await;

    // Stored values kept, one being replaced, a header being added.
    h.click_button(".panel-head .actions", "Edit").await;
    h.find(".webhook-form .secret-hint").await;
    h.click_button("li.header-row", "Replace").await;
    h.click("#wc-headers-add").await;
    // The new row's name has focus, and its value is next.
    h.wait_until(
        "focus on the new header's name",
        "return !!document.activeElement.closest('.header-name');",
        vec![],
    )
    .await;
    h.press("X-Region").await;
    h.press(&Key::Tab.to_string()).await;
    h.press("eu-west-1").await;
    blur(&h).await;
    album.shoot("edit").await;
    views += 1;
    h.click_button(".webhook-form .form-actions", "Cancel")
        .await;

    h.click_button("nav", "Test events").await;
    h.find(".event-row select")
        .await
        .select_by_value("PersonCreated_v1")
        .await
        .expect("choose the event");
    h.click(".panel form button[type=submit]").await;
    h.wait_for_text("[role=status] .notice.success", "sent")
        .await;
    blur(&h).await;
    album.shoot("test-events").await;
    views += 1;

    h.click_button("nav", "Verification keys").await;
    h.find("table.keys tbody tr").await;
    album.shoot("verification-keys").await;
    views += 1;

    h.click_button("nav", "Verify a delivery").await;
    h.type_into("#wc-verify-input", &jwt).await;
    h.click(".verify form button[type=submit]").await;
    h.wait_for_text("#wc-verify-summary", "genuine").await;
    blur(&h).await;
    album.shoot("verify").await;
    views += 1;

    h.click_button("nav", "Consistency").await;
    h.find("#wc-cons-timeout").await;
    album.shoot("consistency").await;
    views += 1;

    h.connect_with(support::ORG_ID, "wrong-key").await;
    h.wait_for_text("#wc-view-title", "Check your API key")
        .await;
    album.shoot("check-your-key").await;
    views += 1;

    album.assert_on_one_grid(views);
    h.assert_only_provoked_errors(&[Provoked::Status(401)])
        .await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn instavm_views_are_on_one_grid_at_every_width() {
    let h = Harness::start().await;
    let api = h.instavm_api();
    let mut album = Album::new(&h, "instavm").await;
    let mut views = 0;

    h.open("/instavm.html").await;
    h.wait_for_text("#wc-view-title", "Connect to InstaVM")
        .await;
    album.shoot("connect").await;
    views += 1;
    h.connect_instavm().await;
    h.wait_for_text(".empty h3", "No endpoints yet").await;
    album.shoot("list-empty").await;
    views += 1;

    h.instavm_create_with_a_warning_and_an_error().await;
    blur(&h).await;
    album.shoot("create-with-error").await;
    views += 1;

    h.replace_text("#wc-url", "https://hooks.example.com/instavm")
        .await;
    h.replace_text("#wc-timeout_seconds", "15").await;
    h.wait_gone("#wc-timeout_seconds-err").await;
    h.click(".endpoint-form button[type=submit]").await;
    h.find(".review").await;
    album.shoot("create-review").await;
    views += 1;
    h.confirm_create().await;
    h.find("dialog.secret-dialog[open] #wc-secret-value").await;
    album.shoot("secret-dialog").await;
    views += 1;
    h.click("#wc-secret-stored").await;
    h.click("#wc-secret-done").await;
    h.wait_gone("dialog[open]").await;
    h.wait_for_text("#wc-secret-hint", "whsec_").await;

    let down = api
        .create_endpoint(json!({
            "url": "https://down.invalid/hook",
            "description": "Snapshots to the archive",
            "event_patterns": ["snapshot.*"],
        }))
        .await;
    assert!(down["endpoint"]["id"].is_string(), "{down}");
    for n in 0..3 {
        api.event("vm.started", json!({ "vm_id": format!("vm_{n}") }))
            .await;
    }
    api.event("snapshot.created", json!({ "snapshot_id": "snap_1" }))
        .await;
    h.click_button(".endpoint-actions", "Send test event").await;
    h.wait_for_text("#wc-action-result", "Test event sent")
        .await;
    blur(&h).await;
    album.shoot("detail").await;
    views += 1;

    h.click_button(".endpoint-actions", "Rotate secret…").await;
    h.wait_for_text("dialog[open] p", "reject every delivery")
        .await;
    album.shoot("rotate-dialog").await;
    views += 1;
    h.press(&Key::Escape.to_string()).await;
    h.wait_gone("dialog[open]").await;

    h.click_button(".endpoint-actions", "Edit").await;
    h.wait_for_text("#wc-view-title", "Edit").await;
    h.find("#wc-event_patterns-1").await;
    blur(&h).await;
    album.shoot("edit").await;
    views += 1;

    h.click_button(".app-header nav", "Endpoints").await;
    h.click_button(".panel-head .actions", "Refresh").await;
    h.wait_for_text(".list-toolbar .count", "2 endpoints").await;
    h.wait_for_text("table.endpoints", "could not resolve host")
        .await;
    album.shoot("list").await;
    views += 1;
    // Narrow and dark at once: axe where the other tests do not look.
    album.size(375, HEIGHT).await;
    album.scheme("dark").await;
    h.assert_accessible("the endpoint list at 375 px, dark")
        .await;
    album.scheme("light").await;
    album.size(1280, HEIGHT).await;

    h.click_button(".app-header nav", "Deliveries").await;
    h.wait_for_text("#wc-deliveries-count", "deliveries").await;
    let verify = "button[aria-label^='Verify the vm.started delivery']";
    h.find(verify).await;
    album.shoot("deliveries").await;
    views += 1;

    h.click(verify).await;
    h.wait_for_text("#wc-view-title", "Verify a delivery").await;
    h.type_into("#wc-verify-secret", "whsec_not-the-secret")
        .await;
    h.click(".verify form button[type=submit]").await;
    h.wait_for_text("#wc-verify-summary", "signature mismatch")
        .await;
    blur(&h).await;
    album.shoot("verify").await;
    views += 1;

    album.assert_on_one_grid(views);
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn droplit_views_are_on_one_grid_at_every_width() {
    let h = Harness::start().await;
    let mut album = Album::new(&h, "droplit").await;
    let mut views = 0;

    h.open("/droplit.html").await;
    h.wait_for_text("#wc-view-title", "Connect to your ecosystem")
        .await;
    album.shoot("connect").await;
    views += 1;
    h.type_into("#wc-connect-ecosystem", DROPLIT_ECOSYSTEM)
        .await;
    h.type_into("#wc-connect-token", DROPLIT_TOKEN).await;
    h.click(".connect button[type=submit]").await;
    h.wait_for_text(".empty h3", "No webhooks yet").await;
    album.shoot("list-empty").await;
    views += 1;

    // An error and the hang warning at once.
    h.droplit_create_with_an_error_and_a_hang_warning().await;
    h.type_into("#wc-description", "Orders").await;
    blur(&h).await;
    album.shoot("create-with-error").await;
    views += 1;

    h.replace_text("#wc-url", "https://orders.example.com/droplit")
        .await;
    h.type_into("#wc-secret", "droplit-screens-signing-secret")
        .await;
    h.click_button(".form-actions", "Create webhook").await;
    h.find(".review").await;
    album.shoot("create-review").await;
    views += 1;
    h.confirm_create().await;
    h.wait_for_text("#wc-view-title", "Orders").await;
    h.click_button(".panel-head .actions", "Send a test call")
        .await;
    h.wait_for_text("#wc-action-result", "sent a test call")
        .await;
    h.wait_for_text("table.deliveries", "Signed").await;
    blur(&h).await;
    album.shoot("detail").await;
    views += 1;

    h.click_button(".panel-head .actions", "Delete").await;
    h.find("dialog[open]").await;
    album.shoot("delete-dialog").await;
    views += 1;
    h.press(&Key::Escape.to_string()).await;
    h.wait_gone("dialog[open]").await;

    h.click_button(".panel-head .actions", "Edit").await;
    h.wait_for_text("#wc-view-title", "Edit “Orders”").await;
    h.find("#wc-remove-secret").await;
    album.shoot("edit").await;
    views += 1;

    h.click_button(".breadcrumb", "← Back to the webhook").await;
    h.click_button("table.deliveries", "Verify").await;
    h.wait_for_text("#wc-view-title", "Verify a delivery").await;
    h.type_into("#wc-verify-secret", "not-the-secret").await;
    h.click_button(".form-actions", "Verify").await;
    h.wait_for_text("#wc-verify-result", "does not match").await;
    blur(&h).await;
    album.shoot("verify").await;
    views += 1;

    for (url, description) in [
        ("https://crm.example.net/droplit", "CRM sync"),
        ("https://siem.example.org/ingest", "Security alerts"),
    ] {
        let (status, answer) = h
            .droplit()
            .call(
                "POST",
                "/api/webhooks",
                Some(json!({ "ecosystemId": DROPLIT_ECOSYSTEM, "url": url, "description": description })),
            )
            .await;
        assert!(status < 300, "create a webhook: {status} {answer}");
    }
    h.click_button("nav", "Webhooks").await;
    h.click_button(".panel-head .actions", "Refresh").await;
    h.wait_for_text(".list-toolbar .count", "3 webhooks").await;
    album.shoot("list").await;
    views += 1;
    album.size(375, HEIGHT).await;
    album.scheme("dark").await;
    h.assert_accessible("the webhook list at 375 px, dark")
        .await;
    album.scheme("light").await;

    album.assert_on_one_grid(views);
    h.assert_no_browser_errors().await;
}

/// The README shows these; a walk that stops saving one of them leaves it stale.
#[test]
fn the_readme_shows_pictures_that_exist() {
    let readme = fs::read_to_string(Harness::repo_path("README.md")).expect("read the README");
    let shown: Vec<&str> = readme
        .split("](docs/screenshots/")
        .skip(1)
        .map(|rest| rest.split(')').next().unwrap_or_default())
        .filter(|target| target.ends_with(".png"))
        .collect();
    assert!(!shown.is_empty(), "the README shows no screenshot");
    for picture in shown {
        assert!(
            Harness::repo_path("docs/screenshots")
                .join(picture)
                .is_file(),
            "the README shows docs/screenshots/{picture}, which is not there"
        );
    }
}
