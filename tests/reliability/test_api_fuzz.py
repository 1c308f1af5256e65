"""Schemathesis against our own OpenAPI schema: whatever a partner system sends, no 5xx.

Every operation of the served schema is exercised with generated input (schemathesis'
positive mode: valid per the schema; negative mode: violating it)
through the Django test client, authenticated with a valid organisation token, once with the
generated path identifiers and once with the identifier of a real share of the partner. The
examples are derandomised (same cases on every run) and bounded so the test stays quick;
raise ``MAX_EXAMPLES`` locally to search wider.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from schakel.accounts.models import Organisation
from schakel.routing import services as routing
from schakel.routing.models import LegalBasis
from schakel.signals.api import api_client_create
from schakel.signals.workflow import transition
from tests.conftest import make_signal

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 20
BOUNDARY = "SchakelFuzzBoundary"


def _send(client: Client, case: schemathesis.Case, token: str, uuid: str | None) -> Any:
    if uuid is not None and "uuid" in (case.path_parameters or {}):
        case.path_parameters["uuid"] = uuid
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    parts = urlsplit(kwargs["url"])
    headers = {k: v for k, v in (kwargs.get("headers") or {}).items() if k.lower() not in ("content-type",)}
    headers["Authorization"] = f"Token {token}"
    content_type = (kwargs.get("headers") or {}).get("Content-Type", "application/octet-stream")
    path = parts.path + (f"?{urlencode(kwargs['params'], doseq=True)}" if kwargs.get("params") else "")
    method = kwargs["method"].lower()
    if "json" in kwargs:
        body: bytes | str = json.dumps(kwargs["json"])
        content_type = "application/json"
    elif "files" in kwargs or content_type.startswith("multipart/"):
        raw = kwargs.get("data")
        if isinstance(raw, dict | None):
            data = dict(raw or {})
            for name, value in (kwargs.get("files") or {}).items() if isinstance(kwargs.get("files"), dict) else []:
                data[name] = value
            body = encode_multipart(BOUNDARY, {str(k): v for k, v in data.items()})
            content_type = MULTIPART_CONTENT.replace("BoUnDaRyStRiNg", BOUNDARY)
        else:
            # A negative case that is no form at all (a list, a string): sent as it is, under the
            # declared type without a boundary, which the API must refuse with a 4xx.
            body = raw if isinstance(raw, str | bytes) else json.dumps(raw)
    elif isinstance(kwargs.get("data"), dict):
        body = urlencode({str(k): v for k, v in kwargs["data"].items()}, doseq=True)
    elif kwargs.get("data") is not None:
        body = kwargs["data"]
    else:
        body = ""
    extra = {f"HTTP_{name.upper().replace('-', '_')}": str(value) for name, value in headers.items()}
    if method == "get":
        return client.get(path, **extra)
    return getattr(client, method)(path, body, content_type=content_type, **extra)


def test_no_generated_request_causes_a_server_error(chain_director: Any) -> None:
    police = Organisation.objects.get(short_name="Politie")
    token = api_client_create(organisation=police, name="fuzz")[1]
    signal = make_signal(chain_director)
    transition(actor=chain_director, signal=signal, to_status="triage")
    transition(actor=chain_director, signal=signal, to_status="verification")
    share = routing.share_create(
        actor=chain_director, signal=signal, partner=police, purpose="fuzz",
        legal_basis=LegalBasis.objects.get(code="aangifte-melding-politie"), parts=["narrative", "location"],
    )  # fmt: skip
    client = Client()
    raw = client.get("/api/v1/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token}")
    assert raw.status_code == 200
    schema = schemathesis.openapi.from_dict(json.loads(raw.content))
    failures: list[str] = []
    operations = 0
    for result, mode in [(r, m) for r in schema.get_all_operations() for m in GenerationMode]:
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            for uuid in (None, str(share.uuid)):
                response = _send(client, case, token, uuid)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        exercise()
    assert operations >= 12  # six operations, valid and invalid input each
    assert failures == []
