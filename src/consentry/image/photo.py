"""Is this a photograph or a drawing / painting / flat render? A small, explainable score.

Photographs carry fine texture everywhere (sensor noise, skin pores, JPEG grain) and smooth,
continuous colour; drawings, cel-shaded anime, paintings and flat renders have flat areas and
far fewer distinct colours. We measure two things on the face and a margin around it, resized
to 160x160:

- ``flat``: the share of pixels whose 3x3 neighbourhood is almost constant (std < 1.0);
- ``colours``: distinct colours (5 bits a channel) per 1,000 pixels.

``photo_score`` = logistic((colours - 100 x flat - 32) / 4). A black-and-white region has no
colours to count, so there the score is logistic((0.18 - flat) / 0.03) from texture alone: this
leans towards "photo" on purpose (a black-and-white photo of a real person must not pass as a
drawing), and calls some smooth monochrome drawings and paintings photos. The constants were set
by hand on the development images (public-domain photos, the public-domain paintings, and
drawings that ``benchmarks/eval_image.py`` makes from the photos in code) and are measured
there. Known misses: a colour pencil filter over a photo looks photographic; photoreal AI renders
look like photos (which is what they pretend to be). It is a signal for the policy, not a
verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from consentry.image.decode import RGB
from consentry.image.runtime import import_cv2

_SIDE = 160


@dataclass(frozen=True, slots=True)
class PhotoEvidence:
    flat: float
    colours: float
    score: float
    monochrome: bool = False


def photo_features(rgb: RGB, box: tuple[int, int, int, int] | None = None) -> tuple[float, float, bool]:
    """(flat, colours, monochrome) of ``box`` (x0, y0, x1, y1) enlarged by half, or of the image."""
    cv2 = import_cv2()
    height, width = rgb.shape[:2]
    region = rgb
    if box is not None:
        x0, y0, x1, y1 = box
        pad_x, pad_y = (x1 - x0) // 4, (y1 - y0) // 4
        x0, y0 = max(0, x0 - pad_x), max(0, y0 - pad_y)
        x1, y1 = min(width, x1 + pad_x), min(height, y1 + pad_y)
        if x1 > x0 and y1 > y0:
            region = rgb[y0:y1, x0:x1]
    interpolation = cv2.INTER_AREA if min(region.shape[:2]) > _SIDE else cv2.INTER_LINEAR
    small = cv2.resize(np.ascontiguousarray(region), (_SIDE, _SIDE), interpolation=interpolation)
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY).astype(np.float32)
    mean = cv2.blur(gray, (3, 3))
    square = cv2.blur(gray * gray, (3, 3))
    std = np.sqrt(np.maximum(square - mean * mean, 0.0))
    flat = float((std < 1.0).mean())
    quantised = (small >> 3).astype(np.int32)
    codes = (quantised[:, :, 0] << 10) | (quantised[:, :, 1] << 5) | quantised[:, :, 2]
    colours = float(len(np.unique(codes)) / (codes.size / 1000.0))
    channels = small.astype(np.int16)
    spread = np.abs(channels[:, :, 0] - channels[:, :, 1]) + np.abs(channels[:, :, 1] - channels[:, :, 2])
    monochrome = bool(spread.mean() < _MONOCHROME_SPREAD)
    return flat, colours, monochrome


_FLAT_WEIGHT = 100.0
_MIDPOINT = 32.0
_SCALE = 4.0
_MONOCHROME_SPREAD = 3.0  # mean |R-G| + |G-B| below this: a black-and-white (or sepia-free grey) region
_MONOCHROME_FLAT = 0.18
_MONOCHROME_SCALE = 0.03


def photo_score(rgb: RGB, box: tuple[int, int, int, int] | None = None) -> PhotoEvidence:
    """How much the face region (or the image) looks like a photograph, 0..1."""
    flat, colours, monochrome = photo_features(rgb, box)
    if monochrome:
        z = (_MONOCHROME_FLAT - flat) / _MONOCHROME_SCALE
    else:
        z = (colours - _FLAT_WEIGHT * flat - _MIDPOINT) / _SCALE
    return PhotoEvidence(flat, colours, 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z)))), monochrome)
