"""A small stand-in for reports.exporters, with the same interface, for the build's tests.

Each "format" is plain UTF-8 text naming the format and the cards, written card by card
with progress. STUB_EXPORTER_DELAY (seconds per card) slows it down, so a test can stop a
worker half-way through a build.
"""

import os
import time

from django.utils.text import slugify

FORMATS = ("pdf", "docx", "xlsx", "csv", "md", "zip")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}
FILE_EXTENSIONS = {fmt: fmt for fmt in FORMATS}


def file_name(content, fmt) -> str:
    return f"{slugify(content.title)}-{content.date.isoformat()}.{FILE_EXTENSIONS[fmt]}"


def write(content, fmt, *, progress=None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    delay = float(os.environ.get("STUB_EXPORTER_DELAY", "0"))
    cards = content.cards
    lines = [f"{fmt}: {content.title}"]
    for done, card in enumerate(cards, 1):
        time.sleep(delay)
        lines.append(
            f"{card.group_name}: {card.heading} — {card.text} ({', '.join(card.written_by)})"
        )
        if progress is not None:
            progress("cards", done, len(cards))
    if content.participation.names:
        lines.append("; ".join(content.participation.names))
    if progress is not None:
        progress(fmt, 1, 1)
    return "\n".join(lines).encode()


def write_each(content, formats=FORMATS, *, progress=None):
    for fmt in formats:
        yield fmt, write(content, fmt, progress=progress)
