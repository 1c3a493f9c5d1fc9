"""Names in other scripts (consentry.text.people_scripts) and the table of people cases written here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.text.people_scripts import (
    ScriptKeys,
    find_in_scripts,
    latin_keys,
    readings,
    romanised_key,
    script_words,
    sound_distance,
)
from consentry.text.person import PersonDetector

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from eval_people_cases import evaluate, load_cases


@pytest.mark.parametrize(
    ("latin", "other"),
    [
        ("Kevin Bacon", "케빈 베이컨"),
        ("Kevin Bacon", "Кевин Бейкон"),
        ("Orlando Bloom", "オーランド・ブルーム"),
        ("Orlando Bloom", "Орландо Блум"),
        ("Penelope Cruz", "Пенелопа Крус"),
        ("Penelope Cruz", "ペネロペ・クルス"),
    ],
)
def test_a_transliteration_has_a_key_of_the_latin_name(latin: str, other: str) -> None:
    keys = [romanised_key(w.text) for w in script_words(other)]
    assert all(key in latin_keys(part) for key, part in zip(keys, latin.split(), strict=True))
    found = find_in_scripts(other, ScriptKeys([(7, latin)]))
    assert [m.person for m in found] == [7], keys


# Rules written for the development cases, each tried on names it was not written for.
@pytest.mark.parametrize(
    ("latin", "other"),
    [
        # Thai, read by its own table (a vowel written before its consonant, the thanthakhat's silent letter)
        pytest.param(
            "Hugh Grant",
            "ฮิว แกรนต์",
            marks=pytest.mark.xfail(strict=True, reason="a word with no consonant (Hugh) has no key"),
        ),
        ("Jessica Chastain", "เจสสิกา แชสเทน"),
        ("Colin Firth", "คอลิน เฟิร์ธ"),
        # Greek mp / nt inside a word as b / d or mb / nd, gi- as y, ou as u
        ("Robert Pattinson", "Ρόμπερτ Πάτινσον"),
        ("Sandra Bullock", "Σάντρα Μπούλοκ"),
        ("Julia Roberts", "Τζούλια Ρόμπερτς"),
        # a silent final e, a final t after o
        pytest.param(
            "Jude Law", "Джуд Лоу", marks=pytest.mark.xfail(strict=True, reason="fewer than four consonant classes")
        ),
        ("Eva Green", "Ева Грин"),
        ("Pierre Boulez", "Пьер Булез"),
        # Devanagari: a consonant's own a is not written
        ("Daniel Craig", "डैनियल क्रेग"),
        ("Hillary Clinton", "हिलेरी क्लिंटन"),
        ("Justin Bieber", "जस्टिन बीबर"),
        # Arabic and Hebrew, consonants and the vowels they write
        ("Justin Bieber", "جاستن بيبر"),
        ("Hillary Clinton", "هيلاري كلينتون"),  # a short name: its sound near equal
        ("Robert Pattinson", "רוברט פטינסון"),
        # a Korean word of one syllable, with the other words equal
        pytest.param(
            "Jude Law", "주드 로", marks=pytest.mark.xfail(strict=True, reason="fewer than four consonant classes")
        ),
        pytest.param(
            "Sean Penn",
            "숀 펜",
            marks=pytest.mark.xfail(strict=True, reason="a word of one syllable needs its vowels equal"),
        ),
        ("Ryan Gosling", "라이언 고슬링"),
    ],
)
def test_a_transliteration_by_the_rules_of_its_script(latin: str, other: str) -> None:
    found = find_in_scripts(f"{other} ", ScriptKeys([(7, latin), (8, "Mark Ruffalo"), (9, "Tina Fey")]))
    assert [m.person for m in found] == [7], [readings(w.text) for w in script_words(other)]


@pytest.mark.parametrize(
    ("other", "person"),
    [
        ("Марго Робби", "Margot Robbie"),  # not Marco Rubio: both words nearest in sound
        ("마고 로비", "Margot Robbie"),
        ("Марко Рубио", "Marco Rubio"),
        ("마르코 루비오", "Marco Rubio"),
        ("Марк Руффало", "Mark Ruffalo"),
    ],
)
def test_the_nearest_name_in_sound_wins(other: str, person: str) -> None:
    names = ["Marco Rubio", "Margot Robbie", "Mark Ruffalo"]
    keys = ScriptKeys(list(enumerate(names)))
    assert [names[m.person] for m in find_in_scripts(other, keys)] == [person]


@pytest.mark.parametrize(
    "joined",
    [
        "一张泰勒·斯威夫特的裸照",  # Chinese writes the words around a name joined to it
        "泰勒·斯威夫特裸体",
        pytest.param(
            "ภาพเปลือยของเทย์เลอร์ สวิฟต์",  # and Thai
            marks=pytest.mark.xfail(strict=True, reason="Thai -or is the vowel oe: too far for a name cut out"),
        ),
        "テイラー・スウィフトのヌード",  # kana: hiragana after a name ends it
    ],
)
def test_a_name_joined_to_the_words_around_it(joined: str) -> None:
    found = find_in_scripts(joined, ScriptKeys([(1, "Taylor Swift"), (2, "Kevin Bacon")]))
    assert [m.person for m in found] == [1]


@pytest.mark.parametrize(
    "benign",
    [
        "зимний лес на закате",  # lower case in a script with capitals: strict
        "عرض الأزياء في باريس",
        "חתול שחור על הגג",
        "ภาพทิวทัศน์ภูเขา",
    ],
)
def test_lower_case_and_unwritten_vowels_name_no_one(benign: str) -> None:
    keys = ScriptKeys([(1, "Jimmy Wales"), (2, "Taylor Swift"), (3, "Tom Holland"), (4, "Roger Federer")])
    assert find_in_scripts(benign, keys) == []


@pytest.mark.parametrize(
    "benign",
    [
        "Портрет старика у окна",
        "바다 위의 작은 배",
        "桜の木の下のベンチ",
        "一座古老的石桥",
        "Ένα μικρό σκάφος στη θάλασσα",
    ],
)
def test_benign_text_in_other_scripts_names_no_one(benign: str) -> None:
    keys = ScriptKeys([(1, "Kevin Bacon"), (2, "Orlando Bloom"), (3, "Penelope Cruz"), (4, "Rachel Weisz")])
    assert find_in_scripts(benign, keys) == []


def test_latin_text_is_not_read() -> None:
    assert find_in_scripts("Kevin Bacon nude", ScriptKeys([(1, "Kevin Bacon")])) == []


def test_vowels_are_cheap_in_the_sound_distance() -> None:
    assert sound_distance("ToN", "ToN") == 0
    assert sound_distance("TaN", "ToN") < sound_distance("TaN", "TaK")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_and_spans_are_in_the_text(text: str) -> None:
    for word in script_words(text):
        assert text[word.start : word.end] == word.text
    for match in find_in_scripts(text, ScriptKeys([(1, "Kevin Bacon"), (2, "Orlando Bloom")])):
        assert 0 <= match.start < match.end <= len(text)


# --- the table of people cases (tests/data/people_cases.tsv, scripts/make_people_cases.py) --------------

# The least recall each category holds (a regression gate at the level measured when the table was
# written; see docs/detectors/person.md for the numbers and what is missing).
FLOORS = {
    "syntax": 0.9,
    "handle": 0.95,
    "live-action character": 0.95,
    "nickname": 0.9,
    "script: cyrillic": 0.95,
    "script: greek": 0.95,
    "script: han": 0.95,
    "script: hangul": 0.95,
    "script: kana": 0.95,
    "script: devanagari": 0.95,
    "script: thai": 0.95,
    "script: arabic": 0.95,
    "script: hebrew": 0.85,
}


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[int, int, int, list[str]]]:
    detector = PersonDetector()
    detector.load()
    return evaluate(detector, load_cases())


def test_the_table_has_enough_cases(results: dict[str, tuple[int, int, int, list[str]]]) -> None:
    assert sum(n for category, (n, *_) in results.items() if not category.startswith("no one")) >= 400


@pytest.mark.parametrize("prefix", sorted(FLOORS))
def test_recall_per_category(results: dict[str, tuple[int, int, int, list[str]]], prefix: str) -> None:
    for category, (n, found, _, misses) in results.items():
        if category.startswith(prefix):
            assert found / n >= FLOORS[prefix], (category, misses)


def test_benign_prompts_in_other_scripts_name_almost_no_one(
    results: dict[str, tuple[int, int, int, list[str]]],
) -> None:
    benign = [(c, r) for c, r in results.items() if c.startswith("no one")]
    assert len(benign) == 9
    assert sum(r[1] for _, r in benign) <= 1, [r[3] for _, r in benign]


# --- Chinese and Korean people in their own script (looked up by their romanised name) ------------------

_NATIVE = {
    "libingbing": [1],
    "liudehua": [2],
    "parkjisung": [3],
    "leebyunghun": [4],
    "byunghunlee": [5],
    "gongli": [6],
    "sunli": [7],
    "wonbin": [8],
    "guanyu": [9],
    "leeyong": [10],
}


def _native_keys() -> ScriptKeys:
    return ScriptKeys([], lambda keys: {k: _NATIVE[k] for k in keys if k in _NATIVE})


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("李冰冰的照片", 1),
        ("一张刘德华裸体的照片", 2),
        ("박지성 사진", 3),
        ("이병헌의 누드", 4),  # the name in its own order first
        ("巩俐 裸体", 6),  # two characters: for the best-known only (rank < NATIVE_SHORT)
        ("孙俪 照片", 7),
        ("원빈의 사진", 8),  # a Korean name of two syllables
    ],
)
def test_a_chinese_or_korean_name_in_its_script(text: str, person: int) -> None:
    assert [m.person for m in find_in_scripts(text, _native_keys())] == [person]


@pytest.mark.parametrize(
    "benign",
    [
        "一只猫坐在桌子上",
        "李子树下的小狗",
        "周末的海边日落",
        "박물관에서 본 그림",
        "이것은 고양이 사진",
        "김치찌개와 밥",
        "東京の夜景、雨",
        "关于 这个问题",  # a name of two characters that is a frequent word (关于: Guan Yu)
        "이용 방법",  # (이용: Lee Yong)
    ],
)
def test_ordinary_chinese_and_korean_text_names_no_one(benign: str) -> None:
    names = {"lizi", "zhoumo", "kimchi", "leegeot", "guanyu", "leeyong"}
    keys = ScriptKeys([], lambda keys: {k: [1] for k in keys if k in names})
    assert find_in_scripts(benign, keys) == []


# --- Japanese people in their own script (the names dictionary's readings) ---------------------------------

_JAPANESE = {"mishimayukio": [1], "ayaseharuka": [2], "amuronamie": [3], "nakatahidetoshi": [4], "suzukiichiro": [5]}


def _japanese_keys() -> ScriptKeys:
    return ScriptKeys([], lambda keys: {k: _JAPANESE[k] for k in keys if k in _JAPANESE})


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("三島由紀夫の写真", 1),  # kanji
        ("ベッドの上の綾瀬はるか、裸", 2),  # a given name in hiragana
        ("安室奈美恵 ヌード", 3),
        ("中田 英寿", 4),  # a space between surname and given name
        ("女優鈴木一朗の写真", 5),  # inside a longer run of kanji
    ],
)
def test_a_japanese_name_in_its_script(text: str, person: int) -> None:
    found = find_in_scripts(text, _japanese_keys())
    assert [m.person for m in found] == [person]
    assert found[0].script == "japanese"


@pytest.mark.parametrize("benign", ["東京の夜景、雨", "英語大人", "人間優れ役", "富士山と湖の写真"])
def test_ordinary_japanese_text_names_no_one(benign: str) -> None:
    keys = ScriptKeys([], lambda keys: {k: [1] for k in keys if k in {"jindai", "aidayu", "yamafuji"}})
    assert find_in_scripts(benign, keys) == []


# Rules written for the development cases (Chinese characters that write a consonant alone, 维 as v, 嘉 as
# ka; Hebrew final he and initial vav; Greek γκ inside a word; Devanagari व as v), tried on other names.
@pytest.mark.parametrize(
    ("latin", "other"),
    [
        ("Denzel Washington", "丹泽尔·华盛顿"),
        ("Robert Pattinson", "罗伯特·帕丁森"),
        ("Steven Spielberg", "史蒂文·斯皮尔伯格"),
        ("Woody Harrelson", "וודי הארלסון"),
        pytest.param(
            "Viola Davis",
            "ויולה דייוויס",
            marks=pytest.mark.xfail(strict=True, reason="four consonant classes and a vowel apart (Viola's i)"),
        ),
        ("Olivia Colman", "אוליביה קולמן"),
        ("Ingrid Bergman", "Ίνγκριντ Μπέργκμαν"),
        ("Grace Kelly", "Γκρέις Κέλι"),
        ("David Beckham", "डेविड बेकहम"),
        ("Kevin Hart", "केविन हार्ट"),
    ],
)
def test_a_transliteration_by_the_rules_of_its_script_on_other_names(latin: str, other: str) -> None:
    keys = ScriptKeys([(7, latin), (8, "Mark Ruffalo"), (9, "Tina Fey"), (10, "Julie Johnson"), (11, "Sean Harris")])
    found = find_in_scripts(f"{other} ", keys)
    assert [m.person for m in found] == [7], [readings(w.text) for w in script_words(other)]


# A short name (three consonant classes; four in Arabic and Hebrew) is read when its sound is near equal.
@pytest.mark.parametrize(
    ("latin", "other"),
    [
        ("Demi Moore", "ديمي مور"),
        pytest.param(
            "Kate Moss",
            "كيت موس",
            marks=pytest.mark.xfail(strict=True, reason="Arabic ي for Kate's long a: a vowel apart, too far"),
        ),
        ("Eva Green", "إيفا جرين"),  # ج as g
        ("Greta Gerwig", "جريتا جيرويغ"),
        ("Amy Adams", "איימי אדמס"),
    ],
)
def test_a_short_name_near_equal_in_sound(latin: str, other: str) -> None:
    keys = ScriptKeys([(7, latin), (8, "Mark Ruffalo"), (9, "Tina Fey")])
    assert [m.person for m in find_in_scripts(f"{other} ", keys)] == [7]


@pytest.mark.parametrize(
    "benign",
    [
        "सड़क पर जल",  # Devanagari words with no vowel sign: a consonant's own a only
        "नगर महल",
        "कलम सहज",
        "사진 작가",  # frequent Korean words of two syllables
        "한국 음식",
        "다음 주말",
        "کون کون",  # one word twice
    ],
)
def test_ordinary_words_in_a_name_shape_name_no_one(benign: str) -> None:
    names = ["Amala Paul", "Kalam Sahaj", "Sarah Jones", "Nagar Mahal", "Sasha Saka", "Han Kook", "Connie Cohen"]
    keys = ScriptKeys(list(enumerate(names)))
    assert find_in_scripts(benign, keys) == []


# Rules written for names outside the development cases (Thai ว as v, ไ as i, เ-อ as o, เ-ีย as ia, a silent
# second l after a cluster's letters; Cyrillic Г as h, У before a vowel as w; Latin silent kn, igh, ei; a
# Hebrew alef before vav), each tried on three other names.
@pytest.mark.parametrize(
    ("latin", "other"),
    [
        ("Vin Diesel", "วิน ดีเซล"),
        ("Oliver Stone", "โอลิเวอร์ สโตน"),
        ("Kylie Minogue", "ไคลี มิโนก"),
        ("Henry Ford", "Генри Форд"),
        ("Hector Berlioz", "Гектор Берлиоз"),
        ("Harry Houdini", "Гарри Гудини"),
        ("Will Ferrell", "Уилл Феррелл"),
        ("Wes Anderson", "Уэс Андерсон"),
        ("Whitney Houston", "Уитни Хьюстон"),
        ("Robin Wright", "Робин Райт"),
        ("Neil Gaiman", "Нил Гейман"),
        ("Keith Richards", "Кит Ричардс"),
        ("Oprah Winfrey", "אופרה וינפרי"),
    ],
)
def test_more_rules_on_names_they_were_not_written_for(latin: str, other: str) -> None:
    keys = ScriptKeys([(7, latin), (8, "Mark Ruffalo"), (9, "Tina Fey"), (10, "Julie Johnson"), (11, "Sean Harris")])
    found = find_in_scripts(f"{other} ", keys)
    assert [m.person for m in found] == [7], [readings(w.text) for w in script_words(other)]


@pytest.mark.parametrize(
    ("latin", "other"),
    [
        ("Nikita Khrushchev", "Никита Хрущёв"),  # ё written e in the Latin name
        ("Artem Dzyuba", "Артём Дзюба"),
        ("Fedor Emelianenko", "Фёдор Емельяненко"),
    ],
)
def test_cyrillic_yo_as_e(latin: str, other: str) -> None:
    keys = ScriptKeys([(7, latin), (8, "Mark Ruffalo"), (9, "Tina Fey")])
    assert [m.person for m in find_in_scripts(f"{other} ", keys)] == [7], [
        readings(w.text) for w in script_words(other)
    ]
