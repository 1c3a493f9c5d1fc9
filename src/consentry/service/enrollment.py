"""Face embeddings for enrolment, from the image gate's code (the ``image`` extra).

The service stores embeddings, never photos. It asks the image gate for one embedding per photo:
``consentry.image.enroll.face_embeddings(photos)`` when that module exists, else it composes one
from ``consentry.image.faces.FaceModel`` (detect, keep the largest face, embed) and
``consentry.image.decode.decode_rgb``. Without the image gate, enrolment answers 501 and names
the extra to install.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np

from consentry.errors import InputError, MissingExtraError
from consentry.gallery.store import Vector


class Embedder(Protocol):
    def __call__(self, photos: Sequence[tuple[str, bytes]]) -> list[tuple[str, Vector]]:
        """(model name, embedding) of the one face in each (name, encoded image) photo."""
        ...


_FEATURE = "enrolling faces from photos"
_lock = threading.Lock()
_loaded: dict[str, Any] = {}  # the face model, loaded on first use


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.startswith("consentry"):
            return None
        raise MissingExtraError(_FEATURE, "image", exc.name or name) from None


def face_embeddings(photos: Sequence[tuple[str, bytes]]) -> list[tuple[str, Vector]]:
    """The image gate's embeddings of ``photos`` (see the module docs); ``MissingExtraError``
    when it is not installed, ``InputError`` for a photo without exactly one usable face."""
    enroll = _import("consentry.image.enroll")
    direct: Callable[[Sequence[tuple[str, bytes]]], list[tuple[str, Vector]]] | None = (
        getattr(enroll, "face_embeddings", None) if enroll is not None else None
    )
    if direct is not None:
        return direct(photos)
    faces = _import("consentry.image.faces")
    decode = _import("consentry.image.decode")
    if faces is None or decode is None:
        raise MissingExtraError(_FEATURE, "image", "consentry.image.faces")
    with _lock:
        model = _loaded.get("faces")
        if model is None:
            model = faces.FaceModel()
            model.load()
            _loaded["faces"] = model
        out: list[tuple[str, Vector]] = []
        for name, data in photos:
            rgb = decode.decode_rgb(data, name)
            found = list(model.detect(rgb))
            if not found:
                raise InputError(f"{name}: no face found (use a clear, frontal photo)", field="photos", code="no_face")
            face = max(found, key=lambda f: (f.x1 - f.x0) * (f.y1 - f.y0))
            vector = np.asarray(model.embed(rgb, face), dtype=np.float32)
            out.append((str(faces.EMBEDDING_MODEL), vector))
        return out
