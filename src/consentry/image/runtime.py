"""Loading the bundled ONNX models: one place for sessions, threads and missing extras."""

from __future__ import annotations

import hashlib
import importlib.resources
from pathlib import Path
from typing import Any

from consentry.errors import MissingExtraError

# One thread per model call: the guard runs many checks side by side; each should use one core.
INTRA_OP_THREADS = 1


def package_file(package: str, *parts: str, extra: str = "image") -> Path:
    """A model file shipped inside an installed package (never downloaded)."""
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        raise MissingExtraError(f"the {package} model", extra, package) from None
    path = Path(str(root.joinpath(*parts)))
    if not path.is_file():
        raise FileNotFoundError(f"{package} is installed but has no {'/'.join(parts)}")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_file(package: str, *parts: str, sha256: str, extra: str = "image") -> Path:
    """``package_file`` checked against the digest we measured and documented."""
    path = package_file(package, *parts, extra=extra)
    actual = sha256_of(path)
    if actual != sha256:
        raise RuntimeError(f"{path.name}: sha256 {actual} differs from the expected {sha256}")
    return path


def onnx_session(path: Path) -> Any:
    """An onnxruntime CPU session with one intra-op thread and quiet logs."""
    try:
        import onnxruntime as ort
    except ModuleNotFoundError:
        raise MissingExtraError("the image models", "image", "onnxruntime") from None
    options = ort.SessionOptions()
    options.intra_op_num_threads = INTRA_OP_THREADS
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def import_cv2() -> Any:
    try:
        import cv2
    except ModuleNotFoundError:
        raise MissingExtraError("the image gate", "image", "cv2") from None
    # OpenCV's own notices (e.g. about DNN targets) would otherwise reach the user's terminal
    # on every check; errors still raise as exceptions.
    cv_logging = getattr(getattr(cv2, "utils", None), "logging", None)
    if cv_logging is not None:
        cv_logging.setLogLevel(cv_logging.LOG_LEVEL_ERROR)
    return cv2
