//! Droplit's webhooks (a Node + Express server): `authorization: <token>` (no scheme),
//! webhooks in ecosystems, secrets sealed at rest and never returned, test calls signed
//! `x-droplit-signature: <hex HMAC-SHA256(secret, body)>`, and errors as Express writes
//! them (`InvalidParams` 400s and plain-text 404s from the rules crate).
//!
//! A request is taken in in the order an Express app with `body-parser` mounted for the
//! whole app runs it:
//! 1. the body, whatever the route (`wire::read_body`): one that is not JSON is a 400,
//!    one over 100 KiB a 413, even without a token;
//! 2. the token (`auth`): 401;
//! 3. every rule on the path's id, the query and the body, answered together in one 400
//!    (`errors::request_problems`);
//! 4. the ecosystem and the webhook: 404 (and 409 for a test call to a disabled webhook).
//!
//! inferred: the order of 1 and 2 (the docs name neither), and of 3 and 4 (a malformed id
//! cannot name a webhook, so Webhook Invalid comes before Webhook Not Found).
//!
//! inferred: responses never carry a webhook's secret: the documented 201 (and so every
//! webhook) has no such field, so the console never has one to show or mask; an admin
//! sets a new one with PUT.
//!
//! Beside the API, under the same token, sandbox only:
//! - `GET /sandbox/droplit/deliveries[?webhookId=ID][&limit=N][&cursor=C]`: the calls the
//!   real server would have made to the caller's webhooks, newest first, a page at a time,
//!   as `{"items": [{delivery_id, webhook_id, url, headers: [[name, value], ...], body}],
//!   "next_cursor": ...}`, `body` being the exact text that was signed;
//! - `GET /sandbox/droplit/deliveries/{id}`: one of them.

pub mod auth;
pub mod delivery;
pub mod error;
pub mod queries;
pub mod routes;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use webhook_rules::droplit::errors;
use webhook_rules::droplit::paths;
use webhook_rules::droplit::validate::{MAX_ID_LEN, is_valid_id};

use crate::AppState;
use crate::common::db::{Db, Internal};
use crate::common::dialect::Dialect;
use error::ApiError;
pub use queries::Grant;

/// Droplit's flags.
#[derive(Clone, Debug, clap::Args)]
#[group(id = "droplit")]
#[command(next_help_heading = "Droplit")]
pub struct Flags {
    /// Make sure this token reaches this ecosystem (repeatable: a token may reach several
    /// ecosystems). Without any, a demo token and ecosystem are created once and printed
    /// on start.
    #[arg(long = "droplit-token", value_name = "TOKEN:ECOSYSTEM_ID", value_parser = parse_grant)]
    pub grants: Vec<Grant>,
}

fn parse_grant(s: &str) -> Result<Grant, String> {
    // The ecosystem id has no `:`, so the last one splits.
    match s.rsplit_once(':') {
        Some((token, ecosystem_id)) if !token.is_empty() && is_valid_id(ecosystem_id) => {
            Ok(Grant {
                token: token.to_owned(),
                ecosystem_id: ecosystem_id.to_owned(),
            })
        }
        _ => Err(format!(
            "expected TOKEN:ECOSYSTEM_ID, a non-empty token and an id of 1 to {MAX_ID_LEN} \
             letters, digits, - or _"
        )),
    }
}

/// Makes sure the tokens reach their ecosystems; returns the demo token and ecosystem
/// when they are in use, to be printed.
pub fn open(db: &Db, flags: &Flags) -> Result<Option<Grant>, String> {
    db.blocking(|conn, key| queries::setup_access(conn, key, &flags.grants))
        .map_err(|e| format!("cannot set up Droplit tokens: {e}"))
}

/// Paths of the sandbox's Droplit additions.
pub const SANDBOX_PREFIX: &str = "/sandbox/droplit";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::WEBHOOKS, get(routes::list).post(routes::create))
        .route(
            &paths::webhook("{id}"),
            get(routes::get).put(routes::put).delete(routes::delete),
        )
        .route(&paths::invoke("{id}"), post(routes::invoke))
        .route(paths::SANDBOX_DELIVERIES, get(routes::recorded_list))
        .route(&paths::sandbox_delivery("{id}"), get(routes::recorded))
}

/// Express's answers for the shared layers.
pub struct DroplitDialect;

impl Dialect for DroplitDialect {
    /// An injected fault: 500 is Express's error page, others the message as plain text.
    fn error(
        &self,
        status: StatusCode,
        message: String,
        retry_after_secs: Option<u64>,
    ) -> Response {
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            return ApiError::from(Internal).into_response();
        }
        let mut resp = ApiError::text(status, message).into_response();
        if let Some(secs) = retry_after_secs {
            resp.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        resp
    }

    fn not_found(&self, method: &Method, path: &str) -> Response {
        ApiError::page(StatusCode::NOT_FOUND, errors::cannot(method.as_str(), path)).into_response()
    }

    /// Express has no 405: a method a path lacks is a route it does not have.
    fn method_not_allowed(&self, method: &Method, path: &str) -> Response {
        self.not_found(method, path)
    }

    fn truncated_body(&self) -> &'static str {
        r#"{"items":[{"id":"truncat"#
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_token_grants_at_the_last_colon() {
        let g = parse_grant("tok:en:C5a1").unwrap();
        assert_eq!(
            (g.token.as_str(), g.ecosystem_id.as_str()),
            ("tok:en", "C5a1")
        );
        for bad in ["", "tok", ":C1", "tok:", "tok:not an id", "tok:C/1"] {
            assert!(parse_grant(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keeps_tokens_out_of_debug_output() {
        let g = parse_grant("s3cr3t-token:C1").unwrap();
        assert!(!format!("{g:?}").contains("s3cr3t"));
    }
}
