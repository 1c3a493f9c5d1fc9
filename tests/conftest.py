from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from consentry.text.unlisted import UnlistedPersonDetector

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def make_png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 120, 90)) -> bytes:
    """A valid solid-colour PNG made with the standard library only."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture
def png_bytes() -> bytes:
    return make_png()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("the development data folder ../shared is absent")
    return SHARED


# --- databases: every store test runs on SQLite, and on PostgreSQL: the one given in
# $CONSENTRY_TEST_POSTGRES_URL, else a throw-away cluster started from Debian's package (tests/postgres.py)
POSTGRES_URL_ENV = "CONSENTRY_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The PostgreSQL to test on: $CONSENTRY_TEST_POSTGRES_URL, else a cluster started for this run
    (skipped, with the reason, when neither is there)."""
    import os

    given = os.environ.get(POSTGRES_URL_ENV)
    if given:
        yield given
        return
    from tests.postgres import start_cluster

    cluster, why = start_cluster()
    if cluster is None:
        pytest.skip(f"no PostgreSQL: {why}")
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to open a fresh store: a SQLite data dir, or an emptied PostgreSQL database."""

    if request.param == "sqlite":
        return str(tmp_path / "data")
    from sqlalchemy import create_engine, text

    from consentry.store import database_url

    url = database_url(request.getfixturevalue("postgres_url"))
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def model_detector() -> UnlistedPersonDetector:
    """The unlisted-person detector with its NER model, loaded once a session (skips without the model)."""
    unlisted = pytest.importorskip("consentry.text.unlisted", reason="the 'ner' extra is not installed")
    detector: UnlistedPersonDetector = unlisted.UnlistedPersonDetector()
    try:
        detector.load()
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        pytest.skip(f"no NER model package installed: {exc}")
    return detector
