"""The check request: what a generation site really has at hand.

A request carries a prompt, a negative prompt, input images (img2img, inpainting,
face-swap sources), output images, and the user context. Validation happens here, once,
with precise messages, so that no detector ever sees malformed input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from consentry.errors import InputError

MAX_PROMPT_CHARS = 20_000
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGES = 16

ImageRole = Literal["img2img", "inpaint", "mask", "face_source", "reference", "output"]
_INPUT_ROLES = ("img2img", "inpaint", "mask", "face_source", "reference")

# Magic numbers of the formats the image gate reads.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)


def sniff_image_format(data: bytes) -> str | None:
    """The image format from its first bytes (png, jpeg, gif, bmp, webp), or None."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


@dataclass(frozen=True, slots=True)
class ImageInput:
    """One image: its encoded bytes, a role, and a name for messages (a file name or id)."""

    data: bytes = field(repr=False)
    role: ImageRole = "img2img"
    name: str = "image"

    def __post_init__(self) -> None:
        if not isinstance(self.data, bytes | bytearray | memoryview):
            raise InputError(f"{self.name}: image data must be bytes", field="images")
        if len(self.data) == 0:
            raise InputError(f"{self.name}: the image is empty (0 bytes)", field="images")
        if len(self.data) > MAX_IMAGE_BYTES:
            raise InputError(
                f"{self.name}: the image is {len(self.data) / 1e6:.1f} MB; the limit is {MAX_IMAGE_BYTES / 1e6:.0f} MB",
                field="images",
                code="too_large",
            )
        if sniff_image_format(bytes(self.data[:16])) is None:
            raise InputError(
                f"{self.name}: not a supported image (PNG, JPEG, WebP, GIF or BMP expected)",
                field="images",
                code="unsupported_image",
            )

    @property
    def format(self) -> str:
        return sniff_image_format(bytes(self.data[:16])) or "unknown"

    @classmethod
    def from_path(cls, path: str | Path, role: ImageRole = "img2img") -> ImageInput:
        p = Path(path)
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise InputError(f"{p}: no such file", field="images", code="not_found") from None
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})", field="images") from None
        if p.is_dir():
            raise InputError(f"{p}: is a directory, not an image", field="images")
        if size > MAX_IMAGE_BYTES:
            raise InputError(
                f"{p}: the image is {size / 1e6:.1f} MB; the limit is {MAX_IMAGE_BYTES / 1e6:.0f} MB",
                field="images",
                code="too_large",
            )
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})", field="images") from None
        return cls(data=data, role=role, name=p.name)


def _clean_text(value: object, name: str, *, required: bool) -> str:
    if value is None:
        value = ""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name} is not valid UTF-8 (byte {exc.start}: {value[exc.start : exc.start + 1]!r})",
                field=name,
                code="bad_encoding",
            ) from None
    if not isinstance(value, str):
        raise InputError(f"{name} must be text, not {type(value).__name__}", field=name)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise InputError(f"{name} contains unpaired surrogates (not valid Unicode)", field=name, code="bad_encoding")
    if len(value) > MAX_PROMPT_CHARS:
        raise InputError(
            f"{name} is {len(value):,} characters; the limit is {MAX_PROMPT_CHARS:,}",
            field=name,
            code="too_large",
        )
    return value


@dataclass(frozen=True, slots=True)
class UserContext:
    """Who asked: an opaque user id, their tier, and whether adult content is on for them.

    ``adult_content=None`` means "use the policy's setting for this tier".
    """

    user_id: str | None = None
    tier: str | None = None
    adult_content: bool | None = None


@dataclass(frozen=True, slots=True, init=False)
class CheckRequest:
    """Everything a generation site has before (and after) generating."""

    prompt: str
    negative_prompt: str
    input_images: tuple[ImageInput, ...]
    output_images: tuple[ImageInput, ...]
    user: UserContext
    request_id: str | None
    item_ref: str | None  # the site's id or URL of the item the images will be (or are) published as

    def __init__(
        self,
        prompt: str | bytes | None = "",
        negative_prompt: str | bytes | None = "",
        *,
        input_images: Sequence[ImageInput] = (),
        output_images: Sequence[ImageInput] = (),
        user: UserContext | None = None,
        user_id: str | None = None,
        tier: str | None = None,
        adult_content: bool | None = None,
        request_id: str | None = None,
        item_ref: str | None = None,
    ) -> None:
        prompt_text = _clean_text(prompt, "prompt", required=False)
        negative_text = _clean_text(negative_prompt, "negative_prompt", required=False)
        inputs = tuple(input_images)
        outputs = tuple(output_images)
        if not prompt_text.strip() and not inputs and not outputs:
            raise InputError(
                "nothing to check: the prompt is empty and there are no images", field="prompt", code="empty"
            )
        if len(inputs) + len(outputs) > MAX_IMAGES:
            raise InputError(
                f"too many images ({len(inputs) + len(outputs)}); the limit is {MAX_IMAGES}", field="images"
            )
        for image in (*inputs, *outputs):
            if not isinstance(image, ImageInput):
                raise InputError("images must be ImageInput objects", field="images")
        outputs = tuple(
            img if img.role == "output" else ImageInput(data=img.data, role="output", name=img.name) for img in outputs
        )
        if user is None:
            user = UserContext(user_id=user_id, tier=tier, adult_content=adult_content)
        elif user_id is not None or tier is not None or adult_content is not None:
            raise InputError("give either user=UserContext(...) or user_id/tier/adult_content, not both", field="user")
        object.__setattr__(self, "prompt", prompt_text)
        object.__setattr__(self, "negative_prompt", negative_text)
        object.__setattr__(self, "input_images", inputs)
        object.__setattr__(self, "output_images", outputs)
        object.__setattr__(self, "user", user)
        object.__setattr__(self, "request_id", request_id)
        object.__setattr__(self, "item_ref", item_ref)

    @property
    def adult_content(self) -> bool | None:
        return self.user.adult_content

    @property
    def images(self) -> tuple[tuple[str, ImageInput], ...]:
        """All images with their reference: ``input:0``, ``input:1``..., ``output:0``..."""
        refs = [(f"input:{i}", img) for i, img in enumerate(self.input_images)]
        refs += [(f"output:{i}", img) for i, img in enumerate(self.output_images)]
        return tuple(refs)

    def text(self, field: str) -> str:
        if field == "prompt":
            return self.prompt
        if field == "negative_prompt":
            return self.negative_prompt
        raise KeyError(field)
