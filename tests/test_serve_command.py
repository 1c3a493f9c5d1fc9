"""``consentry serve`` as an operator runs it: a fresh data directory, the first admin key
printed once, then checks over HTTP; with one worker process and with two."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _call(url: str, body: dict[str, Any] | None = None, token: str | None = None) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1])  # --workers 2 loads the detectors twice: see test_app_from_environment
def test_serve_creates_its_database_prints_a_first_key_and_answers_checks(tmp_path: Path, workers: int) -> None:
    port = _free_port()
    data = tmp_path / "fresh"
    env = {**os.environ, "CONSENTRY_DATA_DIR": str(data)}
    env.pop("CONSENTRY_DATABASE_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "consentry",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--log-flush-ms",
            "60000",  # the decision log writes only when read, and at shutdown
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        token = None
        deadline = time.monotonic() + 120
        for line in server.stderr:
            found = re.search(r"(csk_\S+)", line)
            if found:
                token = found.group(1)
                break
            assert time.monotonic() < deadline
        assert token, "no first admin key was printed"
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                if _call(f"{base}/readyz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the server did not become ready"
            time.sleep(0.2)
        assert (data / "consentry.db").is_file()
        status, answer = _call(f"{base}/v1/check", {"prompt": "a portrait in a suit"}, token)
        assert status == 200 and answer["verdict"] == "allow"
        assert _call(f"{base}/v1/check", {"prompt": "x"}, "csk_wrong_key")[0] == 401
        assert _call(f"{base}/v1/decisions", token=token)[1]["total"] == 1
        for prompt in ("a castle", "a lighthouse"):
            assert _call(f"{base}/v1/check", {"prompt": prompt}, token)[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
        if server.stderr is not None:
            server.stderr.close()
    from consentry.store import open_store

    with open_store(data) as store:
        assert store.decisions.count() == 3  # the two queued at shutdown were written


def test_app_from_environment_builds_a_worker_app_from_the_parents_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from consentry.service import Settings
    from consentry.service.app import SETTINGS_ENV, app_from_environment

    settings = Settings(database=tmp_path / "d", prompt_logging="all", flag_threshold=9, reload_interval_s=0)
    monkeypatch.setenv(SETTINGS_ENV, json.dumps(dataclasses.asdict(settings), default=str))
    app = app_from_environment()
    service = app.state.service
    try:
        assert (service.settings.prompt_logging, service.settings.flag_threshold) == ("all", 9)
        assert service.store.url.endswith(str(tmp_path / "d" / "consentry.db"))
    finally:
        service.stop()


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--metrics-address", "9464"], "must be HOST:PORT"),
        (["--metrics-address", "127.0.0.1:9464", "--workers", "2"], "use it with one worker"),
    ],
)
def test_serve_refuses_a_metrics_address_it_cannot_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], fragment: str
) -> None:
    pytest.importorskip("uvicorn")
    from consentry.cli import main

    assert main(["serve", "--data-dir", str(tmp_path / "d"), *extra]) == 64
    assert fragment in capsys.readouterr().err
