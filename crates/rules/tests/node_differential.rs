//! Droplit's URL rule against Node itself, on inputs nobody wrote by hand.
//!
//! The console promises the verdicts of Droplit's Node server. One `node` process
//! (`tests/node/droplit_oracle.js`) answers `new RegExp(PATTERN).test(s)` for tens of
//! thousands of generated and mutated inputs, sent as UTF-16 code units so that lone
//! surrogates survive; every verdict must be ours. Node runs with V8's fallback to its
//! linear engine on excessive backtracking (same semantics, still V8), so the inputs that
//! would hang it are answered too, none skipped.
//!
//! V8's backtrack counter is read as well: a run that goes over its limit prints a line
//! before falling back. So every input checks `backtrack::work` against V8 itself: the
//! shared RegExp (limit 50,000) falls back exactly when our count reaches 50,000, and
//! below that a RegExp with limit `count` falls back while one with `count + 1` does not.
//!
//! `DIFF_SEED` (decimal or 0x-hex) and `DIFF_CASES` change the run; the seed is printed,
//! so a failure can be replayed. No `node` is a failure, never a skip.

// The vectors test reads more of each vector than this one does.
#[allow(dead_code)]
mod droplit;

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use serde_json::{Value, json};
use webhook_rules::droplit::backtrack::{self, V8Work};
use webhook_rules::droplit::url::{
    HANG_THRESHOLD_MS, PATTERN, check_url, check_url_utf16, matches, matches_utf16,
};

const DEFAULT_SEED: u64 = 0xD0_7011_7E55;
const DEFAULT_CASES: usize = 12_000;
const SHOWN: usize = 40;
const ORACLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/node/droplit_oracle.js"
);
/// `--regexp-backtracks-before-fallback`'s default: the shared RegExp's limit.
const DEFAULT_FALLBACK: u64 = 50_000;
/// What V8 prints when a run falls back.
const FALLBACK_LINE: &str = "Experimental execution (oneshot) of regexp ";

/// The three tests share two cores with everything else; one Node at a time keeps the
/// timing report meaningful.
static NODE: Mutex<()> = Mutex::new(());

// ---------------------------------------------------------------------------------------
// The oracle.

struct Oracle {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

/// One run of the pattern in Node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    matches: bool,
    /// Went over its backtrack limit and finished on V8's linear engine.
    fell_back: bool,
}

impl Oracle {
    /// Starts `node` with `flags` and gives it the pattern. Fails, with what to do, when
    /// there is no Node or not the one whose V8 the backtracking model was read from.
    fn start(flags: &[&str]) -> Self {
        let missing = "the Node differential test needs Node 20 (`node` on PATH, V8 11.3, the \
                       runtime the vectors were recorded with; Debian 12's own nodejs is \
                       Node 18): install Node 20";
        let version = Command::new("node")
            .arg("-p")
            .arg("process.versions.v8")
            .output()
            .unwrap_or_else(|e| panic!("{missing} (running `node`: {e})"));
        let v8 = String::from_utf8_lossy(&version.stdout).trim().to_owned();
        assert!(
            v8.starts_with("11.3."),
            "{missing}; found V8 {v8:?}, not V8 11.3, whose compiled program \
             `backtrack` counts (the verdicts would still be comparable, the counts not)"
        );
        let mut child = Command::new("node")
            .args([
                "--allow-natives-syntax",
                "--trace-experimental-regexp-engine",
            ])
            .args(flags)
            .arg(ORACLE)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{missing} (starting {ORACLE}: {e})"));
        let stdin = BufWriter::new(child.stdin.take().expect("piped stdin"));
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut oracle = Self {
            child,
            stdin,
            stdout,
        };
        oracle.send(&json!({ "pattern": PATTERN }));
        oracle
    }

    fn send(&mut self, request: &Value) {
        writeln!(self.stdin, "{request}").expect("writing to node");
        self.stdin.flush().expect("writing to node");
    }

    /// The next answer, and whether V8 fell back during its run.
    fn answer(&mut self) -> (Value, bool) {
        let mut fell_back = false;
        loop {
            let mut line = String::new();
            let n = self.stdout.read_line(&mut line).expect("reading node");
            assert!(n > 0, "node stopped answering");
            if line.starts_with(FALLBACK_LINE) {
                fell_back = true;
                continue;
            }
            let value: Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("node said {line:?} ({e})"));
            return (value, fell_back);
        }
    }

    fn run(&mut self) -> Run {
        let (value, fell_back) = self.answer();
        Run {
            matches: value["matches"].as_bool().expect("a verdict"),
            fell_back,
        }
    }

    /// The shared RegExp's run, then one per limit.
    fn ask(&mut self, units: &[u16], limits: &[u64]) -> (Run, Vec<Run>) {
        self.send(&json!({ "units": units, "limits": limits }));
        let shared = self.run();
        let limited = limits.iter().map(|_| self.run()).collect();
        (shared, limited)
    }

    /// One run per limit only.
    fn ask_limited(&mut self, units: &[u16], limits: &[u64]) -> Vec<Run> {
        self.send(&json!({ "units": units, "limits": limits, "shared": false }));
        limits.iter().map(|_| self.run()).collect()
    }

    /// Milliseconds of each of `runs` runs, on the shared RegExp already compiled.
    fn time(&mut self, units: &[u16], runs: usize) -> Vec<f64> {
        self.send(&json!({ "units": units, "time": runs }));
        let (value, _) = self.answer();
        value["ms"]
            .as_array()
            .expect("timings")
            .iter()
            .map(|t| t.as_f64().expect("a time"))
            .collect()
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The limits that pin V8's count to ours: over `count - 1` it must fall back, at
/// `count` not. A limit of 0 means none, and the shared RegExp's limit caps the others.
fn limits_for(count: u64, cap: u64) -> Vec<u64> {
    match count {
        0 => vec![1],
        c if c < cap => vec![c, c + 1],
        _ => Vec::new(),
    }
}

/// Every way our answer and Node's can disagree on one input.
fn compare(units: &[u16], shared: Run, limited: &[Run], limits: &[u64], cap: u64) -> Vec<String> {
    let mut wrong = Vec::new();
    let ours = matches_utf16(units);
    let work = backtrack::work_utf16(units);
    if shared.matches != ours {
        wrong.push(format!("Node {}, ours {ours}", shared.matches));
    }
    if check_url_utf16(units).matches != ours {
        wrong.push("check_url_utf16 disagrees with matches_utf16".into());
    }
    if work.matched != ours {
        wrong.push(format!(
            "the backtracking model ended matched={}",
            work.matched
        ));
    }
    // The Rust string the sandbox would read (lone surrogates as U+FFFD) gets the same
    // verdict and the same backtracking.
    let text = String::from_utf16_lossy(units);
    if matches(&text) != ours || check_url(&text).matches != ours {
        wrong.push("the &str entry points disagree".into());
    }
    if backtrack::work(&text) != work {
        wrong.push(format!(
            "work(&str) {:?} != work_utf16 {work:?}",
            backtrack::work(&text)
        ));
    }
    if shared.fell_back != (work.backtracks >= cap) {
        wrong.push(format!(
            "V8 {} back at its limit of {cap}; we count {} backtracks",
            if shared.fell_back {
                "fell"
            } else {
                "did not fall"
            },
            work.backtracks
        ));
    }
    for ((&limit, run), expected) in limits.iter().zip(limited).zip([true, false]) {
        // With one limit (a count of 0) only the second expectation applies.
        let expected = if limits.len() == 1 { false } else { expected };
        if run.fell_back != expected {
            wrong.push(format!(
                "limit {limit}: V8 fell_back={}, we count {} backtracks",
                run.fell_back, work.backtracks
            ));
        }
        if run.matches != ours {
            wrong.push(format!("limit {limit}: Node {}, ours {ours}", run.matches));
        }
    }
    wrong
}

fn show(units: &[u16]) -> String {
    let text = String::from_utf16_lossy(units);
    let shown: String = text.chars().take(120).collect();
    let lone = String::from_utf16(units).is_err();
    format!(
        "{shown:?}{}{}",
        if text.chars().count() > 120 {
            "..."
        } else {
            ""
        },
        if lone {
            " (lone surrogates shown as U+FFFD)"
        } else {
            ""
        }
    )
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

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// JavaScript's four line terminators, alone and as CRLF.
const TERMINATORS: &[&str] = &["\n", "\r", "\r\n", "\u{2028}", "\u{2029}"];
/// Breaks and spaces that JavaScript's `.` accepts (a Unicode-aware engine might not).
const NOT_TERMINATORS: &[&str] = &[
    "\u{85}", "\u{0B}", "\u{0C}", "\t", " ", "\u{A0}", "\u{1680}", "\u{2027}", "\u{202A}",
    "\u{200B}", "\u{FEFF}", "\u{2424}", "\u{FFFD}",
];
const SCHEMES: &[&str] = &[
    "https://",
    "https://",
    "http://",
    "http://",
    "",
    "",
    "HTTPS://",
    "Http://",
    "//",
    "https:/",
    "https:",
    "http:///",
    "ftp://",
    "httpss://",
    "htt://",
    "https://https://",
    "https://\n",
    "http://.",
    "h",
];
const HOSTS: &[&str] = &[
    "example.com",
    "a.b",
    "hooks.example.co.uk",
    "localhost",
    "x",
    "127.0.0.1",
    "[::1]",
    "[::ffff:1.2.3.4]",
    "xn--bcher-kva.de",
    "b\u{FC}cher.de",
    "\u{4F8B}\u{3048}.jp",
    "\u{1F30D}.\u{1F30D}",
    "a..b",
    ".a",
    "a.",
    ".",
    "..",
    "",
    "user:pw@h.io",
    "h.io:8080",
    "h.io:",
    "intranet",
];
const LABELS: &[&str] = &[
    "x",
    "a",
    "seg",
    "",
    ".",
    "..",
    "x.y",
    "%2e",
    "a-b_c",
    "\u{E9}",
    "\u{4F8B}",
    "\u{1F600}",
    "file.tar.gz",
    "?q=a.b",
    "#frag",
    ":",
    "@",
    "/",
    "x/",
    "hook",
];

fn string_units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// A URL an admin might write, or almost.
fn url(rng: &mut Rng) -> Vec<u16> {
    let mut s = String::new();
    s.push_str(rng.pick(SCHEMES));
    s.push_str(rng.pick(HOSTS));
    let segments = match rng.below(10) {
        0..=4 => rng.range(0, 4),
        5..=8 => rng.range(0, 12),
        _ => rng.range(12, 30),
    };
    for _ in 0..segments {
        s.push('/');
        s.push_str(rng.pick(LABELS));
    }
    if rng.chance(15) {
        s.push_str(rng.pick(&["?a=b.c", "?x", "#y.z", "?", "#", "/"]));
    }
    let mut units = string_units(&s);
    sprinkle(rng, &mut units);
    units
}

/// Line terminators (mostly at the end, as a paste leaves them), their lookalikes, lone
/// surrogates and astral characters, dots at the ends.
fn sprinkle(rng: &mut Rng, units: &mut Vec<u16>) {
    let at = |rng: &mut Rng, len: usize| {
        if rng.chance(60) {
            len
        } else {
            rng.range(0, len)
        }
    };
    if rng.chance(35) {
        let i = at(rng, units.len());
        let t = string_units(rng.pick(TERMINATORS));
        units.splice(i..i, t);
    }
    if rng.chance(20) {
        let i = at(rng, units.len());
        let t = string_units(rng.pick(NOT_TERMINATORS));
        units.splice(i..i, t);
    }
    if rng.chance(10) {
        let i = rng.range(0, units.len());
        let lone = 0xD800 + rng.below(0x800) as u16;
        units.insert(i, lone);
    }
    if rng.chance(8) {
        let dot = string_units(rng.pick(&[".", "..", "./", "/."]));
        if rng.chance(50) {
            units.splice(0..0, dot);
        } else {
            units.extend(dot);
        }
    }
}

/// Any few units from the ones the pattern tells apart, and some it does not.
fn units_soup(rng: &mut Rng) -> Vec<u16> {
    const SOUP: &[u16] = &[
        b'h' as u16,
        b't' as u16,
        b'p' as u16,
        b's' as u16,
        b':' as u16,
        b'/' as u16,
        b'/' as u16,
        b'.' as u16,
        b'.' as u16,
        b'a' as u16,
        0x0A,
        0x0D,
        0x2028,
        0x2029,
        0x85,
        0xD800,
        0xDC00,
        0xD83C,
        0xDF0D,
        0xFFFD,
        0x00,
        b' ' as u16,
    ];
    let prefix = string_units(rng.pick(&["", "", "https://", "http://", "http:/"]));
    let len = rng.range(0, 24);
    let mut units = prefix;
    units.extend((0..len).map(|_| SOUP[rng.below(SOUP.len())]));
    units
}

/// The shapes that make V8 backtrack for long: dotted paths and dotted hosts ending in
/// (or holding) a line terminator, of every size around V8's fallback limit.
fn backtracking(rng: &mut Rng) -> Vec<u16> {
    let mut s = String::new();
    s.push_str(rng.pick(&["https://", "http://", "", "//"]));
    match rng.below(5) {
        0 => {
            s.push_str(rng.pick(&["a.b", "hooks.example.com", "x", "a.b.c"]));
            for _ in 0..rng.range(1, 26) {
                s.push('/');
                s.push_str(rng.pick(&["x", "ab", "", "x.y", "."]));
            }
        }
        1 => s.push_str(
            &rng.pick(&["a.", "ab.", ".", "a./"])
                .repeat(rng.range(1, 300)),
        ),
        2 => {
            s.push_str("a.b");
            s.push_str(&"/".repeat(rng.range(1, 40)));
        }
        3 => {
            for _ in 0..rng.range(1, 60) {
                s.push_str(rng.pick(&["a", ".", "/", "x.", "/y", ":", "h"]));
            }
        }
        _ => s.push_str(&"a.".repeat(rng.range(1, 40)).replace('a', "/x")),
    }
    let mut units = string_units(&s);
    let t = string_units(rng.pick(TERMINATORS));
    if rng.chance(85) {
        units.extend(t);
    } else {
        let i = rng.range(0, units.len());
        units.splice(i..i, t);
    }
    if rng.chance(20) {
        units.extend(string_units(rng.pick(&["x", "a.b", "/z", "\n"])));
    }
    units
}

/// One unit inserted, deleted or replaced, a slice duplicated, or a terminator moved.
fn mutate(rng: &mut Rng, mut units: Vec<u16>) -> Vec<u16> {
    const INTERESTING: &[u16] = &[
        b'.' as u16,
        b'/' as u16,
        b':' as u16,
        b'h' as u16,
        0x0A,
        0x0D,
        0x2028,
        0x2029,
        0x85,
        0xD800,
        0xDFFF,
        b'x' as u16,
    ];
    for _ in 0..rng.range(1, 3) {
        let len = units.len();
        match rng.below(4) {
            0 => units.insert(rng.range(0, len), INTERESTING[rng.below(INTERESTING.len())]),
            1 if len > 0 => {
                units.remove(rng.below(len));
            }
            2 if len > 0 => units[rng.below(len)] = INTERESTING[rng.below(INTERESTING.len())],
            _ if len > 1 => {
                let a = rng.below(len);
                let b = rng.range(a, (a + 8).min(len));
                let copy = units[a..b].to_vec();
                units.splice(b..b, copy);
            }
            _ => units.push(b'.' as u16),
        }
    }
    units
}

fn generated(seed: u64, count: usize) -> Vec<Vec<u16>> {
    let mut rng = Rng(seed);
    let mut cases: Vec<Vec<u16>> = Vec::with_capacity(count);
    while cases.len() < count {
        let case = match rng.below(10) {
            0..=3 => url(&mut rng),
            4..=5 => units_soup(&mut rng),
            6..=7 => backtracking(&mut rng),
            _ if !cases.is_empty() => {
                let base = cases[rng.below(cases.len())].clone();
                mutate(&mut rng, base)
            }
            _ => url(&mut rng),
        };
        cases.push(case);
    }
    cases
}

// ---------------------------------------------------------------------------------------
// The tests.

#[test]
fn agrees_with_node_on_generated_urls() {
    let _one_node = NODE.lock().unwrap_or_else(|e| e.into_inner());
    let seed = env_number("DIFF_SEED").unwrap_or(DEFAULT_SEED);
    let count = env_number("DIFF_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    println!("node differential: seed {seed:#x}, {count} generated inputs");
    let vectors = droplit::read_url_vectors();
    let mut cases: Vec<(String, Vec<u16>)> = vectors
        .iter()
        .map(|v| (format!("vector {}", v.id), v.units.clone()))
        .collect();
    cases.extend(
        generated(seed, count)
            .into_iter()
            .map(|u| ("generated".into(), u)),
    );

    let mut oracle =
        Oracle::start(&["--enable-experimental-regexp-engine-on-excessive-backtracks"]);
    let mut wrong = Vec::new();
    let (mut fell_back, mut counted) = (0, 0);
    for (origin, units) in &cases {
        let work = backtrack::work_utf16(units);
        let limits = limits_for(work.backtracks, DEFAULT_FALLBACK);
        let (shared, limited) = oracle.ask(units, &limits);
        fell_back += usize::from(shared.fell_back);
        counted += usize::from(!limits.is_empty());
        for w in compare(units, shared, &limited, &limits, DEFAULT_FALLBACK) {
            wrong.push(format!("{origin} {}: {w}", show(units)));
        }
    }
    for v in &vectors {
        if matches_utf16(&v.units) != v.matches {
            wrong.push(format!(
                "vector {}: recorded Node verdict {}",
                v.id, v.matches
            ));
        }
    }

    // The generators reach what they are for.
    let generated = &cases[vectors.len()..];
    let with = |f: &dyn Fn(&[u16]) -> bool| generated.iter().filter(|(_, u)| f(u)).count();
    let reach = [
        (
            "line terminators",
            with(&|u| {
                u.iter()
                    .any(|&c| matches!(c, 0x0A | 0x0D | 0x2028 | 0x2029))
            }),
        ),
        ("U+0085", with(&|u| u.contains(&0x85))),
        ("lone surrogates", with(&|u| String::from_utf16(u).is_err())),
        (
            "astral characters",
            with(&|u| {
                u.windows(2)
                    .any(|w| (0xD800..0xDC00).contains(&w[0]) && (0xDC00..0xE000).contains(&w[1]))
            }),
        ),
        ("matches", with(&|u| matches_utf16(u))),
        ("V8 fallbacks", fell_back),
    ];
    println!("reached: {reach:?}; {counted} counts compared exactly");
    for (what, n) in reach {
        assert!(n >= count / 100, "only {n} generated inputs with {what}");
    }
    assert!(counted >= count / 2, "only {counted} counts compared");
    assert!(
        wrong.is_empty(),
        "{} disagreement(s) with Node over {} inputs (seed {seed:#x}; replay with \
         DIFF_SEED={seed:#x}):\n{}{}",
        wrong.len(),
        cases.len(),
        wrong
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        if wrong.len() > SHOWN { "\n..." } else { "" }
    );
    println!("{} inputs, 0 disagreements", cases.len());
}

/// The inputs that hang Node: slow vectors and bigger shapes, counted by V8 to the unit.
fn slow_shapes() -> Vec<(String, Vec<u16>)> {
    let mut shapes: Vec<(String, Vec<u16>)> = droplit::read_url_vectors()
        .into_iter()
        .filter(|v| v.slow_in_node)
        .map(|v| (format!("vector {}", v.id), v.units))
        .collect();
    for (name, s) in [
        ("a. x 400, LF", format!("{}\n", "a.".repeat(400))),
        ("dots x 500, U+2029", format!("{}\u{2029}", ".".repeat(500))),
        (
            "a.b then 34 slashes, CR",
            format!("a.b{}\r", "/".repeat(34)),
        ),
        (
            "dotted path x 15, LF",
            format!("a.b.c.d.e.f.g.h.i.j{}\n", "/x.y".repeat(15)),
        ),
    ] {
        shapes.push((name.into(), string_units(&s)));
    }
    shapes
}

#[test]
fn counts_v8_backtracks_exactly_on_inputs_that_hang_node() {
    let _one_node = NODE.lock().unwrap_or_else(|e| e.into_inner());
    // No fallback below 2^32 - 1, and native code from the first run (the interpreter
    // counts the same, slower).
    let cap = u64::from(u32::MAX);
    let mut oracle = Oracle::start(&[
        "--enable-experimental-regexp-engine-on-excessive-backtracks",
        "--regexp-backtracks-before-fallback=4294967295",
        "--no-regexp-tier-up",
    ]);
    let mut wrong = Vec::new();
    for (name, units) in slow_shapes() {
        let work = backtrack::work_utf16(&units);
        assert!(
            work.backtracks < cap,
            "{name}: {} backtracks",
            work.backtracks
        );
        assert!(
            check_url_utf16(&units).hangs_node,
            "{name}: not predicted to hang"
        );
        let limits = limits_for(work.backtracks, cap);
        let limited = oracle.ask_limited(&units, &limits);
        // The shared RegExp's verdict is the other test's; here only the counts.
        let shared = Run {
            matches: matches_utf16(&units),
            fell_back: false,
        };
        let found = compare(&units, shared, &limited, &limits, cap);
        println!(
            "{name:48} {:>11} backtracks: {}",
            work.backtracks,
            if found.is_empty() {
                "V8 agrees"
            } else {
                "V8 DISAGREES"
            }
        );
        wrong.extend(found.into_iter().map(|w| format!("{name}: {w}")));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A report more than a test: our estimate beside Node's time. Node only gets slower on a
/// busy machine, so the one assertion is that what we call a hang takes Node at least a
/// tenth of the threshold, whatever the load; the table shows how close the rest is.
#[test]
fn compares_hang_predictions_with_node_timings() {
    let _one_node = NODE.lock().unwrap_or_else(|e| e.into_inner());
    let mut oracle = Oracle::start(&[]);
    let mut inputs: Vec<(String, String)> = Vec::new();
    for k in [16, 19, 20, 21, 22] {
        inputs.push((
            format!("https://a.b + /x x {k}, LF"),
            format!("https://a.b{}\n", "/x".repeat(k)),
        ));
    }
    for k in [200, 300, 400, 500] {
        inputs.push((format!("a. x {k}, LF"), format!("{}\n", "a.".repeat(k))));
    }
    for k in [300, 500] {
        inputs.push((format!("dots x {k}, LF"), format!("{}\n", ".".repeat(k))));
    }
    for k in [13, 15] {
        inputs.push((
            format!("dotted path x {k}, LF"),
            format!("a.b.c.d.e.f.g.h.i.j{}\n", "/x.y".repeat(k)),
        ));
    }
    inputs.push((
        "100k letters after a.b, LF".into(),
        format!("a.b{}\n", "c".repeat(100_000)),
    ));
    inputs.push((
        "a typical URL".into(),
        "https://hooks.example.com/droplit/in".into(),
    ));

    let threshold = HANG_THRESHOLD_MS as f64;
    let (mut missed, mut false_alarms) = (Vec::new(), Vec::new());
    println!(
        "{:40} {:>12} {:>10} {:>10}  hang?",
        "input", "backtracks", "ours ~ms", "Node ms"
    );
    for (name, url) in &inputs {
        let work: V8Work = backtrack::work(url);
        let predicted = check_url(url).hangs_node;
        let mut ms = oracle.time(&string_units(url), 2);
        ms.sort_by(f64::total_cmp);
        let node = ms[0];
        println!(
            "{name:40} {:>12} {:>10} {node:>10.1}  {}",
            work.backtracks,
            work.estimated_ms(),
            if predicted { "predicted" } else { "-" }
        );
        if predicted {
            assert!(
                node >= threshold / 10.0,
                "{name}: predicted to hang Node, which answered in {node:.1} ms"
            );
            if node <= threshold {
                false_alarms.push(name.as_str());
            }
        } else if node > threshold {
            missed.push(name.as_str());
        }
    }
    println!(
        "over {threshold} ms in Node but not predicted: {missed:?}; predicted but not over: \
         {false_alarms:?} (timings on a shared machine: a report, not a verdict)"
    );
}
