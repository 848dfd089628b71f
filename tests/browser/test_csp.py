"""The Content-Security-Policy in a real browser: the pages with their live socket run under it
without a single violation, so the policy blocks nothing samtale itself does."""

import pytest
from csp.middleware import CSPMiddleware
from playwright.sync_api import expect

from common.middleware import ContentSecurityPolicyMiddleware
from groups import domain as groups
from meetings import domain as meetings
from tests.browser.test_live_programme import VERSION_TIMEOUT, join
from tests.conftest import login_in_browser
from tests.factories import UserFactory, group_session

pytestmark = pytest.mark.browser

# Chromium reports a violation on the console ("Refused to … because it violates the
# following Content Security Policy directive …"); the event says it too, for what the
# console leaves out.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const what = `${event.violatedDirective} ${event.blockedURI}`;
  console.error(`Content Security Policy violation: ${what}`);
});
"""


@pytest.fixture
def session(asgi_server):
    facilitator = UserFactory(username="moteleder")
    item = group_session()
    item.meeting.facilitators.add(facilitator)
    meetings.meeting_start(meeting=item.meeting)
    item.facilitator = facilitator
    return item


@pytest.fixture
def watched_page(new_page):
    """`page, violations = watched_page()`: a page whose policy violations are collected."""

    def open_page(**size):
        page = new_page(**size)
        violations = []

        def on_console(message):
            if "Content Security Policy" in message.text:
                violations.append(message.text)

        page.context.add_init_script(REPORT_VIOLATIONS)
        page.on("console", on_console)
        return page, violations

    return open_page


def online(page):
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")


def test_the_pages_and_their_live_socket_run_without_a_violation(session, watched_page):
    anonymous, anonymous_violations = watched_page()
    response = anonymous.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(anonymous.locator("#id_code")).to_be_visible()

    # Two participants: the meeting page (join() waits for its socket), then one writes a
    # card on the group page and the other watches the wall.
    writer, writer_violations = watched_page(width=390, height=844)
    join(writer, session.meeting, "Anne Ås", "Porsgrunn kulturskole")
    wall, wall_violations = watched_page()
    join(wall, session.meeting, "Bjørn Berg", "Skien kommune")
    groups.groups_form(item=session, strategy="random", target_size=2, seed=1)
    writer.goto(f"/groups/{session.meeting.code}/")
    expect(writer.locator("[data-card-editor]")).to_be_visible()
    online(writer)
    writer.fill("#card-heading", "Kulturskolen for alle")
    writer.fill("#card-body", "Vi snakket om **tilgjengelighet** og pris.")
    expect(writer.locator("[data-save-status]")).to_have_attribute("data-state", "saved")

    # The wall, where the card arrives over the socket.
    wall.goto(f"/wall/{session.meeting.code}/{session.pk}/")
    online(wall)
    expect(wall.locator(".wall-card__heading")).to_have_text(
        "Kulturskolen for alle", timeout=VERSION_TIMEOUT
    )

    # The facilitator running the meeting.
    host, host_violations = watched_page()
    login_in_browser(host, session.facilitator)
    host.goto(f"/meetings/{session.meeting.pk}/run/")
    online(host)

    assert anonymous_violations == []
    assert writer_violations == []
    assert wall_violations == []
    assert host_violations == []


def test_the_violations_are_seen(session, watched_page):
    """The test above would notice: an inline script on one of these pages is reported."""
    page, violations = watched_page()
    page.goto("/")
    page.evaluate(
        """() => { const script = document.createElement("script");
                   script.textContent = "window.ran = true"; document.body.append(script); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert violations and "script-src" in " ".join(violations)


def test_connect_src_self_alone_covers_the_live_socket_in_chromium(
    session, watched_page, monkeypatch
):
    """CSP 3 lets 'self' match ws: on the page's own host and port; the middleware names the
    host too, for browsers that do not (Safari before 15.4)."""
    monkeypatch.setattr(
        ContentSecurityPolicyMiddleware, "get_policy_parts", CSPMiddleware.get_policy_parts
    )
    page, violations = watched_page()

    join(page, session.meeting, "Anne Ås", "Porsgrunn kulturskole")

    response = page.goto(f"/m/{session.meeting.code}/")
    assert "connect-src 'self';" in response.headers["content-security-policy"] + ";"
    online(page)
    assert violations == []
