"""Stacked bar charts drawn on the server as inline SVG (no JavaScript, no chart library).

Each series has a colour AND a fill pattern (solid, hatched, dotted...), and a legend with its
name, so that the chart does not rely on colour alone; every bar segment carries a ``<title>``
tooltip with its exact count, and pages show the same numbers in a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Colour-blind-safe palette (Okabe-Ito), then patterns drawn over the colour.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#999999")
VERDICT_COLOURS: dict[str, str] = {"allow": "#009E73", "review": "#E69F00", "deny": "#D55E00"}
_PATTERNS: tuple[str, ...] = (
    "",  # solid
    '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5" stroke-opacity="0.7"/>',
    '<circle cx="3" cy="3" r="1.2" fill="#fff" fill-opacity="0.7"/>',
    '<path d="M0,3 H6" stroke="#fff" stroke-width="1.5" stroke-opacity="0.7"/>',
    '<path d="M3,0 V6" stroke="#fff" stroke-width="1.5" stroke-opacity="0.7"/>',
    '<path d="M0,0 L6,6 M0,6 L6,0" stroke="#fff" stroke-width="1" stroke-opacity="0.7"/>',
)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[int, ...]
    colour: str = ""


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is >= value (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def stacked_bars_svg(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    width: int = 760,
    height: int = 260,
) -> Markup:
    """A stacked bar per label (e.g. per day); one colour + pattern per series; safe SVG markup."""
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(labels)} labels")
    cid = escape(chart_id)
    left, right, top, bottom = 44, 12, 12, 64
    longest = max((len(s.name) for s in series), default=0)
    columns = max(1, min(4, int((width - left - right) // (longest * 7.5 + 36))))
    legend_rows = (len(series) + columns - 1) // columns
    bottom += 18 * max(0, legend_rows - 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top_value = nice_ceiling(max(totals, default=0))
    desc = f"{len(labels)} bars, {len(series)} series; largest total {max(totals, default=0)}."
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc">',
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(desc)}</desc>',
        "<defs>",
    ]
    colours = [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    for i, colour in enumerate(colours):
        out.append(
            f'<pattern id="{cid}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{escape(colour)}"/>{_PATTERNS[i % len(_PATTERNS)]}</pattern>'
        )
    out.append("</defs>")
    # y axis: 0, half, top, with grid lines
    for fraction in (0.0, 0.5, 1.0):
        y = top + plot_h - fraction * plot_h
        value = top_value * fraction
        text = f"{value:g}" if value != int(value) else str(int(value))
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{text}</text>')
    if labels:
        slot = plot_w / len(labels)
        bar_w = max(1.0, min(40.0, slot * 0.7))
        every = max(1, round(len(labels) / 10))
        for i, label in enumerate(labels):
            x = left + i * slot + (slot - bar_w) / 2
            base: float = top + plot_h
            for j, s in enumerate(series):
                value = s.values[i]
                if value <= 0:
                    continue
                h = value / top_value * plot_h
                base -= h
                out.append(
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="url(#{cid}-p{j})"><title>{escape(label)} {escape(s.name)}: {value}</title></rect>'
                )
            if i % every == 0:
                cx = left + i * slot + slot / 2
                out.append(
                    f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="middle" class="axis">'
                    f"{escape(label)}</text>"
                )
    else:
        out.append(
            f'<text x="{left + plot_w / 2:.0f}" y="{top + plot_h / 2:.0f}" text-anchor="middle" class="axis">'
            "no data</text>"
        )
    # legend
    for j, s in enumerate(series):
        lx = left + (j % columns) * (plot_w / columns)
        ly = top + plot_h + 36 + 18 * (j // columns)
        out.append(
            f'<rect x="{lx:.0f}" y="{ly - 10}" width="12" height="12" fill="url(#{cid}-p{j})" stroke="#333"/>'
            f'<text x="{lx + 18:.0f}" y="{ly}" class="legend">{escape(s.name)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
