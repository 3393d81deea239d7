//! Held to the spec by a tool we did not write: schemathesis (PyPI, pinned in
//! `tests/python/requirements.txt`, in the venv `cargo xtask setup` makes) generates
//! requests from each API's OpenAPI file, valid and not, sends them to the sandbox and
//! checks every answer: no 5xx, a documented status, the documented content type and
//! headers, a body valid against the response's schema.
//!
//! The files: SlashID's own (`crates/rules/openapi/slashid-webhooks.openapi.yml`, as
//! published), and InstaVM's and Droplit's as written from their documentation and the
//! sandbox's documented inferred behaviour (`crates/sandbox/openapi/`, whose README says
//! which parts are inferred). SlashID's file is run with the two changes
//! `tests/python/slashid_openapi.py spec` makes, said there: `TestEvent`'s impossible
//! `oneOf` read as its discriminator means, and the statuses below added to every
//! operation. What its discriminator means, each test event against its own schema, is
//! checked by `test_events_carry_the_content_of_their_event_types_schema`.
//!
//! Statuses SlashID's file does not declare, which the sandbox sends (the file declares
//! 200/201/204, 400 and 404 only; the API reference says 401, 403 and 409 exist in the API
//! generally, and documents 408 and the rate limits in prose):
//! - 400 on the JWKS: its `SlashID-OrgID` header missing (the file requires it there as
//!   everywhere, and declares 400 for every other operation);
//! - 401: no `SlashID-API-Key`, or a key that is not the organization's (schemathesis
//!   drops the auth header on purpose);
//! - 405: a method the path does not have (schemathesis sends them on purpose);
//! - 409: a `target_url` the organization already has, a trigger the webhook already has
//!   (the API reference: "409 Conflict is the sane choice for the sandbox");
//! - 408: `SlashID-Required-Consistency: all_regions` not reached within the timeout
//!   header, described by the file's own header parameters, without a response entry;
//! - 429: over the documented rate limits of the JWKS (30/min, burst 60) and of test
//!   events (10/min, burst 50), stated in the operations' descriptions.
//!
//! InstaVM's and Droplit's files declare every status the sandbox sends, so for them any
//! undocumented status fails.
//!
//! Bounded for CI: a few examples per operation, a fixed seed; the venv missing is a
//! failure that says to run `cargo xtask setup`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use support::{ECO_A, ORG_A, Sandbox, TOKEN_A, USER_A};

/// SlashID's undocumented statuses, each with why the sandbox sends it (the module says
/// more).
const SLASHID_UNDOCUMENTED: &[(u16, &str)] = &[
    (
        400,
        "a required header missing or malformed (the JWKS declares no 400 but requires \
         SlashID-OrgID as every operation does)",
    ),
    (401, "no API key, or not the organization's"),
    (405, "a method the path does not have"),
    (
        408,
        "all_regions consistency not reached within the timeout",
    ),
    (409, "a target_url or trigger the organization already has"),
    (429, "over the documented JWKS or test-event rate limit"),
];

/// Examples per operation and phase; the seed makes a failure reproducible.
const MAX_EXAMPLES: &str = "4";
const SEED: &str = "20261130";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn venv_bin(name: &str) -> PathBuf {
    let path = repo().join("target/python/bin").join(name);
    assert!(
        path.is_file(),
        "{} is missing: run `cargo xtask setup` (`cargo xtask setup python` makes only the \
         venv, with the pinned schemathesis)",
        path.display()
    );
    path
}

fn python() -> Command {
    let mut cmd = Command::new(venv_bin("python"));
    cmd.env("PYTHONDONTWRITEBYTECODE", "1")
        // The sandbox is on loopback: never through a proxy the machine may have.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
    cmd
}

/// Runs schemathesis on `spec` against `base`, with `headers`; panics with its report on
/// any failure.
fn schemathesis(spec: &Path, base: &str, headers: &[String], config: Option<&Path>, dir: &Path) {
    let mut cmd = Command::new(venv_bin("schemathesis"));
    if let Some(config) = config {
        cmd.arg("--config-file").arg(config);
    }
    cmd.arg("run")
        .arg(spec)
        .args(["--url", base])
        .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
        .args(["--phases", "examples,coverage,fuzzing,stateful"])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,\
             response_headers_conformance,response_schema_conformance",
        ])
        .args(["--generation-database", "none", "--no-color"])
        .args(["--request-timeout", "20"])
        .current_dir(dir)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    for header in headers {
        cmd.args(["-H", header]);
    }
    let started = Instant::now();
    let output = cmd.output().expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}\n({:?})", started.elapsed());
    assert!(
        output.status.success(),
        "schemathesis found problems in {} ({}):\n{stdout}\n{stderr}",
        spec.display(),
        output.status
    );
    let summary = stdout
        .lines()
        .find(|l| l.contains(" generated, "))
        .unwrap_or_else(|| panic!("no test case count in:\n{stdout}"));
    assert!(summary.contains("passed"), "{summary}");
}

/// A config file giving path parameters the id of something that exists, so that the
/// operations on one webhook get past the 404 (the files have no links to find one).
fn config_with(dir: &Path, parameters: &[(&str, &str)]) -> PathBuf {
    let path = dir.join("schemathesis.toml");
    let mut text = String::from("[parameters]\n");
    for (name, value) in parameters {
        text.push_str(&format!("\"{name}\" = \"{value}\"\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn slashid_answers_as_its_own_openapi_file_says() {
    let sb = Sandbox::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let hook = sb
        .api(ORG_A)
        .create_webhook(serde_json::json!({
            "name": "existing",
            "target_url": "https://example.com/existing",
        }))
        .await;
    let config = config_with(
        dir.path(),
        &[("path.webhook_id", hook["id"].as_str().unwrap())],
    );
    let spec = dir.path().join("slashid.json");
    let statuses: serde_json::Map<_, _> = SLASHID_UNDOCUMENTED
        .iter()
        .map(|(code, why)| (code.to_string(), (*why).into()))
        .collect();
    let made = python()
        .arg(repo().join("tests/python/slashid_openapi.py"))
        .arg("spec")
        .arg(repo().join("crates/rules/openapi/slashid-webhooks.openapi.yml"))
        .arg(&spec)
        .arg(serde_json::Value::Object(statuses).to_string())
        .status()
        .expect("run slashid_openapi.py");
    assert!(made.success());
    schemathesis(
        &spec,
        &sb.base,
        &[
            format!("SlashID-API-Key: {}", ORG_A.api_key),
            format!("SlashID-OrgID: {}", ORG_A.org_id),
        ],
        Some(&config),
        dir.path(),
    );
}

#[tokio::test]
async fn instavm_answers_as_its_openapi_file_says() {
    let sb = Sandbox::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    schemathesis(
        &repo().join("crates/sandbox/openapi/instavm-webhooks.openapi.yml"),
        &sb.base,
        &[format!("X-API-Key: {USER_A}")],
        None,
        dir.path(),
    );
}

#[tokio::test]
async fn droplit_answers_as_its_openapi_file_says() {
    let sb = Sandbox::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    // The ecosystem the token reaches and one of its webhooks, so that generated
    // requests get past the 404.
    let hook = sb
        .droplit(TOKEN_A)
        .create_webhook(serde_json::json!({"ecosystemId": ECO_A, "url": "https://example.com/d"}))
        .await;
    let config = config_with(
        dir.path(),
        &[
            ("query.ecosystemId", ECO_A),
            ("path.id", hook["id"].as_str().unwrap()),
        ],
    );
    schemathesis(
        &repo().join("crates/sandbox/openapi/droplit-webhooks.openapi.yml"),
        &sb.base,
        &[format!("authorization: {TOKEN_A}")],
        Some(&config),
        dir.path(),
    );
}

#[tokio::test]
async fn test_events_carry_the_content_of_their_event_types_schema() {
    // Every event name in one go: over the documented burst of 50.
    let sb = Sandbox::start(&["--test-events-burst", "100"]).await;
    let output = python()
        .arg(repo().join("tests/python/slashid_openapi.py"))
        .arg("events")
        .arg(&sb.base)
        .arg(ORG_A.org_id)
        .arg(ORG_A.api_key)
        .arg(repo().join("crates/rules/openapi/slashid-webhooks.openapi.yml"))
        .output()
        .expect("run slashid_openapi.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.trim_end().ends_with("52 passed, 0 failed"),
        "every one of the file's 52 event names: {stdout}"
    );
    assert!(
        stdout.contains("AuthenticationSucceeded_v1: ok against Test_AuthenticationSucceeded_v1"),
        "{stdout}"
    );
}
