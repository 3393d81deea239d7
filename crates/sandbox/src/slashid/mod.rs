//! SlashID's Organization Webhooks API: `SlashID-API-Key` + `SlashID-OrgID`, the
//! `{result, errors}` envelope, webhooks and their triggers, test events, the JWKS and
//! the signed JWT deliveries, and simulated multi-region consistency.

pub mod auth;
pub mod body;
pub mod envelope;
pub mod keys;
pub mod queries;
pub mod replication;
pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use webhook_rules::slashid::paths;

use crate::AppState;
use crate::common::db::Db;
use crate::common::dialect::Dialect;
use crate::common::rate_limit::Limiter;
use envelope::Failure;

/// SlashID's flags.
#[derive(Clone, Debug, clap::Args)]
#[group(id = "slashid")]
#[command(next_help_heading = "SlashID")]
pub struct Flags {
    /// Make sure this organization exists with this API key (repeatable). Without any,
    /// a demo organization is created once and its id and key are printed on start.
    #[arg(long = "org", value_name = "ORG_ID:API_KEY", value_parser = parse_org)]
    pub orgs: Vec<OrgSeed>,
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

/// The documented per-organization rate limits.
pub struct RateLimits {
    pub jwks: Limiter,
    pub test_events: Limiter,
}

/// What SlashID's handlers share beyond the database.
#[derive(Clone)]
pub struct State {
    pub limits: Arc<RateLimits>,
    pub replication_delay: Duration,
}

impl State {
    /// Makes sure the organizations exist; returns the demo organization's credentials
    /// when one is in use, to be printed.
    pub fn open(db: &Db, flags: &Flags) -> Result<(Self, Option<OrgSeed>), String> {
        let demo = db
            .blocking(|conn, key| queries::setup_orgs(conn, key, &flags.orgs))
            .map_err(|e| format!("cannot set up organizations: {e}"))?;
        let limits = RateLimits {
            jwks: Limiter::new(
                "JWKS requests",
                "organization",
                flags.jwks_per_minute,
                flags.jwks_burst,
            ),
            test_events: Limiter::new(
                "test events",
                "organization",
                flags.test_events_per_minute,
                flags.test_events_burst,
            ),
        };
        let state = Self {
            limits: Arc::new(limits),
            replication_delay: Duration::from_millis(flags.replication_delay_ms),
        };
        Ok((state, demo))
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            paths::WEBHOOKS,
            get(routes::webhooks::list).post(routes::webhooks::create),
        )
        // A static segment wins over `{webhook_id}`, so this is never read as an id.
        .route(paths::JWKS, get(routes::jwks::get))
        .route(
            &paths::webhook("{webhook_id}"),
            get(routes::webhooks::get)
                .patch(routes::webhooks::patch)
                .delete(routes::webhooks::delete),
        )
        .route(
            &paths::triggers("{webhook_id}"),
            get(routes::triggers::list)
                .post(routes::triggers::create)
                .delete(routes::triggers::delete),
        )
        .route(paths::TEST_EVENTS, post(routes::test_events::create))
        .route(paths::SANDBOX_DELIVERIES, get(routes::deliveries::list))
}

/// SlashID's error envelope for the shared layers.
pub struct SlashIdDialect;

impl Dialect for SlashIdDialect {
    fn error(
        &self,
        status: StatusCode,
        message: String,
        retry_after_secs: Option<u64>,
    ) -> Response {
        let mut failure = Failure::new(status, message);
        failure.retry_after_secs = retry_after_secs;
        failure.into_response()
    }

    fn not_found(&self, _method: &Method, path: &str) -> Response {
        Failure::not_found(format!("no such endpoint: {path}")).into_response()
    }

    fn method_not_allowed(&self, method: &Method, path: &str) -> Response {
        Failure::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed on {path}"),
        )
        .into_response()
    }

    fn truncated_body(&self) -> &'static str {
        r#"{"result":{"id":"truncat"#
    }
}
