"""The group pages: the facilitator forms and oversees groups, members take roles and run rounds."""

import csv
import html
import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from groups import domain, views
from groups.models import Group, GroupPlan, Membership, Role, Round
from meetings import domain as meetings
from meetings.models import ProgrammeItem
from tests.conftest import joined_client
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    ParticipantFactory,
    ProgrammeItemFactory,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HX = {"HTTP_HX_REQUEST": "true", **EN}

GET_URLS = ["manage", "overview", "export-zoom", "export-csv", "export-xlsx"]
POST_URLS = ["form", "reuse", "move", "place", "roles"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def manage_url(name, item):
    if name.startswith("export-"):
        return reverse("groups:export", args=[item.meeting_id, item.pk, name.split("-")[1]])
    return reverse(f"groups:{name}", args=[item.meeting_id, item.pk])


def group_session(meeting, position=1, title="Gruppesamtaler"):
    item = ProgrammeItemFactory(
        meeting=meeting, position=position, kind=ProgrammeItem.Kind.GROUP_SESSION, title=title
    )
    for number, text in enumerate(["Hva er relevant?", "Hva er viktig?", "Hva først?"], 1):
        item.questions.create(position=number, text=text)
    return item


def people(item, count, organisations=("Porsgrunn kommune", "Skien kommune", "KS"), email=True):
    return [
        ParticipantFactory(
            meeting=item.meeting,
            organisation=organisations[n % len(organisations)],
            email=f"deltaker{n}-{item.pk}@example.org" if email else "",
        )
        for n in range(count)
    ]


def messages_of(response) -> list[str]:
    """The messages queued by a request (before a redirect is followed)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def shown_messages(response) -> list[str]:
    """The texts of the messages a rendered page shows in its messages region."""
    page = response.content.decode()
    region = page.split('<div id="messages"', 1)[1].split('<div id="announcer"', 1)[0]
    texts = re.findall(r'<div class="message[^"]*"[^>]*>\s*<p>(.*?)</p>', region)
    return [html.unescape(text) for text in texts]


def form_data(**fields):
    data = {"strategy": "random", "target_size": "4", "late_joiners": "place", "seed": "1"}
    data.update({key: str(value) for key, value in fields.items()})
    return data


def start(item):
    meetings.meeting_start(meeting=item.meeting)
    meetings.item_start(meeting=item.meeting, item=item)


@pytest.fixture
def own(facilitator_client):
    """The logged-in facilitator's meeting: a talk, then a group session."""
    client, user = facilitator_client
    meeting = MeetingFactory(facilitators=[user])
    talk = ProgrammeItemFactory(meeting=meeting, position=1, kind=ProgrammeItem.Kind.TALK)
    item = group_session(meeting, position=2)
    return SimpleNamespace(client=client, user=user, meeting=meeting, item=item, talk=talk)


# --- Access to the facilitator's pages -----------------------------------------------------


@pytest.mark.parametrize("name", GET_URLS)
def test_manage_page_redirects_anonymous_to_login(name):
    item = group_session(MeetingFactory())
    url = manage_url(name, item)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", POST_URLS)
def test_manage_action_redirects_anonymous_to_login_and_changes_nothing(name):
    item = group_session(MeetingFactory())
    people(item, 8)
    url = manage_url(name, item)

    response = Client().post(url, form_data())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Group.objects.exists()
    assert not GroupPlan.objects.exists()


@pytest.mark.parametrize("name", GET_URLS)
def test_manage_page_is_forbidden_to_another_facilitator(facilitator_client, name):
    client, _user = facilitator_client
    item = group_session(MeetingFactory())  # someone else's meeting

    response = client.get(manage_url(name, item))

    assert response.status_code == 403


@pytest.mark.parametrize("name", POST_URLS)
def test_manage_action_is_forbidden_to_another_facilitator(facilitator_client, name):
    client, _user = facilitator_client
    item = group_session(MeetingFactory())
    people(item, 8)

    response = client.post(manage_url(name, item), form_data())

    assert response.status_code == 403
    assert not Group.objects.exists()


@pytest.mark.parametrize("name", GET_URLS)
def test_manage_page_of_an_item_that_is_not_a_group_session_is_404(own, name):
    response = own.client.get(manage_url(name, own.talk))

    assert response.status_code == 404


@pytest.mark.parametrize("name", POST_URLS)
def test_manage_action_on_an_item_that_is_not_a_group_session_is_404(own, name):
    people(own.talk, 8)

    response = own.client.post(manage_url(name, own.talk), form_data())

    assert response.status_code == 404
    assert not Group.objects.exists()


def test_manage_page_of_a_group_session_of_another_meeting_is_404(own):
    foreign = group_session(MeetingFactory())

    response = own.client.get(reverse("groups:manage", args=[own.meeting.pk, foreign.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", POST_URLS)
def test_manage_action_refuses_get(own, name):
    response = own.client.get(manage_url(name, own.item))

    assert response.status_code == 405


def test_manage_page_shows_the_form_to_its_facilitator(own):
    response = own.client.get(manage_url("manage", own.item), **EN)

    assert response.status_code == 200
    assert "Groups: Gruppesamtaler" in response.content.decode()
    assert "No groups yet" in response.content.decode()


# --- Forming -------------------------------------------------------------------------------


def test_form_groups_valid_forms_groups_and_redirects(own):
    present = people(own.item, 12)

    response = own.client.post(manage_url("form", own.item), form_data(), **EN)

    assert response.status_code == 302
    assert response["Location"] == manage_url("manage", own.item)
    assert own.item.groups.count() == 3
    placed = Membership.objects.filter(item=own.item).values_list("participant_id", flat=True)
    assert sorted(placed) == sorted(p.pk for p in present)
    plan = GroupPlan.objects.get(item=own.item)
    assert (plan.strategy, plan.target_size, plan.seed) == ("random", 4, 1)
    assert "3 groups are formed." in messages_of(response)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target_size": 0}, "target_size"),
        ({"target_size": 1}, "target_size"),
        ({"target_size": 1000}, "target_size"),
        ({"target_size": 4, "min_size": 5}, "min_size"),
        ({"target_size": 4, "max_size": 3}, "max_size"),
    ],
)
def test_form_groups_with_bad_sizes_is_400_and_saves_nothing(own, fields, field):
    people(own.item, 12)

    response = own.client.post(manage_url("form", own.item), form_data(**fields), **EN)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert f'<p class="field__error" id="id_{field}_error" role="alert">' in (
        response.content.decode()
    )
    assert not Group.objects.exists()
    assert not GroupPlan.objects.exists()


def test_form_groups_with_too_few_participants_shows_an_error_and_saves_nothing(own):
    people(own.item, 1)

    response = own.client.post(
        manage_url("form", own.item), form_data(target_size=4), follow=True, **EN
    )

    assert response.redirect_chain == [(manage_url("manage", own.item), 302)]
    assert "There are too few participants present for groups of that size." in (
        shown_messages(response)
    )
    assert not Group.objects.exists()
    assert not GroupPlan.objects.exists()


def test_form_groups_again_replaces_the_groups(own):
    people(own.item, 12)
    own.client.post(manage_url("form", own.item), form_data(target_size=4))

    own.client.post(manage_url("form", own.item), form_data(target_size=6))

    assert own.item.groups.count() == 2
    assert Membership.objects.filter(item=own.item).count() == 12


def test_reuse_copies_the_groups_of_an_earlier_session(own):
    people(own.item, 8)
    domain.groups_form(item=own.item, strategy="random", target_size=4, seed=1)
    later = group_session(own.meeting, position=3, title="Andre runde")

    response = own.client.post(
        manage_url("reuse", later), {"source": own.item.pk}, follow=True, **EN
    )

    assert response.status_code == 200
    assert "The groups of “Gruppesamtaler” are reused." in shown_messages(response)
    assert later.groups.count() == 2


def test_reuse_of_a_session_of_another_meeting_is_refused(own):
    foreign = group_session(MeetingFactory())
    people(foreign, 8)
    domain.groups_form(item=foreign, strategy="random", target_size=4, seed=1)

    response = own.client.post(
        manage_url("reuse", own.item), {"source": foreign.pk}, follow=True, **EN
    )

    assert "Choose another group session of this meeting." in shown_messages(response)
    assert not own.item.groups.exists()


def test_roles_gives_every_group_three_roles(own):
    people(own.item, 12)
    domain.groups_form(item=own.item, strategy="random", target_size=4, seed=1)

    response = own.client.post(manage_url("roles", own.item), {"rotate": "on"})

    assert response.status_code == 302
    for group in own.item.groups.all():
        roles = sorted(group.memberships.exclude(role="").values_list("role", flat=True))
        assert roles == sorted(Role.values)


def test_place_puts_a_waiting_participant_in_a_group(own):
    people(own.item, 8)
    domain.groups_form(item=own.item, strategy="random", target_size=4, seed=1)
    late = ParticipantFactory(meeting=own.meeting, name="Sen Ankomst")

    manage = own.client.get(manage_url("manage", own.item), **EN)
    assert "Waiting for a group" in manage.content.decode()
    response = own.client.post(manage_url("place", own.item), {"participant": late.pk, "group": 2})

    assert response.status_code == 302
    assert Membership.objects.get(participant=late).group.number == 2


# --- Moving --------------------------------------------------------------------------------


@pytest.fixture
def three_groups(own):
    """12 people in three groups of four, at most five people each."""
    people(own.item, 12)
    domain.groups_form(item=own.item, strategy="random", target_size=4, max_size=5, seed=1)
    own.groups = list(own.item.groups.all())
    return own


def test_move_puts_a_member_in_another_group(three_groups):
    first, second, _third = three_groups.groups
    member = first.memberships.first()

    response = three_groups.client.post(
        manage_url("move", three_groups.item), {"membership": member.pk, "group": 2}
    )

    assert response.status_code == 302
    # Back to the page, with both groups open.
    assert response["Location"] == manage_url("manage", three_groups.item) + (
        f"?open={second.pk},{first.pk}"
    )
    member.refresh_from_db()
    assert member.group == second
    assert (first.memberships.count(), second.memberships.count()) == (3, 5)


def test_move_into_a_full_group_offers_a_swap_and_moves_nobody(three_groups):
    first, second, third = three_groups.groups
    domain.membership_move(membership=third.memberships.first(), group=second)  # second: 5
    member = first.memberships.first()

    response = three_groups.client.post(
        manage_url("move", three_groups.item),
        {"membership": member.pk, "group": 2},
        follow=True,
        **EN,
    )

    assert response.status_code == 200
    assert "Group 2 is full (at most 5 people)." in shown_messages(response)
    member.refresh_from_db()
    assert member.group == first
    assert second.memberships.count() == 5
    # The way out: swap with one of the full group's members, each a button of its own.
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(manage_url("swap", three_groups.item))
    for other in second.memberships.select_related("participant"):
        assert f"Swap with {html.escape(other.participant.name)}" in page


ASKED = {"HTTP_X_SAMTALE_GROUPS": "1", **EN}


def group_elements(page):
    """The groups of an answer, by id: what move.js puts in place of each."""
    found = re.findall(r'<li id="group-(\d+)"(.*?)</details>\s*</li>', page, re.S)
    return {int(pk): body for pk, body in found}


def test_a_move_asked_by_the_page_answers_with_the_two_groups_as_they_are_now(three_groups):
    first, second, third = three_groups.groups
    member = first.memberships.select_related("participant").first()

    response = three_groups.client.post(
        manage_url("move", three_groups.item), {"membership": member.pk, "group": 2}, **ASKED
    )

    assert response.status_code == 200
    page = response.content.decode()
    groups = group_elements(page)
    assert set(groups) == {first.pk, second.pk}  # the third is left as it is
    assert f">{html.escape(member.participant.name)}</span>" in groups[second.pk]
    assert f">{html.escape(member.participant.name)}</span>" not in groups[first.pk]
    assert f"{html.escape(member.participant.name)} is now in Group 2." in html.unescape(page)
    assert "<html" not in page  # a part, not the page


def test_a_move_into_a_full_group_asked_by_the_page_offers_a_swap(three_groups):
    first, second, third = three_groups.groups
    domain.membership_move(membership=third.memberships.first(), group=second)  # second: 5
    member = first.memberships.first()

    response = three_groups.client.post(
        manage_url("move", three_groups.item), {"membership": member.pk, "group": 2}, **ASKED
    )

    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Group 2 is full (at most 5 people)." in page
    assert page.count("data-swap-form") == 5
    for other in second.memberships.select_related("participant"):
        assert f'name="other" value="{other.pk}"' in page
    member.refresh_from_db()
    assert member.group == first


def test_a_swap_puts_each_in_the_others_group(three_groups):
    first, second, _third = three_groups.groups
    member, other = first.memberships.first(), second.memberships.first()

    plain = three_groups.client.post(
        manage_url("swap", three_groups.item), {"membership": member.pk, "other": other.pk}
    )
    member.refresh_from_db()
    other.refresh_from_db()
    assert plain.status_code == 302
    assert (member.group, other.group) == (second, first)

    asked = three_groups.client.post(
        manage_url("swap", three_groups.item),
        {"membership": member.pk, "other": other.pk},
        **ASKED,
    )
    assert asked.status_code == 200
    assert set(group_elements(asked.content.decode())) == {first.pk, second.pk}
    member.refresh_from_db()
    assert member.group == first


def test_a_swap_of_a_member_of_another_meeting_is_not_found(three_groups):
    member = three_groups.groups[0].memberships.first()
    stranger = MembershipFactory()
    response = three_groups.client.post(
        manage_url("swap", three_groups.item), {"membership": member.pk, "other": stranger.pk}
    )
    assert response.status_code == 404


def test_the_overview_gives_the_groups_asked_for_by_id_with_their_members(three_groups):
    first, second, third = three_groups.groups
    url = manage_url("overview", three_groups.item)

    response = three_groups.client.get(url, {"groups": f"{third.pk},{first.pk}"}, **EN)

    groups = group_elements(response.content.decode())
    assert set(groups) == {first.pk, third.pk}
    for membership in third.memberships.select_related("participant"):
        assert f">{html.escape(membership.participant.name)}</span>" in groups[third.pk]
    # During a search too, though the one it found has just left the group.
    searched = three_groups.client.get(url, {"groups": str(third.pk), "q": "nobody"}, **EN)
    assert set(group_elements(searched.content.decode())) == {third.pk}


def test_the_page_shows_many_groups_closed_and_finds_people_by_name_or_organisation(
    three_groups, monkeypatch
):
    first = three_groups.groups[0]
    kari = first.memberships.first().participant
    kari.name, kari.organisation = "Kari Nordmann", "Nome kommune"
    kari.save()
    url = manage_url("manage", three_groups.item)

    # A few groups are all open at once; a meeting of many shows them closed (below).
    page = three_groups.client.get(url, **EN).content.decode()
    assert page.count('class="group-item"') == 3
    assert ">Kari Nordmann</span>" in page
    monkeypatch.setattr(views, "ALL_OPEN_AT_MOST", 2)
    page = three_groups.client.get(url, **EN).content.decode()
    assert "Kari Nordmann" not in page  # members come when a group is opened

    for query in ("nordmann", "NOME"):
        found = three_groups.client.get(url, {"q": query}, **EN).content.decode()
        assert re.findall(r'<li id="group-(\d+)"', found) == [str(first.pk)]
        assert 'member--match" draggable="true"' in found
        assert ">Kari Nordmann</span>" in found
    opened = three_groups.client.get(url, {"open": str(first.pk)}, **EN).content.decode()
    assert ">Kari Nordmann</span>" in opened


def test_move_to_a_group_that_does_not_exist_shows_an_error(three_groups):
    member = three_groups.groups[0].memberships.first()

    response = three_groups.client.post(
        manage_url("move", three_groups.item),
        {"membership": member.pk, "group": 9},
        follow=True,
        **EN,
    )

    assert "There is no such group." in shown_messages(response)
    member.refresh_from_db()
    assert member.group == three_groups.groups[0]


def test_move_of_a_membership_from_another_session_is_404(three_groups):
    other = group_session(three_groups.meeting, position=3, title="Andre runde")
    domain.groups_reuse(item=other, source=three_groups.item)
    foreign = Membership.objects.filter(item=other, group__number=1).first()

    response = three_groups.client.post(
        manage_url("move", three_groups.item), {"membership": foreign.pk, "group": 2}
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.group.number == 1


def test_overview_partial_lists_the_groups(three_groups):
    response = three_groups.client.get(manage_url("overview", three_groups.item), **EN)

    assert response.status_code == 200
    content = response.content.decode()
    assert "group-overview" in content
    assert "3 groups" in content
    assert "<html" not in content


# --- Exports -------------------------------------------------------------------------------


@pytest.fixture
def exportable(own):
    """Two groups of four; one member has no e-mail."""
    people(own.item, 7)
    ParticipantFactory(meeting=own.meeting, name="Uten Epost", organisation="KS", email="")
    own.meeting.zoom_preassign = True
    own.meeting.save(update_fields=["zoom_preassign"])
    domain.groups_form(item=own.item, strategy="random", target_size=4, seed=1)
    return own


def test_export_zoom_returns_the_pre_assignment_csv(exportable):
    response = exportable.client.get(manage_url("export-zoom", exportable.item))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith('-zoom.csv"')
    assert response.content.startswith(b"Pre-assign Room Name,Email Address\r\n")
    lines = response.content.decode().split("\r\n")[1:-1]
    expected = {
        f"{m.group.name},{m.participant.email}"
        for m in Membership.objects.filter(item=exportable.item).select_related(
            "group", "participant"
        )
        if m.participant.email
    }
    assert len(lines) == 7
    assert set(lines) == expected


def test_export_csv_returns_the_roster_with_everyone(exportable):
    response = exportable.client.get(manage_url("export-csv", exportable.item), **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffGroup,Name,Organisation,Role,E-mail\r\n")
    assert len(text.split("\r\n")[1:-1]) == 8
    assert "Uten Epost" in text


def test_export_xlsx_opens_in_openpyxl(exportable):
    response = exportable.client.get(manage_url("export-xlsx", exportable.item), **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Group", "Name", "Organisation", "Role", "E-mail")
    assert len(rows) == 1 + 8
    assert {row[0] for row in rows[1:]} == {"Group 1", "Group 2"}


def test_export_of_an_unknown_kind_is_404(exportable):
    response = exportable.client.get(
        reverse("groups:export", args=[exportable.meeting.pk, exportable.item.pk, "pdf"])
    )

    assert response.status_code == 404


def test_manage_page_warns_about_people_without_email(exportable):
    response = exportable.client.get(manage_url("manage", exportable.item), **EN)

    content = response.content.decode()
    assert "1 person has no e-mail and is not in the Zoom file" in content
    assert response.context["missing_email"][0].name == "Uten Epost"
    warning = content.split("message--warning", 1)[1].split("</div>", 1)[0]
    assert "KS, Uten Epost" in warning  # as they are named in the call


def test_the_move_by_hand_list_has_those_zoom_cannot_place_by_room(exportable):
    ParticipantFactory(meeting=exportable.meeting, name="Også Uten", organisation="Bø", email="")
    domain.groups_form(item=exportable.item, strategy="random", target_size=5, seed=2)
    memberships = Membership.objects.filter(item=exportable.item, participant__email="")

    response = exportable.client.get(manage_url("export-moves", exportable.item), **EN)

    assert response["Content-Disposition"].endswith('-move-by-hand.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Breakout room", "Name in the video call", "Organisation"]
    expected = sorted(
        (m.group.number, m.group.name, m.participant.display_name) for m in memberships
    )
    assert [(room, name) for room, name, _org in rows[1:]] == [(g, n) for _no, g, n in expected]


def test_without_zoom_rooms_assigned_ahead_the_page_offers_no_zoom_file(exportable):
    exportable.meeting.zoom_preassign = False
    exportable.meeting.save(update_fields=["zoom_preassign"])

    content = exportable.client.get(manage_url("manage", exportable.item), **EN).content.decode()

    assert "Zoom breakout CSV" not in content
    assert "has no e-mail" not in content


# --- The participant's group page ----------------------------------------------------------


@pytest.fixture
def session():
    return group_session(MeetingFactory())


def page_url(item, name="page"):
    return reverse(f"groups:{name}", args=[item.meeting.code])


@pytest.mark.parametrize("name", ["page", "panel"])
def test_group_page_sends_someone_who_has_not_joined_to_the_join_page(session, name):
    response = Client().get(page_url(session, name))

    assert (response.status_code, response["Location"]) == (302, f"/m/{session.meeting.code}/")


def test_group_page_of_an_unknown_meeting_is_404():
    response = Client().get(reverse("groups:page", args=["NOSUCH"]))

    assert response.status_code == 404


def test_group_page_before_the_groups_are_formed_says_so(session):
    client = joined_client(session.meeting, organisation_is_other="on")

    response = client.get(page_url(session), **EN)

    assert response.status_code == 200
    assert "You are not in a group yet." in response.content.decode()


def test_group_page_after_forming_shows_the_group_and_its_members(session):
    client = joined_client(session.meeting, organisation_is_other="on")
    others = people(session, 3)
    domain.groups_form(item=session, strategy="random", target_size=4, seed=1)

    response = client.get(page_url(session), **EN)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 id="group-heading" tabindex="-1" data-focus-fallback>Group 1</h1>' in content
    assert "Morten Hagevik" in content
    for other in others:
        assert other.name in content
    assert "not in a group yet" not in content


def test_group_panel_is_the_partial(session):
    client = joined_client(session.meeting, organisation_is_other="on")
    people(session, 3)
    domain.groups_form(item=session, strategy="random", target_size=4, seed=1)

    response = client.get(page_url(session, "panel"), **EN)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="group-panel"')
    assert "<html" not in content
    assert "Group 1" in content


@pytest.fixture
def running(session):
    """A running group session with one group of four, two of them in their own browsers."""
    first = joined_client(session.meeting, name="Morten Hagevik", organisation_is_other="on")
    second = joined_client(
        session.meeting,
        name="Kari Nordmann",
        organisation="Skien kommune",
        organisation_is_other="on",
    )
    people(session, 2)
    start(session)
    (group,) = domain.groups_form(item=session, strategy="random", target_size=4, seed=1)
    return SimpleNamespace(
        item=session,
        group=group,
        first=first,
        second=second,
        first_member=Membership.objects.get(item=session, participant__name="Morten Hagevik"),
        second_member=Membership.objects.get(item=session, participant__name="Kari Nordmann"),
    )


def role_of(membership) -> str:
    membership.refresh_from_db()
    return membership.role


def error_in(response) -> str | None:
    """The text of the panel's error paragraph, if any."""
    content = response.content.decode()
    marker = '<p class="message message--error" role="alert">'
    if marker not in content:
        return None
    return content.split(marker, 1)[1].split("</p>", 1)[0]


# --- Roles taken by members ----------------------------------------------------------------


def test_take_role_gives_the_member_the_role(running):
    response = running.first.post(page_url(running.item, "role"), {"role": "timekeeper"})

    assert response.status_code == 302
    assert response["Location"] == page_url(running.item)
    assert role_of(running.first_member) == Role.TIMEKEEPER


def test_take_role_with_htmx_returns_the_panel(running):
    response = running.first.post(page_url(running.item, "role"), {"role": "moderator"}, **HX)

    assert response.status_code == 200
    assert 'id="group-panel"' in response.content.decode()
    assert error_in(response) is None
    assert role_of(running.first_member) == Role.MODERATOR


def test_take_role_already_taken_shows_an_error_in_the_panel(running):
    running.first.post(page_url(running.item, "role"), {"role": "timekeeper"})

    response = running.second.post(page_url(running.item, "role"), {"role": "timekeeper"}, **HX)

    assert response.status_code == 200
    assert error_in(response) == "Morten Hagevik is already timekeeper in this group."
    assert role_of(running.first_member) == Role.TIMEKEEPER
    assert role_of(running.second_member) == ""


def test_take_role_already_taken_without_htmx_redirects_with_a_message(running):
    running.first.post(page_url(running.item, "role"), {"role": "timekeeper"})

    response = running.second.post(
        page_url(running.item, "role"), {"role": "timekeeper"}, follow=True, **EN
    )

    assert response.redirect_chain == [(page_url(running.item), 302)]
    assert "Morten Hagevik is already timekeeper in this group." in shown_messages(response)
    assert role_of(running.first_member) == Role.TIMEKEEPER
    assert role_of(running.second_member) == ""


def test_take_role_empty_gives_the_role_up(running):
    running.first.post(page_url(running.item, "role"), {"role": "timekeeper"})

    running.first.post(page_url(running.item, "role"), {"role": ""})

    assert role_of(running.first_member) == ""
    # Now the other member may take it.
    running.second.post(page_url(running.item, "role"), {"role": "timekeeper"})
    assert role_of(running.second_member) == Role.TIMEKEEPER


def test_take_role_unknown_shows_an_error(running):
    response = running.first.post(page_url(running.item, "role"), {"role": "boss"}, **HX)

    assert response.status_code == 200
    assert error_in(response) == "Unknown role."
    assert role_of(running.first_member) == ""


def test_take_role_without_a_group_shows_an_error(session):
    client = joined_client(session.meeting, organisation_is_other="on")

    response = client.post(page_url(session, "role"), {"role": "timekeeper"}, **HX)

    assert response.status_code == 200
    assert error_in(response) == "You are not in a group yet."


def test_take_role_sends_someone_who_has_not_joined_to_the_join_page(running):
    response = Client().post(page_url(running.item, "role"), {"role": "timekeeper"})

    assert response.status_code == 302
    assert response["Location"] == f"/m/{running.item.meeting.code}/"
    assert not Membership.objects.exclude(role="").exists()


def test_take_role_refuses_get(running):
    response = running.first.get(page_url(running.item, "role"))

    assert response.status_code == 405


# --- Rounds driven by the timekeeper -------------------------------------------------------

ROUND = {"questions": "1", "speaker_minutes": "2", "dialogue_minutes": "5", "summary_minutes": "3"}


@pytest.fixture
def timekept(running):
    domain.role_take(membership=running.first_member, role=Role.TIMEKEEPER)
    return running


def round_url(item, action):
    if action == "start":
        return reverse("groups:round_start", args=[item.meeting.code])
    return reverse("groups:round_step", args=[item.meeting.code, action])


def started(timekept) -> Round:
    response = timekept.first.post(round_url(timekept.item, "start"), ROUND, **HX)
    assert error_in(response) is None
    return Round.objects.get(group=timekept.group)


@pytest.mark.parametrize("action", ["start", "pass", "pause", "resume", "add"])
def test_round_action_is_forbidden_to_a_member_without_the_timekeeper_role(timekept, action):
    response = timekept.second.post(round_url(timekept.item, action), ROUND)

    assert response.status_code == 403
    assert not Round.objects.exists()


def test_round_start_sends_someone_who_has_not_joined_to_the_join_page(timekept):
    response = Client().post(round_url(timekept.item, "start"), ROUND)

    assert response.status_code == 302
    assert response["Location"] == f"/m/{timekept.item.meeting.code}/"
    assert not Round.objects.exists()


def test_round_start_by_the_timekeeper_starts_a_round(timekept):
    response = timekept.first.post(round_url(timekept.item, "start"), ROUND)

    assert response.status_code == 302
    assert response["Location"] == page_url(timekept.item)
    current = Round.objects.get(group=timekept.group)
    assert current.question_numbers == [1]
    assert (current.speaker_seconds, current.dialogue_seconds, current.summary_seconds) == (
        120,
        300,
        180,
    )
    assert (current.phase, current.turn, current.phase_seconds) == ("speaking", 0, 120)
    assert len(current.speaking_order) == 4


def test_round_start_with_htmx_shows_the_round(timekept):
    response = timekept.first.post(round_url(timekept.item, "start"), ROUND, **HX)

    assert response.status_code == 200
    content = response.content.decode()
    assert error_in(response) is None
    assert "Speaking now" in content
    assert 'data-action="pass"' in content


@pytest.mark.parametrize(
    "changes", [{"questions": []}, {"speaker_minutes": "0"}, {"questions": "4"}]
)
def test_round_start_with_bad_choices_shows_an_error_and_starts_nothing(timekept, changes):
    response = timekept.first.post(round_url(timekept.item, "start"), {**ROUND, **changes}, **HX)

    assert response.status_code == 200
    assert error_in(response) == "Choose at least one question, and times within the limits."
    assert not Round.objects.exists()


def test_round_start_with_bad_choices_without_htmx_redirects_with_a_message(timekept):
    response = timekept.first.post(
        round_url(timekept.item, "start"), {**ROUND, "questions": []}, follow=True, **EN
    )

    assert response.redirect_chain == [(page_url(timekept.item), 302)]
    assert "Choose at least one question, and times within the limits." in shown_messages(response)
    assert not Round.objects.exists()


def test_round_pass_with_the_seen_turn_twice_passes_once(timekept):
    current = started(timekept)
    seen = {"phase": "speaking", "turn": "0"}

    timekept.first.post(round_url(timekept.item, "pass"), seen, **HX)
    response = timekept.first.post(round_url(timekept.item, "pass"), seen, **HX)

    assert response.status_code == 200
    assert error_in(response) is None
    current.refresh_from_db()
    assert (current.phase, current.turn) == ("speaking", 1)


def test_round_pass_goes_through_speakers_dialogue_and_summary(timekept):
    current = started(timekept)
    for turn in range(4):
        timekept.first.post(
            round_url(timekept.item, "pass"), {"phase": "speaking", "turn": str(turn)}
        )
    current.refresh_from_db()
    assert current.phase == Round.Phase.DIALOGUE
    timekept.first.post(round_url(timekept.item, "pass"), {"phase": "dialogue", "turn": "3"})
    timekept.first.post(round_url(timekept.item, "pass"), {"phase": "summary", "turn": "3"})
    current.refresh_from_db()
    assert current.phase == Round.Phase.DONE


def test_round_pause_resume_and_add_time(timekept):
    current = started(timekept)

    timekept.first.post(round_url(timekept.item, "pause"), **HX)
    current.refresh_from_db()
    assert current.paused_remaining is not None
    assert 118 <= current.paused_remaining <= 120

    response = timekept.first.post(round_url(timekept.item, "add"), {"seconds": "60"}, **HX)
    assert error_in(response) is None
    current.refresh_from_db()
    assert 178 <= current.paused_remaining <= 180

    response = timekept.first.post(round_url(timekept.item, "resume"), **HX)
    assert error_in(response) is None
    current.refresh_from_db()
    assert current.paused_remaining is None
    assert 178 <= current.phase_seconds <= 180

    timekept.first.post(round_url(timekept.item, "add"), {"seconds": "60"}, **HX)
    current.refresh_from_db()
    assert 238 <= current.phase_seconds <= 240


@pytest.mark.parametrize("seconds", ["-5", "²", "1" * 5000, "60.5"])
def test_round_add_with_a_bad_number_of_seconds_shows_an_error(timekept, seconds):
    current = started(timekept)

    response = timekept.first.post(round_url(timekept.item, "add"), {"seconds": seconds}, **HX)

    assert response.status_code == 200
    assert error_in(response) == "Add between 1 second and 15 minutes."
    current.refresh_from_db()
    assert current.phase_seconds == 120


def test_round_step_before_any_round_shows_an_error(timekept):
    response = timekept.first.post(round_url(timekept.item, "pass"), **HX)

    assert response.status_code == 200
    assert error_in(response) == "Start a round first."
    assert not Round.objects.exists()


def test_round_step_with_an_unknown_action_shows_an_error_and_changes_nothing(timekept):
    current = started(timekept)
    before = Round.objects.values().get(pk=current.pk)

    response = timekept.first.post(round_url(timekept.item, "rewind"), **HX)

    assert response.status_code == 200
    assert error_in(response) is not None
    assert Round.objects.values().get(pk=current.pk) == before


@pytest.mark.parametrize("action", ["pass", "pause", "resume", "add"])
def test_round_step_when_the_session_is_not_running_shows_an_error(timekept, action):
    current = started(timekept)
    if action == "resume":
        domain.round_pause(current=current)
    meetings.programme_advance(meeting=timekept.item.meeting)
    before = Round.objects.values().get(pk=current.pk)

    response = timekept.first.post(
        round_url(timekept.item, action), {"phase": "speaking", "turn": "0", "seconds": "60"}, **HX
    )

    assert response.status_code == 200
    assert error_in(response) == "The group session is not running, so group work has stopped."
    assert Round.objects.values().get(pk=current.pk) == before


def test_round_start_when_the_session_is_not_running_shows_an_error(timekept):
    meetings.programme_advance(meeting=timekept.item.meeting)

    response = timekept.first.post(round_url(timekept.item, "start"), ROUND, **HX)

    assert response.status_code == 200
    assert error_in(response) == "The group session is not running, so group work has stopped."
    assert not Round.objects.exists()


def test_round_start_refuses_get(timekept):
    response = timekept.first.get(round_url(timekept.item, "start"))

    assert response.status_code == 405


# --- Query counts --------------------------------------------------------------------------


def manage_queries(client, item, group_count):
    people(item, 4 * group_count)
    start(item)
    groups = domain.groups_form(item=item, strategy="mixed", target_size=4, seed=1)
    assert len(groups) == group_count
    ParticipantFactory(meeting=item.meeting, name="Venter")  # waits for a group
    domain.roles_assign(item=item, rotate=False, seed=1)
    for group in groups:
        domain.round_start(group=group, question_numbers=[1])
    ParticipantFactory(meeting=item.meeting, name="Sen", email="")
    domain.membership_add(participant=item.meeting.participants.get(name="Sen"), group=groups[0])
    url = manage_url("manage", item)
    client.get(url)  # warm up: the session, the user, the translations
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["group_rows"]) == group_count
    return [query["sql"] for query in queries]


def test_manage_page_queries_do_not_grow_with_the_number_of_groups(facilitator_client):
    client, user = facilitator_client
    small = group_session(MeetingFactory(facilitators=[user]))
    large = group_session(MeetingFactory(facilitators=[user]))

    few = manage_queries(client, small, 3)
    many = manage_queries(client, large, 30)

    # A few groups are all open at once: reading their members is the one query more.
    assert len(many) == len(few) - 1, "\n".join(many)


def test_the_group_page_of_a_finished_session_says_so_and_leads_back(db):
    meeting = MeetingFactory()
    item = group_session(meeting)
    ProgrammeItemFactory(meeting=meeting, position=2, kind=ProgrammeItem.Kind.REPORT_BACK)
    client = joined_client(meeting)
    people(item, 3)
    start(item)
    domain.groups_form(item=item, strategy="random", target_size=2, seed=1)

    def finished_part(page):
        return re.search(r'<div class="group-finished[^"]*" data-after-item="\d+"( hidden)?>', page)

    running = client.get(reverse("groups:page", args=[meeting.code])).content.decode()
    assert finished_part(running).group(1) == " hidden"
    meetings.programme_advance(meeting=meeting)
    page = client.get(reverse("groups:page", args=[meeting.code])).content.decode()
    assert finished_part(page).group(1) is None
    assert (
        f'href="{reverse("participants:meeting", args=[meeting.code])}" data-back-to-meeting'
        in page
    )
    assert re.search(r'class="group-panel__session stack" data-while-item="\d+" hidden', page)


def test_the_group_page_reads_the_programme_once_for_everyone_at_one_state(db):
    """When a session starts, every member opens the group page within seconds: the
    programme (items, speakers, questions) is read once per state for all of them, as the
    meeting page does, not once per page."""
    meeting = MeetingFactory()
    item = group_session(meeting)
    ProgrammeItemFactory(meeting=meeting, position=2, kind=ProgrammeItem.Kind.REPORT_BACK)
    clients = [joined_client(meeting, name=name) for name in ("Anne Ås", "Bjørn Berg")]
    start(item)
    domain.groups_form(item=item, strategy="random", target_size=2, seed=1)
    url = reverse("groups:page", args=[meeting.code])
    assert clients[0].get(url).status_code == 200

    with CaptureQueriesContext(connection) as second:
        page = clients[1].get(url).content.decode()

    read = [query["sql"] for query in second.captured_queries if "meetings_speaker" in query["sql"]]
    assert read == []
    assert item.title in page  # the "now" panel still shows the running item
