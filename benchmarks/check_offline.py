"""Load every image-gate model with no network: ``HF_HUB_OFFLINE=1 unshare -n python benchmarks/check_offline.py``.

Prints what loaded and whether the network was reachable (it must not be, for the check to mean
anything). Exits non-zero if a model fails to load.
"""

from __future__ import annotations

import socket

import numpy as np

from consentry.image.faces import FaceModel
from consentry.image.hashes import pdq_hash
from consentry.image.nudity import NudityDetector


def main() -> None:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
        network = "reachable (run under 'unshare -n' for a real offline check)"
    except OSError:
        network = "unreachable"
    nudity = NudityDetector()
    nudity.load()
    faces = FaceModel()
    faces.load()
    digest = pdq_hash(np.zeros((64, 64, 3), dtype=np.uint8))
    print(f"network: {network}")
    print(f"nudity backends: {', '.join(nudity.backend_names)}")
    print(f"faces: YuNet + SFace loaded: {faces.loaded}")
    print(f"pdq: hashed a test image (quality {digest.quality})")


if __name__ == "__main__":
    main()
