"""Small things of the live pages: the wall's toolbar on the narrowest phone, a copy
button that is heard when it has copied, and a signed-in header on a phone."""

import os

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.test_live_programme import join
from tests.conftest import login_in_browser

pytestmark = pytest.mark.browser

# A folder to keep screenshots of the pages in, to look at them while working on them.
SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")


def _overflow(page, selector: str) -> list[str]:
    """The elements in `selector` (and the page itself) that reach past the viewport."""
    return page.evaluate(
        """(selector) => {
            const width = document.documentElement.clientWidth;
            const out = [];
            if (document.documentElement.scrollWidth > width) out.push("the page");
            document.querySelectorAll(selector).forEach((element) => {
                if (element.closest(".visually-hidden")) return;
                const box = element.getBoundingClientRect();
                // Past the screen, or its content past its own box (clipped or not).
                const past = box.right > width + 0.5 || box.left < -0.5;
                if (past || element.scrollWidth > element.clientWidth + 1) {
                    const name = `${element.tagName.toLowerCase()}.${element.className}`;
                    out.push(`${name}: ${box.left}–${box.right}`);
                }
            });
            return out;
        }""",
        selector,
    )


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_walls_layout_switch_fits_a_320_px_screen(session, new_page, asgi_server, language):
    page = new_page(width=320, height=700)
    join(page, session.meeting, "Ann Ås", "Porsgrunn kulturskole")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": asgi_server.url}]
    )
    page.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    switch = page.locator(".wall-toolbar .segmented")
    expect(switch).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/wall-320-{language}.png", full_page=True)

    assert _overflow(page, ".wall-toolbar, .wall-toolbar *") == []
    # Both choices can be seen and taken.
    page.check("[data-wall-layout][value=columns]")
    expect(page.locator("[data-wall]")).to_have_attribute("data-layout", "columns")


def test_the_copy_button_is_heard_when_it_has_copied(session, new_page):
    page = new_page(width=390, height=844)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    join(page, session.meeting, "Ann Ås", "Porsgrunn kulturskole")
    page.get_by_role("button", name="Kopier navnet").click()
    expect(page.locator("#announcer")).to_contain_text("Kopiert!")


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _overlaps(page, selectors: list[str]) -> list[str]:
    """Pairs of the visible elements in `selectors` whose boxes overlap."""
    return page.evaluate(
        """(selectors) => {
            const boxes = selectors.flatMap((selector) =>
                Array.from(document.querySelectorAll(selector))
                    .filter((element) => element.offsetParent !== null)
                    .map((element) => [selector, element.getBoundingClientRect()]));
            const out = [];
            boxes.forEach(([a, one], i) => boxes.slice(i + 1).forEach(([b, other]) => {
                const apart = one.right <= other.left || other.right <= one.left
                    || one.bottom <= other.top || other.bottom <= one.top;
                if (!apart) out.push(`${a} × ${b}`);
            }));
            return out;
        }""",
        selectors,
    )


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_signed_in_header_fits_a_phone(session, new_page, asgi_server, language, width):
    page = new_page(width=width, height=700)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": asgi_server.url}]
    )
    login_in_browser(page, session.meeting.facilitators.get())
    page.goto(f"/meetings/{session.meeting.pk}/run/")
    expect(page.locator(".site-nav .language-switch")).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/header-{width}-{language}.png")

    parts = [".brand", ".language-switch select", ".language-switch button", ".site-nav > a"]
    assert _overlaps(page, parts) == []
    assert _overflow(page, ".site-header, .site-header *") == []
    # The way home keeps its name where the word does not fit.
    expect(page.get_by_role("link", name=_in(language, "samtale – home"))).to_be_visible()
