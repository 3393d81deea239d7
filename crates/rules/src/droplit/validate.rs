//! One entry point per request part. Each returns every problem at once (one per field:
//! the first rule a field fails, as Droplit's `validate` library reports), in the words of
//! Droplit's 400 (`errors`), so that the console shows what the server would say.
//!
//! The body is read as Node reads it, as any JSON value ([`Js`]): the sandbox passes the
//! parsed body, the console its typed form.

use serde_json::Value;

use crate::Problem;

use super::errors::{self, code};
use super::url;
use super::wire::{WebhookCreate, WebhookUpdate};

/// inferred: what an id looks like, for `ecosystemId` and a webhook's `{id}`. Droplit
/// says only "invalid id"; any 1 to 64 ASCII letters, digits, `-` and `_` are taken, which
/// covers Mongo ObjectIds with or without a type letter, UUIDs and ecosystem domains
/// (`a-z 0-9 -`, 24 at most), so the console never refuses an id Droplit would take.
pub const MAX_ID_LEN: usize = 64;

pub fn is_valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

// inferred: no field has a length bound (none is documented, and the `validate` library
// has no such rule): the body's 100 KiB limit (`wire::MAX_BODY_BYTES`) is the only one, so
// it bounds what is stored of `url`, `secret` and `description`. A request reports at most
// one problem per field (the first rule it fails) and one for its query: no cap is needed.

/// inferred: Express reads only the first 1000 pairs of a query and drops the rest (`qs`'s
/// `parameterLimit` and Node's `querystring` `maxKeys`, both 1000 by default), so these
/// rules read as many. Exact but for empty pairs (`a&&b`), which Express counts and the
/// sandbox's query parser drops.
pub const QUERY_PAIRS_READ: usize = 1000;

fn read_pairs(query: &[(String, String)]) -> &[(String, String)] {
    &query[..query.len().min(QUERY_PAIRS_READ)]
}

/// A value as JavaScript sees it after `JSON.parse`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Js<'a> {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    Str(&'a str),
    Array,
    Object,
}

impl<'a> Js<'a> {
    pub fn of(value: Option<&'a Value>) -> Self {
        match value {
            None => Js::Undefined,
            Some(Value::Null) => Js::Null,
            Some(Value::Bool(b)) => Js::Bool(*b),
            Some(Value::Number(n)) => Js::Number(n.as_f64().unwrap_or(f64::NAN)),
            Some(Value::String(s)) => Js::Str(s),
            Some(Value::Array(_)) => Js::Array,
            Some(Value::Object(_)) => Js::Object,
        }
    }

    fn of_option(value: Option<&'a str>) -> Self {
        value.map_or(Js::Undefined, Js::Str)
    }

    /// `!value` in JavaScript: what the `validate` library's `required` refuses.
    fn falsy(self) -> bool {
        match self {
            Js::Undefined | Js::Null => true,
            Js::Bool(b) => !b,
            Js::Number(n) => n == 0.0 || n.is_nan(),
            Js::Str(s) => s.is_empty(),
            Js::Array | Js::Object => false,
        }
    }

    fn is_nullish(self) -> bool {
        matches!(self, Js::Undefined | Js::Null)
    }
}

/// A create request that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct NewWebhook {
    pub ecosystem_id: String,
    pub url: String,
    pub secret: Option<String>,
    pub description: Option<String>,
}

/// A PUT that passed every rule: `None` leaves a field as it is.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub secret: Option<String>,
    pub description: Option<String>,
    pub disabled: Option<bool>,
}

impl std::fmt::Debug for NewWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewWebhook")
            .field("ecosystem_id", &self.ecosystem_id)
            .field("url", &self.url)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("description", &self.description)
            .finish()
    }
}

impl std::fmt::Debug for WebhookChanges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookChanges")
            .field("url", &self.url)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("description", &self.description)
            .field("disabled", &self.disabled)
            .finish()
    }
}

fn problem(field: &str, code: &str, message: &str) -> Problem {
    Problem::new(field, code, message)
}

/// `required` then `type: string`.
/// inferred: `""`, `0`, `false` and `null` are missing (Droplit's `validate` fork's
/// `required` is `!!value`), so `"url": ""` is "field is required", not the pattern.
fn required_string<'a>(field: &str, v: Js<'a>) -> Result<&'a str, Problem> {
    match v {
        v if v.falsy() => Err(problem(field, code::REQUIRED, errors::REQUIRED)),
        Js::Str(s) => Ok(s),
        _ => Err(problem(field, code::TYPE, errors::MUST_BE_STRING)),
    }
}

/// `type: string`, which lets `null` through.
/// inferred: `null` is "not given"; `""` is a value (a `secret` of `""` signs nothing, as
/// JavaScript's `if (secret)` is false).
fn optional_string<'a>(field: &str, v: Js<'a>) -> Result<Option<&'a str>, Problem> {
    match v {
        v if v.is_nullish() => Ok(None),
        Js::Str(s) => Ok(Some(s)),
        _ => Err(problem(field, code::TYPE, errors::MUST_BE_STRING)),
    }
}

fn ecosystem_id<'a>(field: &str, v: Js<'a>) -> Result<&'a str, Problem> {
    let id = required_string(field, v)?;
    if is_valid_id(id) {
        Ok(id)
    } else {
        Err(problem(field, code::INVALID_ID, errors::INVALID_ID))
    }
}

/// The pattern; on an input that would hang the real server, that instead (the console
/// says so; the sandbox answers the pattern's message, see `errors::wire_message`).
pub fn check_url(field: &str, url: &str) -> Result<(), Problem> {
    let verdict = url::check_url(url);
    if verdict.matches {
        Ok(())
    } else if verdict.hangs_node {
        Err(problem(field, code::HANGS_SERVER, &url::hang_message(url)))
    } else {
        Err(problem(field, code::PATTERN, &errors::pattern_message()))
    }
}

fn collect<T>(result: Result<T, Problem>, problems: &mut Vec<Problem>) -> Option<T> {
    result.map_err(|p| problems.push(p)).ok()
}

/// `POST /api/webhooks`.
/// inferred: unknown fields are stripped (the `validate` library's default), so ignored;
/// a body that is not an object has no fields.
pub fn validate_create(body: &Value) -> Result<NewWebhook, Vec<Problem>> {
    create(|k| Js::of(body.get(k)))
}

/// [`validate_create`] on the console's form.
pub fn validate_create_form(form: &WebhookCreate) -> Result<NewWebhook, Vec<Problem>> {
    create(|k| match k {
        "ecosystemId" => Js::Str(&form.ecosystem_id),
        "url" => Js::Str(&form.url),
        "secret" => Js::of_option(form.secret.as_deref()),
        _ => Js::of_option(form.description.as_deref()),
    })
}

fn create<'a>(get: impl Fn(&str) -> Js<'a>) -> Result<NewWebhook, Vec<Problem>> {
    let mut problems = Vec::new();
    let eco = collect(
        ecosystem_id("ecosystemId", get("ecosystemId")),
        &mut problems,
    );
    let url = collect(
        required_string("url", get("url")).and_then(|u| check_url("url", u).map(|()| u)),
        &mut problems,
    );
    let secret = collect(optional_string("secret", get("secret")), &mut problems);
    let description = collect(
        optional_string("description", get("description")),
        &mut problems,
    );
    match (eco, url, secret, description) {
        (Some(eco), Some(url), Some(secret), Some(description)) if problems.is_empty() => {
            Ok(NewWebhook {
                ecosystem_id: eco.to_owned(),
                url: url.to_owned(),
                secret: secret.map(str::to_owned),
                description: description.map(str::to_owned),
            })
        }
        _ => Err(problems),
    }
}

/// `PUT /api/webhooks/{id}`: any of `url`, `secret`, `description`, `disabled`.
/// inferred: `null` leaves a field as it is (the `validate` library lets it through and
/// nothing says it clears); other fields, `ecosystemId` included, are stripped; an empty
/// body changes nothing; `""` is a value (a `url` of `""` fails the pattern, a `secret` of
/// `""` stops the signing, as JavaScript's `if (secret)` would).
pub fn validate_update(body: &Value) -> Result<WebhookChanges, Vec<Problem>> {
    update(|k| Js::of(body.get(k)))
}

/// [`validate_update`] on the console's form.
pub fn validate_update_form(form: &WebhookUpdate) -> Result<WebhookChanges, Vec<Problem>> {
    update(|k| match k {
        "url" => Js::of_option(form.url.as_deref()),
        "secret" => Js::of_option(form.secret.as_deref()),
        "description" => Js::of_option(form.description.as_deref()),
        _ => form.disabled.map_or(Js::Undefined, Js::Bool),
    })
}

fn update<'a>(get: impl Fn(&str) -> Js<'a>) -> Result<WebhookChanges, Vec<Problem>> {
    let mut problems = Vec::new();
    let url = collect(
        optional_string("url", get("url")).and_then(|u| match u {
            Some(u) => check_url("url", u).map(|()| Some(u)),
            None => Ok(None),
        }),
        &mut problems,
    );
    let secret = collect(optional_string("secret", get("secret")), &mut problems);
    let description = collect(
        optional_string("description", get("description")),
        &mut problems,
    );
    let disabled = collect(
        match get("disabled") {
            v if v.is_nullish() => Ok(None),
            Js::Bool(b) => Ok(Some(b)),
            _ => Err(problem("disabled", code::TYPE, errors::MUST_BE_BOOLEAN)),
        },
        &mut problems,
    );
    match (url, secret, description, disabled) {
        (Some(url), Some(secret), Some(description), Some(disabled)) if problems.is_empty() => {
            Ok(WebhookChanges {
                url: url.map(str::to_owned),
                secret: secret.map(str::to_owned),
                description: description.map(str::to_owned),
                disabled,
            })
        }
        _ => Err(problems),
    }
}

/// The `{id}` of `/api/webhooks/{id}` (Webhook Invalid), after percent-decoding.
pub fn validate_webhook_id(id: &str) -> Result<(), Problem> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(problem("id", code::INVALID_ID, errors::INVALID_ID))
    }
}

/// Query fields that are not in `allowed`, as one problem (Query Field Not Allowed).
/// Pairs with an empty name are ignored, as Node's `qs` ignores them. Quadratic in the
/// names, but [`QUERY_PAIRS_READ`] bounds them.
fn not_allowed(query: &[(String, String)], allowed: &[&str]) -> Option<Problem> {
    let mut extra: Vec<&str> = Vec::new();
    for (k, _) in read_pairs(query) {
        if !k.is_empty() && !allowed.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
            extra.push(k);
        }
    }
    (!extra.is_empty())
        .then(|| problem("", code::NOT_ALLOWED, &errors::not_allowed_message(&extra)))
}

/// The list's query: `ecosystemId`, required, nothing else. Gives the ecosystem's id.
/// inferred: a repeated `ecosystemId` is an array to `qs`, so not a string.
pub fn validate_list_query(query: &[(String, String)]) -> Result<String, Vec<Problem>> {
    let mut problems: Vec<Problem> = not_allowed(query, &["ecosystemId"]).into_iter().collect();
    let mut values = read_pairs(query).iter().filter(|(k, _)| k == "ecosystemId");
    let value = match (values.next(), values.next()) {
        (Some((_, v)), None) => Js::Str(v),
        (Some(_), Some(_)) => Js::Array,
        (None, _) => Js::Undefined,
    };
    let id = collect(ecosystem_id("ecosystemId", value), &mut problems);
    match id {
        Some(id) if problems.is_empty() => Ok(id.to_owned()),
        _ => Err(problems),
    }
}

/// Every route but the list takes no query (No Query String Allowed).
pub fn validate_no_query(query: &[(String, String)]) -> Result<(), Problem> {
    not_allowed(query, &[]).map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect()
    }

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn accepts_a_minimal_create_and_keeps_optional_fields() {
        let ok =
            validate_create(&json!({"ecosystemId": "C5a1", "url": "hooks.example.com"})).unwrap();
        assert_eq!(ok.url, "hooks.example.com");
        assert_eq!(ok.secret, None);
        let ok = validate_create(&json!({
            "ecosystemId": "C5a1", "url": "https://a.b/h", "secret": "", "description": null,
            "unknown": [1, 2]
        }))
        .unwrap();
        assert_eq!(ok.secret.as_deref(), Some(""));
        assert_eq!(ok.description, None);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let problems = validate_create(&json!({
            "ecosystemId": "not an id!", "url": "localhost", "secret": 5, "description": []
        }))
        .unwrap_err();
        assert_eq!(
            codes(&problems),
            [
                ("ecosystemId", "invalid_id"),
                ("url", "pattern"),
                ("secret", "type"),
                ("description", "type"),
            ]
        );
        assert_eq!(problems[1].message, errors::pattern_message());
        assert_eq!(problems[0].message, "invalid id");
    }

    #[test]
    fn treats_falsy_values_as_missing_like_droplits_validate() {
        for missing in [
            json!({}),
            json!({"ecosystemId": "", "url": ""}),
            json!({"ecosystemId": null, "url": 0}),
            json!({"ecosystemId": false, "url": null}),
            json!([1]),
            json!("a.b"),
        ] {
            let problems = validate_create(&missing).unwrap_err();
            assert_eq!(
                codes(&problems),
                [("ecosystemId", "required"), ("url", "required")],
                "{missing}"
            );
            assert!(problems.iter().all(|p| p.message == "field is required"));
        }
        let typed = validate_create(&json!({"ecosystemId": 12, "url": true})).unwrap_err();
        assert_eq!(codes(&typed), [("ecosystemId", "type"), ("url", "type")]);
    }

    #[test]
    fn says_when_a_url_would_hang_the_server() {
        let url = format!("https://hooks.example.com{}\r\n", "/a".repeat(22));
        let problems = validate_create(&json!({"ecosystemId": "C1", "url": url})).unwrap_err();
        assert_eq!(codes(&problems), [("url", "hangs_server")]);
        assert!(problems[0].message.starts_with(url::HANG_MESSAGE_PREFIX));
        let quick = validate_create(&json!({"ecosystemId": "C1", "url": "a.b/x\n"})).unwrap_err();
        assert_eq!(codes(&quick), [("url", "pattern")]);
    }

    #[test]
    fn validates_the_form_as_the_body() {
        let form = WebhookCreate {
            ecosystem_id: "C1".into(),
            url: "https://a.b".into(),
            secret: Some("s".into()),
            description: Some("d".into()),
        };
        let body = serde_json::to_value(&form).unwrap();
        assert_eq!(validate_create_form(&form), validate_create(&body));
        let bad = WebhookCreate::default();
        assert_eq!(
            validate_create_form(&bad),
            validate_create(&serde_json::to_value(&bad).unwrap())
        );
        assert!(validate_create_form(&bad).is_err());
    }

    #[test]
    fn applies_a_partial_update() {
        assert_eq!(validate_update(&json!({})), Ok(WebhookChanges::default()));
        let changes = validate_update(&json!({
            "disabled": true, "url": null, "ecosystemId": "ignored", "secret": ""
        }))
        .unwrap();
        assert_eq!(changes.disabled, Some(true));
        assert_eq!(changes.url, None);
        assert_eq!(changes.secret.as_deref(), Some(""));
        let problems = validate_update(&json!({
            "url": "", "disabled": "yes", "description": 1
        }))
        .unwrap_err();
        assert_eq!(
            codes(&problems),
            [
                ("url", "pattern"),
                ("description", "type"),
                ("disabled", "type")
            ]
        );
        let form = WebhookUpdate {
            url: Some("a.b".into()),
            disabled: Some(false),
            ..Default::default()
        };
        assert_eq!(
            validate_update_form(&form),
            validate_update(&serde_json::to_value(&form).unwrap())
        );
    }

    #[test]
    fn checks_ids_in_the_path_and_the_query() {
        assert!(validate_webhook_id("W5a1b2c3d4e5f6a7b8c9d0e1f").is_ok());
        assert!(validate_webhook_id("my-eco_1").is_ok());
        for bad in ["", "a b", "W/1", "é", &"x".repeat(65)] {
            let p = validate_webhook_id(bad).unwrap_err();
            assert_eq!((p.field.as_str(), p.message.as_str()), ("id", "invalid id"));
        }
        assert_eq!(
            validate_list_query(&q(&[("ecosystemId", "C1")])),
            Ok("C1".into())
        );
        let p = validate_list_query(&q(&[])).unwrap_err();
        assert_eq!(codes(&p), [("ecosystemId", "required")]);
        let p =
            validate_list_query(&q(&[("ecosystemId", "C1"), ("ecosystemId", "C2")])).unwrap_err();
        assert_eq!(codes(&p), [("ecosystemId", "type")]);
        let p = validate_list_query(&q(&[
            ("query", "x"),
            ("ecosystemId", "?"),
            ("b", ""),
            ("query", ""),
        ]))
        .unwrap_err();
        assert_eq!(
            codes(&p),
            [("", "not_allowed"), ("ecosystemId", "invalid_id")]
        );
        assert_eq!(
            p[0].message,
            "contains fields that are not allowed: [ query, b ]"
        );
    }

    #[test]
    fn refuses_any_query_where_none_is_taken() {
        assert_eq!(validate_no_query(&q(&[])), Ok(()));
        assert_eq!(validate_no_query(&q(&[("", "x")])), Ok(()));
        let p = validate_no_query(&q(&[("query", "1")])).unwrap_err();
        assert_eq!(p.message, "contains fields that are not allowed: [ query ]");
        assert_eq!(p.code, "not_allowed");
    }

    #[test]
    fn keeps_secrets_out_of_debug_output() {
        let ok = validate_create(&json!({"ecosystemId": "C1", "url": "a.b", "secret": "hunter2"}))
            .unwrap();
        assert!(!format!("{ok:?}").contains("hunter2"));
        let ch = validate_update(&json!({"secret": "hunter2"})).unwrap();
        assert!(!format!("{ch:?}").contains("hunter2"));
    }
}
