//! `cargo xtask test`: everything CI checks, cheapest first, stopping at the first failure.
//! Nothing is printed after the last step, so the run ends with cargo's own test summary.

use crate::util::{Cmd, Result, WASM_TARGET, project_root};
use crate::{build, setup, size};
use std::fs;

pub fn run() -> Result {
    setup::run()?;
    cargo("fmt --all --check")?;
    cargo("clippy --workspace --all-targets -- -D warnings")?;
    // What ships in the browser, compiled for it. The rules crate's own tests stay native:
    // they use proptest, whose random source does not build for wasm32-unknown-unknown.
    cargo(&format!(
        "clippy -p webhook-console --target {WASM_TARGET} --all-targets -- -D warnings"
    ))?;
    cargo(&format!(
        "clippy -p webhook-rules --target {WASM_TARGET} --lib -- -D warnings"
    ))?;
    // Each provider's build on its own, as `dist` ships it: a `cfg` missing on code that
    // only one provider uses fails here, not in a portal.
    for feature in FEATURES {
        for package in ["webhook-console", "webhook-rules"] {
            cargo(&format!(
                "clippy -p {package} --target {WASM_TARGET} --lib --no-default-features --features {feature} -- -D warnings"
            ))?;
        }
    }
    // Unit, parity and differential tests; the end-to-end tests are `#[ignore]`d here
    // because they need the release build made below.
    cargo("test --workspace")?;
    // Component tests, in headless Chromium through wasm-bindgen-test-runner.
    cargo(&format!("test -p webhook-console --target {WASM_TARGET}"))?;

    build::console_release()?;
    // Size is deterministic, so its budget gates (timings are `cargo xtask bench`'s): over
    // it, the run fails with the per-file table.
    size::check_budget(&build::dist_dir())?;
    build::sandbox()?;
    let mut e2e = Cmd::cargo().args(["test", "-p", "webhook-console"]);
    for name in e2e_tests()? {
        e2e = e2e.args(["--test", &name]);
    }
    e2e.env("WEBHOOK_CONSOLE_DIST", build::dist_dir())
        .env("WEBHOOK_SANDBOX_BIN", build::sandbox_bin())
        .args(["--", "--include-ignored"])
        .run()
}

/// The console's and the rules crate's one-provider feature sets.
const FEATURES: &[&str] = &["slashid", "instavm", "droplit"];

/// A cargo command line written as one string: none of these arguments contains a space.
fn cargo(command_line: &str) -> Result {
    Cmd::cargo().args(command_line.split_whitespace()).run()
}

/// Files of `tests/` named so are benchmarks, run by `cargo xtask bench` only.
const BENCH_PREFIX: &str = "bench_";

/// An end-to-end test file is one that uses the shared harness (`mod support;`), so a new
/// file is picked up without touching xtask.
fn e2e_tests() -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(project_root().join("tests"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "rs")
            && fs::read_to_string(&path)?
                .lines()
                .any(|line| line.trim() == "mod support;")
            && let Some(stem) = path.file_stem()
        {
            let stem = stem.to_string_lossy().into_owned();
            // Benchmarks use the same harness but are commands that print numbers
            // (`cargo xtask bench`), never timed tests in CI.
            if !stem.starts_with(BENCH_PREFIX) {
                names.push(stem);
            }
        }
    }
    names.sort();
    if names.is_empty() {
        return Err("no end-to-end test file (one with `mod support;`) in tests/".into());
    }
    Ok(names)
}
