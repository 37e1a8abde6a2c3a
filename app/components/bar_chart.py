"""A bar chart by month, made on the server as markup with small SVG bars: no chart library for the phone to
download and start (DESIGN.md §7: ECharts was most of the records page's weight).

One row per month: its name, then its bar, the parts of the amount one after the other along it (or, for amounts
that do not add up, such as money in and out, one thin bar per part). The rows are a CSS grid, so the names and the
legend are text that grows with the text size (Standard, Large, Extra large) and the bars take the width left: the
chart fits any phone without scrolling sideways. The colours are the design tokens' (`assets/records.css`), and the
second part is hatched and named in the legend, so colour is never the only cue.

To a screen reader the chart is one image named by `summary` (the amounts in words); the page lists the same numbers
as text under it. Every amount shown comes from integer fen; every text goes through `markup`, which escapes it (the
SVG shapes carry only numbers made here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.components import markup

# The axis' end: the smallest of these times a power of ten (in fen) that holds the largest bar.
NICE = (10, 12, 15, 20, 25, 30, 40, 50, 60, 80)
STACK_TOP, STACK_HEIGHT = 12.5, 75.0  # a stacked bar's place in its row, % of the row's height
GROUPED_TOP, GROUPED_GAP = 8.0, 4.0  # bars side by side: the first's top and the gap between them, % of the height
NAME = re.compile(r"[a-z][a-z0-9-]{0,30}")


def axis_top(largest: int) -> int:
    """Where the value axis ends, in fen: a round amount at least `largest` (0 when there is nothing to show)."""
    if largest <= 0:
        return 0
    power = 1
    while True:
        for base in NICE:
            if base * power >= largest:
                return base * power
        power *= 10


def amount(fen: int) -> str:
    """An axis amount: ¥1,200 when it is whole yuan, else to the fen (¥0.15)."""
    if fen % 100:
        return f"¥{fen // 100:,}.{fen % 100:02d}"
    return f"¥{fen // 100:,}"


def _percent(part: int, top: int) -> str:
    return f"{100 * part / top:.2f}%" if top else "0%"


def _fill(index: int, pattern_id: str) -> str:
    """The second part is hatched (its colour and the first's come from `assets/records.css`)."""
    return f' fill="url(#{pattern_id})"' if index == 1 else ""


def _bars(values: Sequence[int], top: int, pattern_id: str, *, stacked: bool) -> str:
    """The rectangles of one month, the parts in order (x and width in % of the track)."""
    shapes, start = [], 0
    height = (100 - 2 * GROUPED_TOP - GROUPED_GAP * (len(values) - 1)) / max(len(values), 1)
    for index, value in enumerate(values):
        if stacked:
            x, y, h = _percent(start, top), STACK_TOP, STACK_HEIGHT
        else:
            x, y, h = "0%", GROUPED_TOP + index * (height + GROUPED_GAP), height
        start += value
        if value > 0:
            shapes.append(f'<rect class="part part-{index}"{_fill(index, pattern_id)} x="{x}" y="{y:g}%" '
                          f'width="{_percent(value, top)}" height="{h:g}%" data-fen="{value}"/>')
    return "".join(shapes)


def _track(values: Sequence[int], top: int, pattern_id: str, *, stacked: bool) -> str:
    grid = "".join(f'<line class="grid" x1="{x}" x2="{x}" y1="0" y2="100%"/>' for x in ("0", "50%", "100%"))
    return (f'<svg class="bar-track" focusable="false" aria-hidden="true">{grid}'
            f"{_bars(values, top, pattern_id, stacked=stacked)}</svg>")


def _legend(names: Sequence[str], pattern_id: str) -> str:
    keys = [f'<svg class="bar-key" focusable="false" aria-hidden="true"><rect class="part part-{index}"'
            f'{_fill(index, pattern_id)} width="100%" height="100%"/></svg>' + markup.element("span", name)
            for index, name in enumerate(names)]
    return markup.wrap("ul", "".join(markup.wrap("li", key) for key in keys), classes="bar-legend")


def _ticks(top: int) -> str:
    """The axis' two ends under the bars (a dashed line marks half way: a middle amount would not fit beside them in
    Extra large text on a small phone)."""
    end = markup.element("span", amount(top), classes="tick-end") if top else ""
    return markup.wrap("div", markup.element("span", "¥0", classes="tick-start") + end, classes="bar-ticks")


def _hatch(pattern_id: str) -> str:
    """The second part's hatching, used by its bars and its legend key."""
    return (f'<svg class="bar-defs" focusable="false" aria-hidden="true"><defs><pattern id="{pattern_id}" '
            'width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect class="hatch-ground" width="6" height="6"/><rect class="hatch-line" width="2.5" height="6"/>'
            "</pattern></defs></svg>")


def chart_markup(labels: Sequence[str], names: Sequence[str], values: Sequence[Sequence[int]], *, name: str,
                 stacked: bool = True) -> str:
    """The chart's inner markup: `labels[i]` is a month's name, `values[i]` its parts in fen (one per `names`)."""
    if len(labels) != len(values) or any(len(parts) != len(names) for parts in values):
        raise ValueError("one label and one amount per part for every month")
    if any(part < 0 for parts in values for part in parts):
        raise ValueError("amounts to chart are never negative")
    if not NAME.fullmatch(name):
        raise ValueError(f"a chart's name is lower-case letters, digits and '-': {name!r}")
    top = axis_top(max((sum(parts) if stacked else max(parts, default=0) for parts in values), default=0))
    pattern_id = f"{name}-hatch"
    rows = "".join(markup.element("span", label, classes="bar-label") + _track(parts, top, pattern_id, stacked=stacked)
                   for label, parts in zip(labels, values, strict=True))
    axis = markup.element("span", "", classes="bar-label") + _ticks(top)
    return _hatch(pattern_id) + _legend(names, pattern_id) + markup.wrap("div", rows + axis, classes="bar-grid")


def bar_chart(labels: Sequence[str], names: Sequence[str], values: Sequence[Sequence[int]], *, summary: str,
              name: str, stacked: bool = True) -> markup.Markup:
    """The chart as one element: an image whose accessible name is `summary`. `name` tells the page's charts
    apart (the hatching's id)."""
    inner = chart_markup(labels, names, values, name=name, stacked=stacked)
    return markup.static(inner, classes="bar-chart", role="img", aria_label=summary)
