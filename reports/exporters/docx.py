"""The report as a Word document (python-docx), for organisations that edit before publishing.

Structure through Word's own styles — Title, Heading 1 (chapters), Heading 2 (questions),
Heading 3 (cards) — so the navigation pane shows the report's outline; tables stay tables,
with their header rows marked; every picture is embedded with its alternative text in the
drawing's description (docPr/@descr), which Word reads out and shows as "Alt Text".

A card's text arrives as the wall's sanitised HTML (reports.content.ReportCard.html), which
holds only p, br, ul, ol, li, strong, em and a: that small, closed set becomes Word
paragraphs, lists, bold, italic and real hyperlinks, exactly as the wall shows them.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

from reports.content import ReportCard, ReportContent
from reports.exporters.common import (
    CardProgress,
    PrintPicture,
    PrintPictures,
    Progress,
    answers_line,
    card_facts,
    clock,
    key_figures,
    length,
    local,
    long_date,
    municipalities_line,
    no_progress,
    participation_line,
    programme_status,
    question_heading,
    seconds_length,
    speakers_line,
    video_call_rows,
    web_link,
)

PRIMARY = RGBColor(0x0B, 0x5A, 0x6B)
PRIMARY_STRONG = RGBColor(0x08, 0x43, 0x52)
INK = RGBColor(0x1B, 0x24, 0x30)
MUTED = RGBColor(0x52, 0x5B, 0x66)
WARNING = RGBColor(0x8A, 0x4B, 0x00)
CARD_LINE = "0B5A6B"
HIDDEN_LINE = "8A4B00"
COMMENT_FILL = "FFF4D6"
HEADER_FILL = "E2EFF1"

TEXT_WIDTH = Mm(210 - 22 - 20)
PICTURE_MAX_WIDTH = Cm(12)
PICTURE_MAX_HEIGHT = Cm(8.5)
EMU_PER_INCH = 914_400
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def write(
    content: ReportContent,
    *,
    progress: Progress = no_progress,
    pictures: PrintPictures | None = None,
) -> bytes:
    """The report as DOCX bytes. `pictures` may be shared with the other formats of a build."""
    report = _Report(content, CardProgress(content, progress))
    document = report.build()
    report.place_pictures((pictures or PrintPictures(content)).get(progress))
    progress("docx", 0, 1)
    out = io.BytesIO()
    document.save(out)
    progress("docx", 1, 1)
    return out.getvalue()


class _Report:
    def __init__(self, content: ReportContent, counter: CardProgress):
        self.content = content
        self.counter = counter
        self.doc = _Document(Document())
        # The cards are written first (reporting "cards"), each picture as an empty
        # paragraph in its place; place_pictures fills them once the pictures are prepared.
        self.picture_places = []

    def build(self):
        self._page_and_styles()
        self._cover()
        if self.content.programme:
            self._programme()
        for session in self.content.sessions:
            self._session(session)
        if self.content.report_backs:
            self._report_backs()
        if self.content.synthesis:
            self._synthesis(self.content.synthesis)
        self._participation()
        note = self.doc.add_paragraph(
            _("Made with samtale on %(date)s.")
            % {"date": long_date(local(self.content.generated_at).date())}
        )
        _small(note, MUTED)
        return self.doc

    # The page, the styles and the footer -------------------------------------------------

    def _page_and_styles(self):
        content = self.content
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(22), Mm(24)
        section.left_margin, section.right_margin = Mm(22), Mm(20)
        section.different_first_page_header_footer = True

        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.font.color.rgb = INK
        normal.paragraph_format.space_after = Pt(5)
        normal.paragraph_format.line_spacing = 1.15
        _set_language(styles.element, LANGUAGE_TAGS.get(content.language, "nb-NO"))
        for name, size, colour in (
            ("Title", 28, INK),
            ("Heading 1", 18, PRIMARY_STRONG),
            ("Heading 2", 13, PRIMARY_STRONG),
            ("Heading 3", 11.5, INK),
        ):
            style = styles[name]
            style.font.size = Pt(size)
            style.font.color.rgb = colour
            style.font.bold = name != "Title"
            style.paragraph_format.keep_with_next = True
        styles["Heading 1"].paragraph_format.space_before = Pt(0)
        styles["Heading 1"].paragraph_format.page_break_before = True
        styles["Heading 2"].paragraph_format.space_before = Pt(14)
        styles["Heading 3"].paragraph_format.space_before = Pt(10)
        styles["Heading 3"].paragraph_format.space_after = Pt(2)

        properties = self.doc.core_properties
        properties.title = content.title
        properties.subject = _("Meeting report")
        properties.author = content.organised_by or "samtale"
        properties.language = LANGUAGE_TAGS.get(content.language, "nb-NO")
        properties.created = local(content.generated_at)
        properties.keywords = content.meeting_code

        footer = section.footer.paragraphs[0]
        footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        footer.add_run(f"{content.title} · {long_date(content.date)}\t")
        for part in re.split(r"(%\(page\)s|%\(pages\)s)", _("Page %(page)s of %(pages)s")):
            if part == "%(page)s":
                _field(footer, "PAGE")
            elif part == "%(pages)s":
                _field(footer, "NUMPAGES")
            elif part:
                footer.add_run(part)
        _small(footer, MUTED)

    # The cover ---------------------------------------------------------------------------

    def _cover(self):
        content = self.content
        kicker = self.doc.add_paragraph()
        run = kicker.add_run(_("Meeting report").upper())
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = PRIMARY
        kicker.paragraph_format.space_before = Pt(60)
        self.doc.add_paragraph(content.title, style="Title")
        date = self.doc.add_paragraph()
        date_run = date.add_run(long_date(content.date))
        date_run.font.size = Pt(14)
        date_run.font.color.rgb = MUTED
        date.paragraph_format.space_after = Pt(18)
        facts = []
        if content.organised_by:
            facts.append((_("Organised by"), content.organised_by, None))
        if content.facilitators:
            facts.append((_("Facilitators"), ", ".join(content.facilitators), None))
        if content.recording_url:
            facts.append(
                (
                    pgettext("report", "Recording"),
                    content.recording_url,
                    web_link(content.recording_url),
                )
            )
        facts.append((_("Participation"), participation_line(content), None))
        for label, value, url in facts:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            label_run = paragraph.add_run(f"{label}: ")
            label_run.bold = True
            if url:
                _hyperlink(paragraph, url, value)
            else:
                paragraph.add_run(value)
        if content.summary_html:
            heading = self.doc.add_heading(_("Summary"), level=1)
            heading.paragraph_format.page_break_before = False
            heading.paragraph_format.space_before = Pt(24)
            _HtmlToDocx(self.doc).feed_html(content.summary_html)

    # The programme -----------------------------------------------------------------------

    def _programme(self):
        self.doc.add_heading(_("Programme"), level=1)
        self.doc.add_paragraph(_("Each item as planned and as it ran."))
        rows = []
        for row in self.content.programme:
            item = row.title
            status = programme_status(row)
            details = [row.kind_label]
            if status:
                details.append(status)
            if row.speakers:
                details.append(speakers_line(row))
            rows.append(
                (
                    (item, " · ".join(details), row.skipped),
                    clock(row.planned_start),
                    length(row.planned_minutes),
                    clock(row.started_at),
                    clock(row.finished_at),
                    length(row.actual_minutes),
                )
            )
        table = _table(
            self.doc,
            [
                pgettext("report column", "Item"),
                _("Planned start"),
                _("Planned length"),
                pgettext("report", "Started"),
                pgettext("report", "Ended"),
                pgettext("report", "Length"),
            ],
            [[""] + list(row[1:]) for row in rows],
            widths=[Cm(7.4), Cm(1.9), Cm(1.9), Cm(1.6), Cm(1.6), Cm(1.6)],
            numeric=(1, 2, 3, 4, 5),
        )
        for table_row, (item, details, skipped) in zip(
            table.rows[1:], (row[0] for row in rows), strict=True
        ):
            paragraph = table_row.cells[0].paragraphs[0]
            title = paragraph.add_run(item)
            title.bold = True
            title.font.strike = skipped
            detail = table_row.cells[0].add_paragraph()
            detail.paragraph_format.space_after = Pt(0)
            detail_run = detail.add_run(details)
            detail_run.font.size = Pt(8)
            detail_run.font.color.rgb = WARNING if skipped else MUTED

    # Group sessions ----------------------------------------------------------------------

    def _session(self, session):
        self.doc.add_heading(session.title, level=1)
        lead = []
        if session.started_at is not None:
            lead.append(_("Started %(time)s") % {"time": clock(session.started_at)})
        lead.append(
            ngettext("%(count)d group", "%(count)d groups", session.group_count)
            % {"count": session.group_count}
        )
        lead.append(
            ngettext("%(count)d card", "%(count)d cards", len(session.cards))
            % {"count": len(session.cards)}
        )
        lead_paragraph = self.doc.add_paragraph(" · ".join(lead))
        lead_paragraph.runs[0].font.color.rgb = MUTED
        if session.questions:
            label = self.doc.add_paragraph()
            label.add_run(pgettext("report column", "Questions")).bold = True
            label.paragraph_format.keep_with_next = True
            numbering = _NumberedList(self.doc)
            for question in session.questions:
                paragraph = self.doc.add_paragraph(question.text, style="List Number")
                numbering.apply(paragraph, start=session.questions[0].number)
        for section in session.sections:
            if section.question is not None:
                title = f"{question_heading(section.question.number)}: {section.question.text}"
            else:
                title = _("Cards that answer no particular question")
            self.doc.add_heading(title, level=2)
            for card in section.cards:
                self._card(card)
                self.counter.written(card)
            if not section.cards:
                empty = self.doc.add_paragraph(_("No card answers this question."))
                empty.runs[0].italic = True
        if not session.sections:
            self.doc.add_paragraph(_("No group wrote a card in this session.")).runs[
                0
            ].italic = True

    def _card(self, card: ReportCard):
        line = HIDDEN_LINE if card.hidden else CARD_LINE
        start = len(self.doc.element.body)
        self.doc.add_heading(card.heading or card.group_name, level=3)
        meta = self.doc.add_paragraph()
        meta.paragraph_format.keep_with_next = True
        group = meta.add_run(card.group_name.upper())
        group.bold = True
        group.font.size = Pt(8)
        group.font.color.rgb = PRIMARY
        for flag, colour in ((card.hidden, WARNING), (card.pinned, PRIMARY)):
            if flag:
                word = _("Hidden") if colour is WARNING else _("Pinned")
                badge = meta.add_run(f"   {word}")
                badge.bold = True
                badge.font.size = Pt(8)
                badge.font.color.rgb = colour
        if card.html:
            _HtmlToDocx(self.doc).feed_html(card.html)
        for picture in card.pictures:
            self.picture_places.append((self.doc.add_paragraph(), picture))
        if card.comment:
            comment = self.doc.add_paragraph()
            comment.add_run(_("Facilitator's comment") + ": ").bold = True
            comment.add_run(" ".join(card.comment.split()))
            _shade(comment, COMMENT_FILL)
            _small(comment, INK, size=9.5)
        facts = self.doc.add_paragraph(" · ".join([answers_line(card), *card_facts(card)]))
        _small(facts, MUTED)
        facts.paragraph_format.space_after = Pt(10)
        # Every paragraph of the card gets the same left rule, which Word joins into one bar:
        # the card reads as one block, as on the wall, yet stays ordinary editable text.
        for element in list(self.doc.element.body)[start:]:
            if element.tag == qn("w:p"):
                _left_rule(element, line)

    def place_pictures(self, pictures: dict[str, PrintPicture]) -> None:
        for number, (paragraph, picture) in enumerate(self.picture_places, start=1):
            prepared = pictures.get(picture.storage_name)
            if prepared is None:
                paragraph._p.getparent().remove(paragraph._p)
                continue
            # As large as fits, but a small picture is not blown up past about 150 dpi.
            width = min(PICTURE_MAX_WIDTH, Emu(prepared.width * EMU_PER_INCH // 150))
            if prepared.height:
                width = min(width, Emu(PICTURE_MAX_HEIGHT * prepared.width // prepared.height))
            shape = paragraph.add_run().add_picture(io.BytesIO(prepared.data), width=Emu(width))
            # The alternative text: Word's "Alt Text", read out by screen readers.
            doc_pr = shape._inline.docPr
            doc_pr.set("descr", picture.alt)
            doc_pr.set("name", _("Picture %(number)d") % {"number": number})

    # Report-back and participation -------------------------------------------------------

    def _report_backs(self):
        heading = self.doc.add_heading(_("Report-back"), level=1)
        heading.paragraph_format.page_break_before = True
        for report_back in self.content.report_backs:
            self.doc.add_heading(report_back.title, level=2)
            if not report_back.turns:
                self.doc.add_paragraph(_("No group reported back.")).runs[0].italic = True
                continue
            _table(
                self.doc,
                [_("Order"), _("Group"), _("Time given"), pgettext("report", "Started")],
                [
                    [
                        str(turn.position),
                        turn.group_name,
                        seconds_length(turn.seconds),
                        clock(turn.started_at),
                    ]
                    for turn in report_back.turns
                ],
                widths=[Cm(2.5), Cm(6), Cm(3), Cm(3)],
                numeric=(0, 2, 3),
            )

    def _synthesis(self, synthesis):
        heading = self.doc.add_heading(_("What the groups said"), level=1)
        heading.paragraph_format.page_break_before = True
        self.doc.add_paragraph(
            _(
                "The %(cards)s cards read against «%(taxonomy)s», and the themes that recur "
                "across them. A card may speak to several value areas, or to none."
            )
            % {"cards": synthesis.cards, "taxonomy": synthesis.taxonomy}
        )
        self.doc.add_heading(_("Value areas"), level=2)
        _table(
            self.doc,
            [_("Value area"), _("Cards")],
            [[row.label, str(row.heads)] for row in synthesis.areas]
            + [[_("None of them"), str(synthesis.untagged)]],
            widths=[Cm(11), Cm(3)],
            numeric=(1,),
        )
        if synthesis.questions:
            self.doc.add_heading(_("Value areas per question"), level=2)
            columns = len(synthesis.areas)
            _table(
                self.doc,
                [pgettext("report column", "Question"), *(row.label for row in synthesis.areas)],
                [
                    [question, *(str(count) for count in counts)]
                    for question, counts in zip(
                        synthesis.questions, synthesis.per_question, strict=True
                    )
                ],
                widths=[Cm(6.4)] + [Cm(9.6 / max(columns, 1))] * columns,
                numeric=tuple(range(1, columns + 1)),
            )
        self.doc.add_heading(_("Recurring themes"), level=2)
        if not synthesis.themes:
            self.doc.add_paragraph(_("No theme recurs in enough cards yet."))
        for theme in synthesis.themes:
            self.doc.add_heading(theme.label, level=3)
            cards = ngettext("%(cards)d card", "%(cards)d cards", len(theme.groups)) % {
                "cards": len(theme.groups)
            }
            _small(self.doc.add_paragraph(f"{cards} · {', '.join(theme.terms)}"), MUTED)
            for where, sentence in theme.quotes:
                quote = self.doc.add_paragraph(style="Quote")
                quote.add_run(f"«{sentence}»")
                _small(self.doc.add_paragraph(f"— {where}"), MUTED)

    def _participation(self):
        content = self.content
        participation = content.participation
        heading = self.doc.add_heading(_("Participation"), level=1)
        heading.paragraph_format.page_break_before = not content.report_backs
        for figure in key_figures(content):
            paragraph = self.doc.add_paragraph(style="List Bullet")
            number = paragraph.add_run(f"{figure['number']} ")
            number.bold = True
            paragraph.add_run(figure["label"])
        for title, first, rows in (
            (_("By county"), _("County"), participation.by_county),
            (_("By organisation"), _("Organisation"), participation.by_organisation),
        ):
            if not rows:
                continue
            self.doc.add_heading(title, level=2)
            _table(
                self.doc,
                [first, _("Joined one by one"), _("Local sites"), _("People in all")],
                [
                    [row.label, str(row.participants), str(row.local_sites), str(row.heads)]
                    for row in rows
                ],
                widths=[Cm(7.6), Cm(2.9), Cm(2.9), Cm(2.9)],
                numeric=(1, 2, 3),
            )
        self.doc.add_heading(_("Municipalities and counties"), level=2)
        self.doc.add_paragraph(municipalities_line(content))
        if participation.counties:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(_("Counties present") + ": ").bold = True
            paragraph.add_run(", ".join(participation.counties))
        attendance = participation.video_call
        if attendance is not None:
            self.doc.add_heading(
                _("From the %(source)s participant report") % {"source": attendance.source},
                level=2,
            )
            _table(
                self.doc,
                ["", ""],
                [[label, str(value)] for label, value in video_call_rows(attendance)],
                widths=[Cm(10), Cm(3)],
                numeric=(1,),
                header=False,
            )
            if attendance.municipalities:
                paragraph = self.doc.add_paragraph()
                paragraph.add_run(_("Municipalities in the call") + ": ").bold = True
                paragraph.add_run(", ".join(attendance.municipalities))
        if content.include_names and participation.names:
            self.doc.add_heading(_("Participants"), level=2)
            for name in participation.names:
                self.doc.add_paragraph(name, style="List Bullet")


# The card's HTML ---------------------------------------------------------------------------


class _HtmlToDocx(HTMLParser):
    """The wall's sanitised card HTML (p, br, ul, ol, li, strong, em, a) as Word paragraphs."""

    def __init__(self, doc):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.link: str | None = None
        self.lists: list[tuple[str, _NumberedList | None, int]] = []

    def feed_html(self, html: str) -> None:
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "p":
            if not (self.lists and self.paragraph is not None and self._fresh_item):
                self.paragraph = None
        elif tag in ("ul", "ol"):
            numbering = _NumberedList(self.doc) if tag == "ol" else None
            start = attributes.get("start") or "1"
            self.lists.append((tag, numbering, int(start) if start.isdigit() else 1))
            self.paragraph = None
        elif tag == "li":
            self._new_list_item()
        elif tag == "br":
            if self.paragraph is not None:
                self.paragraph.add_run().add_break(WD_BREAK.LINE)
                self._line_start = True
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.link = attributes.get("href")

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph = None
        elif tag == "strong":
            self.bold = max(self.bold - 1, 0)
        elif tag == "em":
            self.italic = max(self.italic - 1, 0)
        elif tag == "a":
            self.link = None

    def handle_data(self, data):
        # As in a browser, a newline in the HTML is a space, and none starts a line.
        data = data.replace("\n", " ")
        if self.paragraph is None:
            if not data.strip():
                return
            self.paragraph = self.doc.add_paragraph()
            self._line_start = True
        if self._line_start:
            data = data.lstrip()
            if not data:
                return
        self._line_start = False
        self._fresh_item = False
        if self.link:
            _hyperlink(
                self.paragraph, self.link, data, bold=bool(self.bold), italic=bool(self.italic)
            )
            return
        run = self.paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None

    _fresh_item = False
    _line_start = True

    def _new_list_item(self):
        kind, numbering, start = self.lists[-1] if self.lists else ("ul", None, 1)
        depth = min(len(self.lists), 3)
        base = "List Number" if kind == "ol" else "List Bullet"
        style = base if depth <= 1 else f"{base} {depth}"
        self.paragraph = self.doc.add_paragraph(style=style)
        self._line_start = True
        if numbering is not None:
            numbering.apply(self.paragraph, start=start, style=style)
        # A loose list wraps each item's text in <p>: that <p> belongs to this item.
        self._fresh_item = True


class _NumberedList:
    """A numbered list that counts from its own start, not on from the list before it.

    Word numbers every "List Number" paragraph in one sequence; each list gets its own
    numbering instance (w:num) over the style's definition, restarting at `start`.
    """

    def __init__(self, doc: _Document):
        self.doc = doc
        self.num_id: int | None = None

    def apply(self, paragraph, *, start: int, style: str = "List Number") -> None:
        if self.num_id is None:
            self.num_id = self.doc.restarted_numbering(style, start)
        if self.num_id is None:
            return
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = self.num_id


class _Document:
    """python-docx's Document, with paragraph styles looked up once instead of per paragraph.

    python-docx finds a style by name by searching every style of the document each time it
    is set; a report of 200 cards sets one on thousands of paragraphs.
    """

    def __init__(self, document):
        self._document = document
        self._style_ids: dict[str, str] = {}
        self._abstract_numbering: dict[str, int | None] = {}

    def __getattr__(self, name):
        return getattr(self._document, name)

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self._document.styles[name].style_id
        return self._style_ids[name]

    def add_paragraph(self, text: str = "", style: str | None = None):
        paragraph = self._document.add_paragraph(text)
        if style is not None:
            paragraph._p.style = self.style_id(style)
        return paragraph

    def add_heading(self, text: str, level: int):
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def restarted_numbering(self, style_name: str, start: int) -> int | None:
        """A new numbering instance of the list style's own definition, counting from `start`."""
        if style_name not in self._abstract_numbering:
            self._abstract_numbering[style_name] = self._abstract_numbering_of(style_name)
        abstract = self._abstract_numbering[style_name]
        if abstract is None:
            return None
        num = self._document.part.numbering_part.element.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    def _abstract_numbering_of(self, style_name: str) -> int | None:
        style = self._document.styles[style_name]
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
                numbering = self._document.part.numbering_part.element
                return numbering.num_having_numId(ppr.numPr.numId.val).abstractNumId.val
            style = style.base_style
        return None


# Small helpers -----------------------------------------------------------------------------


def _table(doc, headers, rows, *, widths, numeric=(), header=True):
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    if header:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, headers, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(8.5)
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _cell_fill(cell, HEADER_FILL)
        # Marked as the header row: Word repeats it on each page, screen readers announce it.
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        row_properties.append(_element("w:cantSplit"))
        row_properties.append(_element("w:tblHeader"))
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if text:
                run = paragraph.add_run(text)
                run.font.size = Pt(9)
            if index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, row in enumerate(table.rows):
        if index or not header:
            row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return table


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _cell_fill(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_element("w:shd", val="clear", color="auto", fill=fill))


# The children of a paragraph's properties that must come after w:pBdr and w:shd, in the
# order the schema gives them; Word refuses a document whose properties are out of order.
_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _insert_in_order(ppr, element, successors) -> None:
    names = {qn(name) for name in successors}
    for child in ppr:
        if child.tag in names:
            child.addprevious(element)
            return
    ppr.append(element)


def _shade(paragraph, fill: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    _insert_in_order(
        ppr, _element("w:shd", val="clear", color="auto", fill=fill), _AFTER_BORDER[1:]
    )


def _left_rule(p_element, colour: str) -> None:
    ppr = p_element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = _element("w:pBdr")
        _insert_in_order(ppr, borders, _AFTER_BORDER)
    borders.append(_element("w:left", val="single", sz=18, space=10, color=colour))
    indentation = ppr.get_or_add_ind()
    if indentation.left is None:
        indentation.left = Pt(12)


def _small(paragraph, colour, size: float = 8) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.color.rgb = colour


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the page."""
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind:
            run._r.append(_element("w:fldChar", fldCharType=kind))
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            run.text = text


def _hyperlink(paragraph, url: str, text: str, *, bold: bool = False, italic: bool = False):
    """A real, clickable hyperlink (python-docx has no API for adding one)."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    if italic:
        properties.append(OxmlElement("w:i"))
    properties.append(_element("w:color", val=str(PRIMARY)))
    properties.append(_element("w:u", val="single"))
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _set_language(styles_element, tag: str) -> None:
    """The document's proofing language, so Word checks spelling in bokmål or nynorsk."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        return
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), tag)
