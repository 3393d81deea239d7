//! `Cache-Control` and `X-Content-Type-Options` on every answer of the sandbox.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{INSTAVM_ENDPOINTS, ORG_A, Sandbox, TOKEN_A, USER_A, send_raw};

fn assert_private(what: &str, headers: &reqwest::header::HeaderMap) {
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "{what}"
    );
    assert_eq!(
        headers
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(headers.get_all("cache-control").iter().count(), 1, "{what}");
}

#[tokio::test]
async fn sends_no_store_and_nosniff_on_every_api_answer() {
    let sb = Sandbox::start(&["--allow-faults"]).await;
    let slashid = sb.api(ORG_A);
    let instavm = sb.instavm(USER_A);
    let droplit = sb.droplit(TOKEN_A);
    let http = sb.http();
    let requests = vec![
        ("healthz", http.get(sb.url("/healthz"))),
        ("SlashID list", slashid.get("/organizations/webhooks")),
        (
            "SlashID create",
            slashid.post(
                "/organizations/webhooks",
                &json!({"name": "h", "target_url": "https://example.com/h"}),
            ),
        ),
        (
            "SlashID 400",
            slashid.post("/organizations/webhooks", &json!({})),
        ),
        ("SlashID 401", http.get(sb.url("/organizations/webhooks"))),
        (
            "SlashID JWKS",
            slashid.get("/organizations/webhooks/verification-jwks"),
        ),
        ("SlashID deliveries", slashid.get("/sandbox/deliveries")),
        ("unknown path", http.get(sb.url("/nowhere"))),
        ("InstaVM list", instavm.get(INSTAVM_ENDPOINTS)),
        (
            "InstaVM 422",
            instavm.post_json(INSTAVM_ENDPOINTS, &json!({})),
        ),
        (
            "InstaVM 404",
            instavm.get(&format!("{INSTAVM_ENDPOINTS}/nope")),
        ),
        (
            "InstaVM 405",
            instavm.request(Method::PUT, INSTAVM_ENDPOINTS),
        ),
        (
            "Droplit 401",
            http.get(sb.url("/api/webhooks?ecosystemId=C1")),
        ),
        (
            "Droplit 404 page",
            droplit.request(Method::PATCH, "/api/webhooks"),
        ),
        (
            "Droplit deliveries",
            droplit.get("/sandbox/droplit/deliveries"),
        ),
        (
            "injected 500",
            slashid
                .get("/organizations/webhooks")
                .header("X-Sandbox-Fault", "500"),
        ),
        (
            "CORS preflight",
            http.request(Method::OPTIONS, sb.url("/organizations/webhooks"))
                .header("Origin", "https://portal.example")
                .header("Access-Control-Request-Method", "POST"),
        ),
    ];
    for (what, req) in requests {
        let (status, headers, _) = send_raw(req).await;
        assert!(status != StatusCode::INTERNAL_SERVER_ERROR || what == "injected 500");
        assert_private(what, &headers);
    }
}

#[tokio::test]
async fn lets_only_content_hashed_static_files_be_cached_for_long() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(dir.path().join("manifest.json"), "{}").unwrap();
    let hashed = "webhook-console-0123456789abcdef_bg.wasm";
    std::fs::write(dir.path().join(hashed), b"\0asm").unwrap();
    let static_dir = dir.path().to_str().unwrap();
    let sb = Sandbox::start(&["--static", static_dir]).await;
    for (path, status, cache) in [
        (
            format!("/{hashed}"),
            StatusCode::OK,
            "public, max-age=31536000, immutable",
        ),
        ("/".to_owned(), StatusCode::OK, "no-cache"),
        ("/webhooks/123".to_owned(), StatusCode::OK, "no-cache"),
        ("/manifest.json".to_owned(), StatusCode::OK, "no-cache"),
        (
            "/missing.wasm".to_owned(),
            StatusCode::NOT_FOUND,
            "no-store",
        ),
    ] {
        let (got, headers, _) = send_raw(sb.http().get(sb.url(&path))).await;
        assert_eq!(got, status, "{path}");
        assert_eq!(
            headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some(cache),
            "{path}"
        );
        assert_eq!(
            headers
                .get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{path}"
        );
    }
}
