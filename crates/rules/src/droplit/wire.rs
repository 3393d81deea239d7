//! Droplit's JSON shapes (`../shared/seeds/002_*`, the API reference's section 3), and the
//! way its Node server reads a request body, so that the sandbox reads it the same way.
//!
//! Response types accept unknown fields, so a newer server does not break the console.
//! Request bodies are not typed for the server side: Node reads any JSON value, so
//! `validate` takes a `serde_json::Value`; the console sends [`WebhookCreate`] and
//! [`WebhookUpdate`].

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A webhook as the API returns it (create, get, and the list's items).
///
/// `createdAt`: the docs show `"YYYY-MM-DD HH:MM:SS ENCODED"`, a date encoded into JSON.
/// inferred: a JavaScript `Date` that Express's `res.json` encodes with `Date.toJSON`,
/// `2026-11-23T04:22:00.000Z` (UTC, milliseconds); the sandbox writes that
/// ([`format_created_at`]) and the console shows whatever string it gets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "WebhookAsRead")]
pub struct Webhook {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "ecosystemId")]
    pub ecosystem_id: String,
    pub url: String,
    pub disabled: bool,
    #[serde(rename = "createdAt")]
    pub created_at: String,
}

/// What a read accepts: the v1 docs spell `description` as `desription`, so both are read
/// (the correct one wins when a server sends both); `disabled` and `createdAt` default.
#[derive(Deserialize)]
struct WebhookAsRead {
    id: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    desription: Option<String>,
    #[serde(rename = "ecosystemId")]
    ecosystem_id: String,
    url: String,
    #[serde(default)]
    disabled: bool,
    #[serde(rename = "createdAt", default)]
    created_at: String,
}

impl From<WebhookAsRead> for Webhook {
    fn from(w: WebhookAsRead) -> Self {
        Self {
            id: w.id,
            description: w.description.or(w.desription),
            ecosystem_id: w.ecosystem_id,
            url: w.url,
            disabled: w.disabled,
            created_at: w.created_at,
        }
    }
}

/// `GET /api/webhooks?ecosystemId=...`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookList {
    pub items: Vec<Webhook>,
}

/// `POST /api/webhooks`: `ecosystemId` and `url` required.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookCreate {
    #[serde(rename = "ecosystemId")]
    pub ecosystem_id: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PUT /api/webhooks/{id}`: any of the four; an absent field is left as it is.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// A secret never reaches a log through `{:?}`.
fn redacted(secret: &Option<String>) -> Option<&'static str> {
    secret.as_ref().map(|_| "<redacted>")
}

impl fmt::Debug for WebhookCreate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookCreate")
            .field("ecosystem_id", &self.ecosystem_id)
            .field("url", &self.url)
            .field("secret", &redacted(&self.secret))
            .field("description", &self.description)
            .finish()
    }
}

impl fmt::Debug for WebhookUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookUpdate")
            .field("url", &self.url)
            .field("secret", &redacted(&self.secret))
            .field("description", &self.description)
            .field("disabled", &self.disabled)
            .finish()
    }
}

/// Sandbox only: one delivery's exact request, so that anyone can check its
/// `x-droplit-signature` (`GET /sandbox/droplit/deliveries/{id}`). `body` is the exact
/// text that was signed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDelivery {
    pub delivery_id: String,
    pub webhook_id: String,
    pub url: String,
    /// Name and value pairs in the order they were sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Sandbox only: `GET /sandbox/droplit/deliveries`, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDeliveries {
    pub items: Vec<RecordedDelivery>,
}

/// `Date.prototype.toJSON` of a time in milliseconds since 1970 (UTC), as JavaScript
/// writes it: four-digit years, or a sign and six digits outside 0..=9999.
pub fn format_created_at(unix_millis: i64) -> String {
    let days = unix_millis.div_euclid(86_400_000);
    let ms = unix_millis.rem_euclid(86_400_000);
    // Howard Hinnant's days_from_civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs())
    };
    format!(
        "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1_000 % 60,
        ms % 1_000
    )
}

/// inferred: `body-parser`'s default limit, `100kb`; a longer body is answered 413.
pub const MAX_BODY_BYTES: usize = 100 * 1024;

/// Why a body could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Over [`MAX_BODY_BYTES`] (413).
    TooLarge,
    /// Not JSON, or JSON whose first value is not an object or array (`body-parser`'s
    /// strict mode) (400).
    Malformed,
}

/// The body as Droplit's Node server reads it, JSON only for `application/json`: the
/// seed's "Body Parameters Missing" (a JSON body sent as another type is read as `{}`).
/// inferred: the rest is Express with `body-parser`'s `json()` and its defaults: any
/// parameters and case of the type, an empty body is `{}`, bytes that are not UTF-8 become
/// U+FFFD, a leading BOM is dropped, only an object or an array at the top.
///
/// Lone surrogates: Node's `JSON.parse` keeps `"\ud800"` as one UTF-16 unit, which
/// `serde_json` refuses. The sandbox reads each lone surrogate escape as `\ufffd`
/// ([`replace_lone_surrogates`]): one unit for one unit, and neither is a line terminator
/// nor one of the characters the URL pattern names, so Node's verdict and its backtracking
/// are exactly the same on both (the differential test sends lone surrogates to Node). The
/// sandbox stores and returns U+FFFD where Droplit would return the lone surrogate.
pub fn read_body(content_type: Option<&str>, raw: &[u8]) -> Result<Value, BodyError> {
    let is_json = content_type.is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json {
        return Ok(Value::Object(Default::default()));
    }
    if raw.len() > MAX_BODY_BYTES {
        return Err(BodyError::TooLarge);
    }
    let text = String::from_utf8_lossy(raw);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let first = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .chars()
        .next();
    match first {
        None => Ok(Value::Object(Default::default())),
        Some('{' | '[') => {
            serde_json::from_str(&replace_lone_surrogates(text)).map_err(|_| BodyError::Malformed)
        }
        Some(_) => Err(BodyError::Malformed),
    }
}

/// Each `\uD800`-`\uDFFF` escape that is not half of a pair, inside a JSON string, becomes
/// `\ufffd`; everything else is kept byte for byte (see [`read_body`]).
pub fn replace_lone_surrogates(json: &str) -> Cow<'_, str> {
    let b = json.as_bytes();
    let hex4 = |at: usize| -> Option<u32> {
        let digits = b.get(at..at + 4)?;
        let s = std::str::from_utf8(digits).ok()?;
        u32::from_str_radix(s, 16)
            .ok()
            .filter(|_| !s.starts_with('+'))
    };
    let escape = |at: usize| -> Option<u32> {
        (b.get(at) == Some(&b'\\') && b.get(at + 1) == Some(&b'u'))
            .then(|| hex4(at + 2))
            .flatten()
    };
    let mut out = String::new();
    let (mut copied, mut i, mut in_string) = (0, 0, false);
    while i < b.len() {
        match b[i] {
            b'"' => {
                in_string = !in_string;
                i += 1;
            }
            b'\\' if in_string => match escape(i) {
                Some(0xD800..=0xDBFF) if matches!(escape(i + 6), Some(0xDC00..=0xDFFF)) => {
                    i += 12;
                }
                Some(0xD800..=0xDFFF) => {
                    out.push_str(&json[copied..i]);
                    out.push_str("\\ufffd");
                    i += 6;
                    copied = i;
                }
                Some(_) => i += 6,
                None => i += 2,
            },
            _ => i += 1,
        }
    }
    if copied == 0 {
        Cow::Borrowed(json)
    } else {
        out.push_str(&json[copied..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_misspelled_description_of_the_v1_docs() {
        let w: Webhook = serde_json::from_value(json!({
            "id": "W1", "desription": "old docs", "ecosystemId": "C1",
            "url": "https://a.b", "disabled": true, "createdAt": "2017-08-30T20:39:44.453Z"
        }))
        .unwrap();
        assert_eq!(w.description.as_deref(), Some("old docs"));
        assert!(w.disabled);
        let both: Webhook = serde_json::from_value(json!({
            "id": "W1", "description": "right", "desription": "wrong",
            "ecosystemId": "C1", "url": "https://a.b", "extra": 1
        }))
        .unwrap();
        assert_eq!(both.description.as_deref(), Some("right"));
        assert!(!both.disabled);
        // Written with the correct spelling only.
        let out = serde_json::to_value(&both).unwrap();
        assert_eq!(out["description"], "right");
        assert!(out.get("desription").is_none());
    }

    #[test]
    fn sends_only_the_fields_set() {
        let create = WebhookCreate {
            ecosystem_id: "C1".into(),
            url: "https://a.b".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&create).unwrap(),
            json!({"ecosystemId": "C1", "url": "https://a.b"})
        );
        let update = WebhookUpdate {
            disabled: Some(true),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"disabled": true})
        );
    }

    #[test]
    fn keeps_secrets_out_of_debug_output() {
        let create = WebhookCreate {
            secret: Some("s3cr3t-value".into()),
            ..Default::default()
        };
        let update = WebhookUpdate {
            secret: Some("s3cr3t-value".into()),
            ..Default::default()
        };
        for text in [format!("{create:?}"), format!("{update:?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
    }

    #[test]
    fn formats_created_at_as_javascript_dates_do() {
        assert_eq!(format_created_at(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_created_at(1_504_125_584_453),
            "2017-08-30T20:39:44.453Z"
        );
        assert_eq!(
            format_created_at(951_782_400_000),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(format_created_at(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            format_created_at(253_402_300_800_000),
            "+010000-01-01T00:00:00.000Z"
        );
        assert_eq!(
            format_created_at(-62_198_755_200_000),
            "-000001-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn reads_non_json_bodies_as_empty_objects() {
        let empty = json!({});
        assert_eq!(read_body(None, b"{\"url\":1}"), Ok(empty.clone()));
        assert_eq!(
            read_body(Some("text/plain"), b"{\"url\":1}"),
            Ok(empty.clone())
        );
        assert_eq!(
            read_body(Some("application/json"), b" \n"),
            Ok(empty.clone())
        );
        assert_eq!(
            read_body(Some("Application/JSON; charset=utf-8"), b"{\"url\":1}"),
            Ok(json!({"url": 1}))
        );
    }

    #[test]
    fn rejects_what_body_parser_rejects() {
        let json = Some("application/json");
        assert_eq!(read_body(json, b"\"a.b\""), Err(BodyError::Malformed));
        assert_eq!(read_body(json, b"{\"a\":"), Err(BodyError::Malformed));
        let big = format!("{{\"d\":\"{}\"}}", "x".repeat(MAX_BODY_BYTES));
        assert_eq!(read_body(json, big.as_bytes()), Err(BodyError::TooLarge));
        assert_eq!(read_body(json, b"\xEF\xBB\xBF[1]"), Ok(json!([1])));
        assert_eq!(
            read_body(json, b"{\"u\":\"\xFF\"}"),
            Ok(json!({"u": "\u{FFFD}"}))
        );
    }

    #[test]
    fn reads_a_lone_surrogate_as_one_replacement_unit() {
        let json = Some("application/json");
        let body = br#"{"url":"https://a.b/\ud800","d":"\udc00.\udc00","pair":"\ud83c\udf0d"}"#;
        let v = read_body(json, body).unwrap();
        assert_eq!(v["url"], "https://a.b/\u{FFFD}");
        assert_eq!(v["d"], "\u{FFFD}.\u{FFFD}");
        assert_eq!(v["pair"], "\u{1F30D}");
        assert_eq!(
            replace_lone_surrogates(r#"["\ud800\ud800", "\\ud800", "\"\udbff\u0041"]"#),
            r#"["\ufffd\ufffd", "\\ud800", "\"\ufffd\u0041"]"#
        );
        let untouched = r#"{"a":"\u00e9\n"}"#;
        assert!(matches!(
            replace_lone_surrogates(untouched),
            Cow::Borrowed(_)
        ));
    }
}
