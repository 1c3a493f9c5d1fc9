"""What a moderator or an admin client can do, once: the admin API and the dashboard both call
these, so an action means the same whichever way it came in.

Each action checks that what it acts on exists (``InputError`` with code ``not_found``
otherwise), records who did it in the review log, and makes the running Guard see the change
(the allow-list is synced, the galleries reloaded) before it returns.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Literal, TypeAlias

from consentry.content import CheckRequest
from consentry.errors import InputError
from consentry.gallery.store import FaceEmbedding, HashEntry, HashList, Identity, Vector
from consentry.guard import Guard
from consentry.policy import AllowList
from consentry.store import AllowEntry, DecisionRecord, ReviewAction, SqlStore, UserRecord
from consentry.types import Finding

GalleryItem: TypeAlias = Literal["identity", "hash-list", "gallery"]
GALLERY_ITEMS: tuple[GalleryItem, ...] = ("identity", "hash-list", "gallery")


def not_found(what: str, item: object) -> InputError:
    return InputError(f"no {what} {str(item)!r}", code="not_found")


def allow_list_of(entries: Iterable[AllowEntry]) -> AllowList:
    """The run-time allow-list of the store's entries (their subjects never cover a person)."""
    listed = list(entries)
    return AllowList.of(
        (e.value for e in listed if e.kind == "phrase"),
        other_subjects=(e.value for e in listed if e.kind == "subject"),
    )


def clean_name(text: str) -> str:
    return " ".join(text.split())


def clean_aliases(aliases: Iterable[str]) -> tuple[str, ...]:
    return tuple(a for a in dict.fromkeys(clean_name(a) for a in aliases) if a)


class Actions:
    """The actions on one store and the running Guard (``guard`` returns it: a policy reload
    replaces it). ``sync_allow_list`` and ``refresh_galleries`` let the service reload its own way
    (default: done on the Guard directly)."""

    def __init__(
        self,
        store: SqlStore,
        guard: Callable[[], Guard],
        *,
        sync_allow_list: Callable[[], object] | None = None,
        refresh_galleries: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.guard = guard
        self._sync_allow_list = sync_allow_list
        self._refresh_galleries = refresh_galleries

    def sync_allow_list(self) -> None:
        if self._sync_allow_list is not None:
            self._sync_allow_list()
        else:
            self.guard().allow_list = allow_list_of(self.store.allow_list.list())

    def refresh_galleries(self) -> None:
        if self._refresh_galleries is not None:
            self._refresh_galleries()
        else:
            self.guard().refresh_galleries()

    # --- decisions ------------------------------------------------------------------------------

    def decision(self, decision_id: str) -> DecisionRecord:
        record = self.store.decisions.get(decision_id)
        if record is None:
            raise not_found("decision", decision_id)
        return record

    def review(self, decision_id: str, *, actor: str, action: str, note: str = "") -> ReviewAction:
        """Settle a decision (``confirm``, ``overturn`` without allow-list entries, or another word)."""
        self.decision(decision_id)
        return self.store.reviews.record(actor=actor, action=action, decision_id=decision_id, note=note)

    def overturn(
        self,
        decision_id: str,
        *,
        actor: str,
        note: str = "",
        phrases: Sequence[str] = (),
        subjects: Sequence[str] = (),
    ) -> tuple[ReviewAction, list[AllowEntry]]:
        """Overturn a decision, allow-listing the phrases and subjects that caused it (in force from
        the next check); the review's note lists them."""
        record = self.decision(decision_id)
        if any(clean_name(s) for s in subjects):
            raise InputError(
                "an overturn allow-lists phrases, not subjects: a subject would unprotect the person in every "
                "prompt, sexual ones too; allow the name with the words around it instead (e.g. 'madonna and child')",
                field="allow_subjects",
            )
        wanted: list[tuple[Literal["phrase", "subject"], str]] = [("phrase", clean_name(p)) for p in phrases]
        wanted += [("subject", clean_name(s)) for s in subjects]
        if any(not value for _, value in wanted):
            raise InputError("an allow-list entry needs a non-empty value", field="allow")
        for _, phrase in wanted:
            self.check_phrase(phrase, record)
        added = [
            self.store.allow_list.add(kind, value, created_by=actor, reason=note, decision_id=record.id)
            for kind, value in wanted
        ]
        if added:
            self.sync_allow_list()
        listed = "; ".join(f"allow-list {a.kind} {a.value!r}" for a in added)
        review = self.store.reviews.record(
            actor=actor, action="overturn", decision_id=record.id, note="; ".join(x for x in (note, listed) if x)
        )
        return review, added

    # --- the allow-list and users ---------------------------------------------------------------

    def check_phrase(self, phrase: str, record: DecisionRecord | None) -> None:
        """Refuse an allow-list phrase that would unprotect more than a reviewed false positive.

        The phrase alone must raise none of the policy's sexual, suggestive or minor signals (an
        entry gives the context of a false positive; it must not carry what the policy stops).
        For an overturn whose prompt text is kept, the phrase must also occur in it around a
        person the decision found, with more words than the name (``AllowList`` applies it so).
        """
        guard = self.guard()
        findings = guard.detect(CheckRequest(prompt=phrase))
        policy = guard.policy
        for name in ("sexual", "suggestive", "minor"):
            signal = policy.signals.get(name)
            if signal is not None and any(policy.counts(signal, f) for f in findings):
                raise InputError(
                    f"the phrase {phrase!r} is itself {'a sign of a minor' if name == 'minor' else name}: an "
                    "allow-list phrase gives the context of a false positive and must not hold what the policy stops",
                    field="allow",
                )
        if record is None or record.prompt is None:
            return
        texts = {"prompt": record.prompt, "negative_prompt": record.negative_prompt or ""}
        scoped = AllowList.of([phrase])
        people = [Finding.from_dict(f) for f in record.findings if str(f.get("kind", "")).startswith("person.")]
        if not any(scoped.suppresses(f, texts) for f in people):
            raise InputError(
                f"the phrase {phrase!r} does not hold a person this decision found together with words around "
                "them, as written in the prompt (e.g. 'madonna and child' around 'Madonna')",
                field="allow",
            )

    def allow(
        self,
        kind: Literal["phrase", "subject"],
        value: str,
        *,
        actor: str,
        reason: str = "",
        decision_id: str | None = None,
    ) -> AllowEntry:
        """Add to the operator's allow-list; in force from the next check. A phrase is checked
        (``check_phrase``); a subject added here never covers a person (``AllowList``)."""
        if kind == "phrase" and clean_name(value):
            self.check_phrase(clean_name(value), None)
        entry = self.store.allow_list.add(kind, value, created_by=actor, reason=reason, decision_id=decision_id)
        self.sync_allow_list()
        return entry

    def remove_allow_entry(self, entry_id: int, *, actor: str) -> None:
        if not self.store.allow_list.remove(entry_id):
            raise not_found("allow-list entry", entry_id)
        self.store.reviews.record(actor=actor, action="allow-remove", note=f"allow-list entry {entry_id}")
        self.sync_allow_list()

    def flag_user(self, user_id: str, flagged: bool, *, actor: str, note: str = "") -> UserRecord:
        if not user_id.strip():
            raise InputError("no user id", field="user_id")
        return self.store.users.set_flag(user_id, flagged, actor=actor, note=note)

    # --- galleries ----------------------------------------------------------------------------

    def identity(self, identity_id: str) -> Identity:
        found = self.store.gallery.get_identity(identity_id)
        if found is None:
            raise not_found("identity", identity_id)
        return found

    def hash_list(self, list_id: str) -> HashList:
        found = self.store.gallery.get_hash_list(list_id)
        if found is None:
            raise not_found("hash list", list_id)
        return found

    def add_identity(
        self,
        name: str,
        *,
        actor: str,
        aliases: Iterable[str] = (),
        gallery: str = "default",
        identity_id: str | None = None,
        faces: Sequence[tuple[str, Vector]] = (),
    ) -> Identity:
        """Protect a person: a name, aliases, and the face embeddings ``(model, vector)`` of photos."""
        identity = Identity(
            id=identity_id or uuid.uuid4().hex, name=clean_name(name), aliases=clean_aliases(aliases), gallery=gallery
        )
        if not identity.name:
            raise InputError("name: must not be blank", field="name")
        if self.store.gallery.get_identity(identity.id) is not None:
            raise InputError(f"identity {identity.id!r} exists", field="id", code="conflict")
        self.store.gallery.add_identity(identity)
        self.add_faces(identity.id, faces, actor=actor, refresh=False)
        self._gallery_changed(actor, "identity-add", f"identity {identity.id}")
        return identity

    def add_faces(
        self, identity_id: str, faces: Sequence[tuple[str, Vector]], *, actor: str, refresh: bool = True
    ) -> Identity:
        identity = self.identity(identity_id)
        if faces:
            self.store.gallery.add_embeddings([FaceEmbedding(identity.id, model, vector) for model, vector in faces])
        if refresh:
            self._gallery_changed(actor, "identity-faces", f"identity {identity.id}: {len(faces)} faces")
        return identity

    def update_identity(
        self, identity_id: str, *, actor: str, name: str | None = None, aliases: Iterable[str] | None = None
    ) -> Identity:
        identity = self.identity(identity_id)
        if name is not None or aliases is not None:
            identity = replace(
                identity,
                name=clean_name(name) if name is not None else identity.name,
                aliases=clean_aliases(aliases) if aliases is not None else identity.aliases,
            )
            self.store.gallery.add_identity(identity)
            self._gallery_changed(actor, "identity-update", f"identity {identity.id}")
        return identity

    def add_hash_list(self, name: str, kind: str, *, actor: str, list_id: str | None = None) -> HashList:
        hash_list = HashList(id=list_id or uuid.uuid4().hex, name=name, kind=kind)
        if self.store.gallery.get_hash_list(hash_list.id) is not None:
            raise InputError(f"hash list {hash_list.id!r} exists", field="id", code="conflict")
        self.store.gallery.add_hash_list(hash_list)
        self._gallery_changed(actor, "hash-list-add", f"hash-list {hash_list.id}")
        return hash_list

    def add_hashes(self, list_id: str, hashes: Iterable[tuple[str, str]], *, actor: str) -> int:
        """Add ``(hash hex, item id)`` pairs to a list; returns how many."""
        self.hash_list(list_id)
        added = self.store.gallery.add_hashes(HashEntry(list_id, h, item) for h, item in hashes)
        self._gallery_changed(actor, "hash-list-import", f"hash-list {list_id}: {added} hashes")
        return added

    def remove_hashes(self, list_id: str, hashes: Iterable[str], *, actor: str) -> int:
        self.hash_list(list_id)
        removed = self.store.gallery.remove_hashes(list_id, hashes)
        self._gallery_changed(actor, "hash-list-remove-hashes", f"hash-list {list_id}: {removed} hashes")
        return removed

    def switch(self, what: GalleryItem, item_id: str, enabled: bool, *, actor: str) -> None:
        """Switch an identity, a hash list or a whole gallery on or off."""
        gallery = self.store.gallery
        if what == "identity":
            found = gallery.set_identity_enabled(item_id, enabled)
        elif what == "hash-list":
            found = gallery.set_hash_list_enabled(item_id, enabled)
        else:
            gallery.set_gallery_enabled(item_id, enabled)
            found = True
        if not found:
            raise not_found(what, item_id)
        self._gallery_changed(actor, f"{what}-{'enable' if enabled else 'disable'}", f"{what} {item_id}")

    def remove(self, what: GalleryItem, item_id: str, *, actor: str) -> None:
        """Remove an identity (with its face embeddings) or a hash list (with its hashes)."""
        if what == "gallery":
            raise InputError("remove a gallery's identities one by one", field="gallery")
        gallery = self.store.gallery
        found = gallery.remove_identity(item_id) if what == "identity" else gallery.remove_hash_list(item_id)
        if not found:
            raise not_found(what, item_id)
        self._gallery_changed(actor, f"{what}-remove", f"{what} {item_id}")

    def _gallery_changed(self, actor: str, action: str, note: str) -> None:
        self.store.reviews.record(actor=actor, action=action, note=note)
        self.refresh_galleries()
