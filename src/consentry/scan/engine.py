"""The engines that map ``process_batch`` over the scan's tasks: local (threads) and Ray Data.

A task is a plain dict ``{"index", "item", "stored"}``; both engines yield the records that
``process_batch`` returns, in any order (the scanner puts them back in input order). A Guard
is made by a ``GuardFactory`` (a picklable callable) once per worker: once in the local engine,
once per Ray actor (``map_batches`` with a callable class), so models load once per process.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentry.errors import ConsentryError, MissingExtraError
from consentry.gallery.store import GalleryStore
from consentry.guard import Guard
from consentry.scan.process import process_batch

GuardFactory = Callable[[], Guard]
Task = dict[str, Any]
Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DefaultGuard:
    """Builds ``Guard.default`` with an optional policy file and galleries (picklable, for Ray workers).

    The galleries (enrolled faces, protected names, known-NCII hash lists) come from ``gallery``
    (a database URL or a data directory), else from the default data directory's database when
    it exists, as for ``consentry check``; each Ray actor opens the store itself, so on a cluster
    give a URL every node reaches. The models load on the first ``check``: a re-scan that only
    re-decides never loads them.
    """

    policy: str | None = None
    gallery: str | None = None

    def __call__(self) -> Guard:
        policy = Path(self.policy) if self.policy else None
        store = self._store()
        return Guard.default(policy=policy, gallery=store) if store is not None else Guard.default(policy=policy)

    def _store(self) -> GalleryStore | None:
        from consentry.config import default_data_dir

        if self.gallery is None and not (default_data_dir() / "consentry.db").is_file():
            return None
        try:
            from consentry.store import open_store
        except MissingExtraError:
            if self.gallery is not None:
                raise
            return None
        gallery: GalleryStore = open_store(self.gallery).gallery
        return gallery


def _batches(tasks: Sequence[Task], size: int) -> Iterator[Sequence[Task]]:
    for start in range(0, len(tasks), size):
        yield tasks[start : start + size]


def run_local(
    tasks: Sequence[Task], guard_factory: GuardFactory, *, workers: int = 1, batch_size: int = 16
) -> Iterator[Record]:
    """One Guard in this process; ``workers`` > 1 checks several items at once on threads."""
    guard = guard_factory()
    if workers <= 1:
        for batch in _batches(tasks, batch_size):
            yield from process_batch(guard, batch)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="consentry-scan") as pool:
        # a window of batches in flight, so that memory stays bounded on a large scan
        window = workers * 2
        pending: list[Any] = []
        for batch in _batches(tasks, batch_size):
            pending.append(pool.submit(process_batch, guard, batch))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


class _CheckBatch:
    """The Ray actor: one Guard, loaded once, checks batch after batch."""

    def __init__(self, guard_factory: GuardFactory) -> None:
        logging.getLogger("consentry").setLevel(logging.WARNING)
        self.guard = guard_factory()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        rows = [json.loads(task) for task in batch["task"]]
        records = process_batch(self.guard, rows)
        return {"record": np.array([json.dumps(r, ensure_ascii=False) for r in records], dtype=object)}


def run_ray(
    tasks: Sequence[Task],
    guard_factory: GuardFactory,
    *,
    workers: int = 2,
    batch_size: int = 16,
    address: str | None = None,
    runtime_env: dict[str, Any] | None = None,
) -> Iterator[Record]:
    """Ray Data: ``map_batches`` over an actor pool of ``workers`` Guards, locally or on a cluster.

    With ``address`` (``ray://host:10001`` or ``auto``) the scan joins that cluster; the image
    paths must then be readable on every node (a shared mount). Without it, Ray starts on this
    machine with ``workers`` CPUs and stops at the end. ``workers=0``: one actor per CPU.
    """
    try:
        import ray
        import ray.data
    except ModuleNotFoundError as exc:
        raise MissingExtraError("the Ray engine", "ray", exc.name or "ray") from None
    if not tasks:
        return
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    started_here = False
    if not ray.is_initialized():
        env = dict(runtime_env or {})
        env.setdefault("env_vars", {}).setdefault("RAY_DATA_DISABLE_PROGRESS_BARS", "1")
        init_args: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.WARNING,
            "runtime_env": env,
        }
        try:
            if address:
                ray.init(address=address, **init_args)
            else:
                os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
                ray.init(num_cpus=max(1, workers) if workers > 0 else None, **init_args)
        except Exception as exc:  # a wrong address, a cluster of another Ray version...
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise ConsentryError(f"cannot start or join {where}: {type(exc).__name__}: {exc}") from None
        started_here = True
    try:
        if workers <= 0:  # one actor per CPU of the cluster (or of this machine)
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # enough blocks to keep every actor busy, no more than one per item
        blocks = max(1, min(len(tasks), max(workers * 4, len(tasks) // max(batch_size, 1)), 512))
        dataset = ray.data.from_items(
            [{"task": json.dumps(task, ensure_ascii=False)} for task in tasks], override_num_blocks=blocks
        )
        factory = guard_factory

        class CheckBatch(_CheckBatch):  # pickled by value with its factory: no constructor arguments to keep
            def __init__(self) -> None:
                super().__init__(factory)

        checked = dataset.map_batches(
            CheckBatch,
            batch_size=batch_size,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
            batch_format="numpy",
        )
        for batch in checked.iter_batches(batch_size=batch_size, batch_format="numpy"):
            for record in batch["record"]:
                yield json.loads(record)
    finally:
        if started_here:
            ray.shutdown()
