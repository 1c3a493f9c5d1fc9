"""The prompt highlighter: a pure function from text + spans to safe HTML."""

from __future__ import annotations

import pytest

from consentry.service.dashboard.highlight import Mark, family_of, highlight_findings, highlight_html
from tests.helpers import finding

P = "person"
S = "sexual"
M = "minor"


def tag(family: str) -> str:
    return f'<span class="hl-tag hl-tag-{family}">{family}</span>'


def mark(family: str, label: str, inner: str) -> str:
    return f'<mark class="hl hl-{family}" title="{label}">{inner}</mark>'


CASES = [
    ("no_marks_text_escaped", "a <b>cat</b>", [], "a &lt;b&gt;cat&lt;/b&gt;"),
    (
        "one_person_span",
        "Ada Lovelace portrait",
        [Mark(0, 12, P, "l")],
        mark(P, "l", "Ada Lovelace") + tag(P) + " portrait",
    ),
    (
        "two_disjoint_spans_keep_order",
        "nude Ada",
        [Mark(5, 8, P, "p"), Mark(0, 4, S, "s")],
        mark(S, "s", "nude") + tag(S) + " " + mark(P, "p", "Ada") + tag(P),
    ),
    (
        "overlap_nested_minor_outermost",
        "abcdef",
        [Mark(0, 4, P, "p"), Mark(2, 6, M, "m")],
        mark(P, "p", "ab") + mark(M, "m", mark(P, "p", "cd")) + tag(P) + mark(M, "m", "ef") + tag(M),
    ),
    (
        "span_inside_span",
        "xx Ada yy",
        [Mark(0, 9, S, "s"), Mark(3, 6, P, "p")],
        mark(S, "s", "xx ") + mark(S, "s", mark(P, "p", "Ada")) + tag(P) + mark(S, "s", " yy") + tag(S),
    ),
    (
        "same_range_two_families",
        "ab",
        [Mark(0, 2, P, "p"), Mark(0, 2, S, "s")],
        mark(S, "s", mark(P, "p", "ab")) + tag(S) + tag(P),
    ),
    ("duplicate_marks_merge_labels", "ab", [Mark(0, 2, P, "a"), Mark(0, 2, P, "b")], mark(P, "a; b", "ab") + tag(P)),
    ("span_past_end_clamped", "abc", [Mark(1, 99, P, "p")], "a" + mark(P, "p", "bc") + tag(P)),
    ("empty_span_ignored", "abc", [Mark(1, 1, P, "p")], "abc"),
    ("inverted_span_ignored", "abc", [Mark(2, 1, P, "p")], "abc"),
    ("unknown_family_is_other", "abc", [Mark(0, 1, "weird", "w")], mark("other", "w", "a") + tag("other") + "bc"),
    (
        "html_injection_in_prompt_escaped",
        "<script>alert(1)</script> Ada",
        [Mark(0, 8, S, "s")],
        mark(S, "s", "&lt;script&gt;") + tag(S) + "alert(1)&lt;/script&gt; Ada",
    ),
    (
        "injection_in_label_escaped",
        "ab",
        [Mark(0, 2, P, '"><img src=x onerror=alert(1)>')],
        mark(P, "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", "ab") + tag(P),
    ),
    ("quotes_and_ampersand_escaped", "R&D \"x\" 'y'", [], "R&amp;D &#34;x&#34; &#39;y&#39;"),
    ("unicode_offsets_are_code_points", "café Zoë", [Mark(5, 8, P, "p")], "café " + mark(P, "p", "Zoë") + tag(P)),
]


@pytest.mark.parametrize(("name", "text", "marks", "expected"), CASES, ids=[c[0] for c in CASES])
def test_highlight_html(name: str, text: str, marks: list[Mark], expected: str) -> None:
    assert str(highlight_html(text, marks)) == expected


@pytest.mark.parametrize(
    ("kind", "family"),
    [
        ("person.named", P),
        ("face.match", P),
        ("sexual.explicit", S),
        ("nudity.exposed", S),
        ("minor.age", M),
        ("hash.match", "other"),
    ],
)
def test_family_of_kind(kind: str, family: str) -> None:
    assert family_of(kind) == family


def test_highlight_findings_uses_only_spans_of_the_field() -> None:
    findings = [
        finding("person.named", 0.93, span=(0, 3)),
        finding("sexual.explicit", 0.8, span=(0, 4), field="negative_prompt"),
        finding("hash.match", 1.0),
    ]
    html = str(highlight_findings("Ada at sea", findings))
    assert html == mark(P, "person.named 0.93", "Ada") + tag(P) + " at sea"


def test_removing_tags_and_marks_gives_back_the_escaped_text() -> None:
    import re

    text = '<i>Ada</i> & Bob\'s "nude" minor 12yo'
    marks = [Mark(0, 10, P, "p"), Mark(3, 20, S, "s"), Mark(25, 36, M, "m"), Mark(30, 33, S, "s2")]
    html = str(highlight_html(text, marks))
    plain = re.sub(r'<span class="hl-tag[^"]*">\w+</span>', "", html)
    plain = re.sub(r"</?mark[^>]*>", "", plain)
    from markupsafe import escape

    assert plain == str(escape(text))
    assert "<i>" not in html
