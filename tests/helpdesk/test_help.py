"""The private help channel: participants ask, facilitators answer and solve."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpdesk import domain
from helpdesk.models import HelpRequest
from tests.conftest import joined_client
from tests.factories import HelpRequestFactory, MeetingFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory()


def ask(client, meeting, question, **extra):
    return client.post(f"/help/{meeting.code}/ask/", {"question": question}, **extra)


# --- Asking -------------------------------------------------------------------------------


def test_participant_asks_a_question(meeting):
    client = joined_client(meeting, organisation_is_other="on")

    response = ask(client, meeting, "Jeg hører ingen lyd")

    assert response.status_code == 302
    assert response["Location"] == f"/m/{meeting.code}/"
    help_request = HelpRequest.objects.get()
    assert (help_request.meeting, help_request.question) == (meeting, "Jeg hører ingen lyd")
    assert help_request.participant.name == "Morten Hagevik"
    assert domain.help_request_state(help_request) == "open"


def test_asking_publishes_to_facilitators_and_the_asker(
    meeting, django_capture_on_commit_callbacks
):
    participant = ParticipantFactory(meeting=meeting)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        domain.help_request_create(participant=participant, question="Jeg hører ingen lyd")

    assert len(callbacks) == 2


def test_ask_without_having_joined_goes_to_the_join_page(meeting):
    response = ask(Client(), meeting, "Jeg hører ingen lyd")

    assert (response.status_code, response["Location"]) == (302, f"/m/{meeting.code}/")
    assert HelpRequest.objects.count() == 0


def test_ask_in_another_meeting_than_the_one_joined_goes_to_its_join_page(meeting):
    client = joined_client(meeting, organisation_is_other="on")
    other_meeting = MeetingFactory()

    response = ask(client, other_meeting, "Jeg hører ingen lyd")

    assert (response.status_code, response["Location"]) == (302, f"/m/{other_meeting.code}/")
    assert HelpRequest.objects.count() == 0


def test_ask_in_an_unknown_meeting_is_404():
    response = Client().post("/help/ZZZZZZ/ask/", {"question": "Hallo?"})

    assert response.status_code == 404


def test_ask_by_get_is_not_allowed(meeting):
    client = joined_client(meeting, organisation_is_other="on")

    response = client.get(f"/help/{meeting.code}/ask/")

    assert response.status_code == 405


@pytest.mark.parametrize("question", ["", "   ", "x" * 1001])
def test_ask_empty_or_too_long_shows_an_error_and_stores_nothing(meeting, question):
    client = joined_client(meeting, organisation_is_other="on")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = ask(client, meeting, question, follow=True)

    assert response.status_code == 200
    assert "Write your question in at most 1000 characters." in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_ask_exactly_1000_characters_is_stored(meeting):
    client = joined_client(meeting, organisation_is_other="on")

    ask(client, meeting, "x" * 1000)

    assert HelpRequest.objects.get().question == "x" * 1000


# --- Seeing one's own requests ------------------------------------------------------------


def test_mine_shows_only_own_requests(meeting):
    morten = joined_client(meeting, organisation_is_other="on")
    kari = joined_client(meeting, name="Kari Nordmann", organisation_is_other="on")
    ask(morten, meeting, "Jeg hører ingen lyd")
    ask(kari, meeting, "Kameraet mitt virker ikke")

    response = morten.get(f"/help/{meeting.code}/mine/")

    assert response.status_code == 200
    content = response.content.decode()
    assert [r.question for r in response.context["help_requests"]] == ["Jeg hører ingen lyd"]
    assert "Jeg hører ingen lyd" in content
    assert "Kameraet mitt virker ikke" not in content


def test_mine_shows_the_answer(meeting):
    client = joined_client(meeting, organisation_is_other="on")
    ask(client, meeting, "Jeg hører ingen lyd")
    domain.help_request_answer(
        request=HelpRequest.objects.get(), answer="Sjekk at lyden er på", author=UserFactory()
    )

    response = client.get(f"/help/{meeting.code}/mine/")

    assert '<p class="help-item__answer">' in response.content.decode()
    assert "Sjekk at lyden er på" in response.content.decode()


def test_mine_without_having_joined_goes_to_the_join_page(meeting):
    HelpRequestFactory(participant=ParticipantFactory(meeting=meeting))

    response = Client().get(f"/help/{meeting.code}/mine/")

    assert (response.status_code, response["Location"]) == (302, f"/m/{meeting.code}/")


def test_participant_page_lists_only_own_requests(meeting):
    morten = joined_client(meeting, organisation_is_other="on")
    HelpRequestFactory(participant=ParticipantFactory(meeting=meeting), question="Ikke min")
    ask(morten, meeting, "Min egen")

    content = morten.get(f"/m/{meeting.code}/").content.decode()

    assert "Min egen" in content
    assert "Ikke min" not in content


# --- The facilitators' panel --------------------------------------------------------------


@pytest.fixture
def own_meeting(facilitator_client):
    _client, user = facilitator_client
    return MeetingFactory(facilitators=[user])


def test_panel_lists_open_requests(facilitator_client, own_meeting):
    client, _user = facilitator_client
    participant = ParticipantFactory(meeting=own_meeting, name="Morten Hagevik")
    first = HelpRequestFactory(participant=participant, question="Jeg hører ingen lyd")
    second = HelpRequestFactory(participant=participant, question="Hvor er gruppen min?")
    solved = HelpRequestFactory(participant=participant, question="Løst allerede")
    domain.help_request_solve(request=solved)
    HelpRequestFactory(question="Fra et annet møte")

    response = client.get(reverse("helpdesk:panel", args=[own_meeting.pk]))

    assert response.status_code == 200
    assert list(response.context["help_requests"]) == [first, second]
    content = response.content.decode()
    assert "Porsgrunn kommune, Morten Hagevik" in content
    assert "Løst allerede" not in content
    assert "Fra et annet møte" not in content
    assert f'id="answer-{first.pk}"' in content


def test_run_page_lists_open_requests(facilitator_client, own_meeting):
    client, _user = facilitator_client
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=own_meeting))

    response = client.get(reverse("meetings:run", args=[own_meeting.pk]))

    assert list(response.context["help_requests"]) == [request]
    assert f'id="answer-{request.pk}"' in response.content.decode()


def test_panel_is_forbidden_to_another_facilitator(facilitator_client):
    client, _user = facilitator_client
    meeting = MeetingFactory()

    response = client.get(reverse("helpdesk:panel", args=[meeting.pk]))

    assert response.status_code == 403


def test_panel_redirects_anonymous_to_login(meeting):
    url = reverse("helpdesk:panel", args=[meeting.pk])

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


# --- The signal on every facilitator page -------------------------------------------------


def test_the_signal_counts_the_open_questions_and_names_the_newest(meeting):
    assert domain.help_signal(meeting.pk) == {"open": 0, "latest": 0}
    first = HelpRequestFactory(participant=ParticipantFactory(meeting=meeting))
    second = HelpRequestFactory(participant=ParticipantFactory(meeting=meeting))
    HelpRequestFactory()  # another meeting's
    domain.help_request_answer(request=first, answer="Last inn siden.", author=None)
    assert domain.help_signal(meeting.pk) == {"open": 2, "latest": second.pk}
    # Solved: no longer open, and the newest stays the newest, so no page chimes for it.
    domain.help_request_solve(request=second)
    assert domain.help_signal(meeting.pk) == {"open": 1, "latest": second.pk}


def test_the_signal_is_one_query_however_many_questions(facilitator_client, own_meeting):
    client, _user = facilitator_client
    for _ in range(30):
        HelpRequestFactory(participant=ParticipantFactory(meeting=own_meeting))
    url = reverse("helpdesk:signal", args=[own_meeting.pk])
    client.get(url)  # the session and the meeting's access, warmed up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert sum("helpdesk_helprequest" in q["sql"] for q in queries.captured_queries) == 1
    assert 'data-help-latest="' in response.content.decode()
    assert '<span class="help-signal__count">30</span>' in response.content.decode()


# --- Answering and solving ----------------------------------------------------------------


def test_answer_changes_state(facilitator_client, own_meeting):
    client, user = facilitator_client
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=own_meeting))

    response = client.post(
        reverse("helpdesk:answer", args=[own_meeting.pk, request.pk]),
        {"answer": "Sjekk at lyden er på"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:run", args=[own_meeting.pk])
    request.refresh_from_db()
    assert (request.answer, request.answered_by) == ("Sjekk at lyden er på", user)
    assert request.answered_at is not None
    assert domain.help_request_state(request) == "answered"


@pytest.mark.parametrize("answer", ["", "x" * 1001])
def test_answer_empty_or_too_long_is_refused(facilitator_client, own_meeting, answer):
    client, _user = facilitator_client
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=own_meeting))

    response = client.post(
        reverse("helpdesk:answer", args=[own_meeting.pk, request.pk]),
        {"answer": answer},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Write an answer of at most 1000 characters." in response.content.decode()
    request.refresh_from_db()
    assert (request.answer, request.answered_at) == ("", None)


def test_solve_changes_state(facilitator_client, own_meeting):
    client, _user = facilitator_client
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=own_meeting))

    response = client.post(reverse("helpdesk:solve", args=[own_meeting.pk, request.pk]))

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.solved_at is not None
    assert domain.help_request_state(request) == "solved"
    assert list(domain.help_requests_open(own_meeting.pk)) == []


@pytest.mark.parametrize("action", ["answer", "solve"])
def test_answer_and_solve_are_forbidden_to_another_facilitator(facilitator_client, action):
    client, _user = facilitator_client
    meeting = MeetingFactory()
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=meeting))

    response = client.post(
        reverse(f"helpdesk:{action}", args=[meeting.pk, request.pk]), {"answer": "Ha ha"}
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert (request.answer, request.solved_at) == ("", None)


@pytest.mark.parametrize("action", ["answer", "solve"])
def test_answer_and_solve_redirect_anonymous_to_login(meeting, action):
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=meeting))

    response = Client().post(
        reverse(f"helpdesk:{action}", args=[meeting.pk, request.pk]), {"answer": "Ha ha"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    request.refresh_from_db()
    assert (request.answer, request.solved_at) == ("", None)


@pytest.mark.parametrize("action", ["answer", "solve"])
def test_answer_and_solve_of_another_meetings_request_is_404(
    facilitator_client, own_meeting, action
):
    client, _user = facilitator_client
    foreign = HelpRequestFactory()

    response = client.post(
        reverse(f"helpdesk:{action}", args=[own_meeting.pk, foreign.pk]), {"answer": "Ha ha"}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert (foreign.answer, foreign.solved_at) == ("", None)


@pytest.mark.parametrize("action", ["answer", "solve"])
def test_answer_and_solve_refuse_get(facilitator_client, own_meeting, action):
    client, _user = facilitator_client
    request = HelpRequestFactory(participant=ParticipantFactory(meeting=own_meeting))

    response = client.get(reverse(f"helpdesk:{action}", args=[own_meeting.pk, request.pk]))

    assert response.status_code == 405
