"""The decision log's writer: one thread, one transaction per batch.

Two ways to hand it a decision:

- ``enqueue`` (what the service does by default): the decision joins the queue and the check
  answers at once. The thread writes what has gathered every ``flush_interval_s`` (the service's
  default is 25 ms), up to ``max_batch`` rows in one transaction (SQLAlchemy Core
  ``executemany``). It fails closed: while the last write failed, while a write has been running
  for more than ``timeout_s``, or while ``max_queue`` decisions wait, ``enqueue`` raises
  ``StoreUnavailableError`` and the check answers "deny, database unavailable". A batch that
  failed because the database is unavailable is kept and retried (with the decisions queued
  behind it) every ``retry_interval_s`` until the database answers again: nothing is dropped
  while the process lives (a batch the database rejects for another reason, a bug, is logged
  and dropped: retrying could not help). What a crash of the process loses is what was queued
  and not yet committed: at most the last flush interval and the write in progress.
- ``submit``/``write``: the decision is written before the check answers (the caller waits for
  the commit; checks in flight at the same moment still share one). Nothing answered is ever
  lost, at the price of a commit's latency and more CPU per check.

``flush()`` waits until everything queued before it was written (or failed): reads of the
decision log call it first (``SqlStore.drain_hook``), so a decision is visible to the admin API,
the dashboard and tests as soon as its check has answered. ``stop()`` writes what is queued.
"""

from __future__ import annotations

import collections
import concurrent.futures
import logging
import threading
import time

from consentry.store import PendingDecision, SqlStore, StoreUnavailableError

log = logging.getLogger("consentry.service")

_Item = tuple[PendingDecision, concurrent.futures.Future[None] | None]


class DecisionWriter:
    def __init__(
        self,
        store: SqlStore,
        *,
        max_batch: int = 256,
        timeout_s: float = 10.0,
        flush_interval_s: float = 0.005,
        max_queue: int = 10_000,
        retry_interval_s: float = 1.0,
    ) -> None:
        self.store = store
        self.max_batch = max_batch
        self.timeout_s = timeout_s
        self.flush_interval_s = flush_interval_s
        self.max_queue = max_queue
        self.retry_interval_s = retry_interval_s
        self._queue: collections.deque[_Item] = collections.deque()
        self._failed: list[_Item] = []  # a batch that could not be written, retried first
        self._wake = threading.Condition(threading.Lock())
        self._settled = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._idle = False  # the thread waits for work (a decision handed over wakes it)
        self._urgent = False  # a check waits for its commit: write without gathering
        self._hurry = False  # flush() waits: write without gathering
        self._queued_seq = 0  # decisions handed over so far
        self._settled_seq = 0  # of those, how many were written or failed at least once
        self._error: str | None = None  # why the last write failed (None: it succeeded)
        self._write_started = 0.0  # monotonic time the current write began (0: none running)
        self._in_flight = 0  # decisions in the write running now
        self.batches = 0
        self.written = 0
        self.failed_writes = 0

    # --- handing decisions over ----------------------------------------------------------------

    def enqueue(self, pending: PendingDecision) -> None:
        """Queue one decision without waiting for its commit. Raises ``StoreUnavailableError``
        (fail closed) when the log cannot keep it: the last write failed, a write is stuck, or the
        queue is full."""
        self.check_healthy()
        self._put((pending, None))

    def submit(self, pending: PendingDecision) -> concurrent.futures.Future[None]:
        """Queue one decision; the future resolves when it is written (or fails with
        ``StoreUnavailableError``)."""
        future: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._put((pending, future))
        return future

    def write(self, pending: PendingDecision) -> None:
        """Write one decision (with whatever else is waiting); raises ``StoreUnavailableError``."""
        future = self.submit(pending)
        try:
            future.result(timeout=self.timeout_s)
        except concurrent.futures.TimeoutError:
            raise StoreUnavailableError(
                f"the decision log did not answer within {self.timeout_s:g} s (database too slow or down)"
            ) from None

    def check_healthy(self) -> None:
        """Raise ``StoreUnavailableError`` unless a decision handed over now would be written."""
        error = self._error
        if error is not None and (self._failed or self._in_flight):
            # decisions of a failed write wait for the database (a failed write whose checks were
            # all waiting for it keeps nothing: the next check tries the database itself)
            raise StoreUnavailableError(f"{error}; the decision log cannot be written")
        started = self._write_started
        if started and time.monotonic() - started > self.timeout_s:
            raise StoreUnavailableError(
                f"the decision log did not answer within {self.timeout_s:g} s (database too slow or down)"
            )
        if len(self._queue) >= self.max_queue:
            raise StoreUnavailableError(f"the decision log is behind ({len(self._queue)} decisions waiting)")
        if self._stopping:
            raise StoreUnavailableError("the decision log is closing (the service is stopping)")
        thread = self._thread
        if thread is not None and not thread.is_alive():
            raise StoreUnavailableError("the decision log's writer has stopped (see the server log)")

    @property
    def error(self) -> str | None:
        """Why the last write failed, or None."""
        return self._error

    @property
    def queued(self) -> int:
        """Decisions not written yet (queued, or kept from a failed write)."""
        return len(self._queue) + len(self._failed) + self._in_flight

    def _put(self, item: _Item) -> None:
        if self._thread is None:
            self._ensure_thread()
        with self._wake:
            self._queue.append(item)
            self._queued_seq += 1
            if item[1] is not None:
                self._urgent = True
                self._wake.notify()
            elif self._idle:
                self._idle = False
                self._wake.notify()

    # --- waiting for it ------------------------------------------------------------------------

    def flush(self, timeout_s: float | None = None) -> bool:
        """Wait until every decision handed over before this call was written or failed once
        (at most ``timeout_s``, default the writer's). True unless a write failed or it timed out. A no-op
        on the writer's own thread."""
        if threading.current_thread() is self._thread:
            return self._error is None
        with self._wake:
            target = self._queued_seq
            if self._settled_seq >= target:
                return self._error is None and not self._queue
            self._hurry = True
            self._wake.notify()
        deadline = time.monotonic() + (self.timeout_s if timeout_s is None else timeout_s)
        with self._settled:
            while self._settled_seq < target:
                left = deadline - time.monotonic()
                if left <= 0 or self._thread is None:
                    return False
                self._settled.wait(left)
        return self._error is None

    # --- the thread ----------------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        with self._wake:
            if self._thread is None and not self._stopping:
                self._thread = threading.Thread(target=self._run, name="consentry-decision-log", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Write what is queued (one more try for a failed batch), then end the thread."""
        with self._wake:
            self._stopping = True
            thread = self._thread
            self._wake.notify()
        if thread is not None:
            thread.join(timeout=self.timeout_s + 5)
        self._thread = None
        left = self.queued
        if left:
            log.error("the decision log stopped with %d decisions unwritten (%s)", left, self._error)

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException:  # the thread ends; the checks fail closed from now on (check_healthy)
            log.exception("the decision log's writer stopped")

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._failed and not self._stopping:
                    self._idle = True
                    self._wake.wait()
                self._idle = False
                if self._failed and not (self._stopping or self._hurry or self._urgent):
                    self._wake.wait(self.retry_interval_s)  # the database failed: try again later
                elif self.flush_interval_s > 0:
                    # let a batch gather; a check waiting for its commit, flush() or stop() cut it short
                    deadline = time.monotonic() + self.flush_interval_s
                    while not (self._stopping or self._hurry or self._urgent) and len(self._queue) < self.max_batch:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            break
                        self._wake.wait(left)
                self._hurry = False
                stopping = self._stopping
                batch, fresh = self._failed, 0
                self._failed = []
                while self._queue and (stopping or fresh < self.max_batch):
                    batch.append(self._queue.popleft())
                    fresh += 1
                if not self._queue:
                    self._urgent = False
            if batch:
                self._write(batch, fresh)
            if stopping and not self._queue:
                return

    def _write(self, batch: list[_Item], fresh: int) -> None:
        """Write ``batch`` (its last ``fresh`` items were never tried before)."""
        self._write_started = time.monotonic()
        self._in_flight = len(batch)
        try:
            self.store.decisions.write([pending for pending, _ in batch])
        except StoreUnavailableError as exc:
            if self._error is None:
                log.error("the decision log cannot be written: %s", exc)
            self._error = str(exc)
            self.failed_writes += 1
            # the checks that wait hear it; the decisions already answered are kept and retried
            with self._wake:
                self._failed = [(pending, None) for pending, future in batch if future is None]
            self._settle(batch, exc, fresh)
            return
        except Exception as exc:  # a bug or a constraint: retrying would fail the same way
            log.exception("the decision log could not be written (%d decisions lost)", len(batch))
            self.failed_writes += 1
            self._settle(
                batch, StoreUnavailableError(f"the decision log could not be written ({type(exc).__name__})"), fresh
            )
            return
        finally:
            self._write_started = 0.0
            self._in_flight = 0
        if self._error is not None:
            log.warning("the decision log is written again (%d decisions had waited)", len(batch))
            self._error = None
        self.batches += 1
        self.written += len(batch)
        self._settle(batch, None, fresh)

    def _settle(self, batch: list[_Item], error: BaseException | None, fresh: int) -> None:
        for _, future in batch:
            if future is None or future.cancelled() or future.done():  # nobody waits, or gave up
                continue
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)
        with self._settled:
            self._settled_seq += fresh
            self._settled.notify_all()
