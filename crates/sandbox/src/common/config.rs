//! The flags every API shares: where to listen, the database, static folders, faults.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, clap::Args)]
#[group(id = "common")]
#[command(next_help_heading = "Common")]
pub struct CommonFlags {
    /// Address to listen on (port 0 picks a free port; the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// SQLite database file, one for every API (`:memory:` for a throwaway one). The key
    /// that encrypts secrets at rest (header values, signing keys and secrets) is kept
    /// beside it, in `<db>.key`.
    #[arg(long, default_value = "sandbox.db")]
    pub db: PathBuf,
    /// Serve the built console from this directory at `/`, beside the APIs.
    #[arg(long = "static", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Also serve DIR under the path PREFIX (repeatable), e.g.
    /// `--static-at /portal=examples/host-portal`: a host page, or the console's dist
    /// under a sub-path as a CDN would. PREFIX cannot be one of the APIs' paths.
    #[arg(long = "static-at", value_name = "PREFIX=DIR", value_parser = parse_static_at)]
    pub static_at: Vec<StaticAt>,
    /// Honour the `X-Sandbox-Fault` request header.
    #[arg(long)]
    pub allow_faults: bool,
    /// Recorded deliveries kept per SlashID organization, InstaVM user and Droplit
    /// ecosystem; the oldest are pruned past it.
    #[arg(long, value_name = "N", default_value_t = crate::common::limits::DELIVERIES_PER_OWNER as u64,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub keep_deliveries: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticAt {
    /// Starts with `/`, no trailing `/`.
    pub prefix: String,
    pub dir: PathBuf,
}

fn parse_static_at(s: &str) -> Result<StaticAt, String> {
    let (prefix, dir) = s
        .split_once('=')
        .ok_or_else(|| "expected PREFIX=DIR, e.g. /portal=examples/host-portal".to_owned())?;
    let prefix = prefix.trim_end_matches('/');
    if !prefix.starts_with('/') || prefix.len() < 2 || dir.is_empty() {
        return Err("expected PREFIX=DIR with PREFIX like /portal".to_owned());
    }
    if crate::is_api_path(prefix) {
        return Err(format!("{prefix} is one of the API's paths"));
    }
    Ok(StaticAt {
        prefix: prefix.to_owned(),
        dir: PathBuf::from(dir),
    })
}
