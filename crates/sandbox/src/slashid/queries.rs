//! SlashID's tables and queries. `UNIQUE(org_id, target_url)` decides which of two
//! concurrent creates wins, and `ON DELETE CASCADE` removes a webhook's triggers and
//! deliveries with it. The tables keep their first, unprefixed names, so databases made
//! before InstaVM joined open unchanged.

use webhook_rules::slashid::errors::wire_message;

use p256::ecdsa::SigningKey;
use rusqlite::{Connection, OptionalExtension, params};
use webhook_rules::slashid::validate::{NewWebhook, PatchWebhook};
use webhook_rules::slashid::wire::{Headers, Trigger, Webhook};
use webhook_rules::slashid::{conflicts, timeout};

use crate::common::crypto::{self, DataKey};
use crate::common::db::{self, is_unique_violation};
use crate::common::{limits, page};
use crate::slashid::OrgSeed;
use crate::slashid::envelope::Failure;
use crate::slashid::keys;

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS organizations (
    id TEXT PRIMARY KEY,
    api_key_hash BLOB NOT NULL,
    -- sealed with the data key, context 'signing-key:<id>'
    signing_key BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS webhooks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    target_url TEXT NOT NULL,
    -- JSON sealed with the data key, context '<webhook id>'
    custom_headers BLOB NOT NULL,
    timeout_nanos INTEGER NOT NULL,
    UNIQUE (org_id, target_url)
);
CREATE TABLE IF NOT EXISTS triggers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    trigger_type TEXT NOT NULL,
    trigger_name TEXT NOT NULL,
    UNIQUE (webhook_id, trigger_type, trigger_name)
);
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    target_url TEXT NOT NULL,
    trigger_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    jwt TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS triggers_by_name ON triggers(trigger_type, trigger_name);
CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries(webhook_id);
CREATE INDEX IF NOT EXISTS deliveries_by_org ON deliveries(org_id, seq);
";

const DEMO_ORG: &str = "demo_org_id";
const DEMO_KEY: &str = "demo_api_key";

/// Makes sure each seeded organization exists with its key; without seeds, makes sure
/// the demo organization exists and returns its credentials to be printed.
pub fn setup_orgs(
    conn: &mut Connection,
    key: &DataKey,
    seeds: &[OrgSeed],
) -> Result<Option<OrgSeed>, String> {
    let sql = |e: rusqlite::Error| e.to_string();
    for seed in seeds {
        ensure_org(conn, key, seed).map_err(sql)?;
    }
    if !seeds.is_empty() {
        return Ok(None);
    }
    let id = match db::setting(conn, DEMO_ORG).map_err(sql)? {
        Some(id) => String::from_utf8_lossy(&id).into_owned(),
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            db::put_setting(conn, DEMO_ORG, id.as_bytes()).map_err(sql)?;
            id
        }
    };
    let api_key = db::demo_secret(conn, key, DEMO_KEY, crypto::new_api_key)?;
    let demo = OrgSeed { id, api_key };
    ensure_org(conn, key, &demo).map_err(sql)?;
    Ok(Some(demo))
}

fn ensure_org(conn: &Connection, key: &DataKey, seed: &OrgSeed) -> rusqlite::Result<()> {
    let hash = crypto::hash_api_key(&seed.api_key);
    let updated = conn.execute(
        "UPDATE organizations SET api_key_hash = ?2 WHERE id = ?1",
        params![seed.id, hash.as_slice()],
    )?;
    if updated == 0 {
        let signing = keys::new_signing_key();
        let sealed = key.seal(
            &keys::signing_key_bytes(&signing),
            &signing_context(&seed.id),
        );
        conn.execute(
            "INSERT INTO organizations (id, api_key_hash, signing_key) VALUES (?1, ?2, ?3)",
            params![seed.id, hash.as_slice(), sealed],
        )?;
    }
    Ok(())
}

fn signing_context(org_id: &str) -> String {
    format!("signing-key:{org_id}")
}

pub fn api_key_hash(conn: &Connection, org_id: &str) -> Result<Option<Vec<u8>>, Failure> {
    Ok(conn
        .query_row(
            "SELECT api_key_hash FROM organizations WHERE id = ?1",
            [org_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn signing_key(conn: &Connection, key: &DataKey, org_id: &str) -> Result<SigningKey, Failure> {
    let sealed: Vec<u8> = conn.query_row(
        "SELECT signing_key FROM organizations WHERE id = ?1",
        [org_id],
        |r| r.get(0),
    )?;
    let bytes = key
        .open(&sealed, &signing_context(org_id))
        .map_err(Failure::internal)?;
    keys::signing_key_from_bytes(&bytes).map_err(Failure::internal)
}

const WEBHOOK_COLUMNS: &str = "id, name, description, target_url, custom_headers, timeout_nanos";

fn read_webhook(
    key: &DataKey,
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<Result<Webhook, Failure>> {
    let id: String = row.get(0)?;
    let sealed: Vec<u8> = row.get(4)?;
    let nanos: i64 = row.get(5)?;
    let headers = key
        .open(&sealed, &id)
        .and_then(|json| serde_json::from_slice::<Headers>(&json).map_err(|e| e.to_string()));
    Ok(match headers {
        Ok(custom_headers) => Ok(Webhook {
            id,
            name: row.get(1)?,
            description: row.get(2)?,
            target_url: row.get(3)?,
            custom_headers,
            timeout: timeout::normalize(nanos),
        }),
        Err(e) => Err(Failure::internal(e)),
    })
}

fn seal_headers(key: &DataKey, webhook_id: &str, headers: &Headers) -> Vec<u8> {
    key.seal(
        &serde_json::to_vec(headers).expect("headers serialize"),
        webhook_id,
    )
}

pub fn list_webhooks(
    conn: &Connection,
    key: &DataKey,
    org_id: &str,
) -> Result<Vec<Webhook>, Failure> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE org_id = ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([org_id], |r| read_webhook(key, r))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

pub fn get_webhook(
    conn: &Connection,
    key: &DataKey,
    org_id: &str,
    id: &str,
) -> Result<Option<Webhook>, Failure> {
    conn.query_row(
        &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE org_id = ?1 AND id = ?2"),
        [org_id, id],
        |r| read_webhook(key, r),
    )
    .optional()?
    .transpose()
}

pub fn webhook_not_found(id: &str) -> Failure {
    Failure::not_found(format!("webhook_id: no webhook {id} in this organization"))
}

pub fn insert_webhook(
    conn: &Connection,
    key: &DataKey,
    org_id: &str,
    new: &NewWebhook,
) -> Result<Webhook, Failure> {
    let id = uuid::Uuid::new_v4().to_string();
    let result = conn.execute(
        "INSERT INTO webhooks (id, org_id, name, description, target_url, custom_headers, timeout_nanos)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            org_id,
            new.name,
            new.description,
            new.target_url,
            seal_headers(key, &id, &new.custom_headers),
            new.timeout_nanos
        ],
    );
    match result {
        Ok(_) => Ok(Webhook {
            id,
            name: new.name.clone(),
            description: new.description.clone(),
            target_url: new.target_url.clone(),
            custom_headers: new.custom_headers.clone(),
            timeout: new.timeout(),
        }),
        Err(e) if is_unique_violation(&e) => Err(Failure::conflict(wire_message(
            &conflicts::duplicate_target_url(),
        ))),
        Err(e) => Err(e.into()),
    }
}

pub fn update_webhook(
    conn: &mut Connection,
    key: &DataKey,
    org_id: &str,
    id: &str,
    patch: &PatchWebhook,
) -> Result<Webhook, Failure> {
    let tx = conn.transaction()?;
    let Some(current) = get_webhook(&tx, key, org_id, id)? else {
        return Err(webhook_not_found(id));
    };
    let current_nanos: i64 = tx.query_row(
        "SELECT timeout_nanos FROM webhooks WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let name = patch.name.clone().unwrap_or(current.name);
    let description = patch.description.clone().unwrap_or(current.description);
    let target_url = patch.target_url.clone().unwrap_or(current.target_url);
    let custom_headers = patch
        .custom_headers
        .clone()
        .unwrap_or(current.custom_headers);
    let nanos = patch.timeout_nanos.unwrap_or(current_nanos);
    let result = tx.execute(
        "UPDATE webhooks SET name = ?2, description = ?3, target_url = ?4, custom_headers = ?5,
         timeout_nanos = ?6 WHERE id = ?1",
        params![
            id,
            name,
            description,
            target_url,
            seal_headers(key, id, &custom_headers),
            nanos
        ],
    );
    match result {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(Failure::conflict(wire_message(
                &conflicts::duplicate_target_url(),
            )));
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit()?;
    Ok(Webhook {
        id: id.to_owned(),
        name,
        description,
        target_url,
        custom_headers,
        timeout: timeout::normalize(nanos),
    })
}

/// `false` when the organization has no such webhook. Its triggers and deliveries go
/// with it (ON DELETE CASCADE).
pub fn delete_webhook(conn: &Connection, org_id: &str, id: &str) -> Result<bool, Failure> {
    Ok(conn.execute(
        "DELETE FROM webhooks WHERE org_id = ?1 AND id = ?2",
        [org_id, id],
    )? > 0)
}

pub fn webhook_exists(conn: &Connection, org_id: &str, id: &str) -> Result<bool, Failure> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM webhooks WHERE org_id = ?1 AND id = ?2",
            [org_id, id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn list_triggers(conn: &Connection, webhook_id: &str) -> Result<Vec<Trigger>, Failure> {
    let mut stmt = conn.prepare(
        "SELECT trigger_type, trigger_name FROM triggers WHERE webhook_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([webhook_id], |r| {
        Ok(Trigger {
            trigger_type: r.get(0)?,
            trigger_name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// `false` when the webhook already has this trigger.
pub fn insert_trigger(
    conn: &Connection,
    webhook_id: &str,
    trigger_type: &str,
    trigger_name: &str,
) -> Result<bool, Failure> {
    match conn.execute(
        "INSERT INTO triggers (webhook_id, trigger_type, trigger_name) VALUES (?1, ?2, ?3)",
        [webhook_id, trigger_type, trigger_name],
    ) {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// `false` when the webhook has no such trigger.
pub fn delete_trigger(
    conn: &Connection,
    webhook_id: &str,
    trigger_type: &str,
    trigger_name: &str,
) -> Result<bool, Failure> {
    Ok(conn.execute(
        "DELETE FROM triggers WHERE webhook_id = ?1 AND trigger_type = ?2 AND trigger_name = ?3",
        [webhook_id, trigger_type, trigger_name],
    )? > 0)
}

/// `(webhook id, target URL)` of every webhook of the organization with this trigger.
pub fn webhooks_triggered_by(
    conn: &Connection,
    org_id: &str,
    trigger_type: &str,
    trigger_name: &str,
) -> Result<Vec<(String, String)>, Failure> {
    let mut stmt = conn.prepare(
        "SELECT w.id, w.target_url FROM webhooks w JOIN triggers t ON t.webhook_id = w.id
         WHERE w.org_id = ?1 AND t.trigger_type = ?2 AND t.trigger_name = ?3 ORDER BY w.seq",
    )?;
    let rows = stmt.query_map([org_id, trigger_type, trigger_name], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Delivery {
    pub id: String,
    pub webhook_id: String,
    pub target_url: String,
    pub trigger_name: String,
    pub created_at: String,
    pub jwt: String,
}

/// Records a delivery, unless its webhook was deleted meanwhile (its deliveries went with
/// it).
pub fn insert_delivery(conn: &Connection, org_id: &str, d: &Delivery) -> Result<(), Failure> {
    conn.execute(
        "INSERT INTO deliveries (id, org_id, webhook_id, target_url, trigger_name, created_at, jwt)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = ?3)",
        params![
            d.id,
            org_id,
            d.webhook_id,
            d.target_url,
            d.trigger_name,
            d.created_at,
            d.jwt
        ],
    )?;
    Ok(())
}

/// Keeps the organization's newest `limits::deliveries_per_owner()` deliveries.
pub fn prune_deliveries(conn: &Connection, org_id: &str) -> Result<(), Failure> {
    conn.execute(
        &limits::prune_sql("deliveries", "org_id"),
        params![org_id, limits::deliveries_per_owner() as i64],
    )?;
    Ok(())
}

/// One page, newest first: up to `limit` deliveries older than `before` (a cursor's
/// position), of one webhook or all of the organization's; the next page's cursor when
/// there is one; and how many there are in all.
pub fn list_deliveries(
    conn: &Connection,
    org_id: &str,
    webhook_id: Option<&str>,
    before: Option<i64>,
    limit: usize,
) -> Result<(Vec<Delivery>, Option<String>, i64), Failure> {
    let total: i64 = conn.query_row(
        "SELECT COUNT(*) FROM deliveries WHERE org_id = ?1 AND (?2 IS NULL OR webhook_id = ?2)",
        params![org_id, webhook_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT seq, id, webhook_id, target_url, trigger_name, created_at, jwt FROM deliveries
         WHERE org_id = ?1 AND (?2 IS NULL OR webhook_id = ?2) AND (?3 IS NULL OR seq < ?3)
         ORDER BY seq DESC LIMIT ?4",
    )?;
    // One more than the page, to know whether another follows.
    let rows = stmt.query_map(params![org_id, webhook_id, before, limit + 1], |r| {
        Ok((
            r.get(0)?,
            Delivery {
                id: r.get(1)?,
                webhook_id: r.get(2)?,
                target_url: r.get(3)?,
                trigger_name: r.get(4)?,
                created_at: r.get(5)?,
                jwt: r.get(6)?,
            },
        ))
    })?;
    let (items, next) = page::split(rows.collect::<Result<_, _>>()?, limit);
    Ok((items, next, total))
}
