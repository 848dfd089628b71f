"""Facilitator accounts: logging in and out, and creating them from the command line."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_renders():
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert "Log in as facilitator" in content


def test_login_redirects_to_my_meetings():
    user = UserFactory(username="anna")
    client = Client()

    response = client.post("/accounts/login/", {"username": "anna", "password": "a-good-password"})

    assert response.status_code == 302
    assert response["Location"] == "/meetings/"
    assert client.get("/meetings/").status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_honours_next():
    UserFactory(username="anna")

    response = Client().post(
        "/accounts/login/",
        {"username": "anna", "password": "a-good-password", "next": "/meetings/new/"},
    )

    assert response["Location"] == "/meetings/new/"


def test_login_refuses_a_next_to_another_site():
    UserFactory(username="anna")

    response = Client().post(
        "/accounts/login/",
        {"username": "anna", "password": "a-good-password", "next": "https://evil.example/"},
    )

    assert response["Location"] == "/meetings/"


def test_login_with_a_wrong_password_shows_an_error():
    UserFactory(username="anna")
    client = Client()

    response = client.post("/accounts/login/", {"username": "anna", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_logged_in_user_visiting_login_goes_to_my_meetings(facilitator_client):
    client, _user = facilitator_client

    response = client.get("/accounts/login/")

    assert response.status_code == 302
    assert response["Location"] == "/meetings/"


def test_logout_by_post(facilitator_client):
    client, _user = facilitator_client

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/meetings/").status_code == 302


def test_logout_by_get_is_not_allowed(facilitator_client):
    client, _user = facilitator_client

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert client.get("/meetings/").status_code == 200


# --- manage.py create_facilitator ---------------------------------------------------------


def test_create_facilitator_creates_a_user_who_is_not_staff():
    out = StringIO()

    call_command(
        "create_facilitator",
        "anna",
        "--password",
        "long-enough-password",
        "--email",
        "anna@ks.no",
        "--name",
        "Anna Berg Hansen",
        stdout=out,
    )

    user = get_user_model().objects.get(username="anna")
    # Not staff: the admin is for superusers alone (accounts/admin.py).
    assert (user.is_staff, user.is_superuser, user.email) == (False, False, "anna@ks.no")
    assert (user.first_name, user.last_name) == ("Anna", "Berg Hansen")
    assert user.check_password("long-enough-password") is True
    assert out.getvalue() == "Facilitator anna is ready.\n"


def test_create_facilitator_generate_prints_a_password_that_works():
    out = StringIO()

    call_command("create_facilitator", "anna", "--generate", stdout=out)

    match = re.search(r"^Password: (\S+)$", out.getvalue(), re.MULTILINE)
    assert match, out.getvalue()
    password = match.group(1)
    assert len(password) >= 12
    client = Client()
    response = client.post("/accounts/login/", {"username": "anna", "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/meetings/"


def test_create_facilitator_superuser():
    call_command("create_facilitator", "root", "--generate", "--superuser", stdout=StringIO())

    user = get_user_model().objects.get(username="root")
    assert (user.is_staff, user.is_superuser) == (True, True)


def test_create_facilitator_again_resets_the_password():
    UserFactory(username="anna")

    call_command("create_facilitator", "anna", "--password", "a-new-password", stdout=StringIO())

    user = get_user_model().objects.get(username="anna")
    assert get_user_model().objects.filter(username="anna").count() == 1
    assert user.check_password("a-new-password") is True
    assert user.check_password("a-good-password") is False


@pytest.mark.parametrize("password", ["short", "1234567"])
def test_create_facilitator_refuses_a_short_password(password):
    with pytest.raises(CommandError):
        call_command("create_facilitator", "anna", "--password", password, stdout=StringIO())

    assert get_user_model().objects.filter(username="anna").exists() is False


@pytest.mark.django_db
def test_admin_lists_every_kind_of_data(admin_client):
    for path in [
        "meetings/meeting",
        "meetings/programmeitem",
        "participants/participant",
        "helpdesk/helprequest",
        "register/municipality",
        "groups/group",
        "groups/round",
        "wall/card",
        "wall/reportslot",
    ]:
        assert admin_client.get(f"/admin/{path}/").status_code == 200, path
