//! Whatever an admin types or pastes, the rules answer, and answer at once: the console
//! validates on every keystroke, so a panic would take the page down and a slow path would
//! freeze it. Deterministic: a fixed seed, no persisted failures.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed};
use webhook_rules::go::duration::{format_duration, parse_duration};
use webhook_rules::go::ip::parse_ip;
use webhook_rules::go::url;
use webhook_rules::slashid::wire::WebhookCreate;
use webhook_rules::slashid::{target_url, timeout, validate_create};

/// Per call, on inputs of up to `LONG` characters. Linear work on 100k characters takes a
/// few milliseconds even unoptimized, while a quadratic path takes seconds: 250 ms tells
/// them apart and leaves room for a CI machine busy with parallel tests (49 ms was seen
/// for the 1.2 MB error text of 100k U+FFFD in a debug build here).
const BOUND: Duration = Duration::from_millis(250);
const LONG: usize = 100_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x6E0_9A41C),
        ..ProptestConfig::default()
    }
}

/// Runs `f` and fails when it takes longer than `BOUND`. One slow run is retried twice
/// before failing, so that a machine busy with other builds is not mistaken for a slow
/// parser; a parser that is really slow is slow every time.
fn timed<T>(
    what: &'static str,
    input_chars: usize,
    mut f: impl FnMut() -> T,
) -> Result<T, TestCaseError> {
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let out = f();
        let took = started.elapsed();
        if took <= BOUND {
            record(what, took);
            return Ok(out);
        }
        fastest = fastest.min(took);
    }
    record(what, fastest);
    Err(TestCaseError::fail(format!(
        "{what} took {fastest:?} (more than {BOUND:?}) on an input of {input_chars} chars"
    )))
}

/// The slowest call seen per function, printed by the 100k test (`--nocapture`) to show
/// how far below the bound the ports are.
static SLOWEST: Mutex<BTreeMap<&str, Duration>> = Mutex::new(BTreeMap::new());

fn record(what: &'static str, took: Duration) {
    let mut slowest = SLOWEST.lock().unwrap_or_else(|e| e.into_inner());
    let entry = slowest.entry(what).or_default();
    *entry = (*entry).max(took);
}

/// `timed`, for calls whose answer only matters in that there is one.
fn answers<T>(
    what: &'static str,
    input_chars: usize,
    f: impl FnMut() -> T,
) -> Result<(), TestCaseError> {
    timed(what, input_chars, f).map(|out| {
        std::hint::black_box(out);
    })
}

/// Every rule and Go port that takes a string, on `s`; each must return, quickly.
fn exercise(s: &str) -> Result<(), TestCaseError> {
    let n = s.chars().count();
    answers("parse_duration", n, || parse_duration(s))?;
    answers("url::parse", n, || {
        if let Ok(u) = url::parse(s) {
            (u.hostname().len(), u.port().len())
        } else {
            (0, 0)
        }
    })?;
    answers("parse_ip", n, || parse_ip(s))?;
    answers("timeout::check", n, || {
        timeout::check(s).map_err(|e| (e.message(), e.to_problem()))
    })?;
    answers("target_url::check", n, || {
        target_url::check(s).map_err(|e| (e.message(), e.to_problem()))
    })?;
    // One field at a time holds `s`, so that a call never sees more than `n` characters;
    // the others hold valid values, so that `s` is what decides.
    let valid = || WebhookCreate {
        name: Some("orders".to_owned()),
        target_url: Some("https://example.com/hook".to_owned()),
        description: Some(String::new()),
        custom_headers: Some(BTreeMap::new()),
        timeout: Some("5s".to_owned()),
    };
    let requests = [
        WebhookCreate {
            name: Some(s.to_owned()),
            ..valid()
        },
        WebhookCreate {
            target_url: Some(s.to_owned()),
            ..valid()
        },
        WebhookCreate {
            description: Some(s.to_owned()),
            ..valid()
        },
        WebhookCreate {
            custom_headers: Some(BTreeMap::from([(s.to_owned(), vec!["v".to_owned()])])),
            ..valid()
        },
        WebhookCreate {
            custom_headers: Some(BTreeMap::from([("X-Key".to_owned(), vec![s.to_owned()])])),
            ..valid()
        },
        WebhookCreate {
            timeout: Some(s.to_owned()),
            ..valid()
        },
    ];
    for request in &requests {
        answers("validate_create", n, || {
            validate_create(request).map(|ok| ok.timeout())
        })?;
    }
    Ok(())
}

/// Pieces of the grammars the ports read, so that random strings reach deep paths
/// (escapes, brackets, ports, units, overflow) rather than failing on the first byte.
const PIECES: &[&str] = &[
    "https://",
    "http:",
    "//",
    "/",
    "\\",
    "@",
    ":",
    "::",
    "[",
    "]",
    "%",
    "%25",
    "%zz",
    "%e2%80",
    "%ff",
    "?",
    "#",
    ".",
    "0",
    "1",
    "9",
    "255",
    "0x",
    "ffff",
    "localhost",
    "\u{17F}",
    "\u{212A}",
    "s",
    "ms",
    "us",
    "\u{B5}s",
    "\u{3BC}s",
    "ns",
    "m",
    "h",
    "-",
    "+",
    "9223372036854775807",
    "99999999999999999999",
    "é",
    "\u{FFFD}",
    "\u{A0}",
    "\u{661}",
    " ",
    "\t",
    "\0",
    "\x7f",
    "\u{200B}",
    "\u{10FFFF}",
    "a",
    "example.com",
];

fn pieces(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|p| p.concat())
}

/// A pattern repeated to exactly `LONG` characters: long inputs that stay inside a
/// grammar (a 100k-digit number, a 100k-label host, 50k escapes) find quadratic paths.
fn long_input() -> impl Strategy<Value = Long> {
    (
        prop::sample::select(&["", "https://", "https://a.com/", "https://[", "1", "-0."][..]),
        pieces(6),
    )
        .prop_map(|(prefix, pattern)| {
            let pattern = if pattern.is_empty() {
                "9".to_owned()
            } else {
                pattern
            };
            let mut s = prefix.to_owned();
            while s.chars().count() < LONG {
                s.push_str(&pattern);
            }
            Long(s.chars().take(LONG).collect())
        })
}

/// A long input, shown by its start and length when a case fails.
#[derive(Clone)]
struct Long(String);

impl std::fmt::Debug for Long {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let start: String = self.0.chars().take(60).collect();
        write!(f, "{start:?}... ({} chars)", self.0.chars().count())
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn rules_answer_quickly_on_arbitrary_strings(s in any::<String>()) {
        exercise(&s)?;
    }

    #[test]
    fn rules_answer_quickly_on_grammar_pieces(s in pieces(40)) {
        exercise(&s)?;
    }

    #[test]
    fn rules_answer_quickly_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        exercise(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn format_duration_prints_any_i64(n in any::<i64>()) {
        let text = timed("format_duration", 0, || format_duration(n))?;
        // What the console prints, the server must read back as the same value.
        prop_assert_eq!(parse_duration(&text), Ok(n), "{}", text);
    }
}

proptest! {
    // Each case runs every rule over 100k characters; a few dozen cover the patterns.
    #![proptest_config(config(48))]

    #[test]
    fn rules_answer_quickly_on_100k_char_inputs(s in long_input()) {
        exercise(&s.0)?;
        println!("slowest calls so far: {:?}", SLOWEST.lock().unwrap_or_else(|e| e.into_inner()));
    }
}
