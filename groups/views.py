from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.refusals import refusal_caught
from common.spreadsheets import XLSX_CONTENT_TYPE, attachment
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
    SwapForm,
)
from groups.models import GroupPlan, Membership
from meetings.access import facilitator_required, participant_required
from meetings.domain import is_facilitator, shared_programme
from meetings.models import ProgrammeItem

# --- Facilitator: forming and overseeing ---------------------------------------------------


def _session(meeting, item_pk) -> ProgrammeItem:
    return get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.GROUP_SESSION)


# A search that finds people in more groups than this shows them closed, with the count.
SEARCH_OPENS_AT_MOST = 20
# A session of this many groups or fewer (some 70 people) shows them all open at once.
ALL_OPEN_AT_MOST = 12
# A page asks for at most this many groups by id at once (a live burst); more: the whole list.
GROUPS_PER_FETCH = 250


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


class _Fact(NamedTuple):
    """What a group's summary line needs of one member."""

    pk: int
    role: str
    head_count: int
    present: bool
    name: str
    organisation: str


# Those the Zoom file leaves out, named on the page; the count says how many in all.
MISSING_EMAIL_SHOWN = 20
# Past this many open groups, their members are read by the session rather than by a list
# of group ids (SQLite refuses long lists; see domain.memberships_by_group).
OPEN_BY_ID_AT_MOST = 100


def _overview(
    item: ProgrammeItem,
    *,
    group_ids: list[int] | None = None,
    query: str = "",
    open_ids=(),
) -> list[dict]:
    """A row per group of `item` (or of `group_ids` alone): what its summary line says, and
    the members of an open one. A group's members are rendered only when it is open (opened
    by the facilitator, found by the search, or fetched by id), so the page of 2,000 people
    stays light; the others show them when opened. A session of a few groups is all open."""
    # The wall's card version tells whether the group has started writing (0 or none: not yet).
    groups = item.groups.annotate(card_version=Max("card__version"))
    facts = Membership.objects.filter(item=item)
    if group_ids is not None:
        groups = groups.filter(pk__in=group_ids)
        facts = facts.filter(group_id__in=group_ids)
    # The summary lines need a few plain values of everyone, not model instances: read by
    # the session, as tuples.
    facts_of: dict[int, list[_Fact]] = {}
    for group_id, pk, role, head_count, left_at, name, organisation in facts.order_by().values_list(
        "group_id",
        "pk",
        "role",
        "participant__head_count",
        "participant__left_at",
        "participant__name",
        "participant__organisation",
    ):
        fact = _Fact(pk, role, head_count, left_at is None, name, organisation)
        facts_of.setdefault(group_id, []).append(fact)
    rounds = domain.latest_rounds(item)
    needle = query.strip().casefold()
    rows = []
    for group in groups:
        members = facts_of.get(group.pk, [])
        matches = (
            {
                m.pk
                for m in members
                if needle in m.name.casefold() or needle in m.organisation.casefold()
            }
            if needle
            else set()
        )
        if needle and not matches and group_ids is None:
            continue  # a group asked for by id comes all the same: someone left it
        rows.append(
            {
                "group": group,
                "members": [],
                "people": sum(m.head_count for m in members),
                "round": rounds.get(group.pk),
                "roles_held": len({m.role for m in members if m.role and m.present}),
                # A role held by someone who has left: the facilitator may draw them again.
                "roles_left": any(m.role and not m.present for m in members),
                "card_started": bool(group.card_version),
                "matches": matches,
                "open": group_ids is not None or group.pk in open_ids,
            }
        )
    if (needle and len(rows) <= SEARCH_OPENS_AT_MOST) or (
        not needle and len(rows) <= ALL_OPEN_AT_MOST
    ):
        for row in rows:
            row["open"] = True
    for row in rows:
        # A group that needs the facilitator (a role holder left) is open, its form in view.
        row["open"] = row["open"] or row["roles_left"]
    _read_members([row for row in rows if row["open"]], item)
    return rows


def _read_members(rows: list[dict], item: ProgrammeItem) -> None:
    """The members of the open groups of `rows`, as model instances, in name order."""
    if not rows:
        return
    memberships = Membership.objects.filter(item=item).select_related("participant")
    if len(rows) <= OPEN_BY_ID_AT_MOST:
        memberships = memberships.filter(group_id__in=[row["group"].pk for row in rows])
    members_of: dict[int, list[Membership]] = {}
    for membership in memberships.order_by("participant__name", "pk"):
        members_of.setdefault(membership.group_id, []).append(membership)
    for row in rows:
        row["members"] = members_of.get(row["group"].pk, [])


def _manage_context(meeting, item, form=None, request=None):
    plan = GroupPlan.objects.filter(item=item).first()
    initial = {
        "strategy": plan.strategy if plan else GroupPlan.Strategy.MIXED,
        "target_size": plan.target_size if plan else 6,
        "late_joiners": plan.late_joiners if plan else GroupPlan.LateJoiners.PLACE,
    }
    query = request.GET.get("q", "")[:100] if request else ""
    open_ids = set(_ids(request.GET.get("open", ""))) if request else set()
    groups = _overview(item, query=query, open_ids=open_ids)
    group_count = len(groups) if not query else item.groups.count()
    return {
        "meeting": meeting,
        "item": item,
        "plan": plan,
        "form": form or FormGroupsForm(initial=initial),
        # "groups": whether the session has groups (the page's other parts ask); the rows
        # are those the overview shows (all, or those the search finds).
        "groups": group_count,
        "group_rows": groups,
        "group_count": group_count,
        "query": query,
        "search_closed": bool(query) and len(groups) > SEARCH_OPENS_AT_MOST,
        "maximum": plan.max_size if plan else None,
        **_numbers(item),
        "unplaced": domain.unplaced_participants(item),
        "earlier_sessions": meeting.items.filter(
            kind=ProgrammeItem.Kind.GROUP_SESSION, groups__isnull=False
        )
        .exclude(pk=item.pk)
        .distinct(),
        "now": timezone.now(),
    }


def _page_context(meeting, item, form=None, request=None):
    """The whole page: the overview and, beside it, what only the page has (the overview
    reloading itself does not read the roster again)."""
    context = _manage_context(meeting, item, form, request=request)
    missing = exports.members_without_email(item)
    context["missing_email_count"] = missing.count() if context["group_count"] else 0
    context["missing_email"] = (
        exports.roster(item, missing, limit=MISSING_EMAIL_SHOWN)
        if context["missing_email_count"]
        else []
    )
    return context


def _numbers(item: ProgrammeItem) -> dict:
    # Moving and placing take a group number, not a list of every group for every person:
    # that list made the page of 2,500 people in 500 groups 1.25 million options long.
    weights: dict[int, int] = {}
    for number, head_count in (
        Membership.objects.filter(item=item)
        .order_by()
        .values_list("group__number", "participant__head_count")
    ):
        weights[number] = weights.get(number, 0) + head_count
    return {
        "last_number": max(weights, default=0),
        "smallest_number": min(weights, key=lambda n: (weights[n], n)) if weights else None,
    }


def _groups_answer(request, meeting, item, group_ids, *, message="", status=200):
    """The groups of `group_ids` as they are now, each in its place on the page (move.js)."""
    context = {
        "meeting": meeting,
        "item": item,
        "group_rows": _overview(item, group_ids=group_ids, query=request.GET.get("q", "")[:100]),
        "maximum": _maximum(item),
        **_numbers(item),
        "message": message,
        "now": timezone.now(),
    }
    return render(request, "groups/_groups.html", context, status=status)


def _maximum(item):
    return GroupPlan.objects.filter(item=item).values_list("max_size", flat=True).first()


def _wants_groups(request) -> bool:
    """Asked by move.js, which puts the changed groups in place instead of reloading."""
    return request.headers.get("X-Samtale-Groups") == "1"


@facilitator_required
def manage(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    return render(request, "groups/manage.html", _page_context(meeting, item, request=request))


@facilitator_required
def overview(request, meeting, item_pk):
    item = _session(meeting, item_pk)
    if "groups" in request.GET:
        ids = _ids(request.GET["groups"])
        if len(ids) <= GROUPS_PER_FETCH:
            return _groups_answer(request, meeting, item, ids)
    return render(request, "groups/_overview.html", _manage_context(meeting, item, request=request))


def _back(meeting, item, open_ids=()):
    url = reverse("groups:manage", args=[meeting.pk, item.pk])
    if open_ids:
        url += "?open=" + ",".join(str(pk) for pk in open_ids)
    return redirect(url)


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
            request,
            "groups/manage.html",
            _page_context(meeting, item, form, request=request),
            status=400,
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


def _membership(item, pk):
    return get_object_or_404(
        Membership.objects.select_related("group", "participant"), pk=pk, item=item
    )


@require_POST
@facilitator_required
def move(request, meeting, item_pk):
    """Move a member to the group of a number. Asked by move.js, the answer is the two
    groups as they are now (or, into a full group, the choice of whom to swap with); from a
    plain form, the page again (or the swap page)."""
    item = _session(meeting, item_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, meeting, item, _("Choose a group by its number."))
    membership = _membership(item, form.cleaned_data["membership"])
    source_id = membership.group_id
    try:
        target = _group_numbered(item, form.cleaned_data["group"])
        domain.membership_move(membership=membership, group=target)
    except domain.GroupFull as full:
        if _wants_groups(request):
            return _swap_choice(request, meeting, item, membership, full.group, str(full), 409)
        messages.error(request, str(full))
        url = reverse("groups:swap", args=[meeting.pk, item.pk])
        return redirect(f"{url}?membership={membership.pk}&group={full.group.number}")
    except domain.GroupError as error:
        return _refused(request, meeting, item, str(error), open_ids=[source_id])
    message = _("%(name)s is now in %(group)s.") % {
        "name": membership.participant.name,
        "group": target.name,
    }
    return _done(request, meeting, item, [target.pk, source_id], message)


def _refused(request, meeting, item, message, open_ids=()):
    if _wants_groups(request):
        return _groups_answer(request, meeting, item, [], message=message, status=400)
    messages.error(request, message)
    return _back(meeting, item, open_ids)


def _done(request, meeting, item, group_ids, message):
    if _wants_groups(request):
        return _groups_answer(request, meeting, item, group_ids, message=message)
    messages.success(request, message)
    return _back(meeting, item, group_ids)


def _swap_choice(request, meeting, item, membership, group, reason, status=200):
    context = {
        "meeting": meeting,
        "item": item,
        "membership": membership,
        "target": group,
        "reason": reason,
        "others": group.memberships.select_related("participant").order_by(
            "participant__name", "pk"
        ),
    }
    template = "groups/_swap.html" if _wants_groups(request) else "groups/swap.html"
    return render(request, template, context, status=status)


@facilitator_required
def swap(request, meeting, item_pk):
    """Swap a member with one of another group: the way into a full group. GET: whom to swap
    with (the page a plain form is sent to when the group is full); POST: the swap."""
    item = _session(meeting, item_pk)
    if request.method == "POST":
        form = SwapForm(request.POST)
        if not form.is_valid():
            return _refused(request, meeting, item, _("Choose whom to swap with."))
        membership = _membership(item, form.cleaned_data["membership"])
        other = _membership(item, form.cleaned_data["other"])
        groups = [membership.group_id, other.group_id]
        try:
            domain.membership_swap(membership=membership, other=other)
        except domain.GroupError as error:
            return _refused(request, meeting, item, str(error), open_ids=groups)
        message = _("%(name)s and %(other)s have swapped groups.") % {
            "name": membership.participant.name,
            "other": other.participant.name,
        }
        return _done(request, meeting, item, groups, message)
    form = MoveForm(request.GET)
    if not form.is_valid():
        return _back(meeting, item)
    membership = _membership(item, form.cleaned_data["membership"])
    group = get_object_or_404(item.groups, number=form.cleaned_data["group"])
    return _swap_choice(request, meeting, item, membership, group, reason="")


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
        content_type = XLSX_CONTENT_TYPE
        name = f"{stem}.xlsx"
    else:
        raise Http404
    return attachment(content, content_type, name)


# --- Participant: the group page -----------------------------------------------------------


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
    membership = domain.membership_now(participant)
    context = _panel_context(request, meeting, participant, membership)
    # Read once per programme state for every member: a session's start sends them all here.
    context["state"] = shared_programme(meeting).state_now()
    return render(request, "groups/page.html", context)


def _panel(request, meeting, participant, error=None):
    membership = domain.membership_now(participant)
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
    membership = domain.membership_now(participant)
    form = RoleForm(request.POST)
    if membership is None or not form.is_valid():
        return _after(request, meeting, participant, _("You are not in a group yet."))
    with refusal_caught() as refusal:
        domain.role_take(membership=membership, role=form.cleaned_data["role"])
    return _after(request, meeting, participant, refusal.message)


def _driven_round(request, meeting, participant):
    membership = domain.membership_now(participant)
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
