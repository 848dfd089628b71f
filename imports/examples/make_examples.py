"""Write padlet-board-shelf.xlsx from padlet-board.csv: the same posts, as Padlet lays out
a shelf board in a workbook (each section a block under its title row), the columns in
another order, the times as spreadsheet dates, and one post's text as a formula cell.

    .venv/bin/python imports/examples/make_examples.py
"""

import csv
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
COLUMNS = ["Author", "Subject", "Body", "Attachment", "Updated At", "Created At"]
OSLO_IN_NOVEMBER = timedelta(hours=1)  # the CSV's times are UTC; a sheet's are local


def local_time(text: str) -> datetime:
    return datetime.strptime(text.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S") + OSLO_IN_NOVEMBER


def main() -> None:
    with (HERE / "padlet-board.csv").open(encoding="utf-8", newline="") as source:
        posts = list(csv.DictReader(source))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dialog"
    sheet.append(COLUMNS)
    sections = list(dict.fromkeys(post["Section"] for post in posts))
    for number, section in enumerate(sections):
        if number:
            sheet.append([])
        sheet.append([section])
        for post in (p for p in posts if p["Section"] == section):
            row = dict(post)
            row["Updated At"] = local_time(post["Updated At"])
            row["Created At"] = local_time(post["Created At"])
            # A body that starts with "=" is written as a formula cell, as Excel keeps it.
            sheet.append([row[column] or None for column in COLUMNS])
    fixed = datetime(2025, 11, 20, 12, 30)
    workbook.properties.created = workbook.properties.modified = fixed
    workbook.properties.creator = "samtale"
    workbook.save(HERE / "padlet-board-shelf.xlsx")


if __name__ == "__main__":
    main()
