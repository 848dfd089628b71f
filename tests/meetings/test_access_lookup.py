"""One way to find a meeting by its code, and one way to find this browser's participant.

Every page, socket and command given a meeting code accepts it as the join form does
(any case, spaces around or inside); every participant page sends someone who has not
joined to the join page, told why in the language that page is in.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from groups import domain as groups
from helpdesk.models import HelpRequest
from live.snapshot import live_access
from meetings import access
from meetings.domain import meeting_by_code, normalised_code
from meetings.models import ProgrammeItem
from participants.models import Participant
from tests.conftest import joined_client
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeItemFactory

pytestmark = pytest.mark.django_db


def spellings(code: str) -> list[str]:
    """The code as people type it: small letters, spaces around it, a space inside it."""
    return [code.lower(), f"  {code.lower()} ", f"{code[:3]} {code[3:].lower()}"]


def test_normalised_code_is_what_the_join_form_makes_of_the_code():
    from participants.forms import CodeForm

    for typed in ["abc234", " ABC234  ", "abc 234", "Abc 2 34"]:
        form = CodeForm({"code": typed})
        assert form.is_valid()
        assert normalised_code(typed) == form.cleaned_data["code"] == "ABC234"


def test_meeting_by_code_finds_the_meeting_however_the_code_is_written():
    meeting = MeetingFactory(code="ABC234")

    for typed in spellings(meeting.code):
        assert meeting_by_code(typed) == meeting
    assert meeting_by_code("ABC235") is None
    assert meeting_by_code("") is None


@pytest.fixture
def place():
    """A meeting with a group session, and a participant in a group of it, in a browser."""
    meeting = MeetingFactory()
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    item.questions.create(position=1, text="Hva er viktig?")
    client = joined_client(meeting, organisation_is_other="on")
    ParticipantFactory(meeting=meeting)
    groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    participant = Participant.objects.get(meeting=meeting, name="Morten Hagevik")
    return meeting, item, client, participant


@pytest.mark.parametrize("which", range(3))
def test_every_participant_entry_point_accepts_the_code_as_the_join_form_does(place, which):
    meeting, item, client, participant = place
    typed = spellings(meeting.code)[which]
    meeting_page = f"/m/{meeting.code}/"

    # The home page's code form and a typed address both end on the meeting's own address.
    assert Client().get("/m/", {"code": typed})["Location"] == meeting_page
    assert Client().get(reverse("participants:meeting", args=[typed]))["Location"] == meeting_page

    # The pages of someone who has joined.
    for name, args in [
        ("groups:page", []),
        ("groups:panel", []),
        ("helpdesk:mine", []),
        ("wall:page", [item.pk]),
        ("wall:card_history", []),
    ]:
        response = client.get(reverse(name, args=[typed, *args]))
        assert response.status_code == 200, name
    asked = client.post(reverse("helpdesk:ask", args=[typed]), {"question": "Lyden?"})
    assert (asked.status_code, asked["Location"]) == (302, meeting_page)
    assert HelpRequest.objects.filter(participant=participant).exists()
    saved = client.post(
        reverse("wall:card_save", args=[typed]),
        {"base_version": 0, "heading": "Overskrift", "body": "Tekst", "questions": ["1"]},
    )
    assert saved.status_code == 200, saved.content

    # The live socket.
    socket = live_access(typed, AnonymousUser(), client.session)
    assert socket is not None
    assert (socket.meeting_id, socket.participant_id) == (meeting.pk, participant.pk)

    # A page of theirs going away (its beacon).
    closing = client.post(reverse("participants:closing", args=[typed]))
    assert closing.status_code == 204
    participant.refresh_from_db()
    assert participant.closed_at is not None

    # Joining from a new browser, and leaving.
    newcomer = Client()
    joined = newcomer.post(
        reverse("participants:join", args=[typed]),
        {"name": "Kari Nordmann", "organisation": "KS", "organisation_is_other": "on"},
    )
    assert (joined.status_code, joined["Location"]) == (302, meeting_page)
    left = newcomer.post(reverse("participants:leave", args=[typed]))
    assert left.status_code == 302
    assert Participant.objects.get(name="Kari Nordmann").left_at is not None


def code_routes() -> dict[str, set[str]]:
    """Every address that takes a meeting code, but the join pages themselves: its name,
    and the names of the parts it takes."""
    routes = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and "code" in pattern.pattern.converters:
                routes[f"{namespace}:{pattern.name}"] = set(pattern.pattern.converters)

    walk(get_resolver().url_patterns, None)
    return {name: parts for name, parts in routes.items() if not name.startswith("participants:")}


def test_the_code_routes_are_found():
    # So that the test below cannot pass by finding nothing to try.
    assert {"groups:page", "helpdesk:ask", "wall:page", "wall:card_save"} <= set(code_routes())


@pytest.fixture
def language_shown(monkeypatch):
    """The join-first message carries the language it was translated in."""
    monkeypatch.setattr(access, "_", lambda text: f"{translation.get_language()}: {text}")


def queued_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("name", sorted(code_routes()))
@pytest.mark.parametrize("browser", ["stranger", "of another meeting"])
def test_every_participant_view_sends_someone_who_has_not_joined_to_the_join_page(
    place, language_shown, name, browser
):
    meeting, item, _client, _participant = place
    client = Client() if browser == "stranger" else joined_client(MeetingFactory())
    parts = {
        "code": meeting.code.lower(),
        "item_pk": item.pk,
        "image_pk": 1,
        "card_pk": 1,
        "action": "pass",
    }
    url = reverse(name, kwargs={part: parts[part] for part in code_routes()[name]})

    if name in ("wall:card_other", "wall:card"):  # asked by wall.js (GET alone), in JSON
        response = client.get(url)
        assert response.status_code == 403
        assert set(response.json()) == {"error"}
        return
    response = client.post(url)

    if name in ("wall:card_save", "wall:card_edit"):  # the card editor: refused as the socket
        assert response.status_code == 403
        assert response.json() == {"error": "Kortet kunne ikke lagres. Last inn siden på nytt."}
        return
    assert (response.status_code, response["Location"]) == (302, f"/m/{meeting.code}/")
    # (After the welcome of the other meeting, for the browser that joined it.)
    assert queued_messages(response)[-1:] == ["nb: Join the meeting first to take part."]


def test_the_message_is_in_the_language_the_join_page_is_in(place, language_shown):
    meeting, *_ = place
    meeting.language = "nn"
    meeting.save(update_fields=["language"])
    url = reverse("groups:page", args=[meeting.code])

    english_browser = Client(headers={"accept-language": "en"})
    response = english_browser.get(url)
    assert queued_messages(response) == ["nn: Join the meeting first to take part."]
    assert english_browser.get(response["Location"]).wsgi_request.LANGUAGE_CODE == "nn"

    chosen = Client()
    chosen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = chosen.get(url)
    assert queued_messages(response) == ["en: Join the meeting first to take part."]
    assert chosen.get(response["Location"]).wsgi_request.LANGUAGE_CODE == "en"


def test_the_message_shows_on_the_join_page(place):
    meeting, *_ = place
    response = Client().get(reverse("groups:page", args=[meeting.code]), follow=True)

    assert response.redirect_chain == [(f"/m/{meeting.code}/", 302)]
    page = response.content.decode()
    assert 'name="join_key"' in page
    assert 'class="message message--info message--closable"' in page


def test_an_htmx_request_sends_the_whole_page_to_the_join_page(place):
    meeting, *_ = place
    response = Client().get(reverse("groups:panel", args=[meeting.code]), HTTP_HX_REQUEST="true")

    # A redirect would be followed inside the request and the join page put into the panel.
    assert response.status_code == 403
    assert response["HX-Redirect"] == f"/m/{meeting.code}/"


def test_an_unknown_code_is_not_found(place):
    assert Client().get(reverse("groups:page", args=["NOSUCH"])).status_code == 404
    assert Client().post(reverse("wall:card_save", args=["NOSUCH"])).status_code == 404


def test_facilitators_of_the_meeting_see_its_wall_without_joining(place, facilitator_client):
    meeting, item, *_ = place
    client, user = facilitator_client
    wall = reverse("wall:page", args=[meeting.code.lower(), item.pk])

    assert client.get(wall).status_code == 302  # not yet one of its facilitators
    meeting.facilitators.add(user)
    assert client.get(wall).status_code == 200
    # Only the pages that facilitators look at too: a card is its group's own.
    history = client.get(reverse("wall:card_history", args=[meeting.code]))
    assert history["Location"] == f"/m/{meeting.code}/"


def test_the_view_gets_the_meeting_and_its_participant(place, rf):
    meeting, _item, client, participant = place
    seen = {}

    @access.participant_required
    def view(request, found_meeting, found_participant, extra):
        seen.update(meeting=found_meeting, participant=found_participant, extra=extra)
        return HttpResponse("ok")

    request = rf.get("/")
    request.session = client.session
    request.user = AnonymousUser()
    response = view(request, f" {meeting.code.lower()}", extra=7)

    assert response.content == b"ok"
    assert seen == {"meeting": meeting, "participant": participant, "extra": 7}
