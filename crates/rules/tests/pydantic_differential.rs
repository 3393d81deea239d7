//! `instavm::validate` against real pydantic and FastAPI, on bodies nobody wrote by hand.
//!
//! The console promises the verdicts of InstaVM's FastAPI server. This test generates and
//! mutates tens of thousands of request bodies (types, lax number and bool strings, huge
//! integers, floats, unicode and lone surrogates, nesting, missing, extra and duplicate
//! keys, broken JSON, BOMs, UTF-16/32, content types), has the real app answer them all in
//! one Python process (`tests/python/instavm_oracle.py`, in the venv `cargo xtask setup`
//! builds), and compares status, body (byte for byte), errors and normalised values. Where
//! FastAPI fails to answer (500), our 422 must carry exactly the errors pydantic raised.
//! The recorded vectors go through the oracle too, which must reproduce them.
//!
//! `DIFF_SEED` (decimal or 0x-hex) and `DIFF_CASES` (generated bodies per model) change the
//! run; the seed in use is printed with any failure, so it can be replayed. `DIFF_DUMP=<file>`
//! keeps every body with the oracle's answer.

#[allow(dead_code)]
mod common;
mod instavm_common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use base64::Engine;
use common::{guarded, report};
use instavm_common::{detail_of, errors_from, errors_repr, repr};
use webhook_rules::instavm::errors::ValidationError;
use webhook_rules::instavm::json::{self, Value};
use webhook_rules::instavm::patterns::{EVENT_TYPES, Pattern};
use webhook_rules::instavm::validate::{self, Rejection};

const DEFAULT_SEED: u64 = 0x1457_A7F0_2026_B0D5;
const DEFAULT_CASES: usize = 10_000;
const SHOWN: usize = 30;
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Model {
    Create,
    Update,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::Create => "create",
            Model::Update => "update",
        }
    }
}

#[derive(Clone, Debug)]
enum Origin {
    /// A line of the vector file, with what it recorded.
    Vector(String, Box<Value>),
    Generated(#[allow(dead_code)] &'static str),
}

struct Case {
    model: Model,
    content_type: Option<String>,
    raw: Vec<u8>,
    origin: Origin,
}

struct Answer {
    status: i64,
    body: String,
    /// pydantic's errors the console's way (see the oracle), when the body is a JSON value
    /// (or bytes) that fails.
    errors: Option<Vec<ValidationError>>,
}

struct Batch {
    seed: u64,
    per_model: usize,
    cases: Vec<Case>,
    answers: Vec<Answer>,
}

fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        let started = Instant::now();
        let seed = env_number("DIFF_SEED").unwrap_or(DEFAULT_SEED);
        let per_model = env_number("DIFF_CASES").map_or(DEFAULT_CASES, |n| n as usize);
        let mut cases = vector_cases();
        let mut rng = Rng(seed);
        for model in [Model::Create, Model::Update] {
            for _ in 0..per_model {
                cases.push(generate(&mut rng, model));
            }
        }
        let answers = ask_oracle(&cases);
        if let Ok(path) = std::env::var("DIFF_DUMP") {
            dump(&path, &cases, &answers);
        }
        println!(
            "pydantic differential: seed {seed:#x}, {} bodies answered by FastAPI in {:.1?}",
            cases.len(),
            started.elapsed()
        );
        Batch {
            seed,
            per_model,
            cases,
            answers,
        }
    })
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
// The oracle.

/// Runs every case through the real app.
fn ask_oracle(cases: &[Case]) -> Vec<Answer> {
    let lines: Vec<String> = cases
        .iter()
        .map(|case| {
            serde_json::json!({
                "model": case.model.name(),
                "raw_b64": base64::engine::general_purpose::STANDARD.encode(&case.raw),
                "content_type": case.content_type,
            })
            .to_string()
        })
        .collect();
    ask(lines).iter().map(answer_of).collect()
}

/// Sends one question a line to the oracle, in one process; its answers, read with
/// `instavm::json` (the oracle writes Python's JSON: NaN, lone surrogates). No venv is a
/// failure, never a skip: without pydantic the console's central promise for InstaVM goes
/// untested.
fn ask(lines: Vec<String>) -> Vec<Value> {
    let python = PathBuf::from(ROOT).join("target/python/bin/python");
    assert!(
        python.exists(),
        "the pydantic differential test needs pydantic and FastAPI in {}: run `cargo xtask setup`",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg(PathBuf::from(ROOT).join("tests/python/instavm_oracle.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "starting {}: {e}; run `cargo xtask setup`",
                python.display()
            )
        });
    let asked = lines.len();
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Written from a thread while the answers are read: neither pipe may fill up.
    let writer = std::thread::spawn(move || {
        for line in lines {
            stdin
                .write_all(line.as_bytes())
                .expect("writing to the oracle");
            stdin.write_all(b"\n").expect("writing to the oracle");
        }
    });
    let stdout = child.stdout.take().expect("piped stdout");
    let answers: Vec<Value> = BufReader::new(stdout)
        .lines()
        .map(|line| {
            let line = line.expect("reading the oracle");
            json::parse(line.as_bytes()).unwrap_or_else(|e| panic!("oracle line {e:?}: {line}"))
        })
        .collect();
    writer.join().expect("the writer thread");
    let status = child.wait().expect("the oracle's exit");
    assert!(status.success(), "the oracle failed: {status}");
    assert_eq!(answers.len(), asked, "one answer per question");
    answers
}

fn answer_of(v: &Value) -> Answer {
    let Some(Value::Int(status)) = v.get("status") else {
        panic!("no status: {}", repr(v))
    };
    let Some(Value::Str(body)) = v.get("body") else {
        panic!("no body: {}", repr(v))
    };
    Answer {
        status: *status,
        body: body.as_str().expect("a UTF-8 body").to_owned(),
        errors: match v.get("errors") {
            Some(Value::Null) | None => None,
            Some(list) => Some(errors_from(list)),
        },
    }
}

fn dump(path: &str, cases: &[Case], answers: &[Answer]) {
    let mut out = String::new();
    for (case, answer) in cases.iter().zip(answers) {
        let line = serde_json::json!({
            "model": case.model.name(),
            "content_type": case.content_type,
            "raw": String::from_utf8_lossy(&case.raw),
            "origin": format!("{:?}", case.origin).chars().take(80).collect::<String>(),
            "status": answer.status,
            "body": answer.body,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("DIFF_DUMP={path}: {e}"));
}

// ---------------------------------------------------------------------------------------
// The comparison.

fn read(case: &Case) -> Result<Value, Rejection> {
    let ct = case.content_type.as_deref();
    let normalized = |text: String| json::parse(text.as_bytes()).expect("serde writes JSON");
    match case.model {
        Model::Create => validate::read_create(ct, &case.raw)
            .map(|v| normalized(serde_json::to_string(&v).unwrap())),
        Model::Update => validate::read_update(ct, &case.raw)
            .map(|v| normalized(serde_json::to_string(&v).unwrap())),
    }
}

/// Our errors before writing (so NaN and lone surrogates compare exactly): the validation
/// of the parsed body, or what our 422 says where there was no JSON value to validate.
fn our_errors(case: &Case, rejection: &Rejection) -> Vec<ValidationError> {
    if validate::is_json(case.content_type.as_deref())
        && let Ok(body) = json::parse(&case.raw)
    {
        let verdict = match case.model {
            Model::Create => validate::validate_create(&body).err(),
            Model::Update => validate::validate_update(&body).err(),
        };
        return verdict.unwrap_or_default();
    }
    detail_of(&rejection.body)
}

/// What kind of agreement a case reached, for the figures.
fn verdict(case: &Case, answer: &Answer) -> Result<&'static str, String> {
    let ours = read(case);
    match (answer.status, &answer.errors, ours) {
        (200, None, Ok(values)) => {
            let theirs = json::parse(answer.body.as_bytes()).expect("the dump is JSON");
            (repr(&values) == repr(&theirs))
                .then_some("200")
                .ok_or_else(|| {
                    format!(
                        "normalised {} vs pydantic's {}",
                        repr(&values),
                        repr(&theirs)
                    )
                })
        }
        (400, None, Err(rejection))
            if rejection
                == (Rejection {
                    status: 400,
                    body: answer.body.clone(),
                }) =>
        {
            Ok("400")
        }
        (422, errors, Err(rejection)) => {
            let real = detail_of(&answer.body);
            match errors {
                // pydantic passed a lone surrogate that the console refuses.
                Some(console) if errors_repr(console) != errors_repr(&real) => {
                    same_errors(case, &rejection, console)
                        .map(|()| "422, lone surrogate refused too")
                }
                _ if rejection.status == 422 && rejection.body == answer.body => Ok("422"),
                _ => Err(format!("ours {} {}", rejection.status, rejection.body)),
            }
        }
        (200, Some(console), Err(rejection)) => {
            same_errors(case, &rejection, console).map(|()| "200 with a lone surrogate: refused")
        }
        (500, Some(console), Err(rejection)) => {
            same_errors(case, &rejection, console)?;
            let text = errors_repr(console);
            Ok(if text.contains("NaN") || text.contains("Infinity") {
                "500 on a non-finite input: 422"
            } else if text.contains("\\ud") || text.contains("\\ue") {
                "500 on a lone surrogate input: 422"
            } else {
                "500 on undecodable bytes: 422"
            })
        }
        (status, _, ours) => Err(format!("FastAPI {status}, ours {ours:?}")),
    }
}

/// Our 422 carries exactly pydantic's errors (NaN, lone surrogates and all), and its text
/// is standard JSON (no NaN, no lone surrogate escapes).
fn same_errors(
    case: &Case,
    rejection: &Rejection,
    console: &[ValidationError],
) -> Result<(), String> {
    if rejection.status != 422 {
        return Err(format!("ours {}, expected our 422", rejection.status));
    }
    let ours = our_errors(case, rejection);
    if errors_repr(&ours) != errors_repr(console) {
        return Err(format!(
            "errors {} vs pydantic's {}",
            errors_repr(&ours),
            errors_repr(console)
        ));
    }
    let written =
        json::parse(rejection.body.as_bytes()).map_err(|e| format!("our 422 is no JSON: {e:?}"))?;
    if !standard(&written) {
        return Err(format!("our 422 is not standard JSON: {}", rejection.body));
    }
    Ok(())
}

/// No value that only Python's JSON has.
fn standard(v: &Value) -> bool {
    match v {
        Value::Float(f) => f.is_finite(),
        Value::Str(s) => !s.has_surrogates(),
        Value::List(items) => items.iter().all(standard),
        Value::Dict(entries) => entries
            .iter()
            .all(|(k, v)| !k.has_surrogates() && standard(v)),
        _ => true,
    }
}

fn describe(case: &Case, answer: &Answer, problem: &str) -> String {
    let raw = String::from_utf8_lossy(&case.raw);
    let raw: String = raw.chars().take(200).collect();
    let body: String = answer.body.chars().take(300).collect();
    format!(
        "{} {:?} ct={:?} raw={raw:?}: FastAPI {} {body}: {problem}",
        case.model.name(),
        case.origin,
        case.content_type,
        answer.status
    )
}

#[test]
fn fastapi_and_pydantic_agree_with_us_on_every_body() {
    let batch = batch();
    let mut figures: BTreeMap<(Model, &str), usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (case, answer) in batch.cases.iter().zip(&batch.answers) {
        if let Origin::Vector(..) = case.origin {
            continue;
        }
        match guarded(|| verdict(case, answer)) {
            Ok(Ok(kind)) => *figures.entry((case.model, kind)).or_default() += 1,
            Ok(Err(problem)) | Err(problem) => problems.push(describe(case, answer, &problem)),
        }
    }
    let title = format!(
        "{} generated bodies compared with FastAPI (seed {:#x}; replay with DIFF_SEED={:#x})",
        batch.per_model * 2,
        batch.seed,
        batch.seed
    );
    assert!(problems.is_empty(), "{}", report(&title, &problems, SHOWN));
    for model in [Model::Create, Model::Update] {
        let n: usize = figures
            .iter()
            .filter(|((m, _), _)| *m == model)
            .map(|(_, n)| n)
            .sum();
        assert_eq!(
            n,
            batch.per_model,
            "{}: every generated body compared",
            model.name()
        );
        // The generators reach every kind of answer, or the comparison proves little.
        for kind in ["200", "422", "400", "500 on a non-finite input: 422"] {
            let seen = figures.get(&(model, kind)).copied().unwrap_or(0);
            assert!(
                seen >= batch.per_model / 100,
                "{}: only {seen} cases of {kind}",
                model.name()
            );
        }
    }
    for ((model, kind), n) in &figures {
        println!("{}: {kind}: {n}", model.name());
    }
    println!("{title}: 0 disagreements");
}

/// The oracle reproduces every recorded vector: it is the server the vectors came from.
#[test]
fn the_oracle_reproduces_the_vectors() {
    let batch = batch();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (case, answer) in batch.cases.iter().zip(&batch.answers) {
        let Origin::Vector(id, recorded) = &case.origin else {
            continue;
        };
        checked += 1;
        let Some(Value::Int(status)) = recorded.get("http_status") else {
            panic!("{id}: http_status")
        };
        if *status != answer.status {
            problems.push(format!("{id}: recorded {status}, oracle {}", answer.status));
            continue;
        }
        let recorded_errors = errors_from(recorded.get("errors").expect("errors"));
        let same = match answer.status {
            200 => {
                let dump = json::parse(answer.body.as_bytes()).expect("a dump");
                repr(&dump) == repr(recorded.get("normalized").expect("normalized"))
            }
            422 => errors_repr(&detail_of(&answer.body)) == errors_repr(&recorded_errors),
            // The vectors record a non-finite input as Python's str() of it.
            _ => answer.errors.as_ref().is_some_and(|errors| {
                let text = errors_repr(errors)
                    .replace("NaN", "\"nan\"")
                    .replace("-Infinity", "\"-inf\"")
                    .replace("Infinity", "\"inf\"");
                text == errors_repr(&recorded_errors)
            }),
        };
        if !same {
            problems.push(format!("{id}: oracle {} {}", answer.status, answer.body));
        }
    }
    assert_eq!(checked, 229, "every vector sent");
    assert!(
        problems.is_empty(),
        "{}",
        report("vectors through the oracle", &problems, SHOWN)
    );
}

/// `patterns::matches` is inferred to be Python's `fnmatch.fnmatchcase`: it is, on
/// patterns built from every piece of its grammar (`*`, `?`, sets, ranges, negation,
/// unclosed brackets, escapes that are not escapes).
#[test]
fn patterns_match_as_python_fnmatch_does() {
    let seed = env_number("DIFF_SEED").unwrap_or(DEFAULT_SEED);
    let mut rng = Rng(seed ^ 0xF4_A7C4);
    let pieces = [
        "*",
        "*",
        "?",
        "[",
        "]",
        "!",
        "-",
        "^",
        "\\",
        ".",
        "a",
        "b",
        "c",
        "m",
        "v",
        "z",
        "é",
        "0",
        "9",
        "&",
        "~",
        "vm",
        "snapshot",
        "execution",
        "completed",
        "t",
    ];
    let pairs: Vec<(String, String)> = (0..20_000)
        .map(|_| {
            let n = rng.below(10);
            let mut pattern: String = (0..n).map(|_| rng.pick(&pieces)).collect();
            let name = if rng.chance(60) {
                rng.pick(EVENT_TYPES).to_owned()
            } else {
                let n = rng.below(6);
                (0..n)
                    .map(|_| {
                        rng.pick(&[
                            "a", "b", "-", "]", "[", "!", "^", ".", "é", "\\", "9", "z", "m",
                        ])
                    })
                    .collect()
            };
            if rng.chance(50) {
                // A pattern made from the name, so that many match.
                pattern = name
                    .chars()
                    .map(|c| match rng.below(12) {
                        0 => "?".to_owned(),
                        1 => "*".to_owned(),
                        2 => String::new(),
                        3 => format!("[{c}{}]", rng.pick(&["", "a-c", "-", "]", "!", "z-a", "^"])),
                        4 => format!("[!{}]", rng.pick(&["a", "x-z", "]", "-", "é"])),
                        5 => format!("[{}-{c}]", rng.pick(&["a", "-", "!", "0"])),
                        _ => c.to_string(),
                    })
                    .collect();
            }
            (pattern, name)
        })
        .collect();
    let answers = ask(pairs
        .iter()
        .map(|p| serde_json::json!({ "fnmatch": [p.0, p.1] }).to_string())
        .collect());
    let mut problems = Vec::new();
    let mut matched = 0;
    for ((pattern, name), answer) in pairs.iter().zip(&answers) {
        let Some(Value::Bool(python)) = answer.get("match") else {
            panic!("{}", repr(answer))
        };
        matched += usize::from(*python);
        if Pattern::new(pattern).matches(name) != *python {
            problems.push(format!("{pattern:?} on {name:?}: Python says {python}"));
        }
    }
    let title = format!("20000 patterns compared with fnmatchcase (seed {seed:#x})");
    assert!(problems.is_empty(), "{}", report(&title, &problems, SHOWN));
    assert!(
        matched > 1_000,
        "only {matched} matches: the generator proves little"
    );
    println!("{title}: {matched} matched, 0 disagreements");
}

fn vector_cases() -> Vec<Case> {
    let path = format!("{ROOT}/tests/vectors/instavm-endpoints.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(|line| {
            let v = json::parse(line.as_bytes()).expect("a vector line");
            let text = |key: &str| match v.get(key) {
                Some(Value::Str(s)) => s.as_str().expect("text").to_owned(),
                other => panic!("{key}: {other:?}"),
            };
            let raw = match (v.get("body"), v.get("raw")) {
                (Some(body), None) => {
                    let mut out = String::new();
                    json::write(&mut out, body);
                    out.into_bytes()
                }
                (None, Some(Value::Str(raw))) => raw.as_bytes().to_vec(),
                _ => panic!("body or raw: {line}"),
            };
            Case {
                model: if text("model") == "create" {
                    Model::Create
                } else {
                    Model::Update
                },
                content_type: Some("application/json".into()),
                raw,
                origin: Origin::Vector(text("id"), Box::new(v.clone())),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The generators.

/// SplitMix64: small, seedable, and the same on every machine.
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

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }
}

const CREATE_FIELDS: &[&str] = &[
    "url",
    "description",
    "event_patterns",
    "timeout_seconds",
    "max_retries",
];
const UPDATE_FIELDS: &[&str] = &[
    "url",
    "description",
    "event_patterns",
    "timeout_seconds",
    "max_retries",
    "enabled",
];

fn generate(rng: &mut Rng, model: Model) -> Case {
    let content_type = content_type(rng);
    let (origin, mut raw) = match rng.below(100) {
        0..=1 => ("empty", Vec::new()),
        2..=5 => ("top-level value", text_bytes(&any_value(rng, 0))),
        6..=7 => ("deep nesting", deep_body(rng).into_bytes()),
        _ => ("object", body(rng, model).into_bytes()),
    };
    let origin = if !raw.is_empty() && rng.chance(12) {
        mutate(rng, &mut raw);
        "mutated"
    } else {
        origin
    };
    Case {
        model,
        content_type,
        raw,
        origin: Origin::Generated(origin),
    }
}

fn text_bytes(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn content_type(rng: &mut Rng) -> Option<String> {
    let kind = rng.below(100);
    let pick = |rng: &mut Rng, items: &[&str]| Some(rng.pick(items).to_string());
    match kind {
        0..=87 => Some("application/json".into()),
        88..=91 => pick(
            rng,
            &[
                "application/json; charset=utf-8",
                "Application/JSON",
                "application/vnd.api+json",
                " application/json ",
                "application/json;",
                "application/+json",
            ],
        ),
        92..=95 => pick(
            rng,
            &[
                "text/plain",
                "application/x-www-form-urlencoded",
                "application/jsonx",
                "",
                "application",
                "json",
                "application/json/x",
                "text/json",
            ],
        ),
        _ => None,
    }
}

/// Whitespace between tokens: mostly none or one space, sometimes Python's other three.
fn ws(rng: &mut Rng) -> &'static str {
    rng.pick(&["", "", "", " ", " ", "\n", "\t", "\r\n", "  "])
}

/// An object with some of the model's fields (and of the other model's), extra keys,
/// repeated keys, in any order.
fn body(rng: &mut Rng, model: Model) -> String {
    let fields = match model {
        Model::Create => CREATE_FIELDS,
        Model::Update => UPDATE_FIELDS,
    };
    let mut entries: Vec<(String, String)> = Vec::new();
    for field in UPDATE_FIELDS {
        let wanted = if fields.contains(field) { 60 } else { 10 };
        if rng.chance(wanted) {
            entries.push((key_text(rng, field), field_value(rng, field)));
        }
    }
    // The create model needs a url: mostly give it a plausible one.
    if model == Model::Create && rng.chance(60) && !entries.iter().any(|(k, _)| k.contains("url")) {
        let url = plausible_url(rng);
        entries.push((key_text(rng, "url"), json_str(rng, &url)));
    }
    for _ in 0..rng.below(3) {
        let key = rng
            .pick(&[
                "foo",
                "URL",
                "Url",
                "url ",
                "timeoutSeconds",
                "maxRetries",
                "id",
                "body",
                "enabled",
                "",
            ])
            .to_string();
        entries.push((json_str(rng, &key), any_value(rng, 0)));
    }
    // A repeated key: Python keeps the last value at the first position.
    if !entries.is_empty() && rng.chance(10) {
        let (key, _) = entries[rng.below(entries.len())].clone();
        let name = json::parse(key.as_bytes()).ok();
        let field = match name {
            Some(Value::Str(s)) => s.as_str().unwrap_or("foo").to_owned(),
            _ => "foo".into(),
        };
        let value = field_value(rng, &field);
        entries.push((key, value));
    }
    for i in (1..entries.len()).rev() {
        let j = rng.below(i + 1);
        entries.swap(i, j);
    }
    object_text(rng, &entries)
}

fn object_text(rng: &mut Rng, entries: &[(String, String)]) -> String {
    let mut out = String::from(ws(rng));
    out.push('{');
    for (n, (key, value)) in entries.iter().enumerate() {
        if n > 0 {
            out.push_str(ws(rng));
            out.push(',');
        }
        out.push_str(ws(rng));
        out.push_str(key);
        out.push_str(ws(rng));
        out.push(':');
        out.push_str(ws(rng));
        out.push_str(value);
    }
    out.push_str(ws(rng));
    out.push('}');
    out.push_str(ws(rng));
    out
}

/// A field name as a JSON string, sometimes written with escapes (`"\u0075rl"` is `url`).
fn key_text(rng: &mut Rng, field: &str) -> String {
    json_str(rng, field)
}

fn field_value(rng: &mut Rng, field: &str) -> String {
    if rng.chance(15) {
        return any_value(rng, 0);
    }
    match field {
        "url" => {
            let url = if rng.chance(70) {
                plausible_url(rng)
            } else {
                text(rng)
            };
            json_str(rng, &url)
        }
        "description" => match rng.below(10) {
            0 => "null".into(),
            _ => quoted_text(rng),
        },
        "event_patterns" => patterns(rng),
        "timeout_seconds" | "max_retries" => int_like(rng),
        _ => bool_like(rng),
    }
}

fn plausible_url(rng: &mut Rng) -> String {
    let scheme = rng.pick(&["https://", "http://", "HTTPS://", "", "ftp://", " https://"]);
    let host = rng.pick(&[
        "example.com",
        "hooks.example.org:8443",
        "localhost",
        "10.0.0.1",
        "[::1]",
        "",
    ]);
    let path = rng.pick(&["/hook", "", "/a?b=c#d", "/é", "/ x", "/\u{0}"]);
    format!("{scheme}{host}{path}")
}

/// Text of every kind: ASCII, other scripts, emoji, controls, and (as escapes, in
/// `json_str`) lone surrogates.
fn text(rng: &mut Rng) -> String {
    if rng.below(500) == 0 {
        return "x".repeat(rng.range(1000, 30_000) as usize);
    }
    let pieces = [
        "vm.*",
        "snapshot.*",
        "execution.completed",
        "a",
        " ",
        "",
        "é",
        "日本",
        "🌍",
        "\u{202e}",
        "\u{0}",
        "\u{7f}",
        "\u{2028}",
        "\"",
        "\\",
        "\n",
        "\t",
        "\u{1f}",
        "\u{ffff}",
        "\u{10ffff}",
        "ı",
        "K",
        "42",
        "true",
        "null",
        "\u{d7ff}",
        "\u{e000}",
        "\u{feff}",
    ];
    let n = rng.below(6);
    (0..n).map(|_| rng.pick(&pieces)).collect()
}

fn quoted_text(rng: &mut Rng) -> String {
    let text = text(rng);
    json_str(rng, &text)
}

/// A JSON string for `text`: escapes where JSON needs them, short or `\u` at random; other
/// characters raw or (sometimes) escaped; sometimes a lone surrogate escape inserted.
fn json_str(rng: &mut Rng, text: &str) -> String {
    let mut out = String::from("\"");
    let escape_rate = if rng.chance(20) { 30 } else { 2 };
    for c in text.chars() {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            _ => None,
        };
        let must = short.is_some() || (c as u32) < 0x20;
        if must || rng.chance(escape_rate) {
            match short {
                Some(s) if rng.chance(70) => out.push_str(s),
                _ => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let hex = format!("\\u{:04x}", unit);
                        out.push_str(&if rng.chance(50) {
                            hex.to_uppercase().replace("\\U", "\\u")
                        } else {
                            hex
                        });
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    if rng.chance(2) {
        out.push_str(rng.pick(&[
            "\\ud800",
            "\\udfff",
            "\\ud83c",
            "\\udc00x",
            "\\ud800\\ud800",
            "\\/",
        ]));
    }
    out.push('"');
    out
}

fn patterns(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "null".into(),
        1 => any_value(rng, 0),
        _ => {
            let n = rng.below(5);
            let items: Vec<String> = (0..n)
                .map(|_| {
                    if rng.chance(85) {
                        quoted_text(rng)
                    } else {
                        any_value(rng, 1)
                    }
                })
                .collect();
            list_text(rng, &items)
        }
    }
}

fn list_text(rng: &mut Rng, items: &[String]) -> String {
    let mut out = String::from("[");
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(ws(rng));
        out.push_str(item);
        out.push_str(ws(rng));
    }
    out.push(']');
    out
}

/// Numbers and number-like text around the bounds, in every form pydantic reads.
fn int_like(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=5 => rng.range(-3, 70).to_string(),
        6 => rng
            .pick(&[
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775809",
                "18446744073709551616",
                "1000000000000000000000000000000",
                "-0",
            ])
            .to_string(),
        7 => {
            let digits = if rng.chance(50) {
                rng.range(4295, 4305)
            } else {
                rng.range(19, 60)
            };
            let sign = if rng.chance(30) { "-" } else { "" };
            format!("{sign}{}", digit_run(rng, digits as usize))
        }
        8..=10 => rng
            .pick(&[
                "10.0",
                "3.0",
                "60.0",
                "1e1",
                "1E1",
                "2.999",
                "3.0000001",
                "60.5",
                "5e-324",
                "9.2e18",
                "9.3e18",
                "1.7976931348623157e308",
                "-0.0",
                "0.0",
                "1e400",
                "-1e400",
                "1.0",
                "7.0",
                "7.0000001",
                "1e20",
                "-9.2e18",
                "-9.3e18",
                "9.223372036854775807e18",
                "-9.223372036854775808e18",
                "100e-1",
                "0.5e1",
                "NaN",
                "Infinity",
                "-Infinity",
            ])
            .to_string(),
        11 => rng
            .pick(&["true", "false", "null", "[]", "[10]", "{}", "{\"v\":10}"])
            .to_string(),
        _ => {
            let text = int_string(rng);
            json_str(rng, &text)
        }
    }
}

fn digit_run(rng: &mut Rng, n: usize) -> String {
    let mut out = String::with_capacity(n);
    out.push((b'1' + rng.below(9) as u8) as char);
    for _ in 1..n {
        out.push((b'0' + rng.below(10) as u8) as char);
    }
    out
}

/// Text that is, or is nearly, an integer: whitespace, signs, zeros, underscores, a
/// fraction, an exponent, other digits.
fn int_string(rng: &mut Rng) -> String {
    if rng.chance(5) {
        return rng
            .pick(&[
                "", " ", "abc", "nan", "inf", "true", "0x10", "0o10", "0b1", "1 0", "٣", "１０",
                "10L", "+", "-", "_", ".",
            ])
            .to_string();
    }
    let space = |rng: &mut Rng| -> &'static str {
        if rng.chance(75) {
            ""
        } else {
            rng.pick(&[
                " ", "  ", "\t", "\n", "\u{a0}", "\u{3000}", "\u{85}", "\u{1c}", "\u{feff}",
                "\u{2028}", "\u{b}",
            ])
        }
    };
    let mut out = String::from(space(rng));
    if rng.chance(30) {
        out.push_str(rng.pick(&["+", "-", "+-", "-+", "--", "++", "+0", "-0"]));
    }
    if rng.chance(20) {
        out.push_str(&"0".repeat(rng.below(4) + 1));
    }
    let digits = match rng.below(20) {
        0 => {
            let n = rng.range(4295, 4305) as usize;
            digit_run(rng, n)
        }
        1 => String::new(),
        2 => "0".into(),
        _ => rng.range(0, 70).to_string(),
    };
    // Underscores somewhere, now and then two together or at an end.
    let mut digits: Vec<char> = digits.chars().collect();
    if !digits.is_empty() && rng.chance(15) {
        let at = rng.below(digits.len() + 1);
        digits.insert(at, '_');
        if rng.chance(20) {
            digits.insert(at, '_');
        }
    }
    out.extend(digits);
    if rng.chance(20) {
        out.push_str(rng.pick(&[
            ".",
            ".0",
            ".00",
            ".000000000000000000000000",
            ".5",
            ".0_0",
            "._0",
            ".0.0",
            "e1",
            "E0",
            ".0e0",
        ]));
    }
    out.push_str(space(rng));
    out
}

fn bool_like(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=1 => rng.pick(&["true", "false", "null"]).to_string(),
        2..=3 => rng
            .pick(&[
                "0",
                "1",
                "-1",
                "2",
                "0.0",
                "1.0",
                "0.5",
                "2.0",
                "1e19",
                "9.2e18",
                "-0.0",
                "NaN",
                "1e400",
                "100000000000000000000",
                "[]",
                "{}",
                "[true]",
            ])
            .to_string(),
        _ => {
            let word = rng.pick(&[
                "yes", "no", "on", "off", "t", "f", "y", "n", "true", "false", "1", "0", "", "ye",
                "2", "enabled", "ı", "truE",
            ]);
            let mut text: String = word
                .chars()
                .map(|c| {
                    if rng.chance(40) {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            if rng.chance(10) {
                text = format!(
                    "{}{text}{}",
                    rng.pick(&["", " ", "\t"]),
                    rng.pick(&["", " ", "\n"])
                );
            }
            json_str(rng, &text)
        }
    }
}

/// Any JSON value, Python's extra constants included.
fn any_value(rng: &mut Rng, depth: usize) -> String {
    let limit = if depth > 2 { 7 } else { 9 };
    match rng.below(limit) {
        0 => "null".into(),
        1 => rng.pick(&["true", "false"]).to_string(),
        2 => int_like(rng),
        3 => rng
            .pick(&[
                "1.5",
                "-2.25e-7",
                "1e16",
                "123456789012345680000.0",
                "0.0001",
                "0.00001",
                "NaN",
                "-Infinity",
            ])
            .to_string(),
        4 | 5 => quoted_text(rng),
        6 => {
            let text = int_string(rng);
            json_str(rng, &text)
        }
        7 => {
            let n = rng.below(4);
            let items: Vec<String> = (0..n).map(|_| any_value(rng, depth + 1)).collect();
            list_text(rng, &items)
        }
        _ => {
            let n = rng.below(3);
            let entries: Vec<(String, String)> = (0..n)
                .map(|_| (quoted_text(rng), any_value(rng, depth + 1)))
                .collect();
            object_text(rng, &entries)
        }
    }
}

/// A body nested in a field or an extra key, to a depth well below the parser's limit or
/// well above it (never near it: where Python's recursion limit falls depends on the
/// server's stack).
fn deep_body(rng: &mut Rng) -> String {
    let depth = if rng.chance(80) {
        rng.range(1, 150)
    } else {
        rng.range(1100, 1500)
    } as usize;
    let (open, close) = if rng.chance(50) {
        ("[", "]")
    } else {
        ("{\"a\":", "}")
    };
    let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
    let key = rng.pick(&["url", "event_patterns", "foo", "timeout_seconds", "enabled"]);
    format!("{{\"url\":\"https://example.com\",\"{key}\":{nested}}}")
}

/// Byte-level damage: deletions, insertions, truncation, BOMs, other encodings.
fn mutate(rng: &mut Rng, raw: &mut Vec<u8>) {
    match rng.below(9) {
        0 => {
            let at = rng.below(raw.len());
            raw.remove(at);
        }
        1 => {
            let at = rng.below(raw.len() + 1);
            let insert: &[u8] = rng.pick(&[
                b"{".as_slice(),
                b"}",
                b"[",
                b"]",
                b",",
                b":",
                b"\"",
                b"\\",
                b" ",
                b"0",
                b"-",
                b".",
                b"e",
                b"N",
                b"\0",
                b"\xff",
                b"\xed\xa0\x80",
                b"\xc3",
                b"\xe2\x82",
                b"/*",
                b"'",
            ]);
            raw.splice(at..at, insert.iter().copied());
        }
        2 => raw.truncate(rng.below(raw.len())),
        3 => {
            let bom: &[u8] = rng.pick(&[
                b"\xef\xbb\xbf".as_slice(),
                b"\xef\xbb\xbf\xef\xbb\xbf",
                b"\xfe\xff",
                b"\xff\xfe",
            ]);
            raw.splice(0..0, bom.iter().copied());
        }
        4 => raw.extend_from_slice(rng.pick(&[
            b"x".as_slice(),
            b"{}",
            b" ",
            b"\n",
            b"\0",
            b",",
            b"]",
        ])),
        5 | 6 => {
            // Another encoding: only of text (which UTF-8 bodies are, before other damage).
            let Ok(text) = std::str::from_utf8(raw) else {
                return;
            };
            let text = text.to_owned();
            let big = rng.chance(50);
            let mut out: Vec<u8> = Vec::new();
            if rng.below(3) == 0 {
                out.extend_from_slice(if big { b"\xfe\xff" } else { b"\xff\xfe" });
            }
            if rng.chance(60) {
                let mut units: Vec<u16> = text.encode_utf16().collect();
                if rng.chance(20) {
                    // A lone surrogate, which Python's `surrogatepass` lets through.
                    let lone = rng.pick(&[0xD800u16, 0xDBFF, 0xDC00, 0xDFFF]);
                    units.insert(rng.below(units.len() + 1), lone);
                }
                for unit in units {
                    out.extend_from_slice(&if big {
                        unit.to_be_bytes()
                    } else {
                        unit.to_le_bytes()
                    });
                }
            } else {
                out.clear();
                if rng.chance(30) {
                    out.extend_from_slice(if big {
                        b"\0\0\xfe\xff"
                    } else {
                        b"\xff\xfe\0\0"
                    });
                }
                for c in text.chars() {
                    let cp = c as u32;
                    out.extend_from_slice(&if big {
                        cp.to_be_bytes()
                    } else {
                        cp.to_le_bytes()
                    });
                }
            }
            if rng.chance(10) {
                out.pop();
            }
            *raw = out;
        }
        _ => {
            let at = rng.below(raw.len());
            let len = rng.below(raw.len() - at) + 1;
            let piece = raw[at..at + len].to_vec();
            raw.splice(at..at, piece);
        }
    }
}
