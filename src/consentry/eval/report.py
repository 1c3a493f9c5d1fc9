"""The evaluation report: a terminal table, Markdown and HTML (with plots), all from one result object."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentry.errors import MissingExtraError


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


LABEL_HEADERS = (
    "label",
    "system",
    "n",
    "denied",
    "review",
    "allowed",
    "flagged",
    "expected",
    "correct",
    "p50 ms",
    "p99 ms",
)
OVERALL_HEADERS = (
    *("system", "scored", "TP", "FN", "FP", "TN"),
    *("recall", "precision", "FPR", "F1", "p50 ms", "p90 ms", "p99 ms", "CPU p50", "CPU p99"),
)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def tables(result: Mapping[str, Any]) -> list[Table]:
    """The report's tables: per label side by side, overall metrics, per-tag breakdowns of Consentry."""
    systems: dict[str, Mapping[str, Any]] = {result["system"]: result, **result.get("peers", {})}
    out: list[Table] = []
    label_rows: list[tuple[str, ...]] = []
    for label in result["label_order"]:
        for name, summary in systems.items():
            c = summary["labels"].get(label)
            if c is None:
                continue
            label_rows.append(
                (
                    label,
                    name,
                    str(c["n"]),
                    str(c["denied"]),
                    str(c["reviewed"]),
                    str(c["allowed"]),
                    _pct(c["flag_rate"]),
                    c["expected"],
                    _pct(c["accuracy"]),
                    _ms(c["p50_ms"]),
                    _ms(c["p99_ms"]),
                )
            )
    out.append(
        Table(
            "Per label",
            LABEL_HEADERS,
            tuple(label_rows),
            "flagged = denied + held for review; correct = share of rows with the expected outcome.",
        )
    )
    overall = []
    for name, summary in systems.items():
        m = summary["metrics"]
        lat = summary["latency"]
        overall.append(
            (
                name,
                str(m["n_scored"]),
                str(m["tp"]),
                str(m["fn"]),
                str(m["fp"]),
                str(m["tn"]),
                _pct(m["recall"]),
                _pct(m["precision"]),
                _pct(m["fpr"]),
                _pct(m["f1"]),
                _ms(lat["p50_ms"]),
                _ms(lat["p90_ms"]),
                _ms(lat["p99_ms"]),
                _ms(summary.get("cpu", {}).get("p50_ms")),
                _ms(summary.get("cpu", {}).get("p99_ms")),
            )
        )
    out.append(
        Table(
            "Overall (rows with an expectation)",
            OVERALL_HEADERS,
            tuple(overall),
            "positive = expected deny/review; TP = positive and flagged; FP = expected allow but flagged. "
            "Times in ms per request: wall clock, then process CPU time (steadier on a shared machine).",
        )
    )
    for tag, values in result["tags"].items():
        labels = [label for label in result["label_order"] if any(label in v["labels"] for v in values.values())]
        rows = []
        for value, entry in values.items():
            cells = [value, str(entry["n"]), _pct(entry["recall"]), _pct(entry["fpr"])]
            for label in labels:
                c = entry["labels"].get(label)
                cells.append("-" if c is None else f"{_pct(c['flag_rate'])} of {c['n']}")
            rows.append(tuple(cells))
        out.append(
            Table(
                f"{result['system']} by {tag}",
                ("value", "n", "recall", "FPR", *(f"{label} flagged" for label in labels)),
                tuple(rows),
            )
        )
        if len(systems) > 1:
            out.append(_side_by_side_tag_table(tag, values, systems))
    return out


def _side_by_side_tag_table(tag: str, values: Mapping[str, Any], systems: Mapping[str, Mapping[str, Any]]) -> Table:
    """Per value of one tag, each system's recall (or FPR, where the value has no positives)."""
    rows = []
    for value, entry in values.items():
        metric = "recall" if entry["recall"] is not None else "fpr"
        cells = [value, str(entry["n"]), "recall" if metric == "recall" else "FPR"]
        for summary in systems.values():
            other = summary.get("tags", {}).get(tag, {}).get(value)
            cells.append("-" if other is None else _pct(other[metric]))
        rows.append(tuple(cells))
    return Table(
        f"All systems by {tag}",
        ("value", "n", "metric", *systems),
        tuple(rows),
        "recall where the value has rows that should be stopped, else the false-positive rate.",
    )


def render_text(table: Table) -> str:
    widths = [len(h) for h in table.headers]
    for row in table.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    line = "  ".join("-" * w for w in widths)
    lines = [table.title, line, "  ".join(h.ljust(w) for h, w in zip(table.headers, widths, strict=True)), line]
    previous = None
    for row in table.rows:
        first = row[0] if row[0] != previous else ""
        previous = row[0]
        cells = (first, *row[1:])
        padded = (c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        lines.append("  ".join(padded))
    if table.note:
        lines.append(table.note)
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(table: Table) -> str:
    lines = [f"### {table.title}", "", "| " + " | ".join(table.headers) + " |"]
    lines.append("|" + "|".join("---" if i < 2 else "---:" for i in range(len(table.headers))) + "|")
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows)
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines)


def render_html_table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    note = f"<p class=note>{html.escape(table.note)}</p>" if table.note else ""
    title = f"<h3>{html.escape(table.title)}</h3>"
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def _header_lines(result: Mapping[str, Any]) -> list[str]:
    lines = [
        f"dataset: {result['dataset']} ({result['n']} rows); adult content: {'on' if result['adult'] else 'off'}; "
        f"policy: {result['policy_version']}",
        f"detectors: {', '.join(result['detectors']) or '(none installed)'}",
    ]
    for name, why in result.get("skipped_peers", {}).items():
        lines.append(f"peer {name} skipped: {why}")
    return lines


def _miss_lines(miss: Mapping[str, Any]) -> list[str]:
    tags = ", ".join(f"{k}={'/'.join(v)}" for k, v in miss["tags"].items())
    where = f"{miss['label']}; {tags}" if tags else miss["label"]
    lines = [f"{miss['id']} [{where}] expected {miss['expected']}, got {miss['verdict']}"]
    lines.append(f"    prompt: {miss['prompt'][:200]}")
    if miss["negative_prompt"]:
        lines.append(f"    negative: {miss['negative_prompt'][:200]}")
    if miss["rule_ids"]:
        lines.append(f"    rules: {', '.join(miss['rule_ids'])}")
    lines.extend(f"    finding: {f}" for f in miss["findings"][:6])
    if not miss["findings"]:
        lines.append("    finding: (none: no detector reported anything)")
    lines.extend(f"    why: {e}" for e in miss["explanation"][:4])
    if miss["error"]:
        lines.append(f"    error: {miss['error']}")
    return lines


def miss_sections(result: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    misses = result.get("worst_misses")
    if not misses:
        return []
    sections = []
    for key, title in (("false_negatives", "missed (should not pass)"), ("false_positives", "over-blocked")):
        count = misses[f"n_{key}"]
        shown = misses[key]
        lines: list[str] = []
        for miss in shown:
            lines.extend(_miss_lines(miss))
        sections.append((f"Worst {title}: {len(shown)} of {count}", lines))
    return sections


def render_terminal(result: Mapping[str, Any]) -> str:
    parts = ["\n".join(_header_lines(result))]
    parts.extend(render_text(t) for t in tables(result))
    for title, lines in miss_sections(result):
        parts.append("\n".join([title, *lines]))
    return "\n\n".join(parts) + "\n"


def _plot_names(result: Mapping[str, Any]) -> list[tuple[str, str]]:
    names = [("flag_rate_by_label.png", "Share flagged per label, each system"), ("latency.png", "Latency per system")]
    names += [(f"tag_{_slug(tag)}.png", f"{result['system']}: share flagged by {tag}") for tag in result["tags"]]
    return names


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "tag"


def write_plots(result: Mapping[str, Any], folder: Path) -> list[tuple[str, str]]:
    """PNG plots (matplotlib, Agg backend) into ``folder``; returns (file, caption) pairs."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingExtraError("the report's plots", "eval", "matplotlib") from None

    systems: dict[str, Mapping[str, Any]] = {result["system"]: result, **result.get("peers", {})}
    labels = list(result["label_order"])
    written: list[tuple[str, str]] = []
    names = dict(_plot_names(result))

    fig, ax = plt.subplots(figsize=(max(6.0, 1.4 * len(labels) * max(1, len(systems)) / 3), 4.0))
    width = 0.8 / max(1, len(systems))
    for i, (name, summary) in enumerate(systems.items()):
        values = [100 * (summary["labels"].get(label, {}).get("flag_rate") or 0.0) for label in labels]
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(labels))], labels)
    ax.set_ylabel("% flagged (denied or review)")
    ax.set_ylim(0, 100)
    ax.legend(fontsize="small")
    ax.set_title(f"{result['dataset']}: flagged per label")
    fig.tight_layout()
    fig.savefig(folder / "flag_rate_by_label.png", dpi=110)
    plt.close(fig)
    written.append(("flag_rate_by_label.png", names["flag_rate_by_label.png"]))

    fig, ax = plt.subplots(figsize=(6.0, 3.5))
    names_list = list(systems)
    p50 = [systems[n]["latency"]["p50_ms"] or 0.0 for n in names_list]
    p99 = [systems[n]["latency"]["p99_ms"] or 0.0 for n in names_list]
    ax.barh(names_list, p99, color="#f4a582", label="p99")
    ax.barh(names_list, p50, color="#2166ac", label="p50")
    ax.set_xscale("log")
    ax.set_xlabel("ms per request (log scale)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(folder / "latency.png", dpi=110)
    plt.close(fig)
    written.append(("latency.png", names["latency.png"]))

    for tag, values in result["tags"].items():
        file = f"tag_{_slug(tag)}.png"
        tag_labels = [label for label in labels if any(label in v["labels"] for v in values.values())]
        keys = list(values)
        fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(keys) * max(1, len(tag_labels))), 3.8))
        width = 0.8 / max(1, len(tag_labels))
        for i, label in enumerate(tag_labels):
            rates = [100 * (values[k]["labels"].get(label, {}).get("flag_rate") or 0.0) for k in keys]
            ax.bar([x + i * width for x in range(len(keys))], rates, width, label=label)
        ax.set_xticks([x + width * (len(tag_labels) - 1) / 2 for x in range(len(keys))], keys, rotation=30, ha="right")
        ax.set_ylabel("% flagged")
        ax.set_ylim(0, 100)
        ax.legend(fontsize="small")
        ax.set_title(f"{result['system']} by {tag}")
        fig.tight_layout()
        fig.savefig(folder / file, dpi=110)
        plt.close(fig)
        written.append((file, names[file]))
    return written


def render_markdown_report(result: Mapping[str, Any], plots: Sequence[tuple[str, str]]) -> str:
    parts = [f"# Evaluation: {result['dataset']}", "", *(f"- {line}" for line in _header_lines(result))]
    if result.get("description"):
        parts += ["", result["description"]]
    for caveat in result.get("caveats", []):
        parts += ["", f"> Caveat: {caveat}"]
    if result.get("command"):
        parts += ["", "Made with:", "", f"    {result['command']}"]
    for table in tables(result):
        parts += ["", render_markdown(table)]
    if plots:
        parts += ["", "## Plots"]
        parts += [f"\n![{caption}]({file})" for file, caption in plots]
    for title, lines in miss_sections(result):
        parts += ["", f"## {title}", "", "```", *lines, "```"]
    return "\n".join(parts) + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:nth-child(-n+2),th{text-align:left}"
    "th{background:#eee}.note{color:#555;font-size:90%}pre{background:#f6f6f6;padding:1em;overflow-x:auto}"
    "img{max-width:100%}"
)


def render_html_report(result: Mapping[str, Any], plots: Sequence[tuple[str, str]]) -> str:
    parts = [
        "<!doctype html><html><head><meta charset=utf-8>",
        f"<title>Evaluation: {html.escape(result['dataset'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Evaluation: {html.escape(result['dataset'])}</h1><ul>",
        *(f"<li>{html.escape(line)}</li>" for line in _header_lines(result)),
        "</ul>",
    ]
    if result.get("description"):
        parts.append(f"<p>{html.escape(result['description'])}</p>")
    parts.extend(f"<p><b>Caveat:</b> {html.escape(c)}</p>" for c in result.get("caveats", []))
    if result.get("command"):
        parts.append(f"<p>Made with: <code>{html.escape(result['command'])}</code></p>")
    parts.extend(render_html_table(t) for t in tables(result))
    if plots:
        parts.append("<h2>Plots</h2>")
        parts.extend(
            f"<figure><img src='{html.escape(f)}' alt='{html.escape(c)}'>"
            f"<figcaption>{html.escape(c)}</figcaption></figure>"
            for f, c in plots
        )
    for title, lines in miss_sections(result):
        parts.append(f"<h2>{html.escape(title)}</h2><pre>{html.escape(chr(10).join(lines))}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(result: Mapping[str, Any], folder: str | Path, *, plots: bool = True) -> list[Path]:
    """``report.md``, ``report.html``, ``results.json`` and the plots into ``folder`` (created)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    made = write_plots(result, out) if plots else []
    files = {
        "results.json": json.dumps(result, ensure_ascii=False, indent=2) + "\n",
        "report.md": render_markdown_report(result, made),
        "report.html": render_html_report(result, made),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files] + [out / file for file, _ in made]


def summary_markdown(results: Sequence[Mapping[str, Any]]) -> str:
    """One Markdown table over several results (sets): per set and label, Consentry and each peer.

    Cells are the flagged share (denied or held for review) and, per system, latency p50/p99.
    ``python -m consentry.eval.report results.json ...`` prints it (docs/evaluation.md uses it).
    """
    systems: list[str] = []
    for result in results:
        for name in (result["system"], *result.get("peers", {})):
            if name not in systems:
                systems.append(name)
    lines = [
        "| set | label | n | expected | " + " | ".join(systems) + " |",
        "|---|---|---:|---|" + "---:|" * len(systems),
    ]
    for result in results:
        by_system = {result["system"]: result, **result.get("peers", {})}
        setting = "adult on" if result["adult"] else "adult off"
        name = f"{result['dataset']} ({setting})"
        for label in result["label_order"]:
            counts = result["labels"][label]
            cells = [_pct(by_system[s]["labels"][label]["flag_rate"]) if s in by_system else "-" for s in systems]
            lines.append(f"| {name} | {label} | {counts['n']} | {counts['expected']} | " + " | ".join(cells) + " |")
        for metric, title in (("recall", "recall"), ("fpr", "FPR")):
            cells = [_pct(by_system[s]["metrics"][metric]) if s in by_system else "-" for s in systems]
            if all(cell == "-" for cell in cells):
                continue  # no rows to stop (or none to pass) in this set
            lines.append(f"| {name} | **{title}** | | | " + " | ".join(cells) + " |")
        cells = [
            f"{_ms(by_system[s]['latency']['p50_ms'])} / {_ms(by_system[s]['latency']['p99_ms'])}"
            if s in by_system
            else "-"
            for s in systems
        ]
        lines.append(f"| {name} | **p50 / p99 ms** | | | " + " | ".join(cells) + " |")
        cpu = [by_system[s].get("cpu", {}) if s in by_system else {} for s in systems]
        cells = [f"{_ms(c.get('p50_ms'))} / {_ms(c.get('p99_ms'))}" if c else "-" for c in cpu]
        lines.append(f"| {name} | **CPU p50 / p99 ms** | | | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    import sys

    paths = list(argv if argv is not None else sys.argv[1:])
    if not paths:
        print("usage: python -m consentry.eval.report RESULTS.json ...", file=sys.stderr)
        return 64
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    sys.stdout.write(summary_markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
