"""The projector page: its heading is the item's title alone, the connection's state beside it."""

import re

from django.utils import translation

from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import ProgrammeItemFactory, group_session


def test_the_projector_heading_is_only_the_title(db):
    session = group_session()
    report = ProgrammeItemFactory(
        meeting=session.meeting,
        kind=ProgrammeItem.Kind.REPORT_BACK,
        title="Grupper legger fram",
        position=session.position + 1,
    )
    client = joined_client(session.meeting)

    html = client.get(f"/wall/{session.meeting.code}/present/{report.pk}/").content.decode()

    (heading,) = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    assert heading.strip() == "Grupper legger fram"
    assert "data-live-status" in html  # the status is on the page, outside the heading


def test_a_coming_item_reads_naturally_in_nynorsk():
    with translation.override("nn"):
        assert str(ProgrammeItem.Status.PENDING.label) == "Kjem seinare"
