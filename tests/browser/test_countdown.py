"""countdown.js, the one countdown module: its clock, the server's time, the shared tick."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A region rendered by a server whose clock is 60 s ahead of this device's: a round that
# ends at the device's "now + 90 s" has 30 s left by the server's clock.
REGION = """
<section data-server-now="{server_now}">
  <p id="running" data-countdown-to="{ends}"></p>
  <p id="paused" data-countdown-to="{ends}" data-countdown-paused="75"></p>
  <p id="over" data-countdown-to="{past}"></p>
  <div data-overtime><p id="over-shown" data-countdown-to="{past}"></p></div>
</section>
"""


@pytest.fixture
def page(new_page):
    page = new_page()
    page.goto("/healthz")
    page.add_script_tag(url="/static/samtale/js/countdown.js")
    return page


def test_the_clock_and_the_seconds_left(page):
    assert page.evaluate(
        """() => {
          const c = window.samtaleCountdown;
          const inNinety = new Date(Date.now() + 90_000).toISOString();
          return [c.clock(0), c.clock(59.6), c.clock(-75), c.clock(3600),
                  c.secondsLeft(inNinety, 0), c.secondsLeft(inNinety, 60_000),
                  c.offsetFrom("not a time")];
        }"""
    ) == ["0:00", "1:00", "1:15", "60:00", 90, 30, 0]


def test_show_marks_the_last_seconds_and_time_up(page):
    marks = page.evaluate(
        """() => [20, 15, 0, -1].map((left) => {
          const element = document.createElement("p");
          const shown = document.createElement("div");
          shown.dataset.overtime = "";
          shown.append(element);
          window.samtaleCountdown.show(element, "x", left, 15);
          return [left, element.dataset.soon, element.dataset.over];
        })"""
    )
    assert marks == [[20, "", ""], [15, "1", ""], [0, "1", ""], [-1, "", "1"]]


def test_over_time_is_shown_only_inside_data_overtime(page):
    shown = page.evaluate(
        """() => [false, true].map((overtime) => {
          const element = document.createElement("p");
          const root = document.createElement("div");
          if (overtime) root.dataset.overtime = "";
          root.append(element);
          window.samtaleCountdown.show(element, "+0:07", -7, 15);
          return [element.textContent, element.dataset.over];
        })"""
    )
    assert shown == [["0:00", ""], ["+0:07", "1"]]


def test_round_elements_count_down_by_the_servers_clock(page):
    page.evaluate(
        """(region) => {
          const at = (ms) => new Date(Date.now() + ms).toISOString();
          document.body.insertAdjacentHTML("beforeend", region
            .replace("{server_now}", at(60_000))
            .replaceAll("{ends}", at(90_000))
            .replaceAll("{past}", at(-5_000)));
        }""",
        REGION,
    )
    # Picked up on the next tick, within a second: 0:30 by the server, not 1:30.
    running = page.locator("#running")
    expect(running).to_have_text(re.compile(r"^0:(30|29|28)$"))
    expect(running).to_have_attribute("data-soon", "")
    expect(page.locator("#paused")).to_have_text("1:15")
    # Past its end: 0:00 where over time is not shown (a participant's page), how far over
    # in red inside [data-overtime] (a facilitator's).
    expect(page.locator("#over")).to_have_text("0:00")
    expect(page.locator("#over")).to_have_attribute("data-over", "")
    expect(page.locator("#over-shown")).to_have_text(re.compile(r"^\+1:0[5-9]$"))  # by the server
    expect(page.locator("#over-shown")).to_have_attribute("data-over", "1")
    shown = running.text_content()
    page.wait_for_function(
        "(shown) => document.getElementById('running').textContent !== shown", arg=shown
    )
    expect(page.locator("#paused")).to_have_text("1:15")  # a paused round stays put


def test_every_countdown_turns_on_the_one_tick(page):
    page.evaluate(
        """() => {
          window.ticked = 0;
          window.samtaleCountdown.everySecond(() => { window.ticked += 1; });
        }"""
    )
    # A function, not a string: the page's CSP refuses the eval a string predicate needs.
    page.wait_for_function("() => window.ticked >= 2", timeout=4000)
