"""``consentry serve``, ``consentry keys`` and ``consentry decisions`` (the ``server`` extra).

Heavy imports happen inside the commands, so that ``consentry --help`` works without the extra
and a missing extra is reported with the pip command to run.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from consentry.errors import MissingExtraError


def _database(args: argparse.Namespace) -> str | None:
    url: str | None = getattr(args, "database_url", None)
    data_dir: str | None = getattr(args, "data_dir", None)
    return url or data_dir


def _add_database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help="where the SQLite database lives (default: $CONSENTRY_DATA_DIR or ~/.local/share/consentry)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help="a database URL instead, e.g. postgresql://user:pw@host/db (or $CONSENTRY_DATABASE_URL)",
    )


def _open(args: argparse.Namespace) -> Any:
    from consentry.store import open_store

    return open_store(_database(args))


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from consentry.service.protocol import NoDelayHttpToolsProtocol
    except ModuleNotFoundError as exc:
        raise MissingExtraError("consentry serve", "server", exc.name or "uvicorn") from None
    from consentry.service import Service, Settings, create_app
    from consentry.service.settings import metrics_host_port

    if args.metrics_address is not None:
        try:
            metrics_host_port(args.metrics_address)
        except ValueError as exc:
            print(f"consentry serve: --metrics-address: {exc}", file=sys.stderr)
            return 64
        if args.workers > 1:
            print(
                "consentry serve: --metrics-address serves one process's metrics: use it with one worker "
                "(with several, read /metrics with a key)",
                file=sys.stderr,
            )
            return 64
    settings = Settings(
        database=_database(args),
        policy=args.policy,
        prompt_logging=args.prompt_logging,
        keep_images=args.keep_images,
        flag_threshold=args.flag_threshold,
        retention_days=args.retention_days,
        max_request_bytes=int(args.max_request_mb * 1024 * 1024),
        max_image_bytes=int(args.max_image_mb * 1024 * 1024),
        max_image_pixels=int(args.max_image_megapixels * 1_000_000),
        detector_timeout_s=args.detector_timeout,
        check_threads=args.check_threads,
        key_rate=args.key_rate,
        user_rate=args.user_rate,
        key_burst=max(1, int(args.key_rate * 2)),
        user_burst=max(1, int(args.user_burst)),
        reload_interval_s=args.reload_interval,
        log_before_answer=args.log_before_answer,
        log_flush_ms=args.log_flush_ms,
        freeze_gc=True,
        takedown_config=args.takedown_config,
        metrics=args.metrics,
        metrics_address=args.metrics_address,
    )
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    run_options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "access_log": args.access_log,
        "timeout_graceful_shutdown": 10,
        "loop": _event_loop(args.loop, args.workers),
        "http": NoDelayHttpToolsProtocol,
    }
    if args.workers > 1:
        # Several processes: each builds its own Service (its own guard, reloader, rate limits)
        # on the same database; this one only migrates it and makes the first key.
        import dataclasses
        import os

        from consentry.service.app import SETTINGS_ENV
        from consentry.store import open_store

        with open_store(settings.database) as store:
            print(f"consentry: database {store.url}; {args.workers} worker processes", file=sys.stderr)
            _bootstrap_key(settings, store)
        os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings), default=str)
        uvicorn.run("consentry.service.app:app_from_environment", factory=True, workers=args.workers, **run_options)
        return 0
    # The app owns the service: its shutdown (on SIGTERM too, which uvicorn raises again once it
    # has stopped) writes what the decision log still holds.
    app = create_app(settings)
    service: Service = app.state.service
    print(f"consentry: database {service.store.url}", file=sys.stderr)
    _bootstrap_key(settings, service.store)
    try:
        uvicorn.run(app, **run_options)
    finally:
        service.stop()
    return 0


def _event_loop(choice: str, workers: int) -> str:
    """uvicorn's event loop. Measured on this service: with one process, asyncio answers with the
    same throughput as uvloop and without uvloop's occasional 200-500 ms stalls in a saturated
    closed loop. With several workers the two measured the same (once the HTTP protocol set
    TCP_NODELAY itself, see ``protocol.py``; before, asyncio put a 40 ms floor under every
    answer there): uvloop stays the choice for several workers."""
    if choice != "auto":
        return choice
    return "asyncio" if workers <= 1 else "uvloop"


def _bootstrap_key(settings: Any, store: Any) -> None:
    if settings.bootstrap_admin_key and not any(k.active for k in store.keys.list()):
        _, token = store.keys.create("admin", name="first-admin")
        print(
            "consentry: no API key existed, so an admin key was created (shown once, keep it safe):\n"
            f"  {token}\n"
            "  create keys for your site with: consentry keys create --scope check",
            file=sys.stderr,
        )


def cmd_keys_create(args: argparse.Namespace) -> int:
    with _open(args) as store:
        key, token = store.keys.create(args.scope, name=args.name)
    if args.json:
        print(json.dumps({**key.to_dict(), "token": token}))
    else:
        print(token)
        print(f"(key {key.id}, scope {key.scope}; only its hash is stored: keep it now)", file=sys.stderr)
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        keys = store.keys.list()
    for key in keys:
        state = "active" if key.active else "revoked"
        created = time.strftime("%Y-%m-%d %H:%M", time.gmtime(key.created_at))
        print(f"{key.id}  {key.scope:<5}  {state:<7}  {created}  {key.name}")
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    with _open(args) as store:
        revoked = store.keys.revoke(args.key_id)
    if not revoked:
        print(f"consentry: no active key {args.key_id!r}", file=sys.stderr)
        return 65
    print(f"revoked {args.key_id}")
    return 0


def cmd_decisions_purge(args: argparse.Namespace) -> int:
    if args.older_than_days < 0:
        print("consentry: --older-than-days must be 0 or more", file=sys.stderr)
        return 64
    cutoff = time.time() - args.older_than_days * 86400.0
    with _open(args) as store:
        removed = store.decisions.purge(cutoff)
    print(f"removed {removed} decisions older than {args.older_than_days:g} days")
    return 0


def cmd_takedowns_index_scan(args: argparse.Namespace) -> int:
    from consentry.service.dashboard.scan_import import scan_records
    from consentry.service.takedowns import sightings_from_scan
    from consentry.store.takedowns import TakedownRepository

    with _open(args) as store:
        found = sightings_from_scan(TakedownRepository(store.engine), scan_records(Path(args.scan)))
    print(
        f"read {found.read} scanned items: {found.added} images logged for removal requests, "
        f"{found.known} already logged, {found.skipped} without a readable image"
    )
    return 0


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="run the HTTP service (the 'server' extra)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (one per core; rate limits are per process)"
    )
    _add_database_options(serve)
    serve.add_argument("--policy", default=None, metavar="FILE", help="policy file (re-read when it changes)")
    serve.add_argument(
        "--prompt-logging",
        choices=("hash", "flagged", "all"),
        default="hash",
        help="keep prompt text in the decision log: never (hash, default), for denied/reviewed (flagged), always",
    )
    serve.add_argument("--keep-images", action="store_true", help="keep image bytes of decisions (for moderators)")
    serve.add_argument("--flag-threshold", type=int, default=5, help="denied requests that flag a user (0: never)")
    serve.add_argument("--retention-days", type=float, default=90.0, help="purge decisions older than this (0: keep)")
    serve.add_argument("--max-request-mb", type=float, default=64.0, help="largest request body")
    serve.add_argument("--max-image-mb", type=float, default=20.0, help="largest image file")
    serve.add_argument("--max-image-megapixels", type=float, default=40.0, help="largest image in pixels")
    serve.add_argument("--detector-timeout", type=float, default=10.0, help="seconds per detector (0: no limit)")
    serve.add_argument(
        "--check-threads", type=int, default=4, help="threads per process that run image checks and long prompts"
    )
    serve.add_argument("--key-rate", type=float, default=1000.0, help="requests/s per API key (0: no limit)")
    serve.add_argument("--user-rate", type=float, default=5.0, help="requests/s per user id (0: no limit)")
    serve.add_argument("--user-burst", type=float, default=30.0, help="burst per user id")
    serve.add_argument("--reload-interval", type=float, default=2.0, help="seconds between hot-reload checks")
    serve.add_argument(
        "--log-before-answer",
        action="store_true",
        help="answer a check only after its decision is committed (nothing answered is lost on a crash; "
        "slower). Default: commit in the background every --log-flush-ms, and fail closed if that fails",
    )
    serve.add_argument(
        "--log-flush-ms",
        type=float,
        default=25.0,
        help="how often the decision log commits in the background (the most a crash can lose, plus one commit)",
    )
    serve.add_argument(
        "--loop",
        choices=("auto", "asyncio", "uvloop"),
        default="auto",
        help="the event loop; auto: asyncio with one worker, uvloop with several (see docs/api.md, Performance)",
    )
    serve.add_argument(
        "--takedown-config",
        default=None,
        metavar="FILE",
        help="removal requests: a YAML file of settings (the site's webhook, deadline, limits; docs/takedown.md)",
    )
    serve.add_argument(
        "--metrics",
        choices=("key", "open", "off"),
        default="key",
        help="who may read /metrics: any valid API key (key, default), anyone who reaches the address (open), nobody",
    )
    serve.add_argument(
        "--metrics-address",
        default=None,
        metavar="HOST:PORT",
        help="serve the metrics on this address instead, with no key (bind it where only the scraper reaches; "
        "one worker process only)",
    )
    serve.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(func=cmd_serve)

    keys = sub.add_parser("keys", help="API keys of the service")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", parser_class=sub._parser_class)
    create = keys_sub.add_parser("create", help="create a key and print it (shown once)")
    create.add_argument("--scope", choices=("check", "review", "admin"), required=True)
    create.add_argument("--name", default="", help="a label (who uses it)")
    create.add_argument("--json", action="store_true")
    _add_database_options(create)
    create.set_defaults(func=cmd_keys_create)
    listing = keys_sub.add_parser("list", help="list keys (ids and scopes; secrets are never stored)")
    _add_database_options(listing)
    listing.set_defaults(func=cmd_keys_list)
    revoke = keys_sub.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("key_id")
    _add_database_options(revoke)
    revoke.set_defaults(func=cmd_keys_revoke)

    takedowns = sub.add_parser("takedowns", help="removal requests (docs/takedown.md)")
    takedowns_sub = takedowns.add_subparsers(dest="takedowns_command", metavar="ACTION", parser_class=sub._parser_class)
    index_scan = takedowns_sub.add_parser(
        "index-scan", help="log the images of a scan (every verdict) so that removal requests find them"
    )
    index_scan.add_argument("scan", metavar="OUT", help="the scan's output folder or its decisions.jsonl")
    _add_database_options(index_scan)
    index_scan.set_defaults(func=cmd_takedowns_index_scan)

    decisions = sub.add_parser("decisions", help="the decision log")
    decisions_sub = decisions.add_subparsers(dest="decisions_command", metavar="ACTION", parser_class=sub._parser_class)
    purge = decisions_sub.add_parser("purge", help="delete decisions older than the retention period")
    purge.add_argument("--older-than-days", type=float, default=90.0)
    _add_database_options(purge)
    purge.set_defaults(func=cmd_decisions_purge)
