"""Image-gate speed on one core, with ratios measured side by side in one run.

1. Per 512x512 image: decode, nudity (open_nsfw + NudeNet, with and without the closer look),
   faces (detect + embed each face), PDQ, their sum, and one whole check through the three
   detectors (decode and face boxes shared through the check's memo, one person enrolled, one
   hash list): the last column is the one to hold against the 150 ms budget.
2. Face search at 100,000 identities: float32 matrix product (what FaceIndex does) beside
   float16 storage and beside 10,000 identities.
3. PDQ search at 1,000,000 hashes: multi-index hashing beside the linear popcount scan.

Run: python benchmarks/bench_image.py  (needs the image and nudenet extras)
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.image_support import encode, fixture_bytes, synthetic

from consentry import CheckRequest, ImageInput
from consentry.detectors.base import Context, Detector
from consentry.gallery.face_index import FaceIndex
from consentry.gallery.hash_index import HashIndex, hex_to_words, words_to_hex
from consentry.gallery.store import FaceEmbedding, HashEntry, HashList, MemoryGalleryStore
from consentry.image.decode import decode_rgb
from consentry.image.enroll import enroll
from consentry.image.face_detector import FaceDetector
from consentry.image.faces import FaceModel
from consentry.image.hashes import HashMatchDetector, pdq_hash
from consentry.image.nudity import NudityDetector


def _argmax_f16(half: np.ndarray, query: np.ndarray) -> int:
    return int(np.argmax(half @ query.astype(np.float16)))


def timed(fn: Callable[[], object], rounds: int) -> float:
    """Median CPU milliseconds of ``fn`` over ``rounds`` calls (after one warm-up call).

    CPU time of this process (everything runs on one thread), so that other work on a shared
    machine inflates the numbers less than wall-clock time would.
    """
    fn()
    samples = []
    for _ in range(rounds):
        started = time.process_time()
        fn()
        samples.append(time.process_time() - started)
    return statistics.median(samples) * 1000.0


def square(rgb: np.ndarray, side: int = 512) -> np.ndarray:
    import cv2

    h, w = rgb.shape[:2]
    s = min(h, w)
    crop = rgb[(h - s) // 2 : (h - s) // 2 + s, (w - s) // 2 : (w - s) // 2 + s]
    return cv2.resize(crop, (side, side), interpolation=cv2.INTER_AREA if s > side else cv2.INTER_CUBIC)


def collage() -> np.ndarray:
    """Three portraits side by side, small: the closer look runs on every face."""
    import cv2

    canvas = np.full((512, 512, 3), 240, dtype=np.uint8)
    for i, name in enumerate(("obama_a.jpg", "biden.jpg", "obama_b.jpg")):
        rgb = decode_rgb(fixture_bytes(name))
        h, w = rgb.shape[:2]
        scale = min(160 / w, 300 / h)
        small = cv2.resize(rgb, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
        canvas[150 : 150 + small.shape[0], 10 + i * 168 : 10 + i * 168 + small.shape[1]] = small
    return canvas


def per_image(rounds: int) -> None:
    import cv2

    cv2.setNumThreads(1)
    faces = FaceModel()
    faces.load()
    plain = NudityDetector(second_pass="none")
    closer = NudityDetector(second_pass="people")
    plain.load()
    closer.load()
    images = {
        "portrait (1 face)": square(decode_rgb(fixture_bytes("obama_a.jpg"))),
        "painting (1 face)": square(decode_rgb(fixture_bytes("mona_lisa.jpg"))),
        "three people (collage)": collage(),
        "no people (noise)": synthetic("noise", 512),
    }
    print("## Per 512x512 image, one core (median CPU ms)\n")
    store = MemoryGalleryStore()
    enroll(store, "Someone", [fixture_bytes("obama_a.jpg")], model=faces)
    store.add_hash_list(HashList("bench", "bench"))
    store.add_hashes([HashEntry("bench", "0" * 64)])
    face_detector, hash_detector = FaceDetector(faces), HashMatchDetector()
    for gallery_detector in (face_detector, hash_detector):
        gallery_detector.use_gallery(store)
        gallery_detector.load()
    gate: list[Detector] = [closer, face_detector, hash_detector]
    print("| image | decode | nudity | nudity + closer look | faces (detect+embed) | PDQ | sum | one check, shared |")
    print("|---|---|---|---|---|---|---|---|")
    for name, rgb in images.items():
        data = encode(rgb, "JPEG", quality=90)
        image = ImageInput(data, role="output")
        request = CheckRequest("x", output_images=[image])
        decode = timed(lambda data=data: decode_rgb(data), rounds)  # type: ignore[misc]
        nude = timed(lambda request=request: plain.detect(Context(request)), rounds)  # type: ignore[misc]
        nude_closer = timed(lambda request=request: closer.detect(Context(request)), rounds)  # type: ignore[misc]

        def face_pass(rgb: np.ndarray = rgb) -> None:
            for face in faces.detect(rgb):
                faces.embed(rgb, face)

        face = timed(face_pass, rounds)
        pdq = timed(lambda rgb=rgb: pdq_hash(rgb), rounds)  # type: ignore[misc]
        total = decode + nude_closer + face + pdq

        def one_check(request: CheckRequest = request) -> None:
            context = Context(request)
            for detector in gate:
                context.findings.extend(detector.detect(context))

        shared = timed(one_check, rounds)
        print(
            f"| {name} | {decode:.1f} | {nude:.1f} | {nude_closer:.1f} | {face:.1f} | {pdq:.1f} | {total:.1f} "
            f"| {shared:.1f} |"
        )
    print()


def face_search(rounds: int) -> None:
    rng = np.random.default_rng(0)
    print("## Face search (median CPU ms per query, exact cosine)\n")
    print("| identities | float32 matmul (FaceIndex) | float16 storage | ratio f16/f32 |")
    print("|---|---|---|---|")
    for n in (10_000, 100_000):
        vectors = rng.normal(size=(n, 128)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index = FaceIndex.build([FaceEmbedding(f"id{i}", "m", vectors[i]) for i in range(n)])
        half = vectors.astype(np.float16)
        query = vectors[n // 2] + rng.normal(scale=0.02, size=128).astype(np.float32)
        assert index.search(query, k=1)[0].identity_id == f"id{n // 2}"
        f32 = timed(partial(index.search, query, k=3), rounds)
        f16 = timed(partial(_argmax_f16, half, query), rounds)
        print(f"| {n:,} | {f32:.2f} | {f16:.2f} | {f16 / f32:.1f}x |")
    print()


def hash_search(rounds: int) -> None:
    rng = np.random.default_rng(1)
    n = 1_000_000
    raw = rng.integers(0, 256, size=(n, 32), dtype=np.uint8)
    started = time.perf_counter()
    index = HashIndex.build([HashEntry("bench", row.tobytes().hex()) for row in raw])
    build = time.perf_counter() - started
    target = raw[n // 3].tobytes().hex()
    words = hex_to_words(target).copy()
    for bit in rng.choice(256, 30, replace=False):
        words[bit // 64] ^= np.uint64(1) << np.uint64(63 - int(bit) % 64)
    query = words_to_hex(words)
    mih = timed(lambda: index.search(query, method="mih"), rounds)
    scan = timed(lambda: index.search(query, method="scan"), rounds)
    assert index.search(query, method="mih") == index.search(query, method="scan")
    print("## PDQ search at 1,000,000 hashes (median CPU ms per query, radius 31, query 30 bits away)\n")
    print("| multi-index | linear scan | scan / multi-index | build (s) |")
    print("|---|---|---|---|")
    print(f"| {mih:.2f} | {scan:.2f} | {scan / mih:.0f}x | {build:.1f} |")
    print()


def main() -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "15"))
    per_image(rounds)
    face_search(rounds * 4)
    hash_search(rounds * 2)


if __name__ == "__main__":
    main()
