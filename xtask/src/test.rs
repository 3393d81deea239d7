//! `cargo xtask test`: everything CI checks, cheapest first, stopping at the first failure.
//! Nothing is printed after the last step, so the run ends with cargo's own test summary.

use crate::util::{Cmd, Result, WASM_TARGET, project_root};
use crate::{build, setup};
use std::fs;

pub fn run() -> Result {
    setup::run()?;
    Cmd::cargo().args(["fmt", "--all", "--check"]).run()?;
    Cmd::cargo()
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .run()?;
    // Only the crates that ship in the browser; the sandbox and xtask are native-only.
    Cmd::cargo()
        .args([
            "clippy",
            "-p",
            "webhook-console",
            "-p",
            "webhook-rules",
            "--target",
            WASM_TARGET,
        ])
        .args(["--all-targets", "--", "-D", "warnings"])
        .run()?;
    // Unit, parity and differential tests; the end-to-end tests are `#[ignore]`d here
    // because they need the release build made below.
    Cmd::cargo().args(["test", "--workspace"]).run()?;
    // Component tests, in headless Chromium through wasm-bindgen-test-runner.
    Cmd::cargo()
        .args(["test", "-p", "webhook-console", "--target", WASM_TARGET])
        .run()?;

    build::console_release()?;
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
            names.push(stem.to_string_lossy().into_owned());
        }
    }
    names.sort();
    if names.is_empty() {
        return Err("no end-to-end test file (one with `mod support;`) in tests/".into());
    }
    Ok(names)
}
