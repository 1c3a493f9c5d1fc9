"""Image limits checked before any decoder runs: size in bytes, format, and pixel count read from
the file's header (so that a small file that decodes to a huge bitmap is refused up front)."""

from __future__ import annotations

import struct

from consentry.content import sniff_image_format
from consentry.errors import InputError

# JPEG start-of-frame markers (all but DHT 0xC4, JPG 0xC8 and DAC 0xCC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header of a PNG, JPEG, GIF, BMP or WebP; None if unreadable."""
    kind = sniff_image_format(data[:16])
    try:
        if kind == "png" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return int(width), int(height)
        if kind == "gif":
            width, height = struct.unpack("<HH", data[6:10])
            return int(width), int(height)
        if kind == "bmp":
            width, height = struct.unpack("<ii", data[18:26])
            return abs(int(width)), abs(int(height))
        if kind == "webp":
            return _webp(data)
        if kind == "jpeg":
            return _jpeg(data)
    except struct.error:
        return None
    return None


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return None


def _jpeg(data: bytes) -> tuple[int, int] | None:
    pos = 2
    end = len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return int(width), int(height)
        if length < 2:
            return None
        pos += 2 + length
    return None


def check_image(data: bytes, name: str, *, max_bytes: int, max_pixels: int) -> None:
    """Raise ``InputError`` (code ``too_large`` or ``unsupported_image``) unless the image is
    within the limits and of a supported format."""
    if len(data) == 0:
        raise InputError(f"{name}: the image is empty (0 bytes)", field="images")
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: the image is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB",
            field="images",
            code="too_large",
        )
    if sniff_image_format(data[:16]) is None:
        raise InputError(
            f"{name}: not a supported image (PNG, JPEG, WebP, GIF or BMP expected)",
            field="images",
            code="unsupported_image",
        )
    size = image_dimensions(data)
    if size is None:
        raise InputError(
            f"{name}: the image header cannot be read (truncated or corrupt)", field="images", code="unsupported_image"
        )
    width, height = size
    if width <= 0 or height <= 0:
        raise InputError(
            f"{name}: the image has no pixels ({width}x{height})", field="images", code="unsupported_image"
        )
    if width * height > max_pixels:
        raise InputError(
            f"{name}: the image is {width}x{height} ({width * height / 1e6:.1f} megapixels); "
            f"the limit is {max_pixels / 1e6:.1f} megapixels",
            field="images",
            code="too_large",
        )
