"""Load test of ``consentry serve`` on loopback: prompt checks per second and latency, closed loop
and at a fixed offered rate, and image checks per second. A benchmark, not a test.

    python benchmarks/bench_service.py --seconds 10
    python benchmarks/bench_service.py --seconds 10 --serve-args '--workers 2' --compare-serve-args ''

It starts ``consentry serve`` (the detectors that ``Guard.default()`` finds installed, an empty
SQLite database in a temporary data directory, every decision logged) in a subprocess and drives
it over keep-alive HTTP/1.1 connections. The load generator is ``wrk`` when it is installed
(``apt-get install wrk``; a C program that takes a few percent of a core, driven by
``wrk_check.lua`` beside this file), else a Python one in this process (asyncio streams; it
takes a good part of a core from the server: ``--python-load`` forces it).

Phases, each bounded in seconds (and, for the Python generator, in requests):

- closed loop: ``--concurrency`` connections (32), each sending its next request as soon as the
  last was answered. This measures throughput; its latency is the queue that 32 waiting clients
  make (by Little's law a mean under 30 ms at 32 needs more than 1,067 requests/s);
- fixed rate: ``--rate`` requests/s (500) offered over the same 32 connections, sent on a
  schedule whatever the answers do. This is the latency a site sending that traffic sees. wrk
  times a request from its send; the report also says how many sends were late against the
  schedule (all connections busy), which is when that would understate. The Python generator
  times from the scheduled send (no coordinated omission);
- ``GET /healthz`` closed loop (the HTTP ceiling of this machine), image checks (a 512x512 PNG
  as base64, ``--image-concurrency`` 4), and the same prompts through ``Guard.check`` in
  process (what HTTP, validation and the decision log cost on top).

``--compare-serve-args`` starts a second server with other options and runs the two prompt
phases on it too, interleaved with the first, so the two configurations are compared as ratios
in one run. Rate limits are switched off (one key sends everything). The server's CPU time per
request (from /proc) does not depend on what else runs on the machine; requests/s and latency do.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WRK_SCRIPT = Path(__file__).with_name("wrk_check.lua")

# The prompt mix: 100 prompts, sent in rotation. A site's traffic is mostly ordinary, so it is
# 75 benign prompts, 10 with a named real person in an ordinary scene, 10 sexual without a real
# person (adult content switched on for half of them) and 5 sexual with a named or unlisted real
# person or a minor (denied). The sexual prompts are the ones that also run the NER detector.
_SUBJECTS = (
    "a castle on a hill at dusk",
    "a golden retriever playing in the snow",
    "a cyberpunk street market at night, neon, rain",
    "an astronaut riding a horse",
    "a bowl of ramen, top view",
    "two friends laughing in a cafe",
    "the old town of Prague in spring",
    "a lighthouse in a storm",
    "a scientist in a lab coat",
    "a red fox in an autumn forest",
    "a steam train crossing a viaduct",
    "a cosy library with a fireplace",
    "a sailboat at sunrise",
    "a dragon sleeping on a pile of gold",
    "a farmer's market with fresh vegetables",
)
_STYLES = ("oil painting", "35mm photograph", "watercolour", "studio lighting, 8k", "isometric 3d render")
BENIGN = [f"{subject}, {style}" for subject in _SUBJECTS for style in _STYLES]
NAMED = [
    "Taylor Swift on stage at a concert, wide shot",
    "portrait of Barack Obama in a suit, press photo",
    "Keanu Reeves riding a motorcycle, cinematic",
    "Serena Williams playing tennis, sports photo",
    "Albert Einstein at a blackboard, black and white photo",
    "Emma Watson reading in a library, soft light",
    "Lionel Messi celebrating a goal, stadium",
    "Beyonce performing on stage, concert lighting",
    "Angela Merkel giving a speech, press photo",
    "Meryl Streep on the red carpet, photo",
]
SEXUAL = [
    "a nude figure study in charcoal, classical pose",
    "a woman in lingerie on a bed, soft light",
    "sexy elf warrior, fantasy art, revealing armour",
    "topless woman on a beach, photorealistic",
    "erotic oil painting of two adults in bed",
    "naked man in a shower, photo",
    "boudoir photo of a woman, lace, sensual",
    "a nude couple sunbathing, film photo",
    "pin-up girl, 1950s poster, suggestive pose",
    "explicit sex scene, anime style",
]
SEXUAL_REAL = [
    "Emma Watson nude, photorealistic",
    "Taylor Swift topless on a bed, sexy",
    "a teenage girl at the beach in a bikini, sexy pose",
    "naked photo of Scarlett Johansson in the shower",
    "my neighbour Jessica Pardoe nude in the bath",
]
NEGATIVES = ["", "blurry, low quality", "nsfw, nude", "extra fingers", "watermark, text"]


def prompt_mix(sexual: bool = True) -> list[dict[str, Any]]:
    """The 100 request bodies of the mix (deterministic order: the kinds interleaved); without
    ``sexual``, the 85 others (to see what the sexual prompts' checks add to the tail)."""
    bodies: list[dict[str, Any]] = []
    for i, prompt in enumerate(BENIGN):
        bodies.append({"prompt": prompt, "negative_prompt": NEGATIVES[i % len(NEGATIVES)]})
    for prompt in NAMED:
        bodies.append({"prompt": prompt, "negative_prompt": ""})
    for i, prompt in enumerate(SEXUAL if sexual else []):
        bodies.append({"prompt": prompt, "negative_prompt": "blurry", "adult_content": i % 2 == 0})
    for prompt in SEXUAL_REAL if sexual else []:
        bodies.append({"prompt": prompt, "negative_prompt": "", "adult_content": True})
    order = random.Random(6).sample(range(len(bodies)), len(bodies))
    return [{**bodies[j], "user_id": f"u{k % 200}"} for k, j in enumerate(order)]


def _png(width: int, height: int, seed: int) -> bytes:
    """A valid RGB PNG of smooth colour gradients with some noise (no people, no nudity)."""
    rng = random.Random(seed)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            row += bytes(
                (
                    (x * 255 // width + rng.randrange(16)) % 256,
                    (y * 255 // height + rng.randrange(16)) % 256,
                    (seed * 40 + rng.randrange(16)) % 256,
                )
            )
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return len(data).to_bytes(4, "big") + tag + data + crc.to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 2, 0, 0, 0))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


class Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read the whole answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None, token: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        payload = await self.reader.readexactly(length)
        return status, payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its children (the workers), from Linux's
    /proc; NaN elsewhere."""
    total = 0
    found = False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            found = True
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK") if found else float("nan")


def _own_cpu() -> float:
    """CPU seconds of this process and of its finished children (wrk runs): the load generator."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def measured(pid: int, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run a load phase; add the server's and the load generator's CPU time per request, and the
    machine's load average at the end."""
    before, generator_before = cpu_seconds(pid), _own_cpu()
    result = run()
    used, generator = cpu_seconds(pid) - before, _own_cpu() - generator_before
    n = max(1, result["requests"])
    result["server_cpu_ms_per_request"] = round(used * 1000.0 / n, 3)
    result["generator_cpu_ms_per_request"] = round(generator * 1000.0 / n, 3)
    result["one_core_capacity_per_second"] = round(n / used, 1) if used > 0 else float("nan")
    result["load_average"] = round(os.getloadavg()[0], 2)
    return result


# --- the Python load generator (when wrk is absent) -------------------------------------------------


async def closed_loop(
    port: int, token: str, make_request: Any, *, concurrency: int, max_requests: int, seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    verdicts: dict[str, int] = {}
    sent = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal sent
        connection = Connection(port)
        try:
            while sent < max_requests and time.perf_counter() < deadline:
                method, path, body = make_request(sent)
                sent += 1
                started = time.perf_counter()
                status, payload = await connection.request(method, path, body, token)
                latencies.append(time.perf_counter() - started)
                _count(path, status, payload, statuses, verdicts)
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return _summary(latencies, time.perf_counter() - started, statuses, verdicts)


async def fixed_rate(
    port: int, token: str, make_request: Any, *, rate: float, connections: int, max_requests: int, seconds: float
) -> dict[str, Any]:
    """Requests sent on a schedule (``rate`` per second) over a pool of ``connections``; a request's
    latency runs from its scheduled send, so waiting for a free connection counts."""
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(connections):
        idle.put_nowait(Connection(port))
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    verdicts: dict[str, int] = {}
    late = [0, 0, 0, 0]
    tasks: list[asyncio.Task[None]] = []

    async def one(index: int, due: float) -> None:
        connection = await idle.get()
        lag = time.perf_counter() - due
        late[0 if lag < 0.001 else 1 if lag < 0.005 else 2 if lag < 0.03 else 3] += 1
        try:
            method, path, body = make_request(index)
            status, payload = await connection.request(method, path, body, token)
            latencies.append(time.perf_counter() - due)
            _count(path, status, payload, statuses, verdicts)
        finally:
            idle.put_nowait(connection)

    started = time.perf_counter()
    count = min(max_requests, int(rate * seconds))
    for i in range(count):
        due = started + i / rate
        pause = due - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not idle.empty():
        idle.get_nowait().close()
    result = _summary(latencies, elapsed, statuses, verdicts)
    result["late"] = late
    return result


def _count(path: str, status: int, payload: bytes, statuses: dict[int, int], verdicts: dict[str, int]) -> None:
    statuses[status] = statuses.get(status, 0) + 1
    if path.startswith("/v1/check") and status == 200:
        verdict = json.loads(payload)["verdict"]
        verdicts[verdict] = verdicts.get(verdict, 0) + 1


def _summary(
    latencies: list[float], elapsed: float, statuses: dict[int, int], verdicts: dict[str, int]
) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(p / 100.0 * len(ordered)))] * 1000.0

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(pct(50), 2),
        "p90_ms": round(pct(90), 2),
        "p99_ms": round(pct(99), 2),
        "max_ms": round(max(ordered) * 1000.0, 2) if ordered else float("nan"),
        "statuses": statuses,
        "verdicts": verdicts,
    }


# --- the phases ---------------------------------------------------------------------------------


@dataclass
class Driver:
    """Runs a load phase with wrk (``wrk`` set) or with the Python generator."""

    port: int
    token: str
    work_dir: Path
    wrk: str | None
    bodies: dict[str, list[bytes]] = field(default_factory=dict)

    def add_bodies(self, name: str, bodies: list[bytes]) -> None:
        self.bodies[name] = bodies
        (self.work_dir / f"{name}.jsonl").write_bytes(b"".join(b + b"\n" for b in bodies))

    @property
    def generator(self) -> str:
        return "wrk" if self.wrk else "python"

    def run(
        self, name: str | None, *, connections: int, seconds: float, rate: float = 0.0, max_requests: int = 20_000
    ) -> dict[str, Any]:
        """A closed loop (``rate`` 0) or a fixed offered rate, of ``name``'s bodies in rotation
        (None: ``GET /healthz``)."""
        if self.wrk:
            return self._wrk(name, connections=connections, seconds=seconds, rate=rate)
        bodies = self.bodies[name] if name is not None else []

        def make(i: int) -> tuple[str, str, bytes | None]:
            return ("POST", "/v1/check", bodies[i % len(bodies)]) if bodies else ("GET", "/healthz", None)

        if rate > 0:
            return asyncio.run(
                fixed_rate(
                    self.port,
                    self.token,
                    make,
                    rate=rate,
                    connections=connections,
                    max_requests=max_requests,
                    seconds=seconds,
                )
            )
        return asyncio.run(
            closed_loop(
                self.port, self.token, make, concurrency=connections, max_requests=max_requests, seconds=seconds
            )
        )

    def _wrk(self, name: str | None, *, connections: int, seconds: float, rate: float) -> dict[str, Any]:
        assert self.wrk is not None
        threads = 1  # one wrk thread keeps up with tens of thousands of requests/s; the rest is the server's
        env = {
            **os.environ,
            "CONSENTRY_WRK_BODIES": str(self.work_dir / f"{name}.jsonl") if name else "",
            "CONSENTRY_WRK_TOKEN": self.token,
            "CONSENTRY_WRK_RATE": str(rate),
            "CONSENTRY_WRK_THREADS": str(threads),
        }
        path = "/v1/check" if name else "/healthz"
        command = [
            self.wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(WRK_SCRIPT),
            f"http://127.0.0.1:{self.port}{path}",
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        line = next((ln for ln in done.stdout.splitlines() if ln.startswith("CONSENTRY_RESULT ")), None)
        if line is None:
            raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
        raw = json.loads(line.partition(" ")[2])
        elapsed = raw["duration_us"] / 1e6
        return {
            "requests": raw["requests"],
            "seconds": round(elapsed, 2),
            "per_second": round(raw["requests"] / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(raw["p50_us"] / 1000.0, 2),
            "p90_ms": round(raw["p90_us"] / 1000.0, 2),
            "p99_ms": round(raw["p99_us"] / 1000.0, 2),
            "max_ms": round(raw["max_us"] / 1000.0, 2),
            "statuses": {int(k): v for k, v in raw["statuses"].items()},
            "verdicts": raw["verdicts"],
            "late": raw["late"],
            "errors": {k: v for k, v in raw["errors"].items() if v},
        }


def in_process(bodies: list[dict[str, Any]], seconds: float, max_requests: int) -> dict[str, Any]:
    """The same prompts through ``Guard.check`` in this process, one at a time (no HTTP, no log)."""
    from consentry import CheckRequest, Guard

    guard = Guard.default().load()
    requests = [
        CheckRequest(b["prompt"], b["negative_prompt"], user_id=b["user_id"], adult_content=b.get("adult_content"))
        for b in bodies
    ]
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    cpu_started = time.process_time()
    i = 0
    while i < max_requests and time.perf_counter() < deadline:
        t0 = time.perf_counter()
        guard.check(requests[i % len(requests)])
        latencies.append(time.perf_counter() - t0)
        i += 1
    result = _summary(latencies, time.perf_counter() - started, {}, {})
    result["cpu_ms_per_check"] = round((time.process_time() - cpu_started) * 1000.0 / max(1, i), 3)
    return result


@dataclass
class Server:
    """``consentry serve`` in a subprocess, on its own empty data directory."""

    serve_args: str
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="consentry-bench-")))
    port: int = 0
    token: str = ""
    process: subprocess.Popen[str] | None = None
    ready: dict[str, Any] = field(default_factory=dict)

    def start(self) -> Server:
        words = shlex.split(self.serve_args)
        settings = [w for w in words if "=" in w and not w.startswith("-") and w.split("=")[0].isupper()]
        options = [w for w in words if w not in settings]
        env = {**os.environ, "CONSENTRY_DATA_DIR": str(self.data_dir)}
        env.update(w.partition("=")[::2] for w in settings)  # leading NAME=value words: the server's environment
        self.token = subprocess.run(
            [sys.executable, "-m", "consentry", "keys", "create", "--scope", "admin", "--data-dir", str(self.data_dir)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout.strip()
        self.port = _free_port()
        command = [
            sys.executable,
            "-m",
            "consentry",
            "serve",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            "--key-rate",
            "0",
            "--user-rate",
            "0",
            "--log-level",
            "warning",
            *options,
        ]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.ready = _wait_ready(self.port, self.process)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def decisions_logged(self) -> int | None:
        """How many decisions the server's log holds (read after the server stopped)."""
        from consentry.store import open_store

        try:
            with open_store(self.data_dir, migrate=False) as store:
                return store.decisions.count()
        except Exception:
            return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def prompt_phases(server: Server, driver: Driver, args: argparse.Namespace) -> dict[str, Any]:
    closed = measured(server.pid, lambda: driver.run("prompts", connections=args.concurrency, seconds=args.seconds))
    paced = measured(
        server.pid,
        lambda: driver.run(
            "prompts", connections=args.concurrency, seconds=args.seconds, rate=args.rate, max_requests=10**9
        ),
    )
    return {"closed": closed, "fixed_rate": paced}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=32, help="connections (closed loop and fixed rate)")
    parser.add_argument("--rate", type=float, default=500.0, help="offered requests/s of the fixed-rate phase")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measured phase")
    parser.add_argument("--max-requests", type=int, default=20_000, help="bound of a closed-loop phase (Python)")
    parser.add_argument("--image-concurrency", type=int, default=4)
    parser.add_argument("--image-size", type=int, default=512)
    parser.add_argument("--serve-args", default="", help="more options for consentry serve, e.g. '--workers 2'")
    parser.add_argument(
        "--compare-serve-args",
        default=None,
        metavar="ARGS",
        help="a second server with these options: its prompt phases run interleaved with the first's",
    )
    parser.add_argument(
        "--without-sexual", action="store_true", help="the mix without its sexual prompts (their share of the tail)"
    )
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator even with wrk")
    parser.add_argument("--json", default=None, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    wrk = None if args.python_load else shutil.which("wrk")
    mix = prompt_mix(sexual=not args.without_sexual)
    images = [_png(args.image_size, args.image_size, seed) for seed in range(4)]
    image_bodies = [
        json.dumps({"prompt": "a landscape", "output_images": [{"data": base64.b64encode(img).decode()}]}).encode()
        for img in images
    ]
    servers = [Server(args.serve_args)]
    if args.compare_serve_args is not None:
        servers.append(Server(args.compare_serve_args))
    work_dir = Path(tempfile.mkdtemp(prefix="consentry-bench-load-"))
    results: dict[str, Any] = {
        "generator": "wrk" if wrk else "python",
        "cpus": os.cpu_count(),
        "concurrency": args.concurrency,
        "rate": args.rate,
        "mix": {
            "benign": len(BENIGN),
            "named": len(NAMED),
            "sexual": 0 if args.without_sexual else len(SEXUAL),
            "sexual_real": 0 if args.without_sexual else len(SEXUAL_REAL),
        },
        "servers": [],
    }
    try:
        drivers = []
        for server in servers:
            server.start()
            driver = Driver(server.port, server.token, work_dir / str(server.port), wrk)
            driver.work_dir.mkdir()
            driver.add_bodies("prompts", [json.dumps(b).encode() for b in mix])
            driver.add_bodies("images", image_bodies)
            drivers.append(driver)
            print(f"server {server.serve_args or '(defaults)'}: detectors {', '.join(server.ready['detectors'])}")
            if server.ready["unavailable"]:
                print(f"        unavailable: {'; '.join(server.ready['unavailable'])}")
            driver.run("prompts", connections=args.concurrency, seconds=3, max_requests=1500)  # warm up
        # the prompt phases, interleaved between the servers (the machine's load drifts)
        runs: list[list[dict[str, Any]]] = [[] for _ in servers]
        for _ in range(2 if len(servers) > 1 else 1):
            for index, (server, driver) in enumerate(zip(servers, drivers, strict=True)):
                runs[index].append(prompt_phases(server, driver, args))
        first, driver = servers[0], drivers[0]
        extra = {
            "health": measured(first.pid, lambda: driver.run(None, connections=args.concurrency, seconds=args.seconds)),
            "in_process": in_process(mix, args.seconds, args.max_requests),
        }
        driver.run("images", connections=args.image_concurrency, seconds=2, max_requests=8)  # warm up
        extra["images"] = measured(
            first.pid,
            lambda: driver.run("images", connections=args.image_concurrency, seconds=args.seconds, max_requests=2000),
        )
    finally:
        for server in servers:
            server.stop()
    for server, server_runs in zip(servers, runs, strict=False):
        results["servers"].append(
            {
                "serve_args": server.serve_args,
                "detectors": server.ready.get("detectors"),
                "runs": server_runs,
                "decisions_logged": server.decisions_logged(),
            }
        )
        server.remove()
    results.update(extra)
    shutil.rmtree(work_dir, ignore_errors=True)
    _report(results, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


def _wait_ready(port: int, server: subprocess.Popen[str]) -> dict[str, Any]:
    import urllib.request

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {server.stderr.read() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
                report: dict[str, Any] = json.loads(answer.read())
                if report.get("ready"):
                    return report
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become ready in 180 s")


def _row(name: str, r: dict[str, Any]) -> str:
    late = r.get("late")
    late_text = f" late(<1/<5/<30/more ms) {late}" if late and any(late[1:]) else ""
    errors = f" errors {r['errors']}" if r.get("errors") else ""
    return (
        f"{name:<44}{r['requests']:>7}{r['per_second']:>9}{r['p50_ms']:>9}{r['p90_ms']:>9}{r['p99_ms']:>9}"
        f"{r['max_ms']:>9}{r.get('server_cpu_ms_per_request', float('nan')):>9}"
        f"{r.get('load_average', float('nan')):>7}  {r['statuses']}{late_text}{errors}"
    )


def _report(results: dict[str, Any], args: argparse.Namespace) -> None:
    mix = results["mix"]
    print(
        f"machine: {results['cpus']} CPUs (shared: read ratios, not absolutes); load generator: {results['generator']}"
    )
    print(
        f"prompt mix ({sum(mix.values())} in rotation): {mix['benign']} benign, {mix['named']} named person, "
        f"{mix['sexual']} sexual, {mix['sexual_real']} sexual with a real person or a minor"
    )
    print(
        f"{'phase':<44}{'req':>7}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'cpu ms':>9}{'load':>7}  statuses"
    )
    c, rate = args.concurrency, args.rate
    for server in results["servers"]:
        label = server["serve_args"] or "defaults"
        for n, run in enumerate(server["runs"], 1):
            print(_row(f"[{label}] #{n} prompts closed loop c={c}", run["closed"]))
            print(_row(f"[{label}] #{n} prompts {rate:g}/s offered, {c} conn", run["fixed_rate"]))
        verdicts = server["runs"][0]["closed"]["verdicts"]
        print(f"[{label}] verdicts: {verdicts}; decisions in the log after shutdown: {server['decisions_logged']}")
    h, g, i = results["health"], results["in_process"], results["images"]
    print(_row(f"GET /healthz closed loop c={c}", h))
    print(_row("Guard.check in process, c=1", g))
    print(_row(f"POST /v1/check {args.image_size}px image, c={args.image_concurrency}", i))
    first = results["servers"][0]["runs"][0]
    p, f = first["closed"], first["fixed_rate"]
    overhead = p["server_cpu_ms_per_request"] - g["cpu_ms_per_check"]
    print(
        f"CPU per prompt check: Guard.check {g['cpu_ms_per_check']} ms in process; the service adds {overhead:.3f} ms "
        f"(HTTP, validation, auth, the decision log, metrics); the load generator took "
        f"{p['generator_cpu_ms_per_request']} ms per request"
    )
    print(
        f"ratios: prompt checks / healthz = {p['per_second'] / h['per_second']:.2f}; "
        f"HTTP prompt checks / in-process checks = {p['per_second'] / g['per_second']:.2f}; "
        f"image / prompt checks = {i['per_second'] / p['per_second']:.3f}"
    )
    if len(results["servers"]) > 1:
        a, b = results["servers"]
        for key in ("per_second", "p99_ms", "server_cpu_ms_per_request"):
            closed = [sum(r["closed"][key] for r in s["runs"]) / len(s["runs"]) for s in (a, b)]
            paced = [sum(r["fixed_rate"][key] for r in s["runs"]) / len(s["runs"]) for s in (a, b)]
            print(
                f"[{a['serve_args'] or 'defaults'}] / [{b['serve_args'] or 'defaults'}] {key}: "
                f"closed loop {closed[0] / closed[1]:.2f}, fixed rate {paced[0] / paced[1]:.2f}"
            )
    closed_met = p["per_second"] >= 500 and p["p99_ms"] <= 30
    paced_met = f["per_second"] >= 0.98 * rate and f["p99_ms"] <= 30
    print(
        f"closed loop, c={c}: {p['per_second']} checks/s, p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms "
        f"(>= 500/s with p99 <= 30 ms: {'met' if closed_met else 'not met'})"
    )
    print(
        f"fixed rate, {rate:g}/s offered over {c} connections: {f['per_second']}/s answered, p50 {f['p50_ms']} ms, "
        f"p99 {f['p99_ms']} ms (p99 <= 30 ms at the offered rate: {'met' if paced_met else 'not met'})"
    )


if __name__ == "__main__":
    sys.exit(main())
