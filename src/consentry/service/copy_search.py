"""The copy search: every image a check logged (a sighting, hashes only), the PDQ index over
them, and the search of a request's copies by SHA-256, PDQ radius, the items named and (with
consent) a face; a retroactive scan's images logged as sightings."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from consentry.content import CheckRequest
from consentry.detectors.base import Context
from consentry.errors import ConsentryError
from consentry.gallery.hash_index import HashIndex, popcount
from consentry.image.hashes import MIN_QUALITY
from consentry.service.takedown_intake import TakedownSettings
from consentry.store.records import DecisionRecord
from consentry.store.takedowns import Match, NewSighting, ReportedImage, TakedownRepository

_REBUILD_AFTER = 50_000  # sightings appended before the multi-index tables are rebuilt


class CopyIndex:
    """The PDQ hashes of every sighting, searchable within a radius in milliseconds.

    Multi-index tables (``HashIndex``) over what was read so far, and a short list of the hashes
    logged since, scanned directly; ``sync`` reads the sightings added since the last read (by
    any instance), and the tables are rebuilt when that list grows long.
    """

    def __init__(self, repository: TakedownRepository, *, min_quality: int = MIN_QUALITY) -> None:
        self.repository = repository
        self.min_quality = min_quality
        self._lock = threading.Lock()
        self._index = HashIndex()
        self._words: npt.NDArray[np.uint64] = np.zeros((0, 4), dtype=np.uint64)
        self._ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._recent_ids: list[int] = []
        self._recent: list[str] = []
        self._recent_words: npt.NDArray[np.uint64] = np.zeros((0, 4), dtype=np.uint64)
        self._last_id = 0

    def __len__(self) -> int:
        return len(self._ids) + len(self._recent_ids)

    def sync(self) -> int:
        """Read the sightings logged since the last sync; returns how many."""
        with self._lock:
            ids, hashes = self.repository.sighting_hashes(self._last_id, min_quality=self.min_quality)
            if not ids:
                return 0
            self._last_id = ids[-1]
            self._recent_ids.extend(ids)
            self._recent.extend(hashes)
            if len(self._recent_ids) >= _REBUILD_AFTER or len(self._ids) == 0:
                self._rebuild()
            else:
                self._recent_words = HashIndex.pack(self._recent)
            return len(ids)

    def _rebuild(self) -> None:
        self._words = np.concatenate([self._words, HashIndex.pack(self._recent)])
        self._index = HashIndex.of_words(self._words)
        self._ids = np.concatenate([self._ids, np.asarray(self._recent_ids, dtype=np.int64)])
        self._recent_ids, self._recent = [], []
        self._recent_words = np.zeros((0, 4), dtype=np.uint64)

    def search(self, hashes: Sequence[str], radius: int) -> dict[int, int]:
        """{sighting id: the smallest distance to any of ``hashes``} within ``radius``."""
        found: dict[int, int] = {}
        with self._lock:
            index, ids, recent_ids, recent = self._index, self._ids, list(self._recent_ids), self._recent_words
        if not hashes:
            return found
        rows, distances = index.search_many(hashes, radius=radius)
        for row, distance in zip(rows.tolist(), distances.tolist(), strict=True):
            sighting = int(ids[row])
            found[sighting] = min(distance, found.get(sighting, distance))
        if recent_ids:
            queries = HashIndex.pack(hashes)
            near = popcount(recent[:, None, :] ^ queries[None, :, :]).sum(axis=2, dtype=np.int64).min(axis=1)
            for row in np.flatnonzero(near <= radius).tolist():
                sighting = recent_ids[row]
                distance = int(near[row])
                found[sighting] = min(distance, found.get(sighting, distance))
        return found


def find_copies(
    copies: CopyIndex,
    repository: TakedownRepository,
    settings: TakedownSettings,
    images: Sequence[ReportedImage],
    refs: Sequence[str] = (),
    *,
    face: tuple[str, npt.NDArray[np.float32]] | None = None,
) -> list[Match]:
    """Every sighting that is a copy of the reported images or of the named items: the same
    SHA-256, or a PDQ within the radius of any variant; the items named, whether
    seen or not, and the copies of those that were seen; with a consented ``face`` (model,
    embedding), every logged image with a face that matches it (face search on)."""
    copies.sync()
    radius = settings.pdq_radius
    distances: dict[int, int] = {}
    via: dict[int, str] = {}
    searched = [h for image in images if image.pdq_quality >= settings.min_quality for h in image.variants]
    for sighting, distance in copies.search(searched, radius).items():
        distances[sighting] = distance
        via[sighting] = "pdq"
    shas = [image.sha256 for image in images]
    named = repository.sightings(sha256=shas, item_refs=list(refs)) if shas or refs else []
    for s in named:
        exact = s.sha256 in shas
        distances[s.id] = 0 if exact else distances.get(s.id, 0)
        via[s.id] = "sha256" if exact else "content_ref"
    seed = [s.pdq_hex for s in named if s.pdq_hex and s.pdq_quality >= settings.min_quality]
    for sighting, distance in copies.search(seed, radius).items():
        if sighting not in distances:
            distances[sighting] = distance
            via[sighting] = "pdq"
    if face is not None and settings.face_search:
        ids, matrix = repository.face_vectors(face[0])
        if len(ids):
            vector = face[1] / max(float(np.linalg.norm(face[1])), 1e-9)
            similar = matrix @ vector.astype(np.float32)
            for sighting in np.unique(ids[similar >= settings.face_threshold]).tolist():
                if sighting not in distances:
                    distances[sighting] = -1
                    via[sighting] = "face"
    found = repository.sightings(ids=list(distances)) if distances else []
    matches = [
        Match(
            via=via[s.id],
            item_ref=s.item_ref,
            user_id=s.user_id,
            decision_id=s.decision_id,
            sighting_id=s.id,
            distance=distances[s.id] if distances[s.id] >= 0 else None,
            pdq_hex=s.pdq_hex,
            seen_at=s.created_at,
        )
        for s in found
    ]
    seen_refs = {m.item_ref for m in matches}
    matches += [Match(via="content_ref", item_ref=ref) for ref in refs if ref not in seen_refs]
    matches.sort(key=lambda m: (m.distance if m.distance is not None else -1, m.item_ref or ""))
    return matches


def sightings_of(
    request: CheckRequest, record: DecisionRecord, context: Context | None = None, *, face_search: bool = False
) -> list[NewSighting]:
    """Every image of a checked request as a sighting (hashes only, and with ``face_search`` the
    embeddings of its faces). With the check's ``context``, the pixels and the PDQ hash the
    detectors already made are reused."""
    from consentry.image.copies import hash_decoded, sha256_bytes
    from consentry.image.decode import decode_rgb, decoded
    from consentry.image.hashes import PdqHash

    sightings = []
    for ref, image in request.images:
        if image.role == "mask":
            continue
        data = bytes(image.data)
        faces: tuple[tuple[str, npt.NDArray[np.float32]], ...] = ()
        try:
            if context is None:
                rgb = decode_rgb(data, image.name)
                known = None
            else:
                rgb = decoded(context, ref, image).rgb
                known = context.memoized(f"image.pdq:{ref}")  # the hash detector's, if it ran
            hashes = hash_decoded(data, rgb, known if isinstance(known, PdqHash) else None)
            pdq, quality, sha, cropped = hashes.pdq_hex, hashes.quality, hashes.sha256, hashes.cropped
            if face_search:
                faces = _faces(rgb)
        except ConsentryError:  # not decodable: the exact copy can still be found
            pdq, quality, sha, cropped = None, 0, sha256_bytes(data), None
        sightings.append(
            NewSighting(
                sha256=sha,
                pdq_hex=pdq,
                pdq_quality=quality,
                ref=ref,
                role=image.role,
                decision_id=record.id,
                source=record.source,
                item_ref=record.item_ref,
                user_id=record.user_id,
                created_at=record.created_at,
                pdq_crop_hex=cropped,
                faces=faces,
            )
        )
    return sightings


def _faces(rgb: npt.NDArray[np.uint8]) -> tuple[tuple[str, npt.NDArray[np.float32]], ...]:
    """The embeddings of the faces of an image (at most 8), with the image gate's face model."""
    from consentry.image.faces import EMBEDDING_MODEL, shared_face_model

    model = shared_face_model()
    model.load()
    return tuple(
        (str(EMBEDDING_MODEL), np.asarray(model.embed(rgb, face), dtype=np.float32)) for face in model.detect(rgb)[:8]
    )


@dataclass(frozen=True, slots=True)
class ScanSightings:
    read: int  # records in the scan's file
    added: int  # images logged as sightings
    known: int  # already logged (same SHA-256 and item)
    skipped: int  # no image file, or not readable


def sightings_from_scan(repository: TakedownRepository, records: Iterable[dict[str, Any]]) -> ScanSightings:
    """Log the images of a retroactive scan's records (every verdict: an allowed image may be the
    one reported later) as sightings with ``source = "scan"`` and the item's id as ``item_ref``."""
    from consentry.image.copies import hash_image

    read = added = known = skipped = 0
    batch: list[NewSighting] = []

    def flush() -> None:
        nonlocal added, known
        have = {(s.sha256, s.item_ref) for s in repository.sightings(sha256=[b.sha256 for b in batch])}
        fresh = []
        for sighting in batch:
            if (sighting.sha256, sighting.item_ref) in have:
                known += 1
                continue
            have.add((sighting.sha256, sighting.item_ref))
            fresh.append(sighting)
        added += repository.add_sightings(fresh)
        batch.clear()

    for record in records:
        read += 1
        path = record.get("path")
        try:
            data = Path(str(path)).read_bytes() if path else b""
            hashes = hash_image(data, str(path), cropped=True) if data else None
        except (OSError, ConsentryError):
            hashes = None
        if hashes is None:
            skipped += 1
            continue
        batch.append(
            NewSighting(
                sha256=hashes.sha256,
                pdq_hex=hashes.pdq_hex,
                pdq_quality=hashes.quality,
                ref="output:0",
                role="output",
                source="scan",
                item_ref=str(record.get("id") or path)[:500],
                user_id=str(record["user_id"])[:200] if record.get("user_id") else None,
                pdq_crop_hex=hashes.cropped,
            )
        )
        if len(batch) >= 500:
            flush()
    if batch:
        flush()
    return ScanSightings(read, added, known, skipped)
