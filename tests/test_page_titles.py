"""Every page has a title of its own: two pages that share one are two tabs, or two entries
in a screen reader's list of windows, that cannot be told apart (WCAG 2.4.2).

The pages are found by following the links of a meeting in progress, as its facilitator
and as a participant, from the pages each starts on.
"""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from groups import domain as groups
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import ProgrammeItemFactory, UserFactory, group_session
from wall import domain as wall
from wall import report_back

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)', re.S)
# Not pages: files, the language switch, leaving, logging out.
SKIPPED = ("/static/", "/media/", "/i18n/", "/accounts/logout/", "/healthz")
MAX_PAGES = 150


@pytest.fixture
def meeting_in_progress(db):
    session = group_session(questions=["Hva er relevant?"])
    meeting = session.meeting
    facilitator = UserFactory()
    meeting.facilitators.add(facilitator)
    participant = joined_client(meeting, name="Ann Ås")
    joined_client(meeting, name="Bjørn Berg")
    meetings.meeting_start(meeting=meeting)
    (group,) = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    wall.card_save(
        card=wall.card_for(group), base_version=0, heading="H", body="T", question_numbers=[1]
    )
    report = ProgrammeItemFactory(
        meeting=meeting, kind=ProgrammeItem.Kind.REPORT_BACK, position=session.position + 1
    )
    report_back.report_pick(item=report, group_numbers=[1], seconds=60)
    host = Client()
    host.force_login(facilitator)
    return meeting, host, participant


def crawl(client: Client, start: list[str]) -> dict[str, str]:
    """{path: title} of the pages reached from `start` by links."""
    titles, seen, waiting = {}, set(start), list(start)
    while waiting and len(seen) < MAX_PAGES:
        path = waiting.pop(0)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        title = TITLE.search(html)
        if title is None:  # a region that reloads itself, not a page
            continue
        titles[path] = " ".join(unescape(title.group(1)).split())
        for href in LINK.findall(html):
            link = urlsplit(unescape(href))
            if link.netloc or not link.path.startswith("/") or link.path.startswith(SKIPPED):
                continue
            if link.path not in seen:
                seen.add(link.path)
                waiting.append(link.path)
    return titles


def _view(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def test_no_two_pages_share_a_title(meeting_in_progress):
    meeting, host, participant = meeting_in_progress
    found = {
        **crawl(host, ["/meetings/", f"/meetings/{meeting.pk}/run/"]),
        **crawl(participant, [f"/m/{meeting.code}/", f"/groups/{meeting.code}/"]),
    }
    pages = {}
    for path, title in found.items():
        pages.setdefault(title, set()).add(_view(path))
    # The crawl reached the pages of every kind of person.
    reached = {view for views in pages.values() for view in views}
    assert {"meetings:edit", "meetings:run", "wall:page", "wall:report", "wall:present"} <= reached
    assert {"participants:meeting", "groups:page"} <= reached
    shared = {title: sorted(views) for title, views in pages.items() if len(views) > 1}
    assert shared == {}
