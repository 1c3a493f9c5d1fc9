"""``FaceDetector``: enrolled faces (``face.match``) and real photographs of people (``face.photo``).

- ``face.match``: a face in any image (input or output) whose embedding is close to an enrolled
  identity's. ``subject`` is the identity id; the score maps the cosine similarity through a
  logistic curve centred on the verification threshold measured on public-domain photos
  (cosine 0.45 -> 0.5; see docs/detectors/image.md).
- ``face.photo``: an INPUT image to be edited (img2img, inpainting, face-swap source, reference) that is a
  photograph with a face in it. With sexual intent in the prompt this is how a private person is
  "undressed", enrolled or not. The score is the photo-vs-drawing score of the face region.

Faces and embeddings are computed once per image and shared through ``context.memo``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from consentry.detectors.base import Context, detector_id
from consentry.gallery.face_index import FaceIndex
from consentry.gallery.live import LiveIndex
from consentry.gallery.store import GalleryStore
from consentry.image.decode import RGB, decoded
from consentry.image.faces import EMBEDDING_MODEL, DetectedFace, FaceModel, Vector, face_boxes, shared_face_model
from consentry.image.photo import photo_score
from consentry.types import Box, Finding

PHOTO_ROLES = ("img2img", "inpaint", "face_source", "reference")
MATCH_THRESHOLD = 0.45  # cosine similarity reported as score 0.5
MATCH_SLOPE = 0.05  # cosine units per logistic unit: 0.60 -> 0.95, 0.35 -> 0.12
_REPORT_FLOOR = 0.05


def match_score(cosine: float, threshold: float = MATCH_THRESHOLD, slope: float = MATCH_SLOPE) -> float:
    """Cosine similarity -> a calibrated 0..1 score (``threshold`` -> 0.5)."""
    z = max(-50.0, min(50.0, (cosine - threshold) / slope))
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class _Face:
    face: DetectedFace
    embedding: Vector | None


class FaceDetector:
    name: ClassVar[str] = "face"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "face"
    kinds: ClassVar[tuple[str, ...]] = ("face.match", "face.photo")

    def __init__(
        self,
        model: FaceModel | None = None,
        *,
        threshold: float = MATCH_THRESHOLD,
        max_faces: int = 8,
        min_confidence: float = 0.8,
    ) -> None:
        self.model = model if model is not None else shared_face_model()
        self.threshold = threshold
        self.max_faces = max_faces
        self.min_confidence = min_confidence
        self._live = LiveIndex(lambda store: FaceIndex.build(store.embeddings(EMBEDDING_MODEL)), FaceIndex())

    # -- gallery ---------------------------------------------------------------------------

    def use_gallery(self, store: GalleryStore) -> None:
        self._live.use(store)

    def refresh(self) -> None:
        """Rebuild the face index from the store (enabled identities in enabled galleries)."""
        self._live.refresh()

    @property
    def index(self) -> FaceIndex:
        return self._live.index

    def _current_index(self) -> FaceIndex:
        return self._live.current()

    # -- detector --------------------------------------------------------------------------

    def load(self) -> None:
        self.model.load()
        self.refresh()

    def applies(self, context: Context) -> bool:
        return bool(context.request.images)

    def faces(self, context: Context, ref: str, rgb: RGB, *, embed: bool) -> list[_Face]:
        """The faces of one image (and their embeddings when asked), once per check."""

        found = face_boxes(context, ref, rgb, self.model, self.min_confidence)[: self.max_faces]
        if not embed:
            return [_Face(f, None) for f in found]

        def compute() -> list[_Face]:
            return [_Face(f, self.model.embed(rgb, f)) for f in found]

        return context.memo(f"image.face_embeddings:{ref}:{self.min_confidence}", compute)

    def detect(self, context: Context) -> list[Finding]:
        self.model.load()
        index = self._current_index()
        me = detector_id(self)
        findings: list[Finding] = []
        for ref, image in context.request.images:
            if image.role == "mask":
                continue
            wants_photo = image.role in PHOTO_ROLES
            if len(index) == 0 and not wants_photo:
                continue
            rgb = decoded(context, ref, image).rgb
            faces = self.faces(context, ref, rgb, embed=len(index) > 0)
            for item in faces:
                face = item.face
                box = Box(face.x0, face.y0, face.x1, face.y1, ref)
                if item.embedding is not None:
                    for hit in index.search(item.embedding, k=1):
                        score = match_score(hit.similarity, self.threshold)
                        if score < _REPORT_FLOOR:
                            continue
                        identity = self._live.store.get_identity(hit.identity_id)
                        findings.append(
                            Finding(
                                kind="face.match",
                                score=score,
                                detector=me,
                                reason="enrolled_face",
                                box=box,
                                subject=hit.identity_id,
                                evidence={
                                    "cosine": round(hit.similarity, 4),
                                    "gallery": identity.gallery if identity else None,
                                    "model": EMBEDDING_MODEL,
                                },
                            )
                        )
            if wants_photo and faces:
                largest = faces[0].face
                evidence = photo_score(rgb, (largest.x0, largest.y0, largest.x1, largest.y1))
                if evidence.score >= _REPORT_FLOOR:
                    findings.append(
                        Finding(
                            kind="face.photo",
                            score=evidence.score,
                            detector=me,
                            reason="photo_with_face",
                            box=Box(largest.x0, largest.y0, largest.x1, largest.y1, ref),
                            evidence={
                                "faces": len(faces),
                                "face_confidence": round(largest.confidence, 4),
                                "flat": round(evidence.flat, 4),
                                "colours": round(evidence.colours, 2),
                                "monochrome": evidence.monochrome,
                                "image_role": image.role,
                            },
                        )
                    )
        return findings
