//! `POST /test-events`: generates test events and records, for every webhook of the
//! organization with a matching `event` trigger, the signed call the real API would make.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};
use webhook_rules::slashid::test_events::TestEventRequest;
use webhook_rules::slashid::triggers::TriggerType;
use webhook_rules::slashid::validate::validate_test_events;
use webhook_rules::slashid::wire::{DeliveryClaims, TestEvent, TestEventSpec};

use crate::AppState;
use crate::common::clock;
use crate::common::crypto::random_bytes;
use crate::slashid::auth::Org;
use crate::slashid::body::ApiJson;
use crate::slashid::envelope::{self, Failure};
use crate::slashid::keys;
use crate::slashid::queries::{self, Delivery};

/// inferred: how long a delivery JWT is valid.
const JWT_LIFETIME_SECS: i64 = 5 * 60;

/// `FactorMethod` of the OpenAPI file.
const FACTOR_METHODS: &[&str] = &[
    "webauthn",
    "email_link",
    "sms_link",
    "otp_via_sms",
    "otp_via_email",
    "totp",
    "oidc",
    "saml",
    "password",
];
const FAILURE_REASONS: &[&str] = &["invalid credentials", "expired link", "too many attempts"];
const PAGES: &[&str] = &["/", "/login", "/account", "/pricing", "/docs"];

pub async fn create(
    State(state): State<AppState>,
    org: Org,
    ApiJson(specs): ApiJson<Vec<TestEventSpec>>,
) -> Result<Response, Failure> {
    let requests = validate_test_events(&specs).map_err(|p| Failure::problems(&p))?;
    let total: u32 = requests.iter().map(|r| r.count).sum();
    state.slashid.limits.test_events.take(&org.id, total)?;
    let events: Vec<TestEvent> = requests.iter().flat_map(|r| generate(&org.id, r)).collect();
    let recorded = events.clone();
    state
        .db
        .call(move |conn, key| {
            let tx = conn.transaction()?;
            let signing = queries::signing_key(&tx, key, &org.id)?;
            let kid = keys::public_jwk(&signing).kid;
            for event in &recorded {
                let content = serde_json::to_value(event).map_err(Failure::internal)?;
                let hooks = queries::webhooks_triggered_by(
                    &tx,
                    &org.id,
                    TriggerType::Event.as_str(),
                    &event.event_name,
                )?;
                for (webhook_id, target_url) in hooks {
                    let iat = clock::unix_now();
                    let claims = DeliveryClaims {
                        aud: org.id.clone(),
                        iss: webhook_rules::slashid::delivery::ISSUER.to_owned(),
                        exp: iat + JWT_LIFETIME_SECS,
                        iat,
                        jti: uuid::Uuid::new_v4().to_string(),
                        sub: org.id.clone(),
                        target_url: target_url.clone(),
                        trigger_type: TriggerType::Event.as_str().to_owned(),
                        trigger_name: event.event_name.clone(),
                        trigger_content: content.clone(),
                        webhook_id: webhook_id.clone(),
                    };
                    let delivery = Delivery {
                        id: claims.jti.clone(),
                        webhook_id,
                        target_url,
                        trigger_name: event.event_name.clone(),
                        created_at: clock::rfc3339_now(),
                        jwt: keys::sign_jwt(&signing, &kid, &claims),
                    };
                    queries::insert_delivery(&tx, &org.id, &delivery)?;
                }
            }
            tx.commit()?;
            Ok::<_, Failure>(())
        })
        .await?;
    Ok(envelope::ok(StatusCode::CREATED, events))
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

/// Random content shaped like the OpenAPI `Test_<EventName>` schemas.
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
