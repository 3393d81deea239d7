//! Droplit's tables (prefixed `droplit_`, beside the other APIs' in the same file) and
//! queries. Every query on webhooks and deliveries is scoped to the caller's ecosystems.

use rusqlite::{Connection, OptionalExtension, Row, params};
use webhook_rules::droplit::validate::{NewWebhook, WebhookChanges};
use webhook_rules::droplit::wire::{RecordedDelivery, Webhook, format_created_at};

use crate::common::crypto::{self, DataKey, random_bytes};
use crate::common::db::{self, Internal};
use crate::common::{limits, page};
use crate::droplit::auth::Caller;
use crate::droplit::error::ApiError;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS droplit_access (
    -- SHA-256 of the token
    token_hash BLOB NOT NULL,
    ecosystem_id TEXT NOT NULL,
    PRIMARY KEY (token_hash, ecosystem_id)
);
CREATE TABLE IF NOT EXISTS droplit_webhooks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    ecosystem_id TEXT NOT NULL,
    url TEXT NOT NULL,
    description TEXT,
    -- sealed with the data key, context 'droplit-secret:<id>'; NULL when none was given
    secret BLOB,
    disabled INTEGER NOT NULL,
    -- milliseconds since 1970, written as JavaScript's Date.toJSON
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS droplit_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    -- no reference: a webhook's deliveries stay readable after it is deleted
    webhook_id TEXT NOT NULL,
    ecosystem_id TEXT NOT NULL,
    -- the request as sent: URL, headers (JSON array of [name, value]) and the signed body
    url TEXT NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS droplit_webhooks_by_ecosystem ON droplit_webhooks(ecosystem_id, seq);
CREATE INDEX IF NOT EXISTS droplit_deliveries_by_ecosystem ON droplit_deliveries(ecosystem_id, seq);
";

const DEMO_TOKEN: &str = "droplit_demo_token";
const DEMO_ECOSYSTEM: &str = "droplit_demo_ecosystem";

/// A token and one ecosystem it reaches.
#[derive(Clone, PartialEq, Eq)]
pub struct Grant {
    pub token: String,
    pub ecosystem_id: String,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grant")
            .field("token", &"<redacted>")
            .field("ecosystem_id", &self.ecosystem_id)
            .finish()
    }
}

/// Makes sure every grant exists; without any, makes sure the demo token and its
/// ecosystem exist and returns them to be printed.
pub fn setup_access(
    conn: &mut Connection,
    key: &DataKey,
    grants: &[Grant],
) -> Result<Option<Grant>, String> {
    let sql = |e: rusqlite::Error| e.to_string();
    for grant in grants {
        grant_access(conn, grant).map_err(sql)?;
    }
    if !grants.is_empty() {
        return Ok(None);
    }
    let demo = Grant {
        token: db::demo_secret(conn, key, DEMO_TOKEN, crypto::new_api_key)?,
        ecosystem_id: db::demo_secret(conn, key, DEMO_ECOSYSTEM, || new_id('C'))?,
    };
    grant_access(conn, &demo).map_err(sql)?;
    Ok(Some(demo))
}

fn grant_access(conn: &Connection, grant: &Grant) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO droplit_access (token_hash, ecosystem_id) VALUES (?1, ?2)",
        params![
            crypto::hash_api_key(&grant.token).as_slice(),
            grant.ecosystem_id
        ],
    )?;
    Ok(())
}

/// inferred: an id is a type letter (`C` ecosystem, `W` webhook) and 24 lower-case hex
/// digits, as Droplit's ids (Mongo ObjectIds with a type letter) look.
pub fn new_id(letter: char) -> String {
    let hex: String = random_bytes::<12>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{letter}{hex}")
}

/// Tokens are random, so looking one up by its hash reveals nothing through timing.
pub fn token_is_known(conn: &Connection, caller: &Caller) -> Result<bool, ApiError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM droplit_access WHERE token_hash = ?1 LIMIT 1",
            [caller.token_hash.as_slice()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn reaches(conn: &Connection, caller: &Caller, ecosystem_id: &str) -> Result<bool, ApiError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM droplit_access WHERE token_hash = ?1 AND ecosystem_id = ?2",
            params![caller.token_hash.as_slice(), ecosystem_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

// ---------------------------------------------------------------------------------------
// Webhooks

fn secret_context(webhook_id: &str) -> String {
    format!("droplit-secret:{webhook_id}")
}

/// Every `Webhook` column, in `read_webhook`'s order.
const WEBHOOK_COLUMNS: &str =
    "w.id, w.description, w.ecosystem_id, w.url, w.disabled, w.created_at";

/// Only the caller's ecosystems (`?1` is the caller's token hash).
const REACHED: &str = "EXISTS (SELECT 1 FROM droplit_access a
    WHERE a.token_hash = ?1 AND a.ecosystem_id = w.ecosystem_id)";

fn read_webhook(r: &Row<'_>) -> rusqlite::Result<Webhook> {
    Ok(Webhook {
        id: r.get(0)?,
        description: r.get(1)?,
        ecosystem_id: r.get(2)?,
        url: r.get(3)?,
        disabled: r.get(4)?,
        created_at: format_created_at(r.get(5)?),
    })
}

/// The caller's webhook; one it does not reach is a 404 as one that does not exist.
pub fn get_webhook(conn: &Connection, caller: &Caller, id: &str) -> Result<Webhook, ApiError> {
    conn.query_row(
        &format!("SELECT {WEBHOOK_COLUMNS} FROM droplit_webhooks w WHERE w.id = ?2 AND {REACHED}"),
        params![caller.token_hash.as_slice(), id],
        read_webhook,
    )
    .optional()?
    .ok_or_else(|| ApiError::webhook_not_found(id))
}

/// inferred: in the order they were created.
pub fn list_webhooks(conn: &Connection, ecosystem_id: &str) -> Result<Vec<Webhook>, ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {WEBHOOK_COLUMNS} FROM droplit_webhooks w WHERE w.ecosystem_id = ?1 ORDER BY w.seq"
    ))?;
    let rows = stmt.query_map([ecosystem_id], read_webhook)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_webhook(
    conn: &Connection,
    key: &DataKey,
    new: &NewWebhook,
    now_ms: i64,
) -> Result<Webhook, ApiError> {
    let id = new_id('W');
    let sealed = new
        .secret
        .as_ref()
        .map(|s| key.seal(s.as_bytes(), &secret_context(&id)));
    conn.execute(
        "INSERT INTO droplit_webhooks (id, ecosystem_id, url, description, secret, disabled,
         created_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
        params![
            id,
            new.ecosystem_id,
            new.url,
            new.description,
            sealed,
            now_ms
        ],
    )?;
    Ok(Webhook {
        id,
        description: new.description.clone(),
        ecosystem_id: new.ecosystem_id.clone(),
        url: new.url.clone(),
        disabled: false,
        created_at: format_created_at(now_ms),
    })
}

/// Only the fields given change.
pub fn update_webhook(
    conn: &Connection,
    key: &DataKey,
    caller: &Caller,
    id: &str,
    changes: &WebhookChanges,
) -> Result<(), ApiError> {
    let sealed = changes
        .secret
        .as_ref()
        .map(|s| key.seal(s.as_bytes(), &secret_context(id)));
    let changed = conn.execute(
        &format!(
            "UPDATE droplit_webhooks AS w SET
                url = COALESCE(?3, url),
                description = COALESCE(?4, description),
                secret = COALESCE(?5, secret),
                disabled = COALESCE(?6, disabled)
             WHERE w.id = ?2 AND {REACHED}"
        ),
        params![
            caller.token_hash.as_slice(),
            id,
            changes.url,
            changes.description,
            sealed,
            changes.disabled
        ],
    )?;
    if changed == 0 {
        return Err(ApiError::webhook_not_found(id));
    }
    Ok(())
}

pub fn delete_webhook(conn: &Connection, caller: &Caller, id: &str) -> Result<(), ApiError> {
    let deleted = conn.execute(
        &format!("DELETE FROM droplit_webhooks AS w WHERE w.id = ?2 AND {REACHED}"),
        params![caller.token_hash.as_slice(), id],
    )?;
    if deleted == 0 {
        return Err(ApiError::webhook_not_found(id));
    }
    Ok(())
}

/// The webhook's secret in clear, to sign with; `None` when it has none.
pub fn webhook_secret(
    conn: &Connection,
    key: &DataKey,
    id: &str,
) -> Result<Option<String>, ApiError> {
    let sealed: Option<Vec<u8>> = conn.query_row(
        "SELECT secret FROM droplit_webhooks WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let Some(sealed) = sealed else {
        return Ok(None);
    };
    let plain = key
        .open(&sealed, &secret_context(id))
        .map_err(Internal::new)?;
    String::from_utf8(plain)
        .map(Some)
        .map_err(|e| Internal::new(e).into())
}

// ---------------------------------------------------------------------------------------
// Deliveries

pub fn insert_delivery(
    conn: &Connection,
    ecosystem_id: &str,
    delivery: &RecordedDelivery,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO droplit_deliveries (id, webhook_id, ecosystem_id, url, headers, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            delivery.delivery_id,
            delivery.webhook_id,
            ecosystem_id,
            delivery.url,
            serde_json::to_string(&delivery.headers).map_err(Internal::new)?,
            delivery.body
        ],
    )?;
    Ok(())
}

const DELIVERY_COLUMNS: &str = "d.id, d.webhook_id, d.url, d.headers, d.body";

fn read_delivery(r: &Row<'_>) -> rusqlite::Result<RecordedDelivery> {
    let headers: String = r.get(3)?;
    Ok(RecordedDelivery {
        delivery_id: r.get(0)?,
        webhook_id: r.get(1)?,
        url: r.get(2)?,
        headers: serde_json::from_str(&headers).unwrap_or_default(),
        body: r.get(4)?,
    })
}

/// Keeps the ecosystem's newest `limits::deliveries_per_owner()` deliveries.
pub fn prune_deliveries(conn: &Connection, ecosystem_id: &str) -> Result<(), ApiError> {
    conn.execute(
        &limits::prune_sql("droplit_deliveries", "ecosystem_id"),
        params![ecosystem_id, limits::deliveries_per_owner() as i64],
    )?;
    Ok(())
}

/// One page of the caller's deliveries, newest first, of one webhook or all: up to
/// `limit` older than `before` (a cursor's position), and the next page's cursor.
pub fn list_deliveries(
    conn: &Connection,
    caller: &Caller,
    webhook_id: Option<&str>,
    before: Option<i64>,
    limit: usize,
) -> Result<(Vec<RecordedDelivery>, Option<String>), ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DELIVERY_COLUMNS}, d.seq FROM droplit_deliveries d
         WHERE (?2 IS NULL OR d.webhook_id = ?2) AND (?3 IS NULL OR d.seq < ?3)
           AND EXISTS (SELECT 1 FROM droplit_access a
                       WHERE a.token_hash = ?1 AND a.ecosystem_id = d.ecosystem_id)
         ORDER BY d.seq DESC LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        params![caller.token_hash.as_slice(), webhook_id, before, limit + 1],
        |r| Ok((r.get(5)?, read_delivery(r)?)),
    )?;
    Ok(page::split(rows.collect::<Result<_, _>>()?, limit))
}

pub fn get_delivery(
    conn: &Connection,
    caller: &Caller,
    id: &str,
) -> Result<RecordedDelivery, ApiError> {
    conn.query_row(
        &format!(
            "SELECT {DELIVERY_COLUMNS} FROM droplit_deliveries d
             WHERE d.id = ?2 AND EXISTS (SELECT 1 FROM droplit_access a
                 WHERE a.token_hash = ?1 AND a.ecosystem_id = d.ecosystem_id)"
        ),
        params![caller.token_hash.as_slice(), id],
        read_delivery,
    )
    .optional()?
    .ok_or_else(|| ApiError::delivery_not_found(id))
}
