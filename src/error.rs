//! The one error every API call can end in, whatever the API: each provider maps its own
//! answers (SlashID's envelope, FastAPI's `detail`, Droplit's `InvalidParams` or plain
//! text) onto it, and the shell, the widgets and the host's events only ever see this.
//!
//! Plain Rust: the mapping from an HTTP answer to an [`ApiError`] is unit-tested natively.

use webhook_rules::Problem;

/// How a call failed, in the terms the console reacts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401 or 403: the credentials are wrong.
    Unauthorized {
        status: u16,
        message: String,
    },
    NotFound(String),
    /// 400: each problem mapped back onto its field when the message names one.
    Validation(Vec<Problem>),
    /// 409, e.g. a URL that another webhook already uses.
    Conflict(Vec<Problem>),
    /// 408: the server did not confirm the change in time; it may still be applied.
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
    /// The request did not get an answer (offline, DNS, CORS, a redirect, server down).
    Network(String),
    /// No whole answer within this many seconds (one that never ended included).
    TimedOut(u32),
    /// An answer larger than the console reads (`http::MAX_ANSWER_BYTES`).
    TooLarge,
    /// An answer the console cannot read (the detail, what kind of unreadable, is for
    /// debugging and never shown: serde_json's own texts are not shipped).
    Malformed(&'static str),
    /// A change (create, update, delete, trigger, test event) that got no answer
    /// (`Network`, e.g. the connection closed) or an unreadable one (`Malformed`): like a
    /// 408, the server may already have applied it. Reads never end in this.
    Unconfirmed(Box<ApiError>),
    /// Nothing was sent: the host's `getCredentials` failed, or the console was closed
    /// before the request left. Never "may have been applied".
    NotSent(NotSent),
}

/// Why a request never left the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSent {
    /// The host's `getCredentials` threw, rejected or gave no headers object.
    Credentials,
    /// The host's `getCredentials` did not settle in time (`host::credentials`).
    CredentialsTimedOut,
    /// The console was unmounted before the request was sent.
    Unmounted,
}

/// What a provider read from the body of an error answer.
#[derive(Default)]
pub struct ErrorBody {
    /// Each problem on its field when the answer names one (400, 409, 422).
    pub problems: Vec<Problem>,
    /// The answer's own words, for the other statuses.
    pub message: String,
}

impl ApiError {
    /// Maps a non-2xx status the same way for every API; `body` is what the provider read
    /// from the answer, `retry_after` the `Retry-After` header when present.
    pub fn from_status(status: u16, body: ErrorBody, retry_after: Option<&str>) -> Self {
        match status {
            400 | 422 => ApiError::Validation(body.problems),
            401 | 403 => ApiError::Unauthorized {
                status,
                message: body.message,
            },
            404 => ApiError::NotFound(body.message),
            408 => ApiError::Timeout408,
            409 => ApiError::Conflict(body.problems),
            429 => ApiError::RateLimited {
                retry_after: retry_after.and_then(parse_retry_after),
            },
            _ => ApiError::Server {
                status,
                message: body.message,
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
            ApiError::Network(_)
            | ApiError::TimedOut(_)
            | ApiError::TooLarge
            | ApiError::Malformed(_) => ApiError::Unconfirmed(Box::new(self)),
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

    /// The kind a host event names (`webhook-console:error`'s `detail.kind`) and its
    /// HTTP status, when there was one.
    pub fn kind(&self) -> (&'static str, Option<u16>) {
        match self {
            ApiError::Unauthorized { status, .. } => ("unauthorized", Some(*status)),
            ApiError::NotFound(_) => ("not-found", Some(404)),
            ApiError::Validation(_) => ("validation", None),
            ApiError::Conflict(_) => ("conflict", Some(409)),
            ApiError::Timeout408 => ("timeout", Some(408)),
            ApiError::RateLimited { .. } => ("rate-limited", Some(429)),
            ApiError::Server { status, .. } => ("server", Some(*status)),
            ApiError::Network(_) => ("network", None),
            ApiError::TimedOut(_) => ("timed-out", None),
            ApiError::TooLarge => ("too-large", None),
            ApiError::Malformed(_) => ("malformed", None),
            ApiError::Unconfirmed(_) => ("unconfirmed", None),
            ApiError::NotSent(_) => ("not-sent", None),
        }
    }
}

/// `Retry-After` in seconds. inferred: none of the APIs documents the HTTP-date form, so
/// it is ignored (the console then says "in a minute").
fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_without_a_readable_answer_is_unconfirmed() {
        let closed = ApiError::Network("Failed to fetch".into()).of_change();
        assert!(
            matches!(&closed, ApiError::Unconfirmed(inner) if matches!(**inner, ApiError::Network(_)))
        );
        assert!(closed.may_have_applied());
        let garbled = ApiError::Malformed("eof").of_change();
        assert!(garbled.may_have_applied());
        assert!(ApiError::Timeout408.may_have_applied());
        // A definite answer stays what it is.
        let refused = ApiError::Server {
            status: 500,
            message: String::new(),
        }
        .of_change();
        assert!(matches!(refused, ApiError::Server { status: 500, .. }));
        assert!(!refused.may_have_applied());
        assert!(!ApiError::Network("x".into()).may_have_applied());
    }

    #[test]
    fn maps_statuses_alike_for_every_api() {
        let of = |status| ApiError::from_status(status, ErrorBody::default(), None);
        assert!(of(401).is_unauthorized());
        assert!(of(403).is_unauthorized());
        assert_eq!(of(408), ApiError::Timeout408);
        assert_eq!(of(422), ApiError::Validation(Vec::new()));
        assert!(matches!(of(409), ApiError::Conflict(_)));
        assert!(matches!(of(502), ApiError::Server { status: 502, .. }));
        let limited = |after| ApiError::from_status(429, ErrorBody::default(), Some(after));
        assert_eq!(
            limited("12"),
            ApiError::RateLimited {
                retry_after: Some(12)
            }
        );
        assert_eq!(
            limited("Wed, 21 Oct 2015 07:28:00 GMT"),
            ApiError::RateLimited { retry_after: None }
        );
    }

    #[test]
    fn nothing_sent_is_never_unconfirmed() {
        for why in [
            NotSent::Credentials,
            NotSent::CredentialsTimedOut,
            NotSent::Unmounted,
        ] {
            let e = ApiError::NotSent(why).of_change();
            assert_eq!(e, ApiError::NotSent(why));
            assert!(!e.may_have_applied());
            assert_eq!(e.kind(), ("not-sent", None));
        }
    }
}
