"""Notice-and-removal through the HTTP API: the public request, its checks and limits, the copy
search over logged images, the moderators' decisions, the signed webhook, the record."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("pdqhash")

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from consentry.errors import InputError
from consentry.image.hashes import HashMatchDetector
from consentry.service import Service, Settings, create_app
from consentry.service.notifications import DeliveryError, Outbox, sign, verify_signature
from consentry.service.takedowns import KNOWN_NCII_LIST, TakedownDesk, parse_content_refs, to_csv
from consentry.store.takedowns import NewSighting, TakedownRepository
from tests.takedown_support import made_image, transformed
from tests.test_service import WordDetector

SECRET = "test-secret-123"


class Recorder:
    """A notifier that keeps what it was sent (and fails the first ``fail`` times)."""

    name = "recorder"

    def __init__(self, fail: int = 0) -> None:
        self.sent: list[tuple[str, str, bytes]] = []
        self.fail = fail

    def send(self, event: str, delivery_id: str, body: bytes) -> None:
        if self.fail > 0:
            self.fail -= 1
            raise DeliveryError("the receiver answered HTTP 503")
        self.sent.append((event, delivery_id, body))


class Harness:
    def __init__(self, tmp_path: Path, *, keep_images: bool = False, **options: Any) -> None:
        config = {
            "site_name": "Example Gallery",
            "webhook_url": "http://127.0.0.1:9/site-hook",
            "webhook_secret": SECRET,
            "notify_webhook_url": "http://127.0.0.1:9/notify-hook",
            "address_per_hour": 1000,
            "email_per_day": 1000,
            **options,
        }
        path = tmp_path / "takedown.yaml"
        path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
        settings = Settings(
            database=tmp_path / "data",
            reload_interval_s=0,
            detector_timeout_s=0,
            bootstrap_admin_key=False,
            takedown_config=str(path),
            keep_images=keep_images,
        )
        self.service = Service(settings, detectors=[WordDetector(), HashMatchDetector()]).start(background=False)
        self.app = create_app(service=self.service)
        self.client = TestClient(self.app)
        self.desk: TakedownDesk = self.app.state.takedowns
        self.desk.outbox.stop()  # the tests deliver by hand
        self.site = Recorder()
        self.requester = Recorder()
        self.desk.outbox.notifiers = {"site": [self.site], "requester": [self.requester]}
        _, self.check_token = self.service.store.keys.create("check", name="site")
        _, self.review_token = self.service.store.keys.create("review", name="Moderator Bo")
        _, self.admin_token = self.service.store.keys.create("admin", name="admin")

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def check(self, image: bytes, *, item_ref: str | None = None, user: str = "u-9") -> dict[str, Any]:
        body: dict[str, Any] = {
            "prompt": "a landscape",
            "user_id": user,
            "output_images": [{"data": base64.b64encode(image).decode()}],
        }
        if item_ref is not None:
            body["item_ref"] = item_ref
        response = self.client.post("/v1/check", json=body, headers=self.auth(self.check_token))
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def submit(self, images: list[bytes] = (), **fields: str) -> Any:  # type: ignore[assignment]
        form = {
            "full_name": "Rowan Example",
            "contact_email": "rowan@example.org",
            "signature": "Rowan Example",
            "good_faith": "true",
            "relationship": "self",
            **fields,
        }
        files = [("images", (f"copy{i}.jpg", data, "image/jpeg")) for i, data in enumerate(images)]
        return self.client.post("/v1/takedowns", data=form, files=files or None)


@pytest.fixture
def h(tmp_path: Path) -> Iterator[Harness]:
    harness = Harness(tmp_path)
    yield harness
    harness.service.stop()


# --- the public request ----------------------------------------------------------------------


def test_the_form_is_public_and_posts_to_the_api(h: Harness) -> None:
    page = h.client.get("/takedown")
    assert page.status_code == 200
    for name in ("images", "content_refs", "full_name", "contact_email", "signature", "good_faith", "relationship"):
        assert f'name="{name}"' in page.text
    assert 'action="/v1/takedowns"' in page.text and "Example Gallery" in page.text


def test_a_request_answers_201_with_its_id_and_a_deadline_48_hours_on(h: Harness) -> None:
    before = time.time()
    response = h.submit([made_image(1)])
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "status", "received_at", "deadline"}
    assert body["status"] == "received" and before <= body["received_at"] <= time.time()
    assert body["deadline"] - body["received_at"] == pytest.approx(48 * 3600)


def test_the_deadline_is_configurable(tmp_path: Path) -> None:
    harness = Harness(tmp_path, deadline_hours=24)
    try:
        body = harness.submit(content_refs="item-1").json()
        assert body["deadline"] - body["received_at"] == pytest.approx(24 * 3600)
    finally:
        harness.service.stop()


def test_a_browser_gets_the_confirmation_page_with_the_deadline(h: Harness) -> None:
    response = h.client.post(
        "/v1/takedowns",
        data={
            "full_name": "Rowan Example",
            "contact_email": "rowan@example.org",
            "signature": "Rowan Example",
            "good_faith": "true",
            "relationship": "representative",
            "content_refs": "https://gallery.example/i/42\n",
        },
        headers={"Accept": "text/html,application/xhtml+xml"},
    )
    assert response.status_code == 201
    assert "We received your request" in response.text
    takedown_id = response.text.split('data-testid="takedown-id">')[1].split("<")[0]
    deadline = response.text.split('data-testid="takedown-deadline">')[1].split("<")[0]
    assert takedown_id.startswith("td_") and deadline.endswith("UTC")


def test_uploads_are_reduced_to_hashes_and_never_stored(h: Harness) -> None:
    image = made_image(2)
    takedown_id = h.submit([image]).json()["id"]
    takedown = h.desk.get(takedown_id)
    assert takedown is not None and len(takedown.images) == 1
    assert len(takedown.images[0].variants) == 14 and takedown.images[0].pdq_hex == takedown.images[0].variants[0]
    with h.service.store.engine.connect() as connection:
        for table in ("takedowns", "takedown_hashes", "takedown_events", "webhook_deliveries", "decision_images"):
            from sqlalchemy import text

            for row in connection.execute(text(f"SELECT * FROM {table}")):
                assert not any(isinstance(v, bytes) and image[:64] in v for v in row)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "   "}, "full_name"),
        ({"contact_email": ""}, "contact_email"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"contact_email": "a@b"}, "contact_email"),
        ({"signature": ""}, "signature"),
        ({"good_faith": ""}, "good_faith"),
        ({"good_faith": "false"}, "good_faith"),
        ({"relationship": ""}, "relationship"),
        ({"relationship": "neighbour"}, "relationship"),
        ({"full_name": "x" * 301}, "full_name"),
        ({"details": "x" * 5001}, "details"),
    ],
)
def test_a_missing_or_wrong_field_is_a_400_naming_it(h: Harness, change: dict[str, str], field: str) -> None:
    response = h.submit(content_refs="item-7", **change)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == field


def test_nothing_identified_is_a_400_on_images(h: Harness) -> None:
    response = h.submit()
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "images"


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"%PDF-1.4 not an image at all", 415),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, 415),  # a PNG signature and nothing readable
        (b"GIF89a" + b"\x00" * 3, 415),
    ],
)
def test_a_file_that_is_not_an_image_is_a_415(h: Harness, payload: bytes, status: int) -> None:
    response = h.submit([payload])
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == "images"


def test_an_oversize_upload_is_a_413(tmp_path: Path) -> None:
    harness = Harness(tmp_path, max_image_bytes=50_000)
    try:
        response = harness.submit([made_image(3, size=(900, 700))])
        assert response.status_code == 413
        assert "limit" in response.json()["error"]["message"]
    finally:
        harness.service.stop()


def test_too_many_files_or_items_is_a_400(tmp_path: Path) -> None:
    harness = Harness(tmp_path, max_images=2, max_content_refs=3)
    try:
        assert harness.submit([made_image(i) for i in range(3)]).json()["error"]["field"] == "images"
        refs = "\n".join(f"item-{i}" for i in range(4))
        assert harness.submit(content_refs=refs).json()["error"]["field"] == "content_refs"
    finally:
        harness.service.stop()


def test_rate_limits_per_email_and_per_address(tmp_path: Path) -> None:
    harness = Harness(tmp_path, email_per_day=2, address_per_hour=4)
    try:
        assert harness.submit(content_refs="a").status_code == 201
        assert harness.submit(content_refs="b").status_code == 201
        third = harness.submit(content_refs="c")
        assert third.status_code == 429 and "email address" in third.json()["error"]["message"]
        assert int(third.headers["Retry-After"]) > 0
        assert harness.submit(content_refs="d", contact_email="other@example.org").status_code == 201
        address = harness.submit(content_refs="e", contact_email="third@example.org")
        assert address.status_code == 429 and "address" in address.json()["error"]["message"]
    finally:
        harness.service.stop()


def test_a_failed_form_does_not_use_up_the_limit(tmp_path: Path) -> None:
    harness = Harness(tmp_path, email_per_day=1)
    try:
        assert harness.submit(content_refs="a", good_faith="").status_code == 400
        assert harness.submit(content_refs="a").status_code == 201
    finally:
        harness.service.stop()


def test_the_captcha_hook_is_asked(tmp_path: Path) -> None:
    harness = Harness(tmp_path, captcha="tests.test_takedowns:captcha_accepts_only_ok")
    try:
        refused = harness.submit(content_refs="a", captcha_token="bot")
        assert refused.status_code == 400 and refused.json()["error"]["field"] == "captcha"
        assert harness.submit(content_refs="a", captcha_token="ok").status_code == 201
    finally:
        harness.service.stop()


def captcha_accepts_only_ok(token: str, client: str) -> bool:
    return token == "ok"


# --- visible only to moderators ----------------------------------------------------------------


def test_requests_are_visible_only_with_a_review_or_admin_key(h: Harness) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    for path in ("/v1/takedowns", f"/v1/takedowns/{takedown_id}", "/v1/takedowns/export", "/v1/takedowns/report"):
        assert h.client.get(path).status_code == 401
        assert h.client.get(path, headers=h.auth(h.check_token)).status_code == 403
        assert h.client.get(path, headers=h.auth(h.review_token)).status_code == 200
        assert h.client.get(path, headers=h.auth(h.admin_token)).status_code == 200
    post = h.client.post(f"/v1/takedowns/{takedown_id}/accept", headers=h.auth(h.check_token))
    assert post.status_code == 403
    assert h.client.get("/v1/decisions", headers=h.auth(h.review_token)).status_code == 403


# --- sightings and the copy search -------------------------------------------------------------


def test_a_checked_image_is_logged_with_its_item_ref_and_user_and_found_by_a_resized_copy(h: Harness) -> None:
    original = made_image(10)
    h.check(original, item_ref="gallery/item-10", user="u-10")
    h.check(made_image(11), item_ref="gallery/item-11", user="u-11")  # an unrelated image
    copy = transformed(original, "resize")
    takedown_id = h.submit([copy]).json()["id"]
    found = h.client.get(f"/v1/takedowns/{takedown_id}", headers=h.auth(h.review_token)).json()
    refs = {m["item_ref"]: m for m in found["matches"]}
    assert set(refs) == {"gallery/item-10"}
    assert refs["gallery/item-10"]["user_id"] == "u-10" and refs["gallery/item-10"]["via"] == "pdq"


@pytest.mark.parametrize("how", ["same", "jpeg50", "mirror", "crop10", "colour"])
def test_copies_are_found_however_they_were_changed(h: Harness, how: str) -> None:
    original = made_image(20)
    h.check(transformed(original, how), item_ref=f"item-{how}")
    takedown = h.desk.get(h.submit([original]).json()["id"])
    assert takedown is not None
    assert [m.item_ref for m in takedown.matches] == [f"item-{how}"]
    assert takedown.matches[0].via == ("sha256" if how == "same" else "pdq")


@pytest.mark.parametrize("how", ["crop10", "resize", "jpeg50"])
def test_a_requester_who_uploads_a_changed_copy_finds_the_logged_original(h: Harness, how: str) -> None:
    original = made_image(25)
    h.check(original, item_ref="item-original")
    h.check(made_image(26), item_ref="item-other")
    takedown = h.desk.get(h.submit([transformed(original, how)]).json()["id"])
    assert takedown is not None
    assert [m.item_ref for m in takedown.matches] == ["item-original"]


def test_a_named_item_is_matched_and_so_are_copies_of_it(h: Harness) -> None:
    original = made_image(30)
    h.check(original, item_ref="item-30")
    h.check(transformed(original, "jpeg50"), item_ref="item-30-repost")
    takedown = h.desk.get(h.submit(content_refs="item-30\nitem-never-seen").json()["id"])
    assert takedown is not None
    assert {(m.item_ref, m.via) for m in takedown.matches} == {
        ("item-30", "content_ref"),
        ("item-30-repost", "pdq"),
        ("item-never-seen", "content_ref"),
    }


def test_the_copy_index_finds_sightings_added_after_it_was_built(h: Harness) -> None:
    repository = TakedownRepository(h.service.store.engine)
    base = "0f" * 32
    repository.add_sightings([NewSighting("a" * 64, base, 90, item_ref="first")])
    assert h.desk.copies.sync() == 1
    near = "0e" + "0f" * 31  # one bit away
    repository.add_sightings([NewSighting("b" * 64, near, 90, item_ref="second")])
    h.desk.copies.sync()
    found = h.desk.copies.search([base], radius=4)
    assert sorted(found.values()) == [0, 1]


# --- decisions -----------------------------------------------------------------------------------


def test_accept_lists_the_hashes_sends_the_signed_items_and_denies_the_next_check(h: Harness) -> None:
    original = made_image(40)
    h.check(original, item_ref="item-40", user="u-40")
    takedown_id = h.submit([transformed(original, "resize")]).json()["id"]
    accepted = h.client.post(
        f"/v1/takedowns/{takedown_id}/accept", json={"reason": "clear case"}, headers=h.auth(h.review_token)
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["decided_by"] == "Moderator Bo"
    assert h.service.store.gallery.count_hashes(KNOWN_NCII_LIST) >= 14
    assert h.desk.outbox.deliver_due() == 3  # received + accepted to the requester, the items to the site
    [(event, delivery_id, body)] = h.site.sent
    assert event == "takedown.accepted" and delivery_id.startswith("wh_")
    payload = json.loads(body)
    assert [i["item_ref"] for i in payload["items"]] == ["item-40"] and payload["takedown_id"] == takedown_id
    assert verify_signature(SECRET, body, sign(SECRET, body)) and not verify_signature(
        "other", body, sign(SECRET, body)
    )
    assert {json.loads(b)["event"] for _, _, b in h.requester.sent} == {"takedown.received", "takedown.accepted"}
    for image in (original, transformed(original, "mirror"), transformed(original, "jpeg50")):
        assert h.check(image)["verdict"] == "deny"
        assert h.check(image)["rule_ids"] == ["deny-known-ncii"]
    assert h.check(made_image(41))["verdict"] == "allow"
    record = h.desk.get(takedown_id)
    assert record is not None and record.removed_at is not None
    actions = [e.action for e in record.events]
    assert actions[0] == "received" and "accepted" in actions and "notification_delivered" in actions
    assert all(e.actor for e in record.events)


def test_reject_needs_a_reason_and_a_decided_request_cannot_be_decided_again(h: Harness) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    url = f"/v1/takedowns/{takedown_id}"
    no_reason = h.client.post(url + "/reject", json={"reason": " "}, headers=h.auth(h.review_token))
    assert no_reason.status_code == 400 and no_reason.json()["error"]["field"] == "reason"
    done = h.client.post(url + "/reject", json={"reason": "not on this site"}, headers=h.auth(h.review_token))
    assert done.status_code == 200 and done.json()["reason"] == "not on this site"
    again = h.client.post(url + "/accept", headers=h.auth(h.review_token))
    assert again.status_code == 409 and "already rejected" in again.json()["error"]["message"]
    assert h.client.post("/v1/takedowns/td_nope/accept", headers=h.auth(h.review_token)).status_code == 404


@pytest.mark.parametrize(
    ("action", "reason", "status"),
    [
        ("accept", "", "accepted"),
        ("reject", "the image is not of the requester", "rejected"),
        ("info", "which gallery item?", "info_requested"),
    ],
)
def test_the_desk_decides_by_the_action_name_the_api_and_dashboard_send(
    h: Harness, action: str, reason: str, status: str
) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    decided = h.desk.decide(takedown_id, action, actor="mod", reason=reason)
    assert decided is not None and decided.status == status
    assert h.desk.decide("td_nope", action, actor="mod", reason="x") is None


@pytest.mark.parametrize("action", ["withdraw", "Accept", ""])
def test_the_desk_refuses_an_unknown_action_by_name(h: Harness, action: str) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    with pytest.raises(InputError, match="no action") as refused:
        h.desk.decide(takedown_id, action, actor="mod", reason="x")
    assert refused.value.code == "not_found"
    assert h.desk.get(takedown_id).status == "received"  # type: ignore[union-attr]


def test_asking_for_information_keeps_the_request_open(h: Harness) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    asked = h.client.post(
        f"/v1/takedowns/{takedown_id}/info", json={"reason": "which item?"}, headers=h.auth(h.review_token)
    )
    assert asked.json()["status"] == "info_requested"
    listed = h.client.get("/v1/takedowns?status=info_requested", headers=h.auth(h.review_token)).json()
    assert [t["id"] for t in listed["items"]] == [takedown_id]
    h.desk.outbox.deliver_due()
    assert json.loads(h.requester.sent[-1][2])["reason"] == "which item?"


def test_accept_without_a_site_webhook_is_refused(tmp_path: Path) -> None:
    harness = Harness(tmp_path, webhook_url=None)
    try:
        takedown_id = harness.submit(content_refs="a").json()["id"]
        refused = harness.client.post(f"/v1/takedowns/{takedown_id}/accept", headers=harness.auth(harness.review_token))
        assert refused.status_code == 400 and "webhook_url" in refused.json()["error"]["message"]
        assert harness.desk.get(takedown_id).status == "received"  # type: ignore[union-attr]
    finally:
        harness.service.stop()


def test_with_consent_the_name_and_face_are_enrolled_on_accept(h: Harness) -> None:
    vector = [0.1] * 8

    def embed(photos: Any) -> Any:
        import numpy as np

        return [("test-face@1", np.asarray(vector, dtype=np.float32))], []

    h.desk.embedder = embed
    takedown_id = h.submit([made_image(50)], face_consent="true", full_name="Rowan Q. Example").json()["id"]
    h.client.post(f"/v1/takedowns/{takedown_id}/accept", headers=h.auth(h.review_token))
    identity = h.service.store.gallery.get_identity(f"takedown-{takedown_id}")
    assert identity is not None and identity.name == "Rowan Q. Example"
    assert len(h.service.store.gallery.embeddings("test-face@1")) == 1
    without = h.submit([made_image(51)]).json()["id"]
    h.client.post(f"/v1/takedowns/{without}/accept", headers=h.auth(h.review_token))
    assert h.service.store.gallery.get_identity(f"takedown-{without}") is None


# --- the record, exports, retention -------------------------------------------------------------


def test_export_lists_the_items_of_accepted_requests_as_csv_and_json(h: Harness) -> None:
    original = made_image(60)
    h.check(original, item_ref="=HYPERLINK(evil)", user="u-60")
    takedown_id = h.submit([original]).json()["id"]
    h.submit(content_refs="open-one")
    h.client.post(f"/v1/takedowns/{takedown_id}/accept", headers=h.auth(h.review_token))
    as_json = h.client.get("/v1/takedowns/export?format=json", headers=h.auth(h.review_token)).json()
    assert [(r["takedown_id"], r["item_ref"]) for r in as_json["items"]] == [(takedown_id, "=HYPERLINK(evil)")]
    as_csv = h.client.get("/v1/takedowns/export", headers=h.auth(h.review_token)).text
    assert as_csv.splitlines()[0].startswith("takedown_id,accepted_at,item_ref")
    assert "'=HYPERLINK(evil)" in as_csv  # not a formula in a spreadsheet


def test_the_report_counts_and_times_the_requests(h: Harness) -> None:
    first = h.submit(content_refs="a").json()["id"]
    second = h.submit(content_refs="b").json()["id"]
    h.submit(content_refs="c")
    h.client.post(f"/v1/takedowns/{first}/accept", headers=h.auth(h.review_token))
    h.client.post(f"/v1/takedowns/{second}/reject", json={"reason": "no"}, headers=h.auth(h.review_token))
    report = h.client.get("/v1/takedowns/report", headers=h.auth(h.review_token)).json()
    assert (report["received"], report["accepted"], report["rejected"], report["open"]) == (3, 1, 1, 1)
    assert report["overdue"] == 0 and 0 <= report["max_hours_to_removal"] < 0.1
    csv_text = h.client.get("/v1/takedowns/report?format=csv", headers=h.auth(h.review_token)).text
    assert csv_text.splitlines()[1].split(",")[2:6] == ["3", "1", "1", "1"]


def test_an_open_request_past_its_deadline_is_overdue(h: Harness) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    h.desk.clock = lambda: time.time() + 49 * 3600
    assert h.desk.report(0, time.time() + 10).overdue == 1
    takedown = h.desk.get(takedown_id)
    assert takedown is not None and takedown.overdue(time.time() + 49 * 3600)
    assert not takedown.overdue(time.time())


def test_retention_clears_the_requesters_details_and_keeps_the_record(h: Harness) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    h.client.post(f"/v1/takedowns/{takedown_id}/reject", json={"reason": "no"}, headers=h.auth(h.review_token))
    repository = h.desk.repository
    assert repository.purge_requesters(decided_before=time.time() - 3600) == 0  # decided just now
    assert repository.purge_requesters(decided_before=time.time() + 1) == 1
    takedown = repository.get(takedown_id)
    assert takedown is not None
    assert (takedown.full_name, takedown.contact_email, takedown.signature) == (None, None, None)
    assert takedown.status == "rejected" and takedown.events[-1].action == "requester_data_purged"
    assert repository.purge_requesters(decided_before=time.time() + 1) == 0


# --- notifications -------------------------------------------------------------------------------


def test_a_failed_delivery_is_retried_then_given_up(h: Harness) -> None:
    now = [1000.0]
    flaky = Recorder(fail=2)
    outbox = Outbox(h.desk.repository, {"site": [flaky]}, waits_s=(5.0, 10.0), clock=lambda: now[0])
    h.desk.repository.enqueue_delivery(event="takedown.accepted", channel="site", payload="{}", takedown_id=None)
    now[0] = time.time()
    assert outbox.deliver_due() == 0  # first failure: retried in 5 s
    assert outbox.deliver_due() == 0  # not due yet
    now[0] += 6
    assert outbox.deliver_due() == 0  # second failure: retried in 10 s
    now[0] += 11
    assert outbox.deliver_due() == 1 and len(flaky.sent) == 1
    dead = Recorder(fail=99)
    outbox = Outbox(h.desk.repository, {"site": [dead]}, waits_s=(1.0,), clock=lambda: now[0])
    delivery = h.desk.repository.enqueue_delivery(event="x", channel="site", payload="{}", takedown_id=None)
    now[0] += 1
    outbox.deliver_due()
    now[0] += 2
    outbox.deliver_due()
    assert h.desk.repository.due_deliveries(now[0] + 10_000) == []
    with h.service.store.engine.connect() as connection:
        from sqlalchemy import text

        row = connection.execute(
            text("SELECT attempts, given_up_at, last_error FROM webhook_deliveries WHERE id = :i"), {"i": delivery}
        ).one()
    assert row[0] == 2 and row[1] is not None and "503" in row[2]


def test_the_signature_is_hmac_sha256_of_the_exact_body() -> None:
    import hashlib
    import hmac

    body = b'{"event":"takedown.accepted"}'
    assert sign("k", body) == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert not verify_signature("k", body + b" ", sign("k", body))
    assert not verify_signature("k", body, None)


def test_csv_cells_that_look_like_formulas_are_defused() -> None:
    text = to_csv([{"a": "=1+1", "b": "+x", "c": "plain"}], ["a", "b", "c"])
    assert text.splitlines()[1] == "'=1+1,'+x,plain"


# --- the parsers of the form -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("", ()),
        ("item-1", ("item-1",)),
        ("  item-1  \r\n\n item-2\n", ("item-1", "item-2")),
        ("a\na\nb\na", ("a", "b")),
        ("https://gallery.example/i/1?x=2\n\t\n", ("https://gallery.example/i/1?x=2",)),
    ],
)
def test_content_refs_are_one_per_line_trimmed_and_unique(text: str, refs: tuple[str, ...]) -> None:
    assert parse_content_refs(text, 100) == refs


@given(st.text(max_size=400))
def test_parsing_content_refs_never_fails_otherwise_and_is_stable(text: str) -> None:
    try:
        refs = parse_content_refs(text, 20)
    except InputError as exc:
        assert exc.field == "content_refs"
        return
    assert all(r and r == r.strip() and "\n" not in r and "\r" not in r for r in refs)
    assert len(set(refs)) == len(refs) <= 20
    assert parse_content_refs("\n".join(refs), 20) == refs


# --- scans -----------------------------------------------------------------------------------------


def test_a_scans_images_are_logged_once_and_found_by_a_request(h: Harness, tmp_path: Path) -> None:
    from consentry.service.takedowns import sightings_from_scan

    original = made_image(80)
    (tmp_path / "a.png").write_bytes(original)
    (tmp_path / "b.png").write_bytes(made_image(81))
    (tmp_path / "c.txt").write_bytes(b"not an image")
    records = [
        {"id": "old/a", "path": str(tmp_path / "a.png"), "verdict": "allow"},
        {"id": "old/b", "path": str(tmp_path / "b.png"), "verdict": "deny"},
        {"id": "old/c", "path": str(tmp_path / "c.txt"), "verdict": "error"},
        {"id": "old/d", "path": str(tmp_path / "missing.png"), "verdict": "allow"},
    ]
    first = sightings_from_scan(h.desk.repository, records)
    assert (first.read, first.added, first.known, first.skipped) == (4, 2, 0, 2)
    again = sightings_from_scan(h.desk.repository, records)
    assert (again.added, again.known) == (0, 2)
    takedown = h.desk.get(h.submit([transformed(original, "jpeg50")]).json()["id"])
    assert takedown is not None and [m.item_ref for m in takedown.matches] == ["old/a"]


def test_the_index_scan_command_logs_a_scan(tmp_path: Path) -> None:
    from consentry.cli import main

    (tmp_path / "a.png").write_bytes(made_image(82))
    scan = tmp_path / "out"
    scan.mkdir()
    (scan / "decisions.jsonl").write_text(
        json.dumps({"id": "x/1", "path": str(tmp_path / "a.png"), "verdict": "allow"}) + "\n", encoding="utf-8"
    )
    assert main(["takedowns", "index-scan", str(scan), "--data-dir", str(tmp_path / "data")]) == 0
    from consentry.store import open_store

    with open_store(tmp_path / "data") as store:
        assert TakedownRepository(store.engine).count_sightings() == 1


def test_without_a_requester_notifier_the_record_says_the_requester_was_not_told(tmp_path: Path) -> None:
    harness = Harness(tmp_path, notify_webhook_url=None)
    try:
        harness.desk.outbox.notifiers = {"site": [harness.site], "requester": []}
        takedown = harness.desk.get(harness.submit(content_refs="a").json()["id"])
        assert takedown is not None
        assert [e.action for e in takedown.events] == ["received", "notification_not_sent"]
        assert "notify_webhook_url" in takedown.events[-1].note
        assert harness.desk.repository.deliveries(takedown.id) == []
    finally:
        harness.service.stop()


# --- the repository on every database --------------------------------------------------------------


def test_the_repository_keeps_requests_events_and_sightings(database_target: str) -> None:
    from consentry.store import open_store
    from consentry.store.takedowns import Match, ReportedImage

    with open_store(database_target) as store:
        repository = TakedownRepository(store.engine)
        repository.add_sightings([NewSighting("c" * 64, "d" * 64, 80, item_ref="it-1", user_id="u")])
        ids, hashes = repository.sighting_hashes(0, min_quality=50)
        assert hashes == ["d" * 64] and repository.sighting_hashes(ids[-1]) == ([], [])
        assert repository.sighting_hashes(0, min_quality=90) == ([], [])
        now = time.time()
        made = repository.create(
            received_at=now - 7200,
            deadline=now - 3600,
            relationship="self",
            full_name="Rowan Example",
            contact_email="rowan@example.org",
            signature="Rowan Example",
            details="",
            content_refs=["it-1"],
            images=[ReportedImage(0, "c" * 64, "d" * 64, 80, ("d" * 64,))],
            matches=[Match("sha256", "it-1", user_id="u", sighting_id=ids[0], distance=0)],
        )
        assert repository.find(status=("received",))[0].match_count == 1
        assert repository.report(0, now + 1, now=now).overdue == 1
        done = repository.transition(made.id, "accepted", actor="Moderator Bo", at=now)
        assert done is not None and done.decided_by == "Moderator Bo"
        with pytest.raises(ValueError, match="already accepted"):
            repository.transition(made.id, "rejected", actor="Moderator Bo")
        report = repository.report(0, now + 1, now=now)
        assert (report.accepted, report.decided_late, report.max_hours_to_removal) == (1, 1, 2.0)
        assert [e.action for e in repository.get(made.id).events] == ["received", "accepted"]  # type: ignore[union-attr]


def test_a_json_body_is_a_415_that_asks_for_form_data(h: Harness) -> None:
    response = h.client.post("/v1/takedowns", json={"full_name": "Rowan Example"})
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["error"]["message"]


def test_a_sighting_reuses_what_the_check_decoded_and_hashed_and_logs_the_same_hashes(h: Harness) -> None:
    from consentry.content import CheckRequest, ImageInput
    from consentry.detectors.base import Context
    from consentry.gallery.store import HashEntry, HashList
    from consentry.store.records import DecisionRecord

    h.service.store.gallery.add_hash_list(HashList("other-list", "another list"))
    h.service.store.gallery.add_hashes([HashEntry("other-list", "f0" * 32)])  # the hash detector now runs
    h.service.refresh_galleries(force=True)
    image = made_image(95)
    request = CheckRequest("a walk", output_images=[ImageInput(image, role="output")], item_ref="with-context")
    seen: list[Context] = []
    h.service.guard.check(request, observe=seen.append)
    assert len(seen) == 1 and seen[0].memoized("image.pdq:output:0") is not None
    assert seen[0].memoized("image.rgb:output:0") is not None
    record = DecisionRecord(
        id="d-1",
        created_at=time.time(),
        verdict="allow",
        rule_ids=(),
        policy_version="",
        detector_versions=(),
        findings=(),
        item_ref="with-context",
    )
    h.desk.observe(request, record, seen[0])
    h.desk.observe(request, record, None)
    with_context, without = h.desk.repository.sightings(item_refs=["with-context"])
    assert (with_context.sha256, with_context.pdq_hex, with_context.pdq_crop_hex) == (
        without.sha256,
        without.pdq_hex,
        without.pdq_crop_hex,
    )
    assert with_context.pdq_crop_hex is not None and with_context.pdq_crop_hex != with_context.pdq_hex


# --- face search (opt-in) -------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "images"


def _face_model_or_skip() -> None:
    try:
        from consentry.image.faces import shared_face_model

        shared_face_model().load()
    except Exception as exc:  # the image extra's face model
        pytest.skip(f"the face model is not available: {exc}")


def test_with_face_search_a_consenting_requester_finds_other_images_of_their_face(tmp_path: Path) -> None:
    _face_model_or_skip()
    harness = Harness(tmp_path, face_search=True)
    try:
        from consentry.service.enrollment import face_embeddings

        harness.desk.embedder = face_embeddings
        harness.check((FIXTURES / "obama_a.jpg").read_bytes(), item_ref="photo-a")
        harness.check((FIXTURES / "biden.jpg").read_bytes(), item_ref="photo-b")
        harness.check(made_image(96), item_ref="no-face")
        upload = (FIXTURES / "obama_b.jpg").read_bytes()  # another photograph of the same person
        with_consent = harness.desk.get(harness.submit([upload], face_consent="true").json()["id"])
        assert with_consent is not None
        assert [(m.item_ref, m.via, m.distance) for m in with_consent.matches] == [("photo-a", "face", None)]
        without = harness.desk.get(harness.submit([upload], contact_email="x@example.org").json()["id"])
        assert without is not None and without.matches == ()
        harness.client.post(f"/v1/takedowns/{with_consent.id}/accept", headers=harness.auth(harness.review_token))
        harness.desk.outbox.deliver_due()
        [(_, _, body)] = harness.site.sent
        assert json.loads(body)["items"] == []  # a face match is shown, not removed
    finally:
        harness.service.stop()


def test_without_face_search_no_face_is_kept_for_logged_images(h: Harness) -> None:
    h.check((FIXTURES / "obama_a.jpg").read_bytes(), item_ref="photo-a")
    with h.service.store.engine.connect() as connection:
        from sqlalchemy import text

        assert connection.execute(text("SELECT COUNT(*) FROM sighting_faces")).scalar() == 0
