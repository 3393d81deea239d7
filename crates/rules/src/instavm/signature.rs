//! Delivery signatures: `InstaVM-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
//! "<t>." + body)>`, checked in the order, and for the reasons, of the official SDK's
//! `instavm.webhooks.verify` (PyPI `instavm` 0.26.1), the one public reference: missing
//! header, no `t`, no `v1`, a `t` that is no integer, a stale `t`, a wrong signature, a body
//! that is not JSON.
//!
//! This crate has no crypto: the caller computes the HMAC (the console with WebCrypto, the
//! sandbox with the `hmac` and `sha2` crates) over [`signed_payload`], and [`verify`] puts
//! the steps in order.

use super::json::{self, Failure};
use super::paths::SIGNATURE_HEADER;
use super::validate::is_python_space;

/// The SDK's `DEFAULT_TOLERANCE_SECONDS`: how far `t` may be from now, either way.
pub const TOLERANCE_SECONDS: i64 = 300;
pub const SIGNING_VERSION: &str = "v1";

/// A header that passed every check before the HMAC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// `int(t)`: its decimal form is what was signed.
    pub t: i64,
    /// The `v1` value. As the SDK parses the header into a dict, a repeated `v1` keeps only
    /// its last value.
    pub v1: String,
}

/// Why the SDK's `verify` refuses a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureFailure {
    MissingHeader,
    /// No `t`, or an empty one.
    MalformedHeader,
    /// No `v1`, or an empty one.
    MissingSignature,
    /// A `t` that Python's `int()` refuses (its text, as in the header).
    InvalidTimestamp(String),
    /// `|now - t|` (in decimal) over the tolerance.
    StaleTimestamp {
        skew: String,
        tolerance: i64,
    },
    InvalidSignature,
    /// The body is not UTF-8 JSON (Python's exception text).
    InvalidPayload(String),
}

impl SignatureFailure {
    /// The SDK's `WebhookVerificationError.reason`.
    pub fn reason(&self) -> &'static str {
        match self {
            SignatureFailure::MissingHeader => "missing_header",
            SignatureFailure::MalformedHeader | SignatureFailure::InvalidTimestamp(_) => {
                "malformed_header"
            }
            SignatureFailure::MissingSignature => "missing_signature",
            SignatureFailure::StaleTimestamp { .. } => "stale_timestamp",
            SignatureFailure::InvalidSignature => "invalid_signature",
            SignatureFailure::InvalidPayload(_) => "invalid_payload",
        }
    }

    /// The SDK's message (`str(exc)`).
    pub fn message(&self) -> String {
        match self {
            SignatureFailure::MissingHeader => format!("Missing {SIGNATURE_HEADER} header"),
            SignatureFailure::MalformedHeader => format!(
                "Malformed {SIGNATURE_HEADER} header: expected 't=<ts>,{SIGNING_VERSION}=<hex>'"
            ),
            SignatureFailure::MissingSignature => {
                format!("Missing {SIGNING_VERSION}=<hex> component in {SIGNATURE_HEADER} header")
            }
            SignatureFailure::InvalidTimestamp(raw) => {
                format!(
                    "Invalid timestamp in {SIGNATURE_HEADER}: {}",
                    python_repr(raw)
                )
            }
            SignatureFailure::StaleTimestamp { skew, tolerance } => {
                format!("Signature timestamp outside tolerance ({skew}s > {tolerance}s)")
            }
            SignatureFailure::InvalidSignature => "Webhook signature mismatch".into(),
            SignatureFailure::InvalidPayload(error) => {
                format!("Webhook body is not valid JSON: {error}")
            }
        }
    }
}

/// The SDK's checks up to the HMAC: `header` is the `InstaVM-Signature` value (looked up
/// case-insensitively by the caller), `now` in Unix seconds; a negative `tolerance` turns
/// the staleness check off, as in the SDK.
pub fn check_header(
    header: Option<&str>,
    now: i64,
    tolerance: i64,
) -> Result<Signed, SignatureFailure> {
    let header = header
        .filter(|h| !h.is_empty())
        .ok_or(SignatureFailure::MissingHeader)?;
    let (mut t, mut v1) = (None, None);
    // `parse_signature_header`: chunks between commas, stripped; a chunk without `=` is
    // skipped; key and value stripped; the last of a repeated key wins.
    for chunk in header.split(',') {
        let Some((key, value)) = chunk.trim_matches(is_python_space).split_once('=') else {
            continue;
        };
        match key.trim_matches(is_python_space) {
            "t" => t = Some(value.trim_matches(is_python_space)),
            SIGNING_VERSION => v1 = Some(value.trim_matches(is_python_space)),
            _ => {}
        }
    }
    let t_raw = t
        .filter(|t| !t.is_empty())
        .ok_or(SignatureFailure::MalformedHeader)?;
    let v1 = v1
        .filter(|v| !v.is_empty())
        .ok_or(SignatureFailure::MissingSignature)?;
    let (negative, digits) =
        python_int(t_raw).ok_or_else(|| SignatureFailure::InvalidTimestamp(t_raw.to_owned()))?;
    let t = digits
        .parse::<i64>()
        .ok()
        .map(|d| if negative { -d } else { d });
    let stale = || SignatureFailure::StaleTimestamp {
        skew: skew(now, negative, &digits),
        tolerance,
    };
    if tolerance >= 0 && t.is_none_or(|t| now.abs_diff(t) > tolerance as u64) {
        return Err(stale());
    }
    // inferred: with the staleness check off, a `t` beyond i64 (which the SDK would accept
    // and sign as its decimal text) is refused as stale.
    let t = t.ok_or_else(stale)?;
    Ok(Signed {
        t,
        v1: v1.to_owned(),
    })
}

/// What is signed: `"<t>."` then the body, byte for byte.
pub fn signed_payload(t: i64, body: &[u8]) -> Vec<u8> {
    let mut payload = format!("{t}.").into_bytes();
    payload.extend_from_slice(body);
    payload
}

/// The header the sandbox's signer sends.
pub fn header_value(t: i64, hex: &str) -> String {
    format!("t={t},{SIGNING_VERSION}={hex}")
}

/// `hmac.compare_digest(expected, v1.lower())`: `expected` is the lower-case hex HMAC.
/// The SDK raises `TypeError` for a `v1` with non-ASCII characters; that is a mismatch here.
pub fn check_digest(expected_hex: &str, v1: &str) -> Result<(), SignatureFailure> {
    let (a, b) = (expected_hex.as_bytes(), v1.as_bytes());
    let same = v1.is_ascii()
        && a.len() == b.len()
        && a.iter()
            .zip(b)
            .fold(0u8, |acc, (x, y)| acc | (x ^ y.to_ascii_lowercase()))
            == 0;
    if same {
        Ok(())
    } else {
        Err(SignatureFailure::InvalidSignature)
    }
}

/// `json.loads(body.decode("utf-8"))`: strict UTF-8, then Python's JSON, where a leading
/// BOM is an error. An integer over 4300 digits or nesting past the recursion limit raise
/// something else than `JSONDecodeError` in the SDK (it lets them propagate); both are an
/// invalid payload here. Only the verdict: the event itself, the console reads with serde
/// (and the sandbox wrote it).
pub fn check_payload(body: &[u8]) -> Result<(), SignatureFailure> {
    let text = std::str::from_utf8(body)
        .map_err(|e| SignatureFailure::InvalidPayload(utf8_error(body, e)))?;
    json::check_str(text).map_err(|failure| {
        SignatureFailure::InvalidPayload(match failure {
            Failure::Decode(error) => error.text(),
            Failure::Other => "too deeply nested, or an integer over 4300 digits".into(),
        })
    })
}

/// The whole of the SDK's `verify`, with the caller's HMAC: `hmac_hex(payload)` is the
/// lower-case hex HMAC-SHA256 of `payload` under the endpoint's secret. (The SDK also
/// returns the event, parsed.)
pub fn verify(
    header: Option<&str>,
    body: &[u8],
    now: i64,
    tolerance: i64,
    hmac_hex: impl FnOnce(&[u8]) -> String,
) -> Result<(), SignatureFailure> {
    let signed = check_header(header, now, tolerance)?;
    check_digest(&hmac_hex(&signed_payload(signed.t, body)), &signed.v1)?;
    check_payload(body)
}

/// Python's `int(text)` in base 10: whitespace around, one sign, digits with single
/// underscores between them, at most 4300 digits. Gives the sign and the digits without
/// leading zeros.
/// inferred: ASCII digits only. Python also takes other Unicode decimal digits, but a
/// header value is Latin-1 text (as Starlette and requests decode it), whose only decimal
/// digits are ASCII.
fn python_int(text: &str) -> Option<(bool, String)> {
    let s = text.trim_matches(is_python_space);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let groups_ok = !s.is_empty()
        && s.split('_')
            .all(|group| !group.is_empty() && group.bytes().all(|b| b.is_ascii_digit()));
    if !groups_ok {
        return None;
    }
    let digits: String = s.chars().filter(|c| *c != '_').collect();
    if digits.len() > json::MAX_INT_DIGITS {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    let digits = if trimmed.is_empty() { "0" } else { trimmed };
    Some((negative && digits != "0", digits.to_owned()))
}

/// `|now - t|` in decimal, for any `t` (its sign and digits): Python's integers have no
/// bounds. Done digit by digit (128-bit arithmetic is large in wasm).
fn skew(now: i64, negative: bool, digits: &str) -> String {
    let now_digits = now.unsigned_abs().to_string();
    // |now - t| is |t| + |now| when the signs differ, else the larger minus the smaller.
    if negative != (now < 0) && now != 0 {
        return decimal(&add_digits(digits, &now_digits));
    }
    if (digits.len(), digits) > (now_digits.len(), now_digits.as_str()) {
        decimal(&sub_digits(digits, &now_digits))
    } else {
        decimal(&sub_digits(&now_digits, digits))
    }
}

/// Decimal digits, least significant first, of `a + b` (both without signs).
fn add_digits(a: &str, b: &str) -> Vec<u8> {
    let (mut a, mut b) = (a.bytes().rev(), b.bytes().rev());
    let mut out = Vec::new();
    let mut carry = 0;
    loop {
        let (x, y) = (a.next(), b.next());
        if x.is_none() && y.is_none() {
            break;
        }
        let sum = x.map_or(0, |d| d - b'0') + y.map_or(0, |d| d - b'0') + carry;
        out.push(sum % 10);
        carry = sum / 10;
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

/// Decimal digits, least significant first, of `a - b`, for `a >= b`.
fn sub_digits(a: &str, b: &str) -> Vec<u8> {
    let mut b = b.bytes().rev();
    let mut borrow = 0;
    a.bytes()
        .rev()
        .map(|x| {
            let subtrahend = b.next().map_or(0, |d| d - b'0') + borrow;
            let x = x - b'0';
            borrow = u8::from(x < subtrahend);
            x + 10 * borrow - subtrahend
        })
        .collect()
}

fn decimal(reversed: &[u8]) -> String {
    let text: String = reversed.iter().rev().map(|d| (b'0' + d) as char).collect();
    let trimmed = text.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.into()
    }
}

/// Python's `repr()` of a string, exactly for Latin-1 text (header values).
fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            // Not printable in Python: controls, NBSP (a space other than ' '), soft hyphen.
            c if c.is_control() || c == '\u{A0}' || c == '\u{AD}' => {
                out.push_str("\\x");
                push_hex(&mut out, c as u32, 2);
            }
            c if (c as u32) > 0xFF && (c.is_whitespace() || c.is_control()) => {
                out.push_str("\\u");
                push_hex(&mut out, c as u32, 4);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `UnicodeDecodeError` text for strict UTF-8.
fn utf8_error(bytes: &[u8], error: std::str::Utf8Error) -> String {
    let start = error.valid_up_to();
    let (len, reason) = match error.error_len() {
        None => (bytes.len() - start, "unexpected end of data"),
        Some(1) if matches!(bytes[start], 0x80..=0xC1 | 0xF5..=0xFF) => (1, "invalid start byte"),
        Some(n) => (n, "invalid continuation byte"),
    };
    let mut out = String::from("'utf-8' codec can't decode ");
    if len == 1 {
        out.push_str("byte 0x");
        push_hex(&mut out, bytes[start] as u32, 2);
        out.push_str(" in position ");
        out.push_str(&start.to_string());
    } else {
        out.push_str("bytes in position ");
        out.push_str(&start.to_string());
        out.push('-');
        out.push_str(&(start + len - 1).to_string());
    }
    out.push_str(": ");
    out.push_str(reason);
    out
}

/// `value` as `width` lower-case hex digits.
fn push_hex(out: &mut String, value: u32, width: u32) {
    for shift in (0..width).rev() {
        out.push(char::from_digit((value >> (4 * shift)) & 0xF, 16).unwrap_or('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn failure(header: Option<&str>) -> SignatureFailure {
        check_header(header, NOW, TOLERANCE_SECONDS).unwrap_err()
    }

    #[test]
    fn each_failure_in_the_sdks_order() {
        assert_eq!(failure(None), SignatureFailure::MissingHeader);
        assert_eq!(failure(Some("")), SignatureFailure::MissingHeader);
        assert_eq!(failure(Some("v1=ab")), SignatureFailure::MalformedHeader);
        assert_eq!(failure(Some("t=,v1=ab")), SignatureFailure::MalformedHeader);
        // `t` is checked before `v1`, and both before the timestamp's form.
        assert_eq!(failure(Some("garbage")), SignatureFailure::MalformedHeader);
        assert_eq!(failure(Some("t=abc")), SignatureFailure::MissingSignature);
        assert_eq!(
            failure(Some("t=1700000000,v1=")),
            SignatureFailure::MissingSignature
        );
        assert_eq!(
            failure(Some("t=12x,v1=ab")),
            SignatureFailure::InvalidTimestamp("12x".into())
        );
        assert_eq!(
            failure(Some("t=1699999699,v1=ab")),
            SignatureFailure::StaleTimestamp {
                skew: "301".into(),
                tolerance: 300
            }
        );
        assert_eq!(
            check_digest("abcd", "abce"),
            Err(SignatureFailure::InvalidSignature)
        );
        assert!(matches!(
            check_payload(b"{"),
            Err(SignatureFailure::InvalidPayload(_))
        ));
    }

    #[test]
    fn reasons_and_messages_are_the_sdks() {
        assert_eq!(failure(None).message(), "Missing InstaVM-Signature header");
        assert_eq!(
            failure(Some("x=1")).message(),
            "Malformed InstaVM-Signature header: expected 't=<ts>,v1=<hex>'"
        );
        assert_eq!(
            failure(Some("t=1")).message(),
            "Missing v1=<hex> component in InstaVM-Signature header"
        );
        let invalid = failure(Some("t=1'2,v1=ab"));
        assert_eq!(invalid.reason(), "malformed_header");
        assert_eq!(
            invalid.message(),
            "Invalid timestamp in InstaVM-Signature: \"1'2\""
        );
        assert_eq!(
            failure(Some("t=0,v1=ab")).message(),
            "Signature timestamp outside tolerance (1700000000s > 300s)"
        );
        assert_eq!(
            failure(Some("t=\u{a0}12\u{a0},v1=ab")).message(),
            "Signature timestamp outside tolerance (1699999988s > 300s)"
        );
        assert_eq!(
            failure(Some("t=1\u{a0}2,v1=ab")).message(),
            "Invalid timestamp in InstaVM-Signature: '1\\xa02'"
        );
        assert_eq!(
            failure(Some("t=\u{0}1\t,v1=ab")).message(),
            "Invalid timestamp in InstaVM-Signature: '\\x001'"
        );
        assert_eq!(
            SignatureFailure::InvalidSignature.message(),
            "Webhook signature mismatch"
        );
        assert_eq!(
            check_payload(b"").unwrap_err().message(),
            "Webhook body is not valid JSON: Expecting value: line 1 column 1 (char 0)"
        );
        assert_eq!(
            check_payload(b"{\"a\":\xff}").unwrap_err().message(),
            "Webhook body is not valid JSON: 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte"
        );
        assert_eq!(
            check_payload("\u{FEFF}{}".as_bytes())
                .unwrap_err()
                .message(),
            "Webhook body is not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"
        );
    }

    #[test]
    fn header_parsing_is_lenient_like_the_sdk() {
        let signed =
            check_header(Some(" t = +1700000_000 , junk, v1=AA ,v1= ab "), NOW, 300).unwrap();
        assert_eq!(
            signed,
            Signed {
                t: NOW,
                v1: "ab".into()
            }
        );
        let signed = check_header(Some("v1=cd,t=1700000299,x=y"), NOW, 300).unwrap();
        assert_eq!(signed.t, 1_700_000_299);
        // A negative tolerance turns the staleness check off.
        assert!(check_header(Some("t=0,v1=ab"), NOW, -1).is_ok());
        assert!(matches!(
            failure(Some("t=1__0,v1=ab")),
            SignatureFailure::InvalidTimestamp(_)
        ));
        assert!(matches!(
            failure(Some("t=_10,v1=ab")),
            SignatureFailure::InvalidTimestamp(_)
        ));
    }

    #[test]
    fn huge_timestamps_are_stale_with_their_exact_skew() {
        let t = format!("1{}", "0".repeat(40));
        let SignatureFailure::StaleTimestamp { skew, .. } = failure(Some(&format!("t={t},v1=ab")))
        else {
            panic!()
        };
        assert_eq!(skew, format!("{}8300000000", "9".repeat(30)));
        let SignatureFailure::StaleTimestamp { skew, .. } = failure(Some(&format!("t=-{t},v1=ab")))
        else {
            panic!()
        };
        assert_eq!(skew, format!("1{}1700000000", "0".repeat(30)));
        let skew_of = |t: &str| match failure(Some(&format!("t={t},v1=ab"))) {
            SignatureFailure::StaleTimestamp { skew, .. } => skew,
            other => panic!("{other:?}"),
        };
        assert_eq!(skew_of("-5"), "1700000005");
        assert_eq!(skew_of("1700000301"), "301");
        assert_eq!(skew_of("-0"), "1700000000");
        assert_eq!(skew_of("9223372036854775808"), "9223372035154775808");
        assert!(matches!(
            failure(Some(&format!("t={},v1=ab", "1".repeat(4301)))),
            SignatureFailure::InvalidTimestamp(_)
        ));
    }

    #[test]
    fn digests_compare_case_insensitively_and_reject_non_ascii() {
        assert_eq!(check_digest("abcdef", "ABCDEF"), Ok(()));
        assert_eq!(
            check_digest("abcdef", "abcde"),
            Err(SignatureFailure::InvalidSignature)
        );
        assert_eq!(
            check_digest("abcdef", "abcdeé"),
            Err(SignatureFailure::InvalidSignature)
        );
    }

    #[test]
    fn verify_runs_the_steps_with_the_callers_hmac() {
        let body = br#"{"event_type":"webhook.test"}"#;
        let fake_hmac = |payload: &[u8]| format!("{:02x}", payload.len());
        let expected = fake_hmac(&signed_payload(NOW, body));
        let header = header_value(NOW, &expected);
        assert_eq!(verify(Some(&header), body, NOW, 300, fake_hmac), Ok(()));
        assert_eq!(
            verify(Some(&header), b"{}", NOW, 300, fake_hmac),
            Err(SignatureFailure::InvalidSignature)
        );
        assert_eq!(signed_payload(12, b"{}"), b"12.{}");
        assert_eq!(header_value(12, "ab"), "t=12,v1=ab");
    }

    #[test]
    fn utf8_errors_read_like_python() {
        let text = |b: &[u8]| utf8_error(b, std::str::from_utf8(b).unwrap_err());
        assert_eq!(
            text(b"a\xe2\x82"),
            "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data"
        );
        assert_eq!(
            text(b"\xe2\x82A"),
            "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"
        );
        assert_eq!(
            text(b"\xed\xa0\x80"),
            "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"
        );
        assert_eq!(
            text(b"\xc0\xaf"),
            "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"
        );
    }
}
