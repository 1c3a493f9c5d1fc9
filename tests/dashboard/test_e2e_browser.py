"""End to end: the dashboard driven in headless Chromium against a running ``consentry serve`` app.

One server and one browser for the whole module. Uses Debian's ``chromium`` (``.ci/run`` installs
it) through Playwright's ``executable_path``; Playwright's own browser downloads are never used.
Skipped with a reason where no Chromium is installed, except in CI (``CI`` set), where that fails.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.dashboard.conftest import PhraseDetector
from tests.live_server import LiveServer

CHROMIUM_ENV = "CONSENTRY_CHROMIUM"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    if os.environ.get(CHROMIUM_ENV):
        return os.environ[CHROMIUM_ENV]
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests: .ci/run installs Debian's chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = find_chromium()
    if path is None:
        _unavailable(f"no Chromium found (install Debian's 'chromium' or set {CHROMIUM_ENV})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    with tempfile.TemporaryDirectory(prefix="consentry-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=path,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@dataclass
class Live:
    url: str
    service: Any
    admin_token: str
    check_token: str

    def check(self, prompt: str, **extra: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/v1/check",
            json={"prompt": prompt, "adult_content": True, **extra},
            headers={"Authorization": f"Bearer {self.check_token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    from consentry.service.core import Service
    from consentry.service.settings import Settings

    data = tmp_path_factory.mktemp("serve")
    settings = Settings(
        database=str(data),
        prompt_logging="all",
        keep_images=True,
        reload_interval_s=0,
        bootstrap_admin_key=False,
    )
    service = Service(settings, detectors=[PhraseDetector()])
    with LiveServer(service, timeout_s=20) as server:
        _, admin = service.store.keys.create("admin", name="Moderator Ann")
        _, check = service.store.keys.create("check", name="site")
        yield Live(server.url, service, admin, check)
        service.stop()


@pytest.fixture(scope="module")
def page(browser: Any, live: Live) -> Iterator[Any]:
    page = browser.new_page()
    page.set_default_timeout(10_000)
    yield page
    page.close()


def two_colour_png() -> bytes:
    """48x32: the left half red, the right half blue (a sharp edge that blurring smears)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (48, 32), (40, 60, 200))
    image.paste((200, 40, 40), (0, 0, 24, 32))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


LOADED_JS = "() => { const i = document.querySelector('figure img'); return i.complete && i.naturalWidth > 0; }"
# The colour of the pixel just left of the edge, as the browser decoded the thumbnail.
PIXEL_JS = """() => {
  const img = document.querySelector('figure img');
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  const x = Math.floor(img.naturalWidth / 2) - 2, y = Math.floor(img.naturalHeight / 2);
  return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
}"""


def sign_in(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/dashboard/")
    assert "/dashboard/login" in page.url
    page.get_by_label("Admin key").fill(live.admin_token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/queue")


def test_sign_in_reveal_overturn_with_allow_list_then_the_next_check_is_allowed(
    page: Any, live: Live, tmp_path: Path
) -> None:
    prompt = "a nude photo of Ada Lovelace"
    assert live.check(prompt, user_id="user-17")["verdict"] == "deny"
    image = base64.b64encode(two_colour_png()).decode()
    live.check("Mayor Quill in lingerie", user_id="user-23", input_images=[{"data": image, "name": "upload.png"}])

    sign_in(page, live)
    assert page.get_by_test_id("actor").inner_text().startswith("Moderator Ann")
    cards = page.locator("article.item")
    assert cards.count() == 2
    denied = cards.filter(has_text="deny-sexual-real-person")
    held = cards.filter(has_text="review-suggestive-real-person")
    # highlighted spans, each with its text label
    assert denied.locator("mark.hl-person").first.inner_text() == "Ada Lovelace"
    assert denied.locator("mark.hl-sexual").first.inner_text() == "nude"
    assert denied.locator(".hl-tag-person").text_content() == "person"

    # the image is blurred until the moderator reveals it, and the reveal is logged
    img = held.locator("figure img")
    assert img.get_attribute("data-state") == "blurred"
    page.wait_for_function(LOADED_JS)
    assert page.evaluate(PIXEL_JS) != [200, 40, 40]  # blurred: the edge is smeared
    assert img.get_attribute("src").endswith("/blurred.png")
    held.get_by_role("button", name="Reveal image").click()
    page.wait_for_function(
        "() => { const i = document.querySelector('figure img');"
        " return i.dataset.state === 'clear' && i.complete && i.naturalWidth > 0; }"
    )
    assert img.get_attribute("src").endswith("/clear.png")
    assert page.evaluate(PIXEL_JS) == [200, 40, 40]  # the clear image: a sharp edge
    reveals = [a for a in live.service.store.reviews.list() if a.action == "reveal"]
    assert len(reveals) == 1 and reveals[0].actor.startswith("Moderator Ann")

    # overturn the denial, allow-listing the matched person in the words around them
    denied.get_by_text("Overturn…").click()
    denied.get_by_label("phrase photo of Ada Lovelace", exact=False).check()
    denied.get_by_label("Note").fill("public-domain portrait, reviewed")
    denied.get_by_role("button", name="Overturn", exact=True).click()
    page.wait_for_load_state()
    assert "apply from the next check" in page.get_by_role("status").inner_text()
    assert page.locator("article.item").count() == 1  # the overturned one left the open queue

    answer = live.check(prompt, user_id="user-17")
    assert answer["verdict"] == "allow", answer
    assert live.check("Ada Lovelace nude on a bed", user_id="user-17")["verdict"] == "deny"  # only in context
    (entry,) = live.service.store.allow_list.list()
    assert (entry.kind, entry.value) == ("phrase", "photo of Ada Lovelace")
    assert entry.created_by.startswith("Moderator Ann")


def test_overview_draws_the_charts_and_lists_top_rules(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/dashboard/overview")
    if "/login" in page.url:
        sign_in(page, live)
        page.goto(f"{live.url}/dashboard/overview")
    chart = page.locator("svg#chart-verdicts")
    assert chart.is_visible()
    assert chart.locator("rect title").count() >= 1
    assert page.get_by_role("link", name="deny-sexual-real-person").count() >= 1


def test_a_post_without_the_csrf_token_is_refused_and_sign_out_ends_the_session(page: Any, live: Live) -> None:
    page.goto(f"{live.url}/dashboard/queue")
    if "/login" in page.url:
        sign_in(page, live)
    status = page.evaluate(
        """async () => (await fetch('/dashboard/users/flag', {method: 'POST',
             headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'user_id=user-17'})).status"""
    )
    assert status == 403
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/dashboard/login**")
    page.goto(f"{live.url}/dashboard/queue")
    assert "/dashboard/login" in page.url


# Every visible form control has an accessible name, every image a text alternative, and the
# page has a language, one h1, and landmarks.
A11Y_PROBLEMS_JS = """() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    if (!visible(el)) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') ||
      el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim());
    if (!named) problems.push('unnamed ' + el.outerHTML.slice(0, 80));
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.getAttribute('alt')) problems.push('no alt ' + img.outerHTML.slice(0, 80));
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.getAttribute('role') !== 'img' || !svg.getAttribute('aria-labelledby')) problems.push('unlabelled svg');
  }
  if (!document.documentElement.lang) problems.push('no lang');
  if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
  if (!document.querySelector('main')) problems.push('no main landmark');
  return problems;
}"""


@pytest.mark.parametrize("path", ["queue?status=all", "overview", "galleries", "allow-list"])
def test_pages_have_named_controls_alt_texts_and_landmarks(page: Any, live: Live, path: str) -> None:
    page.goto(f"{live.url}/dashboard/{path}")
    if "/login" in page.url:
        assert page.evaluate(A11Y_PROBLEMS_JS) == []
        sign_in(page, live)
        page.goto(f"{live.url}/dashboard/{path}")
    assert page.evaluate(A11Y_PROBLEMS_JS) == []
