"""The text normalizer: examples (one per line) and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.text.normalize import STEPS, normalize

EXAMPLES = [
    # (case, input, normalized text)
    ("plain text is lower-cased", "Taylor Swift at the beach", "taylor swift at the beach"),
    ("commas become boundaries", "a cat, a dog;a bird", "a cat , a dog , a bird"),
    ("new lines become boundaries", "a cat\na dog", "a cat , a dog"),
    ("weights and emphasis go", "(Taylor Swift:1.3), ((masterpiece))", "taylor swift , masterpiece"),
    ("nested weights go", "((emma watson:1.2):0.9)", "emma watson"),
    ("curly emphasis goes", "{{best quality}}", "best quality"),
    ("alternation splits phrases", "[Emma Watson|Emma Stone]", "emma watson , emma stone"),
    ("prompt editing splits phrases", "[Emma Watson:Emma Stone:0.5]", "emma watson , emma stone"),
    ("novelai weights go", "1.2::taylor swift::, 2::nude::", "taylor swift , nude"),
    ("lora keeps its name", "<lora:taylorSwift_v2:0.8> photo", "taylor swift v2 , photo"),
    ("lyco keeps its name", "<lyco:Emma-Watson:1>", "emma watson"),
    ("embedding keeps its name", "embedding:EasyNegative, photo", "easy negative , photo"),
    ("BREAK is a boundary", "a woman BREAK a man", "a woman , a man"),
    ("AND is a boundary in capitals only", "cat AND dog and bird", "cat , dog and bird"),
    ("wildcards lose their underscores", "__person__ photo", "person photo"),
    ("escaped parentheses go", r"\(taylor swift\)", "taylor swift"),
    ("dotted letters join", "t.a.y.l.o.r s.w.i.f.t", "taylor swift"),
    ("dotted joined name splits by case", "D.e.l.t.a.B.u.r.k.e photo", "delta burke photo"),
    ("dashed letters join", "t-a-y-l-o-r", "taylor"),
    ("starred letters join", "s*w*i*f*t", "swift"),
    ("spaced letters join", "t a y l o r swift", "taylor swift"),
    ("three spaced letters stay", "a b c", "a b c"),
    ("initials stay apart from the surname", "J.K. Rowling and T. Swift", "jk rowling and t swift"),
    ("a dash inside a word splits it", "tay-lor Zeta-Jones", "tay lor zeta jones"),
    ("camel case splits", "TaylorSwift and McDonald", "taylor swift and mc donald"),
    ("alternating case does not split", "tAyLoR", "taylor"),
    ("iPhone does not split", "iPhone photo", "iphone photo"),
    ("digits inside words are leet", "t4yl0r sw1ft", "taylor swift"),
    ("runs of digits inside words are leet", "t33n b00bs", "teen boobs"),
    ("a lone double dollar is two letters", "pu $$ y, costs $5", "pu ss y , costs 5"),
    ("symbols inside words are leet", "$wift t@ylor sw!ft", "swift taylor swift"),
    ("a leading leet letter", "5anghyuk", "sanghyuk"),
    ("a trailing leet vowel", "Al3k4 Kylel4", "aleka kylela"),
    ("counts are not leet", "1girl, 2girls, 8k, 3d, 1990s, v2", "1girl , 2girls , 8k , 3d , 1990s , v2"),
    ("camera settings stay numbers", "f/1.4, ISO 200, 1/160s", "f 1 4 , iso 200 , 1 160s"),
    ("a closing exclamation is punctuation", "wow!", "wow"),
    ("repeated letters shrink", "taylooooor swiiift", "tayloor swiift"),
    ("double letters stay", "Kelly Aaron", "kelly aaron"),
    ("possessive goes", "Taylor Swift's dress, James' hat", "taylor swift dress , james hat"),
    ("typographic possessive goes", "Swift’s dress", "swift dress"),
    ("inner apostrophe joins", "O'Brien D'Angelo", "obrien dangelo"),
    ("handles and hashtags", "@pokimane #taylorswift", "pokimane taylorswift"),
    ("accents go", "Beyoncé Knowles, Zoë, Łukasz, Søren", "beyonce knowles , zoe , lukasz , soren"),
    ("eszett folds", "Straße", "strasse"),
    ("combining accents go", "Beyonce\u0301", "beyonce"),
    ("Cyrillic homoglyphs in a Latin word", "T\u0430ylor \u0405wift", "taylor swift"),
    ("a Cyrillic capital whose lower case imitates nothing", "\u0422aylor \u0405wift", "taylor swift"),
    ("Cyrillic capitals only", "\u0422\u0410YL\u041eR", "taylor"),
    ("a word of look-alikes becomes Latin", "\u0440\u0430\u0440\u0430", "papa"),
    ("a Cyrillic word stays", "Путин", "путин"),
    ("Greek homoglyphs", "Emm\u03b1 W\u03b1ts\u03bfn", "emma watson"),
    ("full-width letters", "Ｔａｙｌｏｒ", "taylor"),
    ("mathematical letters", "𝐓𝐚𝐲𝐥𝐨𝐫 𝓢𝔀𝓲𝓯𝓽", "taylor swift"),
    ("zero-width characters go", "Tay\u200blor Sw\u200dift\ufeff", "taylor swift"),
    ("bidi controls go", "\u202eTaylor\u202c", "taylor"),
    ("control characters go", "Tay\x00lor\x07", "taylor"),
    ("Hangul stays", "제니 블랙핑크", "제니 블랙핑크"),
    ("kana keeps its marks", "ガッキー", "ガッキー"),
    ("emoji are separators", "taylor🍑swift", "taylor swift"),
    ("only syntax is empty", "((( ))) [[[ ]]] ||| :::", ""),
    ("empty stays empty", "", ""),
]


@pytest.mark.parametrize(("case", "text", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_normalize_example(case: str, text: str, expected: str) -> None:
    assert normalize(text).text == expected


SPANS = [
    # (case, input, normalized phrase, original text it maps to, steps for the phrase)
    ("plain", "photo of Taylor Swift, 8k", "taylor swift", "Taylor Swift", ()),
    ("weighted", "(T4yl0r.Swift:1.3) nude", "taylor swift", "T4yl0r.Swift", ("separators", "leet")),
    ("dotted", "x T.a.y.l.o.r y", "taylor", "T.a.y.l.o.r", ("separators",)),
    ("accented", "a Beyoncé b", "beyonce", "Beyoncé", ("accents",)),
    ("zero width", "a Tay\u200blor b", "taylor", "Tay\u200blor", ("control",)),
    ("homoglyph", "a T\u0430ylor b", "taylor", "T\u0430ylor", ("confusables",)),
    ("lora", "<lora:emmaWatson:0.8>", "emma watson", "emmaWatson", ("camel_case",)),
    ("upper case", "TAYLOR SWIFT nude", "taylor swift", "TAYLOR SWIFT", ("case",)),
    ("possessive", "Taylor Swift's", "taylor swift", "Taylor Swift", ("possessive",)),
    ("full width", "Ｔａｙｌｏｒ", "taylor", "Ｔａｙｌｏｒ", ("nfkc",)),
    ("repeats", "Tayloooor", "tayloor", "Tayloooor", ("repeats",)),
]


@pytest.mark.parametrize(("case", "text", "phrase", "original", "steps"), SPANS, ids=[s[0] for s in SPANS])
def test_span_maps_back_to_the_original(
    case: str, text: str, phrase: str, original: str, steps: tuple[str, ...]
) -> None:
    n = normalize(text)
    start = n.text.index(phrase)
    a, b = n.to_original(start, start + len(phrase))
    assert text[a:b] == original
    assert n.steps_in(start, start + len(phrase)) == steps


def test_module_documentation_example_holds() -> None:
    n = normalize("nude (T4yl0r.Swift:1.3), <lora:emmaWatson_v2:0.8> BREAK")
    assert n.text == "nude taylor swift , emma watson v2"
    start = n.text.index("taylor swift")
    assert n.to_original(start, start + 12) == (6, 18)
    assert n.steps == ("prompt_syntax", "lora", "separators", "camel_case", "leet")
    assert n.steps_in(start, start + 12) == ("separators", "leet")
    assert n.words()[:2] == (("nude", 0, 4), ("taylor", 5, 11))


def test_steps_lists_every_step_applied() -> None:
    n = normalize("(T4yl0r:1.2) Beyoncé\u200b")
    assert set(n.steps) == {"prompt_syntax", "leet", "accents", "control"}
    assert all(step in STEPS for step in n.steps)


def test_words_carry_their_positions() -> None:
    n = normalize("Taylor, Swift")
    assert n.words() == (("taylor", 0, 6), (",", 7, 8), ("swift", 9, 14))


def test_to_original_rejects_an_empty_range() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        normalize("abc").to_original(1, 1)


def test_from_original_finds_the_normalized_position() -> None:
    n = normalize("((Taylor)) Swift")
    assert n.text[n.from_original(11) :] == "swift"


def test_normalize_rejects_bytes() -> None:
    with pytest.raises(TypeError):
        normalize(b"abc")  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------------------

PROMPTISH = st.text(
    alphabet=st.sampled_from(list("aAbTtyYlLoOrRsSwWiIfF014357@$!|.,-_*'’:()[]{}<>\\ \n#émü\u200b\u0301а")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), PROMPTISH))
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    n = normalize(text)
    assert normalize(n.text).text == n.text


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), PROMPTISH))
def test_offsets_map_into_the_original(text: str) -> None:
    n = normalize(text)
    assert len(n.starts) == len(n.ends) == len(n.flags) == len(n.text)
    assert all(0 <= s <= e <= len(text) for s, e in zip(n.starts, n.ends, strict=True))
    assert list(n.starts) == sorted(n.starts)
    for word, start, end in n.words():
        a, b = n.to_original(start, end)
        assert 0 <= a < b <= len(text), (word, a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_output_has_no_double_spaces_or_edge_boundaries(text: str) -> None:
    out = normalize(text).text
    assert "  " not in out
    assert out == out.strip()
    assert not out.startswith(",") and not out.endswith(",")
    assert ", ," not in out


NAMES = st.sampled_from(["taylor swift", "emma watson", "scarlett johansson", "jenna ortega", "zendaya"])
OBFUSCATIONS = [
    lambda s: s.title(),
    lambda s: s.upper(),
    lambda s: ".".join(s.replace(" ", "")),
    lambda s: f"({s}:1.3)",
    lambda s: f"(({s}))",
    lambda s: f"[{s}]",
    "\u200b".join,
    lambda s: s.replace("a", "4").replace("o", "0").replace("e", "3"),
    lambda s: s.replace("a", "\u0430").replace("o", "\u043e"),
    lambda s: s.replace("a", "á").replace("e", "é"),
    lambda s: "".join(w.title() for w in s.split()),
    lambda s: f"<lora:{s.replace(' ', '_')}:0.7>",
]


@settings(max_examples=200, deadline=None)
@given(NAMES, st.sampled_from(range(len(OBFUSCATIONS))), st.sampled_from(["", "photo of ", "nude, "]))
def test_known_obfuscations_collapse(name: str, which: int, prefix: str) -> None:
    obfuscated = prefix + OBFUSCATIONS[which](name) + ", 8k"
    normalized = normalize(obfuscated).text
    assert normalize(name).text.replace(" ", "") in normalized.replace(" ", "")
