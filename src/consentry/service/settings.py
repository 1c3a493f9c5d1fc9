"""The service's settings: one frozen object, built from the command line or by hand in tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from consentry.store.records import PromptLogging

MetricsAccess: TypeAlias = Literal["key", "open", "off"]
METRICS_ACCESS: tuple[MetricsAccess, ...] = ("key", "open", "off")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything ``consentry serve`` can be told. Defaults suit one instance next to a generator.

    - ``database``: a data directory or a database URL (None: ``$CONSENTRY_DATABASE_URL``, else
      the default data directory, SQLite).
    - ``policy``: a policy file (None: the bundled policy); re-read when it changes.
    - ``prompt_logging``: ``hash`` (only the prompt's SHA-256), ``flagged`` (text of denied and
      reviewed prompts) or ``all``.
    - Rate limits are requests per second with a burst, per API key and per user id, in this
      process (several instances each apply them on their own).
    - ``metrics``: who may read ``/metrics`` on the service's address: ``key`` (any valid API
      key, e.g. a ``check`` key for the scraper), ``open`` (anyone who reaches the address) or
      ``off``. ``metrics_address`` (``HOST:PORT``) serves the metrics on a separate address
      instead (no key; bind it where only the scraper reaches), and ``/metrics`` then answers 404.
    """

    database: str | Path | None = None
    policy: str | Path | None = None
    prompt_logging: PromptLogging = "hash"
    keep_images: bool = False
    flag_threshold: int = 5
    retention_days: float = 90.0
    # limits
    max_request_bytes: int = 64 * 1024 * 1024
    max_image_bytes: int = 20 * 1024 * 1024
    max_image_pixels: int = 40_000_000
    detector_timeout_s: float = 10.0
    # the decision log: answer a check before its decision is committed (the default: a writer
    # thread commits every ``log_flush_ms``, fails closed when the database fails, see
    # ``DecisionWriter``), or only after (``log_before_answer``: nothing answered is ever lost)
    log_before_answer: bool = False
    log_flush_ms: float = 25.0
    log_max_queue: int = 10_000
    # after the detectors are loaded, move every object into the collector's permanent generation
    # (gc.freeze): the large, long-lived indexes are then never scanned again (a full collection
    # of them took 135 ms with every detector loaded). For ``consentry serve``: it changes the
    # whole process.
    freeze_gc: bool = False
    # threads that run image checks and long prompts (CPU-bound work under one interpreter lock:
    # a few are enough); shorter prompts are checked on the event loop
    check_threads: int = 4
    # rate limits (requests/second, burst); 0 switches a limit off
    key_rate: float = 1000.0
    key_burst: int = 2000
    user_rate: float = 5.0
    user_burst: int = 30
    # hot reload of the policy file, the galleries and the allow-list
    reload_interval_s: float = 2.0
    # create an admin key at first start when the store has none (printed once)
    bootstrap_admin_key: bool = True
    # notice-and-removal: a YAML file of ``TakedownSettings`` (None: the defaults; see docs/takedown.md)
    takedown_config: str | None = None
    # /metrics: who may read it on the service's address, or a separate address of its own
    metrics: MetricsAccess = "key"
    metrics_address: str | None = None

    def __post_init__(self) -> None:
        if self.metrics not in METRICS_ACCESS:
            raise ValueError(f"metrics must be one of {', '.join(METRICS_ACCESS)}, not {self.metrics!r}")
        if self.metrics_address is not None:
            metrics_host_port(self.metrics_address)


def metrics_host_port(address: str) -> tuple[str, int]:
    """``HOST:PORT`` (or ``[IPv6]:PORT``) as a host and a port; ``ValueError`` saying what is wrong."""
    host, sep, port = address.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ValueError(f"the metrics address must be HOST:PORT (e.g. 127.0.0.1:9464), not {address!r}")
    return host, int(port)
