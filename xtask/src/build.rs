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
pub fn shipped_wasm(cmd: Cmd) -> Cmd {
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        // std's own size switch: smaller sort, formatting and collection code in core and
        // alloc (README, "Benchmarks and budgets").
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        // Replaces `.cargo/config.toml`'s wasm32 rustflags, so it repeats them.
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none",
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
