"""Where Consentry keeps its data (the SQLite database, galleries, logs) by default."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CONSENTRY_DATA_DIR"


def default_data_dir() -> Path:
    """``$CONSENTRY_DATA_DIR``, else ``$XDG_DATA_HOME/consentry``, else ``~/.local/share/consentry``."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "consentry"
