"""Notice-and-removal: takedown requests, the copy search, accept/reject, the compliance record.

``TakedownDesk`` is the one object behind the public form, the API and the dashboard's queue:

- ``observe(request, record)`` is called on the check path for every checked request with
  images: each image becomes a *sighting* (PDQ + SHA-256, the site's ``item_ref`` and user id;
  never pixels);
- ``submit(...)`` takes a request: uploads are reduced to hashes at once (SHA-256, PDQ and the
  PDQ of its mirrored, rotated and cropped variants), every past sighting within the PDQ radius (or with the same
  SHA-256, or the item named) is matched, and a confirmation is queued for the requester;
- ``accept`` puts the hashes on the known-NCII list (``deny-known-ncii`` denies the image and its
  copies from the next check), sends the matched items to the site in a signed
  ``takedown.accepted`` webhook, and with the requester's consent enrols their name and face as
  protected; ``reject`` (with a reason) and ``ask_info`` tell the requester.

Every state change is an event with its time and its actor (``TakedownRepository``).
"""

from __future__ import annotations

import builtins
import csv
import importlib
import io
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from consentry.content import CheckRequest
from consentry.detectors.base import Context
from consentry.errors import ConsentryError, InputError
from consentry.gallery.hash_index import DEFAULT_RADIUS, HashIndex, popcount
from consentry.gallery.store import FaceEmbedding, HashEntry, HashList, Identity
from consentry.image.hashes import MIN_QUALITY
from consentry.service.notifications import Notifier, Outbox, SmtpNotifier, WebhookNotifier, encode
from consentry.service.ratelimit import RateLimiter
from consentry.store.records import DecisionRecord
from consentry.store.takedowns import (
    OPEN_STATUSES,
    Delivery,
    Match,
    NewSighting,
    Report,
    ReportedImage,
    Takedown,
    TakedownRepository,
)

log = logging.getLogger("consentry.takedown")

KNOWN_NCII_LIST = "takedown-requests"
# matches removed on accept: copies (same bytes, near PDQ) and the items named; a face match is
# another image of the same person, shown to the moderator but not removed by the accept
REMOVED_VIA = ("sha256", "pdq", "content_ref")
PROTECTED_GALLERY = "takedown-requests"
SECRET_ENV = "CONSENTRY_TAKEDOWN_WEBHOOK_SECRET"
SMTP_PASSWORD_ENV = "CONSENTRY_TAKEDOWN_SMTP_PASSWORD"
_EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[^@\s<>\"',;]{1,255}\.[^@\s<>\"',;.]{2,63}$")
_MAX_TEXT = {"full_name": 300, "signature": 300, "contact_email": 320, "details": 5000}
_REBUILD_AFTER = 50_000  # sightings appended before the multi-index tables are rebuilt


@dataclass(frozen=True, slots=True)
class TakedownSettings:
    """What an operator configures (``consentry serve --takedown-config FILE``, YAML keys alike).

    The webhook secret is read from ``$CONSENTRY_TAKEDOWN_WEBHOOK_SECRET`` when not in the file,
    the SMTP password from ``$CONSENTRY_TAKEDOWN_SMTP_PASSWORD``.
    """

    site_name: str = "this site"
    deadline_hours: float = 48.0
    # the site's webhook: takedown.accepted with the items to remove (required to accept)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # the requester's notifications (received, outcome): a webhook the site's mailer serves, and/or SMTP
    notify_webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_sender: str | None = None
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    # where the dashboard finds a thumbnail of an item: "{item_ref}" is replaced (URL-quoted)
    thumbnail_url_template: str | None = None
    # the copy search
    pdq_radius: int = DEFAULT_RADIUS
    min_quality: int = MIN_QUALITY
    # keep a face embedding of every face in every logged image, so that a requester who consents
    # to face search finds the images of their face (biometric data of everyone in the images: off
    # unless the operator decides it is needed and lawful)
    face_search: bool = False
    face_threshold: float = 0.45  # cosine similarity of a face match (the face detector's threshold)
    # limits and abuse resistance
    max_images: int = 10
    max_image_bytes: int = 10 * 1024 * 1024
    max_content_refs: int = 100
    address_per_hour: float = 5.0
    email_per_day: float = 3.0
    captcha: str | None = None  # "module:function", called with (token, client address) -> bool
    # retention of the requester's details after a decision (0: keep until removed by hand)
    retention_days: float = 365.0

    @classmethod
    def load(cls, path: str | Path | None) -> TakedownSettings:
        """From a YAML file (None: the defaults), then the secrets from the environment."""
        values: dict[str, Any] = {}
        if path is not None:
            import yaml

            try:
                loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ConsentryError(f"takedown settings {path}: {exc}") from None
            if not isinstance(loaded, dict):
                raise ConsentryError(f"takedown settings {path}: expected a mapping of settings")
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(loaded) - known)
            if unknown:
                raise ConsentryError(f"takedown settings {path}: unknown setting(s) {', '.join(unknown)}")
            values = loaded
        values.setdefault("webhook_secret", os.environ.get(SECRET_ENV) or None)
        values.setdefault("smtp_password", os.environ.get(SMTP_PASSWORD_ENV) or None)
        return cls(**values)

    @property
    def deadline_s(self) -> float:
        return self.deadline_hours * 3600.0


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Submission:
    """A request as the form or the API received it (validated by ``TakedownDesk.submit``)."""

    full_name: str
    contact_email: str
    signature: str
    good_faith: bool
    relationship: str
    details: str = ""
    content_refs: tuple[str, ...] = ()
    images: tuple[Upload, ...] = ()
    face_consent: bool = False
    client: str = ""
    captcha_token: str = ""


class TakedownLimitedError(ConsentryError):
    """Too many requests from one address or for one email address."""

    def __init__(self, what: str, retry_after: float) -> None:
        super().__init__(f"too many removal requests from this {what}; retry in {retry_after / 60:.0f} minutes")
        self.retry_after = retry_after


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


def _load_captcha(spec: str | None) -> Callable[[str, str], bool] | None:
    if not spec:
        return None
    module, _, name = spec.partition(":")
    if not module or not name:
        raise ConsentryError(f"captcha must be 'module:function', not {spec!r}")
    check: Callable[[str, str], bool] = getattr(importlib.import_module(module), name)
    return check


def _one_line(value: str, name: str, *, required: bool = True) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise InputError(f"{name}: this field is required", field=name, code="missing_field")
    limit = _MAX_TEXT.get(name, 300)
    if len(text) > limit:
        raise InputError(f"{name}: at most {limit} characters", field=name, code="too_long")
    return text


def parse_content_refs(text: str, limit: int) -> tuple[str, ...]:
    """The site's item ids or URLs, one per line (blank lines skipped, duplicates dropped)."""
    refs = list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))
    if len(refs) > limit:
        raise InputError(f"content_refs: at most {limit} items, one per line", field="content_refs", code="too_many")
    for ref in refs:
        if len(ref) > 500:
            raise InputError("content_refs: each item is at most 500 characters", field="content_refs")
    return tuple(refs)


class TakedownDesk:
    """Requests, copies, decisions and the record; see the module docs."""

    def __init__(
        self,
        repository: TakedownRepository,
        settings: TakedownSettings,
        *,
        gallery: Any,
        refresh_galleries: Callable[[], object] = lambda: None,
        embedder: Callable[[Sequence[tuple[str, bytes]]], Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repository = repository
        self.settings = settings
        self.gallery = gallery
        self.refresh_galleries = refresh_galleries
        self.embedder = embedder
        self.clock = clock
        self.copies = CopyIndex(repository, min_quality=settings.min_quality)
        self.address_limiter = RateLimiter(settings.address_per_hour / 3600.0, max(1, int(settings.address_per_hour)))
        self.email_limiter = RateLimiter(settings.email_per_day / 86400.0, max(1, int(settings.email_per_day)))
        self.captcha = _load_captcha(settings.captcha)
        notifiers: dict[str, list[Notifier]] = {"site": [], "requester": []}
        secret = settings.webhook_secret or ""
        if settings.webhook_url:
            notifiers["site"].append(WebhookNotifier(settings.webhook_url, secret))
        if settings.notify_webhook_url:
            notifiers["requester"].append(WebhookNotifier(settings.notify_webhook_url, secret))
        if settings.smtp_host and settings.smtp_sender:
            notifiers["requester"].append(
                SmtpNotifier(
                    settings.smtp_host,
                    settings.smtp_sender,
                    port=settings.smtp_port,
                    username=settings.smtp_username,
                    password=settings.smtp_password,
                    starttls=settings.smtp_starttls,
                )
            )
        self.outbox = Outbox(repository, notifiers, on_delivered=self._delivered, on_tick=self.purge_if_due, poll_s=1.0)
        self._purged_at = 0.0

    # --- life cycle -----------------------------------------------------------------------------

    def start(self, *, background: bool = True) -> None:
        self.copies.sync()
        if background:
            self.outbox.start()

    def stop(self) -> None:
        self.outbox.stop()

    # --- sightings ------------------------------------------------------------------------------

    def observe(self, request: CheckRequest, record: DecisionRecord, context: Context | None = None) -> None:
        """Log every image of a checked request as a sighting (hashes only). With the check's
        ``context``, the pixels and the PDQ hash the detectors already made are reused."""
        if not request.images:
            return
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
                if self.settings.face_search:
                    faces = self._faces(rgb)
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
        self.repository.add_sightings(sightings)

    @staticmethod
    def _faces(rgb: npt.NDArray[np.uint8]) -> tuple[tuple[str, npt.NDArray[np.float32]], ...]:
        """The embeddings of the faces of an image (at most 8), with the image gate's face model."""
        from consentry.image.faces import EMBEDDING_MODEL, shared_face_model

        model = shared_face_model()
        model.load()
        return tuple(
            (str(EMBEDDING_MODEL), np.asarray(model.embed(rgb, face), dtype=np.float32))
            for face in model.detect(rgb)[:8]
        )

    # --- requests -------------------------------------------------------------------------------

    def validate(self, submission: Submission) -> tuple[str, str, str, str, str, tuple[str, ...]]:
        """The cleaned fields, or a precise ``InputError`` on the first that is wrong."""
        name = _one_line(submission.full_name, "full_name")
        email = _one_line(submission.contact_email, "contact_email").lower()
        if not _EMAIL.match(email):
            raise InputError("contact_email: not an email address", field="contact_email", code="invalid_email")
        signature = _one_line(submission.signature, "signature")
        if not submission.good_faith:
            raise InputError(
                "good_faith: you must state in good faith that the content was published without consent",
                field="good_faith",
                code="missing_field",
            )
        if submission.relationship not in ("self", "representative"):
            raise InputError(
                "relationship: 'self' (you are depicted) or 'representative' (you act for them)",
                field="relationship",
                code="invalid_choice",
            )
        details = (submission.details or "").strip()
        if len(details) > _MAX_TEXT["details"]:
            raise InputError(f"details: at most {_MAX_TEXT['details']} characters", field="details", code="too_long")
        refs = tuple(r[:500] for r in submission.content_refs)
        if len(refs) > self.settings.max_content_refs:
            raise InputError(
                f"content_refs: at most {self.settings.max_content_refs} items",
                field="content_refs",
                code="too_many",
            )
        if not submission.images and not refs:
            raise InputError(
                "identify the content: upload the images and/or list their addresses in content_refs",
                field="images",
                code="missing_field",
            )
        if len(submission.images) > self.settings.max_images:
            raise InputError(f"images: at most {self.settings.max_images} files", field="images", code="too_many")
        return name, email, signature, submission.relationship, details, refs

    def limit(self, client: str, email: str) -> None:
        """Raise ``TakedownLimitedError`` past the per-address or per-email rate."""
        if client:
            wait = self.address_limiter.acquire(client)
            if wait:
                raise TakedownLimitedError("address", wait)
        wait = self.email_limiter.acquire(email)
        if wait:
            raise TakedownLimitedError("email address", wait)

    def submit(self, submission: Submission) -> Takedown:
        """Validate, reduce the uploads to hashes, search for copies, record, confirm receipt."""
        from consentry.image.copies import hash_image
        from consentry.service.images import check_image

        name, email, signature, relationship, details, refs = self.validate(submission)
        if self.captcha is not None and not self.captcha(submission.captcha_token, submission.client):
            raise InputError("captcha: the challenge was not passed; try again", field="captcha", code="captcha")
        images: list[ReportedImage] = []
        for position, upload in enumerate(submission.images):
            label = f"images[{position}]"
            check_image(upload.data, label, max_bytes=self.settings.max_image_bytes, max_pixels=40_000_000)
            hashes = hash_image(upload.data, label, variants=True)
            images.append(ReportedImage(position, hashes.sha256, hashes.pdq_hex, hashes.quality, hashes.variants))
        face: tuple[str, npt.NDArray[np.float32]] | None = None
        if submission.face_consent and submission.images:
            face = self._embed([(f"images[{i}]", u.data) for i, u in enumerate(submission.images)])
        self.limit(submission.client, email)  # after validation: a mistyped form does not count
        now = self.clock()
        matches = self.find_copies(images, refs, face=face)
        takedown = self.repository.create(
            received_at=now,
            deadline=now + self.settings.deadline_s,
            relationship=relationship,
            full_name=name,
            contact_email=email,
            signature=signature,
            details=details,
            content_refs=refs,
            images=images,
            matches=matches,
            face_model=face[0] if face else None,
            face_vector=face[1] if face else None,
        )
        self._notify_requester(takedown, "takedown.received")
        return takedown

    def _embed(self, photos: list[tuple[str, bytes]]) -> tuple[str, npt.NDArray[np.float32]] | None:
        if self.embedder is None:
            return None
        embedded, _skipped = self.embedder(photos)
        if not embedded:
            return None
        model, vector = embedded[0]
        return str(model), np.asarray(vector, dtype=np.float32)

    def find_copies(
        self,
        images: Sequence[ReportedImage],
        refs: Sequence[str] = (),
        *,
        face: tuple[str, npt.NDArray[np.float32]] | None = None,
    ) -> list[Match]:
        """Every sighting that is a copy of the reported images or of the named items: the same
        SHA-256, or a PDQ within the radius of any variant; the items named, whether
        seen or not, and the copies of those that were seen; with a consented ``face`` (model,
        embedding), every logged image with a face that matches it (face search on)."""
        self.copies.sync()
        radius = self.settings.pdq_radius
        distances: dict[int, int] = {}
        via: dict[int, str] = {}
        searched = [h for image in images if image.pdq_quality >= self.settings.min_quality for h in image.variants]
        for sighting, distance in self.copies.search(searched, radius).items():
            distances[sighting] = distance
            via[sighting] = "pdq"
        shas = [image.sha256 for image in images]
        named = self.repository.sightings(sha256=shas, item_refs=list(refs)) if shas or refs else []
        for s in named:
            exact = s.sha256 in shas
            distances[s.id] = 0 if exact else distances.get(s.id, 0)
            via[s.id] = "sha256" if exact else "content_ref"
        seed = [s.pdq_hex for s in named if s.pdq_hex and s.pdq_quality >= self.settings.min_quality]
        for sighting, distance in self.copies.search(seed, radius).items():
            if sighting not in distances:
                distances[sighting] = distance
                via[sighting] = "pdq"
        if face is not None and self.settings.face_search:
            ids, matrix = self.repository.face_vectors(face[0])
            if len(ids):
                vector = face[1] / max(float(np.linalg.norm(face[1])), 1e-9)
                similar = matrix @ vector.astype(np.float32)
                for sighting in np.unique(ids[similar >= self.settings.face_threshold]).tolist():
                    if sighting not in distances:
                        distances[sighting] = -1
                        via[sighting] = "face"
        found = self.repository.sightings(ids=list(distances)) if distances else []
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

    # --- decisions ------------------------------------------------------------------------------

    def get(self, takedown_id: str) -> Takedown | None:
        return self.repository.get(takedown_id)

    def list(self, *, status: Sequence[str] = (), limit: int = 100, offset: int = 0) -> list[Takedown]:
        return self.repository.find(status=status, limit=limit, offset=offset)

    def accept(self, takedown_id: str, *, actor: str, note: str = "") -> Takedown | None:
        """Accept: known-NCII hashes, the site's webhook with the items, enrolment with consent."""
        if not self.settings.webhook_url:
            raise ConsentryError(
                "no site webhook is configured (webhook_url): an accepted request would reach nobody who removes it"
            )
        takedown = self.repository.transition(takedown_id, "accepted", actor=actor, reason=note)
        if takedown is None:
            return None
        added = self._add_known_hashes(takedown)
        self.repository.add_event(takedown_id, "hashes_listed", actor=actor, data={"hashes": added})
        if takedown.face_consent and takedown.full_name:
            self._enroll(takedown)
            self.repository.add_event(takedown_id, "enrolled_protected", actor=actor)
        self.refresh_galleries()
        payload = {
            "event": "takedown.accepted",
            "takedown_id": takedown.id,
            "accepted_at": takedown.decided_at,
            "deadline": takedown.deadline,
            "items": [
                {
                    "item_ref": m.item_ref,
                    "user_id": m.user_id,
                    "decision_id": m.decision_id,
                    "via": m.via,
                    "distance": m.distance,
                }
                for m in takedown.matches
                if m.item_ref and m.via in REMOVED_VIA
            ],
            "hashes": [{"sha256": i.sha256, "pdq": i.pdq_hex} for i in takedown.images],
        }
        self.repository.enqueue_delivery(
            event="takedown.accepted", channel="site", payload=encode(payload), takedown_id=takedown.id
        )
        self._notify_requester(takedown, "takedown.accepted")
        self.outbox.wake()
        return self.repository.get(takedown_id)

    def decide(self, takedown_id: str, action: str, *, actor: str, reason: str = "") -> Takedown | None:
        """One moderator action by name (``accept``, ``reject`` or ``info``), as the API and the
        dashboard call it; None when there is no such request. Raises ``InputError`` for an unknown
        action or a missing reason, ``ValueError`` when the request's state does not allow it and
        ``ConsentryError`` when no site webhook is configured (on accept)."""
        if action == "accept":
            return self.accept(takedown_id, actor=actor, note=reason)
        if action == "reject":
            return self.reject(takedown_id, actor=actor, reason=reason)
        if action == "info":
            return self.ask_info(takedown_id, actor=actor, question=reason)
        raise InputError(f"no action {action!r}", field="action", code="not_found")

    def open_count(self) -> int:
        """How many requests wait for a decision."""
        return self.repository.count(status=OPEN_STATUSES)

    def deliveries(self, takedown_id: str) -> builtins.list[Delivery]:
        """The webhook and email deliveries of a request, oldest first."""
        return self.repository.deliveries(takedown_id)

    def sighting_ref(self, sighting_id: int) -> str | None:
        """The image reference (within its decision) of a logged sighting."""
        seen = self.repository.sightings(ids=[sighting_id])
        return seen[0].ref if seen else None

    def reject(self, takedown_id: str, *, actor: str, reason: str) -> Takedown | None:
        reason = " ".join((reason or "").split())
        if not reason:
            raise InputError("reason: a rejection needs a reason (the requester is told it)", field="reason")
        takedown = self.repository.transition(takedown_id, "rejected", actor=actor, reason=reason)
        if takedown is not None:
            self._notify_requester(takedown, "takedown.rejected", reason=reason)
        return takedown

    def ask_info(self, takedown_id: str, *, actor: str, question: str) -> Takedown | None:
        question = " ".join((question or "").split())
        if not question:
            raise InputError("question: say what information is needed", field="question")
        takedown = self.repository.transition(
            takedown_id, "info_requested", actor=actor, reason=question, allowed_from=("received", "info_requested")
        )
        if takedown is not None:
            self._notify_requester(takedown, "takedown.info_requested", reason=question)
        return takedown

    def _add_known_hashes(self, takedown: Takedown) -> int:
        if self.gallery.get_hash_list(KNOWN_NCII_LIST) is None:
            self.gallery.add_hash_list(HashList(KNOWN_NCII_LIST, "Accepted removal requests", kind="pdq"))
        hashes: dict[str, None] = {}
        for image in takedown.images:
            if image.pdq_quality >= self.settings.min_quality:
                hashes.update(dict.fromkeys(image.variants or ((image.pdq_hex,) if image.pdq_hex else ())))
        for match in takedown.matches:
            if match.pdq_hex and match.via in ("pdq", "sha256", "content_ref"):
                hashes[match.pdq_hex] = None
        entries = [HashEntry(KNOWN_NCII_LIST, h, item_id=takedown.id) for h in hashes]
        return int(self.gallery.add_hashes(entries)) if entries else 0

    def _enroll(self, takedown: Takedown) -> None:
        identity = Identity(id=f"takedown-{takedown.id}", name=takedown.full_name or "", gallery=PROTECTED_GALLERY)
        self.gallery.add_identity(identity)
        if takedown.face_vector is not None and takedown.face_model:
            self.gallery.add_embeddings([FaceEmbedding(identity.id, takedown.face_model, takedown.face_vector)])

    # --- notifications --------------------------------------------------------------------------

    def _notify_requester(self, takedown: Takedown, event: str, *, reason: str = "") -> None:
        deadline = datetime.fromtimestamp(takedown.deadline, UTC).strftime("%Y-%m-%d %H:%M UTC")
        texts = {
            "takedown.received": (
                "We received your removal request",
                f"We received your request {takedown.id}. We will decide on it by {deadline}.",
            ),
            "takedown.accepted": (
                "Your removal request was accepted",
                f"We accepted your request {takedown.id}. The content and the copies we found are being "
                "removed, and new copies will be blocked.",
            ),
            "takedown.rejected": (
                "Your removal request was not accepted",
                f"We did not accept your request {takedown.id}. Reason: {reason}",
            ),
            "takedown.info_requested": (
                "We need more information about your removal request",
                f"To decide on your request {takedown.id} we need more information: {reason}",
            ),
        }
        subject, text = texts[event]
        if not self.outbox.notifiers.get("requester"):
            self.repository.add_event(
                takedown.id,
                "notification_not_sent",
                actor="system",
                note=f"{event}: no requester notification is configured (notify_webhook_url or smtp_host)",
            )
            return
        payload = {
            "event": event,
            "takedown_id": takedown.id,
            "status": takedown.status,
            "deadline": takedown.deadline,
            "contact_email": takedown.contact_email,
            "full_name": takedown.full_name,
            "site": self.settings.site_name,
            "subject": subject,
            "text": text,
            "reason": reason,
        }
        self.repository.enqueue_delivery(
            event=event, channel="requester", payload=encode(payload), takedown_id=takedown.id
        )
        self.repository.add_event(takedown.id, "notification_queued", actor="system", note=event)
        self.outbox.wake()

    def _delivered(self, delivery: Delivery, at: float) -> None:
        if delivery.takedown_id is None:
            return
        if delivery.event == "takedown.accepted" and delivery.channel == "site":
            self.repository.set_removed(delivery.takedown_id, at)
        self.repository.add_event(
            delivery.takedown_id, "notification_delivered", actor="system", note=f"{delivery.channel}: {delivery.event}"
        )

    # --- the record -----------------------------------------------------------------------------

    def report(self, since: float, until: float) -> Report:
        return self.repository.report(since, until, now=self.clock())

    def purge_if_due(self) -> int:
        """Clear the requester's details of requests decided longer ago than the retention."""
        now = self.clock()
        if self.settings.retention_days <= 0 or now - self._purged_at < 3600.0:
            return 0
        self._purged_at = now
        return self.repository.purge_requesters(decided_before=now - self.settings.retention_days * 86400.0)


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


EXPORT_COLUMNS = ("takedown_id", "accepted_at", "item_ref", "user_id", "decision_id", "via", "distance")


def export_rows(takedowns: Sequence[Takedown]) -> list[dict[str, Any]]:
    """The matched items of accepted requests, one row per item (for the site's removal)."""
    return [
        {
            "takedown_id": t.id,
            "accepted_at": t.decided_at,
            "item_ref": m.item_ref,
            "user_id": m.user_id,
            "decision_id": m.decision_id,
            "via": m.via,
            "distance": m.distance,
        }
        for t in takedowns
        if t.status == "accepted"
        for m in t.matches
        if m.item_ref and m.via in REMOVED_VIA
    ]


# The columns of a takedown report (``Report.to_dict()``) as CSV, in order.
REPORT_COLUMNS = (
    "since",
    "until",
    "received",
    "accepted",
    "rejected",
    "open",
    "overdue",
    "decided_late",
    "median_hours_to_removal",
    "max_hours_to_removal",
)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_safe(row.get(k)) for k in columns})
    return out.getvalue()


def _csv_safe(value: object) -> object:
    """Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


__all__ = [
    "EXPORT_COLUMNS",
    "KNOWN_NCII_LIST",
    "CopyIndex",
    "Submission",
    "TakedownDesk",
    "TakedownLimitedError",
    "TakedownSettings",
    "Upload",
    "export_rows",
    "parse_content_refs",
    "to_csv",
]
