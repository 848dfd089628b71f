"""Report-back in plenary: the facilitator picks groups, orders them and gives each a time;
the wall shows their cards one by one, large, on every screen.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from live.events import REPORTBACK_STATE
from live.publish import InLanguages, languages_heard, publish
from meetings.models import ProgrammeItem
from wall.domain import CardError, card_html
from wall.models import Card, ReportSlot

MAX_SECONDS = 30 * 60


def report_source(item: ProgrammeItem) -> ProgrammeItem | None:
    """The group session a report-back is about: the latest one before it with groups."""
    return (
        item.meeting.items.filter(
            kind=ProgrammeItem.Kind.GROUP_SESSION, position__lte=item.position, groups__isnull=False
        )
        .order_by("-position", "-id")
        .distinct()
        .first()
    )


def _require_report_back(item: ProgrammeItem) -> ProgrammeItem:
    if item.kind != ProgrammeItem.Kind.REPORT_BACK:
        raise CardError(_("Groups report back in a report-back item."))
    source = report_source(item)
    if source is None:
        raise CardError(_("There are no groups yet in a session before this report-back."))
    return source


def _check_seconds(seconds: int) -> None:
    if not 10 <= seconds <= MAX_SECONDS:
        raise CardError(_("Give each group between 10 seconds and 30 minutes."))


def report_pick(
    *, item: ProgrammeItem, group_numbers: list[int], seconds: int = 120
) -> list[ReportSlot]:
    """Add the groups with these numbers, in this order, after those already chosen."""
    source = _require_report_back(item)
    _check_seconds(seconds)
    groups = {g.number: g for g in source.groups.filter(number__in=group_numbers)}
    if len(groups) != len(set(group_numbers)):
        raise CardError(_("There is no such group."))
    with transaction.atomic():
        chosen = set(item.report_slots.values_list("group__number", flat=True))
        last = item.report_slots.aggregate(last=Max("position"))["last"] or 0
        slots = []
        for number in group_numbers:
            if number in chosen:
                continue
            last += 1
            chosen.add(number)
            slots.append(
                ReportSlot.objects.create(
                    item=item, group=groups[number], position=last, seconds=seconds
                )
            )
        _report_changed(item)
    return slots


def report_pick_random(
    *, item: ProgrammeItem, count: int, seconds: int = 120, seed: int | None = None
) -> list[ReportSlot]:
    """Add `count` groups at random among those that have a card on the wall and have not
    reported in this meeting: a group with nothing written has nothing to present."""
    source = _require_report_back(item)
    if count < 1:
        raise CardError(_("Choose at least one group."))
    reported = set(
        ReportSlot.objects.filter(item__meeting_id=item.meeting_id).values_list(
            "group__number", flat=True
        )
    )
    with_cards = source.groups.filter(card__version__gt=0, card__hidden=False)
    candidates = [n for n in with_cards.values_list("number", flat=True) if n not in reported]
    if not candidates:
        if with_cards.exists():
            raise CardError(_("Every group has already reported back in this meeting."))
        raise CardError(_("No group has a card on the wall yet."))
    picked = random.Random(seed).sample(candidates, min(count, len(candidates)))
    return report_pick(item=item, group_numbers=picked, seconds=seconds)


def report_move(*, slot: ReportSlot, offset: int) -> None:
    with transaction.atomic():
        slots = list(ReportSlot.objects.select_for_update().filter(item_id=slot.item_id))
        index = next(i for i, other in enumerate(slots) if other.pk == slot.pk)
        target = index + offset
        if 0 <= target < len(slots):
            slots[index], slots[target] = slots[target], slots[index]
            for position, other in enumerate(slots, start=1):
                if other.position != position:
                    other.position = position
                    other.save(update_fields=["position"])
        _report_changed(slot.item)


def report_remove(*, slot: ReportSlot) -> None:
    item = slot.item
    with transaction.atomic():
        slot.delete()
        _report_changed(item)


def report_set_time(*, slot: ReportSlot, seconds: int) -> ReportSlot:
    _check_seconds(seconds)
    with transaction.atomic():
        slot.seconds = seconds
        slot.save(update_fields=["seconds"])
        _report_changed(slot.item)
    return slot


def report_next(*, item: ProgrammeItem) -> ReportSlot | None:
    """The current group is done; the next one in the order starts now."""
    with transaction.atomic():
        slots = list(ReportSlot.objects.select_for_update().filter(item=item))
        for slot in slots:
            if slot.started_at and not slot.done:
                slot.done = True
                slot.save(update_fields=["done"])
        following = next((s for s in slots if s.started_at is None), None)
        if following is not None:
            following.started_at = timezone.now()
            following.save(update_fields=["started_at"])
        _report_changed(item)
    return following


def report_started(*, item: ProgrammeItem) -> None:
    """The programme has moved to this report-back: every page that follows the programme
    is told where it stands (none presenting yet, or the order already under way)."""
    _report_changed(item)


def report_states(item: ProgrammeItem, languages: list[str]) -> dict[str, dict]:
    """What every screen shows, in each of `languages`: the presenting group's card large,
    its time and who is next, or that every group chosen has reported (`finished`). Read
    once, and rendered once per language."""
    slots = list(item.report_slots.select_related("group"))
    current = next((s for s in slots if s.started_at and not s.done), None)
    following = next((s for s in slots if s.started_at is None), None)
    card = pictures = None
    if current is not None:
        card = (
            Card.objects.filter(group=current.group, version__gt=0, hidden=False)
            .select_related("group")
            .first()
        )
        pictures = list(card.images.all()) if card else None
    now = timezone.now().isoformat()
    states = {}
    for language in languages:
        with translation.override(language):
            state = {
                "item": item.pk,
                "server_now": now,
                "current": None,
                "next": following.group.name if following else None,
                "left": sum(1 for s in slots if s.started_at is None),
                "finished": bool(slots) and all(s.done for s in slots),
            }
            if current is not None:
                ends_at = current.started_at + timedelta(seconds=current.seconds)
                state["current"] = {
                    "group": current.group.name,
                    "ends_at": ends_at.isoformat(),
                    "html": card_html(card, show_names=False, language=language, pictures=pictures)
                    if card
                    else "",
                }
        states[language] = state
    return states


def report_state(item: ProgrammeItem, language: str | None = None) -> dict:
    """The report-back's state in `language` (by default the active one, as a page's)."""
    language = language or translation.get_language()
    return report_states(item, [language])[language]


def _report_changed(item: ProgrammeItem) -> None:
    item = ProgrammeItem.objects.select_related("meeting").get(pk=item.pk)
    languages = languages_heard(item.meeting_id, item.meeting.language)
    publish(
        item.meeting_id,
        REPORTBACK_STATE,
        InLanguages(report_states(item, languages)),
        key=f"{REPORTBACK_STATE}:{item.pk}",
    )
