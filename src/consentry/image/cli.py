"""Command-line parts of the image gate: ``consentry enroll``, ``consentry hash``, ``consentry hashlist``.

All of them work on the gallery store of the data directory (``--data-dir``, default
``$CONSENTRY_DATA_DIR`` or ``~/.local/share/consentry``; ``--database URL`` for PostgreSQL).

    consentry enroll --name "Ada Example" --alias "ada" --gallery staff photo1.jpg photo2.jpg
    consentry enroll --list [--gallery staff]
    consentry enroll --disable ID | --enable ID | --remove ID
    consentry enroll --disable-gallery staff | --enable-gallery staff
    consentry hash FILE...                       # PDQ hash and quality of each image
    consentry hashlist import NAME FILE          # one hex hash a line, or CSV with an id column
    consentry hashlist list | disable ID | enable ID | remove ID
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from consentry.errors import InputError
from consentry.gallery.store import GalleryStore

# Tests (and embedders) may replace how the store is opened.
StoreOpener = Callable[[argparse.Namespace], GalleryStore]


def open_gallery(args: argparse.Namespace) -> GalleryStore:
    from consentry.store import open_store

    target = getattr(args, "database", None) or getattr(args, "data_dir", None)
    store: Any = open_store(target)
    gallery: GalleryStore = store.gallery
    return gallery


store_opener: StoreOpener = open_gallery


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=None, metavar="DIR", help="data directory (default: the standard one)")
    parser.add_argument("--database", default=None, metavar="URL", help="database URL (PostgreSQL) instead")


def cmd_enroll(args: argparse.Namespace) -> int:
    store = store_opener(args)
    switches: list[tuple[str, Callable[[str], bool]]] = [
        ("disable", lambda v: store.set_identity_enabled(v, False)),
        ("enable", lambda v: store.set_identity_enabled(v, True)),
        ("remove", store.remove_identity),
    ]
    for option, action in switches:
        value = getattr(args, option)
        if value:
            if not action(value):
                print(f"consentry: no identity {value!r} (see consentry enroll --list)", file=sys.stderr)
                return 65
            print(f"{option}d {value}" if option != "remove" else f"removed {value} and its face embeddings")
            return 0
    for option, enabled in (("disable_gallery", False), ("enable_gallery", True)):
        value = getattr(args, option)
        if value:
            store.set_gallery_enabled(value, enabled)
            print(f"gallery {value}: {'on' if enabled else 'off'}")
            return 0
    if args.list:
        from consentry.image.faces import EMBEDDING_MODEL

        disabled = store.disabled_galleries()
        counts: dict[str, int] = {}
        for e in store.embeddings(EMBEDDING_MODEL, enabled_only=False):
            counts[e.identity_id] = counts.get(e.identity_id, 0) + 1
        rows: list[dict[str, Any]] = [
            {
                "id": i.id,
                "name": i.name,
                "aliases": list(i.aliases),
                "gallery": i.gallery,
                "enabled": i.enabled,
                "gallery_enabled": i.gallery not in disabled,
                "faces": counts.get(i.id, 0),
            }
            for i in store.list_identities(args.gallery)
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        else:
            for row in rows:
                state = "on" if row["enabled"] and row["gallery_enabled"] else "off"
                aliases = f" (aka {', '.join(row['aliases'])})" if row["aliases"] else ""
                print(f"{row['id']}  {state:<3} {row['gallery']:<12} faces={row['faces']:<3} {row['name']}{aliases}")
        return 0
    if not args.name:
        print("consentry: enroll needs --name NAME and photos (or --list, --disable, --remove...)", file=sys.stderr)
        return 64
    from consentry.image.enroll import enroll

    result = enroll(
        store, args.name, [Path(p) for p in args.photos], aliases=args.alias, gallery=args.gallery or "default"
    )
    for photo, why in result.skipped:
        print(f"skipped {photo}: {why}", file=sys.stderr)
    if args.json:
        print(json.dumps({"id": result.identity.id, "faces": result.embeddings, "skipped": len(result.skipped)}))
    else:
        print(f"enrolled {result.identity.id} ({result.identity.name}): {result.embeddings} face embedding(s)")
    return 0


def cmd_hash(args: argparse.Namespace) -> int:
    from consentry.content import ImageInput
    from consentry.image.decode import decode_rgb
    from consentry.image.hashes import pdq_hash

    status = 0
    for path in args.files:
        try:
            image = ImageInput.from_path(path)
            digest = pdq_hash(decode_rgb(image.data, path))
        except InputError as exc:
            print(f"consentry: {exc}", file=sys.stderr)
            status = 66 if exc.code == "not_found" else 65
            continue
        if args.json:
            print(json.dumps({"file": path, "pdq": digest.hex, "quality": digest.quality}))
        else:
            print(f"{digest.hex}  quality={digest.quality:<3}  {path}")
    return status


def cmd_hashlist_import(args: argparse.Namespace) -> int:
    from consentry.gallery.hash_list_file import import_hash_list

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", code="not_found") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    store = store_opener(args)
    hash_list, added = import_hash_list(store, args.name, text, str(path))
    print(f"{hash_list.id} ({hash_list.name}): imported {added} hashes; {store.count_hashes(hash_list.id)} in the list")
    return 0


def cmd_hashlist_list(args: argparse.Namespace) -> int:
    store = store_opener(args)
    for h in store.list_hash_lists():
        state = "on" if h.enabled else "off"
        print(f"{h.id}  {state:<3} {h.kind:<4} {store.count_hashes(h.id):>9} hashes  {h.name}")
    return 0


def _hashlist_switch(action: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        store = store_opener(args)
        if action == "remove":
            done = store.remove_hash_list(args.id)
        else:
            done = store.set_hash_list_enabled(args.id, action == "enable")
        if not done:
            print(f"consentry: no hash list {args.id!r} (see consentry hashlist list)", file=sys.stderr)
            return 65
        print(f"{action}d {args.id}")
        return 0

    return run


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    enroll = subparsers.add_parser(
        "enroll", help="protect a person: store face embeddings (never photos) in a gallery; list, switch, remove"
    )
    enroll.add_argument("photos", nargs="*", help="photos of the person, one face each")
    enroll.add_argument("--name", help="the person's name")
    enroll.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    enroll.add_argument("--gallery", default=None, help="gallery name (default: 'default'; with --list: filter)")
    actions = enroll.add_mutually_exclusive_group()
    actions.add_argument("--list", action="store_true", help="list enrolled identities")
    actions.add_argument("--disable", metavar="ID", help="switch an identity off")
    actions.add_argument("--enable", metavar="ID", help="switch an identity on")
    actions.add_argument("--remove", metavar="ID", help="remove an identity and its embeddings")
    actions.add_argument("--disable-gallery", metavar="NAME", help="switch a whole gallery off")
    actions.add_argument("--enable-gallery", metavar="NAME", help="switch a whole gallery on")
    enroll.add_argument("--json", action="store_true", help="JSON output")
    _store_arguments(enroll)
    enroll.set_defaults(func=cmd_enroll)

    hash_cmd = subparsers.add_parser("hash", help="print the PDQ hash and quality of images")
    hash_cmd.add_argument("files", nargs="+", metavar="FILE")
    hash_cmd.add_argument("--json", action="store_true", help="one JSON object per line")
    hash_cmd.set_defaults(func=cmd_hash)

    hashlist = subparsers.add_parser("hashlist", help="known-NCII hash lists: import, list, switch, remove")
    actions_sub = hashlist.add_subparsers(dest="hashlist_command", metavar="ACTION", parser_class=type(hashlist))
    imp = actions_sub.add_parser("import", help="import PDQ hashes (one hex a line, or CSV with hash and id)")
    imp.add_argument("name", help="the list's name (created if new, appended to otherwise)")
    imp.add_argument("file")
    _store_arguments(imp)
    imp.set_defaults(func=cmd_hashlist_import)
    listing = actions_sub.add_parser("list", help="the hash lists")
    _store_arguments(listing)
    listing.set_defaults(func=cmd_hashlist_list)
    for action in ("enable", "disable", "remove"):
        sub = actions_sub.add_parser(action, help=f"{action} a hash list")
        sub.add_argument("id")
        _store_arguments(sub)
        sub.set_defaults(func=_hashlist_switch(action))
