"""Readers for the people lists the index is built from (build time only).

Each reader yields ``RawPerson`` records from one source file; ``people_build`` merges them.
A source that is missing is skipped with a note, so that a site can build from what it has.
The Wikidata-style export (JSON lines or TSV) is read by ``read_wikidata``; its format is
documented in docs/detectors/person.md. Every file a reader opens is noted in ``files_read``
(inside ``recording()``), so that the build can stamp the index with what it was built from.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

csv.field_size_limit(10_000_000)

_files_read: ContextVar[list[Path] | None] = ContextVar("files_read", default=None)


@contextmanager
def recording() -> Iterator[list[Path]]:
    """Note every file the readers open (or try to open) while inside, in order."""
    files: list[Path] = []
    token = _files_read.set(files)
    try:
        yield files
    finally:
        _files_read.reset(token)


def _opening(path: Path) -> Path:
    files = _files_read.get()
    if files is not None and path not in files:
        files.append(path)
    return path


@dataclass(slots=True)
class RawPerson:
    """One person as one source lists them."""

    name: str
    source: str
    tier: str  # top | mid | current | tail
    popularity: float = 0.0  # 0..1 within what the source can tell
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, kind)
    groups: list[str] = field(default_factory=list)  # K-pop groups (a stage name needs one of them)
    stage_names: list[str] = field(default_factory=list)
    external_id: str = ""  # e.g. a Wikidata id or an English Wikipedia page id
    mononym_ok: bool = False  # a one-word canonical name (e.g. "Rihanna") may match alone


def _log_scale(value: float, low: float, high: float) -> float:
    if value <= 0:
        return 0.0
    return max(0.0, min(1.0, (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))))


def _number(text: str) -> float:
    text = (text or "").strip().lower().replace(",", "")
    scale = 1.0
    if text.endswith(("k", "m", "b")):
        scale = {"k": 1e3, "m": 1e6, "b": 1e9}[text[-1]]
        text = text[:-1]
    try:
        return float(text) * scale
    except ValueError:
        return 0.0


_DISAMBIGUATION = re.compile(r"\s*\([^)]*\)\s*$")


def clean_title(title: str) -> str:
    """A Wikipedia-style title without its disambiguation: 'Eliel (producer)' -> 'Eliel'."""
    title = _DISAMBIGUATION.sub("", title.replace("_", " ")).strip()
    return re.sub(r"\s+", " ", title)


def _rows(path: Path, delimiter: str = ",", encoding: str = "utf-8-sig") -> Iterator[dict[str, str]]:
    with _opening(path).open(encoding=encoding, errors="replace", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


# --- the sources ---------------------------------------------------------------------------------------


def read_civitai(root: Path) -> Iterator[RawPerson]:
    for name in json.loads(_opening(root / "civitai_lists" / "words-poi.json").read_text(encoding="utf-8")):
        yield RawPerson(name=str(name), source="civitai", tier="top", popularity=1.0, mononym_ok=True)


def read_pantheon(root: Path) -> Iterator[RawPerson]:
    for row in _rows(root / "people_pantheon" / "pantheon_1.0.csv"):
        yield RawPerson(
            name=row["name"],
            source="pantheon",
            tier="mid",
            popularity=_log_scale(_number(row.get("numlangs", "")), 25, 200),
            external_id=f"enwiki:{row['en_curid']}",
            mononym_ok=True,
        )


def read_vggface2(root: Path) -> Iterator[RawPerson]:
    for row in _rows(root / "people_vggface2_identities" / "vggface2_identities_clean.csv"):
        yield RawPerson(
            name=clean_title(row["Name_spaces"]),
            source="vggface2",
            tier="mid",
            popularity=_log_scale(_number(row.get("Sample_Num", "")), 80, 900) * 0.8,
            mononym_ok=True,
        )


def read_wikipedia(root: Path) -> Iterator[RawPerson]:
    folder = root / "people_wikipedia_names_2012"
    for row in _rows(folder / "people_en_es_wikipedia_titles.tsv", delimiter="\t"):
        english, spanish = clean_title(row.get("name_eng") or ""), clean_title(row.get("name_spa") or "")
        if not english:
            continue
        aliases = [(spanish, "spanish")] if spanish and spanish != english else []
        yield RawPerson(name=english, source="wikipedia_en_es", tier="tail", popularity=0.05, aliases=aliases)
    for row in _rows(folder / "freebase_person_wiki_sample.tsv", delimiter="\t"):
        name = clean_title(row.get("wiki_name") or row.get("name") or "")
        if name:
            yield RawPerson(name=name, source="freebase", tier="tail", popularity=0.05)


def _kpop(root: Path) -> Iterator[RawPerson]:
    folder = root / "people_current" / "kpop_idols"
    followers: dict[tuple[str, str], float] = {}
    for row in _rows(folder / "kpop_idols_instagram_followers.csv"):
        followers[(row["Name"].strip().lower(), row["Group"].strip().lower())] = _number(row["Followers"])
    for row in _rows(folder / "kpop_idols_dbkpop_hangul.csv"):
        stage, full, group = row["Stage Name"].strip(), row["Full Name"].strip(), row["Group"].strip()
        groups = [g.strip() for g in [group, *(row.get("Other Group") or "").split(","), row.get("Former Group") or ""]]
        aliases = [(row["Korean Name"].strip(), "script"), (row["K. Stage Name"].strip(), "script_stage")]
        for handle in (row.get("Instagram") or "", row.get("Twitter") or ""):
            if handle.strip():
                aliases.append((handle.strip().lstrip("@"), "handle"))
        pop = _log_scale(followers.get((stage.lower(), group.lower()), 0.0), 1e4, 1e8)
        yield RawPerson(
            name=full or stage,
            source="kpop_dbkpop",
            tier="current",
            popularity=max(pop, 0.2),
            aliases=[(a, k) for a, k in aliases if a],
            groups=[g for g in groups if g],
            stage_names=[stage] if stage else [],
        )
    for row in _rows(folder / "kpop_idols_dbkpop_1857.csv"):
        stage, full, group = row["Stage Name"].strip(), row["Full Name"].strip(), row["Group"].strip()
        pop = _log_scale(followers.get((stage.lower(), group.lower()), 0.0), 1e4, 1e8)
        yield RawPerson(
            name=full or stage,
            source="kpop_dbkpop",
            tier="current",
            popularity=max(pop, 0.2),
            groups=[group] if group else [],
            stage_names=[stage] if stage else [],
        )


def _creators(root: Path) -> Iterator[RawPerson]:
    base = root / "people_current"
    for row in _rows(base / "creators_twitch" / "twitchdata-update.csv"):
        yield RawPerson(
            name=row["Channel"].strip(),
            source="twitch",
            tier="current",
            popularity=_log_scale(_number(row["Followers"]), 1e5, 1e7),
            mononym_ok=True,
        )
    for row in _rows(base / "creators_instagram" / "top_insta_influencers_data.csv"):
        yield RawPerson(
            name=row["channel_info"].strip(),
            source="instagram",
            tier="current",
            popularity=_log_scale(_number(row["followers"]), 1e7, 5e8),
            mononym_ok=True,
        )
    for row in _rows(base / "creators_tiktok" / "social_media_influencers_tiktok_2022.csv"):
        display, handle = row["Tiktok_name"].strip(), row["Tiktoker_name"].strip()
        yield RawPerson(
            name=display or handle,
            source="tiktok",
            tier="current",
            popularity=_log_scale(_number(row["Subscribers_count"]), 1e5, 1e8),
            aliases=[(handle, "handle")] if handle and display else [],
            mononym_ok=True,
        )
    person_like = {"People", "Entertainment", "Comedy", "Games", "Howto"}
    for row in _rows(base / "creators_youtube" / "global_youtube_statistics.csv", encoding="latin-1"):
        if row.get("channel_type") not in person_like:
            continue
        yield RawPerson(
            name=row["Youtuber"].strip(),
            source="youtube",
            tier="current",
            popularity=_log_scale(_number(row["subscribers"]), 1e7, 3e8),
            mononym_ok=True,
        )


def _athletes(root: Path) -> Iterator[RawPerson]:
    base = root / "people_current"
    for row in _rows(base / "athletes_football_fifa19" / "fifa19_players.csv"):
        short, full = row["name"].strip(), re.sub(r"\s+", " ", row["full_name"]).strip()
        aliases: list[tuple[str, str]] = [(short, "short")] if short and short != full else []
        surname = short.split(". ", 1)[1] if ". " in short else ""
        if surname and full:
            aliases.append((f"{full.split()[0]} {surname}", "short"))
        yield RawPerson(
            name=full or short,
            source="fifa19",
            tier="current",
            popularity=_log_scale(_number(row.get("international_reputation(1-5)", "")), 1, 5),
            aliases=aliases,
        )
    seen: set[str] = set()
    for row in _rows(base / "athletes_nba" / "nba_all_seasons.csv"):
        name = row["player_name"].strip()
        if name and name not in seen:
            seen.add(name)
            yield RawPerson(name=name, source="nba", tier="current", popularity=0.3)
    for row in _rows(base / "athletes_olympics" / "paris2024_athletes.csv"):
        raw = row["PersonName"].strip()
        surname = " ".join(w for w in raw.split() if (w.isupper() and len(w) > 1) or w in ("-",))
        given = " ".join(w for w in raw.split() if not (w.isupper() and len(w) > 1))
        if surname and given:
            name = f"{given} {surname.title()}"
            yield RawPerson(name=name, source="paris2024", tier="current", popularity=0.2)
        elif raw:
            yield RawPerson(name=raw.title(), source="paris2024", tier="current", popularity=0.2)
    for row in _rows(base / "athletes_olympics" / "rio2016_athletes.csv"):
        yield RawPerson(name=row["name"].strip(), source="rio2016", tier="current", popularity=0.2)


def _congress(root: Path) -> Iterator[RawPerson]:
    base = root / "people_current" / "us_congress_legislators"
    for row in _rows(base / "derived_current_and_executive_flat.csv"):
        first, last, nick = row["first"].strip(), row["last"].strip(), row["nickname"].strip()
        name = row["official_full"].strip() or f"{first} {last}"
        aliases = [(f"{first} {last}", "short")]
        if nick:
            aliases.append((f"{nick} {last}", "nickname"))
        if row.get("wikipedia"):
            aliases.append((clean_title(row["wikipedia"]), "short"))
        yield RawPerson(
            name=name,
            source="us_congress",
            tier="current",
            popularity=0.5,
            aliases=aliases,
            external_id=f"wikidata:{row['wikidata']}" if row.get("wikidata") else "",
        )
    for row in _rows(base / "legislators-historical.csv"):
        first, last, nick = row["first_name"].strip(), row["last_name"].strip(), row["nickname"].strip()
        if not (first and last):
            continue
        name = row["full_name"].strip() or f"{first} {last}"
        aliases = [(f"{first} {last}", "short")]
        if nick:
            aliases.append((f"{nick} {last}", "nickname"))
        yield RawPerson(name=name, source="us_congress_historical", tier="tail", popularity=0.1, aliases=aliases)


def _screen(root: Path) -> Iterator[RawPerson]:
    base = root / "people_current"
    names: dict[str, float] = {}
    for row in _rows(base / "imdb5000_movie_metadata" / "movie_metadata.csv", delimiter=";"):
        for column in ("director_name", "actor_1_name", "actor_2_name", "actor_3_name"):
            name = (row.get(column) or "").strip()
            if name:
                names[name] = names.get(name, 0.0) + 1.0
    for row in _rows(base / "actors_characters" / "tmdb_top_movies_cast_character.csv"):
        names.setdefault(row["actor"].strip(), 1.0)
    for row in _rows(base / "actors_characters" / "triviadraft_character_actor.csv"):
        names.setdefault(row["actor"].strip(), 1.0)
    for name, count in names.items():
        yield RawPerson(name=name, source="imdb_tmdb", tier="current", popularity=_log_scale(count, 1, 30))
    for row in _rows(base / "face_dataset_identities" / "vox1_meta.csv"):
        yield RawPerson(name=clean_title(row["Class_name"]), source="voxceleb1", tier="current", popularity=0.3)


_NOT_A_PERSON = re.compile(
    r"\b(orchestra|cast|quartet|quintet|choir|chorus|ensemble|symphony|philharmonic|band|trio|singers|"
    r"soundtrack|various|records|boys|girls|brothers|sisters|club|project|collective|society|"
    r"company|group|academy|kids|babies|music|songs|players)\b|\d",
    re.IGNORECASE,
)


def _musicians(root: Path) -> Iterator[RawPerson]:
    path = root / "people_current" / "musicians_spotify" / "spotify_data_by_artist.csv"
    for row in _rows(path, delimiter=";"):
        name = (row.get("artists") or "").strip()
        words = name.split()
        if not name or _NOT_A_PERSON.search(name) or not 2 <= len(words) <= 3:
            continue  # one-word artists are mostly bands ("Tennis", "Poolside")
        if words[0].lower() == "the" or not all(w[:1].isupper() for w in words):
            continue
        popularity = _number(row.get("popularity", "")) / 100.0
        if popularity < 0.4:
            continue  # the long tail of the catalogue is mostly bands and labels
        yield RawPerson(name=name, source="spotify", tier="current", popularity=popularity * 0.8)


def read_current(root: Path) -> Iterator[RawPerson]:
    yield from _kpop(root)
    yield from _creators(root)
    yield from _athletes(root)
    yield from _congress(root)
    yield from _screen(root)
    yield from _musicians(root)


def read_characters(root: Path) -> Iterator[str]:
    """Names of fictional characters (character -> actor tables): these are not people."""
    base = root / "people_current" / "actors_characters"
    rows = [*_rows(base / "tmdb_top_movies_cast_character.csv"), *_rows(base / "triviadraft_character_actor.csv")]
    actors = {row["actor"].strip().lower() for row in rows}
    for row in rows:
        character = row["character"].strip()
        if character.lower() not in actors and character.lower() not in ("himself", "herself", "themselves"):
            yield character


def read_wikidata(path: Path) -> Iterator[RawPerson]:
    """A Wikidata-style export: JSON lines or TSV (see docs/detectors/person.md)."""
    text = _opening(path).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return
    if lines[0].lstrip().startswith("{"):
        records = [json.loads(line) for line in lines]
    else:
        header = lines[0].split("\t")
        records = []
        for line in lines[1:]:
            cells = line.split("\t")
            record: dict[str, object] = dict(zip(header, cells, strict=False))
            record["aliases"] = [a for a in str(record.get("aliases", "")).split("|") if a]
            records.append(record)
    for record in records:
        label = str(record.get("label") or "").strip()
        if not label:
            continue
        raw_aliases = record.get("aliases") or []
        aliases: list[tuple[str, str]] = []
        if isinstance(raw_aliases, dict):  # {"es": ["..."], "ko": ["..."]}
            for values in raw_aliases.values():
                aliases.extend((str(v), "alias") for v in (values if isinstance(values, list) else [values]))
        elif isinstance(raw_aliases, list):
            aliases.extend((str(v), "alias") for v in raw_aliases)
        sitelinks = _number(str(record.get("sitelinks") or "0"))
        groups = record.get("groups") or []
        stages = record.get("stage_names") or []
        if isinstance(groups, str):
            groups = [g for g in groups.split("|") if g]
        if isinstance(stages, str):
            stages = [g for g in stages.split("|") if g]
        tier = str(record.get("tier") or ("mid" if sitelinks >= 25 else "tail"))
        yield RawPerson(
            name=label,
            source=str(record.get("source") or "wikidata"),
            tier=tier if tier in ("top", "mid", "current", "tail") else "tail",
            popularity=_log_scale(sitelinks, 2, 200),
            aliases=aliases,
            external_id=f"wikidata:{record['id']}" if record.get("id") else "",
            mononym_ok=sitelinks >= 25,
            groups=[str(g) for g in groups] if isinstance(groups, list) else [],
            stage_names=[str(s) for s in stages] if isinstance(stages, list) else [],
        )


SOURCES = {
    "civitai": read_civitai,
    "pantheon": read_pantheon,
    "vggface2": read_vggface2,
    "wikipedia": read_wikipedia,
    "current": read_current,
}
