"""Load test of ``consentry serve`` on loopback: prompt checks and image checks per second, with
latency percentiles, at a fixed concurrency. A benchmark, not a test.

    python benchmarks/bench_service.py                       # 32 concurrent, bounded in time
    python benchmarks/bench_service.py --seconds 10 --concurrency 32 --image-concurrency 4

It starts ``consentry serve`` (the detectors that ``Guard.default()`` finds installed, an empty
SQLite database in a temporary data directory, every decision logged) in a subprocess, then
drives it from this process with keep-alive HTTP/1.1 connections (asyncio streams; a lean load
generator, since it shares the cores with the server). Side by side in the same run, as ratios:
the same prompts through ``Guard.check`` in process (what HTTP, validation and logging cost on
top), and ``GET /healthz`` (the HTTP ceiling of this machine). Rate limits are switched off for
the run (one key sends everything). Every phase is bounded in requests and in seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

PROMPTS = [
    "a portrait of a scientist in a lab coat, studio lighting",
    "a castle on a hill at dusk, oil painting",
    "photo of a golden retriever playing in the snow",
    "a nude figure study in charcoal, classical pose",
    "Taylor Swift on stage at a concert, wide shot",
    "a woman in lingerie on a bed, soft light",
    "cyberpunk street market at night, neon, rain",
    "Emma Watson nude, photorealistic",
    "a teenage girl at the beach in a bikini",
    "an astronaut riding a horse, 35mm photograph",
    "madonna and child, renaissance altarpiece",
    "two friends laughing in a cafe, candid photo",
    "a bowl of ramen, food photography, top view",
    "sexy elf warrior, fantasy art, detailed armour",
    "a watercolour of the old town of Prague in spring",
    "a man in a suit giving a speech, press photo",
]
NEGATIVES = ["", "blurry, low quality", "nsfw, nude", "extra fingers"]


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


def measured(pid: int, run: Any) -> dict[str, Any]:
    """Run a load phase; add the server's CPU time per request (independent of other load)."""
    before = cpu_seconds(pid)
    result: dict[str, Any] = asyncio.run(run)
    used = cpu_seconds(pid) - before
    result["server_cpu_ms_per_request"] = round(used * 1000.0 / max(1, result["requests"]), 3)
    result["one_core_capacity_per_second"] = round(result["requests"] / used, 1) if used > 0 else float("nan")
    return result


async def load(
    port: int,
    token: str,
    make_request: Any,
    *,
    concurrency: int,
    max_requests: int,
    seconds: float,
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    verdicts: dict[str, int] = {}
    sent = 0
    deadline = time.perf_counter() + seconds

    async def worker(index: int) -> None:
        nonlocal sent
        connection = Connection(port)
        try:
            while sent < max_requests and time.perf_counter() < deadline:
                method, path, body = make_request(sent)
                sent += 1
                started = time.perf_counter()
                status, payload = await connection.request(method, path, body, token)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                if path.startswith("/v1/check") and status == 200:
                    verdict = json.loads(payload)["verdict"]
                    verdicts[verdict] = verdicts.get(verdict, 0) + 1
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    elapsed = time.perf_counter() - started
    return _summary(latencies, elapsed, statuses, verdicts)


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


def in_process(seconds: float, max_requests: int) -> dict[str, Any]:
    """The same prompts through ``Guard.check`` in this process, one at a time (no HTTP, no log)."""
    from consentry import CheckRequest, Guard

    guard = Guard.default().load()
    requests = [
        CheckRequest(p, n, user_id=f"u{i % 50}") for i, (p, n) in enumerate(zip(PROMPTS, NEGATIVES * 4, strict=False))
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0, help="bound of each measured phase")
    parser.add_argument("--max-requests", type=int, default=20_000, help="bound of each measured phase")
    parser.add_argument("--image-concurrency", type=int, default=4)
    parser.add_argument("--image-size", type=int, default=512)
    parser.add_argument(
        "--serve-args", default="", help="more options for consentry serve, e.g. '--detector-timeout 0'"
    )
    parser.add_argument("--json", default=None, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="consentry-bench-"))
    env = {**os.environ, "CONSENTRY_DATA_DIR": str(data_dir)}
    key = subprocess.run(
        [sys.executable, "-m", "consentry", "keys", "create", "--scope", "admin", "--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "consentry",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--key-rate",
            "0",
            "--user-rate",
            "0",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = _wait_ready(port, server)
        print(f"server: detectors {', '.join(ready['detectors']) or '(none)'}")
        if ready["unavailable"]:
            print(f"        unavailable: {'; '.join(ready['unavailable'])}")
        prompt_bodies = [
            json.dumps({"prompt": p, "negative_prompt": n, "user_id": f"u{i % 50}"}).encode()
            for i, (p, n) in enumerate(zip(PROMPTS, NEGATIVES * 4, strict=False))
        ]
        images = [_png(args.image_size, args.image_size, seed) for seed in range(4)]
        image_bodies = [
            json.dumps({"prompt": "a landscape", "output_images": [{"data": base64.b64encode(img).decode()}]}).encode()
            for img in images
        ]

        def prompt_request(i: int) -> tuple[str, str, bytes]:
            return "POST", "/v1/check", prompt_bodies[i % len(prompt_bodies)]

        def image_request(i: int) -> tuple[str, str, bytes]:
            return "POST", "/v1/check", image_bodies[i % len(image_bodies)]

        def health_request(i: int) -> tuple[str, str, None]:
            return "GET", "/healthz", None

        bound = {"max_requests": args.max_requests, "seconds": args.seconds}
        asyncio.run(
            load(port, key, prompt_request, concurrency=args.concurrency, max_requests=500, seconds=3)
        )  # warm up
        results = {
            "detectors": ready["detectors"],
            "unavailable": ready["unavailable"],
            "cpus": os.cpu_count(),
            "concurrency": args.concurrency,
            "prompt_http": measured(server.pid, load(port, key, prompt_request, concurrency=args.concurrency, **bound)),
            "health_http": measured(server.pid, load(port, key, health_request, concurrency=args.concurrency, **bound)),
            "prompt_in_process": in_process(args.seconds, args.max_requests),
        }
        image_bound = {"max_requests": min(args.max_requests, 2000), "seconds": args.seconds}
        asyncio.run(load(port, key, image_request, concurrency=args.image_concurrency, max_requests=8, seconds=30))
        results["image_http"] = measured(
            server.pid, load(port, key, image_request, concurrency=args.image_concurrency, **image_bound)
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
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


def _report(results: dict[str, Any], args: argparse.Namespace) -> None:
    p, h, g, i = (results[k] for k in ("prompt_http", "health_http", "prompt_in_process", "image_http"))
    print(f"machine: {results['cpus']} CPUs (shared: read ratios, not absolutes)")
    print(f"{'phase':<34}{'req':>7}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}  statuses")
    for name, r in (
        (f"POST /v1/check prompt, c={args.concurrency}", p),
        (f"GET /healthz, c={args.concurrency}", h),
        ("Guard.check in process, c=1", g),
        (f"POST /v1/check {args.image_size}px image, c={args.image_concurrency}", i),
    ):
        print(
            f"{name:<34}{r['requests']:>7}{r['per_second']:>9}{r['p50_ms']:>9}{r['p90_ms']:>9}{r['p99_ms']:>9}"
            f"{r['max_ms']:>9}  {r['statuses']}"
        )
    print(f"prompt verdicts: {p['verdicts']}")
    overhead = p["server_cpu_ms_per_request"] - g["cpu_ms_per_check"]
    print(
        f"CPU per prompt check: Guard.check {g['cpu_ms_per_check']} ms in process; the service adds {overhead:.3f} ms "
        "(HTTP, validation, auth, the decision log's write, metrics)"
    )
    print(
        "server CPU per request (ms, all server processes; independent of other load): "
        f"prompt {p['server_cpu_ms_per_request']}, healthz {h['server_cpu_ms_per_request']}, "
        f"image {i['server_cpu_ms_per_request']}; so one core serves about "
        f"{p['one_core_capacity_per_second']} prompt checks/s and {i['one_core_capacity_per_second']} image checks/s "
        "(a process uses one core: use --serve-args '--workers 2' on two)"
    )
    if h["per_second"] and g["per_second"]:
        print(
            f"ratios: prompt checks / healthz = {p['per_second'] / h['per_second']:.2f}; "
            f"HTTP prompt checks / in-process checks = {p['per_second'] / g['per_second']:.2f}; "
            f"image / prompt checks = {i['per_second'] / p['per_second']:.3f}"
        )
    target = p["per_second"] >= 500 and p["p99_ms"] <= 30
    print(f"target (>= 500 prompt checks/s with p99 <= 30 ms at c=32): {'met' if target else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
