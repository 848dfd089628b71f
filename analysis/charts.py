"""The synthesis pages' charts, drawn by the server as inline SVG: no script, no third-party
host. Each chart is geometry only; the template writes it out with a <title> and <desc>, and
a data table with the same figures stands beside it.

The bar chart is sized in percent of its own width, so its text keeps its size on a phone
and on a projector alike; the grid (heatmap) has fixed cells and scrolls sideways when the
screen is narrower than it.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

BAR_LINE = 20  # px per line of a bar's label, above the bar
BAR_LABEL_CHARS = 30  # a longer label wraps: the chart may be a phone's width
BAR_HEIGHT = 20
BAR_GAP = 18
BAR_SPAN = 72  # percent of the width the longest possible bar takes; the count sits after it

CELL = 46  # px, one square of the grid
GRID_LABEL = 170  # px for the row labels
GRID_HEAD = 34  # px for the column numbers

HEAT_LEVELS = 4


def heat(count: int, total: int) -> int:
    """0 for nothing, then 1–4 by the share of `total`: the shade of a cell."""
    if count <= 0 or total <= 0:
        return 0
    share = count / total
    return min(HEAT_LEVELS, 1 + int(share * HEAT_LEVELS - 1e-9))


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int  # of the total, for the text
    width: float  # percent of the chart's width
    lines: tuple[tuple[str, int], ...]  # the label's lines and their y
    bar_y: int
    muted: bool = False

    @property
    def count_y(self) -> int:
        return self.bar_y + 15


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    total: int
    height: int
    track_width: int = BAR_SPAN


def bar_chart(items: Sequence[tuple[str, int]], *, total: int, muted_last=False) -> BarChart:
    """Horizontal bars, one per (label, count), as a share of `total` (e.g. every card)."""
    bars = []
    y = 0
    for index, (label, count) in enumerate(items):
        share = count / total if total else 0
        wrapped = textwrap.wrap(label, BAR_LABEL_CHARS) or [""]
        lines = tuple((line, y + 16 + number * BAR_LINE) for number, line in enumerate(wrapped))
        bar_y = y + 6 + len(lines) * BAR_LINE
        bars.append(
            Bar(
                label=label,
                count=count,
                percent=round(100 * share),
                width=round(BAR_SPAN * share, 2),
                lines=lines,
                bar_y=bar_y,
                muted=muted_last and index == len(items) - 1,
            )
        )
        y = bar_y + BAR_HEIGHT + BAR_GAP
    return BarChart(tuple(bars), total, max(1, y - BAR_GAP + 2))


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    count: int
    level: int
    text_x: int
    text_y: int


@dataclass(frozen=True)
class GridRow:
    label: str
    y: int
    text_y: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    columns: tuple[tuple[str, int], ...]  # (short heading, x of its centre)
    rows: tuple[GridRow, ...]
    width: int
    height: int
    label_width: int = GRID_LABEL


def grid_chart(*, columns: Sequence[str], rows: Sequence[tuple[str, Sequence[int], int]]) -> Grid:
    """A grid of counts: `rows` are (label, count per column, the row's total); each cell is
    shaded by its share of the row's total."""
    placed_rows = []
    for index, (label, counts, total) in enumerate(rows):
        y = GRID_HEAD + index * CELL
        cells = tuple(
            Cell(
                x=GRID_LABEL + column * CELL + 2,
                y=y + 2,
                count=count,
                level=heat(count, total),
                text_x=GRID_LABEL + column * CELL + CELL // 2,
                text_y=y + CELL // 2 + 6,
            )
            for column, count in enumerate(counts)
        )
        placed_rows.append(GridRow(label, y, y + CELL // 2 + 6, cells))
    placed_columns = tuple(
        (heading, GRID_LABEL + index * CELL + CELL // 2) for index, heading in enumerate(columns)
    )
    return Grid(
        placed_columns,
        tuple(placed_rows),
        GRID_LABEL + len(columns) * CELL + 4,
        GRID_HEAD + len(rows) * CELL + 4,
    )
