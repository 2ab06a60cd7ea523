"""Geometry of the papers-per-year bar chart, drawn server-side as SVG."""

from collections.abc import Iterable
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 200
PLOT_TOP = 20
PLOT_BOTTOM = 170  # baseline; year labels sit below it
PLOT_LEFT = 8
PLOT_RIGHT = 632
# Beyond this many years every year keeps its bar but only some get a label,
# and the counts above the bars are left to the table.
MAX_LABELS = 16
MAX_COUNT_LABELS = 24


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_label: bool

    @property
    def count_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class YearChart:
    bars: list[Bar]
    rows: list[tuple[int, int]]
    total: int
    first_year: int
    last_year: int
    peak: int
    show_counts: bool = True
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = PLOT_BOTTOM
    label_y: int = HEIGHT - 10


def year_chart(counts: Iterable[tuple[int, int]]) -> YearChart | None:
    """Bars for (year, count) pairs, with empty years between the first and last filled in."""
    by_year = {year: count for year, count in counts if year is not None}
    if not by_year:
        return None
    first, last = min(by_year), max(by_year)
    rows = [(year, by_year.get(year, 0)) for year in range(first, last + 1)]
    peak = max(count for _, count in rows)
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(rows)
    gap = min(slot * 0.2, 8)
    label_every = max(1, -(-len(rows) // MAX_LABELS))
    bars = []
    for index, (year, count) in enumerate(rows):
        height = (PLOT_BOTTOM - PLOT_TOP) * count / peak if peak else 0
        x = PLOT_LEFT + index * slot + gap / 2
        bars.append(
            Bar(
                year=year,
                count=count,
                x=round(x, 1),
                y=round(PLOT_BOTTOM - height, 1),
                width=round(slot - gap, 1),
                height=round(height, 1),
                label_x=round(x + (slot - gap) / 2, 1),
                show_label=(last - year) % label_every == 0,
            )
        )
    return YearChart(
        bars=bars,
        rows=rows,
        total=sum(count for _, count in rows),
        first_year=first,
        last_year=last,
        peak=peak,
        show_counts=len(rows) <= MAX_COUNT_LABELS,
    )
