//! InstaVM's tables (prefixed `instavm_`, beside SlashID's in the same file) and queries.
//! Endpoints are never removed (DELETE disables them), so deliveries always have theirs.

use rusqlite::{Connection, OptionalExtension, Row, params};
use webhook_rules::instavm::wire::{Delivery, Endpoint, EndpointWithSecret, RecordedRequest};

use crate::common::crypto::{self, DataKey, random_bytes};
use crate::common::db::{self, Internal};
use crate::common::{limits, page};
use crate::instavm::error::ApiError;
use crate::instavm::time;
use webhook_rules::instavm::validate::{EndpointUpdate, NewEndpoint};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS instavm_users (
    -- the API's integer user_id
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    api_key_hash BLOB NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS instavm_endpoints (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES instavm_users(id),
    url TEXT NOT NULL,
    description TEXT,
    enabled INTEGER NOT NULL,
    -- JSON array of strings
    event_patterns TEXT NOT NULL,
    -- sealed with the data key, context 'instavm-secret:<id>'
    secret BLOB NOT NULL,
    secret_hint TEXT NOT NULL,
    timeout_seconds INTEGER NOT NULL,
    max_retries INTEGER NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    last_verified_at TEXT,
    last_delivery_at TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS instavm_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES instavm_users(id),
    endpoint_id TEXT NOT NULL REFERENCES instavm_endpoints(id),
    -- the event's id: every replay of a delivery sends the same event
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempt_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    response_status INTEGER,
    last_error TEXT,
    last_attempt_at TEXT,
    replay_of TEXT,
    -- the request as sent: URL, headers (JSON array of [name, value]) and the signed body
    url TEXT NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instavm_endpoints_by_user ON instavm_endpoints(user_id, seq);
CREATE INDEX IF NOT EXISTS instavm_deliveries_by_user ON instavm_deliveries(user_id, seq);
";

const DEMO_KEY: &str = "instavm_demo_api_key";

/// Makes sure a user exists for each key; without keys, makes sure the demo user exists
/// and returns its key to be printed.
pub fn setup_users(
    conn: &mut Connection,
    key: &DataKey,
    api_keys: &[String],
) -> Result<Option<String>, String> {
    let sql = |e: rusqlite::Error| e.to_string();
    for api_key in api_keys {
        ensure_user(conn, api_key).map_err(sql)?;
    }
    if !api_keys.is_empty() {
        return Ok(None);
    }
    let demo = db::demo_secret(conn, key, DEMO_KEY, crypto::new_api_key)?;
    ensure_user(conn, &demo).map_err(sql)?;
    Ok(Some(demo))
}

/// User ids are given in the order keys are first seen, and kept.
fn ensure_user(conn: &Connection, api_key: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO instavm_users (api_key_hash) VALUES (?1)",
        [crypto::hash_api_key(api_key).as_slice()],
    )?;
    Ok(())
}

/// API keys are random, so looking one up by its hash reveals nothing through timing.
pub fn user_by_key(conn: &Connection, api_key: &str) -> Result<Option<i64>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT id FROM instavm_users WHERE api_key_hash = ?1",
            [crypto::hash_api_key(api_key).as_slice()],
            |r| r.get(0),
        )
        .optional()?)
}

// ---------------------------------------------------------------------------------------
// Secrets

/// inferred: the length of a secret after `whsec_`, and its alphabet (letters and digits,
/// about 190 bits).
const SECRET_LEN: usize = 32;
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub fn new_secret() -> String {
    // Only bytes below the largest multiple of the alphabet's size, so that every
    // character is equally likely.
    let limit = 256 - 256 % SECRET_ALPHABET.len();
    let mut chars = Vec::with_capacity(SECRET_LEN);
    while chars.len() < SECRET_LEN {
        for b in random_bytes::<64>().map(usize::from) {
            if b < limit && chars.len() < SECRET_LEN {
                chars.push(SECRET_ALPHABET[b % SECRET_ALPHABET.len()]);
            }
        }
    }
    format!("whsec_{}", String::from_utf8(chars).expect("ASCII"))
}

/// inferred: `whsec_…` and the secret's last 4 characters, never more.
pub fn secret_hint(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("whsec_…{tail}")
}

fn secret_context(endpoint_id: &str) -> String {
    format!("instavm-secret:{endpoint_id}")
}

/// The endpoint's signing secret, in clear, to sign a delivery with.
pub fn endpoint_secret(conn: &Connection, key: &DataKey, id: &str) -> Result<String, ApiError> {
    let sealed: Vec<u8> = conn.query_row(
        "SELECT secret FROM instavm_endpoints WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let plain = key
        .open(&sealed, &secret_context(id))
        .map_err(Internal::new)?;
    String::from_utf8(plain).map_err(|e| Internal::new(e).into())
}

// ---------------------------------------------------------------------------------------
// Endpoints

/// inferred: `disabled` once DELETEd (or PATCHed `enabled: false`); `failing` while its
/// last delivery failed (`consecutive_failures > 0`); `active` otherwise. The sandbox
/// never disables an endpoint by itself.
pub fn endpoint_status(enabled: bool, consecutive_failures: i64) -> &'static str {
    if !enabled {
        "disabled"
    } else if consecutive_failures > 0 {
        "failing"
    } else {
        "active"
    }
}

/// Every `Endpoint` column, in `read_endpoint`'s order.
const ENDPOINT_COLUMNS: &str = "id, user_id, url, description, enabled, event_patterns, \
    secret_hint, timeout_seconds, max_retries, consecutive_failures, last_verified_at, \
    last_delivery_at, last_error, created_at, updated_at";

fn read_endpoint(r: &Row<'_>) -> rusqlite::Result<Endpoint> {
    let enabled: bool = r.get(4)?;
    let patterns: String = r.get(5)?;
    let consecutive_failures: i64 = r.get(9)?;
    Ok(Endpoint {
        id: r.get(0)?,
        user_id: r.get(1)?,
        url: r.get(2)?,
        description: r.get(3)?,
        status: endpoint_status(enabled, consecutive_failures).to_owned(),
        enabled,
        subscribed_event_patterns: serde_json::from_str(&patterns).unwrap_or_default(),
        signing_version: "v1".to_owned(),
        secret_hint: r.get(6)?,
        timeout_seconds: r.get(7)?,
        max_retries: r.get(8)?,
        consecutive_failures,
        last_verified_at: r.get(10)?,
        last_delivery_at: r.get(11)?,
        last_error: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
    })
}

fn patterns_json(patterns: &[String]) -> String {
    serde_json::to_string(patterns).expect("strings serialize")
}

/// inferred: in the order they were created.
pub fn list_endpoints(conn: &Connection, user: i64) -> Result<Vec<Endpoint>, ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM instavm_endpoints WHERE user_id = ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([user], read_endpoint)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The user's endpoint, enabled or not; another user's is a 404.
pub fn get_endpoint(conn: &Connection, user: i64, id: &str) -> Result<Endpoint, ApiError> {
    conn.query_row(
        &format!("SELECT {ENDPOINT_COLUMNS} FROM instavm_endpoints WHERE user_id = ?1 AND id = ?2"),
        params![user, id],
        read_endpoint,
    )
    .optional()?
    .ok_or_else(ApiError::endpoint_not_found)
}

pub fn insert_endpoint(
    conn: &Connection,
    key: &DataKey,
    user: i64,
    new: &NewEndpoint,
) -> Result<EndpointWithSecret, ApiError> {
    let id = uuid::Uuid::new_v4().to_string();
    let secret = new_secret();
    let now = time::now();
    // inferred: no patterns (null or absent) is an empty list, which subscribes to every
    // event.
    let patterns = new.event_patterns.clone().unwrap_or_default();
    conn.execute(
        "INSERT INTO instavm_endpoints (id, user_id, url, description, enabled, event_patterns,
         secret, secret_hint, timeout_seconds, max_retries, consecutive_failures, created_at,
         updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?10)",
        params![
            id,
            user,
            new.url,
            new.description,
            patterns_json(&patterns),
            key.seal(secret.as_bytes(), &secret_context(&id)),
            secret_hint(&secret),
            new.timeout_seconds,
            new.max_retries,
            now
        ],
    )?;
    Ok(EndpointWithSecret {
        endpoint: get_endpoint(conn, user, &id)?,
        secret,
    })
}

/// Only the fields sent change; `event_patterns` replaces the list.
pub fn update_endpoint(
    conn: &mut Connection,
    user: i64,
    id: &str,
    update: &EndpointUpdate,
) -> Result<Endpoint, ApiError> {
    let tx = conn.transaction()?;
    let current = get_endpoint(&tx, user, id)?;
    // inferred: a new URL has not been verified.
    let url_changed = update.url.as_ref().is_some_and(|u| *u != current.url);
    tx.execute(
        "UPDATE instavm_endpoints SET
            url = COALESCE(?2, url),
            description = COALESCE(?3, description),
            event_patterns = COALESCE(?4, event_patterns),
            timeout_seconds = COALESCE(?5, timeout_seconds),
            max_retries = COALESCE(?6, max_retries),
            enabled = COALESCE(?7, enabled),
            last_verified_at = CASE WHEN ?8 THEN NULL ELSE last_verified_at END,
            updated_at = ?9
         WHERE id = ?1",
        params![
            id,
            update.url,
            update.description,
            update.event_patterns.as_deref().map(patterns_json),
            update.timeout_seconds,
            update.max_retries,
            update.enabled,
            url_changed,
            time::now()
        ],
    )?;
    let updated = get_endpoint(&tx, user, id)?;
    tx.commit()?;
    Ok(updated)
}

/// DELETE: the endpoint stays, disabled (the API's "soft-disable").
pub fn disable_endpoint(conn: &Connection, user: i64, id: &str) -> Result<Endpoint, ApiError> {
    let changed = conn.execute(
        "UPDATE instavm_endpoints SET enabled = 0, updated_at = ?3 WHERE user_id = ?1 AND id = ?2",
        params![user, id, time::now()],
    )?;
    if changed == 0 {
        return Err(ApiError::endpoint_not_found());
    }
    get_endpoint(conn, user, id)
}

/// A new secret; the old one signs nothing from now on.
pub fn rotate_secret(
    conn: &Connection,
    key: &DataKey,
    user: i64,
    id: &str,
) -> Result<EndpointWithSecret, ApiError> {
    let secret = new_secret();
    let changed = conn.execute(
        "UPDATE instavm_endpoints SET secret = ?3, secret_hint = ?4, updated_at = ?5
         WHERE user_id = ?1 AND id = ?2",
        params![
            user,
            id,
            key.seal(secret.as_bytes(), &secret_context(id)),
            secret_hint(&secret),
            time::now()
        ],
    )?;
    if changed == 0 {
        return Err(ApiError::endpoint_not_found());
    }
    Ok(EndpointWithSecret {
        endpoint: get_endpoint(conn, user, id)?,
        secret,
    })
}

pub fn set_verified(conn: &Connection, id: &str, at: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE instavm_endpoints SET last_verified_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

/// After an attempt: its time, and the failure count and error of the endpoint.
/// inferred: these are not changes by the user, so `updated_at` stays.
pub fn record_attempt(
    conn: &Connection,
    id: &str,
    at: &str,
    error: Option<&str>,
) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE instavm_endpoints SET last_delivery_at = ?2, last_error = ?3,
            consecutive_failures = CASE WHEN ?3 IS NULL THEN 0 ELSE consecutive_failures + 1 END
         WHERE id = ?1",
        params![id, at, error],
    )?;
    Ok(())
}

/// The user's enabled endpoints, oldest first.
pub fn enabled_endpoints(conn: &Connection, user: i64) -> Result<Vec<Endpoint>, ApiError> {
    Ok(list_endpoints(conn, user)?
        .into_iter()
        .filter(|e| e.enabled)
        .collect())
}

// ---------------------------------------------------------------------------------------
// Deliveries

/// A delivery and the exact request that was sent for it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub delivery: Delivery,
    pub event_id: String,
    pub request: RecordedRequest,
}

pub fn insert_delivery(conn: &Connection, user: i64, r: &Recorded) -> Result<(), ApiError> {
    let d = &r.delivery;
    conn.execute(
        "INSERT INTO instavm_deliveries (id, user_id, endpoint_id, event_id, event_type, status,
         attempt_count, created_at, response_status, last_error, last_attempt_at, replay_of,
         url, headers, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            d.id,
            user,
            d.endpoint_id,
            r.event_id,
            d.event_type,
            d.status,
            d.attempt_count,
            d.created_at,
            d.response_status,
            d.last_error,
            d.last_attempt_at,
            d.replay_of,
            r.request.url,
            serde_json::to_string(&r.request.headers).expect("strings serialize"),
            r.request.body
        ],
    )?;
    Ok(())
}

/// Keeps the user's newest `limits::deliveries_per_owner()` deliveries.
pub fn prune_deliveries(conn: &Connection, user: i64) -> Result<(), ApiError> {
    conn.execute(
        &limits::prune_sql("instavm_deliveries", "user_id"),
        params![user, limits::deliveries_per_owner() as i64],
    )?;
    Ok(())
}

const DELIVERY_COLUMNS: &str = "id, endpoint_id, event_type, status, attempt_count, created_at, \
    response_status, last_error, last_attempt_at, replay_of, seq, url, headers, body, event_id";

fn read_delivery(r: &Row<'_>) -> rusqlite::Result<(i64, Recorded)> {
    let headers: String = r.get(12)?;
    let delivery = Delivery {
        id: r.get(0)?,
        endpoint_id: r.get(1)?,
        event_type: r.get(2)?,
        status: r.get(3)?,
        attempt_count: r.get(4)?,
        created_at: r.get(5)?,
        response_status: r.get(6)?,
        last_error: r.get(7)?,
        last_attempt_at: r.get(8)?,
        replay_of: r.get(9)?,
    };
    let request = RecordedRequest {
        delivery_id: delivery.id.clone(),
        url: r.get(11)?,
        headers: serde_json::from_str(&headers).unwrap_or_default(),
        body: r.get(13)?,
    };
    Ok((
        r.get(10)?,
        Recorded {
            delivery,
            event_id: r.get(14)?,
            request,
        },
    ))
}

pub fn get_delivery(conn: &Connection, user: i64, id: &str) -> Result<Recorded, ApiError> {
    conn.query_row(
        &format!(
            "SELECT {DELIVERY_COLUMNS} FROM instavm_deliveries WHERE user_id = ?1 AND id = ?2"
        ),
        params![user, id],
        read_delivery,
    )
    .optional()?
    .map(|(_, r)| r)
    .ok_or_else(ApiError::delivery_not_found)
}

/// What `GET /v1/webhooks/deliveries` filters on (each exact, all optional).
#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    pub endpoint_id: Option<String>,
    pub status: Option<String>,
    pub event_type: Option<String>,
}

/// One page, newest first: up to `limit` deliveries older than `before` (a position from
/// a cursor), and the cursor of the next page when there is one.
pub fn list_deliveries(
    conn: &Connection,
    user: i64,
    filter: &DeliveryFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<Delivery>, Option<String>), ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM instavm_deliveries
         WHERE user_id = ?1 AND (?2 IS NULL OR endpoint_id = ?2) AND (?3 IS NULL OR status = ?3)
           AND (?4 IS NULL OR event_type = ?4) AND (?5 IS NULL OR seq < ?5)
         ORDER BY seq DESC LIMIT ?6"
    ))?;
    // One more than the page, to know whether another page follows.
    let rows = stmt.query_map(
        params![
            user,
            filter.endpoint_id,
            filter.status,
            filter.event_type,
            before,
            limit + 1
        ],
        read_delivery,
    )?;
    let rows: Vec<(i64, Recorded)> = rows.collect::<Result<_, _>>()?;
    let rows = rows.into_iter().map(|(seq, r)| (seq, r.delivery)).collect();
    Ok(page::split(rows, limit as usize))
}

/// The position a cursor stands for, or `None` when it is not one of ours.
pub fn parse_cursor(text: &str) -> Option<i64> {
    page::parse_cursor(text)
}
