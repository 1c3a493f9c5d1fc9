"""Image-gate quality on public-domain images and on images made in code.

1. Face verification: every pair of faces from the public-domain photos of two officials
   (same person / different person) plus the faces in four public-domain paintings (each
   counted as a different person), at the chosen threshold: false match and false non-match.
2. Photo vs drawing: photos with faces, drawings made from them in code (stylised, cartoon,
   oil-paint, colour pencil) and paintings: how often ``face.photo`` scores >= 0.5.
3. Nudity grades: the public-domain artworks, versions of them made in code (small in a large
   canvas, cartoon, stylised, JPEG), and synthetic images without people, for each recall
   measure (none / people / tiles / large) and each backend alone; with the time each took.

Run: python benchmarks/eval_image.py  (needs ../shared and the image + nudenet extras)
No image is written anywhere: everything is made in memory.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.image_support import cartoon, encode, synthetic

from consentry import CheckRequest, ImageInput
from consentry.detectors.base import Context
from consentry.image.decode import decode_rgb
from consentry.image.face_detector import MATCH_THRESHOLD
from consentry.image.faces import FaceModel
from consentry.image.nudity import NudityDetector
from consentry.image.photo import photo_score

SHARED = Path(os.environ.get("CONSENTRY_SHARED", Path(__file__).resolve().parents[2] / "shared"))
FACES = SHARED / "data" / "faces_face_recognition_examples" / "images"
ART = SHARED / "data" / "art_public_domain"

# One known person per photo (the largest face); group photos are left out (no per-face labels).
PEOPLE = {
    "obama.jpg": "obama",
    "obama2.jpg": "obama",
    "obama_small.jpg": "obama",
    "knn_test_obama1.jpg": "obama",
    "test_obama3.jpg": "obama",
    "test_obama_partial_face.jpg": "obama",
    "biden.jpg": "biden",
    "knn_train_biden_biden2.jpg": "biden",
}


def drawings(rgb: np.ndarray) -> dict[str, np.ndarray]:
    import cv2

    small = cv2.resize(rgb, (rgb.shape[1] // 2, rgb.shape[0] // 2), interpolation=cv2.INTER_AREA)
    _, pencil = cv2.pencilSketch(small, sigma_s=60, sigma_r=0.07, shade_factor=0.05)
    return {
        "stylised": cv2.stylization(small, sigma_s=60, sigma_r=0.45),
        "cartoon": cartoon(small),
        "oil-paint": cv2.edgePreservingFilter(small, flags=1, sigma_s=60, sigma_r=0.4),
        "colour pencil": pencil,
    }


def grey(rgb: np.ndarray) -> np.ndarray:
    import cv2

    return np.repeat(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)[:, :, None], 3, axis=2)


def faces_section(model: FaceModel) -> None:
    embeddings: list[tuple[str, str, np.ndarray]] = []
    for name, person in PEOPLE.items():
        rgb = decode_rgb((FACES / name).read_bytes())
        face = model.detect(rgb)[0]
        embeddings.append((name, person, model.embed(rgb, face)))
    for path in sorted(ART.glob("*.jpg")):
        rgb = decode_rgb(path.read_bytes())
        for i, face in enumerate(model.detect(rgb)):
            if face.confidence >= 0.8:
                embeddings.append((f"{path.name}#{i}", f"{path.stem}#{i}", model.embed(rgb, face)))
    same: list[tuple[float, str, str]] = []
    different: list[tuple[float, str, str]] = []
    for (a, pa, ea), (b, pb, eb) in itertools.combinations(embeddings, 2):
        (same if pa == pb else different).append((float(ea @ eb), a, b))
    print("## Face verification (SFace int8, YuNet, public-domain photos and paintings)\n")
    print(f"faces: {len(embeddings)}; same-person pairs: {len(same)}; different-person pairs: {len(different)}\n")
    print("| threshold | false match rate | false non-match rate |")
    print("|---|---|---|")
    for threshold in (0.30, 0.363, 0.40, MATCH_THRESHOLD, 0.50, 0.55):
        fmr = sum(s >= threshold for s, _, _ in different) / len(different)
        fnmr = sum(s < threshold for s, _, _ in same) / len(same)
        mark = " (chosen)" if threshold == MATCH_THRESHOLD else ""
        print(f"| {threshold:.3f}{mark} | {fmr:.3f} ({round(fmr * len(different))}/{len(different)}) "
              f"| {fnmr:.3f} ({round(fnmr * len(same))}/{len(same)}) |")  # fmt: skip
    print()
    print(f"same-person cosine: min {min(same)[0]:.3f} ({min(same)[1]} / {min(same)[2]}), "
          f"median {np.median([s for s, _, _ in same]):.3f}")  # fmt: skip
    print(f"different-person cosine: max {max(different)[0]:.3f} ({max(different)[1]} / {max(different)[2]}), "
          f"median {np.median([s for s, _, _ in different]):.3f}\n")  # fmt: skip


def photo_section(model: FaceModel) -> None:
    rows: dict[str, list[float]] = {}
    missed_faces: dict[str, int] = {}

    def score(kind: str, rgb: np.ndarray) -> None:
        found = [f for f in model.detect(rgb) if f.confidence >= 0.8]
        if not found:
            missed_faces[kind] = missed_faces.get(kind, 0) + 1
            return
        f = found[0]
        rows.setdefault(kind, []).append(photo_score(rgb, (f.x0, f.y0, f.x1, f.y1)).score)

    for path in sorted(FACES.glob("*.jpg")):
        rgb = decode_rgb(path.read_bytes())
        score("photo", rgb)
        score("black-and-white photo", grey(rgb))
        for kind, drawn in drawings(rgb).items():
            score(f"drawing: {kind}", drawn)
            score(f"black-and-white drawing: {kind}", grey(drawn))
    for path in sorted(ART.glob("*.jpg")):
        rgb = decode_rgb(path.read_bytes())
        for kind, image in (("painting", rgb), ("black-and-white painting", grey(rgb))):
            for f in model.detect(image):
                if f.confidence >= 0.8:
                    rows.setdefault(kind, []).append(photo_score(image, (f.x0, f.y0, f.x1, f.y1)).score)
    print("## Photo or drawing (face.photo >= 0.5 means 'photo')\n")
    print("| images | with a face | called photo | median score |")
    print("|---|---|---|---|")
    for kind, scores in sorted(rows.items(), key=lambda item: ("black" in item[0], item[0] != "photo", item[0])):
        photos = sum(s >= 0.5 for s in scores)
        print(f"| {kind} | {len(scores)} (+{missed_faces.get(kind, 0)} no face) | {photos}/{len(scores)} "
              f"| {np.median(scores):.2f} |")  # fmt: skip
    print()


def art_variants() -> dict[str, tuple[str, np.ndarray]]:
    """name -> (label, image): artworks, versions made in code, synthetic images."""
    import cv2

    out: dict[str, tuple[str, np.ndarray]] = {}
    labels = {"birth_of_venus": "nude", "raft_of_medusa": "partial", "mona_lisa": "none", "school_of_athens": "none"}
    for stem, label in labels.items():
        rgb = decode_rgb((ART / f"{stem}.jpg").read_bytes())
        out[stem] = (label, rgb)
        h, w = rgb.shape[:2]
        canvas = np.full((h * 2, w * 2, 3), 235, dtype=np.uint8)
        canvas[h // 2 : h // 2 + h, w // 2 : w // 2 + w] = rgb
        out[f"{stem} small in a 2x canvas"] = (label, canvas)
        small = cv2.resize(rgb, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        out[f"{stem} cartoon"] = (label, cartoon(small))
        out[f"{stem} stylised"] = (label, cv2.stylization(small, sigma_s=60, sigma_r=0.45))
        out[f"{stem} JPEG q20"] = (label, decode_rgb(encode(rgb, "JPEG", quality=20)))
    for kind in ("flat", "gradient", "noise", "stripes", "skin"):
        out[f"synthetic {kind}"] = ("none", synthetic(kind, 512))
    for path in sorted(FACES.glob("*.jpg"))[:4]:
        out[f"photo {path.stem}"] = ("none", decode_rgb(path.read_bytes()))
    return out


def nudity_section() -> None:
    configs = {
        "both, whole image only": NudityDetector(second_pass="none"),
        "both + people crops (default)": NudityDetector(second_pass="people"),
        "both + 3x3 tiles": NudityDetector(second_pass="tiles"),
        "both + 640 px pass": NudityDetector(second_pass="large"),
        "NudeNet alone, whole image": NudityDetector(["nudenet"], second_pass="none"),
        "NudeNet alone + people crops": NudityDetector(["nudenet"], second_pass="people"),
        "open_nsfw alone": NudityDetector(["opennsfw"], second_pass="none"),
        "open_nsfw alone + people crops": NudityDetector(["opennsfw"], second_pass="people"),
    }
    for detector in configs.values():
        detector.load()
    images = art_variants()
    results: dict[str, dict[str, tuple[float, float, float, float]]] = {}
    for name, (_, rgb) in images.items():
        request = CheckRequest("x", output_images=[ImageInput(encode(rgb, "PNG"), role="output")])
        for config, detector in configs.items():
            context = Context(request)
            started = time.process_time()
            findings = detector.detect(context)
            spent = (time.process_time() - started) * 1000.0
            grade = {f.kind: f.score for f in findings if f.reason.startswith("image_grade")}
            results.setdefault(config, {})[name] = (
                grade.get("nudity.nude", 0.0),
                grade.get("nudity.explicit", 0.0),
                grade.get("nudity.suggestive", 0.0),
                spent,
            )
    print("## Nudity: recall measures side by side (nudity.nude >= 0.5 counts as 'nude')\n")
    positives = [n for n, (label, _) in images.items() if label == "nude"]
    negatives = [n for n, (label, _) in images.items() if label == "none"]
    partial = [n for n, (label, _) in images.items() if label == "partial"]
    print("| configuration | nude art found | partial (male) nudity found | false nude on controls | "
          "controls graded suggestive | CPU ms / image (median) |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for config, per in results.items():
        tp = sum(per[n][0] >= 0.5 for n in positives)
        pp = sum(per[n][0] >= 0.5 for n in partial)
        fp = sum(per[n][0] >= 0.5 for n in negatives)
        fs = sum(per[n][2] >= 0.5 for n in negatives)
        ms = float(np.median([v[3] for v in per.values()]))
        print(f"| {config} | {tp}/{len(positives)} | {pp}/{len(partial)} | {fp}/{len(negatives)} "
              f"| {fs}/{len(negatives)} | {ms:.0f} |")  # fmt: skip
    print("\nPer image, nudity.nude score (default configuration vs whole image only):\n")
    print("| image | label | whole image | people crops | tiles | 640 px |")
    print("|---|---|---|---|---|---|")
    for name, (label, _) in images.items():
        cells = [results[c][name][0] for c in list(configs)[:4]]
        print(f"| {name} | {label} | " + " | ".join(f"{v:.2f}" for v in cells) + " |")
    print()


def main() -> None:
    if not SHARED.is_dir():
        raise SystemExit(f"needs the development data at {SHARED}")
    import cv2

    cv2.setNumThreads(1)
    model = FaceModel()
    model.load()
    faces_section(model)
    photo_section(model)
    nudity_section()


if __name__ == "__main__":
    main()
