//! A local, faithful SlashID Organization Webhooks API on SQLite.
//!
//! It is the console's default backend on a fresh machine and the server of the browser
//! tests. Every verdict on a request body comes from `webhook-rules`, the crate the
//! console validates with, so both always agree; this crate holds no validation rule.
//!
//! Beside the SlashID endpoints it serves:
//! - `GET /healthz`: 200 once the database is open and the port bound.
//! - `GET /sandbox/deliveries[?webhook_id=ID]` (same auth as the API): the webhook calls the
//!   real API would have made, newest first, as
//!   `{result:[{id, webhook_id, target_url, trigger_name, created_at, jwt}]}`. The sandbox
//!   makes no outbound call; a test reads the signed JWTs here and verifies them against
//!   the JWKS.
//! - the built console at `/` when `--static DIR` is given.
//! - with `--allow-faults`, the `X-Sandbox-Fault` request header (see `faults`).
//!
//! Every answer carries `X-Webhook-Sandbox: 1` (exposed through CORS): the console asks
//! for `/sandbox/deliveries` only once it has seen it.

pub mod auth;
pub mod body;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod envelope;
pub mod faults;
pub mod rate_limit;
pub mod replication;
pub mod routes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use tower::ServiceExt;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};
use webhook_rules::sandbox::SANDBOX_HEADER_LOWER;

use crate::db::Db;
use crate::envelope::Failure;
use crate::rate_limit::RateLimits;

/// The sandbox's flags. In-process users (tests) build one with
/// `Config::parse_from(["webhook-sandbox", "--db", ":memory:"])`.
#[derive(Clone, Debug, clap::Parser)]
#[command(name = "webhook-sandbox", version, about)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port; the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// SQLite database file (`:memory:` for a throwaway one). The key that encrypts
    /// custom header values is kept beside it, in `<db>.key`.
    #[arg(long, default_value = "sandbox.db")]
    pub db: PathBuf,
    /// Serve the built console from this directory at `/`, beside the API.
    #[arg(long = "static", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Also serve DIR under the path PREFIX (repeatable), e.g.
    /// `--static-at /portal=examples/host-portal`: a host page, or the console's dist
    /// under a sub-path as a CDN would. PREFIX cannot be one of the API's paths.
    #[arg(long = "static-at", value_name = "PREFIX=DIR", value_parser = parse_static_at)]
    pub static_at: Vec<StaticAt>,
    /// Make sure this organization exists with this API key (repeatable). Without any,
    /// a demo organization is created once and its id and key are printed on start.
    #[arg(long = "org", value_name = "ORG_ID:API_KEY", value_parser = parse_org)]
    pub orgs: Vec<OrgSeed>,
    /// Honour the `X-Sandbox-Fault` request header.
    #[arg(long)]
    pub allow_faults: bool,
    /// Simulated time for a change to reach all regions (`all_regions` consistency).
    #[arg(long, default_value_t = 200)]
    pub replication_delay_ms: u64,
    /// JWKS requests allowed per minute per organization (documented: 30).
    #[arg(long, default_value_t = 30)]
    pub jwks_per_minute: u32,
    /// JWKS burst per organization (documented: 60).
    #[arg(long, default_value_t = 60)]
    pub jwks_burst: u32,
    /// Test events allowed per minute per organization (documented: 10).
    #[arg(long, default_value_t = webhook_rules::slashid::test_events::RATE_PER_MINUTE)]
    pub test_events_per_minute: u32,
    /// Test-event burst per organization (documented: 50).
    #[arg(long, default_value_t = webhook_rules::slashid::test_events::BURST)]
    pub test_events_burst: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgSeed {
    pub id: String,
    pub api_key: String,
}

fn parse_org(s: &str) -> Result<OrgSeed, String> {
    match s.split_once(':') {
        Some((id, key)) if !id.is_empty() && !key.is_empty() => Ok(OrgSeed {
            id: id.to_owned(),
            api_key: key.to_owned(),
        }),
        _ => Err("expected ORG_ID:API_KEY, both non-empty".to_owned()),
    }
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
    if is_api_path(prefix) {
        return Err(format!("{prefix} is one of the API's paths"));
    }
    Ok(StaticAt {
        prefix: prefix.to_owned(),
        dir: PathBuf::from(dir),
    })
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub limits: Arc<RateLimits>,
    pub replication_delay: Duration,
    pub allow_faults: bool,
    pub static_dir: Option<PathBuf>,
    pub static_at: Vec<StaticAt>,
}

impl AppState {
    /// Opens (or creates) the database and its key, and makes sure the organizations exist.
    /// Returns the demo organization's credentials when one is in use, to be printed.
    pub fn open(config: &Config) -> Result<(Self, Option<OrgSeed>), String> {
        let db = Db::open(&config.db)?;
        let demo = db
            .setup_orgs(&config.orgs)
            .map_err(|e| format!("cannot set up organizations: {e}"))?;
        let state = Self {
            db,
            limits: Arc::new(RateLimits::new(config)),
            replication_delay: Duration::from_millis(config.replication_delay_ms),
            allow_faults: config.allow_faults,
            static_dir: config.static_dir.clone(),
            static_at: config.static_at.clone(),
        };
        Ok((state, demo))
    }
}

/// Largest request body accepted; larger ones get a 400 envelope.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn app(state: AppState) -> Router {
    let mut router = routes::router()
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::disable());
    if state.allow_faults {
        router = router.layer(middleware::from_fn(faults::inject));
    }
    // CORS outermost, so that even injected faults and errors reach a console served
    // from another origin.
    router
        .layer(middleware::from_fn(log_request))
        .layer(middleware::from_fn(mark_sandbox))
        .layer(cors())
        .with_state(state)
}

/// Starts the sandbox and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), String> {
    let (state, demo) = AppState::open(&config)?;
    if let Some(dir) = &config.static_dir
        && !dir.join("index.html").is_file()
    {
        // Not fatal: the console may be built into the directory after the start.
        tracing::warn!("{} has no index.html yet", dir.display());
    }
    if let Some(demo) = demo {
        // A local sandbox key, printed on purpose so a developer can sign in with it.
        println!("demo organization: {}", demo.id);
        println!("demo API key: {}", demo.api_key);
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // Without TCP_NODELAY, the second answer on a kept-alive connection waited 40 ms for
    // the client's delayed ACK (Nagle): every page load and API call after the first paid it.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!("cannot set TCP_NODELAY: {e}");
        }
    });
    println!("listening on http://{addr}");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

fn cors() -> CorsLayer {
    use webhook_rules::slashid::consistency::{LEVEL_HEADER, TIMEOUT_HEADER};
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static(auth::API_KEY_HEADER_LOWER),
            HeaderName::from_static(auth::ORG_HEADER_LOWER),
            HeaderName::from_bytes(LEVEL_HEADER.as_bytes()).expect("valid header name"),
            HeaderName::from_bytes(TIMEOUT_HEADER.as_bytes()).expect("valid header name"),
            HeaderName::from_static(faults::HEADER_LOWER),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static(SANDBOX_HEADER_LOWER),
        ])
}

/// `X-Webhook-Sandbox: 1` on every answer: this API is the sandbox.
async fn mark_sandbox(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(
        HeaderName::from_static(SANDBOX_HEADER_LOWER),
        HeaderValue::from_static("1"),
    );
    resp
}

/// Paths the API owns: an unknown one of these is a 404 envelope, never the console.
fn is_api_path(path: &str) -> bool {
    ["/organizations", "/test-events", "/sandbox", "/healthz"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

async fn fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
) -> Response {
    let path = req.uri().path().to_owned();
    let is_read = matches!(*req.method(), Method::GET | Method::HEAD);
    // The longest matching prefix wins, so `/static/a` and `/static/a/b` may coexist.
    let mounted = state
        .static_at
        .iter()
        .filter(|s| path == s.prefix || path.starts_with(&format!("{}/", s.prefix)))
        .max_by_key(|s| s.prefix.len());
    if let Some(at) = mounted.filter(|_| is_read) {
        if path == at.prefix {
            // Relative URLs in the folder's pages resolve against the trailing slash.
            return axum::response::Redirect::permanent(&format!("{path}/")).into_response();
        }
        let rest = &path[at.prefix.len()..];
        let mut parts = req.uri().clone().into_parts();
        let rewritten = match req.uri().query() {
            Some(q) => format!("{rest}?{q}"),
            None => rest.to_owned(),
        };
        parts.path_and_query = rewritten.parse().ok();
        let (mut head, body) = req.into_parts();
        head.uri = axum::http::Uri::from_parts(parts).unwrap_or_default();
        let served = static_files(&at.dir)
            .oneshot(Request::from_parts(head, body))
            .await;
        return match served {
            Ok(resp) => resp.into_response(),
            Err(never) => match never {},
        };
    }
    match &state.static_dir {
        Some(dir) if !is_api_path(&path) && matches!(*req.method(), Method::GET | Method::HEAD) => {
            // Client-side routes of the console (`/webhooks/ID`) get its index.html; a
            // missing asset (`/pkg/app.wasm`) stays a 404 rather than HTML the browser
            // would fail to load as wasm.
            let is_asset = path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains('.'));
            let served = if is_asset {
                static_files(dir).oneshot(req).await
            } else {
                let index = ServeFile::new(dir.join("index.html"));
                static_files(dir).fallback(index).oneshot(req).await
            };
            match served {
                Ok(resp) => resp.into_response(),
                Err(never) => match never {},
            }
        }
        _ => Failure::not_found(format!("no such endpoint: {path}")).into_response(),
    }
}

/// A static folder; `cargo xtask dist` puts `.br` and `.gz` beside the console's files,
/// sent to browsers that accept them.
fn static_files(dir: &std::path::Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

async fn method_not_allowed(req: Request) -> Response {
    Failure::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        format!("{} is not allowed on {}", req.method(), req.uri().path()),
    )
    .into_response()
}

/// Method, path and status only: bodies, headers and query strings may carry secrets.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = std::time::Instant::now();
    let resp = next.run(req).await;
    let status = if resp.extensions().get::<faults::Dropped>().is_some() {
        "dropped".to_owned()
    } else {
        resp.status().as_u16().to_string()
    };
    tracing::info!(
        %method,
        path,
        status,
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    resp
}
