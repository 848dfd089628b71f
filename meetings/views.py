from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.refusals import refusal_caught
from helpdesk.domain import help_requests_open
from meetings import domain, written
from meetings.access import facilitator_required
from meetings.forms import (
    AnnouncementForm,
    AnnouncementWithdrawForm,
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


def _with_proposal(request, meeting, data):
    """The posted item with the translator's proposal of its other written form filled in,
    not read through: nothing is saved until the facilitator has read it and saves."""
    questions = QuestionFormSet(data, prefix="questions")
    rows = questions.forms[: QuestionFormSet.max_num]
    with refusal_caught(request) as refusal:
        proposal = written.propose(
            meeting=meeting,
            title=data.get("title", ""),
            description=data.get("description", ""),
            questions=[row["text"].value() or "" for row in rows],
        )
    if refusal:
        return data
    data = data.copy()
    data["other_title"] = proposal.title
    data["other_description"] = proposal.description
    data.pop("other_reviewed", None)
    for row, text in zip(rows, proposal.questions, strict=True):
        data[row.add_prefix("other_text")] = text
    messages.info(
        request,
        _(
            "The translator's proposal is filled in. Read it through and correct it, tick "
            "the box and save: only then do participants see it."
        ),
    )
    return data


@facilitator_required
def item_edit(request, meeting, item_pk=None):
    item = get_object_or_404(meeting.items, pk=item_pk) if item_pk else None
    data = request.POST if request.method == "POST" else None
    other = written.other_form(meeting.language)
    proposing = data is not None and "propose" in data
    if proposing:
        data = _with_proposal(request, meeting, data)
    form = ProgrammeItemForm(data, instance=item, other=other)
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
        initial=[{"text": q.text, "other_text": q.other_text} for q in item.questions.all()]
        if item
        else None,
        form_kwargs={"other": other},
    )
    if (
        data is not None
        and not proposing
        and form.is_valid()
        and speakers.is_valid()
        and questions.is_valid()
        and _questions_in_both(form, questions)
    ):
        children = {
            "speakers": filled(speakers, "name"),
            "questions": [
                {"text": row["text"], "other_text": row.get("other_text", "")}
                for row in filled(questions, "text")
            ],
        }
        fields = dict(form.cleaned_data)
        if other is not None:
            fields["other_language"] = other
        if item is None:
            item = domain.item_create(meeting=meeting, **children, **fields)
        else:
            item = domain.item_update(item=item, **children, **fields)
        messages.success(request, _("“%(title)s” is saved.") % {"title": item.title})
        return redirect("meetings:edit", meeting.pk)
    context = {
        "meeting": meeting,
        "item": item,
        "form": form,
        "speakers": speakers,
        "questions": questions,
        "other": other,
        "other_unread": other is not None
        and bool(form["other_title"].value())
        and not form["other_reviewed"].value(),
    }
    return render(request, "meetings/item_edit.html", context)


def _questions_in_both(form, questions) -> bool:
    """A version read through has every question in both forms; says which lack it."""
    if not form.cleaned_data.get("other_reviewed"):
        return True
    missing = [
        row
        for row in questions
        if row.cleaned_data.get("text") and not row.cleaned_data.get("other_text")
    ]
    for row in missing:
        row.add_error("other_text", _("Write the question in this written form too."))
    return not missing


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
            "showing": domain.announcement_showing(context["meeting"]),
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


@facilitator_required
def run_controls(request, meeting):
    """The running item's controls alone, refreshed as the programme moves on."""
    return render(request, "meetings/_run_controls.html", _run_context(meeting))


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
                meeting=meeting,
                text=form.cleaned_data["text"],
                author=request.user,
                until_item_ends=form.cleaned_data["until_item_ends"],
            )
            messages.success(request, _("The announcement is shown to everyone."))
    else:
        messages.error(request, _("Write an announcement of at most 500 characters."))
    return _after_action(request, meeting)


@require_POST
@facilitator_required
def run_announce_withdraw(request, meeting):
    form = AnnouncementWithdrawForm(request.POST)
    if form.is_valid():
        domain.announcement_withdraw(
            meeting=meeting, announcement_id=form.cleaned_data["announcement"]
        )
        messages.success(request, _("The announcement is withdrawn."))
    return _after_action(request, meeting)


@require_POST
@facilitator_required
def run_end(request, meeting):
    return _run_action(request, meeting, lambda: domain.meeting_end(meeting=meeting))
