"""Decoding images once, with precise errors for corrupt data and decompression bombs."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest

pytest.importorskip("PIL")

from consentry import CheckRequest, ImageInput
from consentry.detectors.base import Context
from consentry.errors import InputError
from consentry.image.decode import decode_rgb, decoded
from tests.conftest import make_png
from tests.image_support import encode


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size (the pixels are never there): a decompression bomb's header."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


@pytest.mark.parametrize(
    ("case", "data", "code"),
    [
        ("png signature then garbage", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20, "corrupt_image"),
        ("jpeg signature then garbage", b"\xff\xd8\xff" + b"\x13" * 300, "corrupt_image"),
        ("truncated png header", make_png(16, 16)[:20], "corrupt_image"),
        ("40 megapixel bomb header", _png_header_only(8000, 6000), "too_many_pixels"),
        ("gigapixel bomb header", _png_header_only(40000, 40000), "too_many_pixels"),
        ("smaller than 8 pixels a side", make_png(4, 4), "too_small"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "",
)
def test_bad_image_gives_precise_input_error(case: str, data: bytes, code: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_rgb(data, "upload.png")
    assert caught.value.code == code
    assert str(caught.value).startswith("upload.png: ")


@pytest.mark.parametrize("mode", ["L", "LA", "RGBA", "P", "I;16", "CMYK"])
def test_any_colour_mode_decodes_to_rgb(mode: str) -> None:
    from PIL import Image

    img = Image.new("RGB", (20, 12), (10, 200, 30)).convert(mode)
    buffer = io.BytesIO()
    img.save(buffer, format="TIFF" if mode in ("I;16", "CMYK") else "PNG")
    rgb = decode_rgb(buffer.getvalue())  # TIFF is not a format ImageInput accepts; decode_rgb copes
    assert rgb.shape == (12, 20, 3)
    assert rgb.dtype == np.uint8


def test_exif_orientation_is_applied_so_boxes_match_what_people_see() -> None:
    from PIL import Image

    img = Image.fromarray(np.zeros((10, 30, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise on display
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif.tobytes())
    assert decode_rgb(buffer.getvalue()).shape == (30, 10, 3)


def test_each_image_is_decoded_once_per_check() -> None:
    image = ImageInput(encode(np.zeros((16, 16, 3), dtype=np.uint8)), role="img2img")
    context = Context(CheckRequest("x", input_images=[image]))
    first = decoded(context, "input:0", image)
    second = decoded(context, "input:0", image)
    assert first is second
    assert first.width == 16 and first.height == 16 and first.role == "img2img"
