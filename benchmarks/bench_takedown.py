"""Notice-and-removal: copy-search recall, false matches, search time, accept-to-webhook time.

    python benchmarks/bench_takedown.py [--made 40] [--unrelated 10000] [--million 1000000]

1. Recall on transformed copies (resize to 60%, JPEG quality 50, a 10% crop, a small colour
   shift, a mirror, a caption band) of the public-domain images in ../shared (skipped when it
   is absent) and of images made here, in both directions: the site logged the copies and the
   requester reports the original (``logged copies``), and the site logged the original and the
   requester reports a copy they found (``reported copy``). The search is ``TakedownDesk.find_copies``
   over a store holding every copy and ``--unrelated`` unrelated images made here.
2. False matches: sightings of unrelated images matched by any request (per request and per
   request x unrelated image).
3. Search time at ``--million`` logged hashes: ``CopyIndex.search`` (the 14 variant hashes of a
   request, multi-index) beside a linear scan of the same hashes in the same run (a ratio: the
   machine is shared and absolute times are noisy).
4. Accept to webhook delivery: ``TakedownDesk.accept`` until a local receiver has the signed
   POST, beside a bare POST to the same receiver in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.takedown_support import TRANSFORMS, made_image, made_pixels, transformed  # noqa: E402

from consentry.gallery.hash_index import HashIndex, popcount  # noqa: E402
from consentry.image.copies import hash_image  # noqa: E402
from consentry.image.hashes import pdq_hash  # noqa: E402
from consentry.service.takedowns import CopyIndex, Submission, TakedownDesk, TakedownSettings  # noqa: E402
from consentry.store import open_store  # noqa: E402
from consentry.store.takedowns import NewSighting, ReportedImage, TakedownRepository  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def public_domain_images() -> list[tuple[str, bytes]]:
    found = []
    for folder in ("art_public_domain", "faces_face_recognition_examples/images"):
        for path in sorted((SHARED / folder).glob("*.jpg")):
            found.append((f"{folder.split('/')[0]}/{path.name}", path.read_bytes()))
    return found


def unrelated_hash(seed: int) -> str:
    """The PDQ of an image made here that is none of the tested ones (hashed from pixels)."""
    return pdq_hash(made_pixels(1_000_000 + seed, size=(128, 96))).hex


def recall(images: list[tuple[str, bytes]], unrelated: int) -> None:
    print(f"\n## Copy-search recall: {len(images)} images x {len(TRANSFORMS)} transforms, {unrelated} unrelated")
    started = time.perf_counter()
    noise = [unrelated_hash(i) for i in range(unrelated)]
    print(f"(made and hashed {unrelated} unrelated images in {time.perf_counter() - started:.0f} s)")
    for direction in ("logged copies", "reported copy"):
        with open_store("sqlite://") as store:
            desk = TakedownDesk(TakedownRepository(store.engine), TakedownSettings(), gallery=store.gallery)
            sightings = [
                NewSighting(sha256=f"{i:064x}", pdq_hex=h, pdq_quality=100, item_ref=f"unrelated/{i}")
                for i, h in enumerate(noise)
            ]
            queries: list[tuple[str, str, bytes]] = []  # (image, transform, what the requester uploads)
            for name, data in images:
                for how in TRANSFORMS:
                    copy = transformed(data, how)
                    logged = copy if direction == "logged copies" else data
                    hashes = hash_image(logged, cropped=True)  # as TakedownDesk.observe logs a checked image
                    sightings.append(
                        NewSighting(
                            sha256=hashes.sha256,
                            pdq_hex=hashes.pdq_hex,
                            pdq_quality=hashes.quality,
                            item_ref=f"{name}|{how}",
                            pdq_crop_hex=hashes.cropped,
                        )
                    )
                    queries.append((name, how, data if direction == "logged copies" else copy))
            desk.repository.add_sightings(sightings)
            noise_words = HashIndex.pack(noise)
            nearest_unrelated: list[int] = []  # per request: the nearest unrelated image, in bits
            found: dict[str, list[int]] = {how: [] for how in TRANSFORMS}
            by_group: dict[tuple[str, str], list[int]] = {}
            false_per_request: list[int] = []
            reported_cache: dict[bytes, ReportedImage] = {}
            for name, how, upload in queries:
                key = upload[:4096] + len(upload).to_bytes(8, "little")
                reported = reported_cache.get(key)
                if reported is None:
                    h = hash_image(upload, variants=True)
                    reported = ReportedImage(0, h.sha256, h.pdq_hex, h.quality, h.variants)
                    reported_cache[key] = reported
                matches = desk.find_copies([reported])
                variants = HashIndex.pack(list(reported.variants))
                bits = popcount(noise_words[:, None, :] ^ variants[None, :, :]).sum(axis=2, dtype=np.int64)
                nearest_unrelated.append(int(bits.min()))
                refs = {m.item_ref or "" for m in matches}
                found[how].append(int(f"{name}|{how}" in refs))
                by_group.setdefault((name.split("/")[0], how), []).append(found[how][-1])
                false_per_request.append(sum(r.startswith("unrelated/") for r in refs))
            print(f"\n### {direction} (PDQ radius {desk.settings.pdq_radius})")
            groups = sorted({g for g, _ in by_group})
            print("| transform | found | recall | " + " | ".join(groups) + " |")
            print("|---|---:|---:|" + "---:|" * len(groups))
            total = 0
            for how in TRANSFORMS:
                total += sum(found[how])
                split = " | ".join(f"{sum(by_group[g, how])}/{len(by_group[g, how])}" for g in groups)
                share = sum(found[how]) / len(found[how])
                print(f"| {how} | {sum(found[how])}/{len(found[how])} | {share:.1%} | {split} |")
            print(f"| all | {total}/{len(queries)} | {total / len(queries):.1%} |" + " |" * len(groups))
            margin = sorted(nearest_unrelated)
            print(
                f"Nearest unrelated image to a request's variants: min {margin[0]} bits, 1st percentile "
                f"{margin[len(margin) // 100]}, median {margin[len(margin) // 2]} "
                f"(the radius is {desk.settings.pdq_radius})"
            )
            requests = len(false_per_request)
            with_false = sum(n > 0 for n in false_per_request)
            print(
                f"False matches: {sum(false_per_request)} unrelated sightings matched over {requests} requests "
                f"({with_false} requests with any; {sum(false_per_request) / (requests * unrelated):.2e} per "
                "request x unrelated image)"
            )


class _Fixed:
    """A repository stand-in that hands ``CopyIndex`` a fixed set of hashes."""

    def __init__(self, hashes: list[str]) -> None:
        self.hashes = hashes

    def sighting_hashes(self, after_id: int = 0, *, min_quality: int = 0) -> tuple[list[int], list[str]]:
        if after_id:
            return [], []
        return list(range(1, len(self.hashes) + 1)), self.hashes


def timing(million: int, seed: int = 7) -> None:
    print(f"\n## Copy-search time at {million:,} logged hashes (14 variant hashes per request, radius 31)")
    rng = np.random.default_rng(seed)
    words = rng.integers(0, 2**63, size=(million, 4), dtype=np.int64).astype(np.uint64)
    words ^= rng.integers(0, 2, size=(million, 4), dtype=np.int64).astype(np.uint64) << np.uint64(63)
    queries = []
    for q in range(100):  # each request: 14 hashes; the first is planted 8 bits from a logged hash
        base = words[q * 997 % million].copy()
        flips = rng.choice(256, size=8, replace=False)
        for bit in flips:
            base[bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
        variants = ["".join(f"{int(w):016x}" for w in base)]
        variants += ["".join(f"{int(w):016x}" for w in rng.integers(0, 2**63, size=4)) for _ in range(13)]
        queries.append(variants)
    hexes = ["".join(f"{int(w):016x}" for w in row) for row in words]
    index = CopyIndex(_Fixed(hexes))  # type: ignore[arg-type]
    started = time.perf_counter()
    index.sync()
    print(f"(index of {len(index):,} built in {time.perf_counter() - started:.1f} s)")

    def mih(variants: list[str]) -> int:
        return len(index.search(variants, 31))

    def scan(variants: list[str]) -> int:
        hits = 0
        for h in variants:
            d = popcount(words ^ HashIndex.pack([h])[0]).sum(axis=1, dtype=np.int64)
            hits += int((d <= 31).sum())
        return hits

    results: dict[str, list[float]] = {"mih": [], "scan": []}
    answers: dict[str, list[int]] = {"mih": [], "scan": []}
    for i, variants in enumerate(queries):
        for name, run in (("mih", mih), ("scan", scan)) if i % 2 == 0 else (("scan", scan), ("mih", mih)):
            if name == "scan" and i >= 20:
                continue  # 20 scans are enough for the baseline
            t = time.perf_counter()
            answers[name].append(run(variants))
            results[name].append((time.perf_counter() - t) * 1000)
    assert answers["mih"][:20] == answers["scan"], "the multi-index search and the scan disagree"
    assert all(a >= 1 for a in answers["mih"]), "a planted copy was not found"
    for name in ("mih", "scan"):
        values = sorted(results[name])
        print(
            f"{name:>4}: p50 {statistics.median(values):8.2f} ms, p95 {values[int(len(values) * 0.95) - 1]:8.2f} ms "
            f"per request ({len(values)} requests)"
        )
    ratio = statistics.median(results["scan"]) / statistics.median(results["mih"])
    print(f"multi-index is {ratio:.0f}x faster than the scan (medians, same run; absolute times are noisy)")


class _Receiver:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.got = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("X-Consentry-Event") in ("takedown.accepted", "bare"):
                    outer.times.append(time.perf_counter())
                    outer.got.set()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def delivery(rounds: int) -> None:
    import urllib.request

    print(f"\n## Accept to webhook delivery ({rounds} requests)")
    receiver = _Receiver()
    # a database file: the outbox's thread and this one each need a connection of their own
    with tempfile.TemporaryDirectory() as folder, open_store(folder) as store:
        settings = TakedownSettings(
            webhook_url=receiver.url, webhook_secret="bench", address_per_hour=1e9, email_per_day=1e9
        )
        desk = TakedownDesk(TakedownRepository(store.engine), settings, gallery=store.gallery)
        desk.start()
        accept_ms, bare_ms, returned_ms = [], [], []
        try:
            for i in range(rounds):
                takedown = desk.submit(
                    Submission(
                        "Rowan Example", "rowan@example.org", "Rowan Example", True, "self", content_refs=(f"i{i}",)
                    )
                )
                time.sleep(0.05)  # let the receipt notification go first
                receiver.got.clear()
                started = time.perf_counter()
                desk.accept(takedown.id, actor="bench")
                returned_ms.append((time.perf_counter() - started) * 1000)
                receiver.got.wait(10)
                accept_ms.append((receiver.times[-1] - started) * 1000)
                receiver.got.clear()
                started = time.perf_counter()
                bare = urllib.request.Request(receiver.url, data=b"{}", headers={"X-Consentry-Event": "bare"})
                with urllib.request.urlopen(bare, timeout=10):  # the way the notifier posts
                    pass
                bare_ms.append((receiver.times[-1] - started) * 1000)
        finally:
            desk.stop()
    for name, values in (
        ("accept -> delivered", accept_ms),
        ("accept() returned", returned_ms),
        ("bare POST", bare_ms),
    ):
        print(f"{name:>20}: median {statistics.median(values):7.1f} ms, max {max(values):7.1f} ms")
    print(
        f"accept to delivery is {statistics.median(accept_ms) / statistics.median(bare_ms):.1f}x a bare POST "
        "(medians; includes the accept's database writes and the outbox's hand-over)"
    )


def sighting_cost(rounds: int = 60) -> None:
    """What logging a checked image costs: ``TakedownDesk.observe`` on its own (decode, two PDQ
    hashes, one row) and after a check whose image detectors decoded the image (the decode is
    reused), beside decoding the same image alone, per 512x512 PNG, in the same run."""
    from consentry.content import CheckRequest, ImageInput
    from consentry.detectors.base import Context
    from consentry.image.decode import decode_rgb, decoded
    from consentry.store.records import DecisionRecord

    print(f"\n## Logging a checked image (512x512 PNG, {rounds} images)")
    images = [made_image(2_000_000 + i, size=(512, 512)) for i in range(rounds)]
    with open_store("sqlite://") as store:
        desk = TakedownDesk(TakedownRepository(store.engine), TakedownSettings(), gallery=store.gallery)
        observe_ms, decode_ms, reused_ms = [], [], []
        for i, data in enumerate(images):
            request = CheckRequest("a walk", output_images=[ImageInput(data, role="output")])
            record = DecisionRecord(
                id=f"d{i}",
                created_at=time.time(),
                verdict="allow",
                rule_ids=(),
                policy_version="",
                detector_versions=(),
                findings=(),
                item_ref=f"item-{i}",
            )
            started = time.perf_counter()
            decode_rgb(data)
            decode_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            desk.observe(request, record)
            observe_ms.append((time.perf_counter() - started) * 1000)
            context = Context(request)
            decoded(context, "output:0", request.output_images[0])  # as the image detectors leave it
            started = time.perf_counter()
            desk.observe(request, record, context)
            reused_ms.append((time.perf_counter() - started) * 1000)
        assert desk.repository.count_sightings() == 2 * rounds
    decode = statistics.median(decode_ms)
    print(
        f"observe on its own: median {statistics.median(observe_ms):.1f} ms "
        f"({statistics.median(observe_ms) / decode:.1f}x a decode); after a check that decoded the image: "
        f"{statistics.median(reused_ms):.1f} ms ({statistics.median(reused_ms) / decode:.1f}x); decoding alone: "
        f"{decode:.1f} ms (same run; absolute times are noisy)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--made", type=int, default=40, help="images made here (besides ../shared's)")
    parser.add_argument("--unrelated", type=int, default=10_000)
    parser.add_argument("--million", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--skip", nargs="*", default=[], choices=["recall", "timing", "delivery", "sighting"])
    args = parser.parse_args(argv)
    steps: list[tuple[str, Callable[[], None]]] = []
    if "recall" not in args.skip:
        images = public_domain_images() if SHARED.is_dir() else []
        if not images:
            print("(../shared is absent: made images only)")
        images += [(f"made/{i}", made_image(i, size=(480, 360))) for i in range(args.made)]
        steps.append(("recall", lambda: recall(images, args.unrelated)))
    if "timing" not in args.skip:
        steps.append(("timing", lambda: timing(args.million)))
    if "delivery" not in args.skip:
        steps.append(("delivery", lambda: delivery(args.rounds)))
    if "sighting" not in args.skip:
        steps.append(("sighting", sighting_cost))
    for _, step in steps:
        step()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
