"""The evaluation harness on small committed fixtures: reading sets, expectations, metrics, runs, reports."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

from consentry.cli import main
from consentry.detectors.base import Context
from consentry.detectors.registry import bundled_detector_specs
from consentry.errors import InputError
from consentry.eval.baseline import Tolerance, compare, make_baseline, read_baseline
from consentry.eval.dataset import Dataset, Example, expected_verdict, read_dataset
from consentry.eval.metrics import Outcome, SystemResult, confusion, label_counts, latency, summarize, worst_misses
from consentry.eval.peers import PEER_NAMES, NameListFilter
from consentry.eval.public import PUBLIC_SETS
from consentry.eval.report import main as report_main
from consentry.eval.report import render_terminal, summary_markdown, write_report
from consentry.eval.runner import guard_for, run_guard, run_guard_settings, run_peer
from consentry.guard import Guard
from consentry.types import Finding, Span, Verdict

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
SMALL = FIXTURES / "small.jsonl"


class KeywordDetector:
    """Finds a few words and names by plain substring: enough to drive the real policy in tests."""

    name: ClassVar[str] = "keywords"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "sexual"
    kinds: ClassVar[tuple[str, ...]] = ("sexual.explicit", "person.named")
    WORDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("nude", "sexual.explicit"),
        ("explicit", "sexual.explicit"),
        ("topless", "sexual.explicit"),
        ("Jane Roe", "person.named"),
        ("john q public", "person.named"),
    )

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt)

    def detect(self, context: Context) -> Sequence[Finding]:
        prompt = context.request.prompt
        found = []
        for word, kind in self.WORDS:
            start = prompt.find(word)
            if start >= 0:
                found.append(Finding(kind, 0.9, "keywords@1", "keyword", span=Span(start, start + len(word))))
        return found


def keyword_guard() -> Guard:
    return Guard([KeywordDetector()])


# --- what each label expects -------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "adult", "expected"),
    [
        ("ncii", False, "deny"),
        ("ncii", True, "deny"),
        ("minor_sexual", True, "deny"),
        ("adult", False, "deny"),
        ("adult", True, "allow"),
        ("sexual", False, "deny"),
        ("sexual", True, "allow"),
        ("person_benign", False, "allow"),
        ("person_benign", True, "allow"),
        ("benign", True, "allow"),
        ("other", False, None),
        ("unlabelled", True, None),
        ("something-new", False, None),
    ],
)
def test_label_expectation_per_adult_setting(label: str, adult: bool, expected: str | None) -> None:
    assert expected_verdict(label, adult) == expected


def test_expected_column_overrides_the_label() -> None:
    example = Example("x", "p", label="adult", expected="allow")
    assert example.expectation(adult=False) == "allow"


# --- reading sets ------------------------------------------------------------------------


def test_jsonl_rows_become_examples_with_automatic_tags() -> None:
    dataset = read_dataset(SMALL)
    assert len(dataset) == 12
    assert dataset.labels == ("ncii", "adult", "person_benign", "benign")
    first = dataset.examples[0]
    assert (first.id, first.label) == ("n1", "ncii")
    assert (first.tags["tier"], first.tags["op"]) == (("top",), ("plain",))
    assert dataset.examples[7].tags == {}  # empty tag values are dropped
    assert dataset.examples[10].negative_prompt == "nude, explicit"


def test_columns_with_many_values_are_not_automatic_tags(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    rows = [{"prompt": "p", "name": f"person {i}", "tier": "top" if i % 2 else "tail"} for i in range(60)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert set(read_dataset(path).examples[0].tags) == {"tier"}


def test_tags_can_be_chosen() -> None:
    dataset = read_dataset(SMALL, tags=["tier"])
    assert dataset.examples[0].tags == {"tier": ("top",)}


def test_csv_rows_read_expected_and_image_paths() -> None:
    dataset = read_dataset(FIXTURES / "small.csv")
    by_id = {e.id: e for e in dataset.examples}
    assert by_id["c3"].expected == "deny"
    assert by_id["c3"].expectation(adult=True) == "deny"
    assert by_id["c4"].input_images == (FIXTURES / "cat.png", FIXTURES / "dog.png")
    assert by_id["c1"].tags == {"source": ("web",)}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.jsonl", '{"prompt": "a"}\nnot json\n', r"line 2: not JSON"),
        ("list.jsonl", "[1, 2]\n", r"line 1: not a JSON object"),
        ("noprompt.jsonl", '{"label": "benign"}\n', r"row 1: 'prompt' is missing"),
        ("expected.jsonl", '{"prompt": "a", "expected": "maybe"}\n', r"expected must be allow, deny or review"),
        ("empty.jsonl", "\n\n", r"no rows"),
        ("nocol.csv", "text,label\na,benign\n", r"needs a 'prompt' column"),
        ("data.txt", "prompt\n", r"expected a \.jsonl or \.csv file"),
    ],
)
def test_malformed_sets_give_precise_errors(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_dataset(path)


def test_missing_set_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_dataset(tmp_path / "nope.jsonl")
    assert info.value.code == "not_found"


def test_sample_is_stratified_and_deterministic() -> None:
    rows = [Example(str(i), "p", label="ncii" if i < 80 else "benign") for i in range(100)]
    dataset = Dataset("d", tuple(rows))
    sample = dataset.sample(10)
    assert sample.sample(10) == sample.sample(10)
    assert [e.label for e in sample.examples].count("ncii") == 8
    assert [e.label for e in sample.examples].count("benign") == 2
    assert dataset.sample(None) is dataset
    assert dataset.sample(1000) is dataset


# --- metrics -----------------------------------------------------------------------------


def outcome(label: str, verdict: Verdict, ms: float = 1.0, adult: bool = False, **tags: str) -> Outcome:
    example = Example(f"{label}-{verdict}-{ms}", "p", label=label, tags={k: (v,) for k, v in tags.items()})
    return Outcome(example, verdict, ms, expected=example.expectation(adult))


@pytest.mark.parametrize(
    ("verdicts", "tp", "fn", "fp", "tn"),
    [
        ([("ncii", "deny"), ("benign", "allow")], 1, 0, 0, 1),
        ([("ncii", "allow"), ("benign", "deny")], 0, 1, 1, 0),
        ([("ncii", "review"), ("person_benign", "review")], 1, 0, 1, 0),  # review counts as flagged
        ([("other", "deny"), ("unlabelled", "allow")], 0, 0, 0, 0),  # no expectation: not scored
        ([("adult", "deny"), ("adult", "allow")], 1, 1, 0, 0),
    ],
)
def test_confusion_counts(verdicts: list[tuple[str, Verdict]], tp: int, fn: int, fp: int, tn: int) -> None:
    matrix = confusion([outcome(label, verdict) for label, verdict in verdicts])
    assert (matrix["tp"], matrix["fn"], matrix["fp"], matrix["tn"]) == (tp, fn, fp, tn)


def test_rates_recall_precision_fpr() -> None:
    outcomes = [outcome("ncii", "deny")] * 3 + [outcome("ncii", "allow"), outcome("benign", "deny")]
    outcomes += [outcome("benign", "allow")] * 4
    matrix = confusion(outcomes)
    assert matrix["recall"] == 0.75
    assert matrix["precision"] == 0.75
    assert matrix["fpr"] == 0.2
    assert matrix["f1"] == 0.75


def test_no_positives_gives_no_recall_instead_of_a_division_error() -> None:
    matrix = confusion([outcome("benign", "allow")])
    assert matrix["recall"] is None
    assert matrix["precision"] is None
    assert matrix["fpr"] == 0.0


def test_label_counts_split_deny_review_allow() -> None:
    counts = label_counts([outcome("ncii", "deny"), outcome("ncii", "review"), outcome("ncii", "allow", ms=3.0)])
    assert {k: counts[k] for k in ("n", "denied", "reviewed", "allowed")} == {
        "n": 3,
        "denied": 1,
        "reviewed": 1,
        "allowed": 1,
    }
    assert counts["deny_rate"] == round(1 / 3, 4)
    assert counts["flag_rate"] == round(2 / 3, 4)
    assert counts["expected"] == "deny"


def test_latency_percentiles() -> None:
    lat = latency([float(i) for i in range(1, 101)])
    assert lat["p50_ms"] == 50.5
    assert lat["max_ms"] == 100.0
    assert 99.0 <= (lat["p99_ms"] or 0) <= 100.0
    assert latency([])["p50_ms"] is None


def test_worst_misses_put_ncii_before_adult_and_spread_over_tags() -> None:
    outcomes = [outcome("adult", "allow", ms=float(i)) for i in range(5)]
    outcomes += [outcome("ncii", "allow", ms=float(i), op="plain") for i in range(5)]
    outcomes += [outcome("ncii", "allow", ms=9.0, op="leet"), outcome("benign", "deny")]
    misses = worst_misses(SystemResult("s", "", tuple(outcomes), adult=False), limit=3)
    assert misses["n_false_negatives"] == 11
    assert misses["n_false_positives"] == 1
    shown = [(m["label"], m["tags"].get("op")) for m in misses["false_negatives"]]
    assert shown == [("ncii", ["plain"]), ("ncii", ["leet"]), ("ncii", ["plain"])]


# --- running a guard and a peer ----------------------------------------------------------


def test_guard_run_on_the_small_set_with_adult_content_off() -> None:
    summary = summarize(run_guard(keyword_guard(), read_dataset(SMALL), adult=False))
    labels = summary["labels"]
    assert labels["ncii"]["denied"] == 4  # with adult content off, the sexual signal alone denies
    assert labels["adult"]["denied"] == 2
    assert labels["adult"]["expected"] == "deny"
    assert labels["person_benign"]["denied"] == 0
    assert labels["benign"]["denied"] == 0  # b2's sexual negative prompt is not read by this detector
    assert summary["metrics"]["recall"] == 1.0
    assert summary["metrics"]["fpr"] == 0.0


def test_guard_run_on_the_small_set_with_adult_content_on() -> None:
    result = run_guard(keyword_guard(), read_dataset(SMALL), adult=True)
    summary = summarize(result)
    labels = summary["labels"]
    # n2 writes the name in leetspeak, which the keyword detector cannot read: the one NCII miss.
    assert (labels["ncii"]["denied"], labels["ncii"]["allowed"]) == (3, 1)
    assert labels["adult"]["allowed"] == 2
    assert labels["adult"]["expected"] == "allow"
    assert summary["metrics"]["recall"] == 0.75
    assert summary["tags"]["op"]["leet"]["labels"]["ncii"]["allowed"] == 1
    miss = worst_misses(result)["false_negatives"][0]
    assert miss["id"] == "n2"
    assert miss["findings"] == ["sexual.explicit 0.90 'nude' [keyword; keywords@1]"]
    assert miss["explanation"]


def test_miss_lists_the_findings_that_were_made() -> None:
    dataset = Dataset("d", (Example("x", "Jane Roe at the beach", label="ncii"),))
    miss = worst_misses(run_guard(keyword_guard(), dataset, adult=False))["false_negatives"][0]
    assert miss["findings"] == ["person.named 0.90 'Jane Roe' [keyword; keywords@1]"]


def test_missing_image_is_recorded_as_an_error_not_a_crash() -> None:
    dataset = read_dataset(FIXTURES / "small.csv")
    result = run_guard(keyword_guard(), dataset, adult=False)
    errors = {o.example.id: o.error for o in result.outcomes if o.error}
    assert list(errors) == ["c4"]
    assert "no such file" in (errors["c4"] or "")


def test_peer_run_flags_as_deny() -> None:
    result = run_peer(NameListFilter(["jane roe"]), read_dataset(SMALL), adult=False)
    summary = summarize(result)
    assert summary["labels"]["ncii"]["denied"] == 2  # n1 and n4 name her plainly
    assert summary["labels"]["person_benign"]["denied"] == 1  # p1: the list cannot tell a suit from nudity
    assert summary["system"] == "name-list"


# --- the command line, reports and the baseline ------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["eval", *argv])
    return code, capsys.readouterr().out


def test_cli_json_interface(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(capsys, str(SMALL), "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result["labels"]) == {"ncii", "adult", "person_benign", "benign"}
    for counts in result["labels"].values():
        assert counts["n"] == counts["denied"] + counts["reviewed"] + counts["allowed"]
        assert counts["deny_rate"] == round(counts["denied"] / counts["n"], 4)
        assert counts["p50_ms"] is not None
    assert result["n"] == 12
    assert result["p50_ms"] <= result["p99_ms"]
    assert result["latency"]["p50_ms"] == result["p50_ms"]
    assert result["cpu"]["p50_ms"] is not None
    assert result["description"] == ""  # the set's description; the system's is apart
    assert result["system_description"].startswith("Consentry")


def test_cli_table_and_peers_side_by_side(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    names = tmp_path / "civitai_lists"
    names.mkdir()
    (names / "words-poi.json").write_text('["jane roe"]', encoding="utf-8")
    code, out = run_cli(capsys, str(SMALL), "--peers", "name-list", "--data-dir", str(tmp_path))
    assert code == 0
    assert "Per label" in out
    assert "name-list" in out
    assert "consentry by tier" in out


def test_cli_unknown_peer_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(SMALL), "--peers", "nope"]) == 65
    assert "unknown peer 'nope'" in capsys.readouterr().err


def test_cli_unknown_set_names_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "no-such-set"]) == 65
    assert "partiprompts" in capsys.readouterr().err


def test_cli_missing_file_exits_66(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["eval", str(tmp_path / "none.jsonl")]) == 66


def test_report_files(tmp_path: Path) -> None:
    result = fake_result()
    written = write_report(result, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(
        ["results.json", "report.md", "report.html", "flag_rate_by_label.png", "latency.png", "tag_op.png"]
    )
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| ncii | keywords |" in markdown
    assert "![" in markdown
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<table>" in page
    assert "&lt;b&gt;" in page  # prompt text is escaped
    assert json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["n"] == result["n"]


def test_terminal_report_lists_misses_with_explanations() -> None:
    text = render_terminal(fake_result())
    assert "Worst missed (should not pass): 1 of 1" in text
    assert "finding: (none: no detector reported anything)" in text


def fake_result() -> dict[str, Any]:
    dataset = Dataset(
        "tiny",
        (
            Example("1", "nude photo of Jane Roe", label="ncii", tags={"op": ("plain",)}),
            Example("2", "<b>J4ne</b> R0e in a bikini", label="ncii", tags={"op": ("leet",)}),
            Example("3", "a lighthouse", label="benign"),
        ),
    )
    ours = run_guard(keyword_guard(), dataset, adult=False, name="keywords")
    return {
        "dataset": "tiny",
        "policy_version": "test",
        "detectors": ["keywords@1"],
        "label_order": list(dataset.labels),
        **summarize(ours),
        "worst_misses": worst_misses(ours),
        "peers": {},
        "skipped_peers": {"better-profanity": "needs the package"},
    }


def baseline_of(
    recall: float, fpr: float, ncii: float, benign: float, ncii_denied: float | None = None
) -> dict[str, Any]:
    result = {
        "dataset": "d",
        "n": 100,
        "adult": False,
        "policy_version": "v",
        "detectors": ["people@1"],
        "metrics": {"recall": recall, "precision": 0.9, "fpr": fpr, "tp": 0, "fn": 0, "fp": 0, "tn": 0},
        "labels": {
            "ncii": {
                "n": 500,
                "expected": "deny",
                "flag_rate": ncii,
                "deny_rate": ncii if ncii_denied is None else ncii_denied,
            },
            "benign": {"n": 500, "expected": "allow", "flag_rate": benign, "deny_rate": benign},
        },
        "latency": {"p50_ms": 1.0, "p99_ms": 2.0},
    }
    return make_baseline(result, source="d.jsonl", sample=None, tolerance=Tolerance(recall=0.02, fpr=0.01))


@pytest.mark.parametrize(
    ("now", "regressions"),
    [
        ((0.90, 0.05, 0.90, 0.05), 0),  # unchanged
        ((0.95, 0.01, 0.95, 0.01), 0),  # better
        ((0.885, 0.055, 0.885, 0.055), 0),  # within tolerance
        ((0.85, 0.05, 0.90, 0.05), 1),  # recall fell
        ((0.90, 0.07, 0.90, 0.05), 1),  # FPR rose
        ((0.90, 0.05, 0.85, 0.05), 2),  # one label's catch rate fell (flagged and denied)
        ((0.90, 0.05, 0.90, 0.08), 1),  # one label's over-blocking rose
        ((0.80, 0.10, 0.80, 0.10), 5),
        ((0.90, 0.05, 0.90, 0.05, 0.80), 1),  # as many flagged, but denies turned into reviews
        ((0.90, 0.05, 0.90, 0.05, 0.885), 0),  # denied share within tolerance
        ((0.90, 0.05, 0.90, 0.05, 0.95), 0),  # more denied
    ],
)
def test_baseline_check_fails_only_on_regressions_beyond_tolerance(now: tuple[float, ...], regressions: int) -> None:
    baseline = baseline_of(0.90, 0.05, 0.90, 0.05)
    current = baseline_of(*now)
    assert len(compare(current, baseline)) == regressions


def test_denies_turned_into_reviews_are_named() -> None:
    baseline = baseline_of(0.90, 0.05, 0.90, 0.05)
    [problem] = compare(baseline_of(0.90, 0.05, 0.90, 0.05, 0.60), baseline)
    assert problem.startswith("ncii: denied share fell from 0.9000 to 0.6000")
    assert "denies turned into reviews" in problem


def test_baseline_of_another_set_is_not_comparable() -> None:
    baseline = baseline_of(0.9, 0.05, 0.9, 0.05)
    current = {**baseline, "n": 99}
    [problem] = compare(current, baseline)
    assert problem.startswith("not comparable")


def test_baseline_round_trip_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    code, _ = run_cli(capsys, str(SMALL), "--write-baseline", str(path))
    assert code == 0
    baseline = read_baseline(path)
    assert baseline["n"] == 12
    assert "--write-baseline" in baseline["command"]
    code, out = run_cli(capsys, str(SMALL), "--baseline", str(path))
    assert code == 0
    assert "no regression" in out


def test_unreadable_baseline_is_bad_data(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="not a baseline file"):
        read_baseline(path)


def test_one_detection_pass_gives_the_same_verdicts_as_separate_runs() -> None:
    dataset = read_dataset(SMALL)
    both = run_guard_settings(keyword_guard(), dataset, adults=(False, True))
    for adult in (False, True):
        alone = run_guard(keyword_guard(), dataset, adult=adult)
        assert [o.verdict for o in both[adult].outcomes] == [o.verdict for o in alone.outcomes]
        assert both[adult].adult is adult


def test_summary_table_has_a_column_per_system_and_a_row_per_label(tmp_path: Path) -> None:
    result = fake_result()
    path = tmp_path / "r.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    table = summary_markdown([result])
    header, _rule, *rows = table.splitlines()
    assert header == "| set | label | n | expected | keywords |"
    assert rows[0].startswith("| tiny (adult off) | ncii | 2 | deny | 50.0% |")
    assert report_main([str(path)]) == 0


def test_the_docs_name_every_set_and_peer() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "evaluation.md").read_text(encoding="utf-8")
    for name in (*PUBLIC_SETS, *PEER_NAMES, "dev"):
        assert f"`{name}`" in docs, name


def test_a_small_label_gets_two_rows_of_slack() -> None:
    baseline = baseline_of(0.90, 0.05, 0.90, 0.05)
    baseline["labels"]["benign"]["n"] = 20  # 2 rows = 0.10
    assert compare(baseline_of(0.90, 0.05, 0.90, 0.14), baseline) == []
    assert len(compare(baseline_of(0.90, 0.05, 0.90, 0.16), baseline)) == 1


def test_a_text_only_set_leaves_the_image_detectors_out() -> None:
    image_domains = {spec.domain for spec in bundled_detector_specs() if spec.needs == "images"}
    text_only = guard_for(Dataset("d", (Example("1", "a lighthouse"),)))
    assert not {d.domain for d in text_only.detectors} & image_domains
    assert not {spec.domain for spec, _ in text_only.unavailable} & image_domains
    with_images = guard_for(Dataset("d", (Example("1", "a lighthouse", input_images=(Path("x.png"),)),)))
    present = {d.domain for d in with_images.detectors} | {spec.domain for spec, _ in with_images.unavailable}
    assert present >= image_domains


def test_only_keeps_the_listed_ids_and_read_ids_skips_comments(tmp_path: Path) -> None:
    from consentry.eval.dataset import Dataset, Example, read_ids

    listed = tmp_path / "ids.txt"
    listed.write_text("# held out\nb\n\n c \n", encoding="utf-8")
    dataset = Dataset("d", tuple(Example(id=i, prompt=f"p {i}") for i in "abcd"))
    kept = dataset.only(read_ids(listed), "held out")
    assert [e.id for e in kept.examples] == ["b", "c"]
    assert kept.name == "d[held out 2]"


def test_ids_that_match_nothing_or_a_missing_file_are_input_errors(tmp_path: Path) -> None:
    from consentry.eval.dataset import Dataset, Example, read_ids

    dataset = Dataset("d", (Example(id="a", prompt="p"),))
    with pytest.raises(InputError, match="no example"):
        dataset.only(["z"])
    with pytest.raises(InputError, match="cannot read the ids file"):
        read_ids(tmp_path / "absent.txt")
