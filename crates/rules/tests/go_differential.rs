//! Our ports against real Go, on inputs nobody wrote by hand.
//!
//! The console promises the verdicts of SlashID's Go server. The vectors are a sample;
//! this test builds `tests/go-oracle` (the Go standard library answering the same
//! questions), sends it tens of thousands of generated inputs in one batch, and compares
//! every verdict, reason, value, error text and parsed URL field with ours.
//!
//! `DIFF_SEED` (decimal or 0x-hex) and `DIFF_CASES` (generated inputs per field) change the
//! run; the seed in use is printed, so a failure can be replayed.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use common::{TARGET_URL_VECTORS, TIMEOUT_VECTORS, guarded, read_vectors, report, timeout_reason};
use serde_json::{Value, json};
use webhook_rules::go::duration::{format_duration, parse_duration};
use webhook_rules::go::ip::parse_ip;
use webhook_rules::go::url::{GoUrl, parse};
use webhook_rules::slashid::{target_url, timeout};

const DEFAULT_SEED: u64 = 0x5EED_2026_0C0F_FEE5;
const DEFAULT_CASES: usize = 10_000;
const SHOWN: usize = 50;
const SWEEP_CHUNK: usize = 256;
const ORACLE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/go-oracle");

// ---------------------------------------------------------------------------------------
// The batch: every input of every field, answered by one oracle process.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Timeout,
    TargetUrl,
    ParseIp,
    FormatDuration,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Timeout => "timeout",
            Field::TargetUrl => "target_url",
            Field::ParseIp => "parse_ip",
            Field::FormatDuration => "format_duration",
        }
    }
}

#[derive(Clone, Debug)]
enum Input {
    Text(String),
    Nanos(i64),
}

struct Case {
    field: Field,
    input: Input,
    origin: Origin,
}

impl Case {
    fn text(&self) -> &str {
        match &self.input {
            Input::Text(s) => s,
            Input::Nanos(_) => panic!("{} takes a string", self.field.name()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// A line of a vector file, which the oracle must reproduce.
    Vector(usize),
    Generated,
    /// Every Unicode scalar value, a chunk at a time, inside an input Go rejects.
    Sweep,
}

struct Batch {
    seed: u64,
    per_field: usize,
    cases: Vec<Case>,
    answers: Vec<Value>,
}

impl Batch {
    /// The vector and generated inputs of one field.
    fn of(&self, field: Field) -> impl Iterator<Item = (&Case, &Value)> {
        self.cases
            .iter()
            .zip(&self.answers)
            .filter(move |(c, _)| c.field == field && c.origin != Origin::Sweep)
    }

    /// Fails with a readable list when `problems` is not empty; says how much was compared.
    fn conclude(&self, field: Field, problems: &[String]) {
        let n = self.of(field).count();
        assert!(
            n >= self.per_field,
            "{}: only {n} inputs, fewer than {}",
            field.name(),
            self.per_field
        );
        assert!(
            problems.is_empty(),
            "{}",
            report(
                &format!(
                    "{}: {n} inputs compared with Go (seed {:#x}; replay with DIFF_SEED={:#x})",
                    field.name(),
                    self.seed,
                    self.seed
                ),
                problems,
                SHOWN
            )
        );
        println!("{}: {n} inputs per field, 0 disagreements", field.name());
    }
}

fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        let started = Instant::now();
        let seed = env_number("DIFF_SEED").unwrap_or(DEFAULT_SEED);
        let per_field = env_number("DIFF_CASES").map_or(DEFAULT_CASES, |n| n as usize);
        println!("go differential: seed {seed:#x}, {per_field} generated inputs per field");
        let cases = all_cases(seed, per_field);
        let oracle = build_oracle();
        let answers = ask_oracle(&oracle, &cases);
        if let Ok(path) = std::env::var("DIFF_DUMP") {
            dump(&path, &cases, &answers);
        }
        println!(
            "go differential: {} inputs answered by Go in {:.1?}",
            cases.len(),
            started.elapsed()
        );
        Batch {
            seed,
            per_field,
            cases,
            answers,
        }
    })
}

/// `DIFF_DUMP=<file>` keeps every input with Go's answer, one JSON line each, to study
/// what the generators reach.
fn dump(path: &str, cases: &[Case], answers: &[Value]) {
    let mut out = String::new();
    for (case, answer) in cases.iter().zip(answers) {
        let input = match &case.input {
            Input::Text(s) => json!(s),
            Input::Nanos(n) => json!(n),
        };
        let line = json!({"field": case.field.name(), "input": input, "go": answer});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("DIFF_DUMP={path}: {e}"));
}

fn env_number(name: &str) -> Option<u64> {
    let raw = std::env::var(name).ok()?;
    let raw = raw.trim();
    let parsed = match raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => raw.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={raw:?} is not a number: {e}")))
}

/// Builds the oracle with the Go on PATH. No Go is a failure, never a skip: without it the
/// console's central promise goes untested.
fn build_oracle() -> PathBuf {
    let missing =
        "the Go differential test needs Go (go1.19, as SlashID's server): run `cargo xtask setup`";
    let version = Command::new("go")
        .arg("version")
        .output()
        .unwrap_or_else(|e| panic!("{missing} (running `go version`: {e})"));
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    assert!(
        version.starts_with("go version go1.19"),
        "{missing}; found {version:?}, whose url and time packages may judge differently"
    );
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-oracle");
    let status = Command::new("go")
        .args(["build", "-o"])
        .arg(&out)
        .arg(".")
        .current_dir(ORACLE_DIR)
        // The oracle uses the standard library only: never reach for the network.
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOWORK", "off")
        .env("CGO_ENABLED", "0")
        .status()
        .unwrap_or_else(|e| panic!("{missing} (running `go build`: {e})"));
    assert!(
        status.success(),
        "`go build` of {ORACLE_DIR} failed: {status}"
    );
    out
}

fn ask_oracle(oracle: &Path, cases: &[Case]) -> Vec<Value> {
    let mut child = Command::new(oracle)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", oracle.display()));
    let mut requests = String::new();
    for case in cases {
        let input = match &case.input {
            Input::Text(s) => json!(s),
            Input::Nanos(n) => json!(n),
        };
        requests.push_str(&json!({"field": case.field.name(), "input": input}).to_string());
        requests.push('\n');
    }
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Written from another thread: the oracle answers while it reads, and both pipes are
    // far smaller than the batch.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let answers: Vec<Value> = stdout
        .lines()
        .map(|line| {
            let line = line.expect("reading the oracle's answers");
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("oracle answer {line:?}: {e}"))
        })
        .collect();
    writer
        .join()
        .expect("writer thread")
        .expect("writing to the oracle");
    let status = child.wait().expect("waiting for the oracle");
    assert!(status.success(), "the oracle failed: {status}");
    assert_eq!(
        answers.len(),
        cases.len(),
        "the oracle must answer every input"
    );
    if let Some((case, bad)) = cases
        .iter()
        .zip(&answers)
        .find(|(_, a)| a.get("oracle_error").is_some())
    {
        panic!(
            "the oracle rejected {:?} ({}): {bad}",
            case.input,
            case.field.name()
        );
    }
    answers
}

// ---------------------------------------------------------------------------------------
// Inputs.

/// SplitMix64: tiny, and the same sequence on every machine for a given seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }

    /// True with probability `percent` in 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    fn digits(&mut self, min_len: usize, max_len: usize) -> String {
        let len = self.range(min_len, max_len);
        (0..len)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn hex(&mut self, min_len: usize, max_len: usize) -> String {
        let len = self.range(min_len, max_len);
        (0..len)
            .map(|_| {
                let c = b"0123456789abcdefABCDEF"[self.below(22)];
                char::from(c)
            })
            .collect()
    }
}

/// Characters that sit on the edges of Go's grammars: delimiters, escapes, controls,
/// look-alikes (long s, Kelvin sign, micro sign vs Greek mu), non-ASCII digits and spaces.
const INTERESTING: &[char] = &[
    '%',
    '2',
    '5',
    'f',
    'F',
    '0',
    '1',
    '9',
    ':',
    '/',
    '\\',
    '@',
    '?',
    '#',
    '[',
    ']',
    '.',
    ' ',
    '\t',
    '\0',
    '\n',
    '\r',
    '\x7f',
    '\u{17F}',
    '\u{212A}',
    '\u{B5}',
    '\u{3BC}',
    '-',
    '+',
    's',
    'h',
    'm',
    'n',
    'u',
    'L',
    'e',
    'x',
    'E',
    '"',
    'a',
    'z',
    '<',
    '{',
    '|',
    '^',
    '`',
    '\'',
    ';',
    '=',
    '&',
    '!',
    '*',
    ',',
    '_',
    '~',
    'é',
    '\u{FFFD}',
    '\u{A0}',
    '\u{661}',
    '\u{FF15}',
    '\u{7C1}',
    '\u{FEFF}',
    '\u{200B}',
    '\u{AD}',
    '\u{3002}',
    '\u{1F600}',
    '\u{80}',
    '\u{2028}',
];

/// Insert, delete, replace or duplicate a few characters, or splice in a piece of another
/// input: small steps away from inputs whose verdicts we know matter.
fn mutate(rng: &mut Rng, input: &str, pool: &[String]) -> String {
    let mut chars: Vec<char> = input.chars().collect();
    for _ in 0..rng.range(1, 3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 | 1 => chars.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            2 if at < chars.len() => {
                chars.remove(at);
            }
            3 if at < chars.len() => chars[at] = INTERESTING[rng.below(INTERESTING.len())],
            4 if !chars.is_empty() => {
                let start = rng.below(chars.len());
                let end = rng.range(start, chars.len().min(start + 12));
                let piece: Vec<char> = chars[start..end].to_vec();
                chars.splice(at..at, piece);
            }
            _ if !pool.is_empty() => {
                let other: Vec<char> = pool[rng.below(pool.len())].chars().collect();
                let from = rng.below(other.len() + 1);
                chars.truncate(at);
                chars.extend_from_slice(&other[from..]);
            }
            _ => chars.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
        }
    }
    chars.into_iter().collect()
}

/// Sprinkles one odd character in, for the generators' less tidy outputs.
fn sprinkle(rng: &mut Rng, s: String) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let at = rng.below(chars.len() + 1);
    chars.insert(at, INTERESTING[rng.below(INTERESTING.len())]);
    chars.into_iter().collect()
}

const UNITS: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{B5}s", 1_000),
    ("\u{3BC}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

const BAD_UNITS: &[&str] = &[
    "",
    "d",
    "w",
    "y",
    "S",
    "H",
    "M",
    "Ms",
    "MS",
    "US",
    "NS",
    "Ns",
    "\u{B5}",
    "\u{3BC}",
    "u",
    "n",
    "sec",
    "min",
    "hr",
    "hs",
    "mss",
    "\u{17F}",
    "s ",
    " s",
    "\u{212A}",
    "e",
    "E",
    "\u{B5}S",
    "\u{FF53}",
    "s\0",
    "\u{B5}\u{3BC}s",
    "\u{3BC}\u{B5}",
    "ns\u{301}",
    "\u{2009}s",
    "ms.",
    "_s",
];

/// A number as ParseDuration reads it: digits, an optional fraction, or neither.
fn duration_number(rng: &mut Rng) -> String {
    let int = match rng.below(12) {
        0..=4 => rng.digits(1, 3),
        5 => rng.digits(4, 19),
        6 => rng.digits(20, 80),
        7 => format!("{}{}", "0".repeat(rng.range(1, 40)), rng.digits(1, 3)),
        8 => "0".to_owned(),
        9 => rng
            .pick(&[
                "9223372036854775807",
                "9223372036854775808",
                "9223372036854775809",
                "922337203685477580",
                "92233720368547758070",
                "18446744073709551615",
                "18446744073709551616",
                "4611686018427387904",
            ])
            .to_owned(),
        _ => String::new(),
    };
    match rng.below(10) {
        0..=5 => int,
        6 | 7 => format!("{int}.{}", rng.digits(1, 9)),
        8 => format!("{int}.{}", rng.digits(10, 120)),
        _ => format!("{int}."),
    }
}

/// A value right at the edge of int64 nanoseconds for one unit, where Go's overflow
/// checks (on the integer part, then on the fraction) decide.
fn duration_boundary(rng: &mut Rng) -> String {
    let (unit, nanos) = UNITS[rng.below(UNITS.len())];
    let limit = 1u128 << 63;
    let whole = limit / u128::from(nanos);
    let int = (whole as i128 + rng.range(0, 2) as i128 - 1).max(0);
    let remainder = limit % u128::from(nanos);
    let frac = if matches!(nanos, 1_000 | 1_000_000 | 1_000_000_000) {
        let width = nanos.ilog10() as usize;
        let near = remainder as i128 + rng.range(0, 2) as i128 - 1;
        let mut f = format!("{:0width$}", near.max(0));
        if rng.chance(30) {
            f.push_str(&rng.digits(1, 30));
        }
        Some(f)
    } else if rng.chance(50) {
        Some(rng.digits(1, 30))
    } else {
        None
    };
    match frac {
        Some(f) => format!("{int}.{f}{unit}"),
        None => format!("{int}{unit}"),
    }
}

fn duration(rng: &mut Rng) -> String {
    let sign = match rng.below(20) {
        0..=11 => "",
        12..=14 => "-",
        15 | 16 => "+",
        _ => rng.pick(&["--", "+-", "-+", " -", "\u{2212}", "++"]),
    };
    let mut s = sign.to_owned();
    if rng.chance(8) {
        s.push_str(&duration_boundary(rng));
    } else if rng.chance(4) {
        // Many small parts: rounding of fractions that add up.
        let part = format!(
            "{}{}",
            duration_number(rng),
            UNITS[rng.below(UNITS.len())].0
        );
        s.push_str(&part.repeat(rng.range(2, 200)));
    } else {
        for _ in 0..[1, 1, 1, 1, 2, 2, 3, 4, 6][rng.below(9)] {
            s.push_str(&duration_number(rng));
            if rng.chance(88) {
                s.push_str(UNITS[rng.below(UNITS.len())].0);
            } else {
                s.push_str(rng.pick(BAD_UNITS));
            }
        }
    }
    if rng.chance(5) {
        s = rng
            .pick(&[
                "", "0", "-0", "+0", "0.0", " ", "NaN", "inf", "1e3s", "0x10s", "1_000ms",
                "\u{661}s",
            ])
            .to_owned();
    }
    if rng.chance(8) {
        s = sprinkle(rng, s);
    }
    s
}

fn ipv4(rng: &mut Rng) -> String {
    let parts = if rng.chance(75) { 4 } else { rng.range(1, 6) };
    let mut s = (0..parts)
        .map(|_| match rng.below(20) {
            0..=12 => rng.below(256).to_string(),
            13 => rng.range(256, 999).to_string(),
            14 => format!("0{}", rng.below(256)),
            15 => rng
                .pick(&["00", "000", "0000", "00000000000000000000001"])
                .to_owned(),
            16 => format!("0x{}", rng.hex(1, 3)),
            17 => String::new(),
            18 => rng
                .pick(&[
                    "4294967295",
                    "4294967296",
                    "-1",
                    " 1",
                    "1 ",
                    "\u{661}",
                    "\u{FF11}",
                ])
                .to_owned(),
            _ => rng.digits(1, 12),
        })
        .collect::<Vec<_>>()
        .join(".");
    if rng.chance(5) {
        s.push('.');
    }
    s
}

fn ipv6(rng: &mut Rng) -> String {
    let groups = rng.range(0, 9);
    let mut parts: Vec<String> = (0..groups)
        .map(|_| match rng.below(20) {
            0 => String::new(),
            1 => rng.hex(5, 5),
            2 => "0".to_owned(),
            3 => "ffff".to_owned(),
            _ => rng.hex(1, 4),
        })
        .collect();
    if rng.chance(25) && !parts.is_empty() {
        let last = parts.len() - 1;
        parts[last] = ipv4(rng);
    }
    let mut s = parts.join(":");
    if rng.chance(55) {
        let at = rng.below(parts.len() + 1);
        let prefix: String = parts[..at].join(":");
        let suffix: String = parts[at..].join(":");
        s = format!("{prefix}::{suffix}");
        if rng.chance(5) {
            s.push_str("::1");
        }
    }
    if rng.chance(8) {
        s = rng
            .pick(&[
                "::",
                "::1",
                "::ffff:127.0.0.1",
                "::ffff:7f00:1",
                "0:0:0:0:0:ffff:127.0.0.1",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:1.2.3.4",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::1.2.3.4",
                "fe80::1",
                ":::",
                "1::2::3",
                "::ffff:1.2.3",
                "64:ff9b::1.2.3.4",
                "::FFFF:1.2.3.4",
                "1:2:3:4:5:6::7",
                ":1::",
            ])
            .to_owned();
    }
    if rng.chance(10) {
        s.push_str(rng.pick(&[
            "%eth0",
            "%1",
            "%25",
            "%",
            "%25eth0",
            "%zz",
            "%\u{E9}",
            "%%",
            "%25%41",
            "%25%20",
            "%25%2",
            "%25%zz",
            "%25%e9",
            "%25%7F",
            "%25:",
            "%25]",
            "%25%25",
            "%25\u{E9}",
            "%25%00",
        ]));
    }
    s
}

fn localhost(rng: &mut Rng) -> String {
    let mut s: String = "localhost"
        .chars()
        .map(|c| {
            if rng.chance(30) {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    match rng.below(12) {
        0 => s = s.replacen(['s', 'S'], "\u{17F}", 1),
        1 => s.push('.'),
        2 => s = s.replacen('l', "%6c", 1),
        3 => s.push_str("%2e"),
        4 => {
            s = "\u{FF4C}\u{FF4F}\u{FF43}\u{FF41}\u{FF4C}\u{FF48}\u{FF4F}\u{FF53}\u{FF54}"
                .to_owned()
        }
        5 => s = s.replacen('o', "\u{AD}o", 1),
        6 => s.push_str(rng.pick(&["s", "t", ".com", "\u{3002}", "\u{200D}"])),
        7 => {
            s.pop();
        }
        _ => {}
    }
    s
}

fn host_name(rng: &mut Rng) -> String {
    let labels = rng.range(1, 5);
    let mut s = (0..labels)
        .map(|_| match rng.below(16) {
            0 => rng
                .pick(&[
                    "m\u{FC}nchen",
                    "\u{4F8B}\u{3048}",
                    "\u{1F600}",
                    "xn--mnchen-3ya",
                    "\u{FF45}\u{FF58}",
                    "ex\u{200B}ample",
                    "fa\u{DF}",
                    "K\u{212A}",
                ])
                .to_owned(),
            1 => rng
                .pick(&[
                    "%25",
                    "%41",
                    "%80",
                    "%e2%80%8b",
                    "%ff",
                    "%C3%BC",
                    "%zz",
                    "%2",
                    "%",
                    "%7F",
                    "%2e",
                ])
                .to_owned(),
            2 => rng
                .pick(&[
                    "a_b",
                    "a-b",
                    "-a",
                    "a-",
                    "!",
                    "$&'()*+,;=",
                    "<>\"",
                    "^",
                    "{x}",
                    "|",
                    "`",
                    "a b",
                    "a\tb",
                    "\u{A0}",
                    "\u{7F}",
                ])
                .to_owned(),
            3 => String::new(),
            _ => {
                let len = rng.range(1, 12);
                (0..len)
                    .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789-"[rng.below(37)]))
                    .collect()
            }
        })
        .collect::<Vec<_>>()
        .join(".");
    if rng.chance(5) {
        s.push('.');
    }
    s
}

/// The host part of a URL: what `Hostname()`, and then ParseIP and EqualFold, will see.
fn host(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=6 => host_name(rng),
        7..=9 => ipv4(rng),
        10..=12 => format!("[{}]", ipv6(rng)),
        13 => ipv6(rng),
        14..=16 => localhost(rng),
        17 => format!(
            "[{}]",
            rng.pick(&[
                "localhost",
                "example.com",
                "v1.x",
                "",
                "1.2.3.4",
                "::1]",
                "[::1"
            ])
        ),
        18 => String::new(),
        _ => rng
            .pick(&[
                "example.com",
                "a",
                "127.0.0.1",
                "0.0.0.0",
                "[::1]",
                "[::ffff:127.0.0.1]",
                "[fe80::1%25eth0]",
            ])
            .to_owned(),
    }
}

fn userinfo(rng: &mut Rng) -> String {
    let odd = [
        "user",
        "",
        "u",
        " ",
        "%20",
        "%zz",
        "\u{FC}",
        "|",
        ":",
        "@",
        "/",
        "%",
        "!$&'()*+,;=",
        "^",
        "{",
        "\"",
        "%ff",
        "%3A",
        "[",
        "]",
        "~",
        "-._",
        "a:b:c",
        "us er",
        "%40",
        "\t",
        "\u{E9}",
    ];
    match rng.below(4) {
        0 => format!("{}@", rng.pick(&odd)),
        1 => format!("{}:{}@", rng.pick(&odd), rng.pick(&odd)),
        2 => format!("{}{}@", rng.pick(&odd), rng.pick(&odd)),
        _ => format!("{}@{}@", rng.pick(&odd), rng.pick(&odd)),
    }
}

fn port(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!(":{}", rng.below(70_000)),
        _ => rng
            .pick(&[
                ":",
                ":443",
                ":0",
                ":65535",
                ":65536",
                ":99999999999999999999",
                ":+1",
                ":-1",
                ":0x50",
                ": 1",
                ":\u{FF11}",
                ":443:443",
                ":%34",
                ":a",
                ":44 3",
                ":443]",
                ":00000443",
                "::",
            ])
            .to_owned(),
    }
}

fn url(rng: &mut Rng) -> String {
    let scheme: String = match rng.below(12) {
        0..=4 => "https".to_owned(),
        5 | 6 => "https"
            .chars()
            .map(|c| {
                if rng.chance(50) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
        _ => rng
            .pick(&[
                "http",
                "ftp",
                "wss",
                "",
                "h",
                "1https",
                "https+x",
                "ht-tps",
                "https.",
                "+https",
                " https",
                "https ",
                "\u{FF48}ttps",
                "http\u{17F}",
                "https1",
                "javascript",
                "HTTPS",
                "ht\ttps",
                "-https",
                "a1+-.",
                "http\u{212A}",
            ])
            .to_owned(),
    };
    let colon = rng.pick(&[":", ":", ":", ":", ":", ":", ":", ":", ":", "", ";", "::"]);
    let slashes = match rng.below(12) {
        0..=7 => "//",
        _ => rng.pick(&["/", "///", "////", "\\\\", "/\\", "\\/", "", ":"]),
    };
    let user = if rng.chance(12) {
        userinfo(rng)
    } else {
        String::new()
    };
    let host = host(rng);
    let port = if rng.chance(20) {
        port(rng)
    } else {
        String::new()
    };
    let path = match rng.below(12) {
        0..=3 => String::new(),
        4 | 5 => "/".to_owned(),
        6 | 7 => format!("/{}", host_name(rng).replace('.', "/")),
        _ => rng
            .pick(&[
                "/webhook",
                "/a/b/c",
                "/%ff",
                "/%zz",
                "/%",
                "/a b",
                "/\u{E9}",
                "/:",
                "a:b",
                "/./../",
                "/%2F",
                "/@",
                "/[x]",
                "/%00",
                "/\\",
                "/%E2%9C%93",
                "//x",
                "/a%2",
                "/~user",
                "/;p",
            ])
            .to_owned(),
    };
    let query = match rng.below(10) {
        0..=6 => "",
        _ => rng.pick(&["?", "?a=b", "?%zz", "??", "?a#b", "?\u{E9}", "?%ff", "? "]),
    };
    let fragment = match rng.below(10) {
        0..=6 => "",
        _ => rng.pick(&[
            "#", "#frag", "#%zz", "#%ff", "#a#b", "#\t", "#\0", "# ", "#%", "#?",
        ]),
    };
    // A reference with no scheme at all: "//host/path", "///path", "host:port".
    let (scheme, colon) = if rng.chance(5) {
        (String::new(), "")
    } else {
        (scheme, colon)
    };
    let mut s = format!("{scheme}{colon}{slashes}{user}{host}{port}{path}{query}{fragment}");
    if rng.chance(5) {
        let junk = rng.pick(&[" ", "\t", "\u{A0}", "\u{FEFF}", "\n", "\r\n", "\0"]);
        if rng.chance(50) {
            s.insert_str(0, junk);
        } else {
            s.push_str(junk);
        }
    }
    if rng.chance(12) {
        s = sprinkle(rng, s);
    }
    s
}

fn ip_input(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => ipv4(rng),
        4..=7 => ipv6(rng),
        8 => host(rng),
        _ => localhost(rng),
    }
}

fn nanos(rng: &mut Rng) -> i64 {
    let unit = [
        1i64,
        1_000,
        1_000_000,
        1_000_000_000,
        60_000_000_000,
        3_600_000_000_000,
    ][rng.below(6)];
    let value = match rng.below(10) {
        0 | 1 => rng.next() as i64,
        2 => rng.below(2_000) as i64,
        3 => (rng.next() % 10u64.pow(rng.range(1, 13) as u32)) as i64,
        4 => (rng.below(100_000) as i64).saturating_mul(unit),
        5 => (rng.below(100_000) as i64).saturating_mul(unit) + rng.range(0, 2) as i64 - 1,
        6 => 10i64.pow(rng.range(0, 18) as u32) + rng.range(0, 2) as i64 - 1,
        7 => i64::MAX - rng.below(1_000_000) as i64,
        8 => i64::MIN + rng.below(1_000_000) as i64,
        _ => (rng.next() >> rng.range(1, 62)) as i64,
    };
    if rng.chance(30) {
        value.saturating_neg()
    } else {
        value
    }
}

/// Makes one input from the random stream.
type Generator = fn(&mut Rng) -> String;

fn all_cases(seed: u64, per_field: usize) -> Vec<Case> {
    let mut rng = Rng(seed);
    let timeout_vectors = read_vectors(TIMEOUT_VECTORS);
    let url_vectors = read_vectors(TARGET_URL_VECTORS);
    let mut cases = Vec::new();
    for (field, vectors) in [
        (Field::Timeout, &timeout_vectors),
        (Field::TargetUrl, &url_vectors),
    ] {
        cases.extend(vectors.iter().map(|v| Case {
            field,
            input: Input::Text(v.input.clone()),
            origin: Origin::Vector(v.line),
        }));
    }

    let pools: [(Field, Vec<String>, Generator); 3] = [
        (
            Field::Timeout,
            timeout_vectors.iter().map(|v| v.input.clone()).collect(),
            duration,
        ),
        (
            Field::TargetUrl,
            url_vectors.iter().map(|v| v.input.clone()).collect(),
            url,
        ),
        (
            Field::ParseIp,
            (0..200).map(|_| ip_input(&mut rng)).collect(),
            ip_input,
        ),
    ];
    for (field, pool, generate) in &pools {
        // Distinct inputs only, so that the counts printed are inputs actually explored.
        let mut seen: HashSet<String> = cases
            .iter()
            .filter(|c| c.field == *field)
            .map(|c| c.text().to_owned())
            .collect();
        let mut fresh =
            |cases: &mut Vec<Case>, count: usize, next: &mut dyn FnMut(usize) -> String| {
                let mut added = 0;
                for attempt in 0..count * 50 {
                    if added == count {
                        break;
                    }
                    let input = next(attempt);
                    if seen.insert(input.clone()) {
                        cases.push(Case {
                            field: *field,
                            input: Input::Text(input),
                            origin: Origin::Generated,
                        });
                        added += 1;
                    }
                }
                assert_eq!(added, count, "{}: the generator ran dry", field.name());
            };
        fresh(&mut cases, per_field, &mut |_| generate(&mut rng));
        // Every seed input is mutated, round robin, so none is left unexplored.
        let mutations = (per_field / 2).max(pool.len());
        fresh(&mut cases, mutations, &mut |i| {
            mutate(&mut rng, &pool[i % pool.len()], pool)
        });
    }

    let mut seen = HashSet::new();
    let edges = [0, 1, -1, i64::MAX, i64::MIN, i64::MIN + 1, i64::MAX - 1];
    let values = edges
        .into_iter()
        .chain(std::iter::repeat_with(|| nanos(&mut rng)));
    for n in values
        .filter(|n| seen.insert(*n))
        .take(per_field + edges.len())
    {
        cases.push(Case {
            field: Field::FormatDuration,
            input: Input::Nanos(n),
            origin: Origin::Generated,
        });
    }
    cases.extend(sweep_cases());
    cases
}

/// Go quotes the whole input in its error texts: `strconv.Quote` (through `%q`) for
/// url.Parse, `time`'s own quote for ParseDuration. Which characters each escapes follows
/// Go 1.19's Unicode tables, so every scalar value goes through both, in inputs Go rejects.
fn sweep_cases() -> Vec<Case> {
    let scalars: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
    let mut cases = Vec::new();
    for chunk in scalars.chunks(SWEEP_CHUNK) {
        let chunk: String = chunk.iter().collect();
        for (field, input) in [
            (Field::TargetUrl, format!("https://exa^mple.com/{chunk}")),
            (Field::Timeout, format!("1{chunk}")),
        ] {
            cases.push(Case {
                field,
                input: Input::Text(input),
                origin: Origin::Sweep,
            });
        }
    }
    cases
}

// ---------------------------------------------------------------------------------------
// Comparisons.

fn disagreement(field: Field, input: &impl Debug, go: impl Debug, ours: impl Debug) -> String {
    format!(
        "{} {input:?}\n      Go:   {go:?}\n      ours: {ours:?}",
        field.name()
    )
}

/// What a timeout verdict amounts to, on either side.
#[derive(Debug, PartialEq, Eq)]
struct TimeoutVerdict {
    /// ParseDuration: the nanoseconds, or the error text.
    parsed: Result<i64, String>,
    accepted: bool,
    reason: String,
    /// The value the rule judged (kept in `Ok` or in `Negative`/`TooLarge`).
    judged: Option<i64>,
    /// The error text the rule reports.
    rule_error: Option<String>,
}

fn go_timeout(answer: &Value) -> TimeoutVerdict {
    let parsed = if answer["parses"].as_bool() == Some(true) {
        Ok(answer["nanos"].as_i64().expect("nanos"))
    } else {
        Err(answer["go_error"].as_str().expect("go_error").to_owned())
    };
    let reason = answer["reason"].as_str().expect("reason").to_owned();
    let judged = match reason.as_str() {
        "ok" | "negative" | "too_large" => parsed.as_ref().ok().copied(),
        _ => None,
    };
    let rule_error = match reason.as_str() {
        "parse_error" => parsed.as_ref().err().cloned(),
        _ => None,
    };
    TimeoutVerdict {
        parsed,
        accepted: answer["accepted"].as_bool().expect("accepted"),
        reason,
        judged,
        rule_error,
    }
}

fn our_timeout(input: &str) -> Result<TimeoutVerdict, String> {
    let parsed = guarded(|| parse_duration(input))?;
    let verdict = guarded(|| timeout::check(input))?;
    let judged = match &verdict {
        Ok(n) if !input.is_empty() => Some(*n),
        Err(
            timeout::TimeoutError::Negative { nanos } | timeout::TimeoutError::TooLarge { nanos },
        ) => Some(*nanos),
        _ => None,
    };
    Ok(TimeoutVerdict {
        parsed,
        accepted: verdict.is_ok(),
        reason: timeout_reason(input, &verdict).to_owned(),
        judged,
        rule_error: verdict
            .as_ref()
            .err()
            .and_then(|e| e.go_error())
            .map(str::to_owned),
    })
}

const URL_FIELDS: &[&str] = &[
    "scheme",
    "opaque",
    "has_user",
    "username",
    "password",
    "has_password",
    "host",
    "hostname",
    "port",
    "path",
    "raw_path",
    "force_query",
    "raw_query",
    "fragment",
    "raw_fragment",
];

/// Go's parsed fields. A field Go holds as bytes that are not UTF-8 comes as hex; our
/// struct holds it through `String::from_utf8_lossy`, so that is what we compare with.
fn go_url_fields(url: &Value) -> BTreeMap<&'static str, String> {
    URL_FIELDS
        .iter()
        .map(|&name| {
            let value = if let Some(hex) = url
                .get("hex")
                .and_then(|h| h.get(name))
                .and_then(Value::as_str)
            {
                let bytes: Vec<u8> = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex from the oracle"))
                    .collect();
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                match &url[name] {
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    other => panic!("oracle url field {name}: {other}"),
                }
            };
            (name, value)
        })
        .collect()
}

fn our_url_fields(url: &GoUrl) -> BTreeMap<&'static str, String> {
    let user = url.user.as_ref();
    let password = user.and_then(|u| u.password.as_deref());
    let values = [
        url.scheme.clone(),
        url.opaque.clone(),
        user.is_some().to_string(),
        user.map(|u| u.username.clone()).unwrap_or_default(),
        password.unwrap_or_default().to_owned(),
        password.is_some().to_string(),
        url.host.clone(),
        url.hostname().to_owned(),
        url.port().to_owned(),
        url.path.clone(),
        url.raw_path.clone(),
        url.force_query.to_string(),
        url.raw_query.clone(),
        url.fragment.clone(),
        url.raw_fragment.clone(),
    ];
    URL_FIELDS.iter().copied().zip(values).collect()
}

/// Shown as is in a report, not quoted again.
struct Raw(String);

impl Debug for Raw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Only the fields that differ, so that a long URL's report stays readable.
fn differing_fields(
    go: &BTreeMap<&'static str, String>,
    ours: &BTreeMap<&'static str, String>,
) -> Option<(Raw, Raw)> {
    let names: Vec<&str> = URL_FIELDS
        .iter()
        .copied()
        .filter(|n| go[n] != ours[n])
        .collect();
    if names.is_empty() {
        return None;
    }
    let show = |m: &BTreeMap<&str, String>| {
        let shown: Vec<String> = names.iter().map(|n| format!("{n}={:?}", m[n])).collect();
        Raw(shown.join(", "))
    };
    Some((show(go), show(ours)))
}

/// The Go-visible outcome of a target_url check: accepted, reason, Go's error text.
type UrlVerdict = (bool, String, Option<String>);

fn go_target_url(answer: &Value) -> UrlVerdict {
    (
        answer["accepted"].as_bool().expect("accepted"),
        answer["reason"].as_str().expect("reason").to_owned(),
        answer
            .get("go_error")
            .and_then(Value::as_str)
            .map(str::to_owned),
    )
}

fn our_target_url(input: &str) -> Result<UrlVerdict, String> {
    Ok(match guarded(|| target_url::check(input))? {
        Ok(_) => (true, "ok".to_owned(), None),
        Err(e) => (false, e.reason.as_str().to_owned(), e.go_error.clone()),
    })
}

fn hex16(ip: Option<[u8; 16]>) -> Option<String> {
    ip.map(|b| b.iter().map(|x| format!("{x:02x}")).collect())
}

// ---------------------------------------------------------------------------------------
// Tests.

/// The oracle is only worth trusting if it reproduces the vectors Go made: same program,
/// same answers.
#[test]
fn oracle_reproduces_every_vector() {
    let batch = batch();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (case, answer) in batch.cases.iter().zip(&batch.answers) {
        let Origin::Vector(line) = case.origin else {
            continue;
        };
        checked += 1;
        let file = if case.field == Field::Timeout {
            TIMEOUT_VECTORS
        } else {
            TARGET_URL_VECTORS
        };
        let vector = &read_vector_line(file, line);
        let keys: Vec<&String> = vector
            .as_object()
            .expect("object")
            .keys()
            .filter(|k| *k != "input")
            .collect();
        for key in keys {
            if answer.get(key) != vector.get(key) {
                problems.push(format!(
                    "line {line} {:?}: {key}: vector {:?}, oracle {:?}",
                    case.text(),
                    vector.get(key),
                    answer.get(key)
                ));
            }
        }
        for key in ["nanos", "go_error"] {
            if answer.get(key).is_some() && vector.get(key).is_none() {
                problems.push(format!(
                    "line {line} {:?}: the oracle adds {key}",
                    case.text()
                ));
            }
        }
    }
    let lines = read_vectors(TIMEOUT_VECTORS).len() + read_vectors(TARGET_URL_VECTORS).len();
    assert_eq!(checked, lines, "every vector goes through the oracle");
    assert!(
        problems.is_empty(),
        "{}",
        report("oracle vs tests/vectors", &problems, SHOWN)
    );
}

fn read_vector_line(path: &str, line: usize) -> Value {
    static FILES: OnceLock<BTreeMap<String, Vec<Value>>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        [TIMEOUT_VECTORS, TARGET_URL_VECTORS]
            .into_iter()
            .map(|p| {
                (
                    p.to_owned(),
                    read_vectors(p).into_iter().map(|v| v.expected).collect(),
                )
            })
            .collect()
    });
    files[path][line - 1].clone()
}

fn compare_timeout(input: &str, answer: &Value, problems: &mut Vec<String>) {
    let go = go_timeout(answer);
    match our_timeout(input) {
        Ok(ours) if ours == go => {}
        ours => problems.push(disagreement(Field::Timeout, &input, go, ours)),
    }
}

fn compare_target_url(input: &str, answer: &Value, problems: &mut Vec<String>) {
    let go = go_target_url(answer);
    match our_target_url(input) {
        Ok(ours) if ours == go => {}
        ours => {
            problems.push(disagreement(Field::TargetUrl, &input, &go, ours));
            return;
        }
    }
    // Same verdict: now the URL itself, as url.Parse left it.
    let go_parsed = answer.get("url").map(go_url_fields);
    match (go_parsed, guarded(|| parse(input))) {
        (Some(go), Ok(Ok(ours))) => {
            if let Some((go, ours)) = differing_fields(&go, &our_url_fields(&ours)) {
                problems.push(disagreement(Field::TargetUrl, &input, go, ours));
            }
        }
        (None, Ok(Err(e))) if Some(&e) == go.2.as_ref() => {}
        (go_parsed, ours) => {
            let go = go_parsed.map(|_| "parses").ok_or(&go.2);
            let ours = ours.map(|r| r.map(|_| "parses"));
            problems.push(disagreement(Field::TargetUrl, &input, go, ours));
        }
    }
}

#[test]
fn timeout_agrees_with_go_on_generated_inputs() {
    let batch = batch();
    let mut problems = Vec::new();
    for (case, answer) in batch.of(Field::Timeout) {
        compare_timeout(case.text(), answer, &mut problems);
    }
    batch.conclude(Field::Timeout, &problems);
}

#[test]
fn target_url_agrees_with_go_on_generated_inputs() {
    let batch = batch();
    let mut problems = Vec::new();
    for (case, answer) in batch.of(Field::TargetUrl) {
        compare_target_url(case.text(), answer, &mut problems);
    }
    batch.conclude(Field::TargetUrl, &problems);
}

#[test]
fn error_texts_quote_every_unicode_scalar_like_go() {
    let batch = batch();
    let mut problems = Vec::new();
    let mut inputs = 0;
    for (case, answer) in batch.cases.iter().zip(&batch.answers) {
        if case.origin != Origin::Sweep {
            continue;
        }
        inputs += 1;
        match case.field {
            Field::Timeout => compare_timeout(case.text(), answer, &mut problems),
            _ => compare_target_url(case.text(), answer, &mut problems),
        }
    }
    let expected = 2 * (0x11_0000 - 0x800usize).div_ceil(SWEEP_CHUNK);
    assert_eq!(inputs, expected, "every scalar value, for both fields");
    assert!(
        problems.is_empty(),
        "{}",
        report("Unicode sweep of Go's quoting", &problems, SHOWN)
    );
}

#[test]
fn parse_ip_agrees_with_go_on_generated_inputs() {
    let batch = batch();
    let mut problems = Vec::new();
    for (case, answer) in batch.of(Field::ParseIp) {
        let go = answer["ip"].as_str().map(str::to_owned);
        match guarded(|| hex16(parse_ip(case.text()))) {
            Ok(ours) if ours == go => {}
            ours => problems.push(disagreement(Field::ParseIp, &case.text(), go, ours)),
        }
    }
    batch.conclude(Field::ParseIp, &problems);
}

#[test]
fn format_duration_agrees_with_go_on_generated_inputs() {
    let batch = batch();
    let mut problems = Vec::new();
    for (case, answer) in batch.of(Field::FormatDuration) {
        let Input::Nanos(n) = case.input else {
            unreachable!("format_duration takes nanos")
        };
        let go = answer["text"].as_str().expect("text");
        match guarded(|| format_duration(n)) {
            Ok(ours) if ours == go => {}
            ours => problems.push(disagreement(Field::FormatDuration, &n, go, ours)),
        }
    }
    batch.conclude(Field::FormatDuration, &problems);
}
