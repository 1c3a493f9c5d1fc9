"""The server-side SVG chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from consentry.service.dashboard.chart import Series, nice_ceiling, stacked_bars_svg

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (10, 10), (11, 20), (40, 50), (501, 1000)]
)
def test_nice_ceiling(value: int, expected: int) -> None:
    assert nice_ceiling(value) == expected


def bars(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]


def test_one_segment_per_nonzero_value_with_exact_counts_in_titles() -> None:
    svg = str(
        stacked_bars_svg(
            ["11-20", "11-21"],
            [Series("deny", (3, 0)), Series("review", (1, 2))],
            chart_id="c",
            title="Decisions per day",
        )
    )
    titles = [r.find(f"{NS}title").text for r in bars(svg)]  # type: ignore[union-attr]
    assert titles == ["11-20 deny: 3", "11-20 review: 1", "11-21 review: 2"]


def test_segment_heights_are_proportional_and_stack_to_the_total() -> None:
    svg = str(stacked_bars_svg(["a"], [Series("x", (1,)), Series("y", (4,))], chart_id="c", title="t", height=264))
    heights = [float(r.get("height", "0")) for r in bars(svg)]
    assert heights[1] == pytest.approx(4 * heights[0], rel=0.01)
    root = ET.fromstring(svg)
    grid = [float(line.get("y1", "0")) for line in root.iter(f"{NS}line")]
    plot_h = max(grid) - min(grid)
    assert sum(heights) == pytest.approx(plot_h, abs=0.2)  # total 5 is the axis top (nice_ceiling(5) == 5)


def test_names_and_labels_are_escaped_and_svg_stays_well_formed() -> None:
    svg = str(stacked_bars_svg(["<d>"], [Series('<script>"x"</script>', (1,))], chart_id='a"b', title="<t>"))
    assert "<script>" not in svg
    ET.fromstring(svg)


def test_no_labels_says_no_data() -> None:
    svg = str(stacked_bars_svg([], [Series("deny", ())], chart_id="c", title="t"))
    assert "no data" in svg
    ET.fromstring(svg)


def test_series_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 labels"):
        stacked_bars_svg(["a", "b"], [Series("x", (1,))], chart_id="c", title="t")


def test_each_series_has_its_own_pattern_and_a_named_legend_entry() -> None:
    svg = str(stacked_bars_svg(["a"], [Series(n, (1,)) for n in "pqr"], chart_id="c", title="t"))
    root = ET.fromstring(svg)
    patterns = [p.get("id") for p in root.iter(f"{NS}pattern")]
    assert patterns == ["c-p0", "c-p1", "c-p2"]
    legend = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "legend"]
    assert legend == ["p", "q", "r"]
