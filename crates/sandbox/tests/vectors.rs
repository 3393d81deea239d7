//! Every Go-made parity vector sent through the API: the sandbox accepts what Go accepts
//! and rejects the rest with the rules crate's own message.

mod support;

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use support::{ORG_A, Sandbox, error_messages, send};
use webhook_rules::Problem;
use webhook_rules::slashid::errors::wire_message;
use webhook_rules::slashid::{target_url, timeout};

const HOOKS: &str = "/organizations/webhooks";

#[derive(Deserialize)]
struct Vector {
    input: String,
    accepted: bool,
    reason: String,
    #[serde(default)]
    nanos: Option<i64>,
}

fn vectors(text: &str) -> Vec<Vector> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// A rejected case must come back 400 with exactly the rules' own message.
fn expect_rejection(
    failures: &mut Vec<String>,
    case: &Vector,
    status: StatusCode,
    body: &Value,
    problem: Problem,
) {
    let expected = vec![wire_message(&problem)];
    if status != StatusCode::BAD_REQUEST || error_messages(status, body) != expected {
        failures.push(format!(
            "{:?}: expected 400 {expected:?}, got {status} {body}",
            case.input
        ));
    }
}

fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn target_url_vectors_get_the_rules_verdict_through_the_api() {
    let cases = vectors(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/slashid-target-url.jsonl"
    )));
    assert!(cases.len() > 100);
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let (status, body) = send(api.post(
            HOOKS,
            &json!({"name": format!("url vector {i}"), "target_url": case.input}),
        ))
        .await;
        if case.accepted {
            if status != StatusCode::CREATED {
                failures.push(format!(
                    "{:?}: expected 201, got {status} {body}",
                    case.input
                ));
                continue;
            }
            assert_eq!(body["result"]["target_url"], case.input.as_str());
            // Delete it again, so no later case can meet it as a duplicate.
            let id = body["result"]["id"].as_str().unwrap();
            let (status, _) = send(api.delete(&format!("{HOOKS}/{id}"))).await;
            assert_eq!(status, StatusCode::NO_CONTENT);
        } else {
            let err = target_url::check(&case.input).expect_err("the rules reject it too");
            assert_eq!(err.reason.as_str(), case.reason, "{:?}", case.input);
            expect_rejection(&mut failures, case, status, &body, err.to_problem());
        }
    }
    assert_no_failures(&failures);
}

#[tokio::test]
async fn timeout_vectors_get_the_rules_verdict_through_the_api() {
    let cases = vectors(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/slashid-timeout.jsonl"
    )));
    assert!(cases.len() > 100);
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let (status, body) = send(api.post(
            HOOKS,
            &json!({
                "name": format!("timeout vector {i}"),
                "target_url": format!("https://vectors.example.com/timeout/{i}"),
                "timeout": case.input,
            }),
        ))
        .await;
        if case.accepted {
            let expected = timeout::normalize(case.nanos.unwrap_or(0));
            if status != StatusCode::CREATED || body["result"]["timeout"] != expected.as_str() {
                failures.push(format!(
                    "{:?}: expected 201 with timeout {expected}, got {status} {body}",
                    case.input
                ));
            }
        } else {
            let err = timeout::check(&case.input).expect_err("the rules reject it too");
            assert_eq!(err.reason(), case.reason, "{:?}", case.input);
            expect_rejection(&mut failures, case, status, &body, err.to_problem());
        }
    }
    assert_no_failures(&failures);
}
