"""Forming dialogue groups from the participants present: a pure, seeded algorithm.

Plain Python with no Django imports, so it can be tested exhaustively and timed on its own.
A *unit* is what gets placed: one remote participant (weight 1) or one local site, several
people in one room on one device, weighing its head count. Units are never split.

Every strategy runs the same three steps, so they share the same size guarantees:

1. Units heavier than ``sizes.maximum`` each form a group of their own (they cannot be
   split, and adding anyone to them would only make them larger).
2. The number of groups ``k`` comes from the remaining weight (`group_count`). The heavy
   units (weight above 1; in LOCAL_SITES every local site) are placed first, each into the
   lightest group (SAME_ORGANISATION first tries a group with its own organisation's site),
   never pushing a group over the maximum (a new group is opened instead).
3. The weight-1 units are the "water" that evens the groups out: each group gets a room
   such that the final weights are as level as possible (`_water_fill`), and the strategy
   only decides *who* fills which room, never how many.

Guarantees, all tested in ``tests/groups/test_formation.py``:

* every unit is placed exactly once, no group is empty, and no group weighs more than
  ``sizes.maximum`` unless it is a single unit heavier than that;
* group weights differ by at most the heaviest unit's weight (groups of a single unit
  heavier than the maximum left aside), so by at most 1 when all units weigh 1;
* let ``W`` be the total weight and ``k = group_count(W, sizes)``. If
  ``ceil(W / maximum) <= floor(W / minimum)`` (some number of groups can hold ``W`` within
  the sizes), every unit weighs at most ``W // k``, and at most ``k`` units weigh more than
  1 (in LOCAL_SITES: at most ``k`` units are local sites or weigh more than 1), then every
  group weighs within ``[minimum, maximum]`` and group weights differ by at most 1. With
  all weights 1 the other conditions hold by themselves, so the first is the whole
  precondition;
* in LOCAL_SITES, no two local sites share a group when there are at least as many
  groups as local sites;
* the same units, strategy, sizes and seed give the same groups, whatever the input order.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from common.errors import DomainError

MAX_GROUP_SIZE = 100

# MIXED looks this many groups ahead in the round-robin for one without the unit's
# organisation or county; a small window keeps the dealing O(units).
_LOOKAHEAD = 8
# Heavy units choose among at most this many equally light groups (diversity tie-break).
_CANDIDATES = 16


@dataclass(frozen=True)
class Unit:
    """One participant, or one local site (several people on one device), to be placed."""

    id: int  # a participant id
    organisation: str  # normalised organisation key, e.g. "porsgrunn kommune"
    county: str  # county key or "" if unknown
    weight: int = 1  # people: a local site weighs its head count
    is_local_site: bool = False

    def __post_init__(self):
        if self.weight < 1:
            raise ValueError(f"unit {self.id} has weight {self.weight}; a unit weighs at least 1")


class Strategy(StrEnum):
    """How participants are spread over the groups."""

    RANDOM = "random"
    MIXED = "mixed"
    SAME_ORGANISATION = "same_organisation"
    LOCAL_SITES = "local_sites"


class FormationError(DomainError, ValueError):
    """Groups cannot be formed. The message is English; callers translate by `code`.

    Codes: ``"too_few"`` (fewer people than the minimum group size) and ``"bad_sizes"``
    (sizes outside ``2 <= minimum <= target <= maximum <= 100``). `params` holds the numbers
    the message mentions, for the translated text.
    """

    def __init__(self, code: str, message: str, **params: int):
        super().__init__(message, code, **params)


@dataclass(frozen=True)
class Sizes:
    """Group sizes in people (unit weights). Validated on creation."""

    target: int
    minimum: int
    maximum: int

    def __post_init__(self):
        values = (self.minimum, self.target, self.maximum)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values) or not (
            2 <= self.minimum <= self.target <= self.maximum <= MAX_GROUP_SIZE
        ):
            raise FormationError(
                "bad_sizes",
                f"group sizes must satisfy 2 <= minimum <= target <= maximum <= "
                f"{MAX_GROUP_SIZE}; got minimum={self.minimum}, target={self.target}, "
                f"maximum={self.maximum}",
                minimum=self.minimum,
                target=self.target,
                maximum=self.maximum,
            )


def sizes_for(target: int, *, minimum: int | None = None, maximum: int | None = None) -> Sizes:
    """Sizes around `target`, defaulting to minimum ``ceil(0.75 * target)`` (at least 2)
    and maximum ``target + 1`` (at most 100).

    Raises FormationError("bad_sizes") unless ``2 <= minimum <= target <= maximum <= 100``.
    """
    if isinstance(target, int) and not isinstance(target, bool):
        if minimum is None:
            # A quarter below target still makes a conversation; less feels like a pair.
            minimum = max(2, (3 * target + 3) // 4)
        if maximum is None:
            maximum = min(MAX_GROUP_SIZE, target + 1)
    return Sizes(target=target, minimum=minimum, maximum=maximum)


def group_count(total_weight: int, sizes: Sizes) -> int:
    """The number of groups for `total_weight` people: ``total / target`` rounded, moved
    into ``[ceil(total / maximum), floor(total / minimum)]`` so sizes stay within bounds.

    When no count fits (e.g. 5 people, sizes 3–4), the smallest count that keeps every group
    within the maximum wins: groups below the minimum are better than groups above the
    maximum. Always at least 1 for a positive total.
    """
    if total_weight <= 0:
        return 0
    fewest = -(-total_weight // sizes.maximum)
    most = total_weight // sizes.minimum
    rounded = (2 * total_weight + sizes.target) // (2 * sizes.target)  # half rounds up
    if fewest <= most:
        return min(max(rounded, fewest), most)
    return fewest


def form_groups(
    units: Sequence[Unit], strategy: Strategy, sizes: Sizes, seed: int
) -> list[list[Unit]]:
    """Place every unit in exactly one group according to `strategy`; see the module
    docstring for the size guarantees.

    RANDOM deals a seeded shuffle. MIXED spreads each county and organisation over as many
    groups as possible. SAME_ORGANISATION keeps an organisation's people together and pools
    the rest by county. LOCAL_SITES gives each local site its own group and fills it with
    remote participants, mixed.

    Groups come back with members sorted by id, ordered by their first member's id.
    Raises FormationError("too_few") when the units weigh less than ``sizes.minimum``.
    """
    strategy = Strategy(strategy)
    # Sorting by id makes the result independent of the caller's order.
    units = sorted(units, key=lambda u: u.id)
    for before, after in zip(units, units[1:], strict=False):
        if before.id == after.id:
            raise ValueError(f"unit id {after.id} appears twice")
    total = sum(u.weight for u in units)
    if total < sizes.minimum:
        raise FormationError(
            "too_few",
            f"{total} people present; a group needs at least {sizes.minimum}",
            people=total,
            minimum=sizes.minimum,
        )

    rng = random.Random(seed)
    groups = [[u] for u in units if u.weight > sizes.maximum]
    rest = [u for u in units if u.weight <= sizes.maximum]
    if rest:
        weight = sum(u.weight for u in rest)
        # More groups than units would leave some empty.
        state = _State(min(group_count(weight, sizes), len(rest)))
        if strategy is Strategy.LOCAL_SITES:
            heavy = [u for u in rest if u.weight > 1 or u.is_local_site]
        else:
            heavy = [u for u in rest if u.weight > 1]
        heavy_ids = {u.id for u in heavy}
        fluid = [u for u in rest if u.id not in heavy_ids]

        if strategy is Strategy.SAME_ORGANISATION:
            _same_organisation(state, heavy, fluid, sizes, weight, rng)
        else:
            _place_heavy(state, heavy, sizes, rng, diverse=strategy is not Strategy.RANDOM)
            rooms = _water_fill(state.loads, len(fluid), rng)
            if strategy is Strategy.RANDOM:
                _deal_random(state, fluid, rooms, rng)
            else:
                _deal_mixed(state, fluid, rooms, rng)
        groups.extend(members for members in state.members if members)

    for members in groups:
        members.sort(key=lambda u: u.id)
    groups.sort(key=lambda members: members[0].id)
    return groups


def place_late_joiner(groups: list[list[Unit]], unit: Unit, sizes: Sizes) -> int | None:
    """Index of the group a late joiner should join, or None if none can take them.

    The lightest group (by weight) that stays within ``sizes.maximum`` with the unit; among
    equally light groups, the one with fewest of the unit's organisation, then county, then
    the lowest index. Does not modify `groups`.
    """
    best = None
    best_key = None
    for index, members in enumerate(groups):
        weight = sum(u.weight for u in members)
        if weight + unit.weight > sizes.maximum:
            continue
        same_org = sum(1 for u in members if u.organisation == unit.organisation)
        same_county = sum(1 for u in members if u.county == unit.county) if unit.county else 0
        key = (weight, same_org, same_county)
        if best_key is None or key < best_key:
            best, best_key = index, key
    return best


def diversity(groups: Sequence[Sequence[Unit]]) -> float:
    """Mean over groups of (distinct organisations / members), members counted as units.

    1.0 means nobody shares a group with someone from their own organisation; 0.0 for no
    groups. Empty groups are ignored.
    """
    ratios = [len({u.organisation for u in g}) / len(g) for g in groups if g]
    return sum(ratios) / len(ratios) if ratios else 0.0


# --- internals ---------------------------------------------------------------------------


class _State:
    """Groups being built, with the weights and counts the strategies look at."""

    __slots__ = ("members", "loads", "orgs", "counties")

    def __init__(self, count: int):
        self.members: list[list[Unit]] = [[] for _ in range(count)]
        self.loads: list[int] = [0] * count
        self.orgs: list[dict[str, int]] = [{} for _ in range(count)]
        self.counties: list[dict[str, int]] = [{} for _ in range(count)]

    def new_group(self) -> int:
        self.members.append([])
        self.loads.append(0)
        self.orgs.append({})
        self.counties.append({})
        return len(self.members) - 1

    def add(self, group: int, unit: Unit) -> None:
        self.members[group].append(unit)
        self.loads[group] += unit.weight
        orgs = self.orgs[group]
        orgs[unit.organisation] = orgs.get(unit.organisation, 0) + 1
        if unit.county:
            counties = self.counties[group]
            counties[unit.county] = counties.get(unit.county, 0) + 1

    def clash(self, group: int, unit: Unit) -> tuple[int, int]:
        """How many of the unit's organisation and county the group already has."""
        county = self.counties[group].get(unit.county, 0) if unit.county else 0
        return self.orgs[group].get(unit.organisation, 0), county


class _LightestGroups:
    """A min-heap of groups by weight with lazy deletion (weights only grow)."""

    def __init__(self, state: _State, rng: random.Random):
        self.state = state
        self.rng = rng
        # A random tie-break per group so equally light groups are taken in seeded order.
        self.heap = [(load, rng.random(), g) for g, load in enumerate(state.loads)]
        heapq.heapify(self.heap)

    def push(self, group: int) -> None:
        heapq.heappush(self.heap, (self.state.loads[group], self.rng.random(), group))

    def pop_lightest(self, limit: int, load: int | None = None) -> list[int]:
        """Up to `limit` groups sharing the lowest weight, or only groups weighing `load`
        if given (removed; push back the unused)."""
        loads = self.state.loads
        found: list[int] = []
        while self.heap and len(found) < limit:
            weight, _, group = self.heap[0]
            if weight != loads[group] or group in found:
                heapq.heappop(self.heap)  # stale entry
                continue
            if load is None:
                load = weight
            if weight != load:
                break
            heapq.heappop(self.heap)
            found.append(group)
        return found


def _place_heavy(
    state: _State, heavy: list[Unit], sizes: Sizes, rng: random.Random, *, diverse: bool
) -> None:
    """Largest first into the lightest group (LPT), opening a group rather than exceed
    the maximum. With `diverse`, equally light groups are told apart by how many of the
    unit's organisation and county they hold."""
    rng.shuffle(heavy)
    heavy.sort(key=lambda u: -u.weight)  # stable: equal weights stay in shuffled order
    lightest = _LightestGroups(state, rng)
    for unit in heavy:
        candidates = lightest.pop_lightest(1)
        if diverse and candidates and state.clash(candidates[0], unit) != (0, 0):
            # Only when the lightest clashes: look at other groups just as light.
            load = state.loads[candidates[0]]
            candidates += lightest.pop_lightest(_CANDIDATES - 1, load)
        if not candidates or state.loads[candidates[0]] + unit.weight > sizes.maximum:
            chosen = state.new_group()
        elif diverse:
            chosen = min(candidates, key=lambda g: state.clash(g, unit))
        else:
            chosen = candidates[0]
        state.add(chosen, unit)
        for group in candidates:
            if group != chosen:
                lightest.push(group)
        lightest.push(chosen)


def _water_fill(loads: list[int], fluid: int, rng: random.Random) -> list[int]:
    """Rooms (in weight-1 units) per group that make the final weights as level as
    possible: lighter groups are raised to a common level, a seeded few get one more."""
    count = len(loads)
    if count == 0:
        return []
    order = sorted(range(count), key=loads.__getitem__)
    level = loads[order[0]]
    budget = fluid
    raised = 0  # groups order[:raised] are at `level`
    while True:
        while raised < count and loads[order[raised]] <= level:
            raised += 1
        if raised == count:
            step = budget // raised
        else:
            step = min(budget // raised, loads[order[raised]] - level)
        level += step
        budget -= step * raised
        if raised == count or budget < raised or level < loads[order[raised]]:
            break
    rooms = [max(0, level - load) for load in loads]
    for group in rng.sample(order[:raised], budget):
        rooms[group] += 1
    return rooms


def _deal_random(state: _State, fluid: list[Unit], rooms: list[int], rng: random.Random):
    """Shuffle and fill the groups one after the other."""
    rng.shuffle(fluid)
    order = list(range(len(rooms)))
    rng.shuffle(order)
    position = 0
    for group in order:
        for unit in fluid[position : position + rooms[group]]:
            state.add(group, unit)
        position += rooms[group]


def _rank(keys: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Rank keys by count, largest first; seeded order among equal counts. An empty key
    (unknown county) goes last: it is not a real county to spread or pool by."""
    names = sorted(keys)
    rng.shuffle(names)
    names.sort(key=lambda name: (name == "", -keys[name]))
    return {name: rank for rank, name in enumerate(names)}


def _counts(units: list[Unit], attribute: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for unit in units:
        key = getattr(unit, attribute)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _deal_mixed(state: _State, fluid: list[Unit], rooms: list[int], rng: random.Random):
    """Deal round-robin a list sorted into county blocks and, within them, organisation
    blocks: consecutive units land in different groups, so every organisation and county
    is spread over as many groups as its size allows. A short look-ahead skips groups that
    already hold the unit's organisation or county (local sites, wrap-arounds)."""
    county_rank = _rank(_counts(fluid, "county"), rng)
    org_rank = _rank(_counts(fluid, "organisation"), rng)
    rng.shuffle(fluid)
    fluid.sort(key=lambda u: (county_rank[u.county], org_rank[u.organisation]))

    order = [g for g in range(len(rooms)) if rooms[g] > 0]
    rng.shuffle(order)
    turn = deque(order)
    rooms = list(rooms)
    for unit in fluid:
        chosen_at = 0
        best = state.clash(turn[0], unit)
        if best != (0, 0):
            for at in range(1, min(_LOOKAHEAD, len(turn))):
                clash = state.clash(turn[at], unit)
                if clash < best:
                    chosen_at, best = at, clash
                    if clash == (0, 0):
                        break
        group = turn[chosen_at]
        del turn[chosen_at]
        state.add(group, unit)
        rooms[group] -= 1
        if rooms[group]:
            turn.append(group)  # its next turn comes after every other open group


def _same_organisation(
    state: _State,
    heavy: list[Unit],
    fluid: list[Unit],
    sizes: Sizes,
    weight: int,
    rng: random.Random,
) -> None:
    """Keep organisations together ("dialog lokalt").

    Local sites join a group of their own organisation while it stays at or below the
    level size, else the lightest group. Then each organisation, largest first, fills the
    rooms beside its local sites, then takes whole fresh groups whose rooms add up to at
    most its people. What is left is pooled by county (largest first), then organisation,
    and poured into the remaining rooms in that order, so the rest mixes only at the seams.
    """
    level = weight // len(state.loads)
    totals: dict[str, int] = {}
    for unit in heavy + fluid:
        totals[unit.organisation] = totals.get(unit.organisation, 0) + unit.weight
    org_rank = _rank(totals, rng)

    rng.shuffle(heavy)
    heavy.sort(key=lambda u: (org_rank[u.organisation], -u.weight))
    lightest = _LightestGroups(state, rng)
    sites_of: dict[str, dict[int, None]] = {}  # organisation -> its site groups, in order
    # organisation -> room left below `level` -> its groups with that room (stale entries are
    # skipped): the fullest group that fits is found in at most `level` steps.
    joinable: dict[str, dict[int, list[int]]] = {}
    for unit in heavy:
        by_room = joinable.setdefault(unit.organisation, {})
        chosen = None
        for room in range(unit.weight, level + 1):
            groups = by_room.get(room)
            while groups and chosen is None:
                group = groups.pop()
                if level - state.loads[group] == room:
                    chosen = group
            if chosen is not None:
                break
        if chosen is None:
            candidates = lightest.pop_lightest(1)
            if not candidates or state.loads[candidates[0]] + unit.weight > sizes.maximum:
                chosen = state.new_group()
                for group in candidates:
                    lightest.push(group)
            else:
                chosen = candidates[0]
            sites_of.setdefault(unit.organisation, {})[chosen] = None
        state.add(chosen, unit)
        lightest.push(chosen)
        room = level - state.loads[chosen]
        if room >= 2:  # heavy units weigh at least 2
            by_room.setdefault(room, []).append(chosen)

    rooms = _water_fill(state.loads, len(fluid), rng)
    rng.shuffle(fluid)
    remaining: dict[str, list[Unit]] = {}
    for unit in fluid:
        remaining.setdefault(unit.organisation, []).append(unit)
    orgs = sorted(remaining, key=org_rank.__getitem__)

    def take(org: str, group: int, count: int) -> None:
        people = remaining[org]
        for unit in people[len(people) - count :]:
            state.add(group, unit)
        del people[len(people) - count :]
        rooms[group] -= count

    # Beside the organisation's own local sites.
    for org in orgs:
        for group in sorted(sites_of.get(org, ()), key=lambda g: -rooms[g]):
            take(org, group, min(rooms[group], len(remaining[org])))

    # Whole groups. Fresh groups all have room `low` or `low + 1` (water-filled from 0).
    fresh = [g for g in range(len(rooms)) if not state.members[g] and rooms[g] > 0]
    if fresh:
        low = min(rooms[g] for g in fresh)
        lows = [g for g in fresh if rooms[g] == low]
        highs = [g for g in fresh if rooms[g] > low]
        for org in orgs:
            people = len(remaining[org])
            for count in range(min(people // low, len(lows) + len(highs)), 0, -1):
                # `high` of the groups get one more; use as many as fit to place the most.
                high = min(count, len(highs), people - count * low)
                if count - high <= len(lows):
                    for _ in range(count - high):
                        group = lows.pop()
                        take(org, group, rooms[group])
                    for _ in range(high):
                        group = highs.pop()
                        take(org, group, rooms[group])
                    break

    # The pool: by county, then organisation, poured into the largest rooms first.
    pool = [unit for org in orgs for unit in remaining[org]]
    county_rank = _rank(_counts(pool, "county"), rng)
    pool.sort(key=lambda u: (county_rank[u.county], org_rank[u.organisation]))
    open_groups = sorted((g for g in range(len(rooms)) if rooms[g] > 0), key=lambda g: -rooms[g])
    position = 0
    for group in open_groups:
        for unit in pool[position : position + rooms[group]]:
            state.add(group, unit)
        position += rooms[group]
        rooms[group] = 0
