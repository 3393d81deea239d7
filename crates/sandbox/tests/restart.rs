//! Nothing lost on restart: the key file is the database's or the sandbox does not start,
//! and a sandbox killed (SIGKILL) in the middle of writes keeps every change it
//! acknowledged and nothing half-written.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{INSTAVM_ENDPOINTS, ORG_A, Sandbox, USER_A, send, with_orgs};

const HOOKS: &str = "/organizations/webhooks";

fn key_of(db: &Path) -> std::path::PathBuf {
    let mut key = db.as_os_str().to_owned();
    key.push(".key");
    key.into()
}

/// Runs the sandbox on `db` and expects it to refuse to start: returns what it wrote to
/// stderr.
fn refused_start(db: &Path) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_webhook-sandbox"))
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(with_orgs(&[]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn webhook-sandbox");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the sandbox started (or hung) instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!status.success(), "it exited with {status}");
    assert!(
        !stdout.contains("listening on"),
        "it listened before refusing: {stdout}"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A sandbox with one webhook whose custom header is sealed, stopped; gives its folder
/// and database.
async fn database_with_secrets() -> (tempfile::TempDir, std::path::PathBuf) {
    let sb = Sandbox::start(&[]).await;
    sb.api(ORG_A)
        .create_webhook(json!({
            "name": "kept",
            "target_url": "https://example.com/kept",
            "custom_headers": {"Authorization": ["Bearer kept"]},
        }))
        .await;
    let db = sb.db.clone();
    (sb.stop().expect("its folder"), db)
}

#[tokio::test]
async fn refuses_to_start_when_the_key_file_is_missing_and_changes_nothing() {
    let (dir, db) = database_with_secrets().await;
    std::fs::remove_file(key_of(&db)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let stderr = refused_start(&db);
    assert!(
        stderr.contains("key file") && stderr.contains("is missing"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was changed"), "{stderr}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database is untouched"
    );
    assert!(!key_of(&db).exists(), "no new key was made");
    let names: BTreeSet<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, BTreeSet::from(["sandbox.db".to_owned()]));
}

#[tokio::test]
async fn refuses_to_start_with_another_databases_key_and_changes_nothing() {
    let (_dir, db) = database_with_secrets().await;
    let other = [0x5a_u8; 32];
    std::fs::write(key_of(&db), other).unwrap();
    let before = std::fs::read(&db).unwrap();
    let stderr = refused_start(&db);
    assert!(stderr.contains("is not the key"), "{stderr}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database is untouched"
    );
    assert_eq!(
        std::fs::read(key_of(&db)).unwrap(),
        other,
        "the key file is untouched"
    );
}

#[tokio::test]
async fn starts_again_once_the_right_key_is_restored() {
    let (_dir, db) = database_with_secrets().await;
    let key = std::fs::read(key_of(&db)).unwrap();
    std::fs::remove_file(key_of(&db)).unwrap();
    refused_start(&db);
    std::fs::write(key_of(&db), &key).unwrap();
    let sb = Sandbox::start_on(&db, &with_orgs(&[])).await;
    let (status, body) = send(sb.api(ORG_A).get(HOOKS)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["result"][0]["custom_headers"]["Authorization"],
        json!(["Bearer kept"]),
        "the sealed header value reads back"
    );
}

/// What the writer was told, and what it sent without an answer.
#[derive(Default)]
struct Ledger {
    /// SlashID webhook id → the descriptions it may have now: the last acknowledged
    /// first, then the one sent without an answer, if any.
    hooks: BTreeMap<String, Vec<String>>,
    /// InstaVM endpoint id → likewise.
    endpoints: BTreeMap<String, Vec<String>>,
    /// Names of webhooks whose create got no answer: each may exist, or not.
    unanswered_hooks: BTreeSet<String>,
    /// InstaVM endpoint URLs whose create got no answer.
    unanswered_endpoints: BTreeSet<String>,
    /// Event ids of acknowledged test events.
    events: BTreeSet<String>,
}

/// Creates and patches over HTTP until the sandbox is killed (a request fails).
async fn write_until_killed(
    api: support::Api,
    instavm: support::InstaVm,
    round: usize,
    acked: Arc<AtomicUsize>,
) -> Ledger {
    let mut ledger = Ledger::default();
    for i in 0.. {
        acked.store(i, Ordering::Relaxed);
        let name = format!("r{round}-{i}");
        let sent = api
            .post(
                HOOKS,
                &json!({"name": name, "target_url": format!("https://example.com/{name}")}),
            )
            .send()
            .await;
        let Ok(resp) = sent else {
            ledger.unanswered_hooks.insert(name);
            break;
        };
        let Ok(body) = resp.json::<Value>().await else {
            ledger.unanswered_hooks.insert(name);
            break;
        };
        let id = body["result"]["id"].as_str().expect("a created webhook");
        ledger.hooks.insert(id.to_owned(), vec![String::new()]);
        let description = format!("patched {name}");
        let patched = api
            .patch(
                &format!("{HOOKS}/{id}"),
                &json!({"description": description}),
            )
            .send()
            .await;
        let acked = match patched {
            Ok(resp) => resp.status() == StatusCode::OK && resp.bytes().await.is_ok(),
            Err(_) => false,
        };
        let states = ledger.hooks.get_mut(id).unwrap();
        if acked {
            *states = vec![description];
        } else {
            states.push(description);
            break;
        }

        let url = format!("https://example.com/{name}");
        let sent = instavm
            .post_json(
                INSTAVM_ENDPOINTS,
                &json!({"url": url, "description": "new"}),
            )
            .send()
            .await;
        let body = match sent {
            Ok(resp) => resp.json::<Value>().await.ok(),
            Err(_) => None,
        };
        let Some(body) = body else {
            ledger.unanswered_endpoints.insert(url);
            break;
        };
        let id = body["endpoint"]["id"]
            .as_str()
            .expect("an endpoint")
            .to_owned();
        let patched = instavm
            .patch_json(
                &format!("{INSTAVM_ENDPOINTS}/{id}"),
                &json!({"description": "patched"}),
            )
            .send()
            .await;
        let acked = match patched {
            Ok(resp) => resp.status() == StatusCode::OK && resp.bytes().await.is_ok(),
            Err(_) => false,
        };
        ledger.endpoints.insert(
            id,
            if acked {
                vec!["patched".to_owned()]
            } else {
                vec!["new".to_owned(), "patched".to_owned()]
            },
        );
        if !acked {
            break;
        }

        // Several rows in one transaction: 2 events to each subscribed webhook.
        let sent = api
            .post(
                "/test-events",
                &json!([{"event_name": "PersonCreated_v1", "count": 2}]),
            )
            .send()
            .await;
        let body = match sent {
            Ok(resp) if resp.status() == StatusCode::CREATED => resp.json::<Value>().await.ok(),
            Ok(resp) => panic!("test events: {}", resp.status()),
            Err(_) => None,
        };
        let Some(body) = body else { break };
        for event in body["result"].as_array().unwrap() {
            ledger
                .events
                .insert(event["event_id"].as_str().unwrap().to_owned());
        }
    }
    ledger
}

/// The `event_id` in a delivery JWT's claims.
fn event_id_of(jwt: &str) -> String {
    let claims = jwt.split('.').nth(1).expect("a JWT");
    let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(claims)
        .unwrap();
    let claims: Value = serde_json::from_slice(&claims).unwrap();
    claims["trigger_content"]["event_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every delivery of the organization, through the pages.
async fn all_deliveries(api: &support::Api) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, body) =
            send(api.get(&format!("/sandbox/deliveries?limit=100&cursor={cursor}"))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        out.extend(body["result"].as_array().unwrap().iter().cloned());
        cursor = body["meta"]["cursor_pagination"]["cursor"]
            .as_str()
            .unwrap()
            .to_owned();
        if cursor.is_empty() {
            return out;
        }
    }
}

#[tokio::test]
async fn keeps_every_acknowledged_change_and_nothing_half_written_after_sigkill() {
    const SUBSCRIBED: usize = 3;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.db");
    let flags = with_orgs(&[
        "--test-events-per-minute",
        "100000",
        "--test-events-burst",
        "100000",
    ]);
    let mut acked = Ledger::default();
    let mut unanswered_hooks = BTreeSet::new();
    let mut unanswered_endpoints = BTreeSet::new();
    for round in 0..5 {
        let sb = Sandbox::start_on(&db, &flags).await;
        let api = sb.api(ORG_A);
        if round == 0 {
            for n in 0..SUBSCRIBED {
                let hook = api
                    .create_webhook(json!({
                        "name": format!("subscribed {n}"),
                        "target_url": format!("https://example.com/subscribed-{n}"),
                    }))
                    .await;
                let id = hook["id"].as_str().unwrap();
                api.add_trigger(id, "event", "PersonCreated_v1").await;
            }
        }
        let rounds_done = Arc::new(AtomicUsize::new(0));
        let writer = tokio::spawn(write_until_killed(
            api.clone(),
            sb.instavm(USER_A),
            round,
            rounds_done.clone(),
        ));
        // A few rounds of writes in, then killed at a different moment of a round each
        // time (however fast the machine is).
        let started = Instant::now();
        while rounds_done.load(Ordering::Relaxed) < 2 && started.elapsed() < Duration::from_secs(60)
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(7 * round as u64)).await;
        drop(sb.stop());
        let ledger = writer.await.unwrap();
        assert!(
            ledger.hooks.len() > 1,
            "round {round}: the writer got answers before the kill"
        );
        acked.hooks.extend(ledger.hooks);
        acked.endpoints.extend(ledger.endpoints);
        acked.events.extend(ledger.events);
        unanswered_hooks.extend(ledger.unanswered_hooks);
        unanswered_endpoints.extend(ledger.unanswered_endpoints);
    }

    let sb = Sandbox::start_on(&db, &flags).await;
    let api = sb.api(ORG_A);
    let (status, body) = send(api.get(HOOKS)).await;
    assert_eq!(status, StatusCode::OK, "every webhook reads back: {body}");
    let listed: BTreeMap<String, Value> = body["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_owned(), h.clone()))
        .collect();
    for (id, states) in &acked.hooks {
        let hook = listed
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged webhook {id} is lost"));
        let description = hook["description"].as_str().unwrap();
        assert!(
            states.iter().any(|s| s == description),
            "webhook {id}: {description:?}, expected one of {states:?}"
        );
    }
    for (id, hook) in &listed {
        let name = hook["name"].as_str().unwrap();
        assert!(
            acked.hooks.contains_key(id)
                || unanswered_hooks.contains(name)
                || name.starts_with("subscribed"),
            "webhook {name} was never sent"
        );
    }

    let (status, body) = send(sb.instavm(USER_A).get(INSTAVM_ENDPOINTS)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let endpoints: BTreeMap<String, Value> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e.clone()))
        .collect();
    for (id, states) in &acked.endpoints {
        let endpoint = endpoints
            .get(id)
            .unwrap_or_else(|| panic!("acknowledged endpoint {id} is lost"));
        let description = endpoint["description"].as_str().unwrap();
        assert!(states.iter().any(|s| s == description), "endpoint {id}");
    }
    for (id, endpoint) in &endpoints {
        let url = endpoint["url"].as_str().unwrap();
        assert!(
            acked.endpoints.contains_key(id) || unanswered_endpoints.contains(url),
            "endpoint {url} was never sent"
        );
    }

    // Each test-events request is one transaction: an event has a delivery to every
    // subscribed webhook, or none at all.
    let mut per_event: BTreeMap<String, usize> = BTreeMap::new();
    for delivery in all_deliveries(&api).await {
        *per_event
            .entry(event_id_of(delivery["jwt"].as_str().unwrap()))
            .or_default() += 1;
    }
    for (event, count) in &per_event {
        assert_eq!(*count, SUBSCRIBED, "event {event} is half delivered");
    }
    for event in &acked.events {
        assert!(
            per_event.contains_key(event),
            "acknowledged event {event} is lost"
        );
    }
    assert!(
        !acked.events.is_empty(),
        "the writer got test events through"
    );
}
