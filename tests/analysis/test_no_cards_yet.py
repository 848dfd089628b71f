"""A facilitator whose meetings have no cards yet opens the synthesis pages once the
taxonomy's classifier is trained (found by the authorization matrix: a 500)."""

import pytest
from django.test import Client

from analysis.domain import default_taxonomy, model_train
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_facilitator():
    model_train(taxonomy=default_taxonomy())  # as the worker does after the first reviews
    user = UserFactory()
    meeting = MeetingFactory(facilitators=[user])
    client = Client()
    client.force_login(user)
    return client, meeting


def test_across_meetings_with_no_cards_is_an_empty_page(new_facilitator):
    client, _meeting = new_facilitator
    assert client.get("/analysis/").status_code == 200


def test_one_meeting_with_no_cards_is_an_empty_page(new_facilitator):
    client, meeting = new_facilitator
    assert client.get(f"/analysis/{meeting.pk}/").status_code == 200
