"""The import pages: uploads, results, errors that name line and column, access, size."""

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler, RequestFactory

from imports.models import PadletImport, VideoCallReport
from imports.uploads import REQUEST_OVERHEAD_BYTES, SizeLimitedUpload
from meetings.models import Meeting
from tests.factories import MeetingFactory, UserFactory
from tests.imports.conftest import example
from wall.models import Card

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(facilitator_client):
    client, user = facilitator_client
    client.cookies["django_language"] = "en"
    return client, user


def padlet_post(client, name="padlet-board.csv", data=None, **fields):
    upload = SimpleUploadedFile(name, data if data is not None else example(name))
    form = {
        "padlet-file": upload,
        "padlet-title": "Fremtidens kulturskole",
        "padlet-date": "2025-11-20",
        "padlet-sections_as": "questions",
        "padlet-group_by": "post",
        **fields,
    }
    return client.post("/imports/padlet/", form)


def zoom_post(client, meeting, data=None, name="zoom-participants.csv"):
    upload = SimpleUploadedFile(name, data if data is not None else example(name))
    return client.post("/imports/zoom/", {"zoom-meeting": meeting.pk, "zoom-file": upload})


def test_import_page_needs_a_login():
    response = Client().get("/imports/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_meeting_list_links_to_the_import_page(facilitator):
    client, _user = facilitator
    assert 'href="/imports/"' in client.get("/meetings/").content.decode()


def test_import_page_shows_both_uploads(facilitator):
    client, _user = facilitator
    MeetingFactory(facilitators=[_user])
    page = client.get("/imports/").content.decode()
    assert 'name="padlet-file"' in page
    assert 'name="zoom-file"' in page
    assert 'enctype="multipart/form-data"' in page


def test_import_page_queries_do_not_grow_with_imports(facilitator, django_assert_max_num_queries):
    client, user = facilitator
    for _ in range(3):
        padlet_post(client)
    with django_assert_max_num_queries(8):
        assert client.get("/imports/").status_code == 200


def test_padlet_upload_creates_the_meeting_and_shows_the_result(facilitator):
    client, user = facilitator
    response = padlet_post(client, **{"padlet-keep_authors": "on"})
    record = PadletImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/imports/meetings/{record.meeting_id}/padlet/"
    assert record.meeting.facilitators.get() == user
    assert record.keep_authors
    page = client.get(response["Location"]).content.decode()
    assert "Fremtidens kulturskole" in page
    assert "Open the wall" in page
    assert f'href="/wall/{record.meeting.code}/{record.meeting.items.get().pk}/"' in page
    assert "Hva griper vi fatt i først – hva må vi først få på plass?" in page


def test_the_imported_wall_opens_for_its_facilitator(facilitator):
    client, _user = facilitator
    padlet_post(client)
    meeting = Meeting.objects.get()
    page = client.get(f"/wall/{meeting.code}/{meeting.items.get().pk}/").content.decode()
    assert "Rammeplanen gir oss et felles språk." in page


def test_padlet_workbook_upload(facilitator):
    client, _user = facilitator
    response = padlet_post(client, name="padlet-board-shelf.xlsx", **{"padlet-group_by": "subject"})
    assert response.status_code == 302
    assert Card.objects.count() == 4


def test_broken_padlet_file_is_refused_naming_line_and_column(facilitator):
    client, _user = facilitator
    data = b"Subject,Body\nGruppe 1,Tekst\nGruppe 2,Tekst,Mer tekst\n"
    response = padlet_post(client, name="feil.csv", data=data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The file was not imported. Nothing was saved." in page
    assert "<strong>Line 3, column C:</strong> This cell is outside the columns" in page
    assert not Meeting.objects.exists()
    # The form keeps what was written, so only the file needs choosing again.
    assert 'value="Fremtidens kulturskole"' in page


def test_errors_come_in_the_users_language(facilitator):
    client, _user = facilitator
    client.cookies["django_language"] = "nb"
    page = padlet_post(client, name="feil.csv", data=b"Subject,Author\nA,B\n").content.decode()
    assert 'lang="nb"' in page
    assert "Body" in page


def test_padlet_form_needs_a_title_and_a_date(facilitator):
    client, _user = facilitator
    response = padlet_post(client, **{"padlet-title": "", "padlet-date": ""})
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_zoom_upload_attaches_the_report_to_the_meeting(facilitator, loaded_register):
    client, user = facilitator
    meeting = MeetingFactory(facilitators=[user], title="Temamøte")
    response = zoom_post(client, meeting)
    assert response.status_code == 302
    assert response["Location"] == f"/imports/meetings/{meeting.pk}/zoom/"
    page = client.get(response["Location"]).content.decode()
    assert VideoCallReport.objects.get().meeting == meeting
    assert "Kari Hansen" in page
    assert "No comma between organisation and name" in page
    assert "Telemark" in page and "Porsgrunn" in page
    assert "1463" in page


def test_zoom_upload_cannot_choose_another_facilitators_meeting(facilitator):
    client, _user = facilitator
    others = MeetingFactory(facilitators=[UserFactory()])
    response = zoom_post(client, others)
    assert response.status_code == 400
    assert not VideoCallReport.objects.exists()


def test_broken_zoom_report_is_refused_naming_line_and_column(facilitator):
    client, user = facilitator
    meeting = MeetingFactory(facilitators=[user])
    data = b"Name (Original Name),Duration (Minutes)\nKari Hansen,lenge\n"
    page = zoom_post(client, meeting, data=data, name="zoom.csv").content.decode()
    assert "<strong>Line 2, column B (Duration (Minutes)):</strong>" in page
    assert not VideoCallReport.objects.exists()


@pytest.mark.parametrize("kind", ["padlet", "zoom"])
def test_results_are_for_the_meetings_facilitators_only(facilitator, kind):
    client, _user = facilitator
    others = MeetingFactory(facilitators=[UserFactory()])
    assert client.get(f"/imports/meetings/{others.pk}/{kind}/").status_code == 403


def test_result_of_a_meeting_without_an_import_is_not_found(facilitator):
    client, user = facilitator
    meeting = MeetingFactory(facilitators=[user])
    assert client.get(f"/imports/meetings/{meeting.pk}/padlet/").status_code == 404
    assert client.get(f"/imports/meetings/{meeting.pk}/zoom/").status_code == 404


def test_upload_is_protected_against_cross_site_requests(facilitator):
    _client, user = facilitator
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    upload = SimpleUploadedFile("padlet-board.csv", example("padlet-board.csv"))
    response = client.post("/imports/padlet/", {"padlet-file": upload})
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_file_over_the_limit_is_refused_before_it_is_read(facilitator):
    client, _user = facilitator
    big = b"Subject,Body\n" + b"Gruppe,Tekst\n" * (11 * 1024 * 1024 // 13)
    page = padlet_post(client, name="stor.csv", data=big).content.decode()
    assert "The file is too large: at most 10 MB." in page
    assert not Meeting.objects.exists()


def test_50_megabyte_upload_is_refused_quickly_without_being_held_in_memory(facilitator, tmp_path):
    """The request body is on disk, as a server spools it; the view must not pull it in."""
    client, _user = facilitator
    client.get("/imports/")  # a CSRF cookie, as a browser has
    token = client.cookies["csrftoken"].value
    body_path = tmp_path / "body"
    file_bytes = 50 * 1024 * 1024
    with body_path.open("wb") as body:
        for name, value in [
            ("csrfmiddlewaretoken", token),
            ("padlet-title", "Stort møte"),
            ("padlet-date", "2025-11-20"),
            ("padlet-sections_as", "questions"),
            ("padlet-group_by", "post"),
        ]:
            body.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        body.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="padlet-file"; '
            f'filename="stor.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        )
        line = b"Gruppe 1,Vi vil ha mer samarbeid med skolen og barnehagene\n" * 1000
        for _ in range(file_bytes // len(line)):
            body.write(line)
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    size = body_path.stat().st_size
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    environ = RequestFactory()._base_environ(
        PATH_INFO="/imports/padlet/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(size),
        HTTP_COOKIE=cookies,
        HTTP_X_CSRFTOKEN=token,
    )
    handler = ClientHandler(enforce_csrf_checks=True)
    with body_path.open("rb") as body:
        environ["wsgi.input"] = io.BufferedReader(body)
        tracemalloc.start()
        response = handler(environ)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert response.status_code == 400
    assert "The file is too large: at most 10 MB." in response.content.decode()
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert not Meeting.objects.exists()


def test_upload_handler_stops_keeping_a_file_past_the_limit():
    handler = SizeLimitedUpload(limit=100)
    handler.handle_raw_input(None, {}, 150, b"x")
    handler.new_file("padlet-file", "stor.csv", "text/csv", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60  # passed on to be kept
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert handler.too_large


def test_upload_handler_skips_at_once_a_request_too_large_to_hold_an_acceptable_file():
    handler = SizeLimitedUpload(limit=100)
    handler.handle_raw_input(None, {}, 101 + REQUEST_OVERHEAD_BYTES, b"x")
    with pytest.raises(SkipFile):
        handler.new_file("padlet-file", "stor.csv", "text/csv", None)
