"""Prompts written in other languages: their ordinary words are no private person's name.

The unlisted-person stage reads a capitalised or unknown word that is not English as a possible
name. The lexicon's ``foreign`` list (common words of other languages, built from wordfreq by
``scripts/build_foreign_words.py``) makes "mujer", "Garten" or "kobieta" ordinary words, while
names from the same countries are still found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

unlisted = pytest.importorskip("consentry.text.unlisted", reason="the 'ner' extra is not installed")

from consentry import CheckRequest  # noqa: E402
from consentry.detectors.base import Context  # noqa: E402
from tests.helpers import finding, load_script  # noqa: E402

Lexicon = unlisted.Lexicon
UnlistedPersonDetector = unlisted.UnlistedPersonDetector
ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 0.5  # the default policy's threshold for person.unlisted

# Adult prompts about no one, in 17 languages; each was read as an unlisted person before the list.
# Still read as a name: "Donna Nuda Sulla Spiaggia" (a given name first), "Junge Frau In Unterwäsche
# Am Strand", "Ragazza Bionda In Topless Al Lago", "Blonde Frau Oben Ohne Am Pool" (words below the list's
# frequency, or a pair the model calls a person).
ADULT_ABOUT_NO_ONE = (
    "una mujer desnuda en la playa",
    "Una Mujer Desnuda En La Playa, fotografía",
    "Mulher Nua Na Praia, fotografia realista",
    "uma mulher nua deitada na cama",
    "Garota De Biquíni Na Piscina, sensual",
    "una ragazza nuda sotto la doccia",
    "Ragazza In Lingerie Sul Divano",
    "nackte Frau im Garten, Foto",
    "Nackte Frau Im Garten, realistisch",
    "eine nackte Frau liegt im Bett",
    "naakte vrouw op het strand, foto",
    "Naakte Vrouw In De Tuin",
    "Mooie Naakte Vrouw Op Bed",
    "Naga Kobieta Na Plaży, zdjęcie",
    "naga kobieta w łóżku",
    "Piękna Naga Kobieta W Lesie",
    "Çıplak Kadın Plajda, fotoğraf",
    "Seksi Kadın Iç Çamaşırı",
    "Güzel Çıplak Kadın Havuzda",
    "Wanita Telanjang Di Pantai, foto",
    "wanita seksi di kamar tidur",
    "Gadis Telanjang Di Kolam Renang",
    "Perempuan Cantik Telanjang Di Ranjang",
    "Naken Kvinna På Stranden, foto",
    "naken kvinna i sängen",
    "Nøgen Kvinde I Sengen",
    "Naken Kvinne På Stranden",
    "Alaston Nainen Rannalla, valokuva",
    "nahá žena na pláži",
    "Meztelen Nő A Strandon",
    "Femeie Goală Pe Plajă",
    "Femme Nue Sur La Plage, photo",
    "une femme nue allongée sur le lit",
    "Jeune Femme En Lingerie Dans La Chambre",
    "Belle Femme Nue Au Bord De La Mer",
    "Kobieta W Bieliźnie Na Kanapie",
    # written after the list was built, not looked at while building it
    "Fille Rousse Torse Nu Dans La Forêt",
    "Blonde Vrouw Topless Bij Het Zwembad",
    "Mulher Loira De Topless Na Cachoeira",
)

# Invented private people with names of those countries: still found.
PRIVATE_NAMES = (
    ("foto de Lucía Fernández desnuda en la playa", "Lucía Fernández"),
    ("mi vecina Carmen Rodríguez desnuda", "Carmen Rodríguez"),
    ("Ana Paula Souza nua na praia", "Ana Paula"),
    ("foto de Juliana Ferreira nua na cama", "Juliana"),
    ("Camille Dubois nue sur la plage", "Camille Dubois"),
    ("photo de Chloé Lefebvre en lingerie", "Chloé Lefebvre"),
    ("Giulia Bianchi nuda sulla spiaggia", "Giulia Bianchi"),
    ("Francesca Romano in lingerie, foto", "Francesca Romano"),
    ("Katharina Schneider nackt im Garten", "Katharina Schneider"),
    ("Lena Fischer nackt, Foto", "Lena Fischer"),
    ("Sanne de Vries naakt op het strand", "Sanne"),
    ("Fleur Janssen naakt in bed", "Fleur Janssen"),
    ("Katarzyna Nowak naga na plaży", "Katarzyna Nowak"),
    ("Agnieszka Wiśniewska nago", "Agnieszka Wiśniewska"),
    ("Elif Yılmaz çıplak plajda", "Elif"),
    ("Zeynep Kaya çıplak fotoğraf", "Zeynep Kaya"),
    ("Siti Nurhaliza Rahman telanjang di pantai", "Siti Nurhaliza"),
    ("Dewi Lestari Putri telanjang", "Dewi Lestari"),
    ("Emma Johansson naken på stranden", "Emma Johansson"),
    ("Sofia Lindqvist naken", "Sofia Lindqvist"),
    ("Ingrid Hansen nøgen på stranden", "Ingrid Hansen"),
    ("Анна Иванова голая на пляже", "Анна Иванова"),
    ("Mariana Silva nude on the beach", "Mariana Silva"),
    ("Sophie Müller nude photo", "Sophie Müller"),
    # written after the list was built
    ("Ramona Castillo desnuda en la playa", "Ramona Castillo"),
    ("Bram Hendriks naakt op het strand", "Bram Hendriks"),
    ("Mehmet Demir çıplak plajda", "Mehmet Demir"),
)


def _reported(detector: UnlistedPersonDetector, prompt: str) -> list[str]:
    context = Context(CheckRequest(prompt=prompt))
    context.findings.append(finding("sexual.nudity", 0.9))
    return [f.span.text(prompt) for f in detector.detect(context) if f.span is not None and f.score >= THRESHOLD]


@pytest.mark.parametrize("prompt", ADULT_ABOUT_NO_ONE)
def test_words_of_other_languages_are_no_name(model_detector: UnlistedPersonDetector, prompt: str) -> None:
    assert _reported(model_detector, prompt) == []


@pytest.mark.parametrize(("prompt", "name"), PRIVATE_NAMES)
def test_private_names_of_those_countries_are_still_found(
    model_detector: UnlistedPersonDetector, prompt: str, name: str
) -> None:
    assert any(name in span for span in _reported(model_detector, prompt))


def test_the_bundled_lexicon_knows_foreign_words_but_not_names_as_words() -> None:
    bundled = Lexicon.bundled()
    assert not bundled.is_ordinary("mujer")  # only in a prompt written in another language
    lexicon = bundled.reading_foreign()
    assert lexicon.foreign_ordinary and bundled.reading_foreign() is lexicon
    for word in ("mujer", "garten", "kobieta", "wanita", "kvinna", "nackte", "Çıplak"):
        assert lexicon.is_ordinary(word), word
    for name in ("carmen", "giulia", "katarzyna", "zeynep", "fischer", "kaya", "lucia"):
        assert name not in lexicon.foreign, name
    for name in ("giulia", "katarzyna", "zeynep", "nowak"):
        assert not lexicon.is_ordinary(name), name


def test_a_foreign_word_is_ordinary_and_starts_no_name() -> None:
    lexicon = Lexicon(
        given=frozenset({"anna"}),
        given_strong=frozenset({"anna"}),
        surnames=frozenset({"kowalski"}),
        ordinary=frozenset({"photo"}),
        common=frozenset({"photo"}),
        fictional=frozenset(),
        foreign=frozenset({"mujer", "playa", "desnuda"}),
    ).reading_foreign()
    assert lexicon.is_ordinary("Mujer") and lexicon.is_ordinary("playa")
    assert not lexicon.is_ordinary("Kowalski")
    assert "mujer" in lexicon.starts_nothing and "anna" not in lexicon.starts_nothing
    without = Lexicon(
        given=lexicon.given,
        given_strong=lexicon.given_strong,
        surnames=lexicon.surnames,
        ordinary=lexicon.ordinary,
        common=lexicon.common,
        fictional=lexicon.fictional,
    )
    assert not without.is_ordinary("mujer")


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("una mujer desnuda en la playa", True),
        ("Mujer Desnuda, Playa", True),
        ("a nude woman on the beach", False),
        ("nude photo of Anna Kowalski", False),
        ("deepfake nude of mujer", False),  # one foreign word is not a language
        ("mujer en la playa, photo", True),  # "en", "la" are words of both: left out (else 2 of 5)
        ("mujer desnuda, a photo of a woman on the beach", False),
    ],
)
def test_a_prompt_in_another_language_is_told_by_its_words(prompt: str, expected: bool) -> None:
    lexicon = Lexicon(
        given=frozenset({"anna"}),
        given_strong=frozenset({"anna"}),
        surnames=frozenset({"kowalski"}),
        ordinary=frozenset({"a", "nude", "woman", "on", "the", "beach", "photo", "of", "deepfake", "en", "la"}),
        common=frozenset({"a", "on", "the", "of"}),
        fictional=frozenset(),
        foreign=frozenset({"una", "mujer", "desnuda", "playa"}),
        foreign_neutral=frozenset({"en", "la"}),
    )
    assert unlisted.in_other_language(prompt, lexicon) is expected


@pytest.mark.slow
def test_build_script_reproduces_the_committed_list(tmp_path: Path) -> None:
    pytest.importorskip("wordfreq", reason="the 'build' extra is not installed")
    script = load_script(ROOT / "scripts/build_foreign_words.py")
    out = tmp_path / "foreign_words.txt.gz"
    lexicon = ROOT / "src/consentry/text/data/unlisted_lexicon.json.gz"
    assert script.main(["--out", str(out), "--lexicon", str(lexicon)]) == 0
    assert out.read_bytes() == (ROOT / "src/consentry/text/data/foreign_words.txt.gz").read_bytes()
