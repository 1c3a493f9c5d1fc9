"""What a card says about a finding: the matched person or gallery entry."""

from __future__ import annotations

from typing import Any

import pytest

from consentry.gallery.store import HashList, Identity, MemoryGalleryStore
from consentry.service.dashboard.views import _matched


@pytest.fixture
def gallery() -> MemoryGalleryStore:
    store = MemoryGalleryStore()
    store.add_identity(Identity(id="p1", name="Mayor Quill", gallery="officials"))
    store.add_identity(Identity(id="p2", name="Kit Marlow", enabled=False))
    store.add_hash_list(HashList(id="L1", name="Partner list"))
    return store


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        ({"kind": "person.protected", "subject": "p1"}, "Mayor Quill (protected identity p1, gallery officials)"),
        ({"kind": "face.match", "subject": "p2"}, "Kit Marlow (protected identity p2, gallery default, disabled)"),
        ({"kind": "person.named", "subject": "ada-lovelace"}, "ada-lovelace"),
        ({"kind": "person.unlisted", "subject": None}, ""),
        (
            {"kind": "hash.match", "subject": "L1:item-3", "evidence": {"list": "L1"}},
            "L1:item-3; hash list 'Partner list'",
        ),
        ({"kind": "sexual.nudity", "subject": "nudity"}, ""),  # a grade, not a match
        ({"kind": "minor.term", "subject": "schoolgirl"}, ""),
    ],
    ids=["identity", "disabled_identity_by_face", "named_not_enrolled", "no_subject", "hash_list", "sexual", "minor"],
)
def test_matched_names_people_and_gallery_entries_only(
    gallery: MemoryGalleryStore, finding: dict[str, Any], expected: str
) -> None:
    assert _matched(finding, gallery) == expected
