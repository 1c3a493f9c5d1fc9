"""A dashboard on a fresh SQLite store, with a guard of phrase-matching fake detectors."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

pytest.importorskip("jinja2")

from consentry.content import CheckRequest, ImageInput
from consentry.detectors.base import Context
from consentry.guard import Guard
from consentry.store import LogOptions, SqlStore, open_store
from consentry.types import Finding, Span

# Invented and public names only; harmless prompts.
PHRASES: dict[str, tuple[str, float, str | None]] = {
    "Ada Lovelace": ("person.named", 0.93, "ada-lovelace"),
    "Mayor Quill": ("person.protected", 0.97, "mayor-quill"),
    "nude": ("sexual.nudity", 0.88, None),
    "lingerie": ("sexual.suggestive", 0.74, None),
    "schoolgirl": ("minor.term", 0.9, None),
}


class PhraseDetector:
    """Reports each listed phrase found in the prompt, with its span (a stand-in for the real ones)."""

    name: ClassVar[str] = "phrases"
    version: ClassVar[str] = "test"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = tuple(sorted({k for k, _, _ in PHRASES.values()}))

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt)

    def detect(self, context: Context) -> Sequence[Finding]:
        found = []
        for phrase, (kind, score, subject) in PHRASES.items():
            for match in re.finditer(re.escape(phrase), context.request.prompt, flags=re.IGNORECASE):
                found.append(
                    Finding(
                        kind=kind,
                        score=score,
                        detector="phrases@test",
                        reason="listed_phrase",
                        span=Span(match.start(), match.end()),
                        subject=subject,
                    )
                )
        return found


def make_guard(store: SqlStore) -> Guard:
    return Guard([PhraseDetector()], gallery=store.gallery)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite data directory migrated once; each test starts from a copy (migrating is slow)."""
    data = tmp_path_factory.mktemp("template")
    with open_store(data):
        pass
    return data


@pytest.fixture
def store(tmp_path: Path, migrated_sqlite: Path) -> Iterator[SqlStore]:
    data = tmp_path / "data"
    shutil.copytree(migrated_sqlite, data)
    with open_store(data) as opened:
        yield opened


@pytest.fixture
def guard(store: SqlStore) -> Guard:
    return make_guard(store)


def record(
    store: SqlStore,
    guard: Guard,
    prompt: str,
    *,
    user: str | None = "user-1",
    images: Sequence[bytes] = (),
    keep_images: bool = True,
    created_at: float | None = None,
    source: str = "api",
    **options: Any,
) -> str:
    request = CheckRequest(
        prompt,
        input_images=[ImageInput(data, role="img2img", name=f"upload{i}.png") for i, data in enumerate(images)],
        user_id=user,
        adult_content=options.pop("adult_content", True),
    )
    decision = guard.check(request)
    logging = LogOptions(
        prompt_logging=options.pop("prompt_logging", "all"),
        keep_images=keep_images,
        created_at=created_at,
        source=source,
    )
    return store.decisions.record(decision, request, logging).id
