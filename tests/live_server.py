"""A Consentry app served by uvicorn on a free loopback port, in a thread, for tests that talk HTTP."""

from __future__ import annotations

import socket
import threading
import time

from consentry.service import Service, create_app


class LiveServer:
    """``with LiveServer(service) as server:`` serves ``service`` at ``server.url`` until the block ends."""

    def __init__(self, service: Service, timeout_s: float = 10.0) -> None:
        import uvicorn

        self.timeout_s = timeout_s
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(create_app(service=service), log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + self.timeout_s
        while not self.server.started and time.monotonic() < deadline and self.thread.is_alive():
            time.sleep(0.01)
        assert self.server.started, "the server did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()
