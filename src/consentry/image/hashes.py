"""PDQ perceptual hashes of images, and ``HashMatchDetector`` against known-NCII hash lists.

PDQ (Meta's open perceptual hash, via the ``pdqhash`` package) gives 256 bits and a quality
0..100; near-duplicates (re-encoded, resized, lightly edited) stay within a few dozen bits.
Hashes are written as 64 hex digits, the 256 bits in order (the form ThreatExchange lists use).
Images with quality below ``min_quality`` (flat, nearly featureless) are not matched: their
hashes collide with other featureless images.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from consentry.detectors.base import Context, detector_id
from consentry.errors import MissingExtraError
from consentry.gallery.hash_index import DEFAULT_RADIUS, HashIndex
from consentry.gallery.live import LiveIndex
from consentry.gallery.store import GalleryStore
from consentry.image.decode import RGB, decoded
from consentry.image.runtime import import_cv2
from consentry.types import Box, Finding

MIN_QUALITY = 50  # below this PDQ's own documentation advises not to match
_MAX_SIDE = 1024  # PDQ downsamples to 64x64 anyway; a smaller input is faster, same bits ±few


@dataclass(frozen=True, slots=True)
class PdqHash:
    hex: str
    quality: int


def pdq_hash(rgb: RGB) -> PdqHash:
    """The PDQ hash and quality of an RGB image."""
    try:
        import pdqhash
    except ModuleNotFoundError:
        raise MissingExtraError("PDQ hashing", "image", "pdqhash") from None
    height, width = rgb.shape[:2]
    if max(height, width) > _MAX_SIDE:
        cv2 = import_cv2()
        scale = _MAX_SIDE / max(height, width)
        rgb = cv2.resize(
            rgb, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=cv2.INTER_AREA
        )
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb, dtype=np.uint8))
    packed = np.packbits(np.asarray(bits, dtype=np.uint8))
    return PdqHash(packed.tobytes().hex(), int(quality))


def _hasher(rgb: RGB) -> Callable[[], PdqHash]:
    return lambda: pdq_hash(rgb)


def match_score(distance: int, radius: int) -> float:
    """Hamming distance -> 0..1: 1.0 for identical, just over 0.5 at the search radius."""
    return 0.5 + 0.5 * (1.0 - distance / (radius + 1))


class HashMatchDetector:
    name: ClassVar[str] = "hash"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "hash"
    kinds: ClassVar[tuple[str, ...]] = ("hash.match",)

    def __init__(self, *, radius: int = DEFAULT_RADIUS, min_quality: int = MIN_QUALITY) -> None:
        if not 0 <= radius <= 128:
            raise ValueError(f"radius must be 0..128 bits, got {radius}")
        self.radius = radius
        self.min_quality = min_quality
        self._live = LiveIndex(lambda store: HashIndex.build(store.hashes(enabled_only=True)), HashIndex())

    def use_gallery(self, store: GalleryStore) -> None:
        self._live.use(store)

    def refresh(self) -> None:
        self._live.refresh()

    @property
    def index(self) -> HashIndex:
        return self._live.index

    def load(self) -> None:
        try:
            import pdqhash  # noqa: F401
        except ModuleNotFoundError:
            raise MissingExtraError("PDQ hashing", "image", "pdqhash") from None
        self.refresh()

    def applies(self, context: Context) -> bool:
        return bool(context.request.images)

    def detect(self, context: Context) -> list[Finding]:
        index = self._live.current()
        if len(index) == 0:
            return []
        me = detector_id(self)
        findings: list[Finding] = []
        for ref, image in context.request.images:
            if image.role == "mask":
                continue
            image_rgb = decoded(context, ref, image)
            digest = context.memo(f"image.pdq:{ref}", _hasher(image_rgb.rgb))
            if digest.quality < self.min_quality:
                continue
            for hit in index.search(digest.hex, radius=self.radius, limit=3):
                findings.append(
                    Finding(
                        kind="hash.match",
                        score=match_score(hit.distance, self.radius),
                        detector=me,
                        reason="pdq_match",
                        box=Box(0, 0, image_rgb.width, image_rgb.height, ref),
                        subject=f"{hit.list_id}:{hit.item_id}" if hit.item_id else hit.list_id,
                        evidence={"distance": hit.distance, "quality": digest.quality, "list": hit.list_id},
                    )
                )
        return findings
