//! Every recorded verdict of pydantic 2.14.3 behind FastAPI 0.165.0
//! (`tests/vectors/instavm-endpoints.jsonl`), through `read_create` / `read_update` as the
//! sandbox calls them: the same normalised values on 200, the same errors (loc, type, msg,
//! input, ctx, in order) on 422, and our documented answer where FastAPI fails to answer.
//!
//! The file is read with `instavm::json` itself: it was written by Python, with a lone
//! surrogate and integers beyond u64 that serde_json cannot hold.

mod instavm_common;

use instavm_common::{errors_from, errors_repr, repr};
use webhook_rules::instavm::errors::{ValidationError, body_422};
use webhook_rules::instavm::json::{self, Value};
use webhook_rules::instavm::validate::{
    self, EndpointUpdate, NewEndpoint, Rejection, read_create, read_update,
};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/vectors/instavm-endpoints.jsonl"
);

/// The cases where FastAPI fails to write pydantic's answer (500), and why we answer 422
/// with it instead (`validate`'s module documentation has the reasoning).
const QUIRKS: &[(&str, &str)] = &[
    (
        "create.raw.nan",
        "input NaN: JSONResponse refuses non-finite floats",
    ),
    (
        "create.raw.infinity",
        "input inf: JSONResponse refuses non-finite floats",
    ),
    (
        "create.raw.neg_infinity",
        "input -inf: JSONResponse refuses non-finite floats",
    ),
    (
        "create.raw.nan_event_item",
        "input NaN: JSONResponse refuses non-finite floats",
    ),
    (
        "update.raw.nan_timeout",
        "input NaN: JSONResponse refuses non-finite floats",
    ),
    (
        "create.raw.lone_surrogate_in_bad_timeout",
        "input '\\ud800': the response cannot be encoded as UTF-8",
    ),
];

struct Case {
    id: String,
    model: String,
    raw: Vec<u8>,
    status: i64,
    errors: Vec<ValidationError>,
    normalized: Value,
    body: Option<Value>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(VECTORS).expect("tests/vectors/instavm-endpoints.jsonl");
    let cases: Vec<Case> = text
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let v =
                json::parse(line.as_bytes()).unwrap_or_else(|e| panic!("line {}: {e:?}", n + 1));
            let text = |key: &str| match v.get(key) {
                Some(Value::Str(s)) => s.as_str().unwrap().to_owned(),
                other => panic!("line {}: {key}: {other:?}", n + 1),
            };
            let body = v.get("body").cloned();
            let raw = match (&body, v.get("raw")) {
                (Some(body), None) => {
                    let mut out = String::new();
                    json::write(&mut out, body);
                    out.into_bytes()
                }
                (None, Some(Value::Str(raw))) => raw.as_bytes().to_vec(),
                _ => panic!("line {}: body or raw", n + 1),
            };
            let Some(Value::Int(status)) = v.get("http_status") else {
                panic!("line {}: http_status", n + 1)
            };
            Case {
                id: text("id"),
                model: text("model"),
                raw,
                status: *status,
                errors: errors_from(v.get("errors").expect("errors")),
                normalized: v.get("normalized").cloned().expect("normalized"),
                body,
            }
        })
        .collect();
    assert_eq!(cases.len(), text.lines().count(), "every line is a case");
    cases
}

fn read(case: &Case) -> Result<Value, Rejection> {
    let ct = Some("application/json");
    match case.model.as_str() {
        "create" => read_create(ct, &case.raw).map(|v| normalized(&v)),
        "update" => read_update(ct, &case.raw).map(|v| normalized(&v)),
        other => panic!("{}: model {other}", case.id),
    }
}

/// As serialised (in field order: serde_json's `Value` would sort the keys).
fn normalized<T: serde::Serialize>(value: &T) -> Value {
    json::parse(serde_json::to_string(value).unwrap().as_bytes()).unwrap()
}

/// How the vectors' writer recorded a non-finite input: as Python's `str()` of it.
fn as_recorded(errors: &[ValidationError]) -> Vec<ValidationError> {
    errors
        .iter()
        .cloned()
        .map(|mut e| {
            if let Value::Float(f) = e.input
                && !f.is_finite()
            {
                let text = if f.is_nan() {
                    "nan"
                } else if f > 0.0 {
                    "inf"
                } else {
                    "-inf"
                };
                e.input = Value::str(text);
            }
            e
        })
        .collect()
}

#[test]
fn every_vector_gets_pydantics_verdict() {
    let cases = cases();
    let mut checked = 0;
    for case in &cases {
        let quirk = QUIRKS.iter().find(|(id, _)| *id == case.id);
        match (case.status, read(case)) {
            (200, Ok(values)) => {
                assert!(quirk.is_none(), "{}", case.id);
                assert_eq!(repr(&values), repr(&case.normalized), "{}", case.id);
            }
            (422, Err(rejection)) => {
                assert!(quirk.is_none(), "{}", case.id);
                assert_eq!(rejection.status, 422, "{}", case.id);
                assert_eq!(
                    rejection.body,
                    body_422(&case.errors),
                    "{}: the body FastAPI writes for the recorded errors",
                    case.id
                );
            }
            (500, Err(rejection)) => {
                let (_, why) =
                    quirk.unwrap_or_else(|| panic!("{}: a 500 not listed in QUIRKS", case.id));
                assert!(!why.is_empty());
                assert_eq!(rejection.status, 422, "{}", case.id);
                let mine = webhook_rules::instavm::json::parse(rejection.body.as_bytes())
                    .expect("our answer is JSON");
                // Every JSON reader can read it, serde_json (the console's) included.
                serde_json::from_str::<serde_json::Value>(&rejection.body)
                    .unwrap_or_else(|e| panic!("{}: {e}: {}", case.id, rejection.body));
                let body_errors = instavm_common::errors_from(mine.get("detail").unwrap());
                assert_eq!(body_errors.len(), case.errors.len(), "{}", case.id);
                // The errors themselves, before writing, are pydantic's exactly.
                let parsed = json::parse(&case.raw).expect("parses");
                let errors = match case.model.as_str() {
                    "create" => validate::validate_create(&parsed).unwrap_err(),
                    _ => validate::validate_update(&parsed).unwrap_err(),
                };
                assert_eq!(
                    errors_repr(&as_recorded(&errors)),
                    errors_repr(&case.errors),
                    "{}",
                    case.id
                );
            }
            (status, answer) => panic!("{}: recorded {status}, ours {answer:?}", case.id),
        }
        checked += 1;
    }
    for (id, _) in QUIRKS {
        assert!(cases.iter().any(|c| c.id == *id), "{id} is not a vector");
    }
    assert_eq!(checked, 229, "every case of the file, each checked");
}

/// The console builds bodies with serde_json: the same bodies through
/// `From<&serde_json::Value>` get the same verdicts.
#[test]
fn serde_built_bodies_get_the_same_verdicts() {
    let mut checked = 0;
    for case in cases() {
        let Some(body) = &case.body else { continue };
        let Ok(serde_body) = serde_json::from_slice::<serde_json::Value>(&case.raw) else {
            continue;
        };
        let converted = Value::from(&serde_body);
        if repr(&sorted(&converted)) != repr(&sorted(body)) {
            // Integers beyond u64 become floats in serde_json: not a body the console sends.
            continue;
        }
        let from_serde = match case.model.as_str() {
            "create" => validate::validate_create(&converted).map(|v| normalized(&v)),
            _ => validate::validate_update(&converted).map(|v| normalized(&v)),
        };
        match (case.status, from_serde) {
            (200, Ok(values)) => assert_eq!(repr(&values), repr(&case.normalized), "{}", case.id),
            // serde_json's map sorts keys: so does the console's body, and the `input` of a
            // `missing` error with it.
            (422, Err(errors)) => assert_eq!(
                repr(&sorted(&errors_value(&errors))),
                repr(&sorted(&errors_value(&case.errors))),
                "{}",
                case.id
            ),
            (status, other) => panic!("{}: recorded {status}, ours {other:?}", case.id),
        }
        checked += 1;
    }
    assert!(checked >= 200, "only {checked} bodies convert");
}

fn errors_value(errors: &[ValidationError]) -> Value {
    Value::List(errors.iter().map(instavm_common::error_value).collect())
}

/// The value with every dict's keys sorted.
fn sorted(v: &Value) -> Value {
    match v {
        Value::List(items) => Value::List(items.iter().map(sorted).collect()),
        Value::Dict(entries) => {
            let mut entries: Vec<_> = entries
                .iter()
                .map(|(k, v)| (k.clone(), sorted(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Dict(entries)
        }
        other => other.clone(),
    }
}

/// The normalised values serialise exactly as the vectors record them.
#[test]
fn normalised_values_serialise_like_the_vectors() {
    let new = NewEndpoint {
        url: "u".into(),
        description: None,
        event_patterns: Some(vec!["vm.*".into()]),
        timeout_seconds: 10,
        max_retries: 7,
    };
    assert_eq!(
        serde_json::to_string(&new).unwrap(),
        r#"{"url":"u","description":null,"event_patterns":["vm.*"],"timeout_seconds":10,"max_retries":7}"#
    );
    assert_eq!(
        serde_json::to_string(&EndpointUpdate::default()).unwrap(),
        r#"{"url":null,"description":null,"event_patterns":null,"timeout_seconds":null,"max_retries":null,"enabled":null}"#
    );
}
