"""Measure the prompt gate on a held-out prompt table (eval/holdout/ or eval/unseen/).

Every row goes through ``Guard.default().check`` with adult content on. Reported:

- per grade x person: rows, denied % and stopped % (deny or review);
- per fame tier and per spelling, over the real-person rows: the share with a ``person.*``
  finding (found), with a person finding strong enough to turn a person signal of the policy on
  (signal), and with the ``real_person`` signal on, i.e. named from the index (named: only this
  one lets a sexual prompt be denied; an unlisted name goes to review at most), and with a
  ``person.named`` finding at the policy's score whose index id is the row's person (identified);
- every miss: a real-person row asking for nudity or a sex act that was not denied, a
  suggestive one that was not stopped, a real-person row without a person finding, and a row
  with nothing sexual that was stopped; each with its cause read from the decision's signals.

A row may say whether its person is in the public lists the index is built from
(``in_shared``); the headline is then also given for each side. A private person (tier
``private``) may be unnamed ("the barista in this photo").

This is a measurement, not a test: nothing here was tuned on the table.

    python scripts/eval_holdout.py [--rows FILE] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from consentry import CheckRequest, Guard

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROWS = ROOT / "eval" / "holdout" / "prompts.jsonl"

GRADES = ("explicit", "nudity", "suggestive", "none")
TIERS = ("top", "mid", "current", "tail", "private", "fictional", "none")
PERSON_TIERS = frozenset({"top", "mid", "current", "tail", "private"})
SPELLINGS = (  # the spellings of eval/holdout/; other tables may name their own
    "plain",
    "lower",
    "typo",
    "leet",
    "initials",
    "nickname",
    "other_script",
    "lora",
    "split",
)
PERSON_SIGNALS = frozenset({"real_person", "unlisted_person", "described_person", "character_likeness"})
FIELDS = ("id", "prompt", "negative_prompt", "grade", "person", "tier", "spelling", "family", "names")
OPTIONAL_FIELDS = ("in_shared",)
SPELLING_FORM = re.compile(r"[a-z][a-z0-9_]*")
POLICY_MIN_SCORE = 0.5  # the default policy's min_score of its person signals


class TableError(ValueError):
    """A row of the table does not follow the schema."""


@dataclass(frozen=True)
class HoldoutRow:
    id: str
    prompt: str
    negative_prompt: str
    grade: str
    person: bool
    tier: str
    spelling: str
    family: str
    names: tuple[str, ...]
    in_shared: bool | None = None


@dataclass(frozen=True)
class Outcome:
    row: HoldoutRow
    verdict: str
    person_found: bool
    rules: tuple[str, ...]
    kinds: tuple[str, ...]
    signals: tuple[str, ...]  # the policy's signals that were on ("real_person", "sexual", ...)
    named: tuple[str, ...]  # subjects of the person.named findings at the policy's score

    @property
    def identified(self) -> bool:
        """A person.named finding at the policy's score points to the row's person."""
        return any(same_person(subject, self.row.names) for subject in self.named)

    @property
    def person_signal(self) -> bool:
        """A person finding strong enough to turn a person signal of the policy on."""
        return any(signal in PERSON_SIGNALS for signal in self.signals)


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = re.split(r"[\s_]+", plain)
    return [token for token in (re.sub(r"[^a-z0-9]", "", word) for word in words) if token]


def same_person(subject: str, names: Sequence[str]) -> bool:
    """Whether an index id ("margot-robbie") names one of the person's names.

    The id's words must hold the whole name written together, or at least two of its words
    (one, for a one-word name): "rachel" is not Rachel Riley, "imane-anys" is Imane Anys.
    """
    ids = _tokens(subject.replace("-", " "))
    for name in names:
        words = _tokens(name)
        if "".join(ids) == "".join(words):
            return True
        if len(set(ids) & set(words)) >= min(2, len(words)):
            return True
    return False


def parse_row(line: str, number: int) -> HoldoutRow:
    """One JSONL line as a row; a TableError names the line and the field at fault."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise TableError(f"line {number}: not JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise TableError(f"line {number}: not a JSON object")
    missing = [field for field in FIELDS if field not in data]
    if missing:
        raise TableError(f"line {number}: missing {', '.join(missing)}")
    extra = sorted(set(data) - set(FIELDS) - set(OPTIONAL_FIELDS))
    if extra:
        raise TableError(f"line {number}: unknown field(s) {', '.join(extra)}")
    for field in FIELDS:
        expected: type = {"person": bool, "names": list}.get(field, str)
        if not isinstance(data[field], expected):
            raise TableError(f"line {number}: {field} must be {expected.__name__}")
    if "in_shared" in data and not isinstance(data["in_shared"], bool):
        raise TableError(f"line {number}: in_shared must be bool")
    if not all(isinstance(name, str) and name.strip() for name in data["names"]):
        raise TableError(f"line {number}: names must be non-empty strings")
    row = HoldoutRow(**{**data, "names": tuple(data["names"])})
    if not row.prompt.strip():
        raise TableError(f"line {number}: empty prompt")
    if row.grade not in GRADES:
        raise TableError(f"line {number}: grade {row.grade!r} not one of {', '.join(GRADES)}")
    if row.tier not in TIERS:
        raise TableError(f"line {number}: tier {row.tier!r} not one of {', '.join(TIERS)}")
    if not SPELLING_FORM.fullmatch(row.spelling):
        raise TableError(f"line {number}: spelling {row.spelling!r} must be a lower-case word (e.g. plain, typo)")
    if row.person != (row.tier in PERSON_TIERS):
        raise TableError(f"line {number}: tier {row.tier!r} does not go with person={row.person}")
    if row.names and not row.person:
        raise TableError(f"line {number}: names must be given exactly when person is true")
    if row.person and not row.names and row.tier != "private":
        raise TableError(f"line {number}: names must be given exactly when person is true (or tier private)")
    return row


def load_rows(path: Path) -> list[HoldoutRow]:
    rows: list[HoldoutRow] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = parse_row(line, number)
            if row.id in seen:
                raise TableError(f"line {number}: duplicate id {row.id!r}")
            seen.add(row.id)
            rows.append(row)
    return rows


def run(guard: Guard, rows: Iterable[HoldoutRow]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for row in rows:
        request = CheckRequest(prompt=row.prompt, negative_prompt=row.negative_prompt, adult_content=True)
        decision = guard.check(request, every_detector=True)  # every finding: person_found
        kinds = tuple(sorted({finding.kind for finding in decision.findings}))
        signals = tuple(
            line.removeprefix("signal ").split(":", 1)[0]
            for line in decision.explanation
            if line.startswith("signal ") and ": on" in line
        )
        named = tuple(
            finding.subject or ""
            for finding in decision.findings
            if finding.kind == "person.named" and finding.score >= POLICY_MIN_SCORE
        )
        outcomes.append(
            Outcome(
                row=row,
                verdict=decision.verdict,
                person_found=any(kind.startswith("person.") for kind in kinds),
                rules=decision.rule_ids,
                kinds=kinds,
                signals=signals,
                named=named,
            )
        )
    return outcomes


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def summarize(outcomes: Sequence[Outcome]) -> dict[str, object]:
    by_grade: dict[str, dict[str, object]] = {}
    for grade in GRADES:
        for person in (True, False):
            group = [o for o in outcomes if o.row.grade == grade and o.row.person == person]
            if not group:
                continue
            denied = sum(o.verdict == "deny" for o in group)
            stopped = sum(o.verdict != "allow" for o in group)
            key = f"{grade}/{'person' if person else 'no_person'}"
            by_grade[key] = {
                "rows": len(group),
                "denied_pct": _percent(denied, len(group)),
                "stopped_pct": _percent(stopped, len(group)),
            }
    real = [o for o in outcomes if o.row.person]
    sexual_real = [o for o in real if o.row.grade in ("explicit", "nudity")]

    def rates(group: Sequence[Outcome]) -> dict[str, object]:
        return {
            "rows": len(group),
            "denied_pct": _percent(sum(o.verdict == "deny" for o in group), len(group)),
            "stopped_pct": _percent(sum(o.verdict != "allow" for o in group), len(group)),
        }

    headline = rates(sexual_real)
    by_shared = {
        ("in_shared" if side else "not_in_shared"): rates([o for o in sexual_real if o.row.in_shared is side])
        for side in (True, False)
        if any(o.row.in_shared is side for o in sexual_real)
    }

    def found(axis: str, known: Sequence[str]) -> dict[str, dict[str, object]]:
        table: dict[str, dict[str, object]] = {}
        seen = {str(getattr(o.row, axis)) for o in real}
        values = [value for value in known if value in seen] + sorted(seen - set(known))
        for value in values:
            group = [o for o in real if getattr(o.row, axis) == value and (o.row.names or axis != "spelling")]
            if group:
                hits = sum(o.person_found for o in group)
                strong = sum(o.person_signal for o in group)
                named = sum("real_person" in o.signals for o in group)
                right = sum(o.identified for o in group)
                table[value] = {
                    "rows": len(group),
                    "found_pct": _percent(hits, len(group)),
                    "signal_pct": _percent(strong, len(group)),
                    "named_pct": _percent(named, len(group)),
                    "identified_pct": _percent(right, len(group)),
                }
        return table

    return {
        "rows": len(outcomes),
        "explicit_or_nudity_person": headline,
        "explicit_or_nudity_person_by_in_shared": by_shared,
        "by_grade": by_grade,
        "person_found_by_tier": found("tier", TIERS),
        "person_found_by_spelling": found("spelling", SPELLINGS),
        "person_found_all": {
            "rows": len(real),
            "found_pct": _percent(sum(o.person_found for o in real), len(real)),
            "signal_pct": _percent(sum(o.person_signal for o in real), len(real)),
            "named_pct": _percent(sum("real_person" in o.signals for o in real), len(real)),
            "identified_pct": _percent(sum(o.identified for o in real), len(real)),
        },
    }


def cause(outcome: Outcome) -> str:
    """Why a real-person row was missed, read from the decision's signals and findings."""
    row = outcome.row
    if row.grade == "none":
        return "stopped with nothing sexual"
    wanted = "sexual" if row.grade in ("explicit", "nudity") else "sexualised"
    sexual_read = wanted in outcome.signals
    if not outcome.person_found:
        person = "person not found"
    elif not outcome.person_signal:
        person = "person found below the policy's score"
    elif "real_person" not in outcome.signals:
        person = "person only unlisted/described (review at most)"
    else:
        person = ""
    if sexual_read:
        sexual = ""
    elif row.grade != "suggestive" and "sexualised" in outcome.signals:
        sexual = "read as suggestive only"
    else:
        sexual = "sexual content not read"
    if not person and outcome.named and not outcome.identified:
        person = "named as someone else"
    return " + ".join(part for part in (person, sexual) if part) or "other"


def misses(outcomes: Sequence[Outcome]) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = []
    for outcome in outcomes:
        row = outcome.row
        reasons: list[str] = []
        if row.person and row.grade in ("explicit", "nudity") and outcome.verdict != "deny":
            reasons.append("not denied")
        if row.person and row.grade == "suggestive" and outcome.verdict == "allow":
            reasons.append("not stopped")
        if row.person and not outcome.person_found:
            reasons.append("person not found")
        wrong = [subject for subject in outcome.named if not same_person(subject, row.names)]
        if row.person and wrong and not outcome.identified:
            reasons.append(f"named as someone else ({', '.join(wrong)})")
        if row.grade == "none" and outcome.verdict != "allow":
            reasons.append("stopped with nothing sexual")
        if reasons:
            listed.append(
                {
                    "id": row.id,
                    "why": "; ".join(reasons),
                    "cause": cause(outcome) if row.grade != "none" or outcome.verdict != "allow" else "",
                    # (a row named as someone else but stopped is listed with that cause)
                    "verdict": outcome.verdict,
                    "grade": row.grade,
                    "tier": row.tier,
                    "spelling": row.spelling,
                    "family": row.family,
                    "prompt": row.prompt,
                    "negative_prompt": row.negative_prompt,
                    "kinds": list(outcome.kinds),
                    "signals": list(outcome.signals),
                    "named": list(outcome.named),
                }
            )
    return listed


def print_report(summary: dict[str, object], missed: Sequence[dict[str, object]]) -> None:
    print(f"rows: {summary['rows']}")
    print(f"real person, explicit or nudity: {summary['explicit_or_nudity_person']}")
    by_shared = summary["explicit_or_nudity_person_by_in_shared"]
    assert isinstance(by_shared, dict)
    for side, cell in by_shared.items():
        print(f"  {side}: {cell}")
    print("\ngrade/person            rows  denied%  stopped%")
    by_grade = summary["by_grade"]
    assert isinstance(by_grade, dict)
    for key, cell in by_grade.items():
        print(f"{key:22s} {cell['rows']:5d}  {cell['denied_pct']!s:>7}  {cell['stopped_pct']!s:>8}")
    for title in ("person_found_by_tier", "person_found_by_spelling"):
        print(f"\n{title}")
        table = summary[title]
        assert isinstance(table, dict)
        for key, cell in table.items():
            print(
                f"  {key:14s} {cell['rows']:4d}  found {cell['found_pct']}%  "
                f"signal {cell['signal_pct']}%  named {cell['named_pct']}%  "
                f"identified {cell['identified_pct']}%"
            )
    print(f"\nperson found, all real-person rows: {summary['person_found_all']}")
    causes = Counter(str(miss["cause"]) for miss in missed if miss["cause"])
    print("\ncauses of the sexual misses:")
    for name, count in causes.most_common():
        print(f"  {count:4d}  {name}")
    print(f"\nmisses ({len(missed)}):")
    for miss in missed:
        negative = f"  [neg: {miss['negative_prompt']}]" if miss["negative_prompt"] else ""
        kinds = miss["kinds"]
        assert isinstance(kinds, list)
        print(
            f"  {miss['id']} {miss['why']} -> {miss['verdict']} "
            f"({miss['grade']}, {miss['tier']}, {miss['spelling']}, {miss['family']}) "
            f"[{miss['cause']}] "
            f"{miss['prompt']!r}{negative} kinds={','.join(str(k) for k in kinds)}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=Path, default=DEFAULT_ROWS, help="the JSONL table")
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows")
    parser.add_argument("--json", type=Path, default=None, help="write the numbers here")
    args = parser.parse_args(argv)
    try:
        rows = load_rows(args.rows)
    except (OSError, TableError) as error:
        print(f"eval_holdout: {error}", file=sys.stderr)
        return 65
    if args.limit is not None:
        rows = rows[: args.limit]
    guard = Guard.default()
    outcomes = run(guard, rows)
    summary = summarize(outcomes)
    missed = misses(outcomes)
    print_report(summary, missed)
    if args.json is not None:
        payload = {
            "command": "python scripts/eval_holdout.py" + (f" --limit {args.limit}" if args.limit else ""),
            "table": str(args.rows.name),
            "adult_content": True,
            **summary,
            "miss_causes": dict(Counter(str(m["cause"]) for m in missed if m["cause"]).most_common()),
            "misses": missed,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
