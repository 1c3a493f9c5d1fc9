"""Train the sexual-intent model and write src/consentry/text/data/sexual_model.npz.

    python training/train_sexual.py [path/to/shared]

Needs the dev extra (scikit-learn, scipy) and ../shared. Deterministic: the split is fixed by
a hash of each prompt and the solver is seeded. Prints the held-out confusion of the model
alone; ``training/eval_sexual.py`` compares the whole detector with the published classifiers.
"""

from __future__ import annotations

import hashlib
import io
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sexual_data import Row, build_rows

from consentry.text.features import hashed_features
from consentry.text.lexicon import Lexicon, load_terms
from consentry.text.normalize import normalize
from consentry.text.people_index import PeopleIndex
from consentry.text.person import PeopleMatcher
from consentry.text.sexual import LEXICON_FILE, MODEL_FILE, NAME_MASK_MIN_SCORE, blank_spans

BITS = 17
C = 0.5
# Weight of each grade in the loss: positives are rarer than benign prompts.
CLASS_WEIGHT = {0: 1.0, 1: 2.0, 2: 3.0, 3: 3.0}
OUT = Path(__file__).resolve().parents[1] / "src" / "consentry" / "text" / "data" / MODEL_FILE


def named_spans(row: Row, matcher: PeopleMatcher) -> list[tuple[int, int]]:
    """The people the person detector finds in the row (score >= 0.5), in normalized offsets."""
    n = normalize(row.original)
    if n.text != row.text:
        return []
    return [
        (n.from_original(m.start), n.from_original(m.end))
        for m in matcher.find(row.original, n)
        if m.score >= NAME_MASK_MIN_SCORE
    ]


def matrix(rows: list[Row], lexicon: Lexicon, matcher: PeopleMatcher) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for row in rows:
        _, masked = lexicon.scan(row.text)
        ids = hashed_features(blank_spans(row.text, [*masked, *named_spans(row, matcher)]), BITS)
        indices.append(ids)
        values.append(np.full(len(ids), 1.0 / np.sqrt(max(len(ids), 1)), dtype=np.float32))
        indptr.append(indptr[-1] + len(ids))
    x = sparse.csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.asarray(indptr)), shape=(len(rows), 1 << BITS)
    )
    x.sum_duplicates()
    return x


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared"
    started = time.time()
    rows = build_rows(shared)
    lexicon = Lexicon(load_terms(LEXICON_FILE))
    train = [r for r in rows if r.split == "train"]
    test = [r for r in rows if r.split == "test"]
    matcher = PeopleMatcher(PeopleIndex.load())
    x_train, x_test = matrix(train, lexicon, matcher), matrix(test, lexicon, matcher)
    y_train = np.array([r.grade for r in train])
    y_test = np.array([r.grade for r in test])
    print(f"{len(train)} training rows, {len(test)} held-out rows ({time.time() - started:.0f}s)")
    model = LogisticRegression(C=C, max_iter=2000, class_weight=CLASS_WEIGHT, random_state=0)
    model.fit(x_train, y_train)
    predicted = model.predict(x_test)
    print("held-out confusion (rows: true grade 0..3, columns: predicted):")
    for g in range(4):
        print(g, [int(((y_test == g) & (predicted == p)).sum()) for p in range(4)])
    weights = model.coef_.T.astype(np.float16)  # (buckets, grades)
    bias = model.intercept_.astype(np.float32)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, weights=weights, bias=bias, bits=np.int64(BITS))
    OUT.write_bytes(buffer.getvalue())
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.name}: {OUT.stat().st_size} bytes, sha256 {digest} ({time.time() - started:.0f}s)")


if __name__ == "__main__":
    main()
