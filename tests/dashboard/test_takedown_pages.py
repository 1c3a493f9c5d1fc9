"""The dashboard's removal requests over HTTP: sign-in, the queue's countdowns and overdue
marks, one request with its matches, actions with and without a CSRF token, the report."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pdqhash")

from tests.dashboard.test_dashboard_http import csrf_of, sign_in
from tests.takedown_support import made_image, transformed
from tests.test_takedowns import Harness


@pytest.fixture
def h(tmp_path: Path) -> Iterator[Harness]:
    harness = Harness(tmp_path)
    yield harness
    harness.service.stop()


def test_the_pages_need_a_signed_in_moderator(h: Harness) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    for path in ("/dashboard/takedowns", f"/dashboard/takedowns/{takedown_id}", "/dashboard/takedowns/report"):
        response = h.client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/dashboard/login?next=")
    refused = h.client.post(f"/dashboard/takedowns/{takedown_id}/accept", follow_redirects=False)
    assert refused.status_code == 303
    assert h.desk.get(takedown_id).status == "received"  # type: ignore[union-attr]


def test_the_queue_shows_countdowns_and_marks_the_overdue(h: Harness) -> None:
    fresh = h.submit(content_refs="a").json()["id"]
    h.desk.clock = lambda: time.time() - 50 * 3600
    late = h.submit(content_refs="b", contact_email="other@example.org").json()["id"]
    h.desk.clock = time.time
    sign_in(h.client, h.admin_token)
    page = h.client.get("/dashboard/takedowns").text
    assert page.index(late) < page.index(fresh)  # nearest deadline first
    late_row = page.split(f'data-takedown="{late}"')[1].split("</tr>")[0]
    fresh_row = page.split(f'data-takedown="{fresh}"')[1].split("</tr>")[0]
    assert "overdue by 2 h" in late_row and 'class="td-row overdue"' in page.split(late)[0][-200:]
    assert "47 h" in fresh_row and "left" in fresh_row and "overdue" not in fresh_row
    assert "1 overdue" in page


def test_a_request_shows_its_matches_and_an_action_needs_the_csrf_token(h: Harness) -> None:
    original = made_image(90)
    h.check(original, item_ref="gallery/90", user="u-90")
    takedown_id = h.submit([transformed(original, "jpeg50")]).json()["id"]
    sign_in(h.client, h.admin_token)
    page = h.client.get(f"/dashboard/takedowns/{takedown_id}")
    assert page.status_code == 200 and 'data-item-ref="gallery/90"' in page.text
    assert "Rowan Example" in page.text and "user u-90" in page.text
    forged = h.client.post(f"/dashboard/takedowns/{takedown_id}/accept", data={"csrf_token": "forged"})
    assert forged.status_code == 403 and h.desk.get(takedown_id).status == "received"  # type: ignore[union-attr]
    no_reason = h.client.post(
        f"/dashboard/takedowns/{takedown_id}/reject", data={"csrf_token": csrf_of(page.text), "reason": ""}
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.text
    done = h.client.post(
        f"/dashboard/takedowns/{takedown_id}/accept", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?notice=accepted")
    accepted = h.desk.get(takedown_id)
    assert accepted is not None and accepted.status == "accepted" and accepted.decided_by.startswith("admin")  # type: ignore[union-attr]
    again = h.client.post(
        f"/dashboard/takedowns/{takedown_id}/reject", data={"csrf_token": csrf_of(page.text), "reason": "x"}
    )
    assert again.status_code == 409


def test_without_kept_images_or_a_template_a_match_has_no_thumbnail(h: Harness) -> None:
    original = made_image(91)
    h.check(original, item_ref="gallery/91")
    takedown_id = h.submit([original]).json()["id"]
    assert h.client.get(f"/dashboard/takedowns/{takedown_id}/thumb/0").status_code == 401
    sign_in(h.client, h.admin_token)
    assert h.client.get(f"/dashboard/takedowns/{takedown_id}/thumb/0").status_code == 404
    assert "<img" not in h.client.get(f"/dashboard/takedowns/{takedown_id}").text.split("Matched items")[1]


def test_a_kept_image_is_shown_blurred(tmp_path: Path) -> None:
    import io

    import numpy as np
    from PIL import Image

    harness = Harness(tmp_path, keep_images=True)
    try:
        original = made_image(92, size=(480, 360))
        harness.check(original, item_ref="gallery/92")
        takedown_id = harness.submit([original]).json()["id"]
        sign_in(harness.client, harness.admin_token)
        response = harness.client.get(f"/dashboard/takedowns/{takedown_id}/thumb/0")
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        shown = np.asarray(Image.open(io.BytesIO(response.content)).convert("L"), dtype=np.float64)
        assert max(shown.shape) <= 160
        clear = Image.open(io.BytesIO(original)).convert("L")
        clear.thumbnail((160, 160))
        sharp = np.asarray(clear, dtype=np.float64)
        detail = lambda a: float(np.abs(np.diff(a, axis=1)).mean())  # noqa: E731
        assert detail(shown) < detail(sharp) / 2
    finally:
        harness.service.stop()


def test_the_report_page_has_the_chart_and_the_csv(h: Harness) -> None:
    first = h.submit(content_refs="a").json()["id"]
    h.client.post(f"/v1/takedowns/{first}/accept", headers=h.auth(h.review_token))
    h.submit(content_refs="b")
    sign_in(h.client, h.admin_token)
    page = h.client.get("/dashboard/takedowns/report")
    assert page.status_code == 200 and "<svg" in page.text
    rows = h.client.get("/dashboard/takedowns/report.csv").text.splitlines()
    assert rows[0].startswith("since,until,received,accepted,rejected,open,overdue")
    assert len(rows) == 13
    assert rows[-1].split(",")[2:6] == ["2", "1", "0", "1"]


class _Site:
    """A local stand-in for the site: serves one thumbnail and answers webhooks with ``status``."""

    def __init__(self, image: bytes, status: int = 204) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        outer = self
        self.image, self.status, self.posts = image, status, 0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = self.path == "/thumbs/gallery%2F93.png"
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                if found:
                    self.wfile.write(outer.image)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.posts += 1
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_thumbnail_comes_from_the_sites_template_blurred(tmp_path: Path) -> None:
    site = _Site(made_image(93, size=(320, 240)))
    harness = Harness(tmp_path, thumbnail_url_template=site.url + "/thumbs/{item_ref}.png")
    try:
        original = made_image(93, size=(320, 240))
        harness.check(original, item_ref="gallery/93")
        takedown_id = harness.submit([original]).json()["id"]
        sign_in(harness.client, harness.admin_token)
        assert "/thumb/0" in harness.client.get(f"/dashboard/takedowns/{takedown_id}").text
        response = harness.client.get(f"/dashboard/takedowns/{takedown_id}/thumb/0")
        assert response.status_code == 200 and response.content != site.image
        assert response.content.startswith(b"\x89PNG")
    finally:
        harness.service.stop()
        site.close()


def test_the_webhook_notifier_posts_and_names_a_refusal() -> None:
    from consentry.service.notifications import DeliveryError, WebhookNotifier

    site = _Site(b"", status=204)
    refusing = _Site(b"", status=503)
    try:
        WebhookNotifier(site.url + "/hook", "secret").send("takedown.accepted", "wh_1", b"{}")
        assert site.posts == 1
        with pytest.raises(DeliveryError, match="HTTP 503"):
            WebhookNotifier(refusing.url + "/hook", "secret").send("takedown.accepted", "wh_2", b"{}")
        with pytest.raises(DeliveryError):
            WebhookNotifier("http://127.0.0.1:9/hook", "secret", timeout_s=2).send("x", "wh_3", b"{}")
    finally:
        site.close()
        refusing.close()


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("{id}/withdraw", 404, "no action 'withdraw'"),
        ("{id}/ACCEPT", 404, "no action 'ACCEPT'"),
        ("td-none/reject", 404, "no removal request 'td-none'"),
        ("td-none/info", 404, "no removal request 'td-none'"),
    ],
)
def test_an_unknown_action_or_request_is_a_404_page_and_changes_nothing(
    h: Harness, path: str, status: int, says: str
) -> None:
    takedown_id = h.submit(content_refs="a").json()["id"]
    sign_in(h.client, h.admin_token)
    page = h.client.get(f"/dashboard/takedowns/{takedown_id}")
    response = h.client.post(
        "/dashboard/takedowns/" + path.format(id=takedown_id),
        data={"csrf_token": csrf_of(page.text), "reason": "please send the original link"},
    )
    assert response.status_code == status and says in response.text.replace("&#39;", "'")
    assert "text/html" in response.headers["content-type"]
    assert h.desk.get(takedown_id).status == "received"  # type: ignore[union-attr]
