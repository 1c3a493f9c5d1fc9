"""``consentry keys`` and ``consentry decisions purge``: print once, store hashed, revoke, purge."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from consentry.cli import main
from consentry.content import CheckRequest
from consentry.store import LogOptions, open_store
from consentry.types import Decision


def test_keys_create_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["keys", "create", "--scope", "check", "--name", "site", "--data-dir", data]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("csk_")
    assert main(["keys", "create", "--scope", "admin", "--json", "--data-dir", data]) == 0
    admin = json.loads(capsys.readouterr().out)
    assert admin["scope"] == "admin" and admin["token"].startswith("csk_")
    with open_store(data) as store:
        key = store.keys.verify(token)
        assert key is not None and (key.scope, key.name) == ("check", "site")
    assert main(["keys", "list", "--data-dir", data]) == 0
    listed = capsys.readouterr().out
    assert key.id in listed and "active" in listed and token not in listed
    assert main(["keys", "revoke", key.id, "--data-dir", data]) == 0
    assert main(["keys", "revoke", key.id, "--data-dir", data]) == 65
    with open_store(data) as store:
        assert store.keys.verify(token) is None
    with pytest.raises(SystemExit) as usage:
        main(["keys", "create", "--scope", "root", "--data-dir", data])
    assert usage.value.code == 64


def test_decisions_purge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    decision = Decision(verdict="allow", message="", rule_ids=(), policy_version="p")
    with open_store(data) as store:
        store.decisions.record(decision, CheckRequest("old"), LogOptions(created_at=time.time() - 40 * 86400))
        store.decisions.record(decision, CheckRequest("new"))
    assert main(["decisions", "purge", "--older-than-days", "30", "--data-dir", data]) == 0
    assert "removed 1 decisions older than 30 days" in capsys.readouterr().out
    with open_store(data) as store:
        assert store.decisions.count() == 1


def test_an_unreachable_database_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["keys", "list", "--database-url", "postgresql://nobody@127.0.0.1:9/none"])
    assert code == 65
    assert "database is unavailable" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("choice", "workers", "loop"),
    [("auto", 1, "asyncio"), ("auto", 2, "uvloop"), ("uvloop", 1, "uvloop"), ("asyncio", 4, "asyncio")],
)
def test_the_event_loop_is_asyncio_for_one_worker_and_uvloop_for_several_unless_chosen(
    choice: str, workers: int, loop: str
) -> None:
    from consentry.service.cli import _event_loop

    assert _event_loop(choice, workers) == loop


def test_connections_get_tcp_nodelay_even_from_a_listening_socket_made_without_proto() -> None:
    # uvicorn's parent process (--workers N) makes the listening socket with proto 0, and asyncio
    # then leaves Nagle's algorithm on for the accepted connections; the protocol switches it off.
    import asyncio
    import socket

    pytest.importorskip("uvicorn")
    from consentry.service.protocol import set_nodelay

    async def accept_one() -> tuple[int, int]:
        listener = socket.socket(family=socket.AF_INET)  # as uvicorn binds it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        seen: list[int] = []
        made = asyncio.Event()

        class Recorder(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
                sock = transport.get_extra_info("socket")
                seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                set_nodelay(transport)
                seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                made.set()

        server = await asyncio.get_running_loop().create_server(Recorder, sock=listener)
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.wait_for(made.wait(), 5)
        writer.close()
        server.close()
        await server.wait_closed()
        return seen[0], seen[1]

    _, after = asyncio.run(accept_one())
    assert after != 0
