"""groups.formation: the pure group-forming algorithm, checked over many generated meetings.

No database: these tests only build Units.
"""

import random
from collections import Counter

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from groups import formation
from groups.formation import (
    FormationError,
    Sizes,
    Strategy,
    Unit,
    diversity,
    form_groups,
    group_count,
    place_late_joiner,
    sizes_for,
)

# Realistic organisations with their counties; "" where the county is unknown or national.
ORGANISATIONS = [
    ("porsgrunn kommune", "40"),
    ("skien kommune", "40"),
    ("bamble kommune", "40"),
    ("larvik kommune", "39"),
    ("sandefjord kommune", "39"),
    ("tønsberg kommune", "39"),
    ("vestfold og telemark fylkeskommune", "40"),
    ("oslo kommune", "03"),
    ("bergen kommune", "46"),
    ("voss herad", "46"),
    ("stord kommune", "46"),
    ("trondheim kommune", "50"),
    ("steinkjer kommune", "50"),
    ("røros kommune", "50"),
    ("stavanger kommune", "11"),
    ("sandnes kommune", "11"),
    ("kristiansand kommune", "42"),
    ("arendal kommune", "42"),
    ("tromsø kommune", "55"),
    ("alta kommune", "56"),
    ("bodø kommune", "18"),
    ("lillehammer kommune", "34"),
    ("hamar kommune", "34"),
    ("drammen kommune", "33"),
    ("bærum kommune", "32"),
    ("fredrikstad kommune", "31"),
    ("ålesund kommune", "15"),
    ("molde kommune", "15"),
    ("ks", ""),
    ("helsedirektoratet", ""),
]


@st.composite
def meetings(draw, *, sites=True, max_units=120):
    """A list of units: remote participants of weight 1 and, optionally, local sites."""
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(ORGANISATIONS) - 1),
                st.integers(2, 8) if sites else st.just(1),
                st.booleans() if sites else st.just(False),
            ),
            min_size=0,
            max_size=max_units,
        )
    )
    units = []
    for index, (org, head_count, site) in enumerate(rows):
        # About one unit in eight is a local site (booleans draw half; halve again).
        is_site = site and index % 4 == 0
        name, county = ORGANISATIONS[org]
        units.append(
            Unit(
                id=1000 + index * 7,  # ids need not be dense
                organisation=name,
                county=county,
                weight=head_count if is_site else 1,
                is_local_site=is_site,
            )
        )
    return units


@st.composite
def group_sizes(draw):
    target = draw(st.integers(3, 12))
    minimum = draw(st.integers(2, target))
    maximum = draw(st.integers(target, target + 4))
    return Sizes(target=target, minimum=minimum, maximum=maximum)


strategies = st.sampled_from(list(Strategy))
seeds = st.integers(0, 2**32)


def weight(group):
    return sum(u.weight for u in group)


def ids(groups):
    return sorted(u.id for g in groups for u in g)


def canonical(groups):
    return [[u.id for u in g] for g in groups]


def population(rng, *, people=200, organisations=30):
    """A fixed, skewed meeting: organisation i has about 1/(i+1) of the weight."""
    shares = [1 / (i + 1) for i in range(organisations)]
    units = []
    for number in range(people):
        org = rng.choices(range(organisations), weights=shares)[0]
        name, county = ORGANISATIONS[org]
        units.append(Unit(id=number + 1, organisation=name, county=county))
    return units


# --- every strategy ------------------------------------------------------------------------


@given(meetings(), strategies, group_sizes(), seeds)
def test_form_groups_places_everyone_once_within_maximum(units, strategy, sizes, seed):
    total = sum(u.weight for u in units)
    assume(total >= sizes.minimum)
    groups = form_groups(units, strategy, sizes, seed)
    assert ids(groups) == sorted(u.id for u in units)
    assert all(groups), "no empty group"
    for group in groups:
        # Only a single unit heavier than the maximum may exceed it, and it stands alone.
        assert weight(group) <= sizes.maximum or len(group) == 1


@given(meetings(), strategies, group_sizes(), seeds)
def test_form_groups_balanced_within_heaviest_unit(units, strategy, sizes, seed):
    assume(sum(u.weight for u in units) >= sizes.minimum)
    groups = form_groups(units, strategy, sizes, seed)
    # Groups of one unit heavier than the maximum stand apart; the rest are balanced.
    weights = [weight(g) for g in groups if weight(g) <= sizes.maximum]
    heaviest = max((u.weight for u in units if u.weight <= sizes.maximum), default=1)
    if weights:
        assert max(weights) - min(weights) <= max(1, heaviest)


@given(meetings(sites=False), strategies, group_sizes(), seeds)
def test_form_groups_within_sizes_when_weights_are_one(units, strategy, sizes, seed):
    total = len(units)
    # The precondition: some number of groups holds everyone within the sizes.
    assume(total >= sizes.minimum)
    assume(-(-total // sizes.maximum) <= total // sizes.minimum)
    groups = form_groups(units, strategy, sizes, seed)
    weights = [weight(g) for g in groups]
    assert len(groups) == group_count(total, sizes)
    assert all(sizes.minimum <= w <= sizes.maximum for w in weights)
    assert max(weights) - min(weights) <= 1


@given(meetings(), strategies, group_sizes(), seeds)
def test_form_groups_within_sizes_when_local_sites_fit(units, strategy, sizes, seed):
    total = sum(u.weight for u in units)
    assume(total >= sizes.minimum)
    assume(-(-total // sizes.maximum) <= total // sizes.minimum)
    count = group_count(total, sizes)
    # The precondition with local sites: each fits a level group, one per group at most.
    assume(all(u.weight <= total // count for u in units))
    if strategy is Strategy.LOCAL_SITES:
        assume(sum(u.weight > 1 or u.is_local_site for u in units) <= count)
    else:
        assume(sum(u.weight > 1 for u in units) <= count)
    groups = form_groups(units, strategy, sizes, seed)
    weights = [weight(g) for g in groups]
    assert len(groups) == count
    assert all(sizes.minimum <= w <= sizes.maximum for w in weights)
    assert max(weights) - min(weights) <= 1


@given(meetings(), strategies, group_sizes(), seeds, st.randoms(use_true_random=False))
def test_form_groups_same_seed_same_groups_in_any_order(units, strategy, sizes, seed, shuffler):
    assume(sum(u.weight for u in units) >= sizes.minimum)
    first = form_groups(units, strategy, sizes, seed)
    shuffled = list(units)
    shuffler.shuffle(shuffled)
    assert canonical(form_groups(shuffled, strategy, sizes, seed)) == canonical(first)


@pytest.mark.parametrize("strategy", list(Strategy))
def test_form_groups_different_seeds_usually_differ(strategy):
    units = population(random.Random(7))
    results = {
        tuple(map(tuple, canonical(form_groups(units, strategy, sizes_for(8), seed))))
        for seed in range(10)
    }
    assert len(results) >= 8


def test_form_groups_unit_heavier_than_maximum_alone():
    big = Unit(id=1, organisation="oslo kommune", county="03", weight=9, is_local_site=True)
    others = [Unit(id=i, organisation="ks", county="") for i in range(2, 9)]
    for strategy in Strategy:
        groups = form_groups([big, *others], strategy, sizes_for(4), seed=1)
        assert [big] in groups
        assert all(weight(g) <= 5 for g in groups if g != [big])


@pytest.mark.parametrize("strategy", list(Strategy))
def test_form_groups_local_sites_never_split(strategy):
    # Sites are units: whatever happens, each appears whole, in one group.
    units = [
        Unit(id=i, organisation=ORGANISATIONS[i % 5][0], county="40", weight=5, is_local_site=True)
        for i in range(6)
    ] + [Unit(id=100 + i, organisation="ks", county="") for i in range(3)]
    groups = form_groups(units, strategy, sizes_for(6), seed=3)
    placed = [u for g in groups for u in g]
    assert sorted(placed, key=lambda u: u.id) == sorted(units, key=lambda u: u.id)
    assert all(weight(g) <= 7 for g in groups)


def test_form_groups_too_few_raises():
    for units in ([], [Unit(id=1, organisation="ks", county="")] * 1):
        with pytest.raises(FormationError) as raised:
            form_groups(units, Strategy.MIXED, sizes_for(4), seed=1)
        assert raised.value.code == "too_few"
    three = [Unit(id=i, organisation="ks", county="") for i in range(3)]
    with pytest.raises(FormationError) as raised:
        form_groups(three, Strategy.RANDOM, sizes_for(5, minimum=4), seed=1)
    assert raised.value.code == "too_few"
    assert raised.value.params == {"people": 3, "minimum": 4}


def test_form_groups_few_people_one_group():
    # Exactly the minimum forms one group, even if below target.
    units = [Unit(id=i, organisation="ks", county="") for i in range(3)]
    assert canonical(form_groups(units, Strategy.MIXED, sizes_for(4), seed=1)) == [[0, 1, 2]]


def test_form_groups_no_count_fits_stays_below_maximum():
    # Five people, sizes 3–4: no split fits, so groups stay under the maximum (3 + 2).
    units = [Unit(id=i, organisation="ks", county="") for i in range(5)]
    groups = form_groups(units, Strategy.RANDOM, Sizes(target=4, minimum=3, maximum=4), seed=1)
    assert sorted(weight(g) for g in groups) == [2, 3]


def test_form_groups_duplicate_ids_rejected():
    unit = Unit(id=1, organisation="ks", county="")
    with pytest.raises(ValueError, match="twice"):
        form_groups([unit, unit, unit], Strategy.RANDOM, sizes_for(2), seed=1)


def test_form_groups_accepts_strategy_value():
    units = population(random.Random(1), people=20)
    assert form_groups(units, "mixed", sizes_for(5), 4) == form_groups(
        units, Strategy.MIXED, sizes_for(5), 4
    )


def test_form_groups_two_thousand_mixed_looks_at_a_few_groups_per_person(monkeypatch):
    """The work grows with the people, not with people times groups: each person is held
    against at most the look-ahead's groups (speed itself: bench/formation.py)."""
    looked_at = []
    clash = formation._State.clash

    def counted(state, group, unit):
        looked_at.append(unit.id)
        return clash(state, group, unit)

    monkeypatch.setattr(formation._State, "clash", counted)
    units = population(random.Random(3), people=2000)

    groups = form_groups(units, Strategy.MIXED, sizes_for(10), seed=1)

    assert len(groups) == 200
    assert ids(groups) == sorted(u.id for u in units)
    assert max(Counter(looked_at).values()) <= formation._LOOKAHEAD
    assert len(looked_at) <= len(units) * formation._LOOKAHEAD


# --- strategies -------------------------------------------------------------------------------


def test_mixed_more_diverse_than_random():
    units = population(random.Random(2024))
    sizes = sizes_for(8)
    mixed = [diversity(form_groups(units, Strategy.MIXED, sizes, seed)) for seed in range(20)]
    random_ = [diversity(form_groups(units, Strategy.RANDOM, sizes, seed)) for seed in range(20)]
    mean_mixed, mean_random = sum(mixed) / 20, sum(random_) / 20
    assert mean_mixed > mean_random + 0.1, (mean_mixed, mean_random)
    assert min(mixed) > max(random_)


def test_mixed_spreads_counties():
    units = population(random.Random(5))
    groups = form_groups(units, Strategy.MIXED, sizes_for(8), seed=1)
    counties = Counter(u.county for u in units if u.county)
    for county, people in counties.items():
        holding = sum(any(u.county == county for u in g) for g in groups)
        assert holding >= min(people, len(groups)) - 1, county


@given(meetings(sites=False), group_sizes(), seeds)
def test_mixed_spreads_each_organisation_evenly_when_weights_are_one(units, sizes, seed):
    assume(len(units) >= sizes.minimum)
    groups = form_groups(units, Strategy.MIXED, sizes, seed)
    people = Counter(u.organisation for u in units)
    for org, count in people.items():
        # Round-robin dealing: no group holds more than its even share (+1 for wrap seams).
        most = max(sum(u.organisation == org for u in g) for g in groups)
        assert most <= -(-count // len(groups)) + 1, org


def test_same_organisation_keeps_large_organisation_together():
    rng = random.Random(11)
    porsgrunn = [Unit(id=i, organisation="porsgrunn kommune", county="40") for i in range(30)]
    others = [
        Unit(id=100 + i, organisation=name, county=county)
        for i, (name, county) in enumerate(rng.choices(ORGANISATIONS[7:], k=70))
    ]
    for seed in range(10):
        groups = form_groups(porsgrunn + others, Strategy.SAME_ORGANISATION, sizes_for(10), seed)
        holding = [g for g in groups if any(u.organisation == "porsgrunn kommune" for u in g)]
        assert len(holding) == 3
        assert all(all(u.organisation == "porsgrunn kommune" for u in g) for g in holding)


def test_same_organisation_pools_small_organisations_by_county():
    # Three small municipalities per county, four people each: groups of 12 match counties.
    counties = {"40": ["porsgrunn", "skien", "bamble"], "46": ["bergen", "voss", "stord"]}
    units = [
        Unit(id=len(counties) * 100 + c * 50 + m * 10 + p, organisation=name, county=county)
        for c, (county, names) in enumerate(counties.items())
        for m, name in enumerate(names)
        for p in range(4)
    ]
    groups = form_groups(units, Strategy.SAME_ORGANISATION, sizes_for(12), seed=2)
    assert sorted(len({u.county for u in g}) for g in groups) == [1, 1]


def test_same_organisation_local_site_joined_by_own_people():
    site = Unit(id=1, organisation="skien kommune", county="40", weight=4, is_local_site=True)
    skien = [Unit(id=10 + i, organisation="skien kommune", county="40") for i in range(4)]
    others = [
        Unit(id=50 + i, organisation=ORGANISATIONS[8 + i % 10][0], county="") for i in range(8)
    ]
    groups = form_groups([site, *skien, *others], Strategy.SAME_ORGANISATION, sizes_for(8), 5)
    with_site = next(g for g in groups if site in g)
    assert all(u in with_site for u in skien)


@given(meetings(), group_sizes(), seeds)
def test_local_sites_each_in_own_group_when_enough_groups(units, sizes, seed):
    assume(sum(u.weight for u in units) >= sizes.minimum)
    groups = form_groups(units, Strategy.LOCAL_SITES, sizes, seed)
    sites = sum(u.is_local_site for u in units)
    if sites <= len(groups):
        assert all(sum(u.is_local_site for u in g) <= 1 for g in groups)


def test_local_sites_filled_with_remote_participants():
    sites = [
        Unit(
            id=i,
            organisation=ORGANISATIONS[i][0],
            county=ORGANISATIONS[i][1],
            weight=6,
            is_local_site=True,
        )
        for i in range(1, 5)  # skien, bamble, larvik, tønsberg: 1–5 remote people each
    ]
    remote = population(random.Random(9), people=40)
    remote = [Unit(id=100 + u.id, organisation=u.organisation, county=u.county) for u in remote]
    groups = form_groups(sites + remote, Strategy.LOCAL_SITES, sizes_for(10), seed=2)
    assert len(groups) == 6
    for site in sites:
        group = next(g for g in groups if site in g)
        assert weight(group) in (10, 11)  # 64 people in 6 groups
        # Mixed: the site's own organisation is not among its remote companions.
        assert sum(u.organisation == site.organisation for u in group) == 1


# --- sizes -----------------------------------------------------------------------------------


def test_sizes_for_defaults():
    assert sizes_for(10) == Sizes(target=10, minimum=8, maximum=11)
    assert sizes_for(4) == Sizes(target=4, minimum=3, maximum=5)
    assert sizes_for(2) == Sizes(target=2, minimum=2, maximum=3)
    assert sizes_for(100) == Sizes(target=100, minimum=75, maximum=100)
    assert sizes_for(6, minimum=2, maximum=9) == Sizes(target=6, minimum=2, maximum=9)


@pytest.mark.parametrize(
    "target, minimum, maximum",
    [
        (0, None, None),
        (1, None, None),
        (1000, None, None),
        (101, None, None),
        (6, 7, None),  # minimum above target
        (6, None, 5),  # maximum below target
        (6, 8, 4),  # minimum above maximum
        (6, 1, None),  # minimum below 2
        (6, None, 101),
        (-3, None, None),
    ],
)
def test_sizes_for_bad_values_raise(target, minimum, maximum):
    with pytest.raises(FormationError) as raised:
        sizes_for(target, minimum=minimum, maximum=maximum)
    assert raised.value.code == "bad_sizes"


def test_sizes_bad_values_raise_when_built_directly():
    with pytest.raises(FormationError) as raised:
        Sizes(target=5, minimum=6, maximum=4)
    assert raised.value.code == "bad_sizes"


def test_group_count_rounds_within_sizes():
    sizes = sizes_for(10)  # 8–11
    assert group_count(100, sizes) == 10
    assert group_count(104, sizes) == 10
    assert group_count(105, sizes) == 11  # half rounds up
    assert group_count(17, sizes) == 2  # 8 + 9, not one group of 17
    # No count fits 12 within 8–11: two groups of 6 rather than one over the maximum.
    assert group_count(12, sizes) == 2
    assert group_count(8, sizes) == 1


# --- late joiners ----------------------------------------------------------------------------


def _group(*orgs, start=0):
    return [Unit(id=start + i, organisation=org, county="") for i, org in enumerate(orgs)]


def test_place_late_joiner_picks_smallest_fitting_group():
    groups = [
        _group("a", "b", "c"),
        _group("a", "b", start=10),
        _group("c", "d", "e", "f", start=20),
    ]
    joiner = Unit(id=99, organisation="a", county="")
    assert place_late_joiner(groups, joiner, sizes_for(3)) == 1


def test_place_late_joiner_prefers_group_without_organisation_on_tie():
    groups = [_group("a", "b"), _group("c", "d", start=10)]
    joiner = Unit(id=99, organisation="a", county="")
    assert place_late_joiner(groups, joiner, sizes_for(3)) == 1


def test_place_late_joiner_skips_groups_the_unit_would_overfill():
    groups = [_group("a", "b"), _group("c", "d", "e", start=10)]
    site = Unit(id=99, organisation="x", county="", weight=3, is_local_site=True)
    assert place_late_joiner(groups, site, Sizes(target=4, minimum=2, maximum=5)) == 0
    assert place_late_joiner(groups, site, Sizes(target=4, minimum=2, maximum=4)) is None


def test_place_late_joiner_returns_none_when_all_full():
    groups = [_group("a", "b", "c", "d"), _group("e", "f", "g", "h", start=10)]
    joiner = Unit(id=99, organisation="z", county="")
    assert place_late_joiner(groups, joiner, sizes_for(3)) is None
    assert place_late_joiner([], joiner, sizes_for(3)) is None


# --- the metric --------------------------------------------------------------------------------


def test_diversity_measures_distinct_organisations_per_member():
    assert diversity([_group("a", "b"), _group("a", "a", start=10)]) == pytest.approx(0.75)
    assert diversity([]) == 0.0


def test_unit_weight_below_one_rejected():
    with pytest.raises(ValueError):
        Unit(id=1, organisation="ks", county="", weight=0)
