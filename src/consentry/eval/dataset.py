"""Labelled examples for ``consentry eval``: reading JSONL/CSV files and what each label expects.

A row has a ``prompt`` (required), an optional ``negative_prompt``, optional image paths
(``input_images`` / ``output_images``: a list in JSONL, ``;``-separated in CSV, relative to the
file), a ``label`` and/or an ``expected`` verdict, an ``id``, and tags: a ``tags`` object, or
else every other text column with few distinct values (``tier``, ``op``, a category...).

What a label expects (``expected_verdict``), with the adult-content setting of the run:

=================  ================  ===============  ==========================================
label              adult off         adult on         meaning
=================  ================  ===============  ==========================================
``ncii``           deny              deny             sexual + a real person, under every policy
``minor_sexual``   deny              deny             sexual + a minor
``adult``          deny              allow            sexual, no real person (operator's choice)
``sexual``         deny              allow            the same, for the public sets' nudity labels
``person_benign``  allow             allow            a real person, nothing sexual
``benign``         allow             allow            nothing of concern
``other``          (none)            (none)           unsafe in a way Consentry does not judge
``unlabelled``     (none)            (none)           no label: only the rates are reported
=================  ================  ===============  ==========================================

An ``expected`` column (``allow``, ``deny`` or ``review``) overrides the label. A row whose
expectation is none counts in the per-label rates but not in recall, precision or FPR.
A verdict of ``review`` counts as flagged (not allowed) for recall and FPR; it is reported apart.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from consentry.errors import InputError
from consentry.jsonl import read_jsonl

Expected = Literal["allow", "deny", "review"]
EXPECTED_VALUES: tuple[str, ...] = ("allow", "deny", "review")

# label -> (expected with adult content off, expected with adult content on)
LABEL_EXPECTATIONS: Mapping[str, tuple[Expected | None, Expected | None]] = {
    "ncii": ("deny", "deny"),
    "minor_sexual": ("deny", "deny"),
    "adult": ("deny", "allow"),
    "sexual": ("deny", "allow"),
    "person_benign": ("allow", "allow"),
    "benign": ("allow", "allow"),
    "other": (None, None),
    "unlabelled": (None, None),
}
# How bad a miss of each label is (worst misses are listed in this order).
LABEL_SEVERITY: Mapping[str, int] = {"ncii": 0, "minor_sexual": 0, "adult": 2, "sexual": 2}

_KNOWN_FIELDS = frozenset(
    {"id", "prompt", "negative_prompt", "label", "expected", "tags", "input_images", "output_images", "images"}
)
MAX_AUTO_TAG_VALUES = 50


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled request. ``tags`` map a tag name to one or more values (I2P rows have several categories)."""

    id: str
    prompt: str
    negative_prompt: str = ""
    label: str = "unlabelled"
    expected: Expected | None = None
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    input_images: tuple[Path, ...] = ()
    output_images: tuple[Path, ...] = ()

    def expectation(self, adult: bool) -> Expected | None:
        """The verdict this example should get with adult content on/off (None: no expectation)."""
        if self.expected is not None:
            return self.expected
        return expected_verdict(self.label, adult)


def expected_verdict(label: str, adult: bool) -> Expected | None:
    """What ``label`` expects with adult content on or off; unknown labels expect nothing."""
    off, on = LABEL_EXPECTATIONS.get(label, (None, None))
    return on if adult else off


@dataclass(frozen=True, slots=True)
class Dataset:
    """A named list of examples, with what its labels mean and their caveats (for the report)."""

    name: str
    examples: tuple[Example, ...]
    description: str = ""
    caveats: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.examples)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({e.label for e in self.examples}, key=_label_order))

    def only(self, ids: Iterable[str], why: str = "listed") -> Dataset:
        """The examples whose id is in ``ids`` (in the dataset's order)."""
        wanted = set(ids)
        chosen = tuple(e for e in self.examples if e.id in wanted)
        if not chosen:
            raise InputError("no example of the dataset has one of the listed ids", field="ids")
        return Dataset(f"{self.name}[{why} {len(chosen)}]", chosen, self.description, self.caveats)

    def sample(self, size: int | None) -> Dataset:
        """A deterministic sample of about ``size`` examples, stratified by label (evenly spaced rows)."""
        if size is None or size >= len(self.examples):
            return self
        if size <= 0:
            raise InputError("the sample size must be positive", field="sample")
        by_label: dict[str, list[Example]] = defaultdict(list)
        for example in self.examples:
            by_label[example.label].append(example)
        chosen: list[Example] = []
        for rows in by_label.values():
            take = max(1, round(size * len(rows) / len(self.examples)))
            step = len(rows) / take
            chosen.extend(rows[int(i * step)] for i in range(min(take, len(rows))))
        order = {id(e): i for i, e in enumerate(self.examples)}
        chosen.sort(key=lambda e: order[id(e)])
        return Dataset(f"{self.name}[sample {len(chosen)}]", tuple(chosen), self.description, self.caveats)


def _label_order(label: str) -> tuple[int, str]:
    known = list(LABEL_EXPECTATIONS)
    return (known.index(label) if label in known else len(known), label)


def _as_paths(value: Any, base: Path, where: str) -> tuple[Path, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(";")
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise InputError(f"{where}: image paths must be a list or ';'-separated text", field="images")
    paths = []
    for item in items:
        text = str(item).strip()
        if text:
            path = Path(text)
            paths.append(path if path.is_absolute() else base / path)
    return tuple(paths)


def _as_tag_values(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if str(v) != "")
    return (str(value),)


def examples_from_rows(
    rows: Sequence[Mapping[str, Any]], *, source: str, base: Path, tags: Sequence[str] | None = None
) -> tuple[Example, ...]:
    """Examples from parsed rows. ``tags``: the columns to use as tags (default: chosen automatically)."""
    if tags is None:
        tags = _auto_tags(rows)
    examples: list[Example] = []
    for number, row in enumerate(rows, start=1):
        where = f"{source}: row {number}"
        prompt = row.get("prompt")
        if not isinstance(prompt, str):
            raise InputError(f"{where}: 'prompt' is missing or not text", field="prompt")
        negative = row.get("negative_prompt") or ""
        if not isinstance(negative, str):
            raise InputError(f"{where}: 'negative_prompt' must be text", field="negative_prompt")
        label = str(row.get("label") or "unlabelled").strip()
        expected_raw = row.get("expected") or row.get("verdict")
        expected: Expected | None = None
        if expected_raw not in (None, ""):
            text = str(expected_raw).strip().lower()
            if text not in EXPECTED_VALUES:
                raise InputError(f"{where}: expected must be allow, deny or review, not {expected_raw!r}")
            expected = text  # type: ignore[assignment]
        row_tags: dict[str, tuple[str, ...]] = {}
        explicit = row.get("tags")
        if isinstance(explicit, Mapping):
            row_tags.update({str(k): _as_tag_values(v) for k, v in explicit.items()})
        for name in tags:
            if name in row and name not in row_tags:
                row_tags[name] = _as_tag_values(row[name])
        inputs = _as_paths(row.get("input_images") or row.get("images"), base, where)
        outputs = _as_paths(row.get("output_images"), base, where)
        examples.append(
            Example(
                id=str(row.get("id") or number),
                prompt=prompt,
                negative_prompt=negative,
                label=label,
                expected=expected,
                tags={k: v for k, v in row_tags.items() if v},
                input_images=inputs,
                output_images=outputs,
            )
        )
    return tuple(examples)


def _auto_tags(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Text columns outside the known fields with 2..50 distinct values (``tier``, ``op``; not ``name``)."""
    values: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for key, value in row.items():
            if key in _KNOWN_FIELDS or not isinstance(value, str | int | bool) or isinstance(value, float):
                continue
            bucket = values[key]
            if len(bucket) <= MAX_AUTO_TAG_VALUES:
                bucket.add(str(value))
    return [k for k, v in values.items() if 2 <= len(v) <= MAX_AUTO_TAG_VALUES]


def read_ids(path: str | Path) -> list[str]:
    """Example ids listed in a text file, one a line (``#`` starts a comment)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the ids file {path}: {exc.strerror or exc}", field="ids") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_dataset(path: str | Path, *, tags: Sequence[str] | None = None) -> Dataset:
    """A labelled JSONL or CSV/TSV file as a Dataset (precise errors for malformed rows)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file", field="dataset", code="not_found")
    suffix = p.suffix.lower()
    rows: list[Mapping[str, Any]] = []
    try:
        if suffix in (".jsonl", ".ndjson", ".json"):
            rows.extend(read_jsonl(p))
        elif suffix in (".csv", ".tsv"):
            with p.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")
                if reader.fieldnames is None or "prompt" not in reader.fieldnames:
                    raise InputError(f"{p}: needs a 'prompt' column (have: {reader.fieldnames})")
                rows.extend(dict(r) for r in reader)
        else:
            raise InputError(f"{p}: expected a .jsonl or .csv file")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not valid UTF-8 (byte {exc.start})") from None
    if not rows:
        raise InputError(f"{p}: no rows")
    examples = examples_from_rows(rows, source=str(p), base=p.parent, tags=tags)
    return Dataset(p.stem, examples)


def label_counts(examples: Iterable[Example]) -> Counter[str]:
    return Counter(e.label for e in examples)
