//! SlashID's answers read back: every answer's envelope, and an error answer's
//! `"field: message"` errors as problems on their fields (the text's rule is the rules
//! crate's `slashid::errors`).

use serde_json::value::RawValue;
use webhook_rules::Problem;
use webhook_rules::slashid::wire::Envelope;

use crate::error::{ApiError, ErrorBody};

/// Maps a non-2xx answer. `body` is the raw response text, `retry_after` the
/// `Retry-After` header when present.
pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
    let messages = error_messages(body);
    let body = ErrorBody {
        problems: problems_from_messages(&messages),
        message: messages.join("; "),
    };
    ApiError::from_status(status, body, retry_after)
}

/// Every answer's envelope, its `result` left as JSON text for the caller to read as
/// whatever type it expects. Why not `Envelope<T>` for each `T`: serde would compile the
/// envelope's parser once per result type; this way there is one.
pub fn raw_envelope(body: &str) -> serde_json::Result<Envelope<Box<RawValue>>> {
    serde_json::from_str(body)
}

/// The `message` of every envelope error; a body that is not an envelope gives its own
/// (shortened) text, an empty body nothing.
pub fn error_messages(body: &str) -> Vec<String> {
    match raw_envelope(body) {
        Ok(env) if !env.errors.is_empty() => env.errors.into_iter().map(|e| e.message).collect(),
        Ok(_) => Vec::new(),
        Err(_) => {
            let text = body.trim();
            if text.is_empty() {
                Vec::new()
            } else {
                vec![text.chars().take(300).collect()]
            }
        }
    }
}

/// `"target_url: must use HTTPS"` → a problem on `target_url`; messages that name no
/// known field become problems of the whole request (empty field).
pub fn problems_from_messages(messages: &[String]) -> Vec<Problem> {
    messages
        .iter()
        .map(|m| webhook_rules::slashid::errors::problem_of(m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_400_messages_onto_their_fields() {
        let body = r#"{"errors":[{"httpcode":400,"message":"target_url: the host cannot be localhost"},{"httpcode":400,"message":"invalid json"}]}"#;
        let err = from_response(400, body, None);
        let p = err.problems();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].field, "target_url");
        assert_eq!(p[0].message, "the host cannot be localhost");
        assert_eq!(p[1].field, "");
        assert_eq!(p[1].message, "invalid json");
    }

    #[test]
    fn a_body_that_is_not_an_envelope_is_its_own_message() {
        assert!(matches!(
            from_response(502, "<html>bad gateway</html>", None),
            ApiError::Server { status: 502, message } if message == "<html>bad gateway</html>"
        ));
        assert!(from_response(401, "", None).is_unauthorized());
    }
}
