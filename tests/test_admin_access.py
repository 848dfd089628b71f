"""The Django admin is for superusers alone: its model admins show every meeting's data."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.domain import facilitator_create
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

MEETINGS_ADMIN = "/admin/meetings/meeting/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_facilitator_is_not_staff():
    user = facilitator_create(username="kari", password="Et-godt-passord-42")

    assert (user.is_staff, user.is_superuser) == (False, False)


@pytest.mark.parametrize("url", ["/admin/", MEETINGS_ADMIN])
def test_a_facilitator_is_sent_to_the_admin_login(url):
    MeetingFactory(title="Someone else's meeting")
    client = logged_in(facilitator_create(username="kari", password="Et-godt-passord-42"))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_facilitator_made_staff_before_still_cannot_see_the_meetings():
    """Staff alone is not enough: the admin asks for a superuser."""
    MeetingFactory(title="Someone else's meeting")
    client = logged_in(UserFactory(username="old-staff", is_staff=True))

    response = client.get(MEETINGS_ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    login_page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert login_page.status_code == 200
    assert "not authorized to access this page" in login_page.content.decode()
    assert "Someone else" not in login_page.content.decode()


def test_a_facilitator_cannot_log_in_to_the_admin():
    facilitator_create(username="kari", password="Et-godt-passord-42")
    client = Client()

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "kari", "password": "Et-godt-passord-42", "next": "/admin/"},
    )

    assert response.status_code == 200  # the form again, with an error
    assert client.get(MEETINGS_ADMIN).status_code == 302


def test_a_superuser_sees_the_meetings():
    MeetingFactory(title="Fremtidens kulturskole")
    client = logged_in(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.get(MEETINGS_ADMIN)

    assert response.status_code == 200
    assert "Fremtidens kulturskole" in response.content.decode()


def test_the_migration_makes_facilitators_no_staff_and_leaves_superusers():
    UserFactory(username="old-staff", is_staff=True)
    UserFactory(username="root", is_staff=True, is_superuser=True)
    migration = importlib.import_module("accounts.migrations.0001_facilitators_not_staff")

    migration.facilitators_not_staff(apps, schema_editor=None)

    users = get_user_model().objects.all()
    assert {(user.username, user.is_staff) for user in users} == {
        ("old-staff", False),
        ("root", True),
    }
