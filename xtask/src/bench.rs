//! `cargo xtask bench`: what the console weighs and how fast it is, in a real browser,
//! beside a hello-world Leptos app built in the same run with the same profile.
//!
//! Builds the console (`dist/`), `bench/hello` and `bench/validate` (release, wasm-opt -Oz,
//! by Trunk, into `target/bench/`) and the sandbox, serves all three from one sandbox (the
//! console at `/`, the others at `/hello/` and `/validate/`), and runs `tests/bench_browser.rs` through the
//! shared end-to-end harness. Prints one table of medians and writes it, with every run's
//! figure, to `target/bench.json`. Goals are reported, never enforced: timings depend on
//! the machine; only the size budget gates CI (`cargo xtask test`).

use crate::size::{DistSize, GOAL_GZIP, kib};
use crate::util::{Cmd, Result, target_dir};
use crate::{build, setup};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Runs of every browser figure (each reported as the median).
const DEFAULT_RUNS: usize = 5;

pub fn run(args: &[String]) -> Result {
    let runs = parse_runs(args)?;
    setup::run()?;
    build::console_release()?;
    let bench_dir = target_dir().join("bench");
    for app in ["hello", "validate"] {
        trunk_app(app, &bench_dir.join(app))?;
    }
    build::sandbox()?;

    // The default provider's bundle (SlashID's), the one the browser figures load.
    let dist = build::dist_dir();
    let default = crate::dist::read_entries(&dist)?.remove(0);
    let console = Sizes::measure(&dist, crate::size::bundle(&dist, &default)?)?;
    let hello_dir = bench_dir.join("hello");
    let hello = Sizes::measure(&hello_dir, DistSize::measure(&hello_dir)?)?;

    let figures_path = target_dir().join("bench/browser.txt");
    let _ = fs::remove_file(&figures_path);
    Cmd::cargo()
        .args(["test", "-p", "webhook-console", "--test", "bench_browser"])
        .env("WEBHOOK_CONSOLE_DIST", build::dist_dir())
        .env("BENCH_HELLO_DIST", bench_dir.join("hello"))
        .env("BENCH_VALIDATE_DIST", bench_dir.join("validate"))
        .env("WEBHOOK_SANDBOX_BIN", build::sandbox_bin())
        .env("BENCH_RUNS", runs.to_string())
        .env("BENCH_OUT", &figures_path)
        .args(["--", "--ignored", "--nocapture", "--test-threads=1"])
        .run()?;
    let browser = Figures::read(&figures_path)?;

    let report = Report {
        machine: machine(),
        console,
        hello,
        browser,
    };
    let table = report.table();
    let json_path = target_dir().join("bench.json");
    fs::write(&json_path, report.json())?;
    println!("\n{table}\n(written to {})", json_path.display());
    Ok(())
}

fn parse_runs(args: &[String]) -> Result<usize> {
    let mut runs = DEFAULT_RUNS;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--runs" => args.next().ok_or("--runs needs a number")?.clone(),
            other => match other.strip_prefix("--runs=") {
                Some(value) => value.to_string(),
                None => return Err(format!("unexpected argument `{other}`").into()),
            },
        };
        runs = value
            .parse()
            .map_err(|_| format!("--runs: not a number: {value}"))?;
        if runs < 5 {
            return Err("--runs: at least 5 (every figure is a median)".into());
        }
    }
    Ok(runs)
}

/// A bench app (`bench/<app>/index.html`), release build like the console's (same wasm
/// flags, same JS minifier and import names), served under `/<app>/`.
fn trunk_app(app: &str, dist: &Path) -> Result {
    build::shipped_wasm(Cmd::new("trunk"))
        .args(["build", "--release=true", "--public-url"])
        .arg(format!("/{app}/"))
        .arg("--dist")
        .arg(dist)
        .arg(format!("bench/{app}/index.html"))
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .run()?;
    let mut scripts = Vec::new();
    let mut wasm = None;
    for entry in fs::read_dir(dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "js") {
            scripts.push(path);
        } else if path.extension().is_some_and(|ext| ext == "wasm") {
            wasm = Some(path);
        }
    }
    // Trunk names the glue after the wasm: `<app>-<hash>.js` beside `<app>-<hash>_bg.wasm`.
    let wasm = wasm.ok_or_else(|| format!("Trunk made no wasm in {}", dist.display()))?;
    let glue = wasm.to_string_lossy().replace("_bg.wasm", ".js");
    crate::wasm::finish(&wasm, Path::new(&glue))?;
    crate::dist::minify_js(&scripts)?;
    crate::imports::shorten(&wasm, Path::new(&glue))?;
    Ok(())
}

/// Raw, gzip -9 and brotli (quality 11) bytes per kind of file.
struct Sizes {
    /// "wasm", "js", "css" → (raw, gzip, brotli)
    kinds: BTreeMap<&'static str, [usize; 3]>,
}

impl Sizes {
    fn measure(dir: &Path, dist: DistSize) -> Result<Sizes> {
        // Brotli as `cargo xtask dist` writes it beside each file (the bench apps have no
        // copies of their own).
        let mut brotli = Vec::new();
        for file in &dist.files {
            brotli.push(crate::dist::brotli(&fs::read(dir.join(&file.name))?)?.len());
        }
        let mut kinds = BTreeMap::new();
        for kind in ["wasm", "js", "css"] {
            kinds.insert(kind, [0; 3]);
        }
        for (file, brotli) in dist.files.iter().zip(brotli) {
            let kind = ["wasm", "js", "css"]
                .into_iter()
                .find(|kind| file.name.ends_with(&format!(".{kind}")))
                .expect("DistSize keeps wasm, js and css only");
            let sizes = kinds.get_mut(kind).expect("every kind is present");
            sizes[0] += file.raw;
            sizes[1] += file.gzip;
            sizes[2] += brotli;
        }
        Ok(Sizes { kinds })
    }

    fn total(&self) -> [usize; 3] {
        let mut total = [0; 3];
        for sizes in self.kinds.values() {
            for (t, s) in total.iter_mut().zip(sizes) {
                *t += s;
            }
        }
        total
    }
}

/// `tests/bench_browser.rs`' output: one `name value...` line per figure.
struct Figures {
    lines: BTreeMap<String, String>,
}

impl Figures {
    fn read(path: &Path) -> Result<Figures> {
        let text = fs::read_to_string(path).map_err(|e| {
            format!(
                "the browser benchmark wrote no figures to {}: {e}",
                path.display()
            )
        })?;
        let lines = text
            .lines()
            .filter_map(|line| line.split_once(' '))
            .map(|(name, values)| (name.to_string(), values.to_string()))
            .collect();
        Ok(Figures { lines })
    }

    fn text(&self, name: &str) -> String {
        self.lines.get(name).cloned().unwrap_or_default()
    }

    fn values(&self, name: &str) -> Vec<f64> {
        self.lines
            .get(name)
            .map(|v| {
                v.split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn median(&self, name: &str) -> f64 {
        let mut values = self.values(name);
        if values.is_empty() {
            return f64::NAN;
        }
        values.sort_by(f64::total_cmp);
        let mid = values.len() / 2;
        if values.len() % 2 == 1 {
            values[mid]
        } else {
            (values[mid - 1] + values[mid]) / 2.0
        }
    }
}

struct Machine {
    date: String,
    cpu: String,
    cores: String,
}

fn machine() -> Machine {
    let read = |program: &str, args: &[&str]| {
        Cmd::new(program)
            .args(args)
            .read()
            .unwrap_or_else(|| "?".to_string())
    };
    let cpu = read("lscpu", &[])
        .lines()
        .find_map(|l| l.strip_prefix("Model name:"))
        .map(|m| m.trim().to_string())
        .unwrap_or_else(|| "?".to_string());
    Machine {
        date: read("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        cpu,
        cores: read("nproc", &[]),
    }
}

struct Report {
    machine: Machine,
    console: Sizes,
    hello: Sizes,
    browser: Figures,
}

/// One figure of the table: what, the median, and the goal it is held to, if any.
struct Row {
    label: String,
    value: String,
    goal: String,
}

impl Report {
    fn size_rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let row = |label: String, value: String, goal: String| Row { label, value, goal };
        let sizes =
            |s: &[usize; 3]| format!("{:>10} {:>10} {:>10}", kib(s[0]), kib(s[1]), kib(s[2]));
        for (kind, s) in &self.console.kinds {
            rows.push(row(format!("console {kind}"), sizes(s), String::new()));
        }
        let console = self.console.total();
        let hello = self.hello.total();
        rows.push(row(
            "console total".into(),
            sizes(&console),
            goal(
                console[1] <= GOAL_GZIP,
                &format!("gzip <= {}", kib(GOAL_GZIP)),
            ),
        ));
        rows.push(row(
            "hello-world total".into(),
            sizes(&hello),
            String::new(),
        ));
        rows.push(row(
            "ratio console / hello".into(),
            format!(
                "{:>10} {:>10} {:>10}",
                ratio(console[0], hello[0]),
                ratio(console[1], hello[1]),
                ratio(console[2], hello[2])
            ),
            String::new(),
        ));
        rows
    }

    fn browser_rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let row = |label: String, value: String, goal: String| Row { label, value, goal };
        let b = &self.browser;
        let load_n = b.text("load_webhooks");
        let filter_n = b.text("filter_webhooks");
        let hello_ms = b.median("hello_ready_ms");
        let list_ms = b.median("console_list_ready_ms");
        rows.push(row(
            "hello: navigation -> `hello-ready`".into(),
            format!("{hello_ms:.0} ms"),
            String::new(),
        ));
        rows.push(row(
            "console: navigation -> connect form".into(),
            format!("{:.0} ms", b.median("console_connect_form_ms")),
            String::new(),
        ));
        rows.push(row(
            format!("console: navigation -> `webhook-list-ready` ({load_n} webhooks)"),
            format!("{list_ms:.0} ms"),
            String::new(),
        ));
        let load_ratio = list_ms / hello_ms;
        rows.push(row(
            "ratio console / hello (cold load)".into(),
            format!("{load_ratio:.2}x"),
            goal(load_ratio <= 1.5, "<= 1.5x"),
        ));
        let validate = b.median("validate_us_per_call");
        rows.push(row(
            format!(
                "validate_create, {} calls, per call",
                b.text("validate_calls")
            ),
            format!("{validate:.2} us"),
            goal(validate <= 50.0, "<= 50 us"),
        ));
        let filter = b.median("filter_keystroke_ms");
        rows.push(row(
            format!("filter {filter_n} webhooks: keystroke -> painted"),
            format!("{filter:.1} ms"),
            goal(filter <= 16.0, "<= 16 ms"),
        ));
        rows.push(row(
            format!("JS heap after loading {filter_n} (after GC)"),
            mib(b.median("js_heap_bytes")),
            String::new(),
        ));
        rows.push(row(
            format!("wasm memory after loading {filter_n}"),
            mib(b.median("wasm_memory_bytes")),
            String::new(),
        ));
        rows
    }

    fn table(&self) -> String {
        let m = &self.machine;
        let mut out = format!(
            "Webhook Console benchmark, {}; {} ({} cores); medians of {} runs\n{}\n",
            m.date,
            m.cpu,
            m.cores,
            self.browser.text("runs"),
            self.browser.text("user_agent"),
        );
        let _ = writeln!(
            out,
            "{:<62} {:>32}  goal",
            "transfer size (wasm + JS + CSS)",
            format!("{:>10} {:>10} {:>10}", "raw", "gzip -9", "brotli 11")
        );
        for row in self.size_rows() {
            let _ = writeln!(out, "  {:<60} {:>32}  {}", row.label, row.value, row.goal);
        }
        let _ = writeln!(out, "in the browser (headless Chromium, cache disabled)");
        for row in self.browser_rows() {
            let _ = writeln!(out, "  {:<60} {:>32}  {}", row.label, row.value, row.goal);
        }
        out
    }

    fn json(&self) -> String {
        let m = &self.machine;
        let mut out = String::from("{\n");
        let _ = writeln!(
            out,
            "  \"machine\": {{\"date\": {}, \"cpu\": {}, \"cores\": {}, \"browser\": {}}},",
            crate::dist::json_string(&m.date),
            crate::dist::json_string(&m.cpu),
            crate::dist::json_string(&m.cores),
            crate::dist::json_string(&self.browser.text("user_agent"))
        );
        for (name, sizes) in [("console", &self.console), ("hello", &self.hello)] {
            let _ = write!(out, "  \"{name}_bytes\": {{");
            for (kind, s) in &sizes.kinds {
                let _ = write!(
                    out,
                    "\"{kind}\": {{\"raw\": {}, \"gzip\": {}, \"brotli\": {}}}, ",
                    s[0], s[1], s[2]
                );
            }
            let t = sizes.total();
            let _ = writeln!(
                out,
                "\"total\": {{\"raw\": {}, \"gzip\": {}, \"brotli\": {}}}}},",
                t[0], t[1], t[2]
            );
        }
        for name in ["runs", "load_webhooks", "filter_webhooks", "validate_calls"] {
            let _ = writeln!(out, "  \"{name}\": {},", self.browser.text(name));
        }
        let names = [
            "hello_ready_ms",
            "console_connect_form_ms",
            "console_list_ready_ms",
            "validate_us_per_call",
            "filter_keystroke_ms",
            "js_heap_bytes",
            "wasm_memory_bytes",
        ];
        for (i, name) in names.iter().enumerate() {
            let runs: Vec<String> = self
                .browser
                .values(name)
                .iter()
                .map(|v| number(*v))
                .collect();
            let _ = writeln!(
                out,
                "  \"{name}\": {{\"median\": {}, \"runs\": [{}]}}{}",
                number(self.browser.median(name)),
                runs.join(", "),
                if i + 1 == names.len() { "" } else { "," }
            );
        }
        out.push_str("}\n");
        out
    }
}

/// A JSON number; `null` for a figure the browser run did not give.
fn number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".to_string()
    }
}

fn goal(met: bool, what: &str) -> String {
    format!("{what}: {}", if met { "met" } else { "NOT met" })
}

fn ratio(a: usize, b: usize) -> String {
    format!("{:.2}x", a as f64 / b.max(1) as f64)
}

fn mib(bytes: f64) -> String {
    format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
}
