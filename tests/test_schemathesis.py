"""schemathesis against the server's own OpenAPI schema (/api/openapi.json),
in-process over ASGI with the real Assistant (real model, real index).

Every operation gets schema-valid and schema-breaking requests (positive and
negative generation, bounded per operation); every response must be no 5xx,
match the schema (status code, content type, body), reject what the schema
forbids, and, for an error, be ``{"error": "<a clear message>"}`` with a 4xx
code and no traceback or file path."""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from qa_bot.api import create_app

# x 7 operation/modes: under a minute on 2 cores; QA_BOT_FUZZ_EXAMPLES=1000 digs deeper.
EXAMPLES_PER_OPERATION = int(os.environ.get("QA_BOT_FUZZ_EXAMPLES", "40"))
LEAKS = re.compile(r"Traceback|File \"|/work/|/home/|/tmp/|\.py\b|site-packages")


@pytest.fixture(scope="module")
def api_schema(seed_settings, assistant, tmp_path_factory):
    server = seed_settings.replace(
        feedback_db=tmp_path_factory.mktemp("fuzz") / "feedback.sqlite3",
        rate_limit_per_minute=0,
    )
    # The Gradio mounts add nothing to the OpenAPI schema: the JSON API alone.
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(server, assistant, ui=False))
    # A schema-breaking body over max_request_bytes is refused with 413 before
    # it is read: a rejection too (schemathesis does not count it as one).
    rejection = schema.config.checks.negative_data_rejection
    rejection.expected_statuses = [*rejection.expected_statuses, "413"]
    return schema


@schemathesis.check
def errors_are_clear_json(ctx, response, case) -> bool | None:
    """A 4xx (never a 5xx) with {"error": "..."} and no traceback or path."""
    assert response.status_code < 500, f"server error {response.status_code}"
    if response.status_code < 400:
        return None
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, f"not an error object: {body!r}"
    message = body["error"]
    assert isinstance(message, str) and len(message) > 10, f"unclear message: {message!r}"
    assert not LEAKS.search(response.text), f"leaks internals: {response.text[:300]}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    errors_are_clear_json,
]
OPERATIONS = [("POST", "/api/ask"), ("POST", "/api/search"), ("POST", "/api/feedback"),
              ("GET", "/healthz")]


def test_the_schema_covers_the_api(api_schema):
    found = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert set(OPERATIONS) <= found


# schemathesis's own pytest decorator (from_fixture) trips over pytest 9, so
# each operation's strategy is driven by hypothesis directly.
@pytest.mark.slow
@pytest.mark.parametrize("method, path, mode", [
    *((m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS),
    # /healthz takes nothing, so nothing can break its schema.
    *((m, p, GenerationMode.NEGATIVE) for m, p in OPERATIONS if p != "/healthz"),
], ids=lambda v: v.value if isinstance(v, GenerationMode) else None)
def test_api_fuzz(api_schema, method, path, mode):
    operation = api_schema[path][method]

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()
