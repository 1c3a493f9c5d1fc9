"""The people index on disk: a deterministic build, small changes for small input changes, the stamp."""

from __future__ import annotations

import itertools
import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from consentry.text import people_store
from consentry.text.people_build import write_folder
from consentry.text.people_index import DEFAULT_PATH, PeopleIndex, key_hash

FIXTURES = Path(__file__).parent / "fixtures"
WIKIDATA = [FIXTURES / "people_wikidata.jsonl", FIXTURES / "people_wikidata.tsv"]

pytest.importorskip("wordfreq")


def build(out: Path, wikidata: list[Path] = WIKIDATA) -> Path:
    from consentry.text.people_build import build_index

    build_index(None, out, wikidata=wikidata, word_list=None, log=lambda _: None)
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("people") / "index")


def test_the_same_inputs_build_byte_identical_files(built: Path, tmp_path: Path) -> None:
    again = files_of(build(tmp_path / "again"))
    assert again == files_of(built)
    assert {"index.json", "stamp.json", "people/top.tsv", "aliases/0.tsv", "deletions/f.u32"} <= set(again)


def test_nothing_in_the_folder_is_compressed_or_positional(built: Path) -> None:
    files = files_of(built)
    for name, raw in files.items():
        assert not raw.startswith((b"PK", b"\x1f\x8b")), name  # no zip, no gzip
    # the aliases name people by id, never by a number that moves when someone is added
    ids = {
        line.split("\t", 1)[0]
        for tier in people_store.TIERS
        for line in files[f"people/{tier}.tsv"].decode().splitlines()
    }
    cells = [
        c
        for s in people_store.SHARD_NAMES
        for line in files[f"aliases/{s}.tsv"].decode().splitlines()
        for c in line.split("\t")[1].split(";")
    ]
    assert cells and {c.split(",", 1)[0] for c in cells} <= ids


def test_every_hash_file_matches_its_text_and_is_sorted(built: Path) -> None:
    for table, suffix in (("aliases", "tsv"), ("tokens", "txt")):
        for shard in people_store.SHARD_NAMES:
            keys = [line.split("\t", 1)[0] for line in (built / table / f"{shard}.{suffix}").read_text().splitlines()]
            hashes = np.fromfile(built / table / f"{shard}.u32", dtype="<u4").tolist()
            assert hashes == [key_hash(k) for k in keys]
            assert [(h, k) for h, k in zip(hashes, keys, strict=True)] == sorted(zip(hashes, keys, strict=True))
            assert all(h >> 28 == int(shard, 16) for h in hashes)


def test_the_pairs_are_the_neighbouring_tokens_of_every_alias_sorted_by_the_left_token(built: Path) -> None:
    expected: set[int] = set()
    for shard in people_store.SHARD_NAMES:
        for line in (built / "aliases" / f"{shard}.tsv").read_text().splitlines():
            for cell in line.split("\t")[1].split(";"):
                parts = cell.split(",", 3)[3].split(" ")
                for a, b in itertools.pairwise(parts):
                    expected.add(key_hash(a) << 32 | key_hash(b))
                for a, b, c in zip(parts, parts[1:], parts[2:], strict=False):
                    expected.add(key_hash(a + b) << 32 | key_hash(c))
                    expected.add(key_hash(a) << 32 | key_hash(b + c))
    stored: list[int] = []
    for shard in people_store.SHARD_NAMES:
        pairs = np.fromfile(built / "pairs" / f"{shard}.u64", dtype="<u8").tolist()
        assert all(p >> 60 == int(shard, 16) for p in pairs)
        stored += pairs
    assert stored == sorted(expected)
    assert stored  # the fixture's names have pairs


def test_an_added_person_only_adds_lines_and_array_entries(built: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "Q999001", "label": "Quorvath Zimbelline", "sitelinks": 30}) + "\n")
    after = files_of(build(tmp_path / "after", [*WIKIDATA, extra]))
    before = files_of(built)
    changed = {name for name in after if after[name] != before.get(name)}
    added_lines: list[str] = []
    for name in changed - {"index.json", "stamp.json"}:
        if name.endswith((".u32", ".u64")):
            dtype = "<u4" if name.endswith(".u32") else "<u8"
            old, new = (Counter(np.frombuffer(x[name], dtype=dtype).tolist()) for x in (before, after))
            assert not old - new, name  # no value removed or changed
        else:
            old_lines, new_lines = (Counter(x[name].decode().splitlines()) for x in (before, after))
            assert not old_lines - new_lines, name  # no line removed or changed
            added_lines += list((new_lines - old_lines).elements())
    people_lines = [line for line in added_lines if line.startswith("quorvath-zimbelline\t")]
    assert len(people_lines) == 1
    # the files of the tables the person's few keys do not fall in are untouched
    assert len([n for n in changed if n.startswith("aliases/")]) <= 2 * 6
    assert len(changed) < len(after) / 2


def test_the_loaded_index_finds_every_stored_key(built: Path) -> None:
    index = PeopleIndex.load(built)
    for shard in people_store.SHARD_NAMES:
        for line in (built / "aliases" / f"{shard}.tsv").read_text().splitlines():
            key, cells = line.split("\t")
            entries = index.lookup([key])[key]
            assert [index.person(e.person).id for e in entries] == [c.split(",", 1)[0] for c in cells.split(";")]


def test_deletions_of_tokens_with_one_crc32_point_at_each_token(tmp_path: Path) -> None:
    assert key_hash("plumless") == key_hash("buckeroo")  # a known CRC-32 collision
    tokens = ["plumless", "buckeroo", "taylor", "swift"]
    write_folder(
        tmp_path / "index",
        meta={},
        people=["p1\tPlumless Buckeroo\ttop\t1.00\tx\t\t"],
        aliases={"plumlessbuckeroo": "p1,F,d,plumless buckeroo"},
        fuzzy_tokens=tokens,
        words=[],
        frequent=[],
        characters=[],
    )
    arrays = people_store.read(tmp_path / "index")
    blob, off = arrays["token_blob"], arrays["token_off"]
    stored = [blob[off[i] : off[i + 1]].decode() for i in range(len(off) - 1)]
    expected = sorted({(key_hash(t[:i] + t[i + 1 :]), stored.index(t)) for t in tokens for i in range(len(t))})
    got = sorted(zip(arrays["delete_hash"].tolist(), arrays["delete_token"].tolist(), strict=True))
    assert got == expected
    assert arrays["delete_hash"].tolist() == sorted(arrays["delete_hash"].tolist())


def test_writing_over_a_folder_that_is_no_index_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="no people index"):
        write_folder(tmp_path, meta={}, people=[], aliases={}, fuzzy_tokens=[], words=[], frequent=[], characters=[])
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_stamp_matches_until_an_input_changes(built: Path, tmp_path: Path) -> None:
    from consentry.text.people_build import stamp_matches

    assert stamp_matches(built, None, WIKIDATA)
    copies = [tmp_path / p.name for p in WIKIDATA]
    for source, copy in zip(WIKIDATA, copies, strict=True):
        shutil.copy(source, copy)
    assert stamp_matches(built, None, copies)  # the same content elsewhere
    copies[1].write_text(copies[1].read_text() + "Q999002\tNew Person\t\t3\t\t\n")
    assert not stamp_matches(built, None, copies)
    assert not stamp_matches(built, None, WIKIDATA[:1])  # an input fewer
    assert not stamp_matches(built, FIXTURES, WIKIDATA)  # a data folder now, none then


def test_the_build_command_skips_an_index_whose_stamp_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from consentry.cli import main

    (tmp_path / "data").mkdir()  # a data folder with none of the lists: the build reads the fixtures only
    args = ["people", "build", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "index")]
    for path in WIKIDATA:
        args += ["--wikidata", str(path)]
    assert main(args) == 0
    stamp = tmp_path / "index" / "stamp.json"
    first = stamp.stat().st_mtime_ns
    capsys.readouterr()
    assert main(args) == 0
    assert "up to date" in capsys.readouterr().err
    assert stamp.stat().st_mtime_ns == first
    assert main([*args, "--force"]) == 0
    assert "up to date" not in capsys.readouterr().err
    assert stamp.stat().st_mtime_ns != first


@pytest.mark.shared
def test_the_bundled_index_was_built_from_the_current_inputs(shared_dir: Path) -> None:
    """Fails when a people list, the word list or the build code changed since the bundled index
    was built: rebuild it (``consentry people build --data ../shared/data``) and commit the folder."""
    from consentry.text.people_build import input_stamp, read_stamp, stamp_matches

    if stamp_matches(DEFAULT_PATH, shared_dir / "data"):
        return
    stamp = read_stamp(DEFAULT_PATH)
    assert stamp is not None, "the bundled people index has no stamp.json"
    data = stamp.get("data")
    files = [shared_dir / "data" / name for name in data] if isinstance(data, dict) else []
    now = input_stamp(shared_dir / "data", files, [], None)
    differ = sorted(k for k in now if now[k] != stamp.get(k))
    pytest.fail(f"the bundled people index is stale ({', '.join(differ)} changed): rebuild it")
