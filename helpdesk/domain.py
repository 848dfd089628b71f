"""The private help channel between one participant and the facilitators."""

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from helpdesk.models import HelpRequest
from live.events import HELP_STALE
from live.publish import FACILITATORS, participant_audience, publish
from participants.models import Participant


def _published(request: HelpRequest) -> None:
    """The facilitators' help panel and the asker's own list reload themselves."""
    publish(request.meeting_id, HELP_STALE, {}, audience=FACILITATORS, key=HELP_STALE)
    publish(
        request.meeting_id,
        HELP_STALE,
        {},
        audience=participant_audience(request.participant_id),
        key=f"{HELP_STALE}:{request.participant_id}",
    )


def help_request_state(request: HelpRequest) -> str:
    if request.is_solved:
        return "solved"
    return "answered" if request.answer else "open"


def help_request_create(*, participant: Participant, question: str) -> HelpRequest:
    """Send a technical question privately to the meeting's facilitators."""
    with transaction.atomic():
        request = HelpRequest.objects.create(
            meeting_id=participant.meeting_id, participant=participant, question=question
        )
        _published(request)
    return request


def help_request_answer(*, request: HelpRequest, answer: str, author) -> HelpRequest:
    """Answer a question; only the participant who asked sees the answer."""
    with transaction.atomic():
        request.answer = answer
        request.answered_by = author
        request.answered_at = timezone.now()
        request.save(update_fields=["answer", "answered_by", "answered_at"])
        _published(request)
    return request


def help_request_solve(*, request: HelpRequest) -> HelpRequest:
    with transaction.atomic():
        request.solved_at = timezone.now()
        request.save(update_fields=["solved_at"])
        _published(request)
    return request


def help_requests_open(meeting_id: int):
    return (
        HelpRequest.objects.filter(meeting_id=meeting_id, solved_at__isnull=True)
        .select_related("participant")
        .order_by("created_at", "id")
    )


def help_signal(meeting_id: int) -> dict:
    """What every facilitator page of the meeting shows of the help channel: how many
    questions are open (not yet solved, as the help panel lists them), and the newest
    question's id, by which a page tells a new question from one answered or solved."""
    found = HelpRequest.objects.filter(meeting_id=meeting_id).aggregate(
        open=Count("id", filter=Q(solved_at__isnull=True)), latest=Max("id")
    )
    return {"open": found["open"], "latest": found["latest"] or 0}


def help_requests_of(participant: Participant):
    return participant.help_requests.order_by("-created_at", "-id")
