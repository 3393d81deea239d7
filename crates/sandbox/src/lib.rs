//! A local, faithful implementation of the webhook APIs the console speaks, on one port
//! and one SQLite file: SlashID's Organization Webhooks API (`slashid`), InstaVM's
//! webhook endpoints (`instavm`) and Droplit's webhooks (`droplit`), one folder each.
//! What they share (storage, the data key, body limits, faults, static files, CORS, the
//! request log) is in `common`.
//!
//! It is the console's default backend on a fresh machine and the server of the browser
//! tests. Every verdict on a request body comes from `webhook-rules`, the crate the
//! console validates with, so both always agree; this crate holds no validation rule.
//!
//! Beside the APIs it serves:
//! - `GET /healthz`: 200 once the database is open and the port bound.
//! - `GET /sandbox/deliveries[?webhook_id=ID][&limit=N][&cursor=C]` (SlashID's auth): the
//!   webhook calls the real API would have made, newest first, a page at a time, as
//!   `{result:[{id, webhook_id, target_url, trigger_name, created_at, jwt}],
//!   meta:{cursor_pagination:{limit, cursor, total_count}}}` (`cursor` is `""` on the last
//!   page). The sandbox makes no outbound call; a test reads the signed JWTs here and
//!   verifies them against the JWKS.
//! - `GET /sandbox/instavm/deliveries/{id}` (InstaVM's auth): the exact request of one
//!   delivery, `{delivery_id, url, headers: [[name, value], ...], body}`, `body` being the
//!   text that was signed, so anyone can check its `InstaVM-Signature`.
//! - `POST /sandbox/instavm/events` (InstaVM's auth) `{event_type, data}`: one event,
//!   delivered to every enabled endpoint of the user whose patterns select it; answers
//!   `{event, deliveries}`. What becomes of a delivery is decided from its URL (see
//!   `instavm::delivery::outcome`).
//! - `GET /sandbox/droplit/deliveries[?webhookId=ID][&limit=N][&cursor=C]` (Droplit's
//!   auth): the test calls of the caller's webhooks, newest first, a page at a time, as
//!   `{items: [{delivery_id, webhook_id, url, headers, body}], next_cursor}`, so anyone
//!   can check their `x-droplit-signature`; and `GET /sandbox/droplit/deliveries/{id}`,
//!   one of them.
//!
//! Recorded deliveries are kept per SlashID organization, InstaVM user and Droplit
//! ecosystem, the newest `--keep-deliveries` (2,000); every bound on what is stored and on
//! one request's work is in `common::limits`. CPU-heavy work (big bodies, signing) runs
//! off the async workers (`common::work`).
//! - the built console at `/` when `--static DIR` is given.
//! - with `--allow-faults`, the `X-Sandbox-Fault` request header (see `common::faults`),
//!   answered in the shape of the API the path belongs to.
//!
//! Every answer carries `X-Webhook-Sandbox: 1` (exposed through CORS): the console asks
//! for the sandbox-only paths only once it has seen it. Every answer also carries
//! `X-Content-Type-Options: nosniff` and, but for the console's static files,
//! `Cache-Control: no-store` (`common::mark`, `common::static_files`).

pub mod common;
pub mod droplit;
pub mod instavm;
pub mod slashid;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware;
use axum::response::Response;
use axum::routing::get;
use axum::serve::ListenerExt;

use crate::common::config::CommonFlags;
use crate::common::db::Db;
use crate::common::dialect::Dialect;
use crate::common::static_files::Statics;
use crate::common::{cors, faults, log, mark};

/// The sandbox's flags, one group per API. In-process users (tests) build one with
/// `Config::parse_from(["webhook-sandbox", "--db", ":memory:"])`.
#[derive(Clone, Debug, clap::Parser)]
#[command(name = "webhook-sandbox", version, about)]
pub struct Config {
    #[command(flatten)]
    pub common: CommonFlags,
    #[command(flatten)]
    pub slashid: slashid::Flags,
    #[command(flatten)]
    pub instavm: instavm::Flags,
    #[command(flatten)]
    pub droplit: droplit::Flags,
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub allow_faults: bool,
    pub statics: Arc<Statics>,
    pub slashid: slashid::State,
}

/// The demo credentials to print on start, for each API that uses its demo.
#[derive(Debug, Default)]
pub struct Demo {
    pub slashid: Option<slashid::OrgSeed>,
    /// The demo user's InstaVM API key.
    pub instavm: Option<String>,
    /// The demo Droplit token and the ecosystem it reaches.
    pub droplit: Option<droplit::Grant>,
}

impl AppState {
    /// Opens (or creates) the database and its key, and makes sure each API's callers
    /// exist. Returns the demo credentials in use, to be printed.
    pub fn open(config: &Config) -> Result<(Self, Demo), String> {
        common::limits::set_deliveries_per_owner(
            usize::try_from(config.common.keep_deliveries).unwrap_or(usize::MAX),
        );
        let db = Db::open(
            &config.common.db,
            &[
                slashid::queries::SCHEMA,
                instavm::queries::SCHEMA,
                droplit::queries::SCHEMA,
            ],
        )?;
        let (slashid, slashid_demo) = slashid::State::open(&db, &config.slashid)?;
        let instavm_demo = instavm::open(&db, &config.instavm)?;
        let droplit_demo = droplit::open(&db, &config.droplit)?;
        let state = Self {
            db,
            allow_faults: config.common.allow_faults,
            statics: Arc::new(Statics {
                dir: config.common.static_dir.clone(),
                at: config.common.static_at.clone(),
            }),
            slashid,
        };
        Ok((
            state,
            Demo {
                slashid: slashid_demo,
                instavm: instavm_demo,
                droplit: droplit_demo,
            },
        ))
    }
}

/// Paths owned by the sandbox itself, beside the APIs' own prefixes.
const SANDBOX_PREFIXES: &[&str] = &["/sandbox", "/healthz"];

/// Paths the APIs own: an unknown one of these is the API's 404, never a static file.
pub fn is_api_path(path: &str) -> bool {
    let under = |p: &&str| path == *p || path.starts_with(&format!("{p}/"));
    webhook_rules::slashid::paths::PREFIXES.iter().any(under)
        || webhook_rules::instavm::paths::PREFIXES.iter().any(under)
        || webhook_rules::droplit::paths::PREFIXES.iter().any(under)
        || SANDBOX_PREFIXES.iter().any(under)
}

/// The API whose errors a path gets: InstaVM's and Droplit's under their prefixes and
/// their sandbox paths, SlashID's elsewhere (also for paths of no API, as before the
/// others joined).
pub fn dialect_for(path: &str) -> &'static dyn Dialect {
    let under = |p: &str| path == p || path.starts_with(&format!("{p}/"));
    if webhook_rules::instavm::paths::PREFIXES
        .iter()
        .any(|p| under(p))
        || under(instavm::SANDBOX_PREFIX)
    {
        &instavm::InstaVmDialect
    } else if webhook_rules::droplit::paths::PREFIXES
        .iter()
        .any(|p| under(p))
        || under(droplit::SANDBOX_PREFIX)
    {
        &droplit::DroplitDialect
    } else {
        &slashid::SlashIdDialect
    }
}

pub fn app(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .merge(slashid::router())
        .merge(instavm::router())
        .merge(droplit::router())
        .fallback(fallback)
        // Set after every route is in: it applies to the routes present.
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::disable());
    if state.allow_faults {
        router = router.layer(middleware::from_fn(faults::inject));
    }
    // CORS outside everything but the mark, so that even injected faults and errors reach
    // a console served from another origin; the mark outermost, so that CORS preflights
    // carry it (and `no-store`, `nosniff`) too.
    router
        .layer(middleware::from_fn(log::log_request))
        .layer(cors::layer())
        .layer(middleware::from_fn(mark::mark_sandbox))
        .with_state(state)
}

/// Starts the sandbox and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), String> {
    let (state, demo) = AppState::open(&config)?;
    if let Some(dir) = &config.common.static_dir
        && !dir.join("index.html").is_file()
    {
        // Not fatal: the console may be built into the directory after the start.
        tracing::warn!("{} has no index.html yet", dir.display());
    }
    // Local sandbox keys, printed on purpose so a developer can sign in with them. Scripts
    // read these lines: keep their wording.
    if let Some(demo) = demo.slashid {
        println!("demo organization: {}", demo.id);
        println!("demo API key: {}", demo.api_key);
    }
    if let Some(key) = demo.instavm {
        println!("demo InstaVM API key: {key}");
    }
    if let Some(grant) = demo.droplit {
        println!("demo Droplit token: {}", grant.token);
        println!("demo Droplit ecosystem: {}", grant.ecosystem_id);
    }
    let listen = config.common.listen;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
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

async fn healthz() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "status": "ok" }))
}

/// No route matched: a static file, or the 404 of the API the path belongs to.
async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    match state.statics.serve(req).await {
        Ok(resp) => resp,
        Err(req) => {
            let path = req.uri().path();
            dialect_for(path).not_found(req.method(), path)
        }
    }
}

async fn method_not_allowed(req: Request) -> Response {
    let path = req.uri().path();
    dialect_for(path).method_not_allowed(req.method(), path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn flags_of_every_api_fit_in_one_command_line() {
        use clap::CommandFactory;
        // clap checks names and groups only when the command is built: a clash between
        // two APIs' flags would otherwise surface as a panic at start-up.
        super::Config::command().debug_assert();
    }
}
