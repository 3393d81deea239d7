//! Shared by the tests that hold the Rust ports to Go's verdicts.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use serde_json::Value;

pub const TIMEOUT_VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/vectors/slashid-timeout.jsonl"
);
pub const TARGET_URL_VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/vectors/slashid-target-url.jsonl"
);

/// One line of a vector file, kept whole so that a test can read any of Go's answers.
pub struct Vector {
    pub line: usize,
    pub input: String,
    pub expected: Value,
}

/// Every line of a vector file. A line that does not parse fails the test: a case that is
/// silently skipped is a case nobody checks.
pub fn read_vectors(path: &str) -> Vec<Vector> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let vectors: Vec<Vector> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let expected: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{path}:{}: not JSON ({e}): {line}", i + 1));
            let input = expected["input"]
                .as_str()
                .unwrap_or_else(|| panic!("{path}:{}: no string \"input\"", i + 1))
                .to_owned();
            Vector {
                line: i + 1,
                input,
                expected,
            }
        })
        .collect();
    assert_eq!(
        vectors.len(),
        text.lines().count(),
        "{path}: every line must be a case"
    );
    assert!(!vectors.is_empty(), "{path} holds no case");
    vectors
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err(message)`. A port that panics on one input must
/// not hide its verdicts on all the others, and thousands of expected panics must not
/// flood the output, so the panic hook stays silent while `f` runs on this thread.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a non-string panic".to_owned());
        format!("PANIC: {message}")
    })
}

/// The name Go's rules give a timeout verdict, from our `timeout::check`.
pub fn timeout_reason(
    input: &str,
    verdict: &Result<i64, webhook_rules::slashid::timeout::TimeoutError>,
) -> &'static str {
    match verdict {
        Ok(_) if input.is_empty() => "empty_default",
        Ok(_) => "ok",
        Err(e) => e.reason(),
    }
}

/// Prints a list of disagreements readably; at most `limit` of them, then the total.
pub fn report(title: &str, problems: &[String], limit: usize) -> String {
    let mut out = format!("{title}: {} disagreement(s)\n", problems.len());
    for p in problems.iter().take(limit) {
        out.push_str("  - ");
        out.push_str(p);
        out.push('\n');
    }
    if problems.len() > limit {
        out.push_str(&format!("  ... and {} more\n", problems.len() - limit));
    }
    out
}
