"""Contract tests: every registered detector returns well-formed findings on varied input."""

from __future__ import annotations

import fnmatch

import pytest

from consentry import CheckRequest, ImageInput
from consentry.detectors import available_detectors, bundled_detector_specs, detector_id
from consentry.detectors.base import Context, Detector
from tests.conftest import make_png

DETECTORS = available_detectors()

PROMPTS = [
    ("plain", "a photo of a cat on a sofa", ""),
    ("sexual with a name", "Taylor Swift nude on a beach, 8k", "blurry"),
    ("obfuscated", "t4yl0r sw1ft, (n4ked:1.3) <lora:x:0.8> BREAK", "nsfw, nude"),
    ("other scripts", "제니 블랙핑크 수영복, 東京の女性", ""),
    ("control and zero-width", "a\u200bb\u0000c\u202e d\ufeff", ""),
    ("long", "masterpiece, best quality, " * 60, "lowres, " * 40),
    ("emoji and symbols", "🍑🍆 $$$ ~~~ ((( ))) [[[ ]]] ||| :::", ""),
]


def _request(prompt: str, negative: str, with_images: bool) -> CheckRequest:
    images = [ImageInput(make_png(64, 64), role="img2img")] if with_images else []
    outputs = [ImageInput(make_png(64, 64, (10, 200, 30)), role="output")] if with_images else []
    return CheckRequest(
        prompt=prompt, negative_prompt=negative, input_images=images, output_images=outputs, adult_content=True
    )


def test_registry_entries_are_unique() -> None:
    targets = [spec.target for spec in bundled_detector_specs()]
    assert len(targets) == len(set(targets))


@pytest.mark.parametrize("cls", DETECTORS, ids=lambda c: c.name)
def test_detector_declares_identity(cls: type[Detector]) -> None:
    assert cls.name and cls.version and cls.domain
    assert cls.kinds and all("." in kind for kind in cls.kinds)
    assert "@" not in cls.name


@pytest.fixture(scope="module")
def loaded() -> dict[str, Detector]:
    out: dict[str, Detector] = {}
    for cls in DETECTORS:
        detector = cls()
        detector.load()
        out[cls.name] = detector
    return out


@pytest.mark.parametrize("with_images", [False, True], ids=["text", "images"])
@pytest.mark.parametrize(("case", "prompt", "negative"), PROMPTS, ids=[p[0] for p in PROMPTS])
@pytest.mark.parametrize("cls", DETECTORS, ids=lambda c: c.name)
def test_detector_returns_well_formed_findings(
    cls: type[Detector], case: str, prompt: str, negative: str, with_images: bool, loaded: dict[str, Detector]
) -> None:
    detector = loaded[cls.name]
    request = _request(prompt, negative, with_images)
    context = Context(request)
    if not detector.applies(context):
        return
    findings = list(detector.detect(context))
    for f in findings:
        assert any(fnmatch.fnmatchcase(f.kind, k) for k in cls.kinds), f"{f.kind} not declared in {cls.kinds}"
        assert f.detector == detector_id(cls)
        assert 0.0 <= f.score <= 1.0
        assert f.reason
        if f.span is not None:
            text = request.text(f.span.field)
            assert 0 <= f.span.start < f.span.end <= len(text), (f.span, len(text))
        if f.box is not None:
            assert f.box.image in {ref for ref, _ in request.images}
    # detectors are deterministic: the same request gives the same findings
    assert [f.to_dict() for f in detector.detect(Context(request))] == [f.to_dict() for f in findings]
