"""Rate limits per person, address and meeting (settings.RATE_LIMITS, common/limits.py) and
the facilitators' login lockout (django-axes): a flood is refused with a message in the
person's language and HTTP 429, nothing saved is lost, and a real meeting behind one
address is never refused.

Each test counts from nothing (tests/conftest.py: rate_limits_counted_per_test). With
REDIS_URL set (the services pass) the counts are in Redis; the last test shows they are
then shared by every process.
"""

import io
import os
import subprocess
import sys
from datetime import timedelta
from urllib.error import HTTPError

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory
from django_ratelimit.core import get_usage
from PIL import Image

from common import limits
from groups import domain as groups
from helpdesk.models import HelpRequest
from meetings.models import ProgrammeItem
from participants.models import Participant
from tests.factories import MeetingFactory, ProgrammeItemFactory, UserFactory
from tests.processes import Browser
from wall import domain as wall
from wall.models import Card

pytestmark = pytest.mark.django_db

NAT_ADDRESS = "198.51.100.7"  # one municipality's whole network, as samtale sees it
PROBER = "203.0.113.66"


def limit_of(name: str) -> int:
    """How many of `name` the settings allow in one period."""
    return int(settings.RATE_LIMITS[name].split("/")[0])


def browser(address="192.0.2.10") -> Client:
    """A person's browser at `address`, reading English."""
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def join(client, meeting, name="Morten Hagevik", join_key=None):
    data = {
        "name": name,
        "organisation": "Porsgrunn kommune",
        "organisation_is_other": "on",
        "join_key": join_key or f"key-{name}",
    }
    return client.post(f"/m/{meeting.code}/join/", data)


def joined(meeting, address="192.0.2.10", name="Morten Hagevik") -> Client:
    client = browser(address)
    assert join(client, meeting, name=name).status_code == 302
    return client


def participant_of(client, meeting) -> Participant:
    token = client.session["samtale_participants"][str(meeting.pk)]
    return meeting.participants.get(token=token)


@pytest.fixture
def meeting():
    return MeetingFactory()


# --- Joining ------------------------------------------------------------------------------


def test_a_browser_that_joins_over_and_over_is_refused_while_others_join(meeting):
    allowed = limit_of("join.person")
    flooder = browser()
    flooder.get(f"/m/{meeting.code}/")  # the join page: its form's CSRF cookie names the browser
    for n in range(allowed):
        assert join(flooder, meeting, name=f"Flom {n}").status_code == 302
        assert flooder.post(f"/m/{meeting.code}/leave/").status_code == 302

    refused = join(flooder, meeting, name="Flom igjen")

    assert refused.status_code == 429
    content = refused.content.decode()
    assert "You have tried to join many times in a short while." in content
    assert "Try again in" in content
    assert 'value="Flom igjen"' in content  # the form as it was filled in
    assert int(refused["Retry-After"]) > 0
    assert meeting.participants.count() == allowed
    # Someone else, at the same address, joins as usual.
    assert join(browser(), meeting, name="Kari Nordmann").status_code == 302
    assert meeting.participants.filter(name="Kari Nordmann").exists()


def test_the_join_refusal_is_in_the_meetings_language():
    meeting = MeetingFactory(language="nn")
    flooder = Client(REMOTE_ADDR="192.0.2.10")
    flooder.get(f"/m/{meeting.code}/")
    for n in range(limit_of("join.person")):
        join(flooder, meeting, name=f"Flom {n}")
        flooder.post(f"/m/{meeting.code}/leave/")

    refused = join(flooder, meeting, name="Flom igjen")

    assert refused.status_code == 429
    assert 'lang="nn"' in refused.content.decode()


def join_from_one_address(meeting, people: int):
    """`people` browsers behind one NAT address, each opening the join page and joining."""
    for n in range(people):
        person = browser(NAT_ADDRESS)
        assert person.get(f"/m/{meeting.code}/").status_code == 200, n
        response = join(person, meeting, name=f"Deltaker {n}")
        assert response.status_code == 302, (n, response.content.decode()[:500])


def test_a_meeting_behind_one_address_all_get_in(meeting):
    """300 people from one address, rather than 2,000, to keep the suite quick: each join is
    counted once for the address and once for the meeting (asserted below), nothing else
    counts toward them, and both allow far more than 2,000 in a period, so 2,000 get in as
    300 do (test_two_thousand_behind_one_address_all_get_in runs the whole meeting)."""
    join_from_one_address(meeting, 300)

    assert meeting.participants.count() == 300
    request = RequestFactory().get("/", REMOTE_ADDR=NAT_ADDRESS)
    for scope, key in (("address", "ip"), ("meeting", lambda _g, _r: str(meeting.pk))):
        usage = get_usage(
            request, group=f"join.{scope}", key=key, rate=settings.RATE_LIMITS[f"join.{scope}"]
        )
        assert usage["count"] == 300
        # 2,000 in two minutes with room to spare: a whole national meeting from one address.
        assert usage["limit"] >= 2 * 2000


@pytest.mark.long
def test_two_thousand_behind_one_address_all_get_in(meeting):
    join_from_one_address(meeting, 2000)

    assert meeting.participants.count() == 2000


def test_a_meeting_past_its_join_limit_refuses_more(meeting, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "join.meeting": "3/10m"}
    for n in range(3):
        joined(meeting, address=f"192.0.2.{n + 1}", name=f"Person {n}")

    refused = join(browser("192.0.2.99"), meeting, name="Én for mye")

    assert refused.status_code == 429
    assert "Very many people are joining just now." in refused.content.decode()
    # Another meeting is counted on its own.
    assert join(browser("192.0.2.99"), MeetingFactory(), name="Én for mye").status_code == 302


# --- Probing meeting codes ----------------------------------------------------------------


def unknown_codes(count: int) -> list[str]:
    return [f"ZZ{n:06d}" for n in range(count)]


def test_probing_unknown_codes_from_one_address_is_refused_after_the_limit(meeting):
    allowed = limit_of("code.address")
    member = joined(meeting, address=PROBER, name="Deltaker bak samme adresse")
    statuses = []
    for code in unknown_codes(allowed + 5):
        response = browser(PROBER).get(f"/m/{code}/")  # a prober keeps no cookies
        statuses.append(response.status_code)

    assert statuses == [404] * allowed + [429] * 5
    refused = browser(PROBER).get("/m/ZZ999999/")
    assert "Too many meeting codes that do not exist" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # A real code from that address is refused too: else the refusal would tell which exist.
    assert browser(PROBER).get(f"/m/{meeting.code}/").status_code == 429
    assert join(browser(PROBER), meeting).status_code == 429
    assert browser(PROBER).get(f"/help/{meeting.code}/mine/").status_code == 429
    assert browser(PROBER).get("/help/ZZ999998/mine/").status_code == 429
    # Someone who has joined goes on, and so does everyone at another address.
    assert member.get(f"/m/{meeting.code}/").status_code == 200
    assert browser("192.0.2.200").get(f"/m/{meeting.code}/").status_code == 200
    assert browser("192.0.2.200").get("/m/ZZ999997/").status_code == 404


def test_probing_through_the_participant_pages_counts_too(meeting):
    allowed = limit_of("code.address")
    statuses = [
        browser(PROBER).get(f"/help/{code}/mine/").status_code
        for code in unknown_codes(allowed + 1)
    ]

    assert statuses == [404] * allowed + [429]
    assert browser(PROBER).get(f"/m/{meeting.code}/").status_code == 429


def test_a_mistyped_code_or_two_behind_one_address_is_no_problem(meeting):
    for code in unknown_codes(5):
        assert browser(NAT_ADDRESS).get(f"/m/{code}/").status_code == 404

    assert browser(NAT_ADDRESS).get(f"/m/{meeting.code}/").status_code == 200


# --- Help questions -----------------------------------------------------------------------


def ask(client, meeting, question):
    return client.post(f"/help/{meeting.code}/ask/", {"question": question})


def test_help_questions_are_limited_per_participant(meeting):
    allowed = limit_of("help.person")
    asker = joined(meeting, name="Spør Mye")
    for n in range(allowed):
        assert ask(asker, meeting, f"Spørsmål {n}").status_code == 302

    refused = ask(asker, meeting, "Hører dere meg nå?")

    assert refused.status_code == 429
    content = refused.content.decode()
    assert "You have sent many questions in a short while." in content
    assert "Hører dere meg nå?" in content  # kept on the page, to send again
    assert f'action="/help/{meeting.code}/ask/"' in content
    assert HelpRequest.objects.count() == allowed
    other = joined(meeting, name="Spør Lite")
    assert ask(other, meeting, "Hvor er lenken?").status_code == 302
    assert HelpRequest.objects.count() == allowed + 1


def test_one_persons_flood_spends_none_of_the_meetings_allowance(meeting, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "help.meeting": "10/10m"}
    flooder = joined(meeting, name="Flom")
    for n in range(40):
        ask(flooder, meeting, f"Flom {n}")
    others = [joined(meeting, address=f"192.0.2.{n + 20}", name=f"Person {n}") for n in range(4)]

    assert [ask(other, meeting, "Et spørsmål").status_code for other in others] == [302] * 4


# --- Card saves over HTTP, and pictures ---------------------------------------------------


@pytest.fixture
def group_session(settings, tmp_path, meeting):
    """Two people in one group of a running group session: (their browsers, the group)."""
    settings.MEDIA_ROOT = tmp_path
    item = ProgrammeItemFactory(meeting=meeting, kind=ProgrammeItem.Kind.GROUP_SESSION)
    anne, bjorn = joined(meeting, name="Anne"), joined(meeting, name="Bjørn")
    (group,) = groups.groups_form(item=item, strategy="random", target_size=2, seed=1)
    return (anne, bjorn), group


def save(client, meeting, base_version, body):
    data = {"base_version": base_version, "heading": "Overskrift", "body": body}
    return client.post(f"/wall/{meeting.code}/card/save/", data)


def test_http_card_saves_are_limited_per_participant_and_nothing_saved_is_lost(
    meeting, group_session
):
    allowed = limit_of("save.person")
    (anne, bjorn), group = group_session
    version = 0
    for n in range(allowed):
        response = save(anne, meeting, version, f"Utkast {n}")
        assert response.status_code == 200, response.content
        version = response.json()["version"]

    refused = save(anne, meeting, version, "Ett ord til")

    assert refused.status_code == 429
    assert "What you wrote stays on this device" in refused.json()["error"]
    assert int(refused["Retry-After"]) > 0
    card = Card.objects.get(group=group)
    assert (card.version, card.body) == (version, f"Utkast {allowed - 1}")
    assert card.versions.count() == allowed
    # The other member of the group saves as usual, on top of every saved version.
    answer = save(bjorn, meeting, version, "Bjørns tillegg")
    assert answer.status_code == 200
    assert Card.objects.get(group=group).body == "Bjørns tillegg"


def picture() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "tavle.png"
    return buffer


def upload(client, meeting):
    return client.post(f"/wall/{meeting.code}/card/images/", {"image": picture(), "alt": "Tavla"})


def test_picture_uploads_are_limited_per_participant(meeting, group_session):
    allowed = limit_of("upload.person")
    (anne, bjorn), group = group_session
    for _ in range(allowed):
        assert upload(anne, meeting).status_code == 302
        # Taken off again, so that the card's own limit on pictures is not what stops her.
        card = wall.card_for(group)
        wall.card_image_remove(picture=card.images.get(), author=participant_of(anne, meeting))
    assert upload(bjorn, meeting).status_code == 302

    refused = upload(anne, meeting)

    assert refused.status_code == 429
    assert "Nothing on the card is lost." in refused.content.decode()
    assert f'href="/groups/{meeting.code}/"' in refused.content.decode()
    assert wall.card_for(group).images.count() == 1  # Bjørn's


# --- Facilitator login --------------------------------------------------------------------


def log_in(client, password, username="kari"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_is_locked_after_failures_and_open_again_after_the_cool_off():
    UserFactory(username="kari")
    guesser = browser("192.0.2.50")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(guesser, f"feil-{attempt}").status_code == 200

    locked = log_in(guesser, "feil-igjen")

    assert locked.status_code == 429
    assert "Too many wrong passwords for this user name." in locked.content.decode()
    # Locked: the right password does not let her in from there either…
    right = log_in(guesser, "a-good-password")
    assert right.status_code == 429
    assert "_auth_user_id" not in guesser.session
    # …but does from another address.
    elsewhere = browser("192.0.2.51")
    assert log_in(elsewhere, "a-good-password").status_code == 302
    # After the cool-off (the failures moved back in time past it) she is let in.
    from axes.models import AccessAttempt  # here: the app is only there with the lockout

    past_cool_off = settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - past_cool_off)
    assert log_in(guesser, "a-good-password").status_code == 302
    assert "_auth_user_id" in guesser.session


def test_logins_from_one_address_are_limited_across_user_names():
    allowed = limit_of("login.address")
    sprayer = browser("192.0.2.60")
    for n in range(allowed):
        assert log_in(sprayer, "sommer2025", username=f"bruker{n}").status_code == 200

    refused = log_in(sprayer, "sommer2025", username="kari")

    assert refused.status_code == 429
    assert "Too many logins have been tried from your network." in refused.content.decode()
    UserFactory(username="kari")
    assert log_in(browser("192.0.2.61"), "a-good-password").status_code == 302


def test_the_lockout_is_the_same_page_under_uvicorn(asgi_server):
    """django-axes' async middleware, which uvicorn runs, calls the lockout page with its
    arguments in another order than the sync one does."""
    UserFactory(username="kari")
    person = Browser(asgi_server.url)
    person.get("/accounts/login/")
    statuses = []
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        try:
            statuses.append(log_in(person, f"feil-{attempt}").status)
        except HTTPError as error:
            statuses.append(error.code)
            locked = error

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    page = locked.read().decode()
    assert 'name="username" value="kari"' in page  # the login page, not django-axes' own
    assert int(locked.headers["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_a_login_without_a_request_still_works():
    """The test client's login() and a shell authenticate without a request."""
    UserFactory(username="kari")

    assert Client().login(username="kari", password="a-good-password")


# --- Across processes ---------------------------------------------------------------------

SEEN_ELSEWHERE = """
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
django.setup()
from django.conf import settings
from django.test import RequestFactory
from common import limits
prefix, database, address = sys.argv[1:]
settings.RATELIMIT_CACHE_PREFIX = prefix
settings.DATABASES["default"]["NAME"] = database  # the keys of the test database's Redis
print(limits.code_probing_stopped(RequestFactory().get("/", REMOTE_ADDR=address)) is not None)
"""


def test_limits_hold_across_processes_with_redis():
    """With REDIS_URL, a limit one process reached holds in another; on the embedded
    default (one process) each process counts in its own memory."""
    for code in unknown_codes(limit_of("code.address")):
        browser(PROBER).get(f"/m/{code}/")
    assert browser(PROBER).get(f"/m/{unknown_codes(1)[0]}/").status_code == 429

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SEEN_ELSEWHERE,
            settings.RATELIMIT_CACHE_PREFIX,
            connection.settings_dict["NAME"],
            PROBER,
        ],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=60,
        check=True,
    )

    backend = settings.CACHES["default"]["BACKEND"]
    seen_elsewhere = result.stdout.strip() == "True"
    if settings.REDIS_URL:
        assert backend == "django.core.cache.backends.redis.RedisCache"
        assert seen_elsewhere
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"
        assert not seen_elsewhere


def test_every_limit_is_a_rate_django_ratelimit_reads():
    for name, rate in settings.RATE_LIMITS.items():
        action, scope = name.split(".")
        assert scope in (limits.PERSON, limits.ADDRESS, limits.MEETING), name
        count, _, period = rate.partition("/")
        assert int(count) > 0 and period, name
