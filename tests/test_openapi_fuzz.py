"""Schemathesis: requests generated from the OpenAPI document, against the real app in process.

No generated request may get a server error (5xx), and every answer must match the documented
status codes and schemas. A check key and an admin key are sent, so the handlers run, not only
the authentication. Examples per operation are few (the suite stays fast); run it wider with
``CONSENTRY_FUZZ_EXAMPLES=200 pytest tests/test_openapi_fuzz.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from consentry.service import Service, Settings, create_app  # noqa: E402
from tests.test_service import WordDetector  # noqa: E402

# Requests that match the schema may still be refused for what the schema cannot say (a prompt
# or an image is needed; base64 must decode to a supported image; a PDQ hash is 64 hex digits):
# those answers are documented 4xx, so "schema-valid data is accepted" is not checked.
SEMANTIC = [schemathesis.checks.positive_data_acceptance]
EXAMPLES = int(os.environ.get("CONSENTRY_FUZZ_EXAMPLES", "8"))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    data = Path(tmp_path_factory.mktemp("fuzz")) / "data"
    service = Service(
        Settings(database=data, reload_interval_s=0, detector_timeout_s=0, key_rate=0, user_rate=0, flag_threshold=2),
        detectors=[WordDetector()],
    ).start(background=False)
    _, token = service.store.keys.create("admin", name="fuzz")
    yield create_app(service=service), token
    service.stop()


def test_no_generated_request_gets_a_server_error_or_an_undocumented_answer(fuzzed: tuple[Any, str]) -> None:
    app, token = fuzzed
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/dashboard"):
            continue  # the dashboard's pages are covered by its own tests
        tested += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, excluded_checks=SEMANTIC)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert tested >= 25
    assert not failures, f"{len(failures)} of {tested} operations failed:\n\n" + "\n\n".join(failures)
