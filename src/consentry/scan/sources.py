"""What a scan reads: a folder of images, a manifest (CSV, JSONL, Parquet), or a SQL query.

Each source yields ``ScanItem`` values: an id, the prompts when the source has them (``None``
means "read them from the image's metadata"), and the image's path. Listing does not read the
images; a row that cannot be used becomes an item with ``error`` set, so that it is reported
and the scan goes on.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from consentry.errors import InputError, MissingExtraError
from consentry.jsonl import json_lines

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"})
MANIFEST_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")

# Column names a manifest or a query may use for each field (first match wins).
ID_COLUMNS = ("id", "item_id", "image_id", "uuid")
PROMPT_COLUMNS = ("prompt", "positive_prompt", "text")
NEGATIVE_COLUMNS = ("negative_prompt", "negative", "neg_prompt")
PATH_COLUMNS = ("image_path", "image", "path", "file", "filename", "url")
TIER_COLUMNS = ("tier", "user_tier")
ADULT_COLUMNS = ("adult_content", "adult", "nsfw_allowed")


@dataclass(frozen=True, slots=True)
class ScanItem:
    """One hosted item: an id, its prompts (``None``: read from the image), its image path."""

    id: str
    prompt: str | None = None
    negative_prompt: str | None = None
    path: str | None = None
    tier: str | None = None
    adult_content: bool | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScanItem:
        return cls(
            id=str(data["id"]),
            prompt=data.get("prompt"),
            negative_prompt=data.get("negative_prompt"),
            path=data.get("path"),
            tier=data.get("tier"),
            adult_content=data.get("adult_content"),
            error=data.get("error"),
        )


def folder_items(root: str | Path, exclude: Iterable[str | Path] = ()) -> Iterator[ScanItem]:
    """Every image under ``root`` (recursively, in a stable order); the id is the relative path.

    Folders in ``exclude`` (the scan's output and quarantine folders) are skipped.
    """
    base = Path(root)
    skipped = {Path(p).resolve() for p in exclude}
    for directory, dirs, files in os.walk(base):
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".") and (Path(directory) / d).resolve() not in skipped]
        for name in sorted(files):
            path = Path(directory) / name
            if path.suffix.lower() in IMAGE_SUFFIXES and not name.startswith("."):
                yield ScanItem(id=path.relative_to(base).as_posix(), path=str(path))


def _pick(row: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if name in row:
            return row[name]
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):  # a Parquet/pandas null
        return None
    return str(value)


def _as_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y", "on"):
        return True
    if text in ("0", "false", "no", "n", "off"):
        return False
    return None


def item_from_row(row: Mapping[str, Any], position: int, base: Path | None) -> ScanItem:
    """A manifest or query row as an item; relative image paths are resolved against ``base``."""
    row = {str(k).strip().lower(): v for k, v in row.items()}
    raw_id = _as_text(_pick(row, ID_COLUMNS))
    item_id = raw_id if raw_id not in (None, "") else f"row-{position}"
    raw_path = _as_text(_pick(row, PATH_COLUMNS))
    path: str | None = None
    error: str | None = None
    if raw_path:
        if "://" in raw_path and not raw_path.startswith("file://"):
            error = f"image {raw_path!r} is a URL; scans read local or mounted files only"
        else:
            local = Path(raw_path.removeprefix("file://"))
            path = str(local if local.is_absolute() or base is None else base / local)
    return ScanItem(
        id=item_id,
        prompt=_as_text(_pick(row, PROMPT_COLUMNS)),
        negative_prompt=_as_text(_pick(row, NEGATIVE_COLUMNS)),
        path=path,
        tier=_as_text(_pick(row, TIER_COLUMNS)) or None,
        adult_content=_as_bool(_pick(row, ADULT_COLUMNS)),
        error=error,
    )


def manifest_items(path: str | Path) -> Iterator[ScanItem]:
    """The rows of a CSV, JSONL or Parquet manifest (image paths relative to the manifest's folder)."""
    manifest = Path(path)
    base = manifest.parent
    suffix = manifest.suffix.lower()
    if suffix == ".csv":
        with manifest.open(newline="", encoding="utf-8-sig") as handle:
            for position, row in enumerate(csv.DictReader(handle), start=1):
                yield item_from_row(row, position, base)
    elif suffix in (".jsonl", ".ndjson"):
        for position, line in json_lines(manifest):
            if isinstance(line, str):
                yield ScanItem(id=f"line-{position}", error=line)
            else:
                yield item_from_row(line, position, base)
    elif suffix == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ModuleNotFoundError as exc:
            raise MissingExtraError("reading Parquet manifests", "scan", exc.name or "pyarrow") from None
        table = pq.read_table(manifest)
        for position, row in enumerate(table.to_pylist(), start=1):
            yield item_from_row(row, position, base)
    else:
        raise InputError(f"{manifest}: a manifest must be .csv, .jsonl or .parquet", field="manifest")


def sql_items(query: str, database_url: str, image_root: str | Path | None = None) -> Iterator[ScanItem]:
    """The rows of a SQL query (SQLAlchemy URL); columns named like a manifest's."""
    try:
        import sqlalchemy
    except ModuleNotFoundError as exc:
        raise MissingExtraError("scanning a database", "scan", exc.name or "sqlalchemy") from None
    engine = sqlalchemy.create_engine(database_url)
    base = Path(image_root) if image_root is not None else None
    try:
        with engine.connect() as connection:
            result = connection.execution_options(stream_results=True).execute(sqlalchemy.text(query))
            for position, row in enumerate(result.mappings(), start=1):
                yield item_from_row(dict(row), position, base)
    except sqlalchemy.exc.SQLAlchemyError as exc:
        raise InputError(f"the query failed: {str(exc).splitlines()[0]}", field="sql") from None
    finally:
        engine.dispose()


def with_user_defaults(
    items: Iterable[ScanItem], *, tier: str | None, adult_content: bool | None
) -> Iterator[ScanItem]:
    """Items with the given tier and adult-content setting where the source gave none."""
    for item in items:
        yield replace(
            item,
            tier=item.tier if item.tier is not None else tier,
            adult_content=item.adult_content if item.adult_content is not None else adult_content,
        )


def items_from(
    path: str | Path | None,
    *,
    sql: str | None = None,
    database_url: str | None = None,
    image_root: str | Path | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[ScanItem]:
    """The items of a folder, a manifest file, or a query (``sql`` with ``database_url``)."""
    if sql is not None:
        if not database_url:
            raise InputError("--sql needs --database-url (a SQLAlchemy URL)", field="database_url")
        return sql_items(sql, database_url, image_root if image_root is not None else path)
    if path is None:
        raise InputError("give a folder, a manifest file, or --sql with --database-url", field="path")
    target = Path(path)
    if target.is_dir():
        return folder_items(target, exclude)
    if not target.exists():
        raise InputError(f"{target}: no such file or folder", field="path", code="not_found")
    if target.suffix.lower() in MANIFEST_SUFFIXES:
        return manifest_items(target)
    raise InputError(f"{target}: not a folder or a manifest (.csv, .jsonl, .parquet)", field="path")
