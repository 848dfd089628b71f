"""The report as one Markdown file, its pictures referred to as pictures/<name> beside it.

The groups' texts are already the simple Markdown they wrote and go in as they are, except
that the syntax the wall shows as plain text (a line starting with #, >, a fence, a rule, or
HTML) is escaped, so a card cannot turn into a heading of the report or raw HTML.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from reports.content import ReportCard, ReportContent
from reports.exporters.common import (
    CardProgress,
    Progress,
    answers_line,
    card_facts,
    clock,
    key_figures,
    length,
    long_date,
    municipalities_line,
    no_progress,
    participation_line,
    picture_names,
    programme_status,
    question_heading,
    seconds_length,
    speakers_line,
    video_call_rows,
    web_link,
)
from wall.text import lists_closed

PICTURE_FOLDER = "pictures"

_BLOCK_SYNTAX = re.compile(r"^( {0,3})(#|>|```|~~~|<|(?:[-*_] *){3,}$)", re.MULTILINE)
_TABLE_CELL = re.compile(r"(\|)")
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<])")


def write(content: ReportContent, *, progress: Progress = no_progress, **_unused) -> bytes:
    text = document(content, progress=progress)
    progress("md", 1, 1)
    return text.encode("utf-8")


def document(content: ReportContent, *, progress: Progress = no_progress) -> str:
    """The whole report as Markdown text."""
    names = picture_names(content)
    counter = CardProgress(content, progress)
    out: list[str] = []
    add = out.append

    add(f"# {_inline(content.title)}\n")
    add(f"*{_('Meeting report')} · {long_date(content.date)}*\n")
    facts = []
    if content.organised_by:
        facts.append((_("Organised by"), _inline(content.organised_by)))
    if content.facilitators:
        facts.append((_("Facilitators"), _inline(", ".join(content.facilitators))))
    if content.recording_url:
        link = web_link(content.recording_url)
        recording = f"<{link}>" if link else _inline(content.recording_url)
        facts.append((pgettext("report", "Recording"), recording))
    facts.append((_("Participation"), participation_line(content)))
    for label, value in facts:
        add(f"**{label}:** {value}  ")
    if facts:
        add("")
    if content.summary_markdown:
        add(f"## {_('Summary')}\n")
        add(_escape_blocks(content.summary_markdown) + "\n")

    if content.programme:
        add(f"## {_('Programme')}\n")
        add(
            _table_row(
                [
                    pgettext("report column", "Item"),
                    _("Planned start"),
                    _("Planned length"),
                    pgettext("report", "Started"),
                    pgettext("report", "Ended"),
                    pgettext("report", "Length"),
                ]
            )
        )
        add("|---|---:|---:|---:|---:|---:|")
        for row in content.programme:
            item = row.title
            status = programme_status(row)
            if status:
                item = f"{item} ({status})"
            if row.speakers:
                item = f"{item} – {speakers_line(row)}"
            add(
                _table_row(
                    [
                        item,
                        clock(row.planned_start),
                        length(row.planned_minutes),
                        clock(row.started_at),
                        clock(row.finished_at),
                        length(row.actual_minutes),
                    ]
                )
            )
        add("")

    for session in content.sessions:
        add(f"## {_inline(session.title)}\n")
        lead = [
            ngettext("%(count)d group", "%(count)d groups", session.group_count)
            % {"count": session.group_count}
        ]
        if session.started_at is not None:
            lead.insert(0, _("Started %(time)s") % {"time": clock(session.started_at)})
        add(f"*{' · '.join(lead)}*\n")
        if session.questions:
            add(f"**{pgettext('report column', 'Questions')}**\n")
            for question in session.questions:
                add(f"{question.number}. {_inline(question.text)}")
            add("")
        for section in session.sections:
            if section.question is not None:
                heading = (
                    f"{question_heading(section.question.number)}: {_inline(section.question.text)}"
                )
            else:
                heading = _("Cards that answer no particular question")
            add(f"### {heading}\n")
            for card in section.cards:
                add(_card(card, names))
                counter.written(card)
            if not section.cards:
                add(f"*{_('No card answers this question.')}*\n")

    if content.report_backs:
        add(f"## {_('Report-back')}\n")
        for report_back in content.report_backs:
            add(f"### {_inline(report_back.title)}\n")
            if not report_back.turns:
                add(f"*{_('No group reported back.')}*\n")
                continue
            add(
                _table_row([_("Order"), _("Group"), _("Time given"), pgettext("report", "Started")])
            )
            add("|---:|---|---:|---:|")
            for turn in report_back.turns:
                add(
                    _table_row(
                        [
                            str(turn.position),
                            turn.group_name,
                            seconds_length(turn.seconds),
                            clock(turn.started_at),
                        ]
                    )
                )
            add("")

    if content.synthesis:
        add(_synthesis(content.synthesis))
    add(_participation(content))
    return "\n".join(out).rstrip() + "\n"


def _card(card: ReportCard, names: dict[str, str]) -> str:
    lines = [f"#### {_inline(card.heading or card.group_name)}\n"]
    marks = [card.group_name]
    if card.hidden:
        marks.append(_("Hidden"))
    if card.pinned:
        marks.append(_("Pinned"))
    lines.append(f"*{_inline(' · '.join(marks))}*\n")
    if card.text:
        # As the wall shows it: a line after a list is not part of its last bullet.
        lines.append(_escape_blocks(lists_closed(card.text)) + "\n")
    for picture in card.pictures:
        name = names[picture.storage_name]
        lines.append(f"![{_alt(picture.alt)}]({PICTURE_FOLDER}/{name})\n")
    if card.comment:
        comment = " ".join(card.comment.split())
        label = _("Facilitator's comment")
        lines.append(f"> **{label}:** {_inline(comment)}\n")
    lines.append(f"*{_inline(' · '.join([answers_line(card), *card_facts(card)]))}*\n")
    return "\n".join(lines)


def _synthesis(synthesis) -> str:
    lines = [f"## {_('What the groups said')}\n"]
    lines.append(
        _(
            "The %(cards)s cards read against «%(taxonomy)s», and the themes that recur "
            "across them. A card may speak to several value areas, or to none."
        )
        % {"cards": synthesis.cards, "taxonomy": _inline(synthesis.taxonomy)}
        + "\n"
    )
    lines.append(f"### {_('Value areas')}\n")
    lines.append(_table_row([_("Value area"), _("Cards")]))
    lines.append("|---|---:|")
    for row in synthesis.areas:
        lines.append(_table_row([row.label, str(row.heads)]))
    lines.append(_table_row([_("None of them"), str(synthesis.untagged)]) + "\n")
    if synthesis.questions:
        lines.append(f"### {_('Value areas per question')}\n")
        lines.append(
            _table_row(
                [pgettext("report column", "Question")] + [row.label for row in synthesis.areas]
            )
        )
        lines.append("|---|" + "---:|" * len(synthesis.areas))
        for question, counts in zip(synthesis.questions, synthesis.per_question, strict=True):
            lines.append(_table_row([question, *(str(count) for count in counts)]))
        lines.append("")
    lines.append(f"### {_('Recurring themes')}\n")
    if not synthesis.themes:
        lines.append(_("No theme recurs in enough cards yet.") + "\n")
    for theme in synthesis.themes:
        lines.append(f"#### {_inline(theme.label)}\n")
        cards = ngettext("%(cards)d card", "%(cards)d cards", len(theme.groups)) % {
            "cards": len(theme.groups)
        }
        lines.append(f"*{cards} · {_inline(', '.join(theme.terms))}*\n")
        for where, sentence in theme.quotes:
            lines.append(f"> «{_inline(sentence)}»  \n> — {_inline(where)}\n")
    return "\n".join(lines)


def _participation(content: ReportContent) -> str:
    participation = content.participation
    lines = [f"## {_('Participation')}\n"]
    for figure in key_figures(content):
        lines.append(f"- **{figure['number']}** {figure['label']}")
    lines.append("")
    for title, first, rows in (
        (_("By county"), _("County"), participation.by_county),
        (_("By organisation"), _("Organisation"), participation.by_organisation),
    ):
        if not rows:
            continue
        lines.append(f"### {title}\n")
        lines.append(
            _table_row([first, _("Joined one by one"), _("Local sites"), _("People in all")])
        )
        lines.append("|---|---:|---:|---:|")
        for row in rows:
            lines.append(
                _table_row([row.label, str(row.participants), str(row.local_sites), str(row.heads)])
            )
        lines.append("")
    lines.append(f"### {_('Municipalities and counties')}\n")
    lines.append(municipalities_line(content) + "\n")
    if participation.counties:
        lines.append(f"**{_('Counties present')}:** {_inline(', '.join(participation.counties))}\n")
    attendance = participation.video_call
    if attendance is not None:
        lines.append(
            f"### {_('From the %(source)s participant report') % {'source': attendance.source}}\n"
        )
        for label, value in video_call_rows(attendance):
            lines.append(f"- {label}: {value}")
        lines.append("")
    if content.include_names and participation.names:
        lines.append(f"### {_('Participants')}\n")
        lines.extend(f"- {_inline(name)}" for name in participation.names)
        lines.append("")
    return "\n".join(lines)


def _escape_blocks(text: str) -> str:
    return _BLOCK_SYNTAX.sub(lambda match: f"{match.group(1)}\\{match.group(2)}", text)


def _inline(text: str) -> str:
    """One line of plain text that stays plain in Markdown: no line breaks, no HTML, no
    emphasis or links made by accident."""
    text = " ".join((text or "").split())
    return _INLINE_SYNTAX.sub(r"\\\1", text)


def _alt(text: str) -> str:
    return _inline(text)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(_TABLE_CELL.sub(r"\\\1", _inline(cell)) for cell in cells) + " |"
