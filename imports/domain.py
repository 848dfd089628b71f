"""Imports: a Padlet board becomes a finished meeting's wall; a Zoom participant report is
checked against the naming convention and the register and kept with its meeting.

Both read the whole file first (imports/padlet.py, imports/zoom.py) and refuse it with
tabular.ImportRefused before anything is written; the writing is one transaction, so a
meeting is never half imported.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date as date_type

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group
from imports import padlet, zoom
from imports.models import PadletImport, VideoCallAttendee, VideoCallReport
from meetings.domain import meeting_create
from meetings.models import Meeting, ProgrammeItem, Question
from register.domain import organisation_resolve
from reports.content import VideoCallAttendance
from wall import text as card_text
from wall.models import Card, CardVersion, Wall

# --- Padlet ----------------------------------------------------------------------------------


def padlet_import(
    *,
    data: bytes,
    file_name: str,
    title: str,
    date: date_type,
    facilitator,
    language: str = "nb",
    sections_as: str = PadletImport.SectionsAs.QUESTIONS,
    group_by: str = PadletImport.GroupBy.POST,
    keep_authors: bool = False,
) -> PadletImport:
    """Make a new, ended meeting from a Padlet board export, owned by `facilitator`.

    Posts become cards, one group each (or one per author, `group_by`); sections become
    the questions of one group session, or sessions of their own (`sections_as`);
    attachments stay as links in the card's text; authors' names only with
    `keep_authors`. Raises tabular.ImportRefused, naming line and column, before anything
    is written. The cards are cleaned and rendered as wall/text.py does for a card saved
    on the wall, with a first version saved by the facilitator.
    """
    board = padlet.parse_board(data)
    plans = padlet.plan_sessions(
        board,
        title=_("Group session"),
        loose_title=_("Posts without a section"),
        sections_as=sections_as,
        group_by=group_by,
        keep_authors=keep_authors,
    )
    # Rendered before the transaction: the database is held only for the writing.
    rendered = [[card_text.render_body(card.body) for card in plan.cards] for plan in plans]
    now = timezone.now()
    with transaction.atomic():
        meeting = meeting_create(title=title, date=date, facilitator=facilitator, language=language)
        meeting.status = Meeting.Status.ENDED
        meeting.ended_at = now
        meeting.save(update_fields=["status", "ended_at"])
        card_count = 0
        for position, (plan, bodies) in enumerate(zip(plans, rendered, strict=True), start=1):
            item = ProgrammeItem.objects.create(
                meeting=meeting,
                position=position,
                kind=ProgrammeItem.Kind.GROUP_SESSION,
                title=plan.title[:200],
                status=ProgrammeItem.Status.DONE,
                planned_minutes=30,
            )
            Question.objects.bulk_create(
                Question(item=item, text=text, position=number)
                for number, text in enumerate(plan.questions, start=1)
            )
            groups = Group.objects.bulk_create(
                Group(item=item, number=number) for number in range(1, len(plan.cards) + 1)
            )
            if not all(group.pk for group in groups):  # a backend that returns no keys
                groups = list(Group.objects.filter(item=item).order_by("number"))
            cards = Card.objects.bulk_create(
                Card(
                    item=item,
                    group=group,
                    heading=card.heading,
                    body=card.body,
                    body_html=html,
                    question_numbers=list(card.question_numbers),
                    version=1,
                    updated_at=card.updated or now,
                )
                for group, card, html in zip(groups, plan.cards, bodies, strict=True)
            )
            if not all(saved.pk for saved in cards):
                cards = list(Card.objects.filter(item=item).order_by("group__number"))
            CardVersion.objects.bulk_create(
                CardVersion(
                    card=saved,
                    version=1,
                    heading=card.heading,
                    body=card.body,
                    question_numbers=list(card.question_numbers),
                    author_user=facilitator,
                    created_at=card.updated or now,
                )
                for saved, card in zip(cards, plan.cards, strict=True)
            )
            # The meeting is over: its walls are locked, as at the end of a session.
            Wall.objects.create(item=item, locked=True)
            card_count += len(plan.cards)
        record = PadletImport.objects.create(
            meeting=meeting,
            file_name=file_name[:255],
            file_kind=board.kind,
            encoding=board.encoding,
            delimiter=board.delimiter,
            layout=board.layout,
            sections_as=sections_as,
            group_by=group_by,
            keep_authors=keep_authors,
            posts=len(board.posts),
            sections=len(board.sections),
            cards=card_count,
            attachments=sum(1 for post in board.posts if post.attachment),
            skipped_rows=board.skipped_rows,
            ignored_columns=list(board.ignored_columns),
            imported_by=facilitator,
        )
    return record


# --- Zoom ------------------------------------------------------------------------------------


def video_call_report_import(
    *, meeting: Meeting, data: bytes, file_name: str, user=None
) -> VideoCallReport:
    """Keep a Zoom participant report with `meeting`, replacing an earlier one.

    Each person's rows are added up; their name in the call is checked against the
    convention "kommune/organisasjon, fornavn etternavn", and the organisation matched to
    the register as joining does. E-mail addresses are used to tell people apart while
    reading, and not kept. Raises tabular.ImportRefused before anything is written.
    """
    report = zoom.parse_report(data)
    attendees = []
    for person in report.attendees:
        parts = zoom.name_parts(person.display_name)
        match = organisation_resolve(parts.organisation) if parts.organisation else None
        attendees.append(
            VideoCallAttendee(
                display_name=person.display_name[:300],
                organisation=(match.display_name if match else parts.organisation)[:300],
                problem=parts.problem,
                municipality=match.municipality if match else None,
                county=match.county if match else None,
                minutes=person.minutes,
                times_joined=min(person.rows, 32767),
                guest=person.guest,
                line=person.first_line,
            )
        )
    with transaction.atomic():
        VideoCallReport.objects.filter(meeting=meeting).delete()
        stored = VideoCallReport.objects.create(
            meeting=meeting,
            source="Zoom",
            file_name=file_name[:255],
            topic=report.topic,
            call_started_at=report.started_at,
            call_ended_at=report.ended_at,
            rows=report.rows,
            imported_by=user,
        )
        for attendee in attendees:
            attendee.report = stored
        VideoCallAttendee.objects.bulk_create(attendees)
    return stored


@dataclass(frozen=True)
class PlaceCount:
    name: str
    people: int


@dataclass(frozen=True)
class AttendanceSummary:
    report: VideoCallReport
    people: int
    following: int
    not_following: list[VideoCallAttendee]
    municipalities: list[PlaceCount]
    counties: list[PlaceCount]
    other_organisations: list[PlaceCount]
    total_minutes: int
    median_minutes: int


def attendance_summary(*, report: VideoCallReport) -> AttendanceSummary:
    """What the import result page shows: who broke the convention, places, minutes."""
    attendees = list(report.attendees.select_related("municipality", "county"))
    municipalities = Counter(a.municipality.name for a in attendees if a.municipality)
    counties = Counter(a.county.name for a in attendees if a.county)
    others = Counter(
        a.organisation for a in attendees if a.organisation and a.county is None and not a.problem
    )
    minutes = sorted(a.minutes for a in attendees)

    def ranked(counter: Counter) -> list[PlaceCount]:
        return [
            PlaceCount(name, people)
            for name, people in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        ]

    return AttendanceSummary(
        report=report,
        people=len(attendees),
        following=sum(1 for a in attendees if not a.problem),
        not_following=sorted(
            (a for a in attendees if a.problem), key=lambda a: (a.line, a.display_name)
        ),
        municipalities=ranked(municipalities),
        counties=ranked(counties),
        other_organisations=ranked(others),
        total_minutes=sum(minutes),
        median_minutes=minutes[len(minutes) // 2] if minutes else 0,
    )


def video_call_attendance(*, meeting: Meeting) -> VideoCallAttendance | None:
    """The meeting's imported video call attendance, for the report; None without one."""
    report = VideoCallReport.objects.filter(meeting=meeting).first()
    if report is None:
        return None
    totals = report.attendees.aggregate(
        people=Count("id"),
        minutes=Sum("minutes"),
        following=Count("id", filter=Q(problem="")),
    )
    municipalities = (
        report.attendees.filter(municipality__isnull=False)
        .order_by()
        .values_list("municipality__name", flat=True)
        .distinct()
    )
    counties = (
        report.attendees.filter(county__isnull=False)
        .order_by()
        .values_list("county__name", flat=True)
        .distinct()
    )
    people = totals["people"] or 0
    return VideoCallAttendance(
        source=report.source,
        people=people,
        following_convention=totals["following"] or 0,
        not_following_convention=people - (totals["following"] or 0),
        municipalities=tuple(sorted(municipalities)),
        counties=tuple(sorted(counties)),
        total_minutes=totals["minutes"] or 0,
    )
