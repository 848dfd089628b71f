"""The domain's refusals: one base class, and one way for a view to tell the person."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.utils import translation
from django.utils.translation import gettext_lazy

from analysis.domain import AnalysisError
from common.errors import DomainError
from common.refusals import refusal_caught
from groups.domain import GroupError
from groups.formation import FormationError, sizes_for
from imports.tabular import ImportRefused, Problem
from meetings.domain import ProgrammeError
from participants.domain import JoinError
from reports.domain import ReportError
from wall.domain import CardError
from wall.images import ImageError
from wall.text import CardTextError, clean_heading


@pytest.mark.parametrize(
    "error_class",
    [
        AnalysisError,
        CardError,
        CardTextError,
        FormationError,
        GroupError,
        ImageError,
        ImportRefused,
        JoinError,
        ProgrammeError,
        ReportError,
    ],
)
def test_every_domain_refusal_is_a_domain_error(error_class):
    assert issubclass(error_class, DomainError)


def test_the_message_is_translated_when_shown_not_when_raised():
    with translation.override("en"):
        message = gettext_lazy("The text is too long: at most %(max)d characters.")
        error = DomainError(message, max=5)

    with translation.override("nn"):
        shown_nn = str(error)
    with translation.override("en"):
        shown_en = str(error)

    assert shown_en == "The text is too long: at most 5 characters."
    assert shown_nn != shown_en and "5" in shown_nn


def test_the_errors_that_had_their_own_fields_keep_them():
    with pytest.raises(CardTextError) as raised:
        clean_heading("x" * 201)
    assert raised.value.code == "heading_too_long"
    assert str(raised.value) == str(raised.value.message) % raised.value.params

    with pytest.raises(FormationError) as raised:
        sizes_for(1)
    assert (raised.value.code, isinstance(raised.value, ValueError)) == ("bad_sizes", True)

    refused = ImportRefused(Problem("The file is empty."))
    assert [str(problem) for problem in refused.problems] == [str(refused)]

    assert JoinError("Gone.", 410).status == 410


def request_with_messages(rf):
    request = rf.post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_ends_the_block_and_becomes_an_error_message(rf):
    request = request_with_messages(rf)
    reached = []

    with refusal_caught(request) as refusal:
        raise ProgrammeError("Start the meeting first.")
        reached.append("after")  # never run

    assert reached == []
    assert bool(refusal) and refusal.message == "Start the meeting first."
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [
        ("error", "Start the meeting first.")
    ]


def test_without_a_request_the_refusal_is_only_kept(rf):
    with refusal_caught() as refusal:
        raise GroupError("There is no such group.")

    assert refusal.message == "There is no such group."


def test_a_block_that_is_not_refused_says_nothing(rf):
    request = request_with_messages(rf)

    with refusal_caught(request) as refusal:
        pass

    assert not refusal and refusal.message is None
    assert list(get_messages(request)) == []


def test_other_errors_are_not_taken_for_refusals(rf):
    with pytest.raises(KeyError), refusal_caught(request_with_messages(rf)):
        raise KeyError("not a refusal")
