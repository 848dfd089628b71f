from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.refusals import refusal_caught
from groups import domain, exports
from groups.forms import (
    AddTimeForm,
    FormGroupsForm,
    GroupRolesForm,
    MoveForm,
    PlaceForm,
    ReuseForm,
    RoleForm,
    RolesForm,
    RoundStartForm,
    RoundStepForm,
)
from groups.models import GroupPlan, Membership
from meetings.access import facilitator_required, participant_required
from meetings.domain import is_facilitator, meeting_with_programme, programme_state
from meetings.models import ProgrammeItem

# --- Facilitator: forming and overseeing ---------------------------------------------------


def _session(meeting, item_pk) -> ProgrammeItem:
    return get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.GROUP_SESSION)


def _overview(item: ProgrammeItem) -> list[dict]:
    # The wall's card version tells whether the group has started writing (0 or none: not yet).
    groups = item.groups.annotate(card_version=Max("card__version"))
    # Members and rounds are read by the session, not prefetched by lists of ids that grow
    # with the meeting (see domain.memberships_by_group).
    members_of = domain.memberships_by_group(item, "participant")
    rounds = domain.latest_rounds(item)
    rows = []
    for group in groups:
        members = members_of.get(group.pk, [])
        rows.append(
            {
                "group": group,
                "members": members,
                "people": sum(m.participant.head_count for m in members),
                "round": rounds.get(group.pk),
                "roles": {m.role: m for m in members if m.role},
                # A role held by someone who has left: the facilitator may draw them again.
                "roles_left": any(m.role and not m.participant.is_present for m in members),
                "card_started": bool(group.card_version),
            }
        )
    return rows


def _manage_context(meeting, item, form=None):
    plan = GroupPlan.objects.filter(item=item).first()
    initial = {
        "strategy": plan.strategy if plan else GroupPlan.Strategy.MIXED,
        "target_size": plan.target_size if plan else 6,
        "late_joiners": plan.late_joiners if plan else GroupPlan.LateJoiners.PLACE,
    }
    rows = exports.roster(item)
    groups = _overview(item)
    return {
        "meeting": meeting,
        "item": item,
        "plan": plan,
        "form": form or FormGroupsForm(initial=initial),
        "groups": groups,
        # Moving and placing take a group number, not a list of every group for every person:
        # that list made the page of 2,500 people in 500 groups 1.25 million options long.
        "last_number": max((row["group"].number for row in groups), default=0),
        "smallest_number": min(groups, key=lambda row: row["people"])["group"].number
        if groups
        else None,
        "unplaced": domain.unplaced_participants(item),
        "earlier_sessions": meeting.items.filter(
            kind=ProgrammeItem.Kind.GROUP_SESSION, groups__isnull=False
        )
        .exclude(pk=item.pk)
        .distinct(),
        "missing_email": exports.without_email(rows),
        "now": timezone.now(),
    }


@facilitator_required
def manage(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    return render(request, "groups/manage.html", _manage_context(meeting, item))


@facilitator_required
def overview(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    return render(request, "groups/_overview.html", _manage_context(meeting, item))


def _back(meeting, item):
    return redirect("groups:manage", meeting.pk, item.pk)


def _attempt(request, action) -> None:
    """Run a group action; its success message or the domain's refusal becomes a message."""
    with refusal_caught(request):
        success = action()
        if isinstance(success, str):
            messages.success(request, success)


def _group_numbered(item: ProgrammeItem, number: int):
    group = item.groups.filter(number=number).first()
    if group is None:
        raise domain.GroupError(_("There is no such group."))
    return group


@require_POST
@facilitator_required
def form_groups(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    form = FormGroupsForm(request.POST)
    if not form.is_valid():
        return render(
            request, "groups/manage.html", _manage_context(meeting, item, form), status=400
        )

    def action():
        groups = domain.groups_form(item=item, **form.cleaned_data)
        return _("%(count)d groups are formed.") % {"count": len(groups)}

    _attempt(request, action)
    return _back(meeting, item)


@require_POST
@facilitator_required
def reuse(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    form = ReuseForm(request.POST)
    source = form.is_valid() and meeting.items.filter(pk=form.cleaned_data["source"]).first()

    def action():
        if not source:
            raise domain.GroupError(_("Choose another group session of this meeting."))
        domain.groups_reuse(item=item, source=source)
        return _("The groups of “%(title)s” are reused.") % {"title": source.title}

    _attempt(request, action)
    return _back(meeting, item)


@require_POST
@facilitator_required
def move(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        membership = get_object_or_404(
            Membership.objects.select_related("group", "participant"),
            pk=form.cleaned_data["membership"],
            item=item,
        )
        _attempt(
            request,
            lambda: domain.membership_move(
                membership=membership, group=_group_numbered(item, form.cleaned_data["group"])
            ),
        )
    if request.headers.get("HX-Request"):
        return overview(request, meeting.pk, item_pk)
    return _back(meeting, item)


@require_POST
@facilitator_required
def place(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    form = PlaceForm(request.POST)
    if form.is_valid():
        participant = get_object_or_404(meeting.participants, pk=form.cleaned_data["participant"])
        _attempt(
            request,
            lambda: domain.membership_add(
                participant=participant, group=_group_numbered(item, form.cleaned_data["group"])
            ),
        )
    return _back(meeting, item)


@require_POST
@facilitator_required
def roles(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    form = RolesForm(request.POST)
    rotate = form.is_valid() and form.cleaned_data["rotate"]
    domain.roles_assign(item=item, rotate=rotate)
    messages.success(request, _("Every group has a moderator, a timekeeper and a note-taker."))
    return _back(meeting, item)


@require_POST
@facilitator_required
def group_roles(request, meeting, item_pk):
    """Draw one group's roles again, from those present (its role holders left)."""
    item = _session(meeting, item_pk)
    form = GroupRolesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("There is no such group."))
        return _back(meeting, item)

    def redraw():
        group = _group_numbered(item, form.cleaned_data["group"])
        domain.roles_redraw(group=group)
        return _("%(group)s has new roles.") % {"group": group.name}

    _attempt(request, redraw)
    return _back(meeting, item)


@facilitator_required
def export(request, meeting, item_pk, kind):
    item = _session(meeting, item_pk)
    rows = exports.roster(item)
    stem = f"{meeting.code}-{item.position}-groups"
    if kind == "zoom":
        content, content_type, name = exports.zoom_csv(rows), "text/csv", f"{stem}-zoom.csv"
    elif kind == "csv":
        content, content_type, name = exports.roster_csv(rows), "text/csv", f"{stem}.csv"
    elif kind == "moves":
        content, content_type = exports.moves_csv(rows), "text/csv"
        name = f"{stem}-move-by-hand.csv"
    elif kind == "xlsx":
        content = exports.roster_xlsx(rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"{stem}.xlsx"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Participant: the group page -----------------------------------------------------------


def _member(meeting, participant):
    """The meeting with its programme, and the participant's group membership now."""
    return meeting_with_programme(meeting.pk), domain.membership_now(participant)


def _panel_context(request, meeting, participant, membership, error=None):
    group = membership.group if membership else None
    item = group.item if group else None
    can_drive = domain.may_drive_rounds(
        membership=membership, is_facilitator=is_facilitator(request.user, meeting)
    )
    state = domain.group_state(group) if group else None
    current = domain.current_round(group) if group else None
    questions = list(item.questions.all()) if item else []
    return {
        "meeting": meeting,
        "participant": participant,
        "membership": membership,
        "group": group,
        "item": item,
        "group_state": state,
        "round": current,
        "questions": questions,
        "running": item is not None and item.status == ProgrammeItem.Status.RUNNING,
        # The programme has moved past it: the page says so instead of showing the round.
        "finished": item is not None
        and item.status in (ProgrammeItem.Status.DONE, ProgrammeItem.Status.SKIPPED),
        "can_drive": can_drive,
        "roles": domain.role_explanations(),
        # A role whose holder has left is free to take (groups.domain.role_take).
        "taken_roles": {m["role"] for m in state["members"] if m["role"] and m["present"]}
        if state
        else set(),
        "round_form": RoundStartForm(question_count=len(questions)),
        "error": error,
    }


@participant_required
def group_page(request, meeting, participant):
    meeting, membership = _member(meeting, participant)
    context = _panel_context(request, meeting, participant, membership)
    context["state"] = programme_state(meeting)
    return render(request, "groups/page.html", context)


def _panel(request, meeting, participant, error=None):
    meeting, membership = _member(meeting, participant)
    context = _panel_context(request, meeting, participant, membership, error=error)
    return render(request, "groups/_panel.html", context)


@participant_required
def group_panel(request, meeting, participant):
    return _panel(request, meeting, participant)


def _after(request, meeting, participant, error=None):
    if request.headers.get("HX-Request"):
        return _panel(request, meeting, participant, error=error)
    if error:
        messages.error(request, error)
    return redirect("groups:page", meeting.code)


@require_POST
@participant_required
def take_role(request, meeting, participant):
    _meeting, membership = _member(meeting, participant)
    form = RoleForm(request.POST)
    if membership is None or not form.is_valid():
        return _after(request, meeting, participant, _("You are not in a group yet."))
    with refusal_caught() as refusal:
        domain.role_take(membership=membership, role=form.cleaned_data["role"])
    return _after(request, meeting, participant, refusal.message)


def _driven_round(request, meeting, participant):
    meeting, membership = _member(meeting, participant)
    if membership is None or not domain.may_drive_rounds(
        membership=membership, is_facilitator=is_facilitator(request.user, meeting)
    ):
        raise PermissionDenied
    return membership.group


@require_POST
@participant_required
def round_start(request, meeting, participant):
    group = _driven_round(request, meeting, participant)
    form = RoundStartForm(request.POST, question_count=group.item.questions.count())
    if not form.is_valid():
        error = _("Choose at least one question, and times within the limits.")
        return _after(request, meeting, participant, error)
    data = form.cleaned_data
    with refusal_caught() as refusal:
        domain.round_start(
            group=group,
            question_numbers=data["questions"],
            shuffle=data["shuffle"],
            speaker_seconds=data["speaker_minutes"] * 60,
            dialogue_seconds=data["dialogue_minutes"] * 60,
            summary_seconds=data["summary_minutes"] * 60,
        )
    return _after(request, meeting, participant, refusal.message)


ROUND_ACTIONS = {"pass", "pause", "resume", "add"}


@require_POST
@participant_required
def round_step(request, meeting, participant, action):
    group = _driven_round(request, meeting, participant)
    current = domain.current_round(group)
    with refusal_caught() as refusal:
        if action not in ROUND_ACTIONS:
            raise domain.GroupError(_("Unknown action."))
        if current is None:
            raise domain.GroupError(_("Start a round first."))
        if action == "pass":
            step = RoundStepForm(request.POST)
            expected = None
            if step.is_valid() and step.cleaned_data["phase"]:
                expected = (step.cleaned_data["phase"], step.cleaned_data["turn"] or 0)
            domain.round_pass(current=current, expected_turn=expected)
        elif action == "pause":
            domain.round_pause(current=current)
        elif action == "resume":
            domain.round_resume(current=current)
        else:
            adding = AddTimeForm(request.POST)
            if not adding.is_valid():
                raise domain.GroupError(_("Add between 1 second and 15 minutes."))
            seconds = adding.cleaned_data["seconds"]
            domain.round_add_time(current=current, seconds=60 if seconds is None else seconds)
    return _after(request, meeting, participant, refusal.message)
