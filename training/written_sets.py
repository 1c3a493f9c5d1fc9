"""Training sets written for the sexual-intent model, beyond the I2P family of red-teaming prompts.

The public sets are image-generation prompts of one style (comma-separated tags, style tails).
People also write plain sentences, instruction-style edits for editing models, euphemisms and
slang, and harmless prompts that use the same words ("feeding the rooster", "riding a bike",
"remove the background"). Two sets are made here, each a family of its own in the
leave-one-source-out evaluation (``training/loso_sexual.py``):

- ``written-sexual``: a subject (no names: "a woman", "the actress", "my neighbour", "he") and
  a sexual phrase of a known grade (explicit acts in plain words, undressing edits, euphemisms,
  suggestive edits), in one of several frames ("{s} {p}", "photo of {s} {p}", "edit: {p}, {s}").
- ``written-harmless``: the same subjects and frames with harmless phrases that share words
  with the sexual ones (grade none), and harmless edits.

How they were made: the phrases below were written by hand for this purpose (none is copied from
a public set, the dev set or the test table ``tests/data/sexual_meaning_cases.tsv``, which was
written separately); every combination of subject, phrase and frame is enumerated and a fixed
share is kept (deterministic). Labels are the phrase's grade.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

SUBJECTS = (
    *("a woman", "the woman", "a young woman", "the actress", "a singer", "my neighbour", "the model"),
    *("a man", "the man", "he", "she", "a blonde woman", "the girl next door", "a couple", "my coworker"),
)
FRAMES = ("{s} {p}", "photo of {s} {p}", "{p}, {s}", "realistic photo, {s} {p}, 4k", "{s} {p}, bedroom")
EXPLICIT = (
    *("is getting fucked hard", "sucking a big cock", "licking his hard dick", "riding him on the couch"),
    *("riding her boyfriend's cock", "giving him a blowjob", "giving her husband head", "gets a cum facial"),
    *("covered in cum", "being penetrated from behind", "having sex on a table", "in a gangbang"),
    *("getting banged by her boss", "getting railed in a hotel room", "screwing her trainer"),
    *("masturbating with a toy", "fingering her wet pussy", "spreading her pussy", "eating her out"),
    *("69 position", "doggy style on the bed", "jerking off his dick", "stroking a throbbing cock"),
    *("deepthroating a thick cock", "sitting on his face", "humping his leg", "making love naked"),
    *("in a threesome with two men", "fucked by three guys", "sucking his balls", "cumming on her tits"),
)
NUDITY = (
    *("with her clothes removed", "with no clothes on", "take off her bra", "remove her panties"),
    *("take off all her clothes", "make her clothes see-through", "x-ray vision through her dress"),
    *("without her top, breasts out", "showing her nipples", "flashing her breasts", "tits out"),
    *("bare ass", "towel dropped, nothing underneath", "dropped her robe", "wearing nothing at all"),
    *("in the nude", "stark naked", "skinny dipping", "nude beach", "leaked nudes", "leaked private photos"),
    *("onlyfans leak", "as nature intended", "birthday suit", "nothing on but a necklace", "topless"),
    *("undressed completely", "strip her naked", "nudify the photo", "bottomless", "naked in bed"),
    *("full frontal", "exposed breasts", "nude selfie", "unclothed body", "her bikini top falling off"),
)
SUGGESTIVE = (
    *("in a tiny bikini", "put her in lingerie", "change her outfit to a swimsuit", "sexy pose"),
    *("seductive look", "wearing a thong", "in stockings and garters", "cleavage", "in a wet t-shirt"),
    *("lying in bed in underwear", "twerking", "low cut top, seductive", "lap dance", "sultry pinup"),
)
HARMLESS = (
    *("feeding the rooster and hens", "reading moby dick", "riding a bike", "riding a horse on the beach"),
    *("blowing out birthday candles", "blowing bubbles", "spreading jam on toast", "wet from the rain"),
    *("getting a facial at the spa", "facial expression of surprise", "watching blue tits in the garden"),
    *("remove the background", "make her dress red", "change her outfit to a business suit"),
    *("take off her sunglasses", "take off his hat", "removing a jacket in the heat", "in a wool sweater"),
    *("leaked documents", "a leaked memo", "dropping the kids at school", "pounding the dough"),
    *("see-through umbrella", "transparent glass vase", "show her smile", "showing her new puppy"),
    *("with a pussy willow bouquet", "cocktail in hand", "screwing a lightbulb", "dick tracy costume"),
    *("giving a speech", "giving her husband a gift", "laid the table", "in a swimming competition"),
    *("at the beach in a wetsuit", "towel around her neck after the gym", "strip mall parking lot"),
)
KEEP = 0.35


def written_rows() -> Iterator[tuple[str, int, str]]:
    """(prompt, grade, source) of both written sets."""
    rng = random.Random(14)
    sets = (
        ("written-sexual", 3, EXPLICIT),
        ("written-sexual", 2, NUDITY),
        ("written-sexual", 1, SUGGESTIVE),
        ("written-harmless", 0, HARMLESS),
    )
    for source, grade, phrases in sets:
        for phrase in phrases:
            for subject in SUBJECTS:
                for frame in FRAMES:
                    if rng.random() < KEEP:
                        yield frame.format(s=subject, p=phrase), grade, source
