"""Images made in code, and the committed public-domain fixtures, for the image-gate tests."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import numpy.typing as npt

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "images"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def encode(array: np.ndarray, fmt: str = "PNG", **options: object) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def synthetic(kind: str, size: int = 256, seed: int = 0) -> np.ndarray:
    """Benign images with no people: flat colour, gradients, noise, stripes, a skin-tone field."""
    rng = np.random.default_rng(seed)
    if kind == "flat":
        return np.full((size, size, 3), (90, 140, 200), dtype=np.uint8)
    if kind == "gradient":
        ramp = np.linspace(0, 255, size, dtype=np.float32)
        return np.stack(
            [np.tile(ramp, (size, 1)), np.tile(ramp[:, None], (1, size)), np.full((size, size), 128.0)], axis=2
        ).astype(np.uint8)
    if kind == "noise":
        return rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    if kind == "stripes":
        stripes = ((np.arange(size) // 16) % 2 * 255).astype(np.uint8)
        return np.repeat(np.tile(stripes, (size, 1))[:, :, None], 3, axis=2)
    if kind == "skin":
        base = np.array([224, 172, 140], dtype=np.int16)
        skin: npt.NDArray[np.uint8] = np.clip(base + rng.integers(-12, 12, (size, size, 3)), 0, 255).astype(np.uint8)
        return skin
    raise ValueError(kind)


def cartoon(rgb: np.ndarray) -> np.ndarray:
    """A flat-shaded drawing of a photo: smoothed, posterised, outlined."""
    import cv2

    smooth = rgb.copy()
    for _ in range(4):
        smooth = cv2.bilateralFilter(smooth, 9, 75, 75)
    poster = (smooth // 48) * 48 + 24
    gray = cv2.medianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), 5)
    edges = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 9, 2)
    return (poster * (edges[:, :, None] > 0)).astype(np.uint8)


def grey(rgb: np.ndarray) -> np.ndarray:
    """A black-and-white version, still three channels."""
    luma = (rgb[:, :, 0] * 0.299 + rgb[:, :, 1] * 0.587 + rgb[:, :, 2] * 0.114).astype(np.uint8)
    return np.repeat(luma[:, :, None], 3, axis=2)
