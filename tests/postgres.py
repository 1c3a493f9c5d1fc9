"""A throw-away PostgreSQL cluster on loopback for the store's tests, started from Debian's
``postgresql`` package when it is installed (``apt-get install postgresql``), so that a plain
``pytest`` runs every store test on PostgreSQL too. Nothing is downloaded; without the package the
PostgreSQL cases are skipped with the reason."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _server_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()],
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    directory: Path
    bin: Path
    prefix: list[str]
    url: str

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def start_cluster() -> tuple[Cluster | None, str]:
    """A running cluster with an empty ``consentry_test`` database, or None and why not."""
    server = _server_bin()
    if server is None:
        return None, "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    directory = Path(tempfile.mkdtemp(prefix="consentry-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the cluster as Debian's postgres user
        if shutil.which("runuser") is None:
            return None, "running as root without runuser"
        try:
            shutil.chown(directory, user="postgres")
        except (LookupError, PermissionError) as exc:
            shutil.rmtree(directory, ignore_errors=True)
            return None, f"running as root and the postgres user is unusable ({exc})"
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = directory / "data"
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off"
    steps = [
        [str(server / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
        [str(server / "pg_ctl"), "-D", str(data), "-l", str(directory / "log"), "-w", "-o", options, "start"],
        [str(server / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "consentry_test"],
    ]
    cluster = Cluster(directory, server, prefix, f"postgresql://postgres@127.0.0.1:{port}/consentry_test")
    for step in steps:
        done = subprocess.run([*prefix, *step], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            cluster.stop()
            return None, f"{Path(step[0]).name} failed: {(done.stderr or done.stdout).strip()[:300]}"
    return cluster, ""
