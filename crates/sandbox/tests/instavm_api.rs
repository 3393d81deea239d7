//! InstaVM's webhook endpoints, their deliveries and every error status, over real HTTP.

mod support;

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{
    INSTAVM_DELIVERIES as DELIVERIES, INSTAVM_ENDPOINTS as ENDPOINTS, InstaVm, Sandbox, USER_A,
    USER_B, recorded_header, send, send_raw, signature_is_valid,
};
use webhook_rules::instavm::validate;

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_owned()
}

fn endpoint_path(id: &str) -> String {
    format!("{ENDPOINTS}/{id}")
}

/// Every delivery of the user matching `query`, page by page (`limit` per page).
async fn all_pages(api: &InstaVm, query: &str, limit: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let mut path = format!("{DELIVERIES}?limit={limit}{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (status, page) = send(api.get(&path)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let page_items = page["items"].as_array().unwrap();
        assert!(page_items.len() <= limit, "{page}");
        items.extend(page_items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(page_items.len(), limit, "only the last page is short");
                cursor = Some(c.to_owned());
            }
            None => return items,
        }
    }
    panic!("paging never ended");
}

#[tokio::test]
async fn rejects_missing_empty_and_unknown_api_keys_as_fastapi_does() {
    let sb = Sandbox::start(&[]).await;
    let routes = [
        (Method::GET, ENDPOINTS.to_owned()),
        (Method::POST, ENDPOINTS.to_owned()),
        (Method::GET, endpoint_path("some-id")),
        (Method::PATCH, endpoint_path("some-id")),
        (Method::DELETE, endpoint_path("some-id")),
        (Method::POST, format!("{ENDPOINTS}/some-id/rotate-secret")),
        (Method::POST, format!("{ENDPOINTS}/some-id/test")),
        (Method::POST, format!("{ENDPOINTS}/some-id/verify")),
        (Method::GET, DELIVERIES.to_owned()),
        (Method::POST, format!("{DELIVERIES}/some-id/replay")),
        (Method::POST, "/sandbox/instavm/events".to_owned()),
        (
            Method::GET,
            "/sandbox/instavm/deliveries/some-id".to_owned(),
        ),
    ];
    for (method, path) in routes {
        for (key, detail) in [
            (None, r#"{"detail":"Not authenticated"}"#),
            (Some(""), r#"{"detail":"Not authenticated"}"#),
            (Some("not-a-key"), r#"{"detail":"Invalid API key"}"#),
            // Another API's key is no InstaVM key.
            (
                Some(support::ORG_A.api_key),
                r#"{"detail":"Invalid API key"}"#,
            ),
        ] {
            let mut req = sb.http().request(method.clone(), sb.url(&path));
            if let Some(key) = key {
                req = req.header("X-API-Key", key);
            }
            let (status, headers, body) = send_raw(req).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path} {key:?}");
            assert_eq!(body, detail, "{method} {path} {key:?}");
            assert_eq!(headers["www-authenticate"], "APIKey");
            assert_eq!(headers["content-type"], "application/json");
        }
    }
}

#[tokio::test]
async fn decodes_a_json_body_before_checking_the_api_key_as_fastapi_does() {
    let sb = Sandbox::start(&[]).await;
    let anonymous = |method: Method, path: &str, body: &'static str| {
        sb.http()
            .request(method, sb.url(path))
            .header("content-type", "application/json")
            .body(body)
    };
    let not_json = r#"{"url": "#;
    let expected =
        validate::read_create(Some("application/json"), not_json.as_bytes()).expect_err("not JSON");
    assert!(expected.body.contains("json_invalid"), "{}", expected.body);
    for (method, path) in [
        (Method::POST, ENDPOINTS.to_owned()),
        (Method::PATCH, endpoint_path("some-id")),
    ] {
        let (status, _, body) = send_raw(anonymous(method.clone(), &path, not_json)).await;
        assert_eq!(
            (status.as_u16(), body.as_str()),
            (422, expected.body.as_str())
        );
        // Bytes that are no text in any JSON encoding: FastAPI's 400, before the key too.
        let (status, _, body) = send_raw(
            sb.http()
                .request(method.clone(), sb.url(&path))
                .header("content-type", "application/json")
                .body(&b"\xff\xfe\xfd"[..]),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {path}");
        assert_eq!(body, r#"{"detail":"There was an error parsing the body"}"#);
        // JSON that the model refuses, no body at all, or a body not sent as JSON: the key
        // is checked first.
        for (content_type, valid_json) in [
            ("application/json", r#"{"timeout_seconds": 1}"#),
            ("application/json", ""),
            ("text/plain", r#"{"url": "#),
        ] {
            let (status, _, body) = send_raw(
                sb.http()
                    .request(method.clone(), sb.url(&path))
                    .header("content-type", content_type)
                    .body(valid_json),
            )
            .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {valid_json:?}");
            assert_eq!(body, r#"{"detail":"Not authenticated"}"#);
        }
    }
}

#[tokio::test]
async fn creates_an_endpoint_with_the_documented_defaults_and_a_secret() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, secret) = api
        .create_endpoint(json!({"url": "https://example.com/hook"}))
        .await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(secret.len(), "whsec_".len() + 32);
    assert!(secret[6..].chars().all(|c| c.is_ascii_alphanumeric()));
    let tail = &secret[secret.len() - 4..];
    assert_eq!(endpoint["secret_hint"], format!("whsec_…{tail}"));
    assert!(uuid::Uuid::parse_str(&id_of(&endpoint)).is_ok());
    let expected = json!({
        "id": endpoint["id"],
        "user_id": 1,
        "url": "https://example.com/hook",
        "description": null,
        "status": "active",
        "enabled": true,
        "subscribed_event_patterns": [],
        "signing_version": "v1",
        "secret_hint": endpoint["secret_hint"],
        "timeout_seconds": 10,
        "max_retries": 7,
        "consecutive_failures": 0,
        "last_verified_at": null,
        "last_delivery_at": null,
        "last_error": null,
        "created_at": endpoint["created_at"],
        "updated_at": endpoint["created_at"],
    });
    assert_eq!(endpoint, expected);
    let created_at = endpoint["created_at"].as_str().unwrap();
    assert!(
        created_at.ends_with('Z') && created_at.len() >= 20,
        "{created_at}"
    );

    let (full, _) = api
        .create_endpoint(json!({
            "url": "https://example.com/full",
            "description": "d",
            "event_patterns": ["vm.*", "execution.completed"],
            "timeout_seconds": 30,
            "max_retries": 3,
        }))
        .await;
    assert_eq!(full["description"], "d");
    assert_eq!(
        full["subscribed_event_patterns"],
        json!(["vm.*", "execution.completed"])
    );
    assert_eq!(
        (full["timeout_seconds"].clone(), full["max_retries"].clone()),
        (json!(30), json!(3))
    );

    let (status, list) = send(api.get(ENDPOINTS)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([endpoint, full]), "in creation order");
    let (status, got) = send(api.get(&endpoint_path(&id_of(&endpoint)))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, endpoint);
}

#[tokio::test]
async fn patches_only_the_fields_sent() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, _) = api
        .create_endpoint(json!({
            "url": "https://example.com/a",
            "description": "first",
            "event_patterns": ["vm.*"],
        }))
        .await;
    let path = endpoint_path(&id_of(&endpoint));
    let (status, patched) = send(api.patch_json(
        &path,
        &json!({"event_patterns": ["snapshot.*"], "max_retries": 2, "description": null}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["subscribed_event_patterns"], json!(["snapshot.*"]));
    assert_eq!(patched["max_retries"], 2);
    assert_eq!(
        patched["description"], "first",
        "null leaves a field as it is"
    );
    assert_eq!(patched["url"], "https://example.com/a");
    assert_eq!(patched["timeout_seconds"], 10);
    assert_eq!(patched["created_at"], endpoint["created_at"]);
    assert!(
        patched["updated_at"].as_str() > endpoint["updated_at"].as_str(),
        "{patched}"
    );
    let (_, got) = send(api.get(&path)).await;
    assert_eq!(got, patched);

    let (status, renamed) = send(api.patch_json(
        &path,
        &json!({"url": "https://example.com/b", "timeout_seconds": 60}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(renamed["url"], "https://example.com/b");
    assert_eq!(renamed["timeout_seconds"], 60);
    assert_eq!(renamed["subscribed_event_patterns"], json!(["snapshot.*"]));
}

#[tokio::test]
async fn answers_invalid_bodies_with_the_rules_exact_422() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, _) = api
        .create_endpoint(json!({"url": "https://example.com/kept"}))
        .await;
    let path = endpoint_path(&id_of(&endpoint));
    let json_ct = Some("application/json");
    let creates: Vec<(Option<&str>, &str)> = vec![
        (json_ct, r#"{"description": "no url"}"#),
        (
            json_ct,
            r#"{"url": 5, "timeout_seconds": 2, "max_retries": 8}"#,
        ),
        (
            json_ct,
            r#"{"url": "https://example.com", "event_patterns": "vm.*"}"#,
        ),
        (json_ct, r#"[1, 2]"#),
        (json_ct, r#"{"url": "#),
        (json_ct, ""),
        (Some("text/plain"), r#"{"url": "https://example.com"}"#),
        (None, r#"{"url": "https://example.com"}"#),
    ];
    for (content_type, raw) in &creates {
        let expected =
            validate::read_create(*content_type, raw.as_bytes()).expect_err("the rules reject it");
        let mut req = api.post(ENDPOINTS).body(raw.to_string());
        if let Some(ct) = content_type {
            req = req.header("content-type", *ct);
        }
        let (status, headers, body) = send_raw(req).await;
        assert_eq!(status.as_u16(), expected.status, "{raw:?}");
        assert_eq!(body, expected.body, "{raw:?}");
        assert_eq!(headers["content-type"], "application/json");
    }
    let (_, list) = send(api.get(ENDPOINTS)).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing was created");

    let updates = [
        r#"{"timeout_seconds": 61}"#,
        r#"{"enabled": "maybe", "max_retries": 0}"#,
        r#"{"url": ["x"]}"#,
    ];
    for raw in updates {
        let expected = validate::read_update(json_ct, raw.as_bytes()).expect_err("rejected");
        let (status, _, body) = send_raw(
            api.request(Method::PATCH, &path)
                .header("content-type", "application/json")
                .body(raw),
        )
        .await;
        assert_eq!(status.as_u16(), expected.status, "{raw}");
        assert_eq!(body, expected.body, "{raw}");
    }
    let (_, got) = send(api.get(&path)).await;
    assert_eq!(got, endpoint, "nothing was changed");
}

#[tokio::test]
async fn keeps_users_apart() {
    let sb = Sandbox::start(&[]).await;
    let (a, b) = (sb.instavm(USER_A), sb.instavm(USER_B));
    let (endpoint, _) = a
        .create_endpoint(json!({"url": "https://example.com/a"}))
        .await;
    let id = id_of(&endpoint);
    let delivery = a.test_endpoint(&id).await;
    let (_, endpoint) = send(a.get(&endpoint_path(&id))).await;
    let (b_endpoint, _) = b
        .create_endpoint(json!({"url": "https://example.com/b"}))
        .await;
    assert_eq!(endpoint["user_id"], 1);
    assert_eq!(b_endpoint["user_id"], 2, "each key is its own user");

    let (_, list) = send(b.get(ENDPOINTS)).await;
    assert_eq!(list, json!([b_endpoint]));
    let (_, page) = send(b.get(DELIVERIES)).await;
    assert_eq!(page, json!({"items": [], "next_cursor": null}));
    let (_, page) = send(b.get(&format!("{DELIVERIES}?endpoint_id={id}"))).await;
    assert_eq!(
        page["items"],
        json!([]),
        "a filter on another's endpoint finds nothing"
    );

    let path = endpoint_path(&id);
    let endpoint_404 = r#"{"detail":"Endpoint not found"}"#;
    for req in [
        b.get(&path),
        b.patch_json(&path, &json!({"description": "stolen"})),
        b.delete(&path),
        b.post(&format!("{path}/rotate-secret")),
        b.post(&format!("{path}/test")),
        b.post(&format!("{path}/verify")),
    ] {
        let (status, _, body) = send_raw(req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body, endpoint_404);
    }
    let delivery_id = id_of(&delivery);
    for req in [
        b.post(&format!("{DELIVERIES}/{delivery_id}/replay")),
        b.get(&format!("/sandbox/instavm/deliveries/{delivery_id}")),
    ] {
        let (status, _, body) = send_raw(req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body, r#"{"detail":"Delivery not found"}"#);
    }
    let (_, got) = send(a.get(&path)).await;
    assert_eq!(got, endpoint, "unchanged by the other user");
    // The other user's events reach only its own endpoints.
    let answer = b.event("vm.started", json!({})).await;
    let ids: Vec<&str> = answer["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["endpoint_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![b_endpoint["id"].as_str().unwrap()]);
}

#[tokio::test]
async fn deletes_softly_and_re_enables_through_patch() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, _) = api
        .create_endpoint(json!({"url": "https://example.com/soft"}))
        .await;
    let path = endpoint_path(&id_of(&endpoint));
    let (status, deleted) = send(api.delete(&path)).await;
    assert_eq!(status, StatusCode::OK, "{deleted}");
    assert_eq!(deleted["enabled"], false);
    assert_eq!(deleted["status"], "disabled");
    let (status, got) = send(api.get(&path)).await;
    assert_eq!(status, StatusCode::OK, "still readable");
    assert_eq!(got, deleted);
    let (_, list) = send(api.get(ENDPOINTS)).await;
    assert_eq!(list, json!([deleted]), "still listed");
    let (status, again) = send(api.delete(&path)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["enabled"], false);

    let (status, _, body) = send_raw(api.post(&format!("{path}/test"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body, r#"{"detail":"Endpoint is disabled"}"#);
    let answer = api.event("vm.started", json!({})).await;
    assert_eq!(
        answer["deliveries"],
        json!([]),
        "no events for a disabled endpoint"
    );

    let (status, enabled) = send(api.patch_json(&path, &json!({"enabled": true}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(enabled["enabled"], true);
    assert_eq!(enabled["status"], "active");
    let delivery = api.test_endpoint(&id_of(&endpoint)).await;
    assert_eq!(delivery["status"], "succeeded");
    let (_, disabled) = send(api.patch_json(&path, &json!({"enabled": false}))).await;
    assert_eq!(disabled["status"], "disabled");
}

#[tokio::test]
async fn rotates_the_secret_and_signs_with_the_new_one_only() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, old) = api
        .create_endpoint(json!({"url": "https://example.com/rotate"}))
        .await;
    let id = id_of(&endpoint);
    let path = endpoint_path(&id);
    let before = api.test_endpoint(&id).await;

    let (status, rotated) = send(api.post(&format!("{path}/rotate-secret"))).await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let new = rotated["secret"].as_str().unwrap().to_owned();
    assert!(new.starts_with("whsec_") && new != old);
    assert_eq!(
        rotated["endpoint"]["secret_hint"],
        format!("whsec_…{}", &new[new.len() - 4..])
    );
    assert_ne!(rotated["endpoint"]["secret_hint"], endpoint["secret_hint"]);

    // Neither secret is in any other answer.
    let mut texts = Vec::new();
    for req in [
        api.get(ENDPOINTS),
        api.get(&path),
        api.get(DELIVERIES),
        api.patch_json(&path, &json!({"description": "x"})),
        api.post(&format!("{path}/verify")),
        api.post(&format!("{path}/test")),
    ] {
        let (status, _, text) = send_raw(req).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        texts.push(text);
    }
    for text in &texts {
        assert!(
            !text.contains(&old[6..]) && !text.contains(&new[6..]),
            "{text}"
        );
    }

    let after = api.test_endpoint(&id).await;
    let (old_req, new_req) = (
        api.recorded(&id_of(&before)).await,
        api.recorded(&id_of(&after)).await,
    );
    let sig = |r: &Value| recorded_header(r, "InstaVM-Signature").unwrap().to_owned();
    let body = |r: &Value| r["body"].as_str().unwrap().to_owned();
    assert!(signature_is_valid(&sig(&old_req), &body(&old_req), &old));
    assert!(signature_is_valid(&sig(&new_req), &body(&new_req), &new));
    assert!(!signature_is_valid(&sig(&new_req), &body(&new_req), &old));
}

#[tokio::test]
async fn records_the_exact_signed_request_of_a_test_delivery() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, secret) = api
        .create_endpoint(json!({"url": "https://example.com/signed", "event_patterns": ["vm.*"]}))
        .await;
    let id = id_of(&endpoint);
    let delivery = api.test_endpoint(&id).await;
    assert_eq!(delivery["endpoint_id"], id.as_str());
    assert_eq!(
        delivery["event_type"], "webhook.test",
        "whatever the patterns"
    );
    assert_eq!(delivery["status"], "succeeded");
    assert_eq!(delivery["attempt_count"], 1);
    assert_eq!(delivery["response_status"], 200);
    assert_eq!(delivery["last_error"], Value::Null);
    assert_eq!(delivery["replay_of"], Value::Null);

    let recorded = api.recorded(&id_of(&delivery)).await;
    assert_eq!(recorded["delivery_id"], delivery["id"]);
    assert_eq!(recorded["url"], "https://example.com/signed");
    let names: Vec<&str> = recorded["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[0].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Content-Type",
            "User-Agent",
            "InstaVM-Event-Id",
            "InstaVM-Signature"
        ]
    );
    assert_eq!(
        recorded_header(&recorded, "content-type"),
        Some("application/json")
    );
    let body = recorded["body"].as_str().unwrap();
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        event.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["created_at", "data", "event_type", "id"]
    );
    assert!(body.starts_with(r#"{"id":"evt_"#), "{body}");
    assert_eq!(event["event_type"], "webhook.test");
    assert_eq!(event["data"]["endpoint_id"], id.as_str());
    assert_eq!(
        recorded_header(&recorded, "InstaVM-Event-Id"),
        event["id"].as_str()
    );
    let signature = recorded_header(&recorded, "InstaVM-Signature").unwrap();
    assert!(
        signature.starts_with("t=") && signature.contains(",v1="),
        "{signature}"
    );
    assert!(signature_is_valid(signature, body, &secret));
    assert!(!signature_is_valid(
        signature,
        &body.replace("webhook", "webhooK"),
        &secret
    ));
    assert!(!signature_is_valid(signature, body, "whsec_other"));

    let (_, got) = send(api.get(&endpoint_path(&id))).await;
    assert_eq!(got["last_delivery_at"], delivery["last_attempt_at"]);
    assert_eq!(got["consecutive_failures"], 0);
    assert_eq!(
        got["updated_at"], endpoint["updated_at"],
        "a delivery is not an edit"
    );
}

#[tokio::test]
async fn fails_deliveries_to_unresolvable_or_invalid_urls_and_counts_them() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, _) = api
        .create_endpoint(json!({"url": "https://hooks.example.invalid/x"}))
        .await;
    let id = id_of(&endpoint);
    let path = endpoint_path(&id);
    for n in 1..=2 {
        let delivery = api.test_endpoint(&id).await;
        assert_eq!(delivery["status"], "failed");
        assert_eq!(delivery["response_status"], Value::Null);
        assert_eq!(
            delivery["last_error"],
            "could not resolve host: hooks.example.invalid"
        );
        let (_, got) = send(api.get(&path)).await;
        assert_eq!(got["consecutive_failures"], n);
        assert_eq!(got["status"], "failing");
        assert_eq!(got["last_error"], delivery["last_error"]);
        assert_eq!(got["last_delivery_at"], delivery["created_at"]);
    }
    let (_, got) = send(api.patch_json(&path, &json!({"url": "https://example.com/ok"}))).await;
    assert_eq!(got["status"], "failing", "until a delivery succeeds");
    let delivery = api.test_endpoint(&id).await;
    assert_eq!(delivery["status"], "succeeded");
    let (_, got) = send(api.get(&path)).await;
    assert_eq!(got["consecutive_failures"], 0);
    assert_eq!(got["status"], "active");
    assert_eq!(got["last_error"], Value::Null);

    // pydantic takes any string as a URL; delivering to it is what fails.
    let (odd, _) = api.create_endpoint(json!({"url": "not a url"})).await;
    let delivery = api.test_endpoint(&id_of(&odd)).await;
    assert_eq!(delivery["status"], "failed");
    assert_eq!(delivery["last_error"], "invalid URL");
}

#[tokio::test]
async fn verifies_endpoints_with_a_signed_challenge_that_leaves_their_delivery_state() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (good, secret) = api
        .create_endpoint(json!({"url": "https://example.com/verify"}))
        .await;
    let path = endpoint_path(&id_of(&good));
    let (status, result) = send(api.post(&format!("{path}/verify"))).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result["verified"], true);
    assert_eq!(result["error"], Value::Null);
    let verified_at = result["endpoint"]["last_verified_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(verified_at.as_str() >= good["created_at"].as_str().unwrap());
    let (_, got) = send(api.get(&path)).await;
    assert_eq!(got, result["endpoint"]);
    // The challenge is a delivery, signed with the endpoint's secret and recorded.
    let (_, page) = send(api.get(DELIVERIES)).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["event_type"], "webhook.verification");
    assert_eq!(items[0]["status"], "succeeded");
    let recorded = api.recorded(&id_of(&items[0])).await;
    let body = recorded["body"].as_str().unwrap();
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["data"]["endpoint_id"], good["id"]);
    assert_eq!(event["data"]["challenge"].as_str().map(str::len), Some(32));
    let signature = recorded_header(&recorded, "InstaVM-Signature").unwrap();
    assert!(signature_is_valid(signature, body, &secret));
    // A check, not an event: the endpoint's delivery state is as it was.
    assert_eq!(got["last_delivery_at"], Value::Null);

    // A new URL is not verified.
    let (_, moved) =
        send(api.patch_json(&path, &json!({"url": "https://example.com/moved"}))).await;
    assert_eq!(moved["last_verified_at"], Value::Null);
    let (_, same) = send(api.patch_json(&path, &json!({"url": "https://example.com/moved"}))).await;
    assert_eq!(same["last_verified_at"], Value::Null);

    let (bad, _) = api
        .create_endpoint(json!({"url": "https://nowhere.invalid/"}))
        .await;
    let (status, result) = send(api.post(&format!("{}/verify", endpoint_path(&id_of(&bad))))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(result["verified"], false);
    assert_eq!(result["error"], "could not resolve host: nowhere.invalid");
    assert_eq!(result["endpoint"]["last_verified_at"], Value::Null);
    assert_eq!(result["endpoint"]["consecutive_failures"], 0);
    assert_eq!(result["endpoint"]["last_error"], Value::Null);
    let (_, page) = send(api.get(&format!("{DELIVERIES}?endpoint_id={}", id_of(&bad)))).await;
    assert_eq!(page["items"][0]["event_type"], "webhook.verification");
    assert_eq!(page["items"][0]["status"], "failed");
}

#[tokio::test]
async fn filters_and_pages_deliveries_newest_first_without_gaps_or_duplicates() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (vm, _) = api
        .create_endpoint(json!({"url": "https://example.com/vm", "event_patterns": ["vm.*"]}))
        .await;
    let (all, _) = api
        .create_endpoint(json!({"url": "https://example.com/all"}))
        .await;
    let (broken, _) = api
        .create_endpoint(
            json!({"url": "https://down.invalid/", "event_patterns": ["vm.*", "snapshot.*"]}),
        )
        .await;
    let mut expected = Vec::new();
    for i in 0..12 {
        let event_type = ["vm.started", "snapshot.created", "execution.completed"][i % 3];
        let answer = api.event(event_type, json!({"n": i})).await;
        expected.extend(answer["deliveries"].as_array().unwrap().iter().map(id_of));
    }
    expected.push(id_of(&api.test_endpoint(&id_of(&broken)).await));
    // vm.*: 3 endpoints x 4, snapshot.*: 2 x 4, execution: 1 x 4, and the test.
    assert_eq!(expected.len(), 12 + 8 + 4 + 1);
    expected.reverse();

    let everything = all_pages(&api, "", 100).await;
    let unique: HashSet<String> = everything.iter().map(id_of).collect();
    assert_eq!(unique.len(), everything.len(), "no duplicates");
    assert_eq!(
        everything.iter().map(id_of).collect::<Vec<_>>(),
        expected,
        "newest first"
    );
    for limit in [1, 3, 7, 25] {
        let paged = all_pages(&api, "", limit).await;
        assert_eq!(paged, everything, "limit {limit}");
    }
    let (_, first) = send(api.get(DELIVERIES)).await;
    assert_eq!(
        first["items"].as_array().unwrap().len(),
        25,
        "fewer than the default 50"
    );
    assert_eq!(first["next_cursor"], Value::Null);

    let filtered = |query: String| {
        let api = api.clone();
        async move { all_pages(&api, &query, 4).await }
    };
    let by_endpoint = filtered(format!("&endpoint_id={}", id_of(&vm))).await;
    assert_eq!(by_endpoint.len(), 4);
    assert!(by_endpoint.iter().all(|d| d["endpoint_id"] == vm["id"]));
    let failed = filtered("&status=failed".into()).await;
    assert_eq!(failed.len(), 9);
    assert!(
        failed
            .iter()
            .all(|d| d["endpoint_id"] == broken["id"] && d["status"] == "failed")
    );
    let succeeded = filtered("&status=succeeded".into()).await;
    assert_eq!(succeeded.len() + failed.len(), everything.len());
    let snapshots = filtered("&event_type=snapshot.created".into()).await;
    assert_eq!(snapshots.len(), 8);
    let broken_snapshots = filtered(format!(
        "&event_type=snapshot.created&status=failed&endpoint_id={}",
        id_of(&broken)
    ))
    .await;
    assert_eq!(broken_snapshots.len(), 4);
    let all_id = id_of(&all);
    assert!(
        snapshots
            .iter()
            .any(|d| d["endpoint_id"] == all_id.as_str())
    );
    assert_eq!(
        filtered("&event_type=vm.*".into()).await,
        Vec::<Value>::new(),
        "exact, not a pattern"
    );

    // Deliveries made while paging do not shift the pages already read.
    let (_, page) = send(api.get(&format!("{DELIVERIES}?limit=5"))).await;
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    api.test_endpoint(&all_id).await;
    let (_, next) = send(api.get(&format!("{DELIVERIES}?limit=5&cursor={cursor}"))).await;
    assert_eq!(next["items"][0]["id"], everything[5]["id"]);
}

#[tokio::test]
async fn pages_fifty_by_default_and_at_most_a_hundred() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    for i in 0..11 {
        api.create_endpoint(json!({"url": format!("https://example.com/{i}")}))
            .await;
    }
    for _ in 0..10 {
        api.event("vm.started", json!({})).await;
    }
    let (_, page) = send(api.get(DELIVERIES)).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 50);
    assert!(page["next_cursor"].is_string());
    let (_, page) = send(api.get(&format!("{DELIVERIES}?limit=100"))).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 100);
    let (_, page) = send(api.get(&format!(
        "{DELIVERIES}?limit=100&cursor={}",
        page["next_cursor"].as_str().unwrap()
    )))
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 10);
    assert_eq!(page["next_cursor"], Value::Null);

    let cases = [
        (
            "limit=101",
            StatusCode::UNPROCESSABLE_ENTITY,
            r#"{"detail":[{"type":"less_than_equal","loc":["query","limit"],"msg":"Input should be less than or equal to 100","input":"101","ctx":{"le":100}}]}"#,
        ),
        (
            "limit=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            r#"{"detail":[{"type":"greater_than_equal","loc":["query","limit"],"msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]}"#,
        ),
        (
            "limit=ten",
            StatusCode::UNPROCESSABLE_ENTITY,
            r#"{"detail":[{"type":"int_parsing","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"ten"}]}"#,
        ),
        (
            "cursor=bm90LWEtY3Vyc29y",
            StatusCode::BAD_REQUEST,
            r#"{"detail":"Invalid cursor"}"#,
        ),
        (
            "cursor=%%%",
            StatusCode::BAD_REQUEST,
            r#"{"detail":"Invalid cursor"}"#,
        ),
    ];
    for (query, status, body) in cases {
        let (got_status, _, got) = send_raw(api.get(&format!("{DELIVERIES}?{query}"))).await;
        assert_eq!((got_status, got.as_str()), (status, body), "{query}");
    }
}

#[tokio::test]
async fn reads_limit_as_pydantics_lax_int() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    api.create_endpoint(json!({"url": "https://example.com/lax"}))
        .await;
    for _ in 0..12 {
        api.event("vm.started", json!({})).await;
    }
    // `%2B` is a plus sign; a bare `+` is a space in a query string.
    for (query, n) in [
        ("limit=%2B5", 5),
        ("limit=1_0", 10),
        ("limit=%205%20", 5),
        ("limit=+7", 7),
        ("limit=07", 7),
        ("limit=3.00", 3),
    ] {
        let (status, page) = send(api.get(&format!("{DELIVERIES}?{query}"))).await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(page["items"].as_array().unwrap().len(), n, "{query}");
    }
    for (query, kind, input) in [
        ("limit=1__0", "int_parsing", "1__0"),
        ("limit=%2B101", "less_than_equal", "+101"),
        ("limit=-0", "greater_than_equal", "-0"),
    ] {
        let (status, body) = send(api.get(&format!("{DELIVERIES}?{query}"))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(body["detail"][0]["type"], kind, "{query}: {body}");
        assert_eq!(body["detail"][0]["input"], input, "{query}: {body}");
        assert_eq!(body["detail"][0]["loc"], json!(["query", "limit"]));
    }
}

#[tokio::test]
async fn replays_a_delivery_as_a_new_attempt_of_the_same_event() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, _) = api
        .create_endpoint(json!({"url": "https://flaky.invalid/hook"}))
        .await;
    let id = id_of(&endpoint);
    let path = endpoint_path(&id);
    let failed = api.test_endpoint(&id).await;
    assert_eq!(failed["status"], "failed");
    send(api.patch_json(&path, &json!({"url": "https://example.com/fixed"}))).await;
    let (_, rotated) = send(api.post(&format!("{path}/rotate-secret"))).await;
    let secret = rotated["secret"].as_str().unwrap().to_owned();

    let (status, replay) = send(api.post(&format!("{DELIVERIES}/{}/replay", id_of(&failed)))).await;
    assert_eq!(status, StatusCode::OK, "{replay}");
    assert_ne!(replay["id"], failed["id"]);
    assert_eq!(replay["replay_of"], failed["id"]);
    assert_eq!(replay["status"], "succeeded");
    assert_eq!(replay["event_type"], "webhook.test");
    assert_eq!(replay["attempt_count"], 1);

    let (original, again) = (
        api.recorded(&id_of(&failed)).await,
        api.recorded(&id_of(&replay)).await,
    );
    assert_eq!(
        again["body"], original["body"],
        "the same event, byte for byte"
    );
    assert_eq!(
        recorded_header(&again, "InstaVM-Event-Id"),
        recorded_header(&original, "InstaVM-Event-Id")
    );
    assert_eq!(
        again["url"], "https://example.com/fixed",
        "sent where the endpoint is now"
    );
    let signature = recorded_header(&again, "InstaVM-Signature").unwrap();
    assert!(signature_is_valid(
        signature,
        again["body"].as_str().unwrap(),
        &secret
    ));

    let (_, page) = send(api.get(DELIVERIES)).await;
    assert_eq!(
        page["items"],
        json!([replay, failed]),
        "the original is unchanged"
    );
    let (_, got) = send(api.get(&path)).await;
    assert_eq!(got["consecutive_failures"], 0);

    let (status, _, body) = send_raw(api.post(&format!("{DELIVERIES}/no-such-id/replay"))).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::NOT_FOUND, r#"{"detail":"Delivery not found"}"#)
    );
    send(api.delete(&path)).await;
    let (status, _, body) =
        send_raw(api.post(&format!("{DELIVERIES}/{}/replay", id_of(&replay)))).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::CONFLICT, r#"{"detail":"Endpoint is disabled"}"#)
    );
}

#[tokio::test]
async fn delivers_sandbox_events_to_the_endpoints_whose_patterns_match() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (vm, vm_secret) = api
        .create_endpoint(json!({"url": "https://example.com/vm", "event_patterns": ["vm.*"]}))
        .await;
    let (exec, _) = api
        .create_endpoint(json!({"url": "https://example.com/exec", "event_patterns": ["execution.completed", "snapshot.?reated"]}))
        .await;
    let (every, _) = api
        .create_endpoint(json!({"url": "https://example.com/every"}))
        .await;
    let cases = [
        ("vm.started", vec![&vm, &every]),
        ("execution.completed", vec![&exec, &every]),
        ("snapshot.created", vec![&exec, &every]),
        ("execution.failed", vec![&every]),
        ("VM.started", vec![&every]),
    ];
    for (event_type, targets) in cases {
        let answer = api.event(event_type, json!({"vm_id": "vm-1"})).await;
        assert_eq!(answer["event"]["event_type"], event_type);
        assert_eq!(answer["event"]["data"], json!({"vm_id": "vm-1"}));
        let got: Vec<&Value> = answer["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["endpoint_id"])
            .collect();
        let want: Vec<&Value> = targets.iter().map(|e| &e["id"]).collect();
        assert_eq!(got, want, "{event_type}");
        for d in answer["deliveries"].as_array().unwrap() {
            let recorded = api.recorded(&id_of(d)).await;
            let body: Value = serde_json::from_str(recorded["body"].as_str().unwrap()).unwrap();
            assert_eq!(body["id"], answer["event"]["id"], "one event, one id");
        }
    }
    let answer = api.event("vm.stopped", json!({})).await;
    let recorded = api.recorded(&id_of(&answer["deliveries"][0])).await;
    let signature = recorded_header(&recorded, "InstaVM-Signature").unwrap();
    assert!(signature_is_valid(
        signature,
        recorded["body"].as_str().unwrap(),
        &vm_secret
    ));

    for bad in [
        json!({}),
        json!({"event_type": ""}),
        json!({"event_type": "x", "data": [1]}),
        json!("vm.started"),
    ] {
        let (status, body) = send(api.post_json("/sandbox/instavm/events", &bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(body["detail"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn answers_unknown_routes_and_methods_as_fastapi_does() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    for path in [
        "/v1",
        "/v1/nothing",
        "/v1/webhooks",
        "/v1/webhooks/endpoints/x/y",
        "/sandbox/instavm/nothing",
    ] {
        let (status, headers, body) = send_raw(api.get(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body, r#"{"detail":"Not Found"}"#, "{path}");
        assert_eq!(headers["x-webhook-sandbox"], "1");
    }
    for (method, path) in [
        (Method::PUT, ENDPOINTS.to_owned()),
        (Method::POST, endpoint_path("x")),
        (Method::GET, format!("{ENDPOINTS}/x/rotate-secret")),
        (Method::DELETE, DELIVERIES.to_owned()),
    ] {
        let (status, headers, body) = send_raw(api.request(method.clone(), &path)).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(body, r#"{"detail":"Method Not Allowed"}"#);
        assert!(headers.contains_key("allow"), "{method} {path}");
    }
    // SlashID's paths keep SlashID's envelope.
    let (status, body) = send(api.get("/organizations/nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["errors"].is_array(), "{body}");
}

#[tokio::test]
async fn refuses_oversized_bodies_with_a_413() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let big = format!(
        r#"{{"url":"https://example.com/{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let (status, _, body) = send_raw(
        api.post(ENDPOINTS)
            .header("content-type", "application/json")
            .body(big),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body, r#"{"detail":"Request Entity Too Large"}"#);
}

#[tokio::test]
async fn allows_cors_for_instavm_and_marks_every_answer() {
    let sb = Sandbox::start(&[]).await;
    let origin = "https://console.example.net";
    let resp = sb
        .http()
        .request(Method::OPTIONS, sb.url(ENDPOINTS))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PUT")
        .header(
            "Access-Control-Request-Headers",
            "content-type,x-api-key,authorization",
        )
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let h = resp.headers();
    let methods = h["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_ascii_uppercase();
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["content-type", "x-api-key", "authorization"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    let api = sb.instavm(USER_A);
    for req in [
        api.get(ENDPOINTS),
        api.get(&endpoint_path("missing")),
        api.post_json(ENDPOINTS, &json!({})),
        api.get("/sandbox/instavm/deliveries/missing"),
        sb.http().get(sb.url(ENDPOINTS)),
    ] {
        let resp = req.header("Origin", origin).send().await.unwrap();
        let status = resp.status();
        assert_eq!(resp.headers()["x-webhook-sandbox"], "1", "{status}");
        assert_eq!(resp.headers()["access-control-allow-origin"], "*");
        let exposed = resp.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(exposed.contains("x-webhook-sandbox"), "{exposed}");
    }
}

#[tokio::test]
async fn injects_faults_in_fastapis_shape_on_instavm_paths() {
    let sb = Sandbox::start(&["--allow-faults"]).await;
    let api = sb.instavm(USER_A);
    let fault = |value: &str| {
        api.get(ENDPOINTS)
            .header("X-Sandbox-Fault", value.to_owned())
    };
    let (status, headers, body) = send_raw(fault("500")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, "Internal Server Error");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let (status, body) = send(fault("408")).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert!(body["detail"].is_string(), "{body}");
    let (status, headers, body) = send_raw(fault("429")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "1");
    assert!(serde_json::from_str::<Value>(&body).unwrap()["detail"].is_string());
    let (status, _, body) = send_raw(fault("malformed")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&body).is_err(), "{body}");
    let (status, body) = send(fault("teapot")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["detail"].as_str().unwrap().contains("X-Sandbox-Fault"));
    let (status, _) = send(api.get(ENDPOINTS)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn stores_signing_secrets_and_keys_encrypted() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, first) = api
        .create_endpoint(json!({"url": "https://example.com/sealed"}))
        .await;
    let (_, rotated) = send(api.post(&format!(
        "{}/rotate-secret",
        endpoint_path(&id_of(&endpoint))
    )))
    .await;
    let second = rotated["secret"].as_str().unwrap().to_owned();
    api.test_endpoint(&id_of(&endpoint)).await;
    let db = sb.db.clone();
    let dir = sb.stop();
    let bytes = std::fs::read(&db).unwrap();
    for secret in [
        first.as_str(),
        &first[6..],
        second.as_str(),
        &second[6..],
        USER_A,
        USER_B,
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is stored in clear"
        );
    }
    assert!(
        bytes
            .windows(b"https://example.com/sealed".len())
            .any(|w| w == b"https://example.com/sealed"),
        "sanity: non-secret fields are in the file"
    );
    drop(dir);
}

#[tokio::test]
async fn keeps_endpoints_deliveries_and_secrets_after_restart() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.instavm(USER_A);
    let (endpoint, secret) = api
        .create_endpoint(json!({"url": "https://example.com/kept", "event_patterns": ["vm.*"]}))
        .await;
    let id = id_of(&endpoint);
    let delivery = api.test_endpoint(&id).await;
    let recorded = api.recorded(&id_of(&delivery)).await;
    let (_, endpoint) = send(api.get(&endpoint_path(&id))).await;
    let (b_endpoint, _) = sb
        .instavm(USER_B)
        .create_endpoint(json!({"url": "https://example.com/b"}))
        .await;
    let db = sb.db.clone();
    let dir = sb.stop();

    // The keys in another order: user ids stay with their keys.
    let args = vec![
        "--instavm-key".to_owned(),
        USER_B.to_owned(),
        "--instavm-key".to_owned(),
        USER_A.to_owned(),
    ];
    let sb = Sandbox::start_on(&db, &args).await;
    let api = sb.instavm(USER_A);
    let (status, got) = send(api.get(&endpoint_path(&id))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, endpoint);
    let (_, list) = send(sb.instavm(USER_B).get(ENDPOINTS)).await;
    assert_eq!(list, json!([b_endpoint]));
    assert_eq!(api.recorded(&id_of(&delivery)).await, recorded);
    let (_, page) = send(api.get(DELIVERIES)).await;
    assert_eq!(page["items"], json!([delivery]));
    // The sealed secret still signs.
    let after = api.test_endpoint(&id).await;
    let recorded = api.recorded(&id_of(&after)).await;
    let signature = recorded_header(&recorded, "InstaVM-Signature").unwrap();
    assert!(signature_is_valid(
        signature,
        recorded["body"].as_str().unwrap(),
        &secret
    ));
    drop(sb);
    drop(dir);
}

#[tokio::test]
async fn prints_a_demo_instavm_key_after_the_slashid_lines_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo_key = |sb: &Sandbox| {
        let at = |prefix: &str| {
            sb.stdout
                .iter()
                .position(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix} in {:?}", sb.stdout))
        };
        let line = at("demo InstaVM API key: ");
        assert_eq!(line, at("demo API key: ") + 1, "{:?}", sb.stdout);
        assert_eq!(at("demo API key: "), at("demo organization: ") + 1);
        sb.stdout[line]["demo InstaVM API key: ".len()..].to_owned()
    };
    let sb = Sandbox::start_on(&db, &[]).await;
    let key = demo_key(&sb);
    let (endpoint, _) = sb
        .instavm(&key)
        .create_endpoint(json!({"url": "https://example.com/demo"}))
        .await;
    sb.stop();
    let sb = Sandbox::start_on(&db, &[]).await;
    assert_eq!(demo_key(&sb), key, "the demo key is created once");
    let (status, list) = send(sb.instavm(&key).get(ENDPOINTS)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([endpoint]));
    sb.stop();

    // With keys given, no demo key is printed; SlashID's demo does not depend on it.
    let sb = Sandbox::start_on(&db, &["--instavm-key".to_owned(), USER_A.to_owned()]).await;
    assert!(
        !sb.stdout.iter().any(|l| l.contains("InstaVM")),
        "{:?}",
        sb.stdout
    );
    assert!(sb.stdout.iter().any(|l| l.starts_with("demo API key: ")));
    let sb2 = Sandbox::start(&[]).await;
    assert!(
        !sb2.stdout.iter().any(|l| l.starts_with("demo")),
        "{:?}",
        sb2.stdout
    );
    drop(sb);
}
