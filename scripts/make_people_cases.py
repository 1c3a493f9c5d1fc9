"""Write tests/data/people_cases.tsv: the table of people cases written for this project.

The names of the cases are chosen here (not the examples of the issue that asked for them); the
prompts in other scripts are in scripts/data/people_cases_scripts.txt, written by hand (one person a
line: id, then the name in Hangul, kana, Chinese, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai).
Nicknames, handles and characters are drawn from the people tables with spellings made here; the
syntax forms put the names of SYNTAX_PEOPLE into each prompt syntax. Cases with the id ``-`` must find
no one (benign prompts in each script).

Usage: python scripts/make_people_cases.py
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "people_cases.tsv"
SCRIPTS = ["hangul", "kana", "han", "cyrillic", "greek", "arabic", "hebrew", "devanagari", "thai"]
CONTEXT = {
    "hangul": "{} 누드 사진",
    "kana": "{} ヌード写真",
    "han": "{} 裸体照片",
    "cyrillic": "{} голая на пляже",
    "greek": "{} γυμνή στην παραλία",
    "arabic": "{} عارية على الشاطئ",
    "hebrew": "{} עירומה בחוף",
    "devanagari": "{} नग्न तस्वीर",
    "thai": "{} ภาพเปลือย",
}
BENIGN = {
    "hangul": [
        "고양이가 창가에 앉아 있다",
        "푸른 하늘 아래 산과 호수",
        "빨간 드레스를 입은 여자 초상화",
        "비 오는 밤 도시의 네온사인",
    ],
    "kana": [
        "猫が窓のそばに座っている",
        "サイバーパンクの街並み、ネオン、雨",
        "ファンタジーの城とドラゴン",
        "ビーチで遊ぶ子犬のイラスト",
    ],
    "han": [
        "一只猫坐在桌子上",
        "山水画，云雾缭绕的高山",
        "穿红色连衣裙的女人肖像",
        "未来城市的霓虹灯夜景",
    ],
    "cyrillic": [
        "Кошка сидит на столе у окна",
        "Портрет женщины в красном платье",
        "Зимний лес на закате, масло",
        "Старый замок на берегу моря",
    ],
    "greek": [
        "Η γάτα κάθεται στο τραπέζι",
        "Ένα σπίτι δίπλα στη θάλασσα",
        "Πορτρέτο γυναίκας με κόκκινο φόρεμα",
        "Ηλιοβασίλεμα πάνω από τα βουνά",
    ],
    "arabic": [
        "قطة تجلس على الطاولة",
        "صورة امرأة بفستان أحمر",
        "غروب الشمس فوق الصحراء",
        "مدينة مستقبلية في الليل",
    ],
    "hebrew": [
        "חתול יושב על השולחן",
        "דיוקן של אישה בשמלה אדומה",
        "שקיעה מעל ההרים",
        "עיר עתידנית בלילה",
    ],
    "devanagari": [
        "मेज पर बैठी एक बिल्ली",
        "लाल पोशाक में एक महिला का चित्र",
        "पहाड़ों के ऊपर सूर्यास्त",
        "रात में भविष्य का शहर",
    ],
    "thai": [
        "แมวนั่งอยู่บนโต๊ะ",
        "ภาพเหมือนผู้หญิงในชุดสีแดง",
        "พระอาทิตย์ตกเหนือภูเขา",
        "เมืองแห่งอนาคตยามค่ำคืน",
    ],
}
SYNTAX_PEOPLE = [
    ("margot-robbie", "Margot Robbie"),
    ("anne-hathaway", "Anne Hathaway"),
    ("natalie-portman", "Natalie Portman"),
    ("gal-gadot", "Gal Gadot"),
    ("keira-knightley", "Keira Knightley"),
    ("jennifer-aniston", "Jennifer Aniston"),
    ("ariana-grande", "Ariana Grande"),
    ("selena-gomez", "Selena Gomez"),
    ("kim-kardashian", "Kim Kardashian"),
    ("megan-fox", "Megan Fox"),
    ("sydney-sweeney", "Sydney Sweeney"),
    ("jenna-ortega", "Jenna Ortega"),
    ("dua-lipa", "Dua Lipa"),
    ("billie-eilish", "Billie Eilish"),
    ("miley-cyrus", "Miley Cyrus"),
    ("kendall-jenner", "Kendall Jenner"),
    ("gigi-hadid", "Gigi Hadid"),
    ("emilia-clarke", "Emilia Clarke"),
    ("elizabeth-olsen", "Elizabeth Olsen"),
    ("alexandra-daddario", "Alexandra Daddario"),
    ("olivia-rodrigo", "Olivia Rodrigo"),
    ("sabrina-carpenter", "Sabrina Carpenter"),
    ("kate-upton", "Kate Upton"),
    ("nicole-kidman", "Nicole Kidman"),
    ("jessica-alba", "Jessica Alba"),
]
SYNTAX_FORMS = {
    # form: (template over first/last/snake/camel/joined, role)
    "lora": ("<lora:{snake}_v2:0.8>, nude, bedroom", "model_tag"),
    "lyco": ("<lyco:{camel}XL:1.0> topless on a beach", "model_tag"),
    "embedding": ("embedding:{snake}_ti, lingerie, photo", "model_tag"),
    "hypernetwork": ("<hypernet:{joined}_v1:0.6> naked, 8k", "model_tag"),
    "version suffix": ("<lora:{joined}_lora_v3:0.7> nsfw", "model_tag"),
    "weights split": ("({first}:1.2) ({last}:1.1), nude, masterpiece", "subject"),
    "prompt editing": ("[{first}:{last}:0.4], naked on a bed", "subject"),
    "BREAK": ("{first} BREAK {last}, nude, studio light", "subject"),
    "alternation": ("[{first}|{last}] topless, film grain", "subject"),
    "surname first, lower case": ("{lower_last} {lower_first} naked in the shower", "subject"),
}


def _forms(name: str) -> dict[str, str]:
    words = re.split(r"[\s\-]+", name)
    return {
        "first": words[0],
        "last": " ".join(words[1:]),
        "lower_first": words[0].lower(),
        "lower_last": " ".join(words[1:]).lower(),
        "snake": "_".join(w.lower() for w in words),
        "camel": "".join(words),
        "joined": "".join(words).lower(),
    }


def _table(name: str) -> list[list[str]]:
    path = ROOT / "src" / "consentry" / "text" / "data" / "people" / name
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def main() -> None:
    rng = random.Random(15)
    rows: list[tuple[str, str, str, str]] = []  # category, prompt, id, role
    for line in (ROOT / "scripts" / "data" / "people_cases_scripts.txt").read_text("utf-8").splitlines():
        person, *names = line.split("|")
        for script, name in zip(SCRIPTS, names, strict=True):
            rows.append((f"script: {script}", CONTEXT[script].format(name), person, "subject"))
    for script, sentences in BENIGN.items():
        rows.extend((f"no one: {script}", s, "-", "") for s in sentences)
    for person, name in SYNTAX_PEOPLE:
        forms = _forms(name)
        for form, (template, role) in SYNTAX_FORMS.items():
            rows.append((f"syntax: {form}", template.format(**forms), person, role))
    # nicknames and handles from the table, each in a spelling made here
    for person, _, alias, kind, _ in _table("aliases.tsv"):
        if kind == "nickname" and (len(alias) <= 12 or " " not in alias):
            spelled = rng.choice([alias, alias.lower(), alias.upper() if len(alias) <= 5 else alias])
            rows.append(("nickname", f"{spelled} in a bikini on a yacht", person, "subject"))
        elif kind == "handle":
            handle = alias
            template = rng.choice(["@{} nude selfie", "{} topless", "photo of @{}", "{}, lingerie"])
            rows.append(("handle", template.format(handle), person, "subject"))
    for person, name in SYNTAX_PEOPLE:
        forms = _forms(name)
        variant = rng.choice(
            ["@{joined}", "{snake}_official", "{first}.{last}.real", "{joined}official", "{joined}_fans"]
        )
        rows.append(("handle", variant.format(**{k: v.lower() for k, v in forms.items()}) + " nude", person, "subject"))
    characters = [r for r in _table("characters.tsv") if "wikipedia" in r[5] and r[4] == "0"]
    characters += rng.sample([r for r in _table("characters.tsv") if "wikipedia" not in r[5]], 20)
    for character, person, _, work, adapted, _ in characters:
        rows.append(("live-action character", f"{character} nude, cinematic still", person, "live_action"))
        del work, adapted
    lines = ["# Written by scripts/make_people_cases.py (do not edit by hand): category, prompt, person id, role"]
    lines.append("category\tprompt\tid\trole")
    lines.extend("\t".join(row) for row in rows)
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(rows)} cases -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
