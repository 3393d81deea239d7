"""SlashID's own OpenAPI file (crates/rules/openapi/slashid-webhooks.openapi.yml), for the
sandbox's tests (crates/sandbox/tests/schemathesis.rs). Two commands:

spec SOURCE TARGET STATUSES_JSON
    Writes the file schemathesis runs against: SlashID's, changed in two ways only.
    1. `TestEvent`'s `oneOf` becomes `anyOf`. The file gives it a discriminator
       (`event_name`, one schema per event), but 11 of its 16 schemas are `BaseTestEvent`
       alone, so a JSON Schema validator (which ignores discriminators) finds every such
       event valid under several of them, which `oneOf` forbids: no answer could satisfy
       it. What the discriminator means, each event against its own schema, is checked by
       `events` below.
    2. The statuses the test justifies (STATUSES_JSON: `{"401": "why", ...}`) are added to
       every operation that lacks them, with the file's error envelope
       (`APIResponseBase`), so that schemathesis fails on any other undocumented status.

events BASE_URL ORG_ID API_KEY SOURCE
    Asks the sandbox for one test event of every event name and checks each against its
    own schema in SOURCE (the discriminator's mapping; `BaseTestEvent` for a name without
    one), made strict: every property the schema declares must be there, and no other but
    `is_test_event` (the endpoint's description) and `analytics_correlation_id` (asked
    for). Prints one line per event name and `N passed, N failed`.
"""

import copy
import json
import sys
import urllib.request

import jsonschema_rs
import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def spec(source, target, statuses_json):
    doc = load(source)
    test_event = doc["components"]["schemas"]["TestEvent"]
    test_event["anyOf"] = test_event.pop("oneOf")
    statuses = json.loads(statuses_json)
    error = {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/APIResponseBase"}}
        }
    }
    for item in doc["paths"].values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for status, why in statuses.items():
                if status not in responses:
                    responses[status] = dict(description=why, **copy.deepcopy(error))
    with open(target, "w", encoding="utf-8") as f:
        json.dump(doc, f)


def resolve(doc, schema):
    """`schema` with every `$ref` and `allOf` flattened into one object schema."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return resolve(doc, doc["components"]["schemas"][name])
    if "allOf" in schema:
        merged = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = resolve(doc, part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged
    return schema


def strict(doc, schema):
    """Every declared property required, no undeclared one but the two the API adds."""
    schema = resolve(doc, schema)
    properties = {
        name: resolve(doc, prop) if "$ref" in prop else prop
        for name, prop in schema["properties"].items()
    }
    properties["is_test_event"] = {"type": "boolean", "const": True}
    properties["analytics_correlation_id"] = {"type": "string"}
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(set(schema["properties"]) | {"is_test_event"}),
        "additionalProperties": False,
    }


def events(base, org_id, api_key, source):
    doc = load(source)
    schemas = doc["components"]["schemas"]
    mapping = schemas["TestEvent"]["discriminator"]["mapping"]
    names = schemas["EventName"]["enum"]
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    got = {}
    # At most 50 events per request (the rate limit's burst).
    for start in range(0, len(names), 25):
        body = json.dumps(
            [
                {"event_name": n, "analytics_correlation_id": "corr-1"}
                for n in names[start : start + 25]
            ]
        ).encode()
        request = urllib.request.Request(
            base + "/test-events",
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "SlashID-API-Key": api_key,
                "SlashID-OrgID": org_id,
            },
        )
        with opener.open(request) as resp:
            assert resp.status == 201, resp.status
            got.update((e["event_name"], e) for e in json.load(resp)["result"])
    passed = failed = 0
    for name in names:
        ref = mapping.get(name, "#/components/schemas/BaseTestEvent")
        validator = jsonschema_rs.validator_for(
            strict(doc, {"$ref": ref}), validate_formats=True
        )
        event = got.get(name)
        errors = (
            ["missing from the answer"]
            if event is None
            else [e.message for e in validator.iter_errors(event)]
        )
        if errors:
            failed += 1
            print(f"{name}: FAILED against {ref}: {errors}")
        else:
            passed += 1
            print(f"{name}: ok against {ref.rsplit('/', 1)[1]}")
    print(f"{passed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "spec":
        spec(*args)
    elif command == "events":
        sys.exit(0 if events(*args) else 1)
    else:
        sys.exit(f"unknown command {command}")
