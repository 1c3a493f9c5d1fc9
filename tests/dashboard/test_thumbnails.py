"""Blurred and clear thumbnails."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from consentry.errors import InputError
from consentry.service.dashboard.thumbnails import thumbnail_png


def checkerboard(width: int = 400, height: int = 200, cell: int = 4) -> bytes:
    image = Image.new("RGB", (width, height))
    pixels = image.load()
    assert pixels is not None
    for y in range(height):
        for x in range(width):
            pixels[x, y] = (255, 255, 255) if (x // cell + y // cell) % 2 else (0, 0, 0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def detail(png: bytes) -> float:
    """Mean absolute difference between horizontal neighbours: high for sharp detail."""
    import numpy as np

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.float64)
    return float(np.abs(np.diff(pixels, axis=1)).mean())


def test_clear_thumbnail_keeps_aspect_and_fits_the_side() -> None:
    png = thumbnail_png(checkerboard(), blur=False, side=100)
    assert Image.open(io.BytesIO(png)).size == (100, 50)


def test_blurred_thumbnail_has_same_size_and_no_fine_detail() -> None:
    source = checkerboard(cell=8)
    clear, blurred = thumbnail_png(source, blur=False), thumbnail_png(source, blur=True)
    assert Image.open(io.BytesIO(blurred)).size == Image.open(io.BytesIO(clear)).size
    assert detail(clear) > 20  # a sharp checkerboard
    assert detail(blurred) < 2  # nothing left of it


def test_broken_image_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot read the image"):
        thumbnail_png(b"\x89PNG\r\n\x1a\nnot really", blur=True)
