"""The authorization matrix (tests/authorization.py), walked.

Every URL pattern of the URL configuration and every request type of the live socket has a
row; each row is tried by each role, GET and POST, on one meeting with a running group
session, and the answer must be the outcome the row gives. A POST's changes are undone
after each try, so every try meets the same meeting. The test client sends no CSRF token
and Django's test client does not ask for one: here only who may do what is tried.
"""

import io
import json
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from websockets.exceptions import ConnectionClosed

from analysis import apertium
from analysis.domain import default_taxonomy
from analysis.models import Taxonomy
from groups.models import Membership, Role
from imports.domain import video_call_report_import
from imports.models import PadletImport
from live.requests import handlers
from live.socket import CLOSE_FORBIDDEN
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from participants.models import Participant
from reports import domain as reports
from tests import authorization as matrix
from tests.conftest import joined_client
from tests.factories import (
    CardFactory,
    CardImageFactory,
    GroupFactory,
    HelpRequestFactory,
    MeetingFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    UserFactory,
    group_session,
)
from tests.imports.conftest import example
from wall import report_back
from wall.domain import wall_share

ADMIN_ROUTE = "admin:*"
ADMIN_URLS = ("admin:index", "admin:meetings_meeting_changelist")


# --- The URL configuration -----------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the row's name: "namespace:name", the regex of an unnamed one, or admin:*
    name: str | None  # what reverse() takes, None for an unnamed pattern
    route: str  # the whole route, for an unnamed pattern's URL and for messages
    arguments: tuple[str, ...]


def url_patterns(resolver=None, namespaces=(), prefix="") -> list[Pattern]:
    """Every pattern of the URL configuration, through every include()."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            found += url_patterns(entry, inner, route)
            continue
        assert isinstance(entry, URLPattern)
        name = ":".join((*namespaces, entry.name)) if entry.name else None
        key = ADMIN_ROUTE if namespaces[:1] == ("admin",) else name or route
        arguments = tuple(entry.pattern.regex.groupindex)
        found.append(Pattern(key, name, route, arguments))
    return found


ROUTES = {route.name: route for route in matrix.ROUTES}


def test_every_url_pattern_has_a_row_and_every_row_a_url():
    patterns = url_patterns()
    keys = {pattern.key for pattern in patterns}
    without_row = sorted(keys - set(ROUTES) - set(matrix.EXCLUDED))
    assert not without_row, f"URLs with no row in tests/authorization.py: {without_row}"
    absent_here = {
        r.name for r in matrix.ROUTES if r.development_only and not django_settings.DEVELOPMENT
    }
    without_url = sorted(set(ROUTES) - keys - absent_here)
    assert not without_url, f"rows naming no URL: {without_url}"
    excluded_with_row = sorted(set(matrix.EXCLUDED) & set(ROUTES))
    assert not excluded_with_row, f"both excluded and walked: {excluded_with_row}"
    assert len(matrix.ROUTES) == len(ROUTES), "two rows for one URL"
    for route in matrix.ROUTES:
        for outcomes in (route.get, route.post):
            assert set(outcomes) == set(matrix.ROLES), f"{route.name}: not every role"


def test_every_socket_request_type_has_a_row():
    rows = [row.type for row in matrix.SOCKET_REQUESTS]
    assert sorted(rows) == sorted(handlers), "live.requests.handlers and the matrix differ"
    for row in matrix.SOCKET_REQUESTS:
        assert set(row.statuses) == set(matrix.ROLES), f"{row.type}: not every role"


# --- The world the walk runs in -------------------------------------------------------------


def tiny_png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(picture, "PNG")
    return picture.getvalue()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def build_world():
    """One meeting whose group session runs, with two groups each with a card, and everyone
    the matrix names; another meeting for the roles from elsewhere."""
    facilitator = UserFactory(username="matrix-facilitator")
    other_facilitator = UserFactory(username="matrix-elsewhere")
    admin = UserFactory(username="matrix-admin", is_staff=True, is_superuser=True)
    meeting = MeetingFactory(title="Fremtidens kulturskole", facilitators=[facilitator])
    talk = ProgrammeItemFactory(meeting=meeting, position=1, kind=ProgrammeItem.Kind.TALK)
    session = group_session(meeting, position=2)
    report_item = ProgrammeItemFactory(
        meeting=meeting, position=3, kind=ProgrammeItem.Kind.REPORT_BACK
    )
    elsewhere = MeetingFactory(title="Et annet møte", facilitators=[other_facilitator])
    group_session(elsewhere, position=1)

    clients = {
        matrix.ANONYMOUS: Client(),
        matrix.OTHER_MEETING: joined_client(elsewhere, name="Ola Annensteds"),
        matrix.OTHER_GROUP: joined_client(meeting, name="Kari Gruppeto"),
        matrix.MEMBER: joined_client(meeting, name="Per Gruppeen"),
        matrix.OTHER_FACILITATOR: logged_in(other_facilitator),
        matrix.FACILITATOR: logged_in(facilitator),
        matrix.ADMIN: logged_in(admin),
    }
    member = Participant.objects.get(meeting=meeting, name="Per Gruppeen")
    other_member = Participant.objects.get(meeting=meeting, name="Kari Gruppeto")
    groups = [GroupFactory(item=session, number=number) for number in (1, 2)]
    Membership.objects.create(
        group=groups[0], item=session, participant=member, role=Role.TIMEKEEPER
    )
    other_membership = Membership.objects.create(
        group=groups[1], item=session, participant=other_member
    )
    cards = [CardFactory(group=group) for group in groups]
    meetings.meeting_start(meeting=meeting)
    meetings.item_start(meeting=meeting, item=session)

    reports.build_run(build_id=reports.build_request(meeting=meeting, language="nb").pk)
    report = reports.report_share(meeting=meeting, enabled=True)
    PadletImport.objects.create(
        meeting=meeting, file_name="padlet-board.csv", file_kind="csv", layout="column"
    )
    video_call_report_import(
        meeting=meeting, data=example("zoom-participants.csv"), file_name="zoom.csv"
    )
    return SimpleNamespace(
        meeting=meeting,
        elsewhere=elsewhere,
        session=session,
        clients=clients,
        member=member,
        other_membership=other_membership,
        cards=cards,
        # Names a row's kwargs may use for what fills a URL argument (authorization.Route).
        objects={
            "talk": talk.pk,
            "report_back": report_item.pk,
            "wall_token": wall_share(item=session, enabled=True).share_token,
            "report_token": report.share_token,
            # A picture that stays: the walk removes the default one (wall:card_image_remove).
            "kept_picture": stored_picture(cards[0]).pk,
        },
        defaults={
            "pk": meeting.pk,
            "code": meeting.code,
            "item_pk": session.pk,
            "card_pk": cards[0].pk,
            "image_pk": stored_picture(cards[0]).pk,
            "request_pk": HelpRequestFactory(participant=member, meeting=meeting).pk,
            "person_pk": ParticipantFactory(meeting=meeting, name="Slettes Snart").pk,
            "slot_pk": report_back.report_pick(item=report_item, group_numbers=[1])[0].pk,
            "taxonomy_pk": Taxonomy.objects.create(
                slug="matrix-own", name_nb="Egne", name_nn="Eigne", owner=facilitator
            ).pk,
            "path": "cards/matrix.txt",
        },
    )


def stored_picture(card):
    """A picture on `card`, with its files in MEDIA_ROOT, as the picture views send them."""
    picture = CardImageFactory(card=card)
    for field in (picture.image, picture.thumbnail):
        path = Path(django_settings.MEDIA_ROOT) / field.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"RIFF")
    return picture


@pytest.fixture
def world(db, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # Who may ask for a card in the other written form is tried here, not the translator.
    monkeypatch.setattr(apertium, "translate", lambda texts, **_directions: list(texts))
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "matrix.txt").write_text("ein bilete")
    return build_world()


def url_of(world, route: matrix.Route, pattern: Pattern, crossing: str | None = None) -> str:
    """The URL of `pattern` in the world; `crossing` "pk" or "code" names the other
    meeting there instead, with this meeting's objects in the other arguments."""
    if pattern.name is None:  # the development /media/ route
        return "/media/" + world.defaults["path"]
    kwargs = {}
    for argument in pattern.arguments:
        value = route.kwargs.get(argument, world.defaults.get(argument))
        kwargs[argument] = world.objects.get(value, value)
    if crossing == "pk":
        kwargs["pk"] = world.elsewhere.pk
    elif crossing == "code":
        kwargs["code"] = world.elsewhere.code
    return reverse(pattern.name, kwargs=kwargs)


def upload(name: str, content: bytes, content_type="text/csv"):
    return SimpleUploadedFile(name, content, content_type)


def post_data(world, route: matrix.Route) -> dict:
    """What the row's POST sends: its dict, or one built from the world."""
    built = {
        None: dict,
        "meeting": lambda: {"title": "Nytt møte", "date": "2025-11-20", "language": "nb"},
        "join": lambda: {
            "name": "Nina Nykommer",
            "organisation": "Skien kommune",
            "join_key": secrets.token_urlsafe(8),
        },
        "reuse": lambda: {"source": world.objects["talk"]},
        "move": lambda: {"membership": world.other_membership.pk, "group": "1"},
        "place": lambda: {"participant": world.member.pk, "group": "2"},
        "swap": lambda: {
            "membership": world.other_membership.pk,
            "other": Membership.objects.get(item=world.session, participant=world.member).pk,
        },
        "card_save": lambda: {"base_version": "1", "heading": "Tilbud", "body": "Mer musikk"},
        # An edit that adds nothing, at a pause: the card's text becomes a version.
        "card_edit": lambda: {"update": "", "pause": "1"},
        "picture": lambda: {
            "image": upload("tavle.png", tiny_png(), "image/png"),
            "alt": "Tavla etter runden",
        },
        "padlet": lambda: {
            "padlet-file": upload("padlet-board.csv", example("padlet-board.csv")),
            "padlet-title": "Fremtidens kulturskole",
            "padlet-date": "2025-11-20",
            "padlet-sections_as": "questions",
            "padlet-group_by": "post",
        },
        "zoom": lambda: {
            "zoom-meeting": world.meeting.pk,
            "zoom-file": upload("zoom.csv", example("zoom-participants.csv")),
        },
        "review": lambda: {"taxonomy": default_taxonomy().slug, "card": world.cards[0].pk},
    }
    if isinstance(route.data, dict):
        return dict(route.data)
    return built[route.data]()


# --- Trying one case -----------------------------------------------------------------------


def asked_to_join(response, meeting) -> bool:
    with translation.override(meeting.language):
        join_first = gettext("Join the meeting first to take part.")
    return any(str(message) == join_first for message in get_messages(response.wsgi_request))


def outcome(response, world) -> str:
    """The class of answer (authorization.py) a response is."""
    status = response.status_code
    join_page = reverse("participants:meeting", args=[world.meeting.code])
    location = urlsplit(response.get("Location", "")).path
    templates = {template.name for template in response.templates or []}
    if status == 405:
        return matrix.NOT_ALLOWED
    if status == 403 and response.get("HX-Redirect") == join_page:
        return matrix.JOIN
    if status in (301, 302, 303):
        if location in (reverse("accounts:login"), reverse("admin:login")):
            return matrix.LOGIN
        if location == join_page and asked_to_join(response, world.meeting):
            return matrix.JOIN
        return matrix.ALLOW
    if 200 <= status < 300:
        return matrix.JOIN if "participants/join.html" in templates else matrix.ALLOW
    return {400: matrix.INVALID, 403: matrix.DENY, 404: matrix.HIDDEN}.get(status, str(status))


def expected(outcome_: str) -> str:
    return matrix.ALLOW if outcome_ == matrix.PUBLIC else outcome_


def attempt(world, role, method, url, data=None, **headers):
    """One request by `role`, its changes rolled back after: the next meets the same world."""
    client = Client()
    client.cookies = SimpleCookie(world.clients[role].cookies)
    # Every request comes from one address; each try is counted from nothing.
    counted_anew = override_settings(RATELIMIT_CACHE_PREFIX=f"rl:{secrets.token_hex(6)}:")
    with counted_anew, transaction.atomic():
        try:
            if method == "GET":
                return client.get(url, headers=headers)
            return client.post(url, data or {}, headers=headers)
        finally:
            transaction.set_rollback(True)


def urls_of(world, route, patterns):
    if route.name == ADMIN_ROUTE:
        return [reverse(name) for name in ADMIN_URLS]
    return [url_of(world, route, patterns[route.name])]


def test_every_role_gets_what_the_matrix_says(world):
    patterns = {pattern.key: pattern for pattern in url_patterns()}
    wrong = []
    for route in matrix.ROUTES:
        if route.name not in patterns:  # development_only, outside development
            continue
        for url in urls_of(world, route, patterns):
            for method, outcomes in (("GET", route.get), ("POST", route.post)):
                for role in matrix.ROLES:
                    tries = [{}]
                    if outcomes[role] == matrix.JOIN:  # and a panel that reloads itself
                        tries.append({"HX-Request": "true"})
                    for headers in tries:
                        data = post_data(world, route) if method == "POST" else None
                        response = attempt(world, role, method, url, data, **headers)
                        got = outcome(response, world)
                        if got != expected(outcomes[role]):
                            wrong.append(
                                f"{method} {url} ({route.name}) as {role} {headers or ''}: "
                                f"{got} ({response.status_code}), the matrix says {outcomes[role]}"
                            )
    assert not wrong, "\n".join(wrong)


def test_no_one_reaches_this_meetings_objects_through_their_own_meeting(world):
    """A facilitator of another meeting with its pk in the URL, and a participant of it with
    its code, and this meeting's item, card, request, slot or picture: not found."""
    patterns = {pattern.key: pattern for pattern in url_patterns()}
    objects = {"item_pk", "card_pk", "request_pk", "slot_pk", "image_pk", "person_pk"}
    wrong = []
    tried = 0
    for route in matrix.ROUTES:
        pattern = patterns.get(route.name)
        if pattern is None or not objects & set(pattern.arguments):
            continue
        if not {"pk", "code"} & set(pattern.arguments):
            continue  # names no meeting (a picture by its own id): nothing to cross
        crossing, role = (
            ("pk", matrix.OTHER_FACILITATOR)
            if "pk" in pattern.arguments
            else ("code", matrix.OTHER_MEETING)
        )
        url = url_of(world, route, pattern, crossing=crossing)
        for method, outcomes in (("GET", route.get), ("POST", route.post)):
            if outcomes[role] == matrix.NOT_ALLOWED:
                continue
            data = post_data(world, route) if method == "POST" else None
            got = outcome(attempt(world, role, method, url, data), world)
            tried += 1
            if got != route.crossed:
                wrong.append(f"{method} {url} as {role}: {got}, not {route.crossed}")
    assert tried > 20
    assert not wrong, "\n".join(wrong)


# --- The live socket's requests ------------------------------------------------------------


def socket_data(world, row: matrix.SocketRequest) -> dict:
    from wall.models import Card

    card = Card.objects.get(pk=world.cards[0].pk)
    built = {
        "card_save": {
            "card": card.pk,
            "base_version": card.version,
            "heading": "Tilbud",
            "body": "Mer musikk",
        },
        "card_edit": {"card": card.pk, "update": "", "pause": True},
        "wall_view": {"cards": [card.pk]},
    }
    return built[row.data]


def test_every_role_gets_the_socket_answers_the_matrix_says(settings, tmp_path, live_socket):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_EXPORTERS = "tests.reports.stub_exporters"
    world = build_world()
    wrong = []
    for row in matrix.SOCKET_REQUESTS:
        for number, role in enumerate(matrix.ROLES):
            want = row.statuses[role]
            socket = live_socket(world.meeting, world.clients[role])
            try:
                socket.receive_event("programme.state")
            except ConnectionClosed as closed:
                got = matrix.CLOSED if closed.rcvd.code == CLOSE_FORBIDDEN else closed.rcvd.code
            else:
                request = {"type": row.type, "id": number, "data": socket_data(world, row)}
                socket.connection.send(json.dumps(request))
                reply = socket.receive_event("live.reply")
                assert reply["id"] == number
                got = reply["status"]
            if got != want:
                wrong.append(f"{row.type} as {role}: {got}, the matrix says {want}")
    assert not wrong, "\n".join(wrong)
