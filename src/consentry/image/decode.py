"""Decode an image once per check, with limits, and share the pixels between detectors.

Every image detector reads ``decoded(context, ref, image)``: the first call decodes (Pillow),
applies the EXIF orientation (so boxes are in the pixels a person sees) and converts to RGB;
later calls in the same check get the same array from ``context.memo``.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from consentry.content import ImageInput
from consentry.detectors.base import Context
from consentry.errors import InputError, MissingExtraError

# A 20 MB file can hold a gigapixel of flat colour (a decompression bomb): refuse before decoding.
MAX_PIXELS = 40_000_000
MIN_SIDE = 8

RGB = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """An image decoded to RGB (height x width x 3, uint8), as a person would see it."""

    ref: str  # "input:0", "output:1"...
    role: str
    rgb: RGB

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])


def decode_rgb(data: bytes, name: str = "image", *, max_pixels: int = MAX_PIXELS) -> RGB:
    """Decode encoded image bytes to an RGB array; a precise ``InputError`` if that cannot be done."""
    try:
        from PIL import Image, ImageOps, UnidentifiedImageError
    except ModuleNotFoundError:
        raise MissingExtraError("decoding images", "image", "PIL") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img: Image.Image = Image.open(io.BytesIO(bytes(data)))
            width, height = img.size
            if width * height > max_pixels:
                raise InputError(
                    f"{name}: {width}x{height} is {width * height / 1e6:.0f} megapixels; the limit is "
                    f"{max_pixels / 1e6:.0f} megapixels",
                    field="images",
                    code="too_many_pixels",
                )
            if min(width, height) < MIN_SIDE:
                raise InputError(
                    f"{name}: {width}x{height} is too small to check (at least {MIN_SIDE} pixels a side)",
                    field="images",
                    code="too_small",
                )
            img.load()
            img = ImageOps.exif_transpose(img) or img
            if img.mode != "RGB":
                img = img.convert("RGB")
            array = np.asarray(img, dtype=np.uint8)
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError(
            f"{name}: too many pixels (a decompression bomb?); the limit is {max_pixels / 1e6:.0f} megapixels",
            field="images",
            code="too_many_pixels",
        ) from None
    except UnidentifiedImageError:
        raise InputError(
            f"{name}: cannot be decoded (the header is damaged or the format is not supported)",
            field="images",
            code="corrupt_image",
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise InputError(
            f"{name}: the image data is corrupt or truncated ({exc})", field="images", code="corrupt_image"
        ) from None
    return np.ascontiguousarray(array)


def decoded(context: Context, ref: str, image: ImageInput) -> DecodedImage:
    """The decoded image ``ref`` of this check, decoded once and shared through ``context.memo``."""
    return context.memo(
        f"image.rgb:{ref}", lambda: DecodedImage(ref=ref, role=image.role, rgb=decode_rgb(image.data, image.name))
    )
