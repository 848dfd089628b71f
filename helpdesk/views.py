from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import limits
from helpdesk import domain
from helpdesk.forms import HelpAnswerForm, HelpRequestForm
from meetings.access import facilitator_required, page_language, participant_required


@require_POST
@participant_required
def ask(request, meeting, participant):
    form = HelpRequestForm(request.POST)
    limit = limits.exceeded(request, "help", person=participant.pk, meeting=meeting.pk)
    if limit is not None:
        # The question stays on the page, to send again once the wait is over.
        with translation.override(page_language(request, meeting)):
            return limits.refused_page(
                request,
                limit,
                back_url=reverse("participants:meeting", args=[meeting.code]),
                resend_url=reverse("helpdesk:ask", args=[meeting.code]),
                resend_field=form["question"],
            )
    if form.is_valid():
        domain.help_request_create(participant=participant, question=form.cleaned_data["question"])
        messages.success(
            request, _("Your question is sent to the facilitators. The answer comes here.")
        )
    else:
        messages.error(request, _("Write your question in at most 1000 characters."))
    return redirect("participants:meeting", meeting.code)


@participant_required
def mine(request, meeting, participant):
    return render(
        request,
        "helpdesk/_mine.html",
        {"help_requests": domain.help_requests_of(participant), "meeting": meeting},
    )


@facilitator_required
def requests_panel(request, meeting):
    return render(
        request,
        "helpdesk/_panel.html",
        {"meeting": meeting, "help_requests": domain.help_requests_open(meeting.pk)},
    )


@facilitator_required
def signal(request, meeting):
    """The count of open help requests on every facilitator page, reloaded live."""
    return render(request, "helpdesk/_signal_count.html", signal_context(meeting))


def signal_context(meeting) -> dict:
    return {"meeting": meeting, **domain.help_signal(meeting.pk)}


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
