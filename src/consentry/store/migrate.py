"""Alembic, run from inside the package, so that an installed copy can create and migrate its
database: ``upgrade(engine)`` brings the schema to the newest revision (a no-op when it is)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from consentry.store.database import StoreUnavailableError, unavailable

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Several instances starting at once on PostgreSQL take turns (an arbitrary, fixed lock id).
_PG_LOCK = 0x436F6E73


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        raise unavailable(exc) from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema; raises ``StoreUnavailableError`` if the database is down."""
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DBAPIError as exc:
        raise unavailable(exc) from exc


__all__ = ["StoreUnavailableError", "alembic_config", "current_revision", "head_revision", "upgrade"]
