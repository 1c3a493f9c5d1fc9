"""Make the dashboard screenshots in docs/img from invented demo data.

    python scripts/dashboard_screenshots.py [--out docs/img] [--chromium /usr/bin/chromium]

Seeds a throw-away store with two weeks of decisions about invented people (no real person,
no real prompt, no sexual imagery: the one stored image is a drawn landscape), serves the
dashboard on loopback and captures the queue, a decision and the overview in headless Chromium
(Debian's package, through Playwright; no browser download).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from consentry.content import CheckRequest, ImageInput
from consentry.gallery.store import HashList, Identity
from consentry.guard import Guard
from consentry.store import LogOptions, SqlStore, open_store
from consentry.types import Finding, Span

DAY = 86400.0
# phrase -> (finding kind, score, subject)
TERMS: dict[str, tuple[str, float, str | None]] = {
    "Senator Imogen Hale": ("person.protected", 0.97, "imogen-hale"),
    "Orla Venn": ("person.protected", 0.95, "orla-venn"),
    "Mayor Tobias Quill": ("person.named", 0.91, "tobias-quill"),
    "Captain Mira Sol": ("person.named", 0.88, "mira-sol"),
    "nude": ("sexual.nudity", 0.9, None),
    "boudoir": ("sexual.suggestive", 0.71, None),
    "lingerie": ("sexual.suggestive", 0.77, None),
}
PROMPTS: list[tuple[str, str]] = [
    ("nude painting of Senator Imogen Hale, oil on canvas", "user-4821"),
    ("Orla Venn in lingerie, studio lighting", "user-1093"),
    ("boudoir photo of Mayor Tobias Quill", "user-4821"),
    ("Captain Mira Sol nude, renaissance style", "user-7730"),
    ("Orla Venn nude on a beach at sunset", "user-4821"),
    ("Senator Imogen Hale in lingerie, magazine cover", "user-2214"),
    ("Mayor Tobias Quill nude statue in a park", "user-5560"),
]
ALLOWED = ["a lighthouse at dawn, watercolour", "portrait of Senator Imogen Hale at a press conference"]


def findings_for(prompt: str) -> list[Finding]:
    out = []
    lower = prompt.lower()
    for phrase, (kind, score, subject) in TERMS.items():
        start = lower.find(phrase.lower())
        if start >= 0:
            out.append(
                Finding(
                    kind=kind,
                    score=score,
                    detector="demo@1",
                    reason="demo",
                    span=Span(start, start + len(phrase)),
                    subject=subject,
                )
            )
    return out


def landscape_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200))
    draw = ImageDraw.Draw(image)
    for y in range(200):
        draw.line([(0, y), (320, y)], fill=(90 + y // 3, 150 + y // 4, 230 - y // 3))
    draw.ellipse((220, 30, 270, 80), fill=(255, 214, 90))
    draw.polygon([(0, 200), (0, 140), (90, 100), (180, 150), (260, 110), (320, 140), (320, 200)], fill=(60, 130, 80))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(store: SqlStore, guard: Guard, now: float) -> None:
    rng = random.Random(7)
    store.gallery.add_identity(Identity(id="imogen-hale", name="Senator Imogen Hale", aliases=("I. Hale",)))
    store.gallery.add_identity(Identity(id="orla-venn", name="Orla Venn", aliases=("orlavenn",), gallery="creators"))
    store.gallery.add_identity(Identity(id="kit-marlow", name="Kit Marlow", gallery="creators", enabled=False))
    store.gallery.add_hash_list(HashList(id="demo-list", name="Partner hash list (demo)"))
    for day in range(13, 0, -1):
        for _ in range(rng.randint(6, 14)):
            prompt, user = rng.choice(PROMPTS + [(p, f"user-{rng.randint(1000, 9999)}") for p in ALLOWED] * 2)
            record(store, guard, prompt, user, now - day * DAY + rng.uniform(0, DAY - 1))
    for i, (prompt, user) in enumerate(PROMPTS[:4]):
        images = [landscape_png()] if i == 3 else []
        record(store, guard, prompt, user, now - 3600 * (4 - i), images=images)


def record(store: SqlStore, guard: Guard, prompt: str, user: str, at: float, images: list[bytes] | None = None) -> None:
    request = CheckRequest(
        prompt,
        input_images=[ImageInput(data, name="upload.png") for data in images or []],
        user_id=user,
        adult_content=True,
    )
    decision = guard.decide(request, findings_for(prompt))
    logging = LogOptions(prompt_logging="all", keep_images=bool(images), created_at=at, flag_threshold=4)
    store.decisions.record(decision, request, logging)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--out", default="docs/img")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "")
    args = parser.parse_args()
    if not args.chromium:
        print("no Chromium: install Debian's 'chromium' or pass --chromium", file=sys.stderr)
        return 1
    import uvicorn
    from fastapi import FastAPI
    from playwright.sync_api import sync_playwright

    from consentry.service.actions import Actions
    from consentry.service.dashboard import build_router

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "data") as store:
        guard = Guard([], gallery=store.gallery)
        now = time.time()
        seed(store, guard, now)
        _, token = store.keys.create("admin", name="Moderator Ann")
        app = FastAPI()
        app.include_router(build_router(Actions(store, lambda: guard)))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}/dashboard"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=args.chromium,
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
                )
                page = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
                page.goto(f"{base}/login")
                page.get_by_label("Admin key").fill(token)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url("**/queue")
                page.screenshot(path=str(out / "dashboard-queue.png"), full_page=False)
                held = page.locator("article.item").filter(has=page.locator("figure img"))
                held.get_by_role("link", name="details").click()
                page.get_by_role("button", name="Reveal image").click()
                page.wait_for_function("document.querySelector('figure img').dataset.state === 'clear'")
                page.locator("details.overturn summary").click()
                page.screenshot(path=str(out / "dashboard-decision.png"), full_page=True)
                page.goto(f"{base}/overview")
                page.screenshot(path=str(out / "dashboard-overview.png"), full_page=True)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    from PIL import Image

    for name in ("dashboard-queue.png", "dashboard-decision.png", "dashboard-overview.png"):
        with Image.open(out / name) as shot:  # 256 colours: a third of the size, no visible change
            small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(out / name, optimize=True)
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
