"""``SqlStore``: the store's repositories over one engine (SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from consentry.store.allow_list import AllowListEntries
from consentry.store.database import Database
from consentry.store.decisions import DecisionLog
from consentry.store.galleries import SqlGalleryStore
from consentry.store.keys import ApiKeys
from consentry.store.reviews import Reviews
from consentry.store.sessions import DashboardSessions
from consentry.store.users import Users


class SqlStore:
    """Everything Consentry keeps, in one SQL database, as one repository per kind of thing:
    ``decisions``, ``keys``, ``users``, ``allow_list``, ``reviews``, ``gallery``, ``sessions``.

    Safe to share between threads (one engine, a transaction per call). Every call raises
    ``StoreUnavailableError`` when the database cannot be reached.
    """

    def __init__(self, engine: Engine) -> None:
        self.database = Database(engine)
        self.decisions = DecisionLog(self.database)
        self.keys = ApiKeys(self.database)
        self.users = Users(self.database)
        self.allow_list = AllowListEntries(self.database)
        self.reviews = Reviews(self.database)
        self.gallery = SqlGalleryStore(self.database)
        self.sessions = DashboardSessions(self.database)

    @property
    def engine(self) -> Engine:
        return self.database.engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self.database.engine = engine

    @property
    def drain_hook(self) -> Callable[[], object] | None:
        """Called before a read of decisions or users (see ``Database.drain_hook``)."""
        return self.database.drain_hook

    @drain_hook.setter
    def drain_hook(self, hook: Callable[[], object] | None) -> None:
        self.database.drain_hook = hook

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.database.dialect

    def ping(self) -> None:
        """Raise ``StoreUnavailableError`` unless the database answers."""
        self.database.ping()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
