//! The parity vectors in `tests/vectors`, made by real Go (go1.19.8): every case must give
//! our rules Go's verdict, reason, value and error text.

mod common;

use common::{
    TARGET_URL_VECTORS, TIMEOUT_VECTORS, Vector, guarded, read_vectors, report, timeout_reason,
};
use serde_json::Value;
use webhook_rules::go::duration::{format_duration, parse_duration};
use webhook_rules::slashid::{target_url, timeout};

fn mismatch(
    v: &Vector,
    what: &str,
    expected: impl std::fmt::Debug,
    got: impl std::fmt::Debug,
) -> String {
    format!(
        "line {} input {:?}: {what}: expected (Go) {expected:?}, got {got:?}",
        v.line, v.input
    )
}

fn str_field<'a>(v: &'a Vector, name: &str) -> Option<&'a str> {
    v.expected.get(name).and_then(Value::as_str)
}

fn bool_field(v: &Vector, name: &str) -> bool {
    v.expected[name]
        .as_bool()
        .unwrap_or_else(|| panic!("line {}: no boolean {name:?}", v.line))
}

fn check_timeout_case(v: &Vector, out: &mut Vec<String>) {
    let accepted = bool_field(v, "accepted");
    let reason = str_field(v, "reason").expect("every case has a reason");
    match guarded(|| timeout::check(&v.input)) {
        Err(panic) => out.push(mismatch(v, "timeout::check", (accepted, reason), panic)),
        Ok(verdict) => {
            let got = (verdict.is_ok(), timeout_reason(&v.input, &verdict));
            if got != (accepted, reason) {
                out.push(mismatch(
                    v,
                    "verdict (accepted, reason)",
                    (accepted, reason),
                    got,
                ));
            }
            // The rule keeps the parsed value it judged: it must be Go's.
            let judged = match &verdict {
                Ok(n) if !v.input.is_empty() => Some(*n),
                Err(timeout::TimeoutError::Negative { nanos })
                | Err(timeout::TimeoutError::TooLarge { nanos }) => Some(*nanos),
                _ => None,
            };
            let expected_nanos = v.expected.get("nanos").and_then(Value::as_i64);
            if judged.is_some() && judged != expected_nanos {
                out.push(mismatch(
                    v,
                    "nanos judged by timeout::check",
                    expected_nanos,
                    judged,
                ));
            }
            if let Err(e) = &verdict
                && e.go_error() != str_field(v, "go_error")
            {
                out.push(mismatch(
                    v,
                    "TimeoutError::go_error",
                    str_field(v, "go_error"),
                    e.go_error(),
                ));
            }
        }
    }

    // Go's ParseDuration answer, even for the empty string the rule accepts.
    let expected = if bool_field(v, "parses") {
        Ok(v.expected["nanos"]
            .as_i64()
            .unwrap_or_else(|| panic!("line {}: parses without nanos", v.line)))
    } else {
        Err(str_field(v, "go_error")
            .unwrap_or_else(|| panic!("line {}: fails without go_error", v.line))
            .to_owned())
    };
    match guarded(|| parse_duration(&v.input)) {
        Err(panic) => out.push(mismatch(v, "parse_duration", &expected, panic)),
        Ok(got) if got != expected => out.push(mismatch(v, "parse_duration", &expected, got)),
        Ok(_) => {}
    }
}

fn check_target_url_case(v: &Vector, out: &mut Vec<String>) {
    let expected = (
        bool_field(v, "accepted"),
        str_field(v, "reason").expect("every case has a reason"),
        str_field(v, "go_error"),
    );
    match guarded(|| target_url::check(&v.input)) {
        Err(panic) => out.push(mismatch(v, "target_url::check", expected, panic)),
        Ok(verdict) => {
            let got = match &verdict {
                Ok(_) => (true, "ok", None),
                Err(e) => (false, e.reason.as_str(), e.go_error.as_deref()),
            };
            if got != expected {
                out.push(mismatch(v, "(accepted, reason, go_error)", expected, got));
            }
        }
    }
}

#[test]
fn timeout_vectors_match_go() {
    let vectors = read_vectors(TIMEOUT_VECTORS);
    let mut mismatches = Vec::new();
    for v in &vectors {
        check_timeout_case(v, &mut mismatches);
    }
    assert!(
        mismatches.is_empty(),
        "{}",
        report(
            &format!("timeout, {} vectors", vectors.len()),
            &mismatches,
            usize::MAX
        )
    );
}

#[test]
fn target_url_vectors_match_go() {
    let vectors = read_vectors(TARGET_URL_VECTORS);
    let mut mismatches = Vec::new();
    for v in &vectors {
        check_target_url_case(v, &mut mismatches);
    }
    assert!(
        mismatches.is_empty(),
        "{}",
        report(
            &format!("target_url, {} vectors", vectors.len()),
            &mismatches,
            usize::MAX
        )
    );
}

/// `time.Duration(n).String()` as go1.19.8 printed it (by `tests/go-oracle`).
const GO_DURATION_STRINGS: &[(i64, &str)] = &[
    (0, "0s"),
    (1, "1ns"),
    (-1, "-1ns"),
    (999, "999ns"),
    (1000, "1µs"),
    (1001, "1.001µs"),
    (1500, "1.5µs"),
    (-1500, "-1.5µs"),
    (999_999, "999.999µs"),
    (1_000_000, "1ms"),
    (1_500_000, "1.5ms"),
    (100_000_000, "100ms"),
    (999_999_999, "999.999999ms"),
    (1_000_000_000, "1s"),
    (1_000_000_001, "1.000000001s"),
    (1_500_000_000, "1.5s"),
    (20_000_000_000, "20s"),
    (-20_000_000_000, "-20s"),
    (59_999_999_999, "59.999999999s"),
    (60_000_000_000, "1m0s"),
    (60_000_000_001, "1m0.000000001s"),
    (90_000_000_000, "1m30s"),
    (3_600_000_000_000, "1h0m0s"),
    (3_723_004_005_006, "1h2m3.004005006s"),
    (86_400_000_000_000, "24h0m0s"),
    (140_954_425_000_000, "39h9m14.425s"),
    (i64::MAX, "2562047h47m16.854775807s"),
    (i64::MIN, "-2562047h47m16.854775808s"),
    (i64::MIN + 1, "-2562047h47m16.854775807s"),
];

#[test]
fn format_duration_prints_like_go() {
    let mismatches: Vec<String> = GO_DURATION_STRINGS
        .iter()
        .filter_map(|&(nanos, go)| match guarded(|| format_duration(nanos)) {
            Ok(got) if got == go => None,
            got => Some(format!("{nanos}: expected (Go) {go:?}, got {got:?}")),
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{}",
        report("format_duration", &mismatches, usize::MAX)
    );
}
