//! How every rule's time grows with its input: each path on generated inputs of 1k, 10k,
//! 100k and 1M (names, items, bytes), with the time per unit of size, so that a quadratic
//! path shows as a per-unit time that grows tenfold per row.
//!
//! `cargo run -p webhook-rules --example scaling [--release] [-- FILTER] [--max N]`
//!
//! Each figure is the fastest of at least 3 runs. A size is skipped once the one before it
//! took over 5 s (a quadratic path would take hours on the next). The tests in
//! `tests/scaling.rs` pin the bounds these figures give.

use std::hint::black_box;
use std::time::{Duration, Instant};

use webhook_rules::droplit;
use webhook_rules::instavm;
use webhook_rules::slashid;
use webhook_rules::slashid::wire::{Headers, TestEventSpec, Trigger, WebhookCreate};

type Case = (&'static str, fn(usize) -> Box<dyn Fn()>);

fn headers(n: usize, name: impl Fn(usize) -> String) -> Headers {
    (0..n).map(|i| (name(i), vec!["v".to_owned()])).collect()
}

fn create_with_headers(h: Headers) -> Box<dyn Fn()> {
    let req = WebhookCreate {
        name: Some("n".into()),
        target_url: Some("https://example.com/in".into()),
        custom_headers: Some(h),
        ..Default::default()
    };
    Box::new(move || {
        black_box(slashid::validate_create(&req)).ok();
    })
}

fn slashid_field(f: impl Fn(&mut WebhookCreate) + 'static) -> Box<dyn Fn()> {
    let mut req = WebhookCreate {
        name: Some("n".into()),
        target_url: Some("https://example.com/in".into()),
        ..Default::default()
    };
    f(&mut req);
    Box::new(move || {
        black_box(slashid::validate_create(&req)).ok();
    })
}

fn instavm_create(body: String) -> Box<dyn Fn()> {
    Box::new(move || {
        let r = instavm::validate::read_create(Some("application/json"), body.as_bytes());
        black_box(r).ok();
    })
}

fn droplit_url(url: String) -> Box<dyn Fn()> {
    Box::new(move || {
        black_box(droplit::check_url(&url));
        black_box(droplit::url::hang_message(&url));
    })
}

fn cases() -> Vec<Case> {
    vec![
        // SlashID
        ("slashid headers: n distinct names", |n| {
            create_with_headers(headers(n, |i| format!("X-H{i}")))
        }),
        ("slashid headers: n names, pairs equal but for case", |n| {
            create_with_headers(headers(n, |i| {
                if i % 2 == 0 {
                    format!("x-h{}", i / 2)
                } else {
                    format!("X-H{}", i / 2)
                }
            }))
        }),
        ("slashid headers: n invalid names", |n| {
            create_with_headers(headers(n, |i| format!("X H{i}")))
        }),
        ("slashid headers: one header, n values", |n| {
            create_with_headers(
                [("X-A".to_owned(), vec!["v\n".to_owned(); n])]
                    .into_iter()
                    .collect(),
            )
        }),
        ("slashid headers: one name of n bytes", |n| {
            create_with_headers(headers(1, |_| "a".repeat(n) + " "))
        }),
        ("slashid name: n chars", |n| {
            slashid_field(move |r| r.name = Some("é".repeat(n)))
        }),
        ("slashid description: n chars", |n| {
            slashid_field(move |r| r.description = Some("é".repeat(n)))
        }),
        ("slashid target_url: host of n bytes, bad at the end", |n| {
            slashid_field(move |r| r.target_url = Some(format!("https://{}^", "a".repeat(n))))
        }),
        ("slashid target_url: n '?'", |n| {
            slashid_field(move |r| r.target_url = Some(format!("https://a.b/{}", "?".repeat(n))))
        }),
        (
            "slashid target_url: path of n %-escapes, bad fragment",
            |n| {
                slashid_field(move |r| {
                    r.target_url = Some(format!("https://a.b/{}#%zz", "%e2".repeat(n / 3)))
                })
            },
        ),
        ("slashid timeout: n/2 x '0s'", |n| {
            slashid_field(move |r| r.timeout = Some("0s".repeat(n / 2)))
        }),
        ("slashid timeout: n non-ASCII bytes", |n| {
            slashid_field(move |r| r.timeout = Some(format!("1{}", "µ".repeat(n / 2))))
        }),
        ("slashid test events: n bad items", |n| {
            let specs: Vec<TestEventSpec> = (0..n)
                .map(|i| TestEventSpec {
                    event_name: format!("E{i}"),
                    count: Some(0),
                    ..Default::default()
                })
                .collect();
            Box::new(move || {
                black_box(slashid::validate::validate_test_events(&specs)).ok();
            })
        }),
        ("slashid trigger: name of n bytes", |n| {
            let t = Trigger {
                trigger_type: "event".into(),
                trigger_name: "x".repeat(n),
            };
            Box::new(move || {
                black_box(slashid::validate_trigger(&t)).ok();
            })
        }),
        ("slashid errors: split a message of n bytes", |n| {
            let m = format!("custom_headers[\"{}\"]: x", "a".repeat(n));
            Box::new(move || {
                black_box(slashid::errors::problem_of(&m));
            })
        }),
        // InstaVM
        ("instavm create: n non-string patterns", |n| {
            instavm_create(format!(
                r#"{{"url":"u","event_patterns":[{}1]}}"#,
                "1,".repeat(n - 1)
            ))
        }),
        ("instavm create: n distinct keys, no url", |n| {
            let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\":1")).collect();
            instavm_create(format!("{{{}}}", keys.join(",")))
        }),
        ("instavm create: n repeated keys", |n| {
            instavm_create(format!("{{{}\"url\":\"u\"}}", "\"url\":1,".repeat(n)))
        }),
        ("instavm create: string of n escapes", |n| {
            instavm_create(format!(
                r#"{{"url":"{}","max_retries":0}}"#,
                r"\u00e9".repeat(n)
            ))
        }),
        ("instavm create: timeout of n padded digits", |n| {
            instavm_create(format!(
                r#"{{"url":"u","timeout_seconds":" {}5_0 "}}"#,
                "0_".repeat(n / 2)
            ))
        }),
        ("instavm json: n nested lists and a syntax error", |n| {
            instavm_create(format!("{}x", "[".repeat(n.min(800)) + &" ".repeat(n)))
        }),
        ("instavm fnmatch: set of n/4 merging ranges", |n| {
            let p = format!("[{}aaz]*", "aaz-".repeat(n / 4));
            Box::new(move || {
                let p = instavm::patterns::Pattern::new(&p);
                for e in instavm::patterns::EVENT_TYPES {
                    black_box(p.matches(e));
                }
            })
        }),
        (
            "instavm fnmatch: set of n/4 ranges, merging before a tail",
            |n| {
                let p = format!("[{}{}]", "aaz-".repeat(n / 8), "a-a".repeat(n / 6));
                Box::new(move || {
                    black_box(instavm::patterns::Pattern::new(&p));
                })
            },
        ),
        ("instavm fnmatch: n/2 x '*a'", |n| {
            let p = format!("{}b", "*a".repeat(n / 2));
            Box::new(move || {
                for e in instavm::patterns::EVENT_TYPES {
                    black_box(instavm::patterns::matches(&p, e));
                }
            })
        }),
        ("instavm signature: header of n bytes", |n| {
            let h = format!("t={},v1=ab,{}", "1".repeat(4000), ",x=y".repeat(n / 4));
            Box::new(move || {
                black_box(instavm::signature::check_header(Some(&h), 0, 300)).ok();
            })
        }),
        (
            "instavm signature: payload of n bytes, bad at the end",
            |n| {
                let body = format!("[{}x]", "1,".repeat(n / 2));
                Box::new(move || {
                    black_box(instavm::signature::check_payload(body.as_bytes())).ok();
                })
            },
        ),
        // Droplit
        ("droplit url: n/2 x 'a.' then a line break", |n| {
            droplit_url(format!("{}\n", "a.".repeat(n / 2)))
        }),
        ("droplit url: n/2 x '/x' then a line break", |n| {
            droplit_url(format!("https://a.b{}\n", "/x".repeat(n / 2)))
        }),
        ("droplit url: n bytes, no dot", |n| {
            droplit_url("a".repeat(n))
        }),
        ("droplit url: n/2 x '.x', matching", |n| {
            droplit_url(format!("https://a{}", ".x".repeat(n / 2)))
        }),
        ("droplit query: n distinct names", |n| {
            let q: Vec<(String, String)> =
                (0..n).map(|i| (format!("k{i}"), String::new())).collect();
            Box::new(move || {
                black_box(droplit::validate_no_query(&q)).ok();
                black_box(droplit::validate_list_query(&q)).ok();
            })
        }),
        ("droplit create: url of n bytes", |n| {
            let body = serde_json::json!({"ecosystemId": "C1", "url": "a".repeat(n)});
            Box::new(move || {
                black_box(droplit::validate_create(&body)).ok();
            })
        }),
        ("droplit errors: read a 400 of n items", |n| {
            let items: Vec<String> = (0..n)
                .map(|_| r#"{"in":"body","message":"field is required","path":"url"}"#.into())
                .collect();
            let body = format!(
                r#"{{"errorType":"InvalidParams","errors":[{}]}}"#,
                items.join(",")
            );
            Box::new(move || {
                black_box(droplit::errors::read_error(400, &body));
            })
        }),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let max = args
        .iter()
        .position(|a| a == "--max")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(1_000_000usize);
    let filter = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err());
    for (name, make) in cases() {
        if filter.is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        print!("{name:<60}");
        let mut n = 1_000;
        while n <= max {
            let run = make(n);
            let started = Instant::now();
            let mut runs = 0u32;
            let mut t = Duration::MAX;
            // The fastest of 3 runs or more (for 50 ms): the machine may be busy.
            while runs < 3 || started.elapsed() < Duration::from_millis(50) && runs < 1_000 {
                let once = Instant::now();
                run();
                t = t.min(once.elapsed());
                runs += 1;
                if t > Duration::from_secs(5) {
                    break;
                }
            }
            print!(
                " | {:>5}: {:>9.3} ms ({:>6.1} ns/unit)",
                label(n),
                t.as_secs_f64() * 1e3,
                t.as_nanos() as f64 / n as f64
            );
            use std::io::Write;
            std::io::stdout().flush().ok();
            if t > Duration::from_secs(5) {
                print!(" | next skipped");
                break;
            }
            n *= 10;
        }
        println!();
    }
}

fn label(n: usize) -> String {
    match n {
        n if n >= 1_000_000 => format!("{}M", n / 1_000_000),
        n => format!("{}k", n / 1_000),
    }
}
