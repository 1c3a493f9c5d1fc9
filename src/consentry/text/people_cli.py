"""``consentry people ...``: build the people index, look a prompt up against it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    people = subparsers.add_parser("people", help="the people index (real-person names)")
    sub = people.add_subparsers(dest="people_command", metavar="ACTION", parser_class=type(people))
    build = sub.add_parser("build", help="build the people index from the people lists")
    build.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help="the shared data folder with people_* and civitai_lists (default: ../shared/data if present)",
    )
    build.add_argument(
        "--wikidata",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a Wikidata-style export (JSON lines or TSV; see docs/detectors/person.md); repeatable",
    )
    build.add_argument(
        "--words",
        type=Path,
        default=None,
        metavar="FILE",
        help="a word list (one word a line) that tells ordinary words from names (default: the bundled SCOWL list)",
    )
    build.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="the index folder to write (default: the bundled index)"
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild even when the index's stamp matches the inputs and the code"
    )
    build.set_defaults(func=cmd_build)
    find = sub.add_parser("find", help="print the people found in a text")
    find.add_argument("text", help="the text ('-' reads standard input)")
    find.add_argument("--index", type=Path, default=None, metavar="DIR", help="the index folder (default: bundled)")
    find.set_defaults(func=cmd_find)


def cmd_build(args: argparse.Namespace) -> int:
    from consentry.errors import InputError
    from consentry.text.people_build import build_index, check_folder, stamp_matches
    from consentry.text.people_index import DEFAULT_PATH

    data = args.data
    if data is None:
        guess = Path.cwd().parent / "shared" / "data"
        data = guess if guess.is_dir() else None
    if data is not None and not data.is_dir():
        raise InputError(f"{data}: no such folder", code="not_found")
    for path in args.wikidata:
        if not path.is_file():
            raise InputError(f"{path}: no such file", code="not_found")
    if data is None and not args.wikidata:
        raise InputError("nothing to build from: give --data DIR and/or --wikidata FILE", code="not_found")
    out = args.out or DEFAULT_PATH
    try:
        check_folder(out)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if not args.force and stamp_matches(out, data, args.wikidata, args.words):
        print(
            "the people index is up to date (its stamp matches the inputs and the code; --force rebuilds)",
            file=sys.stderr,
        )
    else:
        build_index(data, out, wikidata=args.wikidata, word_list=args.words, log=lambda m: print(m, file=sys.stderr))
    print(out)
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from consentry.text.people_index import PeopleIndex
    from consentry.text.person import PeopleMatcher

    text = sys.stdin.read() if args.text == "-" else args.text
    matcher = PeopleMatcher(PeopleIndex.load(args.index))
    for match in matcher.find(text):
        print(json.dumps(match.to_dict(), ensure_ascii=False))
    return 0
