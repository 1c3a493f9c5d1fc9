"""The regression check: Consentry on the NCII dev set against the committed baseline.

Fails when recall falls or the false-positive rate rises beyond the tolerance stated in the
baseline (overall and per label), under both adult-content settings. Skipped where ../shared is
absent. To accept a change on purpose, regenerate the baseline (docs/evaluation.md):

    consentry eval dev --adult off --ids eval/dev-held-out.txt --write-baseline eval/baseline-dev-adult-off.json
    consentry eval dev --adult on --ids eval/dev-held-out.txt --write-baseline eval/baseline-dev-adult-on.json
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consentry.eval.baseline import compare, read_baseline
from consentry.eval.command import result_object
from consentry.eval.dataset import read_dataset, read_ids
from consentry.eval.runner import guard_for, run_guard_settings

BASELINES = Path(__file__).resolve().parents[1] / "eval"
FILES = {False: BASELINES / "baseline-dev-adult-off.json", True: BASELINES / "baseline-dev-adult-on.json"}

pytestmark = pytest.mark.shared


def test_dev_set_has_not_regressed(shared_dir: Path) -> None:
    baselines = {adult: read_baseline(path) for adult, path in FILES.items() if path.is_file()}
    if not baselines:
        pytest.skip("no dev-set baseline committed yet")
    [sample] = {b["sample"] for b in baselines.values()}
    [ids] = {b.get("ids") for b in baselines.values()}
    dataset = read_dataset(shared_dir / "eval" / "ncii_dev.jsonl")
    if ids:
        # only the rows held out from the sexual model's training split and the known-prompt list
        dataset = dataset.only(read_ids(BASELINES.parent / ids), "held out")
    dataset = dataset.sample(sample)
    guard = guard_for(dataset)
    results = run_guard_settings(guard, dataset, adults=tuple(baselines))
    problems: list[str] = []
    for adult, baseline in baselines.items():
        result = result_object(dataset, results[adult], guard, source="dev")
        problems += [f"adult content {'on' if adult else 'off'}: {p}" for p in compare(result, baseline)]
    assert not problems, "regressions against the committed baseline:\n" + "\n".join(problems)
