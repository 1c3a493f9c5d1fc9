"""uvicorn's HTTP protocol with Nagle's algorithm switched off on every connection.

asyncio sets ``TCP_NODELAY`` on an accepted socket only when the listening socket says
``proto == IPPROTO_TCP``. With ``--workers N`` uvicorn's parent process makes the listening
socket as ``socket.socket(family=...)`` (``proto`` 0), so asyncio leaves Nagle on there: a small
answer written in two pieces (head and body) then waits for the client's delayed ACK, 40 ms on
Linux, under every answer. uvloop sets the option itself. Setting it here makes the event loop
not matter for that.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    with contextlib.suppress(OSError):  # the connection is already gone
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
