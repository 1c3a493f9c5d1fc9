"""The scan report: one self-contained HTML file (no scripts, no external resources).

Counts by verdict and by rule with an inline SVG chart, then the flagged items with a BLURRED
thumbnail (blurred here, when the report is written; the sharp image is never embedded), the
rules, the findings, and the prompt with the spans that triggered highlighted.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consentry.scan.process import ERROR

if TYPE_CHECKING:
    from consentry.scan.summary import ScanOptions, ScanSummary

THUMBNAIL = 160  # pixels on the long side
_COLOURS = {"deny": "#c62828", "review": "#ef8f00", "allow": "#2e7d32", ERROR: "#6d4c41"}
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.item{display:flex;gap:16px;padding:12px 0;border-bottom:1px solid #ddd;align-items:flex-start}
.item img,.noimg{width:160px;min-width:160px;height:auto;border-radius:4px}
.noimg{height:90px;background:#eee;color:#777;display:flex;align-items:center;justify-content:center}
.v{font-weight:700;text-transform:uppercase}.deny{color:#c62828}.review{color:#ef8f00}.error{color:#6d4c41}
mark{background:#ffd54f;padding:0 1px}.text{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:13px}
.muted{color:#777;font-size:12px}
"""


def blurred_thumbnail(path: str | Path, boxes: Sequence[Mapping[str, Any]] = ()) -> str | None:
    """A heavily blurred JPEG thumbnail as a data URI, with finding boxes outlined; None if unreadable."""
    try:
        from PIL import Image, ImageDraw, ImageFilter, ImageOps
    except ModuleNotFoundError:
        return None
    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except Exception:
        return None
    width, height = image.size
    scale = THUMBNAIL / max(width, height, 1)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # pixelate to ~1/12 of the thumbnail, then blur: no detail survives, colours and layout do
    coarse = image.resize((max(1, size[0] // 12), max(1, size[1] // 12)), Image.Resampling.BOX)
    thumb = coarse.resize(size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(radius=6))
    draw = ImageDraw.Draw(thumb)
    for box in boxes:
        if (box["x1"] - box["x0"]) * (box["y1"] - box["y0"]) >= 0.9 * width * height:
            continue  # a whole-image finding: an outline would say nothing
        draw.rectangle(
            [box["x0"] * scale, box["y0"] * scale, box["x1"] * scale, box["y1"] * scale], outline="#ff1744", width=2
        )
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """HTML of ``text`` (escaped) with the spans in ``<mark>``; overlapping spans are merged."""
    merged: list[list[int]] = []
    for raw_start, raw_end in sorted(spans):
        start, end = max(0, raw_start), min(len(text), raw_end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    position = 0
    for start, end in merged:
        out.append(html.escape(text[position:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


def bar_chart(counts: Sequence[tuple[str, int]], colours: Mapping[str, str] | None = None) -> str:
    """A horizontal bar chart as inline SVG."""
    if not counts:
        return '<p class="muted">nothing to show</p>'
    label_width, bar_width, row = 230, 420, 24
    top = max(n for _, n in counts) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 70}" '
        f'height="{row * len(counts) + 6}" role="img">'
    ]
    for i, (label, n) in enumerate(counts):
        y = i * row + 3
        width = max(1, round(bar_width * n / top)) if n else 0
        colour = (colours or {}).get(label, "#5c6bc0")
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{html.escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{width}" height="{row - 6}" fill="{colour}"/>'
            f'<text x="{label_width + width + 5}" y="{y + 15}" font-size="12">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _item_html(record: Mapping[str, Any], image_path: str | None) -> str:
    verdict = record["verdict"]
    boxes = [f["box"] for f in record.get("findings") or () if f.get("box")]
    thumb = blurred_thumbnail(image_path, boxes) if image_path else None
    picture = (
        f'<img src="{thumb}" alt="blurred thumbnail">'
        if thumb
        else f'<div class="noimg">{"no image" if not image_path else "unreadable"}</div>'
    )
    lines = [
        f'<div><span class="v {html.escape(verdict)}">{html.escape(verdict)}</span> '
        f"<b>{html.escape(str(record['id']))}</b>",
        f'<div class="muted">{html.escape(str(record.get("path") or ""))}</div>',
    ]
    if record.get("rule_ids"):
        lines.append(
            "<div>rules: " + ", ".join(f"<code>{html.escape(r)}</code>" for r in record["rule_ids"]) + "</div>"
        )
    if record.get("error"):
        lines.append(f"<div>error: {html.escape(str(record['error']))}</div>")
    for field, label in (("prompt", "prompt"), ("negative_prompt", "negative")):
        text = record.get(field) or ""
        if not text:
            continue
        spans = [
            (f["span"]["start"], f["span"]["end"])
            for f in record.get("findings") or ()
            if f.get("span") and f["span"].get("field") == field
        ]
        lines.append(
            f'<div><span class="muted">{label}:</span> <span class="text">{highlight(text, spans)}</span></div>'
        )
    findings = record.get("findings") or ()
    if findings:
        rows = []
        for f in findings:
            where = ""
            if f.get("span"):
                source = record.get(f["span"]["field"]) or ""
                where = repr(source[f["span"]["start"] : f["span"]["end"]])
            elif f.get("box"):
                b = f["box"]
                where = f"{b['image']} ({b['x0']},{b['y0']})-({b['x1']},{b['y1']})"
            rows.append(
                "<tr>"
                + "".join(
                    f"<td>{html.escape(str(v))}</td>"
                    for v in (f["kind"], f"{f['score']:.2f}", where, f.get("subject") or "", f["reason"], f["detector"])
                )
                + "</tr>"
            )
        lines.append(
            "<table><tr><th>kind</th><th>score</th><th>where</th><th>subject</th><th>reason</th><th>detector</th></tr>"
            + "".join(rows)
            + "</table>"
        )
    lines.append("</div>")
    return f'<div class="item">{picture}{"".join(lines)}</div>'


def render_report(
    summary: ScanSummary, options: ScanOptions | None = None, quarantine: Sequence[Mapping[str, Any]] = ()
) -> str:
    records = summary.records
    moved = {q["id"]: q["quarantined_to"] for q in quarantine if q.get("quarantined_to")}
    limit = options.report_limit if options is not None else 500
    verdict_counts = [(v, summary.verdicts.get(v, 0)) for v in ("deny", "review", "allow", ERROR)]
    rule_counts = sorted(summary.rules.items(), key=lambda kv: (-kv[1], kv[0]))
    policies = sorted({str(r["policy_version"]) for r in records if r.get("policy_version")})
    detectors = sorted({d for r in records for d in r.get("detector_versions") or ()})
    # what must be reported first, then denials, then reviews; input order within each
    flagged = sorted(
        (r for r in records if r["verdict"] in ("deny", "review")),
        key=lambda r: (not r.get("report"), r["verdict"] != "deny"),
    )
    errors = [r for r in records if r["verdict"] == ERROR]
    label = options.source_label if options is not None else ""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Consentry scan report</title><style>{_STYLE}</style></head><body>",
        "<h1>Consentry scan report</h1>",
        f"<p>{html.escape(label)}<br>{summary.total} items; {summary.elapsed_s:.1f} s ({summary.rate:.1f} items/s); "
        f"detectors ran on {summary.detected}, {summary.reused} re-decided on stored findings; "
        f"{summary.quarantined} on the quarantine list.</p>",
        "<p class='muted'>Thumbnails are pixelated and blurred when the report is written; "
        "the original images are not in this file.</p>",
        "<h2>Verdicts</h2>",
        "<table>" + "".join(f"<tr><td class='v {v}'>{v}</td><td>{n}</td></tr>" for v, n in verdict_counts) + "</table>",
        bar_chart(verdict_counts, _COLOURS),
        "<h2>Rules</h2>",
        bar_chart(rule_counts) if rule_counts else "<p class='muted'>no rule matched</p>",
        f"<h2>Flagged items ({len(flagged)})</h2>",
    ]
    if len(flagged) > limit:
        parts.append(f"<p class='muted'>the first {limit} are shown; all are in decisions.jsonl.</p>")
    for record in flagged[:limit]:
        path = moved.get(record["id"]) or record.get("path")
        parts.append(_item_html(record, path))
    if errors:
        parts.append(f"<h2>Errors ({len(errors)}): not checked, not allowed</h2><table>")
        parts.extend(
            f"<tr><td>{html.escape(str(r['id']))}</td><td>{html.escape(str(r.get('error')))}</td></tr>"
            for r in errors[:limit]
        )
        parts.append("</table>")
    parts.append(
        f"<h2>Versions</h2><p class='muted'>policy: {html.escape(', '.join(policies) or '-')}<br>"
        f"detectors: {html.escape(', '.join(detectors) or '-')}</p></body></html>"
    )
    return "\n".join(parts)


def write_report(
    summary: ScanSummary,
    target: Path,
    *,
    options: ScanOptions | None = None,
    quarantine: Sequence[Mapping[str, Any]] = (),
) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(render_report(summary, options, quarantine), encoding="utf-8")
    temporary.replace(target)
