"""Make the removal-request screenshots in docs/img from invented demo data.

    python scripts/takedown_screenshots.py [--out docs/img] [--chromium /usr/bin/chromium]

Serves the real app (``create_app``) on loopback over a throw-away store, logs a few checks of
images made in code (textures, no person) with item references, files three requests by invented
people (one of them past its deadline), and captures the public form, the moderators' queue and
one request in headless Chromium (Debian's package, through Playwright; no browser download).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.takedown_support import made_image, transformed  # noqa: E402

PEOPLE = [
    ("Marisol Quenby", "marisol.q@example.org", "self", 0.0),
    ("Dev Okonkwo-Hale", "dev.oh@example.net", "representative", 6.0),
    ("Ilse Varga", "ilse.varga@example.com", "self", 50.0),  # hours ago: overdue
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args(argv)
    if not args.chromium:
        print("no Chromium: install Debian's 'chromium' or pass --chromium", file=sys.stderr)
        return 1
    import httpx
    import uvicorn
    from playwright.sync_api import sync_playwright

    from consentry.image.hashes import HashMatchDetector
    from consentry.service import Service, Settings, create_app
    from consentry.service.takedowns import Submission, Upload

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "takedown.yaml"
        config.write_text(
            json.dumps({"site_name": "Example Gallery", "webhook_url": "http://127.0.0.1:9/", "webhook_secret": "x"}),
            encoding="utf-8",
        )
        settings = Settings(
            database=str(Path(tmp) / "data"),
            keep_images=True,
            reload_interval_s=0,
            bootstrap_admin_key=False,
            takedown_config=str(config),
        )
        service = Service(settings, detectors=[HashMatchDetector()])
        app = create_app(service=service)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        url = f"http://127.0.0.1:{port}"
        _, admin = service.store.keys.create("admin", name="Moderator Ann")
        _, check = service.store.keys.create("check", name="site")
        desk = app.state.takedowns
        images = [made_image(500 + i, size=(480, 360)) for i in range(4)]
        for i, image in enumerate(images):
            for copy, how in (
                (image, "same"),
                (transformed(image, "jpeg50"), "jpeg50"),
                (transformed(image, "mirror"), "m"),
            ):
                httpx.post(
                    f"{url}/v1/check",
                    json={
                        "prompt": "a walk in the hills",
                        "user_id": f"user-{3100 + i}",
                        "item_ref": f"gallery/{8800 + i * 10 + len(how)}",
                        "output_images": [{"data": base64.b64encode(copy).decode()}],
                    },
                    headers={"Authorization": f"Bearer {check}"},
                    timeout=30,
                ).raise_for_status()
        now = time.time()
        for (name, email, relationship, hours_ago), image in zip(PEOPLE, images, strict=False):
            desk.clock = lambda h=hours_ago: now - h * 3600
            desk.submit(
                Submission(
                    name,
                    email,
                    name,
                    True,
                    relationship,
                    details="Posted on the public gallery last week.",
                    images=(Upload("found.jpg", transformed(image, "resize")),),
                )
            )
        desk.clock = time.time
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=args.chromium,
                    headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
                )
                page = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
                page.goto(f"{url}/takedown")
                page.locator("textarea[name=content_refs]").fill("https://gallery.example/i/8812")
                page.get_by_label("Full name", exact=True).fill("Marisol Quenby")
                page.get_by_label("Email address").fill("marisol.q@example.org")
                page.screenshot(path=str(out / "takedown-form.png"), full_page=True)
                page.goto(f"{url}/dashboard/login")
                page.get_by_label("Admin key").fill(admin)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url("**/queue")
                page.goto(f"{url}/dashboard/takedowns")
                page.screenshot(path=str(out / "takedown-queue.png"), full_page=False)
                page.locator("tr.td-row a").first.click()
                page.wait_for_function("() => [...document.images].every(i => i.complete)")
                page.screenshot(path=str(out / "takedown-request.png"), full_page=True)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            service.stop()
    from PIL import Image

    for name in ("takedown-form.png", "takedown-queue.png", "takedown-request.png"):
        with Image.open(out / name) as shot:  # 256 colours: a third of the size, no visible change
            small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        buffer = io.BytesIO()
        small.save(buffer, format="PNG", optimize=True)
        (out / name).write_bytes(buffer.getvalue())
        print(out / name, len(buffer.getvalue()) // 1024, "kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
