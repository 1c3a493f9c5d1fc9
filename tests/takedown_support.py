"""Images for the takedown tests and benchmarks: made here (noise shaped into blobs and
gradients, so PDQ has features to hash), and their transformed copies."""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt


def made_pixels(seed: int, size: tuple[int, int] = (320, 240)) -> npt.NDArray[np.uint8]:
    """RGB pixels of random texture at several scales (as photographs have: large shapes and
    fine detail), different for every seed."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    width, height = size
    pixels = np.zeros((height, width, 3), dtype=np.float64)
    for octave, weight in ((3, 1.0), (6, 0.6), (12, 0.35), (24, 0.2), (48, 0.1)):
        grid = rng.uniform(-1, 1, size=(max(2, octave * height // width), octave, 3))
        layer = Image.fromarray(((grid + 1) * 127.5).astype(np.uint8), "RGB").resize(
            (width, height), Image.Resampling.BICUBIC
        )
        pixels += weight * (np.asarray(layer, dtype=np.float64) - 127.5)
    return np.clip(128 + pixels * 0.9, 0, 255).astype(np.uint8)


def made_image(seed: int, size: tuple[int, int] = (320, 240)) -> bytes:
    """``made_pixels`` as a PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(made_pixels(seed, size), "RGB").save(out, format="PNG")
    return out.getvalue()


def transformed(data: bytes, how: str) -> bytes:
    """A copy of an image as a site's user might re-post it."""
    from PIL import Image, ImageDraw, ImageEnhance, ImageOps

    image = Image.open(io.BytesIO(data)).convert("RGB")
    width, height = image.size
    fmt, quality = "PNG", 95
    if how == "resize":
        image = image.resize((max(8, width * 3 // 5), max(8, height * 3 // 5)), Image.Resampling.BILINEAR)
        fmt = "JPEG"
    elif how == "jpeg50":
        fmt, quality = "JPEG", 50
    elif how == "crop10":
        dx, dy = width // 20, height // 20  # 10% off the width and the height, 5% each side
        image = image.crop((dx, dy, width - dx, height - dy))
    elif how == "colour":
        image = ImageEnhance.Color(ImageEnhance.Brightness(image).enhance(1.08)).enhance(0.85)
        fmt = "JPEG"
    elif how == "mirror":
        image = ImageOps.mirror(image)
        fmt = "JPEG"
    elif how == "caption":
        draw = ImageDraw.Draw(image)
        band = max(12, height // 9)
        draw.rectangle((0, height - band, width, height), fill=(0, 0, 0))
        draw.text((6, height - band + 2), "so funny lol #repost", fill=(255, 255, 255))
        fmt = "JPEG"
    elif how != "same":
        raise ValueError(f"unknown transform {how!r}")
    out = io.BytesIO()
    image.save(out, format=fmt, quality=quality) if fmt == "JPEG" else image.save(out, format=fmt)
    return out.getvalue()


TRANSFORMS = ("resize", "jpeg50", "crop10", "colour", "mirror", "caption")
