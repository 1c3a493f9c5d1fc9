"""The overview's aggregates and the dashboard sessions, on SQLite and on PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from consentry.guard import Guard
from consentry.service.dashboard import queries
from consentry.service.dashboard.auth import Sessions, csrf_for, csrf_ok
from consentry.store import SqlStore, open_store
from tests.conftest import make_png
from tests.dashboard.conftest import make_guard, record

DAY = 86400.0
NOW = 1795000000.0  # a fixed "now" (2026-11-18 UTC), so that day buckets are deterministic


@pytest.fixture
def db(database_target: str) -> Iterator[tuple[SqlStore, Guard]]:
    with open_store(database_target) as store:
        yield store, make_guard(store)


def test_daily_counts_bucket_by_utc_day_verdict_and_rule(db: tuple[SqlStore, Guard]) -> None:
    store, guard = db
    today = queries.day_starts(1, NOW)[0]
    record(store, guard, "a nude photo of Ada Lovelace", created_at=today + 10)
    record(store, guard, "nude Mayor Quill", created_at=today + 20)
    record(store, guard, "Mayor Quill in lingerie", created_at=today - DAY + 5)  # yesterday
    record(store, guard, "a portrait of Ada Lovelace", created_at=today - 2 * DAY)
    record(store, guard, "nude Ada Lovelace, long ago", created_at=today - 30 * DAY)  # outside the window
    counts = queries.daily_counts(store, 3, now=NOW)
    assert counts.days[-1] == "2026-11-18" and len(counts.days) == 3
    assert counts.by_verdict == {"allow": (1, 0, 0), "review": (0, 1, 0), "deny": (0, 0, 2)}
    assert counts.by_rule == {"deny-sexual-real-person": (0, 0, 2), "review-suggestive-real-person": (0, 1, 0)}


def test_daily_counts_group_rules_beyond_the_top_as_other(db: tuple[SqlStore, Guard]) -> None:
    store, guard = db
    today = queries.day_starts(1, NOW)[0]
    record(store, guard, "a nude photo of Ada Lovelace", created_at=today + 1)
    record(store, guard, "nude Mayor Quill", created_at=today + 2)
    record(store, guard, "Mayor Quill in lingerie", created_at=today + 3)
    counts = queries.daily_counts(store, 2, top=1, now=NOW)
    assert counts.by_rule == {"deny-sexual-real-person": (0, 2), "other rules": (0, 1)}


def test_top_rules_known_rules_and_stored_images(db: tuple[SqlStore, Guard]) -> None:
    store, guard = db
    kept = record(store, guard, "a nude photo of Ada Lovelace", images=[make_png()], created_at=NOW - 5)
    hashed = record(store, guard, "nude Mayor Quill", images=[make_png()], keep_images=False, created_at=NOW - 4)
    record(store, guard, "Mayor Quill in lingerie", created_at=NOW - 3)
    assert store.decisions.top_rules(since=NOW - 100) == [
        ("deny-sexual-real-person", 2),
        ("review-suggestive-real-person", 1),
    ]
    assert store.decisions.top_rules(since=NOW) == []
    assert store.decisions.rule_ids() == ["deny-sexual-real-person", "review-suggestive-real-person"]
    assert store.decisions.stored_image_refs([kept, hashed]) == {(kept, "input:0")}
    assert store.decisions.stored_image_refs([]) == set()


def test_sessions_open_find_expire_and_close(db: tuple[SqlStore, Guard]) -> None:
    store, _ = db
    key, _ = store.keys.create("admin", name="mod")
    sessions = Sessions(store, ttl=3600)
    opened = sessions.open(key)
    found = sessions.get(opened.token)
    assert found is not None and found.actor == f"mod (key {key.id})"
    assert sessions.get(opened.token + "x") is None
    assert sessions.get(None) is None
    sessions.close(opened.token)
    assert sessions.get(opened.token) is None
    short = Sessions(store, ttl=-1).open(key)  # already expired
    assert sessions.get(short.token) is None


@pytest.mark.parametrize(
    ("submitted", "ok"),
    [("SAME", True), ("", False), (None, False), ("0" * 64, False), ("OTHER", False)],
)
def test_csrf_token_belongs_to_its_session(submitted: str | None, ok: bool) -> None:
    token = "session-token-a"
    value = {"SAME": csrf_for(token), "OTHER": csrf_for("session-token-b")}.get(submitted or "", submitted)
    assert csrf_ok(token, value) is ok


def test_day_starts_are_utc_midnights_oldest_first() -> None:
    starts = queries.day_starts(3, NOW)
    assert starts == [starts[2] - 2 * DAY, starts[2] - DAY, starts[2]]
    assert starts[2] % DAY == 0 and 0 <= NOW - starts[2] < DAY
    assert time.gmtime(starts[2]).tm_hour == 0
