"""What an image is reduced to so that its copies can be found again: SHA-256 (exact copies) and
PDQ (near copies), and for a reported image the PDQ of its *variants*, so that a mirrored,
rotated or cropped copy is found as well.

PDQ of a mirror is not near the PDQ of the original (to the hash it is another image), and PDQ
moves far under a crop of a few percent (its DCT sees every feature shift). But the PDQ of the
mirrored (or cropped) original is near the PDQ of a mirrored (or cropped) copy. A reported image
is therefore hashed as: the 8 dihedral transforms (rotations by 90 degrees, each one mirrored),
and the image and its mirror cropped by 2.5, 5 and 7.5% on every side: 14 hashes, each searched,
and all put on the known-NCII list when the report is accepted. The transforms are made on the
pixels and each is hashed (``pdqhash.compute_dihedral`` derives them from the DCT instead, which
is 30 bits and more away from the hash of a real mirror on non-square images).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from consentry.image.decode import RGB, decode_rgb
from consentry.image.hashes import _MAX_SIDE, PdqHash, pdq_hash
from consentry.image.runtime import import_cv2


@dataclass(frozen=True, slots=True)
class ImageHashes:
    """An image reduced to hashes: ``pdq`` is None when the image could not be decoded."""

    sha256: str
    pdq: PdqHash | None
    variants: tuple[str, ...] = ()  # PDQ hex of the variants (``pdq_variants``; the first is the image)
    cropped: str | None = None  # PDQ of the image cropped by ``SIGHTING_CROP`` on every side

    @property
    def pdq_hex(self) -> str | None:
        return self.pdq.hex if self.pdq is not None else None

    @property
    def quality(self) -> int:
        return self.pdq.quality if self.pdq is not None else 0


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shrunk(rgb: RGB) -> RGB:
    height, width = rgb.shape[:2]
    if max(height, width) <= _MAX_SIDE:
        return rgb
    cv2 = import_cv2()
    scale = _MAX_SIDE / max(height, width)
    resized: RGB = cv2.resize(
        rgb, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=cv2.INTER_AREA
    )
    return resized


CROPS = (0.025, 0.05, 0.075)  # the share cut from every side of a cropped variant
SIGHTING_CROP = 0.075  # the crop of a logged image's second hash


def _crop(rgb: RGB, share: float) -> RGB | None:
    height, width = rgb.shape[:2]
    dy, dx = int(height * share), int(width * share)
    if height - 2 * dy < 16 or width - 2 * dx < 16:
        return None
    cropped: RGB = np.ascontiguousarray(rgb[dy : height - dy, dx : width - dx])
    return cropped


def pdq_variants(rgb: RGB) -> tuple[PdqHash, ...]:
    """PDQ of the image's variants: the 8 dihedral transforms (the first is the image as is,
    the second its mirror), then the image and its mirror cropped by each of ``CROPS``."""
    image = _shrunk(rgb)
    mirror = image[:, ::-1]
    turns = [image, mirror]
    for k in (1, 2, 3):
        turns += [np.rot90(image, k), np.rot90(mirror, k)]
    crops = []
    for share in CROPS:
        for side in (image, mirror):
            cropped = _crop(side, share)
            if cropped is not None:
                crops.append(cropped)
    return tuple(pdq_hash(np.ascontiguousarray(variant)) for variant in (*turns, *crops))


def hash_decoded(data: bytes, rgb: RGB, pdq: PdqHash | None = None) -> ImageHashes:
    """A logged image's hashes (as ``hash_image(..., cropped=True)``) from pixels already decoded
    (and its PDQ, when already computed)."""
    inner = _crop(_shrunk(rgb), SIGHTING_CROP)
    return ImageHashes(sha256_bytes(data), pdq or pdq_hash(rgb), (), pdq_hash(inner).hex if inner is not None else None)


def hash_image(data: bytes, name: str = "image", *, variants: bool = False, cropped: bool = False) -> ImageHashes:
    """The hashes of encoded image bytes: with ``variants``, also those of ``pdq_variants`` (a
    reported image); with ``cropped``, also the PDQ of the image cropped by ``SIGHTING_CROP`` on
    every side (a logged image: a requester who reports a cropped copy finds it by that hash).
    Raises ``InputError`` if they are not an image."""
    rgb = decode_rgb(data, name)
    if variants:
        found = pdq_variants(rgb)
        return ImageHashes(sha256_bytes(data), found[0], tuple(v.hex for v in found))
    inner = _crop(_shrunk(rgb), SIGHTING_CROP) if cropped else None
    return ImageHashes(sha256_bytes(data), pdq_hash(rgb), (), pdq_hash(inner).hex if inner is not None else None)
