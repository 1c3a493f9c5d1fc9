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

Every state change is an event with its time and its actor (``TakedownRepository``). The desk's
parts live beside it: ``takedown_intake`` (settings, a request as received, its validation),
``copy_search`` (sightings, the PDQ index, the search of copies) and ``takedown_export`` (the
items and the report as rows and CSV).
"""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from consentry.content import CheckRequest
from consentry.detectors.base import Context
from consentry.errors import ConsentryError, InputError
from consentry.gallery.store import FaceEmbedding, HashEntry, HashList, Identity
from consentry.service.copy_search import CopyIndex, ScanSightings, find_copies, sightings_from_scan, sightings_of
from consentry.service.notifications import Notifier, Outbox, SmtpNotifier, WebhookNotifier, encode
from consentry.service.ratelimit import RateLimiter
from consentry.service.takedown_export import EXPORT_COLUMNS, REMOVED_VIA, REPORT_COLUMNS, export_rows, to_csv
from consentry.service.takedown_intake import (
    Submission,
    TakedownLimitedError,
    TakedownSettings,
    Upload,
    load_captcha,
    parse_content_refs,
    validate,
)
from consentry.store.records import DecisionRecord
from consentry.store.takedowns import (
    OPEN_STATUSES,
    Delivery,
    Match,
    Report,
    ReportedImage,
    Takedown,
    TakedownRepository,
)

log = logging.getLogger("consentry.takedown")

KNOWN_NCII_LIST = "takedown-requests"
PROTECTED_GALLERY = "takedown-requests"


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
        self.captcha = load_captcha(settings.captcha)
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
        self.repository.add_sightings(sightings_of(request, record, context, face_search=self.settings.face_search))

    # --- requests -------------------------------------------------------------------------------

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

        name, email, signature, relationship, details, refs = validate(submission, self.settings)
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
        return find_copies(self.copies, self.repository, self.settings, images, refs, face=face)

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


# the desk and, for its callers, the names of its parts (intake, copy search, export)
__all__ = [
    "EXPORT_COLUMNS",
    "KNOWN_NCII_LIST",
    "REPORT_COLUMNS",
    "CopyIndex",
    "ScanSightings",
    "Submission",
    "TakedownDesk",
    "TakedownLimitedError",
    "TakedownSettings",
    "Upload",
    "export_rows",
    "parse_content_refs",
    "sightings_from_scan",
    "to_csv",
]
