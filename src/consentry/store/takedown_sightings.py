"""Image sightings: every image a check or a scan logged, as hashes (and, with face search, face
embeddings), never pixels; the copy search reads them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError

from consentry.store.takedown_models import ImageSightingRow, SightingFaceRow
from consentry.store.takedown_records import NewSighting, Sighting
from consentry.store.takedown_tables import TakedownTables, unavailable

_BATCH = 5000


class SightingRepository(TakedownTables):
    """The sightings and their faces."""

    def add_sightings(self, sightings: Sequence[NewSighting]) -> int:
        if not sightings:
            return 0
        with_faces = [s for s in sightings if s.faces]
        sightings = [s for s in sightings if not s.faces]
        if with_faces:
            self._add_with_faces(with_faces)
        if not sightings:
            return len(with_faces)
        rows = [
            {
                "created_at": s.created_at,
                "decision_id": s.decision_id,
                "source": s.source,
                "item_ref": s.item_ref,
                "user_id": s.user_id,
                "ref": s.ref,
                "role": s.role,
                "pdq_hex": s.pdq_hex,
                "pdq_quality": s.pdq_quality,
                "pdq_crop_hex": s.pdq_crop_hex,
                "sha256": s.sha256,
            }
            for s in sightings
        ]
        try:
            with self.engine.begin() as connection:
                for start in range(0, len(rows), _BATCH):
                    connection.execute(insert(ImageSightingRow), rows[start : start + _BATCH])
        except DBAPIError as exc:
            raise unavailable(exc) from exc
        return len(rows) + len(with_faces)

    def _add_with_faces(self, sightings: Sequence[NewSighting]) -> None:
        with self.session() as s:
            for sighting in sightings:
                row = ImageSightingRow(
                    created_at=sighting.created_at,
                    decision_id=sighting.decision_id,
                    source=sighting.source,
                    item_ref=sighting.item_ref,
                    user_id=sighting.user_id,
                    ref=sighting.ref,
                    role=sighting.role,
                    pdq_hex=sighting.pdq_hex,
                    pdq_quality=sighting.pdq_quality,
                    pdq_crop_hex=sighting.pdq_crop_hex,
                    sha256=sighting.sha256,
                )
                s.add(row)
                s.flush()
                for model, vector in sighting.faces:
                    data = np.ascontiguousarray(vector, dtype="<f4").reshape(-1).tobytes()
                    s.add(SightingFaceRow(sighting_id=row.id, model=model, vector=data))

    def face_vectors(self, model: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """(sighting ids, embeddings as rows) of every logged face of ``model``."""
        stmt = select(SightingFaceRow.sighting_id, SightingFaceRow.vector).where(SightingFaceRow.model == model)
        with self.session() as s:
            rows = list(s.execute(stmt))
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.asarray([int(r[0]) for r in rows], dtype=np.int64)
        matrix = np.stack([np.frombuffer(r[1], dtype="<f4").astype(np.float32) for r in rows])
        return ids, matrix

    def sighting_hashes(self, after_id: int = 0, *, min_quality: int = 0) -> tuple[list[int], list[str]]:
        """(ids, PDQ hex) of the sightings with a PDQ hash after ``after_id``, in id order; a
        sighting with a cropped hash too is listed twice (its id with each hash)."""
        stmt = (
            select(ImageSightingRow.id, ImageSightingRow.pdq_hex, ImageSightingRow.pdq_crop_hex)
            .where(
                ImageSightingRow.id > after_id,
                ImageSightingRow.pdq_hex.is_not(None),
                ImageSightingRow.pdq_quality >= min_quality,
            )
            .order_by(ImageSightingRow.id)
        )
        ids: list[int] = []
        hashes: list[str] = []
        with self.session() as s:
            for sighting_id, pdq, cropped in s.execute(stmt):
                ids.append(int(sighting_id))
                hashes.append(str(pdq))
                if cropped:
                    ids.append(int(sighting_id))
                    hashes.append(str(cropped))
        return ids, hashes

    def sightings(
        self,
        *,
        ids: Sequence[int] = (),
        sha256: Sequence[str] = (),
        item_refs: Sequence[str] = (),
        limit: int = 10_000,
    ) -> list[Sighting]:
        """Sightings with any of these ids, SHA-256 digests or item references."""
        found: dict[int, Sighting] = {}
        with self.session() as s:
            for column, values in (
                (ImageSightingRow.id, list(ids)),
                (ImageSightingRow.sha256, list(sha256)),
                (ImageSightingRow.item_ref, list(item_refs)),
            ):
                for start in range(0, len(values), 500):
                    chunk = values[start : start + 500]
                    stmt = select(ImageSightingRow).where(column.in_(chunk)).limit(limit)
                    for row in s.scalars(stmt):
                        found[row.id] = _sighting(row)
        return [found[k] for k in sorted(found)][:limit]

    def count_sightings(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(ImageSightingRow)) or 0)


def _sighting(row: ImageSightingRow) -> Sighting:
    return Sighting(
        id=row.id,
        created_at=row.created_at,
        sha256=row.sha256,
        pdq_hex=row.pdq_hex,
        pdq_quality=row.pdq_quality,
        decision_id=row.decision_id,
        source=row.source,
        item_ref=row.item_ref,
        user_id=row.user_id,
        ref=row.ref,
        role=row.role,
        pdq_crop_hex=row.pdq_crop_hex,
    )
