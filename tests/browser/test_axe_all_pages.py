"""axe-core finds no WCAG 2.1 A/AA violation on any page of samtale, in bokmål, nynorsk and
English, on a phone (390 px) and a laptop (1366 px).

The pages are those of the authorization matrix (tests/authorization.py) that someone may
GET and that answer a whole HTML page, in the matrix's world: a meeting whose group session
runs, with cards, a report-back, a built and shared report, a shared wall and imports. Each
is visited as someone who may see it: a member of a group, the meeting's facilitator, or
anyone. A new view with a row in the matrix is tried here without being listed.

Each page must also fit the phone without scrolling sideways (1.4.10) and link to the
accessibility statement in its footer. All of it (32 pages × 2 widths × 3 languages, 192
runs) took 2 min 5 s on two cores: one browser, one context per language and viewer, the
width changed on the page already loaded. It is small enough for `make test`, so no part of
it is left to `make test-long`.
"""

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests import authorization as matrix
from tests.conftest import axe_violations
from tests.test_authorization_matrix import ADMIN_ROUTE, build_world, url_of, url_patterns

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
# Who looks at a page that is not open to all, the first of these that may: what a
# participant sees is tried as one, the facilitators' pages as the meeting's facilitator.
VIEWERS = (matrix.MEMBER, matrix.FACILITATOR, matrix.ANONYMOUS)
# The meeting's page before joining is the join form, which anyone gets (JOIN in the matrix).
ALSO = [("participants:meeting", matrix.ANONYMOUS)]
# The page is wider than the window: the reader would scroll sideways to read it.
SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"
STATEMENT_URL = "/tilgjengelighet/"
NOT_PAGES = {ADMIN_ROUTE}  # Django's admin is not samtale's to design


@pytest.fixture
def world(asgi_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "matrix.txt").write_text("ein bilete")
    return build_world()


def viewer(route: matrix.Route) -> str | None:
    if set(route.get.values()) == {matrix.PUBLIC}:  # meant for anyone: seen as a passer-by
        return matrix.ANONYMOUS
    for role in VIEWERS:
        if route.get[role] in (matrix.ALLOW, matrix.PUBLIC):
            return role
    return None


def pages_of(world) -> list[tuple[str, str]]:
    """(url, role) of every page in the matrix a role may GET that is a whole HTML page."""
    patterns = {pattern.key: pattern for pattern in url_patterns()}
    wanted = [(route, viewer(route)) for route in matrix.ROUTES if route.name not in NOT_PAGES]
    rows = {route.name: route for route in matrix.ROUTES}
    wanted += [(rows[name], role) for name, role in ALSO]
    pages = []
    for route, role in wanted:
        if role is None or route.name not in patterns:
            continue
        url = url_of(world, route, patterns[route.name])
        client = Client()
        client.cookies.update(world.clients[role].cookies)
        response = client.get(url)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and is_html and b"<html" in response.content:
            pages.append((url, role))
    return pages


def language_cookie(language, url):
    return {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}


def violations_on_every_page(browser, asgi_server, world, languages_at_widths):
    """{(language, width, url): violations} for the pages that have any; and the count of
    page visits made. One context per language and role, reused for each of its pages."""
    pages = pages_of(world)
    found, visits = {}, 0
    for language, widths in languages_at_widths.items():
        contexts = {}
        for url, role in pages:
            if role not in contexts:
                context = browser.new_context(base_url=asgi_server.url, viewport=LAPTOP)
                context.set_default_timeout(7000)
                context.add_cookies(
                    [
                        {"name": name, "value": morsel.value, "url": asgi_server.url}
                        for name, morsel in world.clients[role].cookies.items()
                    ]
                    + [language_cookie(language, asgi_server.url)]
                )
                contexts[role] = context.new_page()
            page = contexts[role]
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language, url
            for width in widths:
                page.set_viewport_size(width)
                visits += 1
                violations = axe_violations(page)
                if page.evaluate(SIDEWAYS):  # 1.4.10: reflow, without scrolling sideways
                    violations.append({"id": "scrolls-sideways"})
                if page.locator(f"footer a[href='{STATEMENT_URL}']").count() != 1:
                    violations.append({"id": "no-link-to-the-accessibility-statement"})
                if violations:
                    found[(language, width["width"], url)] = violations
        for page in contexts.values():
            page.context.close()
    return found, visits, pages


def test_no_page_has_violations_in_any_language_at_either_width(browser, asgi_server, world):
    both = (PHONE, LAPTOP)
    started = time.monotonic()
    found, visits, pages = violations_on_every_page(
        browser, asgi_server, world, {"nb": both, "nn": both, "en": both}
    )
    seconds = time.monotonic() - started
    print(f"axe: {len(pages)} pages, {visits} page × width × language runs in {seconds:.0f} s")
    print("\n".join(f"  {url} as {role}" for url, role in pages))
    assert len(pages) >= 30, pages  # the walk found the pages, not a few of them
    assert found == {}
