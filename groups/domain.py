"""Dialogue groups: forming them, roles, and the rekkefremlegg rounds a timekeeper drives.

Members hear that their group changed on their own audience (a ping per member, coalesced
per group), so a socket opened before the groups existed still hears it; their panel
reloads itself.
"""

import random
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import DomainError
from groups import formation
from groups.models import ROLE_EXPLANATIONS, Group, GroupPlan, Membership, Role, Round
from live.events import GROUP_STALE, GROUPS_STALE
from live.publish import EVERYONE, FACILITATORS, participant_audience, publish
from meetings.models import ProgrammeItem
from participants.models import Participant
from wall.domain import cards_create

MAX_SPEAKER_SECONDS = 15 * 60
MAX_PHASE_SECONDS = 60 * 60


class GroupError(DomainError):
    """A group action that cannot be done; the message is for the person who tried."""


FORMATION_MESSAGES = {
    "too_few": lambda: _("There are too few participants present for groups of that size."),
    "bad_sizes": lambda: _(
        "Choose sizes between 2 and 100, with the smallest group no larger than the group size "
        "and the largest no smaller."
    ),
}


def _require_group_session(item: ProgrammeItem) -> None:
    if item.kind != ProgrammeItem.Kind.GROUP_SESSION:
        raise GroupError(_("Groups belong to a group session."))


def _unit(participant: Participant) -> formation.Unit:
    return _unit_of(
        participant.pk,
        participant.organisation,
        participant.county.number if participant.county_id else None,
        participant.head_count,
        participant.is_local_site,
    )


# What _unit_of needs of a member, read as plain values: the late joiner's placement reads
# every member of the session on each join, and model instances made that ten times slower.
UNIT_FIELDS = (
    "participant_id",
    "participant__organisation",
    "participant__county__number",
    "participant__head_count",
    "participant__is_local_site",
)


def _unit_of(
    pk: int, organisation: str, county: str | None, head_count: int, is_local_site: bool
) -> formation.Unit:
    return formation.Unit(
        id=pk,
        organisation=organisation.casefold(),
        county=county or "",
        weight=max(1, head_count),
        is_local_site=is_local_site,
    )


def _present(item: ProgrammeItem):
    return item.meeting.participants.filter(left_at__isnull=True).select_related("county")


# --- Forming ------------------------------------------------------------------------------


def groups_form(
    *,
    item: ProgrammeItem,
    strategy: str,
    target_size: int,
    min_size: int | None = None,
    max_size: int | None = None,
    seed: int | None = None,
    late_joiners: str = GroupPlan.LateJoiners.PLACE,
) -> list[Group]:
    """Form the groups of `item` from the participants present, replacing any earlier ones.

    The same participants, strategy, sizes and seed always give the same groups.
    """
    _require_group_session(item)
    try:
        sizes = formation.sizes_for(target_size, minimum=min_size, maximum=max_size)
    except formation.FormationError as error:
        raise GroupError(FORMATION_MESSAGES[error.code]()) from error
    if seed is None:
        seed = random.SystemRandom().randrange(1, 1_000_000)
    participants = list(_present(item).order_by("id"))
    try:
        placed = formation.form_groups(
            [_unit(p) for p in participants], formation.Strategy(strategy), sizes, seed
        )
    except formation.FormationError as error:
        raise GroupError(FORMATION_MESSAGES[error.code]()) from error
    with transaction.atomic():
        GroupPlan.objects.update_or_create(
            item=item,
            defaults={
                "strategy": strategy,
                "target_size": sizes.target,
                "min_size": sizes.minimum,
                "max_size": sizes.maximum,
                "seed": seed,
                "late_joiners": late_joiners,
                "reused_from": None,
                "formed_at": timezone.now(),
            },
        )
        groups = _replace_groups(item, [[unit.id for unit in members] for members in placed])
        _groups_changed(item, formed=True)
    return groups


def groups_reuse(*, item: ProgrammeItem, source: ProgrammeItem) -> list[Group]:
    """Give `item` the groups of an earlier session; people who left are left out."""
    _require_group_session(item)
    if source.meeting_id != item.meeting_id or source.pk == item.pk:
        raise GroupError(_("Choose another group session of this meeting."))
    present_by_group: dict[int, list[int]] = {}
    for group_id, participant_id in (
        Membership.objects.filter(item=source, participant__left_at__isnull=True)
        .order_by("group__number", "participant__organisation", "participant__name", "id")
        .values_list("group_id", "participant_id")
    ):
        present_by_group.setdefault(group_id, []).append(participant_id)
    members = list(present_by_group.values())  # a group nobody is left in is not reused
    if not members:
        raise GroupError(_("That session has no groups to reuse."))
    source_plan = GroupPlan.objects.filter(item=source).first()
    with transaction.atomic():
        GroupPlan.objects.update_or_create(
            item=item,
            defaults={
                "strategy": source_plan.strategy if source_plan else GroupPlan.Strategy.MIXED,
                "target_size": source_plan.target_size if source_plan else 6,
                "min_size": source_plan.min_size if source_plan else 4,
                "max_size": source_plan.max_size if source_plan else 7,
                "seed": source_plan.seed if source_plan else 0,
                "late_joiners": source_plan.late_joiners
                if source_plan
                else GroupPlan.LateJoiners.PLACE,
                "reused_from": source,
                "formed_at": timezone.now(),
            },
        )
        groups = _replace_groups(item, members)
        _groups_changed(item, formed=True)
    return groups


def _replace_groups(item: ProgrammeItem, members: list[list[int]]) -> list[Group]:
    item.groups.all().delete()
    groups = Group.objects.bulk_create(
        Group(item=item, number=number) for number in range(1, len(members) + 1)
    )
    Membership.objects.bulk_create(
        Membership(group=group, item=item, participant_id=participant_id)
        for group, ids in zip(groups, members, strict=True)
        for participant_id in ids
    )
    cards_create(groups)
    return groups


def group_weight(group: Group) -> int:
    return sum(m.participant.head_count for m in group.memberships.select_related("participant"))


def _maximum(item_id: int) -> int | None:
    plan = GroupPlan.objects.filter(item_id=item_id).first()
    return plan.max_size if plan else None


def _full(group: Group, maximum: int) -> GroupError:
    return GroupError(
        _("%(group)s is full (at most %(max)d people).") % {"group": group.name, "max": maximum}
    )


class GroupFull(GroupError):
    """A move into a group at its maximum: the facilitator may swap with one of its members."""

    def __init__(self, message: str, *, group: Group):
        super().__init__(message)
        self.group = group


def membership_move(*, membership: Membership, group: Group) -> Membership:
    """Move a member to another group of the same session, if it has room (GroupFull if not:
    a swap with one of its members, membership_swap, keeps it at its size)."""
    if group.item_id != membership.item_id:
        raise GroupError(_("A member can only move to a group of the same session."))
    if group.pk == membership.group_id:
        return membership
    maximum = _maximum(group.item_id)
    with transaction.atomic():
        target = Group.objects.select_for_update().get(pk=group.pk)
        if maximum and group_weight(target) + membership.participant.head_count > maximum:
            raise GroupFull(str(_full(target, maximum)), group=target)
        source = membership.group
        membership.group = target
        membership.role = ""  # a role belongs to the group the person leaves
        membership.save(update_fields=["group", "role"])
        if not source.memberships.exists():
            source.delete()  # never an empty group
            _groups_changed(group.item)  # one group fewer: the whole overview
        _group_changed(target)
        if source.pk is not None:
            _group_changed(source)
    return membership


def membership_swap(*, membership: Membership, other: Membership) -> tuple[Membership, Membership]:
    """Swap two members of different groups of the same session: the way into a full group.

    Both give up their roles (a role belongs to the group one leaves). Refused when a local
    site of several people would push either group past its maximum.
    """
    if other.item_id != membership.item_id:
        raise GroupError(_("A member can only move to a group of the same session."))
    if other.group_id == membership.group_id:
        raise GroupError(_("They are in the same group already."))
    maximum = _maximum(membership.item_id)
    with transaction.atomic():
        # Locked in the order of their ids, so two swaps at once cannot wait on each other.
        groups = {
            g.pk: g
            for g in Group.objects.select_for_update()
            .filter(pk__in=[membership.group_id, other.group_id])
            .order_by("pk")
        }
        first, second = groups[membership.group_id], groups[other.group_id]
        difference = membership.participant.head_count - other.participant.head_count
        if maximum and difference > 0 and group_weight(second) + difference > maximum:
            raise _full(second, maximum)
        if maximum and difference < 0 and group_weight(first) - difference > maximum:
            raise _full(first, maximum)
        membership.group, other.group = second, first
        membership.role = other.role = ""
        Membership.objects.bulk_update([membership, other], ["group", "role"])
        _group_changed(first)
        _group_changed(second)
    return membership, other


def participant_place_late(*, participant: Participant) -> list[Membership]:
    """Put someone who joins once groups are formed into the smallest suitable group of every
    session that says so: the one running now and those whose groups are formed ahead.

    Where they wait instead (the plan says so, or every group is full), the facilitators'
    groups page hears of it, so the person shows among those waiting without a reload.
    """
    sessions = ProgrammeItem.objects.filter(
        meeting_id=participant.meeting_id,
        kind=ProgrammeItem.Kind.GROUP_SESSION,
        status__in=[ProgrammeItem.Status.RUNNING, ProgrammeItem.Status.PENDING],
        group_plan__isnull=False,
    ).select_related("meeting", "group_plan")
    placed = []
    for item in sessions:
        memberships = []
        if item.group_plan.late_joiners == GroupPlan.LateJoiners.PLACE:
            memberships = _place_in_smallest(item, [participant])
        if memberships:
            placed += memberships
        else:
            _groups_changed(item)
    return placed


def session_place_waiting(*, item: ProgrammeItem) -> list[Membership]:
    """When a session starts, place those still waiting for a group, if its plan says so:
    people who joined before its groups were formed ahead, or while it said "wait"."""
    plan = GroupPlan.objects.filter(item=item).first()
    if plan is None or plan.late_joiners != GroupPlan.LateJoiners.PLACE:
        return []
    placed = _place_in_smallest(item, list(unplaced_participants(item).order_by("joined_at", "pk")))
    if placed:
        _groups_changed(item)  # the facilitators' waiting list is shorter
    return placed


def _place_in_smallest(item: ProgrammeItem, participants: list[Participant]) -> list[Membership]:
    """Each of `participants`, in turn, into the smallest suitable group of `item`; those
    no group has room for stay unplaced (the facilitator places them by hand)."""
    groups = list(item.groups.all())
    if not groups or not participants:
        return []
    plan = item.group_plan
    # Read by the session, not prefetched by the members' ids (see memberships_by_group).
    members: dict[int, list[formation.Unit]] = {group.pk: [] for group in groups}
    rows = Membership.objects.filter(item=item).order_by().values_list("group_id", *UNIT_FIELDS)
    for group_id, *fields in rows:
        members[group_id].append(_unit_of(*fields))
    current = list(members.values())
    sizes = formation.Sizes(plan.target_size, plan.min_size, plan.max_size)
    placed, changed = [], {}
    with transaction.atomic():
        for participant in participants:
            unit = _unit(participant)
            index = formation.place_late_joiner(current, unit, sizes)
            if index is None:
                continue
            try:
                with transaction.atomic():
                    membership = Membership.objects.create(
                        group=groups[index], item=item, participant=participant
                    )
            except IntegrityError:
                continue  # placed meanwhile, by the facilitator or another start
            current[index].append(unit)
            placed.append(membership)
            changed[groups[index].pk] = groups[index]
        for group in changed.values():
            _group_changed(group)
    return placed


def participant_gone(*, participant: Participant) -> None:
    """Someone left the meeting: the pages of the groups they are in show it, and a role
    they held shows as free to take."""
    _groups_of_changed(participant)


def participant_back(*, participant: Participant) -> None:
    """Someone who had closed every page is back: in the groups they were in, as before
    (a role someone else took meanwhile stays with them)."""
    _groups_of_changed(participant)


def _groups_of_changed(participant: Participant) -> None:
    live_sessions = [ProgrammeItem.Status.RUNNING, ProgrammeItem.Status.PENDING]
    for group in Group.objects.filter(
        memberships__participant=participant, item__status__in=live_sessions
    ).select_related("item"):
        _group_changed(group)


def unplaced_participants(item: ProgrammeItem):
    """Present participants without a group in this session."""
    placed = Membership.objects.filter(item=item).values("participant_id")
    return _present(item).exclude(pk__in=placed)


def membership_add(*, participant: Participant, group: Group) -> Membership:
    """Place a participant who has no group yet (a late joiner who waited)."""
    if participant.meeting_id != group.item.meeting_id:
        raise GroupError(_("That person is not in this meeting."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, item=group.item, participant=participant
            )
            _group_changed(group)
            _groups_changed(group.item)  # one fewer waiting
    except IntegrityError as error:
        raise GroupError(_("That person already has a group in this session.")) from error
    return membership


# --- Roles --------------------------------------------------------------------------------


def role_take(*, membership: Membership, role: str) -> Membership:
    """Give a member a role (or none, with role ""); a role is held by one member at a time."""
    if role and role not in Role.values:
        raise GroupError(_("Unknown role."))
    if role:
        _require_running(membership.group)  # giving a role up is always possible
    try:
        with transaction.atomic():
            if role:
                # A role whose holder has left the meeting is free: anyone present takes it.
                membership.group.memberships.filter(
                    role=role, participant__left_at__isnull=False
                ).update(role="")
            membership.role = role
            membership.save(update_fields=["role"])
            _group_changed(membership.group)
    except IntegrityError as error:
        holder = membership.group.memberships.filter(role=role).select_related("participant")
        name = holder[0].participant.name if holder else ""
        raise GroupError(
            _("%(name)s is already %(role)s in this group.")
            % {"name": name, "role": Role(role).label.lower()}
        ) from error
    return membership


def roles_assign(*, item: ProgrammeItem, rotate: bool, seed: int | None = None) -> None:
    """Give every group a moderator, a timekeeper and a note-taker, from those present.

    Rotating avoids giving anyone a role they had in an earlier session of the meeting,
    and gives people with fewer earlier roles the first turn, when the group allows it.
    """
    rng = random.Random(seed)
    earlier = _earlier_roles(item) if rotate else {}
    with transaction.atomic():
        Membership.objects.filter(item=item).update(role="")
        members_of = memberships_by_group(item, "participant")
        for group in item.groups.all():
            _draw_roles(members_of.get(group.pk, []), rng, earlier)
            _group_changed(group)
        _groups_changed(item)


def roles_redraw(*, group: Group, seed: int | None = None) -> None:
    """Draw the roles of one group again, from those present: for a group whose role
    holders have left, without touching the roles the other groups have settled."""
    with transaction.atomic():
        members = list(group.memberships.select_related("participant"))
        for member in members:
            member.role = ""
        Membership.objects.bulk_update(members, ["role"])
        _draw_roles(members, random.Random(seed), {})
        _group_changed(group)


def _earlier_roles(item: ProgrammeItem) -> dict[int, Counter]:
    earlier: dict[int, Counter] = {}
    earlier_sessions = Membership.objects.filter(
        item__meeting_id=item.meeting_id, item__position__lt=item.position
    )
    for participant_id, role in earlier_sessions.exclude(role="").values_list(
        "participant_id", "role"
    ):
        earlier.setdefault(participant_id, Counter())[role] += 1
    return earlier


def _draw_roles(members: list[Membership], rng: random.Random, earlier: dict) -> None:
    """A role each for up to three of `members`, never for one who has left; saved."""
    present = [m for m in members if m.participant.left_at is None]
    rng.shuffle(present)
    chosen: list[Membership] = []
    for role in Role.values:
        candidates = [m for m in present if m not in chosen]
        if not candidates:
            break
        if earlier:
            candidates.sort(
                key=lambda m: (
                    earlier.get(m.participant_id, Counter())[role],
                    sum(earlier.get(m.participant_id, Counter()).values()),
                )
            )
        member = candidates[0]
        member.role = role
        chosen.append(member)
    Membership.objects.bulk_update(chosen, ["role"])


# --- Rounds (rekkefremlegg) ---------------------------------------------------------------


def _require_running(group: Group) -> None:
    # Asked of the database, not of a possibly stale `group.item`.
    if not ProgrammeItem.objects.filter(
        pk=group.item_id, status=ProgrammeItem.Status.RUNNING
    ).exists():
        raise GroupError(_("The group session is not running, so group work has stopped."))


def may_drive_rounds(*, membership: Membership | None, is_facilitator: bool) -> bool:
    return is_facilitator or (membership is not None and membership.role == Role.TIMEKEEPER)


def round_start(
    *,
    group: Group,
    question_numbers: list[int],
    shuffle: bool = False,
    speaker_seconds: int = 120,
    dialogue_seconds: int = 300,
    summary_seconds: int = 180,
    seed: int | None = None,
) -> Round:
    """Start a new round on some of the session's questions: each member speaks in turn."""
    _require_running(group)
    question_count = group.item.questions.count()
    if not question_numbers or any(not 1 <= n <= question_count for n in question_numbers):
        raise GroupError(_("Choose at least one of the session's questions."))
    for seconds, limit in (
        (speaker_seconds, MAX_SPEAKER_SECONDS),
        (dialogue_seconds, MAX_PHASE_SECONDS),
        (summary_seconds, MAX_PHASE_SECONDS),
    ):
        if not 0 < seconds <= limit:
            raise GroupError(_("Choose times between 1 second and 60 minutes."))
    order = list(
        group.memberships.filter(participant__left_at__isnull=True)
        .order_by("participant__name", "id")
        .values_list("participant_id", flat=True)
    )
    if not order:
        raise GroupError(_("Nobody in the group is present."))
    if shuffle:
        random.Random(seed).shuffle(order)
    with transaction.atomic():
        Round.objects.filter(group=group).exclude(phase=Round.Phase.DONE).update(
            phase=Round.Phase.DONE
        )
        number = (
            group.rounds.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        current = Round.objects.create(
            group=group,
            number=number,
            question_numbers=sorted(set(question_numbers)),
            speaking_order=order,
            speaker_seconds=speaker_seconds,
            dialogue_seconds=dialogue_seconds,
            summary_seconds=summary_seconds,
            phase=Round.Phase.SPEAKING,
            turn=0,
            phase_started_at=timezone.now(),
            phase_seconds=speaker_seconds,
        )
        _group_changed(group)
    return current


def _locked_round(current: Round) -> Round:
    return Round.objects.select_for_update().select_related("group__item").get(pk=current.pk)


def round_pass(*, current: Round, expected_turn: tuple[str, int] | None = None) -> Round:
    """Pass the word on: to the next speaker, then to open dialogue, summary, done."""
    with transaction.atomic():
        current = _locked_round(current)
        _require_running(current.group)
        if expected_turn is not None and expected_turn != (current.phase, current.turn):
            return current  # somebody already passed it on: one press, one step
        now = timezone.now()
        following = _next_present_turn(current)
        if current.phase == Round.Phase.SPEAKING and following is not None:
            current.turn = following
            current.phase_seconds = current.speaker_seconds
        elif current.phase == Round.Phase.SPEAKING:
            current.phase, current.phase_seconds = Round.Phase.DIALOGUE, current.dialogue_seconds
        elif current.phase == Round.Phase.DIALOGUE:
            current.phase, current.phase_seconds = Round.Phase.SUMMARY, current.summary_seconds
        else:
            current.phase, current.phase_seconds = Round.Phase.DONE, 0
        current.phase_started_at = now
        current.paused_remaining = None
        current.save()
        _group_changed(current.group)
    return current


def _next_present_turn(current: Round) -> int | None:
    """The next turn in the speaking order whose speaker is still in the meeting: one who
    left since the round began is passed over, not waited for."""
    later = current.speaking_order[current.turn + 1 :]
    if not later:
        return None
    gone = set(
        Participant.objects.filter(pk__in=later, left_at__isnull=False).values_list("pk", flat=True)
    )
    for offset, participant_id in enumerate(later, start=current.turn + 1):
        if participant_id not in gone:
            return offset
    return None


def round_pause(*, current: Round) -> Round:
    with transaction.atomic():
        current = _locked_round(current)
        _require_running(current.group)
        if current.paused_remaining is None and current.phase != Round.Phase.DONE:
            current.paused_remaining = max(0, round(_seconds_left(current)))
            current.save(update_fields=["paused_remaining"])
            _group_changed(current.group)
    return current


def round_resume(*, current: Round) -> Round:
    with transaction.atomic():
        current = _locked_round(current)
        _require_running(current.group)
        if current.paused_remaining is not None:
            current.phase_started_at = timezone.now()
            current.phase_seconds = current.paused_remaining
            current.paused_remaining = None
            current.save(update_fields=["phase_started_at", "phase_seconds", "paused_remaining"])
            _group_changed(current.group)
    return current


def round_add_time(*, current: Round, seconds: int) -> Round:
    if not 0 < seconds <= MAX_SPEAKER_SECONDS:
        raise GroupError(_("Add between 1 second and 15 minutes."))
    with transaction.atomic():
        current = _locked_round(current)
        _require_running(current.group)
        if current.paused_remaining is not None:
            current.paused_remaining += seconds
        else:
            current.phase_seconds += seconds
        current.save(update_fields=["paused_remaining", "phase_seconds"])
        _group_changed(current.group)
    return current


def _seconds_left(current: Round) -> float:
    if current.paused_remaining is not None:
        return current.paused_remaining
    return (current.ends_at - timezone.now()).total_seconds()


# --- Reading and publishing ---------------------------------------------------------------


def memberships_by_group(item: ProgrammeItem, *related: str) -> dict[int, list[Membership]]:
    """The members of every group of `item` by group id, in one query; `related` as for
    select_related.

    Read by the session rather than prefetched by a list of the groups' or members' ids: on
    SQLite, Django 5.2 prefetches a foreign key with one `OR` per row, which SQLite refuses
    past a thousand (its maximum expression depth), and the query would grow with the meeting.
    """
    members: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(item=item).select_related(*related):
        members.setdefault(membership.group_id, []).append(membership)
    return members


def latest_rounds(item: ProgrammeItem) -> dict[int, Round]:
    """The latest round of every group of `item` that has one, by group id, in one query."""
    rounds = Round.objects.filter(group__item=item).order_by("group_id", "number")
    return {current.group_id: current for current in rounds}


def current_round(group: Group) -> Round | None:
    return group.rounds.order_by("-number").first()


def group_of(participant: Participant, item: ProgrammeItem | None) -> Membership | None:
    if item is None:
        return None
    return (
        Membership.objects.filter(item=item, participant=participant)
        .select_related("group__item")
        .first()
    )


def membership_now(participant: Participant | int, *related: str) -> Membership | None:
    """The person's group in the running session, or else in the latest session they were in.

    `participant`: the person or their id. `related`: more relations to fetch in the same
    query (as for select_related).
    """
    running = (
        Membership.objects.filter(
            participant=participant, item__status=ProgrammeItem.Status.RUNNING
        )
        .select_related("group__item", *related)
        .first()
    )
    if running is not None:
        return running
    return (
        Membership.objects.filter(participant=participant)
        .select_related("group__item", *related)
        .order_by("-item__position")
        .first()
    )


def group_state(group: Group) -> dict:
    """What every member's page shows: members and roles, and the round with its timer."""
    memberships = list(group.memberships.select_related("participant"))
    names = {m.participant_id: m.participant.name for m in memberships}
    current = current_round(group)
    round_state = None
    if current is not None:
        ends = current.ends_at
        speaking = current.phase == Round.Phase.SPEAKING
        order = current.speaking_order
        round_state = {
            "number": current.number,
            "questions": current.question_numbers,
            "order": [{"id": pid, "name": names.get(pid, "–")} for pid in order],
            "phase": current.phase,
            "turn": current.turn,
            "speaker": names.get(order[current.turn]) if speaking else None,
            "next_speaker": names.get(order[current.turn + 1])
            if speaking and current.turn + 1 < len(order)
            else None,
            "ends_at": ends.isoformat(),
            "paused_remaining": current.paused_remaining,
            "speaker_seconds": current.speaker_seconds,
        }
    return {
        "group": group.pk,
        "name": group.name,
        "server_now": timezone.now().isoformat(),
        "members": [
            {
                "id": m.participant_id,
                "name": m.participant.name,
                "organisation": m.participant.organisation,
                "role": m.role,
                "present": m.participant.left_at is None,
            }
            for m in memberships
        ],
        "round": round_state,
    }


def role_explanations() -> list[tuple[str, str, str]]:
    return [(role.value, str(role.label), str(ROLE_EXPLANATIONS[role])) for role in Role]


def _group_changed(group: Group) -> None:
    """Ping the group's members and the facilitators: the members' panels reload, and the
    facilitators' overview fetches that group alone (one key per group, so a burst of
    changes to several groups in one tick names each of them)."""
    members = group.memberships.values_list("participant_id", flat=True)
    publish(
        group.item.meeting_id,
        GROUP_STALE,
        {"group": group.pk},
        audience=[participant_audience(pid) for pid in members],
        key=f"{GROUP_STALE}:{group.pk}",
    )
    publish(
        group.item.meeting_id,
        GROUPS_STALE,
        {"item": group.item_id, "group": group.pk},
        audience=FACILITATORS,
        key=f"{GROUPS_STALE}:{group.item_id}:{group.pk}",
    )


def _groups_changed(item: ProgrammeItem, formed: bool = False) -> None:
    """The session's groups as a whole changed (formed, one fewer, the waiting list): the
    whole overview reloads. Once groups are formed, everyone's group panel reloads too, to
    find their group."""
    publish(
        item.meeting_id,
        GROUPS_STALE,
        {"item": item.pk},
        audience=EVERYONE if formed else FACILITATORS,
        # Its own key when formed: a facilitators' ping in the same tick must not replace it.
        key=f"{GROUPS_STALE}:{item.pk}" + (":all" if formed else ""),
    )
