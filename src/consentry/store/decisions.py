"""The decision log: what was decided, for whom, by which rules; searches and day counts over it."""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, case, delete, exists, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from consentry.content import CheckRequest
from consentry.store.database import Database, rowcount, sha256_text, table, unavailable
from consentry.store.models import DecisionImageRow, DecisionRow, DecisionRuleRow, UserRow
from consentry.store.records import PROMPT_LOGGING, DecisionQuery, DecisionRecord, PromptLogging
from consentry.types import Decision

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class LogOptions:
    """How a decision is logged (the operator's settings) and where it came from.

    ``prompt_logging``: ``hash`` keeps only the prompt's SHA-256; ``flagged`` also keeps the text
    of denied and reviewed prompts; ``all`` keeps every prompt's text. Where the text is not
    kept, the findings are logged redacted (``Finding.redacted``: no text of the prompt, no
    private name; unlisted names as their SHA-256). ``keep_images`` keeps the
    bytes of the request's images (else only their hashes). ``flag_threshold`` denied requests
    flag a user for review. ``created_at`` (epoch seconds) defaults to now."""

    prompt_logging: PromptLogging = "hash"
    keep_images: bool = False
    flag_threshold: int | None = None
    source: str = "api"
    item_ref: str | None = None
    api_key_id: str | None = None
    created_at: float | None = None

    def __post_init__(self) -> None:
        if self.prompt_logging not in PROMPT_LOGGING:
            raise ValueError(f"prompt_logging must be one of {PROMPT_LOGGING}, not {self.prompt_logging!r}")


@dataclass(frozen=True, slots=True)
class PendingDecision:
    """A decision ready to be written (see ``DecisionLog.prepare``)."""

    record: DecisionRecord
    image_rows: tuple[dict[str, Any], ...] = ()
    denied_user: str | None = None
    flag_threshold: int | None = None


def _dialect_insert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT for the database at hand (SQLite and PostgreSQL spell it alike)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _images(request: CheckRequest | None, keep: bool) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What is logged of a request's images (always), and their bytes (only when kept)."""
    logged: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    for ref, image in request.images if request is not None else ():
        data = bytes(image.data)
        logged.append(
            {
                "ref": ref,
                "role": image.role,
                "name": image.name,
                "format": image.format,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        if keep:
            kept.append({"ref": ref, "format": image.format, "data": data})
    return logged, kept


class DecisionLog:
    """Every decision, with the request's hash (its text only where the operator keeps it)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._statements: dict[str, tuple[Any, Any]] = {}

    def record(
        self, decision: Decision, request: CheckRequest | None = None, options: LogOptions = LogOptions()
    ) -> DecisionRecord:
        """Log a decision (and, for a denied request with a user id, count it against the user;
        ``options.flag_threshold`` denied requests flag the user for review). One transaction."""
        pending = self.prepare(decision, request, options)
        self.write([pending])
        return pending.record

    def prepare(
        self, decision: Decision, request: CheckRequest | None = None, options: LogOptions = LogOptions()
    ) -> PendingDecision:
        """The record of a decision and its rows, ready for ``write`` (no I/O)."""
        keep_text = options.prompt_logging == "all" or (
            options.prompt_logging == "flagged" and decision.verdict != "allow"
        )
        prompt = request.prompt if request is not None else None
        negative = request.negative_prompt if request is not None else None
        user_id = request.user.user_id if request is not None else None
        images, image_rows = _images(request, options.keep_images)
        record = DecisionRecord(
            id=uuid.uuid4().hex,
            created_at=time.time() if options.created_at is None else options.created_at,
            verdict=decision.verdict,
            rule_ids=tuple(decision.rule_ids),
            policy_version=decision.policy_version,
            detector_versions=tuple(decision.detector_versions),
            # without the prompt's text, its findings keep none either (nor private names)
            findings=tuple((f if keep_text else f.redacted()).to_dict() for f in decision.findings),
            report=decision.report,
            message=decision.message,
            request_id=request.request_id if request is not None else None,
            source=options.source,
            item_ref=options.item_ref,
            user_id=user_id,
            tier=request.user.tier if request is not None else None,
            api_key_id=options.api_key_id,
            prompt_sha256=sha256_text(prompt) if prompt else None,
            prompt=prompt if keep_text and prompt else None,
            negative_prompt=negative if keep_text and negative else None,
            images=tuple(images),
            elapsed_ms=round(decision.elapsed_ms, 3),
        )
        return PendingDecision(
            record=record,
            image_rows=tuple({"decision_id": record.id, **r} for r in image_rows),
            denied_user=user_id if user_id and decision.verdict == "deny" else None,
            flag_threshold=options.flag_threshold,
        )

    def write(self, batch: Sequence[PendingDecision]) -> None:
        """Write prepared decisions in one transaction (a batch shares one commit)."""
        if not batch:
            return
        rows = [p.record.to_dict() for p in batch]
        rules = [{"decision_id": p.record.id, "rule_id": r} for p in batch for r in dict.fromkeys(p.record.rule_ids)]
        images = [row for p in batch for row in p.image_rows]
        denied: dict[str, tuple[int, float, int | None]] = {}
        for p in batch:
            if p.denied_user is not None:
                count, _, _ = denied.get(p.denied_user, (0, 0.0, None))
                denied[p.denied_user] = (count + 1, p.record.created_at, p.flag_threshold)
        try:
            with self.database.engine.begin() as connection:
                connection.execute(insert(table(DecisionRow)), rows)
                if rules:
                    connection.execute(insert(table(DecisionRuleRow)), rules)
                if images:
                    connection.execute(insert(table(DecisionImageRow)), images)
                if denied:
                    self._count_denied(connection, denied)
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise unavailable(exc) from exc

    def _count_denied(self, connection: Connection, denied: dict[str, tuple[int, float, int | None]]) -> None:
        """Count denied requests against their users, ``{user_id: (count, when, flag_threshold)}``,
        and flag the users that reached their threshold: two statements for the whole batch."""
        upsert, flag = self._denied_statements()
        connection.execute(
            upsert,
            [
                {"user_id": user, "denied_count": count, "last_denied_at": when, "flagged": False}
                for user, (count, when, _) in denied.items()
            ],
        )
        flags = [
            {"b_user": user, "b_threshold": threshold, "b_now": when, "b_note": f"{threshold} or more denied requests"}
            for user, (_, when, threshold) in denied.items()
            if threshold is not None and threshold > 0
        ]
        if flags:
            connection.execute(flag, flags)

    def _denied_statements(self) -> tuple[Any, Any]:
        """The statements of ``_count_denied`` for this database (built once: building them per
        batch cost more than running them)."""
        dialect = self.database.dialect
        cached = self._statements.get(dialect)
        if cached is None:
            users = table(UserRow)
            insert_users = _dialect_insert(dialect)(users)
            upsert = insert_users.on_conflict_do_update(
                index_elements=[users.c.user_id],
                set_={
                    "denied_count": users.c.denied_count + insert_users.excluded.denied_count,
                    "last_denied_at": insert_users.excluded.last_denied_at,
                },
            )
            flag = (
                update(users)
                .where(
                    users.c.user_id == bindparam("b_user"),
                    users.c.flagged.is_(False),
                    users.c.denied_count >= bindparam("b_threshold"),
                )
                .values(flagged=True, flagged_at=bindparam("b_now"), flagged_by="auto", flag_note=bindparam("b_note"))
            )
            cached = self._statements[dialect] = (upsert, flag)
        return cached

    # --- reading ------------------------------------------------------------------------------

    def get(self, decision_id: str) -> DecisionRecord | None:
        with self.database.session() as s:
            row = s.get(DecisionRow, decision_id)
            return _decision(row) if row is not None else None

    def image(self, decision_id: str, ref: str) -> tuple[str, bytes] | None:
        """The kept bytes of one image of a decision (format, data), if the operator keeps images."""
        with self.database.session() as s:
            row = s.get(DecisionImageRow, (decision_id, ref))
            return (row.format, row.data) if row is not None else None

    def stored_image_refs(self, decision_ids: Sequence[str]) -> set[tuple[str, str]]:
        """Which (decision id, image ref) pairs have their bytes kept (the operator's choice)."""
        if not decision_ids:
            return set()
        stmt = select(DecisionImageRow.decision_id, DecisionImageRow.ref).where(
            DecisionImageRow.decision_id.in_(decision_ids)
        )
        with self.database.session() as s:
            return {(d, r) for d, r in s.execute(stmt)}

    def search(self, query: DecisionQuery | None = None, **filters: Any) -> list[DecisionRecord]:
        """Decisions matching ``query`` (or keyword filters of ``DecisionQuery``), newest first."""
        query = query if query is not None else DecisionQuery(**filters)
        stmt = (
            _filtered(query)
            .order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc())
            .limit(max(0, min(query.limit, 10_000)))
            .offset(max(0, query.offset))
        )
        with self.database.session() as s:
            return [_decision(row) for row in s.scalars(stmt)]

    def count(self, query: DecisionQuery | None = None, **filters: Any) -> int:
        query = query if query is not None else DecisionQuery(**filters)
        stmt = select(func.count()).select_from(_filtered(query).subquery())
        with self.database.session() as s:
            return int(s.scalar(stmt) or 0)

    def known_request_ids(self, source: str, request_ids: Sequence[str]) -> set[str]:
        """Which of these request ids are already logged from ``source`` (an import is not repeated)."""
        if not request_ids:
            return set()
        stmt = select(DecisionRow.request_id).where(
            DecisionRow.source == source, DecisionRow.request_id.in_(request_ids)
        )
        with self.database.session() as s:
            return {r for r in s.scalars(stmt) if r}

    def purge(self, older_than: float) -> int:
        """Delete decisions logged before ``older_than`` (epoch seconds); returns how many."""
        old = select(DecisionRow.id).where(DecisionRow.created_at < older_than)
        with self.database.session() as s:
            s.execute(delete(DecisionRuleRow).where(DecisionRuleRow.decision_id.in_(old)))
            s.execute(delete(DecisionImageRow).where(DecisionImageRow.decision_id.in_(old)))
            return rowcount(s.execute(delete(DecisionRow).where(DecisionRow.created_at < older_than)))

    # --- counts ------------------------------------------------------------------------------

    def verdicts_by_day(self, starts: Sequence[float]) -> list[tuple[int, str, int]]:
        """(day, verdict, decisions) for the days beginning at ``starts`` (epoch seconds, oldest
        first, a day each; ``day`` indexes ``starts``)."""
        bucket = _day_bucket(starts)
        stmt = (
            select(bucket.label("day"), DecisionRow.verdict, func.count())
            .where(DecisionRow.created_at >= starts[0])
            .group_by("day", DecisionRow.verdict)
        )
        with self.database.session() as s:
            return [(int(d), v, int(n)) for d, v, n in s.execute(stmt) if 0 <= d < len(starts)]

    def rules_by_day(self, starts: Sequence[float]) -> list[tuple[int, str, int]]:
        """(day, rule id, matches) for the days beginning at ``starts``, as ``verdicts_by_day``."""
        bucket = _day_bucket(starts)
        stmt = (
            select(bucket.label("day"), DecisionRuleRow.rule_id, func.count())
            .join(DecisionRow, DecisionRow.id == DecisionRuleRow.decision_id)
            .where(DecisionRow.created_at >= starts[0])
            .group_by("day", DecisionRuleRow.rule_id)
        )
        with self.database.session() as s:
            return [(int(d), r, int(n)) for d, r, n in s.execute(stmt) if 0 <= d < len(starts)]

    def top_rules(self, since: float, limit: int = 10) -> list[tuple[str, int]]:
        """The rules that matched most often since ``since``, with their counts."""
        count = func.count().label("n")
        stmt = (
            select(DecisionRuleRow.rule_id, count)
            .join(DecisionRow, DecisionRow.id == DecisionRuleRow.decision_id)
            .where(DecisionRow.created_at >= since)
            .group_by(DecisionRuleRow.rule_id)
            .order_by(count.desc(), DecisionRuleRow.rule_id)
            .limit(limit)
        )
        with self.database.session() as s:
            return [(rule, int(n)) for rule, n in s.execute(stmt)]

    def rule_ids(self) -> list[str]:
        """Every rule id that appears in the log."""
        with self.database.session() as s:
            return sorted(s.scalars(select(DecisionRuleRow.rule_id).distinct()))


def _day_bucket(starts: Sequence[float]) -> Any:
    return case(*[(DecisionRow.created_at < start + DAY, i) for i, start in enumerate(starts)], else_=-1)


def _filtered(query: DecisionQuery) -> Any:
    stmt = select(DecisionRow)
    if query.user_id is not None:
        stmt = stmt.where(DecisionRow.user_id == query.user_id)
    if query.verdict is not None:
        stmt = stmt.where(DecisionRow.verdict == query.verdict)
    if query.verdicts:
        stmt = stmt.where(DecisionRow.verdict.in_(query.verdicts))
    if query.since is not None:
        stmt = stmt.where(DecisionRow.created_at >= query.since)
    if query.until is not None:
        stmt = stmt.where(DecisionRow.created_at < query.until)
    if query.source is not None:
        stmt = stmt.where(DecisionRow.source == query.source)
    if query.review_status is not None:
        stmt = stmt.where(DecisionRow.review_status == query.review_status)
    if query.unreviewed:
        stmt = stmt.where(DecisionRow.review_status.is_(None))
    if query.rule_id is not None:
        stmt = stmt.where(
            exists().where(DecisionRuleRow.decision_id == DecisionRow.id, DecisionRuleRow.rule_id == query.rule_id)
        )
    return stmt


def _decision(row: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        id=row.id,
        created_at=row.created_at,
        verdict=row.verdict,
        rule_ids=tuple(row.rule_ids or ()),
        policy_version=row.policy_version,
        detector_versions=tuple(row.detector_versions or ()),
        findings=tuple(row.findings or ()),
        report=bool(row.report),
        message=row.message or "",
        request_id=row.request_id,
        source=row.source,
        item_ref=row.item_ref,
        user_id=row.user_id,
        tier=row.tier,
        api_key_id=row.api_key_id,
        prompt_sha256=row.prompt_sha256,
        prompt=row.prompt,
        negative_prompt=row.negative_prompt,
        images=tuple(row.images or ()),
        elapsed_ms=row.elapsed_ms or 0.0,
        review_status=row.review_status,
    )
