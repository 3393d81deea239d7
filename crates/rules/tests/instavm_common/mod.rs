//! Shared by the tests that hold `instavm` to pydantic and FastAPI: a rendering of Python
//! values in which every difference shows (NaN, lone surrogates, integer sizes, key order),
//! and errors read back from Python's JSON.

#![allow(dead_code)]

use webhook_rules::instavm::errors::{Loc, ValidationError};
use webhook_rules::instavm::json::{self, PyStr, Value};

/// `json.dumps(v, ensure_ascii=True, allow_nan=True, separators=(",", ":"))`: the form the
/// oracle writes pydantic's errors in, where NaN, infinities and lone surrogates survive.
pub fn repr(v: &Value) -> String {
    let mut out = String::new();
    write_repr(&mut out, v);
    out
}

fn write_repr(out: &mut String, v: &Value) {
    match v {
        Value::Float(f) if f.is_nan() => out.push_str("NaN"),
        Value::Float(f) if f.is_infinite() => {
            out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" })
        }
        Value::Str(s) => write_ascii_str(out, s),
        Value::List(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_repr(out, item);
            }
            out.push(']');
        }
        Value::Dict(entries) => {
            out.push('{');
            for (n, (key, item)) in entries.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_ascii_str(out, key);
                out.push(':');
                write_repr(out, item);
            }
            out.push('}');
        }
        other => json::write(out, other),
    }
}

fn write_ascii_str(out: &mut String, s: &PyStr) {
    out.push('"');
    for cp in s.code_points() {
        match cp {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            0x20..=0x7E => out.push(cp as u8 as char),
            0x10000.. => {
                let v = cp - 0x10000;
                out.push_str(&format!(
                    "\\u{:04x}\\u{:04x}",
                    0xD800 + (v >> 10),
                    0xDC00 + (v & 0x3FF)
                ));
            }
            _ => out.push_str(&format!("\\u{cp:04x}")),
        }
    }
    out.push('"');
}

/// An error as a Python dict in FastAPI's key order.
pub fn error_value(e: &ValidationError) -> Value {
    let mut entries = vec![
        (PyStr::from("type"), Value::str(&e.kind)),
        (
            PyStr::from("loc"),
            Value::List(
                e.loc
                    .iter()
                    .map(|step| match step {
                        Loc::Key(k) => Value::str(k),
                        Loc::Index(i) => Value::Int(*i),
                    })
                    .collect(),
            ),
        ),
        (PyStr::from("msg"), Value::str(&e.msg)),
        (PyStr::from("input"), e.input.clone()),
    ];
    if let Some(ctx) = &e.ctx {
        entries.push((
            PyStr::from("ctx"),
            Value::from(&serde_json::Value::Object(ctx.clone())),
        ));
    }
    Value::Dict(entries)
}

pub fn errors_repr(errors: &[ValidationError]) -> String {
    repr(&Value::List(errors.iter().map(error_value).collect()))
}

/// Errors written by Python (`{"loc", "msg", "type", "input", "ctx"?}` in any key order).
pub fn errors_from(list: &Value) -> Vec<ValidationError> {
    let Value::List(items) = list else {
        panic!("errors are a list: {}", repr(list))
    };
    items
        .iter()
        .map(|item| {
            let text = |key: &str| match item.get(key) {
                Some(Value::Str(s)) => s.as_str().expect("text").to_owned(),
                other => panic!("{key}: {other:?}"),
            };
            let Some(Value::List(loc)) = item.get("loc") else {
                panic!("loc: {}", repr(item))
            };
            let loc = loc
                .iter()
                .map(|step| match step {
                    Value::Str(s) => Loc::Key(s.as_str().expect("text").to_owned()),
                    Value::Int(i) => Loc::Index(*i),
                    other => panic!("loc step {other:?}"),
                })
                .collect();
            let mut error = ValidationError::new(
                loc,
                &text("type"),
                text("msg"),
                item.get("input").cloned().unwrap_or(Value::Null),
            );
            error.ctx = item.get("ctx").map(|ctx| match to_serde(ctx) {
                serde_json::Value::Object(map) => map,
                other => panic!("ctx {other:?}"),
            });
            error
        })
        .collect()
}

/// A value without NaN, lone surrogates or integers beyond u64, for serde.
pub fn to_serde(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::BigInt(text) => text.parse::<u64>().expect("fits u64").into(),
        Value::Float(f) => serde_json::Number::from_f64(*f).expect("finite").into(),
        Value::Str(s) => s.as_str().expect("no lone surrogate").into(),
        Value::List(items) => items.iter().map(to_serde).collect(),
        Value::Dict(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.as_str().expect("text key").to_owned(), to_serde(v)))
                .collect(),
        ),
    }
}

/// The body FastAPI's 422 carries, read back.
pub fn detail_of(body: &str) -> Vec<ValidationError> {
    let value = json::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{e:?}: {body}"));
    errors_from(value.get("detail").expect("a detail list"))
}
