//! Droplit's answers read back: every non-2xx answer through the rules' `read_error`
//! (a 400's `InvalidParams` items on their fields, the plain-text 404s, anything else on
//! the request) and then onto the console's one [`ApiError`].

use webhook_rules::Problem;
use webhook_rules::droplit::errors::{code, read_error};

use crate::error::{ApiError, ErrorBody};

/// Maps a non-2xx answer. `body` is the raw response text, `retry_after` the
/// `Retry-After` header when present.
pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
    let problems = read_error(status, body);
    // The rules' stand-in for a body without words (`HTTP 502`) would only repeat the
    // status, which the sentence already gives.
    let bare = format!("HTTP {status}");
    let message = problems
        .iter()
        .map(|p| p.message.as_str())
        .filter(|m| *m != bare)
        .collect::<Vec<_>>()
        .join("; ");
    ApiError::from_status(status, ErrorBody { problems, message }, retry_after)
}

/// What a 404 says no longer exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    /// `Webhook with id … does not exist.`
    Webhook,
    /// `Ecosystem with id … does not exist.`
    Ecosystem,
}

/// Which of Droplit's plain-text 404s `e` is; `None` for any other error, including a
/// 404 that is neither (a route the server does not have answers Express's `Not Found`).
pub fn gone(e: &ApiError) -> Option<Gone> {
    let ApiError::NotFound(text) = e else {
        return None;
    };
    match read_error(404, text).first().map(|p| p.code.as_str()) {
        Some(code::WEBHOOK_NOT_FOUND) => Some(Gone::Webhook),
        Some(code::ECOSYSTEM_NOT_FOUND) => Some(Gone::Ecosystem),
        _ => None,
    }
}

/// A test call refused because the webhook is disabled (409, `errors::webhook_disabled`).
pub fn refused_as_disabled(e: &ApiError) -> bool {
    matches!(e, ApiError::Conflict(p) if p.iter().any(|p| p.code == code::WEBHOOK_DISABLED))
}

/// The problem with the connection's ecosystem id an answer carries, if any: a 400 on
/// `ecosystemId` (Ecosystem Missing or Invalid) or the 404 Ecosystem Not Found, in the
/// server's words, for the connect form's ecosystem field.
pub fn ecosystem_problem(e: &ApiError) -> Option<Problem> {
    if gone(e) == Some(Gone::Ecosystem)
        && let ApiError::NotFound(text) = e
    {
        return read_error(404, text).into_iter().next();
    }
    e.problems()
        .iter()
        .find(|p| p.field == "ecosystemId")
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use webhook_rules::droplit::errors::{
        INVALID_ID, In, InvalidParams, ecosystem_not_found, pattern_message, webhook_not_found,
    };

    #[test]
    fn maps_a_400_onto_its_fields_in_the_servers_words() {
        let body = InvalidParams::default()
            .with(
                In::Body,
                &[
                    Problem::new("url", code::PATTERN, pattern_message()),
                    Problem::new("secret", code::TYPE, "field must be a string"),
                ],
            )
            .to_json();
        let err = from_response(400, &body, None);
        let p = err.problems();
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].field.as_str(), p[0].code.as_str()),
            ("url", "pattern")
        );
        assert_eq!(p[0].message, pattern_message());
        assert_eq!(p[1].field, "secret");
        assert!(matches!(err, ApiError::Validation(_)));
    }

    #[test]
    fn reads_the_plain_text_404_as_the_webhook_gone() {
        let err = from_response(404, &webhook_not_found("W123"), None);
        assert_eq!(
            err,
            ApiError::NotFound("Webhook with id W123 does not exist.".into())
        );
        assert_eq!(gone(&err), Some(Gone::Webhook));
        assert_eq!(ecosystem_problem(&err), None);
    }

    #[test]
    fn puts_the_ecosystems_404_and_400_on_the_ecosystem_field() {
        let err = from_response(404, &ecosystem_not_found("C9"), None);
        assert_eq!(gone(&err), Some(Gone::Ecosystem));
        let p = ecosystem_problem(&err).unwrap();
        assert_eq!(p.field, "ecosystemId");
        assert_eq!(p.message, "Ecosystem with id C9 does not exist.");
        let body = InvalidParams::default()
            .with(
                In::Query,
                &[Problem::new("ecosystemId", code::INVALID_ID, INVALID_ID)],
            )
            .to_json();
        let p = ecosystem_problem(&from_response(400, &body, None)).unwrap();
        assert_eq!(p.message, "invalid id");
    }

    #[test]
    fn reads_the_409_of_a_test_call_to_a_disabled_webhook() {
        let err = from_response(
            409,
            &webhook_rules::droplit::errors::webhook_disabled("W1"),
            None,
        );
        assert!(refused_as_disabled(&err));
        assert!(!refused_as_disabled(&from_response(409, "Conflict", None)));
    }

    #[test]
    fn a_404_of_a_missing_route_is_not_a_webhook_gone() {
        let err = from_response(404, "Not Found", None);
        assert!(matches!(&err, ApiError::NotFound(m) if m == "Not Found"));
        assert_eq!(gone(&err), None);
    }

    #[test]
    fn maps_other_answers_by_status() {
        assert!(from_response(401, "Unauthorized", None).is_unauthorized());
        assert_eq!(
            from_response(502, "<html>bad gateway</html>", None),
            ApiError::Server {
                status: 502,
                message: String::new()
            }
        );
        assert_eq!(
            from_response(429, "", Some("3")),
            ApiError::RateLimited {
                retry_after: Some(3)
            }
        );
    }
}
