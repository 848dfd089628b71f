"""The report's files: one module per format, all written from the same ReportContent.

    write(content, "pdf", progress=callback) -> bytes

`progress(step, done, total)` is called as the work goes: "cards" once per card, then
"pictures" once per picture, then the format's own name ("pdf", "docx", …) around the last
step. The labels are written in the report's language (`content.language`), whatever
language the caller has active.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils import translation

from reports.content import ReportContent

FORMATS = ("pdf", "docx", "xlsx", "csv", "md", "zip")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}

# Without the dot: f"{stem}.{FILE_EXTENSIONS[fmt]}".
FILE_EXTENSIONS = {fmt: fmt for fmt in FORMATS}


def write(
    content: ReportContent,
    fmt: str,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> bytes:
    """The report in format `fmt` (one of FORMATS), as the bytes of the file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    from reports.exporters.common import no_progress

    progress = progress or no_progress
    with translation.override(content.language or "nb"):
        return _writer(fmt)(content, progress=progress)


def write_each(
    content: ReportContent,
    formats: tuple[str, ...] = FORMATS,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every format in `formats`, in that order, as (format, bytes), each as soon as it is done.

    The same files as write() gives, built with less work: the pictures are read and prepared
    once for the PDF and the DOCX, and the ZIP takes the files already made instead of making
    them again, so all six cost about what the PDF and the DOCX cost. The bytes of the formats
    the ZIP holds are kept until it is written.
    """
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    from reports.exporters import archive
    from reports.exporters.common import PrintPictures, no_progress

    progress = progress or no_progress
    built: dict[str, bytes] = {}
    pictures = PrintPictures(content)
    for fmt in formats:
        with translation.override(content.language or "nb"):
            if fmt == "zip":
                data = archive.write(content, progress=progress, built=built, pictures=pictures)
            elif fmt in ("pdf", "docx"):
                data = _writer(fmt)(content, progress=progress, pictures=pictures)
            else:
                data = _writer(fmt)(content, progress=progress)
        if "zip" in formats and fmt in archive.PARTS:
            built[fmt] = data
        yield fmt, data


def file_name(content: ReportContent, fmt: str) -> str:
    """The name the report's file gets when downloaded: fremtidens-kulturskole-2025-11-20.pdf."""
    from reports.exporters.common import report_stem

    return f"{report_stem(content)}.{FILE_EXTENSIONS[fmt]}"


def _writer(fmt: str):
    # Imported when asked for, so that a worker building a CSV never loads WeasyPrint.
    if fmt == "pdf":
        from reports.exporters.pdf import write as pdf_write

        return pdf_write
    if fmt == "docx":
        from reports.exporters.docx import write as docx_write

        return docx_write
    if fmt in ("xlsx", "csv"):
        from reports.exporters import spreadsheet

        return spreadsheet.write_xlsx if fmt == "xlsx" else spreadsheet.write_csv
    if fmt == "md":
        from reports.exporters.markdown import write as markdown_write

        return markdown_write
    from reports.exporters.archive import write as archive_write

    return archive_write
