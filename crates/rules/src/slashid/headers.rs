//! `custom_headers`: header name → values, sent with every call to the target URL.
//!
//! The API says only that values are encrypted at rest; the rules below are the ones Go's
//! `net/http` client (which makes the calls) needs to send a header at all. Messages never
//! quote a value: values are often secrets.

use crate::Problem;
use crate::go::quote::strconv_quote;
use crate::problem::Capped;
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
/// inferred: no documented limit; far longer than any real header name (the longest
/// registered ones are under 40 bytes), far shorter than a server's line limit.
pub const MAX_NAME_BYTES: usize = 256;
/// inferred: no documented limit; each value is its own header line on the call.
pub const MAX_VALUES_PER_HEADER: usize = 10;
/// inferred: no documented limit; 8 KiB is the usual per-header limit of HTTP servers.
pub const MAX_VALUE_BYTES: usize = 8 * 1024;
/// inferred: at most this many problems of a header set are reported, then one more on
/// `custom_headers`, `and N more problems`.
pub const MAX_PROBLEMS: usize = MAX_HEADERS;

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

/// Every problem of a header set, at most [`MAX_PROBLEMS`] and a count of the rest.
///
/// inferred: past its limits a set is not read further: beyond [`MAX_HEADERS`] names (in
/// the map's order) and [`MAX_VALUES_PER_HEADER`] values of a name, only "too many" is
/// said, and a name or value over its length is not scanned (nor a long name's values). So
/// the work is bounded, at most quadratic in `MAX_HEADERS` (the case-insensitive search for
/// duplicates), however large the set sent: 80,000 names cost what 50 do.
pub fn check(headers: &Headers) -> Vec<Problem> {
    let mut problems = Capped::new(MAX_PROBLEMS);
    if headers.len() > MAX_HEADERS {
        problems.push(|| {
            Problem::new(
                "custom_headers",
                "too_many",
                format!("at most {MAX_HEADERS} headers are allowed"),
            )
        });
    }
    let mut seen: Vec<&str> = Vec::with_capacity(MAX_HEADERS);
    for (name, values) in headers.iter().take(MAX_HEADERS) {
        let invalid = |code: &'static str, message: String| {
            move || Problem::new(field_of_name(name), code, message)
        };
        if name.is_empty() {
            problems.push(invalid("invalid_name", "a header needs a name".into()));
        } else if name.len() > MAX_NAME_BYTES {
            // Its values are not read: each problem would quote the long name again.
            let message = format!("a header name must be at most {MAX_NAME_BYTES} bytes");
            problems.push(invalid("too_long", message));
            continue;
        } else if !is_valid_name(name) {
            problems.push(invalid(
                "invalid_name",
                "is not a valid header name: use letters, digits and ! # $ % & ' * + - . ^ _ ` | ~ only".into(),
            ));
        } else if let Some(reserved) = RESERVED.iter().find(|r| r.eq_ignore_ascii_case(name)) {
            let message =
                format!("{reserved} is set by SlashID on every call and cannot be a custom header");
            problems.push(invalid("reserved", message));
        } else if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(name)) {
            // inferred: Go's http.Header canonicalizes names, so these would merge.
            let message = format!("is the same header as {first} (header names ignore case)");
            problems.push(invalid("duplicate", message));
        }
        seen.push(name);
        if values.is_empty() {
            // inferred: a header without a value is never sent; say so instead of dropping it.
            problems.push(invalid(
                "no_values",
                "give the header a value or remove it".into(),
            ));
        } else if values.len() > MAX_VALUES_PER_HEADER {
            let message = format!("a header can have at most {MAX_VALUES_PER_HEADER} values");
            problems.push(invalid("too_many_values", message));
        }
        for (i, value) in values.iter().enumerate().take(MAX_VALUES_PER_HEADER) {
            let (code, message) = if value.len() > MAX_VALUE_BYTES {
                (
                    "too_long",
                    format!("must be at most {MAX_VALUE_BYTES} bytes"),
                )
            } else if !is_valid_value(value) {
                ("invalid_value", "contains a line break or another control character, which a header cannot carry".into())
            } else {
                continue;
            };
            problems.push(|| Problem::new(field_of_value(name, i), code, message));
        }
    }
    problems.finish("custom_headers")
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
    fn reads_no_further_than_its_limits() {
        // The 51st name in the map's order is not read: only "too many" is said of it.
        let mut h: Headers = (0..MAX_HEADERS)
            .map(|i| (format!("X-{i:02}"), vec!["v".to_owned()]))
            .collect();
        h.insert("Z Bad".into(), vec!["v\n".into()]);
        let p = check(&h);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "too_many");
        // A value past the 10th is not read either.
        let mut values = vec!["v".to_owned(); MAX_VALUES_PER_HEADER];
        values.push("v\n".into());
        let p = check(&Headers::from([("X-A".to_owned(), values)]));
        let codes: Vec<_> = p.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["too_many_values"]);
    }

    #[test]
    fn rejects_reserved_and_empty() {
        let p = check(&headers(&[("content-length", &["1"]), ("X-A", &[])]));
        let codes: Vec<_> = p.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["no_values", "reserved"]);
    }
}
