"""The synthesis pages in a browser: reviewing tags by keyboard alone, and every page of the
synthesis free of serious accessibility faults (axe-core)."""

import pytest
from playwright.sync_api import expect

from analysis.models import TagReview
from analysis.tasks import session_refresh
from tests.analysis.cards import written_cards
from tests.conftest import axe_violations, login_in_browser

pytestmark = pytest.mark.browser

TEXTS = [
    "Kulturskolen må være for alle barn. Egenbetalingen er for høy og ventelisten er lang.",
    "Kulturskulen må vere for alle born. Eigenbetalinga er for høg og ventelista er lang.",
    "Friplasser og lavere egenbetaling gjør at alle barn kan gå i kulturskolen.",
    "Elevene skal få skape sin egen musikk og improvisere sammen med dansere.",
    "Elevane skal få skape eigen musikk og improvisere i lag med dansarar.",
    "Vi vil at elevene skal improvisere og skape egen musikk i samspill.",
]


@pytest.fixture
def cards(asgi_server):
    written = written_cards(TEXTS, title="Fremtidens kulturskole")
    session_refresh.call(written[0].item_id)  # the search index, as the worker keeps it
    return written


def tab_to(page, selector: str, limit: int = 40):
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} never took the focus in {limit} presses of Tab")


def checkbox(slug: str) -> str:
    return f'#review-card input[type=checkbox][value="{slug}"]'


def test_a_facilitator_reviews_two_cards_by_keyboard_alone(cards, new_page):
    meeting = cards[0].item.meeting
    page = new_page(width=1366)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/analysis/{meeting.pk}/review/?taxonomy=fremtidens-kulturskole")
    first, second = cards[0], cards[1]
    expect(page.locator("#review-card-heading")).to_have_text(first.group.name)

    # The first card: «for everyone» is suggested; untick it, tick «creating», save.
    tab_to(page, checkbox("inkluderende_og_mangfoldig"))
    expect(page.locator(checkbox("inkluderende_og_mangfoldig"))).to_be_checked()
    page.keyboard.press("Space")
    tab_to(page, checkbox("utviklende_og_skapende"))
    page.keyboard.press("Space")
    tab_to(page, "#review-card button[type=submit]")
    page.keyboard.press("Enter")

    # The next card has the focus, so the next Tab goes into it.
    page.wait_for_url(f"**card={second.pk}&saved=1")
    expect(page.locator("#review-card")).to_be_focused()
    expect(page.locator("#review-card-heading")).to_have_text(second.group.name)
    expect(page.locator(".message--success")).to_contain_text(first.group.name)
    tab_to(page, checkbox("attraktiv_og_relevant"), limit=3)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # Enter on a checkbox submits the form as well

    page.wait_for_url(f"**card={cards[2].pk}&saved=1")
    said = {
        (review.card_id, review.category.slug): review.applies
        for review in TagReview.objects.select_related("category")
    }
    assert said[(first.pk, "inkluderende_og_mangfoldig")] is False
    assert said[(first.pk, "utviklende_og_skapende")] is True
    assert said[(second.pk, "attraktiv_og_relevant")] is True
    assert said[(second.pk, "inkluderende_og_mangfoldig")] is True  # the suggestion, kept
    assert len(said) == 8
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1366, 390])
def test_the_synthesis_pages_have_no_serious_accessibility_faults(cards, new_page, width):
    meeting = cards[0].item.meeting
    page = new_page(width=width)
    login_in_browser(page, meeting.facilitators.get())
    for url in [
        f"/analysis/{meeting.pk}/",
        f"/analysis/{meeting.pk}/?taxonomy=kunnskapsgrunnlaget",
        f"/analysis/{meeting.pk}/review/",
        "/analysis/",
        "/analysis/taxonomies/",
        "/analysis/taxonomies/new/",
        "/analysis/search/?q=kulturskolene",
    ]:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert axe_violations(page) == [], url
    page.goto(f"/analysis/{meeting.pk}/")
    chart = page.locator("svg.bar-chart")
    expect(chart).to_have_attribute("role", "img")
    expect(page.locator("#areas-chart-title")).to_contain_text("verdiområder")
    expect(page.locator("blockquote").first).to_be_visible()
