"""The SQL store: galleries, the decision log, API keys, users, the allow-list, review actions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sqlalchemy import Connection, Engine, Table, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from consentry.content import CheckRequest
from consentry.errors import ConsentryError, InputError
from consentry.gallery.store import FaceEmbedding, HashEntry, HashList, Identity
from consentry.store.models import (
    AllowEntryRow,
    ApiKeyRow,
    DecisionImageRow,
    DecisionRow,
    DecisionRuleRow,
    FaceEmbeddingRow,
    GallerySwitch,
    HashEntryRow,
    HashListRow,
    IdentityRow,
    Meta,
    ReviewActionRow,
    UserRow,
)
from consentry.store.records import (
    PROMPT_LOGGING,
    SCOPES,
    AllowEntry,
    ApiKey,
    DecisionQuery,
    DecisionRecord,
    PromptLogging,
    ReviewAction,
    Scope,
    UserRecord,
)
from consentry.types import Decision

GALLERY_VERSION = "gallery_version"
ALLOW_VERSION = "allow_version"
KEY_PREFIX = "csk_"
_HASH_BATCH = 5000


class StoreUnavailableError(ConsentryError):
    """The database cannot be reached or refused the operation. Callers fail closed."""


def _unavailable(exc: Exception) -> StoreUnavailableError:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    return StoreUnavailableError(f"the database is unavailable ({first[:200]})")


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _dialect_insert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT for the database at hand (SQLite and PostgreSQL spell it alike)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


@dataclass(frozen=True, slots=True)
class PendingDecision:
    """A decision ready to be written (see ``SqlStore.prepare_decision``)."""

    record: DecisionRecord
    image_rows: tuple[dict[str, Any], ...] = ()
    denied_user: str | None = None
    flag_threshold: int | None = None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SqlStore:
    """Everything Consentry keeps, in one SQL database (SQLite or PostgreSQL).

    Safe to share between threads (one engine, a session per call). Every method raises
    ``StoreUnavailableError`` when the database cannot be reached. ``gallery`` is the
    ``GalleryStore`` view that detectors read.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.gallery = SqlGalleryStore(self)
        # Called before a session that may read decisions or users (the service sets it to its
        # decision log's flush, whose writes are asynchronous).
        self.drain_hook: Callable[[], object] | None = None
        self._statements: dict[str, tuple[Any, Any]] = {}

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self, *, drain: bool = True) -> Iterator[Session]:
        """A session in a transaction (committed on success); database errors become
        ``StoreUnavailableError``. For code that needs queries beyond the methods here.

        ``drain``: first let the decision log's writer finish what it holds (``drain_hook``), so
        that what a session reads includes every decision already answered."""
        if drain and self.drain_hook is not None:
            self.drain_hook()
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (OperationalError, DBAPIError) as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise _unavailable(exc) from exc

    def ping(self) -> None:
        """Raise ``StoreUnavailableError`` unless the database answers."""
        with self.session(drain=False) as s:
            s.execute(select(1))

    def counter(self, key: str) -> int:
        with self.session(drain=False) as s:
            return int(s.scalar(select(Meta.value).where(Meta.key == key)) or 0)

    @staticmethod
    def _bump(s: Session, key: str) -> None:
        result = s.execute(update(Meta).where(Meta.key == key).values(value=Meta.value + 1))
        if getattr(result, "rowcount", 1) == 0:
            s.add(Meta(key=key, value=1))

    # --- the decision log -----------------------------------------------------------------

    def record_decision(
        self,
        decision: Decision,
        request: CheckRequest | None = None,
        *,
        prompt_logging: PromptLogging = "hash",
        source: str = "api",
        item_ref: str | None = None,
        api_key_id: str | None = None,
        keep_images: bool = False,
        flag_threshold: int | None = None,
        created_at: float | None = None,
    ) -> DecisionRecord:
        """Log a decision (and, for a denied request with a user id, count it against the user;
        ``flag_threshold`` denied requests flag the user for review). One transaction.

        ``prompt_logging``: ``hash`` keeps only the prompt's SHA-256; ``flagged`` also keeps the
        text of denied and reviewed prompts; ``all`` keeps every prompt's text.
        """
        pending = self.prepare_decision(
            decision,
            request,
            prompt_logging=prompt_logging,
            source=source,
            item_ref=item_ref,
            api_key_id=api_key_id,
            keep_images=keep_images,
            flag_threshold=flag_threshold,
            created_at=created_at,
        )
        self.write_decisions([pending])
        return pending.record

    def prepare_decision(
        self,
        decision: Decision,
        request: CheckRequest | None = None,
        *,
        prompt_logging: PromptLogging = "hash",
        source: str = "api",
        item_ref: str | None = None,
        api_key_id: str | None = None,
        keep_images: bool = False,
        flag_threshold: int | None = None,
        created_at: float | None = None,
    ) -> PendingDecision:
        """The record of a decision and its rows, ready for ``write_decisions`` (no I/O)."""
        if prompt_logging not in PROMPT_LOGGING:
            raise ValueError(f"prompt_logging must be one of {PROMPT_LOGGING}, not {prompt_logging!r}")
        now = time.time() if created_at is None else created_at
        keep_text = prompt_logging == "all" or (prompt_logging == "flagged" and decision.verdict != "allow")
        prompt = request.prompt if request is not None else None
        negative = request.negative_prompt if request is not None else None
        user_id = request.user.user_id if request is not None else None
        images: list[dict[str, Any]] = []
        image_rows: list[dict[str, Any]] = []
        if request is not None:
            for ref, image in request.images:
                data = bytes(image.data)
                images.append(
                    {
                        "ref": ref,
                        "role": image.role,
                        "name": image.name,
                        "format": image.format,
                        "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                    }
                )
                if keep_images:
                    image_rows.append({"ref": ref, "format": image.format, "data": data})
        record = DecisionRecord(
            id=uuid.uuid4().hex,
            created_at=now,
            verdict=decision.verdict,
            rule_ids=tuple(decision.rule_ids),
            policy_version=decision.policy_version,
            detector_versions=tuple(decision.detector_versions),
            findings=tuple(f.to_dict() for f in decision.findings),
            report=decision.report,
            message=decision.message,
            request_id=request.request_id if request is not None else None,
            source=source,
            item_ref=item_ref,
            user_id=user_id,
            tier=request.user.tier if request is not None else None,
            api_key_id=api_key_id,
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
            flag_threshold=flag_threshold,
        )

    def write_decisions(self, batch: Sequence[PendingDecision]) -> None:
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
            with self.engine.begin() as connection:
                connection.execute(insert(_table(DecisionRow)), rows)
                if rules:
                    connection.execute(insert(_table(DecisionRuleRow)), rules)
                if images:
                    connection.execute(insert(_table(DecisionImageRow)), images)
                if denied:
                    self._count_denied(connection, denied)
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise _unavailable(exc) from exc

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
        dialect = self.dialect
        cached = self._statements.get(dialect)
        if cached is None:
            table = _table(UserRow)
            insert_users = _dialect_insert(dialect)(table)
            upsert = insert_users.on_conflict_do_update(
                index_elements=[table.c.user_id],
                set_={
                    "denied_count": table.c.denied_count + insert_users.excluded.denied_count,
                    "last_denied_at": insert_users.excluded.last_denied_at,
                },
            )
            flag = (
                update(table)
                .where(
                    table.c.user_id == bindparam("b_user"),
                    table.c.flagged.is_(False),
                    table.c.denied_count >= bindparam("b_threshold"),
                )
                .values(flagged=True, flagged_at=bindparam("b_now"), flagged_by="auto", flag_note=bindparam("b_note"))
            )
            cached = self._statements[dialect] = (upsert, flag)
        return cached

    def get_decision(self, decision_id: str) -> DecisionRecord | None:
        with self.session() as s:
            row = s.get(DecisionRow, decision_id)
            return _decision(row) if row is not None else None

    def decision_image(self, decision_id: str, ref: str) -> tuple[str, bytes] | None:
        """The kept bytes of one image of a decision (format, data), if the operator keeps images."""
        with self.session() as s:
            row = s.get(DecisionImageRow, (decision_id, ref))
            return (row.format, row.data) if row is not None else None

    def _filtered(self, query: DecisionQuery) -> Any:
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

    def search_decisions(self, query: DecisionQuery | None = None, **filters: Any) -> list[DecisionRecord]:
        """Decisions matching ``query`` (or keyword filters of ``DecisionQuery``), newest first."""
        query = query if query is not None else DecisionQuery(**filters)
        stmt = (
            self._filtered(query)
            .order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc())
            .limit(max(0, min(query.limit, 10_000)))
            .offset(max(0, query.offset))
        )
        with self.session() as s:
            return [_decision(row) for row in s.scalars(stmt)]

    def count_decisions(self, query: DecisionQuery | None = None, **filters: Any) -> int:
        query = query if query is not None else DecisionQuery(**filters)
        stmt = select(func.count()).select_from(self._filtered(query).subquery())
        with self.session() as s:
            return int(s.scalar(stmt) or 0)

    def purge_decisions(self, older_than: float) -> int:
        """Delete decisions logged before ``older_than`` (epoch seconds); returns how many."""
        old = select(DecisionRow.id).where(DecisionRow.created_at < older_than)
        with self.session() as s:
            s.execute(delete(DecisionRuleRow).where(DecisionRuleRow.decision_id.in_(old)))
            s.execute(delete(DecisionImageRow).where(DecisionImageRow.decision_id.in_(old)))
            result = s.execute(delete(DecisionRow).where(DecisionRow.created_at < older_than))
            return int(getattr(result, "rowcount", 0) or 0)

    # --- API keys ---------------------------------------------------------------------------

    def create_api_key(self, scope: Scope, name: str = "") -> tuple[ApiKey, str]:
        """A new key: returns the stored record and the secret token (shown once, never kept)."""
        if scope not in SCOPES:
            raise InputError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}", field="scope")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = f"{KEY_PREFIX}{key_id}_{secret}"
        key = ApiKey(id=key_id, scope=scope, name=name, created_at=time.time())
        with self.session() as s:
            s.add(
                ApiKeyRow(
                    id=key.id, name=name, scope=scope, secret_sha256=sha256_text(secret), created_at=key.created_at
                )
            )
        return key, token

    def verify_api_key(self, token: str) -> ApiKey | None:
        """The active key a token belongs to, or None (unknown, malformed or revoked)."""
        if not token.startswith(KEY_PREFIX):
            return None
        key_id, sep, secret = token[len(KEY_PREFIX) :].partition("_")
        if not sep or not key_id or not secret:
            return None
        with self.session(drain=False) as s:
            row = s.get(ApiKeyRow, key_id)
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, sha256_text(secret)):
            return None
        return _api_key(row)

    def list_api_keys(self) -> list[ApiKey]:
        with self.session() as s:
            return [_api_key(r) for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))]

    def revoke_api_key(self, key_id: str) -> bool:
        with self.session() as s:
            result = s.execute(
                update(ApiKeyRow)
                .where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
                .values(revoked_at=time.time())
            )
            return bool(getattr(result, "rowcount", 0))

    # --- users ------------------------------------------------------------------------------

    def get_user(self, user_id: str) -> UserRecord | None:
        with self.session() as s:
            row = s.get(UserRow, user_id)
            return _user(row) if row is not None else None

    def list_users(
        self, *, flagged: bool | None = None, min_denied: int = 0, limit: int = 100, offset: int = 0
    ) -> list[UserRecord]:
        """Users, those with the most denied requests first."""
        stmt = select(UserRow).where(UserRow.denied_count >= min_denied)
        if flagged is not None:
            stmt = stmt.where(UserRow.flagged.is_(flagged))
        stmt = stmt.order_by(UserRow.denied_count.desc(), UserRow.user_id).limit(limit).offset(offset)
        with self.session() as s:
            return [_user(r) for r in s.scalars(stmt)]

    def set_user_flag(self, user_id: str, flagged: bool, *, actor: str, note: str = "") -> UserRecord:
        """Flag or unflag a user (recorded as a review action). Unflagging resets the denied count,
        so that the automatic flag trips again only after ``threshold`` new denials."""
        now = time.time()
        with self.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                row = UserRow(user_id=user_id, denied_count=0)
                s.add(row)
            previous = row.denied_count or 0
            row.flagged = flagged
            row.flagged_at = now if flagged else None
            row.flagged_by = actor if flagged else None
            row.flag_note = note if flagged else None
            if not flagged:
                row.denied_count = 0
            detail = note if flagged else f"{note} (denied count was {previous})".strip()
            s.add(
                ReviewActionRow(
                    created_at=now, actor=actor, action="flag" if flagged else "unflag", user_id=user_id, note=detail
                )
            )
            s.flush()
            return _user(row)

    # --- the operator's allow-list ----------------------------------------------------------

    def add_allow_entry(
        self,
        kind: Literal["phrase", "subject"],
        value: str,
        *,
        created_by: str = "",
        reason: str = "",
        decision_id: str | None = None,
    ) -> AllowEntry:
        if kind not in ("phrase", "subject"):
            raise InputError(f"an allow-list entry is a 'phrase' or a 'subject', not {kind!r}", field="kind")
        value = " ".join(value.split())
        if not value:
            raise InputError("an allow-list entry needs a non-empty value", field="value")
        with self.session() as s:
            row = AllowEntryRow(
                kind=kind,
                value=value,
                created_at=time.time(),
                created_by=created_by,
                reason=reason,
                decision_id=decision_id,
            )
            s.add(row)
            self._bump(s, ALLOW_VERSION)
            s.flush()
            return _allow(row)

    def list_allow_entries(self) -> list[AllowEntry]:
        with self.session() as s:
            return [_allow(r) for r in s.scalars(select(AllowEntryRow).order_by(AllowEntryRow.id))]

    def remove_allow_entry(self, entry_id: int) -> bool:
        with self.session() as s:
            result = s.execute(delete(AllowEntryRow).where(AllowEntryRow.id == entry_id))
            removed = bool(getattr(result, "rowcount", 0))
            if removed:
                self._bump(s, ALLOW_VERSION)
            return removed

    def allow_version(self) -> int:
        """Changes whenever the allow-list changes (lets every instance reload it)."""
        return self.counter(ALLOW_VERSION)

    # --- review actions ---------------------------------------------------------------------

    def record_review(
        self,
        *,
        actor: str,
        action: str,
        decision_id: str | None = None,
        user_id: str | None = None,
        note: str = "",
    ) -> ReviewAction:
        """Record a moderator's action; an action on a decision becomes its ``review_status``."""
        if not action:
            raise InputError("a review action needs a name (e.g. 'confirm', 'overturn')", field="action")
        with self.session() as s:
            row = ReviewActionRow(
                created_at=time.time(), actor=actor, action=action, decision_id=decision_id, user_id=user_id, note=note
            )
            s.add(row)
            if decision_id is not None:
                s.execute(update(DecisionRow).where(DecisionRow.id == decision_id).values(review_status=action))
            s.flush()
            return _review(row)

    def list_reviews(
        self, *, decision_id: str | None = None, user_id: str | None = None, limit: int = 100
    ) -> list[ReviewAction]:
        stmt = select(ReviewActionRow)
        if decision_id is not None:
            stmt = stmt.where(ReviewActionRow.decision_id == decision_id)
        if user_id is not None:
            stmt = stmt.where(ReviewActionRow.user_id == user_id)
        stmt = stmt.order_by(ReviewActionRow.created_at.desc(), ReviewActionRow.id.desc()).limit(limit)
        with self.session() as s:
            return [_review(r) for r in s.scalars(stmt)]


class SqlGalleryStore:
    """The ``GalleryStore`` kept in the SQL database (shared by every instance of the service).

    ``version()`` is asked on every check by detectors that keep an index; it is read from the
    database at most every ``version_ttl_s`` seconds. A change made through this object is seen
    at once; one made by another process (another instance, ``consentry enroll``) within that time.
    """

    def __init__(self, store: SqlStore, *, version_ttl_s: float = 0.5) -> None:
        self._store = store
        self._lock = threading.Lock()
        self.version_ttl_s = version_ttl_s
        self._version: tuple[int, float] | None = None  # (version, when read)

    def version(self) -> int:
        cached = self._version
        now = time.monotonic()
        if cached is not None and now - cached[1] < self.version_ttl_s:
            return cached[0]
        version = self._store.counter(GALLERY_VERSION)
        self._version = (version, now)
        return version

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A transaction that changes the gallery; the cached version is dropped after it commits."""
        try:
            with self._store.session(drain=False) as s:
                yield s
        finally:
            self._version = None

    # identities
    def add_identity(self, identity: Identity) -> Identity:
        with self._write() as s:
            s.merge(
                IdentityRow(
                    id=identity.id,
                    name=identity.name,
                    aliases=list(identity.aliases),
                    gallery=identity.gallery,
                    enabled=identity.enabled,
                    created_at=identity.created_at,
                )
            )
            SqlStore._bump(s, GALLERY_VERSION)
        return identity

    def get_identity(self, identity_id: str) -> Identity | None:
        with self._store.session(drain=False) as s:
            row = s.get(IdentityRow, identity_id)
            return _identity(row) if row is not None else None

    def list_identities(self, gallery: str | None = None) -> list[Identity]:
        stmt = select(IdentityRow).order_by(IdentityRow.created_at, IdentityRow.id)
        if gallery is not None:
            stmt = stmt.where(IdentityRow.gallery == gallery)
        with self._store.session(drain=False) as s:
            return [_identity(r) for r in s.scalars(stmt)]

    def _set_enabled(self, row: Any, key: str, enabled: bool) -> bool:
        """Switch one identity or hash list on or off; False when there is no such row."""
        with self._write() as s:
            result = s.execute(update(row).where(row.id == key).values(enabled=enabled))
            return self._changed(s, result)

    def _remove(self, row: Any, key: str, child: Any, child_key: Any) -> bool:
        """Remove one identity or hash list and what belongs to it; False when there is none."""
        with self._write() as s:
            s.execute(delete(child).where(child_key == key))
            result = s.execute(delete(row).where(row.id == key))
            return self._changed(s, result)

    @staticmethod
    def _changed(s: Session, result: Any) -> bool:
        changed = bool(getattr(result, "rowcount", 0))
        if changed:
            SqlStore._bump(s, GALLERY_VERSION)
        return changed

    def set_identity_enabled(self, identity_id: str, enabled: bool) -> bool:
        return self._set_enabled(IdentityRow, identity_id, enabled)

    def remove_identity(self, identity_id: str) -> bool:
        return self._remove(IdentityRow, identity_id, FaceEmbeddingRow, FaceEmbeddingRow.identity_id)

    def add_embeddings(self, embeddings: Sequence[FaceEmbedding]) -> int:
        if not embeddings:
            return 0
        with self._write() as s:
            wanted = {e.identity_id for e in embeddings}
            have = set(s.scalars(select(IdentityRow.id).where(IdentityRow.id.in_(wanted))))
            missing = sorted(wanted - have)
            if missing:
                raise KeyError(f"no identity {missing[0]!r}")
            rows = []
            for e in embeddings:
                vector = np.ascontiguousarray(e.vector, dtype="<f4").reshape(-1)
                rows.append(
                    {
                        "id": e.id,
                        "identity_id": e.identity_id,
                        "model": e.model,
                        "dim": int(vector.shape[0]),
                        "vector": vector.tobytes(),
                    }
                )
            s.execute(insert(FaceEmbeddingRow), rows)
            SqlStore._bump(s, GALLERY_VERSION)
        return len(embeddings)

    def embeddings(self, model: str, *, enabled_only: bool = True) -> list[FaceEmbedding]:
        stmt = (
            select(FaceEmbeddingRow)
            .join(IdentityRow, IdentityRow.id == FaceEmbeddingRow.identity_id)
            .where(FaceEmbeddingRow.model == model)
            .order_by(IdentityRow.created_at, FaceEmbeddingRow.identity_id, FaceEmbeddingRow.id)
        )
        if enabled_only:
            off = select(GallerySwitch.gallery).where(GallerySwitch.enabled.is_(False))
            stmt = stmt.where(IdentityRow.enabled.is_(True), IdentityRow.gallery.not_in(off))
        with self._store.session(drain=False) as s:
            return [
                FaceEmbedding(
                    identity_id=r.identity_id,
                    model=r.model,
                    vector=np.frombuffer(r.vector, dtype="<f4").astype(np.float32),
                    id=r.id,
                )
                for r in s.scalars(stmt)
            ]

    def face_counts(self) -> dict[str, int]:
        """How many face embeddings each identity has (identities without any are left out)."""
        stmt = select(FaceEmbeddingRow.identity_id, func.count()).group_by(FaceEmbeddingRow.identity_id)
        with self._store.session(drain=False) as s:
            return {identity_id: int(n) for identity_id, n in s.execute(stmt)}

    # gallery switches
    def set_gallery_enabled(self, gallery: str, enabled: bool) -> None:
        with self._write() as s:
            s.merge(GallerySwitch(gallery=gallery, enabled=enabled))
            SqlStore._bump(s, GALLERY_VERSION)

    def disabled_galleries(self) -> set[str]:
        with self._store.session(drain=False) as s:
            return set(s.scalars(select(GallerySwitch.gallery).where(GallerySwitch.enabled.is_(False))))

    # hash lists
    def add_hash_list(self, hash_list: HashList) -> HashList:
        with self._write() as s:
            s.merge(
                HashListRow(
                    id=hash_list.id,
                    name=hash_list.name,
                    kind=hash_list.kind,
                    enabled=hash_list.enabled,
                    created_at=hash_list.created_at,
                )
            )
            SqlStore._bump(s, GALLERY_VERSION)
        return hash_list

    def get_hash_list(self, list_id: str) -> HashList | None:
        with self._store.session(drain=False) as s:
            row = s.get(HashListRow, list_id)
            return _hash_list(row) if row is not None else None

    def list_hash_lists(self) -> list[HashList]:
        with self._store.session(drain=False) as s:
            return [_hash_list(r) for r in s.scalars(select(HashListRow).order_by(HashListRow.created_at))]

    def set_hash_list_enabled(self, list_id: str, enabled: bool) -> bool:
        return self._set_enabled(HashListRow, list_id, enabled)

    def remove_hash_list(self, list_id: str) -> bool:
        return self._remove(HashListRow, list_id, HashEntryRow, HashEntryRow.list_id)

    def add_hashes(self, entries: Iterable[HashEntry]) -> int:
        """Add entries in batches, in one transaction (all or nothing)."""
        total = 0
        with self._write() as s:
            known = set(s.scalars(select(HashListRow.id)))
            batch: list[dict[str, Any]] = []
            for entry in entries:
                if entry.list_id not in known:
                    raise KeyError(f"no hash list {entry.list_id!r}")
                batch.append(
                    {
                        "list_id": entry.list_id,
                        "hash_hex": entry.hash_hex,
                        "item_id": entry.item_id,
                        "enabled": entry.enabled,
                    }
                )
                if len(batch) >= _HASH_BATCH:
                    s.execute(insert(HashEntryRow), batch)
                    total += len(batch)
                    batch = []
            if batch:
                s.execute(insert(HashEntryRow), batch)
                total += len(batch)
            if total:
                SqlStore._bump(s, GALLERY_VERSION)
        return total

    def remove_hashes(self, list_id: str, hashes: Iterable[str]) -> int:
        """Remove the given hashes (hex) from one list; returns how many entries went."""
        wanted = [h.lower() for h in hashes]
        removed = 0
        with self._write() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                result = s.execute(
                    delete(HashEntryRow).where(HashEntryRow.list_id == list_id, HashEntryRow.hash_hex.in_(chunk))
                )
                removed += int(getattr(result, "rowcount", 0) or 0)
            if removed:
                SqlStore._bump(s, GALLERY_VERSION)
        return removed

    def count_hashes(self, list_id: str | None = None) -> int:
        stmt = select(func.count()).select_from(HashEntryRow)
        if list_id is not None:
            stmt = stmt.where(HashEntryRow.list_id == list_id)
        with self._store.session(drain=False) as s:
            return int(s.scalar(stmt) or 0)

    def hashes(self, *, enabled_only: bool = True) -> list[HashEntry]:
        stmt = select(HashEntryRow.list_id, HashEntryRow.hash_hex, HashEntryRow.item_id, HashEntryRow.enabled)
        if enabled_only:
            stmt = stmt.join(HashListRow, HashListRow.id == HashEntryRow.list_id).where(
                HashEntryRow.enabled.is_(True), HashListRow.enabled.is_(True)
            )
        with self._store.session(drain=False) as s:
            return [HashEntry(list_id=a, hash_hex=b, item_id=c, enabled=bool(d)) for a, b, c, d in s.execute(stmt)]


# --- rows to records ----------------------------------------------------------------------------


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


def _api_key(row: ApiKeyRow) -> ApiKey:
    scope: Scope = "admin" if row.scope == "admin" else "check"
    return ApiKey(id=row.id, scope=scope, name=row.name, created_at=row.created_at, revoked_at=row.revoked_at)


def _user(row: UserRow) -> UserRecord:
    return UserRecord(
        user_id=row.user_id,
        denied_count=row.denied_count or 0,
        last_denied_at=row.last_denied_at,
        flagged=bool(row.flagged),
        flagged_at=row.flagged_at,
        flagged_by=row.flagged_by,
        flag_note=row.flag_note,
    )


def _allow(row: AllowEntryRow) -> AllowEntry:
    kind: Literal["phrase", "subject"] = "subject" if row.kind == "subject" else "phrase"
    return AllowEntry(
        id=row.id,
        kind=kind,
        value=row.value,
        created_at=row.created_at,
        created_by=row.created_by,
        reason=row.reason,
        decision_id=row.decision_id,
    )


def _review(row: ReviewActionRow) -> ReviewAction:
    return ReviewAction(
        id=row.id,
        created_at=row.created_at,
        actor=row.actor,
        action=row.action,
        decision_id=row.decision_id,
        user_id=row.user_id,
        note=row.note,
    )


def _identity(row: IdentityRow) -> Identity:
    return Identity(
        id=row.id,
        name=row.name,
        aliases=tuple(row.aliases or ()),
        gallery=row.gallery,
        enabled=bool(row.enabled),
        created_at=row.created_at,
    )


def _hash_list(row: HashListRow) -> HashList:
    return HashList(id=row.id, name=row.name, kind=row.kind, enabled=bool(row.enabled), created_at=row.created_at)
