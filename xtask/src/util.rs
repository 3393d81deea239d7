//! Helpers shared by the commands: where things are, and running programs loudly.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs, io::Read, io::Write, net::TcpStream};

pub type Error = Box<dyn std::error::Error>;
pub type Result<T = ()> = std::result::Result<T, Error>;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn project_root() -> PathBuf {
    // xtask always runs from the workspace it belongs to, wherever cargo was invoked.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Cargo's target directory, honouring `CARGO_TARGET_DIR` like cargo does.
pub fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => project_root().join(dir),
        None => project_root().join("target"),
    }
}

pub fn cargo_bin_dir() -> PathBuf {
    match env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => home_dir().join(".cargo").join("bin"),
    }
}

fn home_dir() -> PathBuf {
    env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// PATH for every child: the repo's npm tools first, so that Trunk finds binaryen's
/// wasm-opt 123 and never an older one from the system (Debian's 108 produces a module
/// that fails at start-up), then cargo-installed tools, which a fresh shell may not have.
pub fn tool_path() -> OsString {
    let mut dirs = vec![
        project_root().join("node_modules").join(".bin"),
        cargo_bin_dir(),
    ];
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).expect("no PATH entry contains a colon")
}

/// The version of `package` recorded in Cargo.lock (exactly one is expected).
pub fn lock_version(package: &str) -> Result<String> {
    let lock_path = project_root().join("Cargo.lock");
    if !lock_path.exists() {
        // `cargo xtask` itself writes the lock file; this only happens if it was deleted since.
        Cmd::cargo().args(["generate-lockfile"]).run()?;
    }
    let lock = fs::read_to_string(&lock_path)?;
    let wanted = format!("name = \"{package}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == wanted
            && let Some(version) = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        {
            versions.push(version.to_string());
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no `{package}`").into()),
        many => Err(format!("Cargo.lock has several `{package}`: {many:?}").into()),
    }
}

/// A child process run from the project root, with `tool_path()` and no stdin: CI has
/// no terminal, and nothing here may stop to ask a question.
pub struct Cmd {
    command: Command,
    shown: String,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        let program = program.as_ref();
        let mut command = Command::new(program);
        command
            .current_dir(project_root())
            .env("PATH", tool_path())
            .stdin(Stdio::null());
        Cmd {
            command,
            shown: program.to_string_lossy().into_owned(),
        }
    }

    /// The cargo that runs xtask, so that nested builds use the same toolchain.
    pub fn cargo() -> Cmd {
        Cmd::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into())).shown_as("cargo")
    }

    fn shown_as(mut self, name: &str) -> Cmd {
        self.shown = name.to_string();
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        let arg = arg.as_ref();
        self.shown.push(' ');
        self.shown.push_str(&arg.to_string_lossy());
        self.command.arg(arg);
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(self, args: I) -> Cmd {
        args.into_iter().fold(self, Cmd::arg)
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.command.env(key, value);
        self
    }

    /// Runs to completion with inherited output; a failure names the command.
    pub fn run(mut self) -> Result {
        println!("$ {}", self.shown);
        flush();
        let status = self
            .command
            .status()
            .map_err(|e| format!("cannot start `{}`: {e}", self.shown))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`{}` failed ({status})", self.shown).into())
        }
    }

    /// Quietly captures stdout; `None` when the program is missing or fails, which is
    /// how the setup checks tell "not installed".
    pub fn read(mut self) -> Option<String> {
        let output = self.command.stderr(Stdio::null()).output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    }

    pub fn spawn(mut self) -> Result<Child> {
        println!("$ {}", self.shown);
        flush();
        Ok(self
            .command
            .spawn()
            .map_err(|e| format!("cannot start `{}`: {e}", self.shown))?)
    }
}

pub fn flush() {
    // Our lines and the children's share the terminal (or CI's log): keep them in order.
    let _ = std::io::stdout().flush();
}

/// Waits until `GET /healthz` on `addr` answers 200, or the child exits, or time runs out.
pub fn wait_healthy(addr: &str, child: &mut Child, timeout: Duration) -> Result {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Err(format!("the sandbox exited before it was ready ({status})").into());
        }
        if http_status(addr, "/healthz") == Some(200) {
            return Ok(());
        }
        if start.elapsed() > timeout {
            return Err(format!(
                "the sandbox did not answer /healthz on {addr} within {timeout:?}"
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A bare HTTP/1.0 GET: enough for a health check, without an HTTP client dependency.
fn http_status(addr: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// Every `.rs` file below `dir`, for the tests that read the console's own source.
#[cfg(test)]
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// An empty folder of the system's temporary directory for one test, named `name` and
/// this process (so that parallel runs do not share it).
#[cfg(test)]
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}
