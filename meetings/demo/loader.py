"""Run a demo meeting from its material, from the first join to the end, and date it.

Everything happens through the domain functions a facilitator's and the participants'
clicks call — joining, starting and advancing the programme, forming groups, taking roles,
saving cards, adding pictures, moderating, reporting back, ending — so the finished
meeting is what samtale itself makes of such a day. Those functions stamp the time they
run at; afterwards every stamp is moved to the meeting's own day and clock, following the
material's timings. Seeded throughout: the same material gives the same meeting.

Loading again replaces the earlier copy (found by its fixed code), pictures and all.
"""

import functools
import random
from dataclasses import dataclass, field
from datetime import date as date_type
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from groups.domain import groups_form, roles_assign
from groups.models import Group, GroupPlan, Membership, Role
from meetings.demo import pictures
from meetings.demo.people import FAMILY_NAMES, FIRST_NAMES
from meetings.domain import (
    announcement_post,
    item_extend,
    item_skip,
    meeting_by_code,
    meeting_end,
    meeting_start,
    programme_advance,
    recording_set,
)
from meetings.management.commands.load_reference_meeting import build_meeting, check_programme
from meetings.models import Meeting, ProgrammeItem
from participants.domain import participant_join, participant_leave
from participants.models import Participant
from register.domain import organisation_resolve
from wall.domain import card_for, card_image_add, card_moderate, card_save, wall_lock, wall_share
from wall.models import Card, CardImage
from wall.report_back import report_next, report_pick

# Fields set on the meeting only where its model has them (added as the model grows).
OPTIONAL_MEETING_FIELDS = ("organised_by", "recording_url", "summary")


def minutes_seconds(value: str) -> timedelta:
    minutes, _, seconds = value.partition(":")
    return timedelta(minutes=int(minutes), seconds=int(seconds or 0))


def meeting_day(today: date_type, days_ago: int) -> date_type:
    """`days_ago` days before `today`, moved back to the Friday before if on a weekend."""
    day = today - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def meeting_fields_present() -> set[str]:
    names = {f.name for f in Meeting._meta.get_fields()}
    return {name for name in OPTIONAL_MEETING_FIELDS if name in names}


def finished_meeting_remove(*, code: str) -> bool:
    """Delete the demo meeting with `code`, if there, and its pictures' files after commit."""
    meeting = meeting_by_code(code)
    if meeting is None:
        return False
    names = [
        name
        for picture in CardImage.objects.filter(card__item__meeting=meeting)
        for name in (picture.image.name, picture.thumbnail.name)
    ]
    if apps.is_installed("reports"):
        # A built report's files belong to the meeting too.
        for build in meeting.report_builds.all():
            names += [entry["name"] for entry in build.files.values()]
    meeting.delete()

    def delete_files():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return True


def finished_meeting_load(*, material, facilitator, today: date_type | None = None) -> Meeting:
    """Build the finished meeting described by `material` (a module such as
    meetings.demo.material), replacing an earlier copy with the same code."""
    check_programme(material.PROGRAMME)
    voice_key.cache_clear()
    spec = material.MEETING
    day = meeting_day(today or timezone.localdate(), spec["days_ago"])
    with transaction.atomic():
        finished_meeting_remove(code=spec["code"])
        meeting = build_meeting(
            facilitator=facilitator, spec=spec, programme=material.PROGRAMME, date=day
        )
        run = _Run(meeting=meeting, material=material, day=day)
        run.everyone_joins()
        run.programme()
        run.date_everything()
        optional = {name: spec[name] for name in meeting_fields_present() if name in spec}
        if optional:
            Meeting.objects.filter(pk=meeting.pk).update(**optional)
    return Meeting.objects.get(pk=meeting.pk)


@dataclass
class _Stamps:
    """Times to give rows once the run is over: model -> field -> pk -> when."""

    times: dict = field(default_factory=dict)

    def set(self, row: models.Model, name: str, when: datetime) -> None:
        self.times.setdefault(type(row), {}).setdefault(name, {})[row.pk] = when

    def apply(self) -> None:
        for model, fields in self.times.items():
            for name, by_pk in fields.items():
                rows = list(model.objects.filter(pk__in=by_pk).only("pk"))
                for row in rows:
                    setattr(row, name, by_pk[row.pk])
                model.objects.bulk_update(rows, [name])


@dataclass
class _Timeline:
    """When each item of the programme started and ended, from the material's timings."""

    starts: dict[int, datetime]
    ends: dict[int, datetime]

    @classmethod
    def of(cls, items: list[ProgrammeItem], run: dict, opened: datetime) -> "_Timeline":
        unknown = {item.title for item in items} ^ set(run)
        if unknown:
            raise ValueError(f"timings and programme differ: {sorted(unknown)}")
        starts, ends = {}, {}
        clock = opened
        for item in items:
            timing = run[item.title]
            if timing.get("skip"):
                continue
            starts[item.pk] = clock
            clock = clock + minutes_seconds(timing["ran"])
            ends[item.pk] = clock
        return cls(starts=starts, ends=ends)


class _Run:
    def __init__(self, *, meeting: Meeting, material, day: date_type):
        self.meeting = meeting
        self.material = material
        self.code = meeting.code
        self.day = day
        self.stamps = _Stamps()
        self.people: list[Participant] = []
        self.cards_by_key: dict[str, Card] = {}
        self.groups_by_key: dict[str, Group] = {}
        self.names: set[str] = set()
        self.items = list(meeting.items.order_by("position", "id"))
        self.opened = self.at(material.OPENED_AT)
        self.timeline = _Timeline.of(self.items, material.RUN, self.opened)

    def rng(self, purpose: str) -> random.Random:
        return random.Random(f"{self.code}:{purpose}")

    def at(self, clock: str) -> datetime:
        parts = [int(part) for part in clock.split(":")]
        moment = datetime(self.day.year, self.day.month, self.day.day, *parts)
        return timezone.make_aware(moment)

    # --- People -----------------------------------------------------------------------

    def everyone_joins(self) -> None:
        material = self.material
        rng = self.rng("people")
        used = self.names
        people = []
        for organisation, count, names in material.ORGANISATIONS:
            for _ in range(count):
                people.append({"organisation": organisation, "name": self.name(rng, names, used)})
        for site in material.LOCAL_SITES:
            people.append(
                {
                    "organisation": site["organisation"],
                    "name": site["name"],
                    "is_local_site": True,
                    "head_count": site["heads"],
                }
            )
        rng.shuffle(people)
        earliest = self.opened - timedelta(minutes=material.JOINED_OVER_MINUTES - 5)
        seconds = material.JOINED_OVER_MINUTES * 60
        offsets = sorted(rng.randrange(seconds) for _ in people)
        for person, offset in zip(people, offsets, strict=True):
            participant = self.join(person)
            self.people.append(participant)
            self.stamps.set(participant, "joined_at", earliest + timedelta(seconds=offset))

    def name(self, rng: random.Random, names: str, used: set[str]) -> str:
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES[names])}"
            if name not in used:
                used.add(name)
                return name

    def join(self, person: dict) -> Participant:
        organisation = person["organisation"]
        is_other = organisation_resolve(organisation) is None
        return participant_join(meeting=self.meeting, organisation_is_other=is_other, **person)

    # --- The programme ----------------------------------------------------------------

    def programme(self) -> None:
        material = self.material
        meeting = meeting_start(meeting=self.meeting)
        running = [item for item in self.items if not material.RUN[item.title].get("skip")]
        for index, item in enumerate(running):
            meeting.refresh_from_db()
            assert meeting.current_item_id == item.pk, (item.title, meeting.current_item_id)
            timing = material.RUN[item.title]
            if item.title in material.RECORDING_ON:
                meeting = recording_set(meeting=meeting, recording=True)
            if item.title in material.RECORDING_OFF:
                meeting = recording_set(meeting=meeting, recording=False)
            for announcement in material.ANNOUNCEMENTS:
                if announcement["during"] == item.title:
                    posted = announcement_post(
                        meeting=meeting, text=announcement["text"], author=None
                    )
                    self.stamps.set(posted, "created_at", self.during(item, announcement["after"]))
            if item.kind == ProgrammeItem.Kind.GROUP_SESSION:
                self.group_session(item)
            elif item.kind == ProgrammeItem.Kind.REPORT_BACK:
                self.report_back(item)
            elif item.kind == ProgrammeItem.Kind.BREAK:
                self.leave(item)
            if timing.get("extend"):
                meeting = item_extend(meeting=meeting, minutes=timing["extend"])
            # An item the facilitator left out is skipped before its turn comes.
            position = self.items.index(item)
            for following in self.items[position + 1 :]:
                if not material.RUN[following.title].get("skip"):
                    break
                meeting = item_skip(meeting=meeting, item=following)
            if index + 1 < len(running):
                meeting = programme_advance(meeting=meeting, expected_item_id=item.pk)
            else:
                meeting = meeting_end(meeting=meeting)
        for item in self.items:
            if item.kind == ProgrammeItem.Kind.GROUP_SESSION:
                wall_share(item=item, enabled=True)
        self.meeting = meeting

    def during(self, item: ProgrammeItem, after: str) -> datetime:
        return self.timeline.starts[item.pk] + minutes_seconds(after)

    def leave(self, item: ProgrammeItem) -> None:
        rng = self.rng(f"leave:{item.pk}")
        for index in self.material.LEAVERS:
            participant = self.people[index]
            participant_leave(participant=participant)
            moment = self.during(item, f"{rng.randrange(1, 8)}:{rng.randrange(60)}")
            self.stamps.set(participant, "left_at", moment)

    # --- Group sessions ---------------------------------------------------------------

    def group_session(self, item: ProgrammeItem) -> None:
        session = self.material.SESSIONS[item.title]
        start, end = self.timeline.starts[item.pk], self.timeline.ends[item.pk]
        groups_form(
            item=item,
            strategy=session["strategy"],
            target_size=session["target_size"],
            seed=session["seed"],
        )
        self.stamps.set(
            GroupPlan.objects.get(item=item), "formed_at", start + timedelta(seconds=40)
        )
        roles_assign(item=item, rotate=session["rotate_roles"], seed=session["seed"])
        for late in self.material.LATE_JOINERS:
            if late["during"] != item.title:
                continue
            # Joining while the session runs places them in the smallest group.
            name = self.name(self.rng(f"late:{len(self.people)}"), late["names"], self.names)
            participant = self.join({"organisation": late["organisation"], "name": name})
            self.people.append(participant)
            self.stamps.set(participant, "joined_at", self.during(item, late["after"]))
        groups = list(item.groups.prefetch_related("memberships__participant").order_by("number"))
        specs = session["cards"]
        placed = match_cards(specs, [GroupOrganisations.of(group) for group in groups])
        rng = self.rng(f"cards:{item.pk}")
        moderation = []
        for spec, index in zip(specs, placed, strict=True):
            group = groups[index]
            card = self.write_card(item, group, spec, start, end, rng)
            self.cards_by_key[spec["key"]] = card
            self.groups_by_key[spec["key"]] = group
            moderation.append((card, spec))
        wall_lock(item=item, locked=True)
        for card, spec in moderation:
            if spec.get("pinned") or spec.get("hidden_reason") or spec.get("comment"):
                card_moderate(
                    card=card,
                    pinned=bool(spec.get("pinned")),
                    hidden=bool(spec.get("hidden_reason")),
                    hidden_reason=spec.get("hidden_reason", ""),
                    comment=spec.get("comment", ""),
                )

    def write_card(self, item, group, spec, start, end, rng) -> Card:
        members = list(group.memberships.select_related("participant").order_by("id"))
        writer = self.note_taker(group, members, spec)
        versions = [*spec.get("drafts", []), spec]
        length = end - start
        # The first words go on the card a third of the way in; the last a few minutes
        # before the end.
        first = start + length / 3 + timedelta(seconds=rng.randrange(120))
        last = end - timedelta(seconds=rng.randrange(60, 200))
        step = (last - first) / max(1, len(versions) - 1)
        card = card_for(group)
        for number, version in enumerate(versions):
            author = self.author(members, writer, version.get("by", "note_taker"))
            moment = first + step * number if len(versions) > 1 else last
            if version is spec:
                for drawing in spec.get("pictures", []):
                    picture = card_image_add(
                        card=card,
                        data=pictures.draw(drawing, seed=f"{self.code}:{spec['key']}"),
                        alt=drawing["alt"],
                        author=writer.participant,
                    )
                    self.stamps.set(picture, "created_at", moment - timedelta(seconds=50))
            card = card_save(
                card=card,
                base_version=card.version,
                heading=version.get("heading", spec["heading"]),
                body=version["body"],
                question_numbers=version.get("questions", spec["questions"]),
                author=author.participant,
            )
            saved = card.versions.get(version=card.version)
            self.stamps.set(saved, "created_at", moment)
        self.stamps.set(card, "updated_at", moment)
        return card

    def note_taker(self, group: Group, members: list[Membership], spec: dict) -> Membership:
        """The member who writes the card: someone of the card's own organisation (its local
        site if the card comes from one), given the note-taker's role.

        The facilitator's manual adjustment after roles_assign: two roles change hands
        within the group.
        """
        wanted = [voice_key(voice) for voice in spec.get("voices", [])]
        chosen = None
        if wanted:
            candidates = [m for m in members if organisation_key(m.participant) == wanted[0]]
            if spec.get("site"):
                candidates = [m for m in candidates if m.participant.is_local_site] or candidates
            chosen = candidates[0] if candidates else None
        current = next((m for m in members if m.role == Role.NOTE_TAKER), None)
        if chosen is None:
            chosen = current or members[0]
        if chosen.role == Role.NOTE_TAKER:
            return chosen
        # The chosen member's own role goes to the note-taker it replaces, else to someone
        # without a role; in a group of two (a local site and one more) the moderator's
        # role matters more than the timekeeper's.
        previous = chosen.role
        heir = current or next((m for m in members if not m.role and m is not chosen), None)
        if heir is None and previous == Role.MODERATOR:
            heir = next((m for m in members if m.role == Role.TIMEKEEPER), None)
        changed = [m for m in (chosen, heir) if m is not None]
        Membership.objects.filter(pk__in=[m.pk for m in changed]).update(role="")
        if heir is not None and previous:
            heir.role = previous
            heir.save(update_fields=["role"])
        chosen.role = Role.NOTE_TAKER
        chosen.save(update_fields=["role"])
        return chosen

    def author(self, members: list[Membership], writer: Membership, by: str) -> Membership:
        """Who saved a version: the note-taker, the member with role `by`, or ("member")
        someone without a role."""
        if by == "note_taker":
            return writer
        others = list(
            Membership.objects.filter(pk__in=[m.pk for m in members])
            .exclude(pk=writer.pk)
            .select_related("participant")
            .order_by("id")
        )
        wanted = "" if by == "member" else by
        return next((m for m in others if m.role == wanted), others[0] if others else writer)

    # --- Report-back ------------------------------------------------------------------

    def report_back(self, item: ProgrammeItem) -> None:
        plan = self.material.REPORT_BACKS.get(item.title)
        if not plan:
            return
        numbers = [self.groups_by_key[key].number for key in plan["cards"]]
        slots = report_pick(item=item, group_numbers=numbers, seconds=plan["seconds"])
        for _ in range(len(slots) + 1):
            report_next(item=item)
        rng = self.rng(f"report:{item.pk}")
        moment = self.timeline.starts[item.pk] + timedelta(seconds=45)
        for slot in slots:
            self.stamps.set(slot, "started_at", moment)
            moment += timedelta(seconds=plan["seconds"] + rng.randrange(-35, 30))

    # --- Dating -----------------------------------------------------------------------

    def date_everything(self) -> None:
        for item in self.items:
            if item.pk in self.timeline.starts:
                self.stamps.set(item, "started_at", self.timeline.starts[item.pk])
                self.stamps.set(item, "finished_at", self.timeline.ends[item.pk])
        first, last = min(self.timeline.starts.values()), max(self.timeline.ends.values())
        self.stamps.set(self.meeting, "started_at", first)
        self.stamps.set(self.meeting, "ended_at", last)
        # Built some weeks before the day, as a facilitator would.
        self.stamps.set(self.meeting, "created_at", self.at("13:05") - timedelta(days=24))
        self.stamps.apply()


# --- Matching cards to groups ---------------------------------------------------------


def organisation_key(participant: Participant) -> str:
    return participant.organisation.casefold()


@functools.cache
def voice_key(voice: str) -> str:
    """The organisation a card speaks for, as the register names it (the register is the
    same throughout one load)."""
    match = organisation_resolve(voice)
    return (match.display_name if match else voice).casefold()


@dataclass(frozen=True)
class GroupOrganisations:
    organisations: frozenset[str]
    sites: frozenset[str]  # organisations with a local site in the group

    @classmethod
    def of(cls, group: Group) -> "GroupOrganisations":
        members = [m.participant for m in group.memberships.all()]
        return cls(
            organisations=frozenset(organisation_key(p) for p in members),
            sites=frozenset(organisation_key(p) for p in members if p.is_local_site),
        )


def card_fits(spec: dict, group: GroupOrganisations) -> int:
    """How many of the card's voices the group has (a site's card needs the site)."""
    voices = [voice_key(voice) for voice in spec.get("voices", [])]
    if spec.get("site") and voices and voices[0] not in group.sites:
        return 0
    return sum(1 for voice in voices if voice in group.organisations)


def match_cards(specs: list[dict], groups: list[GroupOrganisations]) -> list[int]:
    """A group index for each card, each group once: every card in a group that has all
    the organisations it speaks for where possible, then the best left (Kuhn's matching)."""
    if len(specs) != len(groups):
        raise ValueError(f"{len(specs)} cards for {len(groups)} groups")
    full = [
        [
            g
            for g, group in enumerate(groups)
            if card_fits(spec, group) == len(spec.get("voices", []))
        ]
        for spec in specs
    ]
    owner: dict[int, int] = {}  # group -> card

    def place(card: int, seen: set[int]) -> bool:
        for group in full[card]:
            if group in seen:
                continue
            seen.add(group)
            if group not in owner or place(owner[group], seen):
                owner[group] = card
                return True
        return False

    # The most demanding cards first: those that fit the fewest groups.
    for card in sorted(range(len(specs)), key=lambda c: (len(full[c]), c)):
        place(card, set())
    placed = {card: group for group, card in owner.items()}
    free = [g for g in range(len(groups)) if g not in owner]
    for card in range(len(specs)):
        if card not in placed:
            best = max(free, key=lambda g: (card_fits(specs[card], groups[g]), -g))
            free.remove(best)
            placed[card] = best
    return [placed[card] for card in range(len(specs))]
