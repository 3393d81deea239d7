//! Bounded work: field lengths, the deliveries one request may record, paged and pruned
//! delivery lists, and hostile bodies refused in each API's shape while `/healthz` answers.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{
    DROPLIT_WEBHOOKS, ECO_A, INSTAVM_DELIVERIES, INSTAVM_ENDPOINTS, ORG_A, Sandbox, TOKEN_A,
    USER_A, error_messages, send, send_raw,
};
use webhook_rules::slashid::test_events::MAX_CORRELATION_ID_BYTES;

const HOOKS: &str = "/organizations/webhooks";

async fn subscribed_webhooks(api: &support::Api, n: usize, event: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let hook = api
            .create_webhook(json!({
                "name": format!("hook {i}"),
                "target_url": format!("https://example.com/hook-{i}"),
            }))
            .await;
        let id = hook["id"].as_str().unwrap().to_owned();
        api.add_trigger(&id, "event", event).await;
        ids.push(id);
    }
    ids
}

async fn slashid_deliveries(api: &support::Api, query: &str) -> (StatusCode, Value) {
    send(api.get(&format!("/sandbox/deliveries{query}"))).await
}

#[tokio::test]
async fn refuses_test_events_that_would_record_over_a_thousand_deliveries_before_signing() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    subscribed_webhooks(&api, 21, "PersonCreated_v1").await;
    let (status, body) = send(api.post(
        "/test-events",
        &json!([{"event_name": "PersonCreated_v1", "count": 50}]),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let messages = error_messages(status, &body);
    assert!(
        messages[0].contains("1050 times") && messages[0].contains("at most 1000"),
        "{messages:?}"
    );
    let (_, listed) = slashid_deliveries(&api, "").await;
    assert_eq!(listed["meta"]["cursor_pagination"]["total_count"], 0);
    // The refused request took no rate-limit token: the burst (50) still has room for 10.
    let (status, body) = send(api.post(
        "/test-events",
        &json!([{"event_name": "PersonCreated_v1", "count": 10}]),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, listed) = slashid_deliveries(&api, "").await;
    assert_eq!(listed["meta"]["cursor_pagination"]["total_count"], 210);
}

#[tokio::test]
async fn refuses_an_analytics_correlation_id_over_the_rules_limit() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let (status, body) = send(api.post(
        "/test-events",
        &json!([{"event_name": "PersonCreated_v1", "analytics_correlation_id": "c".repeat(MAX_CORRELATION_ID_BYTES + 1)}]),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        error_messages(status, &body),
        [format!(
            "[0].analytics_correlation_id: must be at most {MAX_CORRELATION_ID_BYTES} bytes"
        )]
    );
    let (status, body) = send(api.post(
        "/test-events",
        &json!([{"event_name": "PersonCreated_v1", "analytics_correlation_id": "c".repeat(MAX_CORRELATION_ID_BYTES)}]),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn refuses_fields_over_the_bounds_in_each_apis_shape() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let long_url = format!("https://example.com/{}", "a".repeat(8 * 1024 - 19));
    assert_eq!(long_url.len(), 8 * 1024 + 1);
    let (status, body) = send(api.post(
        HOOKS,
        &json!({
            "name": "long",
            "target_url": long_url,
            "custom_headers": {"X-Many": vec!["v"; 51], "X".repeat(257): ["v"]},
        }),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let messages = error_messages(status, &body);
    assert!(
        messages.contains(&"target_url: must be at most 8192 bytes".to_owned()),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"custom_headers[\"X-Many\"]: a header can have at most 10 values".to_owned()
        ),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.ends_with("a header name must be at most 256 bytes")),
        "{messages:?}"
    );

    let instavm = sb.instavm(USER_A);
    let (status, body) = send(instavm.post_json(
        INSTAVM_ENDPOINTS,
        &json!({
            "url": format!("https://example.com/{}", "a".repeat(128 * 1024)),
            "event_patterns": ["vm.*", "p".repeat(201)],
        }),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = body["detail"].as_array().unwrap();
    assert_eq!(detail[0]["type"], "string_too_long");
    assert_eq!(detail[0]["loc"], json!(["body", "url"]));
    assert_eq!(detail[0]["ctx"], json!({"max_length": 128 * 1024}));
    assert_eq!(detail[1]["loc"], json!(["body", "event_patterns", 1]));
    let (status, body) = send(instavm.post_json(
        INSTAVM_ENDPOINTS,
        &json!({"url": "https://example.com", "event_patterns": vec!["vm.*"; 101]}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["detail"][0]["type"], "too_long");
    assert_eq!(body["detail"][0]["ctx"]["actual_length"], 101);
    let (status, body) = send(instavm.post_json(
        "/sandbox/instavm/events",
        &json!({"event_type": "vm.created", "data": {"blob": "b".repeat(64 * 1024)}}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("at most 65536 bytes")
    );

    // Nothing was stored by any of them.
    let (_, hooks) = send(api.get(HOOKS)).await;
    assert_eq!(hooks["result"], json!([]));
    let (_, endpoints) = send(instavm.get(INSTAVM_ENDPOINTS)).await;
    assert_eq!(endpoints, json!([]));
}

#[tokio::test]
async fn refuses_an_instavm_event_for_over_a_hundred_endpoints() {
    let sb = Sandbox::start(&[]).await;
    let instavm = sb.instavm(USER_A);
    for i in 0..101 {
        instavm
            .create_endpoint(json!({"url": format!("https://example.com/{i}")}))
            .await;
    }
    let (status, body) = send(instavm.post_json(
        "/sandbox/instavm/events",
        &json!({"event_type": "vm.created", "data": {}}),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("101 endpoints"));
    let (_, page) = send(instavm.get(INSTAVM_DELIVERIES)).await;
    assert_eq!(page["items"], json!([]), "nothing was delivered");
}

#[tokio::test]
async fn pages_slashid_deliveries_newest_first() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    subscribed_webhooks(&api, 2, "PersonDeleted_v1").await;
    let (status, _) = send(api.post(
        "/test-events",
        &json!([{"event_name": "PersonDeleted_v1", "count": 7}]),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, all) = slashid_deliveries(&api, "?limit=100").await;
    let all_ids: Vec<&str> = all["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(all_ids.len(), 14);
    let mut paged = Vec::new();
    let mut cursor = String::new();
    let mut pages = Vec::new();
    loop {
        let (status, body) = slashid_deliveries(&api, &format!("?limit=5&cursor={cursor}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let meta = &body["meta"]["cursor_pagination"];
        assert_eq!(
            (meta["limit"].as_i64(), meta["total_count"].as_i64()),
            (Some(5), Some(14))
        );
        let items = body["result"].as_array().unwrap();
        pages.push(items.len());
        paged.extend(items.iter().map(|d| d["id"].as_str().unwrap().to_owned()));
        cursor = meta["cursor"].as_str().unwrap().to_owned();
        if cursor.is_empty() {
            break;
        }
    }
    assert_eq!(pages, [5, 5, 4]);
    assert_eq!(paged, all_ids, "the pages are the list, in order");
    let (_, default) = slashid_deliveries(&api, "").await;
    assert_eq!(default["meta"]["cursor_pagination"]["limit"], 50);
    for bad in ["?limit=0", "?limit=101", "?limit=x", "?cursor=junk"] {
        let (status, body) = slashid_deliveries(&api, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
}

#[tokio::test]
async fn prunes_the_oldest_deliveries_past_the_cap_for_every_api() {
    let sb = Sandbox::start(&["--keep-deliveries", "5"]).await;

    let api = sb.api(ORG_A);
    subscribed_webhooks(&api, 1, "PersonCreated_v1").await;
    let mut last = Vec::new();
    for _ in 0..3 {
        let (status, body) = send(api.post(
            "/test-events",
            &json!([{"event_name": "PersonCreated_v1", "count": 3}]),
        ))
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        last = body["result"].as_array().unwrap().clone();
    }
    let (_, listed) = slashid_deliveries(&api, "").await;
    assert_eq!(listed["meta"]["cursor_pagination"]["total_count"], 5);
    assert_eq!(last.len(), 3);

    let instavm = sb.instavm(USER_A);
    let (endpoint, _) = instavm
        .create_endpoint(json!({"url": "https://example.com/hook"}))
        .await;
    let id = endpoint["id"].as_str().unwrap();
    let mut delivered = Vec::new();
    for _ in 0..7 {
        delivered.push(
            instavm.test_endpoint(id).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (_, page) = send(instavm.get(INSTAVM_DELIVERIES)).await;
    let kept: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let newest: Vec<&str> = delivered.iter().rev().take(5).map(String::as_str).collect();
    assert_eq!(kept, newest);
    let (status, _) =
        send(instavm.get(&format!("/sandbox/instavm/deliveries/{}", delivered[0]))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the oldest was pruned");

    let droplit = sb.droplit(TOKEN_A);
    let hook = droplit
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "https://example.com/d"}))
        .await;
    for _ in 0..7 {
        droplit.invoke(hook["id"].as_str().unwrap()).await;
    }
    assert_eq!(droplit.deliveries("").await.len(), 5);
}

#[tokio::test]
async fn pages_droplit_deliveries_newest_first() {
    let sb = Sandbox::start(&[]).await;
    let droplit = sb.droplit(TOKEN_A);
    let hook = droplit
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "https://example.com/d"}))
        .await;
    for _ in 0..7 {
        droplit.invoke(hook["id"].as_str().unwrap()).await;
    }
    let all: Vec<Value> = droplit.deliveries("?limit=100").await;
    let mut seen = Vec::new();
    let mut query = "?limit=3".to_owned();
    let mut pages = Vec::new();
    loop {
        let (status, body) =
            send(droplit.get(&format!("/sandbox/droplit/deliveries{query}"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let items = body["items"].as_array().unwrap();
        pages.push(items.len());
        seen.extend(items.iter().cloned());
        match body["next_cursor"].as_str() {
            Some(c) => query = format!("?limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(pages, [3, 3, 1]);
    assert_eq!(seen, all);
    let (status, _, body) = send_raw(droplit.get("/sandbox/droplit/deliveries?limit=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["errors"][0]["in"], "query");
    assert_eq!(body["errors"][0]["path"], "limit");
}

/// Bodies no client would send: each is refused in its API's shape (never a 5xx) while
/// `/healthz` keeps answering.
#[tokio::test]
async fn refuses_hostile_bodies_without_a_5xx_while_healthz_answers() {
    let sb = Sandbox::start(&[]).await;
    let mut many_keys = String::from("{");
    for i in 0..100_000 {
        if i > 0 {
            many_keys.push(',');
        }
        many_keys.push_str(&format!("\"k{i}\":{i}"));
    }
    many_keys.push('}');
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("over 1 MiB", vec![b' '; 1024 * 1024 + 1]),
        ("deep nesting", "[".repeat(100_000).into_bytes()),
        ("100k keys", many_keys.into_bytes()),
        (
            "invalid UTF-8",
            b"{\"url\": \"\xff\xfe\", \"name\": \"\xc3\x28\"}".to_vec(),
        ),
        (
            "huge numbers",
            format!(
                "{{\"url\": 1e999999, \"timeout_seconds\": {}}}",
                "9".repeat(100_000)
            )
            .into_bytes(),
        ),
    ];
    let healthz = {
        let http = sb.http().clone();
        let url = sb.url("/healthz");
        tokio::spawn(async move {
            let mut slowest = Duration::ZERO;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(3) {
                let t = Instant::now();
                let resp = http.get(&url).send().await.expect("healthz answers");
                assert_eq!(resp.status(), StatusCode::OK);
                slowest = slowest.max(t.elapsed());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            slowest
        })
    };
    let api = sb.api(ORG_A);
    let instavm = sb.instavm(USER_A);
    let droplit = sb.droplit(TOKEN_A);
    let mut statuses = BTreeSet::new();
    for (what, body) in &bodies {
        let requests = [
            ("SlashID", api.request(Method::POST, HOOKS)),
            (
                "SlashID test events",
                api.request(Method::POST, "/test-events"),
            ),
            ("InstaVM", instavm.request(Method::POST, INSTAVM_ENDPOINTS)),
            (
                "InstaVM events",
                instavm.request(Method::POST, "/sandbox/instavm/events"),
            ),
            ("Droplit", droplit.request(Method::POST, DROPLIT_WEBHOOKS)),
        ];
        for (api_name, req) in requests {
            let (status, _, text) = send_raw(
                req.header("content-type", "application/json")
                    .body(body.clone()),
            )
            .await;
            assert!(
                status.is_client_error(),
                "{api_name}, {what}: {status} {}",
                &text[..text.len().min(300)]
            );
            statuses.insert(status.as_u16());
        }
    }
    let slowest = healthz.await.unwrap();
    assert!(
        slowest < Duration::from_secs(1),
        "/healthz took {slowest:?} while hostile bodies were refused"
    );
    assert!(
        statuses.is_subset(&BTreeSet::from([400, 413, 422])),
        "{statuses:?}"
    );
}
