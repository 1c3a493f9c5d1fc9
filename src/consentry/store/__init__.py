"""Keeps everything Consentry remembers in one SQL database, as small repositories over one engine.

By default the database is SQLite, in the data directory (``consentry.config.default_data_dir()``,
or ``$CONSENTRY_DATA_DIR``); a site that runs several instances gives a PostgreSQL URL instead. The
schema is created and migrated (Alembic; the migrations ship inside this package) when the store is
opened::

    from consentry.store import LogOptions, open_store

    store = open_store()                                   # SQLite in the default data dir
    store = open_store("/var/lib/consentry")               # SQLite in that directory
    store = open_store("postgresql://user:pw@db/consentry")  # PostgreSQL (psycopg 3)

    guard = Guard.default(gallery=store.gallery)           # detectors read galleries from it
    record = store.decisions.record(decision, request, LogOptions(prompt_logging="flagged"))
    store.decisions.search(user_id="u1", verdict="deny", rule_id="deny-sexual-real-person")
    key, token = store.keys.create("check")                # token shown once; only its hash is kept

``open_store(target)`` takes a data directory, a database URL or None (then
``$CONSENTRY_DATABASE_URL`` if set, else the default data directory). It returns a ``SqlStore``,
whose repositories are:

- ``store.decisions`` (``DecisionLog``): ``record``, ``prepare`` and ``write`` (the service's
  batched writer), ``get``, ``search``, ``count``, ``purge``, ``image``, day counts for the
  dashboard's overview;
- ``store.keys`` (``ApiKeys``): ``create``, ``verify``, ``list``, ``revoke``;
- ``store.users`` (``Users``): ``get``, ``list``, ``set_flag`` (denied requests are counted by the
  decision log, which flags a user at ``LogOptions.flag_threshold``);
- ``store.allow_list`` (``AllowListEntries``): ``add``, ``list``, ``remove``, ``version``;
- ``store.reviews`` (``Reviews``): ``record``, ``list``, ``log_reveal``, ``revealed``;
- ``store.gallery`` (``SqlGalleryStore``, the ``GalleryStore`` detectors read): identities with
  names, aliases, face embeddings as float32 blobs per model, gallery switches, hash lists and
  entries, ``version()``;
- ``store.sessions`` (``DashboardSessions``): the dashboard's sign-in sessions.

Only this package opens database sessions (``store.database``); code outside it calls the
repositories. Every call raises ``StoreUnavailableError`` when the database cannot be reached:
callers fail closed. Needs the ``server`` extra (SQLAlchemy, Alembic, psycopg).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from consentry.errors import MissingExtraError

DATABASE_URL_ENV = "CONSENTRY_DATABASE_URL"
SQLITE_FILE = "consentry.db"

try:
    import alembic  # noqa: F401
    import sqlalchemy  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
    raise MissingExtraError("the database store", "server", exc.name or "sqlalchemy") from None

# Notice-and-removal (takedown requests, image sightings): their tables are kept in their own
# module, part of the same schema (registered on the models' metadata here, for every import path).
from consentry.store import takedown_models  # noqa: E402, F401
from consentry.store.database import StoreUnavailableError  # noqa: E402
from consentry.store.decisions import LogOptions, PendingDecision  # noqa: E402
from consentry.store.galleries import SqlGalleryStore  # noqa: E402
from consentry.store.records import (  # noqa: E402
    AllowEntry,
    ApiKey,
    DecisionQuery,
    DecisionRecord,
    PromptLogging,
    ReviewAction,
    Scope,
    UserRecord,
)
from consentry.store.sql import SqlStore  # noqa: E402

__all__ = [
    "AllowEntry",
    "ApiKey",
    "DecisionQuery",
    "DecisionRecord",
    "LogOptions",
    "PendingDecision",
    "PromptLogging",
    "ReviewAction",
    "Scope",
    "SqlGalleryStore",
    "SqlStore",
    "StoreUnavailableError",
    "UserRecord",
    "database_url",
    "open_store",
]


def database_url(target: str | Path | None = None) -> str:
    """The SQLAlchemy URL for a data directory, a URL, or None (the environment, then the default)."""
    if target is None:
        target = os.environ.get(DATABASE_URL_ENV) or None
    if target is None:
        from consentry.config import default_data_dir

        target = default_data_dir()
    text = str(target)
    if "://" in text or text.startswith("sqlite:"):
        for plain in ("postgresql://", "postgres://"):
            if text.startswith(plain):
                return "postgresql+psycopg://" + text[len(plain) :]
        return text
    directory = Path(text).expanduser()
    return f"sqlite:///{directory / SQLITE_FILE}"


def open_store(target: str | Path | None = None, *, migrate: bool = True, **engine_options: Any) -> SqlStore:
    """Open (and unless ``migrate=False``, create or migrate) the store; see the module docs."""
    from consentry.store.engine import make_engine
    from consentry.store.migrate import upgrade

    url = database_url(target)
    engine = make_engine(url, **engine_options)
    store = SqlStore(engine)
    if migrate:
        try:
            upgrade(engine)
        except Exception:
            engine.dispose()
            raise
    return store
