"""Thumbnails for the review queue: blurred by default, the clear image only after a reveal.

The blurred version is made on the server (the clear pixels never reach the browser until a
moderator asks for them, and that request is logged): the image is shrunk to a few pixels, then
enlarged and blurred, which keeps the rough colours and composition and nothing else.
"""

from __future__ import annotations

import io

from consentry.errors import InputError, MissingExtraError

THUMB_SIDE = 320  # longest side of a thumbnail, in pixels
_BLUR_SIDE = 12  # longest side of the image before it is enlarged again (the blur strength)
MAX_PIXELS = 40_000_000


def _pil() -> object:
    try:
        from PIL import Image
    except ImportError as exc:  # pragma: no cover - Pillow is in the server extra
        raise MissingExtraError("dashboard thumbnails", "server", "PIL") from exc
    return Image


def thumbnail_png(data: bytes, *, blur: bool, side: int = THUMB_SIDE) -> bytes:
    """A PNG at most ``side`` pixels on its longest side; strongly blurred when ``blur``."""
    _pil()
    from PIL import Image, ImageFilter

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise InputError(f"image of {opened.width}x{opened.height} pixels is too large to preview")
            opened.draft("RGB", (side, side))
            image = opened.convert("RGB")
    except InputError:
        raise
    except Exception as exc:  # Pillow raises many types for broken files
        raise InputError(f"cannot read the image for a preview ({type(exc).__name__})") from None
    image.thumbnail((side, side))
    if blur:
        width, height = image.size
        scale = _BLUR_SIDE / max(width, height)
        tiny = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BOX)
        image = tiny.resize((width, height), Image.Resampling.BILINEAR).filter(
            ImageFilter.GaussianBlur(radius=max(width, height) / 24)
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
