"""The bundled detectors, in the order the guard runs them.

Order matters: later detectors see earlier findings (the unlisted-person NER runs only when
the prompt is sexual). Each entry names its module lazily so that the core install does not
import the heavy parts; an entry whose extra is missing is reported as unavailable and the
guard fails closed for its domain when a request needs it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from consentry.detectors.base import Detector
from consentry.errors import MissingExtraError


@dataclass(frozen=True, slots=True)
class DetectorSpec:
    """Where a bundled detector lives and which extra it needs."""

    target: str  # "package.module:ClassName"
    domain: str
    extra: str | None = None
    # "text" or "images": what a request must carry for it to apply ("always": a detector that
    # failed to load, whose domain then fails closed on every request)
    needs: str = "text"

    def load_class(self) -> type[Detector]:
        module_name, _, class_name = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            missing = exc.name or module_name
            if missing.startswith("consentry"):
                raise
            raise MissingExtraError(f"the {self.domain} detector", self.extra or "all", missing) from None
        cls: type[Detector] = getattr(module, class_name)
        return cls


# Text detectors run first (cheap, ~1 ms in all), image detectors after them.
_BUNDLED: tuple[DetectorSpec, ...] = (
    # text detectors (people first, then sexual and minor, then unlisted-person NER)
    DetectorSpec("consentry.text.person:PersonDetector", "person"),
    DetectorSpec("consentry.text.sexual:SexualDetector", "sexual"),
    DetectorSpec("consentry.text.minor:MinorDetector", "minor"),
    # descriptions of a person ("the singer of ..."): also only for sexual prompts
    DetectorSpec("consentry.text.described:DescribedPersonDetector", "person"),
    # unlisted-person NER: LAST among the text detectors (it reads the sexual findings before it)
    DetectorSpec("consentry.text.unlisted:UnlistedPersonDetector", "person", extra="ner"),
    # image detectors (the 'image' extra; NudeNet is the separate AGPL 'nudenet' extra)
    DetectorSpec("consentry.image.nudity:NudityDetector", "nudity", extra="image", needs="images"),
    DetectorSpec("consentry.image.face_detector:FaceDetector", "face", extra="image", needs="images"),
    DetectorSpec("consentry.image.hashes:HashMatchDetector", "hash", extra="image", needs="images"),
)


def bundled_detector_specs() -> tuple[DetectorSpec, ...]:
    return _BUNDLED


def available_detectors() -> list[type[Detector]]:
    """Classes of the bundled detectors whose extras are installed."""
    classes: list[type[Detector]] = []
    for spec in _BUNDLED:
        try:
            classes.append(spec.load_class())
        except MissingExtraError:
            continue
    return classes
