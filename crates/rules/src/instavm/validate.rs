//! Every rule InstaVM applies to an endpoint request, as pydantic 2.14.3 (pydantic-core
//! 2.50.4, lax mode) decides it behind FastAPI 0.165.0: the same verdicts, error types,
//! messages, locations, inputs and normalised values.
//!
//! The server's models (`../shared/seeds/004_*`, the API reference):
//! create = `url: str`, `description: str | None = None`, `event_patterns: list[str] | None
//! = None`, `timeout_seconds: int = Field(10, ge=3, le=60)`, `max_retries: int = Field(7,
//! ge=1, le=7)`; update = the same fields, each `| None = None`, plus `enabled: bool | None`.
//! Unknown keys are ignored; every bad field is reported, in the models' field order.
//!
//! Where FastAPI fails to answer at all, the console answers what pydantic decided instead
//! (422), because a 500 tells the admin nothing and none of these bodies can come from the
//! console, whose bodies are serde_json text (finite numbers, valid Unicode): only a
//! hand-written request to the sandbox reaches them. The quirks, by vector id:
//! - `create.raw.nan`, `create.raw.infinity`, `create.raw.neg_infinity`,
//!   `create.raw.nan_event_item`, `update.raw.nan_timeout`: an error's `input` is NaN or
//!   ±infinity, which FastAPI's `JSONResponse` (`allow_nan=False`) refuses to write: 500. We
//!   write the 422 with the input as `"nan"`, `"inf"` or `"-inf"` (`json::write`).
//! - `create.raw.lone_surrogate_in_bad_timeout`: an error's `input` holds a lone surrogate,
//!   which FastAPI cannot encode as UTF-8: 500. We write it as U+FFFD.
//! - (no vector) a lone surrogate in an accepted `str` field (`url`, `description`, an event
//!   pattern): pydantic passes it, and the server fails later, writing it back: 500. We
//!   reject it as pydantic rejects such text where it needs Rust text (`string_unicode`).
//! - (no vector) a non-JSON content type with a body that is not UTF-8: FastAPI fails
//!   writing the bytes back as the error's input: 500. We write them decoded lossily.
//!
//! inferred: bounds. pydantic reports every error, so a body with 100,000 bad event
//! patterns gets 100,000 errors from the real server, and the vectors and the differential
//! test hold these rules to that: nothing here caps the errors. The work is linear instead:
//! one pass reads the body (`json`), one judges it, one writes the 422 (`errors`), each
//! item's error echoing only that item (the whole body is echoed once, for a missing `url`).
//! The models set no `max_length`, so no field has a bound of its own: a URL, a description,
//! each event pattern and their number are bounded by the body, [`MAX_BODY_BYTES`].

use serde::{Deserialize, Serialize};

use super::errors::{self, Loc, PARSE_ERROR_DETAIL, ValidationError};
use super::json::{self, BodyError, PyStr, Value};

/// inferred: the longest body read, answered 413 past it. FastAPI sets no limit; 1 MiB is
/// the default of nginx (`client_max_body_size`), the usual proxy in front of such an app.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub const TIMEOUT_SECONDS_MIN: i64 = 3;
pub const TIMEOUT_SECONDS_MAX: i64 = 60;
pub const TIMEOUT_SECONDS_DEFAULT: i64 = 10;
pub const MAX_RETRIES_MIN: i64 = 1;
pub const MAX_RETRIES_MAX: i64 = 7;
pub const MAX_RETRIES_DEFAULT: i64 = 7;

/// `GET /v1/webhooks/deliveries`' `limit`.
/// inferred: 50 unless given, 1 to 100 (`Query(50, ge=1, le=100)`), checked by
/// [`query_int`].
pub const DELIVERIES_LIMIT_DEFAULT: i64 = 50;
pub const DELIVERIES_LIMIT_MIN: i64 = 1;
pub const DELIVERIES_LIMIT_MAX: i64 = 100;

/// `POST /v1/webhooks/endpoints`, after pydantic: defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEndpoint {
    pub url: String,
    pub description: Option<String>,
    pub event_patterns: Option<Vec<String>>,
    pub timeout_seconds: i64,
    pub max_retries: i64,
}

/// `PATCH /v1/webhooks/endpoints/{id}`, after pydantic: `None` where the field was absent
/// or null.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointUpdate {
    pub url: Option<String>,
    pub description: Option<String>,
    pub event_patterns: Option<Vec<String>>,
    pub timeout_seconds: Option<i64>,
    pub max_retries: Option<i64>,
    pub enabled: Option<bool>,
}

/// What FastAPI answers instead of calling the endpoint: the status and the exact body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub status: u16,
    pub body: String,
}

/// pydantic's verdict on a create body.
pub fn validate_create(body: &Value) -> Result<NewEndpoint, Vec<ValidationError>> {
    let mut c = Check::new(body)?;
    let url = match c.field("url") {
        Some(v) => c.string(v, loc("url")),
        None => {
            c.missing("url");
            None
        }
    };
    let description = c.optional("description", Check::string);
    let event_patterns = c.optional("event_patterns", Check::string_list);
    let timeout_seconds = match c.field("timeout_seconds") {
        Some(v) => c.int(
            v,
            "timeout_seconds",
            TIMEOUT_SECONDS_MIN,
            TIMEOUT_SECONDS_MAX,
        ),
        None => Some(TIMEOUT_SECONDS_DEFAULT),
    };
    let max_retries = match c.field("max_retries") {
        Some(v) => c.int(v, "max_retries", MAX_RETRIES_MIN, MAX_RETRIES_MAX),
        None => Some(MAX_RETRIES_DEFAULT),
    };
    c.finish()?;
    Ok(NewEndpoint {
        url: url.unwrap_or_default(),
        description: description.flatten(),
        event_patterns: event_patterns.flatten(),
        timeout_seconds: timeout_seconds.unwrap_or_default(),
        max_retries: max_retries.unwrap_or_default(),
    })
}

/// pydantic's verdict on an update body.
pub fn validate_update(body: &Value) -> Result<EndpointUpdate, Vec<ValidationError>> {
    let mut c = Check::new(body)?;
    let url = c.optional("url", Check::string);
    let description = c.optional("description", Check::string);
    let event_patterns = c.optional("event_patterns", Check::string_list);
    let timeout_seconds = c.optional("timeout_seconds", |c, v, loc| {
        c.bounded(v, loc, TIMEOUT_SECONDS_MIN, TIMEOUT_SECONDS_MAX)
    });
    let max_retries = c.optional("max_retries", |c, v, loc| {
        c.bounded(v, loc, MAX_RETRIES_MIN, MAX_RETRIES_MAX)
    });
    let enabled = c.optional("enabled", Check::bool);
    c.finish()?;
    Ok(EndpointUpdate {
        url: url.flatten(),
        description: description.flatten(),
        event_patterns: event_patterns.flatten(),
        timeout_seconds: timeout_seconds.flatten(),
        max_retries: max_retries.flatten(),
        enabled: enabled.flatten(),
    })
}

/// The create request as FastAPI handles it: content type, body, model.
pub fn read_create(content_type: Option<&str>, raw: &[u8]) -> Result<NewEndpoint, Rejection> {
    validate_create(&read_body(content_type, raw)?).map_err(reject)
}

/// The update request as FastAPI handles it: content type, body, model.
pub fn read_update(content_type: Option<&str>, raw: &[u8]) -> Result<EndpointUpdate, Rejection> {
    validate_update(&read_body(content_type, raw)?).map_err(reject)
}

fn reject(errors: Vec<ValidationError>) -> Rejection {
    Rejection {
        status: 422,
        body: errors::body_422(&errors),
    }
}

/// What FastAPI hands pydantic: the parsed JSON for a JSON content type, else the bytes
/// themselves (which pydantic refuses as no dict, and FastAPI writes back as text).
fn read_body(content_type: Option<&str>, raw: &[u8]) -> Result<Value, Rejection> {
    match decode_body(content_type, raw)? {
        Some(body) => Ok(body),
        // `json::parse` of nothing is pydantic's `missing` for the whole body.
        None => json::parse(raw).map_err(body_rejection),
    }
}

/// The body as FastAPI decodes it before the route's dependencies run (the API key
/// among them): a JSON body that does not decode is answered (422, or 400) whoever sends
/// it. `None` for an empty body, which FastAPI does not decode (the model then says it is
/// missing, after the key is checked); text for a body that is not sent as JSON.
pub fn decode_body(content_type: Option<&str>, raw: &[u8]) -> Result<Option<Value>, Rejection> {
    if raw.is_empty() {
        return Ok(None);
    }
    if !is_json(content_type) {
        // inferred: bytes that are not UTF-8 (FastAPI fails writing them back: 500) are
        // written decoded lossily.
        return Ok(Some(Value::Str(PyStr::from(
            String::from_utf8_lossy(raw).into_owned(),
        ))));
    }
    json::parse(raw).map(Some).map_err(body_rejection)
}

fn body_rejection(e: BodyError) -> Rejection {
    match e {
        BodyError::Invalid(error) => reject(vec![*error]),
        BodyError::Unparsable => Rejection {
            status: 400,
            body: errors::detail_body(PARSE_ERROR_DETAIL),
        },
    }
}

/// A query parameter declared `int = Query(..., ge=ge, le=le)`, from its text: pydantic's
/// lax `int` from a string (`+5`, `1_0`, ` 5 `, `05`, `5.0` are 5), then the bounds, with
/// FastAPI's error at `["query", name]` and the text as its input.
pub fn query_int(name: &str, text: &str, ge: i64, le: i64) -> Result<i64, Box<ValidationError>> {
    let no_body = Value::Null;
    let mut check = Check {
        body: &no_body,
        entries: &[],
        errors: Vec::new(),
    };
    let loc = vec![Loc::Key("query".into()), Loc::Key(name.into())];
    match check.bounded(&Value::str(text), loc, ge, le) {
        Some(n) => Ok(n),
        None => Err(Box::new(check.errors.remove(0))),
    }
}

/// FastAPI's test, through `email.message.Message`: the media type before any `;`,
/// stripped and lower-cased, is `application/json` or `application/<anything>+json`. No
/// header at all is not JSON (FastAPI's `strict_content_type`, on by default).
pub fn is_json(content_type: Option<&str>) -> bool {
    let Some(value) = content_type else {
        return false;
    };
    let media = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim_matches(is_python_space)
        .to_ascii_lowercase();
    match media.split_once('/') {
        Some((main, sub)) if !sub.contains('/') => {
            main == "application" && (sub == "json" || sub.ends_with("+json"))
        }
        _ => false,
    }
}

/// `str.isspace()`: Unicode's White_Space plus the four separators U+001C..U+001F.
pub(crate) fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

fn loc(name: &str) -> Vec<Loc> {
    vec![Loc::body(), Loc::Key(name.into())]
}

/// pydantic's message for each error type these models can raise.
fn message(kind: &str) -> &'static str {
    match kind {
        "missing" => "Field required",
        "model_attributes_type" => {
            "Input should be a valid dictionary or object to extract fields from"
        }
        "string_type" => "Input should be a valid string",
        "string_unicode" => {
            "Input should be a valid string, unable to parse raw data as a unicode string"
        }
        "list_type" => "Input should be a valid list",
        "int_type" => "Input should be a valid integer",
        "int_parsing" => "Input should be a valid integer, unable to parse string as an integer",
        "int_parsing_size" => "Unable to parse input string as an integer, exceeded maximum size",
        "int_from_float" => "Input should be a valid integer, got a number with a fractional part",
        "finite_number" => "Input should be a finite number",
        "bool_type" => "Input should be a valid boolean",
        _ => "Input should be a valid boolean, unable to interpret input",
    }
}

/// The errors of one model validation, in field order.
struct Check<'a> {
    body: &'a Value,
    entries: &'a [(PyStr, Value)],
    errors: Vec<ValidationError>,
}

impl<'a> Check<'a> {
    /// With `from_attributes=True`, as FastAPI validates, anything but a dict from JSON is
    /// a builtin without the fields as attributes.
    fn new(body: &'a Value) -> Result<Self, Vec<ValidationError>> {
        match body {
            Value::Dict(entries) => Ok(Check {
                body,
                entries,
                errors: Vec::new(),
            }),
            other => Err(vec![ValidationError::new(
                vec![Loc::body()],
                "model_attributes_type",
                message("model_attributes_type").into(),
                other.clone(),
            )]),
        }
    }

    fn field(&self, name: &str) -> Option<&'a Value> {
        self.entries
            .iter()
            .find(|(key, _)| key.as_bytes() == name.as_bytes())
            .map(|(_, value)| value)
    }

    fn finish(self) -> Result<(), Vec<ValidationError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    fn fail(&mut self, loc: Vec<Loc>, kind: &str, input: &Value) {
        self.errors.push(ValidationError::new(
            loc,
            kind,
            message(kind).into(),
            input.clone(),
        ));
    }

    fn missing(&mut self, name: &str) {
        self.fail(loc(name), "missing", self.body);
    }

    /// A `X | None = None` field: absent or null is `Some(None)`, a failure `None`.
    fn optional<T>(
        &mut self,
        name: &str,
        check: impl FnOnce(&mut Self, &Value, Vec<Loc>) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.field(name) {
            None | Some(Value::Null) => Some(None),
            Some(v) => check(self, v, loc(name)).map(Some),
        }
    }

    /// `str`, lax: only a `str` is one (numbers are not coerced).
    fn string(&mut self, v: &Value, loc: Vec<Loc>) -> Option<String> {
        match v {
            Value::Str(s) => match s.as_str() {
                Some(text) => Some(text.to_owned()),
                // inferred: refused, though pydantic passes it (the server then fails
                // writing it back: 500), with pydantic's own error for such text.
                None => {
                    self.fail(loc, "string_unicode", v);
                    None
                }
            },
            _ => {
                self.fail(loc, "string_type", v);
                None
            }
        }
    }

    /// `list[str]`: from JSON only an array is a list; every bad item is reported.
    fn string_list(&mut self, v: &Value, loc: Vec<Loc>) -> Option<Vec<String>> {
        let Value::List(items) = v else {
            self.fail(loc, "list_type", v);
            return None;
        };
        let before = self.errors.len();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mut item_loc = loc.clone();
            item_loc.push(Loc::Index(i as i64));
            if let Some(text) = self.string(item, item_loc) {
                out.push(text);
            }
        }
        (self.errors.len() == before).then_some(out)
    }

    fn int(&mut self, v: &Value, name: &str, ge: i64, le: i64) -> Option<i64> {
        self.bounded(v, loc(name), ge, le)
    }

    /// `int` with `ge` and `le`: the lax coercion, then the bounds, each error with the
    /// input as sent.
    fn bounded(&mut self, v: &Value, loc: Vec<Loc>, ge: i64, le: i64) -> Option<i64> {
        let int = match lax_int(v) {
            Ok(int) => int,
            Err(kind) => {
                self.fail(loc, kind, v);
                return None;
            }
        };
        let (kind, bound, msg) = match int {
            Int::Small(i) if (ge..=le).contains(&i) => return Some(i),
            Int::Small(i) if i > le => ("less_than_equal", ("le", le), "less than"),
            Int::Big { negative: false } => ("less_than_equal", ("le", le), "less than"),
            _ => ("greater_than_equal", ("ge", ge), "greater than"),
        };
        let mut ctx = serde_json::Map::new();
        ctx.insert(bound.0.into(), bound.1.into());
        let mut text = String::from("Input should be ");
        text.push_str(msg);
        text.push_str(" or equal to ");
        text.push_str(&bound.1.to_string());
        let mut error = ValidationError::new(loc, kind, text, v.clone());
        error.ctx = Some(ctx);
        self.errors.push(error);
        None
    }

    /// `bool`, lax: `true`/`false`; `0`/`1` as ints or integral floats; the strings
    /// `0 1 f t n y no on off yes true false` in any case.
    fn bool(&mut self, v: &Value, loc: Vec<Loc>) -> Option<bool> {
        let verdict = match v {
            Value::Bool(b) => Ok(*b),
            Value::Str(s) => match s.as_str() {
                Some(text) => str_as_bool(text),
                None => Err("string_unicode"),
            },
            Value::Int(i) => int_as_bool(*i),
            Value::Float(f) => match float_as_int(*f) {
                Ok(Int::Small(i)) => int_as_bool(i),
                _ => Err("bool_type"),
            },
            // Too big for i64, so too big for a float within i64 too.
            _ => Err("bool_type"),
        };
        verdict.map_err(|kind| self.fail(loc, kind, v)).ok()
    }
}

fn int_as_bool(i: i64) -> Result<bool, &'static str> {
    match i {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err("bool_parsing"),
    }
}

fn str_as_bool(text: &str) -> Result<bool, &'static str> {
    let is = |words: &[&str]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
    if is(&["0", "f", "n", "no", "off", "false"]) {
        Ok(false)
    } else if is(&["1", "t", "y", "on", "yes", "true"]) {
        Ok(true)
    } else {
        Err("bool_parsing")
    }
}

/// An integer pydantic accepted, before the bounds: beyond `i64` only its sign matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Int {
    Small(i64),
    Big { negative: bool },
}

/// pydantic-core's lax `int` from a Python value (`Input::validate_int`).
fn lax_int(v: &Value) -> Result<Int, &'static str> {
    match v {
        Value::Bool(b) => Ok(Int::Small(*b as i64)),
        Value::Int(i) => Ok(Int::Small(*i)),
        Value::BigInt(text) => Ok(Int::Big {
            negative: text.starts_with('-'),
        }),
        Value::Float(f) => float_as_int(*f),
        Value::Str(s) => s.as_str().map_or(Err("string_unicode"), str_as_int),
        _ => Err("int_type"),
    }
}

/// `float_as_int`: finite, integral, and strictly within `i64`'s range as floats.
fn float_as_int(f: f64) -> Result<Int, &'static str> {
    if !f.is_finite() {
        Err("finite_number")
    } else if f % 1.0 != 0.0 {
        Err("int_from_float")
    } else if (i64::MIN as f64) < f && f < (i64::MAX as f64) {
        Ok(Int::Small(f as i64))
    } else {
        Err("int_parsing_size")
    }
}

/// `str_as_int`: the text as a JSON integer (jiter's `NumberInt`), whose digits over 4300
/// are `int_parsing_size`; failing that, the text cleaned (`clean_int_str`) as a JSON
/// integer again, any failure now being `int_parsing`.
fn str_as_int(text: &str) -> Result<Int, &'static str> {
    match json_int(text) {
        Ok(int) => return Ok(int),
        Err(true) => return Err("int_parsing_size"),
        Err(false) => {}
    }
    clean_int_str(text)
        .and_then(|cleaned| json_int(&cleaned).ok())
        .ok_or("int_parsing")
}

/// jiter's `NumberInt::try_from`: `-?(0|[1-9][0-9]*)` and nothing after. `Err(true)` when a
/// run of more than 4300 digits is met, whatever follows it.
fn json_int(text: &str) -> Result<Int, bool> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let run = digits.bytes().take_while(u8::is_ascii_digit).count();
    if run > json::MAX_INT_DIGITS && !digits.starts_with('0') {
        return Err(true);
    }
    let valid = run == digits.len() && run > 0 && (run == 1 || !digits.starts_with('0'));
    if !valid {
        return Err(false);
    }
    Ok(match text.parse::<i64>() {
        Ok(i) => Int::Small(i),
        Err(_) => Int::Big {
            negative: text.starts_with('-'),
        },
    })
}

/// pydantic-core's `clean_int_str`: trims Unicode whitespace, one `+` (not before `-`), one
/// `-`, leading zeros (and underscores among them), a fraction of only zeros, and single
/// underscores between digits. `None` when nothing changed or the text cannot be one.
fn clean_int_str(text: &str) -> Option<String> {
    let len_before = text.len();
    let mut s = text.trim();
    if let Some(rest) = s.strip_prefix('+') {
        if rest.starts_with('-') {
            return None;
        }
        s = rest;
    }
    let mut out = String::new();
    if let Some(rest) = s.strip_prefix('-') {
        if rest.starts_with(['-', '+']) {
            return None;
        }
        out.push('-');
        s = rest;
    }
    s = strip_leading_zeros(s)?;
    if let Some((int, fraction)) = s.split_once('.')
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b == b'0')
    {
        s = int;
    }
    let b = s.as_bytes();
    let underscores_ok = b.contains(&b'_')
        && b.first() != Some(&b'_')
        && b.last() != Some(&b'_')
        && !b.windows(2).any(|pair| pair == b"__");
    if underscores_ok {
        out.extend(s.chars().filter(|c| *c != '_'));
        return Some(out);
    }
    if len_before == s.len() {
        return None;
    }
    out.push_str(s);
    Some(out)
}

/// `strip_leading_zeros`: keeps one zero before a `.` and the last character of an
/// all-zero (or underscore) text; anything but digits, `_`, `-` or `.` among the zeros
/// fails.
fn strip_leading_zeros(s: &str) -> Option<&str> {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, '0')) => {}
        Some((_, '1'..='9' | '-')) => return Some(s),
        _ => return None,
    }
    for (i, c) in chars {
        match c {
            '0' | '_' => {}
            '1'..='9' | '-' => return Some(&s[i..]),
            '.' => return Some(&s[i - 1..]),
            _ => return None,
        }
    }
    Some(&s[s.len() - 1..])
}

// ---------------------------------------------------------------------------------------
// A warning, not a rule.

/// Shown under `url` when it is not an HTTPS URL with a host.
pub const URL_NOT_HTTPS: &str =
    "Not an HTTPS URL: InstaVM will accept it, but deliveries will fail.";
/// Shown under `url` for a plain `http://` URL with a host.
pub const URL_PLAIN_HTTP: &str =
    "Not HTTPS: InstaVM will accept it, but deliveries will travel unencrypted.";

/// inferred: `url` is a plain `str` on the server, so nothing is blocked; but a delivery
/// needs a URL an HTTP client can send to: a scheme `https` (or `http`, case-insensitive),
/// `://`, a non-empty host (after any `user@`, before any port), and no whitespace or
/// control characters anywhere.
pub fn url_warning(url: &str) -> Option<&'static str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some(URL_NOT_HTTPS);
    };
    let https = scheme.eq_ignore_ascii_case("https");
    let http = scheme.eq_ignore_ascii_case("http");
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !(https || http) || !clean || host.is_empty() {
        return Some(URL_NOT_HTTPS);
    }
    (!https).then_some(URL_PLAIN_HTTP)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(raw: &str) -> Result<NewEndpoint, Vec<ValidationError>> {
        match json::parse(raw.as_bytes()) {
            Ok(v) => validate_create(&v),
            Err(e) => panic!("{raw}: {e:?}"),
        }
    }

    fn kinds(raw: &str) -> Vec<String> {
        create(raw)
            .unwrap_err()
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    #[test]
    fn lax_int_strings_follow_pydantic() {
        let ok = |s: &str| {
            let raw = format!(
                r#"{{"url":"u","timeout_seconds":{}}}"#,
                serde_json::json!(s)
            );
            create(&raw)
                .map(|e| e.timeout_seconds)
                .map_err(|e| e[0].kind.clone())
        };
        assert_eq!(ok(" +10 "), Ok(10));
        assert_eq!(ok("1_0"), Ok(10));
        assert_eq!(ok("0_10"), Ok(10));
        assert_eq!(ok("10.000"), Ok(10));
        assert_eq!(ok("\u{a0}10"), Ok(10));
        assert_eq!(ok("\u{85}10"), Ok(10));
        assert_eq!(ok("\u{1c}10").unwrap_err(), "int_parsing");
        assert_eq!(ok("10_").unwrap_err(), "int_parsing");
        assert_eq!(ok("1__0").unwrap_err(), "int_parsing");
        assert_eq!(ok("-+10").unwrap_err(), "int_parsing");
        assert_eq!(ok("1e1").unwrap_err(), "int_parsing");
        assert_eq!(ok("10.").unwrap_err(), "int_parsing");
        assert_eq!(ok("-0.0").unwrap_err(), "greater_than_equal");
        assert_eq!(ok(&"5".repeat(4301)).unwrap_err(), "int_parsing_size");
        assert_eq!(
            ok(&format!("-{}", "5".repeat(4300))).unwrap_err(),
            "greater_than_equal"
        );
        assert_eq!(
            ok(&format!(" {}", "5".repeat(4301))).unwrap_err(),
            "int_parsing"
        );
        assert_eq!(
            ok(&format!("{}.0", "5".repeat(4301))).unwrap_err(),
            "int_parsing_size"
        );
        assert_eq!(ok(&format!("{}5", "0".repeat(5000))), Ok(5));
    }

    #[test]
    fn query_ints_are_lax_as_pydantic_reads_query_strings() {
        let limit =
            |text: &str| query_int("limit", text, DELIVERIES_LIMIT_MIN, DELIVERIES_LIMIT_MAX);
        for (text, n) in [
            ("5", 5),
            ("+5", 5),
            ("1_0", 10),
            (" 5 ", 5),
            ("\u{a0}7\n", 7),
            ("05", 5),
            ("5.00", 5),
            ("100", 100),
        ] {
            assert_eq!(limit(text).map_err(|e| e.kind), Ok(n), "{text:?}");
        }
        for (text, kind) in [
            ("ten", "int_parsing"),
            ("", "int_parsing"),
            ("5.5", "int_parsing"),
            ("1__0", "int_parsing"),
            ("0", "greater_than_equal"),
            ("-3", "greater_than_equal"),
            ("101", "less_than_equal"),
            ("99999999999999999999999", "less_than_equal"),
        ] {
            assert_eq!(limit(text).unwrap_err().kind, kind, "{text:?}");
        }
        assert_eq!(
            errors::body_422(&[*limit("+101").unwrap_err()]),
            r#"{"detail":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100","input":"+101","ctx":{"le":100}}]}"#
        );
    }

    #[test]
    fn decodes_only_json_bodies_that_are_not_empty() {
        let json = Some("application/json");
        assert_eq!(decode_body(json, b""), Ok(None));
        assert_eq!(decode_body(None, b"").unwrap(), None);
        assert!(matches!(decode_body(json, b"{}"), Ok(Some(Value::Dict(_)))));
        assert!(matches!(
            decode_body(Some("text/plain"), b"{\"url\":"),
            Ok(Some(Value::Str(_)))
        ));
        let bad = decode_body(json, b"{\"url\":").unwrap_err();
        assert_eq!((bad.status, bad.body.contains("json_invalid")), (422, true));
        assert_eq!(decode_body(json, b"\xff\xfe\xfd").unwrap_err().status, 400);
    }

    #[test]
    fn ints_from_floats_and_bools() {
        assert_eq!(
            kinds(r#"{"url":"u","timeout_seconds":2.5}"#),
            ["int_from_float"]
        );
        assert_eq!(
            kinds(r#"{"url":"u","timeout_seconds":9.3e18}"#),
            ["int_parsing_size"]
        );
        assert_eq!(
            kinds(r#"{"url":"u","timeout_seconds":9.2e18}"#),
            ["less_than_equal"]
        );
        assert_eq!(
            kinds(r#"{"url":"u","timeout_seconds":NaN}"#),
            ["finite_number"]
        );
        assert_eq!(
            kinds(r#"{"url":"u","timeout_seconds":true}"#),
            ["greater_than_equal"]
        );
        assert_eq!(
            create(r#"{"url":"u","max_retries":true}"#)
                .unwrap()
                .max_retries,
            1
        );
        assert_eq!(
            kinds(r#"{"url":"u","max_retries":-99999999999999999999}"#),
            ["greater_than_equal"]
        );
    }

    #[test]
    fn every_bad_field_in_model_order() {
        let errors =
            create(r#"{"max_retries":0,"event_patterns":[1,"a",null],"url":2}"#).unwrap_err();
        let locs: Vec<String> = errors.iter().map(|e| errors::field(&e.loc)).collect();
        assert_eq!(
            locs,
            [
                "url",
                "event_patterns[0]",
                "event_patterns[2]",
                "max_retries"
            ]
        );
        assert_eq!(errors[3].ctx.as_ref().unwrap()["ge"], 1);
        assert_eq!(errors[3].msg, "Input should be greater than or equal to 1");
    }

    #[test]
    fn missing_url_reports_the_whole_body_as_input() {
        let errors = create(r#"{"b":1,"a":2}"#).unwrap_err();
        assert_eq!(errors[0].kind, "missing");
        assert_eq!(errors[0].input, json::parse(br#"{"b":1,"a":2}"#).unwrap());
    }

    #[test]
    fn update_bools_are_lax() {
        let enabled = |raw: &str| {
            validate_update(&json::parse(raw.as_bytes()).unwrap())
                .map(|u| u.enabled)
                .map_err(|e| e[0].kind.clone())
        };
        assert_eq!(enabled(r#"{"enabled":"Off"}"#), Ok(Some(false)));
        assert_eq!(enabled(r#"{"enabled":"YES"}"#), Ok(Some(true)));
        assert_eq!(enabled(r#"{"enabled":1.0}"#), Ok(Some(true)));
        assert_eq!(enabled(r#"{"enabled":null}"#), Ok(None));
        assert_eq!(enabled(r#"{"enabled":2.0}"#), Err("bool_parsing".into()));
        assert_eq!(enabled(r#"{"enabled":0.5}"#), Err("bool_type".into()));
        assert_eq!(
            enabled(r#"{"enabled":" true"}"#),
            Err("bool_parsing".into())
        );
        assert_eq!(enabled(r#"{"enabled":1e19}"#), Err("bool_type".into()));
        assert_eq!(
            enabled(r#"{"enabled":100000000000000000000}"#),
            Err("bool_type".into())
        );
    }

    #[test]
    fn lone_surrogates_in_str_fields_are_rejected() {
        assert_eq!(kinds(r#"{"url":"\ud800"}"#), ["string_unicode"]);
        assert_eq!(
            kinds(r#"{"url":"u","event_patterns":["a","\udfff"]}"#),
            ["string_unicode"]
        );
    }

    #[test]
    fn content_types_as_fastapi_reads_them() {
        for json_type in [
            "application/json",
            " Application/JSON ; charset=utf-8",
            "application/ld+json",
            "application/+json",
        ] {
            assert!(is_json(Some(json_type)), "{json_type}");
        }
        for other in [
            "text/plain",
            "application/jsonx",
            "application/json/x",
            "json",
            "",
        ] {
            assert!(!is_json(Some(other)), "{other}");
        }
        assert!(!is_json(None));
        let rejection = read_create(Some("text/plain"), br#"{"url":"x"}"#).unwrap_err();
        assert_eq!(
            rejection.body,
            r#"{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":"{\"url\":\"x\"}"}]}"#
        );
    }

    #[test]
    fn unreadable_bodies_get_fastapis_400() {
        let rejection = read_update(Some("application/json"), b"{\"url\":\"\xff\"}").unwrap_err();
        assert_eq!(rejection.status, 400);
        assert_eq!(
            rejection.body,
            r#"{"detail":"There was an error parsing the body"}"#
        );
    }

    #[test]
    fn empty_body_is_missing_whatever_the_type() {
        for ct in [None, Some("text/plain"), Some("application/json")] {
            let rejection = read_create(ct, b"").unwrap_err();
            assert_eq!(
                rejection.body,
                r#"{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}"#
            );
        }
    }

    #[test]
    fn non_finite_inputs_are_written_as_strings() {
        let rejection = read_create(
            Some("application/json"),
            br#"{"url":"u","timeout_seconds":-Infinity}"#,
        )
        .unwrap_err();
        assert_eq!(
            rejection.body,
            r#"{"detail":[{"type":"finite_number","loc":["body","timeout_seconds"],"msg":"Input should be a finite number","input":"-inf"}]}"#
        );
    }

    #[test]
    fn url_warnings() {
        assert_eq!(url_warning("https://example.com/hook"), None);
        assert_eq!(url_warning("HTTPS://user@example.com:8443"), None);
        assert_eq!(url_warning("https://[::1]:8443/x"), None);
        assert_eq!(url_warning("http://example.com/hook"), Some(URL_PLAIN_HTTP));
        for bad in [
            "example.com/hook",
            "ftp://example.com",
            "https://",
            "https:///path",
            " https://a.com",
            "https://a.com/ x",
            "https://:443",
        ] {
            assert_eq!(url_warning(bad), Some(URL_NOT_HTTPS), "{bad}");
        }
    }
}
