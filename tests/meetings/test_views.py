"""The facilitator's pages: building a meeting and its programme, and the live control room."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import domain
from meetings.models import Meeting, ProgrammeItem, Question, Speaker
from tests.factories import (
    MeetingFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
    UserFactory,
    meeting_with_programme,
)

pytestmark = pytest.mark.django_db

# Every page that only a facilitator of the meeting may see ("pk" and "item_pk" filled in).
GET_URLS = ["edit", "item_create", "item_edit", "run", "run_programme", "run_controls"]
POST_URLS = [
    "item_move",
    "item_delete",
    "run_start",
    "run_advance",
    "run_extend",
    "run_item_start",
    "run_item_skip",
    "run_item_restore",
    "run_recording",
    "run_announce",
    "run_end",
]
ITEM_URLS = {
    "item_edit",
    "item_move",
    "item_delete",
    "run_item_start",
    "run_item_skip",
    "run_item_restore",
}


def url_for(name, meeting, item):
    args = [meeting.pk, item.pk] if name in ITEM_URLS else [meeting.pk]
    return reverse(f"meetings:{name}", args=args)


def items_of(meeting):
    return list(ProgrammeItem.objects.filter(meeting=meeting).order_by("position", "id"))


@pytest.fixture
def own_meeting(facilitator_client):
    """A meeting with a programme whose facilitator is the logged-in user."""
    _client, user = facilitator_client
    return meeting_with_programme(("talk", "group_session", "break"), facilitators=[user])


def item_post_data(*, speakers=(), questions=(), initial_speakers=0, initial_questions=0, **fields):
    data = {
        "kind": "talk",
        "title": "Fremtidens kulturskole",
        "description": "",
        "planned_start": "10:00",
        "planned_minutes": "20",
        "resume_at": "",
        "speakers-TOTAL_FORMS": str(len(speakers)),
        "speakers-INITIAL_FORMS": str(initial_speakers),
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "20",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(initial_questions),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
    }
    for i, (name, role, organisation) in enumerate(speakers):
        data[f"speakers-{i}-name"] = name
        data[f"speakers-{i}-role"] = role
        data[f"speakers-{i}-organisation"] = organisation
    for i, text in enumerate(questions):
        data[f"questions-{i}-text"] = text
    data.update(fields)
    return data


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", GET_URLS)
def test_facilitator_page_redirects_anonymous_to_login(name):
    meeting = meeting_with_programme(("talk",))
    url = url_for(name, meeting, items_of(meeting)[0])

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", POST_URLS)
def test_facilitator_action_redirects_anonymous_to_login_and_changes_nothing(name):
    meeting = meeting_with_programme(("talk", "info"))
    domain.meeting_start(meeting=meeting)
    meeting.refresh_from_db()
    url = url_for(name, meeting, items_of(meeting)[1])

    response = Client().post(url, {"minutes": "5", "text": "Hei", "direction": "up"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    after = Meeting.objects.get(pk=meeting.pk)
    assert after.state_version == meeting.state_version
    assert ProgrammeItem.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize("name", ["list", "create"])
def test_meeting_list_and_create_redirect_anonymous_to_login(name):
    url = reverse(f"meetings:{name}")

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", GET_URLS)
def test_facilitator_page_is_forbidden_to_another_facilitator(facilitator_client, name):
    client, _user = facilitator_client
    meeting = meeting_with_programme(("talk",))  # someone else's meeting

    response = client.get(url_for(name, meeting, items_of(meeting)[0]))

    assert response.status_code == 403


@pytest.mark.parametrize("name", POST_URLS)
def test_facilitator_action_is_forbidden_to_another_facilitator(facilitator_client, name):
    client, _user = facilitator_client
    meeting = meeting_with_programme(("talk", "info"))
    domain.meeting_start(meeting=meeting)
    meeting.refresh_from_db()

    response = client.post(
        url_for(name, meeting, items_of(meeting)[1]),
        {"minutes": "5", "text": "Hei", "direction": "up"},
    )

    assert response.status_code == 403
    after = Meeting.objects.get(pk=meeting.pk)
    assert (after.status, after.current_item_id, after.state_version) == (
        meeting.status,
        meeting.current_item_id,
        meeting.state_version,
    )
    assert after.announcements.count() == 0


@pytest.mark.parametrize("name", POST_URLS)
def test_facilitator_action_refuses_get(facilitator_client, own_meeting, name):
    client, _user = facilitator_client
    before = Meeting.objects.get(pk=own_meeting.pk).state_version

    response = client.get(url_for(name, own_meeting, items_of(own_meeting)[1]))

    assert response.status_code == 405
    assert Meeting.objects.get(pk=own_meeting.pk).state_version == before


def test_facilitator_page_of_a_missing_meeting_is_404(facilitator_client):
    client, _user = facilitator_client

    response = client.get(reverse("meetings:run", args=[999_999]))

    assert response.status_code == 404


def test_item_of_another_meeting_is_404(facilitator_client, own_meeting):
    client, _user = facilitator_client
    foreign = ProgrammeItemFactory()

    response = client.get(reverse("meetings:item_edit", args=[own_meeting.pk, foreign.pk]))

    assert response.status_code == 404


def test_superuser_may_run_any_meeting():
    admin = UserFactory(is_superuser=True)
    client = Client()
    client.force_login(admin)
    meeting = meeting_with_programme(("talk",))

    response = client.get(reverse("meetings:run", args=[meeting.pk]))

    assert response.status_code == 200


# --- The list and creating a meeting ------------------------------------------------------


def test_meeting_list_shows_only_own_meetings(facilitator_client):
    client, user = facilitator_client
    MeetingFactory(title="Mitt temamøte", facilitators=[user])
    MeetingFactory(title="Noen andres møte")

    response = client.get(reverse("meetings:list"))

    assert response.status_code == 200
    assert [m.title for m in response.context["meetings"]] == ["Mitt temamøte"]
    assert "Noen andres møte" not in response.content.decode()


def test_meeting_create_page_renders(facilitator_client):
    client, _user = facilitator_client

    response = client.get(reverse("meetings:create"))

    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()


def test_meeting_create_through_the_form(facilitator_client):
    client, user = facilitator_client

    response = client.post(
        reverse("meetings:create"),
        {
            "title": "Fremtidens kulturskole",
            "date": "2025-03-12",
            "video_url": "https://zoom.us/j/123",
            "language": "nn",
        },
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:edit", args=[meeting.pk])
    assert (meeting.title, meeting.date, meeting.video_url, meeting.language) == (
        "Fremtidens kulturskole",
        datetime.date(2025, 3, 12),
        "https://zoom.us/j/123",
        "nn",
    )
    assert list(meeting.facilitators.all()) == [user]
    assert meeting.status == Meeting.Status.DRAFT


def test_meeting_create_without_title_rerenders_and_saves_nothing(facilitator_client):
    client, _user = facilitator_client

    response = client.post(
        reverse("meetings:create"), {"title": "", "date": "2025-03-12", "language": "nb"}
    )

    assert response.status_code == 200
    assert 'id="id_title_error"' in response.content.decode()
    assert Meeting.objects.count() == 0


def test_meeting_edit_saves_details(facilitator_client, own_meeting):
    client, _user = facilitator_client

    response = client.post(
        reverse("meetings:edit", args=[own_meeting.pk]),
        {"title": "Nytt navn", "date": "2025-04-01", "video_url": "", "language": "en"},
    )

    own_meeting.refresh_from_db()
    assert response.status_code == 302
    assert (own_meeting.title, own_meeting.language) == ("Nytt navn", "en")


# --- Building the programme ---------------------------------------------------------------


def test_item_create_with_speakers_and_questions_saves_them_in_order(facilitator_client):
    client, user = facilitator_client
    meeting = MeetingFactory(facilitators=[user])

    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        item_post_data(
            kind="group_session",
            title="Gruppesamtaler",
            speakers=[
                ("Anne Olsen", "Rektor", "Skien kommune"),
                ("Bjørn Berg", "", ""),
            ],
            questions=["Hva er viktigst?", "Hva mangler?", "Hva gjør vi nå?"],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:edit", args=[meeting.pk])
    item = ProgrammeItem.objects.get(meeting=meeting)
    assert (item.kind, item.title, item.planned_minutes, item.position) == (
        "group_session",
        "Gruppesamtaler",
        20,
        1,
    )
    assert item.planned_start == datetime.time(10, 0)
    assert [(s.name, s.role, s.organisation, s.position) for s in item.speakers.all()] == [
        ("Anne Olsen", "Rektor", "Skien kommune", 1),
        ("Bjørn Berg", "", "", 2),
    ]
    assert [(q.text, q.position) for q in item.questions.all()] == [
        ("Hva er viktigst?", 1),
        ("Hva mangler?", 2),
        ("Hva gjør vi nå?", 3),
    ]


def test_item_edit_page_shows_existing_speakers_and_questions(facilitator_client, own_meeting):
    client, _user = facilitator_client
    item = items_of(own_meeting)[1]
    domain.item_replace_children(
        item=item,
        speakers=[{"name": "Anne Olsen", "role": "", "organisation": ""}],
        questions=["Hva er viktigst?"],
    )

    response = client.get(reverse("meetings:item_edit", args=[own_meeting.pk, item.pk]))

    assert response.status_code == 200
    assert response.context["speakers"].initial == [
        {"name": "Anne Olsen", "role": "", "organisation": ""}
    ]
    assert response.context["questions"].initial == [{"text": "Hva er viktigst?", "other_text": ""}]
    content = response.content.decode()
    assert 'value="Anne Olsen"' in content
    assert 'value="Hva er viktigst?"' in content


def test_item_edit_emptying_a_row_removes_it(facilitator_client, own_meeting):
    client, _user = facilitator_client
    item = items_of(own_meeting)[1]
    domain.item_replace_children(
        item=item,
        speakers=[
            {"name": "Anne Olsen", "role": "Rektor", "organisation": ""},
            {"name": "Bjørn Berg", "role": "", "organisation": ""},
        ],
        questions=["Spørsmål 1", "Spørsmål 2", "Spørsmål 3"],
    )

    response = client.post(
        reverse("meetings:item_edit", args=[own_meeting.pk, item.pk]),
        item_post_data(
            kind="group_session",
            title="Gruppesamtaler",
            speakers=[("", "", ""), ("Bjørn Berg", "", ""), ("", "", "")],
            questions=["Spørsmål 1", "", "Spørsmål 3", "Spørsmål 4"],
            initial_speakers=2,
            initial_questions=3,
        ),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Gruppesamtaler"
    assert [s.name for s in item.speakers.all()] == ["Bjørn Berg"]
    assert [q.text for q in item.questions.all()] == ["Spørsmål 1", "Spørsmål 3", "Spørsmål 4"]
    assert Speaker.objects.filter(item=item).count() == 1


def test_item_edit_speaker_role_without_name_is_an_error(facilitator_client, own_meeting):
    client, _user = facilitator_client
    item = items_of(own_meeting)[0]

    response = client.post(
        reverse("meetings:item_edit", args=[own_meeting.pk, item.pk]),
        item_post_data(title="Endret", speakers=[("", "Rektor", "")]),
    )

    assert response.status_code == 200
    assert 'id="id_speakers-0-name_error"' in response.content.decode()
    item.refresh_from_db()
    assert item.title != "Endret"
    assert Speaker.objects.filter(item=item).count() == 0


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"planned_minutes": "0"}, "planned_minutes"),
        ({"planned_minutes": "601"}, "planned_minutes"),
        ({"planned_minutes": ""}, "planned_minutes"),
        ({"kind": "talk", "resume_at": "11:10"}, "resume_at"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "party"}, "kind"),
    ],
    ids=["length-0", "length-601", "no-length", "resume-on-talk", "no-title", "long-title", "kind"],
)
def test_item_create_invalid_input_rerenders_and_saves_nothing(
    facilitator_client, fields, error_field
):
    client, user = facilitator_client
    meeting = MeetingFactory(facilitators=[user])

    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        item_post_data(questions=["Hva er viktigst?"], **fields),
    )

    assert response.status_code == 200
    assert f'id="id_{error_field}_error"' in response.content.decode()
    assert ProgrammeItem.objects.filter(meeting=meeting).count() == 0
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [{"planned_minutes": "0"}, {"planned_minutes": "601"}, {"resume_at": "11:10"}, {"title": ""}],
)
def test_item_edit_invalid_input_leaves_the_item_unchanged(facilitator_client, own_meeting, fields):
    client, _user = facilitator_client
    item = items_of(own_meeting)[0]
    before = (item.title, item.planned_minutes, item.resume_at)

    response = client.post(
        reverse("meetings:item_edit", args=[own_meeting.pk, item.pk]),
        item_post_data(questions=["Nytt spørsmål"], **fields),
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.planned_minutes, item.resume_at) == before
    assert Question.objects.filter(item=item).count() == 0


def test_item_create_break_with_resume_at(facilitator_client, own_meeting):
    client, _user = facilitator_client

    response = client.post(
        reverse("meetings:item_create", args=[own_meeting.pk]),
        item_post_data(kind="break", title="KAFFEPAUSE", planned_minutes="15", resume_at="11:10"),
    )

    assert response.status_code == 302
    item = items_of(own_meeting)[-1]
    assert (item.title, item.resume_at, item.position) == ("KAFFEPAUSE", datetime.time(11, 10), 4)


def test_item_move_up_through_the_view(facilitator_client, own_meeting):
    client, _user = facilitator_client
    first, second, third = items_of(own_meeting)

    response = client.post(
        reverse("meetings:item_move", args=[own_meeting.pk, third.pk]), {"direction": "up"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:edit", args=[own_meeting.pk]) + (
        f"#item-{third.pk}"
    )
    assert [item.pk for item in items_of(own_meeting)] == [first.pk, third.pk, second.pk]


def test_item_move_down_through_the_view(facilitator_client, own_meeting):
    client, _user = facilitator_client
    first, second, third = items_of(own_meeting)

    client.post(
        reverse("meetings:item_move", args=[own_meeting.pk, first.pk]), {"direction": "down"}
    )

    assert [item.pk for item in items_of(own_meeting)] == [second.pk, first.pk, third.pk]


def test_item_delete_through_the_view(facilitator_client, own_meeting):
    client, _user = facilitator_client
    first, second, third = items_of(own_meeting)

    response = client.post(reverse("meetings:item_delete", args=[own_meeting.pk, second.pk]))

    assert response.status_code == 302
    assert [item.pk for item in items_of(own_meeting)] == [first.pk, third.pk]


def test_item_delete_of_the_running_item_shows_an_error_and_keeps_it(
    facilitator_client, own_meeting
):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    running = items_of(own_meeting)[0]

    response = client.post(
        reverse("meetings:item_delete", args=[own_meeting.pk, running.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "This item is running now." in response.content.decode()
    assert ProgrammeItem.objects.filter(pk=running.pk).exists() is True


# --- The run page -------------------------------------------------------------------------


def test_run_page_renders_with_participant_link_and_code(facilitator_client, own_meeting):
    client, _user = facilitator_client

    response = client.get(reverse("meetings:run", args=[own_meeting.pk]))

    assert response.status_code == 200
    assert response.context["participant_url"] == f"http://testserver/m/{own_meeting.code}/"
    content = response.content.decode()
    assert (
        f'<output id="participant-url" class="join-info__url">'
        f"http://testserver/m/{own_meeting.code}/</output>"
    ) in content
    assert f'<strong class="code code--large">{own_meeting.code}</strong>' in content
    assert 'id="programme-state"' in content


def test_run_programme_partial_renders_the_programme(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    first = items_of(own_meeting)[0]

    response = client.get(reverse("meetings:run_programme", args=[own_meeting.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith('<section id="programme"')
    assert f'data-item="{first.pk}" data-status="running"' in content
    assert f'name="expected" value="{first.pk}"' in content


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _meeting_of_size(user, size, *, live):
    meeting = MeetingFactory(facilitators=[user])
    for position in range(1, size + 1):
        item = ProgrammeItemFactory(meeting=meeting, position=position)
        domain.item_replace_children(
            item=item,
            speakers=[{"name": f"Taler {position}", "role": "", "organisation": ""}],
            questions=[f"Spørsmål {position}a", f"Spørsmål {position}b"],
        )
        ParticipantFactory(meeting=meeting)
    if live:
        domain.meeting_start(meeting=meeting)
        domain.announcement_post(meeting=meeting, text="Hei", author=user)
    return meeting


@pytest.mark.parametrize("name", ["edit", "run", "run_programme", "run_controls"])
def test_page_query_count_does_not_grow_with_programme_size(facilitator_client, name):
    client, user = facilitator_client
    small = _meeting_of_size(user, 3, live=True)
    large = _meeting_of_size(user, 30, live=True)
    _query_count(client, reverse(f"meetings:{name}", args=[small.pk]))  # warm up the session

    small_count = _query_count(client, reverse(f"meetings:{name}", args=[small.pk]))
    large_count = _query_count(client, reverse(f"meetings:{name}", args=[large.pk]))

    assert large_count == small_count


def test_run_page_query_count_is_bounded(facilitator_client, django_assert_max_num_queries):
    client, user = facilitator_client
    meeting = _meeting_of_size(user, 30, live=True)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("meetings:run", args=[meeting.pk]))

    assert response.status_code == 200


# --- Running it through the buttons -------------------------------------------------------


def test_run_start_starts_the_meeting(facilitator_client, own_meeting):
    client, _user = facilitator_client

    response = client.post(reverse("meetings:run_start", args=[own_meeting.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:run", args=[own_meeting.pk])
    own_meeting.refresh_from_db()
    assert own_meeting.status == Meeting.Status.LIVE
    assert own_meeting.current_item_id == items_of(own_meeting)[0].pk


def test_run_advance_twice_with_the_same_expected_item_advances_once(
    facilitator_client, own_meeting
):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    first, second, _third = items_of(own_meeting)
    url = reverse("meetings:run_advance", args=[own_meeting.pk])

    first_click = client.post(url, {"expected": str(first.pk)})
    second_click = client.post(url, {"expected": str(first.pk)}, HTTP_ACCEPT_LANGUAGE="en")

    assert (first_click.status_code, second_click.status_code) == (302, 302)
    own_meeting.refresh_from_db()
    assert own_meeting.current_item_id == second.pk
    assert [item.status for item in items_of(own_meeting)] == ["done", "running", "pending"]
    page = client.get(reverse("meetings:run", args=[own_meeting.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "The programme has already moved on." in page.content.decode()


def test_run_advance_twice_when_nothing_runs_starts_only_one_item(facilitator_client):
    client, user = facilitator_client
    meeting = MeetingFactory(facilitators=[user])
    domain.meeting_start(meeting=meeting)  # live, with an empty programme
    first = domain.item_create(meeting=meeting, title="Velkommen")
    domain.item_create(meeting=meeting, title="Innlegg")
    page = client.get(reverse("meetings:run_controls", args=[meeting.pk]))
    assert 'name="expected" value="0"' in page.content.decode()
    url = reverse("meetings:run_advance", args=[meeting.pk])

    # What the page's form sends, clicked twice.
    client.post(url, {"expected": "0"})
    client.post(url, {"expected": "0"})

    meeting.refresh_from_db()
    assert meeting.current_item_id == first.pk
    assert [item.status for item in items_of(meeting)] == ["running", "pending"]


def test_run_extend_adds_minutes(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)

    response = client.post(reverse("meetings:run_extend", args=[own_meeting.pk]), {"minutes": "5"})

    assert response.status_code == 302
    assert items_of(own_meeting)[0].extra_seconds == 300


@pytest.mark.parametrize("minutes", ["0", "121", "abc", ""])
def test_run_extend_refuses_invalid_minutes(facilitator_client, own_meeting, minutes):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)

    response = client.post(
        reverse("meetings:run_extend", args=[own_meeting.pk]),
        {"minutes": minutes},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Extend by between 1 and 120 minutes." in response.content.decode()
    assert items_of(own_meeting)[0].extra_seconds == 0


def test_run_item_start_skip_and_restore(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    first, second, third = items_of(own_meeting)

    client.post(
        reverse("meetings:run_item_start", args=[own_meeting.pk, third.pk]),
        {"expected": str(first.pk)},
    )
    assert [item.status for item in items_of(own_meeting)] == ["done", "pending", "running"]

    client.post(reverse("meetings:run_item_skip", args=[own_meeting.pk, second.pk]))
    assert [item.status for item in items_of(own_meeting)] == ["done", "skipped", "running"]

    client.post(reverse("meetings:run_item_restore", args=[own_meeting.pk, second.pk]))
    assert [item.status for item in items_of(own_meeting)] == ["done", "pending", "running"]


def test_run_item_start_with_a_stale_expected_item_changes_nothing(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    first, second, third = items_of(own_meeting)
    domain.programme_advance(meeting=own_meeting, expected_item_id=first.pk)

    client.post(
        reverse("meetings:run_item_start", args=[own_meeting.pk, third.pk]),
        {"expected": str(first.pk)},
    )

    assert Meeting.objects.get(pk=own_meeting.pk).current_item_id == second.pk


def test_run_item_restore_of_the_running_item_is_404(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    running = items_of(own_meeting)[0]

    response = client.post(reverse("meetings:run_item_restore", args=[own_meeting.pk, running.pk]))

    assert response.status_code == 404
    assert items_of(own_meeting)[0].status == "running"


@pytest.mark.parametrize(("posted", "expected"), [({"recording": "on"}, True), ({}, False)])
def test_run_recording_sets_the_indicator(facilitator_client, own_meeting, posted, expected):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    Meeting.objects.filter(pk=own_meeting.pk).update(recording=not expected)

    client.post(reverse("meetings:run_recording", args=[own_meeting.pk]), posted)

    assert Meeting.objects.get(pk=own_meeting.pk).recording is expected


def test_run_announce_posts_an_announcement(facilitator_client, own_meeting):
    client, user = facilitator_client

    client.post(reverse("meetings:run_announce", args=[own_meeting.pk]), {"text": "Pause nå"})

    announcement = own_meeting.announcements.get()
    assert (announcement.text, announcement.created_by) == ("Pause nå", user)


def test_the_control_room_shows_the_announcement_and_withdraws_it(facilitator_client, own_meeting):
    client, user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    shown = domain.announcement_post(meeting=own_meeting, text="Pause nå", author=user)
    run = reverse("meetings:run", args=[own_meeting.pk])

    page = client.get(run, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shown now" in page and "Pause nå" in page and "Show instead" in page

    response = client.post(
        reverse("meetings:run_announce_withdraw", args=[own_meeting.pk]),
        {"announcement": shown.pk},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    page = response.content.decode()
    assert "The announcement is withdrawn." in page
    assert "Shown now" not in page
    assert domain.programme_state(own_meeting)["announcement"] is None


def test_run_announce_can_tie_the_announcement_to_the_running_item(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)
    own_meeting.refresh_from_db()

    client.post(
        reverse("meetings:run_announce", args=[own_meeting.pk]),
        {"text": "Still spørsmål nå", "until_item_ends": "on"},
    )

    assert own_meeting.announcements.get().until_item_ends_id == own_meeting.current_item_id


@pytest.mark.parametrize("text", ["", "x" * 501])
def test_run_announce_refuses_empty_or_long_text(facilitator_client, own_meeting, text):
    client, _user = facilitator_client

    response = client.post(
        reverse("meetings:run_announce", args=[own_meeting.pk]),
        {"text": text},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Write an announcement of at most 500 characters." in response.content.decode()
    assert own_meeting.announcements.count() == 0


def test_run_end_ends_the_meeting(facilitator_client, own_meeting):
    client, _user = facilitator_client
    domain.meeting_start(meeting=own_meeting)

    response = client.post(reverse("meetings:run_end", args=[own_meeting.pk]))

    assert response.status_code == 302
    own_meeting.refresh_from_db()
    assert own_meeting.status == Meeting.Status.ENDED
    assert [item.status for item in items_of(own_meeting)] == ["done", "pending", "pending"]


def test_run_advance_on_a_draft_meeting_shows_an_error(facilitator_client, own_meeting):
    client, _user = facilitator_client

    response = client.post(
        reverse("meetings:run_advance", args=[own_meeting.pk]),
        {"expected": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Start the meeting first." in response.content.decode()
    assert Meeting.objects.get(pk=own_meeting.pk).status == Meeting.Status.DRAFT
