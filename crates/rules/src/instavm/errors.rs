//! InstaVM's error bodies, both ways: the sandbox writes them byte for byte as FastAPI does,
//! the console reads them back onto its fields.
//!
//! A 422 is `{"detail":[{"type","loc","msg","input","ctx"?}, ...]}`, with keys in that
//! order (pydantic's error dicts, `loc` prefixed with `"body"` by FastAPI); any other error
//! is `{"detail":"..."}` (`wire::Detail`).

use super::json::{self, Value};
use crate::Problem;

/// One step of an error's location: a field name, or a list index (also the character
/// position of a JSON syntax error, right after `"body"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loc {
    Key(String),
    Index(i64),
}

impl Loc {
    /// `"body"`, where FastAPI puts every request body error.
    pub fn body() -> Loc {
        Loc::Key("body".into())
    }
}

/// One item of a 422's `detail`: pydantic's error as FastAPI writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError {
    pub loc: Vec<Loc>,
    pub msg: String,
    /// pydantic's error type (`int_parsing`, `missing`, ...), written as `"type"`.
    pub kind: String,
    /// The value that failed, as the server read it: integers of any size, NaN, lone
    /// surrogates (`json::Value`; serde_json's `Value` holds none of them).
    pub input: Value,
    pub ctx: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ValidationError {
    pub fn new(loc: Vec<Loc>, kind: &str, msg: String, input: Value) -> Self {
        ValidationError {
            loc,
            msg,
            kind: kind.to_owned(),
            input,
            ctx: None,
        }
    }
}

/// The body of a 422: the sandbox writes it (`body`), the console reads a server's
/// (`parse`).
#[derive(Clone, Debug, PartialEq)]
pub struct Http422 {
    pub detail: Vec<ValidationError>,
}

impl Http422 {
    /// A server's 422 body, read back through serde_json (no derive: a walk over
    /// `serde_json::Value` is much smaller in wasm); `None` when it is no such body.
    /// `input` is absent in answers of servers older than pydantic 2 (null here).
    pub fn parse(body: &str) -> Option<Http422> {
        let value: serde_json::Value = serde_json::from_str(body).ok()?;
        let item = |item: &serde_json::Value| {
            let loc = item
                .get("loc")?
                .as_array()?
                .iter()
                .map(|step| match step {
                    serde_json::Value::String(key) => Some(Loc::Key(key.clone())),
                    other => other.as_i64().map(Loc::Index),
                })
                .collect::<Option<Vec<_>>>()?;
            Some(ValidationError {
                loc,
                msg: item.get("msg")?.as_str()?.to_owned(),
                kind: item.get("type")?.as_str()?.to_owned(),
                input: item.get("input").map(Value::from).unwrap_or_default(),
                ctx: item.get("ctx").and_then(|ctx| ctx.as_object()).cloned(),
            })
        };
        let detail = value.get("detail")?.as_array()?;
        let detail = detail.iter().map(item).collect::<Option<Vec<_>>>()?;
        Some(Http422 { detail })
    }

    /// The exact text FastAPI writes for it.
    pub fn body(&self) -> String {
        body_422(&self.detail)
    }
}

/// FastAPI's 400 when reading the body raised something other than `JSONDecodeError`.
pub const PARSE_ERROR_DETAIL: &str = "There was an error parsing the body";

/// The exact text of FastAPI's 422 for these errors (`JSONResponse`: `json.dumps` with
/// `ensure_ascii=False`, `separators=(",", ":")`). For the two inputs FastAPI cannot write,
/// see `json::write`.
pub fn body_422(errors: &[ValidationError]) -> String {
    let mut out = String::from("{\"detail\":[");
    for (n, error) in errors.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"type\":");
        json::write_str(&mut out, &error.kind);
        out.push_str(",\"loc\":[");
        for (i, step) in error.loc.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match step {
                Loc::Key(key) => json::write_str(&mut out, key),
                Loc::Index(index) => out.push_str(&index.to_string()),
            }
        }
        out.push_str("],\"msg\":");
        json::write_str(&mut out, &error.msg);
        out.push_str(",\"input\":");
        json::write(&mut out, &error.input);
        if let Some(ctx) = &error.ctx {
            out.push_str(",\"ctx\":");
            json::write(
                &mut out,
                &Value::from(&serde_json::Value::Object(ctx.clone())),
            );
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// `{"detail":"..."}`, as FastAPI writes an `HTTPException` (401, 404, the 400 above).
pub fn detail_body(detail: &str) -> String {
    let mut out = String::from("{\"detail\":");
    json::write_str(&mut out, detail);
    out.push('}');
    out
}

/// The console's field key for a location: `["body","event_patterns",2]` is
/// `event_patterns[2]`; the body itself, or a JSON syntax error's position, is `""`.
pub fn field(loc: &[Loc]) -> String {
    let mut out = String::new();
    let steps = match loc {
        [Loc::Key(body), rest @ ..] if body == "body" => rest,
        _ => loc,
    };
    if let Some(Loc::Index(_)) = steps.first() {
        return out;
    }
    for step in steps {
        match step {
            Loc::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Loc::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Each error as the console shows it: on its field, coded with pydantic's type, in
/// pydantic's words.
pub fn problems(errors: &[ValidationError]) -> Vec<Problem> {
    errors
        .iter()
        .map(|e| Problem::new(field(&e.loc), &e.kind, e.msg.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(steps: &[serde_json::Value]) -> Vec<Loc> {
        steps
            .iter()
            .map(|s| match s {
                serde_json::Value::String(k) => Loc::Key(k.clone()),
                other => Loc::Index(other.as_i64().unwrap()),
            })
            .collect()
    }

    #[test]
    fn field_keys_follow_the_console_notation() {
        use serde_json::json;
        assert_eq!(
            field(&loc(&[json!("body"), json!("event_patterns"), json!(2)])),
            "event_patterns[2]"
        );
        assert_eq!(field(&loc(&[json!("body"), json!("url")])), "url");
        assert_eq!(field(&loc(&[json!("body")])), "");
        assert_eq!(field(&loc(&[json!("body"), json!(35)])), "");
    }

    #[test]
    fn writes_fastapis_key_order_and_ctx() {
        let mut error = ValidationError::new(
            vec![Loc::body(), Loc::Key("timeout_seconds".into())],
            "greater_than_equal",
            "Input should be greater than or equal to 3".into(),
            Value::Float(2.0),
        );
        let mut ctx = serde_json::Map::new();
        ctx.insert("ge".into(), 3.into());
        error.ctx = Some(ctx);
        assert_eq!(
            body_422(&[error]),
            r#"{"detail":[{"type":"greater_than_equal","loc":["body","timeout_seconds"],"msg":"Input should be greater than or equal to 3","input":2.0,"ctx":{"ge":3}}]}"#
        );
    }

    #[test]
    fn reads_a_servers_422_back() {
        let body = r#"{"detail":[{"type":"int_parsing","loc":["body","timeout_seconds"],"msg":"m","input":"x","url":"https://errors.pydantic.dev"},{"type":"json_invalid","loc":["body",3],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}"#;
        let parsed = Http422::parse(body).unwrap();
        assert_eq!(parsed.detail[0].input, Value::str("x"));
        assert_eq!(parsed.detail[1].loc, vec![Loc::body(), Loc::Index(3)]);
        assert_eq!(
            problems(&parsed.detail),
            vec![
                Problem::new("timeout_seconds", "int_parsing", "m"),
                Problem::new("", "json_invalid", "JSON decode error"),
            ]
        );
    }

    #[test]
    fn only_422_bodies_read_as_such() {
        assert_eq!(Http422::parse(r#"{"detail":"Not Found"}"#), None);
        assert_eq!(Http422::parse("<html>"), None);
        assert_eq!(
            Http422::parse(r#"{"detail":[{"loc":["body"],"msg":"m"}]}"#),
            None
        );
        let old =
            Http422::parse(r#"{"detail":[{"loc":["body","url"],"msg":"m","type":"t"}]}"#).unwrap();
        assert_eq!(old.detail[0].input, Value::Null);
        assert_eq!(
            old.body(),
            r#"{"detail":[{"type":"t","loc":["body","url"],"msg":"m","input":null}]}"#
        );
    }

    #[test]
    fn detail_bodies_escape_like_python() {
        assert_eq!(
            detail_body("Not \"found\""),
            r#"{"detail":"Not \"found\""}"#
        );
    }
}
