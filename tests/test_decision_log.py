"""Group commit of the decision log: concurrent checks share commits, and every one of them
still learns whether its decision was written."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from consentry.content import CheckRequest
from consentry.service.decision_log import DecisionWriter
from consentry.store import LogOptions, StoreUnavailableError, open_store
from consentry.types import Decision


def _decision(verdict: str = "deny") -> Decision:
    return Decision(verdict=verdict, message="m", rule_ids=("r1",), policy_version="p")  # type: ignore[arg-type]


def test_concurrent_writes_are_all_logged_in_fewer_commits(database_target: str) -> None:
    store = open_store(database_target)
    writer = DecisionWriter(store)
    pending = [
        store.decisions.prepare(_decision(), CheckRequest("p", user_id=f"u{i % 3}"), LogOptions(flag_threshold=10))
        for i in range(120)
    ]
    start = threading.Barrier(40)
    errors: list[BaseException] = []

    def work(chunk: list[object]) -> None:
        start.wait()
        for item in chunk:
            try:
                writer.write(item)  # type: ignore[arg-type]
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(pending[i::40],)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.stop()
    assert errors == []
    assert store.decisions.count() == 120 == writer.written
    assert writer.batches < 120
    assert sorted(store.users.get(f"u{i}").denied_count for i in range(3)) == [40, 40, 40]  # type: ignore[union-attr]
    assert {u.user_id for u in store.users.list(flagged=True)} == {"u0", "u1", "u2"}
    store.close()


def test_every_waiting_check_hears_that_the_database_is_down(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    store = open_store(tmp_path / "d")
    store.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    writer = DecisionWriter(store)
    with pytest.raises(StoreUnavailableError, match="database is unavailable"):
        writer.write(store.decisions.prepare(_decision(), CheckRequest("p")))
    writer.stop()


def test_a_writer_that_does_not_answer_in_time_fails_closed(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d")
    gate = threading.Event()
    original = store.decisions.write

    def slow(batch: object) -> None:
        gate.wait(5)
        original(batch)  # type: ignore[arg-type]

    store.decisions.write = slow  # type: ignore[method-assign]
    writer = DecisionWriter(store, timeout_s=0.05)
    with pytest.raises(StoreUnavailableError, match="did not answer"):
        writer.write(store.decisions.prepare(_decision(), CheckRequest("p")))
    gate.set()
    writer.stop()


def test_queued_decisions_are_written_by_stop(database_target: str) -> None:
    store = open_store(database_target)
    writer = DecisionWriter(store, flush_interval_s=60.0)  # nothing is written before stop()
    for i in range(50):
        writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p", user_id=f"u{i % 2}")))
    writer.stop()
    assert store.decisions.count() == 50 == writer.written
    assert writer.queued == 0
    store.close()


def test_flush_waits_for_what_was_queued_before_it(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d")
    writer = DecisionWriter(store, flush_interval_s=60.0)
    store.drain_hook = writer.flush
    for _ in range(3):
        writer.enqueue(store.decisions.prepare(_decision("allow"), CheckRequest("p")))
    assert store.decisions.count() == 3  # the read drained the writer first
    assert writer.flush() is True
    writer.stop()


def test_a_write_that_hangs_fails_closed_for_the_next_decisions(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d")
    gate, entered = threading.Event(), threading.Event()
    original = store.decisions.write

    def hanging(batch: object) -> None:
        entered.set()
        gate.wait(10)
        original(batch)  # type: ignore[arg-type]

    store.decisions.write = hanging  # type: ignore[method-assign]
    writer = DecisionWriter(store, timeout_s=0.05, flush_interval_s=0.0)
    writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p")))
    assert entered.wait(10)
    assert writer.flush(timeout_s=0.1) is False  # the write is stuck past timeout_s
    with pytest.raises(StoreUnavailableError, match="did not answer"):
        writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p")))
    gate.set()
    assert writer.flush() is True
    writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p")))  # healthy again
    writer.stop()
    assert store.decisions.count() == 2


def test_a_failed_write_is_kept_and_retried_until_the_database_answers(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    store = open_store(tmp_path / "d")
    working = store.engine
    writer = DecisionWriter(store, flush_interval_s=0.0, retry_interval_s=0.01)
    store.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p", user_id="u1")))
    assert writer.flush() is False
    with pytest.raises(StoreUnavailableError, match="database is unavailable"):
        writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p")))
    assert writer.queued == 1
    store.engine = working
    writer.flush()
    for _ in range(1000):  # retried every 10 ms
        if writer.error is None:
            break
        threading.Event().wait(0.01)
    assert writer.error is None and writer.queued == 0
    writer.stop()
    assert store.decisions.count() == 1
    assert store.users.get("u1").denied_count == 1  # type: ignore[union-attr]


def test_a_writer_thread_that_died_fails_closed(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d")

    def broken(batch: object) -> None:
        raise SystemExit("the writer ends")  # not an Exception: nothing in the writer catches it

    store.decisions.write = broken  # type: ignore[method-assign]
    writer = DecisionWriter(store, flush_interval_s=0.0)
    writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p")))
    assert writer._thread is not None
    writer._thread.join(5)
    with pytest.raises(StoreUnavailableError, match="writer has stopped"):
        writer.enqueue(store.decisions.prepare(_decision(), CheckRequest("p")))
    writer.stop()
