"""The report page (facilitators only), the share link for readers, and the recording link."""

import pytest
from django.test import Client

from reports import domain
from reports.models import ReportBuild
from tests.conftest import joined_client
from tests.factories import MeetingFactory, UserFactory
from tests.reports.material import finished_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stub_exporters(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"


@pytest.fixture
def meeting():
    return finished_meeting(cards=3)


@pytest.fixture
def facilitator(meeting):
    client = Client()
    client.force_login(meeting.facilitators.get())
    return client


def _built(meeting, **options):
    build = domain.build_request(meeting=meeting, language="nb", **options)
    return domain.build_run(build_id=build.pk)


def test_the_report_page_is_for_the_meetings_facilitators_only(meeting, facilitator):
    assert facilitator.get(f"/reports/{meeting.pk}/").status_code == 200
    other = Client()
    other.force_login(UserFactory())
    assert other.get(f"/reports/{meeting.pk}/").status_code == 403
    assert other.post(f"/reports/{meeting.pk}/build/", {"language": "nb"}).status_code == 403
    anonymous = Client().get(f"/reports/{meeting.pk}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_control_room_and_the_meeting_page_link_to_the_report(meeting, facilitator):
    for page in (f"/meetings/{meeting.pk}/run/", f"/meetings/{meeting.pk}/"):
        assert f'href="/reports/{meeting.pk}/"' in facilitator.get(page).content.decode()


def test_the_language_of_the_report_defaults_to_the_facilitators(meeting, facilitator):
    facilitator.cookies["django_language"] = "nn"
    page = facilitator.get(f"/reports/{meeting.pk}/")
    assert page.context["build_form"]["language"].value() == "nn"


def test_building_queues_a_build_and_shows_its_progress(meeting, facilitator):
    response = facilitator.post(
        f"/reports/{meeting.pk}/build/",
        {"language": "en", "include_names": "on"},
        follow=True,
    )
    build = meeting.report_builds.get()
    assert (build.status, build.language, build.include_names, build.include_hidden) == (
        "queued",
        "en",
        True,
        False,
    )
    page = response.content.decode()
    assert "data-progress-bar" in page and f'data-build="{build.pk}"' in page
    assert "Venter på at arbeidsprosessen skal begynne" in page
    # Leaving and coming back: the page shows where the build is.
    ReportBuild.objects.filter(pk=build.pk).update(
        status="running", file_format="docx", step="cards", done=120, total=200, percent=27
    )
    status = facilitator.get(f"/reports/{meeting.pk}/status/").content.decode()
    assert "Kort 120 av 200" in status and "Word (DOCX)" in status
    assert 'value="27"' in status


def test_a_second_build_while_one_runs_is_refused_with_a_message(meeting, facilitator):
    facilitator.post(f"/reports/{meeting.pk}/build/", {"language": "nb"})
    response = facilitator.post(f"/reports/{meeting.pk}/build/", {"language": "nb"}, follow=True)
    assert "Rapporten lages allerede" in response.content.decode()
    assert meeting.report_builds.count() == 1


def test_the_files_of_the_published_build_download(meeting, facilitator):
    _built(meeting)
    page = facilitator.get(f"/reports/{meeting.pk}/").content.decode()
    assert f"/reports/{meeting.pk}/files/pdf/" in page and "No files yet" not in page
    response = facilitator.get(f"/reports/{meeting.pk}/files/md/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="fremtidens-kulturskole-2024-11-20.md"'
    )
    assert b"Kort fra gruppe 1" in b"".join(response.streaming_content)
    assert facilitator.get(f"/reports/{meeting.pk}/files/odt/").status_code == 404


def test_the_page_says_when_the_material_changed(meeting, facilitator):
    _built(meeting)
    notice = "Materialet er endret siden rapporten sist ble laget"
    assert notice not in facilitator.get(f"/reports/{meeting.pk}/").content.decode()
    meeting.summary = "Et nytt sammendrag"
    meeting.save()
    assert notice in facilitator.get(f"/reports/{meeting.pk}/").content.decode()


def test_the_details_after_the_meeting_are_saved(meeting, facilitator):
    response = facilitator.post(
        f"/reports/{meeting.pk}/details/",
        {
            "recording_url": "video.example.no/opptak",
            "organised_by": "KS og Norsk kulturskoleråd",
            "summary": "Vi snakket om **framtida**.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.recording_url, meeting.organised_by, meeting.summary) == (
        "https://video.example.no/opptak",
        "KS og Norsk kulturskoleråd",
        "Vi snakket om **framtida**.",
    )


def test_a_summary_longer_than_a_card_is_refused(meeting, facilitator):
    response = facilitator.post(
        f"/reports/{meeting.pk}/details/", {"summary": "x" * 20_001, "organised_by": ""}
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.summary == ""


def test_a_reader_opens_the_shared_report_and_downloads_its_files(meeting, facilitator):
    _built(meeting)
    facilitator.post(f"/reports/{meeting.pk}/share/", {"enabled": "on"})
    token = domain.report_for(meeting).share_token
    reader = Client()
    page = reader.get(f"/r/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fremtidens kulturskole" in html and "Kort fra gruppe 1" in html
    assert "Spørsmål 1: Hva av dette er relevant hos oss?" in html
    assert "Kort fra gruppe 2" not in html  # hidden, and the build left it out
    assert "Person Nummer" not in html and "referent for gruppe 1" in html
    assert f"/r/{token}/files/pdf/" in html
    download = reader.get(f"/r/{token}/files/md/")
    assert download.status_code == 200
    assert b"Fremtidens kulturskole" in b"".join(download.streaming_content)


def test_the_shared_report_is_in_the_language_the_reader_chose(meeting, facilitator):
    report = domain.report_share(meeting=meeting, enabled=True)
    reader = Client()
    reader.cookies["django_language"] = "en"
    html = reader.get(f"/r/{report.share_token}/").content.decode()
    assert "The programme as it ran" in html and "note-taker for group 1" in html


def test_a_withdrawn_link_no_longer_opens_the_report_or_its_files(meeting, facilitator):
    _built(meeting)
    token = domain.report_share(meeting=meeting, enabled=True).share_token
    facilitator.post(f"/reports/{meeting.pk}/share/", {})
    reader = Client()
    assert reader.get(f"/r/{token}/").status_code == 404
    assert reader.get(f"/r/{token}/files/pdf/").status_code == 404
    assert reader.get("/r/not-a-token/").status_code == 404


def test_the_preview_shows_the_report_with_the_chosen_options(meeting, facilitator):
    html = facilitator.get(
        f"/reports/{meeting.pk}/preview/", {"language": "nb", "include_names": "on"}
    ).content.decode()
    assert "Person Nummer0" in html and "Porsgrunn kommune, Person Nummer0" in html
    assert Client().get(f"/reports/{meeting.pk}/preview/").status_code == 302


def test_a_participant_sees_the_recording_link_once_the_meeting_has_ended():
    meeting = MeetingFactory(recording_url="https://video.example.no/opptak")
    client = joined_client(meeting)
    link = 'href="https://video.example.no/opptak"'
    assert link not in client.get(f"/m/{meeting.code}/").content.decode()
    meeting.status = "ended"
    meeting.save()
    assert link in client.get(f"/m/{meeting.code}/").content.decode()


@pytest.mark.parametrize("cards", [3, 30])
def test_the_shared_report_takes_the_same_number_of_queries_whatever_the_size(
    cards, django_assert_num_queries
):
    meeting = finished_meeting(cards=cards)
    _built(meeting)
    token = domain.report_share(meeting=meeting, enabled=True).share_token
    reader = Client()
    with django_assert_num_queries(14):
        assert reader.get(f"/r/{token}/").status_code == 200
