//! Starts the real `webhook-sandbox` binary on a free port and talks to it over HTTP.
//!
//! Set `SANDBOX_TEST_LOG=1` to see the sandbox's request log.

#![allow(dead_code)] // each test file uses a different part of this module

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

pub const ORG_A: Creds = Creds {
    org_id: "org-a",
    api_key: "key-a-0123456789",
};
pub const ORG_B: Creds = Creds {
    org_id: "org-b",
    api_key: "key-b-0123456789",
};

#[derive(Clone, Copy, Debug)]
pub struct Creds {
    pub org_id: &'static str,
    pub api_key: &'static str,
}

impl Creds {
    fn flag(&self) -> String {
        format!("{}:{}", self.org_id, self.api_key)
    }
}

pub struct Sandbox {
    child: Child,
    pub base: String,
    pub db: PathBuf,
    /// What the sandbox printed before it was ready (demo credentials, listen address).
    pub stdout: Vec<String>,
    http: reqwest::Client,
    _dir: Option<tempfile::TempDir>,
}

impl Sandbox {
    /// A sandbox on a fresh file database, with organizations A and B.
    pub async fn start(extra: &[&str]) -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("sandbox.db");
        let mut sandbox = Self::start_on(&db, &with_orgs(extra)).await;
        sandbox._dir = Some(dir);
        sandbox
    }

    /// A sandbox on `db` with exactly these flags (no organization is added).
    pub async fn start_on(db: &Path, args: &[String]) -> Sandbox {
        let log = std::env::var_os("SANDBOX_TEST_LOG").is_some();
        let mut child = Command::new(env!("CARGO_BIN_EXE_webhook-sandbox"))
            .arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--db")
            .arg(db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(if log { Stdio::inherit() } else { Stdio::null() })
            .spawn()
            .expect("spawn webhook-sandbox");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut lines = Vec::new();
        let base = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the sandbox printed `listening on` within 30 s");
            if let Some(addr) = line.strip_prefix("listening on ") {
                let addr = addr.to_owned();
                lines.push(line);
                break addr;
            }
            lines.push(line);
        };
        let sandbox = Sandbox {
            child,
            base,
            db: db.to_owned(),
            stdout: lines,
            http: reqwest::Client::new(),
            _dir: None,
        };
        sandbox.wait_healthy().await;
        sandbox
    }

    async fn wait_healthy(&self) {
        for _ in 0..100 {
            if let Ok(resp) = self.http.get(self.url("/healthz")).send().await
                && resp.status() == StatusCode::OK
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the sandbox did not answer /healthz");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn api(&self, creds: Creds) -> Api {
        Api {
            http: self.http.clone(),
            base: self.base.clone(),
            creds,
        }
    }

    /// Kills the process (as a crash or `kill -9` would) and waits for it.
    pub fn stop(mut self) -> Option<tempfile::TempDir> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self._dir.take()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn with_orgs(extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "--org".to_owned(),
        ORG_A.flag(),
        "--org".to_owned(),
        ORG_B.flag(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// A client acting for one organization.
#[derive(Clone)]
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub creds: Creds,
}

impl Api {
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("SlashID-API-Key", self.creds.api_key)
            .header("SlashID-OrgID", self.creds.org_id)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    pub fn patch(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PATCH, path).json(body)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// Creates a webhook and returns it; panics unless the answer is 201.
    pub async fn create_webhook(&self, body: Value) -> Value {
        let (status, body) = send(self.post("/organizations/webhooks", &body)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["result"].clone()
    }

    pub async fn add_trigger(&self, webhook_id: &str, trigger_type: &str, trigger_name: &str) {
        let (status, body) = send(self.post(
            &format!("/organizations/webhooks/{webhook_id}/triggers"),
            &serde_json::json!({ "trigger_type": trigger_type, "trigger_name": trigger_name }),
        ))
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
}

/// Sends a request; returns the status and the body as JSON (`Null` when empty).
pub async fn send(req: RequestBuilder) -> (StatusCode, Value) {
    let resp = req.send().await.expect("request sent");
    json_of(resp).await
}

pub async fn json_of(resp: Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.expect("body read");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    };
    (status, body)
}

/// The `message` of every envelope error, checking each `httpcode` equals the status.
pub fn error_messages(status: StatusCode, body: &Value) -> Vec<String> {
    let errors = body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("an envelope with errors: {body}"));
    errors
        .iter()
        .map(|e| {
            assert_eq!(e["httpcode"], status.as_u16(), "{body}");
            e["message"].as_str().expect("message").to_owned()
        })
        .collect()
}
