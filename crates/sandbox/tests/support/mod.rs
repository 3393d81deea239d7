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

/// InstaVM users: one API key each.
pub const USER_A: &str = "instavm-key-a-0123456789";
pub const USER_B: &str = "instavm-key-b-0123456789";

/// Droplit tokens and the ecosystems they reach: A reaches two, B one.
pub const TOKEN_A: &str = "droplit-token-a-0123456789";
pub const TOKEN_B: &str = "droplit-token-b-0123456789";
pub const ECO_A: &str = "Ca00000000000000000000001";
pub const ECO_A2: &str = "Ca00000000000000000000002";
pub const ECO_B: &str = "Cb00000000000000000000001";

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
    /// A sandbox on a fresh file database, with organizations A and B and InstaVM users A
    /// and B.
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

    /// A client acting with one Droplit token.
    pub fn droplit(&self, token: &str) -> Droplit {
        Droplit {
            http: self.http.clone(),
            base: self.base.clone(),
            token: token.to_owned(),
        }
    }

    /// A client acting for one InstaVM user (its API key).
    pub fn instavm(&self, api_key: &str) -> InstaVm {
        InstaVm {
            http: self.http.clone(),
            base: self.base.clone(),
            api_key: api_key.to_owned(),
        }
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

/// The flags for organizations A and B, InstaVM users A and B, Droplit tokens A and B,
/// then `extra`.
pub fn with_orgs(extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "--org".to_owned(),
        ORG_A.flag(),
        "--org".to_owned(),
        ORG_B.flag(),
        "--instavm-key".to_owned(),
        USER_A.to_owned(),
        "--instavm-key".to_owned(),
        USER_B.to_owned(),
    ];
    args.extend(droplit_flags());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// The flags for Droplit tokens A (ecosystems A and A2) and B (ecosystem B).
pub fn droplit_flags() -> Vec<String> {
    [(TOKEN_A, ECO_A), (TOKEN_A, ECO_A2), (TOKEN_B, ECO_B)]
        .iter()
        .flat_map(|(token, eco)| ["--droplit-token".to_owned(), format!("{token}:{eco}")])
        .collect()
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

/// A client acting for one InstaVM user.
#[derive(Clone)]
pub struct InstaVm {
    pub http: reqwest::Client,
    pub base: String,
    pub api_key: String,
}

impl InstaVm {
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("X-API-Key", &self.api_key)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// A POST without a body, as the official SDK sends rotate-secret, test, verify and
    /// replay.
    pub fn post(&self, path: &str) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    pub fn post_json(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    pub fn patch_json(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PATCH, path).json(body)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// Creates an endpoint; returns it and its secret. Panics unless the answer is 200.
    pub async fn create_endpoint(&self, body: Value) -> (Value, String) {
        let (status, body) = send(self.post_json(INSTAVM_ENDPOINTS, &body)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let secret = body["secret"].as_str().expect("a secret").to_owned();
        (body["endpoint"].clone(), secret)
    }

    /// `POST .../test`; returns the delivery. Panics unless the answer is 200.
    pub async fn test_endpoint(&self, id: &str) -> Value {
        let (status, body) = send(self.post(&format!("{INSTAVM_ENDPOINTS}/{id}/test"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// `POST /sandbox/instavm/events`; returns `{event, deliveries}`.
    pub async fn event(&self, event_type: &str, data: Value) -> Value {
        let (status, body) = send(self.post_json(
            "/sandbox/instavm/events",
            &serde_json::json!({ "event_type": event_type, "data": data }),
        ))
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// The exact request of a delivery (`GET /sandbox/instavm/deliveries/{id}`).
    pub async fn recorded(&self, delivery_id: &str) -> Value {
        let (status, body) =
            send(self.get(&format!("/sandbox/instavm/deliveries/{delivery_id}"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

pub const INSTAVM_ENDPOINTS: &str = "/v1/webhooks/endpoints";
pub const INSTAVM_DELIVERIES: &str = "/v1/webhooks/deliveries";

/// Sends a request; returns the status, the headers and the exact body text.
pub async fn send_raw(req: RequestBuilder) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let resp = req.send().await.expect("request sent");
    let status = resp.status();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.expect("body read"))
}

/// A header of a recorded delivery (`[[name, value], ...]`), by name in any case.
pub fn recorded_header<'a>(recorded: &'a Value, name: &str) -> Option<&'a str> {
    recorded["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .find(|pair| {
            pair[0]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .and_then(|pair| pair[1].as_str())
}

/// Checks an `InstaVM-Signature` value against `body` and `secret` as a receiver would:
/// `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`, `t` within 300 s of now.
/// Computed here with `hmac` + `sha2`, independently of the sandbox's signer.
pub fn signature_is_valid(header: &str, body: &str, secret: &str) -> bool {
    use hmac::{Hmac, Mac};
    let parts: std::collections::HashMap<&str, &str> = header
        .split(',')
        .filter_map(|p| p.trim().split_once('='))
        .collect();
    let (Some(t), Some(v1)) = (parts.get("t"), parts.get("v1")) else {
        return false;
    };
    let Ok(t) = t.parse::<i64>() else {
        return false;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    if (now - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hex == *v1
}

pub const DROPLIT_WEBHOOKS: &str = "/api/webhooks";
pub const DROPLIT_DELIVERIES: &str = "/sandbox/droplit/deliveries";

/// A client acting with one Droplit token (`authorization: <token>`, no scheme).
#[derive(Clone)]
pub struct Droplit {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Droplit {
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("authorization", &self.token)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    pub fn post_json(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path).json(body)
    }

    pub fn put_json(&self, path: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PUT, path).json(body)
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// Creates a webhook; returns it. Panics unless the answer is 201.
    pub async fn create_webhook(&self, body: Value) -> Value {
        let (status, body) = send(self.post_json(DROPLIT_WEBHOOKS, &body)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }

    /// `POST /api/webhooks/{id}/invoke`; panics unless the answer is 200 with no body.
    pub async fn invoke(&self, id: &str) {
        let (status, _, body) =
            send_raw(self.request(Method::POST, &format!("{DROPLIT_WEBHOOKS}/{id}/invoke"))).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    }

    /// The recorded deliveries the token sees (`GET /sandbox/droplit/deliveries`).
    pub async fn deliveries(&self, query: &str) -> Vec<Value> {
        let (status, body) = send(self.get(&format!("{DROPLIT_DELIVERIES}{query}"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["items"].as_array().expect("items").clone()
    }
}

/// `x-droplit-signature` of `body` under `secret` as a receiver computes it: the
/// lower-case hex HMAC-SHA256, here with `hmac` + `sha2`, independently of the sandbox.
pub fn droplit_signature(secret: &str, body: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
