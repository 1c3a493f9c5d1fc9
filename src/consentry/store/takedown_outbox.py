"""The outbox of notifications: each webhook or email to send, its attempts, and when it was
delivered or given up (the notifier's thread sends what is due)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import select, update

from consentry.store.takedown_models import WebhookDeliveryRow
from consentry.store.takedown_records import Delivery
from consentry.store.takedown_tables import TakedownTables


class OutboxRepository(TakedownTables):
    """The deliveries to make and made."""

    def enqueue_delivery(self, *, event: str, channel: str, payload: str, takedown_id: str | None) -> str:
        delivery_id = "wh_" + uuid.uuid4().hex[:24]
        now = time.time()
        with self.session() as s:
            s.add(
                WebhookDeliveryRow(
                    id=delivery_id,
                    takedown_id=takedown_id,
                    event=event,
                    channel=channel,
                    payload=payload,
                    created_at=now,
                    attempts=0,
                    next_attempt_at=now,
                    last_error="",
                )
            )
        return delivery_id

    def due_deliveries(self, now: float, *, limit: int = 50) -> list[Delivery]:
        stmt = (
            select(WebhookDeliveryRow)
            .where(
                WebhookDeliveryRow.delivered_at.is_(None),
                WebhookDeliveryRow.given_up_at.is_(None),
                WebhookDeliveryRow.next_attempt_at <= now,
            )
            .order_by(WebhookDeliveryRow.next_attempt_at)
            .limit(limit)
        )
        with self.session() as s:
            return [_delivery(r) for r in s.scalars(stmt)]

    def deliveries(self, takedown_id: str) -> list[Delivery]:
        stmt = (
            select(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.takedown_id == takedown_id)
            .order_by(WebhookDeliveryRow.created_at)
        )
        with self.session() as s:
            return [_delivery(r) for r in s.scalars(stmt)]

    def delivery_done(self, delivery_id: str, *, ok: bool, error: str = "", retry_at: float | None = None) -> None:
        """Record one attempt: delivered, retried at ``retry_at``, or given up (``retry_at`` None)."""
        now = time.time()
        values: dict[str, Any] = {"attempts": WebhookDeliveryRow.attempts + 1, "last_error": error[:1000]}
        if ok:
            values["delivered_at"] = now
        elif retry_at is not None:
            values["next_attempt_at"] = retry_at
        else:
            values["given_up_at"] = now
        with self.session() as s:
            s.execute(update(WebhookDeliveryRow).where(WebhookDeliveryRow.id == delivery_id).values(**values))


def _delivery(row: WebhookDeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        takedown_id=row.takedown_id,
        event=row.event,
        channel=row.channel,
        payload=row.payload,
        attempts=row.attempts,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
        given_up_at=row.given_up_at,
        last_error=row.last_error or "",
    )
