"""Small things of the live pages: the wall's toolbar on the narrowest phone, and a copy
button that is heard when it has copied."""

import os

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.test_live_programme import join

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
