"""Core types and the request: precise errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentry import CheckRequest, Finding, ImageInput, InputError, Span
from consentry.content import MAX_IMAGE_BYTES


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"kind": "person", "score": 0.5, "detector": "d@1", "reason": "r"}, "dotted"),
        ({"kind": "person.named", "score": 1.5, "detector": "d@1", "reason": "r"}, "0..1"),
        ({"kind": "person.named", "score": -0.1, "detector": "d@1", "reason": "r"}, "0..1"),
        ({"kind": "person.named", "score": 0.5, "detector": "d", "reason": "r"}, "name@version"),
        ({"kind": "person.named", "score": 0.5, "detector": "d@1", "reason": "r", "evidence": {"x": {}}}, "scalar"),
    ],
)
def test_malformed_findings_are_rejected(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        Finding(**kwargs)  # type: ignore[arg-type]


def test_finding_is_frozen_and_serialises() -> None:
    f = Finding("person.named", 0.9, "d@1", "r", span=Span(1, 3), evidence={"steps": ["leet"]})
    with pytest.raises(AttributeError):
        f.score = 0.1  # type: ignore[misc]
    assert f.to_dict()["evidence"] == {"steps": ["leet"]}
    assert f.family == "person"


@pytest.mark.parametrize(
    ("kwargs", "fragment", "code"),
    [
        ({"prompt": ""}, "nothing to check", "empty"),
        ({"prompt": "   \n"}, "nothing to check", "empty"),
        ({"prompt": "x" * 100_000}, "100,000 characters", "too_large"),
        ({"prompt": b"caf\xe9"}, "not valid UTF-8", "bad_encoding"),
        ({"prompt": "a\ud800b"}, "surrogates", "bad_encoding"),
        ({"prompt": 42}, "must be text", "invalid_input"),
        ({"prompt": "ok", "negative_prompt": "n" * 30_000}, "negative_prompt is 30,000", "too_large"),
    ],
)
def test_bad_text_input_is_a_precise_error(kwargs: dict[str, object], fragment: str, code: str) -> None:
    with pytest.raises(InputError, match=fragment) as info:
        CheckRequest(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == code


def test_image_only_request_is_valid(png_bytes: bytes) -> None:
    request = CheckRequest(output_images=[ImageInput(png_bytes)])
    assert request.output_images[0].role == "output"
    assert [ref for ref, _ in request.images] == ["output:0"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"not an image at all", "not a supported image"),
        (b"\x89PNG" + b"\0" * (MAX_IMAGE_BYTES), "limit"),
    ],
)
def test_bad_images_are_precise_errors(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        ImageInput(data)


def test_missing_image_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        ImageInput.from_path(tmp_path / "nope.png")
    assert info.value.code == "not_found"
