"""Core types and the request: precise errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consentry import CheckRequest, Finding, ImageInput, InputError, Span
from consentry.content import MAX_IMAGE_BYTES
from consentry.types import Box


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"kind": "person", "score": 0.5, "detector": "d@1", "reason": "r"}, "dotted"),
        ({"kind": "person.named", "score": 1.5, "detector": "d@1", "reason": "r"}, "0..1"),
        ({"kind": "person.named", "score": -0.1, "detector": "d@1", "reason": "r"}, "0..1"),
        ({"kind": "person.named", "score": 0.5, "detector": "d", "reason": "r"}, "name@version"),
        ({"kind": "person.named", "score": 0.5, "detector": "d@1", "reason": "r", "evidence": {"x": {}}}, "scalar"),
    ],
)
def test_malformed_findings_are_rejected(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        Finding(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("evidence", "fragment"),
    [
        ({"x": {1, 2}}, "scalar"),  # a set is no tuple
        ({"x": b"raw"}, "scalar"),
        ({"popularity": True}, "number"),  # a flag is no number
        ({"popularity": "high"}, "number"),
        ({"edits": 1.5}, "int"),
    ],
)
def test_evidence_of_the_wrong_type_is_rejected(evidence: dict[str, object], fragment: str) -> None:
    with pytest.raises((ValueError, TypeError), match=fragment):
        Finding("person.named", 0.5, "d@1", "r", evidence=evidence)  # type: ignore[arg-type]


def test_evidence_of_the_listed_types_is_kept() -> None:
    evidence = {"popularity": 2, "edits": 0, "steps": ["leet"], "tier": None, "x": 0.5, "y": True}
    f = Finding("person.named", 0.5, "d@1", "r", evidence=evidence)  # type: ignore[arg-type]
    assert dict(f.evidence) == {**evidence, "steps": ("leet",)}
    assert dict(Finding("person.named", 0.5, "d@1", "r", evidence={"popularity": 2.5}).evidence) == {"popularity": 2.5}


def test_finding_is_frozen_and_serialises() -> None:
    f = Finding("person.named", 0.9, "d@1", "r", span=Span(1, 3), evidence={"steps": ["leet"]})
    with pytest.raises(AttributeError):
        f.score = 0.1  # type: ignore[misc]
    assert f.to_dict()["evidence"] == {"steps": ["leet"]}
    assert f.family == "person"


@pytest.mark.parametrize(
    ("kwargs", "fragment", "code"),
    [
        ({"prompt": ""}, "nothing to check", "empty"),
        ({"prompt": "   \n"}, "nothing to check", "empty"),
        ({"prompt": "x" * 100_000}, "100,000 characters", "too_large"),
        ({"prompt": b"caf\xe9"}, "not valid UTF-8", "bad_encoding"),
        ({"prompt": "a\ud800b"}, "surrogates", "bad_encoding"),
        ({"prompt": 42}, "must be text", "invalid_input"),
        ({"prompt": "ok", "negative_prompt": "n" * 30_000}, "negative_prompt is 30,000", "too_large"),
    ],
)
def test_bad_text_input_is_a_precise_error(kwargs: dict[str, object], fragment: str, code: str) -> None:
    with pytest.raises(InputError, match=fragment) as info:
        CheckRequest(**kwargs)  # type: ignore[arg-type]
    assert info.value.code == code


def test_image_only_request_is_valid(png_bytes: bytes) -> None:
    request = CheckRequest(output_images=[ImageInput(png_bytes)])
    assert request.output_images[0].role == "output"
    assert [ref for ref, _ in request.images] == ["output:0"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"not an image at all", "not a supported image"),
        (b"\x89PNG" + b"\0" * (MAX_IMAGE_BYTES), "limit"),
    ],
)
def test_bad_images_are_precise_errors(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        ImageInput(data)


def test_missing_image_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        ImageInput.from_path(tmp_path / "nope.png")
    assert info.value.code == "not_found"


# Typed evidence: (case, kind, evidence, fragment of the error or None when it fits)
EVIDENCE_CASES = [
    ("a person role", "person.named", {"role": "style", "name": "Annie Leibovitz"}, None),
    ("a misspelt role", "person.named", {"role": "stlye"}, "must be one of subject, style"),
    ("a role on an unlisted name", "person.unlisted", {"role": "negative", "casing": "title"}, None),
    ("a role that is not text", "person.protected", {"role": 3}, "must be text"),
    ("a live-action character", "person.named", {"role": "live_action", "character": "Hermione Granger"}, None),
    ("an edit count that is text", "person.named", {"edits": "2"}, "must be int"),
    ("a flag that is a number", "person.unlisted", {"in_index": 0}, "must be flag"),
    ("terms that are numbers", "sexual.nudity", {"terms": (1, 2)}, "must be texts"),
    ("a model score", "sexual.explicit", {"model_score": 0.7}, None),
    ("an image grade", "nudity.nude", {"grade": "nude", "looks": 2}, None),
    ("an unknown image grade", "nudity.nude", {"grade": "naughty"}, "must be one of none"),
    ("an image role", "face.photo", {"image_role": "face_source"}, None),
    ("a bool is not a count", "hash.match", {"distance": True}, "must be int"),
    ("None is always allowed", "person.named", {"tier": None, "character": None}, None),
    ("an error's text", "error.person", {"error": "boom"}, None),
    ("a key outside the schema is detail", "person.named", {"whatever": "x"}, None),
    ("a kind with no schema", "custom.thing", {"anything": 1}, None),
]


@pytest.mark.parametrize(("case", "kind", "evidence", "fragment"), EVIDENCE_CASES, ids=[c[0] for c in EVIDENCE_CASES])
def test_evidence_is_checked_against_its_kind_when_a_finding_is_made(
    case: str, kind: str, evidence: dict[str, object], fragment: str | None
) -> None:
    if fragment is None:
        Finding(kind, 0.9, "test@1", "hand-made", evidence=evidence)
    else:
        with pytest.raises(ValueError, match=fragment):
            Finding(kind, 0.9, "test@1", "hand-made", evidence=evidence)


def test_strict_evidence_check_names_keys_outside_the_schema() -> None:
    from consentry.types import evidence_problems

    assert evidence_problems("person.named", {"names": ("x",)}, strict=True) == [
        "person.named: evidence key 'names' is not in the schema"
    ]
    assert evidence_problems("custom.thing", {"a": 1}, strict=True) == ["custom.thing: no evidence schema"]
    assert evidence_problems("person.named", {"name": "x", "role": "subject"}, strict=True) == []


def test_role_of_reads_the_role_and_defaults_to_subject() -> None:
    from consentry.types import role_of

    assert role_of(Finding("person.named", 0.9, "t@1", "r", evidence={"role": "lookalike"})) == "lookalike"
    assert role_of(Finding("person.named", 0.9, "t@1", "r")) == "subject"
    assert role_of(Finding("custom.thing", 0.9, "t@1", "r", evidence={"role": "anything"})) == "subject"


# --- a finding read back from its dict --------------------------------------------------------------

_spans = st.builds(
    lambda a, n, f: Span(a, a + n, f),
    st.integers(0, 10_000),
    st.integers(0, 500),
    st.sampled_from(["prompt", "negative_prompt"]),
)
_boxes = st.builds(
    lambda x, y, w, h, i: Box(x, y, x + w, y + h, i),
    st.integers(0, 4000),
    st.integers(0, 4000),
    st.integers(0, 4000),
    st.integers(0, 4000),
    st.sampled_from(["input:0", "output:1"]),
)
_findings = st.builds(
    Finding,
    kind=st.sampled_from(["test.thing", "hash.match", "error.person", "sexual.suggestive"]),
    score=st.floats(0.0, 1.0).map(lambda s: round(s, 4)),
    detector=st.sampled_from(["x@1", "pdq@1", "phrases@test"]),
    reason=st.text(max_size=20),
    span=st.none() | _spans,
    box=st.none() | _boxes,
    subject=st.none() | st.text(max_size=20),
)


@given(_findings)
def test_a_finding_survives_to_dict_and_json_and_back(finding: Finding) -> None:
    assert Finding.from_dict(json.loads(json.dumps(finding.to_dict()))) == finding


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"score": 0.5, "detector": "x@1"}, KeyError),
        ({"kind": "test.thing", "score": 1.5, "detector": "x@1"}, ValueError),
        ({"kind": "test.thing", "score": "high", "detector": "x@1"}, ValueError),
        ({"kind": "nodot", "score": 0.5, "detector": "x@1"}, ValueError),
        ({"kind": "test.thing", "score": 0.5, "detector": "x@1", "span": {"start": 5, "end": 2}}, ValueError),
    ],
)
def test_a_malformed_finding_dict_raises_a_precise_error(data: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        Finding.from_dict(data)


def test_a_finding_dict_without_reason_or_span_field_takes_the_defaults() -> None:
    data = {"kind": "test.thing", "score": 1, "detector": "x@1", "span": {"start": 0, "end": 3}}
    assert Finding.from_dict(data) == Finding("test.thing", 1.0, "x@1", "", span=Span(0, 3, "prompt"))


# Redaction for the decision log: (case, finding, evidence keys kept, subject: 'same', 'hashed' or None)
def _f(kind: str, subject: str | None, **evidence: object) -> Finding:
    return Finding(kind, 0.9, "t@1", "r", subject=subject, evidence=evidence)


REDACTION_CASES = [
    (
        "an indexed person keeps its id and index name",
        _f("person.named", "taylor-swift", name="Taylor Swift", alias="t swift", role="subject", edits=1),
        {"name", "alias", "role", "edits"},
        "same",
    ),
    (
        "a registered person keeps the id, not the name",
        _f("person.protected", "p-17", name="Anna Kowalczyk", alias="anna k", tier="protected"),
        {"tier"},
        "same",
    ),
    (
        "an unlisted name is hashed",
        _f("person.unlisted", "greta vollmerhausen", casing="title", cue="neighbour", words=2),
        {"casing", "cue", "words"},
        "hashed",
    ),
    (
        "the model's n-grams are prompt text",
        _f("sexual.nudity", "nudity", terms=("nude",), ngrams=("greta on a bed",), model_score=0.8),
        {"terms", "model_score"},
        "same",
    ),
    (
        "a sign of a minor as written",
        _f("minor.age", "12 year old", terms=("12 year old",), field="prompt"),
        {"field"},
        "hashed",
    ),
    (
        "a description keeps its occupation",
        _f("person.described", None, occupation="singer", link="of"),
        {"occupation", "link"},
        None,
    ),
    ("a key outside the schema goes", _f("person.named", "x", name="X", whatever="prompt words"), {"name"}, "same"),
    ("a kind with no schema keeps no evidence", _f("custom.thing", "s", note="prompt words"), set(), "same"),
]


@pytest.mark.parametrize(("case", "found", "kept", "subject"), REDACTION_CASES, ids=[c[0] for c in REDACTION_CASES])
def test_redacted_findings_keep_no_prompt_text_and_no_private_name(
    case: str, found: Finding, kept: set[str], subject: str | None
) -> None:
    import hashlib

    redacted = found.redacted()
    assert set(redacted.evidence) == kept
    assert (redacted.kind, redacted.score, redacted.span, redacted.box) == (
        found.kind,
        found.score,
        found.span,
        found.box,
    )
    if subject == "same":
        assert redacted.subject == found.subject
    elif subject == "hashed":
        assert found.subject is not None
        assert redacted.subject == "sha256:" + hashlib.sha256(found.subject.encode()).hexdigest()
    else:
        assert redacted.subject is None
    assert redacted.redacted() == redacted  # idempotent
