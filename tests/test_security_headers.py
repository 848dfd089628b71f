"""The headers that keep a page to itself: its Content-Security-Policy, who may keep a copy of
it (Cache-Control), the secure language cookie and HSTS under HTTPS; and a refused request
logged as one line."""

import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path, reverse

from samtale import urls as samtale_urls
from samtale.settings import s3_picture_origins
from tests.conftest import joined_client
from tests.deploy.conftest import deploy_environment
from tests.factories import MeetingFactory, ParticipantFactory, group_session
from tests.groups.test_views import manage_url

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


# --- Content-Security-Policy -----------------------------------------------------------------


def test_the_home_page_runs_only_its_own_scripts():
    response = Client().get("/")

    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]


def test_a_participant_page_may_open_the_live_socket_of_its_own_host_only():
    meeting = MeetingFactory()
    client = joined_client(meeting)

    response = client.get(f"/m/{meeting.code}/", HTTP_HOST="localhost:8000")

    assert response.status_code == 200
    assert directives(response)["connect-src"] == ["'self'", "ws://localhost:8000"]
    assert directives(response)["script-src"] == ["'self'"]


def test_over_https_the_live_socket_is_wss(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get("/", HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")

    assert directives(response)["connect-src"] == ["'self'", "wss://localhost"]


def test_a_refused_host_still_gets_a_policy():
    response = Client().get("/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert directives(response)["script-src"] == ["'self'"]
    assert directives(response)["connect-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("options", "origins"),
    [
        (
            {"custom_domain": "bilder.kommune.no", "bucket_name": "b", "endpoint_url": None},
            ["https://bilder.kommune.no"],
        ),
        (
            {"custom_domain": None, "bucket_name": "b", "endpoint_url": "https://s3.x.no:9000"},
            ["https://s3.x.no:9000", "https://b.s3.x.no:9000"],
        ),
        (
            {
                "custom_domain": None,
                "bucket_name": "b",
                "endpoint_url": None,
                "region_name": "eu-north-1",
            },
            ["https://b.s3.amazonaws.com", "https://b.s3.eu-north-1.amazonaws.com"],
        ),
    ],
)
def test_pictures_in_a_bucket_are_allowed_from_the_bucket_alone(options, origins):
    assert s3_picture_origins({"region_name": None, **options}) == origins


# --- Cache-Control ---------------------------------------------------------------------------


def test_a_facilitators_page_is_private(facilitator_client):
    client, user = facilitator_client

    response = client.get(reverse("meetings:list"))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_participants_page_is_private():
    meeting = MeetingFactory()
    client = joined_client(meeting)

    response = client.get(f"/m/{meeting.code}/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_roster_download_is_not_stored(facilitator_client):
    client, user = facilitator_client
    item = group_session(MeetingFactory(facilitators=[user]))
    ParticipantFactory(meeting=item.meeting, email="kari@ks.no")

    for kind in ("export-zoom", "export-csv", "export-xlsx"):
        response = client.get(manage_url(kind, item))

        assert response.status_code == 200
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control, kind


def test_a_response_that_reads_no_session_may_be_cached():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert "Cache-Control" not in response


# --- HTTPS: the language cookie and HSTS -------------------------------------------------------


def test_with_https_the_language_cookie_is_secure_and_hsts_is_sent(tmp_path):
    """Production settings, HTTPS=true from deploy/env.example: choosing a language sets a
    Secure cookie, and a page over HTTPS carries Strict-Transport-Security."""
    script = (
        "import json, django; django.setup();"
        "from django.conf import settings; from django.test import Client;"
        "response = Client().post('/i18n/setlang/', {'language': 'nn', 'next': '/'},"
        " HTTP_HOST='127.0.0.1', HTTP_X_FORWARDED_PROTO='https');"
        "cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME];"
        "print(json.dumps({'status': response.status_code, 'secure': bool(cookie['secure']),"
        " 'hsts': response.get('Strict-Transport-Security')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**deploy_environment(tmp_path), "DJANGO_SETTINGS_MODULE": "samtale.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "status": 302,
        "secure": True,
        "hsts": "max-age=31536000; includeSubDomains",
    }


# --- A refused request is one line in the log ---------------------------------------------------


def refused(request):
    raise PermissionDenied("not yours")


def broken(request):
    raise RuntimeError("a fault")


# samtale's own URLs too: the error pages link the home page.
urlpatterns = [path("refused/", refused), path("broken/", broken), *samtale_urls.urlpatterns]


@pytest.fixture
def these_urls(settings):
    settings.ROOT_URLCONF = __name__


def request_log(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "django.request"]


def test_a_403_is_logged_as_one_line_without_a_traceback(these_urls, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")

    response = Client().get("/refused/")

    assert response.status_code == 403
    (record,) = request_log(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "Forbidden (Permission denied): /refused/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text
    assert len(caplog.text.strip().splitlines()) == 1


def test_a_500_keeps_its_traceback(these_urls, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")

    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    (record,) = request_log(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "Traceback" in caplog.text
    assert "RuntimeError: a fault" in caplog.text
