"""One engine and the transactions every repository of the store runs in."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Table, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from consentry.errors import ConsentryError
from consentry.store.models import Meta


class StoreUnavailableError(ConsentryError):
    """The database cannot be reached or refused the operation. Callers fail closed."""


def unavailable(exc: Exception) -> StoreUnavailableError:
    """The error to raise for a driver's error (its first line, never a stack trace)."""
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    return StoreUnavailableError(f"the database is unavailable ({first[:200]})")


def table(model: type[Any]) -> Table:
    """The ``Table`` of a model (for Core statements)."""
    found: Table = model.__table__
    return found


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rowcount(result: Any) -> int:
    """How many rows a statement changed (0 where the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)


class Database:
    """The engine shared by the store's repositories, and the transaction each call runs in.

    ``drain_hook`` is called before a transaction that may read decisions or users (the service
    sets it to its decision log's flush, whose writes are asynchronous)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.drain_hook: Callable[[], object] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, drain: bool = True) -> Iterator[Session]:
        """A session in a transaction (committed on success); database errors become
        ``StoreUnavailableError``. ``drain``: first let the decision log's writer finish what it
        holds, so that what is read includes every decision already answered."""
        if drain and self.drain_hook is not None:
            self.drain_hook()
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (OperationalError, DBAPIError) as exc:
            if isinstance(exc, IntegrityError):
                raise
            raise unavailable(exc) from exc

    def ping(self) -> None:
        """Raise ``StoreUnavailableError`` unless the database answers."""
        with self.session(drain=False) as s:
            s.execute(select(1))

    def counter(self, key: str) -> int:
        """A change counter (the gallery's, the allow-list's): other instances reload when it moves."""
        with self.session(drain=False) as s:
            return int(s.scalar(select(Meta.value).where(Meta.key == key)) or 0)

    @staticmethod
    def bump(s: Session, key: str) -> None:
        """Move a change counter on, inside the transaction that made the change."""
        result = s.execute(update(Meta).where(Meta.key == key).values(value=Meta.value + 1))
        if getattr(result, "rowcount", 1) == 0:
            s.add(Meta(key=key, value=1))
