"""`manage.py load_reference_meeting`: the deck "Fremtidens kulturskole" as a samtale meeting."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from meetings import reference_meeting as reference
from meetings.domain import meeting_start, programme_advance
from meetings.models import Meeting, ProgrammeItem

EXPECTED_PROGRAMME = [
    ("info", "Velkommen til temamøte"),
    ("talk", "Velkommen på vegne av KS og Norsk kulturskoleråd"),
    ("info", "Litt om dagen i dag"),
    ("talk", "Ny stortingsmelding for barne- og ungdomskultur"),
    ("talk", "Fremtidens kulturskole"),
    ("talk", "Helhet og sammenheng"),
    ("group_session", "Gruppesamtaler – Til det som har blitt presentert"),
    ("report_back", "Hva snakket dere om"),
    ("break", "KAFFEPAUSE"),
    ("info", "PÅ IGJEN – opptaket går"),
    ("talk", "Om forpilot – og tanker for videre arbeid"),
    ("info", "Anbefalinger og frampek for videre arbeid"),
    ("info", "Videreføring"),
    ("info", "Sammenheng med andre satsinger"),
    ("group_session", "Gruppesamtaler – Tanker for videre arbeid"),
    ("info", "Nettsiden og gode eksempler"),
    ("info", "Hvorfor har vi en kulturskole?"),
    ("info", "Avslutning"),
]


@pytest.fixture
def var_dir(settings, tmp_path):
    """Keep the generated password out of the real var/ folder."""
    settings.VAR_DIR = tmp_path
    return tmp_path


def load(*args) -> str:
    out = StringIO()
    call_command("load_reference_meeting", *args, stdout=out)
    return out.getvalue()


def the_meeting() -> Meeting:
    return Meeting.objects.get(code="KULTUR")


def items() -> list[ProgrammeItem]:
    return list(the_meeting().items.order_by("position", "id"))


def plus(start: time, minutes: int) -> time:
    return (datetime.combine(datetime.min, start) + timedelta(minutes=minutes)).time()


@pytest.mark.django_db
def test_meeting_created_with_deck_details(var_dir):
    load()
    meeting = the_meeting()
    assert meeting.title == "Fremtidens kulturskole"
    assert meeting.language == "nb"
    assert meeting.date == timezone.localdate()
    assert meeting.video_url.startswith("https://example.zoom.us/j/")
    assert meeting.status == Meeting.Status.DRAFT
    assert list(meeting.facilitators.values_list("username", flat=True)) == ["moteleder"]


@pytest.mark.django_db
def test_programme_items_in_deck_order(var_dir):
    load()
    assert [(item.kind, item.title) for item in items()] == EXPECTED_PROGRAMME
    assert [item.position for item in items()] == list(range(1, len(EXPECTED_PROGRAMME) + 1))


@pytest.mark.django_db
def test_programme_times_follow_on_without_gaps(var_dir):
    load()
    programme = items()
    assert programme[0].planned_start == time(9, 0)
    for before, after in zip(programme, programme[1:], strict=False):
        assert plus(before.planned_start, before.planned_minutes) == after.planned_start, after


@pytest.mark.django_db
def test_first_group_session_has_its_three_questions(var_dir):
    load()
    session = the_meeting().items.get(title="Gruppesamtaler – Til det som har blitt presentert")
    assert session.kind == ProgrammeItem.Kind.GROUP_SESSION
    assert session.planned_minutes == 30
    assert [q.text for q in session.questions.all()] == [
        "Hva av dette er relevant for arbeidet med helhetlig oppvekst og kulturskole hos oss?",
        "Hva er viktige rammer og verdier for å sammen skape fremtidens kulturskole i vår kommune?",
        "Hva griper vi fatt i først – hva må vi først få på plass?",
    ]
    assert "rekkefremlegg" in session.description
    assert "spørsmål 2 og 3" in session.description


@pytest.mark.django_db
def test_every_item_has_its_nynorsk_version_read_through(var_dir):
    """The demo shows the programme in nynorsk to those who read it (meetings/written.py)."""
    load()
    for item in items():
        assert (item.other_language, item.other_reviewed) == ("nn", True), item.title
        assert item.other_title and item.other_description
        assert all(q.other_text for q in item.questions.all()), item.title
    session = the_meeting().items.get(title="Gruppesamtaler – Til det som har blitt presentert")
    assert session.other_title == "Gruppesamtalar – Til det som har vorte presentert"
    assert session.questions.first().other_text.startswith("Kva av dette er relevant")


@pytest.mark.django_db
def test_second_group_session_has_its_two_questions(var_dir):
    load()
    session = the_meeting().items.get(title="Gruppesamtaler – Tanker for videre arbeid")
    assert session.kind == ProgrammeItem.Kind.GROUP_SESSION
    assert session.planned_minutes == 15
    assert [q.text for q in session.questions.all()] == [
        "Hvem tar ballen videre når hos oss?",
        "Hva trenger vi i et prosjekt/arbeid for fremtidens kulturskole?",
    ]
    assert "rekkefremlegg" in session.description


@pytest.mark.django_db
def test_report_back_follows_first_group_session_for_ten_minutes(var_dir):
    load()
    programme = items()
    first_session = next(i for i in programme if i.kind == ProgrammeItem.Kind.GROUP_SESSION)
    report_back = programme[programme.index(first_session) + 1]
    assert report_back.kind == ProgrammeItem.Kind.REPORT_BACK
    assert report_back.title == "Hva snakket dere om"
    assert report_back.planned_minutes == 10


@pytest.mark.django_db
def test_break_resumes_at_1110_when_planned_time_ends(var_dir):
    load()
    pause = the_meeting().items.get(kind=ProgrammeItem.Kind.BREAK)
    assert pause.title == "KAFFEPAUSE"
    assert pause.resume_at == time(11, 10)
    assert plus(pause.planned_start, pause.planned_minutes) == time(11, 10)


@pytest.mark.django_db
def test_speakers_present_with_role_and_organisation(var_dir):
    load()
    speakers = {
        speaker.name: (speaker.role, speaker.organisation, speaker.item.title)
        for item in items()
        for speaker in item.speakers.all()
    }
    assert speakers["Bjørn Arild Gram"][:2] == ("styreleder", "KS")
    assert speakers["Synne Nordmark Børstad"][1] == "Kunnskapsdepartementet"
    assert speakers["Trond Kalhagen"][2] == "Helhet og sammenheng"
    assert speakers["Morten Hagevik"][:2] == ("rektor", "Porsgrunn kulturskole")
    assert speakers["Hilde Bjørkum"][:2] == ("kommunalsjef for kultur", "Sunnfjord kommune")
    assert speakers["Morten Hagevik"][2] == speakers["Hilde Bjørkum"][2]


@pytest.mark.django_db
def test_project_presentation_names_only_organisations(var_dir):
    load()
    talk = the_meeting().items.get(title="Fremtidens kulturskole")
    assert [s.organisation for s in talk.speakers.all()] == ["KS", "Norsk kulturskoleråd"]
    for value_area in (
        "attraktiv og relevant",
        "inkluderende og mangfoldig",
        "utviklende og skapende",
        "betydningsfull og mestringsorientert",
    ):
        assert value_area in talk.description
    assert "Forskerne etterspør tydeligere styringssignaler" in talk.description


@pytest.mark.django_db
def test_welcome_item_gives_naming_convention_and_help_channel(var_dir):
    load()
    welcome = items()[0]
    assert "kommunenavn/organisasjonsnavn, fornavn etternavn" in welcome.description
    assert "hjelpekanalen" in welcome.description


@pytest.mark.django_db
def test_descriptions_mention_no_outside_tools(var_dir):
    load()
    for item in items():
        text = f"{item.title} {item.description}".lower()
        for outside in ("padlet", "chat", "908", "zoom"):
            assert outside not in text, (outside, item.title)


@pytest.mark.django_db
def test_closing_item_tells_about_recording_and_report(var_dir):
    load()
    closing = items()[-1]
    assert "innen 24 timer" in closing.description
    assert "før nyttår" in closing.description


@pytest.mark.django_db
def test_command_run_twice_keeps_one_meeting(var_dir):
    load()
    first = the_meeting()
    out = load()
    assert Meeting.objects.filter(title="Fremtidens kulturskole").count() == 1
    assert the_meeting().pk == first.pk
    assert len(items()) == len(EXPECTED_PROGRAMME)
    assert "kept" in out


@pytest.mark.django_db
def test_reset_when_meeting_has_run_restores_draft(var_dir):
    load()
    meeting = meeting_start(meeting=the_meeting())
    meeting = programme_advance(meeting=meeting)
    meeting = programme_advance(meeting=meeting)
    assert the_meeting().status == Meeting.Status.LIVE

    load("--reset")

    meeting = the_meeting()
    assert Meeting.objects.filter(code="KULTUR").count() == 1
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.current_item is None
    assert meeting.started_at is None
    assert {item.status for item in items()} == {ProgrammeItem.Status.PENDING}
    assert len(items()) == len(EXPECTED_PROGRAMME)


@pytest.mark.django_db
def test_facilitator_login_with_printed_password(var_dir):
    out = load()
    password = (var_dir / "demo_password").read_text().strip()
    assert f"password: {password}" in out
    assert Client().login(username="moteleder", password=password)


@pytest.mark.django_db
def test_password_when_run_again_stays_the_same(var_dir):
    load()
    password = (var_dir / "demo_password").read_text().strip()
    load("--reset")
    assert (var_dir / "demo_password").read_text().strip() == password
    assert Client().login(username="moteleder", password=password)


@pytest.mark.django_db
def test_output_links_use_base_url(var_dir):
    out = load("--base-url", "https://samtale.example.no/")
    meeting = the_meeting()
    assert "https://samtale.example.no/accounts/login/" in out
    assert f"https://samtale.example.no/meetings/{meeting.pk}/run/" in out
    assert "https://samtale.example.no/m/KULTUR/" in out


def test_reference_data_has_no_gaps_between_items():
    from meetings.management.commands.load_reference_meeting import check_programme

    check_programme(reference.PROGRAMME)


@pytest.mark.django_db
def test_sample_participants_join_a_new_reference_meeting(var_dir):
    from meetings.models import Meeting

    load("--participants", "24")
    meeting = Meeting.objects.get(code="KULTUR")
    participants = meeting.participants.all()
    assert participants.count() == 24
    assert participants.filter(is_local_site=True).count() == 2
    assert len({p.organisation for p in participants}) >= 10
    assert all(p.display_name.count(",") >= 1 for p in participants)
