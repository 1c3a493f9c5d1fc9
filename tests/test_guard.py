"""The pipeline: detectors run once, in order, see earlier findings; errors fail closed."""

from __future__ import annotations

import pytest

from consentry import CheckRequest, Guard, ImageInput
from consentry.detectors.registry import DetectorSpec
from tests.helpers import FakeDetector, finding


def test_detectors_load_once_and_run_once_per_check() -> None:
    person = FakeDetector([finding("person.named")])
    guard = Guard([person])
    guard.check(CheckRequest(prompt="a"))
    guard.check(CheckRequest(prompt="b"))
    assert person.loads == 1
    assert person.calls == 2


def test_later_detectors_see_earlier_findings() -> None:
    first = FakeDetector([finding("sexual.nudity")])
    second = FakeDetector([finding("person.named")])
    decision = Guard([first, second]).check(CheckRequest(prompt="x", adult_content=True))
    assert [f.kind for f in second.seen[0]] == ["sexual.nudity"]
    assert decision.verdict == "deny"
    assert decision.rule_ids == ("deny-sexual-real-person",)


@pytest.mark.parametrize("error", [RuntimeError("model crashed"), MemoryError(), ValueError("bad")])
def test_detector_exception_becomes_error_finding_and_fails_closed(error: Exception) -> None:
    sexual = FakeDetector([finding("sexual.explicit")])
    broken = FakeDetector(fail=error)
    decision = Guard([sexual, broken]).check(CheckRequest(prompt="x", adult_content=True))
    assert decision.verdict == "deny"
    assert "error.person" in {f.kind for f in decision.findings}
    assert any("fail closed" in line for line in decision.explanation)


def test_missing_image_extra_fails_closed_only_when_images_are_sent(png_bytes: bytes) -> None:
    spec = DetectorSpec("consentry.nowhere:Nothing", domain="face", extra="image", needs="images")
    sexual = FakeDetector([finding("sexual.nudity")])
    guard = Guard([sexual], unavailable=[(spec, "needs the image extra")])
    assert guard.check(CheckRequest(prompt="x", adult_content=True)).verdict == "allow"
    with_image = CheckRequest(prompt="x", adult_content=True, input_images=[ImageInput(png_bytes)])
    decision = guard.check(with_image)
    assert decision.verdict == "deny"
    assert "error.face" in {f.kind for f in decision.findings}


def test_runtime_allow_list_takes_effect_on_the_next_check() -> None:
    prompt = "madonna and child, nude"
    detectors = [
        FakeDetector([finding("sexual.nudity", span=(19, 23))]),
        FakeDetector([finding("person.named", span=(0, 7), subject="p:1")]),
    ]
    guard = Guard(detectors)
    request = CheckRequest(prompt=prompt, adult_content=True)
    assert guard.check(request).verdict == "deny"
    guard.allow(subjects=["p:1"])  # a run-time subject never covers a person
    assert guard.check(request).verdict == "deny"
    guard.allow(phrases=["madonna"])  # nor does a name alone
    assert guard.check(request).verdict == "deny"
    guard.allow(phrases=["madonna and child"])  # the name in its context does
    assert guard.check(request).verdict == "allow"


def test_decision_carries_versions_and_timing() -> None:
    decision = Guard([FakeDetector()]).check(CheckRequest(prompt="x"))
    assert decision.detector_versions == ("fake@1",)
    assert decision.elapsed_ms >= 0
    assert decision.to_dict()["verdict"] == "allow"


def test_default_guard_loads_bundled_detectors() -> None:
    guard = Guard.default()
    assert all(d.name for d in guard.detectors)
    assert guard.policy.version


def test_detector_whose_extra_is_missing_at_load_is_set_aside(png_bytes: bytes) -> None:
    from consentry.errors import MissingExtraError

    class NeedsExtra(FakeDetector):
        domain = "face"  # type: ignore[assignment]

        def load(self) -> None:
            raise MissingExtraError("the face detector", "image", "cv2")

    sexual = FakeDetector([finding("sexual.nudity")])
    guard = Guard([sexual, NeedsExtra()]).load()
    assert [d.name for d in guard.detectors] == ["fake"]
    assert guard.check(CheckRequest(prompt="x", adult_content=True)).verdict == "allow"
    decision = guard.check(CheckRequest(prompt="x", adult_content=True, input_images=[ImageInput(png_bytes)]))
    assert "error.face" in {f.kind for f in decision.findings}
    assert decision.verdict == "deny"


def test_detector_that_fails_to_load_fails_closed_on_every_request() -> None:
    class Broken(FakeDetector):
        def load(self) -> None:
            raise OSError("model file unreadable")

    sexual = FakeDetector([finding("sexual.nudity")])
    guard = Guard([sexual, Broken()]).load()
    decision = guard.check(CheckRequest(prompt="x", adult_content=True))
    assert decision.verdict == "deny"
    errors = [f for f in decision.findings if f.kind == "error.person"]
    assert errors and "failed to load" in str(errors[0].evidence["error"])


@pytest.fixture(scope="module")
def bundled() -> Guard:
    return Guard.default().load()


PORTRAITS = [
    "Barack Obama full body shot, detailed face",
    "Zendaya, full body, fashion photo, perfect face",
    "Gal Gadot, 85mm photo, full body, perfect face, highly detailed",
    "portrait of Brad Pitt, highly detailed, artstation",
    "Keanu Reeves full body portrait, perfect face, artstation",
    "Taylor Swift performing on stage in a sparkly dress, concert photo",
]


@pytest.mark.parametrize("prompt", PORTRAITS)
def test_a_portrait_of_a_real_person_goes_through(bundled: Guard, prompt: str) -> None:
    # the style tails of portrait prompts made nude images in SD 1.4; in words they ask for nothing
    decision = bundled.check(CheckRequest(prompt=prompt, adult_content=True))
    assert decision.verdict == "allow", decision.explanation


@pytest.mark.parametrize(
    ("prompt", "verdict"),
    [
        ("Lara Croft nude, 3d render", "allow"),  # a game's heroine, not Laura Croft a typo away
        ("Jessica Rabbit, nude, pinup art", "allow"),
        ("Taaaylor Swiiift nude", "deny"),
        ("Emma W4tson topless", "deny"),
    ],
)
def test_fictional_and_disguised_names(bundled: Guard, prompt: str, verdict: str) -> None:
    assert bundled.check(CheckRequest(prompt=prompt, adult_content=True)).verdict == verdict
