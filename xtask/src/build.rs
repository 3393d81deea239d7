//! The two builds that `run`, `test` and `dist` share.

use crate::util::{Cmd, Result, WASM_TARGET, project_root, target_dir};
use std::path::PathBuf;

pub fn dist_dir() -> PathBuf {
    project_root().join("dist")
}

pub fn sandbox_bin() -> PathBuf {
    target_dir().join("server/webhook-sandbox")
}

/// The APIs the console speaks, each its own build (cargo feature of the same name): a
/// portal downloads only the one it uses. The first is the default (a `config.json` or
/// `mount` without a provider, and `manifest.json`'s `entry` for v1 loaders).
pub const PROVIDERS: &[&str] = &["slashid", "instavm", "droplit"];

/// Where Trunk builds one provider's console before `dist::finish` gathers them.
pub fn provider_dir(provider: &str) -> PathBuf {
    target_dir().join("trunk").join(provider)
}

/// The console as admins get it, once per provider: release profile (size-tuned) and
/// wasm-opt -Oz, by Trunk, with only that provider's feature. Then made the CDN folder
/// (`dist::finish`): loader, manifest, standalone pages, compressed copies.
pub fn console_release() -> Result {
    fetch_std_dependencies()?;
    for provider in PROVIDERS {
        // `--release` takes an optional value, so a bare `--release` would swallow the
        // next argument; Trunk.toml keeps Trunk offline and pins the tool versions.
        shipped_wasm(Cmd::new("trunk"))
            .args(["build", "--release=true", "--no-default-features=true"])
            .args(["--features", provider, "--dist"])
            .arg(provider_dir(provider))
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .run()?;
    }
    crate::dist::finish(&dist_dir())
}

/// How every wasm that admins download is compiled (the console, and the bench apps it is
/// compared with). std is compiled with the app (`-Zbuild-std`, on the pinned stable
/// compiler through `RUSTC_BOOTSTRAP`, as rustc's own build does) so that a panic is a bare
/// `unreachable` trap: no panic messages, source locations or their formatting in the
/// download (README, "Benchmarks and budgets", has the measured gain). A panic still fails
/// every test (a page error); only its message is not shipped. Component tests and clippy
/// keep the plain std, with messages.
///
/// `{:?}` writes nothing in the download (`-Zfmt-debug=none`: no `Debug` code for the
/// wire types, serde's and the framework's). Together with the verifier's sentences no
/// longer quoting with `{:?}` (a `str`'s `Debug` brings Unicode's printable-character
/// tables), -3.3 KB gzip on SlashID's bundle (measured on the lost-updates merge). So no
/// shipped text may be made with it: `shipped_code_formats_nothing_with_debug` checks.
pub fn shipped_wasm(cmd: Cmd) -> Cmd {
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        // std's own size switch: smaller sort, formatting and collection code in core and
        // alloc (README, "Benchmarks and budgets").
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        // Replaces `.cargo/config.toml`'s wasm32 rustflags, so it repeats them.
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none",
        )
}

/// Trunk runs cargo `--offline` (Trunk.toml), and std's own dependencies (dlmalloc,
/// getopts...) are fetched only for a build-std build: on a fresh machine they must be
/// fetched first.
fn fetch_std_dependencies() -> Result {
    shipped_wasm(Cmd::cargo())
        .args(["fetch", "--target", WASM_TARGET])
        .run()
}

/// The sandbox is a native server: the `server` profile (speed, unwinding), not `release`.
pub fn sandbox() -> Result {
    Cmd::cargo()
        .args([
            "build",
            "--package",
            "webhook-sandbox",
            "--profile",
            "server",
        ])
        .run()
}

#[cfg(test)]
mod tests {
    use std::fs;

    /// Every `{:?}`-style placeholder in `text` outside its `#[cfg(test)]` module, as
    /// `line: text`; comments are skipped, and a line may opt out with `// debug-only` (a
    /// `Debug` impl itself).
    fn debug_formats(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let next = lines.get(i + 1).copied().unwrap_or_default();
            if line.trim() == "#[cfg(test)]" && next.contains("mod ") {
                break;
            }
            if line.contains("// debug-only") || line.trim_start().starts_with("//") {
                continue;
            }
            let mut rest = *line;
            while let Some(open) = rest.find('{') {
                rest = &rest[open + 1..];
                let Some(close) = rest.find('}') else { break };
                let inner = &rest[..close];
                if !inner.contains('{') && (inner.ends_with(":?") || inner.ends_with(":#?")) {
                    found.push(format!("{}: {}", i + 1, line.trim()));
                }
            }
        }
        found
    }

    #[test]
    fn finds_debug_placeholders_outside_tests_only() {
        let text = "let a = format!(\"{x:?} {y}\");\nlet b = format!(\"{:#?}\", z);\nlet c = 1; // debug-only {q:?}\n#[cfg(test)]\nmod tests { fn f() { format!(\"{w:?}\"); } }\n";
        let found = debug_formats(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("1: "), "{found:?}");
        assert!(found[1].starts_with("2: "), "{found:?}");
    }

    /// The shipped wasm is built with `-Zfmt-debug=none` (`shipped_wasm`): a `{:?}` in
    /// the console's or the rules' code would show the admin an empty string.
    #[test]
    fn shipped_code_formats_nothing_with_debug() {
        let root = crate::util::project_root();
        let mut files = Vec::new();
        crate::util::rust_files(&root.join("src"), &mut files);
        crate::util::rust_files(&root.join("crates/rules/src"), &mut files);
        let mut found = Vec::new();
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for hit in debug_formats(&text) {
                found.push(format!("{}:{hit}", file.display()));
            }
        }
        assert!(
            found.is_empty(),
            "Debug formatting in shipped code:\n{}",
            found.join("\n")
        );
    }
}
