"""The SQL store, on SQLite and (when one is running) PostgreSQL: schema, galleries, the decision
log, API keys, users, allow-list and review actions."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from consentry.content import CheckRequest, ImageInput
from consentry.gallery import FaceEmbedding, GalleryStore, HashEntry, HashList, Identity, MemoryGalleryStore
from consentry.store import DecisionQuery, LogOptions, SqlStore, StoreUnavailableError, database_url, open_store
from consentry.types import Decision
from tests.conftest import make_png
from tests.helpers import finding


@pytest.fixture
def store(database_target: str) -> Iterator[SqlStore]:
    with open_store(database_target) as opened:
        yield opened


def _decision(verdict: str = "deny", rules: tuple[str, ...] = ("deny-sexual-real-person",)) -> Decision:
    return Decision(
        verdict=verdict,  # type: ignore[arg-type]
        message="not allowed" if verdict != "allow" else "",
        rule_ids=rules,
        policy_version="test-1",
        findings=(finding("person.named", 0.93, span=(0, 4), subject="p:1"), finding("sexual.explicit", 0.8)),
        detector_versions=("people@1", "sexual@1"),
        elapsed_ms=1.25,
    )


# --- schema ---------------------------------------------------------------------------------


def test_migrations_create_exactly_the_models_schema(store: SqlStore) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from consentry.store.models import Base

    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_opening_twice_is_a_no_op_and_the_schema_is_at_head(database_target: str) -> None:
    from consentry.store.migrate import current_revision, head_revision

    with open_store(database_target) as first:
        first.gallery.add_identity(Identity("a", "Anna"))
    with open_store(database_target) as second:
        assert current_revision(second.engine) == head_revision()
        assert [i.name for i in second.gallery.list_identities()] == ["Anna"]


def test_a_data_dir_gets_a_sqlite_file_created_on_first_open(tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "dir"
    with open_store(target) as opened:
        assert opened.dialect == "sqlite"
    assert (target / "consentry.db").is_file()


@pytest.mark.parametrize(
    ("target", "env", "expected"),
    [
        ("/srv/c", None, "sqlite:////srv/c/consentry.db"),
        ("postgresql://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", None, "sqlite:///x.db"),
        (None, "postgresql://from-env/db", "postgresql+psycopg://from-env/db"),
    ],
)
def test_database_url_from_a_dir_a_url_or_the_environment(
    monkeypatch: pytest.MonkeyPatch, target: str | None, env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv("CONSENTRY_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("CONSENTRY_DATABASE_URL", env)
    assert database_url(target) == expected


def test_no_target_means_the_default_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CONSENTRY_DATABASE_URL", raising=False)
    monkeypatch.setenv("CONSENTRY_DATA_DIR", str(tmp_path / "d"))
    assert database_url() == f"sqlite:///{tmp_path / 'd' / 'consentry.db'}"


def test_an_unreachable_database_raises_store_unavailable() -> None:
    with pytest.raises(StoreUnavailableError, match="database is unavailable"):
        open_store("postgresql://nobody@127.0.0.1:9/none")


def test_a_database_that_goes_away_raises_store_unavailable(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    opened = open_store(tmp_path / "d")
    opened.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    for call in (opened.ping, lambda: opened.decisions.record(_decision()), opened.gallery.version):
        with pytest.raises(StoreUnavailableError):
            call()


# --- the gallery: the same contract as the in-memory store --------------------------------------


@pytest.fixture(params=["memory", "sql"])
def gallery(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GalleryStore]:
    if request.param == "memory":
        yield MemoryGalleryStore()
        return
    with open_store(tmp_path / "data") as opened:
        yield opened.gallery


def _vec(*values: float) -> np.ndarray:
    return np.array(values or (0.1, -0.2, 0.3, 1e-7), dtype=np.float32)


def test_gallery_identity_switches_and_removal(gallery: GalleryStore) -> None:
    gallery.add_identity(Identity("a", "Anna K", ("annak", "anna k."), gallery="staff"))
    gallery.add_identity(Identity("b", "Bo"))
    gallery.add_embeddings([FaceEmbedding("a", "m", _vec()), FaceEmbedding("b", "m", _vec())])
    assert {e.identity_id for e in gallery.embeddings("m")} == {"a", "b"}
    gallery.set_identity_enabled("a", False)
    assert {e.identity_id for e in gallery.embeddings("m")} == {"b"}
    assert {e.identity_id for e in gallery.embeddings("m", enabled_only=False)} == {"a", "b"}
    gallery.set_identity_enabled("a", True)
    gallery.set_gallery_enabled("staff", False)
    assert gallery.disabled_galleries() == {"staff"}
    assert {e.identity_id for e in gallery.embeddings("m")} == {"b"}
    gallery.set_gallery_enabled("staff", True)
    assert gallery.disabled_galleries() == set()
    assert gallery.embeddings("other-model") == []
    assert gallery.get_identity("a") == Identity(
        "a",
        "Anna K",
        ("annak", "anna k."),
        "staff",
        True,
        gallery.get_identity("a").created_at,  # type: ignore[union-attr]
    )
    assert [i.id for i in gallery.list_identities("staff")] == ["a"]
    assert gallery.remove_identity("b")
    assert not gallery.remove_identity("b")
    assert not gallery.set_identity_enabled("b", True)
    assert gallery.get_identity("b") is None
    assert [e.identity_id for e in gallery.embeddings("m", enabled_only=False)] == ["a"]


def test_gallery_embeddings_round_trip_as_exact_float32(gallery: GalleryStore) -> None:
    gallery.add_identity(Identity("a", "Anna"))
    vector = np.random.default_rng(1).standard_normal(512).astype(np.float32)
    gallery.add_embeddings([FaceEmbedding("a", "sface@1", vector, id="e1")])
    [stored] = gallery.embeddings("sface@1")
    assert stored.id == "e1" and stored.vector.dtype == np.float32
    assert np.array_equal(stored.vector, vector)


def test_gallery_embeddings_need_an_identity(gallery: GalleryStore) -> None:
    with pytest.raises(KeyError):
        gallery.add_embeddings([FaceEmbedding("nobody", "m", _vec())])


def test_gallery_hash_lists(gallery: GalleryStore) -> None:
    gallery.add_hash_list(HashList("l1", "known"))
    gallery.add_hash_list(HashList("l2", "other"))
    assert gallery.add_hashes([HashEntry("l1", "ab" * 32, "x"), HashEntry("l2", "cd" * 32)]) == 2
    assert gallery.count_hashes() == 2 and gallery.count_hashes("l1") == 1
    assert gallery.set_hash_list_enabled("l2", False)
    assert [h.list_id for h in gallery.hashes()] == ["l1"]
    assert len(gallery.hashes(enabled_only=False)) == 2
    assert {h.name for h in gallery.list_hash_lists()} == {"known", "other"}
    assert gallery.remove_hash_list("l1")
    assert not gallery.remove_hash_list("l1")
    assert gallery.count_hashes() == 1
    with pytest.raises(KeyError):
        gallery.add_hashes([HashEntry("missing", "00" * 32)])


def test_gallery_version_changes_with_every_change(gallery: GalleryStore) -> None:
    steps = [
        lambda: gallery.add_identity(Identity("a", "Anna")),
        lambda: gallery.add_embeddings([FaceEmbedding("a", "m", _vec())]),
        lambda: gallery.set_identity_enabled("a", False),
        lambda: gallery.set_gallery_enabled("default", False),
        lambda: gallery.add_hash_list(HashList("l", "known")),
        lambda: gallery.add_hashes([HashEntry("l", "ab" * 32)]),
        lambda: gallery.set_hash_list_enabled("l", False),
        lambda: gallery.remove_hash_list("l"),
        lambda: gallery.remove_identity("a"),
    ]
    seen = [gallery.version()]
    for step in steps:
        step()
        seen.append(gallery.version())
    assert all(b > a for a, b in itertools.pairwise(seen)), seen


def test_sql_gallery_is_shared_between_stores_on_one_database(database_target: str) -> None:
    with open_store(database_target) as one, open_store(database_target) as two:
        two.gallery.version_ttl_s = 0  # read the database every time
        before = two.gallery.version()
        one.gallery.add_hash_list(HashList("l", "known"))
        one.gallery.add_hashes(HashEntry("l", f"{i:064x}") for i in range(12_000))
        assert two.gallery.version() > before
        assert two.gallery.count_hashes("l") == 12_000
        assert one.gallery.remove_hashes("l", [f"{i:064x}" for i in range(10)]) == 10
        assert two.gallery.count_hashes() == 11_990


def test_sql_gallery_version_is_cached_briefly_but_its_own_changes_show_at_once(tmp_path: Path) -> None:
    with open_store(tmp_path / "d") as one, open_store(tmp_path / "d") as two:
        two.gallery.version_ttl_s = 0.2
        seen = two.gallery.version()
        one.gallery.add_identity(Identity("a", "Anna"))
        assert two.gallery.version() == seen  # cached: another store's change is not read yet
        two.gallery.add_identity(Identity("b", "Bo"))
        assert two.gallery.version() == seen + 2  # its own change drops the cache
        one.gallery.set_identity_enabled("a", False)
        time.sleep(0.25)
        assert two.gallery.version() == seen + 3  # and the cache lasts only version_ttl_s


# --- the decision log ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logging", "verdict", "text_kept"),
    [
        ("hash", "deny", False),
        ("hash", "allow", False),
        ("flagged", "deny", True),
        ("flagged", "review", True),
        ("flagged", "allow", False),
        ("all", "allow", True),
    ],
)
def test_prompt_text_is_kept_only_as_the_operator_chose(
    store: SqlStore, logging: str, verdict: str, text_kept: bool
) -> None:
    request = CheckRequest("Anna nude", "blurry", user_id="u1")
    record = store.decisions.record(_decision(verdict), request, LogOptions(prompt_logging=logging))  # type: ignore[arg-type]
    stored = store.decisions.get(record.id)
    assert stored is not None
    assert stored.prompt_sha256 is not None and len(stored.prompt_sha256) == 64
    assert (stored.prompt == "Anna nude") is text_kept
    assert (stored.negative_prompt == "blurry") is text_kept
    if not text_kept:
        assert stored.prompt is None and stored.negative_prompt is None


def test_a_decision_is_logged_with_everything_a_moderator_needs(store: SqlStore) -> None:
    request = CheckRequest(
        "Anna nude", input_images=[ImageInput(make_png(), role="face_source", name="me.png")], request_id="r-1"
    )
    record = store.decisions.record(
        _decision(), request, LogOptions(api_key_id="k1", keep_images=True, prompt_logging="all")
    )
    stored = store.decisions.get(record.id)
    assert stored == record
    assert stored.rule_ids == ("deny-sexual-real-person",)
    assert stored.policy_version == "test-1" and stored.detector_versions == ("people@1", "sexual@1")
    assert [(f["kind"], f["score"], f["span"]) for f in stored.findings] == [
        ("person.named", 0.93, {"start": 0, "end": 4, "field": "prompt"}),
        ("sexual.explicit", 0.8, None),
    ]
    assert stored.request_id == "r-1" and stored.api_key_id == "k1"
    assert [(i["ref"], i["role"], i["format"]) for i in stored.images] == [("input:0", "face_source", "png")]
    assert store.decisions.image(record.id, "input:0") == ("png", make_png())
    assert store.decisions.image(record.id, "output:0") is None


def test_images_are_not_kept_unless_asked(store: SqlStore) -> None:
    request = CheckRequest("x", output_images=[ImageInput(make_png())])
    record = store.decisions.record(_decision(), request)
    assert store.decisions.image(record.id, "output:0") is None
    assert record.images[0]["sha256"]


def test_decisions_are_searched_by_user_verdict_rule_and_time(store: SqlStore) -> None:
    t0 = 1_700_000_000.0
    rows = [
        ("u1", "deny", ("deny-sexual-real-person",), t0),
        ("u1", "allow", (), t0 + 10),
        ("u2", "deny", ("deny-sexual-minor", "deny-sexual-real-person"), t0 + 20),
        ("u2", "review", ("review-suggestive-real-person",), t0 + 30),
    ]
    ids = [
        store.decisions.record(_decision(v, r), CheckRequest("p", user_id=u), LogOptions(created_at=t)).id
        for u, v, r, t in rows
    ]
    cases = [
        (DecisionQuery(), [3, 2, 1, 0]),
        (DecisionQuery(user_id="u1"), [1, 0]),
        (DecisionQuery(verdict="deny"), [2, 0]),
        (DecisionQuery(verdicts=("deny", "review")), [3, 2, 0]),
        (DecisionQuery(rule_id="deny-sexual-real-person"), [2, 0]),
        (DecisionQuery(rule_id="deny-sexual-minor", user_id="u1"), []),
        (DecisionQuery(since=t0 + 10, until=t0 + 30), [2, 1]),
        (DecisionQuery(limit=2), [3, 2]),
        (DecisionQuery(limit=2, offset=2), [1, 0]),
    ]
    for query, expected in cases:
        assert [r.id for r in store.decisions.search(query)] == [ids[i] for i in expected], query
    assert store.decisions.count(verdict="deny") == 2
    assert store.decisions.count(DecisionQuery(user_id="u2")) == 2
    assert [r.id for r in store.decisions.search(user_id="u2", verdict="review")] == [ids[3]]


def test_purge_removes_only_decisions_older_than_the_cutoff(store: SqlStore) -> None:
    old = store.decisions.record(_decision(), CheckRequest("p"), LogOptions(created_at=1000.0, keep_images=True))
    new = store.decisions.record(_decision(), CheckRequest("p"), LogOptions(created_at=time.time()))
    assert store.decisions.purge(older_than=2000.0) == 1
    assert store.decisions.get(old.id) is None
    assert store.decisions.get(new.id) is not None
    assert store.decisions.search(rule_id="deny-sexual-real-person") == [store.decisions.get(new.id)]
    assert store.decisions.purge(older_than=2000.0) == 0


# --- users ----------------------------------------------------------------------------------------


def test_denied_requests_are_counted_and_flag_the_user_at_the_threshold(store: SqlStore) -> None:
    request = CheckRequest("p", user_id="u1")
    for expected_count, expected_flag in [(1, False), (2, False), (3, True), (4, True)]:
        store.decisions.record(_decision("deny"), request, LogOptions(flag_threshold=3))
        user = store.users.get("u1")
        assert user is not None
        assert (user.denied_count, user.flagged) == (expected_count, expected_flag)
    assert user.flagged_by == "auto"
    store.decisions.record(_decision("allow", ()), request, LogOptions(flag_threshold=3))
    store.decisions.record(_decision("review", ("r",)), request, LogOptions(flag_threshold=3))
    assert store.users.get("u1").denied_count == 4  # type: ignore[union-attr]
    store.decisions.record(
        _decision("deny"), CheckRequest("p"), LogOptions(flag_threshold=3)
    )  # no user id: nobody counted
    assert [u.user_id for u in store.users.list(flagged=True)] == ["u1"]


def test_a_moderator_flags_and_unflags_a_user_and_it_is_recorded(store: SqlStore) -> None:
    for _ in range(2):
        store.decisions.record(_decision("deny"), CheckRequest("p", user_id="u1"), LogOptions(flag_threshold=2))
    unflagged = store.users.set_flag("u1", False, actor="mod-a", note="appeal accepted")
    assert (unflagged.flagged, unflagged.denied_count) == (False, 0)
    flagged = store.users.set_flag("u9", True, actor="mod-b", note="reported by users")
    assert (flagged.flagged, flagged.flagged_by, flagged.flag_note) == (True, "mod-b", "reported by users")
    actions = [(a.action, a.actor, a.user_id) for a in store.reviews.list()]
    assert actions == [("flag", "mod-b", "u9"), ("unflag", "mod-a", "u1")]
    assert "denied count was 2" in store.reviews.list(user_id="u1")[0].note
    store.decisions.record(_decision("deny"), CheckRequest("p", user_id="u1"), LogOptions(flag_threshold=2))
    assert not store.users.get("u1").flagged  # type: ignore[union-attr]


# --- API keys -------------------------------------------------------------------------------------


def test_api_keys_are_stored_hashed_and_verified(store: SqlStore) -> None:
    from consentry.store.models import ApiKeyRow

    key, token = store.keys.create("check", name="site")
    admin, admin_token = store.keys.create("admin")
    assert store.keys.verify(token) == key
    assert store.keys.verify(admin_token) == admin
    with store.database.session() as s:
        stored = [r.secret_sha256 for r in s.query(ApiKeyRow)]
    assert all(token.split("_", 2)[2] not in h for h in stored) and all(len(h) == 64 for h in stored)
    for bad in [
        "",
        "nonsense",
        token + "x",
        token[:-1],
        "csk_",
        f"csk_{key.id}_",
        admin_token.replace(admin.id, key.id),
    ]:
        assert store.keys.verify(bad) is None, bad
    assert key.allows("check") and not key.allows("admin")
    assert admin.allows("check") and admin.allows("admin")
    assert store.keys.revoke(key.id)
    assert not store.keys.revoke(key.id)
    assert store.keys.verify(token) is None
    assert [k.id for k in store.keys.list() if k.active] == [admin.id]


def test_an_unknown_scope_is_refused(store: SqlStore) -> None:
    from consentry.errors import InputError

    with pytest.raises(InputError, match="scope"):
        store.keys.create("root")  # type: ignore[arg-type]


# --- the allow-list and review actions ---------------------------------------------------------


def test_allow_list_entries_with_who_when_why(store: SqlStore) -> None:
    from consentry.errors import InputError

    v0 = store.allow_list.version()
    entry = store.allow_list.add("phrase", "  madonna   and child ", created_by="mod-a", reason="painting")
    subject = store.allow_list.add("subject", "p:42", created_by="mod-b", decision_id="d1")
    assert store.allow_list.version() == v0 + 2
    assert entry.value == "madonna and child" and entry.created_by == "mod-a" and entry.reason == "painting"
    assert [(e.kind, e.value) for e in store.allow_list.list()] == [
        ("phrase", "madonna and child"),
        ("subject", "p:42"),
    ]
    assert store.allow_list.remove(subject.id)
    assert not store.allow_list.remove(subject.id)
    assert store.allow_list.version() == v0 + 3
    for kind, value in [("word", "x"), ("phrase", "   ")]:
        with pytest.raises(InputError):
            store.allow_list.add(kind, value)  # type: ignore[arg-type]


def test_a_review_action_becomes_the_decisions_review_status(store: SqlStore) -> None:
    record = store.decisions.record(_decision(), CheckRequest("p", user_id="u1"))
    assert store.decisions.search(unreviewed=True) == [record]
    action = store.reviews.record(actor="mod-a", action="overturn", decision_id=record.id, note="a painting")
    assert store.decisions.get(record.id).review_status == "overturn"  # type: ignore[union-attr]
    assert store.decisions.search(unreviewed=True) == []
    assert store.decisions.search(review_status="overturn")[0].id == record.id
    assert store.reviews.list(decision_id=record.id) == [action]
    assert (action.actor, action.action, action.note) == ("mod-a", "overturn", "a painting")


@pytest.mark.parametrize(
    ("logging", "verdict", "redacted"),
    [("hash", "deny", True), ("flagged", "allow", True), ("flagged", "deny", False), ("all", "allow", False)],
)
def test_findings_keep_no_private_name_or_prompt_text_where_the_prompt_is_not_kept(
    store: SqlStore, logging: str, verdict: str, redacted: bool
) -> None:
    from consentry.types import Finding

    private = Finding(
        "person.unlisted",
        0.8,
        "unlisted@1",
        "ner_not_in_index",
        subject="greta vollmerhausen",
        evidence={"casing": "title"},
    )
    model = Finding(
        "sexual.nudity", 0.9, "sexual@1", "sexual-terms", evidence={"ngrams": ("greta vollmerhausen nude",)}
    )
    public = Finding(
        "person.named", 0.9, "people@1", "indexed", subject="taylor-swift", evidence={"name": "Taylor Swift"}
    )
    decision = Decision(
        verdict=verdict, message="m", rule_ids=(), policy_version="p", findings=(private, model, public)
    )  # type: ignore[arg-type]
    request = CheckRequest("my neighbour Greta Vollmerhausen nude, and Taylor Swift")
    record = store.decisions.record(decision, request, LogOptions(prompt_logging=logging))  # type: ignore[arg-type]
    stored = store.decisions.get(record.id)
    assert stored is not None
    logged = str(stored.findings).casefold()
    assert ("greta" in logged) is not redacted
    assert stored.findings[2]["subject"] == "taylor-swift" and stored.findings[2]["evidence"] == {
        "name": "Taylor Swift"
    }
    if redacted:
        assert str(stored.findings[0]["subject"]).startswith("sha256:")
        assert stored.findings[1]["evidence"] == {}
