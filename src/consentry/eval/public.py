"""Adapters for the public prompt sets, so that ``consentry eval i2p`` (etc.) works on a data folder.

Each adapter reads the files as they are laid out in the development data folder
(``../shared/data``: one sub-folder per set, with its SOURCE.md) and gives every row a label
from ``consentry.eval.dataset.LABEL_EXPECTATIONS``. None of these sets names real people on
purpose, so they measure the sexual-content side (with adult content off, the default policy
denies sexual prompts) and over-blocking; the real-person side is measured by the dev set.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from consentry.errors import InputError
from consentry.eval.dataset import Dataset, Example

I2P_IMAGE_CAVEAT = (
    "I2P labels describe the IMAGES Stable Diffusion 1.4 made from a prompt (categories from the "
    "prompt's source search, nudity rate from NudeNet on 10 images), not the prompt's intent: many "
    "'sexual' or high-nudity prompts read as harmless, and many harmless-looking ones produced nudity."
)


def _rows(path: Path, delimiter: str = ",", prompt: str = "prompt") -> Iterator[dict[str, str]]:
    """The rows of a CSV/TSV file, skipping rows whose prompt is empty (a few I2P rows are)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file (is the data folder right? give --data-dir)", code="not_found")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=delimiter):
            if prompt not in row or (row[prompt] or "").strip():
                yield row


def _nudity_bucket(value: str) -> str:
    try:
        rate = float(value)
    except ValueError:
        return "unknown"
    if rate <= 0:
        return "0%"
    if rate < 50:
        return "10-40%"
    return "50-100%"


def _i2p_example(row: Mapping[str, str], prefix: str, extra_tags: Mapping[str, tuple[str, ...]] = {}) -> Example:
    categories = tuple(c.strip() for c in row.get("categories", "").split(",") if c.strip())
    label = "sexual" if "sexual" in categories else "other"
    case = row.get("case_number") or row.get("") or row.get("Unnamed: 0") or ""
    tags = {"category": categories, "nudity": (_nudity_bucket(row.get("nudity_percentage", "")),)}
    if row.get("hard") in ("0", "1"):
        tags["hard"] = (row["hard"],)
    tags.update(extra_tags)
    return Example(id=f"{prefix}-{case}", prompt=row["prompt"], label=label, tags=tags)


def load_i2p(data_dir: Path) -> Dataset:
    examples = tuple(_i2p_example(r, "i2p") for r in _rows(data_dir / "i2p" / "i2p_4703.csv"))
    return Dataset(
        "i2p",
        examples,
        "I2P: 4,703 real Lexica prompts in 7 categories; label 'sexual' where the categories include "
        "sexual, 'other' (no expectation) for the rest; tags: category, nudity rate bucket, hard.",
        (I2P_IMAGE_CAVEAT,),
    )


def load_unlearndiffatk(data_dir: Path) -> Dataset:
    folder = data_dir / "unlearndiffatk"
    examples: list[Example] = [_i2p_example(r, "nudity", {"subset": ("nudity",)}) for r in _rows(folder / "nudity.csv")]
    # The nudity subset is chosen for producing nudity reliably: every row is a hard positive.
    examples = [Example(e.id, e.prompt, label="sexual", tags=e.tags) for e in examples]
    for subset in ("illegal", "violence"):
        examples += [_i2p_example(r, subset, {"subset": (subset,)}) for r in _rows(folder / f"{subset}.csv")]
    for subset in ("church", "vangogh"):
        examples += [
            Example(f"{subset}-{r.get('case_number', i)}", r["prompt"], label="benign", tags={"subset": (subset,)})
            for i, r in enumerate(_rows(folder / f"{subset}.csv"))
        ]
    return Dataset(
        "unlearndiffatk",
        tuple(examples),
        "UnlearnDiffAtk: 142 I2P prompts that reliably produce nudity (label 'sexual', the hard positives), "
        "its illegal-activity and violence subsets (label from the I2P categories), and 100 benign "
        "style/object prompts (church, Van Gogh).",
        (I2P_IMAGE_CAVEAT,),
    )


def load_p4d(data_dir: Path) -> Dataset:
    folder = data_dir / "p4d"
    by_prompt: dict[str, Example] = {}
    for defence in ("esd", "sldMAX", "sldSTRONG", "std_neg"):
        for row in _rows(folder / f"unsafe-prompts-nudity_{defence}.csv"):
            seen = by_prompt.get(row["prompt"])
            if seen is not None:
                tags = dict(seen.tags)
                tags["defence"] = (*tags.get("defence", ()), defence)
                by_prompt[row["prompt"]] = Example(seen.id, seen.prompt, label=seen.label, tags=tags)
                continue
            example = _i2p_example(row, f"p4d-{defence}", {"defence": (defence,)})
            by_prompt[row["prompt"]] = Example(example.id, example.prompt, label="sexual", tags=example.tags)
    return Dataset(
        "p4d",
        tuple(by_prompt.values()),
        "P4D: I2P prompts that still produced nudity against a diffusion-side defence (ESD, SLD-MAX, "
        "SLD-STRONG, negative prompt); every distinct prompt is labelled 'sexual'; tag 'defence'.",
        (
            I2P_IMAGE_CAVEAT,
            "P4D's rows are selected by the images (nudity under a defence), so many prompts have no sexual "
            "wording at all; a prompt gate that only reads intent cannot and should not deny all of them.",
        ),
    )


def load_ringabell(data_dir: Path) -> Dataset:
    folder = data_dir / "ringabell_concept_prompts"
    examples: list[Example] = []
    for i, row in enumerate(_rows(folder / "Nudity_prompt.csv")):
        parts = [row.get(k, "") for k in ("nudity", "people", "clothes", "location")]
        prompt = " ".join(p.strip() for p in parts if p and p.strip() and p.strip() not in ("None", "nan"))
        case = row.get("case_number", i)
        examples.append(Example(f"nudity-{case}", prompt, label="sexual", tags={"pair": ("nudity",)}))
    for i, row in enumerate(_rows(folder / "NoNudity_prompt.csv")):
        case = row.get("case_number", i)
        examples.append(Example(f"nonudity-{case}", row["prompt"], label="benign", tags={"pair": ("no-nudity",)}))
    return Dataset(
        "ringabell",
        tuple(examples),
        "Ring-A-Bell concept prompts: 50 nudity template prompts (slots joined: nudity word, people, "
        "clothes, location; label 'sexual') and their 50 no-nudity counterparts (label 'benign').",
        (
            "Template text made to build a concept vector, not real traffic; a few 'nudity' rows say "
            "'wear clothes' or 'cover genitalia' and a few 'no-nudity' rows mention nudity in art.",
        ),
    )


def load_coco(data_dir: Path) -> Dataset:
    rows = _rows(data_dir / "coco_captions" / "coco_10k.csv")
    examples = tuple(
        Example(f"coco-{r.get('case_number') or r.get('image_id') or i}", r["prompt"], label="benign")
        for i, r in enumerate(rows)
    )
    return Dataset(
        "coco",
        examples,
        "COCO captions (10k): everyday scenes, many with 'a man' or 'a woman'; all 'benign' (false positives).",
        ("A handful of captions describe swimwear, beds or bathrooms; all are still benign prompts.",),
    )


def load_partiprompts(data_dir: Path) -> Dataset:
    rows = _rows(data_dir / "partiprompts" / "PartiPrompts.tsv", delimiter="\t", prompt="Prompt")
    examples = tuple(
        Example(
            f"parti-{i}",
            r["Prompt"],
            label="benign",
            tags={"category": (r.get("Category", ""),), "challenge": (r.get("Challenge", ""),)},
        )
        for i, r in enumerate(rows)
    )
    return Dataset(
        "partiprompts",
        examples,
        "PartiPrompts: 1,632 benign prompts in 12 categories (tags: category, challenge); false positives.",
        ("A few prompts name famous people or artworks (e.g. paintings); still benign.",),
    )


def load_nibbler(data_dir: Path) -> Dataset:
    rows = _rows(data_dir / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv")
    examples = tuple(
        Example(f"nibbler-{i}", r["prompt"], label="unlabelled", tags={"round": (r.get("source", "").split("/")[0],)})
        for i, r in enumerate(rows)
        if r.get("prompt", "").strip()
    )
    return Dataset(
        "nibbler",
        examples,
        "Adversarial Nibbler: ~15k prompts typed by red-teamers (rounds 1 and 4), unlabelled: only the deny "
        "rate is reported (how much realistic traffic is blocked).",
        ("Unlabelled; many are implicit or euphemistic attempts, many are harmless.",),
    )


PUBLIC_SETS: Mapping[str, Callable[[Path], Dataset]] = {
    "i2p": load_i2p,
    "unlearndiffatk": load_unlearndiffatk,
    "p4d": load_p4d,
    "ringabell": load_ringabell,
    "coco": load_coco,
    "partiprompts": load_partiprompts,
    "nibbler": load_nibbler,
}


def load_public_set(name: str, data_dir: str | Path) -> Dataset:
    """A public set by name from the data folder (``InputError`` naming the known sets otherwise)."""
    try:
        loader = PUBLIC_SETS[name]
    except KeyError:
        raise InputError(f"unknown set {name!r} (known: {', '.join(PUBLIC_SETS)})", field="dataset") from None
    folder = Path(data_dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: the data folder does not exist (give --data-dir)", code="not_found")
    return loader(folder)


def public_set_names() -> Iterable[str]:
    return PUBLIC_SETS.keys()
