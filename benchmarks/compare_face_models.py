"""SFace (what the face detector uses) beside dlib's face_recognition as a second opinion.

Same photos, same pairs, each pipeline with its own face detector (largest face per image),
images scaled to at most 640 px a side for both; CPU ms per image for detect + embed.
Needs ../shared and, for the dlib side, ``pip install dlib-bin face-recognition-models`` and
``pip install --no-deps face-recognition`` (not a Consentry dependency).

Run: python benchmarks/compare_face_models.py
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_image import ART, FACES, PEOPLE

from consentry.image.decode import decode_rgb
from consentry.image.face_detector import MATCH_THRESHOLD
from consentry.image.faces import FaceModel


def images() -> list[tuple[str, str, np.ndarray]]:
    import cv2

    out = []
    paths = [(FACES / name, person) for name, person in PEOPLE.items()]
    paths += [(path, path.stem) for path in sorted(ART.glob("*.jpg"))]
    for path, person in paths:
        rgb: np.ndarray = decode_rgb(path.read_bytes())
        scale = min(1.0, 640 / max(rgb.shape[:2]))
        if scale < 1.0:
            rgb = cv2.resize(
                rgb, (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale)), interpolation=cv2.INTER_AREA
            )
        out.append((path.name, person, np.ascontiguousarray(rgb)))
    return out


def sface() -> Callable[[np.ndarray], np.ndarray | None]:
    model = FaceModel()
    model.load()

    def embed(rgb: np.ndarray) -> np.ndarray | None:
        faces = [f for f in model.detect(rgb) if f.confidence >= 0.8]
        return model.embed(rgb, faces[0]) if faces else None

    return embed


def dlib() -> Callable[[np.ndarray], np.ndarray | None]:
    import face_recognition

    def embed(rgb: np.ndarray) -> np.ndarray | None:
        boxes = face_recognition.face_locations(rgb, model="hog")
        if not boxes:
            return None
        largest = max(boxes, key=lambda b: (b[2] - b[0]) * (b[1] - b[3]))
        return np.asarray(face_recognition.face_encodings(rgb, [largest])[0], dtype=np.float32)

    return embed


Embed = Callable[[np.ndarray], np.ndarray | None]
Similarity = Callable[[np.ndarray, np.ndarray], float]


def evaluate(
    name: str, embed: Embed, similar: Similarity, threshold: float, data: list[tuple[str, str, np.ndarray]]
) -> None:
    vectors, spent, missed = [], [], []
    for file, person, rgb in data:
        embed(rgb)  # warm
        started = time.process_time()
        vector = embed(rgb)
        spent.append((time.process_time() - started) * 1000)
        if vector is None:
            missed.append(file)
        else:
            vectors.append((person, vector))
    same = [similar(a, b) for (pa, a), (pb, b) in itertools.combinations(vectors, 2) if pa == pb]
    different = [similar(a, b) for (pa, a), (pb, b) in itertools.combinations(vectors, 2) if pa != pb]
    fm = sum(s >= threshold for s in different)
    fnm = sum(s < threshold for s in same)
    print(
        f"| {name} | {len(vectors)}/{len(data)} (missed: {', '.join(missed) or 'none'}) | {threshold} "
        f"| {fm}/{len(different)} | {fnm}/{len(same)} | {min(same):.3f} / {max(different):.3f} "
        f"| {statistics.median(spent):.0f} |"
    )


def main() -> None:
    data = images()
    columns: tuple[str, ...] = ("model", "faces found", "threshold", "false matches", "false non-matches")
    columns += ("worst same / worst different", "CPU ms / image")
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|")
    evaluate("SFace int8 + YuNet (cosine)", sface(), lambda a, b: float(a @ b), MATCH_THRESHOLD, data)
    try:
        dlib_embed = dlib()
    except ModuleNotFoundError as exc:
        print(f"| dlib face_recognition | not installed ({exc.name}) | | | | | |")
        return
    # dlib's published rule: same person when the euclidean distance is below 0.6 (here negated).
    evaluate("dlib ResNet + HOG (-euclidean)", dlib_embed, lambda a, b: -float(np.linalg.norm(a - b)), -0.6, data)


if __name__ == "__main__":
    main()
