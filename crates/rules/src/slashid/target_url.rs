//! `target_url`: Go's `url.Parse`, then the documented rules, checked in this order:
//! parse_error, scheme, no_host, localhost, ip, query, fragment.

use std::fmt;

use crate::Problem;
use crate::go::ip::parse_ip;
use crate::go::url::{GoUrl, parse};

pub const FIELD: &str = "target_url";

/// inferred: the API documents no limit, and Go's `url.Parse` takes any length (a
/// 5,020-byte URL is among the recorded verdicts); 8 KiB is the request-line limit of
/// common HTTP servers, past which the target would refuse every call (414).
pub const MAX_BYTES: usize = 8 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    ParseError,
    Scheme,
    NoHost,
    Localhost,
    Ip,
    Query,
    Fragment,
}

impl Reason {
    /// The reason code, as `tests/vectors/slashid-target-url.jsonl` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::ParseError => "parse_error",
            Reason::Scheme => "scheme",
            Reason::NoHost => "no_host",
            Reason::Localhost => "localhost",
            Reason::Ip => "ip",
            Reason::Query => "query",
            Reason::Fragment => "fragment",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetUrlError {
    pub reason: Reason,
    /// Go's error text, when `url.Parse` failed.
    pub go_error: Option<String>,
}

impl TargetUrlError {
    fn new(reason: Reason) -> Self {
        Self {
            reason,
            go_error: None,
        }
    }

    pub fn message(&self) -> String {
        match self.reason {
            Reason::ParseError => format!(
                "is not a valid URL ({})",
                self.go_error.as_deref().unwrap_or_default()
            ),
            Reason::Scheme => "must use HTTPS: start it with https://".to_owned(),
            Reason::NoHost => "must have a host, as in https://example.com/webhook".to_owned(),
            Reason::Localhost => "the host cannot be localhost".to_owned(),
            Reason::Ip => "the host cannot be an IP address: use a domain name".to_owned(),
            Reason::Query => {
                "cannot contain query parameters: remove the ? and what follows".to_owned()
            }
            Reason::Fragment => {
                "cannot contain a fragment: remove the # and what follows".to_owned()
            }
        }
    }

    pub fn to_problem(&self) -> Problem {
        Problem::new(FIELD, self.reason.as_str(), self.message())
    }
}

/// A request's `target_url`: too long ([`MAX_BYTES`], not parsed then), or [`check`]'s
/// verdict.
pub fn problem(input: &str) -> Option<Problem> {
    if input.len() > MAX_BYTES {
        return Some(Problem::new(
            FIELD,
            "too_long",
            format!("must be at most {MAX_BYTES} bytes"),
        ));
    }
    check(input).err().map(|e| e.to_problem())
}

/// Checks a target URL as SlashID's server does; `Ok` holds the parsed URL.
pub fn check(input: &str) -> Result<GoUrl, TargetUrlError> {
    let url = parse(input).map_err(|e| TargetUrlError {
        reason: Reason::ParseError,
        go_error: Some(e),
    })?;
    if url.scheme != "https" {
        return Err(TargetUrlError::new(Reason::Scheme));
    }
    if url.host.is_empty() {
        return Err(TargetUrlError::new(Reason::NoHost));
    }
    let hostname = url.hostname();
    if equal_fold_ascii_target(hostname, "localhost") {
        return Err(TargetUrlError::new(Reason::Localhost));
    }
    if parse_ip(hostname).is_some() {
        return Err(TargetUrlError::new(Reason::Ip));
    }
    if !url.raw_query.is_empty() || url.force_query {
        return Err(TargetUrlError::new(Reason::Query));
    }
    if !url.fragment.is_empty() {
        return Err(TargetUrlError::new(Reason::Fragment));
    }
    Ok(url)
}

/// Go's `strings.EqualFold(s, target)` for an all-ASCII, lower-case `target`. Under
/// Unicode simple case folding only two non-ASCII characters fold onto ASCII letters:
/// U+017F (long s) onto `s` and U+212A (Kelvin sign) onto `k`.
fn equal_fold_ascii_target(s: &str, target: &str) -> bool {
    let mut chars = s.chars();
    for t in target.chars() {
        let Some(c) = chars.next() else { return false };
        let folded = match c {
            '\u{17F}' => 's',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        };
        if folded != t {
            return false;
        }
    }
    chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_s_and_kelvin_like_go() {
        assert!(equal_fold_ascii_target("LOCALHOST", "localhost"));
        assert!(equal_fold_ascii_target("localho\u{17F}t", "localhost"));
        assert!(!equal_fold_ascii_target("localhost.", "localhost"));
        assert!(!equal_fold_ascii_target("localhos", "localhost"));
    }
}
