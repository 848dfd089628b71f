"""`manage.py load_finished_meetings`: «Fremtidens kulturskole» as it ran, and a nynorsk meeting.

Loading takes seconds, so the module loads once (twice, to see that a second load replaces
the first) and every test reads what it left; the module removes it all again at the end.
"""

import io
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from PIL import Image, ImageDraw

from groups.models import Group, Membership, Role
from meetings.demo import material, material_nn, pictures
from meetings.demo.loader import (
    GroupOrganisations,
    card_fits,
    match_cards,
    meeting_day,
    meeting_fields_present,
)
from meetings.models import Meeting, ProgrammeItem
from participants.models import Participant
from register.domain import clear_register_cache
from register.models import County, Municipality
from wall.models import Card, CardImage, CardVersion, ReportSlot

# Words that tell nynorsk from bokmål, each form in one of them only.
NYNORSK_MARKERS = {
    "ikkje", "eg", "kva", "korleis", "berre", "òg", "vere", "frå", "ein", "eit", "dei",
    "meir", "mykje", "kven", "saman", "heile", "hjå", "vidare", "treng",
}  # fmt: skip
BOKMAL_MARKERS = {
    "ikke", "jeg", "hva", "hvordan", "bare", "være", "fra", "en", "et", "de", "mer",
    "mye", "hvem", "sammen", "hele", "hos", "videre", "trenger",
}  # fmt: skip


def is_nynorsk(text: str) -> bool:
    words = re.findall(r"[a-zæøåò]+", text.lower())
    nynorsk = sum(word in NYNORSK_MARKERS for word in words)
    bokmal = sum(word in BOKMAL_MARKERS for word in words)
    return nynorsk > bokmal


def counts() -> dict:
    meetings = Meeting.objects.filter(code__in=["KULTUR2", "VESTLAND"])
    return {
        "meetings": meetings.count(),
        "items": ProgrammeItem.objects.filter(meeting__in=meetings).count(),
        "participants": Participant.objects.filter(meeting__in=meetings).count(),
        "groups": Group.objects.filter(item__meeting__in=meetings).count(),
        "cards": Card.objects.filter(item__meeting__in=meetings).count(),
        "versions": CardVersion.objects.filter(card__item__meeting__in=meetings).count(),
        "pictures": CardImage.objects.filter(card__item__meeting__in=meetings).count(),
        "slots": ReportSlot.objects.filter(item__meeting__in=meetings).count(),
    }


def queued_task_ids() -> set:
    """The worker's queue before the load, so what the load queued can be removed after."""
    if not apps.is_installed("django_tasks_db"):
        return set()
    from django_tasks_db.models import DBTaskResult

    return set(DBTaskResult.objects.values_list("id", flat=True))


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both meetings loaded twice by the command; what the first load counted."""
    media = tmp_path_factory.mktemp("media")
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, VAR_DIR=var):
        tasks_before = queued_task_ids()
        had_register = County.objects.exists()
        if not had_register:
            call_command("load_register", stdout=io.StringIO())
        call_command("load_finished_meetings", stdout=io.StringIO())
        first = counts()
        out = io.StringIO()
        call_command("load_finished_meetings", stdout=out)
        yield {"first": first, "media": media, "output": out.getvalue()}
        Meeting.objects.filter(code__in=["KULTUR2", "VESTLAND"]).delete()
        get_user_model().objects.filter(username=material.FACILITATOR_USERNAME).delete()
        if not had_register:
            Municipality.objects.all().delete()
            County.objects.all().delete()
        clear_register_cache()
        if apps.is_installed("django_tasks_db"):
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exclude(id__in=tasks_before).delete()


@pytest.fixture
def finished(loaded, db) -> Meeting:
    return Meeting.objects.get(code="KULTUR2")


@pytest.fixture
def nynorsk(loaded, db) -> Meeting:
    return Meeting.objects.get(code="VESTLAND")


def sessions(meeting: Meeting) -> list[ProgrammeItem]:
    return list(meeting.items.filter(kind=ProgrammeItem.Kind.GROUP_SESSION).order_by("position"))


def test_finished_copy_has_two_sessions_of_twenty_cards(finished):
    assert [
        (s.groups.count(), s.cards.filter(version__gt=0).count()) for s in sessions(finished)
    ] == [
        (20, 20),
        (20, 20),
    ]
    assert finished.title == "Fremtidens kulturskole"
    assert finished.status == Meeting.Status.ENDED


def test_finished_copy_cards_at_least_a_third_nynorsk(finished):
    cards = list(Card.objects.filter(item__meeting=finished))
    nynorsk = [card for card in cards if is_nynorsk(f"{card.heading}\n{card.body}")]
    assert len(cards) == 40
    assert len(nynorsk) * 3 >= len(cards)
    assert len(nynorsk) < len(cards) / 2  # most are bokmål


def test_finished_copy_cards_answer_questions_with_substance(finished):
    for session in sessions(finished):
        question_count = session.questions.count()
        for card in session.cards.all():
            assert card.heading
            assert 3 <= len(card.body.splitlines()) <= 12, card.heading
            assert card.question_numbers
            assert set(card.question_numbers) <= set(range(1, question_count + 1))
    bodies = [card.body for card in Card.objects.filter(item__meeting=finished)]
    assert len(set(bodies)) == len(bodies)


def test_finished_copy_items_all_ran_with_actual_times(finished):
    items = list(finished.items.order_by("position"))
    ran = [item for item in items if item.status == ProgrammeItem.Status.DONE]
    skipped = [item for item in items if item.status == ProgrammeItem.Status.SKIPPED]
    assert len(ran) + len(skipped) == len(items)
    assert len(skipped) <= 1
    assert all(item.started_at is None for item in skipped)
    for before, after in zip(ran, ran[1:], strict=False):
        assert before.started_at < before.finished_at <= after.started_at
    assert [item.extra_seconds for item in ran if item.extra_seconds] == [300]
    late = [
        item
        for item in ran
        if timezone.localtime(item.started_at).time() > item.planned_start
        and item.kind != ProgrammeItem.Kind.INFO
    ]
    assert late  # the day ran a few minutes behind, as such days do
    assert finished.started_at == ran[0].started_at
    assert finished.ended_at == ran[-1].finished_at
    assert timezone.localtime(finished.started_at).date() == finished.date
    assert finished.date < timezone.localdate()
    assert finished.current_item is None
    assert not finished.recording


def test_finished_copy_pictures_stored_and_readable(finished):
    pictures = list(CardImage.objects.filter(card__item__meeting=finished))
    assert len(pictures) == 6
    assert len({picture.card_id for picture in pictures}) == 6
    for picture in pictures:
        assert len(picture.alt) > 40
        for stored in (picture.image, picture.thumbnail):
            with default_storage.open(stored.name, "rb") as handle:
                image = Image.open(handle)
                image.load()
            assert image.format == "WEBP"
        assert (picture.width, picture.height) == (900, 1200) or picture.width > picture.height


def test_finished_copy_versions_by_different_members(finished):
    histories = [
        card
        for card in Card.objects.filter(item__meeting=finished, version__gt=1)
        .prefetch_related("versions")
        .order_by("id")
    ]
    assert len(histories) >= 6
    for card in histories:
        versions = sorted(card.versions.all(), key=lambda v: v.version)
        assert [v.version for v in versions] == list(range(1, card.version + 1))
        assert len({v.author_id for v in versions}) >= 2, card.heading
        assert [v.created_at for v in versions] == sorted(v.created_at for v in versions)
        assert versions[-1].body == card.body
        item = card.item
        assert item.started_at < versions[0].created_at < versions[-1].created_at
        assert versions[-1].created_at < item.finished_at


def test_finished_copy_note_taker_wrote_card_for_own_organisation(finished):
    specs = {spec["heading"]: spec for s in material.SESSIONS.values() for spec in s["cards"]}
    for card in Card.objects.filter(item__meeting=finished).select_related("group"):
        roles = set(card.group.memberships.exclude(role="").values_list("role", flat=True))
        assert {Role.NOTE_TAKER, Role.MODERATOR} <= roles, card.heading
        if card.group.memberships.count() >= 3:
            assert roles == set(Role.values), card.heading
        writer = card.group.memberships.get(role=Role.NOTE_TAKER)
        assert card.versions.get(version=card.version).author_id == writer.participant_id
        spec = specs[card.heading]
        group = Group.objects.prefetch_related("memberships__participant").get(pk=card.group_id)
        assert card_fits(spec, GroupOrganisations.of(group)) == len(spec["voices"]), card.heading


def test_finished_copy_moderated_by_facilitator(finished):
    cards = Card.objects.filter(item__meeting=finished)
    assert cards.filter(pinned=True).count() == 1
    hidden = list(cards.filter(hidden=True))
    assert len(hidden) == 1
    assert "navn" in hidden[0].hidden_reason
    assert cards.exclude(comment="").count() >= 3


def test_finished_copy_report_back_turns_done(finished):
    report_back = finished.items.get(kind=ProgrammeItem.Kind.REPORT_BACK)
    slots = list(report_back.report_slots.order_by("position"))
    assert 3 <= len(slots) <= 5
    assert all(slot.done and slot.started_at for slot in slots)
    assert [s.started_at for s in slots] == sorted(s.started_at for s in slots)
    assert report_back.started_at < slots[0].started_at
    assert slots[-1].started_at + timedelta(seconds=slots[-1].seconds) < (
        report_back.finished_at + timedelta(minutes=1)
    )
    first_session = sessions(finished)[0]
    assert {slot.group.item_id for slot in slots} == {first_session.pk}


def test_finished_copy_participants_from_the_register(finished):
    participants = list(finished.participants.select_related("municipality", "county"))
    people = sum(p.head_count for p in participants)
    assert len(participants) >= 110 and 115 <= people <= 130
    sites = [p for p in participants if p.is_local_site]
    assert 2 <= len(sites) <= 3 and all(p.head_count >= 3 for p in sites)
    matched = [p for p in participants if p.municipality_id]
    assert len(matched) >= 0.8 * len(participants)
    organisations = {p.organisation for p in participants}
    assert {"Bergen kommune", "Porsgrunn kommune", "KS", "Norsk kulturskoleråd"} <= organisations
    assert any(p.county_id and not p.municipality_id for p in participants)  # a county
    assert len({p.county_id for p in participants if p.county_id}) >= 12
    assert all(finished.started_at - timedelta(hours=1) < p.joined_at for p in participants)
    left = [p for p in participants if p.left_at]
    assert left and all(p.left_at > p.joined_at for p in left)


def test_finished_copy_second_session_rotates_roles_in_new_groups(finished):
    first, second = sessions(finished)
    together = {
        frozenset(g.memberships.values_list("participant_id", flat=True))
        for g in first.groups.all()
    }
    assert not together & {
        frozenset(g.memberships.values_list("participant_id", flat=True))
        for g in second.groups.all()
    }
    assert Membership.objects.filter(item=second, role=Role.MODERATOR).count() == 20


def test_finished_copy_recording_and_details_when_model_has_them(finished):
    present = meeting_fields_present()
    if not present:
        pytest.skip("the meeting model has no recording link, organiser or summary yet")
    for name in present:
        assert getattr(finished, name) == material.MEETING[name]


def test_nynorsk_meeting_exists_with_its_cards(nynorsk):
    assert nynorsk.language == "nn"
    assert nynorsk.status == Meeting.Status.ENDED
    (session,) = sessions(nynorsk)
    assert [q.text for q in session.questions.all()] == material_nn.QUESTIONS
    cards = list(session.cards.all())
    assert len(cards) == session.groups.count() == 7
    assert all(is_nynorsk(f"{card.heading}\n{card.body}") for card in cards)
    assert CardImage.objects.filter(card__item=session).count() >= 1
    assert nynorsk.items.get(kind=ProgrammeItem.Kind.REPORT_BACK).report_slots.count() == 3
    assert nynorsk.date < Meeting.objects.get(code="KULTUR2").date


def test_loading_twice_gives_the_same_counts(loaded, db):
    assert counts() == loaded["first"]
    assert loaded["first"]["meetings"] == 2
    stored = {path.name for path in loaded["media"].rglob("*.webp")}
    kept = {
        name.rsplit("/", 1)[-1]
        for picture in CardImage.objects.all()
        for name in (picture.image.name, picture.thumbnail.name)
    }
    assert stored == kept  # the first load's files went with its meetings
    assert "Fremtidens kulturskole" in loaded["output"]


def test_command_queues_each_report_and_shares_it(loaded, db):
    if not apps.is_installed("reports"):
        pytest.skip("no reports app")
    for meeting in Meeting.objects.filter(code__in=["KULTUR2", "VESTLAND"]):
        assert meeting.report.share_token
        (build,) = meeting.report_builds.all()
        assert (build.status, build.language) == ("queued", meeting.language)
        assert f"/r/{meeting.report.share_token}/" in loaded["output"]


def test_material_cards_fit_their_sessions():
    for source in (material, material_nn):
        programme = {entry["title"]: entry for entry in source.PROGRAMME}
        keys = [spec["key"] for s in source.SESSIONS.values() for spec in s["cards"]]
        assert len(keys) == len(set(keys))
        for title, session in source.SESSIONS.items():
            questions = len(programme[title]["questions"])
            for spec in session["cards"]:
                assert set(spec["questions"]) <= set(range(1, questions + 1)), spec["key"]
                assert spec["voices"], spec["key"]
                assert all(picture["alt"] for picture in spec.get("pictures", []))
        for plan in source.REPORT_BACKS.values():
            assert set(plan["cards"]) <= set(keys)


def drawn_texts(drawing: dict) -> list[str]:
    texts = [drawing.get("title", ""), drawing.get("centre", ""), *drawing.get("branches", [])]
    texts += drawing.get("lines", []) + [note["text"] for note in drawing.get("notes", [])]
    for column in drawing.get("columns", []):
        texts += [column["title"]] + [note["text"] for note in column["notes"]]
    return texts


def drawn(face, letter: str) -> bytes:
    canvas = Image.new("L", (80, 80))
    ImageDraw.Draw(canvas).text((10, 10), letter, font=face, fill=255)
    return canvas.tobytes()


def test_material_pictures_use_only_letters_the_handwriting_has():
    faces = [pictures.font(pictures.HAND, 40), pictures.font(pictures.MARKER, 40)]
    # A letter a font lacks is drawn as the same empty box as one it surely lacks.
    missing = [drawn(face, "\u4e00") for face in faces]
    specs = [spec for s in material.SESSIONS.values() for spec in s["cards"]]
    specs += material_nn.CARDS
    letters = {
        letter
        for spec in specs
        for drawing in spec.get("pictures", [])
        for text in drawn_texts(drawing)
        for letter in text
        if not letter.isspace()
    }
    assert len(letters) > 40
    for face, box in zip(faces, missing, strict=True):
        assert {letter for letter in letters if drawn(face, letter) == box} == set()
    assert drawn(faces[0], "→") == missing[0]  # the check can tell


def test_match_cards_puts_each_card_where_its_organisations_sat(loaded, db):
    groups = [
        GroupOrganisations(frozenset({"bergen kommune", "ks"}), frozenset()),
        GroupOrganisations(frozenset({"voss kommune"}), frozenset()),
        GroupOrganisations(
            frozenset({"porsgrunn kommune", "ks"}), frozenset({"porsgrunn kommune"})
        ),
    ]
    specs = [
        {"voices": ["KS"]},
        {"voices": ["Kulturskolen i Porsgrunn"], "site": True},
        {"voices": ["Voss herad"]},
    ]
    assert match_cards(specs, groups) == [0, 2, 1]


def test_match_cards_places_a_card_whose_organisations_are_missing(loaded, db):
    groups = [GroupOrganisations(frozenset({"ks"}), frozenset())] * 2
    assert sorted(match_cards([{"voices": ["KS"]}, {"voices": ["Bodø kommune"]}], groups)) == [0, 1]


def test_meeting_day_moves_a_weekend_to_friday():
    saturday = date(2025, 11, 22)
    assert meeting_day(saturday + timedelta(days=16), 16).weekday() == 4
