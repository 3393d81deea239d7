//! Talking to the webhook API: the connection, the typed error every call can end in,
//! and (in `slashid`) the client itself.
//!
//! Everything here but the `fetch` call is plain Rust, so the mapping from an HTTP
//! answer to an [`ApiError`] is unit-tested natively.

pub mod slashid;
pub mod webcrypto;

use std::fmt;

use serde_json::value::RawValue;
use webhook_rules::Problem;
use webhook_rules::slashid::wire::Envelope;

use crate::i18n;

/// Where and as whom the console talks. Lives in memory only: never in storage, the URL
/// or a log. `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// Without a trailing slash; empty means the page's own origin.
    pub base_url: String,
    pub org_id: String,
    pub api_key: String,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base_url)
            .field("org_id", &self.org_id)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

impl Connection {
    /// `base_url` + `path`, where `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }
}

/// How a call failed, in the terms the console reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401 or 403: the key or the organization id is wrong.
    Unauthorized {
        status: u16,
        message: String,
    },
    NotFound(String),
    /// 400: each problem mapped back onto its field when the message names one.
    Validation(Vec<Problem>),
    /// 409, e.g. a target URL that another webhook of the organization already uses.
    Conflict(Vec<Problem>),
    /// 408: the consistency level was not reached in time; the change may still be applied.
    Timeout408,
    /// 429; `retry_after` in seconds when the server said.
    RateLimited {
        retry_after: Option<u32>,
    },
    /// 5xx, or a status the API does not document.
    Server {
        status: u16,
        message: String,
    },
    /// The request did not get an answer (offline, DNS, CORS, server down).
    Network(String),
    /// An answer the console cannot read (the detail is for debugging, never shown).
    Malformed(String),
    /// A change (create, update, delete, trigger, test event) that got no answer
    /// (`Network`, e.g. the connection closed) or an unreadable one (`Malformed`): like a
    /// 408, the server may already have applied it. Reads never end in this.
    Unconfirmed(Box<ApiError>),
}

impl ApiError {
    /// Maps a non-2xx answer. `body` is the raw response text, `retry_after` the
    /// `Retry-After` header when present.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> Self {
        let messages = error_messages(body);
        let joined = || messages.join("; ");
        match status {
            400 => ApiError::Validation(problems_from_messages(&messages)),
            401 | 403 => ApiError::Unauthorized {
                status,
                message: joined(),
            },
            404 => ApiError::NotFound(joined()),
            408 => ApiError::Timeout408,
            409 => ApiError::Conflict(problems_from_messages(&messages)),
            429 => ApiError::RateLimited {
                retry_after: retry_after.and_then(parse_retry_after),
            },
            _ => ApiError::Server {
                status,
                message: joined(),
            },
        }
    }

    /// The problems a 400 or 409 carried, for showing next to their fields.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ApiError::Validation(p) | ApiError::Conflict(p) => p,
            _ => &[],
        }
    }

    /// The error of a change: no answer or an unreadable one becomes `Unconfirmed`.
    pub fn of_change(self) -> Self {
        match self {
            ApiError::Network(_) | ApiError::Malformed(_) => ApiError::Unconfirmed(Box::new(self)),
            other => other,
        }
    }

    /// The change may or may not have been applied: refresh before sending it again.
    pub fn may_have_applied(&self) -> bool {
        matches!(self, ApiError::Timeout408 | ApiError::Unconfirmed(_))
    }

    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized { .. })
    }

    /// One sentence for a person.
    pub fn message(&self) -> String {
        i18n::api_error(self)
    }
}

/// Every answer's envelope, its `result` left as JSON text for the caller to read as
/// whatever type it expects. Why not `Envelope<T>` for each `T`: serde would compile the
/// envelope's parser once per result type; this way there is one.
pub(crate) fn raw_envelope(body: &str) -> serde_json::Result<Envelope<Box<RawValue>>> {
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

/// `Retry-After` in seconds. inferred: the HTTP-date form is not used by the API, so it
/// is ignored (the console then says "in a minute").
fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_400_messages_onto_their_fields() {
        let body = r#"{"errors":[{"httpcode":400,"message":"target_url: the host cannot be localhost"},{"httpcode":400,"message":"invalid json"}]}"#;
        let err = ApiError::from_response(400, body, None);
        let p = err.problems();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].field, "target_url");
        assert_eq!(p[0].message, "the host cannot be localhost");
        assert_eq!(p[1].field, "");
        assert_eq!(p[1].message, "invalid json");
    }

    #[test]
    fn maps_statuses() {
        assert!(ApiError::from_response(401, "", None).is_unauthorized());
        assert!(ApiError::from_response(403, "{}", None).is_unauthorized());
        assert_eq!(ApiError::from_response(408, "", None), ApiError::Timeout408);
        assert_eq!(
            ApiError::from_response(429, "", Some("12")),
            ApiError::RateLimited {
                retry_after: Some(12)
            }
        );
        assert_eq!(
            ApiError::from_response(429, "", Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            ApiError::RateLimited { retry_after: None }
        );
        assert!(matches!(
            ApiError::from_response(502, "<html>bad gateway</html>", None),
            ApiError::Server { status: 502, .. }
        ));
        assert!(matches!(
            ApiError::from_response(409, "", None),
            ApiError::Conflict(_)
        ));
    }

    #[test]
    fn a_change_without_a_readable_answer_is_unconfirmed() {
        let closed = ApiError::Network("Failed to fetch".into()).of_change();
        assert!(
            matches!(&closed, ApiError::Unconfirmed(inner) if matches!(**inner, ApiError::Network(_)))
        );
        assert!(closed.may_have_applied());
        let garbled = ApiError::Malformed("EOF while parsing a string".into()).of_change();
        assert!(garbled.may_have_applied());
        assert!(ApiError::Timeout408.may_have_applied());
        // A definite answer stays what it is.
        let refused = ApiError::from_response(500, "", None).of_change();
        assert!(matches!(refused, ApiError::Server { status: 500, .. }));
        assert!(!refused.may_have_applied());
        assert!(!ApiError::Network("x".into()).may_have_applied());
    }

    #[test]
    fn debug_never_prints_the_key() {
        let c = Connection {
            base_url: String::new(),
            org_id: "org".into(),
            api_key: "super-secret".into(),
        };
        assert!(!format!("{c:?}").contains("super-secret"));
    }

    #[test]
    fn joins_base_url_and_path() {
        let c = Connection {
            base_url: "https://api.example.com/".into(),
            ..Default::default()
        };
        assert_eq!(
            c.url("/organizations/webhooks"),
            "https://api.example.com/organizations/webhooks"
        );
    }
}
