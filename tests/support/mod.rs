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
//! provokes HTTP errors on purpose, [`Harness::assert_no_script_errors`]): a console error
//! or an uncaught exception is how a broken build (e.g. a bad wasm-opt) shows up, while the
//! build itself reports success.

#![allow(dead_code)] // each test file uses its own part of the harness

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use std::{env, fs};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The organization every harness seeds; tests that call the API use these.
pub const ORG_ID: &str = "0b9e6c2a-5f1d-4e7a-9c3b-e2e000000001";
pub const API_KEY: &str = "e2e-test-api-key";

/// How long the app may take to appear: a cold headless Chromium compiling the wasm on a
/// busy 2-core machine is slow, a healthy one takes well under a second.
pub const STARTUP: Duration = Duration::from_secs(30);

pub struct Harness {
    pub client: Client,
    base_url: String,
    driver_url: String,
    session_id: String,
    /// Browser-log errors read so far (chromedriver hands each log entry out only once).
    errors: Mutex<Vec<BrowserError>>,
    // Dropped after `Drop::drop`, in this order: browser, then sandbox, then temp dirs.
    chromedriver: Process,
    sandbox: Process,
    workdir: TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        let dist = path_from_env("WEBHOOK_CONSOLE_DIST", "dist");
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
            .args(["--org", &format!("{ORG_ID}:{API_KEY}"), "--allow-faults"]);
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
            .capabilities(chromium_capabilities(&profile))
            .connect(&driver_url)
            .await
            .expect("start a Chromium session through chromedriver");
        let session_id = client.session_id().await.ok().flatten().unwrap_or_default();

        Harness {
            client,
            base_url: format!("http://{sandbox_addr}"),
            driver_url,
            session_id,
            errors: Mutex::new(Vec::new()),
            chromedriver,
            sandbox,
            workdir,
        }
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
        let start = Instant::now();
        let mut seen = Value::Null;
        while start.elapsed() < STARTUP {
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
            "`{css}` never contained {text:?} within {STARTUP:?} (last seen: {seen}); browser errors: {:#?}",
            self.browser_errors().await
        );
    }

    /// Every error the browser logged since the session started: console errors, uncaught
    /// exceptions and rejections, failed resource loads and HTTP error statuses.
    pub async fn browser_errors(&self) -> Vec<BrowserError> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser log (goog:loggingPrefs)");
        let mut errors = self.errors.lock().unwrap();
        for entry in entries.as_array().into_iter().flatten() {
            if entry["level"] == "SEVERE" {
                errors.push(BrowserError {
                    source: entry["source"].as_str().unwrap_or_default().to_string(),
                    message: entry["message"].as_str().unwrap_or_default().to_string(),
                });
            }
        }
        errors.clone()
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

fn chromium_capabilities(profile: &Path) -> Capabilities {
    let caps = json!({
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
