//! InstaVM's error answers read back, as FastAPI writes them: a 422's
//! `{"detail":[{"loc","msg","type",...}]}` as problems on their fields (the field's name by
//! the rules' `errors::field`, so `event_patterns[2]` lands on the third pattern), any
//! other `{"detail":"..."}` as its words, and a body that is not JSON (Starlette's plain
//! `Internal Server Error`, a proxy's page) as its own shortened text.

use webhook_rules::Problem;
use webhook_rules::instavm::errors::{Http422, problems};

use crate::error::{ApiError, ErrorBody};

/// The code of a problem made from a `{"detail": "..."}` answer (no field, no pydantic
/// type): a 400, 409 or 422 that is not a validation list still says why.
pub const DETAIL: &str = "detail";

/// How many characters of a body that is not FastAPI's are kept (a proxy's HTML page
/// helps nobody beyond its first words).
const PLAIN_TEXT_KEPT: usize = 300;

/// Maps a non-2xx answer. `body` is the raw response text, `retry_after` the
/// `Retry-After` header when present.
pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
    ApiError::from_status(status, read_body(body), retry_after)
}

/// What an error answer says: a validation list as problems on their fields, a detail
/// string as the message (and as one problem of the whole request, so that a 400, 409 or
/// 422 carrying one still says why), other text as it is.
pub fn read_body(body: &str) -> ErrorBody {
    if let Some(list) = Http422::parse(body) {
        let problems = problems(&list.detail);
        let message = problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        return ErrorBody { problems, message };
    }
    // `{"detail": "..."}`, read without a derive (as the rules read a 422: smaller).
    let detail = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("detail")?.as_str().map(str::to_owned));
    if let Some(detail) = detail {
        return ErrorBody {
            problems: vec![Problem::new("", DETAIL, detail.clone())],
            message: detail,
        };
    }
    let text = body.trim();
    ErrorBody {
        problems: Vec::new(),
        message: text.chars().take(PLAIN_TEXT_KEPT).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_a_422_onto_its_fields_in_pydantics_words() {
        let body = r#"{"detail":[{"type":"int_parsing","loc":["body","timeout_seconds"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"ten"},{"type":"string_type","loc":["body","event_patterns",2],"msg":"Input should be a valid string","input":3}]}"#;
        let err = from_response(422, body, None);
        let p = err.problems();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].field, "timeout_seconds");
        assert_eq!(p[0].code, "int_parsing");
        assert_eq!(
            p[0].message,
            "Input should be a valid integer, unable to parse string as an integer"
        );
        assert_eq!(p[1].field, "event_patterns[2]");
        assert_eq!(p[1].message, "Input should be a valid string");
    }

    #[test]
    fn a_body_error_has_no_field() {
        let body = r#"{"detail":[{"type":"json_invalid","loc":["body",12],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}"#;
        let p = from_response(422, body, None).problems().to_vec();
        assert_eq!(
            p,
            vec![Problem::new("", "json_invalid", "JSON decode error")]
        );
    }

    #[test]
    fn detail_strings_are_the_message_and_say_why_a_change_was_refused() {
        let gone = from_response(404, r#"{"detail":"Endpoint not found"}"#, None);
        assert_eq!(gone, ApiError::NotFound("Endpoint not found".into()));
        let refused = from_response(409, r#"{"detail":"Endpoint is disabled"}"#, None);
        assert_eq!(
            refused.problems(),
            [Problem::new("", DETAIL, "Endpoint is disabled")]
        );
        let cursor = from_response(400, r#"{"detail":"Invalid cursor"}"#, None);
        assert_eq!(cursor.problems()[0].message, "Invalid cursor");
        let who = from_response(401, r#"{"detail":"Not authenticated"}"#, None);
        assert_eq!(
            who,
            ApiError::Unauthorized {
                status: 401,
                message: "Not authenticated".into()
            }
        );
    }

    #[test]
    fn plain_text_is_its_own_shortened_message() {
        assert_eq!(
            from_response(500, "Internal Server Error", None),
            ApiError::Server {
                status: 500,
                message: "Internal Server Error".into()
            }
        );
        let page = format!("<html>{}</html>", "x".repeat(1000));
        let ApiError::Server { message, .. } = from_response(502, &page, None) else {
            panic!("not a server error")
        };
        assert_eq!(message.chars().count(), PLAIN_TEXT_KEPT);
        assert_eq!(
            from_response(503, "", None),
            ApiError::Server {
                status: 503,
                message: String::new()
            }
        );
    }

    #[test]
    fn too_many_requests_keeps_retry_after() {
        assert_eq!(
            from_response(429, r#"{"detail":"Too Many Requests"}"#, Some("7")),
            ApiError::RateLimited {
                retry_after: Some(7)
            }
        );
    }
}
