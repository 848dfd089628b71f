"""The participation chart, drawn as SVG: a vector in the PDF, sharp at any zoom and in print.

A few rectangles and labels do not need a plotting library. Each bar is split in two — people
who joined one by one and people in local sites' rooms — and ends with the head count. The
chart's <title> becomes the figure's alternative text in the tagged PDF; the same figures
stand in a table beside it, for screen readers and for anyone who wants the numbers.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.content import CountRow

# In the PDF the chart is 88 mm wide, so one unit here is about 0.2 mm and the 12-unit
# labels print at about 7 pt, the size of the table beside it.
WIDTH = 420
LABEL_WIDTH = 128
VALUE_WIDTH = 32
ROW_HEIGHT = 22
BAR_HEIGHT = 14
TOP = 8
LEGEND_HEIGHT = 46
FONT = "Liberation Sans, DejaVu Sans, sans-serif"
INDIVIDUAL = "#0b5a6b"  # samtale's primary teal
LOCAL_SITE = "#7fb4bf"  # the same teal, lighter: 3.1:1 against white, as a fill beside ink
INK = "#1b2430"
MUTED = "#525b66"
GRID = "#e0dbd0"


def _shorten(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    rows: tuple[CountRow, ...],
    *,
    title: str,
    individual_label: str,
    local_site_label: str,
) -> SafeString:
    """Horizontal bars of heads per row, split into individuals and people in local sites."""
    largest = max((row.heads for row in rows), default=0) or 1
    bar_area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW_HEIGHT * len(rows) + LEGEND_HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for quarter in range(1, 5):
        x = LABEL_WIDTH + bar_area * quarter / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" '
            f'y2="{TOP + ROW_HEIGHT * len(rows)}" stroke="{GRID}" stroke-width="1"/>'
        )
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
        text_y = y + ROW_HEIGHT / 2 + 4
        individual = bar_area * row.participants / largest
        in_sites = bar_area * max(row.heads - row.participants, 0) / largest
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(_shorten(row.label))}</text>"
        )
        if individual:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{individual:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{INDIVIDUAL}"/>'
            )
        if in_sites:
            parts.append(
                f'<rect x="{LABEL_WIDTH + individual:.1f}" y="{bar_y:.1f}" '
                f'width="{in_sites:.1f}" height="{BAR_HEIGHT}" fill="{LOCAL_SITE}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + individual + in_sites + 6:.1f}" y="{text_y:.1f}" '
            f'fill="{INK}" font-weight="bold">{row.heads}</text>'
        )
    # The legend, one entry a line under the bars, so a long label in any language fits.
    legend_y = TOP + ROW_HEIGHT * len(rows) + 10
    for colour, label in ((INDIVIDUAL, individual_label), (LOCAL_SITE, local_site_label)):
        if not label:
            continue
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{legend_y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + 18}" y="{legend_y + 10}" fill="{MUTED}">'
            f"{escape(label)}</text>"
        )
        legend_y += 18
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it went through escape()
