"""The one JSON Lines reader: objects line by line, precise errors with the file and the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consentry.errors import InputError
from consentry.jsonl import json_lines, read_jsonl


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}\n{"b": 2}\n', [(1, {"a": 1}), (2, {"b": 2})]),
        ('\n  \n{"a": 1}\n\n', [(3, {"a": 1})]),
        ('{"a": 1}', [(1, {"a": 1})]),
        ("[1, 2]\n", [(1, "line 1: not a JSON object")]),
        ('{"a": 1}\n{oops\n{"c": 3}\n', [(1, {"a": 1}), (2, "line 2: not JSON"), (3, {"c": 3})]),
        ('"text"\n', [(1, "line 1: not a JSON object")]),
        ("", []),
    ],
)
def test_json_lines_gives_objects_and_says_which_line_is_wrong(
    tmp_path: Path, text: str, expected: list[tuple[int, object]]
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(text, encoding="utf-8")
    got = list(json_lines(path))
    assert [n for n, _ in got] == [n for n, _ in expected]
    for (_, row), (_, want) in zip(got, expected, strict=True):
        if isinstance(want, str):
            assert isinstance(row, str) and row.startswith(f"{path}: {want}")
        else:
            assert row == want


def test_read_jsonl_stops_at_the_first_bad_line_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text('{"a": 1}\n\n[3]\n{"b": 2}\n', encoding="utf-8")
    rows = read_jsonl(path)
    assert next(rows) == {"a": 1}
    with pytest.raises(InputError, match=r"rows\.jsonl: line 3: not a JSON object"):
        next(rows)


def test_a_file_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"a": "\xff"}\n')
    with pytest.raises(InputError, match="not valid UTF-8"):
        list(read_jsonl(path))


_objects = st.dictionaries(
    st.text(max_size=8), st.none() | st.booleans() | st.integers() | st.text(max_size=8), max_size=4
)


@given(st.lists(_objects, max_size=8), st.integers(0, 3))
def test_what_is_written_one_object_a_line_reads_back(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, object]], blanks: int
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "rows.jsonl"
    path.write_text("\n" * blanks + "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert list(read_jsonl(path)) == rows
