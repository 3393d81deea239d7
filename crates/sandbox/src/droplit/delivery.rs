//! A webhook's calls: the exact request the real server would send, signed with the
//! webhook's secret, recorded instead of sent (the sandbox makes no outbound call).

use hmac::{Hmac, Mac};
use rusqlite::Connection;
use serde::Serialize;
use sha2::Sha256;
use webhook_rules::droplit::paths::SIGNATURE_HEADER;
use webhook_rules::droplit::wire::{RecordedDelivery, Webhook, format_created_at};

use crate::common::crypto::DataKey;
use crate::droplit::error::ApiError;
use crate::droplit::queries;

/// inferred: the body of a test call (`POST /api/webhooks/{id}/invoke`). The docs say only
/// that a call is a transaction whose notifications are the entries of its `items`; a
/// test call carries one, of type `test`. Written as compact JSON in this order.
#[derive(Serialize)]
struct TestCall<'a> {
    #[serde(rename = "ecosystemId")]
    ecosystem_id: &'a str,
    #[serde(rename = "webhookId")]
    webhook_id: &'a str,
    items: [TestItem; 1],
}

#[derive(Serialize)]
struct TestItem {
    #[serde(rename = "type")]
    kind: &'static str,
    timestamp: String,
}

/// The lower-case hex HMAC-SHA256 of `body`, keyed with `secret`: `x-droplit-signature`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records a test call to `webhook`, as it would be sent now. A webhook without a secret,
/// or with `""` (falsy in JavaScript), sends no signature (`paths::SIGNATURE_HEADER`).
pub fn invoke(
    conn: &Connection,
    key: &DataKey,
    webhook: &Webhook,
    now_ms: i64,
) -> Result<RecordedDelivery, ApiError> {
    let body = serde_json::to_string(&TestCall {
        ecosystem_id: &webhook.ecosystem_id,
        webhook_id: &webhook.id,
        items: [TestItem {
            kind: "test",
            timestamp: format_created_at(now_ms),
        }],
    })
    .expect("a test call serializes");
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    if let Some(secret) = queries::webhook_secret(conn, key, &webhook.id)?
        && !secret.is_empty()
    {
        headers.push((SIGNATURE_HEADER.to_owned(), sign(&secret, body.as_bytes())));
    }
    let delivery = RecordedDelivery {
        delivery_id: uuid::Uuid::new_v4().to_string(),
        webhook_id: webhook.id.clone(),
        url: webhook.url.clone(),
        headers,
        body,
    };
    queries::insert_delivery(conn, &webhook.ecosystem_id, &delivery)?;
    queries::prune_deliveries(conn, &webhook.ecosystem_id)?;
    Ok(delivery)
}

#[cfg(test)]
mod tests {
    #[test]
    fn signs_the_exact_body_as_a_hex_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            super::sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
