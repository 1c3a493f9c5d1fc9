"""Face embeddings for enrolment, from the image gate (the ``image`` extra).

The service keeps embeddings, never photos. ``face_embeddings`` hands the photos to
``consentry.image.enroll.embed_photos`` (one clear face per photo; the face model is loaded once
and shared) and returns the embeddings with the photos it skipped and why. Without the image
gate installed it raises ``MissingExtraError`` (the API answers 501 and names the extra).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from consentry.content import ImageInput
from consentry.errors import MissingExtraError
from consentry.gallery.store import Vector

Embedded = tuple[list[tuple[str, Vector]], list[tuple[str, str]]]


class Embedder(Protocol):
    def __call__(self, photos: Sequence[tuple[str, bytes]]) -> Embedded:
        """``([(model, embedding)...], [(photo name, why skipped)...])`` for (name, image bytes) photos."""
        ...


_FEATURE = "enrolling faces from photos"
_lock = threading.Lock()
_loaded: dict[str, Any] = {}  # the face model, loaded on first use


def _image_gate() -> Any:
    try:
        return importlib.import_module("consentry.image.enroll")
    except MissingExtraError:
        raise
    except ImportError as exc:
        raise MissingExtraError(_FEATURE, "image", getattr(exc, "name", None) or "consentry.image.enroll") from None


def face_embeddings(photos: Sequence[tuple[str, bytes]]) -> Embedded:
    """Embed the one clear face of each photo with the image gate's face model."""
    enroll = _image_gate()
    faces = importlib.import_module("consentry.image.faces")
    with _lock:
        model = _loaded.get("faces")
        if model is None:
            model = faces.FaceModel()
            model.load()
            _loaded["faces"] = model
        inputs = [ImageInput(data, name=name) for name, data in photos]
        vectors, skipped = enroll.embed_photos(inputs, model)
    model_name = str(faces.EMBEDDING_MODEL)
    embedded = [(model_name, np.asarray(vector, dtype=np.float32)) for _, vector in vectors]
    return embedded, [(str(name), str(why)) for name, why in skipped]
