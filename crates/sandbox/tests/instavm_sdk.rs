//! The official InstaVM SDK (PyPI `instavm`, pinned) drives the sandbox: every webhook call
//! it has, and its own `instavm.webhooks.verify` on a delivery the sandbox recorded
//! (`tests/python/instavm_sdk_flow.py`). The SDK is what real users run against the real
//! server, so what it sends and how it reads answers (empty bodies, errors) is held here.

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::{Sandbox, USER_A};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test]
async fn the_official_sdk_drives_every_webhook_call_and_verifies_a_delivery() {
    let python = repo().join("target/python/bin/python");
    assert!(
        python.is_file(),
        "target/python/bin/python is missing: run `cargo xtask setup` (`cargo xtask setup python` \
         makes only the venv, with the pinned InstaVM SDK)"
    );
    let sb = Sandbox::start(&[]).await;
    let output = Command::new(&python)
        .arg(repo().join("tests/python/instavm_sdk_flow.py"))
        .env("INSTAVM_BASE_URL", &sb.base)
        .env("INSTAVM_API_KEY", USER_A)
        // The sandbox is on loopback: never through a proxy the machine may have.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run the SDK flow");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "the SDK flow failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.trim_end().ends_with("- ok"), "{stdout}");
}
