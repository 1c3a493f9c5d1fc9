"""End to end in headless Chromium: a removal request from the public form to the denied next
check, against a running ``consentry serve`` app and a local webhook receiver.

1. a ``/v1/check`` records an output image with an ``item_ref``;
2. a request is submitted through the form with a re-encoded, resized copy of that image;
3. it shows in the moderators' queue with its deadline, and the request shows the matched item;
4. a moderator accepts it;
5. the local webhook receiver gets the signed item list;
6. the next ``/v1/check`` with that image is denied.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.dashboard.conftest import PhraseDetector
from tests.dashboard.test_e2e_browser import browser, sign_in  # noqa: F401 - the browser fixture
from tests.live_server import LiveServer
from tests.takedown_support import made_image, transformed

pytest.importorskip("pdqhash")

SECRET = "e2e-webhook-secret"


class Receiver:
    """A local webhook receiver: keeps every POST (headers and body)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.got = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                outer.got.set()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self, name: str) -> list[tuple[dict[str, str], bytes]]:
        return [(h, b) for h, b in self.received if h.get("x-consentry-event") == name]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, receiver: Receiver) -> Iterator[dict[str, Any]]:
    from consentry.image.hashes import HashMatchDetector
    from consentry.service.core import Service
    from consentry.service.settings import Settings

    data = tmp_path_factory.mktemp("takedown-serve")
    config = data / "takedown.yaml"
    config.write_text(
        json.dumps(
            {
                "site_name": "Example Gallery",
                "webhook_url": receiver.url,
                "webhook_secret": SECRET,
                "notify_webhook_url": receiver.url,
            }
        ),
        encoding="utf-8",
    )
    settings = Settings(
        database=str(data / "db"),
        keep_images=True,
        reload_interval_s=0,
        bootstrap_admin_key=False,
        takedown_config=str(config),
    )
    service = Service(settings, detectors=[PhraseDetector(), HashMatchDetector()])
    with LiveServer(service, timeout_s=20) as server:
        _, admin = service.store.keys.create("admin", name="Moderator Ann")
        _, check = service.store.keys.create("check", name="site")
        yield {"url": server.url, "admin_token": admin, "check_token": check, "service": service}
        service.stop()


def _check(live: dict[str, Any], image: bytes, **extra: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{live['url']}/v1/check",
        json={"prompt": "a walk in the hills", "output_images": [{"data": base64.b64encode(image).decode()}], **extra},
        headers={"Authorization": f"Bearer {live['check_token']}"},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_a_request_from_the_form_to_the_denied_next_check(
    browser: Any,  # noqa: F811
    live: dict[str, Any],
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    from consentry.service.notifications import verify_signature

    original = made_image(71, size=(480, 360))
    # 1. the site checks a generated image that it publishes as item gallery/8812
    assert _check(live, original, item_ref="gallery/8812", user_id="user-311")["verdict"] == "allow"
    assert _check(live, made_image(72), item_ref="gallery/8813", user_id="user-312")["verdict"] == "allow"

    # 2. the person shown finds a re-encoded, resized copy and reports it through the form
    copy = tmp_path / "found-copy.jpg"
    copy.write_bytes(transformed(original, "resize"))
    page = browser.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live['url']}/takedown")
        page.set_input_files("input[name=images]", str(copy))
        page.get_by_label("Full name", exact=True).fill("Rowan Example")
        page.get_by_label("Email address").fill("rowan@example.org")
        page.locator("input[name=good_faith]").check()
        page.locator("input[name=signature]").fill("Rowan Example")
        page.get_by_role("button", name="Send the request").click()
        page.wait_for_selector("[data-testid=takedown-id]")
        takedown_id = page.get_by_test_id("takedown-id").inner_text()
        deadline = page.get_by_test_id("takedown-deadline").inner_text()
        assert takedown_id.startswith("td_") and deadline.endswith("UTC")
        receiver.got.wait(10)
        assert receiver.events("takedown.received"), "the requester's confirmation was not sent"

        # 3. the moderator sees it in the queue with its deadline, and the matched item
        sign_in(page, live_view(live))
        page.get_by_role("link", name="Takedowns").click()
        row = page.locator(f"tr[data-takedown='{takedown_id}']")
        assert deadline in row.inner_text()
        assert "left" in row.locator(".countdown").inner_text()
        assert row.locator("td.num").inner_text() == "1"
        row.get_by_role("link", name=takedown_id).click()
        assert page.get_by_test_id("deadline").inner_text() == deadline
        items = page.locator("figure[data-item-ref]")
        assert items.count() == 1 and items.first.get_attribute("data-item-ref") == "gallery/8812"
        assert "user user-311" in items.first.inner_text()
        page.wait_for_function("() => { const i = document.querySelector('figure img'); return i && i.complete; }")

        # 4. the moderator accepts it
        page.get_by_role("button", name="Accept and remove").click()
        page.wait_for_url(f"**/dashboard/takedowns/{takedown_id}?notice=accepted")
        assert page.get_by_test_id("status").text_content() == "accepted"
    finally:
        page.close()

    # 5. the site's webhook receiver gets the signed list of items to remove
    waited = time.monotonic() + 15
    while not receiver.events("takedown.accepted") and time.monotonic() < waited:
        time.sleep(0.05)
    accepted = [(h, b) for h, b in receiver.events("takedown.accepted") if json.loads(b).get("items") is not None]
    assert len(accepted) == 1
    headers, body = accepted[0]
    assert verify_signature(SECRET, body, headers["x-consentry-signature"])
    payload = json.loads(body)
    assert payload["takedown_id"] == takedown_id
    assert [(i["item_ref"], i["user_id"]) for i in payload["items"]] == [("gallery/8812", "user-311")]

    # 6. the next check of that image (or of the copy) is denied
    for image in (original, copy.read_bytes()):
        decision = _check(live, image, item_ref="gallery/9001")
        assert decision["verdict"] == "deny" and decision["rule_ids"] == ["deny-known-ncii"]
    assert _check(live, made_image(73))["verdict"] == "allow"


def live_view(live: dict[str, Any]) -> Any:
    """What ``sign_in`` reads: the URL and the admin token."""

    class View:
        url = live["url"]
        admin_token = live["admin_token"]

    return View()
