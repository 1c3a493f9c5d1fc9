"""Time the README's test command on a fresh clone with an empty pip cache, the install and the
tests apart: what a newcomer waits for.

    python scripts/time_setup.py            # clones this repository's HEAD into a temporary folder
    python scripts/time_setup.py --keep     # and keeps the folder (its .venv) afterwards

The clone has no ``../shared`` beside it, like a newcomer's. The times are wall-clock seconds of
this machine as it is loaded at the time; say how loaded when you quote them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    return time.perf_counter() - started, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone")
    parser.add_argument("--pytest-args", default="", help="more arguments for pytest (e.g. '--durations=20')")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="consentry-fresh-"))
    clone = work / "consentry"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True, check=True
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CONSENTRY_"))}
    env["PIP_CACHE_DIR"] = str(work / "pip-cache")  # empty
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    print(f"fresh clone of {head.stdout.strip()} in {clone}; load average before: {os.getloadavg()[0]:.1f}")
    install_s, rc = timed(["python3", "scripts/setup_dev.py"], clone, env, work / "install.log")
    print(f"install (python3 scripts/setup_dev.py): {install_s:.0f} s, exit {rc}")
    if rc != 0:
        print(f"see {work / 'install.log'}")
        return rc
    pytest = [".venv/bin/python", "-m", "pytest", "-q", *args.pytest_args.split()]
    test_s, rc = timed(pytest, clone, env, work / "pytest.log")
    summary = (work / "pytest.log").read_text(encoding="utf-8").strip().splitlines()[-1:]
    print(f"tests ({' '.join(pytest)}): {test_s:.0f} s, exit {rc}: {' '.join(summary)}")
    print(f"total: {install_s + test_s:.0f} s; load average after: {os.getloadavg()[0]:.1f}")
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if rc == 0 else rc


if __name__ == "__main__":
    sys.exit(main())
