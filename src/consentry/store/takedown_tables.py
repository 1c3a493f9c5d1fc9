"""The takedown tables' sessions: one transaction per call over the store's engine, a database
that cannot be reached raised as ``StoreUnavailableError``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session


class TakedownTables:
    """The base of the takedown repositories: the engine and a session per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise unavailable(exc) from exc


def unavailable(exc: Exception) -> Exception:
    from consentry.store import StoreUnavailableError

    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    return StoreUnavailableError(f"the database is unavailable ({first[:200]})")
