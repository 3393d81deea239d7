//! `cargo xtask run`: the console served by the local sandbox, as on a fresh machine.

use crate::util::{Cmd, Result, project_root, target_dir, wait_healthy};
use crate::{build, setup};
use std::{ffi::OsString, fs, path::Path, time::Duration};

/// Where `examples/host-portal/index.html` loads the console from.
const CDN_PREFIX: &str = "/static/webhook-console/current";
const PORTAL_PREFIX: &str = "/portal";

fn static_at(prefix: &str, dir: &Path) -> OsString {
    let mut arg = OsString::from(format!("{prefix}="));
    arg.push(dir);
    arg
}

/// How each API is named, and which of the sandbox's demo lines (printed above by the
/// sandbox itself) its connect form asks for.
fn provider_name(provider: &str) -> &'static str {
    match provider {
        "slashid" => "SlashID",
        "instavm" => "InstaVM",
        "droplit" => "Droplit",
        _ => "Unknown",
    }
}

fn demo_credentials(provider: &str) -> &'static str {
    match provider {
        "slashid" => "the demo organization and API key above",
        "instavm" => "the demo InstaVM API key above",
        "droplit" => "the demo Droplit token and ecosystem above",
        _ => "see the sandbox's lines above",
    }
}

pub struct Flags {
    listen: String,
}

impl Flags {
    pub fn parse(args: &[String]) -> Result<Flags> {
        let mut flags = Flags {
            listen: "127.0.0.1:8080".to_string(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--listen" => {
                    flags.listen = args
                        .next()
                        .ok_or("--listen needs an address, e.g. 127.0.0.1:8080")?
                        .clone();
                }
                other => match other.strip_prefix("--listen=") {
                    Some(addr) => flags.listen = addr.to_string(),
                    None => return Err(format!("unexpected argument `{other}`").into()),
                },
            }
        }
        Ok(flags)
    }
}

pub fn run(flags: Flags) -> Result {
    setup::run()?;
    build::console_release()?;
    build::sandbox()?;

    // Kept under target/ so that it is ignored by git and survives between runs.
    let data_dir = target_dir().join("sandbox-data");
    fs::create_dir_all(&data_dir)?;
    let mut sandbox = Cmd::new(build::sandbox_bin())
        .args(["--listen", &flags.listen, "--db"])
        .arg(data_dir.join("sandbox.db"))
        .arg("--static")
        .arg(build::dist_dir())
        // The same dist under a sub-path, as a CDN serves it, and the example portal that
        // embeds it from there.
        .arg("--static-at")
        .arg(static_at(CDN_PREFIX, &build::dist_dir()))
        .arg("--static-at")
        .arg(static_at(
            PORTAL_PREFIX,
            &project_root().join("examples/host-portal"),
        ))
        .spawn()?;
    if let Err(error) = wait_healthy(&flags.listen, &mut sandbox, Duration::from_secs(30)) {
        let _ = sandbox.kill();
        return Err(error);
    }
    print!("{}", banner(&flags.listen));
    crate::util::flush();
    let status = sandbox.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the sandbox stopped: {status}").into())
    }
}

/// What `run` prints once the sandbox is up, after the sandbox's own demo lines. The first
/// line is the one it has always printed (scripts read it); then, per provider, the page
/// that opens its console and which demo credentials its connect form asks for.
fn banner(listen: &str) -> String {
    let mut out = format!("Webhook Console: http://{listen}/  (Ctrl-C stops it)\n");
    for provider in build::PROVIDERS {
        out.push_str(&format!(
            "{} console: http://{listen}/{provider}.html  (credentials: {})\n",
            provider_name(provider),
            demo_credentials(provider)
        ));
    }
    out.push_str(&format!(
        "Embedded in an example portal: http://{listen}{PORTAL_PREFIX}/  (dist also at {CDN_PREFIX}/)\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banner_keeps_its_first_line_and_opens_each_providers_console() {
        let text = banner("127.0.0.1:8080");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Webhook Console: http://127.0.0.1:8080/  (Ctrl-C stops it)"
        );
        assert_eq!(
            lines[1..4],
            [
                "SlashID console: http://127.0.0.1:8080/slashid.html  (credentials: the demo organization and API key above)",
                "InstaVM console: http://127.0.0.1:8080/instavm.html  (credentials: the demo InstaVM API key above)",
                "Droplit console: http://127.0.0.1:8080/droplit.html  (credentials: the demo Droplit token and ecosystem above)",
            ]
        );
        assert!(
            lines[4].starts_with("Embedded in an example portal: http://127.0.0.1:8080/portal/")
        );
        assert_eq!(lines.len(), 5);
        // Each page the banner names is one the dist writes.
        for provider in build::PROVIDERS {
            assert!(text.contains(&format!("/{provider}.html")), "{provider}");
        }
    }
}
