//! Whatever reaches InstaVM's rules (a body the sandbox receives, a pattern or URL an admin
//! types, a signature header), they answer, and answer at once: a panic would take the
//! console or the sandbox down, a quadratic path would freeze them. Deterministic: a fixed
//! seed, no persisted failures.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed};
use webhook_rules::instavm::errors::{body_422, problems};
use webhook_rules::instavm::json::{self, Value};
use webhook_rules::instavm::patterns::{EVENT_TYPES, Pattern, matches};
use webhook_rules::instavm::signature::{check_header, check_payload};
use webhook_rules::instavm::validate::{read_create, read_update, url_warning, validate_create};

/// As in `no_panic.rs`: linear work on 100k characters takes milliseconds even
/// unoptimized, a quadratic path seconds.
const BOUND: Duration = Duration::from_millis(250);
const LONG: usize = 100_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x1457_A7F0),
        ..ProptestConfig::default()
    }
}

/// Runs `f`, retried twice when slow (a busy machine is not a slow rule), and fails when
/// every run is over `BOUND`.
fn quick<T>(what: &str, mut f: impl FnMut() -> T) -> Result<T, TestCaseError> {
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let out = f();
        let took = started.elapsed();
        if took <= BOUND {
            return Ok(out);
        }
        fastest = fastest.min(took);
    }
    Err(TestCaseError::fail(format!("{what} took {fastest:?}")))
}

/// Every door a raw body goes through.
fn exercise_body(raw: &[u8]) -> Result<(), TestCaseError> {
    for ct in [Some("application/json"), Some("text/plain"), None] {
        let create = quick("read_create", || read_create(ct, raw))?;
        let update = quick("read_update", || read_update(ct, raw))?;
        for rejection in [create.err(), update.err()].into_iter().flatten() {
            prop_assert!(
                matches!(rejection.status, 400 | 422),
                "{}",
                rejection.status
            );
            // Every answer is JSON Python itself reads back.
            prop_assert!(
                json::parse(rejection.body.as_bytes()).is_ok(),
                "{}",
                rejection.body
            );
        }
    }
    quick("check_payload", || check_payload(raw).is_ok())?;
    Ok(())
}

/// Every door a typed string goes through.
fn exercise_text(s: &str) -> Result<(), TestCaseError> {
    quick("Pattern", || {
        let pattern = Pattern::new(s);
        EVENT_TYPES.iter().filter(|e| pattern.matches(e)).count()
    })?;
    quick("matches (as event type)", || matches("*.*[!a-z]?*", s))?;
    quick("url_warning", || url_warning(s))?;
    quick("check_header", || {
        check_header(Some(s), 1_700_000_000, 300).is_ok()
    })?;
    let body = Value::Dict(vec![
        ("url".into(), Value::str(s)),
        ("timeout_seconds".into(), Value::str(s)),
        ("event_patterns".into(), Value::List(vec![Value::str(s)])),
    ]);
    let errors = quick("validate_create", || validate_create(&body).err())?;
    if let Some(errors) = errors {
        quick("body_422", || body_422(&errors))?;
        quick("problems", || problems(&errors))?;
    }
    Ok(())
}

/// Pieces of the grammars these rules read, so that random input reaches deep paths.
const PIECES: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "d83c", "NaN", "Infinity", "-",
    "+", "0", "1", "9", ".", "e", "_", " ", "\t", "\u{a0}", "*", "?", "[!", "a-z", "vm.", "t=",
    "v1=", "é", "🌍", "\0", "\u{feff}",
];

fn pieces(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|p| p.concat())
}

fn long(pattern: &str) -> String {
    pattern.repeat(LONG / pattern.len().max(1) + 1)[..LONG].to_owned()
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn bodies_of_arbitrary_bytes_get_an_answer(raw in prop::collection::vec(any::<u8>(), 0..300)) {
        exercise_body(&raw)?;
    }

    #[test]
    fn bodies_of_grammar_pieces_get_an_answer(s in pieces(60)) {
        exercise_body(s.as_bytes())?;
        exercise_text(&s)?;
    }

    #[test]
    fn arbitrary_text_gets_an_answer(s in any::<String>()) {
        exercise_text(&s)?;
    }
}

#[test]
fn long_inputs_stay_linear() {
    for pattern in [
        "*a", "[a-z]", "0", "1_", "\\u0041", "[", "{\"a\":", "t=1,", "é", "*?",
    ] {
        let s = long(pattern);
        exercise_text(&s).unwrap_or_else(|e| panic!("{pattern:?} x {LONG}: {e}"));
        exercise_body(s.as_bytes()).unwrap_or_else(|e| panic!("{pattern:?} x {LONG}: {e}"));
        let body = format!("{{\"url\":\"u\",\"timeout_seconds\":\"{s}\",\"foo\":[{s:?}]}}");
        exercise_body(body.as_bytes()).unwrap_or_else(|e| panic!("{pattern:?} x {LONG}: {e}"));
    }
    // Many keys, all the same: repeated keys are found through an index.
    let keys: String = (0..20_000)
        .map(|i| format!("\"k{}\":{i},", i % 100))
        .collect();
    exercise_body(format!("{{{keys}\"url\":\"u\"}}").as_bytes()).unwrap();
}
