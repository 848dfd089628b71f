"""reports/gather.py: what a report holds, read from the meeting in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysis.domain import default_taxonomy, tagger_for
from reports.gather import report_content
from tests.reports.material import OSLO, at, finished_meeting


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _session(content, title="Gruppesamtale 1"):
    return next(session for session in content.sessions if session.title == title)


@pytest.mark.django_db
def test_cards_are_grouped_by_the_questions_they_answer():
    meeting = finished_meeting(cards=4)
    session = _session(report_content(meeting=meeting, language="nb", include_hidden=True))
    sections = [
        (s.question.number if s.question else None, [c.group_number for c in s.cards])
        for s in session.sections
    ]
    # Group 2 answers both questions and appears under both; group 3 answers none.
    assert sections == [(1, [1, 2]), (2, [2, 4]), (None, [3])]
    assert [c.group_number for c in session.cards] == [1, 2, 3, 4]
    assert [q.text for q in session.questions] == [
        "Hva av dette er relevant hos oss?",
        "Hva griper vi fatt i først?",
    ]
    assert session.group_count == 4


@pytest.mark.django_db
def test_a_session_whose_cards_all_answer_a_question_has_no_section_for_none():
    meeting = finished_meeting(cards=2)
    session = _session(report_content(meeting=meeting, language="nb", include_hidden=True))
    assert [s.question.number for s in session.sections] == [1, 2]


@pytest.mark.django_db
def test_hidden_cards_are_left_out_unless_asked_for():
    meeting = finished_meeting(cards=3)
    left_out = _session(report_content(meeting=meeting, language="nb"))
    included = _session(report_content(meeting=meeting, language="nb", include_hidden=True))
    assert [c.group_number for c in left_out.cards] == [1, 3]
    assert [(c.group_number, c.hidden) for c in included.cards] == [
        (1, False),
        (2, True),
        (3, False),
    ]
    assert included.cards[1].comment == "Se over"


@pytest.mark.django_db
def test_a_card_carries_its_text_html_picture_comment_and_versions():
    meeting = finished_meeting(cards=1)
    first = _session(report_content(meeting=meeting, language="nb")).cards[0]
    assert first.heading == "Kort fra gruppe 1"
    assert first.group_name == "Gruppe 1"
    assert "**kulturskolen**" in first.text
    assert "<strong>kulturskolen</strong>" in first.html
    assert first.comment == "Godt poeng om samarbeid"
    assert first.version_count == 2
    assert first.updated_at == at(10, 55)
    (picture,) = first.pictures
    assert (picture.alt, picture.file_name, picture.content_type) == (
        "Tavle med lapper fra gruppe 1",
        "1-gruppe-1-1.webp",
        "image/webp",
    )
    assert picture.read()[:4] == b"RIFF"


@pytest.mark.django_db
def test_names_are_left_out_by_default_and_the_note_taker_is_a_role():
    meeting = finished_meeting(cards=2)
    content = report_content(meeting=meeting, language="nb", include_hidden=True)
    cards = _session(content).cards
    assert [c.written_by for c in cards] == [("referent for gruppe 1",), ("referent for gruppe 2",)]
    assert content.participation.names is None
    assert "Person Nummer" not in repr(content)


@pytest.mark.django_db
def test_names_are_present_when_chosen():
    meeting = finished_meeting(cards=2)
    content = report_content(meeting=meeting, language="nb", include_names=True)
    assert _session(content).cards[0].written_by == ("Person Nummer0",)
    assert "Porsgrunn kommune, Person Nummer0" in content.participation.names
    assert "Skien kommune, Møterom 2" in content.participation.names


@pytest.mark.django_db
def test_the_note_taker_role_is_in_the_reports_language():
    meeting = finished_meeting(cards=1)
    english = report_content(meeting=meeting, language="en")
    assert _session(english).cards[0].written_by == ("note-taker for group 1",)
    assert _session(english).cards[0].group_name == "Group 1"


@pytest.mark.django_db
def test_the_programme_shows_planned_and_actual_times_and_skipped_items():
    meeting = finished_meeting(cards=1)
    rows = report_content(meeting=meeting, language="nb").programme
    talk, session, pause, report_back, _second = rows
    assert (talk.planned_start, talk.planned_minutes) == (datetime.time(10, 0), 15)
    assert (talk.started_at, talk.finished_at, talk.actual_minutes) == (
        at(10, 2),
        at(10, 19),
        17,
    )
    assert talk.started_at.tzinfo.key == OSLO.key
    assert talk.speakers[0].organisation == "KS"
    assert (session.actual_minutes, session.extra_minutes) == (35, 5)
    assert (pause.skipped, pause.started_at, pause.actual_minutes) == (True, None, None)
    assert (talk.skipped, report_back.actual_minutes) == (False, 12)


@pytest.mark.django_db
def test_report_back_turns_are_in_order_with_their_time():
    meeting = finished_meeting(cards=2)
    (report_back,) = report_content(meeting=meeting, language="nb").report_backs
    assert report_back.title == "Deling i plenum"
    assert [(t.position, t.group_name, t.seconds, t.started_at) for t in report_back.turns] == [
        (1, "Gruppe 1", 120, at(11, 1))
    ]


@pytest.mark.django_db
def test_participation_counts_people_local_sites_and_heads_by_county_and_organisation():
    meeting = finished_meeting(cards=2)  # four people, one local site of five, one other
    participation = report_content(meeting=meeting, language="nb").participation
    assert (participation.participants, participation.local_sites, participation.heads) == (
        5,
        1,
        10,
    )
    assert [(r.label, r.participants, r.local_sites, r.heads) for r in participation.by_county] == [
        ("Telemark", 2, 1, 7),
        ("Vestfold", 2, 0, 2),
        ("Uten fylke", 1, 0, 1),
    ]
    assert participation.by_organisation[0].label == "Skien kommune"
    assert participation.by_organisation[0].heads == 6
    assert (participation.municipalities_present, participation.municipalities_in_register) == (
        4,
        4,
    )
    assert participation.counties == ("Telemark", "Vestfold")


@pytest.mark.django_db
def test_the_cover_names_the_facilitators_unless_organised_by_is_set():
    meeting = finished_meeting(cards=1)
    user = meeting.facilitators.get()
    user.first_name, user.last_name = "Kari", "Leder"
    user.save()
    content = report_content(meeting=meeting, language="nb")
    assert (content.organised_by, content.facilitators) == ("Kari Leder", ("Kari Leder",))
    meeting.organised_by = "KS og Norsk kulturskoleråd"
    meeting.summary = "Vi snakket om **alt**.\n\n<script>alert(1)</script>"
    meeting.recording_url = "https://video.example.no/opptak"
    meeting.save()
    content = report_content(meeting=meeting, language="nb")
    assert content.organised_by == "KS og Norsk kulturskoleråd"
    assert "<strong>alt</strong>" in content.summary_html
    assert "<script>" not in content.summary_html
    assert content.recording_url == "https://video.example.no/opptak"


@pytest.mark.django_db
@pytest.mark.parametrize("cards", [3, 30])
def test_gathering_takes_the_same_number_of_queries_whatever_the_size(cards):
    meeting = finished_meeting(cards=cards)
    tagger_for(taxonomy=default_taxonomy(), train=True)  # trained once per database
    with CaptureQueriesContext(connection) as queries:
        content = report_content(
            meeting=meeting, language="nb", include_names=True, include_hidden=True, synthesis=True
        )
    assert len(content.cards) == cards + 1
    # 15 for the meeting (the cards' writers among them, two), 9 for what the groups said.
    assert len(queries) == 24, "\n".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_the_report_says_what_the_groups_said_in_value_areas_and_themes():
    content = report_content(meeting=finished_meeting(cards=8), language="nn", synthesis=True)
    synthesis = content.synthesis
    assert synthesis.taxonomy == "Framtidas kulturskule – verdiområde"
    assert [row.label for row in synthesis.areas][1] == "Inkluderande og mangfaldig"
    visible = [card for card in content.cards if not card.hidden]
    assert synthesis.cards == len(visible)
    assert len(synthesis.per_question) == len(synthesis.questions)
    for theme in synthesis.themes:
        assert theme.groups
        assert all(where.startswith("Gruppe") for where, _ in theme.quotes)
