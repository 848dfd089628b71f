"""The synthesis charts' geometry: shares, shades, and labels that fit a phone."""

from analysis.charts import bar_chart, grid_chart, heat


def test_heat_shades_by_share_of_the_total():
    assert [heat(count, 8) for count in (0, 1, 2, 3, 4, 6, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert heat(3, 0) == 0


def test_bar_chart_bars_are_shares_of_the_total():
    chart = bar_chart([("Attraktiv og relevant", 5), ("Ingen av dem", 0)], total=10)
    first, second = chart.bars
    assert (first.percent, first.width) == (50, 36.0)  # half of the bars' span
    assert (second.percent, second.width) == (0, 0)


def test_bar_chart_wraps_a_long_label_and_makes_room_for_it():
    long = "Kulturskolen dras mellom å være et bredde- og et spesialiseringstilbud"
    chart = bar_chart([(long, 2), ("Kort", 1)], total=4)
    wrapped, short = chart.bars
    assert len(wrapped.lines) == 3
    assert " ".join(line for line, _ in wrapped.lines) == long
    assert all(len(line) <= 30 for line, _ in wrapped.lines)
    assert short.lines[0][1] > wrapped.bar_y  # the next label starts below the bar
    assert chart.height > short.bar_y


def test_grid_chart_places_one_cell_per_count():
    grid = grid_chart(columns=["1", "2"], rows=[("Vestland", [3, 0], 4), ("Oslo", [1, 1], 1)])
    assert [[cell.count for cell in row.cells] for row in grid.rows] == [[3, 0], [1, 1]]
    assert [[cell.level for cell in row.cells] for row in grid.rows] == [[3, 0], [4, 4]]
    assert grid.width > grid.rows[0].cells[1].x
