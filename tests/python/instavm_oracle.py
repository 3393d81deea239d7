"""InstaVM's request rules, decided by the real thing: a FastAPI app with the server's two
request models (../shared/seeds/004_*, the API reference), driven through FastAPI's
httpx over ASGI (`--testclient`: through FastAPI's TestClient, five times slower, same
answers). One long-running process answers every body of a test run.

stdin, one JSON object a line:
    {"model": "create" | "update", "raw_b64": <the body's bytes, base64>,
     "content_type": <the Content-Type header, or null for none>}
    or {"fnmatch": [<pattern>, <event type>]} (how the console matches event patterns)
stdout, one JSON object a line, in the same order:
    {"status": <HTTP status>, "body": <the HTTP body as text>, "errors": <list or null>}
    or {"match": <fnmatch.fnmatchcase(event type, pattern)>}

On 200 the body is the model's dump: the normalised values. "errors" is what pydantic says
of the body the console's way (see CONSOLE below), whatever FastAPI answered, so that the
cases where FastAPI fails to write its own answer (500) can be compared too; null when the
body is no JSON value (FastAPI's own json_invalid, or 400) or is valid. Everything is
written with ensure_ascii and NaN literals, so lone surrogates and non-finite floats
survive.
"""

import asyncio
import base64
import fnmatch
import json
import sys
import warnings
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

# Starlette suggests httpx2 for its TestClient; httpx is what FastAPI documents.
warnings.simplefilter("ignore")

from fastapi import FastAPI  # noqa: E402
from fastapi.encoders import jsonable_encoder  # noqa: E402
from fastapi.responses import Response  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
import httpx  # noqa: E402


class WebhookEndpointCreateRequest(BaseModel):
    url: str
    description: str | None = None
    event_patterns: list[str] | None = None
    timeout_seconds: int = Field(default=10, ge=3, le=60)
    max_retries: int = Field(default=7, ge=1, le=7)


class WebhookEndpointUpdateRequest(BaseModel):
    url: str | None = None
    description: str | None = None
    event_patterns: list[str] | None = None
    timeout_seconds: int | None = Field(default=None, ge=3, le=60)
    max_retries: int | None = Field(default=None, ge=1, le=7)
    enabled: bool | None = None


# CONSOLE: the one place where the console decides differently from pydantic. A `str` with
# a lone surrogate passes pydantic, and then the server fails writing it back (500); the
# console refuses it with the error pydantic gives where it needs such text as Rust text.
def _no_lone_surrogates(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "string_unicode",
            "Input should be a valid string, unable to parse raw data as a unicode string",
        ) from None
    return text


Text = Annotated[str, AfterValidator(_no_lone_surrogates)]


class ConsoleCreate(BaseModel):
    url: Text
    description: Text | None = None
    event_patterns: list[Text] | None = None
    timeout_seconds: int = Field(default=10, ge=3, le=60)
    max_retries: int = Field(default=7, ge=1, le=7)


class ConsoleUpdate(BaseModel):
    url: Text | None = None
    description: Text | None = None
    event_patterns: list[Text] | None = None
    timeout_seconds: int | None = Field(default=None, ge=3, le=60)
    max_retries: int | None = Field(default=None, ge=1, le=7)
    enabled: bool | None = None


def dump(model: BaseModel) -> Response:
    return Response(json.dumps(model.model_dump(), ensure_ascii=True), media_type="application/json")


app = FastAPI()


@app.post("/v1/webhooks/endpoints")
async def create(body: WebhookEndpointCreateRequest) -> Response:
    return dump(body)


@app.patch("/v1/webhooks/endpoints/{endpoint_id}")
async def update(endpoint_id: str, body: WebhookEndpointUpdateRequest) -> Response:
    return dump(body)


MODELS = {
    "create": ("POST", "/v1/webhooks/endpoints", TypeAdapter(ConsoleCreate)),
    "update": ("PATCH", "/v1/webhooks/endpoints/ep_1", TypeAdapter(ConsoleUpdate)),
}


def is_json(content_type):
    """FastAPI's own test (fastapi/routing.py), so that the errors below see what it sees."""
    import email.message

    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def console_errors(adapter, content_type, raw: bytes):
    """pydantic's errors the console's way, located as FastAPI locates them, or None."""
    if not raw:
        return None
    if is_json(content_type):
        try:
            value = json.loads(raw)
        except Exception:
            return None
    else:
        # FastAPI hands pydantic the bytes; the console writes them back decoded.
        value = raw.decode("utf-8", "replace")
    try:
        adapter.validate_python(value, from_attributes=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            error["loc"] = ("body", *error["loc"])
        return jsonable_encoder(errors)
    return None


def main() -> None:
    if sys.argv[1:] == ["--testclient"]:
        # FastAPI's TestClient: the same app through a thread portal, about 3 ms a body.
        with TestClient(app, raise_server_exceptions=False) as client:
            for case in read_cases(sys.stdin):
                if not answer_fnmatch(sys.stdout, case):
                    write_answer(sys.stdout, case, client.request(**request_of(case)))
    else:
        # The same app, requests and responses through httpx's ASGI transport on one event
        # loop: no thread hop per request, about 0.6 ms a body.
        asyncio.run(answer_async(sys.stdin, sys.stdout))
    sys.stdout.flush()


async def answer_async(lines, out) -> None:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for case in read_cases(lines):
            if not answer_fnmatch(out, case):
                write_answer(out, case, await client.request(**request_of(case)))


def answer_fnmatch(out, case) -> bool:
    if "fnmatch" not in case:
        return False
    pattern, name = case["fnmatch"]
    out.write(json.dumps({"match": fnmatch.fnmatchcase(name, pattern)}) + "\n")
    return True


def read_cases(lines):
    for line in lines:
        if line.strip():
            yield json.loads(line)


def request_of(case) -> dict:
    method, path, _ = MODELS[case["model"]]
    content_type = case.get("content_type")
    return {
        "method": method,
        "url": path,
        "content": base64.b64decode(case["raw_b64"]),
        "headers": {} if content_type is None else {"content-type": content_type},
    }


def write_answer(out, case, response) -> None:
    _, _, adapter = MODELS[case["model"]]
    answer = {
        "status": response.status_code,
        "body": response.content.decode("utf-8", "surrogateescape"),
        "errors": console_errors(
            adapter, case.get("content_type"), base64.b64decode(case["raw_b64"])
        ),
    }
    out.write(json.dumps(answer, ensure_ascii=True, allow_nan=True) + "\n")


if __name__ == "__main__":
    main()
