//! Droplit's error answers, both ways: the sandbox writes them from `Problem`s, the
//! console reads any answer back into `Problem`s on fields.
//!
//! 400: `{"errorType":"InvalidParams","errors":[{"in":"body|query|path","message","path"}]}`,
//! one item per field. The documented cases, and the item each one is:
//!
//! | case | in | path | message |
//! |---|---|---|---|
//! | Ecosystem Missing | body (query for the list) | `ecosystemId` | `field is required` |
//! | Ecosystem Invalid | body (query for the list) | `ecosystemId` | `invalid id` |
//! | Webhook Callback Missing | body | `url` | `field is required` |
//! | Webhook Callback Invalid | body | `url` | `url did not match the pattern ^...$` |
//! | Body Parameters Missing | body | both required fields | `field is required` each |
//! | Query Field Not Allowed, No Query String Allowed | query | `""` | `contains fields that are not allowed: [ a, b ]` |
//! | Webhook Invalid | path | `id` | `invalid id` |
//!
//! inferred: every part of a request is checked and all its problems are answered in one
//! 400, the path's first, then the query's, then the body's ([`request_problems`]).
//!
//! 404: Webhook Not Found is plain text, `Webhook with id ... does not exist.`
//! inferred: Ecosystem Not Found is plain text too, `Ecosystem with id ... does not
//! exist.` (the one documented 404 body is text; nothing says this one differs).
//! inferred: plain text is sent as [`TEXT_CONTENT_TYPE`] (Express's `res.send` would
//! label a string `text/html`; the reference calls these bodies plain text).
//!
//! A route or method the server does not have is Express's own 404 page ([`cannot`]):
//! Express answers no 405.

use serde::{Deserialize, Serialize};

use crate::Problem;

use super::url::PATTERN;

/// `errorType` of every 400.
pub const INVALID_PARAMS: &str = "InvalidParams";

/// The documented messages.
pub const REQUIRED: &str = "field is required";
pub const INVALID_ID: &str = "invalid id";
pub const NOT_ALLOWED_PREFIX: &str = "contains fields that are not allowed: [ ";
/// inferred: a value of the wrong JSON type (the `validate` library's own message,
/// `validation failed for path <field>`, says less; nothing documented).
pub const MUST_BE_STRING: &str = "field must be a string";
pub const MUST_BE_BOOLEAN: &str = "field must be a boolean";
/// inferred: a body that is not JSON (`body-parser` fails before any rule runs) is a 400
/// with one item, `{"in": "body", "message": MALFORMED_BODY, "path": ""}`.
pub const MALFORMED_BODY: &str = "body is not valid JSON";
/// inferred: 413, `body-parser`'s message, as plain text.
pub const TOO_LARGE: &str = "request entity too large";
/// inferred: 401 without a valid token, Express's `res.sendStatus(401)` text.
pub const UNAUTHORIZED: &str = "Unauthorized";

/// The content type of every plain-text answer (see the module).
pub const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";
/// Express's `res.json`, for every JSON answer, the 400s included.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
/// The content type of Express's error pages ([`cannot`], [`INTERNAL_ERROR`]).
pub const HTML_CONTENT_TYPE: &str = "text/html; charset=utf-8";
/// What Express's final handler writes for an error of the server itself (500).
pub const INTERNAL_ERROR: &str = "Internal Server Error";

/// `Problem::code`s: one per kind of message, so that a problem read back from the
/// server equals the one the rules made.
pub mod code {
    pub const REQUIRED: &str = "required";
    pub const TYPE: &str = "type";
    pub const PATTERN: &str = "pattern";
    pub const INVALID_ID: &str = "invalid_id";
    pub const NOT_ALLOWED: &str = "not_allowed";
    pub const MALFORMED_BODY: &str = "malformed_body";
    /// The URL would make the real server hang: no answer would come (see `url`).
    pub const HANGS_SERVER: &str = "hangs_server";
    pub const WEBHOOK_NOT_FOUND: &str = "webhook_not_found";
    pub const ECOSYSTEM_NOT_FOUND: &str = "ecosystem_not_found";
    pub const WEBHOOK_DISABLED: &str = "webhook_disabled";
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// Any other answer.
    pub const SERVER: &str = "server";
}

const PATTERN_MESSAGE_PREFIX: &str = "url did not match the pattern ";

/// `url did not match the pattern ^(?:https?:\/\/)?...$`.
pub fn pattern_message() -> String {
    format!("{PATTERN_MESSAGE_PREFIX}{PATTERN}")
}

/// `contains fields that are not allowed: [ a, b ]`.
pub fn not_allowed_message<S: AsRef<str>>(fields: &[S]) -> String {
    let names: Vec<&str> = fields.iter().map(AsRef::as_ref).collect();
    format!("{NOT_ALLOWED_PREFIX}{} ]", names.join(", "))
}

/// The problem of a body that is not JSON (see [`MALFORMED_BODY`]), to write `In::Body`.
pub fn malformed_body() -> Problem {
    Problem::new("", code::MALFORMED_BODY, MALFORMED_BODY)
}

/// `Webhook with id ... does not exist.`: the 404 body, plain text.
pub fn webhook_not_found(id: &str) -> String {
    format!("Webhook with id {id} does not exist.")
}

/// `Ecosystem with id ... does not exist.`
/// inferred: plain text, as the webhook's 404 (see the module).
pub fn ecosystem_not_found(id: &str) -> String {
    format!("Ecosystem with id {id} does not exist.")
}

/// `Webhook with id ... is disabled.`: the 409 of a test call to a disabled webhook.
/// inferred: a disabled webhook is called by nothing, a test call included (the docs say
/// only that webhooks have `disabled`); the text follows the documented 404's.
pub fn webhook_disabled(id: &str) -> String {
    format!("Webhook with id {id} is disabled.")
}

/// Express's 404 page for a route it does not have (`finalhandler`, production mode):
/// `Cannot <METHOD> <path>` in a small HTML document, the path HTML-escaped.
pub fn cannot(method: &str, path: &str) -> String {
    error_page(&format!("Cannot {method} {path}"))
}

/// Express's error page around `message` (`finalhandler`'s `createHtmlDocument`).
pub fn error_page(message: &str) -> String {
    let mut escaped = String::with_capacity(message.len());
    for c in message.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Error</title>\n</head>\n<body>\n<pre>{escaped}</pre>\n</body>\n</html>\n"
    )
}

/// Where a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    Body,
    Query,
    Path,
}

impl In {
    pub fn as_str(self) -> &'static str {
        match self {
            In::Body => "body",
            In::Query => "query",
            In::Path => "path",
        }
    }
}

/// One item of a 400's `errors`. `in` is read as any string (the console needs only the
/// path and the message, and a string costs the console's download less than an enum).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorItem {
    /// `body`, `query` or `path` ([`In`]).
    #[serde(rename = "in")]
    pub location: String,
    pub message: String,
    #[serde(default)]
    pub path: String,
}

/// A 400's body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvalidParams {
    #[serde(rename = "errorType")]
    pub error_type: String,
    pub errors: Vec<ErrorItem>,
}

impl Default for InvalidParams {
    fn default() -> Self {
        Self {
            error_type: INVALID_PARAMS.to_owned(),
            errors: Vec::new(),
        }
    }
}

impl InvalidParams {
    /// Adds the problems found in one place of the request.
    pub fn with(mut self, location: In, problems: &[Problem]) -> Self {
        self.errors.extend(problems.iter().map(|p| ErrorItem {
            location: location.as_str().to_owned(),
            message: wire_message(p),
            path: p.field.clone(),
        }));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One request's problems as its 400, in the order the module gives; `None` when there
/// are none.
pub fn request_problems(
    path: &[Problem],
    query: &[Problem],
    body: &[Problem],
) -> Option<InvalidParams> {
    let params = InvalidParams::default()
        .with(In::Path, path)
        .with(In::Query, query)
        .with(In::Body, body);
    (!params.is_empty()).then_some(params)
}

/// The text the server puts in an item. A URL that would hang the real server gets the
/// pattern's message: that is what Node says if it ever finishes.
pub fn wire_message(problem: &Problem) -> String {
    if problem.code == code::HANGS_SERVER {
        pattern_message()
    } else {
        problem.message.clone()
    }
}

/// The code of an item's message (the inverse of the rules' choice of message).
fn code_of(message: &str) -> &'static str {
    match message {
        REQUIRED => code::REQUIRED,
        INVALID_ID => code::INVALID_ID,
        MUST_BE_STRING | MUST_BE_BOOLEAN => code::TYPE,
        MALFORMED_BODY => code::MALFORMED_BODY,
        m if m.starts_with(PATTERN_MESSAGE_PREFIX) => code::PATTERN,
        m if m.starts_with(NOT_ALLOWED_PREFIX) => code::NOT_ALLOWED,
        _ => code::SERVER,
    }
}

/// One 400 item as a problem on its field.
pub fn problem_of(item: &ErrorItem) -> Problem {
    Problem::new(
        item.path.clone(),
        code_of(&item.message),
        item.message.clone(),
    )
}

/// Longest server text kept in a problem: an HTML error page is not a sentence.
const MAX_TEXT: usize = 300;

/// Any answer that is not a success, as problems: a 400's items on their fields, the
/// plain-text 404s on the webhook or the ecosystem, anything else on the request.
pub fn read_error(status: u16, body: &str) -> Vec<Problem> {
    if let Ok(params) = serde_json::from_str::<InvalidParams>(body)
        && params.error_type == INVALID_PARAMS
        && !params.errors.is_empty()
    {
        return params.errors.iter().map(problem_of).collect();
    }
    let text = body.trim();
    let is_not_found = |what: &str| {
        text.strip_prefix(what)
            .and_then(|rest| rest.strip_suffix(" does not exist."))
            .is_some()
    };
    let problem = if is_not_found("Webhook with id ") {
        Problem::new("", code::WEBHOOK_NOT_FOUND, text)
    } else if is_not_found("Ecosystem with id ") {
        Problem::new("ecosystemId", code::ECOSYSTEM_NOT_FOUND, text)
    } else if text
        .strip_prefix("Webhook with id ")
        .is_some_and(|rest| rest.ends_with(" is disabled."))
    {
        Problem::new("", code::WEBHOOK_DISABLED, text)
    } else if status == 401 {
        Problem::new("", code::UNAUTHORIZED, UNAUTHORIZED)
    } else if text.is_empty() || text.starts_with('<') || text.starts_with('{') {
        Problem::new("", code::SERVER, format!("HTTP {status}"))
    } else {
        let cut = text
            .char_indices()
            .nth(MAX_TEXT)
            .map_or(text.len(), |(i, _)| i);
        Problem::new("", code::SERVER, &text[..cut])
    };
    vec![problem]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_the_documented_400_shape() {
        let body = InvalidParams::default()
            .with(
                In::Body,
                &[Problem::new("url", code::PATTERN, pattern_message())],
            )
            .with(
                In::Path,
                &[Problem::new("id", code::INVALID_ID, INVALID_ID)],
            );
        let v: serde_json::Value = serde_json::from_str(&body.to_json()).unwrap();
        assert_eq!(
            v,
            json!({"errorType": "InvalidParams", "errors": [
                {"in": "body", "message": format!("url did not match the pattern {PATTERN}"), "path": "url"},
                {"in": "path", "message": "invalid id", "path": "id"},
            ]})
        );
        assert!(
            v["errors"][0]["message"]
                .as_str()
                .unwrap()
                .ends_with(r"(?:\/.+)*$")
        );
    }

    #[test]
    fn reads_back_what_it_writes() {
        let problems = vec![
            Problem::new("ecosystemId", code::REQUIRED, REQUIRED),
            Problem::new("url", code::PATTERN, pattern_message()),
            Problem::new("secret", code::TYPE, MUST_BE_STRING),
            Problem::new("disabled", code::TYPE, MUST_BE_BOOLEAN),
            Problem::new("", code::NOT_ALLOWED, not_allowed_message(&["query"])),
            Problem::new("id", code::INVALID_ID, INVALID_ID),
            malformed_body(),
        ];
        let body = InvalidParams::default().with(In::Body, &problems).to_json();
        assert_eq!(read_error(400, &body), problems);
    }

    #[test]
    fn writes_a_hanging_url_as_the_pattern_message() {
        let hang = Problem::new("url", code::HANGS_SERVER, "This URL would make ...");
        let body = InvalidParams::default().with(In::Body, &[hang]).to_json();
        assert_eq!(
            read_error(400, &body),
            [Problem::new("url", code::PATTERN, pattern_message())]
        );
    }

    #[test]
    fn reads_the_plain_text_404s() {
        let p = read_error(404, &webhook_not_found("W123"));
        assert_eq!(
            p,
            [Problem::new(
                "",
                code::WEBHOOK_NOT_FOUND,
                "Webhook with id W123 does not exist."
            )]
        );
        let p = read_error(404, &format!("{}\n", ecosystem_not_found("C9")));
        assert_eq!(p[0].field, "ecosystemId");
        assert_eq!(p[0].code, code::ECOSYSTEM_NOT_FOUND);
        assert_eq!(p[0].message, "Ecosystem with id C9 does not exist.");
    }

    #[test]
    fn reads_any_other_answer_onto_the_request() {
        assert_eq!(read_error(401, "Unauthorized")[0].code, code::UNAUTHORIZED);
        let html = read_error(502, "<html><body>Bad gateway</body></html>");
        assert_eq!(html, [Problem::new("", code::SERVER, "HTTP 502")]);
        let other_json = read_error(400, r#"{"errorType":"Other","errors":[]}"#);
        assert_eq!(other_json[0].message, "HTTP 400");
        let long = read_error(500, &"é".repeat(1000));
        assert_eq!(long[0].message.chars().count(), MAX_TEXT);
        assert_eq!(read_error(500, "  Internal  ")[0].message, "Internal");
    }

    #[test]
    fn orders_a_requests_problems_path_query_body() {
        assert_eq!(request_problems(&[], &[], &[]), None);
        let id = Problem::new("id", code::INVALID_ID, INVALID_ID);
        let query = Problem::new("", code::NOT_ALLOWED, not_allowed_message(&["q"]));
        let url = Problem::new("url", code::REQUIRED, REQUIRED);
        let body = request_problems(&[id], &[query], &[url]).unwrap();
        let places: Vec<(&str, &str)> = body
            .errors
            .iter()
            .map(|e| (e.location.as_str(), e.path.as_str()))
            .collect();
        assert_eq!(places, [("path", "id"), ("query", ""), ("body", "url")]);
    }

    #[test]
    fn writes_express_error_pages_with_the_path_escaped() {
        assert_eq!(
            cannot("PATCH", "/api/webhooks/W1"),
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Error</title>\n</head>\n<body>\n<pre>Cannot PATCH /api/webhooks/W1</pre>\n\
             </body>\n</html>\n"
        );
        let page = cannot("GET", "/api/<b>&'\"");
        assert!(page.contains("<pre>Cannot GET /api/&lt;b&gt;&amp;&#39;&quot;</pre>"));
        // The console reads any page as the bare status.
        assert_eq!(read_error(404, &page)[0].message, "HTTP 404");
    }

    #[test]
    fn reads_the_disabled_webhooks_409() {
        let p = read_error(409, &webhook_disabled("W1"));
        assert_eq!(
            p,
            [Problem::new(
                "",
                code::WEBHOOK_DISABLED,
                "Webhook with id W1 is disabled."
            )]
        );
    }

    #[test]
    fn lists_fields_that_are_not_allowed_as_documented() {
        assert_eq!(
            not_allowed_message(&["query"]),
            "contains fields that are not allowed: [ query ]"
        );
        assert_eq!(
            not_allowed_message(&["a", "b"]),
            "contains fields that are not allowed: [ a, b ]"
        );
    }
}
