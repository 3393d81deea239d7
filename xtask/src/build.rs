//! The two builds that `run`, `test` and `dist` share.

use crate::util::{Cmd, Result, project_root, target_dir};
use std::path::PathBuf;

pub fn dist_dir() -> PathBuf {
    project_root().join("dist")
}

pub fn sandbox_bin() -> PathBuf {
    target_dir().join("server/webhook-sandbox")
}

/// The console as admins get it: release profile (size-tuned) and wasm-opt -Oz, by Trunk.
/// Then made the CDN folder (`dist::finish`): loader, manifest, compressed copies.
pub fn console_release() -> Result {
    // `--release` takes an optional value, so a bare `--release` would swallow the next
    // argument; Trunk.toml keeps Trunk offline and pins the tool versions.
    Cmd::new("trunk")
        .args(["build", "--release=true"])
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .run()?;
    crate::dist::finish(&dist_dir())
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
