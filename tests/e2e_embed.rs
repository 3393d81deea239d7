//! End to end: the console embedded in a host page (examples/host-portal, and pages made
//! here), under a strict CSP, in shadow DOM, on other origins, mounted and unmounted.
//! Run by `cargo xtask test` after it has built the dist and the sandbox.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{Value, json};
use support::{API_KEY, Harness, ORG_ID, Options, Provoked};

/// The dist under a versioned sub-path, as a CDN serves it, and under the path the
/// example portal loads it from.
const CDN: &str = "/static/webhook-console/1.0.0";
const CDN_CURRENT: &str = "/static/webhook-console/current";

/// Installed before any page script: records CSP violations, page errors and the
/// window/document listeners alive (added minus removed), by event type.
const WATCH: &str = r#"
(() => {
  const w = (window.__wc = { violations: [], errors: [], listeners: {} });
  document.addEventListener('securitypolicyviolation', (e) => {
    w.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
  window.addEventListener('error', (e) => w.errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => w.errors.push(String(e.reason)));
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const live = new Map();
  const key = (target, type) => (target === window ? 'window:' : 'document:') + type;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if ((this === window || this === document) && fn) {
      const k = key(this, type);
      const set = live.get(k) || new Set();
      set.add(fn);
      live.set(k, set);
      w.listeners[k] = set.size;
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    if ((this === window || this === document) && fn) {
      const k = key(this, type);
      const set = live.get(k);
      if (set) {
        set.delete(fn);
        w.listeners[k] = set.size;
      }
    }
    return remove.call(this, type, fn, opts);
  };
})();
"#;

/// JS helpers, prepended to scripts: `root(sel)` is the shadow root of the console element
/// `sel`, `button(root, text)` a button by its text, `type(input, value)` types like a person.
const HELPERS: &str = r#"
const root = (sel) => { const el = document.querySelector(sel); return el && el.shadowRoot; };
const button = (r, text) => r && [...r.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
const type = (input, value) => {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  input.dispatchEvent(new Event('blur'));
};
"#;

fn js(body: &str) -> String {
    format!("{HELPERS}\n{body}")
}

async fn harness(extra: Vec<(String, std::path::PathBuf)>) -> Harness {
    let dist = Harness::dist_dir();
    let mut static_at = vec![
        (CDN.to_owned(), dist.clone()),
        (CDN_CURRENT.to_owned(), dist),
        (
            "/portal".to_owned(),
            Harness::repo_path("examples/host-portal"),
        ),
    ];
    static_at.extend(extra);
    let h = Harness::start_with(Options {
        static_at,
        ..Options::default()
    })
    .await;
    h.add_init_script(WATCH).await;
    h
}

async fn run(h: &Harness, body: &str) -> Value {
    h.eval(&js(body), vec![]).await
}

async fn wait(h: &Harness, what: &str, script: &str) -> Value {
    h.wait_until(what, script, vec![]).await
}

/// Presses "Confirm and create" in the review a create shows first, once it is drawn.
async fn confirm_create(h: &Harness, sel: &str) {
    let confirm = format!("button(root('{sel}'), 'Confirm and create')");
    wait(
        h,
        "the create's review",
        &js(&format!("return !!{confirm};")),
    )
    .await;
    run(h, &format!("{confirm}.click();")).await;
}

/// No CSP violation and no page error recorded since the page opened.
async fn assert_clean_page(h: &Harness) {
    let watched = run(h, "return window.__wc;").await;
    assert_eq!(
        watched["violations"],
        json!([]),
        "CSP violations: {watched:#}"
    );
    assert_eq!(watched["errors"], json!([]), "page errors: {watched:#}");
}

/// Connects the console `sel` through its connection form.
async fn connect_with_form(h: &Harness, sel: &str) {
    wait(
        h,
        "the connection form",
        &js(&format!(
            "const r = root('{sel}'); return !!(r && r.querySelector('#wc-connect-org_id'));"
        )),
    )
    .await;
    run(
        h,
        &format!(
            "const r = root('{sel}');
             type(r.querySelector('#wc-connect-org_id'), '{ORG_ID}');
             type(r.querySelector('#wc-connect-api_key'), '{API_KEY}');
             button(r, 'Connect').click();"
        ),
    )
    .await;
    wait_for_list(h, sel).await;
}

async fn wait_for_list(h: &Harness, sel: &str) {
    wait(
        h,
        "the webhook list",
        &js(&format!(
            "const r = root('{sel}'); return !!button(r, 'Create webhook');"
        )),
    )
    .await;
}

/// Creates a webhook through the console `sel`'s form; returns once its detail shows.
async fn create_webhook(h: &Harness, sel: &str, name: &str) {
    run(
        h,
        &format!("button(root('{sel}'), 'Create webhook').click();"),
    )
    .await;
    wait(
        h,
        "the create form",
        &js(&format!(
            "const r = root('{sel}'); return !!(r && r.querySelector('#wc-name'));"
        )),
    )
    .await;
    run(
        h,
        &format!(
            "const r = root('{sel}');
             type(r.querySelector('#wc-name'), '{name}');
             type(r.querySelector('#wc-target_url'), 'https://hooks.example.com/{name}');
             r.querySelector('form button[type=submit]').click();"
        ),
    )
    .await;
    confirm_create(h, sel).await;
    wait(h,
        "the created webhook's page",
        &js(&format!(
            "const r = root('{sel}'); return !!button(r, 'Delete') && r.textContent.includes('{name}');"
        )),
    )
    .await;
}

async fn delete_open_webhook(h: &Harness, sel: &str) {
    run(h, &format!("button(root('{sel}'), 'Delete').click();")).await;
    wait(
        h,
        "the delete confirmation",
        &js(&format!(
            "return !!button(root('{sel}'), 'Delete webhook');"
        )),
    )
    .await;
    run(
        h,
        &format!("button(root('{sel}'), 'Delete webhook').click();"),
    )
    .await;
    wait_for_list(h, sel).await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn portal_under_strict_csp_creates_and_deletes_a_webhook() {
    let h = harness(vec![]).await;
    h.open("/portal/").await;
    connect_with_form(&h, "webhook-console").await;
    // The host's path is untouched; hash routing put the view into the fragment.
    let location = run(&h, "return [location.pathname, location.hash];").await;
    assert_eq!(location, json!(["/portal/", "#/webhooks"]));

    create_webhook(&h, "webhook-console", "csp-check").await;
    let activity = run(
        &h,
        "return document.getElementById('portal-activity').textContent;",
    )
    .await;
    assert!(
        activity
            .as_str()
            .is_some_and(|a| a.contains("webhook-created")),
        "the portal heard no webhook-console:changed: {activity}"
    );
    let hash = run(&h, "return location.hash;").await;
    assert!(
        hash.as_str().is_some_and(|h| h.starts_with("#/webhooks/")),
        "{hash}"
    );
    // Back goes to the list, forward to the webhook again (hash routing).
    run(&h, "history.back();").await;
    wait_for_list(&h, "webhook-console").await;
    run(&h, "history.forward();").await;
    wait(
        &h,
        "the webhook again after history.forward()",
        &js("return !!button(root('webhook-console'), 'Delete');"),
    )
    .await;

    delete_open_webhook(&h, "webhook-console").await;
    let activity = run(
        &h,
        "return document.getElementById('portal-activity').textContent;",
    )
    .await;
    assert!(
        activity
            .as_str()
            .is_some_and(|a| a.contains("webhook-deleted")),
        "{activity}"
    );
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

/// Computed styles of some host elements and some console elements.
const STYLES: &str = r#"
const pick = (el, props) => {
  if (!el) return null;
  const cs = getComputedStyle(el);
  return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
};
const props = ['font-family', 'font-size', 'color', 'text-transform', 'letter-spacing',
  'background-color', 'border-top-style', 'padding-top', 'margin-top', 'box-sizing'];
const r = root('webhook-console');
return {
  host: {
    h1: pick(document.getElementById('portal-title'), props),
    button: pick(document.getElementById('portal-account'), props),
    aside: pick(document.querySelector('.portal-sidebar p'), props),
  },
  console: r && {
    title: pick(r.querySelector('#wc-view-title'), props),
    primary: pick(r.querySelector('button.btn.primary'), props),
    input: pick(r.querySelector('input'), props),
  },
};
"#;

/// The console's headings, in document order: `[tag, aria-level or null, text]`, and
/// whether its brand header is there; null until `ready` (CSS) is in it.
fn outline_of(sel: &str, ready: &str) -> String {
    js(&format!(
        "const r = root('{sel}');
         if (!r || !r.querySelector('.wc-root:not([hidden]) {ready}')) return null;
         const hs = [...r.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')];
         return {{
           brand: !!r.querySelector('.brand'),
           headings: hs.map((h) => [h.tagName, h.getAttribute('aria-level'), h.textContent.trim()]),
         }};"
    ))
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn embedded_without_chrome_continues_the_host_outline() {
    // The example portal: chrome="none" heading-level="3" under its h2 "Webhooks".
    let h = harness(vec![]).await;
    h.open("/portal/").await;
    let form = wait(
        &h,
        "the portal's console",
        &outline_of("webhook-console", "#wc-view-title"),
    )
    .await;
    assert_eq!(form["brand"], false, "no brand header: {form:#}");
    assert_eq!(
        form["headings"],
        json!([["H3", null, "Connect to your organization"]]),
        "{form:#}"
    );
    assert_eq!(
        run(
            &h,
            "return root('webhook-console').querySelector('.app-header, nav') !== null;"
        )
        .await,
        true,
        "the navigation's header stays"
    );
    connect_with_form(&h, "webhook-console").await;
    let list = wait(
        &h,
        "the empty list",
        &outline_of("webhook-console", ".empty"),
    )
    .await;
    assert_eq!(
        list["headings"],
        json!([["H3", null, "Webhooks"], ["H4", null, "No webhooks yet"]]),
        "sections one level below: {list:#}"
    );
    let creates = run(
        &h,
        "return [...root('webhook-console').querySelectorAll('button')].filter((b) => b.textContent.trim() === 'Create webhook').length;",
    )
    .await;
    assert_eq!(creates, 1, "one Create webhook button on an empty list");
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

/// As mount options: beyond h6 a heading is role="heading" with its level; values the
/// console does not know are ignored with a warning, and it keeps its defaults.
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn heading_level_and_chrome_as_mount_options_and_invalid_ones_warned() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    write_host_page(
        pages.path(),
        "'self'",
        &format!(
            "import {{ mount }} from '{CDN}/webhook-console-loader.v1.js';
const opts = {{ orgId: '{ORG_ID}', apiKey: '{API_KEY}' }};
mount(document.getElementById('a'), {{ ...opts, chrome: 'none', headingLevel: 6 }});
mount(document.getElementById('b'), {{ ...opts, chrome: 'hidden', headingLevel: 7 }});
"
        ),
    );
    h.open("/host/").await;
    let a = wait(&h, "console a", &outline_of("#a", ".empty")).await;
    assert_eq!(
        a,
        json!({"brand": false, "headings": [["H6", null, "Webhooks"], ["P", "7", "No webhooks yet"]]})
    );
    let b = wait(&h, "console b", &outline_of("#b", ".empty")).await;
    assert_eq!(
        b,
        json!({"brand": true, "headings": [["H1", null, "Webhook Console"], ["H2", null, "Webhooks"], ["H3", null, "No webhooks yet"]]}),
        "the defaults"
    );
    let warnings: Vec<String> = h
        .browser_log()
        .await
        .into_iter()
        .filter(|e| e.level == "WARNING")
        .map(|e| e.message)
        .collect();
    for option in ["chrome is ignored", "headingLevel is ignored"] {
        assert_eq!(
            warnings.iter().filter(|w| w.contains(option)).count(),
            1,
            "one warning for {option}: {warnings:#?}"
        );
    }
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn host_and_console_styles_do_not_leak_either_way() {
    let h = harness(vec![]).await;
    h.open("/portal/").await;
    // Styles are read once the console's stylesheet applied: until then its root is
    // `hidden`, and its elements would show inherited values.
    wait(&h,
        "the console's connection form, styled",
        &js("const r = root('webhook-console'); return !!(r && r.querySelector('.wc-root:not([hidden]) button.btn.primary'));"),
    )
    .await;
    let with_console = run(&h, STYLES).await;

    // The host's elements: exactly as its CSS says, with the console mounted...
    let host_h1 = &with_console["host"]["h1"];
    assert_eq!(host_h1["font-size"], "40px", "{with_console:#}");
    assert_eq!(host_h1["color"], "rgb(179, 0, 89)");
    assert_eq!(host_h1["text-transform"], "uppercase");
    let host_button = &with_console["host"]["button"];
    assert_eq!(host_button["background-color"], "rgb(255, 208, 0)");
    assert_eq!(host_button["border-top-style"], "dashed");

    // ... and the same once it is gone.
    run(&h, "document.querySelector('webhook-console').remove();").await;
    let without = run(&h, STYLES).await;
    assert_eq!(with_console["host"], without["host"]);

    // The console's elements: none of the host's global rules got in.
    let c = &with_console["console"];
    for (name, el) in c.as_object().expect("console styles") {
        let family = el["font-family"].as_str().unwrap_or_default();
        assert!(!family.contains("Comic"), "{name}: {el:#}");
        assert_eq!(el["text-transform"], "none", "{name}: {el:#}");
        assert_eq!(el["letter-spacing"], "normal", "{name}: {el:#}");
        assert_eq!(el["box-sizing"], "border-box", "{name}: {el:#}");
    }
    assert_ne!(c["title"]["font-size"], "40px");
    assert_ne!(c["title"]["margin-top"], "4px");
    assert_ne!(c["primary"]["border-top-style"], "dashed");
    // The host themed the console through --wc-accent on the element.
    assert_eq!(c["primary"]["background-color"], "rgb(179, 0, 89)");
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn themes_light_dark_and_custom_properties() {
    let h = harness(vec![]).await;
    h.open("/portal/").await;
    wait(
        &h,
        "the console, styled",
        &js("const r = root('webhook-console'); return !!(r && r.querySelector('.wc-root:not([hidden]) .wc-app'));"),
    )
    .await;
    let background = |theme: &str| {
        js(&format!(
            "const el = document.querySelector('webhook-console');
             el.setAttribute('theme', '{theme}');
             return new Promise((resolve) => setTimeout(() => {{
               const app = el.shadowRoot && el.shadowRoot.querySelector('.wc-app');
               resolve(app && getComputedStyle(app).backgroundColor);
             }}, 300));"
        ))
    };
    let light = h
        .client
        .execute(&background("light"), vec![])
        .await
        .unwrap();
    let dark = h.client.execute(&background("dark"), vec![]).await.unwrap();
    assert_eq!(light, "rgb(246, 247, 249)");
    assert_eq!(dark, "rgb(15, 18, 23)");
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

/// A host page made by the test, served at `/host/` from `dir`, whose CSP allows the
/// API's origin only.
fn write_host_page(dir: &std::path::Path, api: &str, script: &str) {
    std::fs::write(
        dir.join("index.html"),
        format!(
            r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' {api}">
    <title>Host</title>
    <link rel="icon" href="data:,">
    <script type="module" src="host.js"></script>
  </head>
  <body>
    <h1 id="host-title">Host</h1>
    <div id="a"></div>
    <div id="b"></div>
  </body>
</html>
"#
        ),
    )
    .unwrap();
    std::fs::write(dir.join("host.js"), script).unwrap();
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn api_on_another_origin_with_refreshed_credentials() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    let api = h.start_api_sandbox();
    assert_ne!(api, h.base_url());
    // The first credentials are stale: the console must ask again after the 401, retry
    // once, and never tell the host "unauthorized".
    write_host_page(
        pages.path(),
        &api,
        &format!(
            r#"import {{ mount }} from '{CDN}/webhook-console-loader.v1.js';
const log = (window.__host = {{ calls: [], events: [] }});
const a = document.getElementById('a');
for (const name of ['unauthorized', 'changed', 'error']) {{
  a.addEventListener(`webhook-console:${{name}}`, (e) => log.events.push([name, e.detail]));
}}
window.__handle = mount(a, {{
  apiBase: '{api}',
  orgId: '{ORG_ID}',
  provider: 'slashid',
  getCredentials: async ({{ refresh }}) => {{
    log.calls.push(refresh);
    const stale = log.calls.length === 1;
    return {{ headers: {{ 'SlashID-API-Key': stale ? 'expired-token' : '{API_KEY}' }} }};
  }},
}});
"#
        ),
    );
    h.open("/host/").await;
    wait_for_list(&h, "#a").await;
    create_webhook(&h, "#a", "cross-origin").await;
    let host = run(&h, "return window.__host;").await;
    // list: stale, then refreshed; create: one more call.
    assert_eq!(host["calls"][0], json!(false), "{host:#}");
    assert_eq!(host["calls"][1], json!(true), "{host:#}");
    let events = host["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e[0] != "unauthorized"), "{host:#}");
    assert!(
        events
            .iter()
            .any(|e| e[0] == "changed" && e[1]["change"] == "webhook-created"),
        "{host:#}"
    );
    // The webhook is in the API sandbox, not in the one serving the page.
    let text = run(
        &h,
        "return document.getElementById('a').shadowRoot.textContent;",
    )
    .await;
    assert!(text.as_str().unwrap().contains("cross-origin"));
    let serialized = host.to_string();
    assert!(!serialized.contains(API_KEY), "a secret reached an event");
    assert_clean_page(&h).await;
    // The stale token's 401 is logged by Chromium as a failed request: allowed.
    h.assert_no_script_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn mount_unmount_mount_and_two_consoles() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    write_host_page(
        pages.path(),
        "'self'",
        &format!(
            "export {{}};\n// Driven by the test through window.__loader.\nwindow.__loader = import('{CDN}/webhook-console-loader.v1.js');\n"
        ),
    );
    h.open("/host/").await;
    let options = format!("{{ orgId: '{ORG_ID}', apiKey: '{API_KEY}', hashRouting: true }}");
    let baseline = run(&h, "return window.__wc.listeners;").await;

    // mount, unmount, mount.
    run(
        &h,
        &format!(
            "window.__loader.then(async (m) => {{
               const first = m.mount(document.getElementById('a'), {options});
               await first.ready;
               first.unmount();
               window.__second = m.mount(document.getElementById('a'), {options});
               await window.__second.ready;
               window.__mounted = true;
             }});"
        ),
    )
    .await;
    wait(&h, "the second mount", "return window.__mounted === true;").await;
    wait_for_list(&h, "#a").await;
    let after = run(&h, "return window.__wc.listeners;").await;
    let hashchange = |v: &Value| v["window:hashchange"].as_u64().unwrap_or(0);
    assert_eq!(
        hashchange(&after),
        hashchange(&baseline) + 1,
        "one hashchange listener for one mounted console: {after:#}"
    );
    let shadow_children = run(
        &h,
        "return document.getElementById('a').shadowRoot.querySelectorAll('.wc-root').length;",
    )
    .await;
    assert_eq!(shadow_children, 1);

    // A second console beside it, navigated on its own.
    run(
        &h,
        &format!(
            "window.__loader.then((m) => {{ window.__b = m.mount(document.getElementById('b'), {{ orgId: '{ORG_ID}', apiKey: '{API_KEY}', theme: 'dark' }}); }});"
        ),
    )
    .await;
    wait_for_list(&h, "#b").await;
    run(&h, "button(root('#b'), 'Verification keys').click();").await;
    wait(&h,
        "console b on its keys page",
        &js("const r = root('#b'); return r.querySelector('.nav-link[aria-current=page]')?.textContent === 'Verification keys';"),
    )
    .await;
    let a_view = run(
        &h,
        "return document.getElementById('a').shadowRoot.querySelector('.nav-link[aria-current=page]').textContent;",
    )
    .await;
    assert_eq!(a_view, "Webhooks", "console a followed console b");
    // Console b has no hash routing: the hash is still a's.
    assert_eq!(run(&h, "return location.hash;").await, "#/webhooks");

    // Unmounting both leaves no listener, no node and no live mount behind.
    run(
        &h,
        "window.__second.unmount(); window.__b.unmount();
         window.__loader.then(async (m) => { window.__live = await m.liveMounts(); });",
    )
    .await;
    wait(
        &h,
        "the live-mount count",
        "return window.__live !== undefined;",
    )
    .await;
    let live = wait(
        &h,
        "no live mount",
        "return window.__loader.then(async (m) => (await m.liveMounts()) === 0);",
    )
    .await;
    assert_eq!(live, true);
    let end = run(&h, "return window.__wc.listeners;").await;
    assert_eq!(hashchange(&end), hashchange(&baseline), "{end:#}");
    let leftovers = run(
        &h,
        "return ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.childNodes.length);",
    )
    .await;
    assert_eq!(leftovers, json!([0, 0]));
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn standalone_dist_under_a_sub_path() {
    let h = harness(vec![]).await;
    h.open(&format!("{CDN}/")).await;
    h.wait_for_text("h1", "Webhook Console").await;
    // No inline script in the standalone page; everything relative to the sub-path.
    let scripts = run(
        &h,
        "return [...document.scripts].map((s) => s.src ? new URL(s.src).pathname : 'inline');",
    )
    .await;
    assert_eq!(
        scripts,
        json!([format!("{CDN}/webhook-console-standalone.v1.js")])
    );
    // The base URL comes from the page's origin (config.json's apiBase is null).
    let base = run(
        &h,
        "return document.getElementById('wc-connect-base').value;",
    )
    .await;
    assert_eq!(base, h.base_url());
    // The manifest lists every file with its size and a matching SRI hash.
    let check = wait(&h,
            "the manifest check",
            &format!(
                "if (!window.__manifest) {{
                   window.__manifest = (async () => {{
                     const m = await (await fetch('{CDN}/manifest.json')).json();
                     const out = [];
                     for (const f of m.files) {{
                       const bytes = await (await fetch('{CDN}/' + f.path, {{ cache: 'no-store' }})).arrayBuffer();
                       const digest = await crypto.subtle.digest('SHA-384', bytes);
                       const b64 = btoa(String.fromCharCode(...new Uint8Array(digest)));
                       out.push([f.path, bytes.byteLength === f.size, 'sha384-' + b64 === f.integrity]);
                     }}
                     window.__manifestResult = {{ entry: m.entry, files: out }};
                   }})();
                 }}
                 return window.__manifestResult || null;"
            ),
        )
        .await;
    let files = check["files"].as_array().unwrap();
    for f in files {
        assert_eq!(f[1], true, "size of {f}");
        assert_eq!(f[2], true, "integrity of {f}");
    }
    let names: Vec<&str> = files.iter().filter_map(|f| f[0].as_str()).collect();
    for expected in [
        "webhook-console-standalone.v1.js",
        check["entry"]["wasm"].as_str().unwrap(),
        check["entry"]["js"].as_str().unwrap(),
        check["entry"]["css"].as_str().unwrap(),
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    // Not listed: the loader carries the manifest's hash, the pages name the loader's,
    // and config.json is replaced per environment (README, "Embedding").
    for unlisted in ["webhook-console-loader.v1.js", "index.html", "config.json"] {
        assert!(!names.contains(&unlisted), "{unlisted} in {names:?}");
    }
    h.assert_no_browser_errors().await;
}

/// A host page whose `host.js` defines `window.__make(id)`: a `<webhook-console>` with the
/// e2e organization and key, appended to the body, its events logged in `__host.events`
/// and `hooks(el, event)` called on each `webhook-console:changed`. `extra` runs first.
fn write_element_host(dir: &std::path::Path, hash_routing: bool, extra: &str, hooks: &str) {
    let routing = if hash_routing {
        "el.setAttribute('hash-routing', '');"
    } else {
        ""
    };
    write_host_page(
        dir,
        "'self'",
        &format!(
            r#"import '{CDN}/webhook-console-loader.v1.js';
const log = (window.__host = {{ events: [] }});
{extra}
const hooks = {hooks};
window.__make = (id) => {{
  const el = document.createElement('webhook-console');
  el.id = id;
  el.setAttribute('org-id', '{ORG_ID}');
  {routing}
  el.apiKey = '{API_KEY}';
  for (const name of ['changed', 'error', 'unauthorized']) {{
    el.addEventListener(`webhook-console:${{name}}`, (e) => {{
      log.events.push([name, e.detail]);
      if (name === 'changed') hooks(el, e.detail);
    }});
  }}
  document.body.append(el);
  return el;
}};
window.__make('c1');
"#
        ),
    );
}

/// After a host took a console away mid-task: no page error (a trap of the shared wasm
/// module shows as one), and a new console on the page still works and is the only one.
async fn assert_page_survives(h: &Harness) {
    // The new console opens on its list, whatever view the hash named for the old one.
    run(
        h,
        "history.replaceState(null, '', location.pathname); window.__make('c2');",
    )
    .await;
    wait_for_list(h, "#c2").await;
    let live = wait(
        h,
        "only the new console live",
        &format!(
            "return import('{CDN}/webhook-console-loader.v1.js').then(async (m) => (await m.liveMounts()) === 1);"
        ),
    )
    .await;
    assert_eq!(live, true);
    assert_clean_page(h).await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn host_removing_the_console_on_trigger_added_leaves_the_page_working() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    let webhook = h
        .api()
        .create_webhook(
            json!({"name": "removed-mid-task", "target_url": "https://hooks.example.com/removed"}),
        )
        .await;
    // The portal removes the console as soon as a trigger is added: while the console is
    // still adding the rest of the group.
    write_element_host(
        pages.path(),
        false,
        "",
        "(el, detail) => { if (detail.change === 'trigger-added') { el.remove(); log.removed = true; } }",
    );
    h.open("/host/").await;
    wait_for_list(&h, "#c1").await;
    run(
        &h,
        "root('#c1').querySelector('table.webhooks td.name button').click();",
    )
    .await;
    wait(
        &h,
        "the webhook's triggers",
        &js("const r = root('#c1'); return !!(r && r.querySelector('button[aria-controls=wc-trigger-picker]'));"),
    )
    .await;
    run(
        &h,
        "root('#c1').querySelector('button[aria-controls=wc-trigger-picker]').click();",
    )
    .await;
    wait(
        &h,
        "the trigger picker",
        &js("const r = root('#c1'); return !!(r && r.querySelector('#wc-tp-group-Person'));"),
    )
    .await;
    run(
        &h,
        "root('#c1').querySelector('#wc-tp-group-Person').click();",
    )
    .await;
    wait(
        &h,
        "the whole group chosen",
        &js(
            "return /Add \\d+ triggers/.test(root('#c1').querySelector('#wc-tp-add').textContent);",
        ),
    )
    .await;
    run(&h, "root('#c1').querySelector('#wc-tp-add').click();").await;
    wait(
        &h,
        "the host removing the console",
        "return window.__host.removed === true;",
    )
    .await;
    let id = webhook["id"].as_str().unwrap();
    assert!(
        !h.api().triggers(id).await.is_empty(),
        "the first trigger was added"
    );
    assert_page_survives(&h).await;
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn attribute_change_while_the_verifier_fetches_keys_leaves_the_page_working() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    // A real delivery to verify: a webhook with a trigger and one test event.
    let api = h.api();
    let webhook = api
        .create_webhook(
            json!({"name": "verify-remount", "target_url": "https://hooks.example.com/verify"}),
        )
        .await;
    let id = webhook["id"].as_str().unwrap();
    let trigger = json!({"trigger_type": "event", "trigger_name": "PersonCreated_v1"});
    let (status, _) = api
        .call(
            "POST",
            &format!("/organizations/webhooks/{id}/triggers"),
            Some(trigger),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = api
        .call(
            "POST",
            "/test-events",
            Some(json!([{"event_name": "PersonCreated_v1"}])),
        )
        .await;
    assert_eq!(status, 201);
    let jwt = api.deliveries(id).await[0]["jwt"]
        .as_str()
        .unwrap()
        .to_owned();
    // The JWKS answer comes late, and the host changes an attribute (which remounts the
    // console) the moment the request leaves.
    write_element_host(
        pages.path(),
        true,
        r#"const fetchNow = window.fetch;
window.fetch = function (input, init) {
  const request = new Request(input, init);
  if (request.url.includes('verification-jwks') && !log.remounted) {
    request.headers.set('X-Sandbox-Fault', 'delay=700');
    log.remounted = true;
    document.getElementById('c1').setAttribute('theme', 'dark');
  }
  return fetchNow.call(window, request);
};"#,
        "() => {}",
    );
    h.open("/host/#/verify").await;
    wait(
        &h,
        "the verifier",
        &js("const r = root('#c1'); return !!(r && r.querySelector('#wc-verify-input'));"),
    )
    .await;
    run(
        &h,
        &format!(
            "const r = root('#c1'); type(r.querySelector('#wc-verify-input'), '{jwt}'); r.querySelector('.verify form button[type=submit]').click();"
        ),
    )
    .await;
    wait(
        &h,
        "the remount",
        "return window.__host.remounted === true;",
    )
    .await;
    // The remounted console (dark now) works, and the late answer broke nothing.
    wait(
        &h,
        "the remounted console",
        &js("const r = root('#c1'); return !!(r && r.querySelector('#wc-verify-input')) && document.getElementById('c1').dataset.wcTheme === 'dark';"),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    run(&h, "document.getElementById('c1').remove();").await;
    assert_page_survives(&h).await;
    h.assert_no_browser_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn unmounting_during_a_delete_that_ends_in_408_leaves_the_page_working() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    let webhook = h
        .api()
        .create_webhook(
            json!({"name": "deleted-unmounted", "target_url": "https://hooks.example.com/408"}),
        )
        .await;
    let id = webhook["id"].as_str().unwrap().to_owned();
    // The DELETE gets a 408, and the host takes the console away while it is in flight.
    write_element_host(
        pages.path(),
        true,
        r#"const fetchNow = window.fetch;
window.fetch = function (input, init) {
  const request = new Request(input, init);
  if (request.method === 'DELETE') {
    request.headers.set('X-Sandbox-Fault', '408');
    const sent = fetchNow.call(window, request);
    document.getElementById('c1').remove();
    log.removed = true;
    return sent;
  }
  return fetchNow.call(window, request);
};"#,
        "() => {}",
    );
    h.open(&format!("/host/#/webhooks/{id}")).await;
    wait(
        &h,
        "the webhook's page",
        &js("return !!button(root('#c1'), 'Delete');"),
    )
    .await;
    run(&h, "button(root('#c1'), 'Delete').click();").await;
    wait(
        &h,
        "the delete confirmation",
        &js("return !!button(root('#c1'), 'Delete webhook');"),
    )
    .await;
    run(&h, "button(root('#c1'), 'Delete webhook').click();").await;
    wait(
        &h,
        "the console removed",
        "return window.__host.removed === true;",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_page_survives(&h).await;
    // The 408 is provoked; it is the only error the browser may log.
    h.assert_no_script_errors().await;
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn credentials_that_fail_mean_nothing_was_sent() {
    let pages = tempfile::tempdir().unwrap();
    let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
    write_host_page(
        pages.path(),
        "'self'",
        &format!(
            r#"import {{ mount }} from '{CDN}/webhook-console-loader.v1.js';
const log = (window.__host = {{ events: [], mode: 'ok' }});
const a = document.getElementById('a');
for (const name of ['unauthorized', 'changed', 'error']) {{
  a.addEventListener(`webhook-console:${{name}}`, (e) => log.events.push([name, e.detail]));
}}
let release;
window.__release = () => release && release();
window.__handle = mount(a, {{
  orgId: '{ORG_ID}',
  getCredentials: async () => {{
    if (log.mode === 'throw') throw new Error('token service down: secret-token-123');
    if (log.mode === 'hold') await new Promise((r) => {{ release = r; log.held = true; }});
    if (log.mode === 'never') await new Promise(() => {{}});
    return {{ headers: {{ 'SlashID-API-Key': '{API_KEY}' }} }};
  }},
}});
"#
        ),
    );
    h.open("/host/").await;
    wait_for_list(&h, "#a").await;

    // The host's function throws: the form says nothing was sent, the host hears
    // `not-sent`, and the thrown text (which quotes a token) appears nowhere.
    run(&h, "window.__host.mode = 'throw';").await;
    run(&h, "button(root('#a'), 'Create webhook').click();").await;
    wait(
        &h,
        "the create form",
        &js("const r = root('#a'); return !!(r && r.querySelector('#wc-name'));"),
    )
    .await;
    run(
        &h,
        "const r = root('#a');
         type(r.querySelector('#wc-name'), 'never-sent');
         type(r.querySelector('#wc-target_url'), 'https://hooks.example.com/never');
         r.querySelector('form button[type=submit]').click();",
    )
    .await;
    confirm_create(&h, "#a").await;
    let notice = wait(
        &h,
        "the form's error",
        &js("const e = root('#a').querySelector('#wc-form-error'); return e ? e.textContent : null;"),
    )
    .await;
    let notice = notice.as_str().unwrap();
    assert!(notice.contains("Nothing was sent to SlashID"), "{notice}");
    assert!(!notice.contains("may or may not"), "{notice}");
    assert!(!notice.contains("could not be reached"), "{notice}");
    let host = run(&h, "return window.__host;").await;
    let errors: Vec<&Value> = host["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[0] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{host:#}");
    assert_eq!(errors[0][1]["kind"], "not-sent", "{host:#}");
    assert!(!host.to_string().contains("secret-token-123"), "{host:#}");
    assert!(h.api().webhooks().await.is_empty());
    // What was typed is still there.
    let name = run(&h, "return root('#a').querySelector('#wc-name').value;").await;
    assert_eq!(name, "never-sent");

    // The host's function never settles: after the stated 10 seconds the form says
    // nothing was sent, and nothing is.
    run(
        &h,
        "window.__host.mode = 'never';
         root('#a').querySelector('form button[type=submit]').click();",
    )
    .await;
    confirm_create(&h, "#a").await;
    let started = std::time::Instant::now();
    let notice = wait(
        &h,
        "the form's error after the credentials' deadline",
        &js("const e = root('#a').querySelector('#wc-form-error');
             return e && e.textContent.includes('within') ? e.textContent : null;"),
    )
    .await;
    let notice = notice.as_str().unwrap();
    assert!(notice.contains("within 10 seconds"), "{notice}");
    assert!(notice.contains("Nothing was sent to SlashID"), "{notice}");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(9),
        "{:?}",
        started.elapsed()
    );
    assert!(h.api().webhooks().await.is_empty());

    // The host closes the console while its function is still working: the request is
    // never sent.
    run(&h, "window.__host.mode = 'hold';").await;
    run(
        &h,
        "root('#a').querySelector('form button[type=submit]').click();",
    )
    .await;
    confirm_create(&h, "#a").await;
    wait(
        &h,
        "the host holding the credentials",
        "return window.__host.held === true;",
    )
    .await;
    run(&h, "window.__handle.unmount(); window.__release();").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(
        h.api().webhooks().await.is_empty(),
        "a request left a console that was closed"
    );
    assert_clean_page(&h).await;
    h.assert_no_browser_errors().await;
}

/// `dist` copied to `to`, without the compressed copies of `file` (which the caller
/// changes: the sandbox would serve those first).
fn dist_copy(to: &std::path::Path, file: &str) {
    let dist = Harness::dist_dir();
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(&dist).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(&format!("{file}.")) && (name.ends_with(".gz") || name.ends_with(".br"))
        {
            continue;
        }
        std::fs::copy(&path, to.join(&name)).unwrap();
    }
}

/// A deployment's own `config.json` from before the providers (no `provider`) still
/// opens SlashID's console at `/`, as one naming `slashid` does.
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn a_config_without_a_provider_still_opens_slashids_console() {
    let copies = tempfile::tempdir().unwrap();
    let old = copies.path().join("old");
    dist_copy(&old, "config.json");
    std::fs::write(
        old.join("config.json"),
        r#"{"apiBase": null, "orgId": null, "theme": "auto"}"#,
    )
    .unwrap();
    let h = harness(vec![("/old".to_owned(), old)]).await;
    for page in ["/old/", &format!("{CDN}/")] {
        h.open(page).await;
        h.wait_for_text("#wc-view-title", "Connect to your organization")
            .await;
        assert!(
            h.find("#wc-connect-org_id")
                .await
                .is_displayed()
                .await
                .unwrap()
        );
    }
    h.assert_no_browser_errors().await;
}

/// `dist` copied to `to`, with one byte of `file` changed (and its compressed copies
/// dropped, so that the sandbox serves the changed bytes).
fn tampered_copy(to: &std::path::Path, file: &str) {
    dist_copy(to, file);
    let mut bytes = std::fs::read(to.join(file)).unwrap();
    let at = bytes.len() / 2;
    // A byte of the middle, changed to another printable byte (JSON and JS stay text).
    bytes[at] = if bytes[at] == b'a' { b'b' } else { b'a' };
    std::fs::write(to.join(file), bytes).unwrap();
}

#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn a_changed_file_of_a_pinned_release_stops_the_console_and_names_the_file() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(Harness::dist_dir().join("manifest.json")).unwrap(),
    )
    .unwrap();
    let entry = &manifest["entry"];
    let files: Vec<String> = ["manifest.json", "js", "wasm", "css"]
        .iter()
        .map(|key| match *key {
            "manifest.json" => key.to_string(),
            k => entry[k].as_str().unwrap().to_owned(),
        })
        .collect();
    let copies = tempfile::tempdir().unwrap();
    let pages = tempfile::tempdir().unwrap();
    let mut extra = vec![("/host".to_owned(), pages.path().to_owned())];
    for (i, file) in files.iter().enumerate() {
        let dir = copies.path().join(format!("t{i}"));
        tampered_copy(&dir, file);
        extra.push((format!("/tampered{i}"), dir));
    }
    let loader_dir = copies.path().join("loader");
    tampered_copy(&loader_dir, "webhook-console-loader.v1.js");
    extra.push(("/tampered-loader".to_owned(), loader_dir));
    let h = harness(extra).await;
    // One console per changed file, each from its own copy of the release; and the real
    // loader's hash, given by `dist`, on a script tag pointing at a changed loader.
    let loader_integrity = std::fs::read_to_string(Harness::dist_dir().join("embed-pinned.html"))
        .unwrap()
        .split("integrity=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let mounts: String = (0..files.len())
        .map(|i| {
            format!(
                "{{ const el = document.createElement('div'); el.id = 'c{i}'; document.body.append(el);
                   el.addEventListener('webhook-console:error', (e) => {{ log.errors[{i}] = e.detail; }});
                   import('/tampered{i}/webhook-console-loader.v1.js').then((m) => {{
                     m.mount(el, {{ orgId: '{ORG_ID}', apiKey: '{API_KEY}' }}).ready.catch(() => {{ log.refused[{i}] = true; }});
                   }}); }}\n"
            )
        })
        .collect();
    write_host_page(
        pages.path(),
        "'self'",
        &format!(
            "const log = (window.__host = {{ errors: {{}}, refused: {{}} }});\n\
             const pinned = document.createElement('script');\n\
             pinned.type = 'module';\n\
             pinned.src = '/tampered-loader/webhook-console-loader.v1.js';\n\
             pinned.integrity = '{loader_integrity}';\n\
             pinned.crossOrigin = 'anonymous';\n\
             pinned.onerror = () => {{ log.loaderRefused = true; }};\n\
             document.head.append(pinned);\n{mounts}"
        ),
    );
    h.open("/host/").await;
    let host = wait(
        &h,
        "every changed release refused",
        &format!(
            "const l = window.__host; return Object.keys(l.refused).length === {} && l.loaderRefused ? l : null;",
            files.len()
        ),
    )
    .await;
    for (i, file) in files.iter().enumerate() {
        let error = &host["errors"][i.to_string()];
        assert_eq!(error["kind"], "integrity", "{file}: {host:#}");
        assert_eq!(error["file"], file.as_str(), "{host:#}");
        assert!(
            error["message"].as_str().unwrap().contains(file.as_str()),
            "{host:#}"
        );
        let rendered = run(
            &h,
            &format!("const el = document.getElementById('c{i}'); return !!(el.shadowRoot && el.shadowRoot.querySelector('.wc-app'));"),
        )
        .await;
        assert_eq!(rendered, false, "a console started from a changed {file}");
    }
    // The changed loader was refused by the browser (its script's error event, waited for
    // above): the pinned tag ran nothing.

    // The standalone page of the release with the changed wasm does not start either.
    let wasm_copy = files.iter().position(|f| f.ends_with("_bg.wasm")).unwrap();
    h.open(&format!("/tampered{wasm_copy}/")).await;
    // Long enough for a console to have started (it takes well under a second here).
    tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
    assert_eq!(
        run(&h, "return !!document.querySelector('.wc-app');").await,
        false,
        "the standalone page started from a changed wasm"
    );
    let mut provoked: Vec<Provoked> = files
        .iter()
        .filter(|f| f.as_str() != "manifest.json")
        .map(|f| Provoked::Integrity(Box::leak(f.clone().into_boxed_str())))
        .collect();
    provoked.push(Provoked::Integrity("manifest.json"));
    provoked.push(Provoked::Integrity("webhook-console-loader.v1.js"));
    h.assert_only_provoked_errors(&provoked).await;
}

/// A page that mounts one API's console downloads that provider's glue and wasm only: never
/// another provider's code (SlashID's included, though it is the manifest's `entry`).
#[tokio::test]
#[ignore = "end-to-end: needs the release dist and the sandbox; run by `cargo xtask test`"]
async fn a_page_mounting_one_provider_downloads_no_other_providers_code() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(Harness::dist_dir().join("manifest.json")).unwrap(),
    )
    .unwrap();
    let providers = manifest["providers"].as_object().unwrap().clone();
    assert!(providers.len() >= 3, "{manifest:#}");
    // InstaVM's through the element's `provider` attribute, Droplit's through `mount`.
    let element = |provider: &str| {
        format!(
            "import '{CDN}/webhook-console-loader.v1.js';
const el = document.createElement('webhook-console');
el.id = 'el';
el.setAttribute('provider', '{provider}');
document.body.append(el);
"
        )
    };
    let mounted = |provider: &str| {
        format!(
            "import {{ mount }} from '{CDN}/webhook-console-loader.v1.js';
mount(document.getElementById('a'), {{ provider: '{provider}' }});
"
        )
    };
    for (provider, title, script, sel) in [
        ("instavm", "Connect to InstaVM", element("instavm"), "#el"),
        (
            "droplit",
            "Connect to your ecosystem",
            mounted("droplit"),
            "#a",
        ),
    ] {
        let pages = tempfile::tempdir().unwrap();
        let h = harness(vec![("/host".to_owned(), pages.path().to_owned())]).await;
        write_host_page(pages.path(), "'self'", &script);
        h.open("/host/").await;
        wait(
            &h,
            title,
            &js(&format!(
                "const r = root('{sel}'); const t = r && r.querySelector('#wc-view-title');
                 return t && t.textContent.includes('{title}');"
            )),
        )
        .await;
        let fetched = run(
            &h,
            "return performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);",
        )
        .await;
        let fetched: Vec<String> = serde_json::from_value(fetched).unwrap();
        for (name, files) in &providers {
            for kind in ["js", "wasm"] {
                let file = files[kind].as_str().unwrap();
                let hits = fetched.iter().filter(|p| p.ends_with(file)).count();
                if name == provider {
                    assert_eq!(
                        hits, 1,
                        "{provider}'s {kind} fetched {hits} times: {fetched:#?}"
                    );
                } else {
                    assert_eq!(
                        hits, 0,
                        "a {provider} page fetched {name}'s {kind}: {fetched:#?}"
                    );
                }
            }
        }
        assert_clean_page(&h).await;
    }
}
