//! Droplit's webhooks, their test calls and every status, over real HTTP.

mod support;

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{
    DROPLIT_DELIVERIES as DELIVERIES, DROPLIT_WEBHOOKS as WEBHOOKS, ECO_A, ECO_A2, ECO_B, Sandbox,
    TOKEN_A, TOKEN_B, droplit_flags, droplit_signature, send, send_raw,
};
use webhook_rules::droplit::errors::{self, pattern_message};
use webhook_rules::droplit::url::HANG_MESSAGE_PREFIX;
use webhook_rules::droplit::wire::{Webhook, WebhookList};

const JSON: &str = "application/json; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const HANG_HEADER: &str = "x-sandbox-would-hang";

fn hook(id: &str) -> String {
    format!("{WEBHOOKS}/{id}")
}

fn invoke_path(id: &str) -> String {
    format!("{WEBHOOKS}/{id}/invoke")
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_owned()
}

fn content_type(headers: &HeaderMap) -> &str {
    headers["content-type"].to_str().unwrap()
}

/// Sends a request that must be a 400; returns its items as `(in, path, message)`.
async fn invalid(req: reqwest::RequestBuilder) -> Vec<(String, String, String)> {
    let (status, headers, body) = send_raw(req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(content_type(&headers), JSON);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["errorType"], "InvalidParams", "{body}");
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_owned();
            (s("in"), s("path"), s("message"))
        })
        .collect()
}

fn item(location: &str, path: &str, message: &str) -> (String, String, String) {
    (location.to_owned(), path.to_owned(), message.to_owned())
}

/// Sends a request that must be a plain-text answer; returns its status and text.
async fn text(req: reqwest::RequestBuilder) -> (StatusCode, String) {
    let (status, headers, body) = send_raw(req).await;
    assert_eq!(content_type(&headers), TEXT, "{status} {body}");
    (status, body)
}

#[tokio::test]
async fn rejects_missing_empty_unknown_and_bearer_tokens_with_a_plain_401() {
    let sb = Sandbox::start(&[]).await;
    let created = sb
        .droplit(TOKEN_A)
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "https://example.com/h"}))
        .await;
    let id = id_of(&created);
    let routes = [
        (Method::POST, WEBHOOKS.to_owned()),
        (Method::GET, format!("{WEBHOOKS}?ecosystemId={ECO_A}")),
        (Method::GET, hook(&id)),
        (Method::PUT, hook(&id)),
        (Method::DELETE, hook(&id)),
        (Method::POST, invoke_path(&id)),
        (Method::GET, DELIVERIES.to_owned()),
        (Method::GET, format!("{DELIVERIES}/some-id")),
    ];
    let bearer = format!("Bearer {TOKEN_A}");
    for (method, path) in routes {
        for token in [
            None,
            Some(""),
            Some("not-a-token"),
            Some(bearer.as_str()),
            // Another API's key is no Droplit token.
            Some(support::USER_A),
        ] {
            let mut req = sb.http().request(method.clone(), sb.url(&path));
            if let Some(token) = token {
                req = req.header("authorization", token);
            }
            let (status, body) = text(req.json(&json!({"disabled": true}))).await;
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::UNAUTHORIZED, "Unauthorized"),
                "{method} {path} {token:?}"
            );
        }
    }
    let (status, got) = send(sb.droplit(TOKEN_A).get(&hook(&id))).await;
    assert_eq!((status, got), (StatusCode::OK, created), "nothing changed");
}

#[tokio::test]
async fn reads_the_body_before_the_token_as_express_does() {
    let sb = Sandbox::start(&[]).await;
    let anonymous = |method: Method, path: &str| {
        sb.http()
            .request(method, sb.url(path))
            .header("content-type", "application/json")
    };
    for (method, path) in [
        (Method::POST, WEBHOOKS.to_owned()),
        (Method::PUT, hook("W1")),
        (Method::GET, hook("W1")),
    ] {
        for not_json in [r#"{"url": "#, r#""a.b""#, "nul"] {
            assert_eq!(
                invalid(anonymous(method.clone(), &path).body(not_json)).await,
                [item("body", "", errors::MALFORMED_BODY)],
                "{method} {path} {not_json:?}"
            );
        }
        let big = format!(r#"{{"url":"https://a.b/{}"}}"#, "x".repeat(100 * 1024));
        let (status, body) = text(anonymous(method.clone(), &path).body(big)).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, "request entity too large")
        );
        // Past the sandbox's own limit too.
        let huge = format!(r#"{{"url":"{}"}}"#, "x".repeat(2 * 1024 * 1024));
        let (status, _) = text(anonymous(method.clone(), &path).body(huge)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        // Well-formed JSON, or a body not sent as JSON: the token is checked first.
        for (ct, body) in [
            ("application/json", "{}"),
            ("application/json", ""),
            ("text/plain", r#"{"url": "#),
        ] {
            let req = sb
                .http()
                .request(method.clone(), sb.url(&path))
                .header("content-type", ct)
                .body(body);
            assert_eq!(text(req).await.0, StatusCode::UNAUTHORIZED, "{ct} {body:?}");
        }
    }
    // Exactly 100 KiB is within body-parser's limit (padded with white space: every field
    // the sandbox stores has a far smaller bound of its own, `common::limits`).
    let api = sb.droplit(TOKEN_A);
    let url = "https://a.b/";
    let pad = 100 * 1024 - format!(r#"{{"ecosystemId":"{ECO_A}","url":"{url}"}}"#).len();
    let body = format!(
        r#"{{"ecosystemId":"{ECO_A}","url":"{url}"{}}}"#,
        " ".repeat(pad)
    );
    assert_eq!(body.len(), 100 * 1024);
    let (status, _, _) = send_raw(
        api.request(Method::POST, WEBHOOKS)
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn creates_lists_gets_updates_and_deletes_a_webhook() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let before = std::time::SystemTime::now();
    let (status, headers, body) = send_raw(api.post_json(
        WEBHOOKS,
        &json!({
            "ecosystemId": ECO_A, "url": "https://hooks.example.com/a", "secret": "s3cr3t-a",
            "description": "first", "unknown": [1], "disabled": true
        }),
    ))
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(content_type(&headers), JSON);
    let created: Value = serde_json::from_str(&body).unwrap();
    let keys = [
        "id",
        "description",
        "ecosystemId",
        "url",
        "disabled",
        "createdAt",
    ];
    assert_eq!(created.as_object().unwrap().len(), keys.len(), "{body}");
    let at: Vec<usize> = keys
        .iter()
        .map(|k| body.find(&format!("\"{k}\":")).expect(k))
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "the documented fields in the documented order, no secret: {body}"
    );
    let id = id_of(&created);
    assert!(
        id.len() == 25 && id.starts_with('W') && id[1..].bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(created["description"], "first");
    assert_eq!(created["ecosystemId"], ECO_A);
    assert_eq!(created["url"], "https://hooks.example.com/a");
    assert_eq!(created["disabled"], false, "unknown fields are stripped");
    // `Date.toJSON`: UTC with milliseconds, within the time of the request.
    let created_at = created["createdAt"].as_str().unwrap();
    assert_eq!(created_at.len(), 24, "{created_at}");
    assert!(created_at.ends_with('Z') && created_at.as_bytes()[19] == b'.');
    let ms = |t: std::time::SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
    };
    let (lo, hi) = (ms(before), ms(std::time::SystemTime::now()));
    assert!(
        (lo..=hi)
            .map(webhook_rules::droplit::wire::format_created_at)
            .any(|t| t == created_at),
        "{created_at} not within the request"
    );
    // The console's wire type reads it.
    let typed: Webhook = serde_json::from_value(created.clone()).unwrap();
    assert_eq!(typed.id, id);

    let second = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "example.org"}))
        .await;
    assert!(second.get("description").is_none(), "{second}");
    let other_eco = api
        .create_webhook(json!({"ecosystemId": ECO_A2, "url": "http://x.y"}))
        .await;

    let (status, headers, body) =
        send_raw(api.get(&format!("{WEBHOOKS}?ecosystemId={ECO_A}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type(&headers), JSON);
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list, json!({"items": [created, second]}), "oldest first");
    let typed: WebhookList = serde_json::from_str(&body).unwrap();
    assert_eq!(typed.items.len(), 2);
    let (_, list) = send(api.get(&format!("{WEBHOOKS}?ecosystemId={ECO_A2}"))).await;
    assert_eq!(list, json!({"items": [other_eco]}));

    let (status, got) = send(api.get(&hook(&id))).await;
    assert_eq!((status, &got), (StatusCode::OK, &created));

    // PUT changes only what it is given, answers 200 with no body.
    let (status, headers, body) =
        send_raw(api.put_json(&hook(&id), &json!({"url": "https://new.example.com/b"}))).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    assert!(headers.get("content-type").is_none(), "{headers:?}");
    let (_, got) = send(api.get(&hook(&id))).await;
    let mut expected = created.clone();
    expected["url"] = json!("https://new.example.com/b");
    assert_eq!(got, expected);
    for (change, field, value) in [
        (
            json!({"description": "renamed"}),
            "description",
            json!("renamed"),
        ),
        (json!({"description": ""}), "description", json!("")),
        (json!({"disabled": true}), "disabled", json!(true)),
        (json!({"disabled": false}), "disabled", json!(false)),
    ] {
        let (status, _) = send(api.put_json(&hook(&id), &change)).await;
        assert_eq!(status, StatusCode::OK, "{change}");
        expected[field] = value;
        let (_, got) = send(api.get(&hook(&id))).await;
        assert_eq!(got, expected, "{change}");
    }
    // null leaves a field as it is; ecosystemId and unknown fields are stripped; an empty
    // body (or one not sent as JSON) changes nothing.
    for change in [
        json!({"url": null, "description": null, "disabled": null, "secret": null}),
        json!({"ecosystemId": ECO_A2, "id": "W0", "createdAt": "x"}),
        json!({}),
    ] {
        let (status, _) = send(api.put_json(&hook(&id), &change)).await;
        assert_eq!(status, StatusCode::OK, "{change}");
        let (_, got) = send(api.get(&hook(&id))).await;
        assert_eq!(got, expected, "{change}");
    }
    let (status, _, _) = send_raw(
        api.request(Method::PUT, &hook(&id))
            .header("content-type", "text/plain")
            .body(r#"{"url": "https://ignored.example.com"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(send(api.get(&hook(&id))).await.1, expected);

    // DELETE: 200 with no body, then gone.
    let (status, headers, body) = send_raw(api.delete(&hook(&id))).await;
    assert_eq!(
        (status.as_u16(), body.as_str()),
        (webhook_rules::droplit::paths::DELETE_STATUS, "")
    );
    assert!(headers.get("content-type").is_none());
    let not_found = format!("Webhook with id {id} does not exist.");
    assert_eq!(
        text(api.get(&hook(&id))).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    assert_eq!(
        text(api.delete(&hook(&id))).await,
        (StatusCode::NOT_FOUND, not_found.clone())
    );
    assert_eq!(
        text(api.put_json(&hook(&id), &json!({"disabled": true}))).await,
        (StatusCode::NOT_FOUND, not_found)
    );
    let (_, list) = send(api.get(&format!("{WEBHOOKS}?ecosystemId={ECO_A}"))).await;
    assert_eq!(list, json!({"items": [second]}));
}

#[tokio::test]
async fn answers_every_documented_400_in_its_documented_words() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let required = errors::REQUIRED;
    let both_missing = [
        item("body", "ecosystemId", required),
        item("body", "url", required),
    ];
    // Body Parameters Missing: the JSON is right, the content type is not.
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut req = api
            .request(Method::POST, WEBHOOKS)
            .body(format!(r#"{{"ecosystemId":"{ECO_A}","url":"a.b"}}"#));
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        assert_eq!(invalid(req).await, both_missing, "{ct:?}");
    }
    assert_eq!(
        invalid(api.post_json(WEBHOOKS, &json!({}))).await,
        both_missing
    );
    // Ecosystem Missing, Ecosystem Invalid.
    assert_eq!(
        invalid(api.post_json(WEBHOOKS, &json!({"url": "a.b"}))).await,
        [item("body", "ecosystemId", required)]
    );
    for bad_id in ["not an id", "C/1", "é", &"C".repeat(65)] {
        assert_eq!(
            invalid(api.post_json(WEBHOOKS, &json!({"ecosystemId": bad_id, "url": "a.b"}))).await,
            [item("body", "ecosystemId", errors::INVALID_ID)],
            "{bad_id}"
        );
    }
    // Webhook Callback Missing, Webhook Callback Invalid.
    assert_eq!(
        invalid(api.post_json(WEBHOOKS, &json!({"ecosystemId": ECO_A, "url": ""}))).await,
        [item("body", "url", required)]
    );
    for bad_url in ["localhost", "https://example", "https://a.b/\n", ".com"] {
        assert_eq!(
            invalid(api.post_json(WEBHOOKS, &json!({"ecosystemId": ECO_A, "url": bad_url}))).await,
            [item("body", "url", &pattern_message())],
            "{bad_url:?}"
        );
    }
    assert!(pattern_message().ends_with(r"^(?:https?:\/\/)?(?:.+\.)?.+\..+?(?:\/.+)*$"));
    // Types, every field at once.
    assert_eq!(
        invalid(api.post_json(
            WEBHOOKS,
            &json!({"ecosystemId": 5, "url": ["a.b"], "secret": 1, "description": {}})
        ))
        .await,
        [
            item("body", "ecosystemId", errors::MUST_BE_STRING),
            item("body", "url", errors::MUST_BE_STRING),
            item("body", "secret", errors::MUST_BE_STRING),
            item("body", "description", errors::MUST_BE_STRING),
        ]
    );
    let created = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "a.b"}))
        .await;
    let id = id_of(&created);
    assert_eq!(
        invalid(api.put_json(&hook(&id), &json!({"url": "nodot", "disabled": "yes"}))).await,
        [
            item("body", "url", &pattern_message()),
            item("body", "disabled", errors::MUST_BE_BOOLEAN),
        ]
    );
    // The list: Ecosystem Missing and Invalid in the query, Query Field Not Allowed.
    assert_eq!(
        invalid(api.get(WEBHOOKS)).await,
        [item("query", "ecosystemId", required)]
    );
    assert_eq!(
        invalid(api.get(&format!("{WEBHOOKS}?ecosystemId=a%20b"))).await,
        [item("query", "ecosystemId", errors::INVALID_ID)]
    );
    assert_eq!(
        invalid(api.get(&format!(
            "{WEBHOOKS}?ecosystemId={ECO_A}&limit=5&b=1&limit=6"
        )))
        .await,
        [item(
            "query",
            "",
            "contains fields that are not allowed: [ limit, b ]"
        )]
    );
    // No Query String Allowed, everywhere else.
    let no_query = [item(
        "query",
        "",
        "contains fields that are not allowed: [ dryRun ]",
    )];
    for req in [
        api.post_json(
            &format!("{WEBHOOKS}?dryRun=1"),
            &json!({"ecosystemId": ECO_A, "url": "a.b"}),
        ),
        api.get(&format!("{}?dryRun=1", hook(&id))),
        api.put_json(&format!("{}?dryRun=1", hook(&id)), &json!({})),
        api.delete(&format!("{}?dryRun=1", hook(&id))),
        api.request(Method::POST, &format!("{}?dryRun=1", invoke_path(&id))),
    ] {
        assert_eq!(invalid(req).await, no_query);
    }
    // Webhook Invalid, on every route with an id (percent-decoded first).
    for bad_id in ["a%20b", "W%2F1", "%E9", "%ZZ", &"W".repeat(65)] {
        for req in [
            api.get(&hook(bad_id)),
            api.put_json(&hook(bad_id), &json!({})),
            api.delete(&hook(bad_id)),
            api.request(Method::POST, &invoke_path(bad_id)),
        ] {
            assert_eq!(
                invalid(req).await,
                [item("path", "id", errors::INVALID_ID)],
                "{bad_id}"
            );
        }
    }
    // One request's problems together: the path's, the query's, the body's.
    assert_eq!(
        invalid(api.put_json(
            &format!("{}?x=1", hook("bad%20id")),
            &json!({"url": 7, "secret": false})
        ))
        .await,
        [
            item("path", "id", errors::INVALID_ID),
            item("query", "", "contains fields that are not allowed: [ x ]"),
            item("body", "url", errors::MUST_BE_STRING),
            item("body", "secret", errors::MUST_BE_STRING),
        ]
    );
    // Nothing was created or changed by any of them.
    let (_, list) = send(api.get(&format!("{WEBHOOKS}?ecosystemId={ECO_A}"))).await;
    assert_eq!(list, json!({"items": [created]}));
}

#[tokio::test]
async fn answers_not_found_in_plain_text() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let missing = "W000000000000000000000000";
    let expected = (
        StatusCode::NOT_FOUND,
        format!("Webhook with id {missing} does not exist."),
    );
    for req in [
        api.get(&hook(missing)),
        api.put_json(&hook(missing), &json!({"url": "a.b"})),
        api.delete(&hook(missing)),
        api.request(Method::POST, &invoke_path(missing)),
    ] {
        assert_eq!(text(req).await, expected);
    }
    let eco = "Cgone";
    let eco_expected = (
        StatusCode::NOT_FOUND,
        format!("Ecosystem with id {eco} does not exist."),
    );
    assert_eq!(
        text(api.get(&format!("{WEBHOOKS}?ecosystemId={eco}"))).await,
        eco_expected
    );
    assert_eq!(
        text(api.post_json(WEBHOOKS, &json!({"ecosystemId": eco, "url": "a.b"}))).await,
        eco_expected
    );
    // The console reads both onto their places.
    let p = errors::read_error(404, &eco_expected.1);
    assert_eq!(
        (p[0].field.as_str(), p[0].code.as_str()),
        ("ecosystemId", "ecosystem_not_found")
    );
    assert_eq!(
        errors::read_error(404, &expected.1)[0].code,
        "webhook_not_found"
    );
}

#[tokio::test]
async fn keeps_each_token_to_its_own_ecosystems() {
    let sb = Sandbox::start(&[]).await;
    let a = sb.droplit(TOKEN_A);
    let b = sb.droplit(TOKEN_B);
    let in_a = a
        .create_webhook(
            json!({"ecosystemId": ECO_A, "url": "https://a.example.com", "secret": "sa"}),
        )
        .await;
    let in_a2 = a
        .create_webhook(json!({"ecosystemId": ECO_A2, "url": "https://a2.example.com"}))
        .await;
    let in_b = b
        .create_webhook(json!({"ecosystemId": ECO_B, "url": "https://b.example.com"}))
        .await;
    a.invoke(&id_of(&in_a)).await;
    b.invoke(&id_of(&in_b)).await;

    // B's view of A's ecosystem and webhooks: as if they did not exist.
    for eco in [ECO_A, ECO_A2] {
        let eco_gone = (
            StatusCode::NOT_FOUND,
            format!("Ecosystem with id {eco} does not exist."),
        );
        assert_eq!(
            text(b.get(&format!("{WEBHOOKS}?ecosystemId={eco}"))).await,
            eco_gone
        );
        assert_eq!(
            text(b.post_json(WEBHOOKS, &json!({"ecosystemId": eco, "url": "b.c"}))).await,
            eco_gone
        );
    }
    for theirs in [&in_a, &in_a2] {
        let id = id_of(theirs);
        let gone = (
            StatusCode::NOT_FOUND,
            format!("Webhook with id {id} does not exist."),
        );
        for req in [
            b.get(&hook(&id)),
            b.put_json(&hook(&id), &json!({"url": "https://evil.example.com"})),
            b.delete(&hook(&id)),
            b.request(Method::POST, &invoke_path(&id)),
        ] {
            assert_eq!(text(req).await, gone);
        }
    }
    assert_eq!(
        text(a.get(&hook(&id_of(&in_b)))).await.0,
        StatusCode::NOT_FOUND
    );
    // Deliveries too.
    let b_sees = b.deliveries("").await;
    assert_eq!(b_sees.len(), 1);
    assert_eq!(b_sees[0]["webhook_id"], id_of(&in_b));
    assert!(
        b.deliveries(&format!("?webhookId={}", id_of(&in_a)))
            .await
            .is_empty()
    );
    let a_delivery = a.deliveries("").await[0]["delivery_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        text(b.get(&format!("{DELIVERIES}/{a_delivery}"))).await,
        (
            StatusCode::NOT_FOUND,
            format!("Delivery with id {a_delivery} does not exist.")
        )
    );
    // A's webhooks are untouched, and A reaches both its ecosystems.
    assert_eq!(send(a.get(&hook(&id_of(&in_a)))).await.1, in_a);
    let (_, list) = send(a.get(&format!("{WEBHOOKS}?ecosystemId={ECO_A2}"))).await;
    assert_eq!(list, json!({"items": [in_a2]}));
    assert_eq!(a.deliveries("").await.len(), 1);
}

#[tokio::test]
async fn enables_and_disables_through_put() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let created = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "https://example.com/toggle"}))
        .await;
    let id = id_of(&created);
    assert_eq!(created["disabled"], false);
    let (status, _) = send(api.put_json(&hook(&id), &json!({"disabled": true}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(send(api.get(&hook(&id))).await.1["disabled"], true);
    // A disabled webhook is called by nothing: the test call is a 409, nothing recorded.
    assert_eq!(
        text(api.request(Method::POST, &invoke_path(&id))).await,
        (
            StatusCode::CONFLICT,
            format!("Webhook with id {id} is disabled.")
        )
    );
    assert!(api.deliveries("").await.is_empty());
    let (status, _) = send(api.put_json(&hook(&id), &json!({"disabled": false}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(send(api.get(&hook(&id))).await.1, created);
    api.invoke(&id).await;
    assert_eq!(api.deliveries("").await.len(), 1);
    // Only a boolean: JavaScript's truthy values are not one.
    for not_bool in [json!("true"), json!(1), json!([])] {
        assert_eq!(
            invalid(api.put_json(&hook(&id), &json!({"disabled": not_bool}))).await,
            [item("body", "disabled", errors::MUST_BE_BOOLEAN)]
        );
    }
}

#[tokio::test]
async fn signs_test_calls_with_the_webhooks_secret_and_records_them() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let secret = "whs-7d2c-s3cr3t";
    let signed = api
        .create_webhook(
            json!({"ecosystemId": ECO_A, "url": "https://example.com/signed", "secret": secret}),
        )
        .await;
    let unsigned = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "example.com/unsigned"}))
        .await;
    let empty_secret = api
        .create_webhook(json!({"ecosystemId": ECO_A2, "url": "example.com/empty", "secret": ""}))
        .await;
    for w in [&signed, &unsigned, &empty_secret] {
        api.invoke(&id_of(w)).await;
    }
    let list = api.deliveries("").await;
    assert_eq!(list.len(), 3);
    let ids: Vec<&str> = list
        .iter()
        .map(|d| d["webhook_id"].as_str().unwrap())
        .collect();
    let (s, u, e) = (id_of(&signed), id_of(&unsigned), id_of(&empty_secret));
    assert_eq!(ids, [e.as_str(), u.as_str(), s.as_str()], "newest first");

    let recorded = &list[2];
    assert_eq!(recorded["url"], "https://example.com/signed");
    let body = recorded["body"].as_str().unwrap();
    let payload: Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["webhookId"], s.as_str());
    assert_eq!(payload["ecosystemId"], ECO_A);
    assert_eq!(payload["items"][0]["type"], "test");
    let headers: Vec<(String, String)> =
        serde_json::from_value(recorded["headers"].clone()).unwrap();
    assert_eq!(
        headers,
        [
            ("content-type".to_owned(), "application/json".to_owned()),
            (
                "x-droplit-signature".to_owned(),
                droplit_signature(secret, body)
            ),
        ]
    );
    assert_ne!(droplit_signature("another", body), headers[1].1);
    // Without a secret, or with "", no signature.
    for d in &list[..2] {
        let names: Vec<&str> = d["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h[0].as_str().unwrap())
            .collect();
        assert_eq!(names, ["content-type"], "{d}");
    }
    // One delivery, by id, and one webhook's.
    let delivery_id = recorded["delivery_id"].as_str().unwrap();
    let (status, one) = send(api.get(&format!("{DELIVERIES}/{delivery_id}"))).await;
    assert_eq!((status, &one), (StatusCode::OK, recorded));
    assert_eq!(
        api.deliveries(&format!("?webhookId={s}")).await,
        std::slice::from_ref(recorded)
    );
    assert_eq!(
        text(api.get(&format!("{DELIVERIES}/nope"))).await.0,
        StatusCode::NOT_FOUND
    );

    // A new secret signs the next call; the old one no longer does. Removing it ("")
    // stops the signing; setting one on an unsigned webhook starts it.
    let (status, _) = send(api.put_json(&hook(&s), &json!({"secret": "rotated-9f"}))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(api.put_json(&hook(&u), &json!({"secret": "now-set-1a"}))).await;
    assert_eq!(status, StatusCode::OK);
    for w in [&s, &u] {
        api.invoke(w).await;
    }
    let latest = api.deliveries("").await;
    let (for_u, for_s) = (&latest[0], &latest[1]);
    let signature = |d: &Value| d["headers"][1][1].as_str().unwrap().to_owned();
    assert_eq!(
        signature(for_s),
        droplit_signature("rotated-9f", for_s["body"].as_str().unwrap())
    );
    assert_eq!(
        signature(for_u),
        droplit_signature("now-set-1a", for_u["body"].as_str().unwrap())
    );
    let (status, _) = send(api.put_json(&hook(&s), &json!({"secret": ""}))).await;
    assert_eq!(status, StatusCode::OK);
    api.invoke(&s).await;
    assert_eq!(
        api.deliveries("").await[0]["headers"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The secret is in no answer.
    for path in [
        hook(&s),
        hook(&u),
        format!("{WEBHOOKS}?ecosystemId={ECO_A}"),
    ] {
        let (_, _, body) = send_raw(api.get(&path)).await;
        for secret in [secret, "rotated-9f", "now-set-1a"] {
            assert!(!body.contains(secret), "{path}: {body}");
        }
    }
}

#[tokio::test]
async fn answers_a_url_that_would_hang_node_at_once_and_says_so() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let hanging = format!("https://hooks.example.com{}\r\n", "/a".repeat(30));
    let created = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "https://example.com"}))
        .await;
    for req in [
        api.post_json(WEBHOOKS, &json!({"ecosystemId": ECO_A, "url": hanging})),
        api.put_json(&hook(&id_of(&created)), &json!({"url": hanging})),
    ] {
        let started = Instant::now();
        let (status, headers, body) = send_raw(req).await;
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "took {took:?}");
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            v["errors"],
            json!([{"in": "body", "message": pattern_message(), "path": "url"}])
        );
        let note = headers[HANG_HEADER].to_str().unwrap();
        assert!(note.starts_with(HANG_MESSAGE_PREFIX), "{note}");
        assert!(note.contains("character 86"), "{note}");
    }
    // A URL refused at once by Node too has no such note.
    let (_, headers, _) =
        send_raw(api.post_json(WEBHOOKS, &json!({"ecosystemId": ECO_A, "url": "a.b\n"}))).await;
    assert!(headers.get(HANG_HEADER).is_none());
    assert_eq!(send(api.get(&hook(&id_of(&created)))).await.1, created);
}

#[tokio::test]
async fn writes_description_spelled_right_and_strips_the_v1_misspelling_from_requests() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    // A request copied from the v1 docs' response: the misspelled key is no field.
    let created = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "a.b", "desription": "typo"}))
        .await;
    assert!(created.get("description").is_none(), "{created}");
    assert!(created.get("desription").is_none(), "{created}");
    let id = id_of(&created);
    let (status, _) = send(api.put_json(&hook(&id), &json!({"desription": "typo"}))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(api.put_json(&hook(&id), &json!({"description": "right"}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, body) = send_raw(api.get(&hook(&id))).await;
    assert!(body.contains(r#""description":"right""#), "{body}");
    assert!(!body.contains("desription"), "{body}");
    // The console reads the sandbox's answers, and the v1 docs' spelling alike.
    let ours: Webhook = serde_json::from_str(&body).unwrap();
    let mut v1: Value = serde_json::from_str(&body).unwrap();
    let text = v1.as_object_mut().unwrap().remove("description").unwrap();
    v1["desription"] = text;
    let theirs: Webhook = serde_json::from_value(v1).unwrap();
    assert_eq!(ours, theirs);
    assert_eq!(ours.description.as_deref(), Some("right"));
}

#[tokio::test]
async fn answers_unknown_routes_and_methods_with_expresss_404_page() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    for (method, path) in [
        (Method::GET, "/api"),
        (Method::GET, "/api/nothing"),
        (Method::PATCH, "/api/webhooks/W1"),
        (Method::POST, "/api/webhooks/W1"),
        (Method::PUT, "/api/webhooks"),
        (Method::GET, "/api/webhooks/W1/invoke"),
        (Method::GET, "/api/webhooks/W1/x"),
        (Method::POST, "/sandbox/droplit/deliveries"),
        (Method::GET, "/sandbox/droplit/nothing"),
    ] {
        for req in [
            api.request(method.clone(), path),
            sb.http().request(method.clone(), sb.url(path)),
        ] {
            let (status, headers, body) = send_raw(req).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(body, errors::cannot(method.as_str(), path));
            assert_eq!(content_type(&headers), "text/html; charset=utf-8");
            assert_eq!(headers["content-security-policy"], "default-src 'none'");
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["x-webhook-sandbox"], "1");
        }
    }
    // Other APIs' paths keep their own answers.
    let (status, body) = send(api.get("/v1/nothing")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"detail": "Not Found"}));
}

#[tokio::test]
async fn allows_cors_for_droplit_and_marks_every_answer() {
    let sb = Sandbox::start(&[]).await;
    let origin = "https://console.example.net";
    let resp = sb
        .http()
        .request(Method::OPTIONS, sb.url(&hook("W1")))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PUT")
        .header(
            "Access-Control-Request-Headers",
            "content-type,authorization",
        )
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    let h = resp.headers();
    let methods = h["access-control-allow-methods"].to_str().unwrap();
    assert!(
        methods.contains("PUT") && methods.contains("DELETE"),
        "{methods}"
    );
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    let api = sb.droplit(TOKEN_A);
    for req in [
        api.get(&format!("{WEBHOOKS}?ecosystemId={ECO_A}")),
        api.post_json(WEBHOOKS, &json!({"ecosystemId": ECO_A, "url": "a.b"})),
        api.post_json(WEBHOOKS, &json!({})),
        api.get(&hook("W1")),
        api.get(DELIVERIES),
        sb.http().get(sb.url(WEBHOOKS)),
        api.get("/api/nothing"),
    ] {
        let resp = req.header("Origin", origin).send().await.unwrap();
        let status = resp.status();
        assert_eq!(resp.headers()["x-webhook-sandbox"], "1", "{status}");
        assert_eq!(resp.headers()["access-control-allow-origin"], "*");
        let exposed = resp.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            exposed.contains("x-webhook-sandbox") && exposed.contains(HANG_HEADER),
            "{exposed}"
        );
    }
}

#[tokio::test]
async fn injects_faults_in_expresss_shape_on_droplit_paths() {
    let sb = Sandbox::start(&["--allow-faults"]).await;
    let api = sb.droplit(TOKEN_A);
    let list = format!("{WEBHOOKS}?ecosystemId={ECO_A}");
    let fault = |value: &str| api.get(&list).header("X-Sandbox-Fault", value.to_owned());
    let (status, headers, body) = send_raw(fault("500")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, errors::error_page("Internal Server Error"));
    assert_eq!(content_type(&headers), "text/html; charset=utf-8");
    let (status, body) = text(fault("408")).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert!(body.contains("X-Sandbox-Fault: 408"), "{body}");
    let (status, headers, _) = send_raw(fault("429")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers["retry-after"], "1");
    let (status, _, body) = send_raw(fault("malformed")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(serde_json::from_str::<Value>(&body).is_err(), "{body}");
    let (status, body) = text(fault("teapot")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("X-Sandbox-Fault"), "{body}");
    // The console reads each as a problem on the request.
    assert_eq!(
        errors::read_error(500, &errors::error_page("Internal Server Error"))[0].message,
        "HTTP 500"
    );
    let (status, _) = send(api.get(&list)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn stores_secrets_and_tokens_encrypted() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let first = "first-s3cr3t-2b7e";
    let second = "second-s3cr3t-4c1d";
    let created = api
        .create_webhook(
            json!({"ecosystemId": ECO_A, "url": "https://example.com/sealed", "secret": first}),
        )
        .await;
    let (status, _) = send(api.put_json(&hook(&id_of(&created)), &json!({"secret": second}))).await;
    assert_eq!(status, StatusCode::OK);
    api.invoke(&id_of(&created)).await;
    let db = sb.db.clone();
    let dir = sb.stop();
    let bytes = std::fs::read(&db).unwrap();
    for secret in [first, second, TOKEN_A, TOKEN_B] {
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
async fn keeps_webhooks_deliveries_and_secrets_after_restart() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.droplit(TOKEN_A);
    let secret = "kept-s3cr3t-81aa";
    let created = api
        .create_webhook(json!({"ecosystemId": ECO_A, "url": "https://example.com/kept", "secret": secret, "description": "kept"}))
        .await;
    let id = id_of(&created);
    let (status, _) = send(api.put_json(&hook(&id), &json!({"disabled": true}))).await;
    assert_eq!(status, StatusCode::OK);
    let (_, kept) = send(api.get(&hook(&id))).await;
    let (status, _) = send(api.put_json(&hook(&id), &json!({"disabled": false}))).await;
    assert_eq!(status, StatusCode::OK);
    api.invoke(&id).await;
    let deliveries = api.deliveries("").await;
    let db = sb.db.clone();
    let dir = sb.stop();

    // The grants in another order.
    let mut args = droplit_flags();
    args.reverse();
    let args: Vec<String> = args
        .chunks(2)
        .flat_map(|pair| [pair[1].clone(), pair[0].clone()])
        .collect();
    let sb = Sandbox::start_on(&db, &args).await;
    let api = sb.droplit(TOKEN_A);
    let (status, got) = send(api.get(&hook(&id))).await;
    assert_eq!(status, StatusCode::OK);
    let mut expected = kept;
    expected["disabled"] = json!(false);
    assert_eq!(got, expected);
    assert_eq!(got, created);
    assert_eq!(api.deliveries("").await, deliveries);
    // The sealed secret still signs.
    api.invoke(&id).await;
    let latest = &api.deliveries("").await[0];
    assert_eq!(
        latest["headers"][1],
        json!([
            "x-droplit-signature",
            droplit_signature(secret, latest["body"].as_str().unwrap())
        ])
    );
    assert_eq!(
        text(sb.droplit(TOKEN_B).get(&hook(&id))).await.0,
        StatusCode::NOT_FOUND
    );
    drop(sb);
    drop(dir);
}

#[tokio::test]
async fn prints_a_demo_droplit_token_and_ecosystem_after_the_instavm_line_and_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = |sb: &Sandbox| {
        let at = |prefix: &str| {
            sb.stdout
                .iter()
                .position(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix} in {:?}", sb.stdout))
        };
        let token = at("demo Droplit token: ");
        assert_eq!(token, at("demo InstaVM API key: ") + 1, "{:?}", sb.stdout);
        assert_eq!(at("demo Droplit ecosystem: "), token + 1);
        assert_eq!(at("listening on "), token + 2);
        (
            sb.stdout[token]["demo Droplit token: ".len()..].to_owned(),
            sb.stdout[token + 1]["demo Droplit ecosystem: ".len()..].to_owned(),
        )
    };
    let sb = Sandbox::start_on(&db, &[]).await;
    let (token, eco) = demo(&sb);
    assert!(webhook_rules::droplit::validate::is_valid_id(&eco), "{eco}");
    let created = sb
        .droplit(&token)
        .create_webhook(json!({"ecosystemId": eco, "url": "https://example.com/demo"}))
        .await;
    sb.stop();
    let bytes = std::fs::read(&db).unwrap();
    assert!(
        !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
        "the demo token is sealed"
    );
    let sb = Sandbox::start_on(&db, &[]).await;
    assert_eq!(demo(&sb), (token.clone(), eco.clone()), "created once");
    let (status, list) = send(
        sb.droplit(&token)
            .get(&format!("{WEBHOOKS}?ecosystemId={eco}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!({"items": [created]}));
    sb.stop();

    // With tokens given, no Droplit demo is printed; the other demos do not depend on it.
    let sb = Sandbox::start_on(&db, &droplit_flags()).await;
    assert!(
        !sb.stdout.iter().any(|l| l.contains("Droplit")),
        "{:?}",
        sb.stdout
    );
    assert!(
        sb.stdout
            .iter()
            .any(|l| l.starts_with("demo InstaVM API key: "))
    );
    assert_eq!(
        text(
            sb.droplit(TOKEN_A)
                .get(&format!("{WEBHOOKS}?ecosystemId={ECO_B}"))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}
