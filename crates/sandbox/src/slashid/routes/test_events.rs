//! `POST /test-events`: generates test events and records, for every webhook of the
//! organization with a matching `event` trigger, the signed call the real API would make.
//!
//! The work of one request is bounded (`common::limits::slashid`): at most 50 events, a
//! correlation id of at most 1 KiB, and at most `DELIVERIES_PER_REQUEST` deliveries (events
//! times the webhooks each triggers), else a 400 before anything is signed. Signing runs
//! off the async workers and outside the database's lock; the recording is one short
//! transaction.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};
use webhook_rules::slashid::test_events::TestEventRequest;
use webhook_rules::slashid::triggers::TriggerType;
use webhook_rules::slashid::validate::validate_test_events;
use webhook_rules::slashid::wire::{DeliveryClaims, TestEvent, TestEventSpec};

use p256::ecdsa::SigningKey;

use crate::AppState;
use crate::common::crypto::random_bytes;
use crate::common::limits::slashid::DELIVERIES_PER_REQUEST;
use crate::common::{clock, work};
use crate::slashid::auth::Org;
use crate::slashid::body::ApiJson;
use crate::slashid::envelope::{self, Failure};
use crate::slashid::keys;
use crate::slashid::queries::{self, Delivery};

/// inferred: how long a delivery JWT is valid.
const JWT_LIFETIME_SECS: i64 = 5 * 60;

/// `FactorMethod` of the OpenAPI file, every value.
const FACTOR_METHODS: &[&str] = &[
    "webauthn",
    "email_link",
    "sms_link",
    "otp_via_sms",
    "otp_via_email",
    "totp",
    "oidc",
    "saml",
    "api",
    "direct_id",
    "password",
    "impersonate",
    "anonymous",
];
const FAILURE_REASONS: &[&str] = &["invalid credentials", "expired link", "too many attempts"];
const PAGES: &[&str] = &["/", "/login", "/account", "/pricing", "/docs"];

pub async fn create(
    State(state): State<AppState>,
    org: Org,
    ApiJson(specs): ApiJson<Vec<TestEventSpec>>,
) -> Result<Response, Failure> {
    let requests = work::cpu(move || {
        validate_test_events(&specs).map_err(|problems| Failure::problems(&problems))
    })
    .await??;
    // Which webhooks each event name triggers, read before anything is signed, so that a
    // request over the bound costs neither a rate-limit token nor a signature.
    let names: Vec<&'static str> = requests.iter().map(|r| r.event_name).collect();
    let org_id = org.id.clone();
    let (signing, hooks) = state
        .db
        .call(move |conn, key| {
            let signing = queries::signing_key(conn, key, &org_id)?;
            let mut hooks = Vec::with_capacity(names.len());
            for name in names {
                hooks.push(queries::webhooks_triggered_by(
                    conn,
                    &org_id,
                    TriggerType::Event.as_str(),
                    name,
                )?);
            }
            Ok::<_, Failure>((signing, hooks))
        })
        .await?;
    let deliveries: usize = requests
        .iter()
        .zip(&hooks)
        .map(|(r, h)| r.count as usize * h.len())
        .sum();
    if deliveries > DELIVERIES_PER_REQUEST {
        return Err(Failure::bad_request(format!(
            "these test events would be delivered {deliveries} times (events times the webhooks \
             each triggers): at most {DELIVERIES_PER_REQUEST} deliveries per request; ask for \
             fewer events"
        )));
    }
    let total: u32 = requests.iter().map(|r| r.count).sum();
    state.slashid.limits.test_events.take(&org.id, total)?;
    let org_id = org.id.clone();
    // ES256 signatures: up to `DELIVERIES_PER_REQUEST` of them, off the async workers and
    // outside the database's lock.
    let (events, signed) = work::cpu(move || {
        let kid = keys::public_jwk(&signing).kid;
        let mut events = Vec::new();
        let mut signed = Vec::with_capacity(deliveries);
        for (req, hooks) in requests.iter().zip(&hooks) {
            for event in generate(&org_id, req) {
                let content = serde_json::to_value(&event).map_err(Failure::internal)?;
                for (webhook_id, target_url) in hooks {
                    signed.push(sign_delivery(
                        &signing, &kid, &org_id, &event, &content, webhook_id, target_url,
                    ));
                }
                events.push(event);
            }
        }
        Ok::<_, Failure>((events, signed))
    })
    .await??;
    // One transaction: a request's deliveries are recorded all or none, and the oldest of
    // the organization's are pruned past `DELIVERIES_PER_OWNER`. A webhook deleted since it
    // was read gets none.
    state
        .db
        .call(move |conn, _| {
            let tx = conn.transaction()?;
            for delivery in &signed {
                queries::insert_delivery(&tx, &org.id, delivery)?;
            }
            queries::prune_deliveries(&tx, &org.id)?;
            tx.commit()?;
            Ok::<_, Failure>(())
        })
        .await?;
    Ok(envelope::ok(StatusCode::CREATED, events))
}

/// The call the real API would make for `event` to one webhook: an ES256 JWT.
fn sign_delivery(
    signing: &SigningKey,
    kid: &str,
    org_id: &str,
    event: &TestEvent,
    content: &Value,
    webhook_id: &str,
    target_url: &str,
) -> Delivery {
    let iat = clock::unix_now();
    let claims = DeliveryClaims {
        aud: org_id.to_owned(),
        iss: webhook_rules::slashid::delivery::ISSUER.to_owned(),
        exp: iat + JWT_LIFETIME_SECS,
        iat,
        jti: uuid::Uuid::new_v4().to_string(),
        sub: org_id.to_owned(),
        target_url: target_url.to_owned(),
        trigger_type: TriggerType::Event.as_str().to_owned(),
        trigger_name: event.event_name.clone(),
        trigger_content: content.clone(),
        webhook_id: webhook_id.to_owned(),
    };
    Delivery {
        id: claims.jti.clone(),
        webhook_id: webhook_id.to_owned(),
        target_url: target_url.to_owned(),
        trigger_name: event.event_name.clone(),
        created_at: clock::rfc3339_now(),
        jwt: keys::sign_jwt(signing, kid, &claims),
    }
}

/// `count` events; with `duplicates`, one event repeated (same id and content), as a
/// client that retried would send it.
fn generate(org_id: &str, req: &TestEventRequest) -> Vec<TestEvent> {
    if req.duplicates {
        let event = one_event(org_id, req);
        vec![event; req.count as usize]
    } else {
        (0..req.count).map(|_| one_event(org_id, req)).collect()
    }
}

fn pick<'a>(items: &[&'a str]) -> &'a str {
    let [r] = random_bytes::<1>();
    items[usize::from(r) % items.len()]
}

/// Random content shaped like the OpenAPI file's `Test_<EventName>` schema of the event
/// (`BaseTestEvent` and its own properties, every one of them given): `person_id` (a
/// `PersonID`), `authn_method` / `failed_authn_method` (a `FactorMethod`),
/// `failure_reason`, `window_location` (`BaseTestSDKEvent`, a URL). Event names without a
/// schema of their own get `BaseTestEvent`'s fields only. `tests/schemathesis.rs` holds
/// every event type to its schema in that file.
fn one_event(org_id: &str, req: &TestEventRequest) -> TestEvent {
    let mut extra = Map::new();
    let person_id = || Value::String(uuid::Uuid::new_v4().to_string());
    match req.event_name {
        "AuthenticationSucceeded_v1" => {
            extra.insert("person_id".into(), person_id());
            extra.insert("authn_method".into(), json!(pick(FACTOR_METHODS)));
        }
        "AuthenticationFailed_v1" => {
            extra.insert("failed_authn_method".into(), json!(pick(FACTOR_METHODS)));
            extra.insert("failure_reason".into(), json!(pick(FAILURE_REASONS)));
        }
        "PersonCreated_v1" | "AnonymousPersonCreated_v1" | "PersonDeleted_v1" => {
            extra.insert("person_id".into(), person_id());
        }
        "VirtualPageLoaded_v1"
        | "SlashIDSDKLoaded_v1"
        | "PersonIdentified_v1"
        | "PersonLoggedOut_v1" => {
            extra.insert(
                "window_location".into(),
                json!(format!("https://example.com{}", pick(PAGES))),
            );
        }
        _ => {}
    }
    if !req.analytics_correlation_id.is_empty() {
        extra.insert(
            "analytics_correlation_id".into(),
            json!(req.analytics_correlation_id),
        );
    }
    TestEvent {
        event_id: uuid::Uuid::new_v4().to_string(),
        event_name: req.event_name.to_owned(),
        timestamp: clock::rfc3339_now(),
        organization_id: org_id.to_owned(),
        is_test_event: true,
        extra,
    }
}
