"""Contract tests: every registered detector, run where it applies, returns well-formed findings.

The detectors run as the guard runs them: in the registry's order, on one shared context, so
that a detector gated on earlier findings (the described and unlisted person checks wait for a
sexual finding) is reached. Each detector must also report something on a positive case of its
own, and every evidence key it sets must be in the evidence schema (``consentry.types.EVIDENCE``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from consentry import CheckRequest, ImageInput
from consentry.detectors import available_detectors, bundled_detector_specs, detector_id
from consentry.detectors.base import Context, Detector, UsesGallery
from consentry.gallery.store import MemoryGalleryStore
from consentry.types import Finding, evidence_problems
from tests.conftest import SHARED, make_png

DETECTORS = available_detectors()
FIXTURES = Path(__file__).parent / "fixtures" / "images"

PROMPTS = [
    ("plain", "a photo of a cat on a sofa", ""),
    ("sexual with a name", "Taylor Swift nude on a beach, 8k", "blurry"),
    ("obfuscated", "t4yl0r sw1ft, (n4ked:1.3) <lora:x:0.8> BREAK", "nsfw, nude"),
    ("a private name, sexual", "a nude photo of my coworker Anna Kowalski, bedroom", ""),
    ("a description, sexual", "the singer of Shake It Off, topless on stage", ""),
    ("other scripts", "제니 블랙핑크 수영복, 東京の女性", ""),
    ("control and zero-width", "a\u200bb\u0000c\u202e d\ufeff", ""),
    ("long", "masterpiece, best quality, " * 60, "lowres, " * 40),
    ("emoji and symbols", "🍑🍆 $$$ ~~~ ((( ))) [[[ ]]] ||| :::", ""),
]


@dataclass
class Run:
    request: CheckRequest
    applied: dict[str, bool]
    found: dict[str, list[Finding]]


def _images(with_images: bool) -> tuple[list[ImageInput], list[ImageInput]]:
    if not with_images:
        return [], []
    inputs = [ImageInput(make_png(64, 64), role="img2img")]
    outputs = [ImageInput(make_png(64, 64, (10, 200, 30)), role="output")]
    if FIXTURES.is_dir():
        inputs.append(ImageInput((FIXTURES / "biden.jpg").read_bytes(), role="img2img"))
        outputs.append(ImageInput((FIXTURES / "obama_b.jpg").read_bytes(), role="output"))
    return inputs, outputs


@pytest.fixture(scope="module")
def pipeline() -> Iterator[list[Detector]]:
    """The available detectors in the guard's order, loaded, over a gallery with one enrolled
    face and one listed hash (so that the face and hash detectors have something to find)."""
    store = MemoryGalleryStore()
    detectors: list[Detector] = []
    for cls in DETECTORS:
        detector = cls()
        if isinstance(detector, UsesGallery):
            detector.use_gallery(store)
        detectors.append(detector)
    if any(d.domain in {"face", "hash"} for d in detectors):
        from consentry.gallery.store import HashEntry, HashList
        from consentry.image.decode import decode_rgb
        from consentry.image.enroll import enroll
        from consentry.image.hashes import pdq_hash

        enroll(store, "Barack Obama", [(FIXTURES / "obama_a.jpg").read_bytes()])
        store.add_hash_list(HashList("known", "known images"))
        digest = pdq_hash(decode_rgb((FIXTURES / "obama_a.jpg").read_bytes()))
        store.add_hashes([HashEntry("known", digest.hex, "case-1")])
    for detector in detectors:
        detector.load()
    yield detectors


def run(detectors: list[Detector], request: CheckRequest) -> Run:
    """Run the detectors as the guard does (shared context, registry order), per detector."""
    context = Context(request)
    applied: dict[str, bool] = {}
    found: dict[str, list[Finding]] = {}
    for detector in detectors:
        applied[detector.name] = detector.applies(context)
        found[detector.name] = list(detector.detect(context)) if applied[detector.name] else []
        context.findings.extend(found[detector.name])
    return Run(request, applied, found)


def test_registry_entries_are_unique() -> None:
    targets = [spec.target for spec in bundled_detector_specs()]
    assert len(targets) == len(set(targets))


@pytest.mark.parametrize("cls", DETECTORS, ids=lambda c: c.name)
def test_detector_declares_identity(cls: type[Detector]) -> None:
    assert cls.name and cls.version and cls.domain
    assert cls.kinds and all("." in kind for kind in cls.kinds)
    assert "@" not in cls.name


def _check_well_formed(detector: Detector, request: CheckRequest, findings: list[Finding]) -> None:
    cls = type(detector)
    for f in findings:
        assert any(fnmatch.fnmatchcase(f.kind, k) for k in cls.kinds), f"{f.kind} not declared in {cls.kinds}"
        assert f.detector == detector_id(cls)
        assert 0.0 <= f.score <= 1.0
        assert f.reason
        assert evidence_problems(f.kind, f.evidence, strict=True) == []
        if f.span is not None:
            text = request.text(f.span.field)
            assert 0 <= f.span.start < f.span.end <= len(text), (f.span, len(text))
        if f.box is not None:
            assert f.box.image in {ref for ref, _ in request.images}


@pytest.mark.parametrize("with_images", [False, True], ids=["text", "images"])
@pytest.mark.parametrize(("case", "prompt", "negative"), PROMPTS, ids=[p[0] for p in PROMPTS])
def test_detectors_return_well_formed_findings(
    case: str, prompt: str, negative: str, with_images: bool, pipeline: list[Detector]
) -> None:
    inputs, outputs = _images(with_images)
    request = CheckRequest(
        prompt=prompt, negative_prompt=negative, input_images=inputs, output_images=outputs, adult_content=True
    )
    first = run(pipeline, request)
    for detector in pipeline:
        _check_well_formed(detector, request, first.found[detector.name])
    # detectors are deterministic: the same request gives the same findings
    again = run(pipeline, request)
    for detector in pipeline:
        assert [f.to_dict() for f in again.found[detector.name]] == [f.to_dict() for f in first.found[detector.name]]


def test_every_detector_applies_somewhere_in_the_cases_above(pipeline: list[Detector]) -> None:
    applied: set[str] = set()
    for _, prompt, negative in PROMPTS:
        for with_images in (False, True):
            inputs, outputs = _images(with_images)
            request = CheckRequest(prompt, negative_prompt=negative, input_images=inputs, output_images=outputs)
            result = run(pipeline, request)
            applied |= {name for name, on in result.applied.items() if on}
    assert applied == {d.name for d in pipeline}


# (detector name, prompt, input image, output image, a kind it must report); images are names
# of committed fixtures, or 'shared:<path>' for the development data (skipped where absent).
POSITIVE = [
    ("person", "Taylor Swift nude on a beach", None, None, "person.named"),
    ("sexual", "a nude woman lying on a bed", None, None, "sexual.nudity"),
    ("minor", "a 12 year old girl in her school uniform", None, None, "minor.*"),
    ("described", "the singer of Shake It Off, topless on stage", None, None, "person.described"),
    ("unlisted", "a nude photo of my coworker Anna Kowalski, bedroom", None, None, "person.unlisted"),
    ("nudity", "a painting", None, "shared:data/art_public_domain/birth_of_venus.jpg", "nudity.nude"),
    ("face", "make it a watercolor painting", "obama_a.jpg", None, "face.photo"),
    ("face", "a portrait", None, "obama_b.jpg", "face.match"),
    ("hash", "a photo", None, "obama_a.jpg", "hash.match"),
]


def _image(name: str | None, role: str) -> list[ImageInput]:
    if name is None:
        return []
    if name.startswith("shared:"):
        path = SHARED / name.removeprefix("shared:")
        if not path.is_file():
            pytest.skip("the development data folder ../shared is absent")
        return [ImageInput(path.read_bytes(), role=role)]  # type: ignore[arg-type]
    return [ImageInput((FIXTURES / name).read_bytes(), role=role)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "prompt", "source", "output", "kind"), POSITIVE, ids=[f"{p[0]}: {p[4]}" for p in POSITIVE]
)
def test_each_detector_reports_on_a_positive_case(
    name: str, prompt: str, source: str | None, output: str | None, kind: str, pipeline: list[Detector]
) -> None:
    if name not in {d.name for d in pipeline}:
        pytest.skip(f"the {name} detector's extra is not installed")
    request = CheckRequest(
        prompt, input_images=_image(source, "img2img"), output_images=_image(output, "output"), adult_content=True
    )
    result = run(pipeline, request)
    assert result.applied[name], f"{name} did not apply"
    kinds = [f.kind for f in result.found[name]]
    assert any(fnmatch.fnmatchcase(k, kind) for k in kinds), (name, kinds)
    detector = next(d for d in pipeline if d.name == name)
    _check_well_formed(detector, request, result.found[name])


def test_every_registered_detector_has_a_positive_case() -> None:
    assert {cls.name for cls in DETECTORS} <= {p[0] for p in POSITIVE}
