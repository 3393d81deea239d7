//! Every verdict of real FastAPI + pydantic on InstaVM's endpoint bodies
//! (`tests/vectors/instavm-endpoints.jsonl`), sent over HTTP to the sandbox byte for byte:
//! the same status, and the same 422 body or the same normalised endpoint. Where FastAPI
//! itself fails to answer (its 500s), the sandbox answers the 422 the rules document for
//! them: the errors pydantic found.

mod support;

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use support::{INSTAVM_ENDPOINTS as ENDPOINTS, Sandbox, USER_A, send, send_raw};

/// What FastAPI answered.
#[derive(Deserialize)]
struct Verdict {
    id: String,
    model: String,
    http_status: u16,
    errors: Value,
    normalized: Option<Value>,
}

struct Vector {
    bytes: Vec<u8>,
    verdict: Verdict,
}

/// serde_json refuses a `\uD800`-style escape of a lone surrogate, which pydantic's
/// `input` may hold; the rules write such a character as U+FFFD (FastAPI cannot write it
/// at all), so the expected answer holds U+FFFD.
fn lone_surrogates_replaced(line: &str) -> String {
    let hex_at = |text: &str, at: usize| {
        text.get(at..at + 6)
            .and_then(|e| e.strip_prefix("\\u"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        // `\\u` is a backslash, then `u`.
        let escaped = out.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1;
        let taken = match hex_at(rest, at) {
            Some(0xD800..=0xDBFF) if !escaped => {
                if matches!(hex_at(rest, at + 6), Some(0xDC00..=0xDFFF)) {
                    out.push_str(&rest[at..at + 12]);
                    12
                } else {
                    out.push_str("\\ufffd");
                    6
                }
            }
            Some(0xDC00..=0xDFFF) if !escaped => {
                out.push_str("\\ufffd");
                6
            }
            _ => {
                out.push_str("\\u");
                2
            }
        };
        rest = &rest[at + taken..];
    }
    out.push_str(rest);
    out
}

/// serde_json cannot hold an integer of thousands of digits, which pydantic's `input`
/// may be: number literals with more than 15 digits become the string
/// `"number:<literal>"`, on both sides of a comparison, so they compare as text.
fn long_numbers_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '-' || c.is_ascii_digit() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-') {
                    end = j + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            let literal = &text[i..end];
            if literal.chars().filter(char::is_ascii_digit).count() > 15 {
                out.push_str(&format!("\"number:{literal}\""));
            } else {
                out.push_str(literal);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn vectors() -> Vec<Vector> {
    include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/instavm-endpoints.jsonl"
    ))
    .lines()
    .filter(|l| !l.trim().is_empty())
    .map(|l| {
        // What is sent: the `raw` text, or the `body` as written in the file (big integers
        // and number forms as they are; `null` too).
        let fields: HashMap<String, Box<RawValue>> =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        let bytes = match (fields.get("raw"), fields.get("body")) {
            (Some(raw), _) => serde_json::from_str::<String>(raw.get())
                .expect("raw is text")
                .into_bytes(),
            (None, Some(body)) => body.get().as_bytes().to_vec(),
            (None, None) => panic!("neither body nor raw: {l}"),
        };
        let comparable = long_numbers_quoted(&lone_surrogates_replaced(l));
        let verdict =
            serde_json::from_str(&comparable).unwrap_or_else(|e| panic!("{e}: {comparable}"));
        Vector { bytes, verdict }
    })
    .collect()
}

/// The fields of an endpoint that a body sets, from the vector's normalised values.
fn fields_of(endpoint: &Value) -> Value {
    json!({
        "url": endpoint["url"],
        "description": endpoint["description"],
        "subscribed_event_patterns": endpoint["subscribed_event_patterns"],
        "timeout_seconds": endpoint["timeout_seconds"],
        "max_retries": endpoint["max_retries"],
        "enabled": endpoint["enabled"],
    })
}

/// What an endpoint reads after a create or update with these normalised values.
fn expected_fields(before: &Value, normalized: &Value) -> Value {
    let mut fields = fields_of(before);
    for (name, field) in [
        ("url", "url"),
        ("description", "description"),
        ("event_patterns", "subscribed_event_patterns"),
        ("timeout_seconds", "timeout_seconds"),
        ("max_retries", "max_retries"),
        ("enabled", "enabled"),
    ] {
        let value = &normalized[name];
        if !value.is_null() {
            fields[field] = value.clone();
        }
    }
    fields
}

#[tokio::test]
async fn every_fastapi_verdict_on_endpoint_bodies_holds_over_http() {
    let cases = vectors();
    assert!(cases.len() > 200, "{}", cases.len());
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (mut current, _) = api
        .create_endpoint(json!({"url": "https://example.com/updated-by-vectors"}))
        .await;
    let update_path = format!("{ENDPOINTS}/{}", current["id"].as_str().unwrap());
    let fresh = json!({
        "url": null, "description": null, "subscribed_event_patterns": [],
        "timeout_seconds": null, "max_retries": null, "enabled": true,
    });
    let mut failures = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for Vector {
        bytes,
        verdict: case,
    } in &cases
    {
        let (path, method) = match case.model.as_str() {
            "create" => (ENDPOINTS.to_owned(), Method::POST),
            "update" => (update_path.clone(), Method::PATCH),
            other => panic!("{}: model {other}", case.id),
        };
        let (status, _, text) = send_raw(
            api.request(method, &path)
                .header("content-type", "application/json")
                .body(bytes.clone()),
        )
        .await;
        let answer: Value = serde_json::from_str(&long_numbers_quoted(&text))
            .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {text}", case.id));
        if case.http_status == 200 {
            accepted += 1;
            let normalized = case.normalized.as_ref().expect("normalised values");
            let (endpoint, before) = match case.model.as_str() {
                "create" => (&answer["endpoint"], &fresh),
                _ => (&answer, &current),
            };
            let want = expected_fields(before, normalized);
            if status != StatusCode::OK || fields_of(endpoint) != want {
                failures.push(format!(
                    "{}: expected 200 with {want}, got {status} {text}",
                    case.id
                ));
            } else if case.model == "update" {
                current = answer.clone();
            }
        } else {
            // 422 as FastAPI answered it, or, for its 500s, as the rules document it.
            rejected += 1;
            let want = json!({ "detail": case.errors });
            if status != StatusCode::UNPROCESSABLE_ENTITY || answer != want {
                failures.push(format!(
                    "{} ({}): expected 422 {want}, got {status} {text}",
                    case.id, case.http_status
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(
        accepted > 50 && rejected > 100,
        "{accepted} accepted, {rejected} rejected"
    );
    // The rejected creates made nothing.
    let (_, list) = send(api.get(ENDPOINTS)).await;
    let creates = cases
        .iter()
        .filter(|c| c.verdict.model == "create" && c.verdict.http_status == 200)
        .count();
    assert_eq!(list.as_array().unwrap().len(), 1 + creates);
}

#[test]
fn lone_surrogate_escapes_become_replacement_characters() {
    assert_eq!(lone_surrogates_replaced(r#""\ud800""#), r#""\ufffd""#);
    assert_eq!(lone_surrogates_replaced(r#""\\ud800""#), r#""\\ud800""#);
    assert_eq!(
        lone_surrogates_replaced(r#""\ud83d\ude00""#),
        r#""\ud83d\ude00""#
    );
    assert_eq!(
        lone_surrogates_replaced(r#""\u00e9\udc00""#),
        r#""\u00e9\ufffd""#
    );
}

#[test]
fn long_numbers_compare_as_text() {
    let text = r#"{"a": 12345678901234567890123, "b": [-1.5e400, 7], "c": "123456789012345678"}"#;
    assert_eq!(
        long_numbers_quoted(text),
        r#"{"a": "number:12345678901234567890123", "b": [-1.5e400, 7], "c": "123456789012345678"}"#
    );
}
