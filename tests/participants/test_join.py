"""Joining a meeting without an account, being recognised again, and leaving."""

import re

import pytest
from django.conf import settings
from django.test import Client

from meetings import domain as meetings_domain
from meetings.models import Meeting
from participants import domain
from participants.models import Participant
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

VALID = {
    "organisation": "Porsgrunn kommune",
    "organisation_is_other": "on",
    "name": "Morten Hagevik",
    "email": "",
    "join_key": "key-1",
}


def english(client):
    """Choose English, as a person would: a meeting's own language gives way to the choice."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def join(client, meeting, **changes):
    english(client)
    data = {**VALID, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"/m/{meeting.code}/join/", data, HTTP_ACCEPT_LANGUAGE="en")


def display_name_on(response) -> str:
    match = re.search(r'<output id="display-name">(.*?)</output>', response.content.decode())
    assert match, "the live page shows no display name"
    return match.group(1)


@pytest.fixture
def meeting():
    return MeetingFactory(zoom_preassign=True)


# --- The join page ------------------------------------------------------------------------


def test_meeting_page_shows_the_join_form(meeting):
    response = Client().get(f"/m/{meeting.code}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert re.search(r'<input type="hidden" name="join_key" value="[\w-]{16,}"', content)
    assert f'action="/m/{meeting.code}/join/"' in content
    assert 'name="organisation"' in content
    assert 'name="name"' in content


def test_meeting_page_gives_each_visit_a_new_join_key(meeting):
    pattern = r'name="join_key" value="([\w-]+)"'
    first = re.search(pattern, Client().get(f"/m/{meeting.code}/").content.decode()).group(1)
    second = re.search(pattern, Client().get(f"/m/{meeting.code}/").content.decode()).group(1)

    assert first != second


def test_meeting_page_with_lowercase_code_redirects_to_the_canonical(meeting):
    response = Client().get(f"/m/{meeting.code.lower()}/")

    assert response.status_code == 302
    assert response["Location"] == f"/m/{meeting.code}/"


def test_meeting_page_with_unknown_code_is_404_with_a_clear_message():
    response = Client().get("/m/ZZZZZZ/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "We could not find a meeting with that code." in response.content.decode()


def test_meeting_page_of_an_ended_meeting_is_410(meeting):
    meetings_domain.meeting_end(meeting=meeting)
    client = english(Client())

    response = client.get(f"/m/{meeting.code}/")

    assert response.status_code == 410
    assert "This meeting has ended" in response.content.decode()
    assert 'name="join_key"' not in response.content.decode()
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("code", ["A/B", "AB?C=1", "../admin", "AB#"])
def test_code_entry_refuses_a_code_that_is_not_letters_and_digits(code):
    response = Client().get("/m/", {"code": code})

    assert response.status_code == 200
    assert "En møtekode har bare bokstaver og tall." in response.content.decode()


def test_code_entry_redirects_to_the_meeting(meeting):
    response = Client().post("/m/", {"code": f" {meeting.code.lower()} "})

    assert response.status_code == 302
    assert response["Location"] == f"/m/{meeting.code}/"


# --- Joining ------------------------------------------------------------------------------


def test_join_creates_the_participant_and_remembers_the_session(meeting):
    client = Client()

    response = join(client, meeting)

    assert response.status_code == 302
    assert response["Location"] == f"/m/{meeting.code}/"
    participant = Participant.objects.get()
    assert (participant.meeting, participant.name, participant.organisation) == (
        meeting,
        "Morten Hagevik",
        "Porsgrunn kommune",
    )
    assert (participant.is_local_site, participant.head_count, participant.left_at) == (
        False,
        1,
        None,
    )
    page = client.get(f"/m/{meeting.code}/")
    assert page.status_code == 200
    assert display_name_on(page) == "Porsgrunn kommune, Morten Hagevik"
    assert page.context["participant"] == participant


def test_join_tidies_whitespace_in_the_name(meeting):
    join(Client(), meeting, name="  Morten   Hagevik ", organisation=" Porsgrunn  kommune")

    participant = Participant.objects.get()
    assert participant.display_name == "Porsgrunn kommune, Morten Hagevik"


def test_join_with_an_unmatched_organisation_keeps_it_as_typed(meeting):
    join(Client(), meeting, organisation="Norsk kulturskoleråd", organisation_is_other=None)

    participant = Participant.objects.get()
    assert participant.organisation == "Norsk kulturskoleråd"
    assert (participant.municipality, participant.county) == (None, None)


def test_join_with_the_conftest_helper_shows_the_display_name(meeting):
    client = joined_client(meeting, organisation_is_other="on")

    page = client.get(f"/m/{meeting.code}/")

    assert display_name_on(page) == "Porsgrunn kommune, Morten Hagevik"


def test_join_with_the_same_join_key_twice_makes_one_participant(meeting):
    # A double submit: the second request comes before the first one's cookie is stored.
    first = join(Client(), meeting, join_key="same-key")
    second = join(Client(), meeting, join_key="same-key")

    assert (first.status_code, second.status_code) == (302, 302)
    assert Participant.objects.count() == 1


def test_join_twice_from_the_same_session_makes_one_participant(meeting):
    client = Client()
    join(client, meeting, join_key="key-a")

    response = join(client, meeting, join_key="key-b", name="Noen Andre")

    assert response.status_code == 302
    assert Participant.objects.count() == 1
    assert Participant.objects.get().name == "Morten Hagevik"


def test_coming_back_with_the_same_session_is_the_same_participant(meeting):
    client = Client()
    join(client, meeting)
    participant = Participant.objects.get()

    first_visit = client.get(f"/m/{meeting.code}/")
    second_visit = client.get(f"/m/{meeting.code}/")

    assert first_visit.context["participant"] == participant
    assert second_visit.context["participant"] == participant
    assert Participant.objects.count() == 1


def test_join_with_a_lowercase_code_joins_the_meeting(meeting):
    response = Client().post(f"/m/{meeting.code.lower()}/join/", VALID)

    assert response.status_code == 302
    assert response["Location"] == f"/m/{meeting.code}/"
    assert Participant.objects.get().meeting == meeting


def test_join_an_unknown_code_is_404():
    response = Client().post("/m/ZZZZZZ/join/", VALID)

    assert response.status_code == 404
    assert Participant.objects.count() == 0


def test_join_by_get_is_not_allowed(meeting):
    response = Client().get(f"/m/{meeting.code}/join/")

    assert response.status_code == 405


def test_join_a_live_meeting_works(meeting):
    meetings_domain.meeting_start(meeting=meeting)

    response = join(Client(), meeting)

    assert response.status_code == 302
    assert Participant.objects.count() == 1


# --- Refused input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "M"),
        ("name", "   "),
        ("name", "x" * 101),
        ("name", "x" * 10_000),
        ("name", "<script>alert(1)</script>"),
        ("name", "Morten {Hagevik}"),
        ("name", "Morten\x07Hagevik"),
        ("name", "Morten\x1b[31mHagevik"),
        ("name", "Morten\x00Hagevik"),
        ("organisation", ""),
        ("organisation", "P"),
        ("organisation", "x" * 151),
        ("organisation", "<script>alert(1)</script>"),
        ("organisation", "Porsgrunn\x7fkommune"),
        ("email", "not-an-email"),
        ("email", "morten@"),
    ],
    ids=[
        "name-empty",
        "name-1-char",
        "name-blank",
        "name-101-chars",
        "name-10000-chars",
        "name-script",
        "name-braces",
        "name-bell",
        "name-escape",
        "name-nul",
        "organisation-empty",
        "organisation-1-char",
        "organisation-151-chars",
        "organisation-script",
        "organisation-delete",
        "email-invalid",
        "email-no-domain",
    ],
)
def test_join_refuses_invalid_input_and_stores_nothing(meeting, field, value):
    client = Client()

    response = join(client, meeting, **{field: value})

    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert "<script>alert(1)</script>" not in content
    assert Participant.objects.count() == 0
    # Nothing remembered either: the next visit shows the join form again.
    assert 'name="join_key"' in client.get(f"/m/{meeting.code}/").content.decode()


def test_join_refused_name_shows_an_english_message(meeting):
    response = join(Client(), meeting, name="<script>alert(1)</script>")

    assert "The name cannot contain the characters &lt; &gt; { }." in response.content.decode()


def test_join_accepts_a_name_of_exactly_100_characters(meeting):
    response = join(Client(), meeting, name="x" * 100)

    assert response.status_code == 302
    assert Participant.objects.get().name == "x" * 100


def test_join_accepts_norwegian_letters_and_hyphens(meeting):
    join(Client(), meeting, name="Åse Øyen-Ærøe", organisation="Bø kommune")

    assert Participant.objects.get().display_name == "Bø kommune, Åse Øyen-Ærøe"


# --- Local sites --------------------------------------------------------------------------


def test_the_head_count_is_not_called_optional_since_a_local_site_must_give_it(meeting):
    import re

    page = Client().get(f"/m/{meeting.code}/").content.decode()
    label = re.search(r'<label for="id_head_count">(.*?)</label>', page, re.S).group(1)
    assert "valgfritt" not in label
    # The other optional fields still say so.
    email = re.search(r'<label for="id_email">(.*?)</label>', page, re.S).group(1)
    assert "valgfritt" in email


def test_join_as_local_site_without_head_count_is_an_error(meeting):
    response = join(Client(), meeting, name="Kulturhuset, møterom 2", is_local_site="on")

    assert response.status_code == 400
    assert 'id="id_head_count_error"' in response.content.decode()
    assert Participant.objects.count() == 0


def test_join_as_local_site_saves_the_head_count(meeting):
    response = join(
        Client(), meeting, name="Kulturhuset, møterom 2", is_local_site="on", head_count="6"
    )

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.is_local_site, participant.head_count) == (True, 6)


@pytest.mark.parametrize("head_count", ["1", "0", "501", "-3", "many"])
def test_join_as_local_site_refuses_an_impossible_head_count(meeting, head_count):
    response = join(Client(), meeting, is_local_site="on", head_count=head_count)

    assert response.status_code == 400
    assert 'id="id_head_count_error"' in response.content.decode()
    assert Participant.objects.count() == 0


def test_join_as_one_person_ignores_a_head_count(meeting):
    join(Client(), meeting, head_count="6")

    participant = Participant.objects.get()
    assert (participant.is_local_site, participant.head_count) == (False, 1)


def test_join_saves_a_valid_email(meeting):
    join(Client(), meeting, email="morten@porsgrunn.kommune.no")

    assert Participant.objects.get().email == "morten@porsgrunn.kommune.no"


def test_the_join_page_asks_for_e_mail_only_when_zoom_rooms_are_assigned_ahead(meeting):
    page = Client().get(f"/m/{meeting.code}/").content.decode()
    assert 'name="email"' in page and "Zoom" in page
    without = MeetingFactory(zoom_preassign=False)

    page = Client().get(f"/m/{without.code}/").content.decode()

    assert 'name="email"' not in page


def test_an_e_mail_the_meeting_does_not_ask_for_is_not_kept():
    without = MeetingFactory(zoom_preassign=False)

    join(Client(), without, email="not-even-an-address")

    assert Participant.objects.get().email == ""


# --- Ended meetings -----------------------------------------------------------------------


def test_join_post_to_an_ended_meeting_stores_nothing(meeting):
    meetings_domain.meeting_end(meeting=meeting)
    client = Client()

    response = join(client, meeting)

    assert "This meeting has ended" in response.content.decode()
    assert Participant.objects.count() == 0
    assert client.session.get(domain.SESSION_KEY) is None


def test_join_post_to_an_ended_meeting_is_410(meeting):
    meetings_domain.meeting_end(meeting=meeting)

    response = join(Client(), meeting)

    assert response.status_code == 410


def test_participant_join_in_an_ended_meeting_raises(meeting):
    meetings_domain.meeting_end(meeting=meeting)

    with pytest.raises(domain.JoinError):
        domain.participant_join(
            meeting=Meeting.objects.get(pk=meeting.pk), name="Morten", organisation="Skien"
        )

    assert Participant.objects.count() == 0


def test_joined_participant_still_sees_an_ended_meeting(meeting):
    client = Client()
    join(client, meeting)
    meetings_domain.meeting_end(meeting=meeting)

    response = client.get(f"/m/{meeting.code}/")

    assert response.status_code == 200
    assert display_name_on(response) == "Porsgrunn kommune, Morten Hagevik"


# --- Leaving ------------------------------------------------------------------------------


def test_leave_marks_left_at_and_presence_drops(meeting):
    client = Client()
    join(client, meeting)
    ParticipantFactory(meeting=meeting)
    assert domain.presence_counts(meeting)["people"] == 2

    response = client.post(f"/m/{meeting.code}/leave/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    participant = Participant.objects.get(name="Morten Hagevik")
    assert participant.left_at is not None
    assert domain.presence_counts(meeting) == {
        "people": 1,
        "joined": 1,
        "local_sites": 0,
        "unmatched": 1,
    }


def test_leave_without_having_joined_changes_nothing(meeting):
    other = ParticipantFactory(meeting=meeting)

    response = Client().post(f"/m/{meeting.code}/leave/")

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.left_at is None


def test_joining_again_after_leaving_counts_the_person_again(meeting):
    client = Client()
    join(client, meeting, join_key="first")
    client.post(f"/m/{meeting.code}/leave/")

    join(client, meeting, join_key="second")

    assert domain.presence_counts(meeting)["people"] == 1


# --- Sessions -----------------------------------------------------------------------------


def test_participant_from_session_finds_the_remembered_participant(meeting):
    participant = ParticipantFactory(meeting=meeting)
    session = {}

    domain.participant_remember(session, participant)

    assert domain.participant_from_session(session, meeting) == participant


def test_participant_from_session_ignores_a_token_from_another_meeting(meeting):
    other_meeting = MeetingFactory()
    stranger = ParticipantFactory(meeting=other_meeting)
    # The other meeting's token, put under this meeting's key.
    session = {domain.SESSION_KEY: {str(meeting.pk): stranger.token}}

    assert domain.participant_from_session(session, meeting) is None


def test_participant_from_session_without_anything_remembered_is_none(meeting):
    assert domain.participant_from_session({}, meeting) is None
    assert domain.participant_from_session(None, meeting) is None


def test_session_of_one_meeting_does_not_join_another(meeting):
    client = Client()
    join(client, meeting)
    other_meeting = MeetingFactory()

    page = client.get(f"/m/{other_meeting.code}/")

    assert page.status_code == 200
    assert 'name="join_key"' in page.content.decode()
    response = join(client, other_meeting, join_key="key-2")
    assert response.status_code == 302
    assert Participant.objects.filter(meeting=other_meeting).count() == 1
    assert Participant.objects.filter(meeting=meeting).count() == 1


def test_one_browser_is_remembered_in_two_meetings(meeting):
    client = Client()
    other_meeting = MeetingFactory()
    join(client, meeting, join_key="key-1")
    join(client, other_meeting, join_key="key-2", name="Kari Nordmann")

    first = client.get(f"/m/{meeting.code}/")
    second = client.get(f"/m/{other_meeting.code}/")

    assert display_name_on(first) == "Porsgrunn kommune, Morten Hagevik"
    assert display_name_on(second) == "Porsgrunn kommune, Kari Nordmann"


@pytest.mark.django_db
def test_meeting_page_links_to_each_group_sessions_wall():
    from meetings.models import ProgrammeItem
    from tests.factories import ProgrammeItemFactory

    meeting = MeetingFactory()
    first = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.TALK)
    client = joined_client(meeting, organisation_is_other="on")
    page = client.get(f"/m/{meeting.code}/").content.decode()
    assert page.count(f'href="/wall/{meeting.code}/') == 1
    assert f'href="/wall/{meeting.code}/{first.pk}/"' in page


# --- A local site gives its room's name, not a person's --------------------------------


def test_the_join_page_asks_a_local_site_for_its_room_not_a_person(meeting):
    page = Client().get(f"/m/{meeting.code}/").content.decode()

    # The person's name is hidden for a local site, the room's name shown instead.
    hidden_by = re.search(r'<div data-hidden-by="id_is_local_site">(.*?)</div>', page, re.S)
    assert 'id="id_name"' in hidden_by.group(1)
    shown_by = re.search(r'<div data-shown-by="id_is_local_site">(.*?)</fieldset>', page, re.S)
    assert 'id="id_room_name"' in shown_by.group(1)
    for field in ("name", "room_name"):
        label = re.search(rf'<label for="id_{field}">(.*?)</label>', page, re.S).group(1)
        assert "valgfritt" not in label


def test_a_local_site_joins_with_its_room_name(meeting):
    client = Client()
    response = join(
        client,
        meeting,
        name="",
        room_name="Kulturhuset, møterom 2",
        is_local_site="on",
        head_count="12",
    )

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.name == "Kulturhuset, møterom 2"
    assert participant.display_name == "Porsgrunn kommune, Kulturhuset, møterom 2"
    assert participant.head_count == 12


def test_a_local_site_without_a_room_name_is_an_error(meeting):
    response = join(Client(), meeting, name="", is_local_site="on", head_count="12")

    assert response.status_code == 400
    assert 'id="id_room_name_error"' in response.content.decode()
    assert Participant.objects.count() == 0


def test_one_person_still_needs_a_name(meeting):
    response = join(Client(), meeting, name="", room_name="Kulturhuset")

    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    assert Participant.objects.count() == 0
