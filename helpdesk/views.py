from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helpdesk import domain
from helpdesk.forms import HelpAnswerForm, HelpRequestForm
from meetings.access import facilitator_required
from meetings.models import Meeting
from participants.domain import participant_from_session


def _participant(request, code):
    meeting = get_object_or_404(Meeting, code=code)
    participant = participant_from_session(request.session, meeting)
    if participant is None:
        raise PermissionDenied
    return participant


@require_POST
def ask(request, code):
    participant = _participant(request, code)
    form = HelpRequestForm(request.POST)
    if form.is_valid():
        domain.help_request_create(participant=participant, question=form.cleaned_data["question"])
        messages.success(
            request, _("Your question is sent to the facilitators. The answer comes here.")
        )
    else:
        messages.error(request, _("Write your question in at most 1000 characters."))
    return redirect("participants:meeting", code)


def mine(request, code):
    participant = _participant(request, code)
    return render(
        request,
        "helpdesk/_mine.html",
        {"help_requests": domain.help_requests_of(participant), "meeting": participant.meeting},
    )


@facilitator_required
def requests_panel(request, meeting):
    return render(
        request,
        "helpdesk/_panel.html",
        {"meeting": meeting, "help_requests": domain.help_requests_open(meeting.pk)},
    )


@require_POST
@facilitator_required
def answer(request, meeting, request_pk):
    help_request = get_object_or_404(meeting.help_requests, pk=request_pk)
    form = HelpAnswerForm(request.POST)
    if form.is_valid():
        domain.help_request_answer(
            request=help_request, answer=form.cleaned_data["answer"], author=request.user
        )
    else:
        messages.error(request, _("Write an answer of at most 1000 characters."))
    return redirect("meetings:run", meeting.pk)


@require_POST
@facilitator_required
def solve(request, meeting, request_pk):
    help_request = get_object_or_404(meeting.help_requests, pk=request_pk)
    domain.help_request_solve(request=help_request)
    return redirect("meetings:run", meeting.pk)
