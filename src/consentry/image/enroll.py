"""Enrolling protected people: face embeddings (never photos) into a gallery store.

``enroll(store, name, photos, aliases=..., gallery=...)`` detects the one face in each photo,
embeds it and stores the embeddings under a new identity. A photo with no face, or with several
faces of similar size (which one is the person?), is skipped with a reason; if no photo gives a
face the identity is not created. The photos themselves are dropped as soon as they are embedded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from consentry.content import ImageInput
from consentry.errors import InputError
from consentry.gallery.store import FaceEmbedding, GalleryStore, Identity
from consentry.image.decode import decode_rgb
from consentry.image.faces import EMBEDDING_MODEL, FaceModel

Photo = bytes | str | Path | ImageInput


@dataclass(frozen=True, slots=True)
class EnrollResult:
    identity: Identity
    embeddings: int
    skipped: tuple[tuple[str, str], ...]  # (photo name, why)


def _load(photo: Photo, position: int) -> tuple[str, bytes]:
    if isinstance(photo, ImageInput):
        return photo.name, bytes(photo.data)
    if isinstance(photo, bytes | bytearray):
        image = ImageInput(bytes(photo), name=f"photo {position + 1}")
        return image.name, bytes(image.data)
    image = ImageInput.from_path(photo)
    return str(photo), bytes(image.data)


def embed_photos(photos: Sequence[Photo], model: FaceModel) -> tuple[list[tuple[str, object]], list[tuple[str, str]]]:
    """(name, embedding) for each photo with exactly one clear face, and (name, why) for the rest."""
    vectors: list[tuple[str, object]] = []
    skipped: list[tuple[str, str]] = []
    for position, photo in enumerate(photos):
        name, data = _load(photo, position)
        try:
            rgb = decode_rgb(data, name)
        except InputError as exc:
            skipped.append((name, str(exc)))
            continue
        faces = [f for f in model.detect(rgb) if f.confidence >= 0.8]
        if not faces:
            skipped.append((name, "no face found"))
            continue
        if len(faces) > 1 and faces[1].size >= 0.6 * faces[0].size:
            skipped.append((name, f"{len(faces)} faces of similar size; use a photo of the person alone"))
            continue
        vectors.append((name, model.embed(rgb, faces[0])))
    return vectors, skipped


def enroll(
    store: GalleryStore,
    name: str,
    photos: Sequence[Photo] = (),
    *,
    aliases: Sequence[str] = (),
    gallery: str = "default",
    model: FaceModel | None = None,
    identity_id: str | None = None,
) -> EnrollResult:
    """Add a protected person (name, aliases, face embeddings) to ``store``."""
    if not name.strip():
        raise InputError("enroll: the name is empty", field="name")
    skipped: list[tuple[str, str]] = []
    vectors: list[tuple[str, object]] = []
    if photos:
        model = model if model is not None else FaceModel()
        vectors, skipped = embed_photos(photos, model)
        if not vectors:
            reasons = "; ".join(f"{n}: {why}" for n, why in skipped)
            raise InputError(f"enroll: no usable face in the photos ({reasons})", field="photos", code="no_face")
    identity = store.add_identity(
        Identity(
            id=identity_id or uuid.uuid4().hex[:16],
            name=name.strip(),
            aliases=tuple(a.strip() for a in aliases if a.strip()),
            gallery=gallery,
        )
    )
    import numpy as np

    embeddings = [
        FaceEmbedding(identity_id=identity.id, model=EMBEDDING_MODEL, vector=np.asarray(v, dtype=np.float32))
        for _, v in vectors
    ]
    if embeddings:
        store.add_embeddings(embeddings)
    return EnrollResult(identity, len(embeddings), tuple(skipped))
