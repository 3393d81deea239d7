//! The SlashID endpoints, their envelope and every error status, over real HTTP.

mod support;

use std::time::{Duration, Instant};
use webhook_rules::slashid::errors::wire_message;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{ORG_A, ORG_B, Sandbox, error_messages, send};
use webhook_rules::Problem;
use webhook_rules::slashid::validate::validate_test_events;
use webhook_rules::slashid::wire::{TestEventSpec, Trigger, WebhookCreate};
use webhook_rules::slashid::{conflicts, consistency};
use webhook_rules::slashid::{validate_create, validate_trigger};

const HOOKS: &str = "/organizations/webhooks";

fn wire(problems: Vec<Problem>) -> Vec<String> {
    problems.iter().map(wire_message).collect()
}

#[tokio::test]
async fn creates_reads_lists_patches_and_deletes_a_webhook() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let first = api
        .create_webhook(json!({"name": "first", "target_url": "https://example.com/one"}))
        .await;
    assert_eq!(first["name"], "first");
    assert_eq!(first["description"], "");
    assert_eq!(first["target_url"], "https://example.com/one");
    assert_eq!(first["custom_headers"], json!({}));
    assert_eq!(first["timeout"], "0s", "an unset timeout reads back as 0s");
    let id = first["id"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");

    let second = api
        .create_webhook(json!({
            "name": "second",
            "target_url": "https://example.com/two",
            "description": "d",
            "custom_headers": {"X-One": ["1"], "X-Two": ["2", "3"]},
            "timeout": "1500ms",
        }))
        .await;
    assert_eq!(second["timeout"], "1.5s", "timeout reads back in Go form");

    let (status, body) = send(api.get(&format!("{HOOKS}/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["result"], first);

    let (status, body) = send(api.get(HOOKS)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["result"], json!([first, second]), "creation order");

    // Only the fields sent change; custom_headers replaces every header.
    let second_id = second["id"].as_str().unwrap();
    let (status, body) = send(api.patch(
        &format!("{HOOKS}/{second_id}"),
        &json!({"name": "renamed", "custom_headers": {"X-Three": ["3"]}}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let patched = &body["result"];
    assert_eq!(patched["name"], "renamed");
    assert_eq!(patched["description"], "d");
    assert_eq!(patched["target_url"], "https://example.com/two");
    assert_eq!(patched["custom_headers"], json!({"X-Three": ["3"]}));
    assert_eq!(patched["timeout"], "1.5s");
    let (_, body) = send(api.get(&format!("{HOOKS}/{second_id}"))).await;
    assert_eq!(&body["result"], patched);

    let (status, body) =
        send(api.patch(&format!("{HOOKS}/{second_id}"), &json!({"timeout": ""}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["result"]["timeout"], "0s");

    let resp = api.delete(&format!("{HOOKS}/{id}")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert_eq!(resp.text().await.unwrap(), "");
    let (status, body) = send(api.get(&format!("{HOOKS}/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_messages(status, &body).len(), 1);
    let (status, _) = send(api.delete(&format!("{HOOKS}/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(api.patch(&format!("{HOOKS}/{id}"), &json!({}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rejects_missing_org_header() {
    let sb = Sandbox::start(&[]).await;
    let (status, body) = send(
        sb.http()
            .get(sb.url(HOOKS))
            .header("SlashID-API-Key", ORG_A.api_key),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error_messages(status, &body)[0].contains("SlashID-OrgID"),
        "{body}"
    );
}

#[tokio::test]
async fn rejects_missing_or_wrong_api_key() {
    let sb = Sandbox::start(&[]).await;
    let cases = [
        (None, Some(ORG_A.org_id)),
        (Some("wrong"), Some(ORG_A.org_id)),
        (Some(ORG_B.api_key), Some(ORG_A.org_id)),
        (Some(ORG_A.api_key), Some("no-such-org")),
    ];
    for (key, org) in cases {
        let mut req = sb.http().get(sb.url(HOOKS));
        if let Some(key) = key {
            req = req.header("SlashID-API-Key", key);
        }
        if let Some(org) = org {
            req = req.header("SlashID-OrgID", org);
        }
        let (status, body) = send(req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?} {org:?}");
        assert_eq!(error_messages(status, &body).len(), 1);
    }
}

#[tokio::test]
async fn keeps_organizations_apart() {
    let sb = Sandbox::start(&[]).await;
    let (a, b) = (sb.api(ORG_A), sb.api(ORG_B));
    let hook = a
        .create_webhook(json!({"name": "a", "target_url": "https://example.com/shared"}))
        .await;
    let id = hook["id"].as_str().unwrap();
    a.add_trigger(id, "event", "PersonCreated_v1").await;

    let (_, body) = send(b.get(HOOKS)).await;
    assert_eq!(body["result"], json!([]));
    let path = format!("{HOOKS}/{id}");
    let triggers = format!("{path}/triggers");
    for req in [
        b.get(&path),
        b.patch(&path, &json!({"name": "stolen"})),
        b.delete(&path),
        b.get(&triggers),
        b.post(
            &triggers,
            &json!({"trigger_type": "event", "trigger_name": "PersonDeleted_v1"}),
        ),
        b.delete(&format!(
            "{triggers}?trigger_type=event&trigger_name=PersonCreated_v1"
        )),
        b.get(&format!("/sandbox/deliveries?webhook_id={id}")),
    ] {
        let (status, body) = send(req).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }
    // Target URLs are unique per organization, not across them.
    b.create_webhook(json!({"name": "b", "target_url": "https://example.com/shared"}))
        .await;
    let (_, body) = send(a.get(&path)).await;
    assert_eq!(body["result"], hook, "A's webhook is untouched");
    let (_, body) = send(a.get(&triggers)).await;
    assert_eq!(body["result"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn reports_every_problem_at_once() {
    let sb = Sandbox::start(&[]).await;
    let body = json!({
        "name": "  ",
        "target_url": "http://example.com/x?y=1",
        "timeout": "30s",
        "custom_headers": {"Bad Name": ["v"], "X-Ok": ["line\nbreak"]},
    });
    let expected = wire(
        validate_create(&serde_json::from_value::<WebhookCreate>(body.clone()).unwrap())
            .unwrap_err(),
    );
    assert!(expected.len() >= 4, "{expected:?}");
    let (status, resp) = send(sb.api(ORG_A).post(HOOKS, &body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_messages(status, &resp), expected);

    let (status, resp) = send(sb.api(ORG_A).post(HOOKS, &json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_messages(status, &resp),
        wire(validate_create(&WebhookCreate::default()).unwrap_err())
    );

    // A patch is checked by the same rules, and nothing is changed.
    let api = sb.api(ORG_A);
    let hook = api
        .create_webhook(json!({"name": "n", "target_url": "https://example.com/p"}))
        .await;
    let path = format!("{HOOKS}/{}", hook["id"].as_str().unwrap());
    let (status, resp) = send(api.patch(&path, &json!({"name": "", "timeout": "-1s"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_messages(status, &resp).len(), 2, "{resp}");
    let (_, resp) = send(api.get(&path)).await;
    assert_eq!(resp["result"], hook);
}

#[tokio::test]
async fn rejects_duplicate_target_url_with_409() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    api.create_webhook(json!({"name": "one", "target_url": "https://example.com/dup"}))
        .await;
    let (status, body) = send(api.post(
        HOOKS,
        &json!({"name": "two", "target_url": "https://example.com/dup"}),
    ))
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        error_messages(status, &body),
        [wire_message(&conflicts::duplicate_target_url())]
    );
    let other = api
        .create_webhook(json!({"name": "two", "target_url": "https://example.com/other"}))
        .await;
    let path = format!("{HOOKS}/{}", other["id"].as_str().unwrap());
    let (status, _) =
        send(api.patch(&path, &json!({"target_url": "https://example.com/dup"}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Patching a webhook to its own URL is not a conflict.
    let (status, _) =
        send(api.patch(&path, &json!({"target_url": "https://example.com/other"}))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn manages_triggers() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let hook = api
        .create_webhook(json!({"name": "t", "target_url": "https://example.com/t"}))
        .await;
    let id = hook["id"].as_str().unwrap();
    let path = format!("{HOOKS}/{id}/triggers");

    let (status, body) = send(api.get(&path)).await;
    assert_eq!((status, &body["result"]), (StatusCode::OK, &json!([])));

    let event = json!({"trigger_type": "event", "trigger_name": "PersonCreated_v1"});
    let hook_trigger = json!({"trigger_type": "sync_hook", "trigger_name": "token_minted"});
    let (status, body) = send(api.post(&path, &event)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(body.get("result").is_none(), "no result: {body}");
    let (status, _) = send(api.post(&path, &hook_trigger)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = send(api.post(&path, &event)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    for bad in [
        json!({"trigger_type": "event", "trigger_name": "token_minted"}),
        json!({"trigger_type": "webhook", "trigger_name": ""}),
        json!({"trigger_type": "sync_hook", "trigger_name": "Nope"}),
    ] {
        let expected = wire(
            validate_trigger(&serde_json::from_value::<Trigger>(bad.clone()).unwrap()).unwrap_err(),
        );
        let (status, body) = send(api.post(&path, &bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error_messages(status, &body), expected);
    }

    let (_, body) = send(api.get(&path)).await;
    assert_eq!(body["result"], json!([event, hook_trigger]));

    let (status, body) = send(api.delete(&format!("{path}?trigger_type=event"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_messages(status, &body),
        wire(
            validate_trigger(&Trigger {
                trigger_type: "event".into(),
                trigger_name: String::new()
            })
            .unwrap_err()
        )
    );
    let (status, _) =
        send(api.delete(&format!("{path}?trigger_type=event&trigger_name=Nope_v1"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let remove = format!("{path}?trigger_type=event&trigger_name=PersonCreated_v1");
    let resp = api.delete(&remove).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let (status, _) = send(api.delete(&remove)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = send(api.get(&path)).await;
    assert_eq!(body["result"], json!([hook_trigger]));

    // Deleting the webhook deletes its triggers.
    let (status, _) = send(api.delete(&format!("{HOOKS}/{id}"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(api.get(&path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM triggers WHERE webhook_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn serves_a_stable_es256_jwks_per_organization() {
    let sb = Sandbox::start(&[]).await;
    let path = "/organizations/webhooks/verification-jwks";
    let (status, a1) = send(sb.api(ORG_A).get(path)).await;
    assert_eq!(status, StatusCode::OK);
    let key = &a1["keys"][0];
    assert_eq!(a1["keys"].as_array().unwrap().len(), 1);
    for (field, value) in [
        ("kty", "EC"),
        ("crv", "P-256"),
        ("alg", "ES256"),
        ("use", "sig"),
    ] {
        assert_eq!(key[field], value, "{a1}");
    }
    assert_eq!(key["key_ops"], json!(["verify"]));
    assert!(a1.get("result").is_none(), "a bare JWKS, not an envelope");
    let (_, a2) = send(sb.api(ORG_A).get(path)).await;
    assert_eq!(a1, a2);
    let (_, b) = send(sb.api(ORG_B).get(path)).await;
    assert_ne!(a1["keys"][0]["x"], b["keys"][0]["x"]);
    let (status, _) = send(sb.http().get(sb.url(path))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

mod jwt {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};
    use serde_json::Value;

    /// The claims of `jwt` when its ES256 signature verifies with a key of `jwks`.
    pub fn verify(jwt: &str, jwks: &Value) -> Value {
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3, "{jwt}");
        let header: Value = serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "ES256");
        let jwk = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == header["kid"])
            .expect("the JWT's kid is in the JWKS");
        let coord = |name: &str| B64.decode(jwk[name].as_str().unwrap()).unwrap();
        let point = p256::EncodedPoint::from_affine_coordinates(
            coord("x").as_slice().into(),
            coord("y").as_slice().into(),
            false,
        );
        let key = VerifyingKey::from_encoded_point(&point).expect("a P-256 point");
        let signature = Signature::from_slice(&B64.decode(parts[2]).unwrap()).unwrap();
        key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
            .expect("the signature verifies");
        serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap()
    }
}

#[tokio::test]
async fn records_signed_deliveries_for_test_events() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let hook = api
        .create_webhook(json!({"name": "h", "target_url": "https://example.com/events"}))
        .await;
    let id = hook["id"].as_str().unwrap();
    api.add_trigger(id, "event", "PersonCreated_v1").await;
    let quiet = api
        .create_webhook(json!({"name": "q", "target_url": "https://example.com/quiet"}))
        .await;
    let quiet_id = quiet["id"].as_str().unwrap();
    api.add_trigger(quiet_id, "event", "PersonDeleted_v1").await;

    let (status, body) = send(api.post(
        "/test-events",
        &json!([
            {"event_name": "PersonCreated_v1", "count": 2, "analytics_correlation_id": "corr-1"},
            {"event_name": "AuthenticationSucceeded_v1"},
        ]),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let events = body["result"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    for e in events {
        assert_eq!(e["is_test_event"], true);
        assert_eq!(e["organization_id"], ORG_A.org_id);
        assert!(e["event_id"].is_string() && e["timestamp"].is_string());
    }
    assert!(events[0]["person_id"].is_string());
    assert_ne!(events[0]["event_id"], events[1]["event_id"]);
    assert!(events[2]["authn_method"].is_string());

    let (_, jwks) = send(api.get("/organizations/webhooks/verification-jwks")).await;
    let (status, body) = send(api.get(&format!("/sandbox/deliveries?webhook_id={id}"))).await;
    assert_eq!(status, StatusCode::OK);
    let deliveries = body["result"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2, "{body}");
    // Newest first: the second PersonCreated_v1 event was delivered last.
    for (delivery, event) in deliveries.iter().zip([&events[1], &events[0]]) {
        assert_eq!(delivery["webhook_id"], id);
        assert_eq!(delivery["target_url"], "https://example.com/events");
        assert_eq!(delivery["trigger_name"], "PersonCreated_v1");
        let claims = jwt::verify(delivery["jwt"].as_str().unwrap(), &jwks);
        assert_eq!(claims["aud"], ORG_A.org_id);
        assert_eq!(claims["sub"], ORG_A.org_id);
        assert_eq!(claims["webhook_id"], id);
        assert_eq!(claims["target_url"], "https://example.com/events");
        assert_eq!(claims["trigger_type"], "event");
        assert_eq!(claims["trigger_name"], "PersonCreated_v1");
        assert_eq!(&claims["trigger_content"], event);
        assert_eq!(
            claims["trigger_content"]["analytics_correlation_id"],
            "corr-1"
        );
        assert!(claims["exp"].as_i64() > claims["iat"].as_i64());
        assert_eq!(claims["jti"], delivery["id"]);
        assert!(claims["iss"].is_string());
    }
    let (_, body) = send(api.get(&format!("/sandbox/deliveries?webhook_id={quiet_id}"))).await;
    assert_eq!(body["result"], json!([]));
    let (_, body) = send(sb.api(ORG_B).get("/sandbox/deliveries")).await;
    assert_eq!(body["result"], json!([]));

    let (status, body) = send(api.post(
        "/test-events",
        &json!([{"event_name": "PersonLoggedOut_v1", "count": 3, "duplicates": true}]),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let events = body["result"].as_array().unwrap();
    assert!(events.len() == 3 && events[0] == events[1] && events[1] == events[2]);
}

#[tokio::test]
async fn rejects_invalid_test_event_requests() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    for bad in [
        json!([]),
        json!([{"event_name": "token_minted", "count": 0}, {"event_name": ""}]),
        json!([{"event_name": "PersonCreated_v1", "count": 30}, {"event_name": "PersonCreated_v1", "count": 30}]),
    ] {
        let specs: Vec<TestEventSpec> = serde_json::from_value(bad.clone()).unwrap();
        let expected = wire(validate_test_events(&specs).unwrap_err());
        let (status, body) = send(api.post("/test-events", &bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error_messages(status, &body), expected);
    }
}

async fn assert_rate_limited(resp: reqwest::Response) {
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1, "{retry}");
    let (status, body) = support::json_of(resp).await;
    let message = &error_messages(status, &body)[0];
    assert!(
        message.contains(&format!("retry in {retry} s")),
        "{message}"
    );
}

#[tokio::test]
async fn limits_test_events_per_organization_counting_events() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let burst = json!([{"event_name": "PersonCreated_v1", "count": 50}]);
    let (status, _) = send(api.post("/test-events", &burst)).await;
    assert_eq!(status, StatusCode::CREATED);
    // 5 events: 30 s of refill, so the wait between the two requests cannot matter.
    let resp = api
        .post(
            "/test-events",
            &json!([{"event_name": "PersonCreated_v1", "count": 5}]),
        )
        .send()
        .await
        .unwrap();
    assert_rate_limited(resp).await;
    let (status, _) = send(sb.api(ORG_B).post("/test-events", &burst)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "each organization has its own bucket"
    );
}

#[tokio::test]
async fn limits_jwks_requests_per_organization() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let path = "/organizations/webhooks/verification-jwks";
    // The bucket refills at 0.5 token/s while the burst is sent: allow for that.
    let started = Instant::now();
    let mut allowed = 0;
    let refused = loop {
        let resp = api.get(path).send().await.unwrap();
        if resp.status() != StatusCode::OK || allowed > 200 {
            break resp;
        }
        allowed += 1;
    };
    let refilled = (started.elapsed().as_secs_f64() / 2.0).ceil() as usize;
    assert!((60..=60 + refilled).contains(&allowed), "{allowed} allowed");
    assert_rate_limited(refused).await;
    assert_eq!(
        sb.api(ORG_B).get(path).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn closes_the_connection_after_a_408() {
    // A browser resends a request that got a 408 on a kept-alive connection; the resent
    // create would meet its own applied change and answer 409 in place of the 408.
    let sb = Sandbox::start(&["--replication-delay-ms", "1500"]).await;
    let resp = sb
        .api(ORG_A)
        .post(
            HOOKS,
            &json!({"name": "slow", "target_url": "https://example.com/slow-close"}),
        )
        .header("SlashID-Required-Consistency", "all_regions")
        .header("SlashID-Required-Consistency-Timeout", "1")
        .send()
        .await
        .expect("request sent");
    assert_eq!(resp.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(
        resp.headers()
            .get("connection")
            .and_then(|v| v.to_str().ok()),
        Some("close")
    );
}

#[tokio::test]
async fn answers_408_but_applies_the_change_when_replication_is_slow() {
    let sb = Sandbox::start(&["--replication-delay-ms", "3000"]).await;
    let api = sb.api(ORG_A);
    let started = Instant::now();
    let (status, body) = send(
        api.post(
            HOOKS,
            &json!({"name": "slow", "target_url": "https://example.com/slow"}),
        )
        .header("SlashID-Required-Consistency", "all_regions")
        .header("SlashID-Required-Consistency-Timeout", "1"),
    )
    .await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT, "{body}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "answers at the timeout"
    );
    assert!(error_messages(status, &body)[0].contains("may still be applied"));
    let (_, body) = send(api.get(HOOKS)).await;
    assert_eq!(
        body["result"][0]["target_url"], "https://example.com/slow",
        "applied anyway"
    );

    // Within the timeout, all_regions waits for the delay and succeeds.
    let (status, _) = send(
        api.post(
            HOOKS,
            &json!({"name": "ok", "target_url": "https://example.com/ok"}),
        )
        .header("SlashID-Required-Consistency", "all_regions")
        .header("SlashID-Required-Consistency-Timeout", "5"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn rejects_invalid_consistency_headers() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let expected = wire(consistency::check(Some("everywhere"), Some("0")).unwrap_err());
    let (status, body) = send(
        api.post(
            HOOKS,
            &json!({"name": "c", "target_url": "https://example.com/c"}),
        )
        .header("SlashID-Required-Consistency", "everywhere")
        .header("SlashID-Required-Consistency-Timeout", "0"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_messages(status, &body), expected);
    let (_, body) = send(api.get(HOOKS)).await;
    assert_eq!(body["result"], json!([]), "nothing was created");
}

#[tokio::test]
async fn rejects_malformed_bodies_with_an_envelope() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let json_ct = "application/json";
    let oversized = format!(
        r#"{{"name":"{}","target_url":"https://example.com/big"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            json_ct,
            r#"{"name": "x", "target_url": "#.to_owned(),
            "not valid JSON",
        ),
        (json_ct, String::new(), "not valid JSON"),
        (
            json_ct,
            r#"{"name":"x","target_url":"https://example.com/u","colour":"red"}"#.to_owned(),
            "unknown field `colour`",
        ),
        (
            json_ct,
            r#"{"name":5,"target_url":"https://example.com/u"}"#.to_owned(),
            "invalid type",
        ),
        (
            "text/plain",
            r#"{"name":"x","target_url":"https://example.com/u"}"#.to_owned(),
            "application/json",
        ),
        (json_ct, oversized, "too large"),
    ];
    for (content_type, body, needle) in cases {
        let (status, resp) = send(
            api.request(Method::POST, HOOKS)
                .header("content-type", content_type)
                .body(body),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{needle}");
        let messages = error_messages(status, &resp);
        assert!(
            messages[0].contains(needle),
            "{messages:?} should mention {needle}"
        );
    }
    let (status, resp) = send(api.request(Method::POST, HOOKS)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{resp}");
    let (_, body) = send(api.get(HOOKS)).await;
    assert_eq!(body["result"], json!([]));
}

#[tokio::test]
async fn answers_unknown_routes_and_methods_with_an_envelope() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    for path in [
        "/organizations",
        "/organizations/nope",
        "/organizations/webhooks/x/y/z",
        "/nothing",
    ] {
        let (status, body) = send(api.get(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_messages(status, &body).len(), 1);
    }
    let (status, body) = send(api.request(Method::PUT, HOOKS)).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_messages(status, &body).len(), 1);
}

#[tokio::test]
async fn answers_cors_preflight_from_any_origin() {
    let sb = Sandbox::start(&[]).await;
    let resp = sb
        .http()
        .request(Method::OPTIONS, sb.url(HOOKS))
        .header("Origin", "https://console.example.net")
        .header("Access-Control-Request-Method", "PATCH")
        .header(
            "Access-Control-Request-Headers",
            "content-type,slashid-api-key,slashid-orgid,slashid-required-consistency,slashid-required-consistency-timeout,x-sandbox-fault",
        )
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let h = resp.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    let methods = h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_ascii_uppercase();
    for m in ["GET", "POST", "PATCH", "DELETE", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    let headers = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in [
        "content-type",
        "slashid-api-key",
        "slashid-orgid",
        "slashid-required-consistency",
        "slashid-required-consistency-timeout",
        "x-sandbox-fault",
    ] {
        assert!(headers.contains(name), "{headers}");
    }
    let resp = sb
        .api(ORG_A)
        .get(HOOKS)
        .header("Origin", "https://console.example.net")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    let exposed = resp.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("retry-after"), "{exposed}");
}

#[tokio::test]
async fn marks_every_answer_as_the_sandbox_and_exposes_the_mark() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let origin = "https://console.example.net";
    let answers = [
        api.get(HOOKS).header("Origin", origin),
        api.get("/sandbox/deliveries").header("Origin", origin),
        api.get(&format!("{HOOKS}/no-such-id"))
            .header("Origin", origin),
        api.post(HOOKS, &json!({})).header("Origin", origin),
        sb.http().get(sb.url(HOOKS)).header("Origin", origin),
        sb.http().get(sb.url("/healthz")),
    ];
    for request in answers {
        let resp = request.send().await.unwrap();
        let status = resp.status();
        assert_eq!(resp.headers()["x-webhook-sandbox"], "1", "{status}");
        if let Some(exposed) = resp.headers().get("access-control-expose-headers") {
            let exposed = exposed.to_str().unwrap().to_ascii_lowercase();
            assert!(exposed.contains("x-webhook-sandbox"), "{exposed}");
        }
    }
    let resp = api
        .get(HOOKS)
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    let exposed = resp.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-webhook-sandbox"), "{exposed}");
}

#[tokio::test]
async fn injects_faults_when_allowed() {
    let sb = Sandbox::start(&["--allow-faults"]).await;
    let api = sb.api(ORG_A);
    let fault = |value: &str| api.get(HOOKS).header("X-Sandbox-Fault", value.to_owned());

    for (value, status) in [("500", 500), ("408", 408)] {
        let (got, body) = send(fault(value)).await;
        assert_eq!(got.as_u16(), status);
        assert_eq!(error_messages(got, &body).len(), 1);
    }
    let resp = fault("429").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resp.headers()["retry-after"], "1");

    let started = Instant::now();
    let (status, body) = send(fault("delay=300")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["result"], json!([]));
    assert!(started.elapsed() >= Duration::from_millis(300));

    let resp = fault("malformed").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    let err = fault("close").send().await.expect_err("no response");
    assert!(!err.is_status(), "{err}");

    // A redirect elsewhere; reqwest would follow it, a console's fetch must not.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = no_redirects
        .get(sb.url(HOOKS))
        .header("X-Sandbox-Fault", "redirect")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(resp.headers()["location"], "/sandbox/redirected");

    // Headers at once, then a body that never ends.
    let resp = tokio::time::timeout(Duration::from_secs(10), fault("stall").send())
        .await
        .expect("the headers come at once")
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body = tokio::time::timeout(Duration::from_millis(700), resp.text()).await;
    assert!(body.is_err(), "the body ended: {body:?}");

    let (status, _) = send(fault("teapot")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The sandbox still serves after a dropped connection.
    let (status, _) = send(api.get(HOOKS)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn ignores_the_fault_header_without_allow_faults() {
    let sb = Sandbox::start(&[]).await;
    for value in ["500", "close", "malformed"] {
        let (status, body) = send(sb.api(ORG_A).get(HOOKS).header("X-Sandbox-Fault", value)).await;
        assert_eq!(status, StatusCode::OK, "{value}");
        assert_eq!(body["result"], json!([]));
    }
}

#[tokio::test]
async fn serves_the_console_beside_the_api() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<html>console</html>").unwrap();
    std::fs::write(dir.path().join("app.js"), "console.log(1)").unwrap();
    let static_dir = dir.path().to_str().unwrap().to_owned();
    let sb = Sandbox::start(&["--static", &static_dir]).await;
    let get = |path: &str| sb.http().get(sb.url(path)).send();
    let resp = get("/").await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.text().await.unwrap(), "<html>console</html>");
    assert_eq!(
        get("/app.js").await.unwrap().text().await.unwrap(),
        "console.log(1)"
    );
    let resp = get("/webhooks/some-id").await.unwrap();
    assert_eq!(
        resp.text().await.unwrap(),
        "<html>console</html>",
        "client-side routes"
    );
    let resp = get("/pkg/missing.wasm").await.unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::NOT_FOUND,
        "a missing asset is not index.html"
    );
    let (status, _) = send(sb.api(ORG_A).get(HOOKS)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = send(sb.api(ORG_A).get("/organizations/nope")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "API paths never fall back to the console"
    );
    assert_eq!(error_messages(status, &body).len(), 1);
}

#[tokio::test]
async fn serves_folders_under_prefixes() {
    let cdn = tempfile::tempdir().unwrap();
    let portal = tempfile::tempdir().unwrap();
    std::fs::write(cdn.path().join("loader.v1.js"), "export {}").unwrap();
    std::fs::write(cdn.path().join("index.html"), "<html>cdn</html>").unwrap();
    std::fs::write(portal.path().join("index.html"), "<html>portal</html>").unwrap();
    let at = |prefix: &str, dir: &tempfile::TempDir| format!("{prefix}={}", dir.path().display());
    let sb = Sandbox::start(&[
        "--static-at",
        &at("/static/webhook-console/1.0.0", &cdn),
        "--static-at",
        &at("/portal/", &portal),
    ])
    .await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |path: &str| no_redirects.get(sb.url(path)).send();
    let text = |path: &'static str| async move { get(path).await.unwrap().text().await.unwrap() };
    assert_eq!(
        text("/static/webhook-console/1.0.0/loader.v1.js").await,
        "export {}"
    );
    assert_eq!(
        text("/static/webhook-console/1.0.0/").await,
        "<html>cdn</html>"
    );
    assert_eq!(text("/portal/").await, "<html>portal</html>");
    // Without the slash, relative URLs would resolve against the parent: redirected.
    let resp = get("/portal").await.unwrap();
    assert_eq!(resp.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(resp.headers()["location"], "/portal/");
    assert_eq!(
        get("/portal/missing.js").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // Elsewhere nothing changed: no console at `/`, the API as before.
    assert_eq!(get("/").await.unwrap().status(), StatusCode::NOT_FOUND);
    let (status, _) = send(sb.api(ORG_A).get(HOOKS)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn refuses_a_prefix_on_the_api() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_webhook-sandbox"))
        .args(["--db", ":memory:", "--static-at", "/organizations=/tmp"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("one of the API's paths"), "{stderr}");
}

#[tokio::test]
async fn prints_demo_credentials_without_org_flags_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let creds_of = |sb: &Sandbox| {
        let find = |prefix: &str| {
            sb.stdout
                .iter()
                .find_map(|l| l.strip_prefix(prefix))
                .unwrap_or_else(|| panic!("{prefix} in {:?}", sb.stdout))
                .to_owned()
        };
        (find("demo organization: "), find("demo API key: "))
    };
    let sb = Sandbox::start_on(&db, &[]).await;
    let (org, key) = creds_of(&sb);
    let (status, _) = send(
        sb.http()
            .get(sb.url(HOOKS))
            .header("SlashID-API-Key", &key)
            .header("SlashID-OrgID", &org),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    sb.stop();
    let sb = Sandbox::start_on(&db, &[]).await;
    assert_eq!(
        creds_of(&sb),
        (org, key),
        "the demo organization is created once"
    );
}
