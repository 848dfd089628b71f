"""The report page in a browser: a build by a real worker moves the progress bar live, the
files appear without a reload, and a reader opens the shared report."""

import os

import pytest
from playwright.sync_api import expect

from reports import domain
from tests.conftest import axe_violations, login_in_browser
from tests.reports.material import finished_meeting
from tests.reports.test_worker import Worker

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SAMTALE_SCREENSHOTS")


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def meeting(asgi_server, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    # /media/ is served from the folder the URLs were read with, which may be an earlier test's.
    from samtale import urls

    for pattern in urls.urlpatterns:
        if "document_root" in getattr(pattern, "default_args", {}):
            monkeypatch.setitem(pattern.default_args, "document_root", str(settings.MEDIA_ROOT))
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"
    return finished_meeting(cards=6)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_progress_bar_follows_the_worker_and_the_files_appear(
    meeting, new_page, settings, width
):
    page = new_page(width=width, height=900)
    login_in_browser(page, meeting.facilitators.get())
    page.goto(f"/reports/{meeting.pk}/")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "online")
    _shot(page, f"report-empty-{width}")
    page.get_by_label("Ta med skjulte kort").check()
    page.get_by_role("button", name="Lag rapporten", exact=True).click()
    expect(page.locator("[data-progress-label]")).to_have_text(
        "Venter på at arbeidsprosessen skal begynne …"
    )
    expect(page.get_by_role("button", name="Lag rapporten", exact=True)).to_be_disabled()

    worker = Worker(settings.MEDIA_ROOT, delay=0.15)
    try:
        expect(page.locator("[data-progress-label]")).to_contain_text("Kort", timeout=20_000)
        expect(page.locator("[data-progress-label]")).to_contain_text(" av 7")
        _shot(page, f"report-building-{width}")
        downloads = page.locator(".report-file")
        expect(downloads).to_have_count(6, timeout=30_000)  # without reloading the page
    finally:
        worker.stop()
    expect(page.get_by_role("button", name="Lag rapporten på nytt")).to_be_enabled()
    expect(page.get_by_text("Materialet er endret")).to_have_count(0)
    assert not axe_violations(page)
    _shot(page, f"report-ready-{width}")
    with page.expect_download() as download:
        downloads.first.click()
    assert download.value.suggested_filename == "fremtidens-kulturskole-2024-11-20.pdf"


@pytest.mark.parametrize("width", [1366, 390])
def test_a_reader_opens_the_shared_report(meeting, new_page, width):
    meeting.summary = "Et godt møte om **framtidas kulturskole**, med 20 kommuner."
    meeting.organised_by = "KS og Norsk kulturskoleråd"
    meeting.recording_url = "https://video.example.no/opptak"
    meeting.save()
    domain.build_run(build_id=domain.build_request(meeting=meeting, language="nb").pk)
    token = domain.report_share(meeting=meeting, enabled=True).share_token
    page = new_page(width=width, height=900)
    page.goto(f"/r/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fremtidens kulturskole")
    expect(page.get_by_role("link", name="Se opptaket")).to_be_visible()
    picture = page.get_by_role("img", name="Tavle med lapper fra gruppe 1")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.complete && image.naturalWidth") == 40
    assert not axe_violations(page)
    _shot(page, f"report-shared-{width}")
