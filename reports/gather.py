"""Read a meeting's material once into a ReportContent (reports/content.py).

A fixed number of queries whatever the size of the meeting: the programme, the cards with
their pictures, note-takers and version counts, the report-back turns and the
participants are each read in one go and put together here. Labels that belong to the
content (a group's name, the note-taker's role) are written in the report's language.
"""

import mimetypes
from collections import defaultdict
from pathlib import PurePosixPath

from django.db.models import Count, Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from groups.models import Group, Membership, Role
from imports.domain import video_call_attendance
from meetings.models import Meeting, ProgrammeItem
from participants.models import Participant
from register.models import Municipality
from reports import content as c
from wall.domain import card_writers
from wall.models import Card, CardImage, ReportSlot
from wall.text import CardTextError, render_body


def report_content(
    *,
    meeting: Meeting,
    language: str,
    include_names: bool = False,
    include_hidden: bool = False,
    synthesis: bool = False,
) -> c.ReportContent:
    """Everything the report of `meeting` holds, with its labels in `language`.

    Participant names are left out unless `include_names`; hidden cards unless
    `include_hidden`. What the groups said (`synthesis`) takes the analysis seconds: only
    the worker and commands ask for it, never a page.
    """
    with translation.override(language):
        meeting = Meeting.objects.prefetch_related("facilitators").get(pk=meeting.pk)
        items = list(
            meeting.items.prefetch_related("speakers", "questions").order_by("position", "id")
        )
        facilitators = tuple(_person(user) for user in meeting.facilitators.all())
        cards_by_item = _cards(meeting, include_names=include_names, include_hidden=include_hidden)
        group_counts = dict(
            Group.objects.filter(item__meeting=meeting)
            .values("item")
            .annotate(n=Count("id"))
            .values_list("item", "n")
        )
        slots_by_item = defaultdict(list)
        for slot in ReportSlot.objects.filter(item__meeting=meeting).select_related("group"):
            slots_by_item[slot.item_id].append(slot)

        sessions, report_backs = [], []
        for item in items:
            if item.kind == ProgrammeItem.Kind.GROUP_SESSION:
                sessions.append(
                    _session(
                        item, len(sessions) + 1, cards_by_item[item.pk], group_counts, include_names
                    )
                )
            elif item.kind == ProgrammeItem.Kind.REPORT_BACK:
                report_backs.append(_report_back(item, slots_by_item[item.pk]))

        return c.ReportContent(
            meeting_code=meeting.code,
            title=meeting.title,
            date=meeting.date,
            language=language,
            organised_by=meeting.organised_by or ", ".join(facilitators),
            facilitators=facilitators,
            summary_markdown=meeting.summary,
            summary_html=_markdown(meeting.summary),
            recording_url=meeting.recording_url,
            video_url=meeting.video_url,
            programme=tuple(_programme_row(item) for item in items),
            sessions=tuple(sessions),
            report_backs=tuple(report_backs),
            participation=_participation(meeting, include_names=include_names),
            include_names=include_names,
            include_hidden=include_hidden,
            generated_at=timezone.localtime(),
            synthesis=_synthesis(meeting) if synthesis else None,
        )


def _synthesis(meeting: Meeting) -> c.SynthesisSection | None:
    """What the groups said, in the project's value areas and themes (analysis app)."""
    from analysis.domain import default_taxonomy
    from analysis.synthesis import meeting_synthesis

    taxonomy = default_taxonomy()
    found = meeting_synthesis(meeting=meeting, taxonomy=taxonomy, train=True)  # in the worker
    if not found.cards:
        return None
    categories = list(found.categories)
    return c.SynthesisSection(
        taxonomy=taxonomy.name,
        cards=found.cards,
        untagged=found.untagged,
        areas=tuple(
            c.CountRow(category.name, found.totals[category.slug], 0, found.totals[category.slug])
            for category in categories
        ),
        questions=tuple(row.label for row in found.by_question),
        per_question=tuple(
            tuple(row.counts[category.slug] for category in categories) for row in found.by_question
        ),
        themes=tuple(
            c.SynthesisTheme(
                label=theme.label,
                terms=theme.terms,
                groups=tuple(found.card_labels[pk] for pk in theme.cards),
                quotes=theme.quotes,
            )
            for theme in found.themes
        ),
    )


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _markdown(text: str) -> str:
    try:
        return render_body(text)
    except CardTextError:  # longer than a card may be: the form refuses that, so seldom here
        return ""


def _local(moment):
    return timezone.localtime(moment) if moment is not None else None


def _programme_row(item: ProgrammeItem) -> c.ProgrammeRow:
    actual = None
    if item.started_at is not None and item.finished_at is not None:
        actual = round((item.finished_at - item.started_at).total_seconds() / 60)
    return c.ProgrammeRow(
        position=item.position,
        title=item.title,
        kind=item.kind,
        kind_label=str(item.get_kind_display()),
        planned_start=item.planned_start,
        planned_minutes=item.planned_minutes,
        started_at=_local(item.started_at),
        finished_at=_local(item.finished_at),
        actual_minutes=actual,
        skipped=item.status == ProgrammeItem.Status.SKIPPED,
        speakers=tuple(
            c.Speaker(name=s.name, role=s.role, organisation=s.organisation)
            for s in item.speakers.all()
        ),
        extra_minutes=round(item.extra_seconds / 60),
    )


def _cards(meeting, *, include_names: bool, include_hidden: bool) -> dict[int, list[Card]]:
    """The written cards of every session of the meeting, by session, in group order."""
    cards = (
        Card.objects.filter(item__meeting=meeting, version__gt=0)
        .select_related("group", "updated_by")
        .annotate(version_count=Count("versions"))
        .prefetch_related(
            Prefetch("images", queryset=CardImage.objects.order_by("created_at", "id")),
            Prefetch(
                "group__memberships",
                queryset=Membership.objects.filter(role=Role.NOTE_TAKER).select_related(
                    "participant"
                ),
                to_attr="note_takers",
            ),
        )
        .order_by("group__number", "id")
    )
    if not include_hidden:
        cards = cards.filter(hidden=False)
    by_item = defaultdict(list)
    # Names only when the report is to carry them: an anonymous report does not read them.
    writers = card_writers(Card.objects.filter(item__meeting=meeting)) if include_names else {}
    for card in cards:
        card.writers = writers.get(card.pk, [])
        by_item[card.item_id].append(card)
    return by_item


def _written_by(card: Card, include_names: bool) -> tuple[str, ...]:
    note_takers = card.group.note_takers
    if include_names:
        if card.writers:
            return tuple(card.writers)
        return (card.updated_by.name,) if card.updated_by else ()
    if note_takers:
        return (
            pgettext("report", "note-taker for group %(number)d") % {"number": card.group.number},
        )
    return ()


def _picture(image: CardImage, stem: str, index: int) -> c.Picture:
    suffix = PurePosixPath(image.image.name).suffix.lower() or ".webp"
    content_type = mimetypes.types_map.get(suffix) or {".webp": "image/webp"}.get(
        suffix, "application/octet-stream"
    )
    return c.Picture(
        storage_name=image.image.name,
        file_name=f"{stem}-{index}{suffix}",
        alt=image.alt,
        width=image.width,
        height=image.height,
        content_type=content_type,
        image_id=image.pk,
    )


def _report_card(card: Card, session_number: int, include_names: bool) -> c.ReportCard:
    group_name = _("Group %(number)d") % {"number": card.group.number}
    stem = f"{session_number}-{slugify(group_name)}"
    return c.ReportCard(
        group_number=card.group.number,
        group_name=group_name,
        heading=card.heading,
        text=card.body,
        html=card.body_html,
        question_numbers=tuple(int(n) for n in card.question_numbers),
        pictures=tuple(
            _picture(image, stem, index) for index, image in enumerate(card.images.all(), 1)
        ),
        comment=card.comment,
        pinned=card.pinned,
        hidden=card.hidden,
        updated_at=_local(card.updated_at),
        version_count=card.version_count,
        written_by=_written_by(card, include_names),
    )


def _session(item, number, cards, group_counts, include_names) -> c.SessionSection:
    questions = tuple(
        c.Question(number=n, text=q.text) for n, q in enumerate(item.questions.all(), 1)
    )
    report_cards = tuple(_report_card(card, number, include_names) for card in cards)
    numbers = {question.number for question in questions}
    sections = [
        c.QuestionSection(
            question=question,
            cards=tuple(card for card in report_cards if question.number in card.question_numbers),
        )
        for question in questions
    ]
    # Cards that answer none of the session's questions get a section of their own.
    unanswered = tuple(
        card for card in report_cards if not numbers.intersection(card.question_numbers)
    )
    if unanswered:
        sections.append(c.QuestionSection(question=None, cards=unanswered))
    return c.SessionSection(
        title=item.title,
        started_at=_local(item.started_at),
        questions=questions,
        sections=tuple(sections),
        cards=report_cards,
        group_count=group_counts.get(item.pk, 0),
    )


def _report_back(item, slots) -> c.ReportBack:
    return c.ReportBack(
        title=item.title,
        turns=tuple(
            c.ReportBackTurn(
                position=position,
                group_name=_("Group %(number)d") % {"number": slot.group.number},
                seconds=slot.seconds,
                started_at=_local(slot.started_at),
            )
            for position, slot in enumerate(slots, 1)
        ),
    )


def _count_rows(people: dict[str, list[Participant]]) -> tuple[c.CountRow, ...]:
    rows = [
        c.CountRow(
            label=label,
            participants=sum(1 for p in members if not p.is_local_site),
            local_sites=sum(1 for p in members if p.is_local_site),
            heads=sum(p.head_count for p in members),
        )
        for label, members in people.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.heads, row.label)))


def _participation(meeting: Meeting, *, include_names: bool) -> c.Participation:
    # Everyone who took part, also those who left before the end.
    participants = list(
        Participant.objects.filter(meeting=meeting)
        .select_related("county", "municipality")
        .order_by("organisation", "name", "id")
    )
    by_county, by_organisation = defaultdict(list), defaultdict(list)
    for participant in participants:
        county = participant.county.name if participant.county else _("No county")
        by_county[county].append(participant)
        by_organisation[participant.organisation].append(participant)
    counties = sorted({p.county.name for p in participants if p.county})
    return c.Participation(
        participants=sum(1 for p in participants if not p.is_local_site),
        local_sites=sum(1 for p in participants if p.is_local_site),
        heads=sum(p.head_count for p in participants),
        by_county=_count_rows(by_county),
        by_organisation=_count_rows(by_organisation),
        municipalities_present=len({p.municipality_id for p in participants if p.municipality_id}),
        municipalities_in_register=Municipality.objects.count(),
        counties=tuple(counties),
        names=tuple(p.display_name for p in participants) if include_names else None,
        video_call=video_call_attendance(meeting=meeting),
    )
