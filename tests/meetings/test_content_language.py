"""The facilitators' pages mark the meeting's words with its language where the page is in
another (WCAG 3.1.2), as the participants' pages do (tests/meetings/test_written.py)."""

from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ProgrammeItemFactory


def test_the_control_room_marks_the_meetings_title_and_items(db, facilitator_client):
    client, user = facilitator_client
    meeting = MeetingFactory(title="Fremtidens kulturskole", language="nb")
    meeting.facilitators.add(user)
    ProgrammeItemFactory(meeting=meeting, title="Velkommen")
    client.cookies["django_language"] = "en"

    page = client.get(f"/meetings/{meeting.pk}/run/").content.decode()

    assert '<h1><span lang="nb">Fremtidens kulturskole</span></h1>' in page
    assert '<span class="run-item__title"><span lang="nb">Velkommen</span></span>' in page
    client.cookies["django_language"] = "nb"
    assert (
        "<h1>Fremtidens kulturskole</h1>"
        in client.get(f"/meetings/{meeting.pk}/run/").content.decode()
    )


def test_the_projector_marks_the_items_title(db):
    meeting = MeetingFactory(language="nb")
    report = ProgrammeItemFactory(
        meeting=meeting, kind=ProgrammeItem.Kind.REPORT_BACK, title="Grupper legger fram"
    )
    client = joined_client(meeting)
    client.cookies["django_language"] = "en"

    page = client.get(f"/wall/{meeting.code}/present/{report.pk}/").content.decode()

    assert '<h1 class="projector__title" lang="nb">Grupper legger fram</h1>' in page
