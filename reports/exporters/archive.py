"""Everything in one ZIP: the Markdown with its pictures beside it, and every other format.

    fremtidens-kulturskole-2025-11-20/
        fremtidens-kulturskole-2025-11-20.md
        pictures/gruppe-7-1.jpg …
        fremtidens-kulturskole-2025-11-20.pdf, .docx, .xlsx, .csv

Each picture is read from storage once: stored in the ZIP as it is, for the Markdown, and
prepared once for both the PDF and the DOCX. Progress reports "cards" and "pictures" once,
then each format by name as it is written, then "zip".
"""

from __future__ import annotations

import io
import logging
import zipfile

from reports.content import ReportContent
from reports.exporters import docx, markdown, pdf, spreadsheet
from reports.exporters.common import (
    PrintPicture,
    PrintPictures,
    Progress,
    local,
    no_progress,
    picture_names,
    print_picture,
    report_stem,
    unique_pictures,
)

logger = logging.getLogger(__name__)

# The files the ZIP holds besides the pictures, in the order it holds them.
PARTS = ("md", "pdf", "docx", "xlsx", "csv")


def write(
    content: ReportContent,
    *,
    progress: Progress = no_progress,
    built: dict[str, bytes] | None = None,
    pictures: PrintPictures | None = None,
) -> bytes:
    """The ZIP. `built` holds formats already written for this content (write_each), which
    are taken as they are; `pictures` may be shared with the other formats of a build."""
    built = built or {}
    stem = report_stem(content)
    names = picture_names(content)
    # Every entry carries the time the report was made, so the same content gives the same file.
    stamp = local(content.generated_at).timetuple()[:6]

    def entry(name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> None:
        info = zipfile.ZipInfo(f"{stem}/{name}", date_time=stamp)
        info.compress_type = compress
        archive.writestr(info, data)

    def formats_only(step: str, done: int, total: int) -> None:
        # Each format counts the cards again; the page hears "cards" only the first time.
        if step not in ("cards", "pictures"):
            progress(step, done, total)

    def part(fmt: str, make) -> None:
        entry(f"{stem}.{fmt}", built[fmt] if fmt in built else make())

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        part("md", lambda: markdown.write(content, progress=progress))
        pictures = pictures or PrintPictures(content)
        # Prepared for print here, from the bytes just read, when the PDF or the DOCX is
        # still to be written and nothing has prepared them yet.
        prepare = not pictures.ready and not {"pdf", "docx"} <= built.keys()
        prepared: dict[str, PrintPicture] = {}
        originals = unique_pictures(content)
        progress("pictures", 0, len(originals))
        for done, picture in enumerate(originals, start=1):
            try:
                data = picture.read()
            except OSError as error:
                logger.warning("report picture %s left out: %s", picture.storage_name, error)
                data = None
            if data is not None:
                # Pictures are compressed already: storing them as they are costs no space.
                entry(
                    f"{markdown.PICTURE_FOLDER}/{names[picture.storage_name]}",
                    data,
                    zipfile.ZIP_STORED,
                )
                printable = print_picture(picture, data) if prepare else None
                if printable is not None:
                    prepared[picture.storage_name] = printable
            progress("pictures", done, len(originals))
        if prepare:
            pictures = PrintPictures(content, prepared)
        part("pdf", lambda: pdf.write(content, progress=formats_only, pictures=pictures))
        part("docx", lambda: docx.write(content, progress=formats_only, pictures=pictures))
        part("xlsx", lambda: spreadsheet.write_xlsx(content, progress=formats_only))
        part("csv", lambda: spreadsheet.write_csv(content, progress=formats_only))
        progress("zip", 0, 1)
    progress("zip", 1, 1)
    return out.getvalue()
