"""Sexual intent read from how words are used together, not from single words.

The lexicon (``text/data/sexual_terms.tsv``) grades words and phrases one by one. Some words
are sexual only in company: "cock" next to "sucking" is no rooster, "riding him" is no horse
ride, "a messy facial from three guys" is no spa treatment, "take off her bra" asks for nudity
though no word of it is sexual. The rules here read those uses from the normalized prompt:

- **ambiguous words by context** (``AMBIGUOUS``): cock, dick, pussy, tits, ass, facial count at
  their sexual grade when a cue word of theirs is within a few words and no harmless cue is
  ("feeding a rooster", "pussy willow", "blue tits at the feeder");
- **verbs that are sexual with a person as object** (``PERSON_VERBS``): "riding him", "blowing
  her coach", "screwing her neighbour", "getting railed", "pounded by her trainer", "banged by";
- **undressing and exposing** (``undressing``): an undressing verb before a garment ("take off
  her bra", "remove the clothes", "erase the clothing") or a garment with an undressing word
  after it ("clothes removed", "towel slipping off"); clothes made see-through ("make the dress
  see-through", "x-ray her clothes"); a body part shown ("show her breasts", "tits out");
- **the negative prompt** (``negative_prompt_hits``): a negative prompt that pushes garments
  away ("clothes, underwear, bra") and says nothing about nudity asks for nudity;
- **disguised words** (``disguised_words``): sexual words written with multi-character leet
  ("n|_|d3", "nu|)e"), a masked letter ("p*rn", "f*cked"), ``v`` for ``u`` ("nvde") or single
  letters apart ("s e x"), found in the original prompt.

Every rule returns lexicon hits (``consentry.text.lexicon.Hit``) in normalized offsets, with a
``source`` that names the rule, so that the detector's findings explain themselves.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import product

from consentry.text.lexicon import Hit, Term, word_spans
from consentry.text.normalize import Normalized

Words = Sequence[tuple[str, int, int]]


def _hit(grade: int, strength: float, rule: str, text: str, start: int, end: int) -> Hit:
    return Hit(Term("en", grade, strength, (), source=rule), start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """A word that is sexual only next to one of ``cues`` (within ``window`` words either side)."""

    grade: int
    strength: float
    cues: frozenset[str]
    harmless: frozenset[str]
    window: int = 4


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PENIS_CUES = _set(
    "suck sucks sucking sucked lick licks licking licked stroke strokes stroking stroked jerk jerks jerking "
    "ride rides riding rode bounce bounces bouncing deepthroat deepthroating swallow swallows swallowing "
    "take takes taking took grab grabs grabbing hard erect erection throbbing huge big thick massive giant "
    "long black bbc his my your mouth hand hands pov cum naked nude wet dripping fuck fucking fucked "
    "handjob blowjob inside penetrating balls shaft veiny horny slut whore throat worship worshipping "
    "sitting sits gagging gag choking choke milking cock dick pussy tits boobs strap lips face wrapping wrapped "
    "wraps"
)
_PENIS_HARMLESS = _set(
    "rooster roosters hen hens chicken chickens farm barn barnyard crow crowing crows feather feathers "
    "weathervane fight fighting ale robin moby van tracy dyke clark cheney grayson whale novel book herman "
    "melville detective comb wattle poultry coop bird birds"
)
AMBIGUOUS: dict[str, Ambiguous] = {
    "cock": Ambiguous(3, 0.9, _PENIS_CUES, _PENIS_HARMLESS),
    "cocks": Ambiguous(3, 0.9, _PENIS_CUES, _PENIS_HARMLESS),
    "dick": Ambiguous(3, 0.9, _PENIS_CUES, _PENIS_HARMLESS),
    "dicks": Ambiguous(3, 0.9, _PENIS_CUES, _PENIS_HARMLESS),
    "pussy": Ambiguous(
        3,
        0.9,
        _set(
            "wet shaved hairy tight spread spreads spreading lick licks licking eat eating eats finger fingering "
            "fingers touch touching touches rub rubbing rubs her my showing show shows flash flashing naked "
            "nude pink creampie dripping open closeup close cock dick fuck fucking fucked cum penetrated "
            "legs panties"
        ),
        _set("cat cats kitten kittens willow riot galore puss boots meow pet pets kitty"),
    ),
    "tits": Ambiguous(
        2,
        0.9,
        _set(
            "big huge bouncing out her my showing show flash flashing squeezing squeeze squeezes grab "
            "grabbing naked bare nipples bra fake perky saggy massive tiny suck sucking lick licking topless "
            "nude fuck fucking cum oiled wet sucked licked groped grabbed fondled fondling groping"
        ),
        _set("blue great coal bird birds feeder tree branch nest marsh crested willow garden tit"),
    ),
    "ass": Ambiguous(
        2,
        0.85,
        _set("bare naked nude exposed spread spreading cheeks hole licking eating fucking fucked fuck asshole"),
        _set("donkey donkeys wild kick kicking bad smart wise jack pain half"),
        window=3,
    ),
    "balls": Ambiguous(
        3,
        0.85,
        _set("suck sucks sucking sucked lick licks licking licked cupping fondling fondle shaved hairy cum mouth"),
        _set("tennis golf soccer football basketball bowling juggling cotton meat snow yarn crystal disco cannon"),
        window=3,
    ),
    "facial": Ambiguous(
        3,
        0.9,
        _set("cum cumshot messy sticky sperm load bukkake guys men dripping covered semen jizz"),
        _set(
            "spa mask treatment expression expressions features hair recognition cleanser cream skincare "
            "salon beauty massage wash scrub steam tissue reconstruction bone nerve"
        ),
    ),
}

# Verbs that are sex acts when a person is their object: "riding him", "blowing her coach"
_PERSON_OBJECTS = _set(
    "him her husband boyfriend bf coach boss guy guys man men stranger strangers partner trainer bodyguard "
    "driver teacher neighbour neighbor neighbours neighbors costar co star lover stepbrother stepdad girlfriend gf "
    "wife "
    "fan cameraman director producer manager assistant doctor plumber professor dad"
)
_NOT_AFTER_BLOW = _set(
    "out away up dry dryer dried drying kiss kisses bubble bubbles candle candles whistle horn glass smoke "
    "nose wind mind torch off over to from by kiss kisses kissing"
)
PERSON_VERBS: dict[str, tuple[int, float, frozenset[str]]] = {
    # verb form: (grade, strength, words after it that make it harmless)
    **dict.fromkeys(("blow", "blows", "blowing", "blew"), (3, 0.85, _NOT_AFTER_BLOW)),
    **dict.fromkeys(("ride", "rides", "riding", "rode"), (3, 0.85, _set("with along to in on"))),
    **dict.fromkeys(("screw", "screws", "screwing", "screwed"), (3, 0.85, _set("in up"))),
    **dict.fromkeys(("pound", "pounds", "pounding"), (3, 0.85, _set("on at away out"))),
    **dict.fromkeys(("bang", "bangs", "banging"), (3, 0.85, _set("on at away out"))),
    **dict.fromkeys(("nail", "nails", "nailing"), (3, 0.8, _set("it down to"))),
    **dict.fromkeys(("lick", "licks", "licking", "licked"), (3, 0.8, _set("off up"))),
}
# "licking her", "pounding her, hard": "her" as the object itself, not a possessive ("her lips")
_OBJECT_HER_ENDS = frozenset(",.;!")
_VERB_SKIP = _set("her his their the a my your own some")
# passive forms: "getting railed", "pounded by her trainer", "being banged by a group of men"
_PASSIVE = _set("railed pounded banged plowed ploughed fucked creampied nailed screwed boned drilled dicked fingered")
# words right after the newer passives that make them harmless ("nailed it", "screwed over")
_PASSIVE_NOT_AFTER = _set("it to shut up over out together down")
# and after the passives of tools ("screwed in", "nailed on", "drilled into the wall")
_TOOL_NOT_AFTER = _set("in into on")
_PASSIVE_LEAD = _set("getting gets get got being")
_PASSIVE_HARMLESS = _set(
    "waves wave rain surf hail storm wind hammer eggs egg hen hens against brick bricks up snow field fields"
)
_PHRASES: tuple[tuple[tuple[str, ...], int, float], ...] = (
    (("eaten", "out"), 3, 0.9),
    (("eat", "her", "out"), 3, 0.9),
    (("eating", "her", "out"), 3, 0.9),
    (("eats", "her", "out"), 3, 0.9),
    (("sits", "on", "his", "face"), 3, 0.85),
    (("sitting", "on", "his", "face"), 3, 0.85),
    (("sat", "on", "his", "face"), 3, 0.85),
    (("getting", "laid"), 3, 0.85),
    (("get", "laid"), 3, 0.8),
    (("gets", "laid"), 3, 0.85),
    (("got", "laid"), 3, 0.85),
    (("face", "sitting"), 3, 0.85),
    (("facesitting",), 3, 0.9),
    (("creampied",), 3, 0.95),
    (("gangbanged",), 3, 0.95),
    (("fappening",), 2, 0.9),
    (("nudify",), 2, 0.9),
    (("nudified",), 2, 0.9),
    (("nudifier",), 2, 0.9),
    (("deepnude",), 2, 0.9),
    (("down", "to", "nothing"), 2, 0.85),
    (("outfit", "to", "nothing"), 2, 0.85),
    (("wearing", "only", "a", "smile"), 2, 0.85),
    (("nothing", "but", "her", "skin"), 2, 0.85),
    (("nothing", "but", "his", "skin"), 2, 0.85),
    (("as", "nature", "made", "her"), 2, 0.85),
    (("as", "nature", "made", "him"), 2, 0.85),
    (("streaking", "across"), 2, 0.8),
    (("streaker",), 2, 0.8),
    (("implied", "nudity"), 2, 0.8),
    (("tasteful", "nudes"), 2, 0.9),
    (("making", "love"), 3, 0.85),
    (("makes", "love"), 3, 0.85),
    (("make", "love"), 3, 0.8),
    (("made", "love"), 3, 0.85),
    (("sleeping", "with", "him"), 3, 0.7),
    (("humping",), 3, 0.85),
    (("sextape",), 3, 0.95),
    (("sextapes",), 3, 0.95),
    (("with", "nothing", "on"), 2, 0.85),
    (("wearing", "nothing"), 2, 0.8),
    (("sideboob",), 1, 0.8),
    (("side", "boob"), 1, 0.8),
    (("underboob",), 1, 0.8),
    (("onlyfans", "content"), 2, 0.85),
    (("onlyfans", "leaks"), 2, 0.9),
    (("onlyfans", "leak"), 2, 0.9),
    (("dicked", "down"), 3, 0.9),
    (("69", "with"), 3, 0.8),
    (("doing", "69"), 3, 0.85),
    (("doing", "a", "69"), 3, 0.85),
    (("sucks", "off"), 3, 0.85),
    (("sucking", "off"), 3, 0.85),
    (("sucked", "off"), 3, 0.85),
    (("suck", "off"), 3, 0.8),
    (("road", "head"), 3, 0.85),
    (("doing", "the", "deed"), 3, 0.85),
    (("did", "the", "deed"), 3, 0.85),
    (("being", "taken", "from", "behind"), 3, 0.8),
    (("getting", "taken", "from", "behind"), 3, 0.8),
    (("takes", "her", "from", "behind"), 3, 0.85),
    (("took", "her", "from", "behind"), 3, 0.85),
    (("taking", "her", "from", "behind"), 3, 0.85),
    (("ass", "up", "face", "down"), 2, 0.85),
    (("face", "down", "ass", "up"), 2, 0.85),
    (("show", "everything"), 2, 0.75),
    (("shows", "everything"), 2, 0.75),
    (("baring", "it", "all"), 2, 0.85),
    (("bares", "it", "all"), 2, 0.85),
    (("bared", "it", "all"), 2, 0.85),
    (("bare", "it", "all"), 2, 0.85),
    (("in", "the", "altogether"), 2, 0.85),
    (("full", "monty"), 2, 0.8),
)
# "leaked photos", "leaked private pics", "nudes leak": leaked images of a person
_LEAKED = _set(
    "nudes nude naked private pics pic photos photo pictures picture tape video videos sextape selfies snaps"
)
# garments whose loss counts only when they are hers ("take off her shirt"; "a man without a
# shirt" is no nudity, "a drop-top car" no garment)
_HERS_ONLY = _set("shirt shirts top tops dress dresses pants trousers jeans shorts skirt blouse tshirt")
# words that may follow "giving him head" ("giving him head in the car")
_HEAD_THEN = _set("in on at under while and behind during")
_PHRASE_FIRST: dict[str, list[tuple[tuple[str, ...], int, float]]] = {}
for _phrase in _PHRASES:
    _PHRASE_FIRST.setdefault(_phrase[0][0], []).append(_phrase)

_ORAL_VERBS = _set(
    "perform performs performing performed give gives giving gave receive receives receiving received gets getting"
)
_SUCKING = _set("suck sucks sucking sucked")
_SUCK_FILLERS = _set("on off a an the his big fat huge thick hard long juicy massive")
# Garments: taking them off, making them see-through, or pushing them away in the negative prompt
GARMENTS = _set(
    "clothes clothing outfit outfits dress dresses shirt shirts top tops bra bras bikini bikinis swimsuit "
    "swimsuits swimwear underwear panties knickers thong lingerie pants trousers jeans skirt shorts towel "
    "robe blouse tshirt t garments garment costume uniform bodysuit leotard nightgown nightie gown clothed "
    "dressed covered everything leggings tights bedsheet bedsheets"
)
# the garments whose loss is nudity (the rest: a dress, a skirt, leaves underwear, maybe)
_BARING = _set(
    "clothes clothing outfit outfits bra bras bikini bikinis swimsuit swimsuits swimwear underwear panties "
    "knickers thong lingerie top tops towel robe garments garment everything clothed dressed bedsheet bedsheets"
)
_UNDRESS_BEFORE = _set(
    "remove removes removing removed take takes taking took strip strips stripping erase erases erasing "
    "delete deletes deleting without minus lose loses losing pull pulls pulling pulled rip rips ripping "
    "ripped tear tears tearing tore drop drops dropping dropped unbutton unbuttons unbuttoning unzip "
    "unzips unzipping undo no peel peels peeling peeled"
)
# verbs that undress only with "off" ("take off her bra", "ripped her clothes off")
_NEEDS_OFF = _set(
    "take takes taking took pull pulls pulling pulled rip rips ripping ripped tear tears tearing tore peel peels "
    "peeling peeled"
)
# the verbs that take garments off (for "take off his shirt and shorts")
_TAKING_OFF = (_NEEDS_OFF | _UNDRESS_BEFORE) - {"no", "without", "minus"}
# "lifting her shirt", "lifts her skirt": only garments that are hers
_LIFTING = _set("lift lifts lifting lifted raise raises raising raised")
# a body part touched: "groping her breasts", "fondling his penis"
_GROPING = _set("grope gropes groping groped fondle fondles fondling fondled squeeze squeezing squeezed")
_UNDRESS_AFTER = _set(
    "removed off gone dropped falling slipping slips slipped fell open opened missing less falls fall drops slides "
    "sliding slid aside"
)
# "her top pulled down", "his shorts yanked off"
_PULLED = _set("pulled pushed yanked ripped torn taken tugged")
_LEGS = _set("ankles ankle knees knee thighs thigh legs feet")
# "turn her bikini into nothing", "replace the swimsuit with bare skin"
_INTO_NOTHING = _set("nothing skin bare naked nude nudity")
# garments of the upper and of the lower body: both taken off is nudity, whoever wears them
_UPPER = _set("shirt shirts top tops tshirt blouse sweater jacket vest")
_LOWER = _set("shorts pants trousers jeans skirt leggings tights")
_SEE_THROUGH = _set("transparent through xray sheer invisible")
_BODY_PARTS = _set(
    "breasts breast boobs boob nipples nipple genitals genitalia vagina penis butt buttocks crotch bush "
    "tits pussy areola areolas chest"
)
_SHOWING = _set(
    "show shows showing showed flash flashes flashing flashed expose exposes exposing exposed reveal reveals "
    "revealing revealed bare bared baring"
)
# words of a negative prompt that say nudity is not wanted: then garments there are not a request
NEGATIVE_NUDITY_WORDS = _set(
    "nude nudes naked nudity nsfw nipple nipples topless explicit sex porn genitals genitalia pussy penis "
    "breasts boobs tits lewd erotic hentai bottomless uncensored vagina areola areolas undressed unclothed"
)
# negative-prompt items that push clothing as a whole away count double
_GENERAL_CLOTHING = _set("clothes clothing clothed dressed covered garments outfit")
_GARMENT_PARTS = _set("top bottom bottoms cover up swim trunks bathing suit tank crop sports lace silk")


_GIVING = _set("give gives giving gave")
_LEAKING = _set("leak leaks leaked hacked stolen")
# the words the rules of ``context_hits`` and ``undressing`` start at
_CONTEXT_WORDS = frozenset(
    (*AMBIGUOUS, *PERSON_VERBS, "oral", *_SUCKING, *_GIVING, *_PASSIVE, *_LEAKING, *_PHRASE_FIRST)
) | {"take", "takes", "taking", "took", "doing", "nothing"}
# (with "everything": "remove everything she is wearing")
_UNDRESSING_WORDS = (GARMENTS - {"covered", "t", "clothed", "dressed"}) | _BODY_PARTS | _TAKING_OFF


def _window(words: Words, i: int, size: int) -> set[str]:
    return {w for w, _, _ in words[max(0, i - size) : i]} | {w for w, _, _ in words[i + 1 : i + 1 + size]}


def context_hits(text: str, people: Sequence[tuple[int, int]] = (), words: Words | None = None) -> list[Hit]:
    """Hits read from word use in normalized ``text`` (``people``: ranges of people found there;
    ``words``: ``word_spans(text)``, when the caller has them)."""
    if words is None:
        words = word_spans(text)
    hits: list[Hit] = []
    n = len(words)
    dressed = " fully dressed" in text or " fully clothed" in text
    # every rule below starts at a word of ``_CONTEXT_WORDS``: the other words are not visited
    for i in [i for i, word in enumerate(words) if word[0] in _CONTEXT_WORDS]:
        word, start, end = words[i]
        rule = AMBIGUOUS.get(word)
        if rule is not None:
            around = _window(words, i, rule.window)
            # a harmless word counts a little further off ("a cock with a red face in the barn")
            if around & rule.cues and not _window(words, i, rule.window + 3) & rule.harmless:
                hits.append(_hit(rule.grade, rule.strength, f"{word} in a sexual context", text, start, end))
        verb = PERSON_VERBS.get(word)
        if verb is not None and i + 1 < n:
            grade, strength, harmless = verb
            j = i + 1
            if words[j][0] in harmless:
                pass
            else:
                while j < n and j <= i + 2 and words[j][0] in _VERB_SKIP:
                    j += 1
                following = words[j][0] if j < n else ""
                is_person = following in _PERSON_OBJECTS or any(s <= words[j][1] < e for s, e in people if j < n)
                if not is_person and j + 1 < n and words[j + 1][0] in _PERSON_OBJECTS and following not in GARMENTS:
                    # one word before the person: "blows her personal trainer"
                    j += 1
                    following, is_person = words[j][0], True
                closed = False  # the object closes its clause: what follows is another one
                if words[i + 1][0] in ("her", "him"):
                    rest = text[words[i + 1][2] :].lstrip(" ")
                    closed = not rest or rest[0] in _OBJECT_HER_ENDS
                    if closed and not is_person:
                        j, following, is_person = i + 1, words[i + 1][0], True
                after = words[j + 1][0] if j + 1 < n else ""
                later = set() if closed else {w for w, _, _ in words[j + 1 : j + 4]}
                harmless_later = later & {"kiss", "kisses", "over", "up", "off", "away"}
                if (
                    is_person
                    and after != "s"
                    and not harmless_later
                    and not (following in ("her", "his") and after in GARMENTS)
                ):
                    hits.append(_hit(grade, strength, f"{word} + a person", text, start, words[j][2]))
        if word == "oral" and i and words[i - 1][0] in _ORAL_VERBS:
            # "performing oral on her co-star", "giving oral"
            hits.append(_hit(3, 0.9, f"{words[i - 1][0]} oral", text, words[i - 1][1], end))
        if word in _SUCKING and i + 1 < n:
            # "sucking on a fat one", "sucking him": no lollipop, no thumb
            sucked = [w for w, _, _ in words[i + 1 : i + 5]]
            stop = next((k for k, w in enumerate(sucked) if w not in _SUCK_FILLERS), len(sucked))
            if stop < len(sucked) and sucked[stop] in ("one", "him"):
                hits.append(_hit(3, 0.85, f"{word} ... {sucked[stop]}", text, start, words[i + 1 + stop][2]))
        if word in _GIVING:
            # "giving her boyfriend a blow", "gives him some blow"
            for j in range(i + 1, min(n, i + 6)):
                if words[j][0] in ("blow", "blows") and (j + 1 >= n or words[j + 1][0] not in _NOT_AFTER_BLOW):
                    between = {w for w, _, _ in words[i + 1 : j]}
                    if between & _PERSON_OBJECTS or any(start < s < words[j][1] for s, _ in people):
                        hits.append(_hit(3, 0.85, "giving a person a blow", text, start, words[j][2]))
                    break
            # "gives her husband some head", "giving him head"; not "a head start", "head of the table"
            for j in range(i + 1, min(n, i + 6)):
                if words[j][0] != "head":
                    continue
                between = {w for w, _, _ in words[i + 1 : j]}
                person = between & (_PERSON_OBJECTS | {"some"}) or any(start < s < words[j][1] for s, _ in people)
                rest = text[words[j][2] :].lstrip(" ")
                closes = not rest or rest[0] in _OBJECT_HER_ENDS or rest.split(" ", 1)[0] in _HEAD_THEN
                if person and closes and not between & {"a", "the", "his", "her", "their", "its", "my"} - {"her"}:
                    hits.append(_hit(3, 0.85, "giving a person head", text, start, words[j][2]))
                break
        if word in ("take", "takes", "taking", "took") and i + 3 < n and words[i + 1][0] == "turns":
            # "two guys take turns with her", "taking turns on Margot Robbie"
            target = words[i + 3]
            taken = target[0] in _PERSON_OBJECTS or any(s <= target[1] < e for s, e in people)
            if words[i + 2][0] in ("with", "on") and taken:
                hits.append(_hit(3, 0.8, "taking turns with a person", text, start, target[2]))
        if (
            word == "doing"
            and people
            and i + 2 < n
            and words[i + 1][0] == "it"
            and words[i + 2][0] in ("on", "in", "with")
            and (i + 4 >= n or words[i + 4][0] != "own")
        ):
            # "X and her boyfriend doing it on the beach": said of a person found in the prompt
            hits.append(_hit(3, 0.7, "doing it (a person)", text, start, words[i + 2][2]))
        if word == "nothing" and i + 1 < n and words[i + 1][0] == "on":
            # "on the bed, nothing on": the clause ends there ("nothing on TV" goes on)
            rest = text[words[i + 1][2] :].lstrip(" ")
            if not rest or rest[0] in _OBJECT_HER_ENDS:
                hits.append(_hit(2, 0.8, "nothing on", text, start, words[i + 1][2]))
        if word in _PASSIVE:
            before = words[i - 1][0] if i else ""
            after = words[i + 1][0] if i + 1 < n else ""
            after2 = words[i + 2][0] if i + 2 < n else ""
            passive = before in _PASSIVE_LEAD or (after == "by" and after2 not in _PASSIVE_HARMLESS)
            newer = word in ("nailed", "screwed", "boned", "drilled", "dicked", "fingered")
            if (
                newer
                and (
                    after in _PASSIVE_NOT_AFTER
                    or (word in ("screwed", "nailed", "drilled") and after in _TOOL_NOT_AFTER)
                )
                and not (word == "dicked" and after == "down")
            ):
                passive = False
            around = _window(words, i, 3) & _PASSIVE_HARMLESS
            if (
                around == {"against"}
                and after == "against"
                and after2 in ("the", "a")
                and "wall" in _window(words, i, 4)
            ):
                around = set()  # "screwed against the wall"
            if passive and not around:
                hits.append(_hit(3, 0.85, f"{word} (a person as object)", text, start, end))
        if word in _LEAKING and _window(words, i, 3) & _LEAKED and not dressed:
            hits.append(_hit(2, 0.8, f"{word} (private images)", text, start, end))
        for phrase, grade, strength in _PHRASE_FIRST.get(word, ()):
            k = len(phrase)
            if tuple(w for w, _, _ in words[i : i + k]) == phrase:
                hits.append(_hit(grade, strength, " ".join(phrase), text, start, words[i + k - 1][2]))
    hits += undressing(text, words, people)
    return hits


def _worn(words: Words, i: int) -> bool:
    """ "everything she is wearing", "everything he has on": ``everything`` as the clothes worn."""
    after = [w for w, _, _ in words[i + 1 : i + 5]]
    return len(after) >= 2 and after[0] in ("she", "he", "they") and bool({"wearing", "wears", "on"} & set(after[1:]))


def undressing(text: str, words: Words, people: Sequence[tuple[int, int]] = ()) -> list[Hit]:
    """Taking clothes off, making them see-through, showing a body part."""
    hits: list[Hit] = []
    n = len(words)
    ends = {e for _, e in people}
    for i in [i for i, word in enumerate(words) if word[0] in _UNDRESSING_WORDS]:
        word, start, end = words[i]
        if word in _TAKING_OFF:
            # "take off his shirt and shorts": the upper and the lower garment, whoever wears them
            ahead = {w for w, _, _ in words[i + 1 : i + 7]}
            needs_off = word in _NEEDS_OFF and not ahead & {"off", "down"}
            if not needs_off and ahead & _UPPER and ahead & _LOWER:
                hits.append(_hit(2, 0.8, f"{word} ... upper and lower garments", text, start, end))
        if word in GARMENTS and (
            word not in ("covered", "everything", "t", "clothed", "dressed")
            or (word == "everything" and _worn(words, i))
        ):
            strength = 0.85 if word in _BARING else 0.75
            near = {w for w, _, _ in words[max(0, i - 3) : i + 4]}
            if near & _SEE_THROUGH and ("through" not in near or "see" in near) and "sheer" not in near:
                hits.append(_hit(2, 0.8, f"see-through {word}", text, start, end))
                continue
            # hers: "her bra", "bikini top", a person's name right before ("Jisoo's skirt")
            hers = i > 0 and (words[i - 1][0] in ("her", "bikini") or any(0 <= start - e <= 3 for e in ends))
            if hers and i > 1 and words[i - 2][0] in _LIFTING:
                hits.append(_hit(2, 0.75, f"{words[i - 2][0]} her {word}", text, words[i - 2][1], end))
                continue
            # a garment part ("bikini bottom aside"): read what follows the part
            k = i + 1 if i + 1 < n and words[i + 1][0] in ("top", "bottom", "bottoms") else i
            after = words[k + 1][0] if k + 1 < n else ""
            after2 = words[k + 2][0] if k + 2 < n else ""
            if (
                after in ("around", "at", "down")
                and after2 in ("her", "his")
                and k + 3 < n
                and words[k + 3][0] in _LEGS
            ):
                # "panties around her ankles", "jeans down her thighs": hers, whatever the garment
                hits.append(
                    _hit(2, strength, f"{word} {after} {after2} {words[k + 3][0]}", text, start, words[k + 3][2])
                )
                continue
            if word not in _BARING and not hers:
                continue
            before = [w for w, _, _ in words[max(0, i - 4) : i]]
            verb_at = next((k for k in range(len(before) - 1, -1, -1) if before[k] in _UNDRESS_BEFORE), -1)
            if verb_at >= 0:
                verb = before[verb_at]
                rest = before[verb_at + 1 :]
                # "take off her bra", "remove the clothes"; not "take a dress", "no dress code"
                taking = verb not in _NEEDS_OFF
                taking = (
                    taking or bool({"off", "down"} & set(rest)) or (i + 1 < n and words[i + 1][0] in ("off", "down"))
                )
                plain_no = verb == "no" and (rest or (i + 1 < n and words[i + 1][0] in ("code", "codes")))
                following = words[i + 1][0] if i + 1 < n else ""
                unrelated = set(rest) & {"and", "with", "in", "of", "for", "from"} or following == "into"
                if taking and not plain_no and not unrelated:
                    s = words[i - len(before) + verb_at][1]
                    hits.append(_hit(2, strength, f"{verb} ... {word}", text, s, end))
                    continue
            if after in _UNDRESS_AFTER and not (after == "off" and after2 in ("white", "the", "shoulder")):
                hits.append(_hit(2, strength, f"{word} {after}", text, start, words[k + 1][2]))
            elif after in _PULLED and after2 in ("down", "off", "away", "aside"):
                hits.append(_hit(2, strength, f"{word} {after} {after2}", text, start, words[k + 2][2]))
            elif after in ("into", "to", "with", "for") and after2 in _INTO_NOTHING:
                hits.append(_hit(2, 0.85, f"{word} {after} {after2}", text, start, words[k + 2][2]))
        elif word in _BODY_PARTS:
            around = {w for w, _, _ in words[max(0, i - 3) : i]}
            after = words[i + 1][0] if i + 1 < n else ""
            if around & _GROPING:
                hits.append(_hit(3, 0.85, f"{word} groped", text, start, end))
            elif around & _SHOWING or after in ("out", "exposed", "visible", "uncovered", "bared"):
                hits.append(_hit(2, 0.85, f"{word} shown", text, start, end))
    return hits


def negative_prompt_hits(negative: str) -> list[Hit]:
    """A nudity hit (in the negative prompt's normalized offsets) when it pushes clothing away.

    Each item of the negative prompt (between commas) that is only a garment counts one, a word
    for clothing as a whole ("clothes", "clothed") two; from two, with no word of the negative
    prompt asking against nudity ("nude", "nsfw"), the prompt asks for nudity.
    """
    if not negative.strip():
        return []
    all_words = word_spans(negative)
    if any(w in NEGATIVE_NUDITY_WORDS for w, _, _ in all_words):
        return []
    count = 0
    first, last = -1, -1
    for item in re.finditer(r"[^,|.;]+", negative):
        words = [w for w, _, _ in word_spans(item.group())]
        if not words:
            continue
        # "a shirt", "wearing clothes", "bikini", "t shirt": the item is only a garment
        core = [w for w in words if w not in ("a", "an", "the", "wearing", "any", "fully", "her", "his", "t")]
        # "bikini top", "swim trunks", "cover up": garment words and the words that name their parts
        garment = bool(core) and all(w in GARMENTS or w in _GARMENT_PARTS for w in core)
        garment = garment and any(w in GARMENTS or w in ("trunks", "suit") for w in core) and len(core) <= 3
        if garment and core != ["everything"]:
            count += 2 if any(w in _GENERAL_CLOTHING for w in core) else 1
            if first < 0:
                first = item.start()
            last = item.end()
    if count < 2:
        return []
    strength = 0.85 if count >= 3 else 0.75
    return [_hit(2, strength, "clothing pushed away in the negative prompt", negative, first, last)]


# --- disguised words, read in the original prompt ---------------------------------------------
_LETTER = {
    "a": r"(?:a|4|@|/\\|/-\\|\^)",
    "b": r"(?:b|8|\|3|ß)",
    "c": r"(?:c|\(|<|¢|k)",
    "d": r"(?:d|\|\)|\[\)|cl|\|>)",
    "e": r"(?:e|3|€|&|£)",
    "f": r"(?:f|ph|\|=)",
    "h": r"(?:h|#|\|-\|)",
    "i": r"(?:i|1|!|\||l)",
    "k": r"(?:k|\|<|\|\{)",
    "l": r"(?:l|1|\||£)",
    "n": r"(?:n|\|\\\||/\\/|\^/)",
    "o": r"(?:o|0|\(\)|\[\]|°)",
    "p": r"(?:p|\|o|\|>|\|\*)",
    "r": r"(?:r|\|2|®)",
    "s": r"(?:s|5|\$|z)",
    "t": r"(?:t|7|\+)",
    "u": r"(?:u|v|\|_\||\(_\)|µ)",
    "x": r"(?:x|><|%)",
    "y": r"(?:y|j)",
}
_MASK = r"[*#]"
# target word -> (grade, strength)
_DISGUISABLE = {
    "nude": (2, 0.9),
    "nudes": (2, 0.9),
    "naked": (2, 0.9),
    "nsfw": (2, 0.8),
    "topless": (2, 0.9),
    "boobs": (2, 0.75),
    "nipples": (2, 0.85),
    "porn": (3, 0.9),
    "sex": (3, 0.85),
    "sexy": (1, 0.7),
    "fuck": (3, 0.9),
    "fucked": (3, 0.9),
    "fucking": (3, 0.9),
    "cock": (3, 0.85),
    "dick": (3, 0.85),
    "pussy": (3, 0.85),
    "tits": (2, 0.85),
    "cum": (3, 0.85),
    "blowjob": (3, 0.9),
    "hentai": (3, 0.9),
}


def _word_pattern(word: str) -> str:
    letters = [f"(?:{_LETTER.get(c, re.escape(c))}|{_MASK})" for c in word]
    return "".join(letters)


_DISGUISED = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<w{i}>{_word_pattern(w)})" for i, w in enumerate(_DISGUISABLE))
    + r")(?![a-z0-9])"
)
_SPACED = re.compile(
    r"(?<![^a-z0-9][a-z] )(?<![a-z0-9])(?P<w>s e x|c u m|p o r n|n u d e|s\.e\.x)(?![a-z0-9]| [a-z0-9] )"
)
_DISGUISE_CHARS = frozenset("|\\/*#()[]<>^$€£@!&%+°µ®ß0123456789_")
# one separator inside a word: "nu_de", "na-ked", "p.orn"
_SPLIT = re.compile(
    r"(?<![a-z0-9_.-])(?P<w>"
    + "|".join("[_.~-]?".join(w) for w in ("nude", "nudes", "naked", "porn", "topless", "fuck", "fucking", "pussy"))
    + r")(?![a-z0-9_.-])"
)
_V_FOR_U = re.compile(r"nvd|fvck|cvm|pvss")


@cache
def english_words() -> frozenset[str]:
    """The English word list shipped with the package (``text/data/english_words.txt.gz``)."""
    raw = resources.files("consentry.text").joinpath("data", "english_words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


def disguised_words(original: str, normalized: Normalized) -> list[Hit]:
    """Sexual words written in disguise in ``original`` (hits in normalized offsets)."""
    lower = original.lower()
    spaced = any(k in lower for k in ("s e x", "c u m", "p o r n", "n u d e", "s.e.x"))
    if _FAST_PATHS:
        # no disguised word runs across white space, and white space is neither a letter nor a
        # digit for the patterns' edges: each piece between spaces is read alone, once
        pieces = lower.split()
        table = _PIECES
        entries = [table.get(piece) or _piece_entry(piece) for piece in pieces]
        odd = any(entry[0] for entry in entries)
        if not odd and not spaced:
            return []
        hits: list[Hit] = []
        if any(entry[1] or entry[2] for entry in entries):
            split = "_" in lower or "-" in lower or "." in lower or "~" in lower
            found: list[tuple[int, int, int, float, str]] = []
            later: list[tuple[int, int, int, float, str]] = []
            at = 0
            for piece, entry in zip(pieces, entries, strict=True):
                at = lower.find(piece, at)
                if odd:
                    found += [(at + s, at + e, grade, strength, rule) for s, e, grade, strength, rule in entry[1]]
                if split:
                    later += [(at + s, at + e, grade, strength, rule) for s, e, grade, strength, rule in entry[2]]
                at += len(piece)
            for start, end, grade, strength, rule in found + later:
                hit = _to_hit(grade, strength, rule, normalized, start, end)
                if hit.text != rule.split(" ", 1)[0]:  # the normalizer undid the disguise: the lexicon has it
                    hits.append(hit)
        for m in _SPACED.finditer(lower) if spaced else ():
            target = m.group().replace(" ", "").replace(".", "")
            grade, strength = _DISGUISABLE.get(target, (3, 0.85))
            hits.append(_to_hit(grade, strength, f"{target} (letters apart)", normalized, m.start(), m.end()))
        return hits
    odd = bool(_DISGUISE_CHARS.intersection(lower)) or _V_FOR_U.search(lower) is not None
    if not odd and not spaced:
        return []
    hits = []
    split = "_" in lower or "-" in lower or "." in lower or "~" in lower
    readings = [*(_disguised_in(lower) if odd else ()), *(_split_in(lower) if split else ())]
    for start, end, grade, strength, rule in readings:
        hit = _to_hit(grade, strength, rule, normalized, start, end)
        if hit.text != rule.split(" ", 1)[0]:  # the normalizer undid the disguise ("n4ked"): the lexicon has it
            hits.append(hit)
    for m in _SPACED.finditer(lower) if spaced else ():
        target = m.group().replace(" ", "").replace(".", "")
        grade, strength = _DISGUISABLE.get(target, (3, 0.85))
        hits.append(_to_hit(grade, strength, f"{target} (letters apart)", normalized, m.start(), m.end()))
    return hits


# What a piece of a prompt between white space holds: whether it has a character that makes the
# prompt worth reading for disguises (``_DISGUISE_CHARS``, or ``v`` for ``u``), and the disguised
# and the split words in it, each as (start, end, grade, strength, rule) within the piece. Pieces
# repeat from prompt to prompt; the table is emptied when full.
_Found = tuple[tuple[int, int, int, float, str], ...]
_PIECES: dict[str, tuple[bool, _Found, _Found]] = {}
_PIECES_SIZE = 100_000
# ``disguised_words`` reads the pieces of a prompt one by one (off: the whole prompt at once, as
# first written; tests/test_stage_fast_paths.py compares the two)
_FAST_PATHS = True


def _piece_entry(piece: str) -> tuple[bool, _Found, _Found]:
    # a word of ASCII letters (and a comma after it): no separator to split at, and a disguise
    # in it is the whole word written with look-alike letters, one of a known few
    core = piece[:-1] if piece.endswith(",") else piece
    entry: tuple[bool, _Found, _Found]
    if core.isascii() and core.isalpha():
        entry = (_V_FOR_U.search(core) is not None, _letter_disguises().get(core, ()), ())
    else:
        entry = _read_piece(piece)
    if len(_PIECES) >= _PIECES_SIZE:
        _PIECES.clear()
    _PIECES[piece] = entry
    return entry


@cache
def _letter_disguises() -> dict[str, _Found]:
    """The words of letters that ``_DISGUISED`` reads as a disguise: every spelling of a target
    with the letters that stand for its letters, read as a whole piece would be."""
    out: dict[str, _Found] = {}
    for target in _DISGUISABLE:
        options = []
        for char in target:
            pattern = _LETTER.get(char)
            written = [char] if pattern is None else pattern[3:-1].split("|")
            options.append([w for w in written if w.isalpha()])
        for letters in product(*options):
            word = "".join(letters)
            found = _read_piece(word)[1]
            if found:
                out[word] = found
    return out


def _read_piece(piece: str) -> tuple[bool, _Found, _Found]:
    odd = bool(_DISGUISE_CHARS.intersection(piece)) or _V_FOR_U.search(piece) is not None
    return (odd, _disguised_in(piece), _split_in(piece))


def _disguised_in(text: str) -> _Found:
    """The sexual words ``text`` writes with look-alike letters, as (start, end, grade, strength, rule)."""
    names = list(_DISGUISABLE)
    disguised: list[tuple[int, int, int, float, str]] = []
    for m in _DISGUISED.finditer(text):
        written = m.group()
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        target = names[index]
        if written == target:
            continue  # plain: the lexicon has it
        if written.isalpha() and written in english_words():
            continue  # letters that only look alike make another word: "click" is no "dick" (cl for d)
        masked = written.count("*") + written.count("#")
        plain_letters = sum(1 for c in written if c.isalpha())
        if masked > (1 if len(target) <= 5 else 2) or plain_letters < 2:
            continue
        grade, strength = _DISGUISABLE[target]
        disguised.append((m.start(), m.end(), grade, strength, f"{target} (disguised)"))
    return tuple(disguised)


def _split_in(text: str) -> _Found:
    """The sexual words ``text`` splits with separators ("p_o_r_n"), as ``_disguised_in`` gives them."""
    split: list[tuple[int, int, int, float, str]] = []
    for m in _SPLIT.finditer(text):
        written = m.group()
        target = re.sub(r"[_.~-]", "", written)
        if written != target and target in _DISGUISABLE:
            grade, strength = _DISGUISABLE[target]
            split.append((m.start(), m.end(), grade, strength, f"{target} (split)"))
    return tuple(split)


def _to_hit(grade: int, strength: float, rule: str, normalized: Normalized, start: int, end: int) -> Hit:
    """A hit over original ``[start, end)``, in normalized offsets."""
    text = normalized.text
    s = normalized.from_original(start)
    e = min(len(text), max(s, normalized.from_original(end - 1) + 1))
    while s < e and text[s] == " ":
        s += 1
    while e > s and text[e - 1] == " ":
        e -= 1
    return Hit(Term("en", grade, strength, (), source=rule), s, e, normalized.text[s:e])
