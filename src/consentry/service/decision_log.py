"""Group commit for the decision log: one writer thread, one transaction per batch.

Every check waits until its decision is written (so a database that is down is known before the
answer, and the check fails closed), but the requests in flight at the same moment share one
commit: under load, a batch of tens of decisions costs about what one did.
"""

from __future__ import annotations

import concurrent.futures
import logging
import queue
import threading

from consentry.store import SqlStore, StoreUnavailableError
from consentry.store.sql import PendingDecision

log = logging.getLogger("consentry.service")

_Item = tuple[PendingDecision, concurrent.futures.Future[None]]


class DecisionWriter:
    def __init__(self, store: SqlStore, *, max_batch: int = 256, timeout_s: float = 10.0) -> None:
        self.store = store
        self.max_batch = max_batch
        self.timeout_s = timeout_s
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0
        self.written = 0

    def submit(self, pending: PendingDecision) -> concurrent.futures.Future[None]:
        """Queue one decision; the future resolves when it is written (or fails with
        ``StoreUnavailableError``)."""
        self._ensure_thread()
        future: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._queue.put((pending, future))
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

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="consentry-decision-log", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._write(batch)
            if stop:
                return

    def _write(self, batch: list[_Item]) -> None:
        try:
            self.store.write_decisions([pending for pending, _ in batch])
        except StoreUnavailableError as exc:
            _settle(batch, exc)
            return
        except Exception as exc:  # a bug or a constraint: no request may be answered as if logged
            log.exception("the decision log could not be written")
            error = StoreUnavailableError(f"the decision log could not be written ({type(exc).__name__})")
            _settle(batch, error)
            return
        self.batches += 1
        self.written += len(batch)
        _settle(batch, None)


def _settle(batch: list[_Item], error: BaseException | None) -> None:
    for _, future in batch:
        if future.cancelled():  # the request gave up waiting
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
