""" "Columns by question": a card shows in the column of every question it answers, under
headings that say the question, and stays one card (its count, its live updates)."""

import pytest
from playwright.sync_api import expect

from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import FOLLOW_TIMEOUT, join
from tests.conftest import axe_violations, joined_client
from tests.factories import group_session
from wall import domain as wall

pytestmark = pytest.mark.browser


@pytest.fixture
def session(asgi_server):
    item = group_session(
        questions=(
            "Hva av dette er relevant hos oss?",
            "Hva griper vi fatt i først?",
            "Hvem må være med?",
        )
    )
    meetings.meeting_start(meeting=item.meeting)
    for name in ("Anne Ås", "Bjørn Berg", "Cecilie Dahl", "Dag Ek"):
        joined_client(item.meeting, name=name, organisation_is_other="on")
    return item


def test_a_card_shows_in_each_column_it_answers_under_the_questions_text(session, new_page):
    first, second = groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    both = wall.card_save(
        card=wall.card_for(first),
        base_version=0,
        heading="Samarbeid med skolen",
        body="Felles planer.",
        question_numbers=[1, 3],
        author=first.memberships.first().participant,
    )
    wall.card_save(
        card=wall.card_for(second),
        base_version=0,
        heading="Rom til øving",
        body="Lokaler.",
        question_numbers=[2],
        author=second.memberships.first().participant,
    )
    page = new_page()
    join(page, session.meeting, "Eva Fjell", "Skien kommune")
    page.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")

    page.check("[data-wall-layout][value=columns]")

    columns = page.locator(".wall-column")
    questions = list(session.questions.all())
    for number, question in enumerate(questions, start=1):
        expect(columns.nth(number - 1).locator(".wall-column__heading")).to_contain_text(
            f"Spørsmål {number}"
        )
        expect(columns.nth(number - 1).locator(".wall-column__question")).to_have_text(
            question.text
        )
    named = lambda column: columns.nth(column).locator(".wall-card__heading")  # noqa: E731
    expect(named(0)).to_have_text(["Samarbeid med skolen"])
    expect(named(1)).to_have_text(["Rom til øving"])
    expect(named(2)).to_have_text(["Samarbeid med skolen"])
    expect(page.locator("[data-wall-count]")).to_have_text("2")
    assert axe_violations(page) == []

    # A new version reaches the card in both its columns.
    wall.card_save(
        card=both,
        base_version=both.version,
        heading="Samarbeid med skolen og biblioteket",
        body="Felles planer.",
        question_numbers=[1, 3],
        author=first.memberships.first().participant,
    )
    expect(named(0)).to_have_text(["Samarbeid med skolen og biblioteket"], timeout=FOLLOW_TIMEOUT)
    expect(named(2)).to_have_text(["Samarbeid med skolen og biblioteket"])
    expect(page.locator("[data-wall-count]")).to_have_text("2")

    # Back to the grid: each card once.
    page.check("[data-wall-layout][value=grid]")
    expect(page.locator(".wall-card")).to_have_count(2)
