"""What every exporter shares: how times, lengths and people read, and the pictures prepared once.

Every function here runs under the report's language (`write` activates it), so the words
come out in bokmål, nynorsk or English as the facilitator's interface language decides.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from reports.content import Picture, ProgrammeRow, ReportCard, ReportContent, Speaker

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

# A picture is at most about 16 cm wide on an A4 page: 1,200 pixels is about 190 dpi there,
# sharp in print, and keeps a report with a hundred pictures to a size one can e-mail.
PRINT_MAX_SIDE = 1200
JPEG_QUALITY = 85

NO_TIME = "–"


def no_progress(step: str, done: int, total: int) -> None:
    """The progress callback used when the caller gives none."""


def local(value: datetime) -> datetime:
    """`value` in the meeting's time zone, without a zone (spreadsheets take no zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def clock(value: time | datetime | None) -> str:
    """A time of day as 10:15, or a dash when there is none."""
    if value is None:
        return NO_TIME
    if isinstance(value, datetime):
        value = local(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def length(minutes: int | None) -> str:
    """A length of time in whole minutes, as 15 min, or a dash when there is none."""
    if minutes is None:
        return NO_TIME
    return _("%(minutes)d min") % {"minutes": minutes}


def seconds_length(seconds: int) -> str:
    """The time given to a report-back turn: 2 min, or 1 min 30 s."""
    whole, rest = divmod(max(seconds, 0), 60)
    if rest == 0:
        return length(whole)
    if whole == 0:
        return _("%(seconds)d s") % {"seconds": rest}
    return _("%(minutes)d min %(seconds)d s") % {"minutes": whole, "seconds": rest}


def long_date(value: date) -> str:
    """The meeting's date as a reader of the report's language writes it: 20. november 2025."""
    return formats.date_format(value, "DATE_FORMAT")


def date_and_time(value: datetime | None) -> str:
    if value is None:
        return NO_TIME
    return f"{formats.date_format(local(value), 'SHORT_DATE_FORMAT')} {clock(value)}"


def speaker_line(speaker: Speaker) -> str:
    """Bjørn Arild Gram, styreleder (KS)."""
    line = speaker.name
    if speaker.role:
        line = f"{line}, {speaker.role}"
    if speaker.organisation and speaker.organisation != speaker.name:
        line = f"{line} ({speaker.organisation})"
    return line


def speakers_line(row: ProgrammeRow) -> str:
    return "; ".join(speaker_line(speaker) for speaker in row.speakers)


def question_numbers(card: ReportCard) -> str:
    return ", ".join(str(number) for number in card.question_numbers)


def answers_line(card: ReportCard) -> str:
    """Which questions the card answers, as a short line: "Spørsmål 1 og 3" style."""
    if not card.question_numbers:
        return _("Answers no particular question")
    return ngettext(
        "Answers question %(numbers)s",
        "Answers questions %(numbers)s",
        len(card.question_numbers),
    ) % {"numbers": question_numbers(card)}


def question_heading(number: int) -> str:
    return _("Question %(number)d") % {"number": number}


def versions_line(card: ReportCard) -> str:
    return ngettext("%(count)d version", "%(count)d versions", card.version_count) % {
        "count": card.version_count
    }


def card_facts(card: ReportCard) -> list[str]:
    """The small print under a card: last edit, versions, who wrote it."""
    facts = []
    if card.updated_at is not None:
        facts.append(_("Last edited %(when)s") % {"when": date_and_time(card.updated_at)})
    facts.append(versions_line(card))
    if card.written_by:
        facts.append(_("Written by %(people)s") % {"people": ", ".join(card.written_by)})
    return facts


def programme_status(row: ProgrammeRow) -> str:
    if row.skipped:
        return _("Skipped")
    if row.started_at is None:
        return _("Did not run")
    return ""


def key_figures(content: ReportContent) -> list[dict]:
    participation = content.participation
    return [
        {"number": participation.heads, "label": _("People in all")},
        {"number": participation.participants, "label": _("Joined one by one")},
        {"number": participation.local_sites, "label": _("Local sites")},
        {
            "number": participation.municipalities_present,
            "label": _("Municipalities"),
        },
    ]


def participation_line(content: ReportContent) -> str:
    """113 people · 23 municipalities."""
    participation = content.participation
    people = ngettext("%(count)d person", "%(count)d people", participation.heads) % {
        "count": participation.heads
    }
    municipalities = ngettext(
        "%(count)d municipality",
        "%(count)d municipalities",
        participation.municipalities_present,
    ) % {"count": participation.municipalities_present}
    return f"{people} · {municipalities}"


def municipalities_line(content: ReportContent) -> str:
    participation = content.participation
    return ngettext(
        "%(present)d of the %(total)d municipality in the register took part.",
        "%(present)d of the %(total)d municipalities in the register took part.",
        participation.municipalities_in_register,
    ) % {
        "present": participation.municipalities_present,
        "total": participation.municipalities_in_register,
    }


def video_call_rows(attendance) -> list[tuple[str, int]]:
    return [
        (_("People in the call"), attendance.people),
        (_("Followed the naming convention"), attendance.following_convention),
        (_("Did not follow the naming convention"), attendance.not_following_convention),
        (_("Minutes in the call, all people together"), attendance.total_minutes),
    ]


def web_link(url: str) -> str | None:
    """`url` when it is an http(s) address a reader may follow, else None (shown as text)."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^\s<>\"]+$", url, re.IGNORECASE) else None


def page_label_css() -> str:
    """The footer's "Page 3 of 12" as a CSS `content` value, worded in the report's language."""
    text = _("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", text)
    values = []
    for part in parts:
        if part == "%(page)s":
            values.append("counter(page)")
        elif part == "%(pages)s":
            values.append("counter(pages)")
        elif part:
            values.append(css_string(part))
    return " ".join(values)


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


_SLUG_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "AE", "Ø": "O", "Å": "A"})


def slug(text: str) -> str:
    """A file-name-safe form of `text`, the Norwegian letters spelled out: møte → mote."""
    text = unicodedata.normalize("NFKD", text.translate(_SLUG_LETTERS))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "rapport"


def report_stem(content: ReportContent) -> str:
    """The name of the report's files without extension: fremtidens-kulturskole-2025-11-20."""
    return f"{slug(content.title)[:60].strip('-')}-{content.date.isoformat()}"


def picture_names(content: ReportContent) -> dict[str, str]:
    """Each picture's file name beside the Markdown, made unique and without any folder."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for picture in content.pictures:
        if picture.storage_name in names:
            continue
        name = posixpath.basename(picture.file_name.replace("\\", "/")) or "bilde"
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, _extension(picture.content_type)
        stem = slug(stem)
        candidate, counter = f"{stem}.{extension.lower()}", 2
        while candidate in taken:
            candidate = f"{stem}-{counter}.{extension.lower()}"
            counter += 1
        taken.add(candidate)
        names[picture.storage_name] = candidate
    return names


def _extension(content_type: str) -> str:
    return {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}.get(
        content_type, content_type.rpartition("/")[2] or "bin"
    )


@dataclass(frozen=True)
class PrintPicture:
    """A card's picture re-encoded for print and Word: JPEG, or PNG where it is transparent."""

    picture: Picture
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"


def print_pictures(content: ReportContent, progress: Progress) -> dict[str, PrintPicture]:
    """Every picture of the report, read once and prepared for PDF and DOCX.

    Pictures are stored as WebP (wall/images.py), which Word does not open, at sizes made for
    screens; here each becomes a JPEG (PNG when it has transparency) of at most
    PRINT_MAX_SIDE pixels. A picture that is missing from storage or cannot be decoded is
    left out of the report rather than failing it; the log says which.
    """
    pictures = unique_pictures(content)
    prepared: dict[str, PrintPicture] = {}
    total = len(pictures)
    progress("pictures", 0, total)
    for done, picture in enumerate(pictures, start=1):
        printable = print_picture(picture)
        if printable is not None:
            prepared[picture.storage_name] = printable
        progress("pictures", done, total)
    return prepared


class PrintPictures:
    """The report's pictures prepared for print, made once, when first asked for.

    The PDF and the DOCX of one build share one of these, so each picture is read and
    re-encoded once however many formats need it.
    """

    def __init__(self, content: ReportContent, prepared: dict[str, PrintPicture] | None = None):
        self.content = content
        self._prepared = prepared

    @property
    def ready(self) -> bool:
        return self._prepared is not None

    def get(self, progress: Progress = no_progress) -> dict[str, PrintPicture]:
        if self._prepared is None:
            self._prepared = print_pictures(self.content, progress)
        return self._prepared


def unique_pictures(content: ReportContent) -> list[Picture]:
    """Each picture of the report once, in the order of the report."""
    return list({picture.storage_name: picture for picture in content.pictures}.values())


def print_picture(picture: Picture, data: bytes | None = None) -> PrintPicture | None:
    """One picture prepared for print, from `data` or from storage; None when it cannot be."""
    try:
        return _for_print(picture, picture.read() if data is None else data)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("report picture %s left out: %s", picture.storage_name, error)
        return None


def _for_print(picture: Picture, data: bytes) -> PrintPicture:
    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("RGB", (PRINT_MAX_SIDE, PRINT_MAX_SIDE))
        image = ImageOps.exif_transpose(opened)
        image.load()
    # Bicubic with a reducing gap: as sharp as Lanczos to the eye at this size, in half the time.
    image.thumbnail((PRINT_MAX_SIDE, PRINT_MAX_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    out = io.BytesIO()
    if transparent:
        image.convert("RGBA").save(out, format="PNG")
        content_type = "image/png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
        content_type = "image/jpeg"
    return PrintPicture(
        picture=picture,
        data=out.getvalue(),
        content_type=content_type,
        width=image.width,
        height=image.height,
    )


class CardProgress:
    """Reports "cards n of total" as each card of the report is written for the first time.

    A card answering two questions is written under both; it counts once.
    """

    def __init__(self, content: ReportContent, progress: Progress):
        self.total = len(content.cards)
        self.progress = progress
        self.seen: set[ReportCard] = set()
        progress("cards", 0, self.total)

    def written(self, card: ReportCard) -> None:
        if card not in self.seen:
            self.seen.add(card)
            self.progress("cards", len(self.seen), self.total)
