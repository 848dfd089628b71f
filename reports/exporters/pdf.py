"""The report as a tagged A4 PDF (PDF/UA-1), laid out from HTML and CSS by WeasyPrint.

`html()` lays the content into one self-contained HTML document (template and stylesheet in
templates/pdf/), `render()` hands it to WeasyPrint. The document's language is set on <html>,
the headings become the PDF's bookmarks, every picture keeps its alternative text and the
chart is SVG, so a screen reader can follow the report and print stays sharp. Pictures are
served to WeasyPrint from memory by a URL fetcher that fetches nothing else: no network, no
files, whatever a card's text contains.
"""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.content import ReportContent
from reports.exporters import chart
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
    page_label_css,
    participation_line,
    programme_status,
    question_heading,
    seconds_length,
    speakers_line,
    video_call_rows,
    web_link,
)

PICTURE_SCHEME = "samtale-picture"
PDF_VARIANT = "pdf/ua-1"

# Its own template engine, so the report's look does not depend on INSTALLED_APPS or on
# another app's templates, and `{% include %}` finds the stylesheet beside the template.
_engine = Engine(
    dirs=[str(Path(__file__).resolve().parent / "templates")],
    libraries={"i18n": "django.templatetags.i18n"},
    autoescape=True,
)


def write(
    content: ReportContent,
    *,
    progress: Progress = no_progress,
    pictures: PrintPictures | None = None,
) -> bytes:
    """The report as PDF bytes. `pictures` may be shared with the other formats of a build."""
    views = card_views(content, progress)
    prepared = (pictures or PrintPictures(content)).get(progress)
    document = html(content, pictures=prepared, views=views)
    progress("pdf", 0, 1)
    data = render(document, pictures=prepared)
    progress("pdf", 1, 1)
    return data


def _weasyprint():
    """WeasyPrint, imported without its side effect: at import it tells Pillow to accept
    truncated pictures for the whole process, and the wall must go on refusing them
    (wall/images.py). The report's own pictures are re-encoded, never truncated."""
    from PIL import ImageFile

    accept_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = accept_truncated
    return weasyprint


def render(document: str, *, pictures: dict[str, PrintPicture]) -> bytes:
    """WeasyPrint alone: the HTML from `html()` laid out and written as tagged PDF."""
    weasyprint = _weasyprint()

    return weasyprint.HTML(string=document, url_fetcher=_PictureFetcher(pictures)).write_pdf(
        pdf_variant=PDF_VARIANT,
        # The report's own language, not the server's, decides how the title is read.
        custom_metadata=False,
    )


def picture_src(storage_name: str) -> str:
    return f"{PICTURE_SCHEME}:{storage_name}"


class _PictureFetcher:
    """Built lazily so that importing this module does not load WeasyPrint (and Pango)."""

    def __new__(cls, pictures: dict[str, PrintPicture]):
        _weasyprint()
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class PictureFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                scheme, _, name = url.partition(":")
                if scheme != PICTURE_SCHEME or name not in pictures:
                    raise ValueError("the report fetches only its own pictures")
                picture = pictures[name]
                return URLFetcherResponse(
                    url, picture.data, headers={"Content-Type": picture.content_type}
                )

        return PictureFetcher(allowed_protocols=(PICTURE_SCHEME,))


def card_views(content: ReportContent, progress: Progress = no_progress) -> dict:
    """What the template shows of each card, reported card by card."""
    counter = CardProgress(content, progress)
    views = {}
    for card in content.cards:
        views[card] = _card(card)
        counter.written(card)
    return views


def html(
    content: ReportContent,
    *,
    pictures: dict[str, PrintPicture],
    views: dict | None = None,
) -> str:
    """The whole report as one HTML document, ready for WeasyPrint.

    `pictures` are the prepared pictures (common.print_pictures); one that could not be
    prepared is left out. `views` are the cards as card_views() gives them.
    """
    if views is None:
        views = card_views(content)
    card_views_ = {card: _with_pictures(view, pictures) for card, view in views.items()}
    sessions = []
    toc = []
    if content.programme:
        toc.append({"id": "programme", "label": _("Programme"), "level": 1})
    for session_number, session in enumerate(content.sessions, start=1):
        session_id = f"session-{session_number}"
        toc.append({"id": session_id, "label": session.title, "level": 1})
        sections = []
        for section_number, section in enumerate(session.sections, start=1):
            section_id = f"{session_id}-{section_number}"
            label = (
                question_heading(section.question.number)
                if section.question
                else _("Cards that answer no particular question")
            )
            toc.append({"id": section_id, "label": label, "level": 2})
            sections.append(
                {
                    "id": section_id,
                    "question": section.question,
                    "number_label": label,
                    "cards": [card_views_[card] for card in section.cards],
                }
            )
        sessions.append(
            {
                "id": session_id,
                "title": session.title,
                "lead": _session_lead(session),
                "questions": session.questions,
                "sections": sections,
            }
        )
    if content.report_backs:
        toc.append({"id": "report-back", "label": _("Report-back"), "level": 1})
    synthesis = content.synthesis
    if synthesis:
        toc.append({"id": "synthesis", "label": _("What the groups said"), "level": 1})
    toc.append({"id": "participation", "label": _("Participation"), "level": 1})
    participation = content.participation
    context = {
        "lang": _html_lang(content.language),
        "content": content,
        "date": long_date(content.date),
        "facilitators": ", ".join(content.facilitators),
        "recording_link": web_link(content.recording_url),
        "participation_line": participation_line(content),
        # Worded by the catalogue and quoted by css_string: no user text reaches the CSS.
        "page_label": mark_safe(page_label_css()),
        "toc": toc,
        "programme": [_programme_row(row) for row in content.programme],
        "sessions": sessions,
        "report_backs": [
            {
                "title": report_back.title,
                "turns": [
                    {
                        "position": turn.position,
                        "group_name": turn.group_name,
                        "time": seconds_length(turn.seconds),
                        "started": clock(turn.started_at),
                    }
                    for turn in report_back.turns
                ],
            }
            for report_back in content.report_backs
        ],
        "participation": participation,
        "key_figures": key_figures(content),
        "chart": chart.bar_chart(
            participation.by_county,
            title=_("Bar chart of the people present by county; the figures are in the table."),
            individual_label=_("Joined one by one"),
            local_site_label=_("In local sites"),
        )
        if participation.by_county
        else "",
        "synthesis": synthesis,
        "synthesis_chart": chart.bar_chart(
            synthesis.areas,
            title=_("Bar chart of the cards per value area; the figures are in the table."),
            individual_label=_("Cards"),
            local_site_label="",
        )
        if synthesis
        else "",
        "synthesis_questions": list(zip(synthesis.questions, synthesis.per_question, strict=True))
        if synthesis
        else [],
        "municipalities_line": municipalities_line(content),
        "counties": ", ".join(participation.counties),
        "video_call": _video_call(content),
        "names": participation.names if content.include_names else None,
        "colophon": colophon(content),
    }
    return _engine.get_template("pdf/report.html").render(Context(context))


def _html_lang(language: str) -> str:
    # BCP 47 tags that screen readers know: Norwegian Bokmål, Norwegian Nynorsk, English.
    return {"nb": "nb-NO", "nn": "nn-NO", "en": "en"}.get(language, language or "nb")


def _card(card) -> dict:
    return {
        "group_name": card.group_name,
        "heading": card.heading or card.group_name,
        "html": card.html,
        "hidden": card.hidden,
        "pinned": card.pinned,
        "comment": card.comment,
        "facts": " · ".join([answers_line(card), *card_facts(card)]),
        "pictures": card.pictures,
    }


def _with_pictures(view: dict, pictures: dict[str, PrintPicture]) -> dict:
    return {
        **view,
        "pictures": [
            {
                "src": picture_src(picture.storage_name),
                "alt": picture.alt,
                "width": pictures[picture.storage_name].width,
                "height": pictures[picture.storage_name].height,
            }
            for picture in view["pictures"]
            if picture.storage_name in pictures
        ],
    }


def _session_lead(session) -> str:
    parts = []
    if session.started_at is not None:
        parts.append(_("Started %(time)s") % {"time": clock(session.started_at)})
    parts.append(
        ngettext("%(count)d group", "%(count)d groups", session.group_count)
        % {"count": session.group_count}
    )
    parts.append(
        ngettext("%(count)d card", "%(count)d cards", len(session.cards))
        % {"count": len(session.cards)}
    )
    return " · ".join(parts)


def _programme_row(row) -> dict:
    return {
        "title": row.title,
        "kind_label": row.kind_label,
        "status": programme_status(row),
        "skipped": row.skipped,
        "speakers": speakers_line(row),
        "planned_start": clock(row.planned_start),
        "planned_length": length(row.planned_minutes),
        "started": clock(row.started_at),
        "finished": clock(row.finished_at),
        "actual_length": length(row.actual_minutes),
    }


def _video_call(content: ReportContent) -> dict | None:
    attendance = content.participation.video_call
    if attendance is None:
        return None
    return {
        "title": _("From the %(source)s participant report") % {"source": attendance.source},
        "rows": video_call_rows(attendance),
        "municipalities": ", ".join(attendance.municipalities),
    }


def colophon(content: ReportContent) -> str:
    return _("Made with samtale on %(date)s.") % {
        "date": long_date(local(content.generated_at).date())
    }
