"""Notifications of notice-and-removal, sent from an outbox with retries.

Two channels:

- ``site``: the site's own webhook. ``takedown.accepted`` carries the items to remove. Required:
  without it a takedown could be accepted and nobody would remove anything.
- ``requester``: telling the requester that the request was received, and its outcome. Through
  a webhook (the site's mailer sends the message; required) and, optionally, SMTP directly.

Every webhook body is JSON, signed with HMAC-SHA256 over the exact bytes sent, in the header
``X-Consentry-Signature: sha256=<hex>``; ``X-Consentry-Event`` names the event and
``X-Consentry-Delivery`` is the delivery id (the same on every retry: receivers de-duplicate on
it). A receiver verifies with ``verify_signature(secret, body, header)``.

A delivery that fails (no answer, a non-2xx status) is retried with growing waits
(``RETRY_WAITS_S``), then given up and recorded as such; both show in the request's record.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol

from consentry.store.takedown_outbox import OutboxRepository
from consentry.store.takedown_records import Delivery

log = logging.getLogger("consentry.takedown")

SIGNATURE_HEADER = "X-Consentry-Signature"
EVENT_HEADER = "X-Consentry-Event"
DELIVERY_HEADER = "X-Consentry-Delivery"
RETRY_WAITS_S: tuple[float, ...] = (5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0, 3 * 3600.0)


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC-SHA256 of ``body`` in hex."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` with ``secret`` (constant time)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header or "")


class DeliveryError(Exception):
    """One attempt failed (the message says why; it is kept in the record)."""


class Notifier(Protocol):
    """Sends one notification; raises ``DeliveryError`` when it could not."""

    @property
    def name(self) -> str: ...

    def send(self, event: str, delivery_id: str, body: bytes) -> None: ...


@dataclass(frozen=True, slots=True)
class WebhookNotifier:
    """POSTs the signed JSON body to ``url``."""

    url: str
    secret: str
    timeout_s: float = 10.0
    name: str = "webhook"

    def send(self, event: str, delivery_id: str, body: bytes) -> None:
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self.secret, body),
            EVENT_HEADER: event,
            DELIVERY_HEADER: delivery_id,
            "User-Agent": "consentry-takedown",
        }
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"the receiver answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
        if not 200 <= status < 300:
            raise DeliveryError(f"the receiver answered HTTP {status}")


@dataclass(frozen=True, slots=True)
class SmtpNotifier:
    """Emails the requester (optional): the payload's ``to`` address, a plain-text message."""

    host: str
    sender: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout_s: float = 20.0
    name: str = "smtp"

    def send(self, event: str, delivery_id: str, body: bytes) -> None:
        payload = json.loads(body)
        to = payload.get("contact_email")
        if not to:
            return  # the requester's details were purged: nothing to send
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = payload.get("subject") or "Your removal request"
        message["Message-ID"] = f"<{delivery_id}@consentry>"
        message.set_content(payload.get("text") or "")
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from None


def encode(payload: dict[str, Any]) -> str:
    """The body as sent and signed (compact, keys sorted)."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


class Outbox:
    """Delivers the queued notifications of one channel set, with retries, on a thread.

    ``notifiers`` maps a channel (``site``, ``requester``) to the notifiers that send it; a
    delivery succeeds when every notifier of its channel succeeded in the same attempt.
    ``on_delivered(delivery, at)`` is called after a delivery succeeded.
    """

    def __init__(
        self,
        repository: OutboxRepository,
        notifiers: Mapping[str, Sequence[Notifier]],
        *,
        poll_s: float = 1.0,
        waits_s: Sequence[float] = RETRY_WAITS_S,
        on_delivered: Callable[[Delivery, float], object] | None = None,
        on_tick: Callable[[], object] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repository = repository
        self.notifiers = notifiers
        self.poll_s = poll_s
        self.waits_s = tuple(waits_s)
        self.on_delivered = on_delivered
        self.on_tick = on_tick  # called on the thread after every round (e.g. the retention purge)
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="consentry-outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def wake(self) -> None:
        """Deliver now (a notification was just queued)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.deliver_due()
                if self.on_tick is not None:
                    self.on_tick()
            except Exception:  # the thread must survive a database outage or a bug
                log.exception("the notification outbox failed; retrying")
            self._wake.wait(self.poll_s)
            self._wake.clear()

    def deliver_due(self) -> int:
        """Attempt every delivery that is due; returns how many succeeded."""
        with self._lock:
            delivered = 0
            for delivery in self.repository.due_deliveries(self.clock()):
                delivered += self._attempt(delivery)
            return delivered

    def _attempt(self, delivery: Delivery) -> int:
        body = delivery.payload.encode("utf-8")
        errors = []
        for notifier in self.notifiers.get(delivery.channel, ()):
            try:
                notifier.send(delivery.event, delivery.id, body)
            except DeliveryError as exc:
                errors.append(f"{notifier.name}: {exc}")
            except Exception as exc:  # a notifier's bug: recorded and retried like a failure
                errors.append(f"{notifier.name}: {type(exc).__name__}: {exc}")
        if not errors:
            at = self.clock()
            self.repository.delivery_done(delivery.id, ok=True)
            if self.on_delivered is not None:
                self.on_delivered(delivery, at)
            return 1
        attempt = delivery.attempts  # this attempt's index (0 for the first)
        retry_at = self.clock() + self.waits_s[attempt] if attempt < len(self.waits_s) else None
        log.warning("delivery %s (%s) failed: %s", delivery.id, delivery.event, "; ".join(errors))
        self.repository.delivery_done(delivery.id, ok=False, error="; ".join(errors), retry_at=retry_at)
        return 0
