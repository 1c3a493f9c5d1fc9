"""Build the people index from the people lists (``consentry people build``).

Build time only: it reads the source lists, merges people by their normalized name, derives
the aliases people really write (short forms, surname first, initial + surname, stage names
with their group, handles, other scripts, Spanish forms), grades how ambiguous each alias is
with word-frequency data (``wordfreq``, optional word list), and writes the index folder
(``people_store``: sorted text files and uint32 arrays that git stores as small deltas) that
``consentry.text.people_index`` loads in well under a second, with a stamp of what it read
(``stamp.json``: the sha256 of every input file and of the build's code) so that
``consentry people build`` rebuilds only when an input changed. The format is documented in
docs/detectors/person.md.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from consentry.errors import MissingExtraError
from consentry.text import people_store
from consentry.text.normalize import normalize
from consentry.text.people_sources import SOURCES, RawPerson, read_characters, read_wikidata, recording

STAMP = "stamp.json"
# the code whose change calls for a rebuild, with people_store.FORMAT (the layout the loader reads).
# The normalizer is not in it: it changes often without changing how names read; after a change
# that does, rebuild with --force.
BUILD_CODE = ("people_build.py", "people_sources.py")

WORD_LIST = Path(__file__).resolve().parent / "data" / "english_words.txt.gz"
TIERS = ("top", "mid", "current", "tail")  # most famous first

# Alias kinds (one letter in the file):
KINDS = {
    "full": "F",  # the canonical name
    "short": "S",  # a shorter form: first + last, a source's short name ("L. Messi")
    "reversed": "R",  # surname first ("Swift Taylor", "Kim Taeyeon" <-> "Taeyeon Kim")
    "initial": "I",  # initial + surname ("T. Swift")
    "nickname": "N",  # nickname + surname ("Bernie Sanders")
    "spanish": "E",  # the Spanish Wikipedia title
    "alias": "A",  # an alias from a Wikidata-style export
    "handle": "H",  # a social handle ("pokimane", "taeyeon_ss")
    "stage_group": "G",  # "Jisoo of Blackpink", "Blackpink Jisoo", "Blackpink's Jisoo"
    "stage": "T",  # a stage name alone: needs its group elsewhere in the prompt, or stands weak
    "script": "K",  # the name in another script (Hangul)
    "script_stage": "L",  # a stage name in another script: weak alone, like a stage name
    "mononym": "M",  # a one-word canonical name ("Rihanna")
}
KIND_NAMES = {v: k for k, v in KINDS.items()}

# Ambiguity grades (one letter): how much evidence a match needs.
#   d  distinct: not an ordinary word or phrase
#   w  ordinary words: every token is an ordinary English word ("Will Smith", "Pink", "Tomato")
#   g  a common given name on its own ("Jennie", "Lisa")
#   c  also the name of a fictional character
AMBIGUITY = ("d", "w", "g", "c")

_STOPWORDS = frozenset({"the", "a", "an", "and", "of", "in", "on", "at", "to", "for", "with", "by", "my"})
_SUFFIX = re.compile(r",?\s+(jr\.?|sr\.?|ii|iii|iv|v|phd|md)$", re.IGNORECASE)


@dataclass(slots=True)
class Person:
    key: str
    name: str
    tier: str
    popularity: float
    sources: set[str] = field(default_factory=set)
    external_ids: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # raw alias -> kind
    groups: list[str] = field(default_factory=list)
    stage_names: list[str] = field(default_factory=list)
    mononym_ok: bool = False


@lru_cache(maxsize=1 << 20)
def tokens_of(text: str) -> tuple[str, ...]:
    """The normalized tokens of a name (empty when it spans a phrase boundary)."""
    words = normalize(text).text.split(" ")
    if "," in words or not words or words == [""]:
        return ()
    return tuple(words)


def _name_forms(name: str) -> list[tuple[str, str]]:
    """Aliases derived from a name's words."""
    forms: list[tuple[str, str]] = []
    base = _SUFFIX.sub("", name).strip()
    if any(len(w.strip(".")) <= 1 for w in base.split()):
        return forms  # "C. Ross", "Jun. K": no reordering of initials
    if base != name and len(base.split()) >= 2:
        forms.append((base, "short"))
    words = base.split()
    if words and words[0].lower() in _STOPWORDS:
        return forms  # "The Notorious B.I.G." is not "The B.I.G."
    if len(words) >= 3:
        forms.append((f"{words[0]} {words[-1]}", "short"))
    if len(words) >= 2:
        forms.append((f"{words[-1]} {' '.join(words[:-1])}", "reversed"))
        if len(words) >= 3:
            forms.append((f"{words[-1]} {words[0]}", "reversed"))
    return forms


def _merge(records: Iterable[RawPerson], log: Callable[[str], None]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for raw in records:
        name = re.sub(r"\s+", " ", raw.name).strip()
        tokens = tokens_of(name)
        if not tokens or len("".join(tokens)) < 2:
            continue
        key = "".join(tokens)
        person = people.get(key)
        if person is None:
            person = people[key] = Person(key=key, name=name, tier=raw.tier, popularity=raw.popularity)
        else:
            if TIERS.index(raw.tier) < TIERS.index(person.tier):
                person.tier = raw.tier
            person.popularity = max(person.popularity, raw.popularity)
            if name != person.name:
                person.aliases.setdefault(name, "full")  # "ellen degeneres" beside "Ellen DeGeneres"
            if person.name.islower() and not name.islower():
                person.name = name  # prefer a properly cased spelling
        person.sources.add(raw.source)
        if raw.external_id:
            person.external_ids.add(raw.external_id)
        person.mononym_ok = person.mononym_ok or raw.mononym_ok
        for alias, kind in raw.aliases:
            person.aliases.setdefault(alias, kind)
        for group in raw.groups:
            if group not in person.groups:
                person.groups.append(group)
        for stage in raw.stage_names:
            if stage not in person.stage_names:
                person.stage_names.append(stage)
    log(f"merged into {len(people)} people")
    return people


class WordData:
    """Word frequencies at build time: which tokens are ordinary words."""

    def __init__(self, word_list: Path | None, name_tokens: Counter[str]) -> None:
        try:
            from wordfreq import top_n_list, zipf_frequency
        except ModuleNotFoundError:
            raise MissingExtraError("building the people index", "build", "wordfreq") from None
        self._zipf = zipf_frequency
        self.dictionary: set[str] | None = None
        self.proper: set[str] = set()  # capitalized dictionary entries: Madonna, Venus, Aristotle
        if word_list is None:
            word_list = WORD_LIST
        if word_list.is_file():
            raw = word_list.read_bytes()
            if word_list.suffix == ".gz":
                raw = gzip.decompress(raw)
            lines = [w.strip() for w in raw.decode("utf-8", "replace").splitlines() if w and not w.startswith("#")]
            self.dictionary = {w for w in lines if w.islower()}
            self.proper = {w.lower() for w in lines if w[:1].isupper() and w[1:].islower()}
        self.name_tokens = name_tokens
        self.common_words = {w for w in top_n_list("en", 30000) if w.isalpha()}
        self.frequent_words = {w for w in top_n_list("en", 100000) if w.isalpha() and w.isascii()}
        self._cache: dict[str, bool] = {}

    def zipf(self, token: str) -> float:
        return float(self._zipf(token, "en"))

    def ordinary(self, token: str) -> bool:
        """An ordinary English word (not only a name)."""
        hit = self._cache.get(token)
        if hit is None:
            zipf = self.zipf(token)
            if self.dictionary is not None:
                hit = (token in self.dictionary and zipf >= 2.5) or (zipf >= 5.0 and self.name_tokens[token] < 50)
            else:
                hit = zipf >= 3.5 and self.name_tokens[token] < 30
            hit = hit or len(token) == 1
            self._cache[token] = hit
        return hit

    def runtime_words(self) -> set[str]:
        """The ordinary words the matcher needs at run time (no wordfreq then)."""
        words = {w for w in self.common_words if self.ordinary(w)}
        if self.dictionary is not None:
            words |= {w for w in self.dictionary if w.isalpha() and w.isascii() and self.zipf(w) >= 2.5}
        return words


@dataclass(slots=True)
class Entry:
    person: int
    kind: str
    ambiguity: str
    spaced: str  # the alias's normalized tokens, space-separated


def build_index(
    data_dir: Path | None,
    out: Path,
    *,
    wikidata: Iterable[Path] = (),
    word_list: Path | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, int]:
    started = time.perf_counter()
    check_folder(out)
    wikidata = list(wikidata)
    records: list[RawPerson] = []
    inputs: list[str] = []
    with recording() as files_read:
        if data_dir is not None:
            for name, reader in SOURCES.items():
                try:
                    batch = list(reader(data_dir))
                except FileNotFoundError as exc:
                    log(f"skipped source {name}: {exc.filename} is missing")
                    continue
                log(f"read {len(batch):>7} records from {name}")
                records.extend(batch)
                inputs.append(name)
        for path in wikidata:
            batch = list(read_wikidata(path))
            log(f"read {len(batch):>7} records from {path.name}")
            records.extend(batch)
            inputs.append(path.name)
        characters: set[str] = set()
        if data_dir is not None:
            with contextlib.suppress(FileNotFoundError):
                characters = {"".join(t) for t in map(tokens_of, read_characters(data_dir)) if len(t) >= 1}
    people = _merge(records, log)
    # a character that is also a person of a curated list (a cameo "as himself") is the person
    characters -= {key for key, p in people.items() if p.tier in ("top", "mid")}
    ordered = sorted(people.values(), key=lambda p: (TIERS.index(p.tier), -p.popularity, p.key))

    first_tokens: Counter[str] = Counter()
    name_tokens: Counter[str] = Counter()
    for person in ordered:
        tokens = tokens_of(person.name)
        if len(tokens) >= 2:
            first_tokens[tokens[0]] += 1
        name_tokens.update(tokens)
    words = WordData(word_list, name_tokens)

    entries: dict[str, list[Entry]] = defaultdict(list)
    ids: list[str] = []
    used_ids: set[str] = set()
    for index, person in enumerate(ordered):
        ids.append(_unique_id(person, used_ids))
        for raw, raw_kind in _aliases_of(person):
            kind = raw_kind
            tokens = tokens_of(raw)
            if not tokens:
                continue
            joined = "".join(tokens)
            if len(joined) < 3 and kind not in ("script", "script_stage"):
                continue
            if len(tokens) == 1 and kind in ("full", "short", "spanish", "alias") and not person.mononym_ok:
                continue  # a one-word title from a long list ("Eliel") is too weak alone
            ambiguity = _ambiguity(tokens, kind, words, first_tokens, joined in characters, person.tier)
            if kind == "full" and len(tokens) == 1:
                kind = "mononym"
            elif kind == "full" and " " not in raw.strip():
                kind = "handle"  # "AsmodaiTV", "A_Seagull": one word written as several
            if kind in ("mononym", "handle") and len(tokens) == 1 and person.tier not in ("top", "mid"):
                ambiguity = "w" if ambiguity == "d" and words.zipf(tokens[0]) >= 2.0 else ambiguity
            letter = KINDS[kind]
            entry = Entry(index, letter, ambiguity, " ".join(tokens))
            bucket = entries[joined]
            if any(e.person == index and e.spaced == entry.spaced for e in bucket):
                continue
            bucket.append(entry)
    runtime_words = words.runtime_words()
    count = _write(out, ordered, ids, entries, runtime_words, words.frequent_words, characters, inputs)
    stamp = input_stamp(data_dir, [p for p in files_read if p not in wikidata], wikidata, word_list)
    (out / STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    stats = {
        "people": len(ordered),
        "alias_keys": len(entries),
        "alias_entries": count,
        "words": len(runtime_words),
        "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
        "seconds": round(time.perf_counter() - started),
    }
    log(" ".join(f"{k}={v}" for k, v in stats.items()))
    return stats


def _unique_id(person: Person, used: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(tokens_of(person.name))).strip("-")
    if not slug or not slug.isascii():
        slug = "p" + hashlib.sha1(person.key.encode("utf-8")).hexdigest()[:10]
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


def _aliases_of(person: Person) -> Iterator[tuple[str, str]]:
    yield person.name, "full"
    yield from _name_forms(person.name)
    words = _SUFFIX.sub("", person.name).split()
    if len(words) >= 2 and (person.tier in ("top", "mid") or person.popularity >= 0.5):
        yield f"{words[0][0]}. {words[-1]}", "initial"
        if len(words) >= 3:
            yield f"{words[0][0]}. {' '.join(words[1:])}", "initial"  # "J. Love Hewitt", "M. van Basten"
    for alias, kind in person.aliases.items():
        yield alias, kind
        if kind in ("short", "nickname", "spanish", "alias"):
            yield from ((a, "reversed") for a, k in _name_forms(alias) if k == "reversed")
    for stage in person.stage_names:
        yield stage, "stage"
        for group in person.groups:
            yield f"{stage} of {group}", "stage_group"
            yield f"{group} {stage}", "stage_group"
            yield f"{stage} {group}", "stage_group"
            yield f"{group}'s {stage}", "stage_group"


def _ambiguity(
    tokens: tuple[str, ...], kind: str, words: WordData, first_tokens: Counter[str], character: bool, tier: str
) -> str:
    if character:
        return "c"
    if kind in ("script", "script_stage"):
        return "g" if kind == "script_stage" else "d"
    if kind == "stage_group" and "of" in tokens[1:-1]:
        return "d"  # "Joy of Red Velvet" is a name whatever its words
    if len(tokens) > 1 and tokens[0] in _STOPWORDS:
        return "w"
    # a first token that is mostly a given name ("John", "Frank", "Grace") is not an ordinary word
    # here; one that is mostly a word ("Will", "Big") is
    # (many people of the lists have it as a first name, for how frequent it is as a word)
    count = first_tokens[tokens[0]] if len(tokens) > 1 else 0
    given = count >= 20 and math.log10(count) >= words.zipf(tokens[0]) - 3.0
    if all(words.ordinary(t) for t in tokens[1 if given else 0 :]):
        return "g" if given else "w"  # "Frank Stack" needs capitals, "Will Smith" more than that
    if len(tokens) == 1:
        token = tokens[0]
        # how common a word may be before a one-word name needs a capital letter: a famous
        # mononym ("Beyonce") is frequent because of the person; a handle's frequency is its word's
        limit = {"top": 9.0, "mid": 3.0}.get(tier, 2.0)
        if first_tokens[token] >= 5 or words.zipf(token) >= min(limit, 4.0) or token in words.proper:
            return "g"
    return "d"


def _write(
    out: Path,
    people: list[Person],
    ids: list[str],
    entries: dict[str, list[Entry]],
    words: set[str],
    frequent: set[str],
    characters: set[str],
    inputs: list[str],
) -> int:
    records = []
    for person, person_id in zip(people, ids, strict=True):
        groups = "|".join(sorted({"".join(tokens_of(g)) for g in person.groups} - {""}))
        cells = (
            person_id,
            person.name.replace("\t", " "),
            person.tier,
            f"{person.popularity:.2f}",
            ",".join(sorted(person.sources)),
            ",".join(sorted(person.external_ids)),
            groups,
        )
        records.append("\t".join(cells))
    aliases: dict[str, str] = {}
    fuzzy: set[str] = set()
    count = 0
    for joined, bucket in entries.items():
        count += len(bucket)
        aliases[joined] = ";".join(f"{ids[e.person]},{e.kind},{e.ambiguity},{e.spaced}" for e in bucket)
        for e in bucket:
            if e.kind in ("K", "L"):
                continue
            tokens = e.spaced.split(" ")
            fuzzy.update(t for t in tokens if len(t) >= 4 and t.isalpha())
            # a short token joined to its neighbour, as prompts often write it ("McAdams",
            # "DeGeneres", "Pei-pei", "Min-woo"): a typo there is found like one in a word
            # (not for initials and surname-first forms, which prompts do not write joined)
            if e.kind not in ("R", "I"):
                fuzzy.update(
                    a + b
                    for a, b in pairwise(tokens)
                    if 2 <= min(len(a), len(b)) < 4 and len(a + b) >= 5 and (a + b).isalpha()
                )
    meta = {"inputs": inputs, "people": len(records), "alias_keys": len(aliases), "alias_entries": count}
    write_folder(
        out,
        meta=meta,
        people=records,
        aliases=aliases,
        fuzzy_tokens=fuzzy,
        words=words,
        frequent=frequent,
        characters={c for c in characters if c},
    )
    return count


# --- the index folder (its layout: people_store) ------------------------------------------------------


def _line(text: str) -> str:
    if "\n" in text:
        raise ValueError(f"a record of the people index holds a line break: {text[:80]!r}")
    return text + "\n"


def _sharded(items: Iterable[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """(hash, text) pairs sorted by (hash, text), split by the hash's first hex digit."""
    shards: list[list[tuple[int, str]]] = [[] for _ in range(people_store.SHARDS)]
    for h, text in sorted(items):
        shards[h >> people_store.SHIFT].append((h, text))
    return shards


def _u32(values: Sequence[int]) -> bytes:
    return np.array(values, dtype="<u4").tobytes()


class _Writer:
    """Writes the files of one folder, and removes files of the index's layout that it did not write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: set[Path] = set()

    def write(self, name: str, data: bytes | str) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if not path.is_file() or path.read_bytes() != raw:  # an unchanged file keeps its time
            path.write_bytes(raw)
        self.written.add(path)

    def remove_stale(self) -> None:
        for pattern in ("people/*.tsv", "aliases/*", "tokens/*", "deletions/*", "pairs/*"):
            for path in self.folder.glob(pattern):
                if path not in self.written:
                    path.unlink()


def check_folder(folder: Path) -> None:
    """Refuse to write an index over anything but an index folder (or nothing)."""
    if folder.is_file():
        raise ValueError(f"{folder} is a file; the people index is a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / "index.json").is_file():
        raise ValueError(f"{folder} is a folder that holds no people index (no index.json); not writing there")


def write_folder(
    folder: Path,
    *,
    meta: dict[str, Any],
    people: Sequence[str],
    aliases: dict[str, str],
    fuzzy_tokens: Iterable[str],
    words: Iterable[str],
    frequent: Iterable[str],
    characters: Iterable[str],
) -> None:
    """Write the folder described in the module documentation.

    ``people`` are the records ``id\\tname\\ttier\\t...`` in their run-time order (tier by tier, as
    ``TIERS``); ``aliases`` maps each key to its entries ``id,kind,ambiguity,spaced;...``.
    """
    check_folder(folder)
    out = _Writer(folder)
    by_tier: dict[str, list[str]] = {tier: [] for tier in people_store.TIERS}
    last = 0
    for record in people:
        tier = record.split("\t", 3)[2]
        if people_store.TIERS.index(tier) < last:
            raise ValueError("the people records are not in tier order (top, mid, current, tail)")
        last = people_store.TIERS.index(tier)
        by_tier[tier].append(_line(record))
    for tier in people_store.TIERS:
        out.write(f"people/{tier}.tsv", "".join(by_tier[tier]))

    for name, shard in zip(people_store.SHARD_NAMES, _sharded((people_store.crc(k), k) for k in aliases), strict=True):
        out.write(f"aliases/{name}.tsv", "".join(_line(f"{k}\t{aliases[k]}") for _, k in shard))
        out.write(f"aliases/{name}.u32", _u32([h for h, _ in shard]))

    tokens = set(fuzzy_tokens)
    for name, shard in zip(people_store.SHARD_NAMES, _sharded((people_store.crc(t), t) for t in tokens), strict=True):
        out.write(f"tokens/{name}.txt", "".join(_line(t) for _, t in shard))
        out.write(f"tokens/{name}.u32", _u32([h for h, _ in shard]))

    deletions: set[tuple[int, int]] = set()
    for token in tokens:
        token_hash = people_store.crc(token)
        deletions.update((people_store.crc(token[:i] + token[i + 1 :]), token_hash) for i in range(len(token)))
    delete_shards: list[list[int]] = [[] for _ in range(people_store.SHARDS)]
    for deletion, token_hash in sorted(deletions):
        delete_shards[deletion >> people_store.SHIFT].extend((deletion, token_hash))
    for name, flat in zip(people_store.SHARD_NAMES, delete_shards, strict=True):
        out.write(f"deletions/{name}.u32", _u32(flat))

    # the pairs of neighbouring alias tokens, by their left token: ``crc(left) << 32 | crc(right)``, sorted
    # and split by the left token's first hex digit (the matcher reads the tokens that follow or precede
    # a token in some name)
    pairs: set[int] = set()
    crc = people_store.crc
    for cells in aliases.values():
        for cell in cells.split(";"):
            parts = cell.split(",", 3)[3].split(" ")
            codes = [crc(part) for part in parts]
            pairs.update(a << 32 | b for a, b in pairwise(codes))
            # the same pairs when a prompt joins two tokens the index splits ("lebron" for "le bron")
            for k in range(len(parts) - 2):
                pairs.add(crc(parts[k] + parts[k + 1]) << 32 | codes[k + 2])
                pairs.add(codes[k] << 32 | crc(parts[k + 1] + parts[k + 2]))
    pair_shards: list[list[int]] = [[] for _ in range(people_store.SHARDS)]
    for pair in sorted(pairs):
        pair_shards[pair >> (32 + people_store.SHIFT)].append(pair)
    for name, packed in zip(people_store.SHARD_NAMES, pair_shards, strict=True):
        out.write(f"pairs/{name}.u64", np.array(packed, dtype="<u8").tobytes())

    out.write("words.txt", "".join(_line(w) for w in sorted(set(words))))
    out.write("frequent.txt", "".join(_line(w) for w in sorted(set(frequent))))
    out.write("characters.txt", "".join(_line(c) for c in sorted(set(characters))))
    out.write("index.json", json.dumps({**meta, "format": people_store.FORMAT}, indent=1, sort_keys=True) + "\n")
    out.remove_stale()


# --- the stamp: what an index was built from ---------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


def _code_sha256(name: str) -> str:
    # line ends as git checks the file out anywhere
    text = (Path(__file__).resolve().parent / name).read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def input_stamp(
    data_dir: Path | None, data_files: Iterable[Path], wikidata: Iterable[Path], word_list: Path | None
) -> dict[str, object]:
    """The sha256 of every input (``data_files`` under ``data_dir``, as read by the sources), the
    word list, the build's code and the word-frequency package's version."""
    words = word_list if word_list is not None else WORD_LIST
    data: dict[str, str] | None = None
    if data_dir is not None:
        data = {path.relative_to(data_dir).as_posix(): _sha256(path) for path in data_files}
    return {
        "format": people_store.FORMAT,
        "code": {name: _code_sha256(name) for name in BUILD_CODE},
        "packages": {"wordfreq": _package_version("wordfreq")},
        "data": data,
        "wikidata": [[path.name, _sha256(path)] for path in wikidata],
        "words": [words.name, _sha256(words)],
    }


def read_stamp(out: Path) -> dict[str, object] | None:
    """The stamp of the index in ``out`` (None when there is none)."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def stamp_matches(
    out: Path, data_dir: Path | None, wikidata: Iterable[Path] = (), word_list: Path | None = None
) -> bool:
    """Whether the index in ``out`` was built from these very inputs and this build code."""
    stamp = read_stamp(out)
    if stamp is None or not (out / "index.json").is_file():
        return False
    recorded = stamp.get("data")
    files = [data_dir / name for name in recorded] if data_dir is not None and isinstance(recorded, dict) else []
    if data_dir is not None and not files:
        return False  # built without the data folder (or from none of its files)
    return stamp == input_stamp(data_dir, files, wikidata, word_list)
