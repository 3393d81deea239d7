//! What the database keeps: across restarts, under concurrent writes, and encrypted.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::{ORG_A, Sandbox, send, with_orgs};

const HOOKS: &str = "/organizations/webhooks";
const JWKS: &str = "/organizations/webhooks/verification-jwks";

#[tokio::test]
async fn keeps_data_after_restart() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let hook = api
        .create_webhook(json!({
            "name": "kept",
            "target_url": "https://example.com/kept",
            "custom_headers": {"Authorization": ["Bearer kept-secret"]},
            "timeout": "7s",
        }))
        .await;
    let id = hook["id"].as_str().unwrap().to_owned();
    api.add_trigger(&id, "sync_hook", "identify_user").await;
    let (_, jwks) = send(api.get(JWKS)).await;
    let db = sb.db.clone();
    let dir = sb.stop();

    let sb = Sandbox::start_on(&db, &with_orgs(&[])).await;
    let api = sb.api(ORG_A);
    let (status, body) = send(api.get(&format!("{HOOKS}/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["result"], hook, "webhook and header values unchanged");
    let (_, body) = send(api.get(&format!("{HOOKS}/{id}/triggers"))).await;
    assert_eq!(
        body["result"],
        json!([{"trigger_type": "sync_hook", "trigger_name": "identify_user"}])
    );
    let (_, after) = send(api.get(JWKS)).await;
    assert_eq!(jwks, after, "the signing key is kept");
    drop(sb);
    drop(dir);
}

#[tokio::test]
async fn stores_custom_header_values_encrypted() {
    let sb = Sandbox::start(&[]).await;
    let secret = "s3cr3t-header-value-4f1c";
    let patched_secret = "an0ther-s3cr3t-value-9b2e";
    let api = sb.api(ORG_A);
    let hook = api
        .create_webhook(json!({
            "name": "enc",
            "target_url": "https://example.com/enc",
            "custom_headers": {"X-Api-Key": [secret]},
        }))
        .await;
    assert_eq!(
        hook["custom_headers"]["X-Api-Key"],
        json!([secret]),
        "clear to its owner"
    );
    let (status, _) = send(api.patch(
        &format!("{HOOKS}/{}", hook["id"].as_str().unwrap()),
        &json!({"custom_headers": {"X-Api-Key": [patched_secret]}}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK);
    let db = sb.db.clone();
    let dir = sb.stop();

    let bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 4096, "the database was written");
    for value in [secret, patched_secret, ORG_A.api_key] {
        assert!(
            !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
            "{value} is stored in clear"
        );
    }
    assert!(
        bytes
            .windows(b"https://example.com/enc".len())
            .any(|w| w == b"https://example.com/enc"),
        "sanity: non-secret fields are in the file"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut key = db.clone().into_os_string();
        key.push(".key");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is private");
    }
    drop(dir);
}

#[tokio::test]
async fn lets_exactly_one_of_fifty_concurrent_creates_win() {
    let sb = Sandbox::start(&[]).await;
    let api = sb.api(ORG_A);
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let api = api.clone();
            tokio::spawn(async move {
                send(api.post(
                    HOOKS,
                    &json!({"name": format!("racer {i}"), "target_url": "https://example.com/race"}),
                ))
                .await
            })
        })
        .collect();
    let mut created = 0;
    let mut conflicts = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        match status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => conflicts += 1,
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((created, conflicts), (1, 49));
    let (_, body) = send(api.get(HOOKS)).await;
    assert_eq!(body["result"].as_array().unwrap().len(), 1);
}
