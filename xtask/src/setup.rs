//! `cargo xtask setup`: installs what a fresh machine lacks, and says "ok" for what it has.
//! Every step checks before it acts, so running it again costs a few seconds.

use crate::util::{Cmd, Result, WASM_TARGET, cargo_bin_dir, lock_version, project_root};
use std::{fs, path::Path};

const TRUNK_SERIES: &str = "0.21";
const BINARYEN_VERSION: &str = "123";
/// The Python oracles' venv, relative to the project root (the tests look for it there).
const PYTHON_VENV: &str = "target/python";
const PYTHON_REQUIREMENTS: &str = "tests/python/requirements.txt";

pub fn run() -> Result {
    rust_target()?;
    rust_components()?;
    system_packages()?;
    npm_packages()?;
    wasm_bindgen_cli()?;
    trunk()?;
    trunk_pins()?;
    python_venv()?;
    println!("ok: setup complete");
    Ok(())
}

fn rust_target() -> Result {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .read();
    if installed.is_some_and(|list| list.lines().any(|line| line == WASM_TARGET)) {
        println!("ok: rust target {WASM_TARGET} already installed");
        return Ok(());
    }
    println!("installing rust target {WASM_TARGET}");
    Cmd::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .run()
}

fn rust_components() -> Result {
    let installed = Cmd::new("rustup")
        .args(["component", "list", "--installed"])
        .read()
        .unwrap_or_default();
    // rust-src: the shipped wasm is built with its own std (`build::shipped_wasm`).
    for component in ["clippy", "rustfmt", "rust-src"] {
        if installed
            .lines()
            .any(|line| line == component || line.starts_with(&format!("{component}-")))
        {
            println!("ok: rust component {component} already installed");
        } else {
            println!("installing rust component {component}");
            Cmd::new("rustup")
                .args(["component", "add", component])
                .run()?;
        }
    }
    Ok(())
}

/// Chromium and its driver (component and end-to-end tests) and Go (the differential
/// tests run the upstream Go validators) come from Debian. Never Debian's `binaryen`:
/// its wasm-opt 108 builds a console that fails at start-up while reporting success.
fn system_packages() -> Result {
    let mut missing = Vec::new();
    for (package, present) in [
        ("chromium", Path::new("/usr/bin/chromium").exists()),
        (
            "chromium-driver",
            Path::new("/usr/bin/chromedriver").exists(),
        ),
        ("golang-go", Cmd::new("go").arg("version").read().is_some()),
        ("nodejs", Cmd::new("node").arg("--version").read().is_some()),
        ("npm", Cmd::new("npm").arg("--version").read().is_some()),
    ] {
        if present {
            println!("ok: {package} already installed");
        } else {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let install = format!("apt-get install -y {}", missing.join(" "));
    if Cmd::new("id").arg("-u").read().as_deref() != Some("0") {
        return Err(format!(
            "missing system packages; as root run:\n  apt-get update && DEBIAN_FRONTEND=noninteractive {install}"
        )
        .into());
    }
    println!("installing {}", missing.join(", "));
    Cmd::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    Cmd::new("apt-get")
        // The plain install, recommends included, is the one measured to work here.
        .args(["install", "-y"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}

/// binaryen (wasm-opt for Trunk), terser (the dist's JS) and axe-core (accessibility
/// checks) live in the repo's node_modules, pinned by package-lock.json.
fn npm_packages() -> Result {
    let root = project_root();
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let wasm_opt_version = Cmd::new(&wasm_opt)
        .arg("--version")
        .read()
        .unwrap_or_default();
    let installed_lock = root.join("node_modules/.package-lock.json");
    let up_to_date = wasm_opt_version.contains(&format!("version {BINARYEN_VERSION}"))
        && root.join("node_modules/axe-core/package.json").exists()
        && root.join("node_modules/.bin/terser").exists()
        && modified(&installed_lock) >= modified(&root.join("package-lock.json"));
    if up_to_date {
        println!("ok: npm packages already installed ({wasm_opt_version})");
        return Ok(());
    }
    println!(
        "installing npm packages (binaryen {BINARYEN_VERSION}, terser, axe-core) into node_modules"
    );
    let command = if root.join("package-lock.json").exists() {
        "ci"
    } else {
        "install"
    };
    Cmd::new("npm")
        .args([command, "--no-audit", "--no-fund"])
        .run()
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

/// The CLI must equal the `wasm-bindgen` crate in Cargo.lock: the two share an unstable
/// format. Installed without `--locked`: the CLI's own lock names a crate version that
/// the registry no longer has.
fn wasm_bindgen_cli() -> Result {
    let wanted = lock_version("wasm-bindgen")?;
    let cli = Cmd::new("wasm-bindgen").arg("--version").read();
    let runner = Cmd::new("wasm-bindgen-test-runner").arg("--version").read();
    let expected = |found: &Option<String>| {
        found
            .as_deref()
            .is_some_and(|v| v.ends_with(&format!(" {wanted}")))
    };
    if expected(&cli) && expected(&runner) {
        println!("ok: wasm-bindgen-cli {wanted} already installed");
        return Ok(());
    }
    println!(
        "installing wasm-bindgen-cli {wanted} (found: {}) into {}",
        cli.as_deref().unwrap_or("none"),
        cargo_bin_dir().display()
    );
    Cmd::cargo()
        .args(["install", "wasm-bindgen-cli", "--version", &wanted])
        .run()
}

fn trunk() -> Result {
    let found = Cmd::new("trunk").arg("--version").read();
    if let Some(version) = found
        .as_deref()
        .filter(|v| v.starts_with(&format!("trunk {TRUNK_SERIES}.")))
    {
        println!("ok: {version} already installed");
        return Ok(());
    }
    // 0.22 needs a newer rustc than the project's; --locked keeps its dependencies building.
    println!(
        "installing trunk {TRUNK_SERIES}.x (found: {}), about 12 minutes",
        found.as_deref().unwrap_or("none")
    );
    Cmd::cargo()
        .args([
            "install",
            "trunk",
            "--version",
            &format!("~{TRUNK_SERIES}"),
            "--locked",
        ])
        .run()
}

/// Trunk.toml pins the wasm-bindgen CLI so Trunk never downloads one; the pin must follow
/// Cargo.lock when the crate is upgraded.
fn trunk_pins() -> Result {
    let wanted = lock_version("wasm-bindgen")?;
    let trunk_toml = fs::read_to_string(project_root().join("Trunk.toml"))?;
    let pinned = trunk_toml
        .lines()
        .find_map(|line| line.trim().strip_prefix("wasm_bindgen"))
        .and_then(|rest| rest.split('"').nth(1));
    if pinned == Some(wanted.as_str()) {
        println!("ok: Trunk.toml pins wasm-bindgen {wanted}, as Cargo.lock does");
        Ok(())
    } else {
        Err(format!(
            "Trunk.toml pins wasm_bindgen = {pinned:?} but Cargo.lock has {wanted}: update [tools] in Trunk.toml"
        )
        .into())
    }
}

/// A venv in target/python with exactly the pinned packages of tests/python/requirements.txt:
/// pydantic and FastAPI (InstaVM's server, the oracle of `pydantic_differential.rs`) and the
/// official InstaVM SDK. The requirements it was built from are kept beside it; when they
/// change, the venv is built again from nothing, so that no package outlives its pin.
pub fn python_venv() -> Result {
    let root = project_root();
    let venv = root.join(PYTHON_VENV);
    let requirements = root.join(PYTHON_REQUIREMENTS);
    let wanted = fs::read_to_string(&requirements)?;
    let stamp = venv.join("requirements.installed.txt");
    let python = venv.join("bin").join("python");
    let installed = fs::read_to_string(&stamp).ok();
    if python.exists() && installed.as_deref() == Some(wanted.as_str()) {
        println!("ok: python venv {PYTHON_VENV} matches {PYTHON_REQUIREMENTS}");
        return Ok(());
    }
    if venv.exists() {
        println!("rebuilding python venv {PYTHON_VENV}: {PYTHON_REQUIREMENTS} changed");
        fs::remove_dir_all(&venv)?;
    }
    println!("creating python venv {PYTHON_VENV} from {PYTHON_REQUIREMENTS}");
    Cmd::new("python3").args(["-m", "venv"]).arg(&venv).run()?;
    Cmd::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-input",
            "--disable-pip-version-check",
            "--requirement",
        ])
        .arg(&requirements)
        .run()?;
    // Written last: an interrupted install is redone on the next run.
    fs::write(&stamp, wanted)?;
    Ok(())
}
