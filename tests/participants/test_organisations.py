"""A misspelt municipality at the join: "Did you mean …?" first, and a facilitator's match by
hand afterwards of what was kept."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from participants import domain
from participants.models import Participant
from register.domain import clear_register_cache, organisation_close_matches
from tests.factories import MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    call_command("load_register", stdout=StringIO())
    yield
    clear_register_cache()


@pytest.fixture
def meeting():
    return MeetingFactory()


def join(client, meeting, **data):
    sent = {"name": "Kari Nordmann", "join_key": "key-1", **data}
    client.cookies["django_language"] = "en"
    return client.post(f"/m/{meeting.code}/join/", sent)


# --- The register: what comes close --------------------------------------------------------


def test_a_swapped_pair_of_letters_comes_closest_to_the_name_it_swaps(register):
    matches = organisation_close_matches("Kristiansnad")

    # Kristiansund scores the same ratio; one swap is nearer than two changed letters.
    assert [match.display_name for match in matches] == [
        "Kristiansand kommune",
        "Kristiansund kommune",
    ]
    assert matches[0].municipality.number == "4204"
    assert matches[0].county.name == "Agder"


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Kristiansnad kommune", "Kristiansand kommune"),
        ("kristiansnad KOMMUNE", "Kristiansand kommune"),
        ("Bergne", "Bergen kommune"),
        ("Tromsø fylkeskommune", "Troms fylkeskommune"),
    ],
)
def test_close_matches_fold_case_and_the_kind_of_body(register, typed, first):
    assert organisation_close_matches(typed)[0].display_name == first


@pytest.mark.parametrize(
    "typed",
    [
        "Kristiansand",  # resolves: nothing to ask
        "Kristiansand kommune",
        "Porsgrun",  # one typo that resolves on its own
        "Baerum",  # æ written ae
        "Norsk kulturskoleråd",  # another kind of organisation
        "Kulturhuset",  # close to nothing
    ],
)
def test_nothing_to_ask_about_what_resolves_or_is_close_to_nothing(register, typed):
    assert organisation_close_matches(typed) == []


def test_each_name_offered_resolves_to_itself(register):
    """The question's buttons send the register's name back: it must mean that entry."""
    for typed in ("Kristiansnad", "Herøy", "Bergne"):
        for match in organisation_close_matches(typed):
            again = domain.organisation_resolve(match.display_name)
            assert again is not None
            assert again.municipality == match.municipality
            assert again.county == match.county


def test_the_question_is_not_asked_of_another_kind_of_organisation(register):
    assert domain.organisation_question("Kristiansnad", organisation_is_other=True) == []
    assert domain.organisation_question("Kristiansnad", organisation_is_other=False)


# --- The join page asks before joining ----------------------------------------------------


def test_a_misspelt_municipality_is_asked_about_before_joining(register, meeting):
    response = join(Client(), meeting, organisation="Kristiansnad")

    assert response.status_code == 200
    assert Participant.objects.count() == 0
    content = response.content.decode()
    assert "Did you mean Kristiansand kommune?" in content
    assert 'name="organisation_choice" value="Kristiansand kommune"' in content
    assert 'name="organisation_choice" value="Kristiansund kommune"' in content
    assert 'name="organisation_kept"' in content
    assert 'name="organisation_asked" value="Kristiansnad"' in content
    # What was typed is all still there.
    assert 'value="Kari Nordmann"' in content


def test_accepting_the_suggestion_joins_in_the_municipality(register, meeting):
    client = Client()
    response = join(
        client,
        meeting,
        organisation="Kristiansnad",
        organisation_asked="Kristiansnad",
        organisation_choice="Kristiansand kommune",
    )

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.organisation == "Kristiansand kommune"
    assert participant.municipality.number == "4204"
    assert participant.county.name == "Agder"
    assert participant.display_name == "Kristiansand kommune, Kari Nordmann"


def test_keeping_what_was_typed_joins_unmatched(register, meeting):
    response = join(
        Client(),
        meeting,
        organisation="Kristiansnad",
        organisation_asked="Kristiansnad",
        organisation_kept="on",
    )

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.organisation, participant.municipality, participant.county) == (
        "Kristiansnad",
        None,
        None,
    )


def test_an_answer_about_another_text_is_asked_again(register, meeting):
    """Changed after the question ("Kristiansnd"), the organisation is asked about anew; the
    old answer does not carry over to it."""
    response = join(
        Client(),
        meeting,
        organisation="Kristiansnd",
        organisation_asked="Kristiansnad",
        organisation_choice="Kristiansund kommune",
    )

    assert response.status_code == 200
    assert Participant.objects.count() == 0
    assert 'name="organisation_asked" value="Kristiansnd"' in response.content.decode()


def test_a_resolved_municipality_joins_at_once(register, meeting):
    response = join(Client(), meeting, organisation="kristiansand")

    assert response.status_code == 302
    assert Participant.objects.get().organisation == "Kristiansand kommune"


# --- The facilitator matches by hand -----------------------------------------------------


def test_unmatched_organisations_are_listed_with_the_closest_entry(register, meeting):
    ParticipantFactory(meeting=meeting, organisation="Kristiansnad")
    ParticipantFactory(
        meeting=meeting, organisation="Kristiansnad", is_local_site=True, head_count=5
    )
    ParticipantFactory(meeting=meeting, organisation="Norsk kulturskoleråd")
    matched = domain.organisation_resolve("Porsgrunn")
    ParticipantFactory(
        meeting=meeting,
        organisation=matched.display_name,
        municipality=matched.municipality,
        county=matched.county,
    )

    unmatched = domain.unmatched_organisations(meeting)

    assert [(u.organisation, u.participants, u.people) for u in unmatched] == [
        ("Kristiansnad", 2, 6),
        ("Norsk kulturskoleråd", 1, 1),
    ]
    assert unmatched[0].suggestion.display_name == "Kristiansand kommune"
    assert unmatched[1].suggestion is None


def test_matching_by_hand_moves_everyone_who_typed_it(register, meeting):
    kept = [ParticipantFactory(meeting=meeting, organisation="Kristiansnad") for _ in range(3)]
    other = ParticipantFactory(meeting=meeting, organisation="Kristiansnd")
    elsewhere = ParticipantFactory(organisation="Kristiansnad")

    count, name = domain.organisation_match_by_hand(
        meeting=meeting, typed="Kristiansnad", register_name="Kristiansand"
    )

    assert (count, name) == (3, "Kristiansand kommune")
    for participant in kept:
        participant.refresh_from_db()
        assert participant.display_name.startswith("Kristiansand kommune, ")
        assert participant.municipality.number == "4204"
        assert participant.county.name == "Agder"
    other.refresh_from_db()
    elsewhere.refresh_from_db()
    assert other.municipality is None
    assert elsewhere.municipality is None
    assert domain.unmatched_organisations(meeting)[0].organisation == "Kristiansnd"


def test_matching_by_hand_to_no_single_entry_is_refused(register, meeting):
    ParticipantFactory(meeting=meeting, organisation="Herøy")

    with pytest.raises(domain.DomainError):
        domain.organisation_match_by_hand(meeting=meeting, typed="Herøy", register_name="Herøy")
    assert Participant.objects.get().municipality is None


def test_the_facilitator_matches_by_hand_on_the_attendance_page(register, meeting):
    ParticipantFactory(meeting=meeting, organisation="Kristiansnad")
    client = Client()
    client.force_login(meeting.facilitators.get())
    client.cookies["django_language"] = "en"

    page = client.get(f"/m/manage/{meeting.pk}/attendance/").content.decode()
    assert "“Kristiansnad”" in page
    assert 'value="Kristiansand kommune"' in page

    response = client.post(
        f"/m/manage/{meeting.pk}/organisations/match/",
        {"typed": "Kristiansnad", "organisation": "Kristiansand kommune"},
        follow=True,
    )
    assert response.status_code == 200
    assert Participant.objects.get().organisation == "Kristiansand kommune"
    content = response.content.decode()
    assert "1 participant who wrote “Kristiansnad” is now in Kristiansand kommune." in content
    assert 'id="unmatched-heading"' not in content
