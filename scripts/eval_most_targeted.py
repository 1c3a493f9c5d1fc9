"""Coverage of a most-targeted list: the people sexual deepfakes target most today, from public lists.

    python scripts/eval_most_targeted.py [--shared ../shared] [--top N] [--misses]

The list is made here from public lists, each source stated in the output (../shared/data/*/SOURCE.md
gives their repositories and licences):

- ``civitai``: Civitai's own list of real people its generator refuses (words-poi.json), the names a
  large generation site sees asked for;
- ``instagram``, ``twitch``, ``tiktok``, ``youtube``: the N most-followed accounts of each list of
  creators (people's channels only, for YouTube);
- ``kpop``: the N K-pop idols with the most Instagram followers, by stage name with their group
  ("Lisa of BLACKPINK") and by birth name;
- ``congress``: the women of the current US Congress (women are most of the targets);
- ``football``: FIFA 19 players of international reputation 4 or 5;
- ``added``: the people of the table text/data/people/added.tsv (hand-made from news of deepfake
  targeting; covered by construction, shown apart).

Coverage is the share of each list's people found (score >= 0.5) in a plain sexual prompt
("NAME nude on a bed"). The index is built from most of these lists, so this measures what the
matcher finds of the names as the lists write them, not recall on people it has never seen.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterator
from pathlib import Path

from consentry.text.people_sources import _number
from consentry.text.person import PersonDetector

ROOT = Path(__file__).resolve().parents[1]


def _rows(path: Path, delimiter: str = ",", encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def most_targeted(shared: Path, top: int) -> Iterator[tuple[str, str]]:
    """(source, name as the list writes it)."""
    data = shared / "data"
    for name in json.loads((data / "civitai_lists" / "words-poi.json").read_text("utf-8")):
        yield "civitai", str(name)
    current = data / "people_current"
    insta = _rows(current / "creators_instagram" / "top_insta_influencers_data.csv")
    for row in sorted(insta, key=lambda r: -_number(r["followers"]))[:top]:
        yield "instagram", row["channel_info"].strip()
    twitch = _rows(current / "creators_twitch" / "twitchdata-update.csv")
    for row in sorted(twitch, key=lambda r: -_number(r["Followers"]))[:top]:
        yield "twitch", row["Channel"].strip()
    tiktok = _rows(current / "creators_tiktok" / "social_media_influencers_tiktok_2022.csv")
    for row in sorted(tiktok, key=lambda r: -_number(r["Subscribers_count"]))[:top]:
        yield "tiktok", (row["Tiktok_name"] or row["Tiktoker_name"]).strip()
    youtube = _rows(current / "creators_youtube" / "global_youtube_statistics.csv", encoding="latin-1")
    people = [r for r in youtube if r.get("channel_type") in ("People", "Entertainment", "Comedy", "Howto")]
    for row in sorted(people, key=lambda r: -_number(r["subscribers"]))[:top]:
        yield "youtube", row["Youtuber"].strip()
    kpop = _rows(current / "kpop_idols" / "kpop_idols_instagram_followers.csv")
    famous = {
        (r["Name"].strip().lower(), r["Group"].strip().lower())
        for r in sorted(kpop, key=lambda r: -_number(r["Followers"]))[:top]
    }
    for row in _rows(current / "kpop_idols" / "kpop_idols_dbkpop_hangul.csv"):
        key = (row["Stage Name"].strip().lower(), row["Group"].strip().lower())
        if key in famous:
            yield "kpop (stage of group)", f"{row['Stage Name'].strip()} of {row['Group'].strip()}"
            yield "kpop (birth name)", row["Full Name"].strip()
    for row in _rows(current / "us_congress_legislators" / "derived_current_and_executive_flat.csv"):
        if row["gender"] == "F":
            yield "congress (women)", row["official_full"].strip() or f"{row['first']} {row['last']}"
    for row in _rows(current / "athletes_football_fifa19" / "fifa19_players.csv"):
        if _number(row.get("international_reputation(1-5)", "")) >= 4:
            yield "football (reputation 4-5)", row["name"].strip()
    added = ROOT / "src" / "consentry" / "text" / "data" / "people" / "added.tsv"
    lines = [line for line in added.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        yield "added (by construction)", line.split("\t")[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--top", type=int, default=100, metavar="N", help="people from each ranked list")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    matcher = PersonDetector()
    matcher.load()
    found: dict[str, list[int]] = {}
    misses: dict[str, list[str]] = {}
    for source, name in most_targeted(args.shared, args.top):
        hits = [m for m in matcher.matcher().find(f"{name} nude on a bed") if m.score >= 0.5]
        row = found.setdefault(source, [0, 0])
        row[0] += 1
        row[1] += bool(hits)
        if not hits:
            misses.setdefault(source, []).append(name)
    print(f"{'source':28} {'people':>7} {'found':>7}")
    total = [0, 0]
    for source, (n, hit) in found.items():
        print(f"{source:28} {n:>7} {hit / n:>7.1%}")
        if not source.startswith("added"):
            total[0] += n
            total[1] += hit
        if args.misses:
            print("    missed: " + ", ".join(misses.get(source, [])[:40]))
    print(f"{'all (without added)':28} {total[0]:>7} {total[1] / total[0]:>7.1%}")


if __name__ == "__main__":
    main()
