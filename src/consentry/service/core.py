"""``Service``: the one object behind the HTTP API (and the dashboard): the store, the guard, hot
reload of the policy, the galleries and the allow-list, rate limits, API-key checks, metrics."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from consentry.content import CheckRequest
from consentry.detectors.base import Context, Detector
from consentry.errors import ConsentryError, PolicyError
from consentry.guard import Guard
from consentry.policy import load_policy
from consentry.service.actions import Actions, allow_list_of
from consentry.service.decision_log import DecisionWriter
from consentry.service.enrollment import Embedder, face_embeddings
from consentry.service.metrics import Metrics
from consentry.service.ratelimit import RateLimiter
from consentry.service.settings import Settings, metrics_host_port
from consentry.service.timeouts import time_limited
from consentry.store import (
    ApiKey,
    DecisionRecord,
    LogOptions,
    PendingDecision,
    SqlStore,
    StoreUnavailableError,
    open_store,
)
from consentry.types import Decision

log = logging.getLogger("consentry.service")

_KEY_CACHE_SECONDS = 5.0
_PURGE_EVERY_SECONDS = 3600.0


class RateLimitedError(ConsentryError):
    """Too many requests for a key or a user."""

    def __init__(self, limit: str, retry_after: float) -> None:
        super().__init__(f"too many requests for this {limit}; retry in {retry_after:.1f} s")
        self.limit = limit
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Checked:
    decision: Decision
    record: DecisionRecord


class Service:
    """Owns the store and the guard. ``start()`` loads the detectors and starts the reloader;
    ``stop()`` ends it. Safe to share between the server's threads.

    ``detectors`` replaces the bundled ones (tests); ``store`` is an already opened store;
    ``embedder`` turns enrolment photos into face embeddings (default: the image gate's).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: SqlStore | None = None,
        detectors: Sequence[Detector] | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings if settings is not None else Settings()
        self.embedder: Embedder = embedder if embedder is not None else face_embeddings
        self._owns_store = store is None
        self.store = store if store is not None else open_store(self.settings.database)
        self.metrics = Metrics()
        self._log_options = LogOptions(
            prompt_logging=self.settings.prompt_logging,
            keep_images=self.settings.keep_images,
            flag_threshold=self.settings.flag_threshold,
        )
        self.decision_log = DecisionWriter(
            self.store,
            flush_interval_s=max(0.0, self.settings.log_flush_ms) / 1000.0,
            max_queue=max(1, self.settings.log_max_queue),
        )
        self.store.drain_hook = self._drain_log  # reads of the log see every answered check
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=32, thread_name_prefix="consentry-detect")
        self.check_executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=max(1, self.settings.check_threads), thread_name_prefix="consentry-check"
        )
        policy_path = Path(self.settings.policy) if self.settings.policy is not None else None
        self.policy_path = policy_path
        self._policy_stamp = _stamp(policy_path)
        self.policy_error: str | None = None
        base = Guard.default(policy=policy_path, gallery=self.store.gallery)
        found = list(base.detectors) if detectors is None else list(detectors)
        unavailable = base.unavailable if detectors is None else ()
        if self.settings.detector_timeout_s > 0:
            inline = _inline_detectors()
            found = [
                time_limited(
                    d,
                    self.settings.detector_timeout_s,
                    self._executor,
                    inline=f"{type(d).__module__}:{type(d).__name__}" in inline,
                )
                for d in found
            ]
        self.guard = Guard(found, base.policy, gallery=self.store.gallery, unavailable=unavailable)
        self.metrics.set_policy(self.guard.policy.version)
        self.actions = Actions(
            self.store,
            lambda: self.guard,
            sync_allow_list=lambda: self.sync_allow_list(force=True),
            refresh_galleries=lambda: self.refresh_galleries(force=True),
        )
        self.key_limiter = RateLimiter(self.settings.key_rate, self.settings.key_burst)
        self.user_limiter = RateLimiter(self.settings.user_rate, self.settings.user_burst)
        self._key_cache: dict[str, tuple[ApiKey, float]] = {}
        self._gallery_version = -1
        self._allow_version = -1
        self._last_purge = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.metrics_server: Any = None  # the separate metrics address's server, when one is set
        self.started = False
        # called with (request, its decision record) for every checked request with images
        # (the check's context too: what the detectors decoded and hashed, to reuse)
        self.image_observers: list[Callable[[CheckRequest, DecisionRecord, Context | None], None]] = []
        # called on start and stop by parts mounted on the service (e.g. the takedown desk)
        self.on_start: list[Callable[[], None]] = []
        self.on_stop: list[Callable[[], None]] = []

    # --- life cycle ---------------------------------------------------------------------------

    def start(self, *, background: bool = True) -> Service:
        """Load the detectors, read the galleries and the allow-list, start hot reload."""
        self.guard.load()
        self._gallery_version = self.store.gallery.version()
        self.sync_allow_list()
        for hook in self.on_start:
            hook()
        self.started = True
        self.metrics.ready.set(1)
        if self.settings.metrics_address is not None and self.metrics_server is None:
            from prometheus_client import start_http_server

            host, port = metrics_host_port(self.settings.metrics_address)
            self.metrics_server, _ = start_http_server(port, addr=host, registry=self.metrics.registry)
        if background and self.settings.reload_interval_s > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._reload_loop, name="consentry-reload", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        for hook in self.on_stop:
            hook()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.decision_log.stop()
        if self.metrics_server is not None:
            self.metrics_server.shutdown()
            self.metrics_server.server_close()
            self.metrics_server = None
        if self.store.drain_hook == self._drain_log:
            self.store.drain_hook = None
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.check_executor.shutdown(wait=False, cancel_futures=True)
        self.metrics.ready.set(0)
        if self._owns_store:
            self.store.close()

    def _drain_log(self) -> None:
        """Before a read of decisions or users: let the writer commit what it holds (a read waits at
        most a couple of seconds for that, then reads what there is)."""
        self.decision_log.flush(timeout_s=2.0)

    def _reload_loop(self) -> None:
        while not self._stop.wait(self.settings.reload_interval_s):
            try:
                self.reload()
                self._purge_if_due()
            except StoreUnavailableError as exc:
                log.warning("reload skipped: %s", exc)
            except Exception:  # the loop must survive anything
                log.exception("reload failed")

    def _purge_if_due(self) -> None:
        now = time.time()
        if self.settings.retention_days <= 0 or now - self._last_purge < _PURGE_EVERY_SECONDS:
            return
        self._last_purge = now
        removed = self.store.decisions.purge(older_than=now - self.settings.retention_days * 86400.0)
        if removed:
            log.info("purged %d decisions older than %g days", removed, self.settings.retention_days)

    # --- hot reload ----------------------------------------------------------------------------

    def reload(self, *, force: bool = False) -> dict[str, Any]:
        """Re-read what changed: the policy file, the galleries, the allow-list."""
        return {
            "policy": self.reload_policy(force=force),
            "galleries": self.refresh_galleries(force=force),
            "allow_list": self.sync_allow_list(force=force),
        }

    def reload_policy(self, *, force: bool = False) -> bool:
        if self.policy_path is None:
            return False
        stamp = _stamp(self.policy_path)
        if not force and stamp == self._policy_stamp:
            return False
        self._policy_stamp = stamp
        try:
            policy = load_policy(self.policy_path)
        except (PolicyError, OSError) as exc:
            self.policy_error = str(exc)
            self.metrics.reloads.labels("policy", "error").inc()
            log.error("policy %s not reloaded (the previous one stays in force): %s", self.policy_path, exc)
            return False
        self.guard.policy = policy
        self.policy_error = None
        self.metrics.set_policy(policy.version)
        self.metrics.reloads.labels("policy", "ok").inc()
        log.info("policy reloaded: version %s", policy.version)
        return True

    def refresh_galleries(self, *, force: bool = False) -> bool:
        version = self.store.gallery.version()
        if not force and version == self._gallery_version:
            return False
        self.guard.refresh_galleries()
        self._gallery_version = version
        self.metrics.reloads.labels("galleries", "ok").inc()
        return True

    def sync_allow_list(self, *, force: bool = False) -> bool:
        """Make the guard's run-time allow-list the store's (atomically)."""
        version = self.store.allow_list.version()
        if not force and version == self._allow_version:
            return False
        self.guard.allow_list = allow_list_of(self.store.allow_list.list())
        self._allow_version = version
        self.metrics.reloads.labels("allow_list", "ok").inc()
        return True

    # --- access ----------------------------------------------------------------------------------

    def authenticate(self, token: str) -> ApiKey | None:
        """The key a bearer token belongs to (cached for a few seconds), or None."""
        now = time.monotonic()
        cached = self._key_cache.get(token)
        if cached is not None and cached[1] > now:
            return cached[0]
        key = self.store.keys.verify(token)
        if key is not None:
            if len(self._key_cache) > 10_000:
                self._key_cache.clear()
            self._key_cache[token] = (key, now + _KEY_CACHE_SECONDS)
        return key

    def revoke_api_key(self, key_id: str) -> bool:
        revoked = self.store.keys.revoke(key_id)
        self._key_cache = {t: v for t, v in self._key_cache.items() if v[0].id != key_id}
        return revoked

    def limit(self, key: ApiKey | None, user_id: str | None) -> None:
        """Raise ``RateLimitedError`` when the key's or the user's rate is exceeded."""
        if key is not None:
            wait = self.key_limiter.acquire(key.id)
            if wait:
                self.metrics.rate_limited.labels("key").inc()
                raise RateLimitedError("API key", wait)
        if user_id:
            wait = self.user_limiter.acquire(user_id)
            if wait:
                self.metrics.rate_limited.labels("user").inc()
                raise RateLimitedError("user", wait)

    # --- checks ----------------------------------------------------------------------------------

    async def check(
        self,
        build: Callable[[], CheckRequest],
        *,
        key: ApiKey | None = None,
        endpoint: str = "check",
        inline: bool = False,
    ) -> Checked:
        """Build the request, run the guard and log the decision: the one check path of the
        service. Raises ``StoreUnavailableError`` when the decision cannot be logged (the caller
        answers 'deny, database unavailable': fail closed). ``inline``: ``build`` and the guard run right here, on
        the event loop (a prompt check: a millisecond or two of CPU, less than the hand-over to a
        thread costs under load); else on the check threads (a few: decoding and checking images
        is CPU-bound work under one interpreter lock). The decision log's commit is awaited
        without holding a thread (``log_before_answer``), or not awaited at all (the default:
        the writer fails closed on its own, see ``DecisionWriter``)."""
        started = time.perf_counter()
        self._log_ready()
        if inline:
            _, decision, pending = self._decide(build, key)
        else:
            loop = asyncio.get_running_loop()
            _, decision, pending = await loop.run_in_executor(self.check_executor, self._decide, build, key)
        try:
            if self.settings.log_before_answer:
                written = asyncio.wrap_future(self.decision_log.submit(pending))
                try:
                    await asyncio.wait_for(written, timeout=self.decision_log.timeout_s)
                except TimeoutError:
                    raise StoreUnavailableError(
                        f"the decision log did not answer within {self.decision_log.timeout_s:g} s "
                        "(database too slow or down)"
                    ) from None
            else:
                self.decision_log.enqueue(pending)
        except StoreUnavailableError:
            self.metrics.store_errors.inc()
            raise
        return self._checked(decision, pending, endpoint, started)

    def _log_ready(self) -> None:
        """Fail closed before any work when the decision log is known not to be writable."""
        try:
            self.decision_log.check_healthy()
        except StoreUnavailableError:
            self.metrics.store_errors.inc()
            raise

    def _decide(
        self, build: Callable[[], CheckRequest], key: ApiKey | None
    ) -> tuple[CheckRequest, Decision, PendingDecision]:
        request = build()
        contexts: list[Context] = []
        observing = bool(request.images and self.image_observers)
        decision = self.guard.check(request, observe=contexts.append) if observing else self.guard.check(request)
        options = self._log_options if key is None else replace(self._log_options, api_key_id=key.id)
        if request.item_ref is not None:
            options = replace(options, item_ref=request.item_ref)
        pending = self.store.decisions.prepare(decision, request, options)
        if observing:
            for observe in self.image_observers:  # e.g. image sightings for notice-and-removal
                observe(request, pending.record, contexts[0] if contexts else None)
        return request, decision, pending

    def _checked(self, decision: Decision, pending: PendingDecision, endpoint: str, started: float) -> Checked:
        self.metrics.decisions.labels(endpoint, decision.verdict).inc()
        for rule in decision.rule_ids:
            self.metrics.rules.labels(rule).inc()
        for finding in decision.findings:
            if finding.kind.startswith("error."):
                self.metrics.detector_errors.labels(finding.kind).inc()
        self.metrics.check_seconds.labels(endpoint).observe(time.perf_counter() - started)
        return Checked(decision, pending.record)

    def readiness(self) -> dict[str, Any]:
        """What /readyz reports to a caller with a key: whether checks can be answered, and why not
        (without a key it says only ``ready``: the rest describes the deployment)."""
        problems: list[str] = []
        database = "ok"
        try:
            self.store.ping()
            self.decision_log.check_healthy()
        except StoreUnavailableError as exc:
            database = str(exc)
            problems.append(database)
        if not self.started:
            problems.append("the detectors are still loading")
        return {
            "ready": not problems,
            "database": database,
            "policy_version": self.guard.policy.version,
            "policy_error": self.policy_error,
            "detectors": list(self.guard.detector_versions),
            "unavailable": [f"{spec.domain}: {why}" for spec, why in self.guard.unavailable],
            "problems": problems,
        }


def _inline_detectors() -> set[str]:
    """Bundled text detectors of the core install (fast): timed on the check's own thread."""
    from consentry.detectors.registry import bundled_detector_specs

    return {spec.target for spec in bundled_detector_specs() if spec.needs == "text" and spec.extra is None}


def _stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
