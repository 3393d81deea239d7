"""The official InstaVM SDK (PyPI `instavm` 0.26.1) drives the sandbox's InstaVM API through
every webhook call it has, and checks a delivery the sandbox recorded with the SDK's own
`instavm.webhooks.verify`.

Run by `crates/sandbox/tests/instavm_sdk.rs` with the venv's python:

    INSTAVM_BASE_URL=http://127.0.0.1:PORT INSTAVM_API_KEY=KEY python instavm_sdk_flow.py

Prints each step; any failed check raises, and the script exits 1 with the traceback.
"""

import importlib.metadata
import os
import sys
import traceback

import requests

import instavm
from instavm import InstaVM
from instavm.exceptions import AuthenticationError
from instavm.webhooks import WebhookVerificationError

SDK_VERSION = "0.26.1"


def step(name):
    print(f"- {name}", flush=True)


def expect_http_error(call, status):
    """The SDK raises `requests.HTTPError` for a 4xx other than 401/403/429."""
    try:
        call()
    except requests.HTTPError as e:
        assert e.response.status_code == status, (e.response.status_code, e.response.text)
        return e.response.json()
    raise AssertionError(f"expected HTTP {status}")


def sandbox_get(client, path):
    """The sandbox-only paths, with the SDK's own session and auth header."""
    response = client.session.get(
        f"{client.base_url}{path}", headers={"X-API-Key": client.api_key}, timeout=30
    )
    assert response.status_code == 200, (response.status_code, response.text)
    return response.json()


def sandbox_event(client, event_type, data):
    response = client.session.post(
        f"{client.base_url}/sandbox/instavm/events",
        headers={"X-API-Key": client.api_key},
        json={"event_type": event_type, "data": data},
        timeout=30,
    )
    assert response.status_code == 200, (response.status_code, response.text)
    return response.json()


def all_deliveries(webhooks, limit, **filters):
    items, cursor, pages = [], None, 0
    while True:
        page = webhooks.list_deliveries(cursor=cursor, limit=limit, **filters)
        assert set(page) == {"items", "next_cursor"}, page
        assert len(page["items"]) <= limit, page
        items.extend(page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages
        assert len(page["items"]) == limit, "only the last page is short"


def verify_recorded(client, delivery_id, secret):
    """`instavm.webhooks.verify` on the exact request the sandbox recorded."""
    recorded = sandbox_get(client, f"/sandbox/instavm/deliveries/{delivery_id}")
    headers = {name: value for name, value in recorded["headers"]}
    return instavm.webhooks.verify(headers, recorded["body"].encode("utf-8"), secret)


def main():
    base_url = os.environ["INSTAVM_BASE_URL"]
    api_key = os.environ["INSTAVM_API_KEY"]

    step(f"instavm {importlib.metadata.version('instavm')} against {base_url}")
    assert importlib.metadata.version("instavm") == SDK_VERSION

    client = InstaVM(api_key=api_key, base_url=base_url, auto_start_session=False)
    webhooks = client.webhooks

    step("a wrong key is refused")
    stranger = InstaVM(api_key="not-a-key", base_url=base_url, auto_start_session=False)
    try:
        stranger.webhooks.list_endpoints()
        raise AssertionError("a wrong key was accepted")
    except AuthenticationError:
        pass

    step("create_endpoint")
    created = webhooks.create_endpoint(
        "https://example.com/sdk",
        description="sdk flow",
        event_patterns=["vm.*"],
        timeout_seconds=15,
        max_retries=3,
    )
    assert set(created) == {"endpoint", "secret"}, created
    first_secret = created["secret"]
    assert first_secret.startswith("whsec_"), first_secret
    endpoint = created["endpoint"]
    endpoint_id = endpoint["id"]
    assert endpoint["url"] == "https://example.com/sdk"
    assert endpoint["description"] == "sdk flow"
    assert endpoint["subscribed_event_patterns"] == ["vm.*"]
    assert (endpoint["timeout_seconds"], endpoint["max_retries"]) == (15, 3)
    assert endpoint["enabled"] is True and endpoint["status"] == "active"
    assert endpoint["signing_version"] == "v1"
    assert endpoint["secret_hint"] == "whsec_…" + first_secret[-4:]
    assert isinstance(endpoint["user_id"], int)
    failing_created = webhooks.create_endpoint("https://sdk-flow.example.invalid/hook")
    failing, failing_secret = failing_created["endpoint"], failing_created["secret"]

    step("create_endpoint with a bad body: FastAPI's 422")
    body = expect_http_error(
        lambda: webhooks.create_endpoint("https://example.com/x", timeout_seconds=1), 422
    )
    assert body["detail"][0]["loc"] == ["body", "timeout_seconds"], body
    assert body["detail"][0]["type"] == "greater_than_equal", body

    step("list_endpoints")
    listed = webhooks.list_endpoints()
    assert [e["id"] for e in listed] == [endpoint_id, failing["id"]], listed
    assert all("secret" not in e for e in listed)
    assert listed[0] == endpoint

    step("get_endpoint")
    assert webhooks.get_endpoint(endpoint_id) == endpoint
    body = expect_http_error(lambda: webhooks.get_endpoint("no-such-endpoint"), 404)
    assert body == {"detail": "Endpoint not found"}, body

    step("update_endpoint")
    updated = webhooks.update_endpoint(
        endpoint_id, description="updated", event_patterns=["vm.*", "execution.completed"]
    )
    assert updated["description"] == "updated"
    assert updated["subscribed_event_patterns"] == ["vm.*", "execution.completed"]
    assert updated["timeout_seconds"] == 15, "fields not sent are kept"
    body = expect_http_error(lambda: webhooks.update_endpoint(endpoint_id, max_retries=8), 422)
    assert body["detail"][0]["type"] == "less_than_equal", body

    step("send_test_event, and verify() with the secret create returned")
    before_rotation = webhooks.send_test_event(endpoint_id)
    assert before_rotation["status"] == "succeeded", before_rotation
    assert before_rotation["event_type"] == "webhook.test"
    event = verify_recorded(client, before_rotation["id"], first_secret)
    assert event["event_type"] == "webhook.test", event
    assert event["data"]["endpoint_id"] == endpoint_id, event

    step("rotate_secret")
    rotated = webhooks.rotate_secret(endpoint_id)
    assert set(rotated) == {"endpoint", "secret"}, rotated
    secret = rotated["secret"]
    assert secret.startswith("whsec_") and secret != first_secret
    assert rotated["endpoint"]["secret_hint"] == "whsec_…" + secret[-4:]
    assert "secret" not in webhooks.get_endpoint(endpoint_id)

    step("send_test_event, and verify() with the secret rotate returned")
    tests = [webhooks.send_test_event(endpoint_id) for _ in range(3)]
    assert all(t["status"] == "succeeded" and t["attempt_count"] == 1 for t in tests), tests
    event = verify_recorded(client, tests[-1]["id"], secret)
    assert event["event_type"] == "webhook.test"
    try:
        verify_recorded(client, tests[-1]["id"], first_secret)
        raise AssertionError("the old secret still verifies")
    except WebhookVerificationError as e:
        assert e.reason == "invalid_signature", e.reason
    failures = [webhooks.send_test_event(failing["id"]) for _ in range(2)]
    assert all(f["status"] == "failed" for f in failures), failures
    assert webhooks.get_endpoint(failing["id"])["status"] == "failing"
    answer = sandbox_event(client, "vm.started", {"vm_id": "vm-sdk"})
    assert [d["endpoint_id"] for d in answer["deliveries"]] == [endpoint_id, failing["id"]], answer
    event = verify_recorded(client, answer["deliveries"][0]["id"], secret)
    assert event == answer["event"], (event, answer["event"])

    step("list_deliveries, page by page")
    everything, _ = all_deliveries(webhooks, 100)
    ids = [d["id"] for d in everything]
    assert len(ids) == len(set(ids)) == 1 + 3 + 2 + 2, ids
    assert ids[0] == answer["deliveries"][-1]["id"], "newest first"
    paged, pages = all_deliveries(webhooks, 2)
    assert paged == everything, "no gap, no duplicate"
    assert pages == 4, pages
    failed, _ = all_deliveries(webhooks, 1, status="failed")
    assert {d["endpoint_id"] for d in failed} == {failing["id"]} and len(failed) == 3, failed
    tests_only, _ = all_deliveries(webhooks, 3, endpoint_id=endpoint_id, event_type="webhook.test")
    assert [d["id"] for d in tests_only] == [t["id"] for t in reversed(tests)] + [
        before_rotation["id"]
    ], tests_only

    step("replay_delivery")
    webhooks.update_endpoint(failing["id"], url="https://example.com/fixed")
    replay = webhooks.replay_delivery(failures[0]["id"])
    assert replay["replay_of"] == failures[0]["id"], replay
    assert replay["status"] == "succeeded" and replay["id"] != failures[0]["id"], replay
    assert webhooks.get_endpoint(failing["id"])["status"] == "active"
    event = verify_recorded(client, replay["id"], failing_secret)
    assert event == verify_recorded(client, failures[0]["id"], failing_secret), "the same event"
    body = expect_http_error(lambda: webhooks.replay_delivery("no-such-delivery"), 404)
    assert body == {"detail": "Delivery not found"}, body

    step("verify_endpoint")
    result = webhooks.verify_endpoint(endpoint_id)
    assert result["verified"] is True and result["error"] is None, result
    assert result["endpoint"]["last_verified_at"] is not None, result
    unreachable = webhooks.create_endpoint("https://nowhere.invalid/")["endpoint"]
    result = webhooks.verify_endpoint(unreachable["id"])
    assert result["verified"] is False and "nowhere.invalid" in result["error"], result

    step("delete_endpoint: disabled, still readable")
    deleted = webhooks.delete_endpoint(endpoint_id)
    assert deleted["enabled"] is False and deleted["status"] == "disabled", deleted
    assert webhooks.get_endpoint(endpoint_id)["enabled"] is False
    expect_http_error(lambda: webhooks.send_test_event(endpoint_id), 409)

    step("ok")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - any failure is the test's failure
        traceback.print_exc()
        sys.exit(1)
