//! Every rule takes time linear in its input, whatever dimension grows (header names,
//! list items, pattern ranges, query pairs), and reports a bounded number of problems
//! where its API allows (all of them where the real server reports all: InstaVM).
//!
//! Each input here is one a quadratic path took seconds to minutes on, where the linear
//! one takes milliseconds, even unoptimized (see `BOUND`). `examples/scaling.rs` prints
//! the figures per size.

use std::time::{Duration, Instant};

use webhook_rules::droplit;
use webhook_rules::instavm::json;
use webhook_rules::instavm::patterns::{self, Pattern};
use webhook_rules::instavm::validate::read_create;
use webhook_rules::problem::MORE;
use webhook_rules::slashid::headers;
use webhook_rules::slashid::test_events::{self, validate_test_events};
use webhook_rules::slashid::wire::{Headers, TestEventSpec, WebhookCreate};
use webhook_rules::slashid::{validate, validate_create, validate_patch};

/// Linear work on these inputs takes at most a few hundred milliseconds unoptimized, on
/// a 2-core machine with a load average of 16 (seen here); the quadratic paths they replace
/// took 9 s to minutes (`examples/scaling.rs` prints the figures).
const BOUND: Duration = Duration::from_secs(2);

/// `f`'s answer, failing when every one of three runs took over `BOUND` (a busy machine
/// is not a slow rule: a quadratic one is slow every time). `--nocapture` shows the times.
fn quick<T>(what: &str, f: impl FnMut() -> T) -> T {
    quick_within(what, BOUND, f)
}

fn quick_within<T>(what: &str, bound: Duration, mut f: impl FnMut() -> T) -> T {
    let mut fastest = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        let out = f();
        let took = started.elapsed();
        if took <= bound {
            println!("{what}: {took:?}");
            return out;
        }
        fastest = fastest.min(took);
    }
    panic!("{what} took {fastest:?}, over {bound:?}");
}

fn create_with(custom_headers: Headers) -> WebhookCreate {
    WebhookCreate {
        name: Some("orders".into()),
        target_url: Some("https://example.com/hook".into()),
        custom_headers: Some(custom_headers),
        ..Default::default()
    }
}

fn one_value(names: impl Iterator<Item = String>) -> Headers {
    names.map(|name| (name, vec!["v".to_owned()])).collect()
}

// ------------------------------------------------------------------------------------
// SlashID

#[test]
fn validates_80_000_header_names_in_linear_time() {
    // The attack of the issue: 0.9 MB of header names (took 13.9 s in the sandbox).
    let req = create_with(one_value((0..80_000).map(|i| format!("X-Header-{i}"))));
    let second = Duration::from_secs(1);
    let problems =
        quick_within("80,000 header names", second, || validate_create(&req)).unwrap_err();
    // One problem, too many headers: the names themselves are all fine.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].code, "too_many");
    let patch = WebhookCreate {
        name: None,
        target_url: None,
        ..req
    };
    quick_within("80,000 header names in a patch", second, || {
        validate_patch(&patch)
    })
    .unwrap_err();
}

#[test]
fn reports_a_bounded_number_of_header_problems_and_every_other_field() {
    let mut req = create_with(one_value((0..100_000).map(|i| format!("Bad Name {i}"))));
    req.name = Some(String::new());
    req.timeout = Some("1y".into());
    let values = vec!["a\nb".to_owned(); 100_000];
    let h = req.custom_headers.as_mut().unwrap();
    // First in the map's order, so among the headers read.
    h.insert("A-Values".into(), values.clone());
    h.insert(format!("A{}", "a".repeat(1_000_000)), values);
    let problems = quick("100,000 bad names and values", || validate_create(&req)).unwrap_err();
    assert_eq!(problems.len(), validate::MAX_PROBLEMS - 2);
    assert_eq!(problems[0].field, "name");
    assert_eq!(problems.last().unwrap().field, "timeout");
    let codes: Vec<&str> = problems.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes[1..14],
        ["too_many", "too_many_values"]
            .into_iter()
            .chain(["invalid_value"; 10])
            .chain(["too_long"])
            .collect::<Vec<_>>()
    );
    // The long name's values are not read; 48 bad names are, with their own problems.
    assert!(
        codes[14..problems.len() - 2]
            .iter()
            .all(|c| *c == "invalid_name")
    );
    let more = &problems[problems.len() - 2];
    assert_eq!(
        (more.field.as_str(), more.code.as_str()),
        ("custom_headers", MORE)
    );
    assert_eq!(
        more.message,
        format!(
            "and {} more problems",
            1 + 11 + 1 + 48 - headers::MAX_PROBLEMS
        )
    );
}

#[test]
fn bounds_header_names_and_values_per_header() {
    let long = "X".repeat(headers::MAX_NAME_BYTES + 1);
    let mut h = one_value([long.clone(), "X".repeat(headers::MAX_NAME_BYTES)].into_iter());
    h.insert(
        "X-Many".into(),
        vec!["v".into(); headers::MAX_VALUES_PER_HEADER + 1],
    );
    h.insert(
        "X-Enough".into(),
        vec!["v".into(); headers::MAX_VALUES_PER_HEADER],
    );
    let codes: Vec<_> = headers::check(&h)
        .into_iter()
        .map(|p| (p.field, p.code))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "custom_headers[\"X-Many\"]".to_owned(),
                "too_many_values".to_owned()
            ),
            (headers::field_of_name(&long), "too_long".to_owned()),
        ]
    );
}

#[test]
fn refuses_a_target_url_past_its_limit_without_parsing_it() {
    use webhook_rules::slashid::target_url::MAX_BYTES;
    let url = |len| format!("https://example.com/{}", "a".repeat(len - 20));
    let mut req = create_with(Headers::new());
    req.target_url = Some(url(MAX_BYTES));
    assert_eq!(req.target_url.as_ref().unwrap().len(), MAX_BYTES);
    assert!(validate_create(&req).is_ok());
    req.target_url = Some(url(MAX_BYTES + 1));
    let problems = validate_create(&req).unwrap_err();
    assert_eq!(
        (problems[0].field.as_str(), problems[0].code.as_str()),
        ("target_url", "too_long")
    );
}

#[test]
fn reports_a_bounded_number_of_test_event_problems() {
    let specs: Vec<TestEventSpec> = (0..100_000)
        .map(|i| TestEventSpec {
            event_name: format!("Nope{i}"),
            count: Some(0),
            ..Default::default()
        })
        .collect();
    let problems = quick("100,000 bad test events", || validate_test_events(&specs)).unwrap_err();
    // Too many; then the first 50 items only, two problems each.
    assert_eq!(problems.len(), test_events::MAX_PROBLEMS + 1);
    assert_eq!(problems[0].code, "too_large");
    assert_eq!(problems[1].field, "[0].event_name");
    assert_eq!(problems[2].field, "[0].count");
    assert_eq!(
        problems.last().unwrap().message,
        format!("and {} more problems", 1 + 100 - test_events::MAX_PROBLEMS)
    );
    // Many good ones: one problem, the total.
    let good = vec![
        TestEventSpec {
            event_name: "PersonCreated_v1".into(),
            ..Default::default()
        };
        100_000
    ];
    let problems = quick("100,000 test events", || validate_test_events(&good)).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "too_large");
}

#[test]
fn bounds_the_correlation_id() {
    let spec = |len| TestEventSpec {
        event_name: "PersonCreated_v1".into(),
        analytics_correlation_id: Some("c".repeat(len)),
        ..Default::default()
    };
    let max = test_events::MAX_CORRELATION_ID_BYTES;
    assert!(validate_test_events(&[spec(max)]).is_ok());
    let problems = validate_test_events(&[spec(max + 1)]).unwrap_err();
    assert_eq!(problems[0].field, "[0].analytics_correlation_id");
    assert_eq!(problems[0].code, "too_long");
}

// ------------------------------------------------------------------------------------
// InstaVM

#[test]
fn reads_a_pattern_of_merging_ranges_in_linear_time() {
    // `[aaz-aaz-...]`: every range is empty (`z-a`), so Python merges each chunk into the
    // one before; a quadratic port copies the growing chunk at every merge.
    let merging = format!("[{}aaz]*", "aaz-".repeat(250_000));
    let pattern = quick("a set of 250,000 merging ranges", || Pattern::new(&merging));
    assert!(pattern.matches("a.b"));
    assert!(pattern.matches("zz"));
    assert!(!pattern.matches("-"));
    assert!(!pattern.matches("vm.created"));
    // Merges ahead of a long run of chunks that do not: a port that deletes from the
    // middle of the list shifts that run at every merge.
    let tail = format!("[{}{}]", "aaz-".repeat(60_000), "a-a".repeat(80_000));
    let pattern = quick("merges before 80,000 ranges", || Pattern::new(&tail));
    // As CPython 3.11 reads "[aaz-aaz-aaz-a-aa-aa-aa-a]": `(?s:[aaaa\-aa-aa-aa-a])\Z`.
    assert!(pattern.matches("a"));
    assert!(!pattern.matches("b"));
    assert!(pattern.matches("-"));
}

#[test]
fn merges_ranges_as_python_does() {
    // fnmatch.translate("[aaz-aaz-aaz]") == "(?s:[aaaaz])\\Z" (CPython 3.11).
    for (c, hit) in [("a", true), ("z", true), ("-", false), ("b", false)] {
        assert_eq!(patterns::matches("[aaz-aaz-aaz]", c), hit, "{c}");
    }
    // "[b-aa-a]" == "(?s:[a-a])\\Z": `b-a` merges into `a`, which stays a range to `a`.
    for (c, hit) in [("a", true), ("b", false), ("-", false)] {
        assert_eq!(patterns::matches("[b-aa-a]", c), hit, "{c}");
    }
}

#[test]
fn reports_every_bad_event_pattern_as_pydantic_does_in_linear_time() {
    // Parity: pydantic reports each of them, so do we (no cap), in linear time.
    let n = 50_000;
    let body = format!(
        r#"{{"url":"u","event_patterns":[{}1]}}"#,
        "1,".repeat(n - 1)
    );
    let rejection = quick("50,000 bad event patterns", || {
        read_create(Some("application/json"), body.as_bytes())
    })
    .unwrap_err();
    assert_eq!(rejection.status, 422);
    let json::Value::Dict(answer) = json::parse(rejection.body.as_bytes()).unwrap() else {
        panic!("not a dict")
    };
    let json::Value::List(detail) = &answer[0].1 else {
        panic!("no detail")
    };
    assert_eq!(detail.len(), n);
}

#[test]
fn reads_a_body_of_20_000_keys_in_linear_time() {
    let keys: Vec<String> = (0..20_000).map(|i| format!("\"k{i}\":1")).collect();
    let body = format!("{{{}}}", keys.join(","));
    let rejection = quick("20,000 keys, no url", || {
        read_create(Some("application/json"), body.as_bytes())
    })
    .unwrap_err();
    // One error, `url` missing, whose input is the whole body, as pydantic writes it.
    assert!(rejection.body.contains("\"missing\""));
    assert!(rejection.body.contains("\"k19999\":1"));
}

// ------------------------------------------------------------------------------------
// Droplit

fn query(names: impl Iterator<Item = String>) -> Vec<(String, String)> {
    names.map(|name| (name, String::new())).collect()
}

#[test]
fn reads_a_query_of_100_000_names_in_linear_time_and_only_its_first_1000() {
    let q = query((0..100_000).map(|i| format!("k{i}")));
    let problem = quick("100,000 query names", || droplit::validate_no_query(&q)).unwrap_err();
    // As Express: the first 1000 pairs, each named once.
    let names = problem
        .message
        .strip_prefix(droplit::errors::NOT_ALLOWED_PREFIX)
        .and_then(|m| m.strip_suffix(" ]"))
        .unwrap();
    let names: Vec<&str> = names.split(", ").collect();
    assert_eq!(names.len(), droplit::validate::QUERY_PAIRS_READ);
    assert_eq!(names.last(), Some(&"k999"));
    let problems = quick("100,000 query names", || droplit::validate_list_query(&q)).unwrap_err();
    assert_eq!(problems[1].code, "required");
}

#[test]
fn ignores_query_pairs_past_the_first_1000_as_express_does() {
    use droplit::validate::QUERY_PAIRS_READ;
    let repeated = query((0..QUERY_PAIRS_READ).map(|_| "ecosystemId".into()));
    let problems = droplit::validate_list_query(&repeated).unwrap_err();
    assert_eq!(problems[0].code, "type");
    // The 1001st pair and what follows are not read: no second id, no unknown field.
    let mut q = vec![("ecosystemId".to_owned(), "C1".to_owned())];
    q.extend(query((1..QUERY_PAIRS_READ).map(|_| String::new())));
    q.push(("ecosystemId".into(), "C2".into()));
    q.push(("other".into(), "x".into()));
    assert_eq!(droplit::validate_list_query(&q), Ok("C1".into()));
    let mut q = query((0..QUERY_PAIRS_READ).map(|_| String::new()));
    q.push(("other".into(), "x".into()));
    assert_eq!(droplit::validate_no_query(&q), Ok(()));
}

#[test]
fn decides_urls_of_a_million_units_in_linear_time() {
    for url in [
        format!("{}\n", "a.".repeat(500_000)),
        format!("https://a.b{}\n", "/x".repeat(500_000)),
        "a".repeat(1_000_000),
        format!("https://a{}", ".x".repeat(500_000)),
    ] {
        let verdict = quick("a URL of a million units", || droplit::check_url(&url));
        assert_eq!(verdict.matches, !url.ends_with('\n') && url.contains('.'));
    }
}
