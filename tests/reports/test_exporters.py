"""The report's files, opened the way their readers open them: pypdf, python-docx, openpyxl.

Each test builds a ReportContent by hand (report_content below), with real PNG and JPEG
pictures in default storage, writes it with reports.exporters.write, and reads the result.
"""

import csv
import dataclasses
import io
import re
import zipfile
from datetime import date, datetime, time
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from reports import exporters
from reports.content import (
    CountRow,
    Participation,
    Picture,
    ProgrammeRow,
    Question,
    QuestionSection,
    ReportBack,
    ReportBackTurn,
    ReportCard,
    ReportContent,
    SessionSection,
    Speaker,
    VideoCallAttendance,
)
from reports.exporters import pdf as pdf_exporter
from reports.exporters.spreadsheet import NotACardExport, card_rows, read_cards
from wall.text import render_body

PARTICIPANTS = ("Porsgrunn kommune, Sigrid Ødegård", "Skien kommune, Åsmund Bråten")
FORMULA_HEADING = '=HYPERLINK("https://example.com","klikk")'

# The content ---------------------------------------------------------------------------


def stored_picture(name: str, fmt: str, colour, alt: str, size=(120, 80)) -> Picture:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    extension = "png" if fmt == "PNG" else "jpg"
    stored = default_storage.save(f"cards/{name}.{extension}", ContentFile(out.getvalue()))
    return Picture(
        storage_name=stored,
        file_name=f"{name}.{extension}",
        alt=alt,
        width=size[0],
        height=size[1],
        content_type="image/png" if fmt == "PNG" else "image/jpeg",
    )


def make_card(group, heading, text, questions, *, pictures=(), names=False, **fields):
    return ReportCard(
        group_number=group,
        group_name=f"Gruppe {group}",
        heading=heading,
        text=text,
        html=render_body(text),
        question_numbers=tuple(questions),
        pictures=tuple(pictures),
        comment=fields.pop("comment", ""),
        pinned=fields.pop("pinned", False),
        hidden=fields.pop("hidden", False),
        updated_at=fields.pop("updated_at", datetime(2024, 11, 20, 10, 41)),
        version_count=fields.pop("version_count", 3),
        written_by=(PARTICIPANTS[group % 2],) if names else (f"referent for gruppe {group}",),
    )


def report_content(*, language="nb", include_names=False, include_hidden=True) -> ReportContent:
    """A small finished meeting: a talk, one group session of four cards, a skipped item."""
    png = stored_picture(
        "gruppe-1-1", "PNG", (11, 90, 107), "Tavle med gule lapper om samarbeid med skolen"
    )
    jpeg = stored_picture(
        "gruppe-2-1", "JPEG", (242, 193, 78), "Skisse av årshjulet til kulturskulen"
    )
    questions = (
        Question(1, "Hva av dette er relevant hos oss?"),
        Question(2, "Kva må vi få på plass først?"),
    )
    card_one = make_card(
        1,
        "Kulturskolen i helhetlig oppvekst",
        "Vi trenger **mer tid** til *samarbeid* på tvers.\n\n"
        "- Felles planleggingsdager\n- Rom i skolen\n\n"
        "Les mer på https://www.kulturskoleradet.no/",
        (1,),
        pictures=(png,),
        names=include_names,
        pinned=True,
    )
    card_two = make_card(
        2,
        "Økonomi og søskenmoderasjon",
        "1. Friplasser for de som trenger det\n2. Instrumentbank på biblioteket",
        (1, 2),
        pictures=(jpeg,),
        names=include_names,
        comment="Godt poeng – tas med i neste fase.",
    )
    card_three = make_card(
        3,
        FORMULA_HEADING,
        "-1 er ikke et svar, men en formel i et regneark.",
        (),
        names=include_names,
        hidden=True,
    )
    card_four = make_card(
        4,
        "Brukarmedverknad heile året",
        "# Ikkje ein overskrift\nBarn og unge må høyrast – æ, ø og å.\n\n"
        "1. Spør elevane\n2. Lytt til svara",
        (2,),
        names=include_names,
    )
    cards = [card_one, card_two, card_four] + ([card_three] if include_hidden else [])
    session = SessionSection(
        title="Gruppesamtaler – Til det som har blitt presentert",
        started_at=datetime(2024, 11, 20, 10, 22),
        questions=questions,
        sections=(
            QuestionSection(questions[0], (card_one, card_two)),
            QuestionSection(questions[1], (card_two, card_four)),
            *([QuestionSection(None, (card_three,))] if include_hidden else []),
        ),
        cards=tuple(cards),
        group_count=4,
    )
    programme = (
        ProgrammeRow(
            position=1,
            title="Helhet og sammenheng",
            kind="talk",
            kind_label="Innlegg",
            planned_start=time(10, 0),
            planned_minutes=15,
            started_at=datetime(2024, 11, 20, 10, 3),
            finished_at=datetime(2024, 11, 20, 10, 21),
            actual_minutes=18,
            skipped=False,
            speakers=(Speaker("Trond Kalhagen", "rådgiver", "KS"),),
        ),
        ProgrammeRow(
            position=2,
            title="Gruppesamtaler – Til det som har blitt presentert",
            kind="group_session",
            kind_label="Gruppesamtale",
            planned_start=time(10, 15),
            planned_minutes=30,
            started_at=datetime(2024, 11, 20, 10, 22),
            finished_at=datetime(2024, 11, 20, 10, 56),
            actual_minutes=34,
            skipped=False,
        ),
        ProgrammeRow(
            position=3,
            title="Sammenheng med andre satsinger",
            kind="info",
            kind_label="Informasjon",
            planned_start=time(10, 45),
            planned_minutes=5,
            started_at=None,
            finished_at=None,
            actual_minutes=None,
            skipped=True,
        ),
    )
    participation = Participation(
        participants=5,
        local_sites=1,
        heads=11,
        by_county=(CountRow("Telemark", 3, 1, 9), CountRow("Vestfold", 2, 0, 2)),
        by_organisation=(
            CountRow("Porsgrunn kommune", 2, 1, 8),
            CountRow("Skien kommune", 1, 0, 1),
            CountRow("Tønsberg kommune", 2, 0, 2),
        ),
        municipalities_present=3,
        municipalities_in_register=357,
        counties=("Telemark", "Vestfold"),
        names=PARTICIPANTS if include_names else None,
        video_call=VideoCallAttendance(
            "Zoom", 14, 11, 3, ("Porsgrunn", "Skien"), ("Telemark",), 840
        ),
    )
    summary = "Gruppene var **enige** om at samarbeidet med skolen må komme først."
    return ReportContent(
        meeting_code="KULTUR",
        title="Fremtidens kulturskole – Ålesund og Ørsta",
        date=date(2024, 11, 20),
        language=language,
        organised_by="KS og Norsk kulturskoleråd",
        facilitators=("Mona Møteleder",),
        summary_markdown=summary,
        summary_html=render_body(summary),
        recording_url="https://video.example.no/opptak/kultur",
        video_url="https://example.zoom.us/j/1",
        programme=programme,
        sessions=(session,),
        report_backs=(
            ReportBack(
                "Hva snakket dere om",
                (
                    ReportBackTurn(1, "Gruppe 2", 120, datetime(2024, 11, 20, 10, 58)),
                    ReportBackTurn(2, "Gruppe 4", 90, datetime(2024, 11, 20, 11, 0)),
                ),
            ),
        ),
        participation=participation,
        include_names=include_names,
        include_hidden=include_hidden,
        generated_at=datetime(2024, 11, 20, 15, 0),
    )


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def label(language: str, message: str, context: str | None = None) -> str:
    """A label as the report's language words it (new labels wait for their catalogue)."""
    with translation.override(language):
        return translation.pgettext(context, message) if context else translation.gettext(message)


def plain(text: str) -> str:
    return " ".join(text.split())


def card_blocks(card: ReportCard) -> list[str]:
    """The card's text as a reader sees it, one paragraph or list item at a time."""
    blocks = re.split(r"</?(?:p|li|ul|ol)[^>]*>", card.html.replace("<br>", " "))
    return [plain(unescape(re.sub(r"<[^>]+>", "", block))) for block in blocks if block.strip()]


# The interface -------------------------------------------------------------------------


def test_write_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="odt"):
        exporters.write(report_content(), "odt")


def test_write_keeps_the_callers_language():
    with translation.override("en"):
        exporters.write(report_content(language="nn"), "md")
        assert translation.get_language() == "en"


def test_every_format_has_a_content_type_and_a_file_name():
    content = report_content()
    assert set(exporters.CONTENT_TYPES) == set(exporters.FILE_EXTENSIONS) == set(exporters.FORMATS)
    assert exporters.file_name(content, "pdf") == (
        "fremtidens-kulturskole-alesund-og-orsta-2024-11-20.pdf"
    )


# PDF -----------------------------------------------------------------------------------


@pytest.fixture
def pdf_report():
    content = report_content()
    steps = []
    data = exporters.write(content, "pdf", progress=lambda *step: steps.append(step))
    return content, PdfReader(io.BytesIO(data)), steps


def pdf_text(reader: PdfReader) -> str:
    return plain(" ".join(page.extract_text() for page in reader.pages))


def test_pdf_holds_the_headings_every_card_and_the_actual_times(pdf_report):
    content, reader, _ = pdf_report
    text = pdf_text(reader)

    assert "Fremtidens kulturskole – Ålesund og Ørsta" in text
    for heading in ("Program", "Tilbakemelding", content.sessions[0].title):
        assert heading in text
    for question in content.sessions[0].questions:
        assert question.text in text
    for card in content.cards:
        assert card.heading in text
        for block in card_blocks(card):
            assert block in text
    # Helhet og sammenheng: planned 10:00 for 15 min, ran 10:03–10:21, 18 min.
    assert "10:00 15 min 10:03 10:21 18 min" in text
    assert "10:22 10:56 34 min" in text
    assert "Hoppet over" in text
    assert "Trond Kalhagen, rådgiver (KS)" in text
    assert "Godt poeng – tas med i neste fase." in text
    assert "https://video.example.no/opptak/kultur" in text


def test_pdf_marks_the_hidden_card(pdf_report):
    _, reader, _ = pdf_report
    page = next(page for page in reader.pages if "HYPERLINK" in page.extract_text())

    assert "Skjult" in page.extract_text()


def test_pdf_is_tagged_for_screen_readers_with_language_and_bookmarks(pdf_report):
    content, reader, _ = pdf_report
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nb-NO"
    assert "pdfuaid" in catalog["/Metadata"].get_object().get_data().decode()
    outline = [item["/Title"] for item in _flat(reader.outline)]
    assert content.sessions[0].title in outline
    assert (
        f"{label('nb', 'Question %(number)d') % {'number': 1}} Hva av dette er relevant hos oss?"
        in outline
    )
    assert content.cards[0].heading in outline


def _flat(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


def test_pdf_embeds_the_pictures_with_their_alternative_text(pdf_report):
    content, reader, _ = pdf_report
    images = {
        name
        for page in reader.pages
        for name, xobject in page["/Resources"].get("/XObject", {}).items()
        if xobject.get_object()["/Subtype"] == "/Image"
    }
    figures = _figure_alts(reader.trailer["/Root"]["/StructTreeRoot"])

    assert len(images) == len(content.pictures)
    for picture in content.pictures:
        assert picture.alt in figures
    # The chart is a figure too, with its own description, drawn as vectors: no image.
    chart = label("nb", "Bar chart of the people present by county; the figures are in the table.")
    assert chart in figures
    shown = [
        p for section in content.sessions[0].sections for c in section.cards for p in c.pictures
    ]
    assert len(figures) == len(shown) + 1


def _figure_alts(node) -> list[str]:
    node = node.get_object()
    found = []
    if isinstance(node, dict):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        if "/K" in node:
            found.extend(_figure_alts(node["/K"]))
    elif isinstance(node, list):
        for child in node:
            found.extend(_figure_alts(child))
    return found


def test_pdf_reports_cards_then_pictures_then_pdf(pdf_report):
    content, _, steps = pdf_report
    names = [step for step, _, _ in steps]

    assert names.index("cards") < names.index("pictures") < names.index("pdf")
    assert ("cards", len(content.cards), len(content.cards)) in steps
    assert ("pictures", 2, 2) in steps
    assert steps[-1] == ("pdf", 1, 1)


def test_pdf_labels_and_language_follow_the_report_in_nynorsk():
    reader = PdfReader(io.BytesIO(exporters.write(report_content(language="nn"), "pdf")))

    assert reader.trailer["/Root"]["/Lang"] == "nn-NO"
    assert "Lokale møtestader" in pdf_text(reader)


def test_pdf_fetches_nothing_but_the_reports_own_pictures(tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), (255, 0, 0)).save(secret)
    document = (
        '<html lang="nb"><body><h1>Test</h1>'
        f'<img src="file://{secret}" alt="fil"><img src="https://example.com/x.png" alt="nett">'
        "</body></html>"
    )

    reader = PdfReader(io.BytesIO(pdf_exporter.render(document, pictures={})))

    assert not reader.pages[0]["/Resources"].get("/XObject")


# Names ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "csv", "xlsx"])
def test_participant_names_appear_only_when_included(fmt):
    without = _all_text(exporters.write(report_content(include_names=False), fmt), fmt)
    with_names = _all_text(exporters.write(report_content(include_names=True), fmt), fmt)

    for name in PARTICIPANTS:
        assert name.split(", ")[1] not in without
        assert name.split(", ")[1] in with_names
    assert "referent for gruppe 1" in without


def _all_text(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return pdf_text(PdfReader(io.BytesIO(data)))
    if fmt == "docx":
        document = Document(io.BytesIO(data))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return plain(" ".join([p.text for p in document.paragraphs] + cells))
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(data))
        return " ".join(
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return data.decode("utf-8-sig")


# DOCX ----------------------------------------------------------------------------------


@pytest.fixture
def docx_report():
    content = report_content()
    return content, Document(io.BytesIO(exporters.write(content, "docx")))


def by_style(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_docx_uses_words_heading_styles(docx_report):
    content, document = docx_report

    assert by_style(document, "Title") == [content.title]
    assert by_style(document, "Heading 1") == [
        "Oppsummering",
        "Program",
        content.sessions[0].title,
        "Tilbakemelding",
        label("nb", "Participation"),
    ]
    question = label("nb", "Question %(number)d") % {"number": 1}
    assert f"{question}: Hva av dette er relevant hos oss?" in by_style(document, "Heading 2")
    # A card answering two questions stands under both.
    assert by_style(document, "Heading 3").count("Økonomi og søskenmoderasjon") == 2
    assert set(by_style(document, "Heading 3")) == {card.heading for card in content.cards}


def test_docx_holds_every_cards_text_with_lists_bold_and_links(docx_report):
    content, document = docx_report
    paragraphs = [plain(p.text) for p in document.paragraphs]

    for card in content.cards:
        for block in card_blocks(card):
            assert block in paragraphs
    assert "Felles planleggingsdager" in by_style(document, "List Bullet")
    assert "Friplasser for de som trenger det" in by_style(document, "List Number")
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    italic = [run.text for p in document.paragraphs for run in p.runs if run.italic]
    assert "mer tid" in bold
    assert "samarbeid" in italic
    links = [
        document.part.rels[link.get(qn("r:id"))].target_ref
        for link in document.element.body.iter(qn("w:hyperlink"))
    ]
    assert "https://www.kulturskoleradet.no/" in links
    # What the wall shows as text stays text: no heading made from a card's "#".
    assert "# Ikkje ein overskrift" in " ".join(paragraphs)


def test_docx_numbered_lists_each_start_at_one(docx_report):
    _, document = docx_report
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    first_items = [
        p for p in numbered if p.text in ("Friplasser for de som trenger det", "Spør elevane")
    ]
    ids = {p._p.pPr.numPr.numId.val for p in first_items}

    # Card two appears under both its questions: three lists besides the questions' own.
    assert len(ids) == len(first_items) == 3


def test_docx_embeds_the_pictures_with_alt_text(docx_report):
    content, document = docx_report
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]

    # Card two stands under two questions, so its picture is there twice.
    assert sorted(descriptions) == sorted(
        [content.pictures[0].alt, content.pictures[1].alt, content.pictures[1].alt]
    )
    for shape in document.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        assert document.part.related_parts[blip.embed].blob[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


def test_docx_tables_are_editable_with_marked_header_rows(docx_report):
    _, document = docx_report
    programme = document.tables[0]

    assert [cell.text for cell in programme.rows[0].cells] == [
        label("nb", "Item", "report column"),
        label("nb", "Planned start"),
        label("nb", "Planned length"),
        label("nb", "Started", "report"),
        label("nb", "Ended", "report"),
        label("nb", "Length", "report"),
    ]
    assert programme.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in programme.rows[1].cells][1:] == [
        "10:00",
        "15 min",
        "10:03",
        "10:21",
        "18 min",
    ]
    assert "Hoppet over" in programme.rows[3].cells[0].text


def test_docx_has_page_numbers_and_the_reports_language(docx_report):
    _, document = docx_report
    footer = document.sections[0].footer._element
    instructions = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    language = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))

    assert instructions == ["PAGE", "NUMPAGES"]
    assert language.get(qn("w:val")) == "nb-NO"


# The order of a paragraph's properties in WordprocessingML (ECMA-376, CT_PPrBase): Word
# refuses to open a file whose elements are out of this order.
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
TRPR_ORDER = "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader"
TRPR_ORDER = TRPR_ORDER.split(" ")


def test_docx_properties_are_in_the_order_word_requires(docx_report):
    _, document = docx_report
    body = document.element.body

    for properties in body.iter(qn("w:pPr")):
        names = [child.tag.split("}")[1] for child in properties]
        assert names == sorted(names, key=PPR_ORDER.index), names
    for properties in body.iter(qn("w:trPr")):
        names = [child.tag.split("}")[1] for child in properties]
        assert names == sorted(names, key=TRPR_ORDER.index), names


# XLSX and CSV --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_spreadsheet_read_back_gives_the_same_cards(fmt):
    content = report_content()

    rows = read_cards(exporters.write(content, fmt), fmt)

    assert rows == card_rows(content)
    assert [row.text for row in rows] == [card.text for card in content.cards]
    assert [row.heading for row in rows] == [card.heading for card in content.cards]
    assert rows[0].pictures == ("gruppe-1-1.png",)
    assert rows[0].question_numbers == (1,)
    assert rows[1].questions == (
        "Hva av dette er relevant hos oss?",
        "Kva må vi få på plass først?",
    )
    assert rows[0].updated_at == datetime(2024, 11, 20, 10, 41)
    assert rows[0].version_count == 3
    assert [row.hidden for row in rows] == [False, False, False, True]


def test_spreadsheet_read_back_understands_every_language():
    content = report_content(language="nn")

    assert read_cards(exporters.write(content, "csv"), "csv") == card_rows(content)


def test_csv_starts_with_a_byte_order_mark_and_neutralises_formulas():
    data = exporters.write(report_content(), "csv")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in table for cell in row]

    assert data.startswith(b"\xef\xbb\xbf")
    assert "'" + FORMULA_HEADING in cells
    assert "'-1 er ikke et svar, men en formel i et regneark." in cells
    assert not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)
    assert "Økonomi og søskenmoderasjon" in cells


def test_xlsx_holds_formulas_as_text():
    workbook = load_workbook(io.BytesIO(exporters.write(report_content(), "xlsx")))
    cells = [cell for row in workbook.worksheets[0].iter_rows() for cell in row]

    assert all(cell.data_type != "f" for cell in cells)
    assert "'" + FORMULA_HEADING in [cell.value for cell in cells]
    assert workbook.sheetnames == [
        label("nb", "Cards", "report sheet"),
        "Program",
        label("nb", "Participation", "report sheet"),
    ]


def test_read_cards_refuses_a_file_that_is_not_a_card_export():
    with pytest.raises(NotACardExport):
        read_cards("\ufeffNavn,E-post\r\nKari,kari@example.com\r\n".encode(), "csv")


# Markdown and ZIP ----------------------------------------------------------------------


def test_markdown_holds_the_report_and_links_the_pictures_beside_it():
    content = report_content()
    text = exporters.write(content, "md").decode("utf-8")

    assert text.startswith("# Fremtidens kulturskole – Ålesund og Ørsta\n")
    assert "## Program\n" in text
    question = label("nb", "Question %(number)d") % {"number": 1}
    assert f"### {question}: Hva av dette er relevant hos oss?" in text
    for card in content.cards:
        assert card.text.replace("# Ikkje", "\\# Ikkje") in text
    assert f"![{content.pictures[0].alt}](pictures/gruppe-1-1.png)" in text
    assert (
        "| Helhet og sammenheng – Trond Kalhagen, rådgiver (KS) | 10:00 | 15 min | 10:03 |" in text
    )
    assert "*Gruppe 3 · Skjult*" in text


def test_markdown_keeps_a_line_after_a_list_out_of_its_last_bullet():
    """A Markdown reader would fold it into the bullet, as the wall no longer does."""
    from reports.exporters.markdown import _card

    listed = make_card(9, "Liste", "- mer musikk\n- flere lærere\nDette haster.", [1])

    assert "- flere lærere\n\nDette haster." in _card(listed, names={})


def test_zip_holds_the_markdown_with_its_pictures_and_every_format():
    content = report_content()
    steps = []
    archive = zipfile.ZipFile(
        io.BytesIO(exporters.write(content, "zip", progress=lambda *step: steps.append(step)))
    )
    stem = "fremtidens-kulturskole-alesund-og-orsta-2024-11-20"
    names = set(archive.namelist())

    assert names == {f"{stem}/{stem}.{fmt}" for fmt in ("md", "pdf", "docx", "xlsx", "csv")} | {
        f"{stem}/pictures/gruppe-1-1.png",
        f"{stem}/pictures/gruppe-2-1.jpg",
    }
    for picture in content.pictures:
        assert archive.read(f"{stem}/pictures/{picture.file_name}") == picture.read()
    markdown = archive.read(f"{stem}/{stem}.md").decode()
    assert "](pictures/gruppe-2-1.jpg)" in markdown
    assert archive.read(f"{stem}/{stem}.pdf").startswith(b"%PDF-")
    assert Document(io.BytesIO(archive.read(f"{stem}/{stem}.docx"))).paragraphs
    assert read_cards(archive.read(f"{stem}/{stem}.xlsx"), "xlsx") == card_rows(content)
    # The page hears about the cards once, then each format.
    assert [step for step, done, total in steps if done == total and step != "cards"] == [
        "md",
        "pictures",
        "pdf",
        "docx",
        "xlsx",
        "csv",
        "zip",
    ]
    assert sum(1 for step in steps if step[0] == "cards" and step[1] == step[2]) == 1


def test_a_picture_missing_from_storage_is_left_out_not_fatal():
    content = report_content()
    default_storage.delete(content.pictures[0].storage_name)

    document = Document(io.BytesIO(exporters.write(content, "docx")))
    reader = PdfReader(io.BytesIO(exporters.write(content, "pdf")))

    assert [shape._inline.docPr.get("descr") for shape in document.inline_shapes] == [
        content.pictures[1].alt
    ] * 2
    assert content.cards[0].heading in pdf_text(reader)


def test_labels_are_english_for_an_english_report():
    text = exporters.write(report_content(language="en"), "md").decode()

    assert "## Programme\n" in text
    assert "Local sites" in text
    assert "*Gruppe 3 · Hidden*" in text


def test_content_without_hidden_cards_shows_no_hidden_mark():
    content = report_content(include_hidden=False)
    text = exporters.write(content, "md").decode()

    assert FORMULA_HEADING not in text
    assert "Skjult" not in text
    assert dataclasses.replace(content, include_hidden=True).include_hidden


def empty_content() -> ReportContent:
    """A meeting that never ran: no programme, no cards, nobody counted."""
    return dataclasses.replace(
        report_content(),
        programme=(),
        sessions=(),
        report_backs=(),
        summary_markdown="",
        summary_html="",
        recording_url="",
        participation=Participation(0, 0, 0, (), (), 0, 357, ()),
    )


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_every_format_writes_a_meeting_with_nothing_in_it(fmt):
    data = exporters.write(empty_content(), fmt)

    assert data
    if fmt == "xlsx":
        assert read_cards(data, fmt) == []


def test_a_recording_link_that_is_not_a_web_address_is_not_made_a_link():
    content = dataclasses.replace(report_content(), recording_url="javascript:alert(1)")

    text = exporters.write(content, "md").decode()
    document = Document(io.BytesIO(exporters.write(content, "docx")))

    assert "<javascript:" not in text
    assert "javascript:alert(1)" in text
    targets = [
        document.part.rels[link.get(qn("r:id"))].target_ref
        for link in document.element.body.iter(qn("w:hyperlink"))
    ]
    assert targets  # the card's own link is there …
    assert not [target for target in targets if target.startswith("javascript:")]  # … not this


def test_write_each_gives_every_format_and_the_zip_reuses_them():
    content = report_content()
    steps = []

    files = dict(exporters.write_each(content, progress=lambda *step: steps.append(step)))
    archive = zipfile.ZipFile(io.BytesIO(files["zip"]))
    stem = exporters.file_name(content, "zip").removesuffix(".zip")

    assert list(files) == list(exporters.FORMATS)
    # The ZIP holds the PDF and the DOCX built before it: each is laid out once.
    assert steps.count(("pdf", 1, 1)) == steps.count(("docx", 1, 1)) == 1
    assert archive.read(f"{stem}/{stem}.pdf") == files["pdf"]
    assert archive.read(f"{stem}/{stem}.docx") == files["docx"]
    assert files["md"] == exporters.write(content, "md")
    assert read_cards(files["xlsx"], "xlsx") == card_rows(content)
    # The pictures are prepared for print once, for the PDF; the DOCX takes them as they are.
    prepared = [step for step in steps if step[0] == "pictures" and step[1] == step[2]]
    assert len(prepared) == 2  # once for print, once read into the ZIP as they are
    assert steps.index(("pictures", 2, 2)) < steps.index(("pdf", 1, 1))
