"""A meeting that has been run, with everything a report holds, made directly in the tables.

The times are fixed (Europe/Oslo), so a test can assert the programme as it ran.
"""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from PIL import Image

from groups.models import Group, Membership, Role
from meetings.models import Meeting, ProgrammeItem
from participants.models import Participant
from register.models import County, Municipality
from tests.factories import MeetingFactory, ProgrammeItemFactory, group_session
from wall.models import Card, CardImage, CardVersion, ReportSlot
from wall.text import render_body

OSLO = ZoneInfo("Europe/Oslo")
DAY = datetime.date(2024, 11, 20)


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(DAY, datetime.time(hour, minute, second), tzinfo=OSLO)


def picture_bytes(colour=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="WEBP")
    return out.getvalue()


def register():
    vestfold, _ = County.objects.get_or_create(
        number="39", defaults={"name": "Vestfold", "official_name": "Vestfold"}
    )
    telemark, _ = County.objects.get_or_create(
        number="40", defaults={"name": "Telemark", "official_name": "Telemark"}
    )
    municipalities = {}
    for number, name, county in [
        ("4001", "Porsgrunn", telemark),
        ("4003", "Skien", telemark),
        ("3907", "Sandefjord", vestfold),
        ("3905", "Tønsberg", vestfold),
    ]:
        municipalities[name], _ = Municipality.objects.get_or_create(
            number=number, defaults={"name": name, "name_parts": name, "county": county}
        )
    return municipalities, vestfold, telemark


def card(item, group, heading, body, questions, *, versions=1, **fields):
    written = Card.objects.create(
        item=item,
        group=group,
        heading=heading,
        body=body,
        body_html=render_body(body),
        question_numbers=list(questions),
        version=versions,
        updated_at=at(10, 55),
        **fields,
    )
    for version in range(1, versions + 1):
        CardVersion.objects.create(
            card=written, version=version, heading=heading, body=body, created_at=at(10, 50)
        )
    return written


def add_picture(card, alt, name="bilde"):
    picture = CardImage(card=card, alt=alt, width=40, height=30)
    data = picture_bytes()
    picture.image.save(f"{name}.webp", ContentFile(data), save=False)
    picture.thumbnail.save(f"{name}-thumb.webp", ContentFile(data), save=False)
    picture.save()
    return picture


def finished_meeting(*, cards: int = 3):
    """An ended meeting: a talk, a group session of `cards` groups, a skipped break, a
    report-back, and a second session; participants from two counties and a local site.

    The first session's group 1 answers question 1, group 2 questions 1 and 2, group 3
    none; further groups answer question 2. Group 2's card is hidden, with a comment.
    """
    municipalities, _vestfold, _telemark = register()
    meeting = MeetingFactory(
        title="Fremtidens kulturskole",
        date=DAY,
        status=Meeting.Status.ENDED,
        started_at=at(10, 0),
        ended_at=at(12, 0),
    )
    talk = ProgrammeItemFactory(
        meeting=meeting,
        position=1,
        kind=ProgrammeItem.Kind.TALK,
        title="Velkommen og innledning",
        planned_start=datetime.time(10, 0),
        planned_minutes=15,
        status=ProgrammeItem.Status.DONE,
        started_at=at(10, 2),
        finished_at=at(10, 19),
    )
    talk.speakers.create(name="Kari Nordmann", role="Rådgiver", organisation="KS", position=1)
    session = group_session(
        meeting,
        position=2,
        title="Gruppesamtale 1",
        planned_start=datetime.time(10, 20),
        status=ProgrammeItem.Status.DONE,
        started_at=at(10, 20),
        finished_at=at(10, 55),
        extra_seconds=300,
    )
    ProgrammeItemFactory(
        meeting=meeting,
        position=3,
        kind=ProgrammeItem.Kind.BREAK,
        title="Pause",
        planned_start=datetime.time(10, 50),
        planned_minutes=10,
        status=ProgrammeItem.Status.SKIPPED,
    )
    report_back = ProgrammeItemFactory(
        meeting=meeting,
        position=4,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        title="Deling i plenum",
        planned_start=datetime.time(11, 0),
        planned_minutes=10,
        status=ProgrammeItem.Status.DONE,
        started_at=at(11, 0),
        finished_at=at(11, 12),
    )
    second = group_session(
        meeting,
        questions=("Hva tar vi med oss hjem?",),
        position=5,
        title="Gruppesamtale 2",
        planned_start=datetime.time(11, 15),
        planned_minutes=15,
        status=ProgrammeItem.Status.DONE,
        started_at=at(11, 15),
        finished_at=at(11, 31),
    )

    people = []
    towns = ["Porsgrunn", "Skien", "Sandefjord", "Tønsberg"]
    for n in range(max(cards, 1) * 2):
        town = municipalities[towns[n % len(towns)]]
        people.append(
            Participant.objects.create(
                meeting=meeting,
                name=f"Person Nummer{n}",
                organisation=f"{town.name} kommune",
                municipality=town,
                county=town.county,
                joined_at=at(9, 55),
            )
        )
    site = Participant.objects.create(
        meeting=meeting,
        name="Møterom 2",
        organisation="Skien kommune",
        municipality=municipalities["Skien"],
        county=municipalities["Skien"].county,
        is_local_site=True,
        head_count=5,
    )
    Participant.objects.create(meeting=meeting, name="Ola Vik", organisation="Norsk kulturråd")

    written = []
    for number in range(1, cards + 1):
        group = Group.objects.create(item=session, number=number)
        writer, other = people[2 * (number - 1)], people[2 * (number - 1) + 1]
        Membership.objects.create(
            group=group, item=session, participant=writer, role=Role.NOTE_TAKER
        )
        Membership.objects.create(group=group, item=session, participant=other)
        questions = {1: [1], 2: [1, 2], 3: []}.get(number, [2])
        extra = {}
        if number == 2:
            extra = {"hidden": True, "hidden_reason": "Personopplysninger", "comment": "Se over"}
        written.append(
            card(
                session,
                group,
                f"Kort fra gruppe {number}",
                f"Gruppe {number} mener at **kulturskolen** må være for alle. Æøå {number}.",
                questions,
                versions=2 if number == 1 else 1,
                updated_by=writer,
                **extra,
            )
        )
    if written:
        written[0].comment = "Godt poeng om samarbeid"
        written[0].save(update_fields=["comment"])
        add_picture(written[0], "Tavle med lapper fra gruppe 1", name="tavle")
    ReportSlot.objects.create(
        item=report_back, group=written[0].group, position=1, seconds=120, started_at=at(11, 1)
    ) if written else None

    group = Group.objects.create(item=second, number=1)
    Membership.objects.create(group=group, item=second, participant=site, role=Role.NOTE_TAKER)
    card(second, group, "Fra møterommet", "Vi tar med oss *nettverket*.", [1], updated_by=site)
    return meeting
