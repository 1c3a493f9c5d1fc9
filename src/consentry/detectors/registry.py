"""The bundled detectors, in the order the guard runs them.

Order matters: later detectors see earlier findings (the unlisted-person NER runs only when
the text or an image is sexual or suggestive, by the loaded policy's signals). Each entry
names its module lazily so that the core install does not import the heavy parts; an entry
whose extra is missing is reported as unavailable and the guard fails closed for its domain
when a request needs it.
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
    # the families of earlier findings it reads (a class's own ``reads`` attribute comes first;
    # a detector in no entry and without one is taken to read every family)
    reads: tuple[str, ...] = ()

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


# Cheap text detectors run first (about a millisecond in all), then the image detectors, then the
# two person checks that run only when what was found so far, in the text OR in an image, is
# sexual or suggestive (a prompt naming a private person + a nude output image).
_BUNDLED: tuple[DetectorSpec, ...] = (
    # text detectors: people first, then sexual and minor
    DetectorSpec("consentry.text.person:PersonDetector", "person"),
    # the sexual and minor detectors read the people found: names are blanked for the sexual model
    # ("Dick Van Dyke"), and "bare X", "X in the shower", "young X", "X at 14" need a person
    DetectorSpec("consentry.text.sexual:SexualDetector", "sexual", reads=("person",)),
    DetectorSpec("consentry.text.minor:MinorDetector", "minor", reads=("person",)),
    # image detectors (the 'image' extra; NudeNet is the separate AGPL 'nudenet' extra)
    DetectorSpec("consentry.image.nudity:NudityDetector", "nudity", extra="image", needs="images"),
    DetectorSpec("consentry.image.face_detector:FaceDetector", "face", extra="image", needs="images"),
    DetectorSpec("consentry.image.hashes:HashMatchDetector", "hash", extra="image", needs="images"),
    # descriptions of a person ("the singer of ..."): only for sexual or suggestive requests
    DetectorSpec("consentry.text.described:DescribedPersonDetector", "person", reads=("*",)),
    # unlisted-person NER: LAST (it reads the sexual findings of the text and the images before it)
    DetectorSpec("consentry.text.unlisted:UnlistedPersonDetector", "person", extra="ner", reads=("*",)),
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
