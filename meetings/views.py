from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.refusals import refusal_caught
from helpdesk.domain import help_requests_open
from meetings import domain
from meetings.access import facilitator_required
from meetings.forms import (
    AnnouncementForm,
    ExpectedItemForm,
    ExtendForm,
    MeetingForm,
    ProgrammeItemForm,
    QuestionFormSet,
    RecordingForm,
    SpeakerFormSet,
    filled,
)
from meetings.models import ProgrammeItem
from participants.domain import presence_by, presence_counts


@login_required
def meeting_list(request):
    meetings = domain.meetings_for_facilitator(request.user)
    return render(request, "meetings/list.html", {"meetings": meetings})


@login_required
def meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        meeting = domain.meeting_create(facilitator=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting is created. Now add its programme."))
        return redirect("meetings:edit", meeting.pk)
    return render(request, "meetings/create.html", {"form": form})


@facilitator_required
def meeting_edit(request, meeting):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        domain.meeting_update(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The meeting is saved."))
        return redirect("meetings:edit", meeting.pk)
    items = meeting.items.prefetch_related("speakers", "questions")
    return render(request, "meetings/edit.html", {"meeting": meeting, "form": form, "items": items})


@facilitator_required
def item_edit(request, meeting, item_pk=None):
    item = get_object_or_404(meeting.items, pk=item_pk) if item_pk else None
    data = request.POST if request.method == "POST" else None
    form = ProgrammeItemForm(data, instance=item)
    speakers = SpeakerFormSet(
        data,
        prefix="speakers",
        initial=[
            {"name": s.name, "role": s.role, "organisation": s.organisation}
            for s in item.speakers.all()
        ]
        if item
        else None,
    )
    questions = QuestionFormSet(
        data,
        prefix="questions",
        initial=[{"text": q.text} for q in item.questions.all()] if item else None,
    )
    if data is not None and form.is_valid() and speakers.is_valid() and questions.is_valid():
        children = {
            "speakers": filled(speakers, "name"),
            "questions": [row["text"] for row in filled(questions, "text")],
        }
        if item is None:
            item = domain.item_create(meeting=meeting, **children, **form.cleaned_data)
        else:
            item = domain.item_update(item=item, **children, **form.cleaned_data)
        messages.success(request, _("“%(title)s” is saved.") % {"title": item.title})
        return redirect("meetings:edit", meeting.pk)
    context = {
        "meeting": meeting,
        "item": item,
        "form": form,
        "speakers": speakers,
        "questions": questions,
    }
    return render(request, "meetings/item_edit.html", context)


@require_POST
@facilitator_required
def item_move(request, meeting, item_pk):
    item = get_object_or_404(meeting.items, pk=item_pk)
    domain.item_move(item=item, offset=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("meetings:edit", args=[meeting.pk]) + f"#item-{item.pk}")


@require_POST
@facilitator_required
def item_delete(request, meeting, item_pk):
    item = get_object_or_404(meeting.items, pk=item_pk)
    with refusal_caught(request):
        domain.item_delete(item=item)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": item.title})
    return redirect("meetings:edit", meeting.pk)


# --- The live control room --------------------------------------------------------------


def _run_context(meeting):
    meeting = domain.meeting_with_programme(meeting.pk)
    return {
        "meeting": meeting,
        "programme": domain.programme_view(meeting),
        "state": domain.programme_state(meeting),
    }


@facilitator_required
def meeting_run(request, meeting):
    context = _run_context(meeting)
    context.update(
        {
            "announcement_form": AnnouncementForm(),
            "presence": presence_counts(meeting),
            "presence_by_county": presence_by(meeting, field="county"),
            "presence_by_organisation": presence_by(meeting, field="organisation"),
            "help_requests": help_requests_open(meeting.pk),
            "participant_url": request.build_absolute_uri(
                reverse("participants:meeting", args=[meeting.code])
            ),
        }
    )
    return render(request, "meetings/run.html", context)


@facilitator_required
def run_programme(request, meeting):
    """The programme panel alone, for pages that refresh it when the state changes."""
    return render(request, "meetings/_run_programme.html", _run_context(meeting))


def _after_action(request, meeting):
    return redirect("meetings:run", meeting.pk)


def _run_action(request, meeting, action):
    with refusal_caught(request):
        action()
    return _after_action(request, meeting)


def _expected(request):
    form = ExpectedItemForm(request.POST)
    return form.cleaned_data["expected"] if form.is_valid() else None


@require_POST
@facilitator_required
def run_start(request, meeting):
    return _run_action(request, meeting, lambda: domain.meeting_start(meeting=meeting))


@require_POST
@facilitator_required
def run_advance(request, meeting):
    expected = _expected(request)
    return _run_action(
        request,
        meeting,
        lambda: domain.programme_advance(meeting=meeting, expected_item_id=expected),
    )


@require_POST
@facilitator_required
def run_extend(request, meeting):
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Extend by between 1 and 120 minutes."))
        return _after_action(request, meeting)
    minutes = form.cleaned_data["minutes"]
    return _run_action(
        request, meeting, lambda: domain.item_extend(meeting=meeting, minutes=minutes)
    )


@require_POST
@facilitator_required
def run_item_start(request, meeting, item_pk):
    item = get_object_or_404(meeting.items, pk=item_pk)
    expected = _expected(request)
    return _run_action(
        request,
        meeting,
        lambda: domain.item_start(meeting=meeting, item=item, expected_item_id=expected),
    )


@require_POST
@facilitator_required
def run_item_skip(request, meeting, item_pk):
    item = get_object_or_404(meeting.items, pk=item_pk)
    return _run_action(request, meeting, lambda: domain.item_skip(meeting=meeting, item=item))


@require_POST
@facilitator_required
def run_item_restore(request, meeting, item_pk):
    item = get_object_or_404(meeting.items.exclude(status=ProgrammeItem.Status.RUNNING), pk=item_pk)
    return _run_action(request, meeting, lambda: domain.item_restore(meeting=meeting, item=item))


@require_POST
@facilitator_required
def run_recording(request, meeting):
    form = RecordingForm(request.POST)
    recording = form.is_valid() and form.cleaned_data["recording"]
    return _run_action(
        request, meeting, lambda: domain.recording_set(meeting=meeting, recording=recording)
    )


@require_POST
@facilitator_required
def run_announce(request, meeting):
    form = AnnouncementForm(request.POST)
    if form.is_valid():
        with refusal_caught(request):
            domain.announcement_post(
                meeting=meeting, text=form.cleaned_data["text"], author=request.user
            )
            messages.success(request, _("The announcement is shown to everyone."))
    else:
        messages.error(request, _("Write an announcement of at most 500 characters."))
    return _after_action(request, meeting)


@require_POST
@facilitator_required
def run_end(request, meeting):
    return _run_action(request, meeting, lambda: domain.meeting_end(meeting=meeting))
