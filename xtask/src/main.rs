//! `cargo xtask`: the project's automation, written in Rust so that a fresh machine
//! needs nothing but cargo to install the rest (the layout follows rust-analyzer's xtask:
//! one small module per command, shared helpers in `util`).

mod bench;
mod build;
mod dist;
mod imports;
#[cfg(test)]
mod layers;
mod run;
mod setup;
mod size;
mod soak;
mod test;
mod util;
mod wasm;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup [python]        install the tools the project needs (idempotent); with
                        `python`, only the Python oracles' venv (target/python)
  run [--listen ADDR]   build the console, serve it from the sandbox (default 127.0.0.1:8080)
  test                  fmt, clippy, unit, component (headless Chromium) and end-to-end tests
  dist                  release (CDN) build of the console into dist/, with its sizes
  bench [--runs N]      sizes, load, validation, filtering and memory in headless Chromium,
                        beside a hello-world Leptos app; table + target/bench.json (N >= 5)
  soak [--seconds N] [--clients N]
                        the sandbox on loopback under N clients (50) calling every API, with
                        hostile bodies, for N seconds (60): latencies, errors, /healthz p99
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprint!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        "setup" => match rest {
            [only] if only == "python" => setup::python_venv(),
            _ => no_args(rest).and_then(|()| setup::run()),
        },
        "run" => run::Flags::parse(rest).and_then(run::run),
        "test" => no_args(rest).and_then(|()| test::run()),
        "dist" => no_args(rest).and_then(|()| dist::run()),
        "bench" => bench::run(rest),
        "soak" => soak::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn no_args(rest: &[String]) -> util::Result {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(format!("unexpected argument `{arg}`").into()),
    }
}
