//! The one end-to-end harness, shared by every `tests/*.rs` file that says `mod support;`
//! (which is also how `cargo xtask test` recognises an end-to-end file).
//!
//! It builds nothing: `cargo xtask test` has already made the release `dist/` and the
//! sandbox binary, and passes their paths in `WEBHOOK_CONSOLE_DIST` and
//! `WEBHOOK_SANDBOX_BIN`. A [`Harness`] is one sandbox (fresh database in a temp dir,
//! serving `dist/`) plus one headless Chromium driven through chromedriver; dropping it
//! ends both, also when the test panics.
//!
//! Every test should end with [`Harness::assert_no_browser_errors`] (or, for a test that
//! provokes HTTP errors on purpose, [`Harness::assert_only_provoked_errors`] naming them):
//! a console error or an uncaught exception is how a broken build (e.g. a bad wasm-opt)
//! shows up, while the build itself reports success.
//!
//! Beyond starting things, it offers what the end-to-end files share: connecting, finding,
//! clicking and typing with waits; the sandbox's request log; the sandbox's API through
//! reqwest ([`Api`]); a `fetch` wrapper that records the console's calls and can make the
//! next mutation carry `X-Sandbox-Fault`; axe-core; screenshots.

#![allow(dead_code)] // each test file uses its own part of the harness

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use std::{env, fs};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The organization every harness seeds; tests that call the API use these.
pub const ORG_ID: &str = "0b9e6c2a-5f1d-4e7a-9c3b-e2e000000001";
pub const API_KEY: &str = "e2e-test-api-key";
/// The Droplit token every harness seeds, and the ecosystem it reaches.
pub const DROPLIT_TOKEN: &str = "e2e-droplit-token";
pub const DROPLIT_ECOSYSTEM: &str = "e2e-ecosystem";
/// The key of the InstaVM user every harness seeds (`--instavm-key`).
pub const INSTAVM_KEY: &str = "e2e-instavm-api-key";

/// How long the app may take to appear: a cold headless Chromium compiling the wasm on a
/// busy 2-core machine is slow, a healthy one takes well under a second.
pub const STARTUP: Duration = Duration::from_secs(30);

/// What a test may add to the default harness (`Harness::start_with`).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Extra folders the sandbox serves under a path (`--static-at PREFIX=DIR`): the
    /// dist under a sub-path as a CDN would, an example host page...
    pub static_at: Vec<(String, PathBuf)>,
    /// More Chromium switches, e.g. the benchmark's `--enable-precise-memory-info` (which
    /// only exists at launch).
    pub chromium_args: Vec<String>,
}

pub struct Harness {
    pub client: Client,
    base_url: String,
    driver_url: String,
    session_id: String,
    /// Browser-log entries read so far, every level (chromedriver hands each entry out
    /// only once).
    log: Mutex<Vec<BrowserLogEntry>>,
    // Dropped after `Drop::drop`, in this order: browser, then sandbox, then temp dirs.
    // A second session ([`Harness::second_session`]) owns neither: the first's are used.
    chromedriver: Option<Process>,
    sandbox: Option<Process>,
    /// The sandbox's log, for [`Harness::sandbox_requests`].
    sandbox_log: PathBuf,
    /// More sandboxes (other origins), started by [`Harness::start_api_sandbox`].
    extra: Mutex<Vec<Process>>,
    workdir: TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        Self::start_with(Options::default()).await
    }

    /// The built console (`WEBHOOK_CONSOLE_DIST`, else `dist/`).
    pub fn dist_dir() -> PathBuf {
        path_from_env("WEBHOOK_CONSOLE_DIST", "dist")
    }

    /// A path in the repository (e.g. `examples/host-portal`).
    pub fn repo_path(relative: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
    }

    pub async fn start_with(options: Options) -> Harness {
        let dist = Self::dist_dir();
        let sandbox_bin = path_from_env("WEBHOOK_SANDBOX_BIN", "target/server/webhook-sandbox");
        let how = "run `cargo xtask test`, which builds them before the end-to-end tests";
        assert!(
            dist.join("index.html").is_file(),
            "no built console in {} ({how})",
            dist.display()
        );
        assert!(
            sandbox_bin.is_file(),
            "no sandbox binary at {} ({how})",
            sandbox_bin.display()
        );

        let workdir = tempfile::Builder::new()
            .prefix("webhook-e2e-")
            .tempdir()
            .expect("temp dir");
        let sandbox_addr = format!("127.0.0.1:{}", free_port());
        let mut command = Command::new(&sandbox_bin);
        command
            .args(["--listen", &sandbox_addr, "--db"])
            .arg(workdir.path().join("sandbox.db"))
            .arg("--static")
            .arg(&dist)
            .args(["--org", &format!("{ORG_ID}:{API_KEY}"), "--allow-faults"])
            .args([
                "--droplit-token",
                &format!("{DROPLIT_TOKEN}:{DROPLIT_ECOSYSTEM}"),
            ])
            .args(["--instavm-key", INSTAVM_KEY]);
        for (prefix, dir) in &options.static_at {
            let mut arg = std::ffi::OsString::from(format!("{prefix}="));
            arg.push(dir);
            command.arg("--static-at").arg(arg);
        }
        let mut sandbox = Process::spawn("sandbox", command, workdir.path());
        sandbox.wait_http(&sandbox_addr, "/healthz");

        let driver_addr = format!("127.0.0.1:{}", free_port());
        let mut command = Command::new("chromedriver");
        command.arg(format!(
            "--port={}",
            driver_addr.rsplit(':').next().unwrap()
        ));
        let mut chromedriver = Process::spawn("chromedriver", command, workdir.path());
        chromedriver.wait_http(&driver_addr, "/status");

        let profile = workdir.path().join("chromium-profile");
        let driver_url = format!("http://{driver_addr}");
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(chromium_capabilities(&profile, &options.chromium_args))
            .connect(&driver_url)
            .await
            .expect("start a Chromium session through chromedriver");
        let session_id = client.session_id().await.ok().flatten().unwrap_or_default();

        Harness {
            client,
            base_url: format!("http://{sandbox_addr}"),
            driver_url,
            session_id,
            log: Mutex::new(Vec::new()),
            sandbox_log: sandbox.log.clone(),
            chromedriver: Some(chromedriver),
            sandbox: Some(sandbox),
            extra: Mutex::new(Vec::new()),
            workdir,
        }
    }

    /// A second browser on the same sandbox, as another admin would be: its own Chromium
    /// session and profile (so its own storage), through the same chromedriver. It must
    /// be dropped before `self` (declare it after), which ends its session.
    pub async fn second_session(&self) -> Harness {
        let workdir = tempfile::Builder::new()
            .prefix("webhook-e2e-second-")
            .tempdir()
            .expect("temp dir");
        let profile = workdir.path().join("chromium-profile");
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(chromium_capabilities(&profile, &[]))
            .connect(&self.driver_url)
            .await
            .expect("start a second Chromium session through chromedriver");
        let session_id = client.session_id().await.ok().flatten().unwrap_or_default();
        Harness {
            client,
            base_url: self.base_url.clone(),
            driver_url: self.driver_url.clone(),
            session_id,
            log: Mutex::new(Vec::new()),
            sandbox_log: self.sandbox_log.clone(),
            chromedriver: None,
            sandbox: None,
            extra: Mutex::new(Vec::new()),
            workdir,
        }
    }

    /// Another sandbox, API only (no console), on its own port, so on another origin,
    /// with its own database and the same seeded organization; returns its base URL.
    pub fn start_api_sandbox(&self) -> String {
        let sandbox_bin = path_from_env("WEBHOOK_SANDBOX_BIN", "target/server/webhook-sandbox");
        let n = self.extra.lock().unwrap().len();
        let dir = self.workdir.path().join(format!("api-{n}"));
        fs::create_dir_all(&dir).expect("create a sandbox dir");
        let addr = format!("127.0.0.1:{}", free_port());
        let mut command = Command::new(&sandbox_bin);
        command
            .args(["--listen", &addr, "--db"])
            .arg(dir.join("sandbox.db"))
            .args(["--org", &format!("{ORG_ID}:{API_KEY}")]);
        let mut sandbox = Process::spawn("api-sandbox", command, &dir);
        sandbox.wait_http(&addr, "/healthz");
        self.extra.lock().unwrap().push(sandbox);
        format!("http://{addr}")
    }

    /// Runs `source` in every new document before the page's own scripts, outside its
    /// CSP (Chrome DevTools Protocol `Page.addScriptToEvaluateOnNewDocument`, through
    /// chromedriver): how a test listens from the very start, e.g. for
    /// `securitypolicyviolation`.
    pub async fn add_init_script(&self, source: &str) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Page.addScriptToEvaluateOnNewDocument",
                params: json!({ "source": source }),
            })
            .await
            .expect("add a script through chromedriver's CDP endpoint");
    }

    /// One DevTools-protocol command (`cmd`, `params`), through chromedriver; its result.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .unwrap_or_else(|e| panic!("DevTools protocol {cmd}: {e}"))
    }

    /// The sandbox's address, for API calls made by the test itself.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub async fn open(&self, path: &str) {
        let url = format!("{}{path}", self.base_url);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Polls until the first element matching `css` contains `text`; on time-out the panic
    /// shows what the page had, and the browser's errors, which usually explain it.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        self.wait_for_text_within(css, text, STARTUP).await;
    }

    /// [`Self::wait_for_text`] for up to `limit`.
    pub async fn wait_for_text_within(&self, css: &str, text: &str, limit: Duration) {
        let start = Instant::now();
        let mut seen = Value::Null;
        while start.elapsed() < limit {
            seen = self
                .client
                .execute(
                    "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                    vec![json!(css)],
                )
                .await
                .expect("run a script in the page");
            if seen.as_str().is_some_and(|seen| seen.contains(text)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "`{css}` never contained {text:?} within {limit:?} (last seen: {seen}); browser errors: {:#?}",
            self.browser_errors().await
        );
    }

    /// Every entry of the browser log since the session started, of every level: what a
    /// test reads to check that nothing secret was logged.
    pub async fn browser_log(&self) -> Vec<BrowserLogEntry> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser log (goog:loggingPrefs)");
        let mut log = self.log.lock().unwrap();
        for entry in entries.as_array().into_iter().flatten() {
            log.push(BrowserLogEntry {
                level: entry["level"].as_str().unwrap_or_default().to_string(),
                source: entry["source"].as_str().unwrap_or_default().to_string(),
                message: entry["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        log.clone()
    }

    /// Every error the browser logged since the session started: console errors, uncaught
    /// exceptions and rejections, failed resource loads and HTTP error statuses.
    pub async fn browser_errors(&self) -> Vec<BrowserError> {
        self.browser_log()
            .await
            .into_iter()
            .filter(|entry| entry.level == "SEVERE")
            .map(|entry| BrowserError {
                source: entry.source,
                message: entry.message,
            })
            .collect()
    }

    pub async fn assert_no_browser_errors(&self) {
        let errors = self.browser_errors().await;
        assert!(errors.is_empty(), "the browser logged errors: {errors:#?}");
    }

    /// Like [`Self::assert_no_browser_errors`], but allows HTTP error statuses, which
    /// Chromium logs as errors even when the page handles them as it should.
    pub async fn assert_no_script_errors(&self) {
        let errors: Vec<_> = self
            .browser_errors()
            .await
            .into_iter()
            .filter(|error| !error.is_http_status())
            .collect();
        assert!(errors.is_empty(), "the browser logged errors: {errors:#?}");
    }
}

/// An HTTP failure a test provokes on purpose, which Chromium then logs as an error.
#[derive(Clone, Copy, Debug)]
pub enum Provoked {
    /// An answer with this status (`the server responded with a status of 500`).
    Status(u16),
    /// A request that got no answer, by Chromium's error name (`ERR_EMPTY_RESPONSE`).
    Net(&'static str),
    /// A file the browser refused because it does not match its SRI hash (the file name,
    /// which Chromium's message quotes in the resource's URL).
    Integrity(&'static str),
}

impl Provoked {
    fn explains(&self, error: &BrowserError) -> bool {
        match self {
            Provoked::Status(status) => {
                error.source == "network"
                    && error
                        .message
                        .contains(&format!("the server responded with a status of {status} "))
            }
            Provoked::Net(name) => {
                error.source == "network" && error.message.contains(&format!("net::{name}"))
            }
            Provoked::Integrity(file) => {
                error.message.contains("integrity") && error.message.contains(file)
            }
        }
    }
}

/// One request the sandbox answered, from its log (which holds method, path and status
/// only: never a body, a header or a query string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxRequest {
    pub method: String,
    pub path: String,
    /// The status code, or `dropped` for a connection closed on purpose.
    pub status: String,
}

/// The page scripts the harness installs: a `fetch` wrapper that records every call the
/// console makes and can add `X-Sandbox-Fault` to the next mutation, or to the next read
/// (the sandbox runs with `--allow-faults`). The console calls `window.fetch(request)` through wasm-bindgen,
/// which looks `fetch` up on `window` at each call, so the wrapper sees every request.
const FETCH_WRAPPER: &str = r#"
if (!window.__e2e) {
    const original = window.fetch.bind(window);
    window.__e2e = { calls: [], fault: null, readFault: null };
    window.fetch = function (input, init) {
        const request = new Request(input, init);
        const entry = { method: request.method, url: request.url, fault: null };
        if (window.__e2e.fault !== null && request.method !== 'GET') {
            entry.fault = window.__e2e.fault;
            request.headers.set('X-Sandbox-Fault', window.__e2e.fault);
            window.__e2e.fault = null;
        } else if (window.__e2e.readFault !== null && request.method === 'GET') {
            entry.fault = window.__e2e.readFault;
            request.headers.set('X-Sandbox-Fault', window.__e2e.readFault);
            window.__e2e.readFault = null;
        }
        window.__e2e.calls.push(entry);
        return original(request);
    };
}
"#;

impl Harness {
    /// Opens the console and connects with the seeded organization and key; returns once
    /// the list (or its empty state) is shown.
    pub async fn connect(&self) {
        self.connect_with(ORG_ID, API_KEY).await;
        self.wait_until(
            "the webhook list or its empty state",
            "return !!document.querySelector('table.webhooks, .empty');",
            vec![],
        )
        .await;
    }

    /// Opens the console and submits the connection form with these credentials.
    pub async fn connect_with(&self, org_id: &str, api_key: &str) {
        self.open("/").await;
        self.wait_for_text("#wc-view-title", "Connect to your organization")
            .await;
        self.type_into("#wc-connect-org_id", org_id).await;
        self.type_into("#wc-connect-api_key", api_key).await;
        self.click(".connect button[type=submit]").await;
        self.wait_for_text("#wc-view-title", "").await;
    }

    /// Opens InstaVM's console (`/instavm.html`) and connects with [`INSTAVM_KEY`]; returns
    /// once the endpoint list (or its empty state) is shown.
    pub async fn connect_instavm(&self) {
        self.connect_instavm_with(INSTAVM_KEY).await;
        self.wait_until(
            "the endpoint list or its empty state",
            "return !!document.querySelector('table.endpoints, .empty');",
            vec![],
        )
        .await;
    }

    /// Opens InstaVM's console and submits the connection form with this key.
    pub async fn connect_instavm_with(&self, api_key: &str) {
        self.open("/instavm.html").await;
        self.wait_for_text("#wc-view-title", "Connect to InstaVM")
            .await;
        assert!(self.is_masked("#wc-connect-api_key").await);
        self.type_into("#wc-connect-api_key", api_key).await;
        self.click(".connect button[type=submit]").await;
        self.wait_for_text("#wc-view-title", "").await;
    }

    /// Opens Droplit's console (`/droplit.html`) and connects with [`DROPLIT_TOKEN`];
    /// returns once the webhook list (or its empty state) is shown.
    pub async fn connect_droplit(&self) {
        self.open("/droplit.html").await;
        self.wait_for_text("#wc-view-title", "Connect to your ecosystem")
            .await;
        self.type_into("#wc-connect-ecosystem", DROPLIT_ECOSYSTEM)
            .await;
        self.type_into("#wc-connect-token", DROPLIT_TOKEN).await;
        self.click(".connect button[type=submit]").await;
        self.wait_until(
            "the webhook list or its empty state",
            "return !!document.querySelector('table.webhooks, .empty');",
            vec![],
        )
        .await;
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("run a script in the page: {e}\n{script}"))
    }

    /// Polls `script` until it returns something truthy, and returns that; `what` names it
    /// in the panic on time-out, which also shows the browser's errors.
    pub async fn wait_until(&self, what: &str, script: &str, args: Vec<Value>) -> Value {
        let start = Instant::now();
        loop {
            let value = self.eval(script, args.clone()).await;
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            if start.elapsed() > STARTUP {
                panic!(
                    "waited {STARTUP:?} for {what}; browser errors: {:#?}",
                    self.browser_errors().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an element matches `css`, and returns it.
    pub async fn find(&self, css: &str) -> Element {
        self.wait_until(
            &format!("an element matching `{css}`"),
            "return !!document.querySelector(arguments[0]);",
            vec![json!(css)],
        )
        .await;
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find `{css}`: {e}"))
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.wait_until(
            &format!("no element to match `{css}`"),
            "return !document.querySelector(arguments[0]);",
            vec![json!(css)],
        )
        .await;
    }

    /// Clicks the first element matching `css`, as a user would (WebDriver scrolls it into
    /// view and refuses elements hidden or covered, e.g. behind a modal dialog).
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    /// Clicks the button inside `scope` (CSS) whose text is `label`.
    pub async fn click_button(&self, scope: &str, label: &str) {
        let xpath = format!(".//button[normalize-space(.)='{label}']");
        self.find(scope).await;
        let start = Instant::now();
        loop {
            let scope_el = self.client.find(Locator::Css(scope)).await;
            if let Ok(button) = match scope_el {
                Ok(el) => el.find(Locator::XPath(&xpath)).await,
                Err(e) => Err(e),
            } {
                button
                    .click()
                    .await
                    .unwrap_or_else(|e| panic!("click {label:?} in `{scope}`: {e}"));
                return;
            }
            if start.elapsed() > STARTUP {
                panic!("no button {label:?} in `{scope}` within {STARTUP:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `text` into the element matching `css` (key by key, so the page sees every
    /// `input` event), after what it already holds.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// Empties the field matching `css`, then types `text` into it.
    pub async fn replace_text(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        // Select all and delete, as a user would: WebDriver's own clear fires no `input`
        // event, so the page would not see the field emptied.
        el.send_keys(&format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace))
            .await
            .unwrap_or_else(|e| panic!("clear `{css}`: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
    }

    /// The review a save shows first (`ui::review`): waits for it, checks that focus is on
    /// its heading and that the form's Save button is out of sight, and returns its rows as
    /// `field|before|after` (`field|value` for a create, whose review hides the before
    /// column).
    pub async fn review_rows(&self) -> Vec<String> {
        self.find(".review tbody").await;
        self.wait_until(
            "focus on the review's heading",
            "return document.activeElement && document.activeElement.id === 'wc-review-title';",
            vec![],
        )
        .await;
        let save_shown = self
            .eval(
                "return document.getElementById('wc-save').checkVisibility();",
                vec![],
            )
            .await;
        assert_eq!(
            save_shown, false,
            "the form's Save button hidden in a review"
        );
        let rows = self
            .eval(
                "return [...document.querySelectorAll('.review tbody tr')].map(tr =>
                     [...tr.children].filter(c => c.checkVisibility())
                         .map(c => c.textContent).join('|'));",
                vec![],
            )
            .await;
        serde_json::from_value(rows).expect("rows of text")
    }

    /// Confirms the review a save shows first (its "Confirm and save" button).
    pub async fn confirm_review(&self) {
        self.click_button(".review .form-actions", "Confirm and save")
            .await;
    }

    /// Confirms the review a create shows first (its "Confirm and create" button).
    pub async fn confirm_create(&self) {
        self.click_button(".review .form-actions", "Confirm and create")
            .await;
    }

    /// Presses Tab in the element matching `css`: focus moves on and it is blurred.
    pub async fn tab_out_of(&self, css: &str) {
        self.find(css)
            .await
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap_or_else(|e| panic!("press Tab in `{css}`: {e}"));
    }

    /// Sends keys to whatever has focus, as a keyboard-only user would.
    pub async fn press(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("an active element")
            .send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("press {keys:?}: {e}"));
    }

    /// Presses Tab until `is_target` (a function body that sees the focused element as
    /// `el`) returns true; fails after 60 presses, naming where focus went.
    pub async fn tab_to(&self, what: &str, is_target: &str) {
        let check =
            format!("return (function(el) {{ {is_target} }})(document.activeElement) === true;");
        for _ in 0..60 {
            if self.eval(&check, vec![]).await == Value::Bool(true) {
                return;
            }
            self.press(&Key::Tab.to_string()).await;
        }
        panic!(
            "Tab never reached {what}; focus is on {}",
            self.focused().await
        );
    }

    /// A short description of the focused element: tag, id and text.
    pub async fn focused(&self) -> String {
        self.eval(
            "const el = document.activeElement; return el ? `${el.tagName.toLowerCase()}#${el.id} ${(el.textContent || '').trim().slice(0, 40)}` : 'nothing';",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// The text of the first element matching `css` (waits for it).
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await;
        self.eval(
            "return document.querySelector(arguments[0]).textContent;",
            vec![json!(css)],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// The texts of every element matching `css`, trimmed (none is fine).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let value = self
            .eval(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(value).unwrap_or_default()
    }

    /// A DOM property (`value`, `type`, `checked`, ...) of the first element matching `css`.
    pub async fn prop(&self, css: &str, name: &str) -> Value {
        self.find(css).await;
        self.eval(
            "return document.querySelector(arguments[0])[arguments[1]];",
            vec![json!(css), json!(name)],
        )
        .await
    }

    /// Whether the secret input `css` is masked as the console masks secrets: a text
    /// input drawn as discs (`-webkit-text-security`), opted out of password managers,
    /// never `type=password` (which they offer to save and fill).
    pub async fn is_masked(&self, css: &str) -> bool {
        self.find(css).await;
        self.eval(
            "const e = document.querySelector(arguments[0]);
             return e.type === 'text' && e.classList.contains('masked')
                 && getComputedStyle(e).webkitTextSecurity === 'disc'
                 && e.autocomplete === 'off' && e.hasAttribute('data-1p-ignore')
                 && e.getAttribute('data-lpignore') === 'true' && e.hasAttribute('data-bwignore');",
            vec![json!(css)],
        )
        .await
            == json!(true)
    }

    /// An attribute of the first element matching `css`, `None` when it is absent.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css).await;
        self.eval(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
            vec![json!(css), json!(name)],
        )
        .await
        .as_str()
        .map(str::to_string)
    }

    /// Installs the page's `fetch` wrapper (see [`FETCH_WRAPPER`]); again after a reload.
    pub async fn record_fetches(&self) {
        self.eval(FETCH_WRAPPER, vec![]).await;
    }

    /// Makes the console's next mutation (any request but a GET) carry
    /// `X-Sandbox-Fault: fault`: `500`, `408`, `429`, `delay=MS`, `malformed` or `close`.
    pub async fn fault_next_mutation(&self, fault: &str) {
        self.record_fetches().await;
        self.eval("window.__e2e.fault = arguments[0];", vec![json!(fault)])
            .await;
    }

    /// Makes the console's next read (a GET) carry `X-Sandbox-Fault: fault`.
    pub async fn fault_next_read(&self, fault: &str) {
        self.record_fetches().await;
        self.eval("window.__e2e.readFault = arguments[0];", vec![json!(fault)])
            .await;
    }

    /// Every `fetch` the console made since [`Self::record_fetches`], as
    /// `(method, url, fault)`.
    pub async fn fetches(&self) -> Vec<(String, String, Option<String>)> {
        let calls = self
            .eval("return window.__e2e ? window.__e2e.calls : null;", vec![])
            .await;
        assert!(
            !calls.is_null(),
            "record_fetches was not called on this page"
        );
        calls
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["method"].as_str().unwrap_or_default().to_string(),
                    c["url"].as_str().unwrap_or_default().to_string(),
                    c["fault"].as_str().map(str::to_string),
                )
            })
            .collect()
    }

    /// Every request the sandbox has answered so far, oldest first, from its log.
    pub fn sandbox_requests(&self) -> Vec<SandboxRequest> {
        let field = |line: &str, name: &str| -> Option<String> {
            let start = line.find(&format!(" {name}="))? + name.len() + 2;
            let rest = &line[start..];
            let value = match rest.strip_prefix('"') {
                Some(quoted) => &quoted[..quoted.find('"')?],
                None => rest.split(' ').next()?,
            };
            Some(value.to_string())
        };
        fs::read_to_string(&self.sandbox_log)
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains(" request "))
            .filter_map(|line| {
                Some(SandboxRequest {
                    method: field(line, "method")?,
                    path: field(line, "path")?,
                    status: field(line, "status")?,
                })
            })
            .collect()
    }

    /// Direct access to the sandbox's API as the seeded organization.
    pub fn api(&self) -> Api {
        Api {
            http: reqwest::Client::new(),
            base_url: self.base_url.clone(),
            org_id: ORG_ID.to_string(),
            api_key: API_KEY.to_string(),
        }
    }

    /// Droplit's API in the sandbox, with the seeded token.
    pub fn droplit(&self) -> DroplitApi {
        DroplitApi {
            http: reqwest::Client::new(),
            base_url: self.base_url.clone(),
        }
    }

    /// Direct access to the sandbox's InstaVM API as the user of [`INSTAVM_KEY`].
    pub fn instavm_api(&self) -> InstaVmApi {
        InstaVmApi {
            http: reqwest::Client::new(),
            base_url: self.base_url.clone(),
            api_key: INSTAVM_KEY.to_string(),
        }
    }

    /// Runs axe-core (the repository's `node_modules/axe-core`, installed by
    /// `cargo xtask setup`) on the page as it is now and fails on any violation, listing
    /// each readably. `view` names what is on screen, for the message.
    pub async fn assert_accessible(&self, view: &str) {
        let injected = self.eval("return !!window.axe;", vec![]).await;
        if injected != Value::Bool(true) {
            let path =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
            let source = fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "read {} ({e}): run `cargo xtask setup`, which installs axe-core",
                    path.display()
                )
            });
            self.eval(&source, vec![]).await;
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
                    }))))
                    .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("run axe-core on {view}: {e}"));
        if let Some(error) = result.get("error") {
            panic!("axe-core failed on {view}: {error}");
        }
        let violations = result.as_array().cloned().unwrap_or_default();
        if violations.is_empty() {
            return;
        }
        let mut report = format!(
            "{} accessibility violation(s) on {view}:\n",
            violations.len()
        );
        for v in &violations {
            report.push_str(&format!(
                "- {} ({}): {}\n",
                v["id"].as_str().unwrap_or_default(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or_default()
            ));
            for node in v["nodes"].as_array().into_iter().flatten() {
                report.push_str(&format!(
                    "    at {}\n      {}\n      {}\n",
                    node["target"].as_str().unwrap_or_default(),
                    node["html"].as_str().unwrap_or_default(),
                    node["summary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', "\n      ")
                ));
            }
        }
        panic!("{report}");
    }

    /// After a journey: no secret in storage, cookies, the address, the page's markup or text,
    /// the browser log, or the sandbox's request log.
    pub async fn assert_no_secret_anywhere(&self, secrets: &[&str]) {
        let places = self
            .eval(
                "const dump = s => JSON.stringify(Object.keys(s).map(k => [k, s.getItem(k)]));
                 return {
                     localStorage: dump(localStorage),
                     sessionStorage: dump(sessionStorage),
                     cookies: document.cookie,
                     url: location.href,
                     history: JSON.stringify(history.state),
                     markup: document.documentElement.outerHTML,
                     text: document.body.innerText,
                 };",
                vec![],
            )
            .await;
        let mut found = Vec::new();
        for (place, content) in places.as_object().unwrap() {
            let content = content.as_str().unwrap_or_default();
            for secret in secrets {
                if content.contains(secret) {
                    found.push(format!("{secret} in {place}"));
                }
            }
        }
        let url = self.client.current_url().await.unwrap().to_string();
        let log = self.browser_log().await;
        let requests = self.sandbox_requests();
        for secret in secrets {
            if url.contains(secret) {
                found.push(format!("{secret} in the address ({url})"));
            }
            for entry in &log {
                if entry.message.contains(secret) {
                    found.push(format!("{secret} in the browser log: {entry:?}"));
                }
            }
            for request in &requests {
                if request.path.contains(secret) {
                    found.push(format!("{secret} in the sandbox log: {request:?}"));
                }
            }
        }
        assert!(found.is_empty(), "secrets leaked: {found:#?}");
        // The checks above must have looked at something.
        assert!(!requests.is_empty(), "the sandbox log was read");
    }

    /// Makes the page see `prefers-color-scheme: scheme` (`light` or `dark`), through the
    /// DevTools protocol, so both themes can be checked.
    pub async fn emulate_color_scheme(&self, scheme: &str) {
        self.client
            .issue_cmd(Cdp {
                cmd: "Emulation.setEmulatedMedia",
                params: json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            })
            .await
            .unwrap_or_else(|e| panic!("emulate prefers-color-scheme: {scheme}: {e}"));
        let applied = self
            .eval(
                "return matchMedia('(prefers-color-scheme: ' + arguments[0] + ')').matches;",
                vec![json!(scheme)],
            )
            .await;
        assert_eq!(applied, true, "the page does not see the {scheme} scheme");
    }

    /// Saves a PNG of the page as it is now.
    pub async fn screenshot(&self, path: &Path) {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("take a screenshot: {e}"));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("create the screenshot directory");
        }
        fs::write(path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Like [`Self::assert_no_browser_errors`], but allows exactly the HTTP failures the
    /// test provoked: every error must be one of them, and each of them must have been
    /// seen (so the test did provoke what it meant to).
    pub async fn assert_only_provoked_errors(&self, provoked: &[Provoked]) {
        let errors = self.browser_errors().await;
        let unexplained: Vec<_> = errors
            .iter()
            .filter(|e| !provoked.iter().any(|p| p.explains(e)))
            .collect();
        assert!(
            unexplained.is_empty(),
            "the browser logged errors the test did not provoke: {unexplained:#?}"
        );
        for p in provoked {
            assert!(
                errors.iter().any(|e| p.explains(e)),
                "the provoked {p:?} never reached the browser log: {errors:#?}"
            );
        }
    }

    /// Presses Shift+Tab until `is_target` (a function body that sees the focused element
    /// as `el`) returns true: back up the page, as a keyboard user reaches the navigation.
    pub async fn shift_tab_to(&self, what: &str, is_target: &str) {
        let check =
            format!("return (function(el) {{ {is_target} }})(document.activeElement) === true;");
        for _ in 0..60 {
            if self.eval(&check, vec![]).await == Value::Bool(true) {
                return;
            }
            self.press(&format!("{}{}{}", Key::Shift, Key::Tab, Key::Null))
                .await;
        }
        panic!(
            "Shift+Tab never reached {what}; focus is on {}",
            self.focused().await
        );
    }

    /// Waits until the focused element (`el` in `check`, an expression) is the one an
    /// admin expects, then checks that it still is once the view's fresh data has
    /// arrived: a redraw that replaced the focused node would leave focus on the body.
    pub async fn focus_settles(&self, what: &str, check: &str) {
        let script = format!("const el = document.activeElement; return !!el && ({check});");
        self.wait_until(what, &script, vec![]).await;
        // The sandbox answers on loopback in milliseconds: a view's loads are done by then.
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(
            self.eval(&script, vec![]).await,
            Value::Bool(true),
            "{what}: focus left for {} once the data arrived",
            self.focused().await
        );
    }

    /// With focus on the button whose text is `opener`: Enter opens its confirmation with
    /// focus on the safe choice (Cancel), Escape closes it, and focus comes back to
    /// `opener`. The caller then checks that nothing was changed.
    pub async fn escape_a_confirmation(&self, opener: &str) {
        self.press(&Key::Enter.to_string()).await;
        self.focus_settles(
            "focus on Cancel inside the open dialog",
            "!!el.closest('dialog[open]') && el.textContent.trim() === 'Cancel'",
        )
        .await;
        self.press(&Key::Escape.to_string()).await;
        self.wait_gone("dialog[open]").await;
        let back = format!(
            "el.tagName === 'BUTTON' && el.textContent.trim() === {} && !el.closest('dialog')",
            json!(opener)
        );
        self.focus_settles(&format!("focus back on {opener}"), &back)
            .await;
    }

    /// Focus lands on the heading of the review a submitted form shows, and stays there.
    pub async fn review_focus_settles(&self) {
        self.focus_settles(
            "focus on the review's heading",
            "el.id === 'wc-review-title'",
        )
        .await;
    }

    /// From InstaVM's list: its create form with a plain-http URL (a note, not an
    /// error), a description, two patterns (the first's matches shown) and a timeout
    /// below its range (its error shown on leaving the field).
    pub async fn instavm_create_with_a_warning_and_an_error(&self) {
        self.click_button(".panel-head .actions", "Create endpoint")
            .await;
        self.wait_for_text("#wc-view-title", "Create endpoint")
            .await;
        self.type_into("#wc-url", "http://hooks.example.com/instavm")
            .await;
        self.tab_out_of("#wc-url").await;
        self.wait_for_text("#wc-url-warn", "Not HTTPS").await;
        assert_eq!(
            self.attr("#wc-url", "aria-invalid").await.as_deref(),
            Some("false"),
            "a note, not an error"
        );
        self.type_into("#wc-description", "Billing").await;
        self.click("#wc-pattern-add").await;
        self.type_into("#wc-event_patterns-0", "vm.*").await;
        self.wait_for_text("#wc-event_patterns-0-matches", "vm.started")
            .await;
        self.click("#wc-pattern-add").await;
        self.type_into("#wc-event_patterns-1", "execution.completed")
            .await;
        self.type_into("#wc-timeout_seconds", "2").await;
        self.tab_out_of("#wc-timeout_seconds").await;
        self.wait_for_text(
            "#wc-timeout_seconds-err",
            "Input should be greater than or equal to 3",
        )
        .await;
    }

    /// From Droplit's list: its create form with a URL its pattern refuses and on which
    /// Node would hang (the error and the warning at once).
    pub async fn droplit_create_with_an_error_and_a_hang_warning(&self) {
        self.click_button(".panel-head .actions", "Create webhook")
            .await;
        self.wait_for_text("#wc-view-title", "Create webhook").await;
        let hanging = format!("https://hooks.example.com{}\u{2028}", "/a".repeat(26));
        self.type_into("#wc-url", &hanging).await;
        self.tab_out_of("#wc-url").await;
        self.wait_for_text("#wc-url-err", "Url did not match the pattern")
            .await;
        self.wait_for_text("#wc-url-warn", "Warning:").await;
    }

    /// With a form's review open: Tab reaches its button whose text is `confirm`
    /// ("Confirm and create", "Confirm and save"), and Enter presses that.
    pub async fn confirm_review_by_keyboard(&self, confirm: &str) {
        self.tab_to_button_and_press(".review", confirm).await;
    }

    /// With focus on the button that opens a confirmation: Enter opens it, Tab reaches its
    /// button whose text is `confirm`, and Enter presses that.
    pub async fn confirm_by_keyboard(&self, confirm: &str) {
        self.press(&Key::Enter.to_string()).await;
        self.find("dialog[open]").await;
        self.tab_to_button_and_press("dialog[open]", confirm).await;
    }

    /// Tab reaches the button inside `scope` (CSS) whose text is `label`; Enter presses it.
    async fn tab_to_button_and_press(&self, scope: &str, label: &str) {
        let is_button = format!(
            "return el.tagName === 'BUTTON' && !!el.closest({}) && el.textContent.trim() === {};",
            json!(scope),
            json!(label)
        );
        self.tab_to(&format!("{label} in {scope}"), &is_button)
            .await;
        self.press(&Key::Enter.to_string()).await;
    }
}

/// The sandbox's API, called by the test itself: to set up what the console then shows,
/// and to check what the console stored.
pub struct Api {
    http: reqwest::Client,
    base_url: String,
    org_id: String,
    api_key: String,
}

impl Api {
    /// One call; returns the status and the JSON body (`Null` when there is none).
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .header("SlashID-OrgID", &self.org_id)
            .header("SlashID-API-Key", &self.api_key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("call {path} on the sandbox: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Creates a webhook and returns it (the API's `result`).
    pub async fn create_webhook(&self, body: Value) -> Value {
        let (status, answer) = self
            .call("POST", "/organizations/webhooks", Some(body))
            .await;
        assert_eq!(status, 201, "create a webhook through the API: {answer}");
        answer["result"].clone()
    }

    /// The webhook as stored, `None` when it does not exist.
    pub async fn webhook(&self, id: &str) -> Option<Value> {
        let (status, answer) = self
            .call("GET", &format!("/organizations/webhooks/{id}"), None)
            .await;
        match status {
            200 => Some(answer["result"].clone()),
            404 => None,
            _ => panic!("GET webhook {id}: {status} {answer}"),
        }
    }

    pub async fn webhooks(&self) -> Vec<Value> {
        self.list("/organizations/webhooks").await
    }

    pub async fn triggers(&self, id: &str) -> Vec<Value> {
        self.list(&format!("/organizations/webhooks/{id}/triggers"))
            .await
    }

    /// The calls the real API would have made to this webhook, newest first.
    pub async fn deliveries(&self, webhook_id: &str) -> Vec<Value> {
        self.list(&format!("/sandbox/deliveries?webhook_id={webhook_id}"))
            .await
    }

    /// The `result` array of a GET that must answer 200.
    async fn list(&self, path: &str) -> Vec<Value> {
        let (status, answer) = self.call("GET", path, None).await;
        assert_eq!(status, 200, "GET {path}: {answer}");
        answer["result"].as_array().cloned().unwrap_or_default()
    }
}

/// Droplit's API in the sandbox as the seeded token (`authorization: <token>`).
pub struct DroplitApi {
    http: reqwest::Client,
    base_url: String,
}

impl DroplitApi {
    /// One call; returns the status and the JSON body (`Null` when there is none, or
    /// when it is plain text).
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .header("authorization", DROPLIT_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("call {path} on the sandbox: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// The webhook as stored, `None` when it does not exist.
    pub async fn webhook(&self, id: &str) -> Option<Value> {
        let (status, answer) = self.call("GET", &format!("/api/webhooks/{id}"), None).await;
        match status {
            200 => Some(answer),
            404 => None,
            _ => panic!("GET Droplit webhook {id}: {status} {answer}"),
        }
    }

    /// The seeded ecosystem's webhooks.
    pub async fn webhooks(&self) -> Vec<Value> {
        self.items(&format!("/api/webhooks?ecosystemId={DROPLIT_ECOSYSTEM}"))
            .await
    }

    /// The calls the real API would have made to this webhook, newest first.
    pub async fn deliveries(&self, webhook_id: &str) -> Vec<Value> {
        self.items(&format!(
            "/sandbox/droplit/deliveries?webhookId={webhook_id}"
        ))
        .await
    }

    /// The `items` of a GET that must answer 200.
    async fn items(&self, path: &str) -> Vec<Value> {
        let (status, answer) = self.call("GET", path, None).await;
        assert_eq!(status, 200, "GET {path}: {answer}");
        answer["items"].as_array().cloned().unwrap_or_default()
    }
}

/// The sandbox's InstaVM API, called by the test itself (`X-API-Key`).
pub struct InstaVmApi {
    http: reqwest::Client,
    base_url: String,
    api_key: String,
}

impl InstaVmApi {
    /// One call; returns the status and the JSON body (`Null` when there is none).
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .header("X-API-Key", &self.api_key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("call {path} on the sandbox: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, answer) = self.call(method, path, body).await;
        assert_eq!(status, 200, "{method} {path}: {answer}");
        answer
    }

    /// Creates an endpoint; returns the answer, `{endpoint, secret}`.
    pub async fn create_endpoint(&self, body: Value) -> Value {
        self.ok("POST", "/v1/webhooks/endpoints", Some(body)).await
    }

    pub async fn endpoint(&self, id: &str) -> Value {
        self.ok("GET", &format!("/v1/webhooks/endpoints/{id}"), None)
            .await
    }

    pub async fn endpoints(&self) -> Vec<Value> {
        let answer = self.ok("GET", "/v1/webhooks/endpoints", None).await;
        answer.as_array().cloned().unwrap_or_default()
    }

    /// One page of deliveries (`query` without its `?`, e.g. `status=failed&limit=100`).
    pub async fn deliveries(&self, query: &str) -> Value {
        self.ok("GET", &format!("/v1/webhooks/deliveries?{query}"), None)
            .await
    }

    /// Makes an event (`POST /sandbox/instavm/events`), delivered to every enabled
    /// endpoint whose patterns select it; returns `{event, deliveries}`.
    pub async fn event(&self, event_type: &str, data: Value) -> Value {
        self.ok(
            "POST",
            "/sandbox/instavm/events",
            Some(serde_json::json!({ "event_type": event_type, "data": data })),
        )
        .await
    }
}

/// The claims of a JWT, decoded without checking its signature.
pub fn jwt_claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("a JWT payload is base64url");
    serde_json::from_slice(&bytes).expect("a JWT payload is JSON")
}

/// One entry of the browser log, of any level (`SEVERE`, `WARNING`, `INFO`, ...).
#[derive(Clone, Debug)]
pub struct BrowserLogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

/// One `SEVERE` entry of the browser log.
#[derive(Clone, Debug)]
pub struct BrowserError {
    /// Chromium's category: `console-api` (console.error), `javascript` (uncaught),
    /// `network` (a failed load or an HTTP error status), ...
    pub source: String,
    pub message: String,
}

impl BrowserError {
    pub fn is_http_status(&self) -> bool {
        self.source == "network"
            && self
                .message
                .contains("the server responded with a status of")
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // Synchronous on purpose: Drop cannot await, and a panicking test must still close
        // Chromium (chromedriver quits the browser when its session is deleted).
        if !self.session_id.is_empty() {
            let addr = self.driver_url.trim_start_matches("http://");
            let _ = http_request(addr, "DELETE", &format!("/session/{}", self.session_id));
        }
    }
}

fn chromium_capabilities(profile: &Path, extra_args: &[String]) -> Capabilities {
    let mut caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                // The machine's network is closed: without these Chromium keeps trying to
                // reach Google's services, and some failures land in the browser log.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    if let Some(args) = caps["goog:chromeOptions"]["args"].as_array_mut() {
        args.extend(extra_args.iter().map(|arg| json!(arg)));
    }
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// chromedriver's log endpoint, which W3C WebDriver lacks and fantoccini does not wrap.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// chromedriver's DevTools-protocol passthrough (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

fn path_from_env(var: &str, default: &str) -> PathBuf {
    match env::var_os(var) {
        Some(path) => PathBuf::from(path),
        // Tests run from the package root, but say so explicitly.
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join(default),
    }
}

fn free_port() -> u16 {
    // The port is free once the listener is dropped; another process could take it before
    // the child binds, but only on a busy machine, and then the start-up wait fails loudly.
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process that is killed on drop, with its output in a log file (shown when it
/// fails to start) rather than mixed into the test output.
struct Process {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &'static str, mut command: Command, dir: &Path) -> Process {
        let log = dir.join(format!("{name}.log"));
        let file = fs::File::create(&log).expect("create a log file");
        command
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("clone a file handle"))
            .stderr(file)
            // Its own process group, so that killing it also kills what it started
            // (chromedriver's Chromium, if the session could not be deleted).
            .process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("start {name} ({:?}): {e}", command.get_program()));
        Process { name, child, log }
    }

    fn wait_http(&mut self, addr: &str, path: &str) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "{} exited ({status}) before it was ready:\n{}",
                    self.name,
                    self.log_text()
                );
            }
            if http_request(addr, "GET", path) == Some(200) {
                return;
            }
            if start.elapsed() > STARTUP {
                panic!(
                    "{} did not answer {path} on {addr} within {STARTUP:?}:\n{}",
                    self.name,
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let group = -(self.child.id() as libc::pid_t);
        // SAFETY: kill(2) with a negative pid signals that process group, which was
        // created for this child alone; no memory is involved.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 exchange for health checks and clean-up, where no async runtime or
/// HTTP client can be relied on (notably in `Drop`). Returns the status code once the
/// status line has arrived: chromedriver keeps the connection open whatever we ask.
fn http_request(addr: &str, method: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n") {
        stream.read_exact(&mut byte).ok()?;
        head.push(byte[0]);
    }
    // "HTTP/1.1 200 OK"
    std::str::from_utf8(&head)
        .ok()?
        .split(' ')
        .nth(1)?
        .parse()
        .ok()
}
