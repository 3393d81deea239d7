//! `custom_headers`: header name → values, sent with every call to the target URL.
//!
//! The API says only that values are encrypted at rest; the rules below are the ones Go's
//! `net/http` client (which makes the calls) needs to send a header at all. Messages never
//! quote a value: values are often secrets.

use crate::Problem;
use crate::go::quote::strconv_quote;
use crate::slashid::wire::Headers;

/// inferred: headers the HTTP client sets itself on every call, so a custom one would be
/// dropped or would break the request.
pub const RESERVED: &[&str] = &[
    "Host",
    "Content-Length",
    "Content-Type",
    "Transfer-Encoding",
    "Connection",
];
/// inferred: no documented limit; keeps a call's headers within common server limits.
pub const MAX_HEADERS: usize = 50;
/// inferred: no documented limit; 8 KiB is the usual per-header limit of HTTP servers.
pub const MAX_VALUE_BYTES: usize = 8 * 1024;

pub fn field_of_name(name: &str) -> String {
    format!("custom_headers[{}]", strconv_quote(name.as_bytes()))
}

pub fn field_of_value(name: &str, index: usize) -> String {
    format!("{}[{index}]", field_of_name(name))
}

/// An HTTP token (RFC 7230), as `httpguts.ValidHeaderFieldName` checks it.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// As `httpguts.ValidHeaderFieldValue`: no control characters but horizontal tab, so no
/// CR, LF or NUL that could split or truncate the request.
pub fn is_valid_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || !(b < b' ' || b == 0x7f))
}

/// Every problem of a header set.
pub fn check(headers: &Headers) -> Vec<Problem> {
    let mut problems = Vec::new();
    if headers.len() > MAX_HEADERS {
        problems.push(Problem::new(
            "custom_headers",
            "too_many",
            format!("at most {MAX_HEADERS} headers are allowed"),
        ));
    }
    let mut seen: Vec<&str> = Vec::with_capacity(headers.len());
    for (name, values) in headers {
        let field = field_of_name(name);
        if name.is_empty() {
            problems.push(Problem::new(field, "invalid_name", "a header needs a name"));
        } else if !is_valid_name(name) {
            problems.push(Problem::new(
                field,
                "invalid_name",
                "is not a valid header name: use letters, digits and ! # $ % & ' * + - . ^ _ ` | ~ only",
            ));
        } else if let Some(reserved) = RESERVED.iter().find(|r| r.eq_ignore_ascii_case(name)) {
            problems.push(Problem::new(
                field,
                "reserved",
                format!("{reserved} is set by SlashID on every call and cannot be a custom header"),
            ));
        } else if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(name)) {
            // inferred: Go's http.Header canonicalizes names, so these would merge.
            problems.push(Problem::new(
                field,
                "duplicate",
                format!("is the same header as {first} (header names ignore case)"),
            ));
        }
        seen.push(name);
        if values.is_empty() {
            // inferred: a header without a value is never sent; say so instead of dropping it.
            problems.push(Problem::new(
                field_of_name(name),
                "no_values",
                "give the header a value or remove it",
            ));
        }
        for (i, value) in values.iter().enumerate() {
            if !is_valid_value(value) {
                problems.push(Problem::new(
                    field_of_value(name, i),
                    "invalid_value",
                    "contains a line break or another control character, which a header cannot carry",
                ));
            } else if value.len() > MAX_VALUE_BYTES {
                problems.push(Problem::new(
                    field_of_value(name, i),
                    "too_long",
                    format!("must be at most {MAX_VALUE_BYTES} bytes"),
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &[&str])]) -> Headers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn accepts_tokens_and_several_values() {
        assert!(
            check(&headers(&[
                ("X-Api-Key", &["a", "b\tc"]),
                ("x_y.z~", &["1"])
            ]))
            .is_empty()
        );
    }

    #[test]
    fn rejects_space_in_name() {
        let p = check(&headers(&[("X Key", &["v"])]));
        assert_eq!(p[0].code, "invalid_name");
        assert_eq!(p[0].field, "custom_headers[\"X Key\"]");
    }

    #[test]
    fn rejects_crlf_and_nul_in_value_without_echoing_it() {
        for bad in ["a\r\nInjected: 1", "a\nb", "a\0b", "a\u{7f}"] {
            let p = check(&headers(&[("X-Key", &["ok", bad])]));
            assert_eq!(p.len(), 1, "{bad:?}");
            assert_eq!(p[0].code, "invalid_value");
            assert_eq!(p[0].field, "custom_headers[\"X-Key\"][1]");
            assert!(!p[0].message.contains(bad));
        }
    }

    #[test]
    fn rejects_names_differing_only_in_case() {
        let p = check(&headers(&[("X-Key", &["a"]), ("x-key", &["b"])]));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "duplicate");
    }

    #[test]
    fn rejects_reserved_and_empty() {
        let p = check(&headers(&[("content-length", &["1"]), ("X-A", &[])]));
        let codes: Vec<_> = p.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["no_values", "reserved"]);
    }
}
